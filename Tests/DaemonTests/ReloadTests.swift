import Foundation
import NotifyTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Reloads read again only the ledgers whose content changed, and send nothing twice.
@Suite(.serialized, .enabled(if: Journald.isTestable, "no usable journald and not root"))
struct ReloadTests {
    init() throws { try Journald.require() }

    /// The daemon's log on stderr (not the journal): where it says what each reload read.
    static let logOnStderr = ["INVOCATION_ID": "", "JOURNAL_STREAM": ""]

    /// The `read=… kept=… full=…` of each "reloaded" line, in order.
    static func reloads(in output: String) -> [String] {
        output.split(separator: "\n").filter { $0.contains("已重新载入 (reloaded)") }.map { line in
            let fields = line.split(separator: " ").filter { $0.hasPrefix("read=") || $0.hasPrefix("kept=") || $0.hasPrefix("full=") }
            return fields.sorted { ["f", "k", "r"].firstIndex(of: $0.first!)! < ["f", "k", "r"].firstIndex(of: $1.first!)! }
                .joined(separator: " ")
        }
    }

    @Test func oneChangedLedgerOfTwoIsReadAgainAndRemindersStaySentOnce() throws {
        let d = try DaemonFixture()
        try d.writeLedger([("a1", -3), ("a2", 7)])
        try d.writeLedger([("b1", -2)], file: "other.csv")
        try d.start(environment: Self.logOnStderr)
        #expect(d.waitForNotify("READY=1", count: 1) == 1)
        #expect(try d.journal(count: 3).count == 3)

        // The second ledger saved (atomic rename) with one more overdue measure: the watcher
        // reloads, reading that file only; the new measure's notice goes out, nothing else again.
        try d.writeLedger([("b1", -2), ("b2", -1)], file: "other.csv")
        #expect(d.waitForNotify("READY=1", count: 2) == 2)
        #expect(try d.journal(count: 4).count == 4)

        // SIGHUP with nothing changed reads nothing; a save with the same bytes neither.
        d.signal(SIGHUP)
        #expect(d.waitForNotify("READY=1", count: 3) == 3)
        try d.writeLedger([("a1", -3), ("a2", 7)])
        #expect(d.waitForNotify("READY=1", count: 4) == 4)

        // The configuration changed: every ledger is read again.
        try d.writeConfig(window: "00:00-23:59", extra: "# edited")
        #expect(d.waitForNotify("READY=1", count: 5) == 5)
        // And the first ledger edited: only it.
        try d.writeLedger([("a1", -3), ("a2", 7), ("a3", -4)])
        #expect(d.waitForNotify("READY=1", count: 6) == 6)
        #expect(try d.journal(count: 5).count == 5)

        let stopped = d.stop()
        #expect(stopped.status == 0, "\(stopped.output)")
        #expect(Self.reloads(in: stopped.output) == [
            "full=false kept=1 read=other.csv",
            "full=false kept=2 read=",
            "full=false kept=2 read=",
            "full=true kept=0 read=ledger.csv,other.csv",
            "full=false kept=1 read=ledger.csv",
        ], "\(stopped.output)")
        // Every event once: in the sent log, in the spool, in the journal.
        let keys = try d.sentKeys()
        #expect(keys.count == 5)
        #expect(Set(keys).count == 5)
        #expect(d.mailed() == keys.sorted())
        let records = try d.journal(count: 6, timeout: .seconds(2))
        #expect(records.count == 5)
        #expect(Set(records.compactMap { $0["XIANQI_EVENT_KEY"] }).count == 5)
        #expect(stopped.output.contains("measures=5"))
    }
}
