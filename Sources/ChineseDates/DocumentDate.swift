/// The date a report speaks from, found in the report itself: its header
/// ("发布时间:2024-11-21 09:34") or the issuer and date of its signature at the end
/// ("中共湾沚区委" / "2024年6月18日").
public struct DocumentDate: Hashable, Sendable {
    public enum Source: String, Hashable, Sendable {
        /// A header field: 发布时间, 发布日期, 日期, 时间.
        case header
        /// The date line under the issuer at the end.
        case signature
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
    public static func find(in text: String) -> DocumentDate? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        return header(lines) ?? signature(lines)
    }

    private static let headerKeys = ["发布时间", "发布日期", "发文日期", "成文日期", "日期", "时间"]

    private static func header(_ lines: [String]) -> DocumentDate? {
        for (n, line) in lines.prefix(12).enumerated() {
            let t = ScalarText(line)
            for key in headerKeys {
                var i = 0
                while i < t.count {
                    if t.has(key, at: i) {
                        var j = i + key.unicodeScalars.count
                        while let u = t[j], u == " " || u == ":" { j += 1 }
                        if j > i + key.unicodeScalars.count, let d = fullDate(t, at: j) {
                            return DocumentDate(date: d, source: .header, line: n + 1, issuer: nil)
                        }
                    }
                    i += 1
                }
            }
        }
        return nil
    }

    private static func signature(_ lines: [String]) -> DocumentDate? {
        for n in stride(from: lines.count - 1, through: 0, by: -1) {
            let trimmed = lines[n].trimmingSpaces
            guard !trimmed.isEmpty else { continue }
            let t = ScalarText(trimmed)
            guard let (d, end) = fullDateWithEnd(t, at: 0), end == t.count else { continue }
            // The issuer: the short lines without sentence punctuation just above, which
            // may wrap ("中共珠海高新技术产业开发区" / "工作委员会").
            var issuerLines: [String] = []
            var k = n - 1
            while k >= 0, issuerLines.count < 3 {
                let above = lines[k].trimmingSpaces
                k -= 1
                if above.isEmpty {
                    if issuerLines.isEmpty { continue } else { break }
                }
                guard above.unicodeScalars.count <= 40,
                      !above.unicodeScalars.contains(where: { "。，,；;：:！？".unicodeScalars.contains($0) })
                else { break }
                issuerLines.insert(above, at: 0)
            }
            if !issuerLines.isEmpty {
                return DocumentDate(date: d, source: .signature, line: n + 1, issuer: issuerLines.joined())
            }
        }
        return nil
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
