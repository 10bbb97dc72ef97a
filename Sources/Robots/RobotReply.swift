import Foundation

/// What a robot's answer means: sent, try again later, or refused for good.
///
/// | vendor | sent | try again | refused |
/// |---|---|---|---|
/// | 企业微信 | `errcode` 0 | 45009 (over 20 a minute), -1 (system busy), HTTP 5xx, timeout | any other `errcode` (93000 bad key, 40058 bad message …) |
/// | 钉钉 | `errcode` 0 | 130101 (sending too fast), 410100 (throttled), -1, HTTP 5xx, timeout | any other (300001 bad token, 310000 bad sign or keyword …) |
/// | 飞书 | `code` (or `StatusCode`) 0 | 11232 (frequency limited), HTTP 429, HTTP 5xx, timeout | any other (19021 bad sign, 19024 keyword …) |
///
///     RobotReply(vendor: .wecom, status: 200, body: Array(#"{"errcode":45009,"errmsg":"api freq out of limit"}"#.utf8))
///     // .retry(code: "45009", reason: "api freq out of limit", rateLimited: true)
public enum RobotReply: Hashable, Sendable {
    case sent(code: String)
    case retry(code: String, reason: String, rateLimited: Bool)
    case refused(code: String, reason: String)

    /// The vendor's code as the journal records it (`0`, `45009`, `http-503`, `timeout`).
    public var code: String {
        switch self {
        case .sent(let c), .retry(let c, _, _), .refused(let c, _): c
        }
    }

    /// No answer within the timeout, or no connection.
    public static func unreachable(_ reason: String, timedOut: Bool) -> RobotReply {
        .retry(code: timedOut ? "timeout" : "unreachable", reason: reason, rateLimited: false)
    }

    public init(vendor: RobotVendor, status: Int, body: [UInt8]) {
        let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        let codeKey = vendor == .feishu ? (json?["code"] != nil ? "code" : "StatusCode") : "errcode"
        let message = (json?["errmsg"] ?? json?["msg"] ?? json?["StatusMessage"]) as? String ?? ""
        if status == 429 {
            self = .retry(code: "http-429", reason: message.isEmpty ? "Too Many Requests" : message, rateLimited: true)
            return
        }
        if status >= 500 {
            self = .retry(code: "http-\(status)", reason: message.isEmpty ? "HTTP \(status)" : message, rateLimited: false)
            return
        }
        guard let code = (json?[codeKey] as? NSNumber)?.intValue else {
            // An answer that is not the vendor's JSON (a proxy's page): it may not have been sent.
            self = status == 200 || status >= 400
                ? .retry(code: "http-\(status)", reason: "回复不是平台的 JSON (not the vendor's reply)", rateLimited: false)
                : .retry(code: "http-\(status)", reason: "HTTP \(status)", rateLimited: false)
            return
        }
        let rateLimits: Set<Int> = switch vendor {
        case .wecom: [45009]
        case .dingtalk: [130101, 410100]
        case .feishu: [11232]
        }
        if code == 0 {
            self = .sent(code: "0")
        } else if rateLimits.contains(code) {
            self = .retry(code: String(code), reason: message, rateLimited: true)
        } else if code == -1 {
            self = .retry(code: "-1", reason: message, rateLimited: false)
        } else {
            self = .refused(code: String(code), reason: message)
        }
    }
}
