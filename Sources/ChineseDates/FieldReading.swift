/// A target-date field (完成时限) read in full or not at all.
///
/// `DateParser` finds the expressions in a text and skips what it does not understand; in
/// running text that is right, in a ledger cell it hides mistakes: "2025年13月底前" yields the
/// end of 2025, "20245年6月底前" the next June. A field reading accounts for every character
/// of the cell — an expression the parser found, a filler word (``fillers``), punctuation or
/// space — and reports the rest as leftovers. Before that it scans the numbers written next to
/// 年/月/日 for values that cannot be meant (month 13, June 31, a five-digit year, a letter O
/// among digits, a character typed for 年/月/日/底 that sounds or looks like it: 2025念, 10越,
/// 低 for 底): a cell with any such ``FieldProblem`` must not give a due date.
///
///     let r = FieldReading.read("2025年10月底前完成整改", reference: nil)
///     r.expressions.map(\.due)   // [2025-10-31]
///     r.leftovers                // [] — "完成整改" is filler
///     FieldReading.read("2025年13月底前", reference: nil).problems[0].message
///                                // "月份13无效 (month 13 does not exist)"
///     FieldReading.read("2025年10月底前报市委", reference: nil).leftoverTexts
///                                // ["报市委"]
///
/// Spaces, full-width digits and the ideographic space are fine anywhere: spaces are dropped
/// before the parser sees the text, and spans are given back in the offsets of the input.
public struct FieldReading: Hashable, Sendable {
    /// The field as written.
    public let text: String
    /// The expressions found, with spans in Unicode scalars of `text`.
    public let expressions: [DateExpression]
    /// Parts of `text` neither an expression nor filler (and not part of a problem), in order.
    /// In a field of several deadlines, the text after each date in its clause is the action of
    /// that step and is not left over.
    public let leftovers: [Range<Int>]
    /// Values that cannot be meant; when there is one, the field gives no date.
    public let problems: [FieldProblem]

    /// True when nothing in the field is wrong: it may give a due date.
    public var isValid: Bool { problems.isEmpty }

    /// True when every character is accounted for.
    public var isFullyRead: Bool { leftovers.isEmpty }

