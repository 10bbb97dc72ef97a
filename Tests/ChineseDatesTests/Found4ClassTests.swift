import ChineseDates
import Testing

/// Classes of expression that a fourth set of published documents read for the first time
/// (eval/found/found-4.tsv, 96 documents) showed misread, generated as whole tables:
/// reference months × months × cues × numerals × script. No case is a sentence of that set.
@Suite struct Found4ClassTests {
    typealias Case = GrammarClassTests.Case

    static func day(_ s: String) -> CivilDate { CivilDate(s)! }

    static let cues = ["", "力争", "确保", "计划", "预计", "力爭", "確保", "計劃", "力拚"]

    // MARK: - The year of an open target with no year written

    static let chineseMonths = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]

    /// A target month M read on the 15th of every month R: the reference year's, unless it
    /// fell due more than 183 days before; then the next year's.
    static let openTargetYears: [Case] = {
        var out: [Case] = []
        for r in 1...12 {
            let ref = CivilDate(year: 2025, month: r, day: 15)!
            for m in 1...12 {
                let thisYear = CivilDate.lastDay(year: 2025, month: m)
                let due = thisYear >= ref.adding(days: -183) ? thisYear : CivilDate.lastDay(year: 2026, month: m)
                for (spelled, cue) in [("\(m)", "力争"), (chineseMonths[m - 1], "确保"), ("\(m)", "计划于")] {
                    out.append(Case(text: "\(cue)\(spelled)月底前完成整改", reference: ref, kind: .deadline,
                                    due: due.description, start: nil, end: nil))
                }
            }
        }
        return out
    }()

    @Test("An open target takes the reference year unless it is more than half a year past", arguments: openTargetYears)
    func openTargetYear(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("A target reported done still takes the latest year not after the reference date")
    func doneTargetYear() throws {
        let e = try GrammarClassTests.only(Case(text: "已于10月底前完成整改", reference: Self.day("2025-03-15"), kind: .event,
                                                due: nil, start: nil, end: nil))
        #expect(e.start?.year == 2024, "\(e.text): \(String(describing: e.start))")
    }

    // MARK: - Quarters counted from the reference date

    static let relativeQuarters: [Case] = {
        var out: [Case] = []
        let refs = [("2025-02-15", 1), ("2025-05-15", 2), ("2025-08-15", 3), ("2025-11-15", 4)]
        for (ref, q) in refs {
            func end(_ shift: Int) -> CivilDate {
                let first = CivilDate.firstDay(year: 2025, month: 3 * (q - 1) + 1 + 3 * shift)
                return CivilDate.lastDay(year: first.year, month: first.month + 2)
            }
            for cue in ["", "力争", "确保"] {
                for (word, shift) in [("本季度", 0), ("当季度", 0), ("下季度", 1), ("下一季度", 1), ("下个季度", 1)] {
                    for tail in ["末前完成", "内完成", "末完成", "底前完成"] {
                        out.append(Case(text: "\(cue)\(word)\(tail)", reference: day(ref), kind: .deadline,
                                        due: end(shift).description, start: nil, end: nil))
                    }
                }
                out.append(Case(text: "\(cue)季度末前完成", reference: day(ref), kind: .deadline,
                                due: end(0).description, start: nil, end: nil))
                out.append(Case(text: "\(cue)季末前完成", reference: day(ref), kind: .deadline,
                                due: end(0).description, start: nil, end: nil))
            }
            out.append(Case(text: "较上季度增长5%", reference: day(ref), kind: .event, due: nil,
                            start: CivilDate.firstDay(year: 2025, month: 3 * (q - 1) + 1 - 3).description, end: end(-1).description))
        }
        return out
    }()

    @Test("本季度, 下季度, 季度末前: a quarter from the reference date's", arguments: relativeQuarters)
    func relativeQuarter(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("季度末 after 每, 各 or a numeral is not the reference quarter", arguments: ["每季度末前报送", "各季度末前", "三季度末前完成"])
    func quarterEndNotAlone(_ text: String) {
        let found = DateParser(reference: Self.day("2025-02-15")).parse(text)
        #expect(!found.contains { $0.kind == .deadline && $0.due == Self.day("2025-03-31") && !text.hasPrefix("三") }, "\(text)")
    }

    // MARK: - Two-digit years

    static let twoDigitYears: [Case] = {
        var out: [Case] = []
        for yy in [19, 24, 25, 26, 30] {
            let y = 2000 + yy
            for cue in cues {
                out.append(Case(text: "\(cue)\(yy)年底前完成", reference: day("2025-03-01"), kind: .deadline,
                                due: "\(y)-12-31", start: nil, end: nil))
                out.append(Case(text: "\(cue)\(yy)年6月底前完成", reference: day("2025-03-01"), kind: .deadline,
                                due: "\(y)-06-30", start: nil, end: nil))
                // With no cue a half-year already past is a fact reported (a result verb after a
                // period that has ended).
                if !cue.isEmpty || y >= 2025 {
                    out.append(Case(text: "\(cue)\(yy)年上半年完成", reference: day("2025-03-01"), kind: .deadline,
                                    due: "\(y)-06-30", start: nil, end: nil))
                }
            }
        }
        return out
    }()

    @Test("24年底前, 25年6月底前: a two-digit year of 2010–2039 with a part or a month", arguments: twoDigitYears)
    func twoDigitYear(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("A two-digit number of years is no year", arguments: ["近10年中", "这10年中", "30年内完成", "15年来", "97年底前", "多15年底"])
    func twoDigitCount(_ text: String) {
        let found = DateParser(reference: Self.day("2025-03-01")).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(text): \(found.map(\.text))")
    }

    // MARK: - 年前, 农历年前, 开学前

    static let beforeNewYear: [Case] = {
        var out: [Case] = []
        // The Spring Festival of 2026 is February 17, of 2025 January 29.
        for (ref, due) in [("2025-11-20", "2026-02-16"), ("2025-12-28", "2026-02-16"), ("2026-01-10", "2026-02-16"),
                           ("2025-01-05", "2025-01-28")] {
            for text in ["确保年前完成", "力争年前全部完工", "于年前完成清理", "农历年前完成", "農曆年前完成", "旧历年前完成", "农历新年前完成"] {
                out.append(Case(text: text, reference: day(ref), kind: .deadline, due: due, start: nil, end: nil))
            }
        }
        return out
    }()

    @Test("年前 and 农历年前 are by the day before the Spring Festival", arguments: beforeNewYear)
    func beforeSpringFestival(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("N年前 and 多年前 are years ago, no target", arguments: ["三年前完成", "多年前", "两年前的问题", "数年前", "今年前三季度"])
    func yearsAgo(_ text: String) {
        let found = DateParser(reference: Self.day("2025-11-20")).parse(text)
        #expect(!found.contains { $0.kind == .deadline && $0.text.contains("年前") }, "\(text): \(found.map(\.text))")
    }

    static let schoolTerms: [Case] = ["2017-06-10", "2024-04-01", "2025-07-31"].flatMap { ref in
        ["确保开学前完成", "確保在開學前完成改造", "秋季开学前完成", "力争秋季学期开学前投入使用"].map {
            Case(text: $0, reference: day(ref), kind: .deadline, due: "\(ref.prefix(4))-08-31", start: nil, end: nil)
        }
    } + [("2025-10-10", "2026-02-28"), ("2027-11-01", "2028-02-29"), ("2026-01-05", "2026-02-28")].map { ref, due in
        Case(text: "春季开学前完成", reference: day(ref), kind: .deadline, due: due, start: nil, end: nil)
    }

    @Test("开学前 is by August 31, 春季开学前 by the end of February", arguments: schoolTerms)
    func schoolTerm(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("开学 not before 前 is no anchor", arguments: ["开学典礼", "开学第一课"])
    func schoolWords(_ text: String) {
        #expect(DateParser(reference: Self.day("2025-03-01")).parse(text).isEmpty, "\(text)")
    }

    // MARK: - A date glossed in brackets

    static let glosses: [Case] = {
        var out: [Case] = []
        for (open, close) in [("(", ")"), ("（", "）")] {
            for year in ["2026", "2026年"] {
                for cue in ["于", "力争", "預計"] {
                    out.append(Case(text: "\(cue)明年\(open)\(year)\(close)底通车", reference: day("2025-12-10"), kind: .deadline,
                                    due: "2026-12-31", start: nil, end: nil))
                    out.append(Case(text: "\(cue)明年\(open)\(year)\(close)上半年完成", reference: day("2025-12-10"), kind: .deadline,
                                    due: "2026-06-30", start: nil, end: nil))
                }
            }
            out.append(Case(text: "即日\(open)4月2日\(close)起重新开放", reference: day("2025-04-02"), kind: .since, due: nil,
                            start: "2025-04-02", end: nil))
            out.append(Case(text: "前年\(open)2023年\(close)起动工至今", reference: day("2025-10-01"), kind: .since, due: nil,
                            start: "2023-01-01", end: nil))
            out.append(Case(text: "会议定在2022年春节\(open)2月1日\(close)前举行", reference: day("2021-12-20"), kind: .deadline,
                            due: "2022-01-31", start: nil, end: nil))
            for (word, shift) in [("昨", -1), ("今", 0), ("明", 1)] {
                out.append(Case(text: "常委会\(word)\(open)22\(close)日下午听取报告", reference: day("2025-12-22").adding(days: -shift),
                                kind: .event, due: nil, start: "2025-12-22", end: "2025-12-22"))
            }
        }
        return out
    }()

    @Test("A date in brackets restating the point (明年(2026)底, 即日(4月2日)起) is part of it", arguments: glosses)
    func gloss(_ c: Case) throws { try GrammarClassTests.check(c) }

    // MARK: - Cut-offs and windows of a notice

    static let cutoffs: [Case] = {
        var out: [Case] = []
        for label in ["截止递交标书日期为", "截止遞交標書日期為", "截止时间变更为:", "截止时间调整为：", "报名截止日期延长至", "截至收件日期为"] {
            for date in ["2023年9月21日", "二零二三年九月二十一日中午十二时正", "2023年9月21日18时"] {
                out.append(Case(text: "\(label)\(date)", reference: day("2023-09-01"), kind: .deadline, due: "2023-09-21",
                                start: nil, end: nil))
            }
        }
        return out
    }()

    @Test("截止…日期为 with words between names a cut-off", arguments: cutoffs)
    func cutoffLabel(_ c: Case) throws { try GrammarClassTests.check(c) }

    static let windows: [Case] = {
        var out: [Case] = []
        for verb in ["向社会公开征集提案线索", "公开征求意见", "接受报名", "受理申请", "開展網絡投票"] {
            out.append(Case(text: "自2022年10月18日至10月30日,\(verb)", reference: day("2022-10-17"), kind: .deadline,
                            due: "2022-10-30", start: nil, end: nil))
        }
        for label in ["征集时间 通告之日起至9月30日止", "报名时间:发布之日起至9月30日止", "征求意见时间自公告之日起至9月30日止"] {
            out.append(Case(text: label, reference: day("2021-09-01"), kind: .deadline, due: "2021-09-30", start: nil, end: nil))
        }
        return out
    }()

    @Test("A window in which the public sends something in is due its end", arguments: windows)
    func submissionWindow(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("A window of an occurrence stays an event")
    func occurrenceWindow() throws {
        let found = DateParser(reference: Self.day("2022-10-01")).parse("自2022年10月18日至10月30日,在全市开展安全检查")
        #expect(found.count == 1 && found[0].kind != .deadline, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    // MARK: - The present resets the year in context

    @Test("After 截至目前 a date with no year is read from the reference date, not the start's year")
    func presentResetsYear() throws {
        let found = DateParser(reference: Self.day("2019-02-02"))
            .parse("该工程于2018年10月底开工，截至目前，主体已完成30%，确保春节前完成节制闸，五月底前完成验收。")
        let deadlines = found.filter { $0.kind == .deadline }.map { $0.due?.description ?? "nil" }
        #expect(deadlines == ["2019-02-04", "2019-05-31"], "\(found.map { "\($0.text) \($0.kind) \($0.due?.description ?? "")" })")
    }

    // MARK: - A yearly rhythm's later moments

    static let yearlyMoments: [String] = ["3月底前", "3月31日前", "4月份", "三月底前"].flatMap { later in
        ["2020年起，每年2月底前各省份完成考核，\(later)国家卫生健康委完成分析。", "每年1月底前报送总结，\(later)完成通报。"]
    }

    @Test("Months after 每年 in its sentence are moments of the rhythm, not one-off deadlines", arguments: yearlyMoments)
    func yearlyRhythmMoments(_ text: String) {
        let found = DateParser(reference: Self.day("2019-01-16")).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(found.map { "\($0.text) \($0.kind)" })")
        #expect(found.filter { $0.kind == .cadence }.count >= 2, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    // MARK: - Smaller classes

    static let weeks: [Case] = ["力拚下周上网招标", "力争下周完成", "计划下周开工"].map {
        Case(text: $0, reference: day("2026-02-04"), kind: .deadline, due: "2026-02-15", start: nil, end: nil)
    }

    @Test("下周 before a verb is next week, due its Sunday", arguments: weeks)
    func nextWeek(_ c: Case) throws { try GrammarClassTests.check(c) }

    static let slashDays: [Case] = ["预计1/15完工", "于1/15前完成", "預計1/15完工", "1/15前完成"].map {
        Case(text: $0, reference: day("2025-12-20"), kind: .deadline, due: "2026-01-15", start: nil, end: nil)
    }

    @Test("M/D with a slash before a target's word is a day", arguments: slashDays)
    func slashDay(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("A fraction is no day", arguments: ["占比1/15", "缩小到1/3", "1/2的项目"])
    func fraction(_ text: String) {
        #expect(DateParser(reference: Self.day("2025-12-20")).parse(text).isEmpty, "\(text)")
    }

    @Test("每学期 is a rhythm", arguments: ["每学期至少组织1次排查", "每學期開展一次演練"])
    func everyTerm(_ text: String) throws {
        let found = DateParser(reference: Self.day("2025-03-01")).parse(text)
        #expect(found.count == 1 && found[0].kind == .cadence, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    static let newsDays: [Case] = ["偕同议员前往视察", "向江苏省防指发出通知", "在北京表示", "率队调研"].map {
        Case(text: "县长13日\($0)", reference: day("2026-01-20"), kind: .event, due: nil, start: "2026-01-13", end: "2026-01-13")
    }

    @Test("A bare day between a subject and its act is the day reported", arguments: newsDays)
    func newsDay(_ c: Case) throws { try GrammarClassTests.check(c) }

    // MARK: - Pinyin glosses of mirrors

    static let pinyinGlosses: [Case] = [
        ("意見反饋截止時(shí)間為2023年9月30日。", "2023-09-30", DateExpression.Kind.deadline),
        ("將在反饋後2個(gè)月內(nèi)報(bào)送整改情況", nil, .duration),
        ("均將會議日期定在2022年春節(jié)(2月1日)前舉行", "2022-01-31", .deadline),
        ("確保2023年10月底前完成整(zhěng)改", "2023-10-31", .deadline),
        ("力爭(zhēng)年底前全部銷號(hào)", "2023-12-31", .deadline),
    ].map { text, due, kind in
        Case(text: text, reference: day("2023-03-01"), kind: kind, due: due, start: nil, end: nil)
    }

    @Test("A pinyin gloss after a character (時(shí)間) is read past", arguments: pinyinGlosses)
    func pinyinGloss(_ c: Case) throws { try GrammarClassTests.check(c) }

    @Test("A span keeps pointing into the text as written, glosses included")
    func glossSpan() throws {
        let text = "截止時(shí)間為2023年9月30日"
        let e = try #require(DateParser(reference: Self.day("2023-03-01")).parse(text).first)
        #expect(e.text == "2023年9月30日")
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[e.span])) == "2023年9月30日")
    }
}
