import Foundation

/// A message as it goes on the wire: RFC 5322 bytes with CRLF line endings, ready for
/// `sendmail -i -t`, plus what the spool and the delivery log need to know about it.
public struct RenderedMessage: Sendable, Hashable {
    /// `<…@domain>`, the same for every rendering of the same event key.
    public let messageID: String
    /// The event the message is about.
    public let eventKey: String
    /// The subject as written, after sanitising (one line).
    public let subject: String
    /// The To and Cc addresses (what `sendmail -t` will send to).
    public let recipients: [String]
    /// The whole message.
    public let bytes: [UInt8]
}

extension OutgoingMessage {
    /// Writes the message as RFC 5322 + MIME bytes.
    ///
    /// Header text (subject, display names, extra header values, the event key) is
    /// sanitised to one line and written as RFC 2047 encoded-words when it is not plain
    /// ASCII, so no ledger text can start a header. Addresses must be plain ASCII
    /// addr-specs (``MailAddress/problem(with:)``); a bad one throws naming its field.
    ///
    ///     let rendered = try message.render(options: RenderOptions(timeZone: .gmt))
    public func render(options: RenderOptions = RenderOptions()) throws(MailError) -> RenderedMessage {
        try checkAddresses()
        guard !eventKey.isEmpty else { throw .emptyEventKey }
        if let bad = extraHeaders.first(where: { !ExtraHeader.isValidName($0.name) }) {
            throw .invalidHeaderName(bad.name)
        }
        let messageID = try MessageID.make(eventKey: eventKey, domain: options.messageIDDomain ?? from.domain.map(String.init) ?? "")
        let subjectLine = HeaderText.sanitized(subject)
        var bytes: [UInt8] = []
        bytes += Self.field("Date", MessageDate.format(date, in: options.timeZone))
        bytes += Self.mailboxes("From", [from], options)
        bytes += Self.mailboxes("To", to, options)
        if !cc.isEmpty { bytes += Self.mailboxes("Cc", cc, options) }
        bytes += Self.unstructured("Subject", subjectLine, options)
        bytes += Self.field("Message-ID", messageID)
        bytes += Self.field("MIME-Version", "1.0")
        // RFC 3834: tells auto-responders ("I am out of office") not to answer.
        bytes += Self.field("Auto-Submitted", "auto-generated")
        bytes += Self.unstructured("X-Xianqi-Event-Key", eventKey, options)
        for extra in extraHeaders {
            bytes += Self.unstructured(extra.name, HeaderText.sanitized(extra.value), options)
        }
        bytes += body(messageID: messageID, options: options)
        return RenderedMessage(
            messageID: messageID, eventKey: eventKey, subject: subjectLine,
            recipients: (to + cc).map(\.address), bytes: bytes)
    }

    private func checkAddresses() throws(MailError) {
        let fields = [("From", from)] + to.enumerated().map { ("To[\($0)]", $1) } + cc.enumerated().map { ("Cc[\($0)]", $1) }
        for (field, mailbox) in fields {
            if let problem = MailAddress.problem(with: mailbox.address) {
                throw .invalidAddress(field: field, text: mailbox.address, reason: problem)
            }
        }
        guard !to.isEmpty else { throw .noRecipients }
    }

    // MARK: Headers

    private static func field(_ name: String, _ value: String) -> [UInt8] {
        var header = FoldedHeader(name: name)
        header.append(value)
        return header.bytes
    }

    /// An unstructured field (RFC 5322 §3.2.5) from sanitised text: plain words folded at
    /// spaces, or encoded-words when the text is not plain ASCII.
    private static func unstructured(_ name: String, _ text: String, _ options: RenderOptions) -> [UInt8] {
        var header = FoldedHeader(name: name)
        let clean = HeaderText.sanitized(text)
        if HeaderText.needsEncoding(clean) {
            header.appendEncoded(clean, scheme: EncodedWord.scheme(for: clean, preference: options.headerEncoding))
        } else {
            clean.split(separator: " ").forEach { header.append(String($0)) }
        }
        return header.bytes
    }