    /// The leftovers as written.
    public var leftoverTexts: [String] {
        let scalars = Array(text.unicodeScalars)
        return leftovers.map { range in
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars[range.clamped(to: 0..<scalars.count)])
            return String(s)
        }
    }

    /// Words a target-date field may hold beside its dates without changing what they mean:
    /// what is to be done by then (完成整改, 整改到位), how firmly (力争, 立行立改), the modifiers
    /// the grammar reads but may leave outside a span (底, 前, 之前), and ongoing-work phrases
    /// written after a date ("2024年底前完成，并长期坚持"). Longer words are tried first.
    /// Punctuation, brackets and spaces are filler too; they are not listed.
    public static let fillers: [String] = [
        // what is to be done by the date
        "完成整改任务", "整改任务", "完成整改", "整改完成", "整改到位", "落实到位", "基本完成", "全面完成", "完成",
        "取得阶段性成效", "取得明显成效", "取得成效", "见到成效", "见成效", "见效", "阶段性",
        // how firmly, and work that goes on after it
        "立行立改", "并长期坚持", "长期坚持", "持续推进", "持续整改", "常态化", "推进", "形成长效机制", "建立长效机制",
        "力争", "争取",
        // modifiers the grammar may leave outside an expression, and connectives
        "之前", "以前", "前", "底", "年内", "并", "及", "和", "于", "在",
    ].sorted { $0.unicodeScalars.count > $1.unicodeScalars.count }

    /// Characters a pinyin input method or a quick eye puts for a date word, by the word meant.
    /// Each is taken as a misspelling only where that word belongs: a year's 年 after a
    /// four-digit year, a month's 月 after 1–12 that follows a year or is followed by 底/末/初/
    /// 旬/前/份 or a day, a day's 日/号 after 1–31 that follows its month, 底 after 年/月
    /// (低 anywhere there, the others only before 前: "月的前" is rare, "月地前" a slip).
    public static let misspellings: [(meant: Unicode.Scalar, written: Set<Unicode.Scalar>)] = [
        ("年", Set("念碾粘撵黏辇".unicodeScalars)),
        ("月", Set("越约阅悦跃粤钺".unicodeScalars)),
        ("日", Set("曰目".unicodeScalars)),
        ("号", Set("好浩耗毫豪".unicodeScalars)),
        ("底", Set("低地抵邸砥第".unicodeScalars)),
    ]

    /// The range of years taken as meant; outside it a year is a typo.
    public static let saneYears = 1900...2200

    /// Reads `text` as a target-date field. `reference` resolves relative dates ("年底前") and
    /// narrows the years suggested for a mistyped one.
    public static func read(_ text: String, reference: CivilDate?) -> FieldReading {
        let t = ScalarText(text)
        let problems = FieldScan(t: t, reference: reference).problems()

        // The parser reads the text without spaces ("2025 年 6 月底前"); `kept[k]` is the input
        // offset of the k-th scalar it sees. Line breaks stay: they end a sentence, and a month
        // takes its year from the sentence it is in.
        var kept: [Int] = []
        var compact = String.UnicodeScalarView()
        for i in 0..<t.count where !isSpace(t.scalars[i]) {
            kept.append(i)
            compact.append(t.original[i])
        }
        let found = DateParser(reference: reference, role: .deadlineField).parse(String(compact))
        let expressions = found.compactMap { e -> DateExpression? in
            guard e.span.lowerBound < e.span.upperBound, e.span.upperBound <= kept.count else { return nil }
            let span = kept[e.span.lowerBound]..<(kept[e.span.upperBound - 1] + 1)
            return DateExpression(text: t.text(span), span: span, meaning: e.meaning, precision: e.precision,
                                  interval: e.interval, flags: e.flags)
        }

        var covered = [Cover](repeating: .none, count: t.count)
        for e in expressions { for i in e.span { covered[i] = .expression } }
        for p in problems { for i in p.span where i < t.count { covered[i] = .filler } }
        var i = 0
        while i < t.count {
            if covered[i] != .none {
                i += 1
                continue
            }
            if isFillerScalar(t.scalars[i]) {
                covered[i] = .filler
                i += 1
                continue
            }
            if let (_, end) = t.matchText(fillers, at: i) {
                for j in i..<end where covered[j] == .none { covered[j] = .filler }
                i = end
                continue
            }
            i += 1
        }
        var leftovers: [Range<Int>] = []
        var start: Int?
        for i in 0...t.count {
            let open = i < t.count && covered[i] == .none
            if open, start == nil { start = i }
            if !open, let s = start {
                leftovers.append(s..<i)
                start = nil
            }
        }
        // A field of several deadlines names the step due at each ("2024年10月底前完成设计，
        // 12月底前完工"): the text after a date, in its clause, is that step's action, which the
        // ledger keeps as a milestone.
        if expressions.lazy.filter({ $0.kind == .deadline }).count > 1 {
            leftovers.removeAll { range in
                var j = range.lowerBound - 1
                while j >= 0, covered[j] == .filler, !clauseSeparators.contains(t.scalars[j]) { j -= 1 }
                return j >= 0 && covered[j] == .expression
            }
        }
        return FieldReading(text: text, expressions: expressions, leftovers: leftovers, problems: problems)
    }

    private enum Cover { case none, expression, filler }

    private static let clauseSeparators = Set(",;:，；：。".unicodeScalars)

    /// What to write instead of `problem`: the whole field corrected when the mistake has one
    /// obvious fix (a letter O for 0, 低 for 底), else the problem's own suggestion.
    ///
    ///     let r = FieldReading.read("2025年1O月底前", reference: nil)
    ///     r.suggestion(for: r.problems[0])   // "写成“2025年10月底前” (write the digits 10)"
    public func suggestion(for problem: FieldProblem) -> String? {
        let replacement: String
        let english: String
        switch problem.kind {
        case .letterAmongDigits(_, let meant):
            replacement = meant
            english = "write the digits \(meant)"
        case .misspelledWord(_, let meant):
            replacement = meant
            english = "write \(meant)"
        default:
            return problem.suggestion
        }
        var scalars = Array(text.unicodeScalars)
        guard problem.span.upperBound <= scalars.count else { return problem.suggestion }
        scalars.replaceSubrange(problem.span, with: replacement.unicodeScalars)
        return "写成“\(String(String.UnicodeScalarView(scalars)))” (\(english))"
    }

    /// Whitespace within a line.
    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        u.properties.isWhitespace && !"\n\r\u{0B}\u{0C}\u{85}\u{2028}\u{2029}".unicodeScalars.contains(u)
    }

    /// Spaces, punctuation and brackets: 、，。；：（）【】“” and the ASCII ones.
    static func isFillerScalar(_ u: Unicode.Scalar) -> Bool {
        if u.properties.isWhitespace { return true }
        switch u.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}

