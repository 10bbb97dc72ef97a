import ChineseDates
import Testing

/// Classes of expression that the tenth set of published documents read for the first time
/// (eval/found/found-10.tsv, 108 documents, 43 in traditional script) showed misread, listed in
/// found-10-classes.md, generated as tables: words × forms × scripts × reference dates. No case
/// is a sentence of that set.
@Suite struct Found10ClassTests {
    typealias Case = GrammarClassTests.Case

    static func day(_ s: String) -> CivilDate { CivilDate(s)! }

    static func deadline(_ text: String, _ ref: String, _ due: String) -> Case {
        Case(text: text, reference: day(ref), kind: .deadline, due: due, start: nil, end: nil)
    }

    static func other(_ text: String, _ ref: String, _ kind: DateExpression.Kind, _ start: String? = nil, _ end: String? = nil) -> Case {
        Case(text: text, reference: day(ref), kind: kind, due: nil, start: start, end: end)
    }

    // MARK: - A count as of a month's or a year's end

    /// 截至9月底, 截止2020年末, 截至去年底: the state on the last day, not over the last ten
    /// days or the last month.
    static let asOfEnds: [Case] = {
        var out: [Case] = []
        let points: [(String, String)] = [
            ("9月底", "2022-09-30"), ("9月末", "2022-09-30"), ("今年7月底", "2022-07-31"), ("2020年底", "2020-12-31"),
            ("2020年年底", "2020-12-31"), ("去年底", "2021-12-31"), ("去年12月底", "2021-12-31"), ("2021年6月末", "2021-06-30"),
        ]
        for (point, last) in points {
            for prefix in ["截至", "截止", "截至到"] {
                for (rest, script) in [("，全市已整改完成3320件", "s"), ("，累計化解2996件", "t"), ("，已完成整治9312个", "s")] {
                    _ = script
                    out.append(other("\(prefix)\(point)\(rest)。", "2022-10-10", .asOf, last, last))
                }
            }
        }
        return out
    }()

    @Test("截至…底/末 as of: the last day", arguments: asOfEnds)
    func asOfEnd(_ c: Case) throws { try Found7ClassTests.checkLast(c) }

    // MARK: - 今年来: since, as 以来

    static let sinceWithLai: [Case] = {
        var out: [Case] = []
        for (point, start) in [("今年", "2022-01-01"), ("2020年", "2020-01-01"), ("本月", "2022-05-01"), ("去年", "2021-01-01")] {
            for rest in [",我分局全力做好现场核查", "，全省共排查隐患1200处", ",各地陸續開展整治"] {
                out.append(other("\(point)来\(rest)。", "2022-05-25", .since, start, "2022-05-25"))
            }
        }
        return out
    }()

    @Test("今年来, 2020年来 before a comma: since the period began, up to the document", arguments: sinceWithLai)
    func since(_ c: Case) throws {
        let e = try #require(DateParser(reference: c.reference).parse(c.text).first, "\(c.text)")
        #expect(e.kind == .since && e.start?.description == c.start && e.end?.description == c.end, "\(c.text): \(e.text) \(e.kind)")
    }

    /// 来 as a verb after a date is no "since": "3月来京", "今年来华".
    @Test(arguments: ["代表团于3月来京参加会议。", "他今年来华访问。", "2020年来到本市工作。"])
    func laiAsAVerb(_ text: String) {
        let found = DateParser(reference: Self.day("2022-05-25")).parse(text)
        #expect(!found.contains { $0.kind == .since }, "\(text): \(found.map { "\($0.text) \($0.kind)" })")
    }

    // MARK: - A cut-off with spaces: 之 前, a spelled clock time

    static let spacedCutoffs: [Case] = {
        var out: [Case] = []
        let dates: [(String, String)] = [("2023年10月31日", "2023-10-31"), ("2023 年 10 月 31 日", "2023-10-31"), ("10 月 31 日", "2023-10-31")]
        for (date, due) in dates {
            for before in ["之 前", "之　前", " 前", " 之前"] {
                out.append(deadline("根据规定,在\(date)\(before),禁养区内将全部实施退养。", "2023-06-01", due))
            }
            for clock in [" 晚上 11 點 59 分前", "(星期二)中午 12 時前", " 下午 5 点前", " 上午 10 時 30 分前", "(二) 17:00前"] {
                out.append(deadline("請於\(date)\(clock)上網填報。", "2023-06-01", due))
                out.append(deadline("上傳作品日期: \(date)\(clock)", "2023-06-01", due))
            }
        }
        return out
    }()

