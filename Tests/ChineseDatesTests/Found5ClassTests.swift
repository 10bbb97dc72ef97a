import ChineseDates
import Testing

/// Classes of expression that a fifth set of published documents read for the first time
/// (eval/found/found-5.tsv, 112 documents, 60 in traditional script) showed misread,
/// generated as whole tables: numerals × labels × scripts × reference dates. No case is a
/// sentence of that set.
@Suite struct Found5ClassTests {
    typealias Case = GrammarClassTests.Case

    static func day(_ s: String) -> CivilDate { CivilDate(s)! }

    /// A day written three ways, and its date in 2024.
    static let days: [(String, String)] = [
        ("5月30日", "2024-05-30"), ("五月三十日", "2024-05-30"), ("2024年5月30日", "2024-05-30"),
        ("12月3日", "2024-12-03"), ("十二月三日", "2024-12-03"), ("二〇二四年十二月三日", "2024-12-03"),
    ]
    static let reference = day("2024-05-02")

    // MARK: - Cut-offs written after the date, or named before it

    /// "5月30日截止", "…或之前", "最后日期为…", "截标时间为…", in either script: a deadline
    /// whatever the tense around it.
    static let cutoffs: [Case] = {
        var out: [Case] = []
        for (written, due) in days {
            for text in [
                "本计划今日起接受申请,\(written)截止。", "報名於\(written)截止", "请于\(written)或之前递交申请表",
                "家長可於\(written)或以前遞交申請", "接受申请的最后日期为\(written)。", "換證申請的最後日期為\(written)",
                "截标时间为\(written)下午五时", "截標時間為\(written)", "申请的最迟日期为\(written)",
            ] {
                out.append(Case(text: text, reference: reference, kind: .deadline, due: due, start: nil, end: nil))
            }
        }
        return out
    }()

    /// The last expression of `c.text` is the deadline `c` gives ("今日起接受申请,…截止": the
    /// window's start is read too; "截止日期,将由明日延至…": the day moved from).
    static func checkLast(_ c: Case) throws {
        let found = DateParser(reference: c.reference).parse(c.text)
        let e = try #require(found.last, "\(c.text)")
        #expect(e.kind == .deadline && e.due?.description == c.due, "\(c.text): \(e.text) \(e.kind) \(String(describing: e.due))")
    }

    @Test("截止 after a date, 或之前, 最后日期为, 截标时间为: a cut-off", arguments: cutoffs)
    func cutoff(_ c: Case) throws { try Self.checkLast(c) }

