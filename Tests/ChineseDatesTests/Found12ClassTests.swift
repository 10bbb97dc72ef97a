import ChineseDates
import Testing

/// Classes of expression that the twelfth set of published documents read for the first time
/// (eval/found/found-12.tsv, 87 documents, 48 in traditional script) showed misread, listed in
/// found-12-classes.md, generated as tables: words × forms × scripts × reference dates. No case
/// is a sentence of that set.
@Suite struct Found12ClassTests {
    typealias Case = GrammarClassTests.Case

    static func day(_ s: String) -> CivilDate { CivilDate(s)! }

    static func deadline(_ text: String, _ ref: String, _ due: String) -> Case {
        Case(text: text, reference: day(ref), kind: .deadline, due: due, start: nil, end: nil)
    }

    static func notDeadline(_ text: String, _ ref: String) -> Case {
        Case(text: text, reference: day(ref), kind: .event, due: nil, start: nil, end: nil)
    }

    static func first(_ c: Case) throws -> DateExpression {
        try #require(DateParser(reference: c.reference).parse(c.text).first, "\(c.text)")
    }

    // MARK: - Windows open at the reference date

    /// "D1至D2期間接受申請", "可於D1至D2期間登入系統提交…": a window named by what is sent in.
    /// "即日起至D", "由即日起至D,參加者可…": a window opening on the day of the text.
    static let openWindows: [Case] = {
        var out: [Case] = []
        for (range, due) in [("11月9日至12月7日", "2025-12-07"), ("本年11月9日至12月7日", "2025-12-07"), ("2025年11月9日至2025年12月7日", "2025-12-07")] {
            for after in ["期間接受申請", "期间接受报名", "期間登入系統提交抽籤申請", "期间可向各区受理点递交材料"] {
                out.append(deadline("资助计划将于\(range)\(after)。", "2025-11-01", due))
                out.append(deadline("市民可於\(range)\(after)。", "2025-11-01", due))
            }
        }
        for opening in ["即日起至", "由即日起至", "自即日起至", "从即日起到"] {
            for (end, due) in [("12月31日", "2025-12-31"), ("2026年1月15日", "2026-01-15"), ("10月25日(星期六)", "2025-10-25")] {
                out.append(deadline("\(opening)\(end),參加者可無限次挑戰線上問答遊戲。", "2025-10-01", due))
                out.append(deadline("線上初賽:\(opening)\(end)(可作答2次)", "2025-10-01", due))
            }
        }
        return out
    }()

    @Test("期間 + a word of sending in, and 即日起至 D: due the end while open", arguments: openWindows)
    func openWindow(_ c: Case) throws { try Found6ClassTests.checkLast(c) }

    /// A phase of a campaign, and an arrangement in force, are no window to take part in.
    @Test(arguments: ["从即日起到明年1月10日为第一阶段。", "即日起至本年11月10日期間設特許施工時段。", "即日起至12月31日为集中整治阶段。"])
    func phaseOrArrangement(_ text: String) throws {
        try GrammarClassTests.expectFirstIsNoDeadline(text, "2025-10-01")
    }

    /// "即日起至11月28日" in November, with a later year named earlier in the sentence (a plan's
    /// "2026年…计划"): this year's 28 November, the first after today.
    static let yearlessEnds: [Case] = {
        var out: [Case] = []
        for plan in ["", "推出2026年资助计划,", "2027年度計劃现正接受申请,"] {
            for (end, due) in [("11月28日下午5时前", "2025-11-28"), ("11月28日止", "2025-11-28"), ("1月5日", "2026-01-05")] {
                out.append(deadline("\(plan)申请期由即日起至\(end)。", "2025-11-10", due))
            }
        }
        return out
    }()

    @Test("即日起至 a year-less end: the first such day on or after today", arguments: yearlessEnds)
    func yearlessEnd(_ c: Case) throws { try Found6ClassTests.checkLast(c) }

    // MARK: - Closing words

