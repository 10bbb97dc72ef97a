import ChineseDates
import Testing

/// A 完成时限 cell read in full or not at all: what counts as read, what is left over, and the
/// values that cannot be meant. Reference date 2024-11-21.
@Suite struct FieldReadingTests {
    static let reference = CivilDate(year: 2024, month: 11, day: 21)!

    static func read(_ text: String) -> FieldReading { FieldReading.read(text, reference: reference) }

    // MARK: - Read in full

    /// (cell, due): every character is an expression, filler or punctuation.
    static let fullyRead: [(String, String)] = [
        ("2025年10月底前", "2025-10-31"),
        ("2025年10月底前完成", "2025-10-31"),
        ("2025年10月底前完成整改", "2025-10-31"),
        ("2025年6月底前整改到位", "2025-06-30"),
        ("力争2025年6月底前基本完成", "2025-06-30"),
        ("2024年底前完成，并长期坚持", "2024-12-31"),
        ("（阶段性）2025年6月30日之前", "2025-06-30"),
        ("2025年6月30日以前全面完成", "2025-06-30"),
        ("立行立改，2024年12月底前", "2024-12-31"),
        ("2024年10月底前完成设计，2024年12月底前", "2024-12-31"),
        ("2024年6月底前取得阶段性成效，2025年底前全面完成", "2025-12-31"),
        ("2025年6月底前完成整改任务", "2025-06-30"),
        ("2024年底前完成，长期坚持并形成长效机制", "2024-12-31"),
        ("2025年底前落实到位", "2025-12-31"),
        ("2025年6月末", "2025-06-30"),
        ("2024/12/31前", "2024-12-31"),
        ("2025年一季度末前", "2025-03-31"),
        ("2025 年 6 月底前", "2025-06-30"),
        ("２０２５年６月底前", "2025-06-30"),
        ("2025年　6月底前", "2025-06-30"),
        ("2025-06-30", "2025-06-30"),
        ("于2025年6月底前完成", "2025-06-30"),
        ("在2025年6月底前完成", "2025-06-30"),
        // A month and day alone, as spreadsheets hold them: read only in a field.
        // (The open-target rule: June 30 is less than half a year gone on 2024-11-21, March 15 more.)
        ("6.30", "2024-06-30"), ("6/30", "2024-06-30"), ("6-30", "2024-06-30"), ("12.31前", "2024-12-31"),
        ("12.31前完成", "2024-12-31"), ("3.15", "2025-03-15"),
    ]

    @Test("M.D in running text is no date (an amount, a version)", arguments: ["增长6.30个百分点", "版本3.15", "得分6.30"])
    func aMonthAndDayWithADotIsReadOnlyInAField(_ text: String) {
        #expect(DateParser(reference: Self.reference).parse(text).isEmpty, "\(text)")
    }

    @Test(arguments: fullyRead)
    func aCellOfDatesAndFillerIsReadInFull(_ cell: String, _ due: String) {
        let r = Self.read(cell)
        #expect(r.isValid, "\(r.problems)")
        #expect(r.leftoverTexts == [], "\(cell)")
        #expect(r.expressions.compactMap(\.due).max() == CivilDate(due))
    }

    @Test func aLineBreakStillEndsASentence() {
        let joined = FieldReading.read("2024年10月底前完成设计\n12月底前完工", reference: Self.reference)
        let parsed = DateParser(reference: Self.reference, role: .deadlineField).parse("2024年10月底前完成设计\n12月底前完工")
        #expect(joined.expressions.map(\.due) == parsed.map(\.due))
    }

    @Test func spansAreOffsetsOfTheInputEvenWithSpaces() {
        let r = Self.read("2025 年 6 月底前完成")
        #expect(r.expressions.first?.span.lowerBound == 0)
        #expect(r.expressions.first?.text.hasPrefix("2025 年 6 月") == true)
    }

    /// (cell, leftover): text that is neither a date nor filler is reported as written.
    static let leftovers: [(String, [String])] = [
        ("2025年10月底前报市委", ["报市委"]),
        ("2025年6月底前（视资金到位情况）", ["视资金到位情况"]),
        ("待定，2025年6月底前", ["待定"]),
        // One date: what follows it is not a step's action.
        ("2025年6月底前完成设计", ["设计"]),
        // Several: the action of each step is not left over, other clauses are.
        ("2024年10月底前完成设计，2024年12月底前完工；视资金情况", ["视资金情况"]),
    ]

