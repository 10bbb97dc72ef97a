import ChineseDates
import Foundation
import NotifyTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `xianqi serve` as systemd runs it: real journald, real SQLite, the real spool, a notify
/// socket, signals. Each test has its own unit name, ledger and state directory.
@Suite(.serialized, .enabled(if: Journald.isTestable, "no usable journald and not root"))
struct ReminderServiceProcessTests {
    init() throws { try Journald.require() }

    @Test func sendsWhatIsDueOnceTellsSystemdAndStopsCleanly() throws {
        let d = try DaemonFixture()
        // Overdue 3 days, due in 7 days (a reminder today), due in 10 days (nothing today).
        try d.writeLedger([("1", -3), ("2", 7), ("3", 10)])
        try d.start()
        let messages = d.waitForNotify("READY=1")
        #expect(messages.contains { $0.contains("READY=1") }, "\(messages)")
        let status = d.waitForNotify("STATUS=")
        #expect(status.contains { $0.contains("STATUS=3 项措施，逾期 1 项") }, "\(status)")

        let records = try d.journal(count: 2)
        #expect(records.count == 2)
        let overdue = try #require(records.first { $0["XIANQI_MEASURE_ID"] == "\(d.tag)-1" })
        #expect(overdue["PRIORITY"] == "4")
        #expect(overdue["MESSAGE_ID"] == "b6ba09e70f6b463cb51bac9a46484cba")
        #expect(overdue["XIANQI_DAYS_OVERDUE"] == "3")
        #expect(overdue["XIANQI_DUE"] == DaemonFixture.today().adding(days: -3).description)
        #expect(overdue["XIANQI_SOURCE"]?.hasSuffix("ledger.csv:2") == true)
        #expect(overdue["SYSLOG_IDENTIFIER"] == "xianqi")
        #expect(overdue["MESSAGE"]?.contains("已逾期 3 天") == true)
        let reminder = try #require(records.first { $0["XIANQI_MEASURE_ID"] == "\(d.tag)-2" })
        #expect(reminder["PRIORITY"] == "5")
        #expect(reminder["XIANQI_EVENT"] == "reminder")

        #expect(try d.sentKeys().count == 2)
        // One unit, one day: one message carrying both events.
        #expect(d.spooled().count == 1)
        #expect(d.mailed() == (try d.sentKeys()).sorted())
        let stopped = d.stop()
        #expect(stopped.status == 0, "\(stopped.output)")
        #expect(d.waitForNotify("STOPPING=1", timeout: .seconds(2)).contains { $0.contains("STOPPING=1") })

        // A restart sends nothing again.
        try d.start()
        _ = d.waitForNotify("READY=1")
        #expect(d.stop().status == 0)
        #expect(try d.sentKeys().count == 2)
        #expect(d.spooled().count == 1 && d.mailed().count == 2)
        #expect(try d.journal(count: 3, timeout: .seconds(2)).count == 2)
    }

    @Test func sighupAndLedgerEditsReloadAndABrokenEditKeepsTheLastGoodState() throws {
        let d = try DaemonFixture()
        try d.writeLedger([("1", -3)])
        try d.start()
        _ = d.waitForNotify("READY=1")
        #expect(try d.journal(count: 1).count == 1)

        // An edit of the ledger is seen without a signal (inotify, debounced).
        try d.writeLedger([("1", -3), ("2", -1)])
        #expect(d.waitForNotify("RELOADING=1").contains { $0.contains("RELOADING=1") && $0.contains("MONOTONIC_USEC=") })
        #expect(try d.journal(count: 2).count == 2)

        // A broken configuration: the reload fails, is logged with file:line, and the daemon goes on.
        try Data("ledgers = [\n".utf8).write(to: d.config)
        d.signal(SIGHUP)
        let failed = try JournalReader.entries(matching: ("MESSAGE_ID", "29910ce3f973405cb5d6e2d9d257ae15"), count: 1)
            .filter { $0["XIANQI_SOURCE"] == d.config.path }
        #expect(failed.count >= 1)
        #expect(failed.first?["MESSAGE"]?.contains("xianqi.toml:") == true)
        #expect(d.process?.isRunning == true)

        // Fixed again, with a third overdue measure: SIGHUP brings it in.
        try d.writeConfig(window: "00:00-23:59")
        try d.writeLedger([("1", -3), ("2", -1), ("3", -2)])
        d.signal(SIGHUP)
        #expect(try d.journal(count: 3).count == 3)
        #expect(d.stop().status == 0)
        #expect(try d.sentKeys().count == 3)
    }

