/// The date a report speaks from, found in the report itself: its header
/// ("发布时间:2024-11-21 09:34", "2018-09-28 15:08 来源:…") or the issuer and date of its
/// signature at the end ("中共湾沚区委" / "2024年6月18日").
public struct DocumentDate: Hashable, Sendable {
    public enum Source: String, Hashable, Sendable {
        /// A header: a field (发布时间, 发布日期, 日期, 时间) or a page's timestamp.
        case header
        /// The date line under the issuer at the end.
        case signature
        /// A news item's lead: its month and day ("12月7日,安义县召开…"), the year the first
        /// one the text writes.
        case dateline
    }

    public let date: CivilDate
    public let source: Source
    /// 1-based line of the date in the text.
    public let line: Int
    /// The issuer above a signature date, when there is one.
    public let issuer: String?

    /// The header date if there is one (it is the publication date), else the last signature.
    ///
    ///     DocumentDate.find(in: "…\n中共湾沚区委\n2024年6月18日\n")?.date   // 2024-06-18
    ///     DocumentDate.find(in: "2018-09-28 15:08 来源:区纪委\n…")?.date     // 2018-09-28
    public static func find(in text: String) -> DocumentDate? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        return header(lines) ?? timestamp(lines) ?? signature(lines) ?? titleDate(lines) ?? dateline(lines)
    }

    /// "12月7日,安义县召开…", "(通讯员:蔡波)9月26日上午,…": a news item that opens with the month and
    /// day it reports from, in one of its first four lines (after a byline in brackets), and
    /// writes a year somewhere (the first one written is taken: a news item speaks of its own
    /// year first). Nil when the text writes no year.
    private static func dateline(_ lines: [String]) -> DocumentDate? {
        guard let year = firstYear(lines) else { return nil }
        let top = lines.indices.filter { !lines[$0].trimmingSpaces.isEmpty }.prefix(4)
        for n in top {
            let t = ScalarText(lines[n])
            var i = 0
            while t[i] == " " { i += 1 }
            // A byline in brackets before the lead: "中国应急安全网(通讯员:蔡波、陈寒)9月26日".
            if let close = (i..<min(t.count, i + 48)).first(where: { t[$0] == ")" }), t.isDigit(close + 1) { i = close + 1 }
            guard t.isDigit(i), let core = PointGrammar(t: t).read(at: i), core.to == nil, core.from.year == nil,
                  let m = core.from.month, let d = core.from.day, let date = CivilDate(year: year, month: m, day: d)
            else { continue }
            var e = core.end
            if let (_, k) = t.match(PointGrammar.timesOfDay, at: e) { e = k }
            guard let next = t[e], next == "," || next == " " else { continue }
            return DocumentDate(date: date, source: .dateline, line: n + 1, issuer: nil)
        }
        return nil
    }

    /// The first year the text writes, four digits and 年 (1990–2099).
    private static func firstYear(_ lines: [String]) -> Int? {
        for line in lines {
            let t = ScalarText(line)
            var i = 0
            while i + 4 < t.count {
                if (0..<4).allSatisfy({ t.isDigit(i + $0) }), !t.isDigit(i - 1), t.has("年", at: i + 4),
                   let y = Int(t.folded(i..<(i + 4))), (1990...2099).contains(y) {
                    return y
                }
                i += 1
            }
        }
        return nil
    }

    /// "工作简报(2018年11月28日)", "督查通报（2024年6月3日）": a date to the day that is the whole
    /// of a bracket in one of the first three lines, where a bulletin's title carries its date.
    private static func titleDate(_ lines: [String]) -> DocumentDate? {
        let top = lines.indices.filter { !lines[$0].trimmingSpaces.isEmpty }.prefix(3)
        for n in top {
            let t = ScalarText(lines[n])
            var i = 0
            while i + 1 < t.count {
                if let open = t[i], open == "(" || open == "（", let (d, end) = fullDateWithEnd(t, at: i + 1),
                   let close = t[end], close == ")" || close == "）" {
                    return DocumentDate(date: d, source: .header, line: n + 1, issuer: nil)
                }
                i += 1
            }
        }
        return nil
    }

    private static let headerKeys = ["发布时间", "发布日期", "发文日期", "成文日期", "生成日期", "印发日期", "日期", "时间"]

    /// How many lines from the top a page header may stand on.
    private static let headerLines = 12

    /// "发布日期：2021-03-05", "生成日期: | 2022-12-02 08:54:33", or the key alone on its line
    /// and the date on the next ("发布时间:" / "2025-12-29 10:38").
    private static func header(_ lines: [String]) -> DocumentDate? {
        for (n, line) in lines.prefix(headerLines).enumerated() {
            let t = ScalarText(line)
            for key in headerKeys {
                var i = 0
                while i < t.count {
                    if t.hasText(key, at: i) {
                        var j = i + key.unicodeScalars.count
                        while let u = t[j], Self.isFieldGap(u) { j += 1 }
                        if j > i + key.unicodeScalars.count {
                            if let d = fullDate(t, at: j) {
                                return DocumentDate(date: d, source: .header, line: n + 1, issuer: nil)
                            }
                            if j == t.count, let (d, next) = dateOpening(lines, after: n) {
                                return DocumentDate(date: d, source: .header, line: next + 1, issuer: nil)
                            }
                        }
                    }
                    i += 1
                }
            }
        }
        return nil
    }

    /// Colons, spaces and the bars of a flattened table between a field and its value.
    private static func isFieldGap(_ u: Unicode.Scalar) -> Bool {
        u == ":" || u == "|" || u.properties.isWhitespace
    }

    /// The date that opens the first non-empty line after line `n`.
    private static func dateOpening(_ lines: [String], after n: Int) -> (CivilDate, Int)? {
        guard let next = lines.indices.dropFirst(n + 1).first(where: { !lines[$0].trimmingSpaces.isEmpty }),
              next < headerLines + 1
        else { return nil }
        let t = ScalarText(lines[next].trimmingSpaces)
        return fullDate(t, at: 0).map { ($0, next) }
    }

    /// A page's timestamp: a date written to the day and a clock time right after it
    /// ("2018-09-28 15:08 来源:", "2016年07月07日 07:23 | 来源:", "…政府   2019-05-17 15:15:00").
    private static func timestamp(_ lines: [String]) -> DocumentDate? {
        for (n, line) in lines.prefix(headerLines).enumerated() {
            let t = ScalarText(line)
            var i = 0
            while i < t.count {
                // A date starts at a digit that does not continue a number.
                if t.isDigit(i), i == 0 || !t.isDigit(i - 1), let (d, end) = fullDateWithEnd(t, at: i) {
                    var j = end
                    while let u = t[j], u == " " || u == "\t" { j += 1 }
                    if j > end, Self.isClockTime(t, at: j) {
                        return DocumentDate(date: d, source: .header, line: n + 1, issuer: nil)
                    }
                    i = end
                    continue
                }
                i += 1
            }
        }
        return nil
    }

    /// "15:08" or "07:23:41" at `i`.
    private static func isClockTime(_ t: ScalarText, at i: Int) -> Bool {
        var j = i
        while t.isDigit(j) { j += 1 }
        guard (1...2).contains(j - i), t[j] == ":" else { return false }
        let minutes = j + 1
        var k = minutes
        while t.isDigit(k) { k += 1 }
        return k - minutes == 2
    }

    /// Lines a signature may have between the issuer and the date, or in place of an
    /// issuer: contact details and the list of attachments.
    private static let contactKeys = ["联系人", "联系电话", "联系方式", "电话", "传真", "邮箱", "电子邮箱", "邮政信箱", "邮编", "邮 编",
                                      "地址", "通讯地址", "邮寄地址", "附件", "聯系人", "聯系電話", "電話", "電子郵箱", "郵箱"]

    /// "联系电话：…", and a field whose name ends in a key: "监督电话:…", "举报邮箱：…".
    private static func isContactLine(_ line: String) -> Bool {
        if contactKeys.contains(where: { line.hasPrefix($0) }) { return true }
        guard let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return false }
        let name = line[..<colon]
        return name.count <= 10 && contactKeys.contains { name.hasSuffix($0) }
    }

    private static func signature(_ lines: [String]) -> DocumentDate? {
        var isLastLine = true
        for n in stride(from: lines.count - 1, through: 0, by: -1) {
            let trimmed = lines[n].trimmingSpaces
            guard !trimmed.isEmpty else { continue }
            defer { isLastLine = isLastLine && Self.isTrailer(trimmed) }
            let t = ScalarText(trimmed)
            guard let (d, end) = fullDateWithEnd(t, at: 0), end == t.count else {
                // "…大荆中学 2018.06.15": the issuer and the date on the last line, set apart by
                // spaces.
                if isLastLine, let (d, issuer) = issuerAndDate(on: trimmed) {
                    return DocumentDate(date: d, source: .signature, line: n + 1, issuer: issuer)
                }
                continue
            }
            // The issuer: the short lines without sentence punctuation just above, which
            // may wrap ("中共珠海高新技术产业开发区" / "工作委员会"), above any contact lines
            // ("联系人：…", "联系电话：…") written between it and the date.
            var issuerLines: [String] = []
            var sawContact = false
            var k = n - 1
            while k >= 0, issuerLines.count < 3 {
                let above = lines[k].trimmingSpaces
                k -= 1
                if above.isEmpty {
                    if issuerLines.isEmpty { continue } else { break }
                }
                if issuerLines.isEmpty, Self.isContactLine(above) {
                    sawContact = true
                    continue
                }
                guard above.unicodeScalars.count <= 40,
                      !above.unicodeScalars.contains(where: { "。，,；;：:！？".unicodeScalars.contains($0) })
                else { break }
                issuerLines.insert(above, at: 0)
            }
            if !issuerLines.isEmpty {
                return DocumentDate(date: d, source: .signature, line: n + 1, issuer: issuerLines.joined())
            }
            // A date that ends the text under contact details or attachments is its
            // signature even when no issuer is written above it.
            if isLastLine, sawContact {
                return DocumentDate(date: d, source: .signature, line: n + 1, issuer: nil)
            }
        }
        return nil
    }

    /// The last characters of the names of offices, schools and companies ("…中学", "…巡察办",
    /// "…人民政府", "…委员会", "…有限公司"), in either script.
    private static let issuerEndings = "局委办院府室部会组心司所厅处队站馆校学团署社庭行厂场区县市省镇乡村辦會組廳處隊館學團廠場縣鎮鄉"

    /// A line that is a short issuer (at most 40 scalars, no sentence punctuation, ending as an
    /// office's name does), spaces, and a date to the day that ends the line.
    private static func issuerAndDate(on line: String) -> (CivilDate, String)? {
        // A page flattened to one line: the signature is what follows its last sentence.
        let isGap: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\u{3000}" || $0 == "\t" }
        var scalars = Array(line.unicodeScalars)
        if let stop = scalars.lastIndex(where: { "。！？；".unicodeScalars.contains($0) }) {
            scalars = Array(scalars[(stop + 1)...].drop(while: isGap))
        }
        guard let gap = scalars.lastIndex(where: isGap) else { return nil }
        var k = gap
        while k > 0, isGap(scalars[k - 1]) { k -= 1 }
        let issuer = String(String.UnicodeScalarView(scalars[..<k]))
        let t = ScalarText(String(String.UnicodeScalarView(scalars[(gap + 1)...])))
        guard !issuer.isEmpty, issuer.unicodeScalars.count <= 40,
              !issuer.unicodeScalars.contains(where: { "。，,；;：:！？".unicodeScalars.contains($0) }),
              let last = issuer.unicodeScalars.last, Self.issuerEndings.unicodeScalars.contains(last),
              let (d, end) = fullDateWithEnd(t, at: 0), end == t.count
        else { return nil }
        return (d, issuer)
    }

    /// What may follow a signature: "(此件公开发布)".
    private static func isTrailer(_ line: String) -> Bool {
        (line.hasPrefix("(") || line.hasPrefix("（")) && line.unicodeScalars.count <= 12
    }

    private static func fullDate(_ t: ScalarText, at i: Int) -> CivilDate? {
        fullDateWithEnd(t, at: i)?.0
    }

    /// A date written to the day at `i` (2024-11-21, 2024年11月21日, 二〇二四年十一月二十一日).
    private static func fullDateWithEnd(_ t: ScalarText, at i: Int) -> (CivilDate, Int)? {
        guard let core = PointGrammar(t: t).read(at: i), core.to == nil,
              case .absolute(let y)? = core.from.year, let m = core.from.month, let d = core.from.day,
              let date = CivilDate(year: y, month: m, day: d)
        else { return nil }
        return (date, core.end)
    }
}

extension String {
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
