import Robots
import Testing

/// Each vendor's answers, as its documentation gives them, and what xianqi does with them.
struct RobotReplyTests {
    static let cases: [(RobotVendor, Int, String, RobotReply)] = [
        (.wecom, 200, #"{"errcode":0,"errmsg":"ok"}"#, .sent(code: "0")),
        (.wecom, 200, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#, .retry(code: "45009", reason: "api freq out of limit", rateLimited: true)),
        (.wecom, 200, #"{"errcode":-1,"errmsg":"system busy"}"#, .retry(code: "-1", reason: "system busy", rateLimited: false)),
        (.wecom, 200, #"{"errcode":93000,"errmsg":"invalid webhook url"}"#, .refused(code: "93000", reason: "invalid webhook url")),
        (.dingtalk, 200, #"{"errcode":0,"errmsg":"ok"}"#, .sent(code: "0")),
        (.dingtalk, 200, #"{"errcode":130101,"errmsg":"send too fast"}"#, .retry(code: "130101", reason: "send too fast", rateLimited: true)),
        (.dingtalk, 200, #"{"errcode":410100,"errmsg":"发送速度太快而限流"}"#, .retry(code: "410100", reason: "发送速度太快而限流", rateLimited: true)),
        (.dingtalk, 200, #"{"errcode":310000,"errmsg":"sign not match"}"#, .refused(code: "310000", reason: "sign not match")),
        (.feishu, 200, #"{"code":0,"data":{},"msg":"success"}"#, .sent(code: "0")),
        (.feishu, 200, #"{"StatusCode":0,"StatusMessage":"success"}"#, .sent(code: "0")),
        (.feishu, 200, #"{"code":11232,"msg":"frequency limited"}"#, .retry(code: "11232", reason: "frequency limited", rateLimited: true)),
        (.feishu, 429, #"{"code":11232,"msg":"too many requests"}"#, .retry(code: "http-429", reason: "too many requests", rateLimited: true)),
        (.feishu, 200, #"{"code":19021,"msg":"sign match fail"}"#, .refused(code: "19021", reason: "sign match fail")),
        (.wecom, 502, "<html>bad gateway</html>", .retry(code: "http-502", reason: "HTTP 502", rateLimited: false)),
        (.dingtalk, 200, "<html>a proxy's page</html>", .retry(code: "http-200", reason: "回复不是平台的 JSON (not the vendor's reply)", rateLimited: false)),
    ]

    @Test("replies read as each vendor documents them", arguments: cases)
    func classify(vendor: RobotVendor, status: Int, body: String, expected: RobotReply) {
        #expect(RobotReply(vendor: vendor, status: status, body: Array(body.utf8)) == expected)
    }
}
