import ChineseDates
import Testing

/// Classes of expression that the fifteenth set of published documents read for the first
/// time (eval/found/found-15.tsv, 98 documents) showed misread and that were added at once;
/// the rest are listed in found-15-classes.md. No case is a sentence of that set.
@Suite struct Found15ClassTests {
    static func first(_ text: String, _ reference: String) throws -> DateExpression {
        try #require(DateParser(reference: GrammarClassTests.day(reference)).parse(text).first, "\(text)")
    }

    /// A limit's label (完成时限, 整改期限, 办结时限) heading its date, after a space or right
    /// before it, as 销号公示 and 台账 pages print them: each label × each date form.
    static let labelled: [(String, String)] = {
        var cases: [(String, String)] = []
        for label in ["完成时限", "整改时限", "整改期限", "辦結時限"] {
            for (date, due) in [("2025年12月31日", "2025-12-31"), ("2026年3月", "2026-03-31"), ("2025年底", "2025-12-31")] {
                cases.append(("五、\(label) \(date)", due))
                cases.append(("\(label)\(date)", due))
            }
        }
        return cases
    }()

    @Test(arguments: labelled)
    func limitLabelHeadingItsDate(_ c: (String, String)) throws {
        try GrammarClassTests.expectDeadline(c.0, "2025-09-04", due: c.1)
    }

    /// A span after such a label is an amount, not a date.
    @Test func limitLabelBeforeAnAmount() {
        GrammarClassTests.expectNoDeadline("整改期限2个月,逾期将予处罚", "2025-09-04")
    }

    /// A day named the last to act, with or without 的: a cut-off.
    @Test(arguments: ["今日(30日)是最後一日提交申請表。", "今天是最后一天报名", "4月30日是截止日,请抓紧提交", "4月30日为最后期限"])
    func dayNamedTheLast(_ text: String) throws {
        try GrammarClassTests.expectDeadline(text, "2021-04-30", due: "2021-04-30")
    }