    @Test("之 前 with a space, and a clock time written with spaces before 前: a cut-off that day", arguments: spacedCutoffs)
    func spacedCutoff(_ c: Case) throws { try Found6ClassTests.checkLast(c) }

    // MARK: - M/D with weekdays in 〈〉

    /// "5/14〈一〉~5/18〈五〉22:00前,上網報名": the angle brackets as round ones. The weekdays are
    /// those of the days in the reference's year.
    static let angleWeekdays: [Case] = {
        let names = ["一", "二", "三", "四", "五", "六", "日"]
        var out: [Case] = []
        for (ref, first, last) in [("2018-05-10", "2018-05-14", "2018-05-18"), ("2024-03-01", "2024-03-04", "2024-03-08"),
                                   ("2025-09-01", "2025-09-15", "2025-09-21")] {
            let a = day(first), b = day(last)
            let wa = names[a.weekday - 1], wb = names[b.weekday - 1]
            for act in ["上網報名", "網路報名", "繳交報名表"] {
                out.append(deadline("報名方式:\(a.month)/\(a.day)〈\(wa)〉~\(b.month)/\(b.day)〈\(wb)〉22:00前,\(act)。", ref, last))
                out.append(deadline("\(b.month)/\(b.day)〈\(wb)〉前\(act)。", ref, last))
            }
        }
        return out
    }()

    @Test("M/D〈weekday〉 as M/D(weekday)", arguments: angleWeekdays)
    func angleWeekday(_ c: Case) throws { try Found6ClassTests.checkLast(c) }

    // MARK: - 截稿时间, 将于…发表

    static let closingNames: [Case] = {
        var out: [Case] = []
        for label in ["截稿时间:", "截稿时间为", "截稿日期:", "截稿日期为", "截稿時間:", "截稿日期"] {
            out.append(deadline("征文\(label)2023年4月10日。", "2023-02-01", "2023-04-10"))
            out.append(deadline("本次征稿\(label)6月30日。", "2023-02-01", "2023-06-30"))
        }
        return out
    }()

    @Test("截稿时间/截稿日期: the day submissions close", arguments: closingNames)
    func closingName(_ c: Case) throws { try Found6ClassTests.checkLast(c) }

    @Test(arguments: ["行政長官將於10月25日發表任內第二份《施政報告》。", "市长将于3月5日发表新年讲话。", "报告将在下周三发表。"])
    func publishingIsAnOccurrence(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2023-02-20")).parse(text).first, "\(text)")
        #expect(e.kind == .event, "\(text): \(e.text) \(e.kind)")
    }

    // MARK: - 逢星期三, 每逢周五, 逢单月

    static let everyWeekday: [String] = {
        var out: [String] = []
        for lead in ["逢", "每逢"] {
            for week in ["星期", "周", "礼拜", "禮拜"] {
                for d in ["一", "三", "五", "日"] {
                    out.append("之后\(lead)\(week)\(d)的零时起,开放下一轮的预约名额。")
                }
            }
        }
        return out
    }()

    static func cadence(of e: DateExpression) -> DateExpression.Cadence? {
        if case .cadence(let c) = e.meaning { c } else { nil }
    }

    @Test("逢/每逢 + a weekday: every week", arguments: everyWeekday)
    func weekday(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2021-09-10")).parse(text).first { $0.kind == .cadence }, "\(text)")
        #expect(Self.cadence(of: e)?.period == .week, "\(text): \(e.text)")
    }

    @Test(arguments: ["逢单月10日前报送监测数据。", "每逢双月召开一次联席会议。"])
    func oddMonths(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2021-09-10")).parse(text).first, "\(text)")
        #expect(Self.cadence(of: e)?.period == .month && Self.cadence(of: e)?.every == 2, "\(text): \(e.text)")
    }

