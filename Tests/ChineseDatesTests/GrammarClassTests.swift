import ChineseDates
import Testing

/// Whole classes of expression, generated: numerals × units × modifiers × spacing × script.
/// Each case states the class it stands for; none is a sentence taken from a dev set.
@Suite struct GrammarClassTests {
    struct Case: Sendable, CustomStringConvertible {
        let text: String
        let reference: CivilDate
        let kind: DateExpression.Kind
        /// The due date of a deadline, or nil when the expression is no deadline.
        let due: String?
        let start: String?
        let end: String?
        var flags: DateExpression.Flags = []
        var description: String { "\(text) @\(reference)" }
    }

    static func day(_ s: String) -> CivilDate { CivilDate(s)! }

    /// The first expression of `text` read on `reference` is found and is no deadline.
    static func expectFirstIsNoDeadline(_ text: String, _ reference: String) throws {
        let e = try #require(DateParser(reference: day(reference)).parse(text).first, "\(text)")
        #expect(e.kind != .deadline, "\(text): \(e.text) \(e.kind)")
    }

    /// The first expression of `text` read on `reference` (the last, with `last`) is a deadline
    /// due `due`.
    static func expectDeadline(_ text: String, _ reference: String, due: String, last: Bool = false) throws {
        let found = DateParser(reference: day(reference)).parse(text)
        let e = try #require(last ? found.last : found.first, "\(text)")
        #expect(e.kind == .deadline && e.due?.description == due, "\(text): \(e.text) \(e.kind) \(String(describing: e.due))")
    }

    /// No expression of `text` read on `reference` is a deadline (there may be none at all).
    static func expectNoDeadline(_ text: String, _ reference: String) {
        let found = DateParser(reference: day(reference)).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(text): \(found.map { "\($0.text) \($0.kind)" })")
    }

    /// The one expression of `c.text` (the test fails if there is none or several).
    static func only(_ c: Case, role: DateParser.Role = .narrative) throws -> DateExpression {
        let found = DateParser(reference: c.reference, role: role).parse(c.text)
        try #require(found.count == 1, "\(c.text): \(found.map(\.text))")
        return found[0]
    }