    @Test("截止 that starts a phrase of its own is no cut-off after the date",
          arguments: ["5月30日截止到目前,共受理120件", "5月30日截止目前,已完成"])
    func notCutoffSuffix(_ text: String) {
        let found = DateParser(reference: Self.reference).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    /// A cut-off moved to a new date, the cut-off named before the move: the new date is due.
    static let movedCutoffs: [Case] = {
        var out: [Case] = []
        for (written, due) in days {
            for verb in ["延至", "延长至", "推迟至", "顺延至", "調整為", "押後至"] {
                out.append(Case(text: "申请截止日期,将由明日\(verb)\(written),让申请人有更多时间", reference: reference,
                                kind: .deadline, due: due, start: nil, end: nil))
                out.append(Case(text: "報名的最後日期現\(verb)\(written)", reference: reference,
                                kind: .deadline, due: due, start: nil, end: nil))
            }
        }
        return out
    }()

    @Test("A cut-off moved (截止日期…延至 D) is due D", arguments: movedCutoffs)
    func movedCutoff(_ c: Case) throws { try Self.checkLast(c) }

    @Test("A date moved with no cut-off named is when a thing now happens, and a superseded cut-off is none",
          arguments: ["供热时间提前至11月13日", "开学时间推迟至9月8日", "原定今天截止申请", "原定5月30日截止"])
    func movedOccurrence(_ text: String) {
        let found = DateParser(reference: Self.reference).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    // MARK: - Windows to take part in

    static let windows: [Case] = {
        var out: [Case] = []
        for (label, sep) in [("一、征集时间", " "), ("征集时间:", ""), ("報名時間", " "), ("公示时间为", ""), ("公示时间为年", "")] {
            for (written, due) in days where !written.hasPrefix("2") && !written.hasPrefix("二") {
                out.append(Case(text: "\(label)\(sep)即日起至\(written)。", reference: reference, kind: .deadline, due: due,
                                start: nil, end: nil))
            }
        }
        for verb in ["公开征集", "征求意见", "接受报名", "受理申报"] {
            out.append(Case(text: "现面向社会\(verb),即日起到5月30日止。", reference: reference, kind: .deadline,
                            due: "2024-05-30", start: nil, end: nil))
        }
        return out
    }()

    @Test("征集时间 即日起至…, 即日起到…止 in a call: a window due its end", arguments: windows)
    func window(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("A window whose end is written before the reference date keeps its end")
    func windowEndBeforeReference() throws {
        let c = Case(text: "征集时间:即日起至2018年11月30日。", reference: Self.day("2025-09-10"), kind: .deadline,
                     due: "2018-11-30", start: nil, end: nil)
        try GrammarClassTests.check(c)
    }

    // MARK: - Days glossed in brackets, days of a month in context

    static let glossedDays: [Case] = {
        var out: [Case] = []
        // The reference date a few days off the document's: the glossed day wins.
        for (ref, word, glossed, expected) in [
            ("2026-02-21", "今日", 16, "2026-02-16"), ("2026-02-21", "今天", 16, "2026-02-16"),
            ("2022-03-02", "明日", 3, "2022-03-03"), ("2022-03-02", "明天", 3, "2022-03-03"),
            ("2024-01-02", "今日", 30, "2023-12-30"), ("2024-01-30", "明日", 2, "2024-02-02"),
        ] {
            for bracket in [("(", ")"), ("（", "）")] {
                out.append(Case(text: "特首\(word)\(bracket.0)\(glossed)日\(bracket.1)發表賀辭。", reference: day(ref), kind: .event,
                                due: nil, start: expected, end: expected))
            }
        }
        return out
    }()

    @Test("今日(16日), 明日（3日）: the day glossed", arguments: glossedDays)
    func glossedDay(_ c: Case) throws { try GrammarClassTests.check(c) }

    static let monthGlossThenDay: [Case] = ["", " "].flatMap { gap in
        [("下月", "2023-12-05"), ("本月", "2023-11-05")].map { word, expected in
            Case(text: "工作小组将于\(word)(\(word == "下月" ? 12 : 11)月)\(gap)5日下午举行咨询会", reference: day("2023-11-23"),
                 kind: .event, due: nil, start: expected, end: expected)
        }
    }

    @Test("下月(12月) 5日: the month glossed, then its day", arguments: monthGlossThenDay)
    func monthGloss(_ c: Case) throws {
        let found = DateParser(reference: c.reference).parse(c.text)
        let e = try #require(found.first, "\(c.text)")
        #expect(e.start?.description == c.start && e.end?.description == c.end, "\(c.text): \(e.text) \(String(describing: e.start))")
    }

    static let daysInContext: [Case] = {
        var out: [Case] = []
        for (m, d, ref) in [(11, 15, "2018-11-03"), (3, 28, "2024-03-01"), (12, 31, "2024-12-20")] {
            for first in ["\(m)月7日", "\(m)月7号"] {
                let expected = CivilDate(year: Int(ref.prefix(4))!, month: m, day: d)!.description
                out.append(Case(text: "\(first)锅炉将点火试运行,\(d)日零时正式供暖。", reference: day(ref), kind: .event,
                                due: nil, start: expected, end: expected))
            }
        }
        return out
    }()

    @Test("A day alone after a month written earlier in the sentence is of that month", arguments: daysInContext)
    func dayInContext(_ c: Case) throws {
        let found = DateParser(reference: c.reference).parse(c.text)
        let e = try #require(found.last, "\(c.text)")
        #expect(e.start?.description == c.start, "\(c.text): \(e.text) \(String(describing: e.start))")
    }

    // MARK: - Months joined, ranges of a template

    static let joinedMonths: [Case] = {
        var out: [Case] = []
        for (first, second, last) in [("一月", "二月", "2023-02-28"), ("1月", "3月", "2023-03-31"), ("十月", "十一月", "2023-11-30")] {
            for join in ["及", "和", "與"] {
                for year in ["二零二三年", "2023年"] {
                    out.append(Case(text: "所有僱主須於\(year)\(first)\(join)\(second)份內遞交表格", reference: day("2023-01-18"),
                                    kind: .deadline, due: last, start: nil, end: nil))
                }
            }
        }
        return out
    }()

    @Test("一月及二月份内: months joined before a limit are one run", arguments: joinedMonths)
    func joinedMonth(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("The end of a template's range is no date", arguments: ["20××年6月1日至30日。", "20XX年3月1日至15日", "20__年9月1日到30日"])
    func templateRangeEnd(_ text: String) {
        let found = DateParser(reference: Self.reference).parse(text)
        #expect(!found.contains { $0.kind == .deadline || $0.kind == .event }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    // MARK: - Spans from this document, spans standing alone, rhythms after each period

    static let documentSpans: [Case] = {
        var out: [Case] = []
        // Reference 2020-05-27, a Wednesday.
        for (word, unit) in [("工作日", "working"), ("個工作日", "working"), ("工作天", "working"), ("個工作天", "working")] {
            _ = unit
            out.append(Case(text: "投考人可自本名單公佈於《公報》翌日起計十\(word)內提出上訴", reference: day("2020-05-27"),
                            kind: .deadline, due: "2020-06-10", start: nil, end: nil))
            out.append(Case(text: "應考人可自本名單公佈之日起計十\(word)內提起上訴", reference: day("2020-05-27"),
                            kind: .deadline, due: "2020-06-09", start: nil, end: nil))
        }
        for doc in ["本告知书", "本决定书", "本通告", "本通知书"] {
            out.append(Case(text: "可在收到\(doc)之日起三日内提出", reference: day("2019-06-01"), kind: .deadline,
                            due: "2019-06-03", start: nil, end: nil))
        }
        return out
    }()

    @Test("自本名单公布…翌日起计N个工作日内, 收到本告知书之日起N日内: counted from the document", arguments: documentSpans)
    func documentSpan(_ c: Case) throws { try GrammarClassTests.check(c) }

    static let lonelySpans: [(String, DateExpression.Span)] = [
        ("24小時連續監控", .init(amount: 24, unit: .hour)), ("共停水9小时", .init(amount: 9, unit: .hour)),
        ("标书的有效期为90日", .init(amount: 90, unit: .day)), ("期間為六十日", .init(amount: 60, unit: .day)),
        ("公示五个工作日", .init(amount: 5, unit: .workday)), ("展期7天", .init(amount: 7, unit: .day)),
        ("开始日之七日前公告", .init(amount: 7, unit: .day)), ("30分钟到达现场", .init(amount: 30, unit: .minute)),
    ]

    @Test("Hours, minutes, working days, N天 and days past a month's end are spans alone", arguments: lonelySpans)
    func lonelySpan(_ text: String, _ span: DateExpression.Span) {
        let found = DateParser(reference: Self.reference).parse(text)
        #expect(found.count == 1 && found.first?.kind == .duration, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    @Test("A day of the month, an amount of months, 前一天 and 最后一个工作日 are no span alone",
          arguments: ["于826日召开", "3个月", "放假前一天清扫卫生", "每月最后一个工作日提交", "第二天"])
    func notLonelySpan(_ text: String) {
        let found = DateParser(reference: Self.reference).parse(text)
        #expect(!found.contains { $0.kind == .duration }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    static let periodRhythms: [(String, DateExpression.Period)] = {
        var out: [(String, DateExpression.Period)] = []
        for n in ["18", "十五", "7"] {
            for tail in ["日前", "日内", "日", "个工作日内"] {
                out.append(("财务状况表(月报) 月后\(n)\(tail)报送", .month))
                out.append(("工资总额(季报) 季后\(n)\(tail)", .quarter))
                out.append(("扣缴义务人在代扣税款的次月\(n)\(tail),向税务机关报送", .month))
            }
        }
        return out
    }()

    @Test("月后N日前, 季后N日, 的次月N日内: a rhythm after each period", arguments: periodRhythms)
    func periodRhythm(_ text: String, _ period: DateExpression.Period) {
        let found = DateParser(reference: Self.reference).parse(text)
        guard case .cadence(let c)? = found.first(where: { $0.kind == .cadence })?.meaning else {
            Issue.record("no rhythm: \(found.map { "\($0.text) \($0.kind)" })")
            return
        }
        #expect(c.period == period, "\(text): \(String(describing: c.period))")
        #expect(!found.contains { $0.kind == .deadline }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    @Test("次月, 3个月后 and 5月后 are no rhythm", arguments: ["请于次月5日前报送", "3个月后18日前完成", "5月后10日内"])
    func notPeriodRhythm(_ text: String) {
        let found = DateParser(reference: Self.reference).parse(text)
        #expect(!found.contains { $0.kind == .cadence }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    // MARK: - News datelines (from unseen 整改进展 reports read by the importer)

    static let datelines: [Case] = {
        var out: [Case] = []
        for (written, ref) in [("9月27日", "2022-09-27"), ("6月21日下午", "2016-06-21"), ("3月20日至21日", "2018-03-21")] {
            for body in ["督察整改工作领导小组办公室通报了整改进展情况", "巡视整改落实工作领导小组会议在909会议室召开",
                         "市整改办召开整改工作推进会", "督導組前往整改現場檢查"] {
                out.append(Case(text: "\(written),\(body)。", reference: day(ref), kind: .event, due: nil, start: nil, end: nil))
            }
        }
        return out
    }()

    @Test("A news item's dateline on the reference date is no target, 整改工作 is no verb", arguments: datelines)
    func dateline(_ c: Case) throws {
        let found = DateParser(reference: c.reference).parse(c.text)
        #expect(!found.contains { $0.kind == .deadline }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    @Test("A bare date still ahead before 整改 the verb is a target",
          arguments: ["2025年6月30日,整改到位", "12月31日,全面整改完毕", "2025年,整改销号80%"])
    func bareTargetStillAhead(_ text: String) {
        let found = DateParser(reference: Self.day("2025-03-01")).parse(text)
        #expect(found.first?.kind == .deadline, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    // MARK: - Spans ago, targets after 将, campaigns named by their time

    static let agoSpans: [(String, String)] = [
        ("半年前", "2025-06-12"), ("三年前", "2022-12-12"), ("3年前", "2022-12-12"), ("两个月前", "2025-10-12"),
        ("10天前", "2025-12-02"), ("约半个月前", "2025-11-27"), ("早在五年前", "2020-12-12"),
    ]

    @Test("半年前, 三年前 opening a clause: a moment that long ago", arguments: agoSpans)
    func ago(_ written: String, _ day: String) throws {
        let e = try GrammarClassTests.only(Case(text: "他指出，\(written)，市长主持了典礼。", reference: Self.day("2025-12-12"),
                                                kind: .event, due: nil, start: nil, end: nil))
        #expect(e.kind == .event && e.start?.description == day, "\(e.text) \(e.kind) \(String(describing: e.start))")
    }

    @Test("A span before an event of the text, or after 于, is no moment ago",
          arguments: ["会议召开3天前报送材料", "于3天前完成", "提前3天报送"])
    func notAgo(_ text: String) {
        let found = DateParser(reference: Self.day("2025-12-12")).parse(text)
        #expect(!found.contains { $0.kind == .event }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    static let futureResults: [(String, DateExpression.Kind)] = {
        var out: [(String, DateExpression.Kind)] = []
        for year in ["今年", "2019年", "明年"] {
            for subject in ["河北省", "我市", "全省各地"] {
                out.append(("\(year)\(subject)将把审批时间压减至110个工作日以内", .deadline))
                out.append(("\(year)\(subject)将全面完成老旧小区改造任务", .deadline))
                out.append(("\(year)\(subject)将举办第十届运动会", .event))
                out.append(("\(year)\(subject)将召开第三次党代会", .event))
            }
        }
        return out
    }()

    @Test("今年…将 + a result further in the clause is a target; 将 + an occurrence is not", arguments: futureResults)
    func futureResult(_ text: String, _ kind: DateExpression.Kind) throws {
        // "110个工作日以内" is read too, as a duration: the year is the first expression.
        let e = try #require(DateParser(reference: Self.day("2019-02-01")).parse(text).first, "\(text)")
        #expect(e.kind == kind, "\(text): \(e.kind)")
    }

    static let campaigns: [String] = ["国庆节前", "春节前", "汛前", "节前", "元旦前"].flatMap { time in
        ["决定在全县开展\(time)安全生产大检查", "组织\(time)隐患排查", "部署\(time)专项督查"]
    }

    @Test("开展国庆节前安全生产大检查: a campaign named by its time, no target", arguments: campaigns)
    func campaign(_ text: String) {
        let found = DateParser(reference: Self.day("2010-09-20")).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    @Test("A date before the check to finish by is still a target")
    func checkByADate() throws {
        try GrammarClassTests.check(Case(text: "国庆节前完成安全检查", reference: Self.day("2010-09-20"), kind: .deadline,
                                         due: "2010-09-30", start: nil, end: nil))
    }

    // MARK: - Festivals of a fixed date

    static let fixedFestivals: [(String, String)] = [
        ("植树节", "03-12"), ("植樹節", "03-12"), ("三八妇女节", "03-08"), ("青年节", "05-04"), ("六一儿童节", "06-01"),
        ("儿童节", "06-01"), ("建党节", "07-01"), ("建军节", "08-01"), ("教师节", "09-10"), ("教師節", "09-10"), ("圣诞节", "12-25"),
    ]

    @Test("植树节前, 教师节前: festivals of a fixed date", arguments: fixedFestivals)
    func fixedFestival(_ name: String, _ monthDay: String) throws {
        let due = CivilDate("2024-\(monthDay)")!.adding(days: -1).description
        try GrammarClassTests.check(Case(text: "力争\(name)前完成", reference: Self.day("2024-01-10"), kind: .deadline, due: due,
                                         start: nil, end: nil))
    }

    @Test("为确保国庆节期间安全 read in late September is the coming holiday")
    func plannedFestivalWeek() throws {
        let e = try GrammarClassTests.only(Case(text: "為了確保國慶節期間我區安全生產穩步運行", reference: Self.day("2009-09-26"),
                                                kind: .event, due: nil, start: nil, end: nil))
        #expect(e.start?.description == "2009-10-01", "\(e.text): \(String(describing: e.start))")
    }
}
