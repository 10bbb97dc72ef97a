import Robots
import Testing

/// The signatures against values computed independently (Python's hmac, hashlib and base64
/// from each vendor's documented recipe).
struct RobotSignatureTests {
    @Test("钉钉: Base64 of HMAC-SHA256(key: secret, timestamp + \"\\n\" + secret), percent-encoded for the URL")
    func dingtalk() {
        let sign = RobotSignature.dingtalk(timestampMilliseconds: 1_577_836_800_000, secret: "SEC000000000000000000000")
        #expect(sign == "+nNCK5RddMDikgXSXJcDpPb9RZqSQXlesQPy6NpNYUk=")
        #expect(RobotSignature.queryEncoded(sign) == "%2BnNCK5RddMDikgXSXJcDpPb9RZqSQXlesQPy6NpNYUk%3D")
    }

    @Test("飞书: Base64 of HMAC-SHA256(key: timestamp + \"\\n\" + secret) over an empty message")
    func feishu() {
        #expect(RobotSignature.feishu(timestampSeconds: 1_599_360_473, secret: "demo-secret") == "3/MaVZ8JLIy4TUG+7KSFJqvUkTKd+HWY8g+56DZWq8s=")
    }

    @Test("a signed 钉钉 request carries timestamp and sign after the robot's own query")
    func dingtalkURL() throws {
        let note = RobotNote(title: "t", summary: "s", lines: [], noteID: "n")
        let endpoint = RobotEndpoint(vendor: .dingtalk, url: "https://oapi.dingtalk.com/robot/send?access_token=abc", secretFile: "/unused")
        let request = RobotPayload.request(note, endpoint: endpoint, secret: "SEC000000000000000000000",
                                           now: .init(timeIntervalSince1970: 1_577_836_800))
        #expect(request.url == "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1577836800000&sign=%2BnNCK5RddMDikgXSXJcDpPb9RZqSQXlesQPy6NpNYUk%3D")
    }
}