/// A value in a target-date field that cannot be what the writer meant.
public struct FieldProblem: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// "13月", "0月".
        case monthOutOfRange(Int)
        /// "6月31日", "2月30日"; `last` is the month's last day (29 for February of an unknown year).
        case dayOutOfRange(month: Int, day: Int, last: Int)
        /// "1O月": Latin letters O/o/l/I among digits; `meant` reads them as 0 and 1.
        case letterAmongDigits(written: String, meant: String)
        /// "20245年", "205年": a year of five or more digits, or three; `candidates` are the years
        /// one digit fewer (or more) gives, near the reference date when there is one.
        case yearDigits(written: String, candidates: [Int])
        /// "1025年", "2925年": four digits, outside ``FieldReading/saneYears``.
        case yearOutOfRange(Int)
        /// "2025念10月", "10越底前", "6月30好", "6月低前": a character where the date word it
        /// sounds or looks like is meant (``FieldReading/misspellings``).
        case misspelledWord(written: String, meant: String)
    }

    public let kind: Kind
    /// Offsets in Unicode scalars of the field.
    public let span: Range<Int>
    /// The offending part as written.
    public let text: String

    /// Chinese, with English in brackets, as the other ledger messages.
    public var message: String {
        switch kind {
        case .monthOutOfRange(let m):
            return "月份\(m)无效 (month \(m) does not exist)"
        case .dayOutOfRange(let m, let d, let last):
            return "\(m)月没有\(d)日，最后一天是\(last)日 (day \(d) does not exist in month \(m))"
        case .letterAmongDigits(let written, let meant):
            let letters = String(String.UnicodeScalarView(written.unicodeScalars.filter { !($0.value >= 0x30 && $0.value <= 0x39) }))
            let shown = String(letters.prefix(1))
            return "数字中有字母\(shown)，应为\(meant)? (letter \(shown) among digits: did you mean \(meant)?)"
        case .yearDigits(let written, _):
            let n = written.unicodeScalars.count
            return "年份“\(written)”有\(n)位数字 (year \(written) has \(n) digits)"
        case .yearOutOfRange(let y):
            return "年份\(y)超出范围 (year \(y) is outside \(FieldReading.saneYears.lowerBound)–\(FieldReading.saneYears.upperBound))"
        case .misspelledWord(let written, let meant):
            return "“\(written)”应为“\(meant)”? (\(written) for \(meant), \(FieldScan.gloss(of: meant))?)"
        }
    }

    /// What to write instead, when there is a likely answer.
    public var suggestion: String? {
        switch kind {
        case .monthOutOfRange:
            return "月份应为1至12 (months are 1 to 12)"
        case .dayOutOfRange(let m, _, let last):
            return "写成“\(m)月\(last)日前”或“\(m)月底前” (write the last day, or 月底)"
        case .letterAmongDigits(_, let meant):
            return "写成数字“\(meant)” (write the digits \(meant))"
        case .yearDigits(_, let candidates):
            guard !candidates.isEmpty else { return "年份应为4位数字 (a year has 4 digits)" }
            let list = candidates.map(String.init)
            let zh = list.count == 1 ? list[0] : list.dropLast().joined(separator: "、") + "或" + list[list.count - 1]
            let en = list.count == 1 ? list[0] : list.dropLast().joined(separator: ", ") + " or " + list[list.count - 1]
            return "应为\(zh)? (did you mean \(en)?)"
        case .yearOutOfRange:
            return "年份应为4位数字，如2025 (a four-digit year such as 2025)"
        case .misspelledWord(_, let meant):
            return "写成“\(meant)” (write \(meant))"
        }
    }

    public var description: String { "“\(text)”: \(message)" }
}

