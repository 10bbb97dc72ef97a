import Foundation
import Testing

/// 立行立改 in a ledger: due on the ledger's own date, overdue from the next day, and marked in
/// the table so that nobody reads it as an ordinary date.
@Suite struct ImmediateOverdueTests {
    static let ledger = """
        填报日期：2025-03-01
        序号,问题,整改措施,责任单位,完成时限,整改状态
        1,问题A,措施A,区财政局,立行立改,推进中
        2,问题B,措施B,区财政局,2025年6月底前,推进中

        """

    @Test func anImmediateDemandIsDueOnTheLedgersDateAndMarked() throws {
        let dir = TemporaryDirectory("xianqi-immediate")
        try dir.write("ledger.csv", Self.ledger)
        try dir.write("xianqi.toml", "ledgers = [\"ledger.csv\"]\nstate_directory = \"state\"\n")
        let onTheDay = try CommandTests.run([CommandTests.binary, "overdue", "-c", dir.file("xianqi.toml"), "--as-of", "2025-03-01"])
        #expect(onTheDay.status == 0, "\(onTheDay.stdout)\(onTheDay.stderr)")
        let after = try CommandTests.run([CommandTests.binary, "overdue", "-c", dir.file("xianqi.toml"), "--as-of", "2025-03-05"])
        #expect(after.status == 1, "\(after.stderr)")
        #expect(after.stdout.contains("2025-03-01 (立行立改)"))
        #expect(!after.stdout.contains("措施B"))
    }
}
