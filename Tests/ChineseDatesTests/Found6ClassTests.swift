import ChineseDates
import Testing

/// Classes of expression that a sixth set of published documents read for the first time
/// (eval/found/found-6.tsv, 100 documents, 34 in traditional script) showed misread,
/// generated as whole tables: numerals × labels × scripts × reference dates. No case is a
/// sentence of that set.
@Suite struct Found6ClassTests {
    typealias Case = GrammarClassTests.Case

    static func day(_ s: String) -> CivilDate { CivilDate(s)! }
    static let reference = day("2024-05-02")

    /// A window written three ways, and its last day in 2024.
    static let windows: [(String, String)] = [
        ("5月6日至5月30日", "2024-05-30"), ("5月6日-5月30日", "2024-05-30"), ("五月六日至五月三十日", "2024-05-30"),
        ("2024年5月6日至6月3日", "2024-06-03"), ("5月6日至6月3日", "2024-06-03"),
    ]

    static func checkLast(_ c: Case) throws {
        let found = DateParser(reference: c.reference).parse(c.text)
        let e = try #require(found.last, "\(c.text)")
        if let due = c.due {
            #expect(e.kind == .deadline && e.due?.description == due, "\(c.text): \(e.text) \(e.kind) \(String(describing: e.due))")
        } else {
            #expect(e.kind != .deadline, "\(c.text): \(e.text) \(e.kind)")
        }
    }

    // MARK: - Bare windows to take part in

    /// "申报时间 D1至D2", "征集…的时间为D1至D2", "資格申請,時間為…", "预申报(D1-D2)": a window
    /// in which something is sent in, live at the reference date: due its end.
    static let liveWindows: [Case] = {
        var out: [Case] = []
        for (written, due) in windows {
            for text in [
                "一、申报时间 \(written)。", "征集立法项目建议的时间为\(written)。", "第一階段為“資格申請”,時間為\(written)。",
                "(一)项目建设单位预申报(\(written))", "二、報名時間 \(written)", "材料填报时间为\(written)",
            ] {
                out.append(Case(text: text, reference: reference, kind: .deadline, due: due, start: nil, end: nil))
            }
        }
        return out
    }()

    @Test("A live window to send something in (申报/征集/报名/申请/填报) is due its end", arguments: liveWindows)
    func liveWindow(_ c: Case) throws { try Self.checkLast(c) }

    /// The same windows over before the reference date were periods, not deadlines; and a
    /// window with no submission named is an event.
    static let pastOrOtherWindows: [Case] = {
        var out: [Case] = []
        let later = day("2025-03-01")
        for (written, _) in windows where written.hasPrefix("2") {
            out.append(Case(text: "一、申报时间 \(written)。", reference: later, kind: .event, due: nil, start: nil, end: nil))
        }
        for (written, _) in windows {
            out.append(Case(text: "(二)统筹规划(\(written))", reference: reference, kind: .event, due: nil, start: nil, end: nil))
            out.append(Case(text: "活动时间为\(written)。", reference: reference, kind: .event, due: nil, start: nil, end: nil))
        }
        return out
    }()

    @Test("A window already over, or not one to send something in, is no deadline", arguments: pastOrOtherWindows)
    func notALiveWindow(_ c: Case) throws { try Self.checkLast(c) }

    @Test("征集时间 自…之日起, 至D止: the comma after 起 still opens the window",
          arguments: ["一、征集时间 自本公告发布之日起,至2024年5月30日止。", "報名時間:自即日起，至2024年5月30日止"])
    func windowAfterCommaStart(_ text: String) throws {
        try Self.checkLast(Case(text: text, reference: Self.reference, kind: .deadline, due: "2024-05-30", start: nil, end: nil))
    }

    // MARK: - Cut-offs and hand-in days

    @Test("截止日…为D, 统一于D交由…: a cut-off named by 截止日, a hand-in day for everyone",
          arguments: ["本学期退学截止日依行事历为5月30日", "截止日為5月30日", "申请表统一于5月30日交由教务处",
                      "統一於五月三十日送交學務處"])
    func cutoffDay(_ text: String) throws {
        try Self.checkLast(Case(text: text, reference: Self.reference, kind: .deadline, due: "2024-05-30", start: nil, end: nil))
    }

    // MARK: - 前 after a clock time or a bracket

    /// "D1700時前", "(D)前", "第15周(D)之前": 前 reaches the date across a 24-hour time or the
    /// bracket it glosses.
    static let beforeAcross: [Case] = {
        var out: [Case] = []
        for (written, due) in [("5月30日", "2024-05-30"), ("五月三十日", "2024-05-30"), ("2024年5月30日", "2024-05-30")] {
            for text in ["請於\(written)1700時前回復", "\(written)0930时前报送", "第15周(\(written))之前交齐", "完成时间（\(written)）前报送"] {
                out.append(Case(text: text, reference: reference, kind: .deadline, due: due, start: nil, end: nil))
            }
        }
        return out
    }()

