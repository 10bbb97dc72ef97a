import Foundation

/// Ledger text made harmless for IM markdown: it can state facts but never link, mention,
/// format or break a line.
///
/// Every character that starts markup in 企业微信 or 钉钉 markdown, or a mention in any of the
/// three (`<@userid>`, `<at user_id="all">`, `@所有人`, `@all`, `[text](url)`, `![](img)`,
/// `<font color>`, `**`, `#`, `>` at a line start, `` ` ``), is replaced by its full-width
/// form, which reads the same to a person and is markup to no client; `://` loses its slashes'
/// power the same way (`http：//`), so that no client turns a ledger's text into a link. Line
/// breaks and control characters become spaces: a ledger cell stays on its line of the 催办单.
///
///     RobotText.safe("请@所有人 查看[整改](http://evil.example)")
///     // "请＠所有人 查看［整改］（http：／／evil.example）"
public enum RobotText {
    /// Half-width markup characters and the full-width forms that replace them.
    static let replacements: [Unicode.Scalar: Unicode.Scalar] = [
        "<": "＜", ">": "＞", "[": "［", "]": "］", "(": "（", ")": "）", "@": "＠", "*": "＊",
        "`": "｀", "#": "＃", "_": "＿", "~": "～", "|": "｜", "!": "！", "\\": "＼", "&": "＆",
    ]

    /// `text` with every markup character replaced and whitespace runs collapsed to one space.
    public static func safe(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.properties.isWhitespace
                || scalar.properties.generalCategory == .format || scalar.properties.generalCategory == .lineSeparator
                || scalar.properties.generalCategory == .paragraphSeparator {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
                continue
            }
            out.append(replacements[scalar] ?? scalar)
            lastWasSpace = false
        }
        // A scheme's "://" is what clients autolink on.
        var result = String(out).replacingOccurrences(of: "://", with: "：／／")
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}

/// A link to the board, from the configuration: an http(s) URL with nothing in it that could
/// end a markdown link early or start another (no spaces, brackets, quotes or angle brackets).
public struct BoardLink: Hashable, Sendable {
    public let url: String

    public init?(_ url: String) {
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), url.count > 8,
              !url.unicodeScalars.contains(where: { " \t\r\n()[]<>\"'`".unicodeScalars.contains($0) || !$0.isASCII }) else { return nil }
        self.url = url
    }

    /// The page of one unit (`/unit/{name}`), its name percent-encoded.
    public func unitPage(_ unit: String) -> String {
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        var encoded = ""
        for byte in unit.utf8 {
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x2E {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return base + "/unit/" + encoded
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
