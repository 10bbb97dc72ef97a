import Foundation

/// A request ready to go to a robot: the address (for 钉钉 with its signature in the query)
/// and the JSON body.
public struct RobotRequest: Hashable, Sendable {
    public var url: String
    public var body: [UInt8]
}

/// Each vendor's documented message shape for a ``RobotNote``.
///
/// - 企业微信: `{"msgtype":"markdown","markdown":{"content":…}}`, `content` at most 4096 bytes.
/// - 钉钉: `{"msgtype":"markdown","markdown":{"title":…,"text":…},"at":{"isAtAll":false,…}}`,
///   paragraphs separated by a blank line (its markdown joins single line breaks).
/// - 飞书: `{"msg_type":"post","content":{"post":{"zh_cn":{"title":…,"content":[[{"tag":"text",…}],…]}}}}`
///   with `timestamp` and `sign` when the bot signs; the body at most 20 KB. Post text
///   elements are plain text, so nothing in them is markup to begin with.
public enum RobotPayload {
    /// The markdown of 企业微信 and 钉钉.
    public static func markdown(_ note: RobotNote, vendor: RobotVendor) -> String {
        var parts = ["### \(note.title)", note.summary]
        parts += note.lines
        if let omitted = note.omitted { parts.append(omitted) }
        if let text = note.linkText, let url = note.linkURL { parts.append("[\(text)](\(url))") }
        parts.append("编号 \(note.noteID)")
        return parts.joined(separator: vendor == .dingtalk ? "\n\n" : "\n")
    }

    /// The JSON body, with `signature` (飞书: timestamp in seconds and sign) when the robot signs.
    public static func body(_ note: RobotNote, vendor: RobotVendor, feishuSignature: (timestamp: Int64, sign: String)? = nil) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data?
        switch vendor {
        case .wecom:
            data = try? encoder.encode(WeComMarkdown(markdown: .init(content: markdown(note, vendor: vendor))))
        case .dingtalk:
            data = try? encoder.encode(DingTalkMarkdown(markdown: .init(title: note.title, text: markdown(note, vendor: vendor))))
        case .feishu:
            var rows: [[FeishuPost.Element]] = [[.init(tag: "text", text: note.summary)]]
            rows += note.lines.map { [.init(tag: "text", text: $0)] }
            if let omitted = note.omitted { rows.append([.init(tag: "text", text: omitted)]) }
            if let text = note.linkText, let url = note.linkURL { rows.append([.init(tag: "a", text: text, href: url)]) }
            rows.append([.init(tag: "text", text: "编号 \(note.noteID)")])
            data = try? encoder.encode(FeishuPost(
                timestamp: feishuSignature.map { String($0.timestamp) }, sign: feishuSignature?.sign,
                content: .init(post: .init(zh_cn: .init(title: note.title, content: rows)))))
        }
        // Encoding strings and arrays cannot fail; an empty body would be refused by the vendor, not sent wrong.
        return data.map { Array($0) } ?? []
    }

    /// Whether `note` is within the vendor's documented size (``RobotVendor/textLimit``):
    /// 企业微信's `content`, 钉钉's `text`, 飞书's whole body with its signature.
    public static func fits(_ vendor: RobotVendor) -> @Sendable (RobotNote) -> Bool {
        { note in
            switch vendor {
            case .wecom, .dingtalk:
                markdown(note, vendor: vendor).utf8.count <= vendor.textLimit
            case .feishu:
                body(note, vendor: .feishu, feishuSignature: (1_700_000_000, String(repeating: "x", count: 44))).count <= 20 * 1024
            }
        }
    }

    /// The request for `endpoint`, signed with `secret` at `now` when the vendor signs.
    public static func request(_ note: RobotNote, endpoint: RobotEndpoint, secret: String?, now: Date) -> RobotRequest {
        switch endpoint.vendor {
        case .wecom:
            return RobotRequest(url: endpoint.url, body: body(note, vendor: .wecom))
        case .dingtalk:
            var url = endpoint.url
            if let secret {
                let ms = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
                let sign = RobotSignature.dingtalk(timestampMilliseconds: ms, secret: secret)
                url += (url.contains("?") ? "&" : "?") + "timestamp=\(ms)&sign=\(RobotSignature.queryEncoded(sign))"
            }
            return RobotRequest(url: url, body: body(note, vendor: .dingtalk))
        case .feishu:
            let signature = secret.map { secret -> (Int64, String) in
                let s = Int64(now.timeIntervalSince1970.rounded(.down))
                return (s, RobotSignature.feishu(timestampSeconds: s, secret: secret))
            }
            return RobotRequest(url: endpoint.url, body: body(note, vendor: .feishu, feishuSignature: signature))
        }
    }
}

struct WeComMarkdown: Codable {
    var msgtype = "markdown"
    var markdown: Content
    struct Content: Codable { var content: String }
}

struct DingTalkMarkdown: Codable {
    var msgtype = "markdown"
    var markdown: Content
    var at = At()
    struct Content: Codable { var title: String; var text: String }
    /// Never anyone: a 催办单 mentions no one, whatever its text says.
    struct At: Codable {
        var atMobiles: [String] = []
        var atUserIds: [String] = []
        var isAtAll = false
    }
}

struct FeishuPost: Codable {
    var timestamp: String?
    var sign: String?
    var msg_type = "post"
    var content: Content
    struct Content: Codable { var post: Post }
    struct Post: Codable { var zh_cn: Body }
    struct Body: Codable { var title: String; var content: [[Element]] }
    struct Element: Codable {
        var tag: String
        var text: String
        var href: String?
    }
}
