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
}