    @Test("前 across a 24-hour time or a closing bracket", arguments: beforeAcross)
    func beforeAcrossClockOrBracket(_ c: Case) throws { try Self.checkLast(c) }

    @Test("Four digits without 时 are no time, and a range in brackets keeps its own reading",
          arguments: ["5月30日1700人参加", "三年提升计划(2023-2025年)前期工作"])
    func notAClockOrGloss(_ text: String) {
        let found = DateParser(reference: Self.reference).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    // MARK: - Text spaced out character by character

    /// "九 月 三 十 日 前", "至 今 年 九 月 三 十 日": every character spaced, Chinese numerals
    /// included, reads as written together.
    static let spaced: [Case] = {
        var out: [Case] = []
        for (written, due) in [("五月三十日", "2024-05-30"), ("十二月三十一日", "2024-12-31"), ("六月十日", "2024-06-10")] {
            let spacedOut = written.map(String.init).joined(separator: " ")
            out.append(Case(text: "请于 \(spacedOut) 前 报送", reference: reference, kind: .deadline, due: due, start: nil, end: nil))
            out.append(Case(text: "期 限 至 今 年 \(spacedOut)", reference: reference, kind: .deadline, due: due, start: nil, end: nil))
        }
        return out
    }()

    @Test("A date spaced out character by character reads as written together", arguments: spaced)
    func spacedOut(_ c: Case) throws { try Self.checkLast(c) }

    @Test("Numerals apart that are no date stay apart", arguments: ["第 一 二 组", "2024 2025 两年"])
    func spacedNumeralsNoDate(_ text: String) {
        let found = DateParser(reference: Self.reference).parse(text)
        #expect(!found.contains { $0.kind == .deadline }, "\(found.map { "\($0.text) \($0.kind)" })")
    }

    // MARK: - Dates moved from, held, or named inside a title

    /// "由D1延期至D2前", "由…规定的D1截止推迟至D2": D1 is the date moved from (an event), D2 due,
    /// in the year of the sentence.
    static let movedFrom: [Case] = {
        var out: [Case] = []
        for verb in ["延期至", "推迟至", "延长至", "顺延至", "調整為"] {
            for (from, to, due) in [("4月15日", "4月30日前", "2024-04-30"), ("2024年3月31日截止", "4月30日截止", "2024-04-30"),
                                    ("五月十日", "五月三十日前", "2024-05-30")] {
                out.append(Case(text: "紙質材料也由\(from)\(verb)\(to)報送。", reference: day("2024-03-25"), kind: .deadline,
                                due: due, start: nil, end: nil))
            }
        }
        return out
    }()

    @Test("由 D1 延期至 D2: D1 is no deadline, D2 is due in the sentence's year", arguments: movedFrom)
    func movedFromDate(_ c: Case) throws {
        let found = DateParser(reference: c.reference).parse(c.text)
        try #require(found.count == 2, "\(found.map(\.text))")
        #expect(found[0].kind == .event, "\(c.text): \(found[0].text) \(found[0].kind)")
        #expect(found[1].kind == .deadline && found[1].due?.description == c.due, "\(c.text): \(found[1].text) \(String(describing: found[1].due))")
    }

    @Test("A meeting scheduled with its place after 在, or held after a deadline, is when it happens",
          arguments: ["年会拟于2024年11月13-15日在山东省济南市山东大厦隆重召开。", "研讨会将于2024年11月13日在市政府第一会议室召开",
                      "报名期到8月8日结束,若有超过1名候选人,便于9月10日举行投票。", "请于8月8日前报名,9月10日召开评审会。"])
    func heldOnItsDay(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.reference).parse(text).last)
        #expect(e.kind == .event, "\(text): \(e.text) \(e.kind)")
    }

    @Test("A plan word inside a title names the title: the date after it is a fact",
          arguments: ["因《市科技计划项目管理信息系统》于2021年底升级至省版系统", "根据《三年行动计划》于2022年6月印发"])
    func cueInsideATitle(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.reference).parse(text).last)
        #expect(e.kind == .event, "\(text): \(e.text) \(e.kind)")
    }

    // MARK: - Spans with a half or a second amount

    /// (written, due of "自本通知印发之日起…内报送" from 2024-05-02): the half month is 15 days, a
    /// second amount adds to the first, never dropped.
    static let compoundSpans: [(String, String)] = [
        ("五个半月", "2024-10-16"), ("5个半月", "2024-10-16"), ("一个半月", "2024-06-16"),
        ("一年半", "2025-11-01"), ("1年半", "2025-11-01"), ("两年半", "2026-11-01"),
        ("1个月18天", "2024-06-19"), ("一个月十八天", "2024-06-19"), ("3年6个月", "2027-11-01"), ("2个月1周", "2024-07-08"),
    ]

    @Test("A span with a half or a second amount is counted whole", arguments: compoundSpans)
    func compoundSpan(_ written: String, _ due: String) throws {
        let text = "自本通知印发之日起\(written)内报送"
        let e = try #require(DateParser(reference: Self.reference).parse(text).last)
        #expect(e.kind == .deadline && e.due?.description == due, "\(text): \(e.text) \(e.kind) \(String(describing: e.due))")
        let alone = try #require(DateParser(reference: Self.reference).parse("为期\(written)的公众咨询").last)
        #expect(alone.kind == .duration, "\(written): \(alone.text) \(alone.kind)")
    }

    // MARK: - Periods heading their planned work

    /// "M月份计划:…", "下半年工作打算：…", "2024年,巩固完善…": the period's work still to do is
    /// due its end; a period that has ended, or a report on it, is no target.
    static let periodPlans: [Case] = {
        var out: [Case] = []
        for (period, due) in [("6月份", "2024-06-30"), ("六月份", "2024-06-30"), ("下半年", "2024-12-31"), ("三季度", "2024-09-30")] {
            for heading in ["计划:", "工作计划：", "工作打算:", "工作安排："] {
                out.append(Case(text: "\(period)\(heading)加快推进未开工项目。", reference: reference, kind: .deadline, due: due, start: nil, end: nil))
            }
        }
        for verb in ["巩固", "完善", "巩固完善"] {
            out.append(Case(text: "2024年,\(verb)城乡生活垃圾分类体系。", reference: reference, kind: .deadline, due: "2024-12-31", start: nil, end: nil))
            out.append(Case(text: "2023年,\(verb)城乡生活垃圾分类体系。", reference: reference, kind: .event, due: nil, start: nil, end: nil))
        }
        out.append(Case(text: "6月份计划完成情况", reference: reference, kind: .event, due: nil, start: nil, end: nil))
        out.append(Case(text: "2023年工作计划:完成改造", reference: reference, kind: .event, due: nil, start: nil, end: nil))
        return out
    }()

    @Test("A period heading its planned work is due its end while it lasts", arguments: periodPlans)
    func periodPlan(_ c: Case) throws { try Self.checkLast(c) }

    // MARK: - From found-7: limits moved, cut-offs still ahead

    /// "申报纳税期限顺延至D", "完成时限调整到D": a limit moved is a cut-off due its new day.
    static let movedLimits: [Case] = {
        var out: [Case] = []
        for verb in ["顺延至", "順延至", "延长到", "调整到", "推迟至", "延期至"] {
            for (written, due) in [("5月23日", "2024-05-23"), ("五月二十三日", "2024-05-23"), ("6月底", "2024-06-30")] {
                out.append(Case(text: "5月1日至5日放假,申报纳税期限\(verb)\(written)。", reference: reference, kind: .deadline, due: due, start: nil, end: nil))
                out.append(Case(text: "完成时限\(verb)\(written)", reference: reference, kind: .deadline, due: due, start: nil, end: nil))
            }
        }
        return out
    }()

    @Test("A limit (期限/时限) moved to a day is due that day", arguments: movedLimits)
    func movedLimit(_ c: Case) throws { try Self.checkLast(c) }

    /// 截至/截止到 a day with no year that comes within three months is a cut-off ahead; one
    /// further ahead, a day of the month alone, or one a report counts up to is past.
    static let cutoffsAhead: [Case] = [
        Case(text: "本次征集的时间截止到6月20日,在此日期之前", reference: reference, kind: .deadline, due: "2024-06-20", start: nil, end: nil),
        Case(text: "报名截至7月31日晚上11时59分", reference: reference, kind: .deadline, due: "2024-07-31", start: nil, end: nil),
        Case(text: "截至五月三十一日", reference: reference, kind: .deadline, due: "2024-05-31", start: nil, end: nil),
        Case(text: "截至11月20日,共收到意见12条", reference: reference, kind: .asOf, due: nil, start: nil, end: nil),
        Case(text: "截至4月28日,完成了排查工作", reference: reference, kind: .asOf, due: nil, start: nil, end: nil),
        Case(text: "截至28日,完成了排查工作", reference: day("2024-05-29"), kind: .asOf, due: nil, start: nil, end: nil),
    ]

    @Test("截至 a day soon ahead is a cut-off, else a count so far", arguments: cutoffsAhead)
    func cutoffAhead(_ c: Case) throws {
        let e = try #require(DateParser(reference: c.reference).parse(c.text).first)
        #expect(e.kind == c.kind && e.due?.description == c.due, "\(c.text): \(e.text) \(e.kind) \(String(describing: e.due))")
    }
}
