import ChineseDates
import Testing

/// Classes of expression that the seventh, eighth and ninth sets of published documents read for
/// the first time (eval/found/found-7.tsv, 110 documents, 39 in traditional script; found-8.tsv,
/// 102 documents, 53 traditional; found-9.tsv, 111 documents, 40 traditional) showed misread,
/// listed in found-7/8/9-classes.md, generated as tables: words × forms × scripts × reference
/// dates. No case is a sentence of those sets.
@Suite struct Found7ClassTests {
    typealias Case = GrammarClassTests.Case

    static func day(_ s: String) -> CivilDate { CivilDate(s)! }

    /// Found6ClassTests' check (the due, or no deadline), then the kind and the ends.
    static func checkLast(_ c: Case) throws {
        try Found6ClassTests.checkLast(c)
        let e = try #require(DateParser(reference: c.reference).parse(c.text).last, "\(c.text)")
        if c.due == nil { #expect(e.kind == c.kind, "\(c.text): \(e.text) \(e.kind)") }
        if let s = c.start { #expect(e.start?.description == s, "\(c.text): start \(e.start?.description ?? "nil")") }
        if let s = c.end { #expect(e.end?.description == s, "\(c.text): end \(e.end?.description ?? "nil")") }
    }

    static func deadline(_ text: String, _ ref: String, _ due: String) -> Case {
        Case(text: text, reference: day(ref), kind: .deadline, due: due, start: nil, end: nil)
    }

    // MARK: - Before a season or festival comes

    /// 来临前/到来前 is 前: before the season or the festival starts.
    static let arrivals: [Case] = {
        var out: [Case] = []
        for word in ["来临前", "来临之前", "到来前", "到来之前", "來臨前", "到來之前"] {
            out.append(deadline("确保主汛期\(word),全部处置到位。", "2023-05-24", "2023-06-30"))
            out.append(deadline("要在汛期\(word)完成隐患整治。", "2023-04-10", "2023-05-31"))
            out.append(deadline("务必于春节\(word)结清工资。", "2024-01-10", "2024-02-09"))
            out.append(deadline("确保国庆节\(word)完工。", "2024-09-01", "2024-09-30"))
        }
        return out
    }()

    @Test("A season or festival + 来临前/到来之前: by the day before it starts", arguments: arrivals)
    func arrival(_ c: Case) throws { try Self.checkLast(c) }

    // MARK: - 这个月, plan ends named in full

    static let planEnds: [Case] = {
        var out: [Case] = []
        for (plan, end) in [("十四五", "2025-12-31"), ("十三五", "2020-12-31"), ("十五五", "2030-12-31")] {
            for form in ["“\(plan)”时期末", "\(plan)规划期末", "「\(plan)」時期末", "\(plan)期末"] {
                out.append(deadline("到\(form),力争基本完成改造任务。", "2016-06-01", end))
            }
        }
        return out
    }()

    @Test("到“十四五”时期末 / 规划期末: the plan's last day", arguments: planEnds)
    func planEnd(_ c: Case) throws { try Self.checkLast(c) }

    // MARK: - Hong Kong's day-first slashes

    /// Before 或之前/或以前 the slash reads day/month; elsewhere month/day, as before.
    static let slashes: [Case] = {
        var out: [Case] = []
        let ref = "2023-12-01"
        for (d, m, due) in [(3, 1, "2024-01-03"), (27, 2, "2024-02-27"), (10, 4, "2024-04-10"), (15, 12, "2023-12-15")] {
            for form in ["須於\(d)/\(m)或之前把申請表交予班主任", "家長可於\(d)/\(m)或以前取消學位", "请于\(d)/\(m)或之前交回"] {
                out.append(deadline(form, ref, due))
            }
        }
        out.append(deadline("须于3/1前完成", ref, "2024-03-01"))
        out.append(deadline("预计1/15完工", ref, "2024-01-15"))
        return out
    }()

    @Test("D/M before 或之前 (Hong Kong), M/D elsewhere", arguments: slashes)
    func slash(_ c: Case) throws { try Self.checkLast(c) }

    // MARK: - Timetable rows

    static let rows: [Case] = {
        var out: [Case] = []
        let ref = "2023-11-20"
        for (date, due) in [("2023年12月21日", "2023-12-21"), ("2024年1月5日", "2024-01-05"), ("2024年2月23日", "2024-02-23")] {
            for gloss in ["", "(星期四)", " (五)", "(週五)"] {
                for cell in ["截止報名", "遞交正稿", "額外捐款截止日期", "需申請的同學需於上述日期前將表格交予班主任", "截止更新參加者資料",
                             "提交申请材料"] {
                    out.append(deadline("\(date)\(gloss) \(cell)", ref, due))
                }
                out.append(Case(text: "\(date)\(gloss) 舉行開放日", reference: day(ref), kind: .event, due: nil, start: nil, end: nil))
            }
        }
        out.append(deadline("2024年1月2日 至2024年1月16日 家長到心儀的中學遞交選校表格", ref, "2024-01-16"))
        return out
    }()

    @Test("A date heading a timetable row, its cell naming what closes or is handed in", arguments: rows)
    func row(_ c: Case) throws { try Self.checkLast(c) }

    // MARK: - Windows

    static let windows: [Case] = {
        var out: [Case] = []
        let ref = "2021-10-20"
        for end in ["2021年11月22日", "11月22日"] {
            out.append(deadline("市政协决定从即日起至\(end)止,面向社会公开征集提案线索。", ref, "2021-11-22"))
            out.append(deadline("自即日起至\(end)止，公開徵集意見", ref, "2021-11-22"))
            out.append(deadline("三、招募时间及参与时间 招募时间:即日起至\(end)", ref, "2021-11-22"))
        }
        out.append(deadline("補報時間:2021年10月26日-28日12:00。", ref, "2021-10-28"))
        return out
    }()

    @Test("即日起至D止 with 征集/招募, 補報時間: a window due its end", arguments: windows)
    func window(_ c: Case) throws { try Self.checkLast(c) }

    // MARK: - Moved limits, campaign windows, scheduled events

    @Test("从D1至D2前 + a campaign's work is its window; + a result due at its end, a deadline")
    func campaignWindow() throws {
        let ref = Self.day("2020-01-19")
        for text in ["从2019年12月份至2020年春节前对辖区内用人单位工资支付情况进行集中排查。",
                     "自2019年12月1日至2020年春节前,在全县范围内开展专项行动。"] {
            let e = try #require(DateParser(reference: ref).parse(text).first)
            #expect(e.kind == .event, "\(text): \(e.kind)")
        }
        try Self.checkLast(Self.deadline("自2019年12月1日至2020年6月底前完成全部整改。", "2020-01-19", "2020-06-30"))
    }

    @Test("将于D,即…,举办…: a day scheduled for what is held, not a target", arguments: [
        "行政長官宣布將於下月9日,即區議會選舉投票日前一日,舉辦「區選繽紛日」。",
        "市政府将于下月15日,即国庆节后第一周,召开全市整改推进会。",
    ])
    func scheduledHolding(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2023-11-29")).parse(text).first)
        #expect(e.kind == .event, "\(text): \(e.kind)")
    }

    // MARK: - 开学

    @Test("开展开学前校园安全专项检查 names an inspection")
    func termInspection() throws {
        let text = "3月7日上午,校领导深入开展开学前校园安全专项检查。"
        let found = DateParser(reference: Self.day("2024-03-08")).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    // MARK: - Rhythms, spans, ongoing, comparisons

    @Test("The same period twice with two verbs of the work: a cadence", arguments: [
        "未按要求开展安全隐患月排查月报送的单位", "实行周调度周通报", "坚持季考核季通报制度",
    ])
    func doubledPeriod(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2020-10-23")).parse(text).first, "\(text)")
        #expect(e.kind == .cadence, "\(text): \(e.text) \(e.kind)")
    }

    @Test("聘期三年, 任期为五年: a span", arguments: ["颁发聘书,聘期三年,可连聘连任", "监督员任期为五年", "聘期两年"])
    func term(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2020-10-23")).parse(text).first, "\(text)")
        #expect(e.kind == .duration, "\(text): \(e.text) \(e.kind)")
    }

    @Test("长期 + a channel kept open: ongoing", arguments: ["该平台长期面向社会征集提案线索", "长期受理群众来信"])
    func longOpen(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2020-10-23")).parse(text).first, "\(text)")
        #expect(e.kind == .ongoing, "\(text): \(e.text) \(e.kind)")
    }

    @Test("较/比 + a period's end: its last day", arguments: [
        ("较6月末提高了16个百分点", "2020-06-30"), ("比3月底增加120户", "2020-03-31"), ("较上年末下降2个百分点", "2019-12-31"),
    ])
    func comparedEnd(_ text: String, _ day: String) throws {
        try Self.checkLast(Case(text: text, reference: Self.day("2020-08-15"), kind: .event, due: nil, start: day, end: day))
    }

    // MARK: - found-8: windows, moved days, weekdays glossed, year plans

    static let consultations: [Case] = {
        var out: [Case] = []
        let ref = "2021-01-20"
        for (range, due) in [("1月23日至3月8日", "2021-03-08"), ("1月25日至2月5日", "2021-02-05")] {
            out.append(deadline("澳門特區政府現正進行公開諮詢,諮詢期由\(range)。", ref, due))
            out.append(deadline("推出意见收集期(由\(range))", ref, due))
            out.append(deadline("家長可透過電子平台於\(range)遞交選擇學校表格", ref, due))
            out.append(deadline("有關家長須於\(range)期間選校", ref, due))
        }
        return out
    }()

    @Test("咨询/意见收集 windows, a window with 遞交 after it, 須於…期間: due the end", arguments: consultations)
    func consultation(_ c: Case) throws { try Self.checkLast(c) }

    @Test("An occurrence moved is no cut-off: 开学时间推迟至9月8日")
    func movedOccurrence() throws {
        let e = try #require(DateParser(reference: Self.day("2020-08-20")).parse("开学时间推迟至9月8日").first)
        #expect(e.kind == .event, "\(e.kind)")
    }

    @Test("Timetable rows in M/D slashes with a weekday and a clock time", arguments: [
        ("01/08()23:55 第一階段報名截止", "2026-01-08"), ("01/25(日)23:55 第二階段報名截止", "2026-01-25"),
        ("01/12(一) 遞交報名表", "2026-01-12"),
    ])
    func slashRow(_ text: String, _ due: String) throws {
        try Self.checkLast(Self.deadline(text, "2025-12-30", due))
    }

    @Test("最迟于/最晚 + a day: the latest day allowed", arguments: ["分班名單最遲於8月1日在學校網頁公布", "最迟8月1日报送", "最晚于8月1日前提交"])
    func latest(_ text: String) throws {
        try Self.checkLast(Self.deadline(text, "2020-07-01", "2020-08-01"))
    }

    @Test("A ROC range's second end, its year not written, is no date of the reference year")
    func rocRangeEnd() throws {
        let text = "(三)活動時間:111年10月21日(星期五)至10月23日(星期日) 三天兩夜。"
        let found = DateParser(reference: Self.day("2022-09-01")).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    @Test("A year naming a plan is no target: 2018年整治计划任务清单")
    func yearPlanNamed() throws {
        let found = DateParser(reference: Self.day("2018-03-01")).parse("下一步,将启动2018年整治计划任务清单编制工作")
        #expect(!found.contains { $0.text.hasPrefix("2018") && $0.kind == .deadline }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    // MARK: - Older sets' open classes

    @Test("最快在D: the earliest day hoped for is the target")
    func earliest() throws {
        try Self.checkLast(Self.deadline("希望最快在今年12月31日能够复驶", "2024-08-06", "2024-12-31"))
    }

    @Test("A year, then 拟 and an act: the year's target", arguments: [
        "環保部還透露, 2018年擬對第一輪督察開展「回頭看」。", "2018年,拟对各县区开展专项督查",
    ])
    func yearProposed(_ text: String) throws {
        try Self.checkLast(Self.deadline(text, "2017-12-28", "2018-12-31"))
    }

    @Test("A slash day in brackets before 前", arguments: [("欲申請同學請於(12/18)前送件至系辦", "2016-12-18"), ("請於(1/5)之前繳交", "2017-01-05")])
    func bracketedSlash(_ text: String, _ due: String) throws {
        try Self.checkLast(Self.deadline(text, "2016-12-01", due))
    }

    // MARK: - Labels of a ledger's time, and "no later than"

    static let labelled: [Case] = {
        var out: [Case] = []
        let ref = "2025-03-01"
        for (date, due) in [("2025年10月底", "2025-10-31"), ("2025年12月", "2025-12-31"), ("10月31日", "2025-10-31")] {
            for label in ["整改销号时间为", "计划完成时间：", "完成时间", "完成时间 ", "预计完成时间为", "办结时间:", "完成時間為"] {
                out.append(deadline("\(label)\(date)", ref, due))
            }
            for word in ["最晚不超过", "不得晚于", "不迟于", "不得超过"] {
                out.append(deadline("整改\(word)\(date)", ref, due))
            }
        }
        return out
    }()

    @Test("完成时间/销号时间 + a day ahead, 不超过/不得晚于 + a day: deadlines", arguments: labelled)
    func labelledTime(_ c: Case) throws { try Self.checkLast(c) }

    @Test("完成时间 + a day gone, or 实际完成时间: when it was done", arguments: ["完成时间:2024年10月底", "实际完成时间为2025年1月"])
    func completedTime(_ text: String) throws {
        try Self.checkLast(Case(text: text, reference: Self.day("2025-03-01"), kind: .event, due: nil, start: nil, end: nil))
    }

    @Test("A year of account before a result verb is the year's target: 2025年度完成")
    func yearOfAccountTarget() throws {
        try Self.checkLast(Self.deadline("确保2025年度完成全部整改", "2025-03-01", "2025-12-31"))
        try Self.checkLast(Case(text: "2025年度施工方案", reference: Self.day("2025-03-01"), kind: .event, due: nil, start: nil, end: nil))
    }

    // MARK: - found-9: lateness, lasting states, hand-ins, conditions

    static let lateness: [Case] = {
        var out: [Case] = []
        let ref = "2024-02-20"
        for (written, due) in [("2月26日至3月7日", "2024-03-07"), ("3月7日", "2024-03-07"), ("3月1日—7日", "2024-03-07")] {
            for tail in ["逾期不再受理", "逾期不予受理", "過期不候", "逾期视为自动放弃"] {
                out.append(deadline("申请人须在\(written),\(tail)。", ref, due))
                out.append(deadline("\(written),\(tail)。", ref, due))
            }
        }
        out.append(deadline("2024年3月7日(下午5時)後遞交的逾期申請將不獲處理", ref, "2024-03-07"))
        return out
    }()

    @Test("A day or window, then what is late after it (逾期不再受理): due its end", arguments: lateness)
    func late(_ c: Case) throws { try Self.checkLast(c) }

    @Test("An arrangement in force until a day is no target; a work that goes on until a day is", arguments: [
        ("有關安排暫定實行至二月二十三日,屆時會再檢視情況。", false), ("图书馆暂停开放至3月1日", false),
        ("该项工作将持续到5月底。", true),
    ])
    func lasting(_ text: String, _ isDeadline: Bool) throws {
        let e = try #require(DateParser(reference: Self.day("2020-02-10")).parse(text).first, "\(text)")
        #expect((e.kind == .deadline) == isDeadline, "\(text): \(e.kind)")
    }

    @Test("A cut-off reported passed, a cut-off glossed after its label", arguments: [
        ("首輪報名已於2019年11月18日(星期一)截止。", "2019-11-20", "2019-11-18"),
        ("为避免临近截止申请日期(即2018年12月5日(下午11时59分))出现线路繁忙", "2018-11-20", "2018-12-05"),
    ])
    func cutoffPassedOrGlossed(_ text: String, _ ref: String, _ due: String) throws {
        let e = try #require(DateParser(reference: Self.day(ref)).parse(text).first, "\(text)")
        #expect(e.kind == .deadline && e.due?.description == due, "\(text): \(e.text) \(e.kind) \(String(describing: e.due))")
    }

    @Test("Tables' M/D windows with weekdays, spaced tildes, a payment label", arguments: [
        ("請於05/23(五) ~ 05/26(一)至超商繳費", "2025-05-26"), ("繳費 9/15(一)~9/21(日) 請至銀行繳交", "2025-09-21"),
        ("第12周末(5.24)前毕业设计结束", "2025-05-24"),
    ])
    func tableWindows(_ text: String, _ due: String) throws {
        try Self.checkLast(Self.deadline(text, "2025-05-01", due))
    }

    @Test("A ROC range with weekday and clock after its first end reads no date")
    func rocRangeWithClock() throws {
        let found = DateParser(reference: Self.day("2025-08-20")).parse("1.報名時間:114年9月4日(四)20:00至9月7日(日)23:59截止。")
        #expect(!found.contains { $0.kind == .deadline }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    @Test("于D将/把 + what is handed in + 上报/交至: due that day; 于D将召开 is scheduled", arguments: [
        ("于4月30日将《申报表》2份和事迹材料上报校团委。", true), ("请各单位于5月10日把汇总表交至办公室", true),
        ("市政府于4月30日将召开推进会", false), ("已于4月30日将材料上报了", false),
    ])
    func handIn(_ text: String, _ isDeadline: Bool) throws {
        let e = try #require(DateParser(reference: Self.day("2024-04-01")).parse(text).first, "\(text)")
        #expect((e.kind == .deadline) == isDeadline, "\(text): \(e.kind)")
    }

    @Test("D前 + a state reached (出生, 户籍, 年满) is who may take part, no target", arguments: [
        "招生对象:2024 年 6 月底前户籍在本区的适龄幼儿", "2018年8月31日前出生的儿童", "截至2024年9月1日前年满3周岁",
    ])
    func condition(_ text: String) throws {
        let found = DateParser(reference: Self.day("2024-03-01")).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    @Test("每单月/每双月 N日前: every other month", arguments: ["每單月10日前將進展情況表報送水利部", "每双月5日前报送"])
    func everyOtherMonth(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2017-01-10")).parse(text).first, "\(text)")
        #expect(e.kind == .cadence && e.text.hasSuffix("日前"), "\(text): \(e.text) \(e.kind)")
    }

    @Test("N日以上, N个月以上: a length", arguments: ["需三十日以上辦結者", "逾期3个月以上的问题"])
    func atLeast(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2017-01-10")).parse(text).first, "\(text)")
        #expect(e.kind == .duration, "\(text): \(e.text) \(e.kind)")
    }

    // MARK: - One sentence a class, due the day it names

    /// Classes with a handful of sentences each: (class, [(sentence, reference date, due)]).
    static let dueClasses: [(String, [(String, String, String)])] = [
        ("这个月底之前 is 本月底前", [
            ("确保这个月底之前把违章搭建拆除到位。", "2019-09-12", "2019-09-30"),
            ("这个月底前完成清理", "2024-02-03", "2024-02-29"),
            ("确保这个月20日前上线", "2024-11-05", "2024-11-20"),
        ]),
        ("A time limit moved, 已/已分别 before the move: due the new day", [
            ("项目完成期限已调整到10月底,目前该项工程正在抓紧施工。", "2006-10-19", "2006-10-31"),
            ("完成时限已经延长至11月15日", "2006-10-19", "2006-11-15"),
            ("搬迁完成时限已分别调整到2008年6月底", "2006-10-19", "2008-06-30"),
        ]),
        ("开学前 with no term named: the next term's start", [
            ("各学校要在开学前进行安全自查", "2014-02-10", "2014-02-28"),
            ("各学校要在开学前进行安全自查", "2014-07-01", "2014-08-31"),
            ("各学校要在开学前进行安全自查", "2023-10-15", "2024-02-29"),
            ("务必在秋季开学前完成维修", "2014-02-10", "2014-08-31"),
            ("務必在春季開學前完成維修", "2014-07-01", "2015-02-28"),
        ]),
        ("A day or time of a thing to do moved (註冊日期延長至, 報名時間延長至M/D): due the new day", [
            ("有關的註冊日期現延長至本星期五(十一月二十二日)", "2019-11-19", "2019-11-22"),
            ("报名时间延长至5/30", "2020-05-10", "2020-05-30"),
            ("报送时间顺延至10月8日", "2016-07-25", "2016-10-08"),
            ("故將申請退費時間順延至6/12。", "2020-05-10", "2020-06-12"),
            ("辦理註冊手續的日期將改爲七月十四日(下星期一)", "2025-07-08", "2025-07-14"),
        ]),
        ("A weekday with its day glossed, then 截止 or 前: that day", [
            ("消费券计画将于周六(14日)截止", "2021-08-10", "2021-08-14"),
            ("登记截止日期为星期六(8月14日)", "2021-08-10", "2021-08-14"),
            ("請於週五(13日)前交回", "2021-08-10", "2021-08-13"),
        ]),
        ("A year, then its plan with the act planned: the year's target", [
            ("2023年,中国计划新开工改造城镇老旧小区5.3万个。", "2023-03-01", "2023-12-31"),
            ("今年全国计划新开工改造城镇老旧小区5.3万个", "2023-03-01", "2023-12-31"),
            ("２０２５年，全國計劃新開工改造城鎮老舊小區２﹒５萬個", "2025-08-01", "2025-12-31"),
        ]),
        ("第一个工作日起计 N日内: day one is the first weekday after the document's", [
            ("有意報考者請自本公告刊登於《公報》後第一個工作日起計十日內報名。", "2009-10-14", "2009-10-24"),  // Wednesday
            ("投考報名表應自本通告於《公報》公布之日緊接第一個辦公日起計二十天內遞交", "2005-08-31", "2005-09-20"),
            ("请自本通知发布后第一个工作日起计五日内提交", "2024-05-10", "2024-05-17"),  // Friday: day one is Monday
        ]),
    ]
    static let dueRows = dueClasses.flatMap { c in c.1.map { (c.0, $0.0, $0.1, $0.2) } }

    @Test("A sentence of each class is due the day the class gives", arguments: dueRows)
    func due(_ rowClass: String, _ text: String, _ ref: String, _ due: String) throws {
        try Self.checkLast(Self.deadline(text, ref, due))
    }
}