    /// "8月31日截稿", "最後登記日為12月30日", "延長投稿期限至3/15 23:59",
    /// "2017.04.01~07.10 24:00截止".
    static let closings: [Case] = {
        var out: [Case] = []
        for (date, due) in [("8月31日", "2022-08-31"), ("2022年8月31日", "2022-08-31"), ("8/31", "2022-08-31")] {
            out.append(deadline("文學獎徵稿(在學生皆為\(date)截稿)", "2022-06-01", due))
        }
        for act in ["登記", "报名", "申请", "缴费", "报送"] {
            for (lead, date) in [("今年的最後", "12月30日"), ("最后", "2022年12月30日"), ("本次最迟", "12月30日")] {
                out.append(deadline("行政公职局指出,\(lead)\(act)日為\(date)。", "2022-11-01", "2022-12-30"))
                out.append(deadline("\(lead)\(act)日期是\(date)。", "2022-11-01", "2022-12-30"))
            }
        }
        for verb in ["延長", "延期", "推迟", "顺延", "放宽"] {
            for limit in ["投稿期限", "申報期限", "报名时限"] {
                out.append(deadline("主辦單位宣布,將\(verb)\(limit)至3/15 23:59,讓同學完成創作。", "2026-03-01", "2026-03-15"))
                out.append(deadline("现\(verb)\(limit)至3月15日。", "2026-03-01", "2026-03-15"))
            }
        }
        for (range, due) in [("2017.04.01~07.10 24:00截止", "2017-07-10"), ("2017.04.01-07.10截止", "2017-07-10"),
                             ("2017.04.01~2017.07.10 24:00截止", "2017-07-10")] {
            out.append(deadline("作品提交截止 \(range)", "2017-04-01", due))
        }
        return out
    }()

    @Test("截稿, 最后X日为, 延长期限至, a dotted range closing at a clock time: a cut-off", arguments: closings)
    func closing(_ c: Case) throws { try Found6ClassTests.checkLast(c) }

    /// "截止計算" counts an age to a day: no cut-off.
    @Test(arguments: ["年齡以當年度12月31日截止計算。", "年龄按2024年12月31日截止计算,未满36岁。"])
    func countedTo(_ text: String) throws {
        GrammarClassTests.expectNoDeadline(text, "2024-04-15")
    }

    // MARK: - Day, month and year with slashes

    static let dayFirst: [Case] = {
        var out: [Case] = []
        for (start, end, due) in [("30/01/2024", "05/04/2024", "2024-04-05"), ("1/2/2024", "28/2/2024", "2024-02-28"),
                                  ("15/10/2024", "15/11/2024", "2024-11-15")] {
            for sep in [" – ", "-", "至", " ~ "] {
                out.append(deadline("課程報名日期:\(start)\(sep)\(end)", "2024-01-20", due))
            }
        }
        for (date, due) in [("31/05/2024", "2024-05-31"), ("5/6/2024", "2024-06-05")] {
            out.append(deadline("申請須於\(date)或之前遞交。", "2024-05-01", due))
            out.append(deadline("截止日期:\(date)", "2024-05-01", due))
        }
        return out
    }()

    @Test("D/M/YYYY, as Hong Kong and Macau write it, alone and in ranges", arguments: dayFirst)
    func dayMonthYear(_ c: Case) throws { try Found6ClassTests.checkLast(c) }

    /// Fractions and versions stay no date: "1/2/2024" needs its year of four digits last.
    @Test(arguments: ["比例为1/2/3。", "版本 3/4/20。", "编号12/13/20245"])
    func notDayMonthYear(_ text: String) throws {
        GrammarClassTests.expectNoDeadline(text, "2024-05-01")
    }

    // MARK: - Words that are no modifier

    /// 前往 is "go to": "預計6月前往…" is June, not before it.
    static let goingTo: [Case] = {
        var out: [Case] = []
        for (month, due) in [("6月", "2025-06-30"), ("2025年6月", "2025-06-30"), ("六月", "2025-06-30")] {
            for lead in ["預計", "预计", "计划"] {
                out.append(deadline("泰國志工隊\(lead)\(month)前往清萊華文學校。", "2025-05-27", due))
            }
        }
        return out
    }()

    @Test("D前往 (go to): D itself", arguments: goingTo)
    func goingToPlace(_ c: Case) throws { try Found6ClassTests.checkLast(c) }

    /// Pairs of immediate demands: "立说立行、立整立改", "边督边改".
    @Test(arguments: ["各镇要立说立行、立整立改;", "问题要立整立改。", "要边督边改、立行立改,", "做到即查即处。"])
    func immediatePair(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2018-04-18")).parse(text).first, "\(text)")
        #expect(e.kind == .deadline && e.due?.description == "2018-04-18" && e.flags.contains(.immediate), "\(text): \(e.text) \(e.kind)")
    }

    // MARK: - No limit of the reader's

