import ChineseDates
import Testing

/// Classes of expression that a set of published documents read for the first time
/// (eval/found/found-3.tsv) showed misread, generated as whole tables: numerals × units ×
/// modifiers × cues × script. No case is a sentence of that set.
@Suite struct UnseenClassTests {
    typealias Case = GrammarClassTests.Case

    static func day(_ s: String) -> CivilDate { CivilDate(s)! }

    /// The cues a target is written with, simplified and traditional.
    static let targetCues = ["", "力争", "确保", "争取", "计划", "预计", "要求", "力爭", "確保", "爭取", "計劃"]

    // MARK: - 年中 and 月中 before the verb of what is due

    static let middles: [Case] = {
        var out: [Case] = []
        for cue in targetCues {
            // 开工 with no cue is an occurrence reported or scheduled, not a target.
            for verb in ["完成", "全面完成", "基本完成", "建成", "投入使用", "开工", "完成整改", "前完成", "左右完成"]
                where !(cue.isEmpty && verb == "开工") {
                let kind: DateExpression.Kind = verb.hasPrefix("左右") ? .event : .deadline
                let due = kind == .deadline ? "2025-06-30" : nil
                for year in ["2025年", "2025年年", "二〇二五年", "二〇二五年年", "２０２５年"] {
                    out.append(Case(text: "\(cue)\(year)中\(verb)", reference: day("2025-01-10"), kind: kind, due: due,
                                    start: nil, end: nil))
                }
                if cue != "" {
                    out.append(Case(text: "\(cue)年中\(verb)", reference: day("2025-01-10"), kind: kind, due: due,
                                    start: nil, end: nil))
                }
            }
        }
        return out
    }()

    @Test("年中 before a verb is the middle of the year (June)", arguments: middles)
    func middleOfYear(_ c: Case) throws { try GrammarClassTests.check(c) }

    static let monthMiddles: [Case] = ["3", "三", "３", "10", "十"].flatMap { m in
        ["完成", "开工", "前完成", "全面完成"].map { verb in
            let month = ["3", "三", "３"].contains(m) ? 3 : 10
            return Case(text: "计划2025年\(m)月中\(verb)", reference: day("2025-01-10"), kind: .deadline,
                        due: String(format: "2025-%02d-20", month), start: nil, end: nil)
        }
    }

