/// Why `xianqi digest --send` cannot send. Messages are Chinese with English in parentheses,
/// and say which key of the configuration to set.
public enum DigestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `[office] from` is not set: the messages would have no sender.
    case noSender(configuration: String)
    /// Nobody to send to: no `[office] email`, no unit with an address, no `--to`.
    case noRecipients(configuration: String)

    public var description: String {
        switch self {
        case .noSender(let path):
            "\(path): 未配置发件地址，周报未发送；请在 [office] 中设置 from = \"xianqi@…\" "
                + "(no sender: set `from` in [office]; nothing was spooled)"
        case .noRecipients(let path):
            "\(path): 没有收件人，周报未发送；请在 [office] 中设置 email，或在 [units] 中为责任单位设置邮箱，或用 --to 指定 "
                + "(no recipients: set `email` in [office] or addresses in [units], or pass --to; nothing was spooled)"
        }
    }
}
