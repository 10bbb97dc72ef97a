import Foundation
import ChineseDates

/// The numbered outline of a Chinese official document: "一、" > "(一)" > "1." > "(1)", in
/// whatever order of kinds the document uses (a kind already open closes what is under it),
/// with each paragraph attached to the heading it follows. "附件N" starts a new document.
struct ReportOutline {
    /// The kinds of heading numbers, as they are written.
    enum Marker: Hashable {
        /// 一、 二、
        case chineseComma
        /// (一) （二）
        case chineseParen
        /// 1. 1、 1． 
        case arabicDot
        /// (1) （2）
        case arabicParen
        /// ①
        case circled
        /// 问题1： 问题二： 反馈问题3. 第4项：
        case problemNumber
    }

    final class Item {
        let marker: Marker?
        let number: Int
        /// The heading line without its number.
        let heading: String
        let line: Int
        /// Paragraphs after the heading, with their lines.
        var paragraphs: [(text: String, line: Int)] = []
        var children: [Item] = []
        weak var parent: Item?

        init(marker: Marker?, number: Int, heading: String, line: Int, parent: Item?) {
            self.marker = marker
            self.number = number
            self.heading = heading
            self.line = line
            self.parent = parent
        }

        var depth: Int { parent.map { $0.depth + 1 } ?? 0 }

        /// One item made of siblings that are the parts of one measure ("一、问题描述",
        /// "二、整改实施主体", … "五、完成时限"): it stands where the first stands and has
        /// them as its children, which keep their own parent.
        static func joining(_ run: [Item]) -> Item {
            let first = run[0]
            let item = Item(marker: first.marker, number: first.number, heading: "", line: first.line, parent: first.parent)
            item.children = run
            return item
        }

        /// The item with its own heading and paragraphs, without the items under it.
        static func ownText(of item: Item) -> Item {
            let own = Item(marker: item.marker, number: item.number, heading: item.heading, line: item.line, parent: item.parent)
            own.paragraphs = item.paragraphs
            return own
        }

        /// Numbers from the top: [2, 1, 5, 20] for 二、(一)5.(20).
        var path: [Int] {
            guard let parent, marker != nil else { return [] }
            return parent.path + [number]
        }
    }

    /// One document: the main report or an attachment.
    struct Part {
        let root: Item
        /// The first non-empty lines before the first heading: the title and issuer.
        let titleLines: [String]
        /// 0 for the main report, N for 附件N.
        let attachment: Int
    }

    let parts: [Part]