    @Test(arguments: leftovers)
    func textThatIsNeitherDateNorFillerIsLeftOver(_ cell: String, _ left: [String]) {
        let r = Self.read(cell)
        #expect(r.isValid)
        #expect(r.leftoverTexts == left)
        #expect(!r.expressions.isEmpty)
    }

    @Test func theFillerListIsLongestFirst() {
        let lengths = FieldReading.fillers.map { $0.unicodeScalars.count }
        #expect(lengths == lengths.sorted(by: >))
        #expect(FieldReading.fillers.contains("完成整改"))
    }

    // MARK: - Values that cannot be meant

    @Test func month13IsAProblem() {
        let r = Self.read("2025年13月底前")
        #expect(!r.isValid)
        #expect(r.problems.map(\.kind) == [.monthOutOfRange(13)])
        #expect(r.problems[0].message == "月份13无效 (month 13 does not exist)")
        #expect(r.problems[0].text == "13")
    }

    @Test func aLetterOAmongDigitsIsAProblemWithTheDigitsMeant() {
        let r = Self.read("2025年1O月底前")
        #expect(r.problems.map(\.kind) == [.letterAmongDigits(written: "1O", meant: "10")])
        #expect(r.problems[0].message == "数字中有字母O，应为10? (letter O among digits: did you mean 10?)")
        #expect(r.suggestion(for: r.problems[0]) == "写成“2025年10月底前” (write the digits 10)")
    }

    @Test func aFiveDigitYearIsAProblemWithTheYearsItMayMean() {
        let r = Self.read("20245年6月底前")
        #expect(r.problems.map(\.kind) == [.yearDigits(written: "20245", candidates: [2024, 2025])])
        #expect(r.problems[0].suggestion == "应为2024或2025? (did you mean 2024 or 2025?)")
    }

    @Test func lowForBottomIsAProblem() {
        let r = Self.read("6月低前")
        #expect(r.problems.map(\.kind) == [.misspelledWord(written: "低", meant: "底")])
        #expect(r.problems[0].message.contains("应为“底”"))
        #expect(r.suggestion(for: r.problems[0]) == "写成“6月底前” (write 底)")
    }

    /// (cell, problem): one row per kind, in the forms a ledger writes.
    static let impossible: [(String, FieldProblem.Kind)] = [
        ("2025年6月31日前", .dayOutOfRange(month: 6, day: 31, last: 30)),
        ("2025年2月30日", .dayOutOfRange(month: 2, day: 30, last: 28)),
        ("2024年2月30日", .dayOutOfRange(month: 2, day: 30, last: 29)),
        ("2月30日前", .dayOutOfRange(month: 2, day: 30, last: 29)),
        ("2025年4月0日", .dayOutOfRange(month: 4, day: 0, last: 30)),
        ("2025年0月底前", .monthOutOfRange(0)),
        ("205年6月底前", .yearDigits(written: "205", candidates: [2015, 2025])),
        ("202455年6月底前", .yearDigits(written: "202455", candidates: [])),
        ("1899年底前", .yearOutOfRange(1899)),
        ("2925年6月底前", .yearOutOfRange(2925)),
        ("2O25年6月底前", .letterAmongDigits(written: "2O25", meant: "2025")),
        ("2025年l2月底前", .letterAmongDigits(written: "l2", meant: "12")),
        ("2025年1o月底前", .letterAmongDigits(written: "1o", meant: "10")),
        ("2025年6月3O日前", .letterAmongDigits(written: "3O", meant: "30")),
        ("2025年6月l日前", .letterAmongDigits(written: "l", meant: "1")),
        ("2025年低前", .misspelledWord(written: "低", meant: "底")),
        ("2025念10月底前", .misspelledWord(written: "念", meant: "年")),
        ("二〇二五念十月底前", .misspelledWord(written: "念", meant: "年")),
        ("2025年10越底前", .misspelledWord(written: "越", meant: "月")),
        ("10约底前", .misspelledWord(written: "约", meant: "月")),
        ("2025年6阅30日前", .misspelledWord(written: "阅", meant: "月")),
        ("2025年6月30好前", .misspelledWord(written: "好", meant: "号")),
        ("2025年6月30曰", .misspelledWord(written: "曰", meant: "日")),
        ("2025年6月地前", .misspelledWord(written: "地", meant: "底")),
        ("2025-13-01", .monthOutOfRange(13)),
        ("2025/6/31", .dayOutOfRange(month: 6, day: 31, last: 30)),
        ("二〇二五年十三月底前", .monthOutOfRange(13)),
        ("２０２５年１３月底前", .monthOutOfRange(13)),
    ]