/// The scan for impossible values: numbers next to 年/月/日/号 (Arabic, full width — folded by
/// `ScalarText` — or Chinese), letters in digit runs, a misspelled date word.
struct FieldScan {
    let t: ScalarText
    let reference: CivilDate?

    /// The word meant by `u` written for one of `words`, if it is a known misspelling of it.
    static func misspelling(_ u: Unicode.Scalar, for words: String) -> Unicode.Scalar? {
        FieldReading.misspellings.first { words.unicodeScalars.contains($0.meant) && $0.written.contains(u) }?.meant
    }

    /// English for the message.
    static func gloss(of word: String) -> String {
        switch word {
        case "年": "the year"
        case "月": "the month"
        case "日", "号": "the day"
        default: "the end of the period"
        }
    }

    /// A number as written: its span, its value when it reads as one, and the letters it holds.
    private struct Number {
        var span: Range<Int>
        var value: Int?
        /// Written digit by digit (2025, 二〇二五), Arabic or Chinese.
        var digitString: Bool
        var digitCount: Int
        /// Latin letters that look like 0 and 1, read as them.
        var meant: String?
    }

    private static let lookalikes: [Unicode.Scalar: Unicode.Scalar] = ["O": "0", "o": "0", "l": "1", "I": "1"]

    func problems() -> [FieldProblem] {
        var out: [FieldProblem] = []
        var i = 0
        // The year and month of the date being read, for checking a day against its month.
        var year: Int?
        var month: (value: Int, end: Int)?
        while i < t.count {
            let u = t.scalars[i]
            if Self.misspelling(u, for: "底") != nil, let prev = previous(before: i),
               "月年度".unicodeScalars.contains(t.scalars[prev]), u == "低" || t[i + 1] == "前" {
                out.append(problem(.misspelledWord(written: String(u), meant: "底"), i..<(i + 1)))
                i += 1
                continue
            }
            guard let n = number(at: i) else {
                i += 1
                continue
            }
            i = n.span.upperBound
            guard let unitAt = next(from: n.span.upperBound) else { continue }
            let unit = t.scalars[unitAt]
            let unitAfter = "年月日号".unicodeScalars.contains(unit)
            let unitBefore = previous(before: n.span.lowerBound).map { "年月".unicodeScalars.contains(t.scalars[$0]) } ?? false
            if let meant = n.meant {
                if unitAfter || unitBefore || isISOSeparator(unit) {
                    out.append(problem(.letterAmongDigits(written: t.text(n.span), meant: meant), n.span))
                }
                continue
            }
            guard let value = n.value else { continue }
            if let meant = misspelledUnit(unit, at: unitAt, after: n, value: value, month: month) {
                out.append(problem(.misspelledWord(written: String(unit), meant: String(meant)), unitAt..<(unitAt + 1)))
                switch meant {
                case "年": year = value; month = nil
                case "月": month = (value, unitAt + 1)
                default: month = nil
                }
                i = unitAt + 1
                continue
            }
            switch unit {
            case "年":
                month = nil
                if n.digitString, n.digitCount > 4 || (n.digitCount == 3 && n.meant == nil && isASCIIDigit(t.scalars[n.span.lowerBound])) {
                    out.append(problem(.yearDigits(written: t.text(n.span), candidates: candidates(for: t.folded(n.span))), n.span))
                    year = nil
                } else if n.digitString, n.digitCount == 4, !FieldReading.saneYears.contains(value) {
                    out.append(problem(.yearOutOfRange(value), n.span))
                    year = nil
                } else {
                    year = n.digitCount == 4 ? value : nil
                }
            case "月":
                if !(1...12).contains(value) {
                    out.append(problem(.monthOutOfRange(value), n.span))
                    month = nil
                } else {
                    month = (value, unitAt + 1)
                }
            case "日", "号":
                // Only a day that follows its month: "10日内" alone is a span of days.
                guard let m = month, let prev = previous(before: n.span.lowerBound), prev == m.end - 1
                else { continue }
                let last = year.map { CivilDate.daysIn(month: m.value, year: $0) } ?? (m.value == 2 ? 29 : CivilDate.daysIn(month: m.value, year: 2001))
                if value < 1 || value > last {
                    out.append(problem(.dayOutOfRange(month: m.value, day: value, last: last), n.span))
                }
                month = nil
            default:
                if isISOSeparator(unit), n.digitString, n.digitCount == 4 {
                    out += isoProblems(yearAt: n, separatorAt: unitAt)
                    i = max(i, isoEnd(from: unitAt))
                }
            }
        }
        return out
    }

