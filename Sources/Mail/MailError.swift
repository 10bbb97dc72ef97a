import MailAddressSyntax
/// Why a message could not be built, spooled or bookkept.
///
/// A failed *delivery* is not an error: the message stays queued and the failure is
/// recorded (``DeliveryReport``). These errors mean the caller has to act: fix the
/// address in the ledger, the spool's permissions, the database.
///
/// The message is for the operator: Chinese first, English in parentheses.
///
///     MailError.invalidAddress(field: "To[1]", text: "张伟@财政局", reason: .nonASCII)
///     // 收件地址 To[1] 无效：“张伟@财政局” 含非 ASCII 字符 (invalid address in To[1]: non-ASCII character; …)
public enum MailError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong with an address.
    /// What is wrong with an address (shared with `xianqi check`: ``AddrSpec``).
    public typealias AddressProblem = MailAddressSyntax.AddressProblem

    /// An address that cannot be written into a header: `field` is `From`, `To[0]`, `Cc[2]`.
    case invalidAddress(field: String, text: String, reason: AddressProblem)
    /// A message needs at least one `To` recipient.
    case noRecipients
    /// An extra header whose name is not `X-Xianqi-` followed by letters, digits and `-`,
    /// or is one the renderer writes itself.
    case invalidHeaderName(String)
    /// The event key that names the message (and makes its Message-ID) is empty.
    case emptyEventKey
    /// A time zone identifier the system does not know.
    case unknownTimeZone(String)
    /// A file-system call on the spool failed.
    case spool(operation: String, path: String, errno: Int32)
    /// The delivery log could not be read or written.
    case database(String)

    public var description: String {
        switch self {
        case .invalidAddress(let field, let text, let reason):
            "邮件地址 \(field) 无效：\(String(reflecting: text)) \(reason) (invalid address in \(field))"
        case .noRecipients:
            "邮件没有收件人 (a message needs at least one To recipient)"
        case .invalidHeaderName(let name):
            "扩展邮件头名称无效：\(String(reflecting: name)) (extra headers are X-Xianqi-<letters, digits, ->, not X-Xianqi-Event-Key)"
        case .emptyEventKey:
            "事件键为空，无法生成 Message-ID (empty event key)"
        case .unknownTimeZone(let identifier):
            "未知时区 \(identifier) (unknown time zone)"
        case .spool(let operation, let path, let code):
            "邮件队列目录操作失败：\(operation) \(path)：\(errorText(code)) (spool \(operation) failed, errno \(code))"
        case .database(let detail):
            "投递记录数据库出错 (delivery log database error: \(detail))"
        }
    }
}
