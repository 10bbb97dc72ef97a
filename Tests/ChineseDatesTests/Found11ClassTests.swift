import ChineseDates
import Testing

/// Classes of expression that the eleventh set of published documents read for the first time
/// (eval/found/found-11.tsv, 103 documents, 48 in traditional script) showed misread, listed in
/// found-11-classes.md, generated as tables: words × forms × scripts × reference dates. No case
/// is a sentence of that set.
@Suite struct Found11ClassTests {
    typealias Case = GrammarClassTests.Case

    static func day(_ s: String) -> CivilDate { CivilDate(s)! }

    static func deadline(_ text: String, _ ref: String, _ due: String) -> Case {
        Case(text: text, reference: day(ref), kind: .deadline, due: due, start: nil, end: nil)
    }

    // MARK: - A cut-off named after the day

    /// "下月2日選民登記截止", "5月30日报名截止", "下月2日是…的截止日期".
    static let namedAfter: [Case] = {
        var out: [Case] = []
        for (date, due) in [("下月2日", "2025-06-02"), ("5月30日", "2025-05-30"), ("2025年6月2日", "2025-06-02")] {
            for act in ["報名截止", "选民登记截止", "申请截止", "網上登記截止", "申报截止"] {
                out.append(deadline("\(date)\(act)，请市民留意。", "2025-05-20", due))
            }
            for named in ["是選民登記的截止日期", "为申请的截止日", "是报名的最后一天", "是提交材料的截止时间"] {
                out.append(deadline("局长表示,\(date)\(named),她呼吁市民尽早办理。", "2025-05-20", due))
            }
        }
        return out
    }()

    @Test("A day, an act and 截止 after it, or 是…的截止日期: a cut-off that day", arguments: namedAfter)
    func cutoffNamedAfter(_ c: Case) throws { try Found6ClassTests.checkLast(c) }

    /// 截止 that starts a phrase of its own after the act is no cut-off of the day.
    @Test(arguments: ["5月30日报名截止到6月5日。", "5月30日是重要的一天。"])
    func notNamedAfter(_ text: String) throws {
        let found = DateParser(reference: Self.day("2025-05-20")).parse(text)
        let first = try #require(found.first, "\(text)")
        #expect(first.kind != .deadline || first.due?.description != "2025-05-30", "\(text): \(found.map { "\($0.text) \($0.kind)" })")
    }

    // MARK: - An open window after 截止: ending in 止

    static let openWindows: [Case] = {
        var out: [Case] = []
        for label in ["截止:", "截止：", "截至:"] {
            for end in ["2023年11月14日(二)晚上10时止", "11月14日止", "2023年11月14日17:00止"] {
                out.append(deadline("\(label)即日起至\(end),按系统显示时间截止报名。", "2023-11-01", "2023-11-14"))
            }
        }
        for label in ["徵稿期間:", "征稿时间:", "投稿时间为", "征文时间:", "提名时间:"] {
            out.append(deadline("\(label)2017年12月1日~2018年2月28日止(遇假日順延一日)", "2017-11-20", "2018-02-28"))
        }
        return out
    }()

    @Test("截止:即日起至D止, and a call for papers ending in 止: due its end while it runs", arguments: openWindows)
    func openWindow(_ c: Case) throws { try Found6ClassTests.checkLast(c) }

    // MARK: - A stock at a period's end

    static let stocks: [Case] = {
        var out: [Case] = []
        for (point, last) in [("2001年底", "2001-12-31"), ("去年底", "2002-12-31"), ("2002年6月底", "2002-06-30"), ("去年末", "2002-12-31")] {
            for stock in ["共有19個加氣站投入服務", "累计完成整改1200处", "已有300户接入管网", "尚有5处未整改"] {
                out.append(Case(text: "\(point)\(stock)。", reference: day("2003-05-01"), kind: .asOf, due: nil, start: last, end: last))
            }
        }
        return out
    }()

    @Test("A period's end, then a stock (共有, 累计, 已有): as of its last day", arguments: stocks)
    func stock(_ c: Case) throws { try Found7ClassTests.checkLast(c) }

    /// 已 and an act done is an event: "2022年底已纳入…".
    @Test(arguments: ["2022年底已纳入提质改造项目计划。", "去年底已按計劃如期竣工。"])
    func actDoneAtAnEnd(_ text: String) throws {
        let e = try #require(DateParser(reference: Self.day("2024-05-01")).parse(text).first, "\(text)")
        #expect(e.kind == .event, "\(text): \(e.text) \(e.kind)")
    }
}