    /// An address list: `显示名 <addr>` mailboxes separated by commas, one fold point
    /// between any two tokens.
    private static func mailboxes(_ name: String, _ list: [MailAddress], _ options: RenderOptions) -> [UInt8] {
        var header = FoldedHeader(name: name)
        for (index, mailbox) in list.enumerated() {
            let display = HeaderText.sanitized(mailbox.displayName ?? "")
            if display.isEmpty {
                header.append(mailbox.address)
            } else {
                appendPhrase(display, to: &header, options)
                header.append("<\(mailbox.address)>")
            }
            if index < list.count - 1 { header.appendComma() }
        }
        return header.bytes
    }

    /// A display name: ASCII atoms as they are (`Zhang Wei`), anything else as encoded-words.
    private static func appendPhrase(_ text: String, to header: inout FoldedHeader, _ options: RenderOptions) {
        if isPlainPhrase(text) {
            text.split(separator: " ").forEach { header.append(String($0)) }
        } else {
            header.appendEncoded(text, scheme: EncodedWord.scheme(for: text, preference: options.headerEncoding), keepingWhole: true)
        }
    }

    private static let phraseSymbols = Set("!#$%&'*+-/=?^_`{|}~ ".utf8)

    /// Letters, digits, atext symbols and spaces only, with no word too long to fold.
    private static func isPlainPhrase(_ text: String) -> Bool {
        !HeaderText.needsEncoding(text) && text.utf8.allSatisfy { ASCII.isLetterOrDigit($0) || phraseSymbols.contains($0) }
    }

    // MARK: Body

    private func body(messageID: String, options: RenderOptions) -> [UInt8] {
        guard let htmlBody else {
            return Self.part(textBody, subtype: "plain", options)
        }
        let boundary = "=_xianqi_" + SHA256.hex(Array(("boundary:" + messageID).utf8)).prefix(24)
        var contentType = FoldedHeader(name: "Content-Type")
        contentType.append("multipart/alternative;")
        contentType.append("boundary=\"\(boundary)\"")
        var bytes = contentType.bytes
        bytes += ASCII.crlf
        bytes += Array("This is a MIME message with plain-text and HTML versions of the same text.\r\n".utf8)
        for (text, subtype) in [(textBody, "plain"), (htmlBody, "html")] {
            bytes += Array("\r\n--\(boundary)\r\n".utf8)
            bytes += Self.part(text, subtype: subtype, options)
        }
        bytes += Array("\r\n--\(boundary)--\r\n".utf8)
        return bytes
    }

    /// `Content-Type` and `Content-Transfer-Encoding`, a blank line, the encoded text.
    private static func part(_ text: String, subtype: String, _ options: RenderOptions) -> [UInt8] {
        let (encoding, encoded) = BodyEncoding.encode(text, as: options.bodyEncoding)
        return field("Content-Type", "text/\(subtype); charset=utf-8")
            + field("Content-Transfer-Encoding", encoding.rawValue)
            + ASCII.crlf
            + encoded
    }
}

/// Message-IDs derived from event keys.
enum MessageID {
    /// `<` 32 hex digits of SHA-256 of the key `.xianqi@` domain `>`.
    ///
    ///     MessageID.make(eventKey: "overdue/ZG-2025-017/2025-06-30", domain: "example.gov.cn")
    ///     // "<3f…(32 hex)….xianqi@example.gov.cn>"
    static func make(eventKey: String, domain: String) throws(MailError) -> String {
        if let problem = MailAddress.problem(with: "x@" + domain) {
            throw .invalidAddress(field: "Message-ID domain", text: domain, reason: problem)
        }
        let digest = SHA256.hex(Array(("xianqi-event:" + eventKey).utf8)).prefix(32)
        return "<\(digest).xianqi@\(domain)>"
    }
}