    static func check(_ c: Case, role: DateParser.Role = .narrative) throws {
        let e = try only(c, role: role)
        #expect(e.kind == c.kind, "\(c.text): kind \(e.kind)")
        #expect(e.due?.description == c.due, "\(c.text): due \(e.due?.description ?? "nil")")
        if let s = c.start { #expect(e.start?.description == s, "\(c.text): start \(e.start?.description ?? "nil")") }
        if let x = c.end { #expect(e.end?.description == x, "\(c.text): end \(e.end?.description ?? "nil")") }
        #expect(e.flags.isSuperset(of: c.flags), "\(c.text): flags \(e.flags.names)")
    }

    // MARK: - Numerals and spacing

    static let yearSpellings: [(String, Int)] = [("2025", 2025), ("２０２５", 2025), ("二〇二五", 2025), ("二零二五", 2025)]
    static let monthSpellings: [(String, Int)] = [("3", 3), ("３", 3), ("三", 3), ("10", 10), ("十", 10), ("12", 12), ("十二", 12)]
    /// Spaces that PDF text and careless typing leave inside dates.
    static let gaps = ["", " ", "\u{3000}", "  "]

    /// Modifier → (due for year Y, month M).
    static let monthModifiers: [(String, @Sendable (Int, Int) -> CivilDate)] = [
        ("月底前", { y, m in CivilDate.lastDay(year: y, month: m) }),
        ("月末前", { y, m in CivilDate.lastDay(year: y, month: m) }),
        ("月前", { y, m in CivilDate.firstDay(year: y, month: m).adding(days: -1) }),
        ("月上旬前", { y, m in CivilDate(year: y, month: m, day: 10)! }),
        ("月中旬前", { y, m in CivilDate(year: y, month: m, day: 20)! }),
        ("月下旬前", { y, m in CivilDate.lastDay(year: y, month: m) }),
        ("月份前", { y, m in CivilDate.firstDay(year: y, month: m).adding(days: -1) }),
    ]

    static let monthDeadlines: [Case] = {
        var out: [Case] = []
        for (ys, y) in yearSpellings {
            for (ms, m) in monthSpellings {
                for (mod, due) in monthModifiers {
                    for gap in gaps where !(gap == "  " && ys != "2025") {
                        // The gap goes where PDF text puts it: around 年 and 月.
                        let unit = mod.dropFirst()
                        let text = "\(ys)\(gap)年\(gap)\(ms)\(gap)月\(unit)完成整改"
                        out.append(Case(text: text, reference: day("2024-11-21"), kind: .deadline,
                                        due: due(y, m).description, start: nil, end: nil))
                    }
                }
            }
        }
        return out
    }()

    @Test("Y年M月 with every modifier, numeral and gap is a deadline with its due", arguments: monthDeadlines)
    func monthDeadline(_ c: Case) throws { try Self.check(c) }

    /// The year said twice or with 度: 2025年年底前, 2025年年内, 2025年度.
    static let compoundYears: [Case] = yearSpellings.flatMap { ys, y in
        ["年年底前", "年底前", "年末前", "年年末前", "年年内", "年内", "年年底"].map { form in
            Case(text: "确保\(ys)\(form)全面完成", reference: day("2024-11-21"), kind: .deadline,
                 due: "\(y)-12-31", start: nil, end: nil)
        }
    }

    @Test("Y年年底前, Y年年内 and Y年末前 are by the end of Y", arguments: compoundYears)
    func compoundYear(_ c: Case) throws { try Self.check(c) }

    @Test("Y年度 names the year as a span", arguments: ["2023年度", "二〇二三年度"])
    func yearOfAccount(_ written: String) throws {
        let e = try Self.only(Case(text: "\(written)预算执行情况", reference: Self.day("2024-06-01"), kind: .event,
                                   due: nil, start: nil, end: nil))
        #expect(e.start?.description == "2023-01-01")
        #expect(e.end?.description == "2023-12-31")
    }

    static let quarterLists: [Case] = [
        ("一、二季度", "2025-01-01", "2025-06-30"), ("三、四季度", "2025-07-01", "2025-12-31"),
        ("二至三季度", "2025-04-01", "2025-09-30"), ("一、二季", "2025-01-01", "2025-06-30"),
    ].map { Case(text: "2025年\($0.0)完成", reference: day("2024-11-21"), kind: .deadline, due: $0.2, start: $0.1, end: $0.2) }

    @Test("A list of quarters spans all of them", arguments: quarterLists)
    func quarterList(_ c: Case) throws { try Self.check(c) }

    static let xunSpans: [Case] = [
        ("上中旬", "2025-05-01", "2025-05-20"), ("中下旬", "2025-05-11", "2025-05-31"),
    ].map { Case(text: "计划2025年5月\($0.0)完成", reference: day("2024-11-21"), kind: .deadline, due: $0.2, start: $0.1, end: $0.2) }

    @Test("上中旬 and 中下旬 span two ten-day parts", arguments: xunSpans)
    func xunSpan(_ c: Case) throws { try Self.check(c) }

    // MARK: - A clock time or weekday between the day and 前

    static let dayTails = [
        "17:00", "17:30", "下午5点", "下午5点半", "上午10时", "上午10时30分", "24时", "24:00时", "12时整",
        "(星期五)", "（星期五）", "(周五)", "下班", "上午下班", "下午下班", "(星期五)下午", "（周五）17:00",
    ]
    static let clockDeadlines: [Case] = dayTails.flatMap { tail in
        ["12月5日", "2025年12月5日", "十二月五日", "12 月 5 日"].map { d in
            Case(text: "请于\(d)\(tail)前报送", reference: day("2025-12-01"), kind: .deadline, due: "2025-12-05",
                 start: nil, end: nil)
        }
    }

    @Test("A clock time, time of day or weekday between the day and 前 keeps the day", arguments: clockDeadlines)
    func clockDeadline(_ c: Case) throws { try Self.check(c) }

    @Test("A written weekday picks the year of a date without one")
    func weekdayPicksYear() throws {
        // 2026-01-04 is a Sunday; 2025-01-04 a Saturday.
        let e = try Self.only(Case(text: "1月4日(周日)上班", reference: Self.day("2025-12-20"), kind: .event, due: nil,
                                   start: nil, end: nil))
        #expect(e.start?.description == "2026-01-04")
    }

    // MARK: - Cut-offs, limits and demands

    static let cutoffs: [Case] = {
        let prefixes = ["截止时间为", "截止时间：", "截止日期：", "截止日期为", "报名截止时间为", "时限为", "期限为",
                        "完成时限：", "整改时限:", "反馈截止时间为", "截至时间为"]
        return prefixes.flatMap { p in
            [("2025年3月10日", "2025-03-10"), ("3月10日", "2025-03-10"), ("今年9月底", "2025-09-30"),
             ("2025年第三季度", "2025-09-30"), ("2025年上半年", "2025-06-30")].map { d, due in
                Case(text: "\(p)\(d)", reference: day("2025-02-10"), kind: .deadline, due: due, start: nil, end: nil)
            }
        }
    }()

    @Test("A cut-off or limit is a deadline", arguments: cutoffs)
    func cutoff(_ c: Case) throws { try Self.check(c) }

    static let demands: [Case] = ["须在", "务必在", "要求于", "请于", "应于", "限于"].flatMap { d in
        [("10月底", "2025-10-31"), ("下月15日", "2025-03-15"), ("2025年10月底", "2025-10-31")].map { date, due in
            Case(text: "\(d)\(date)完成", reference: day("2025-02-10"), kind: .deadline, due: due, start: nil, end: nil)
        }
    }

    @Test("A demand (须在, 要求于, 请于) makes a bare date a target", arguments: demands)
    func demand(_ c: Case) throws { try Self.check(c) }

    @Test("分别于5月底、11月底前完成 gives two deadlines")
    func twoDeadlines() {
        let found = DateParser(reference: Self.day("2025-02-10")).parse("分别于5月底、11月底前完成")
        #expect(found.map(\.kind) == [.deadline, .deadline])
        #expect(found.map { $0.due?.description } == ["2025-05-31", "2025-11-30"])
    }

    @Test("截至 a past date is an as-of; 截至 a date to come is a cut-off")
    func asOfOrCutoff() throws {
        let past = try Self.only(Case(text: "截至2024年8月底,已完成整改", reference: Self.day("2024-11-21"), kind: .asOf,
                                      due: nil, start: nil, end: nil))
        #expect(past.kind == .asOf)
        let coming = try Self.only(Case(text: "受理时间截止到2024年12月10日", reference: Self.day("2024-11-21"),
                                        kind: .deadline, due: nil, start: nil, end: nil))
        #expect(coming.due?.description == "2024-12-10")
    }

    // MARK: - 到 + time

    static let untilTargets: [Case] = {
        var out: [Case] = []
        for (when, due) in [("2027年底", "2027-12-31"), ("2026年", "2026-12-31"), ("2030年", "2030-12-31"),
                            ("2025年6月底", "2025-06-30"), ("“十四五”末", "2025-12-31")] {
            for tail in ["，覆盖率达到90%", ",基本建成全域污水收集体系", "，力争实现全覆盖", "，PM2.5浓度下降15%"] {
                out.append(Case(text: "到\(when)\(tail)", reference: day("2024-11-21"), kind: .deadline, due: due,
                                start: nil, end: nil))
            }
        }
        return out
    }()

    @Test("到 + a time still ahead, before a result, is a deadline", arguments: untilTargets)
    func untilTarget(_ c: Case) throws { try Self.check(c) }

    static let untilCounts: [Case] = ["，累计完成整改320个", "，已完成整改", "，共关停企业12家", "，全区累计投入3亿元"].map {
        Case(text: "到2024年底\($0)", reference: day("2025-03-01"), kind: .asOf, due: nil, start: nil, end: nil)
    }

    @Test("到 + a past time, before a count so far, is an as-of", arguments: untilCounts)
    func untilCount(_ c: Case) throws { try Self.check(c) }

    @Test("A quoted plan keeps 到 + a past year a target")
    func quotedPlan() throws {
        try Self.check(Case(text: "意见提出,到2020年,全市空气质量优良天数比例达到80%", reference: Self.day("2022-05-01"),
                            kind: .deadline, due: "2020-12-31", start: nil, end: nil))
    }

    // MARK: - Tense from the sentence

    static let bareTargets: [Case] = [
        ("2025年,完成全部整改", "2025-12-31"), ("2025年底,城区4G网络全覆盖", "2025-12-31"),
        ("今年完成老旧小区改造50个", "2024-12-31"), ("12月份投入使用", "2024-12-31"),
        ("2026年基本建成", "2026-12-31"), ("今年内压减产能60万吨", "2024-12-31"),
    ].map { Case(text: $0.0, reference: day("2024-11-21"), kind: .deadline, due: $0.1, start: nil, end: nil) }

    @Test("A current or future bare date before a result verb is a target", arguments: bareTargets)
    func bareTarget(_ c: Case) throws { try Self.check(c) }

    static let bareFacts: [Case] = [
        "2023年,完成全部整改", "2024年6月,完成验收", "2024年3月完成设计", "2024年5月22日召开推进会", "2023年全区巡查522次",
    ].map { Case(text: $0, reference: day("2024-11-21"), kind: .event, due: nil, start: nil, end: nil) }

    @Test("A past bare date, or one before no result verb, is a fact", arguments: bareFacts)
    func bareFact(_ c: Case) throws { try Self.check(c) }

    @Test("将于 + an occurrence is a planned event; 将于 + 前 + a result is a deadline")
    func scheduledOccurrences() throws {
        let start = try Self.only(Case(text: "工程将于11月初开工", reference: Self.day("2024-10-10"), kind: .event,
                                       due: nil, start: nil, end: nil))
        #expect(start.kind == .event)
        #expect(start.flags.contains(.planned))
        #expect(start.start?.description == "2024-11-01")
        try Self.check(Case(text: "工程将于11月底前完成", reference: Self.day("2024-10-10"), kind: .deadline,
                            due: "2024-11-30", start: nil, end: nil))
    }

    @Test("A target reported met is a fact: 已于8月底前完成")
    func doneTarget() throws {
        let e = try Self.only(Case(text: "各支部已于8月底前完成整改", reference: Self.day("2024-11-21"), kind: .event,
                                   due: nil, start: nil, end: nil))
        #expect(e.kind == .event)
        #expect(e.flags.contains(.done))
    }

    @Test("A coming occurrence takes the coming year; a fact the last one")
    func comingAndPast() throws {
        let coming = try Self.only(Case(text: "8月上旬,督查组将对全市进行复查", reference: Self.day("2019-07-10"), kind: .event,
                                        due: nil, start: nil, end: nil))
        #expect(coming.start?.description == "2019-08-01")
        let past = try Self.only(Case(text: "8月上旬,督查组对全市进行了复查", reference: Self.day("2019-07-10"), kind: .event,
                                      due: nil, start: nil, end: nil))
        #expect(past.start?.description == "2018-08-01")
    }

    // MARK: - Relative days and weeks

    static let relativeDays: [Case] = [
        ("今天", "2025-03-12"), ("今日", "2025-03-12"), ("明天", "2025-03-13"), ("明日", "2025-03-13"),
        ("昨天", "2025-03-11"), ("昨日上午", "2025-03-11"), ("前天", "2025-03-10"),
    ].map { Case(text: "\($0.0),督查组召开推进会", reference: day("2025-03-12"), kind: .event, due: nil, start: $0.1, end: $0.1) }

    @Test("今天, 明天, 昨天 count from the reference date", arguments: relativeDays)
    func relativeDay(_ c: Case) throws { try Self.check(c) }

    // 2025-03-12 is a Wednesday.
    static let relativeWeeks: [Case] = [
        ("本周五前", "2025-03-14"), ("下周一前", "2025-03-17"), ("下周五前", "2025-03-21"), ("本周内", "2025-03-16"),
        ("本月底前", "2025-03-31"), ("本月中旬前", "2025-03-20"), ("下月15日前", "2025-04-15"), ("次月5日前", "2025-04-05"),
    ].map { Case(text: "请于\($0.0)报送", reference: day("2025-03-12"), kind: .deadline, due: $0.1, start: nil, end: nil) }

    @Test("本周五前, 下周一前, 本月底前, 次月5日前 are due from the reference date", arguments: relativeWeeks)
    func relativeWeek(_ c: Case) throws { try Self.check(c) }

    /// "25日前": this month while the day is still to come, else next month.
    static let bareDays: [Case] = [
        ("25日前", "2025-03-12", "2025-03-25"), ("25日前", "2025-03-28", "2025-04-25"), ("10日前", "2025-12-20", "2026-01-10"),
    ].map { Case(text: "请于\($0.0)报送", reference: day($0.1), kind: .deadline, due: $0.2, start: nil, end: nil) }

    @Test("A bare day before 前 is this month's, or next month's once passed", arguments: bareDays)
    func bareDay(_ c: Case) throws { try Self.check(c) }

    @Test("即日起 is a since from the reference date")
    func fromToday() throws {
        try Self.check(Case(text: "从即日起,全面开展专项整治", reference: Self.day("2019-04-28"), kind: .since, due: nil,
                            start: "2019-04-28", end: "2019-04-28"))
    }

    // MARK: - Counted limits and durations

    @Test("A limit counted from this document is a deadline from its date", arguments: [
        "收到本通知之日起15日内报送", "接到通知后15日内报送", "本通知印发之日起15日内报送",
    ])
    func documentAnchoredLimit(_ text: String) throws {
        try Self.check(Case(text: "请各单位\(text)", reference: Self.day("2025-03-01"), kind: .deadline, due: "2025-03-15",
                            start: nil, end: nil))
    }

    @Test("A limit counted from another event is a duration", arguments: [
        "会后5个工作日内报送", "发现问题后10日内整改", "公告发布10天内自行清理", "收到举报后3日内核查",
    ])
    func eventAnchoredLimit(_ text: String) throws {
        let e = try Self.only(Case(text: "要求\(text)", reference: Self.day("2025-03-01"), kind: .duration, due: nil,
                                   start: nil, end: nil))
        #expect(e.kind == .duration)
    }

    static let durations: [String] = {
        var out: [String] = []
        for (pre, post) in [("为期", ""), ("经过", "努力"), ("利用", "时间"), ("用", "时间"), ("共", ""), ("历时", ""),
                            ("不到", "时间"), ("连续", "")] {
            for amount in ["两", "3", "十", "4个多", "三到五"] {
                for unit in ["个月", "天", "年", "周"] where !(amount == "4个多" && unit != "个月") {
                    let u = amount == "4个多" ? "月" : unit
                    out.append("\(pre)\(amount)\(u)\(post)")
                }
            }
        }
        return out + ["1个月18天", "30天左右", "用半年时间", "历时40多天", "5分钟内", "1小时内", "四年左右时间"]
    }()

    @Test("Spans with 为期, 经过, 利用, 共, 历时 … are durations", arguments: durations)
    func duration(_ written: String) throws {
        let found = DateParser(reference: Self.day("2025-03-01")).parse("\(written),开展集中整治")
        let e = try #require(found.first, "\(written): nothing read")
        #expect(e.kind == .duration, "\(written): \(e.kind) \(e.text)")
        #expect(found.allSatisfy { $0.kind != .deadline })
    }

    // MARK: - Seasons and periods

    static let seasons: [Case] = [
        ("2023-2024年秋冬季", "2023-10-01", "2024-03-31"), ("2023—2024年秋冬季", "2023-10-01", "2024-03-31"),
        ("2024年秋冬季", "2024-10-01", "2025-03-31"), ("2024年汛期", "2024-06-01", "2024-09-30"),
        ("2024年主汛期", "2024-07-01", "2024-08-31"), ("2024年春季", "2024-03-01", "2024-05-31"),
        ("“十四五”期间", "2021-01-01", "2025-12-31"),
    ].map { Case(text: "\($0.0),全市开展专项检查", reference: day("2024-11-21"), kind: .event, due: nil, start: $0.1, end: $0.2) }

    @Test("Seasons and plan periods name their months", arguments: seasons)
    func season(_ c: Case) throws { try Self.check(c) }

    @Test("A season before 前 is due before it starts")
    func beforeSeason() throws {
        try Self.check(Case(text: "2025年汛期前完成加固", reference: Self.day("2024-11-21"), kind: .deadline,
                            due: "2025-05-31", start: nil, end: nil))
    }

    // MARK: - Cadences with their day

    static let cadences = [
        "每月25日前报送", "每月的25日前报送", "每年3月底前报送", "每年4月30日前完成", "每季度末报送", "每周五前报送",
        "每半个月调度一次", "半月一调度", "实施季调度和季通报", "实行月调度", "不定期开展抽查", "日产日清",
    ]

    @Test("A rhythm with its day is a cadence, not a one-off deadline", arguments: cadences)
    func cadence(_ text: String) throws {
        let found = DateParser(reference: Self.day("2025-03-01")).parse(text)
        let e = try #require(found.first, "\(text): nothing read")
        #expect(e.kind == .cadence, "\(text): \(e.kind) \(e.text)")
        #expect(found.allSatisfy { $0.kind != .deadline }, "\(text): \(found.map(\.text))")
    }

    // MARK: - Ongoing and immediate

    @Test("Ongoing work", arguments: ["长期坚持", "常态化推进", "久久为功", "持续深化", "动态清零", "长期整改", "動態調整", "長期堅持"])
    func ongoing(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2025-03-01")).parse(text).first)
        #expect(e.kind == .ongoing)
    }

    @Test("立行立改 demanded of problems is due at once", arguments: ["对常规问题立行立改。", "对发现的问题即知即改、立行立改,", "立行立改"])
    func immediate(_ text: String) throws {
        let found = DateParser(reference: Self.day("2025-03-01")).parse(text)
        let e = try #require(found.last)
        #expect(e.kind == .deadline)
        #expect(e.due?.description == "2025-03-01")
        #expect(e.flags.contains(.immediate))
    }

    @Test("立行立改 naming a list or a kind of case is no date", arguments: ["建立立行立改清单", "下发立行立改通知书16份", "这一立行立改的案例"])
    func immediateAsName(_ text: String) {
        #expect(DateParser(reference: Self.day("2025-03-01")).parse(text).allSatisfy { $0.kind != .deadline })
    }

    // MARK: - Damage

    static let runTogether: [Case] = [
        ("20251228日之前", "2025-12-28"), ("1230日前", "2025-12-30"), ("2025930日前", "2025-09-30"),
    ].map { Case(text: "请在\($0.0)填写", reference: day("2025-12-01"), kind: .deadline, due: $0.1, start: nil, end: nil) }

    @Test("Digits run together read where exactly one split is a date", arguments: runTogether)
    func runTogetherDigits(_ c: Case) throws { try Self.check(c) }

    @Test("Run-together digits with two readings, and long numbers, are not dates", arguments: ["2025111日前", "84688931", "编号20251228"])
    func ambiguousDigits(_ text: String) {
        #expect(DateParser(reference: Self.day("2025-12-01")).parse(text).allSatisfy { $0.kind != .deadline })
    }

    @Test("A template's blank year is no date", arguments: ["责令你单位于20_年8月31日前整改", "于XX年X月X日前完成"])
    func templateBlank(_ text: String) {
        #expect(DateParser(reference: Self.day("2020-06-01")).parse(text).allSatisfy { $0.kind != .deadline })
    }

    // MARK: - Since an event

    @Test("X以来 is a since running to the reference date", arguments: ["巡视整改以来", "党的二十大以来", "集中整改期以来", "自2016年9月开展首轮巡察以来"])
    func sinceEvent(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2025-03-01")).parse("\(text),共发现问题120个").first)
        #expect(e.kind == .since)
        #expect(e.end?.description == "2025-03-01")
    }
    // MARK: - Festivals, context months, windows

    @Test("A festival name in quotes, and “十一”, before 前", arguments: ["争取“十一”之前完成公示", "确保“国庆”前完成", "确保\"五一\"前完成"])
    func quotedFestival(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2018-08-01")).parse(text).first)
        #expect(e.kind == .deadline)
        #expect(e.due?.description == (text.contains("五一") ? "2018-04-30" : "2018-09-30"))
    }

    @Test("十一 alone is a number, not the National Day", arguments: ["第十一条前款", "十一前"])
    func elevenIsANumber(_ text: String) {
        #expect(DateParser(reference: Self.day("2018-08-01")).parse(text).allSatisfy { $0.kind != .deadline })
    }

    @Test("国庆放假期间 is the holiday week")
    func holidayWeek() throws {
        try Self.check(Case(text: "国庆放假期间,后勤保障部将组织抽查", reference: Self.day("2015-09-25"), kind: .event, due: nil,
                            start: "2015-10-01", end: "2015-10-07"))
    }

    @Test("当月 is the month of the sentence's last date")
    func contextMonth() throws {
        let found = DateParser(reference: Self.day("2019-01-20")).parse("必须在3月15日前完成整改,确保当月下旬接受验收")
        let e = try #require(found.last)
        #expect(e.start?.description == "2019-03-21")
        #expect(e.end?.description == "2019-03-31")
    }

    @Test("A date inside a year-end target's period does not roll into the next year")
    func noRollInsideTheTarget() throws {
        let found = DateParser(reference: Self.day("2020-11-11")).parse("对2020年底前要完成的整改任务,务必倒排工期,确保12月10日前完成")
        #expect(found.last?.due?.description == "2020-12-10")
    }

    @Test("自X起到Y is one window: a phase is an event, a window before a result is a deadline")
    func windows() throws {
        let phase = try #require(DateParser(reference: Self.day("2016-12-01")).parse("从即日起到明年1月10日为第一阶段").first)
        #expect(phase.kind != .deadline)
        let target = try #require(DateParser(reference: Self.day("2016-12-01")).parse("第二阶段自明年1月11日起到明年底结束,计划完成主要河道平整").first)
        #expect(target.kind == .deadline)
        #expect(target.due?.description == "2017-12-31")
    }

    @Test("A period whose state is reported is an event, whatever cue came before", arguments: ["重点工作计划二季度执行情况", "2024年度工作计划第二季度完成情况"])
    func reportedPeriod(_ text: String) throws {
        #expect(DateParser(reference: Self.day("2024-07-10")).parse(text).allSatisfy { $0.kind != .deadline })
    }

    @Test("A year whose targets follow it is a deadline; a plan's name or a vision is not")
    func yearTargets() throws {
        let p = DateParser(reference: Self.day("2021-03-01"))
        #expect(p.parse("全面完成好2021年各项工作任务").first?.due?.description == "2021-12-31")
        #expect(p.parse("确定的2021年空气质量改善目标").first?.due?.description == "2021-12-31")
        #expect(p.parse("2035年远景目标").allSatisfy { $0.kind != .deadline })
        #expect(p.parse("启动2021年整治计划任务清单编制工作").allSatisfy { $0.kind != .deadline })
    }

    @Test("限期 and 核予 make an amount of time a duration", arguments: ["查核机构应限期 1 个月改正完竣", "得核予 3 个月改正期限"])
    func limitDurations(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2021-03-01")).parse(text).first)
        #expect(e.kind == .duration)
    }

    @Test("2019年…启动以来 is a since from the date")
    func datedEventSince() throws {
        try Self.check(Case(text: "2019年第二轮督察启动以来,已分四批完成督察", reference: Self.day("2021-12-30"), kind: .since,
                            due: nil, start: "2019-01-01", end: "2021-12-30"))
    }
    @Test("A fact reported done is not after the document: 今年8月…审议了 in early January is last year's")
    func factNotAfterTheDocument() throws {
        let e = try #require(DateParser(reference: Self.day("2023-01-06")).parse("今年8月,市人大常委会听取和审议了报告").first)
        #expect(e.start?.description == "2022-08-01")
    }

    @Test("A window from 即日 ends on its own year's date")
    func windowFromToday() throws {
        let e = try #require(DateParser(reference: Self.day("2016-12-01")).parse("从即日起到明年1月10日为第一阶段").first)
        #expect(e.start?.description == "2016-12-01")
        #expect(e.end?.description == "2017-01-10")
    }

    @Test("A signature's date keeps its day when 日 is lost")
    func signatureWithoutRi() throws {
        let e = try #require(DateParser(reference: Self.day("2022-08-20")).parse("寿县人民政府督查室 2022年8月19").first)
        #expect(e.start?.description == "2022-08-19")
    }
    @Test("A 前 written once after a list of dates belongs to each of them")
    func sharedModifier() {
        let found = DateParser(reference: Self.day("2025-01-06")).parse("请于4月8日、7月8日、10月8日及12月8日前报送")
        #expect(found.map(\.kind) == [.deadline, .deadline, .deadline, .deadline])
        #expect(found.map { $0.due?.description } == ["2025-04-08", "2025-07-08", "2025-10-08", "2025-12-08"])
    }

    /// (The time of an act to do moved, "报送时间顺延至10月8日", is a cut-off moved: Found7ClassTests.)
    @Test("A day of an occurrence moved to (调到, 顺延至) is no limit", arguments: ["9月1日(星期四)上班调到8月28日(星期日)", "开学时间顺延至9月8日"])
    func movedDay(_ text: String) {
        #expect(DateParser(reference: Self.day("2016-07-25")).parse(text).allSatisfy { $0.kind != .deadline })
    }

    static let comingOccurrences: [Case] = [
        ("2月19日(初八)正常上班。", "2021-02-05", "2021-02-19"),
        ("9月1日到7日,杭州市9个城区实施调休放假", "2016-07-25", "2016-09-01"),
        ("8月28-9月6日宁波全大市实行单双号限行", "2016-07-25", "2016-08-28"),
        ("10月1日(星期六,国庆节)至7日(星期五)放假调休", "2011-09-20", "2011-10-01"),
        ("1月29日补1月31日星期一的班", "2022-01-10", "2022-01-29"),
    ].map { Case(text: $0.0, reference: day($0.1), kind: .event, due: nil, start: $0.2, end: nil) }

    @Test("An occurrence with no year that comes within two months is the coming one", arguments: comingOccurrences)
    func comingOccurrence(_ c: Case) throws {
        let e = try #require(DateParser(reference: c.reference).parse(c.text).first)
        #expect(e.kind != .deadline)
        #expect(e.start?.description == c.start)
    }

    @Test("A year-to-date period just ended stays this year's: 1-11月份 in late December")
    func yearToDate() throws {
        let e = try #require(DateParser(reference: Self.day("2020-12-24")).parse("1-11月份,各地紧盯年度目标任务").first)
        #expect(e.start?.description == "2020-01-01")
    }

    @Test("A year run into its month, the 年 lost: 20251月20日前")
    func yearRunIntoMonth() throws {
        let e = try #require(DateParser(reference: Self.day("2025-01-06")).parse("并于20251月20日前报区政府督查室").first)
        #expect(e.due?.description == "2025-01-20")
    }

    @Test("每季度最后一个月的30日前 is a cadence")
    func quarterCadence() throws {
        let found = DateParser(reference: Self.day("2023-01-06")).parse("要在每季度最后一个月的30日前报送")
        #expect(found.first?.kind == .cadence)
        #expect(found.allSatisfy { $0.kind != .deadline })
    }
}
