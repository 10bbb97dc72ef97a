/// The three group-robot services an office uses, each with its documented message shape,
/// size limit, signature and reply codes.
public enum RobotVendor: String, Sendable, Hashable, CaseIterable, Codable {
    /// 企业微信 group robot: `POST …/cgi-bin/webhook/send?key=…`, a `markdown` message.
    case wecom
    /// 钉钉 custom robot: `POST …/robot/send?access_token=…&timestamp=…&sign=…`, a `markdown` message.
    case dingtalk
    /// 飞书 custom bot: `POST …/open-apis/bot/v2/hook/…`, a `post` (rich text) message, signed in the body.
    case feishu

    /// The Chinese name an office knows the service by, for journal records and errors.
    public var displayName: String {
        switch self {
        case .wecom: "企业微信"
        case .dingtalk: "钉钉"
        case .feishu: "飞书"
        }
    }

    /// The largest message body the vendor documents, in bytes of UTF-8, for the text the
    /// 催办单 may fill. 企业微信: markdown `content` at most 4096 bytes. 钉钉: 20000 bytes of
    /// message. 飞书: a request body of at most 20 KB (the JSON around the text included,
    /// hence the margin).
    public var textLimit: Int {
        switch self {
        case .wecom: 4096
        case .dingtalk: 20000
        case .feishu: 18000
        }
    }
}