    init(_ text: String) {
        var parts: [Part] = []
        var root = Item(marker: nil, number: 0, heading: "", line: 0, parent: nil)
        var stack: [Item] = [root]
        var titleLines: [String] = []
        var attachment = 0
        var sawHeading = false
        // After the closing formula ("欢迎广大干部群众…监督", contact details) only the
        // signature follows, until the next attachment.
        var closing = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
          for line in Self.headingsOnOneLine(raw.trimmingCharacters(in: .whitespacesAndNewlines)) {
            guard !line.isEmpty else { continue }
            let lineNumber = index + 1
            if let n = Self.attachmentNumber(line) {
                parts.append(Part(root: root, titleLines: titleLines, attachment: attachment))
                attachment = n
                root = Item(marker: nil, number: 0, heading: "", line: lineNumber, parent: nil)
                stack = [root]
                titleLines = []
                sawHeading = false
                closing = false
                continue
            }
            if let (marker, number, rest) = Self.heading(line) {
                sawHeading = true
                closing = false
                if let open = stack.lastIndex(where: { $0.marker == marker }) {
                    stack.removeSubrange(open...)
                }
                let parent = stack.last ?? root
                let item = Item(marker: marker, number: number, heading: rest, line: lineNumber, parent: parent)
                parent.children.append(item)
                stack.append(item)
                continue
            }
            if Self.isDateLine(line) {
                // A signature: the issuer's short lines above the date are not content either.
                let item = stack.last ?? root
                while let last = item.paragraphs.last, Self.isIssuerLine(last.text) { item.paragraphs.removeLast() }
                continue
            }
            if sawHeading, Self.isClosing(line) {
                closing = true
            }
            if closing { continue }
            if !sawHeading, let title = Self.metadataTitle(line) {
                if titleLines.count < 4 { titleLines.append(title) }
                continue
            }
            if !sawHeading, Self.isPageChrome(line) { continue }
            if !sawHeading, titleLines.count < 4, line.unicodeScalars.count <= 60,
               !line.contains("。"), !line.contains("发布时间"), !line.hasSuffix(":"), !line.hasSuffix("：") {
                titleLines.append(line)
                continue
            }
            (stack.last ?? root).paragraphs.append((line, lineNumber))
          }
        }
        parts.append(Part(root: root, titleLines: titleLines, attachment: attachment))
        self.parts = parts
    }

    /// A line cut where another heading starts after the end of a sentence (or, in a piece
    /// that starts with a heading, after a space): "1.2024年5月前，制定方案。 2.督促…" is two
    /// items, "一、总体要求 (一)指导思想" too, and a report flattened into one line
    /// ("…通报如下：一、总体情况……。二、整改进展 (一)…") is cut into its headings. The heading
    /// after a cut must be the next of its kind, or the first of another kind, so that "见
    /// 第2.3条" or a number in running text never cuts a line.
    static func headingsOnOneLine(_ line: String) -> [String] {
        // "附件：1.《…》 2.《…》" lists the attachments by their titles; it has no headings.
        if line.hasPrefix("附件") { return [line] }
        let opening = heading(line)
        let scalars = Array(line.unicodeScalars)
        var pieces: [String] = []
        var start = 0
        var last: [Marker: Int] = [:]
        var lastMarker = opening?.0
        if let (marker, number, _) = opening { last[marker] = number }
        var i = 1
        while i < scalars.count {
            let previous = scalars[i - 1]
            let afterSentence = "。；;：:".unicodeScalars.contains(previous)
            // Within a heading's own piece a space may separate the next heading too.
            guard afterSentence || ((opening != nil || start > 0) && previous.properties.isWhitespace),
                  !scalars[i].properties.isWhitespace
            else { i += 1; continue }
            // A heading number and the start of its text fit in a few scalars; reading no
            // more keeps a long line linear.
            let rest = String(String.UnicodeScalarView(scalars[i..<min(scalars.count, i + 16)]))
            if let (marker, number, _) = heading(rest),
               number == (last[marker] ?? 0) + 1 || (number == 1 && marker != lastMarker) {
                let piece = String(String.UnicodeScalarView(scalars[start..<i])).trimmingCharacters(in: .whitespaces)
                if !piece.isEmpty { pieces.append(piece) }
                start = i
                last[marker] = number
                lastMarker = marker
            }
            i += 1
        }
        pieces.append(String(String.UnicodeScalarView(scalars[start...])).trimmingCharacters(in: .whitespaces))
        return pieces
    }

    /// What a web page puts around a document before its text: the publication time,
    /// source, sharing and font-size controls ("2025-12-29 10:38", "信息来源:", "分享到:").
    static func isPageChrome(_ line: String) -> Bool {
        let fields = ["发布时间", "发布日期", "信息来源", "来源:", "来源：", "分享到", "字号", "浏览次数", "访问次数", "生成日期", "索引号", "索 引 号"]
        if fields.contains(where: line.contains) { return true }
        // A breadcrumb: "首页 > 向阳区 > 巡视巡察".
        if line.hasPrefix("首页") || line.hasPrefix("您当前所在位置") || line.hasPrefix("您的位置") || line.hasPrefix("当前位置") {
            return true
        }
        // The cells of a metadata table: "文 号: | 六盘水府办发〔2022〕10号 | 是否有效: | |".
        if line.unicodeScalars.filter({ $0 == "|" }).count >= 2, line.contains(":") || line.contains("：") { return true }
        // A timestamp opening the line: "2025-12-29 10:38", "2015-08-27 14:49:18 国务院公报".
        let head = Array(line.unicodeScalars.prefix(22))
        guard head.first?.properties.numericType == .decimal else { return false }
        let text = String(String.UnicodeScalarView(head))
        return text.range(of: #"^\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?\s+\d{1,2}:\d{2}"#, options: .regularExpression) != nil
    }

    /// The title a metadata table gives: "名 称: | 市人民政府办公室关于印发…的通知 |".
    static func metadataTitle(_ line: String) -> String? {
        for key in ["名 称", "名称", "标 题", "标题"] where line.hasPrefix(key) {
            var rest = Substring(line.dropFirst(key.count))
            while let c = rest.first, c == ":" || c == "：" || c == "|" || c == " " { rest = rest.dropFirst() }
            let title = rest.split(separator: "|").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return title.isEmpty ? nil : title
        }
        return nil
    }

    /// A line that is only a date written to the day: the date of a signature.
    static func isDateLine(_ line: String) -> Bool {
        let found = DateParser(reference: nil).parse(line)
        return found.count == 1 && found[0].precision == .day && found[0].text == line && !found[0].flags.contains(.range)
    }

    /// A short line without sentence punctuation: an issuer's name above a signature date.
    static func isIssuerLine(_ line: String) -> Bool {
        line.unicodeScalars.count <= 40 && !line.unicodeScalars.contains { "。，,；;：:！？".unicodeScalars.contains($0) }
    }

    /// The formula that closes a published report and the contact details after it.
    static func isClosing(_ line: String) -> Bool {
        line.hasPrefix("欢迎广大") || line.hasPrefix("欢迎社会各界")
            || ["联系人", "联系电话", "联系方式", "邮政信箱", "电子邮箱", "邮 编", "邮编",
                "聯系人", "聯繫人", "聯系電話", "聯繫電話", "電子郵箱",
                "(此件公开发布)", "（此件公开发布）", "(此件公開發布)", "（此件公開發布）"].contains { line.hasPrefix($0) }
    }

    /// "附件1", "附件 2", "附件：" alone on a line (not "附件:1.《…》" lists).
    static func attachmentNumber(_ line: String) -> Int? {
        guard line.hasPrefix("附件") else { return nil }
        let rest = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
        guard let (n, length) = ChineseNumber.leading(in: rest), length == rest.unicodeScalars.count else { return nil }
        return n
    }

    /// Text that can follow "N.": not a digit, unless it is a year ("2019年").
    private static func startsHeadingText(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars.prefix(5))
        guard let first = scalars.first else { return false }
        if first.properties.numericType == nil { return true }
        return scalars.count == 5 && scalars[0..<4].allSatisfy { $0.properties.numericType == .decimal } && scalars[4] == "年"
    }

    /// A problem numbered by its label: "问题1：…", "反馈问题二、…", "第3项：…".
    private static func problemHeading(_ line: String) -> (Marker, Int, String)? {
        for label in ["反馈问题", "存在问题", "具体问题", "问题", "第"] where line.hasPrefix(label) {
            let rest = line.dropFirst(label.count)
            guard let (n, length) = ChineseNumber.leading(in: rest), length <= 4 else { return nil }
            var after = Substring(rest.unicodeScalars.dropFirst(length))
            if label == "第" {
                guard after.hasPrefix("项") || after.hasPrefix("个问题") else { return nil }
                after = after.hasPrefix("项") ? after.dropFirst(1) : after.dropFirst(3)
            }
            guard let mark = after.unicodeScalars.first, ":：.、． ".unicodeScalars.contains(mark) else { return nil }
            let text = String(after.unicodeScalars.dropFirst()).trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : (.problemNumber, n, text)
        }
        return nil
    }

    /// A heading number at the start of a line, and the text after it.
    static func heading(_ line: String) -> (Marker, Int, String)? {
        if let problem = problemHeading(line) { return problem }
        let scalars = Array(line.unicodeScalars)
        guard let first = scalars.first else { return nil }
        func rest(from i: Int) -> String {
            String(String.UnicodeScalarView(scalars[min(i, scalars.count)...])).trimmingCharacters(in: .whitespaces)
        }
        if first == "(" || first == "（" {
            let inner = rest(from: 1)
            guard let (n, length) = ChineseNumber.leading(in: inner), length <= 4 else { return nil }
            let innerScalars = Array(inner.unicodeScalars)
            guard length < innerScalars.count, innerScalars[length] == ")" || innerScalars[length] == "）" else { return nil }
            let isArabic = innerScalars[0].properties.numericType == .decimal
            let text = String(String.UnicodeScalarView(innerScalars[(length + 1)...])).trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return nil }
            return (isArabic ? .arabicParen : .chineseParen, n, text)
        }
        if (0x2460...0x2473).contains(first.value) {
            return (.circled, Int(first.value - 0x2460) + 1, rest(from: 1))
        }
        guard let (n, length) = ChineseNumber.leading(in: line), length <= 4, length < scalars.count else { return nil }
        let isArabic = first.properties.numericType == .decimal || (0xFF10...0xFF19).contains(first.value)
        let mark = scalars[length]
        let text = rest(from: length + 1)
        guard !text.isEmpty else { return nil }
        if isArabic, mark == "." || mark == "．" || mark == "、" {
            // "2023.10" is a date, "1.5亿" an amount: a heading number has at most three digits
            // and is followed by text, or by a year ("4.2019年至2022年，…").
            guard length <= 3, mark == "、" || Self.startsHeadingText(text) else { return nil }
            return (.arabicDot, n, text)
        }
        if !isArabic, mark == "、" { return (.chineseComma, n, text) }
        return nil
    }
}