    /// The date word `unit` (at `unitAt`, right after the number `n`) misspells, where that
    /// word belongs there (``FieldReading/misspellings``).
    private func misspelledUnit(_ unit: Unicode.Scalar, at unitAt: Int, after n: Number, value: Int,
                                month: (value: Int, end: Int)?) -> Unicode.Scalar? {
        guard let meant = Self.misspelling(unit, for: "年月日号") else { return nil }
        let before = previous(before: n.span.lowerBound).map { t.scalars[$0] }
        switch meant {
        case "年":
            return n.digitString && n.digitCount == 4 && FieldReading.saneYears.contains(value) ? meant : nil
        case "月":
            guard (1...12).contains(value) else { return nil }
            let afterYear = before.map { $0 == "年" || Self.misspelling($0, for: "年") != nil } ?? false
            let after = next(from: unitAt + 1).map { t.scalars[$0] }
            let continues = after.map { "底末初上中下旬前份".unicodeScalars.contains($0) || isASCIIDigit($0) || Numerals.isNumeralScalar($0) } ?? false
            return afterYear || continues ? meant : nil
        default:
            guard (1...31).contains(value), let m = month, let p = previous(before: n.span.lowerBound), p == m.end - 1
            else { return nil }
            return meant
        }
    }

    private func problem(_ kind: FieldProblem.Kind, _ span: Range<Int>) -> FieldProblem {
        FieldProblem(kind: kind, span: span, text: t.text(span))
    }

    private func isISOSeparator(_ u: Unicode.Scalar) -> Bool { u == "-" || u == "/" || u == "." }

    /// The first non-space offset at or after `i`.
    private func next(from i: Int) -> Int? {
        var j = i
        while j < t.count, t.scalars[j].properties.isWhitespace { j += 1 }
        return j < t.count ? j : nil
    }

    /// The last non-space offset before `i`.
    private func previous(before i: Int) -> Int? {
        var j = i - 1
        while j >= 0, t.scalars[j].properties.isWhitespace { j -= 1 }
        return j >= 0 ? j : nil
    }

    private func isASCIIDigit(_ u: Unicode.Scalar) -> Bool { u.value >= 0x30 && u.value <= 0x39 }