    @Test("M月中 before a verb is the middle ten days of the month", arguments: monthMiddles)
    func middleOfMonth(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("中 that starts a word after a year is no time", arguments: [
        "2017年中央环保督察反馈问题", "2024年中国经济", "2023年中组部", "2025年中考", "2024年中小企业", "2024年中期评估",
    ])
    func middleInsideWord(_ text: String) {
        let found = DateParser(reference: Self.day("2025-01-10")).parse(text)
        #expect(found.allSatisfy { $0.text.hasSuffix("年") }, "\(text): \(found.map(\.text))")
    }

    // MARK: - A month's part or the year's with the month or year left out

    static let monthPartsAlone: [Case] = {
        var out: [Case] = []
        let parts: [(String, String)] = [("月底前", "2025-03-31"), ("月底", "2025-03-31"), ("月末前", "2025-03-31"),
                                         ("月中旬前", "2025-03-20"), ("月上旬前", "2025-03-10"), ("月下旬", "2025-03-31")]
        for (part, due) in parts {
            for lead in ["请于", "务必于", "要求", "各单位", "請於", "務必於"] {
                out.append(Case(text: "\(lead)\(part)报送整改情况", reference: day("2025-03-05"), kind: .deadline, due: due,
                                start: nil, end: nil))
            }
        }
        return out
    }()

    @Test("月底前 with no month is the reference month's end", arguments: monthPartsAlone)
    func monthPartAlone(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("月底前 after a month written earlier takes that month")
    func monthPartInContext() throws {
        let found = DateParser(reference: Self.day("2025-01-10")).parse("计划2025年4月10日完成设计,月底前开工")
        #expect(found.map { $0.due?.description } == ["2025-04-10", "2025-04-30"])
    }

    @Test("月 after 每, a numeral or 个 is no month of its own", arguments: ["每月底前报送", "3个月底前", "岁月初心"])
    func monthPartNotAlone(_ text: String) {
        let found = DateParser(reference: Self.day("2025-03-05")).parse(text)
        #expect(!found.contains { $0.kind == .deadline && $0.due?.description == "2025-03-31" }, "\(text)")
    }

    static let yearOfAccountWithin: [Case] = ["", "2025", "二〇二五", "本"].flatMap { y in
        ["完成", "全面完成整改", "办结"].map { verb in
            Case(text: "确保\(y)年度内\(verb)", reference: day("2025-03-05"), kind: .deadline, due: "2025-12-31",
                 start: nil, end: nil)
        }
    }

    @Test("年度内 is by the end of the year, with or without the year", arguments: yearOfAccountWithin)
    func yearOfAccount(_ c: Case) throws { try GrammarClassTests.check(c) }

    // MARK: - 汛前: the flood season with its name cut short

    static let floodCut: [Case] = {
        var out: [Case] = []
        for cue in targetCues + ["确保在", "务必在", "於"] {
            for form in ["汛前", "入汛前", "汛期前", "主汛期前", "2025年汛前"] {
                let due = form.hasPrefix("主") ? "2025-06-30" : "2025-05-31"
                for verb in ["完成", "全部整治到位", "要整改到位", "完成加固"] {
                    out.append(Case(text: "\(cue)\(form)\(verb)", reference: day("2025-02-20"), kind: .deadline, due: due,
                                    start: nil, end: nil))
                }
            }
        }
        return out
    }()

    @Test("汛前 and 入汛前 are due the day before the flood season", arguments: floodCut)
    func floodSeasonCut(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("汛前 naming an inspection, and 汛 inside 防汛/度汛, are no time", arguments: [
        "开展汛前检查", "指导汛前准备工作", "组织汛前大检查", "做好防汛前期工作", "确保安全度汛前提下", "抓紧备汛前的准备",
        "汛前安全检查", "開展汛前檢查",
    ])
    func floodAttribute(_ text: String) {
        let found = DateParser(reference: Self.day("2025-02-20")).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(text): \(found.map(\.text))")
    }

    @Test("A season in a slogan (汛期不结束、排查不停止) is no target", arguments: [
        "按照“汛期不过、检查不停、整改不止”的要求", "做到“汛期不结束、排查不停止”", "按照“汛期不過、檢查不停、整改不止”的要求",
    ])
    func seasonSlogan(_ text: String) {
        let found = DateParser(reference: Self.day("2025-02-20")).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(text): \(found.map(\.text))")
    }

    @Test("汛后 is after the flood season, an event")
    func afterFloodSeason() throws {
        let e = try GrammarClassTests.only(Case(text: "汛后开展复查", reference: Self.day("2025-02-20"), kind: .event,
                                                 due: nil, start: nil, end: nil))
        #expect(e.kind == .event)
    }

    // MARK: - A period reported with a statistic measured against the past

    static let statistics: [Case] = {
        var out: [Case] = []
        for period in ["上半年", "一季度", "前三季度", "1-10月", "2024年"] {
            for verb in ["完成地区生产总值802.81亿元", "实现营业收入12亿元", "完成投资90.5亿元", "达到15万人次"] {
                for comparison in ["比上年同期增长28.6%", "同比增长16%", "较上年下降3.2%", "比去年同期增加2个百分点"] {
                    out.append(Case(text: "\(period),全市\(verb),\(comparison)", reference: day("2025-01-10"), kind: .event,
                                    due: nil, start: nil, end: nil))
                }
            }
        }
        return out
    }()

    @Test("A result measured against a past period is a statistic, not a target", arguments: statistics)
    func statistic(_ c: Case) throws {
        // The period compared with (上年, 去年同期) is an expression of its own, a comparison.
        let found = DateParser(reference: c.reference).parse(c.text)
        #expect(found.first?.kind == .event, "\(c.text): \(found.map(\.text))")
        // Reported in January, a quarter or half is last year's (one that has ended).
        #expect(found.first?.end.map { $0 < c.reference } ?? false, "\(c.text): ends \(found.first?.end?.description ?? "nil")")
        #expect(!found.contains { $0.kind == .deadline }, "\(c.text): \(found.map(\.text))")
    }

    @Test("A target with a cue stays a target though it names a growth rate")
    func targetWithGrowth() throws {
        try GrammarClassTests.check(Case(text: "力争2025年上半年地区生产总值同比增长6%", reference: Self.day("2025-01-10"),
                                         kind: .deadline, due: "2025-06-30", start: nil, end: nil))
    }

    // MARK: - Spans with a ceiling, and spans counted back from a term's end

    static let ceilings: [Case] = ["不超过", "不能超过", "不得超过", "最长不超过", "原则上不超过", "超过", "不能超過"].flatMap { p in
        ["1年", "一年", "6个月", "30日", "15个工作日", "6個月"].map { n in
            Case(text: "隐患整改期限\(p)\(n)", reference: day("2025-01-10"), kind: .duration, due: nil, start: nil, end: nil)
        }
    }

    @Test("A ceiling on a span (不能超过1年) is a duration", arguments: ceilings)
    func ceiling(_ c: Case) throws { try GrammarClassTests.check(c) }

    static let countedBack: [Case] = ["届满前", "期满前", "到期前", "屆滿前", "到期後"].flatMap { p in
        ["20个工作日内", "10日内", "一个月内", "20個工作日內"].map { n in
            Case(text: "责任单位应在治理期限\(p)\(n)提出延期申请", reference: day("2025-01-10"), kind: .duration, due: nil,
                 start: nil, end: nil)
        }
    }

    @Test("A span counted from the end of a term (期限届满前20个工作日内) is a duration", arguments: countedBack)
    func countedBackSpan(_ c: Case) throws { try GrammarClassTests.check(c) }

    // MARK: - Rhythms

    static let rhythms: [String] = {
        var out: [String] = []
        for (a, b) in [("日", "跟踪"), ("周", "调度"), ("月", "督导"), ("日", "盯办"), ("周", "复核"), ("月", "核查"), ("季", "抽查"),
                       ("日", "跟蹤"), ("週", "調度")] {
            out += ["建立“\(a)\(b)、月通报”机制", "实行\(a)\(b)制度", "圍繞問題整改建立“\(a)\(b)”機制"]
        }
        for w in ["逐月", "逐季", "逐季度", "逐周", "逐日", "逐旬"] {
            out += ["按年度工作目标\(w)推进工作进度", "\(w)调度整改进展", "按年度工作目標\(w)推進"]
        }
        return out
    }()

    @Test("日跟踪, 周复核 and 逐月 are rhythms", arguments: rhythms)
    func rhythm(_ text: String) throws {
        let found = DateParser(reference: Self.day("2025-01-10")).parse(text)
        #expect(found.first?.kind == .cadence, "\(text): \(found.map(\.text))")
        #expect(!found.contains { $0.kind == .deadline }, "\(text)")
    }

    @Test("逐年 is a trend, and 人民日报 a paper: no rhythm", arguments: ["收入逐年增长", "据人民日报报道", "人民日報報道"])
    func notRhythm(_ text: String) {
        let found = DateParser(reference: Self.day("2025-01-10")).parse(text)
        #expect(!found.contains { $0.kind == .cadence }, "\(text): \(found.map(\.text))")
    }

    // MARK: - Years this grammar leaves unread keep their months unread too

    static let unreadYears: [String] = {
        var out: [String] = []
        // Two-digit years of 2010–2039 are read ("24年4月底前", Found4ClassTests); a two-digit ROC
        // year (before 2011) is over 39.
        for y in ["112", "113", "105", "民国113", "民國113", "97", "99"] {
            for gap in ["", " "] {
                for tail in ["3月10日(星期五)前完成填報", "6月27日下午4時前送交", "11月30日止", "4月底前", "1月至6月之施政情形",
                             "1月1日至6月30日完成"] {
                    out.append("請於\(gap)\(y)\(gap)年\(gap)\(tail)")
                }
            }
        }
        return out
    }()

    @Test("The month of a ROC year (112年3月10日) is no date of the reference year", arguments: unreadYears)
    func unreadYear(_ text: String) {
        let found = DateParser(reference: Self.day("2023-03-08")).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(text): \(found.map(\.text))")
    }

    @Test("A year it reads keeps its month", arguments: ["请于2023年3月10日前完成", "请于二〇二三年三月十日前完成", "请于2023 年 3 月 10 日前完成"])
    func readYearKeepsMonth(_ text: String) throws {
        let found = DateParser(reference: Self.day("2023-03-08")).parse(text)
        #expect(found.map { $0.due?.description } == ["2023-03-10"], "\(text): \(found.map(\.text))")
    }

    // MARK: - Milestones written M·D

    static let dotDates: [Case] = ["·", "•", "・"].flatMap { dot in
        ["确保“6\(dot)30”前完成整改", "6\(dot)30前全面完成", "力争在“9\(dot)30”之前完工", "確保“6\(dot)30”前完成"].map { text in
            Case(text: text, reference: day("2025-05-01"), kind: .deadline, due: text.contains("9") ? "2025-09-30" : "2025-06-30",
                 start: nil, end: nil)
        }
    }

    @Test("“6·30”前 is a deadline on that day", arguments: dotDates)
    func dotDate(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("A M·D name with no 前 is no deadline", arguments: ["深刻汲取郑州“7·20”特大暴雨灾害教训", "“3·15”晚会", "7·20特大暴雨"])
    func dotName(_ text: String) {
        let found = DateParser(reference: Self.day("2025-03-01")).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(text): \(found.map(\.text))")
    }

    // MARK: - A day of news

    static let newsDays: [Case] = ["公开", "公布", "召开", "举行", "发布", "印发", "通报", "宣布", "主持召开", "電"].flatMap { verb in
        ["9日", "二十八日", "28日"].map { d in
            let n = d == "9日" ? "09" : "28"
            let due: String? = nil
            return Case(text: "江苏、内蒙古、西藏3省(区)\(d)\(verb)第二轮督察整改方案", reference: day("2025-02-28"), kind: .event,
                        due: due, start: "2025-02-\(n)", end: "2025-02-\(n)")
        }
    }

    @Test("A bare day before the verb of a reported occurrence is that day", arguments: newsDays)
    func newsDay(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("An amount of days before a verb is no day", arguments: ["历时15日完成", "连续3日召开", "第3日公布", "用了9日公开"])
    func daysAmount(_ text: String) {
        let found = DateParser(reference: Self.day("2025-02-28")).parse(text)
        #expect(!found.contains { $0.kind == .event && $0.precision == .day }, "\(text): \(found.map(\.text))")
    }

    // MARK: - A table cell: the date set off by a space

    static let cells: [Case] = ["制定并出台《实施办法》", "各党总支学习领会上级文件精神并完成整改", "各部门对照问题清单逐项修订并形成修改稿"].flatMap { task in
        [("6月-7月", "2025-07-31"), ("6月至7月", "2025-07-31"), ("6月", "2025-06-30"), ("2025年9月", "2025-09-30")].flatMap { when, due in
            [" ", "\u{3000}"].map { gap in
                Case(text: "\(when)\(gap)\(task)", reference: day("2025-05-01"), kind: .deadline, due: due, start: nil, end: nil)
            }
        }
    }

    @Test("A date set off by a space before a result is a target, as by a comma", arguments: cells)
    func cell(_ c: Case) throws { try GrammarClassTests.check(c) }

    // MARK: - The windows of a notice

    static let windows: [Case] = ["征求意见起止时间:", "征求意见起止时间: ", "起止时间：", "征集时间:", "报名时间为", "申报时间:", "受理时间：",
                                  "起止日期: "].flatMap { p in
        ["2025年9月4日至2025年9月27日", "9月4日至9月27日", "9月4日-27日"].map { w in
            Case(text: "\(p)\(w)。", reference: day("2025-09-04"), kind: .deadline, due: "2025-09-27", start: nil, end: nil)
        }
    }

    @Test("A notice's window (起止时间, 征集时间, 报名时间) is due at its end", arguments: windows)
    func window(_ c: Case) throws { try GrammarClassTests.check(c) }

    // MARK: - 截至 a clock time of the reference day

    @Test("截至下午五时 is the reference day", arguments: ["截至下午五时,共清理乱堆乱放25处", "截至上午10:00,已受理", "截止下午5点,共完成",
                                                          "截至下午17时30分,累计"])
    func clockOfTheDay(_ text: String) throws {
        let found = DateParser(reference: Self.day("2022-02-23")).parse(text)
        #expect(found.first?.kind == .asOf, "\(text): \(found.map(\.text))")
        #expect(found.first?.start?.description == "2022-02-23")
    }

    // MARK: - A cue that names what a report is about

    static let reportHeadings: [Case] = ["主要预期目标完成情况", "目标任务完成情况", "2024年工作计划执行情况", "重点任务目标落实情况",
                                         "主要預期目標完成情況"].flatMap { heading in
        ["上半年", "一季度", "1-6月"].map { period in
            Case(text: "(一)\(heading) \(period),全市完成投资90.5亿元,同比增长16%", reference: day("2025-01-10"), kind: .event, due: nil,
                 start: nil, end: nil)
        }
    }

    @Test("A cue inside a report's heading (预期目标完成情况) makes no target", arguments: reportHeadings)
    func reportHeading(_ c: Case) throws {
        let found = DateParser(reference: c.reference).parse(c.text)
        let period = try #require(found.last, "\(c.text)")
        #expect(period.kind == .event, "\(c.text): \(found.map(\.text)) \(period.kind)")
        // In a January report the period reported is last year's.
        #expect(period.start?.description == "2024-01-01", "\(c.text): \(period.start?.description ?? "nil")")
    }

    @Test("A cue before the date still makes a target", arguments: ["目标:上半年完成投资90.5亿元", "计划上半年完成投资90.5亿元",
                                                                      "力争上半年完成投资90.5亿元"])
    func cueStillTargets(_ text: String) {
        let found = DateParser(reference: Self.day("2025-01-10")).parse(text)
        #expect(found.last?.kind == .deadline, "\(text): \(found.map(\.text))")
    }

    // MARK: - The new words mixed at random

    /// Words of the classes above, and their pieces, mixed at random: the expressions found
    /// never overlap and stay inside the text. ("…截至下午五时起止时间前一个月" once made a
    /// prefix reach into the expression before it, whose suffix 起 it shared.)
    @Test("A soup of the new words never breaks the parser", arguments: 0..<8)
    func soup(_ seed: Int) {
        let words = ["月底", "汛前", "入汛", "逐月", "年中", "6·30", "·", "112年", "3月", "至", "届满前", "前一个月", "截至下午五时",
                     "起止时间: ", "9日公开", " ", "比上年同期", "完成", "整改", "，", "2024年", "月", "年", "中", "日", "前", "起", "止"]
        var state = UInt64(seed + 1) &* 0x9E37_79B9_7F4A_7C15
        var text = ""
        for _ in 0..<4000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            text += words[Int((state >> 33) % UInt64(words.count))]
        }
        let found = DateParser(reference: Self.day("2025-01-10")).parse(text)
        let count = text.unicodeScalars.count
        #expect(zip(found, found.dropFirst()).allSatisfy { $0.span.upperBound <= $1.span.lowerBound })
        #expect(found.allSatisfy { $0.span.lowerBound < $0.span.upperBound && $0.span.upperBound <= count })
    }
}
