import Foundation
import NotifyTestSupport
import ProcessTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// One unreadable ledger does not stop the daemon: the others are served, the last good copy
/// of that ledger is kept, and the error is in the log and the status line.
@Suite(.serialized, .enabled(if: Journald.isTestable, "no usable journald and not root"))
struct DegradedLedgerTests {
    init() throws { try Journald.require() }

    /// Once stopped the daemon from starting: an empty ledger beside a good one.
    @Test(arguments: ["", "PK\u{3}\u{4} a spreadsheet cut short", "not,a ledger at all\n\"unterminated"])
    func anUnreadableLedgerAtStartLeavesTheOthersServedAndOnceExitsOne(broken: String) throws {
        let d = try DaemonFixture()
        try d.writeLedger([("a1", -3), ("a2", 7)])
        try Data(broken.utf8).write(to: d.directory.appendingPathComponent("broken.csv"))
        let run = try d.runOnce()
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("broken.csv"), "\(run.output)")
        #expect(run.output.contains("其中的措施未载入 (its measures are not loaded)"), "\(run.output)")
        #expect(d.mailed().count == 2, "the good ledger's two events are sent")
    }

    @Test func aLedgerBrokenWhileRunningIsKeptAsLastReadAndTheStatusSaysSo() throws {
        let d = try DaemonFixture()
        try d.writeLedger([("a1", -3), ("a2", 7)])
        try d.writeLedger([("b1", -2)], file: "other.csv")
        try d.start(environment: ReloadTests.logOnStderr)
        #expect(d.waitForNotify("READY=1", count: 1) == 1)
        #expect(try d.journal(count: 3).count == 3)

        // other.csv saved as 0 bytes (an editor that truncated first): reloaded, kept as last read.
        let tmp = d.directory.appendingPathComponent(".other.tmp")
        try Data().write(to: tmp)
        #expect(rename(tmp.path, d.directory.appendingPathComponent("other.csv").path) == 0)
        #expect(d.waitForNotify("READY=1", count: 2) == 2)
        let status = d.waitForNotify("个台账无法读取")
        #expect(status.contains { $0.contains("STATUS=3 项措施") && $0.contains("1 个台账无法读取（1 个沿用上次内容）：other.csv") }, "\(status)")

        // The first ledger gains an overdue measure: it is sent, other.csv's measure stays known.
        try d.writeLedger([("a1", -3), ("a2", 7), ("a3", -1)])
        #expect(d.waitForNotify("READY=1", count: 3) == 3)
        #expect(try d.journal(count: 4).count == 4)

        // other.csv repaired: read again, and the status line is clean.
        try d.writeLedger([("b1", -2)], file: "other.csv")
        #expect(d.waitForNotify("READY=1", count: 4) == 4)
        let stopped = d.stop()
        #expect(stopped.status == 0, "\(stopped.output)")
        #expect(stopped.output.contains("沿用上次读取的内容 (keeping the last good copy)"), "\(stopped.output)")
        #expect(stopped.output.contains("measures=4"), "\(stopped.output)")
        #expect(d.mailed().count == 4 && Set(d.mailed()).count == 4, "each event once")
        let statuses = d.waitForNotify("STATUS=", timeout: .seconds(1)).filter { $0.contains("STATUS=") }
        #expect(statuses.last.map { !$0.contains("无法读取") } == true, "\(statuses)")
    }
}
