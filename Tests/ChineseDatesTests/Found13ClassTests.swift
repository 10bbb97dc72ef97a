import ChineseDates
import Testing

/// Classes of expression that the thirteenth set of published documents read for the first
/// time (eval/found/found-13.tsv, 112 documents, 42 in traditional script, most of them
/// mainland rectification texts) showed misread, listed in found-13-classes.md, generated as
/// tables: words × forms × scripts × reference dates. No case is a sentence of that set.
@Suite struct Found13ClassTests {
    typealias Case = GrammarClassTests.Case

    static func day(_ s: String) -> CivilDate { CivilDate(s)! }

    static func deadline(_ text: String, _ ref: String, _ due: String) -> Case {
        Case(text: text, reference: day(ref), kind: .deadline, due: due, start: nil, end: nil)
    }

    // MARK: - Spans counted back from a meeting or an activity

    static let before: [Case] = {
        var out: [Case] = []
        for lead in ["会前", "会议召开前", "活動舉行前", "活动举办前", "会议开始前", "开幕前"] {
            for span in ["三天", "一日", "10個工作天", "12个月", "两周"] {
                out.append(Case(text: "材料应于\(lead)\(span)送局办公室。", reference: day("2021-05-01"), kind: .duration,
                                due: nil, start: nil, end: nil))
            }
        }
        return out
    }()

    @Test("会前三天, 活動舉行前10個工作天: a span counted back from an event of the text", arguments: before)
    func countedBack(_ c: Case) throws {
        let found = DateParser(reference: c.reference).parse(c.text)
        let e = try #require(found.first, "\(c.text)")
        #expect(e.kind == .duration, "\(c.text): \(e.text) \(e.kind)")
    }

    // MARK: - Cut-offs of Hong Kong and Macau headlines

    /// 月杪 is 月底; 截 alone ends a headline's phrase as 截止.
    static let headlines: [Case] = {
        var out: [Case] = []
        for (written, due) in [("月杪", "2024-02-29"), ("本月杪", "2024-02-29"), ("3月杪", "2024-03-31"), ("年杪", "2024-12-31")] {
            out.append(deadline("市署准照續期至\(written)", "2024-02-21", due))
        }
        for (written, due) in [("月底截", "2021-12-31"), ("12月20日截", "2021-12-20"), ("下月5日截", "2022-01-05")] {
            out.append(deadline("資助申請\(written)", "2021-12-10", due))
            out.append(deadline("資助申請\(written),逾期不受理", "2021-12-10", due))
        }
        return out
    }()

    @Test("月杪 as 月底, a headline's 截 as 截止", arguments: headlines)
    func headline(_ c: Case) throws { try Found6ClassTests.checkLast(c) }

    /// 截 inside a word is no cut-off: "截图", "截至", "拦截".
    @Test(arguments: ["12月20日截图发送。", "5月1日截获一批走私货物。"])
    func jieInsideAWord(_ text: String) throws {
        GrammarClassTests.expectNoDeadline(text, "2021-12-10")
    }

    // MARK: - Windows

    /// 登记时间 labels a window to register; "可於即日起至D期間…預約" is open today.
    static let windows: [Case] = {
        var out: [Case] = []
        for label in ["登记时间:", "登記時間:", "登记时间为", "登记日期:"] {
            for (range, due) in [("4月10日至4月16日", "2021-04-16"), ("2021年4月10日-4月16日", "2021-04-16")] {
                out.append(deadline("二、\(label)\(range),9时至18时", "2021-04-08", due))
            }
        }
        for lead in ["申請者可於", "市民可于", "请于", "须于"] {
            out.append(deadline("\(lead)即日起至7月6日期間,於辦公時間內致電預約辦理手續。", "2007-06-08", "2007-07-06"))
        }
        return out
    }()

    @Test("登记时间 D1至D2, 可於即日起至D期間: due the end", arguments: windows)
    func window(_ c: Case) throws { try Found6ClassTests.checkLast(c) }

    /// The issuer's campaign over a window opening today, and a permission given to another,
    /// are no window of the reader's.
    @Test(arguments: ["即日起至10月底,我区将开展燃气安全宣传活动。", "即日起至12月31日,全县组织开展安全生产大检查。",
                      "允許承建商即日起至本年11月10日期間設特許施工時段。"])
    func campaignOrPermission(_ text: String) throws {
        try GrammarClassTests.expectFirstIsNoDeadline(text, "2022-08-04")
    }

    // MARK: - Years

    /// 春节前 in the years before 2015: the lunisolar table reaches back to 2000.
    static let festivals: [Case] = [
        deadline("春节前能整改的要全部整改到位。", "2010-01-20", "2010-02-13"),
        deadline("确保春节前完成。", "2005-01-10", "2005-02-08"),
        deadline("务必在端午节前完成清淤。", "2012-05-01", "2012-06-22"),
        deadline("中秋节前全部到位。", "2006-08-01", "2006-10-05"),
        deadline("清明节前完成排查。", "2009-03-01", "2009-04-03"),
    ]

    @Test("Festivals of 2000–2014 have their days", arguments: festivals)
    func festival(_ c: Case) throws { try Found6ClassTests.checkLast(c) }

    /// A template's blank year ("20xx年") leaves the whole range unread, its second end too.
    @Test(arguments: ["限20xx年5月20日至5月22日,违建户自行拆除。", "限20XX年5月20日至22日前拆除。", "于____年5月20日至6月1日报送。"])
    func templateYear(_ text: String) throws {
        let found = DateParser(reference: Self.day("2024-05-01")).parse(text)
        #expect(!found.contains { $0.kind == .deadline && $0.due.map { $0.year == 2024 } == true }, "\(text): \(found.map { "\($0.text) \($0.kind)" })")
    }

    /// "記者24日從教育部獲悉": a news lead's day.
    @Test(arguments: ["記者24日從中國教育部獲悉,", "记者5日从市应急管理局了解到,"])
    func reporterLearnt(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2016-02-24")).parse(text).first, "\(text)")
        #expect(e.kind == .event, "\(text): \(e.text) \(e.kind)")
    }
}
