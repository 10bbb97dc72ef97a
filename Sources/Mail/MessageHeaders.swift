/// The header section of a spooled message, read back: what `xianqi mailq`, crash
/// recovery and the give-up report need (Message-ID, subject, recipients, event key).
///
/// Reads what ``OutgoingMessage/render(options:)`` writes and any ordinary RFC 5322
/// header: stops at the first empty line, unfolds continuation lines, decodes
/// RFC 2047 encoded-words in the values it is asked for.
///
///     let headers = MessageHeaders(parsing: bytes)
///     headers.subject     // "【逾期提醒】区财政局：3项整改措施已逾期"
///     headers.messageID   // "<3f…@example.gov.cn>"
public struct MessageHeaders: Sendable, Hashable {
    /// One field, name as written, value unfolded but not decoded.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String
    }

    /// The fields in order.
    public let fields: [Field]

    /// Reads the header section of `bytes` (CRLF or LF line endings).
    public init(parsing bytes: [UInt8]) {
        var fields: [Field] = []
        for line in Self.lines(bytes) {
            if line.isEmpty { break }
            if line.first == ASCII.space || line.first == ASCII.tab, !fields.isEmpty {
                fields[fields.count - 1].value += String(decoding: line, as: UTF8.self)
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self)
            fields.append(Field(name: name, value: value))
        }
        self.fields = fields.map { Field(name: $0.name, value: $0.value.trimmingSpaces()) }
    }

    /// The raw (unfolded, undecoded) value of the first field named `name`, any case.
    public func raw(_ name: String) -> String? {
        let lower = name.lowercased()
        return fields.first { $0.name.lowercased() == lower }?.value
    }

    /// The decoded value of the first field named `name`.
    public func decoded(_ name: String) -> String? {
        raw(name).map(EncodedWord.decode)
    }

    /// How many fields are named `name` (a test for injected headers: "Bcc" must be 0).
    public func count(of name: String) -> Int {
        let lower = name.lowercased()
        return fields.count { $0.name.lowercased() == lower }
    }

    public var messageID: String? { raw("Message-ID") }
    public var subject: String? { decoded("Subject") }
    /// The To field, display names decoded: `区财政局 <czj@example.gov.cn>`.
    public var to: String? { decoded("To") }
    public var cc: String? { decoded("Cc") }
    public var eventKey: String? { decoded("X-Xianqi-Event-Key") }
    /// The events the message carries: those a 催办单 lists (`X-Xianqi-Events`, MailOutbox),
    /// else the message's own event.
    public var carriedEventKeys: [String] {
        if let list = raw("X-Xianqi-Events") { return MailOutbox.keys(ofList: list) }
        return eventKey.map { [$0] } ?? []
    }
    public var measureID: String? { decoded("X-Xianqi-Measure-Id") }
    public var unit: String? { decoded("X-Xianqi-Unit") }

    /// Lines split at LF, a CR before it dropped.
    private static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: ASCII.lf, omittingEmptySubsequences: false).map { line in
            line.last == ASCII.cr ? line.dropLast() : line
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[start...end])
    }
}