    @Test(arguments: impossible)
    func anImpossibleValueIsAProblem(_ cell: String, _ kind: FieldProblem.Kind) {
        let r = Self.read(cell)
        #expect(r.problems.map(\.kind) == [kind], "\(cell)")
        #expect(!r.isValid)
        #expect(r.problems.allSatisfy { !$0.message.isEmpty && $0.suggestion != nil })
    }

    /// Words with Latin letters and numbers that are not dates are not mistaken for digits.
    @Test(arguments: ["OA系统2025年6月底前上线", "2025年6月底前完成ISO认证", "3个月内", "10日内", "一年内",
                      // the characters taken for date words, where no date word belongs
                      "2025年地方债发行前", "6月底前约谈", "第3季度", "2025年6月份前", "10个工作日内好转"])
    func lettersAndNumbersOutsideDatesAreNoProblem(_ cell: String) {
        #expect(Self.read(cell).problems == [])
    }

    // MARK: - Generated variants

    enum Style: String, CaseIterable, Sendable { case arabic, fullWidth, chinese }

    static func numeral(_ n: Int, _ style: Style, year: Bool = false) -> String {
        switch style {
        case .arabic: return String(n)
        case .fullWidth:
            return String(String.UnicodeScalarView(String(n).unicodeScalars.map { Unicode.Scalar($0.value + 0xFEE0)! }))
        case .chinese:
            let digits = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
            if year { return String(n).map { digits[Int(String($0))!] }.joined() }
            if n < 10 { return digits[n] }
            let tens = n / 10 == 1 ? "十" : digits[n / 10] + "十"
            return tens + (n % 10 == 0 ? "" : digits[n % 10])
        }
    }

    struct Variant: Sendable, CustomStringConvertible {
        let text: String
        let due: CivilDate?
        let problem: FieldProblem.Kind?
        var description: String { text }
    }

    /// Every numeral style × 年/月/日 × the modifiers 底前, 前, 末, 中旬: valid dates, a month 13,
    /// a June 31.
    static let variants: [Variant] = {
        var out: [Variant] = []
        for style in Style.allCases {
            let y = numeral(2025, style, year: true)
            for (modifier, due) in [("底前", "2025-06-30"), ("前", "2025-05-31"), ("末", "2025-06-30"), ("中旬", "2025-06-20")] {
                out.append(Variant(text: "\(y)年\(numeral(6, style))月\(modifier)", due: CivilDate(due), problem: nil))
                out.append(Variant(text: "\(y)年\(numeral(13, style))月\(modifier)", due: nil, problem: .monthOutOfRange(13)))
            }
            for modifier in ["前", ""] {
                out.append(Variant(text: "\(y)年\(numeral(6, style))月\(numeral(30, style))日\(modifier)", due: CivilDate("2025-06-30"), problem: nil))
                out.append(Variant(text: "\(y)年\(numeral(6, style))月\(numeral(31, style))日\(modifier)", due: nil,
                                   problem: .dayOutOfRange(month: 6, day: 31, last: 30)))
            }
            out.append(Variant(text: "\(y)年底前", due: CivilDate("2025-12-31"), problem: nil))
            // Each misspelling of a date word, in the place of the word it stands for.
            let (m, d) = (numeral(6, style), numeral(30, style))
            for (meant, written) in FieldReading.misspellings {
                for w in written.map(String.init) {
                    let text = switch meant {
                    case "年": "\(y)\(w)\(m)月底前"
                    case "月": "\(y)年\(m)\(w)底前"
                    case "底": "\(y)年\(m)月\(w)前"
                    default: "\(y)年\(m)月\(d)\(w)前"
                    }
                    out.append(Variant(text: text, due: nil, problem: .misspelledWord(written: w, meant: String(meant))))
                }
            }
        }
        return out
    }()

    @Test(arguments: variants)
    func generatedVariant(_ v: Variant) {
        let r = Self.read(v.text)
        if let problem = v.problem {
            #expect(r.problems.map(\.kind) == [problem])
        } else {
            #expect(r.problems == [])
            #expect(r.leftoverTexts == [])
            #expect(r.expressions.compactMap(\.due).max() == v.due)
        }
    }
}
