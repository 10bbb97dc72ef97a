import Ledger
import Testing

@Suite struct StatusTests {
    @Test(arguments: [
        ("完成", Status.done), ("已完成", .done), ("已办结", .done), ("销号", .done), ("done", .done),
        ("阶段性完成", .partlyDone), ("基本完成", .partlyDone),
        ("未完成", .notDone), ("未整改", .notDone),
        ("推进中", .inProgress), ("正在推进", .inProgress), ("整改中", .inProgress), ("in-progress", .inProgress),
        ("未开始", .notStarted), ("长期坚持", .ongoing), ("常态化", .ongoing),
        ("已完成（2024年6月）", .done), ("推进中，完成60%", .inProgress), (" 阶段性完成。", .partlyDone),
    ])
    func statusWordIsUnderstood(_ text: String, _ expected: Status) {
        #expect(Status(parsing: text) == expected)
    }

    @Test func longerWordsWinOverTheirTails() {
        // "未完成" and "阶段性完成" end in "完成" but mean something else.
        #expect(Status(parsing: "未完成") != .done)
        #expect(Status(parsing: "阶段性完成") != .done)
    }

    @Test(arguments: ["", "   ", "看情况", "？"])
    func unknownWordsAreNotGuessed(_ text: String) {
        #expect(Status(parsing: text) == nil)
    }
}
