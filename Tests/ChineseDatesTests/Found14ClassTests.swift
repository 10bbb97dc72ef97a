import ChineseDates
import Testing

/// Classes of expression that the fourteenth set of published documents read for the first
/// time (eval/found/found-14.tsv, 100 documents) showed misread and that were added at once;
/// the rest are listed in found-14-classes.md. No case is a sentence of that set.
@Suite struct Found14ClassTests {
    /// Immediate demands in a list of slogans whose last ends the clause: due the reference
    /// day, flagged immediate.
    @Test(arguments: ["对查摆的问题做到即知即改、立行立改、持续整改,确保群众满意。", "问题要立查立改、即知即改、应改尽改,坚决防止交空账。",
                      "必须边查边改、立行立改、久久为功;", "做到立行立改、全面整改。"])
    func immediateInASloganList(_ text: String) throws {
        let e = try #require(DateParser(reference: GrammarClassTests.day("2015-08-14")).parse(text).first, "\(text)")
        #expect(e.kind == .deadline && e.due?.description == "2015-08-14" && e.flags.contains(.immediate), "\(text): \(e.text) \(e.kind)")
    }

    /// A list that goes on to name a principle or a kind of case is no demand.
    @Test(arguments: ["按照立行立改、举一反三的原则修订制度。", "形成立行立改、长效机制相结合的工作格局。"])
    func sloganListNamingAPrinciple(_ text: String) {
        GrammarClassTests.expectNoDeadline(text, "2015-08-14")
    }

    /// A month and day written M/D with the hour between it and 前 ("5/9 下午5點前"), or after
    /// a cut-off label (期限為): each hour form × each limit word × both scripts.
    static let slashDays: [(String, String)] = {
        let hours = [" 下午5點", "下午五点", " 中午12時", "上午 10:00", " 23:59"]
        let limits = ["前", "之前", "止"]
        var cases: [(String, String)] = []
        for (h, hour) in hours.enumerated() {
            for limit in limits {
                cases.append(("請於 5/\(9 + h)\(hour)\(limit)繳交申請表", "2025-05-\(String(format: "%02d", 9 + h))"))
            }
        }
        for label in ["繳費期限為", "缴费期限为", "截止日期：", "申請期限為 "] {
            cases.append(("\(label)1/17,逾期不受理", "2025-01-17"))
        }
        return cases
    }()

    @Test(arguments: slashDays)
    func slashDayWithItsHourOrAfterALabel(_ c: (String, String)) throws {
        let e = try #require(DateParser(reference: GrammarClassTests.day("2025-01-02")).parse(c.0).first, "\(c.0)")
        #expect(e.kind == .deadline && e.due?.description == c.1, "\(c.0): \(e.text) \(e.kind) \(String(describing: e.due))")
    }

    /// A window of M/D days, each with or without its hour, joined by ~, - or 至: one range,
    /// due its end when a limit closes it.
    @Test(arguments: ["6/1~6/24下午五点之前上网缴费", "請於 6/1()上午 10:00 起至 6/24 ()前繳費", "6/1 上午10點 ~ 6/24 下午4點前完成登記",
                      "於6/1-6/24前完成"])
    func slashDayWindow(_ text: String) throws {
        let e = try #require(DateParser(reference: GrammarClassTests.day("2025-05-20")).parse(text).first, "\(text)")
        #expect(e.kind == .deadline && e.start?.description == "2025-06-01" && e.due?.description == "2025-06-24",
                "\(text): \(e.text) \(e.kind) \(String(describing: e.start)) \(String(describing: e.due))")
    }

    /// Fractions and scores stay fractions, with an hour word after them or not.
    @Test(arguments: ["占比1/15,下午召开会议", "缩小到1/3", "得分率为2/3前列", "期中考占1/3 下午進行"])
    func slashFractionsAreNoDays(_ text: String) {
        GrammarClassTests.expectNoDeadline(text, "2025-01-02")
    }
}
