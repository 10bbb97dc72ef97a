import Foundation

/// An email xianqi is about to send: a reminder, an overdue notice or an escalation.
///
/// All text fields may hold anything a ledger holds, line breaks and `Bcc:` included:
/// ``render(options:)`` writes header text only as encoded-words or sanitised ASCII,
/// so no field can add a header or a recipient.
///
///     let message = OutgoingMessage(
///         eventKey: "overdue/ZG-2025-017/2025-06-30",
///         from: MailAddress("xianqi@example.gov.cn", displayName: "整改督办系统"),
///         to: [MailAddress("czj@example.gov.cn", displayName: "区财政局")],
///         cc: [MailAddress("leader@example.gov.cn", displayName: "分管领导 李明")],
///         subject: "【逾期提醒】区财政局：3项整改措施已逾期",
///         textBody: "区财政局：\n\n以下整改措施已超过完成时限……",
///         extraHeaders: [.xianqi("Measure-Id", "ZG-2025-017")],
///         date: now)
///     let rendered = try message.render()
public struct OutgoingMessage: Sendable, Hashable {
    /// What the message is about, unique per event (e.g. `overdue/ZG-2025-017/2025-06-30`):
    /// the Message-ID is derived from it, so the same event always makes the same
    /// Message-ID and a retry or a second enqueue is recognised.
    public var eventKey: String
    public var from: MailAddress
    /// The owner units; at least one.
    public var to: [MailAddress]
    /// Copied recipients: the supervising leader on an escalation.
    public var cc: [MailAddress]
    public var subject: String
    /// The plain-text body; any line-break convention, sent as CRLF.
    public var textBody: String
    /// An HTML alternative; when set the message is `multipart/alternative`.
    public var htmlBody: String?
    /// `X-Xianqi-*` headers (measure id, unit, due date) for filters and for the journal.
    public var extraHeaders: [ExtraHeader]
    /// The `Date` header.
    public var date: Date

    /// A message; nothing is checked until it is rendered.
    public init(
        eventKey: String,
        from: MailAddress,
        to: [MailAddress],
        cc: [MailAddress] = [],
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        extraHeaders: [ExtraHeader] = [],
        date: Date
    ) {
        self.eventKey = eventKey
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.extraHeaders = extraHeaders
        self.date = date
    }
}

/// One `X-Xianqi-*` header. The value is text; the name is checked when rendering.
///
///     ExtraHeader.xianqi("Measure-Id", "ZG-2025-017")   // X-Xianqi-Measure-Id: ZG-2025-017
public struct ExtraHeader: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// `X-Xianqi-<suffix>`.
    public static func xianqi(_ suffix: String, _ value: String) -> ExtraHeader {
        ExtraHeader(name: prefix + suffix, value: value)
    }

    /// The prefix every extra header name has.
    public static let prefix = "X-Xianqi-"

    /// Headers the renderer writes itself, which a caller may not add.
    static let reserved: Set<String> = ["x-xianqi-event-key"]

    /// Whether `name` is `X-Xianqi-` followed by ASCII letters, digits and `-`.
    static func isValidName(_ name: String) -> Bool {
        guard name.lowercased().hasPrefix(prefix.lowercased()), !reserved.contains(name.lowercased()) else { return false }
        let suffix = name.utf8.dropFirst(prefix.utf8.count)
        return !suffix.isEmpty && suffix.allSatisfy { ASCII.isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
    }
}

/// How a message is written: the time zone of its `Date`, the domain of its
/// `Message-ID`, the transfer encodings.
public struct RenderOptions: Sendable, Hashable {
    /// The zone the `Date` header is written in; China Standard Time (+0800) by default.
    public var timeZone: TimeZone
    /// The right-hand side of the Message-ID; the From address's domain when nil.
    public var messageIDDomain: String?
    /// How bodies are written.
    public var bodyEncoding: TransferEncoding
    /// How header text that needs encoding is written (RFC 2047 B or Q).
    public var headerEncoding: TransferEncoding

    public init(
        timeZone: TimeZone = RenderOptions.chinaStandardTime,
        messageIDDomain: String? = nil,
        bodyEncoding: TransferEncoding = .automatic,
        headerEncoding: TransferEncoding = .automatic
    ) {
        self.timeZone = timeZone
        self.messageIDDomain = messageIDDomain
        self.bodyEncoding = bodyEncoding
        self.headerEncoding = headerEncoding
    }

    /// Asia/Shanghai, or a fixed +0800 where the system has no zone database.
    public static var chinaStandardTime: TimeZone {
        TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
    }

    /// Options with the zone named by an IANA identifier such as `Asia/Urumqi`.
    public static func zone(_ identifier: String) throws(MailError) -> RenderOptions {
        guard let zone = TimeZone(identifier: identifier) else { throw .unknownTimeZone(identifier) }
        return RenderOptions(timeZone: zone)
    }
}

/// Base64 or quoted-printable, for bodies (RFC 2045) and for encoded-words (RFC 2047,
/// where they are called B and Q).
public enum TransferEncoding: String, Sendable, Hashable, CaseIterable {
    /// Whichever of the two is shorter for the text at hand: base64 for Chinese,
    /// quoted-printable for mostly-ASCII text.
    case automatic
    case base64
    case quotedPrintable = "quoted-printable"
}
