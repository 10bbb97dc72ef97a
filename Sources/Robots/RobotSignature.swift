import Crypto
import Foundation

/// The signatures 钉钉 and 飞书 ask of a robot with signing on.
///
/// 钉钉 (custom robot, 加签): the string `timestamp + "\n" + secret`, HMAC-SHA256 keyed by the
/// secret, Base64, then percent-encoded into the URL as `&timestamp=…&sign=…`; the timestamp in
/// milliseconds, accepted within an hour of the server's clock.
///
/// 飞书 (custom bot, 签名校验): the string `timestamp + "\n" + secret` is the HMAC-SHA256 *key*
/// over an empty message, Base64, sent in the JSON body as `timestamp` (seconds, a string) and
/// `sign`; accepted within an hour as well.
///
///     RobotSignature.dingtalk(timestampMilliseconds: 1_577_836_800_000, secret: "SEC…")
///     RobotSignature.feishu(timestampSeconds: 1_599_360_473, secret: "…")
public enum RobotSignature {
    /// The Base64 signature of 钉钉 (before percent-encoding).
    public static func dingtalk(timestampMilliseconds: Int64, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestampMilliseconds)\n\(secret)".utf8), using: key)
        return Data(mac).base64EncodedString()
    }

    /// The Base64 signature of 飞书.
    public static func feishu(timestampSeconds: Int64, secret: String) -> String {
        let key = SymmetricKey(data: Data("\(timestampSeconds)\n\(secret)".utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(), using: key)
        return Data(mac).base64EncodedString()
    }

    /// Percent-encoding of a query value (RFC 3986 unreserved characters kept): `+` `/` `=` of
    /// Base64 become `%2B` `%2F` `%3D`.
    public static func queryEncoded(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}
