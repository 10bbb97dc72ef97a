import ChineseDates
import Testing

/// The grammar beyond the corpus: numerals, conventions, carry-over and roles. Each row is
/// (text, expression, kind, start, end, due) with the reference date 2024-11-21.
@Suite struct GrammarTests {
    static let reference = CivilDate(year: 2024, month: 11, day: 21)!

    struct Row: Sendable, CustomStringConvertible {
        let text: String
        let expression: String
        let kind: DateExpression.Kind
        let start: String?
        let end: String?
        let due: String?
        var description: String { text }
    }

    static func R(_ text: String, _ expression: String, _ kind: DateExpression.Kind,
                  _ start: String?, _ end: String?, _ due: String? = nil) -> Row {
        Row(text: text, expression: expression, kind: kind, start: start, end: end, due: due)
    }

    static let numerals: [Row] = [
        R("２０２５年１０月底前完成", "２０２５年１０月底前", .deadline, "2025-10-21", "2025-10-31", "2025-10-31"),
        R("二〇二五年十二月底前完成", "二〇二五年十二月底前", .deadline, "2025-12-21", "2025-12-31", "2025-12-31"),
        R("二零二四年五月二十二日", "二零二四年五月二十二日", .event, "2024-05-22", "2024-05-22"),
        R("计划于2025年十月廿五日前完成", "2025年十月廿五日前", .deadline, "2025-10-25", "2025-10-25", "2025-10-25"),
        R("2025年3月卅一日前完成", "2025年3月卅一日前", .deadline, "2025-03-31", "2025-03-31", "2025-03-31"),
        // A future bare date before a result verb (完成) is a target.
        R("于2025年元月完成", "2025年元月", .deadline, "2025-01-01", "2025-01-31", "2025-01-31"),
        R("2024年Q3完成", "2024年Q3", .event, "2024-07-01", "2024-09-30"),
        R("2025年第四季度前完成", "2025年第四季度前", .deadline, "2025-10-01", "2025-12-31", "2025-12-31"),
        R("2024-11-21 09:34", "2024-11-21", .event, "2024-11-21", "2024-11-21"),
        R("2025/03/01前报送", "2025/03/01前", .deadline, "2025-03-01", "2025-03-01", "2025-03-01"),
        R("2025.6前完成", "2025.6前", .deadline, "2025-06-01", "2025-06-30", "2025-05-31"),
    ]

    static let conventions: [Row] = [
        // M月前: before the month starts; M月底前: by its end; a day is inclusive.
        R("力争2024年7月前投入使用", "2024年7月前", .deadline, "2024-07-01", "2024-07-31", "2024-06-30"),
        R("2024年7月底前投入使用", "2024年7月底前", .deadline, "2024-07-21", "2024-07-31", "2024-07-31"),
        R("2024年6月30日前完成移交", "2024年6月30日前", .deadline, "2024-06-30", "2024-06-30", "2024-06-30"),
        R("2026年前建成", "2026年前", .deadline, "2026-01-01", "2026-12-31", "2025-12-31"),
        R("2025年内完成", "2025年内", .deadline, "2025-01-01", "2025-12-31", "2025-12-31"),
        R("2025年上半年前完成", "2025年上半年前", .deadline, "2025-01-01", "2025-06-30", "2025-06-30"),
        R("2025年5月上旬完成", "2025年5月上旬", .deadline, "2025-05-01", "2025-05-10", "2025-05-10"),
        R("2024年5月上旬完成", "2024年5月上旬", .event, "2024-05-01", "2024-05-10"),
        R("计划2025年5月中旬完成", "2025年5月中旬", .deadline, "2025-05-11", "2025-05-20", "2025-05-20"),
        R("2024年2月下旬前完成", "2024年2月下旬前", .deadline, "2024-02-21", "2024-02-29", "2024-02-29"),
        R("2025年2月底前完成", "2025年2月底前", .deadline, "2025-02-21", "2025-02-28", "2025-02-28"),
        R("2025年春节前完成", "2025年春节前", .deadline, "2025-01-29", "2025-01-29", "2025-01-28"),
        R("国庆节前完成", "国庆节前", .deadline, "2024-10-01", "2024-10-01", "2024-09-30"),
        // No year: the nearest occurrence to 2024-11-21 is 2024-09-30 (52 days back).
        R("三季度末前完成", "三季度末前", .deadline, "2024-09-01", "2024-09-30", "2024-09-30"),
        R("一季度末前完成", "一季度末前", .deadline, "2025-03-01", "2025-03-31", "2025-03-31"),
        R("年中前完成", "年中前", .deadline, "2024-06-01", "2024-06-30", "2024-06-30"),
    ]

