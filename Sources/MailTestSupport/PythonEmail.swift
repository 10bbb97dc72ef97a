import Foundation

/// A message as Python 3's `email` package (`policy.default`) reads it: an independent,
/// strict parser to hold the renderer to.
public struct ParsedEmail: Decodable, Sendable {
    public struct Mailbox: Decodable, Sendable, Hashable {
        public let displayName: String
        public let address: String

        public init(displayName: String, address: String) {
            self.displayName = displayName
            self.address = address
        }

        enum CodingKeys: String, CodingKey {
            case displayName = "display_name", address
        }
    }

    /// Every header field name in order, as the parser saw them.
    public let headerNames: [String]
    /// `str(msg[name])`: decoded values, first field of each name.
    public let headers: [String: String]
    public let from: [Mailbox]
    public let to: [Mailbox]
    public let cc: [Mailbox]
    public let subject: String
    public let contentType: String
    /// The decoded plain-text body (`get_body(("plain",)).get_content()`).
    public let text: String?
    /// The decoded HTML body.
    public let html: String?
    /// Defects the parser found, in the message and its parts (should be none).
    public let defects: [String]
    /// To, Cc and Subject decoded by the older `email.header.decode_header`, which drops
    /// the space between encoded-words as RFC 2047 says (`policy.default` keeps it
    /// inside display names).
    public let legacy: [String: String]

    enum CodingKeys: String, CodingKey {
        case headerNames = "header_names", headers, from, to, cc, subject
        case contentType = "content_type", text, html, defects, legacy
    }

    /// How many header fields are named `name`, any case.
    public func count(of name: String) -> Int {
        headerNames.count { $0.lowercased() == name.lowercased() }
    }
}

/// Runs ``Python/executable`` with the `email` package on message bytes.
public enum PythonEmail {
    /// Parses `message` (written to a file in `directory`) and returns what Python saw.
    public static func parse(_ message: [UInt8], in directory: String) throws -> ParsedEmail {
        let file = directory + "/parse-\(UUID().uuidString).eml"
        try Data(message).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let output = try run(script: parseScript, arguments: [file])
        return try JSONDecoder().decode(ParsedEmail.self, from: output)
    }

    private static func run(script: String, arguments: [String]) throws -> Data {
        let run = try ChildProcess.run(Python.executable, ["-c", script] + arguments)
        guard run.status == 0 else {
            throw TestSupportFailure("python3 email parser failed: \(run.stderr)")
        }
        return Data(run.stdout.utf8)
    }

    static let parseScript = #"""
        import email, email.header, email.policy, json, sys
        raw = open(sys.argv[1], "rb").read()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        old = email.message_from_bytes(raw, policy=email.policy.compat32)
        legacy = {k: str(email.header.make_header(email.header.decode_header(old[k])))
                  for k in ("To", "Cc", "Subject") if old[k] is not None}
        def boxes(name):
            h = msg[name]
            if h is None:
                return []
            return [{"display_name": a.display_name, "address": a.addr_spec} for a in h.addresses]
        def body(kind):
            part = msg.get_body(preferencelist=(kind,))
            return None if part is None else part.get_content()
        defects = [type(d).__name__ for d in msg.defects]
        for part in msg.walk():
            if part is not msg:
                defects += [type(d).__name__ for d in part.defects]
        for name in msg.keys():
            defects += [type(d).__name__ for d in getattr(msg[name], "defects", ())]
        print(json.dumps({
            "header_names": list(msg.keys()),
            "headers": {k: str(msg[k]) for k in msg.keys()},
            "from": boxes("From"), "to": boxes("To"), "cc": boxes("Cc"),
            "subject": str(msg["Subject"]),
            "content_type": msg.get_content_type(),
            "text": body("plain"), "html": body("html"),
            "defects": defects, "legacy": legacy,
        }, ensure_ascii=False))
        """#
}