    /// 本次信息发布之日起, 本次公示之日起: this notice is the anchor; the range after 即 restates it.
    @Test(arguments: ["本次信息发布之日起10个工作日内,即2023年8月24日~2023年9月6日。", "自本次公示之日起10个工作日内提出意见"])
    func spanFromThisNotice(_ text: String) throws {
        let found = DateParser(reference: GrammarClassTests.day("2023-08-24")).parse(text)
        #expect(!found.isEmpty && found.allSatisfy { $0.kind == .deadline && $0.due?.description == "2023-09-06" },
                "\(text): \(found.map { "\($0.text) \($0.kind) \(String(describing: $0.due))" })")
    }

    /// A span whose event ends the clause before it (…后,) counts from that event: a duration,
    /// whatever demand governs it; when that event is this notice's receipt or issue, from the
    /// reference date.
    @Test(arguments: ["在确定编制单位后,建设单位需在7个工作日内进行首次公示", "问题移交后,责任单位须在10日内反馈办理情况",
                      "收到群众举报之后,应在3个工作日内核实"])
    func spanAfterAnEventClause(_ text: String) throws {
        let e = try Self.first(text, "2023-08-24")
        #expect(e.kind == .duration, "\(text): \(e.text) \(e.kind)")
    }

    @Test(arguments: [("通知下发后,各单位须在10日内上报", "2023-09-02"), ("接到本通知后,请于10个工作日内报送", "2023-09-06"),
                      ("最后,请于10日内将总结报送区整改办", "2023-09-02")])
    func spanAfterThisNoticesClause(_ c: (String, String)) throws {
        try GrammarClassTests.expectDeadline(c.0, "2023-08-24", due: c.1)
    }

    /// A relative day glossed with its month and day in Chinese numerals opens a range read
    /// whole, as with digits: each day word × each gloss form.
    @Test(arguments: [("由今日(八月十一日)至八月二十四日暫停營業", "2022-08-11"), ("由今日（8月11日）至8月24日暫停營業", "2022-08-11"),
                      ("由明日(八月十二日)至八月二十四日暫停營業", "2022-08-12"), ("明天(8月12號)至8月24日暫停營業", "2022-08-12")])
    func relativeDayGlossedInChineseNumerals(_ c: (String, String)) throws {
        let (text, start) = c
        let e = try Self.first(text, "2022-08-11")
        #expect(e.start?.description == start && e.end?.description == "2022-08-24" && e.kind != .deadline,
                "\(text): \(e.text) \(e.kind) \(String(describing: e.start)) \(String(describing: e.end))")
    }

    /// The year a tax, a budget or an audit is of, named as its attribute, is not carried to
    /// the sentence's limits (paid or rectified after it): each account × each limit form. A
    /// plan's year is still carried.
    static let accountYears: [(String, String)] = {
        var cases: [(String, String)] = []
        for account in ["2023年度房屋稅", "2023年度预算执行审计查出的问题", "二〇二三年度財政收支", "2023年度職業稅退稅"] {
            cases.append(("\(account),繳納期限至9月2日屆滿", "2024-09-02"))
            cases.append(("\(account),須於本年9月2日或之前清繳", "2024-09-02"))
            cases.append(("\(account),要在年底前整改到位", "2024-12-31"))
        }
        return cases
    }()

    @Test(arguments: accountYears)
    func accountYearIsNotTheSentencesYear(_ c: (String, String)) throws {
        try GrammarClassTests.expectDeadline(c.0, "2024-08-26", due: c.1, last: true)
    }

    @Test func aPlansYearIsCarried() throws {
        let e = try #require(DateParser(reference: GrammarClassTests.day("2025-03-01")).parse("2024年度重点工作计划:12月底前完成验收").last)
        #expect(e.due?.description == "2024-12-31", "\(e.text) \(String(describing: e.due))")
    }

    /// 首季, 首季度: the first quarter, as Hong Kong and Macau write it.
    @Test(arguments: [("在本年首季內發出", "2019-03-31"), ("2019年首季度完成", "2019-03-31"), ("今年首季末前完成", "2019-03-31")])
    func firstQuarterWord(_ c: (String, String)) throws {
        try GrammarClassTests.expectDeadline(c.0, "2019-01-10", due: c.1)
    }

    /// A quoted chain of immediate words before 原则, 工作法…: the name of a principle, no demand.
    @Test(arguments: ["坚持“边查边改、立行立改”原则,第一时间沟通", "坚持「立行立改」工作法", "践行“即知即改”理念"])
    func quotedImmediateNamingAPrinciple(_ text: String) {
        #expect(DateParser(reference: GrammarClassTests.day("2025-09-19")).parse(text).isEmpty, "\(text)")
    }

    /// 自/从 + this document's issue + 之日起, standing alone: a rule in force since the
    /// reference date. Each issuing verb × 自/从; a window (…至9月30日止) or a span (…之日起
    /// 30日内, …之日起的10個工作日內) it opens is read as before.
    static let issuedSince: [String] = ["印发", "发布", "公布", "下发", "發布"].flatMap { verb in
        ["本通知自\(verb)之日起施行", "一、从本通告\(verb)之日起,严禁在楼道内停放电动车"]
    }

    @Test(arguments: issuedSince)
    func sinceThisDocumentsIssue(_ text: String) throws {
        let e = try Self.first(text, "2018-06-27")
        #expect(e.kind == .since && e.start?.description == "2018-06-27", "\(text): \(e.text) \(e.kind)")
    }

    @Test(arguments: [("自公告之日起至2019年2月15日止接受报名", "2019-02-15"), ("自本通知印发之日起30日内报送", "2018-07-26"),
                      ("自本公示之日起的10個工作日內提出意見", "2018-07-10")])
    func windowOrSpanFromThisDocumentsIssue(_ c: (String, String)) throws {
        try GrammarClassTests.expectDeadline(c.0, "2018-06-27", due: c.1, last: true)
    }
}