    static let context: [Row] = [
        // A bare month inherits the sentence's year and a chain rolls forward.
        R("计划2024年11月完成设计,1月底前开工", "1月底前", .deadline, "2025-01-21", "2025-01-31", "2025-01-31"),
        R("2024年12月25日至1月5日开展", "2024年12月25日至1月5日", .event, "2024-12-25", "2025-01-05"),
        R("11月至2025年2月开展", "11月至2025年2月", .event, "2024-11-01", "2025-02-28"),
        // No year anywhere: an open deadline takes the nearest year, a fact the latest past one.
        R("3月底前完成", "3月底前", .deadline, "2025-03-21", "2025-03-31", "2025-03-31"),
        R("3月已完成", "3月", .event, "2024-03-01", "2024-03-31"),
        R("春节前完成", "春节前", .deadline, "2025-01-29", "2025-01-29", "2025-01-28"),
        R("今年5月举办", "今年5月", .event, "2024-05-01", "2024-05-31"),
        R("明年3月底前完成", "明年3月底前", .deadline, "2025-03-21", "2025-03-31", "2025-03-31"),
        R("去年同期", "去年同期", .event, "2023-01-01", "2023-12-31"),
        R("本月底前完成", "本月底前", .deadline, "2024-11-21", "2024-11-30", "2024-11-30"),
        R("下月10日前报送", "下月10日前", .deadline, "2024-12-10", "2024-12-10", "2024-12-10"),
    ]

    static let kinds: [Row] = [
        R("截至2024年10月底,已完成", "截至2024年10月底", .asOf, "2024-10-31", "2024-10-31"),
        R("截至目前", "截至目前", .asOf, "2024-11-21", "2024-11-21"),
        R("自2024年1月起", "自2024年1月起", .since, "2024-01-01", "2024-11-21"),
        R("自2025年1月1日起施行", "自2025年1月1日起", .event, "2025-01-01", "2025-01-01"),
        R("计划3个月内完成", "3个月内", .deadline, "2024-11-21", "2025-02-20", "2025-02-20"),
        R("力争两年内完成", "两年内", .deadline, "2024-11-21", "2026-11-20", "2026-11-20"),
        // Counted from this notice (the reference date) it is a deadline; from another act, a span.
        R("收到通知后10日内办结", "10日内", .deadline, "2024-11-21", "2024-11-30", "2024-11-30"),
        R("发现问题后10日内办结", "10日内", .duration, nil, nil),
        R("一周内", "一周内", .duration, nil, nil),
        R("每月15日前报送", "每月15日前", .cadence, nil, nil),
        R("实行“周调度、月通报”", "周调度", .cadence, nil, nil),
        R("常态化推进", "常态化", .ongoing, nil, nil),
        // An approximate time with no cue is a fact: the latest one not after the reference.
        R("春节前后开展走访", "春节前后", .event, "2024-02-10", "2024-02-10"),
    ]

    @Test(arguments: numerals + conventions + context + kinds)
    func rowMeansWhatItSays(_ row: Row) throws {
        let found = DateParser(reference: Self.reference).parse(row.text).filter { $0.text == row.expression }
        let e = try #require(found.first, "no expression “\(row.expression)” in \(DateParser(reference: Self.reference).parse(row.text).map(\.text))")
        #expect(e.kind == row.kind)
        #expect(e.interval?.start.description == row.start)
        #expect(e.interval?.end.description == row.end)
        #expect(e.due?.description == row.due)
    }

    @Test func flagsTellAspirationPlanAndDone() throws {
        let p = DateParser(reference: Self.reference)
        #expect(p.parse("力争2024年7月前投入使用").first?.flags.contains(.aspirational) == true)
        #expect(p.parse("计划于2025年10月底前完成").first?.flags.contains(.planned) == true)
        // A target reported met is a fact, flagged done.
        let done = try #require(p.parse("各支部已于8月底前完成整改").first)
        #expect(done.kind == .event)
        #expect(done.flags.contains(.done))
    }

    @Test func aLedgerFieldReadsABareDateAsADeadline() throws {
        let field = DateParser(reference: Self.reference, role: .deadlineField)
        #expect(field.parse("2025年10月").first?.due == CivilDate("2025-10-31"))
        #expect(field.parse("长期坚持").first?.kind == .ongoing)
        let narrative = DateParser(reference: Self.reference)
        #expect(narrative.parse("2025年10月").first?.kind == .event)
    }

    @Test func workingDaysCountMondayToFriday() throws {
        let field = DateParser(reference: CivilDate("2024-11-22")!, role: .deadlineField)  // a Friday
        let e = try #require(field.parse("10个工作日内").first)
        #expect(e.due == CivilDate("2024-12-05"))
        #expect(e.flags.contains(.workingDays))
    }

    @Test func withoutAReferenceRelativeDatesStayUnresolved() throws {
        let e = try #require(DateParser(reference: nil).parse("年底前完成").first)
        #expect(e.kind == .deadline)
        #expect(e.due == nil)
        #expect(e.interval == nil)
        #expect(DateParser(reference: nil).parse("2025年10月底前").first?.due == CivilDate("2025-10-31"))
    }

    @Test(arguments: [
        "《关于2024年工作要点的通知》", "电话0553-8912001", "技术合同成交额148.47亿元", "提高2.2个百分点",
        "组通字〔2017〕25号", "1+41+3+3", "三年行动", "日常监督", "超长期特别国债", "定期存款",
    ])
    func textWithoutATimeYieldsNothing(_ text: String) {
        #expect(DateParser(reference: Self.reference).parse(text).isEmpty)
    }

    @Test func spansAreUnicodeScalarOffsets() throws {
        let text = "👍年底前完成"
        let e = try #require(DateParser(reference: Self.reference).parse(text).first)
        #expect(e.span == 1..<4)
    }
}