    /// The number that starts at `i`: a run of ASCII digits with any look-alike letters among
    /// them (starting at the first digit or letter; a letter run with no digit is a word), or a
    /// Chinese numeral.
    private func number(at i: Int) -> Number? {
        let u = t.scalars[i]
        if isASCIIDigit(u) || Self.lookalikes[u] != nil {
            if let before = t[i - 1], isASCIIDigit(before) || Self.lookalikes[before] != nil || isLatinLetter(before) { return nil }
            var j = i
            var digits = 0
            var letters = false
            var meant = String.UnicodeScalarView()
            while j < t.count {
                let c = t.scalars[j]
                if isASCIIDigit(c) {
                    digits += 1
                    meant.append(c)
                } else if let d = Self.lookalikes[c] {
                    letters = true
                    meant.append(d)
                } else {
                    break
                }
                j += 1
            }
            // "OA", "Io": letters joined to other letters are a word, not a number.
            if let after = t[j], isLatinLetter(after) { return nil }
            // A letter alone is a digit only between date units: "6月l日".
            if digits == 0 {
                guard j - i <= 2, let p = previous(before: i), "年月".unicodeScalars.contains(t.scalars[p]),
                      let n = next(from: j), "月日号".unicodeScalars.contains(t.scalars[n])
                else { return nil }
            }
            if letters { return Number(span: i..<j, value: nil, digitString: true, digitCount: j - i, meant: String(meant)) }
            let value = j - i <= 9 ? Int(t.folded(i..<j)) : nil
            return Number(span: i..<j, value: value, digitString: true, digitCount: j - i, meant: nil)
        }
        guard Numerals.isNumeralScalar(u), !(t[i - 1].map(Numerals.isNumeralScalar) ?? false),
              let n = Numerals.read(t, at: i, maxLength: 12)
        else { return nil }
        return Number(span: i..<(i + n.length), value: n.value, digitString: n.isDigitString || n.length == 1,
                      digitCount: n.length, meant: nil)
    }

    private func isLatinLetter(_ u: Unicode.Scalar) -> Bool {
        (0x41...0x5A).contains(u.value) || (0x61...0x7A).contains(u.value)
    }

    /// The four-digit years a year with one digit too many or too few may have meant: each digit
    /// left out, or each digit put in, in turn; kept when sane (and, with a reference, within ten
    /// years of it).
    private func candidates(for digits: String) -> [Int] {
        let scalars = Array(digits.unicodeScalars)
        guard scalars.count == 5 || scalars.count == 3, scalars.allSatisfy(isASCIIDigit) else { return [] }
        var spellings: [[Unicode.Scalar]] = []
        if scalars.count == 5 {
            for skip in scalars.indices { spellings.append(scalars.enumerated().filter { $0.offset != skip }.map(\.element)) }
        } else {
            for at in 0...scalars.count {
                for d in "0123456789".unicodeScalars {
                    var s = scalars
                    s.insert(d, at: at)
                    spellings.append(s)
                }
            }
        }
        var years = Set<Int>()
        for s in spellings where s.first != "0" {
            if let y = Int(String(String.UnicodeScalarView(s))), FieldReading.saneYears.contains(y) { years.insert(y) }
        }
        if let reference {
            let near = years.filter { abs($0 - reference.year) <= 10 }
            if !near.isEmpty { return near.sorted() }
        }
        return years.sorted()
    }

    /// Month and day of "2025-13-01", "2025/6/31", "2025.02.30".
    private func isoProblems(yearAt y: Number, separatorAt s: Int) -> [FieldProblem] {
        let sep = t.scalars[s]
        guard let mStart = Optional(s + 1), t.isDigit(mStart) else { return [] }
        var mEnd = mStart
        while mEnd < t.count, t.isDigit(mEnd) { mEnd += 1 }
        guard mEnd - mStart <= 2, let month = Int(t.folded(mStart..<mEnd)) else { return [] }
        if !(1...12).contains(month) {
            return [problem(.monthOutOfRange(month), mStart..<mEnd)]
        }
        guard t[mEnd] == sep, t.isDigit(mEnd + 1) else { return [] }
        var dEnd = mEnd + 1
        while dEnd < t.count, t.isDigit(dEnd) { dEnd += 1 }
        guard dEnd - mEnd - 1 <= 2, let day = Int(t.folded((mEnd + 1)..<dEnd)), let year = y.value else { return [] }
        let last = CivilDate.daysIn(month: month, year: year)
        if day < 1 || day > last {
            return [problem(.dayOutOfRange(month: month, day: day, last: last), (mEnd + 1)..<dEnd)]
        }
        return []
    }

    private func isoEnd(from s: Int) -> Int {
        var j = s
        while j < t.count, t.isDigit(j) || isISOSeparator(t.scalars[j]) { j += 1 }
        return j
    }
}