    /// 逢 before anything else is no rhythm: "逢年过节", "逢山开路".
    @Test(arguments: ["逢年过节走访慰问困难群众。", "逢山开路，遇水架桥。"])
    func feng(_ text: String) {
        #expect(!DateParser(reference: Self.day("2021-09-10")).parse(text).contains { $0.kind == .cadence }, "\(text)")
    }

    // MARK: - 约 + a span

    static let aboutSpans: [String] = {
        var out: [String] = []
        for lead in ["约", "大约", "约需"] {
            for span in ["3个月", "两周", "10个工作日", "半年", "一個月"] {
                out.append("在申请人递交齐备的资料后\(lead)\(span),学资处会发出结果通知书。")
            }
        }
        return out
    }()

    @Test("约/大约/约需 + a span: a length of time", arguments: aboutSpans)
    func aboutSpan(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2021-09-10")).parse(text).first, "\(text)")
        #expect(e.kind == .duration, "\(text): \(e.text) \(e.kind)")
    }

    @Test(arguments: ["约3万人参加活动。", "约有30%的单位未整改。", "占比约3成。"])
    func aboutAnAmount(_ text: String) {
        #expect(DateParser(reference: Self.day("2021-09-10")).parse(text).isEmpty, "\(text)")
    }

    // MARK: - A timetable step naming what is handed in, then its day

    static let handInSteps: [Case] = {
        var out: [Case] = []
        for step in ["2.收集论文", "4.报送论文", "（三）提交材料", "3、上报名单", "5.收齐作业", "7、退宿时间", "二、报名时间", "6.遞交申請表"] {
            // (A year-less window takes the year nearest the reference date, as windows do.)
            for (date, due, ref) in [("2018年4月11日——9月19日", "2018-09-19", "2018-03-01"), ("2018年10月13日", "2018-10-13", "2018-03-01"),
                                     ("9月1日至9月15日", "2018-09-15", "2018-08-01")] {
                for sep in ["。", ":", "："] {
                    out.append(deadline("\(step)\(sep)\(date)。党委组织部汇总后报学校。", ref, due))
                }
            }
        }
        return out
    }()

    @Test("A step of a timetable naming a hand-in, then its day or window: due its end while ahead", arguments: handInSteps)
    func handInStep(_ c: Case) throws { try Found6ClassTests.checkLast(c) }

    /// A step that holds something, or a day already past, is no deadline.
    @Test(arguments: [("3.召开会议。2018年10月13日。", "2018-03-01"), ("4.报送论文。2018年10月13日。", "2019-03-01"),
                      ("2.开展培训。2018年4月11日——9月19日。", "2018-03-01")])
    func notAHandIn(_ text: String, _ ref: String) throws {
        let e = try #require(DateParser(reference: Self.day(ref)).parse(text).last, "\(text)")
        #expect(e.kind == .event, "\(text): \(e.text) \(e.kind)")
    }

    // MARK: - A chain going back: the next year only when nearer

    static let chainBack: [Case] = [
        // Eleven days before the festival's limit: this year's.
        deadline("如需於年前清運大型家具者，請於2月6日前向所在地清潔隊預約登記。", "2026-01-18", "2026-02-06"),
        deadline("如需于春节前清运大件垃圾的，请于2月6日前预约登记。", "2026-01-18", "2026-02-06"),
        deadline("如需在国庆节前办理的，请于9月20日前提交申请。", "2025-08-01", "2025-09-20"),
        // Months back: the next year's.
        deadline("12月底前完成整改，1月10日前报送整改报告。", "2024-06-01", "2025-01-10"),
        deadline("11月底前完成排查，次年3月底前全部整改到位，2月底前报送进展。", "2024-06-01", "2025-02-28"),
        deadline("10月底前完成方案编制，3月底前完成施工。", "2024-06-01", "2025-03-31"),
        // Inside the target's own period: stays.
        deadline("2020年底前全部完成，确保12月10日前完成验收。", "2020-03-01", "2020-12-10"),
    ]

    @Test("A year-less day going back from the limit before it: the next year only when that is nearer", arguments: chainBack)
    func chain(_ c: Case) throws { try Found6ClassTests.checkLast(c) }
}
