import Foundation
import Mail
import MailTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Real `xianqi flush` processes killed with SIGKILL mid-batch, and racing each other.
///
/// The promise (docs/mail.md): no message is lost, and a message arrives twice only when
/// a kill lands after the MTA took it and before the delivery log recorded it, so at
/// most one extra copy per kill.
@Suite(.serialized) struct CrashTests {
    /// What the kill hits.
    enum Victim: String, CaseIterable, CustomTestStringConvertible {
        /// `flush` alone: its sendmail child lives on as an orphan and finishes the hand-over
        /// nobody will record, so nearly every kill during a hand-over costs a duplicate.
        case flushOnly
        /// `flush` and its sendmail child together (its process group), as systemd's
        /// `KillMode=control-group` and a power cut do: a duplicate needs the kill to land
        /// between the server's 250 and the log commit.
        case processGroup

        var testDescription: String { rawValue }
    }

    @Test("killing flush at random points loses nothing and duplicates at most one message per kill", arguments: Victim.allCases)
    func killedMidBatch(victim: Victim) async throws {
        try await onThread { try Self.killMidBatch(victim: victim) }
    }

    static func killMidBatch(victim: Victim) throws {
        let mta = try MTAFixture("crash")
        defer { mta.remove() }
        let queue = try mta.queue()
        let count = 30
        for message in Fixtures.batch(count, prefix: "crash") { try queue.enqueue(message) }
        let arguments = XianqiProcess.flushArguments(mta.base, command: mta.command)
        let log = mta.base.directory.appending("flush.log")

        var kills = 0
        var delays: [Int] = []
        for _ in 0..<12 where try !mta.base.names(.new).isEmpty {
            let process = try XianqiProcess.start(arguments, log: log)
            let delay = Int.random(in: 20...400)
            delays.append(delay)
            Thread.sleep(forTimeInterval: Double(delay) / 1000)
            if process.isRunning {
                // Foundation starts each child in a process group of its own.
                kill(victim == .flushOnly ? process.processIdentifier : -process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        // Then flush to the end; an orphaned msmtp may still hold a claim for a moment.
        let settled = try waitUntil(timeout: .seconds(60)) {
            _ = try XianqiProcess.run(arguments)
            return try mta.base.names(.new).isEmpty && mta.base.names(.cur).isEmpty
        }
        #expect(settled, "spool not empty; flush log: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")

        let arrivals = try mta.arrivals()
        let ids = try Fixtures.batch(count, prefix: "crash").map { try $0.render().messageID }
        let duplicates = arrivals.values.reduce(0) { $0 + $1 - 1 }
        print("crash test (\(victim)): \(kills) kills (delays \(delays) ms), \(duplicates) duplicate(s), \(arrivals.count) distinct of \(count)")
        #expect(Set(arrivals.keys) == Set(ids), "every message arrived")
        #expect(duplicates <= kills, "at most one extra copy per kill")
        #expect(kills > 0, "the kills must land while flush is running")
        #expect(try queue.deliveries().count == count)
        #expect(try mta.base.names(.sent).count == count)
        for parsed in try mta.parsedInbox() {
            #expect(parsed.text?.hasPrefix("第") == true && parsed.text?.contains("请及时整改") == true, "a truncated message arrived")
        }
    }

    @Test("two flush processes on one spool hand every message over exactly once")
    func concurrentFlushes() async throws {
        try await onThread { try Self.raceTwoFlushes() }
    }

    static func raceTwoFlushes() throws {
        let mta = try MTAFixture("race")
        defer { mta.remove() }
        let queue = try mta.queue()
        let count = 40
        for message in Fixtures.batch(count, prefix: "race") { try queue.enqueue(message) }
        let arguments = XianqiProcess.flushArguments(mta.base, command: mta.command)
        let a = try XianqiProcess.start(arguments, log: mta.base.directory.appending("a.log"))
        let b = try XianqiProcess.start(arguments, log: mta.base.directory.appending("b.log"))
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
        let logs = try ["a.log", "b.log"].map { try String(contentsOfFile: mta.base.directory.appending($0), encoding: .utf8) }
        let delivered = logs.compactMap { $0.firstMatch(of: /delivered (\d+)/).flatMap { Int($0.1) } }
        print("race test: flush A delivered \(delivered.first ?? -1), flush B \(delivered.last ?? -1)")
        #expect(delivered.reduce(0, +) == count)
        let arrivals = try mta.arrivals()
        #expect(arrivals.count == count)
        #expect(arrivals.values.allSatisfy { $0 == 1 })
        #expect(try mta.base.names(.new).isEmpty && mta.base.names(.cur).isEmpty)
    }
}