    @Test func pingsTheWatchdogAtHalfItsInterval() throws {
        let d = try DaemonFixture()
        try d.writeLedger([("1", 30)])
        // WatchdogSec=1: WATCHDOG_USEC as systemd sets it (WATCHDOG_PID is optional).
        try d.start(environment: ["WATCHDOG_USEC": "1000000"])
        _ = d.waitForNotify("READY=1")
        let start = ContinuousClock.now
        var pings = 0
        while ContinuousClock.now < start.advanced(by: .seconds(2)) {
            pings = d.waitForNotify("READY=1", timeout: .milliseconds(100)).filter { $0 == "WATCHDOG=1" }.count
        }
        #expect(pings >= 3, "\(pings) pings in 2 s")
        #expect(d.stop().status == 0)
    }

    @Test func firesAtTheSendWindowWithoutPolling() throws {
        // The window opens at the start of a minute 30 to 90 s from now (time for the daemon to
        // start on a loaded machine); the reminder (7 days ahead) waits for it.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DaemonFixture.zone
        let next = Date(timeIntervalSinceNow: 90)
        let c = calendar.dateComponents([.hour, .minute], from: next)
        guard c.hour! < 23 || c.minute! < 58 else { return } // a window must close after it opens
        let opening = String(format: "%02d:%02d", c.hour!, c.minute!)
        let d = try DaemonFixture(window: "\(opening)-23:59")
        try d.writeLedger([("1", 7)])
        try d.start()
        let ready = d.waitForNotify("READY=1")
        #expect(ready.contains { $0.contains("READY=1") })
        let openingInstant = calendar.date(bySettingHour: c.hour!, minute: c.minute!, second: 0, of: next)!
        // Nothing before the window (checked while it is still more than the check's second away).
        if Date().addingTimeInterval(2) < openingInstant {
            #expect(try d.journal(count: 1, timeout: .seconds(1)).isEmpty)
        }
        let records = try d.journal(count: 1, timeout: .seconds(105))
        #expect(records.count == 1)
        #expect(Date() >= openingInstant)
        // Realtime timestamp of the record: within a few seconds of the window's opening.
        let stamp = try #require(records.first?["__REALTIME_TIMESTAMP"].flatMap(Double.init))
        #expect(abs(stamp / 1e6 - openingInstant.timeIntervalSince1970) < 3)
        #expect(d.stop().status == 0)
    }

    /// SIGKILL while it sends a batch of 300 notices, again and again, until a run finishes:
    /// every event ends up in the sent log once and in the spool once; the journal has every
    /// event, with at most one repeat per kill (the record written just before the claim).
    @Test func sigkillAtRandomPointsSendsEveryEventOnce() throws {
        let d = try DaemonFixture()
        let n = 300
        try d.writeLedger((1...n).map { ("\($0)", -3) })
        // Find a moment inside the batch on a fresh state, by bisection between a kill that
        // came before the first send and one that came after the last (start-up takes longer on
        // a loaded machine, so the search goes both ways); then keep killing at random points
        // until it is done.
        var kills = 0
        var killedMidBatch = 0
        // Events a trial of the search claimed before its state was wiped: sent (and journaled)
        // again by the next trial, on purpose.
        var wipedSent = 0
        var early: useconds_t = 1_000
        var late: useconds_t = 4_000_000
        var delay: useconds_t = 400_000
        var tries = 0
        while killedMidBatch == 0, tries < 24, late - early > 500 {
            tries += 1
            try? FileManager.default.removeItem(at: d.stateDirectory)
            try d.start()
            usleep(delay)
            d.signal(SIGKILL)
            _ = d.wait()
            let sent = try d.sentKeys().count
            kills += 1
            if sent > 0 && sent < n {
                killedMidBatch += 1
            } else {
                wipedSent += sent
                if sent == 0 { early = delay } else { late = delay }
                delay = early + (late - early) / 2
            }
        }
        #expect(killedMidBatch == 1, "no kill landed while the batch was being sent")
        for _ in 0..<6 where try d.sentKeys().count < n {
            try d.start()
            usleep(useconds_t.random(in: (delay / 4)...delay))
            d.signal(SIGKILL)
            _ = d.wait()
            kills += 1
        }
        try d.start()
        _ = d.waitForNotify("READY=1", timeout: .seconds(60))
        #expect(d.stop().status == 0)
        let keys = try d.sentKeys()
        #expect(keys.count == n)
        #expect(Set(keys).count == n)
        // Every event mailed once, in the unit's messages of the day (one per run that sent some).
        #expect(d.mailed() == keys.sorted())
        let messages = d.spooled().count
        #expect(messages >= 1 && messages <= kills + 1)
        #expect(try d.sqlite("SELECT COUNT(DISTINCT message_id) FROM mail_queue;") == ["\(messages)"])
        #expect(try d.sqlite("SELECT COUNT(*) FROM mail_queue;") == ["\(messages)"])
        let records = try d.journal(count: n)
        let perEvent = Dictionary(grouping: records, by: { $0["XIANQI_EVENT_KEY"] ?? "" })
        #expect(perEvent.count == n)
        #expect(records.count - n <= kills + wipedSent, "\(kills) kills, \(wipedSent) sent by trials wiped")
    }
}