    /// Spans counted from a receipt or an issue, and spans between two amounts: durations.
    static let counted: [Case] = {
        var out: [Case] = []
        for span in ["3天內", "三日内", "5個工作天內", "7个工作日内"] {
            for anchor in ["請於收取獎盃", "须于签收包裹后", "應於學校收悉", "请于收妥材料"] {
                out.append(Case(text: "\(anchor)\(span)向大會提出。", reference: day("2024-01-01"), kind: .duration, due: nil, start: nil, end: nil))
            }
            out.append(Case(text: "成績之有效期必須為\(span)。", reference: day("2024-01-01"), kind: .duration, due: nil, start: nil, end: nil))
        }
        for span in ["2-5個工作天內", "三至五个工作日内", "3到7天内", "1~2周内"] {
            out.append(Case(text: "申請人一般須於\(span)繳付第一期學費。", reference: day("2025-03-01"), kind: .duration, due: nil, start: nil, end: nil))
        }
        return out
    }()

    @Test("N天内 from a receipt, a validity, or between two amounts: a duration", arguments: counted)
    func countedFromAnother(_ c: Case) throws {
        let e = try Self.first(c)
        #expect(e.kind == .duration, "\(c.text): \(e.text) \(e.kind)")
    }

    /// A day, then who holds a meeting; 将于 + a date + what takes effect or sets off: when.
    static let occurrences: [Case] = {
        var out: [Case] = []
        for (date, ref) in [("10月7日晚", "2005-09-23"), ("10月8日上午", "2005-09-23"), ("2005年10月7日", "2005-09-23")] {
            for held in ["各班召开班会", "全校举行升旗仪式", "学院召开动员大会"] {
                out.append(notDeadline("学生须在9月30日前完成教学任务,\(date)\(held),清点人数。", ref))
            }
        }
        for (date, act) in [("2023年", "集中财力再实施一批重点民生工程"), ("8月", "啟程,赴馬尼拉"), ("明年1月1日", "施行新的管理办法"),
                            ("9月", "出发前往边疆")] {
            out.append(notDeadline("区政府将于\(date)\(act)。", "2022-10-14"))
            out.append(notDeadline("志工隊則將於\(date)\(act)。", "2022-10-14"))
        }
        return out
    }()

    @Test("A day of a meeting held, and 将于 + what takes effect or departs: no limit", arguments: occurrences)
    func occurrence(_ c: Case) throws {
        let found = DateParser(reference: c.reference).parse(c.text)
        let e = try #require(found.last, "\(c.text)")
        #expect(e.kind != .deadline, "\(c.text): \(e.text) \(e.kind)")
    }

    /// Conditions and states that look like limits: an age reached by a day, a closure lasting
    /// to a day.
    static let conditions: [Case] = {
        var out: [Case] = []
        for (point, ref) in [("今年年底前", "2020-11-17"), ("2020年12月31日前", "2020-11-17"), ("本年9月30日前", "2020-07-01")] {
            for age in ["將滿18歲", "将满十八周岁", "已满18岁", "未满36岁"] {
                out.append(notDeadline("凡年滿18歲的居民(包括\(point)\(age)),可辦理選民登記。", ref))
            }
        }
        for lasting in ["暫停開放14天", "暂停营业", "继续执行", "临时关闭两周"] {
            for end in ["至本月20日", "至2022年1月20日", "至1月20日"] {
                out.append(notDeadline("所有社區會堂明日起\(lasting),\(end)。", "2022-01-06"))
            }
        }
        return out
    }()

    /// An ROC range's second end inherits the ROC year: no date of this grammar at all.
    @Test(arguments: ["107年3月16日起至3月31日止", "107年3月16日起至107年3月31日止", "114年9月1日起到9月30日", "113年7月20日(六)起至8月10日"])
    func rocRangeEnd(_ range: String) throws {
        let found = DateParser(reference: Self.day("2018-03-01")).parse("六、上網申請日期:\(range)")
        #expect(!found.contains { $0.kind == .deadline }, "\(range): \(found.map { "\($0.text) \($0.kind)" })")
    }

    @Test("将满18岁 by a day, 暂停…,至 D: no limit", arguments: conditions)
    func condition(_ c: Case) throws {
        let found = DateParser(reference: c.reference).parse(c.text)
        #expect(!found.isEmpty && !found.contains { $0.kind == .deadline }, "\(c.text): \(found.map { "\($0.text) \($0.kind)" })")
    }
}
