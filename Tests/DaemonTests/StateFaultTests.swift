import Foundation
import Mail
import ProcessTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The faults a probe of the release build found in the daemon's state handling, each
/// reproduced on a real `xianqi serve` with a real state.sqlite: a damaged page, a lost
/// database, two daemons, loose permissions, a bad recipient address.
@Suite(.serialized) struct StateFaultTests {
    var state: URL { fixture.stateDirectory }
    let fixture: DaemonFixture

    init() throws {
        fixture = try DaemonFixture()
        // An overdue notice and a reminder, both due today.
        try fixture.writeLedger([("1", -3), ("2", 7)])
    }

    var database: String { state.appendingPathComponent("state.sqlite").path }

    func python(_ script: String, _ arguments: [String] = []) throws -> String {
        try ChildProcess.run("/usr/bin/python3", ["-c", script] + arguments).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aDamagedIndexPageOfTheSentLogIsAnErrorNeverAlreadySent() throws {
        let first = try fixture.runOnce()
        #expect(first.status == 0, "\(first.output)")
        #expect(fixture.mailed().count == 2)
        // Five more events due today, then garbage over the page of the sent log's key index.
        try fixture.writeLedger([("1", -3), ("2", 7), ("3", 7), ("4", 7), ("5", 7), ("6", 7), ("7", 7)])
        let page = try python("""
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute('PRAGMA wal_checkpoint(TRUNCATE)')
            root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_sent_1'").fetchone()[0]
            size = c.execute('PRAGMA page_size').fetchone()[0]
            c.close()
            with open(sys.argv[1], 'r+b') as f:
                f.seek((root - 1) * size)
                f.write(bytes([0xA5]) * size)
            print(root)
            """, [database])
        #expect(Int(page) ?? 0 > 1, "\(page)")

        let second = try fixture.runOnce()
        #expect(second.status != 0, "a run that could not read the sent log must fail: \(second.output)")
        #expect(second.output.contains(database), "\(second.output)")
        #expect(second.output.contains("状态数据库已损坏"), "\(second.output)")
        // Nothing new was spooled or counted as sent: the five events are still owed.
        #expect(fixture.mailed().count == 2)
    }

    @Test(arguments: [true, false])
    func aLostDatabaseBesideSpooledMailIsRefused(emptyFile: Bool) throws {
        #expect(try fixture.runOnce().status == 0)
        #expect(fixture.spooled().count == 1 && fixture.mailed().count == 2)
        for suffix in ["-wal", "-shm"] { unlink(database + suffix) }
        if emptyFile { #expect(truncate(database, 0) == 0) } else { #expect(unlink(database) == 0) }

        let run = try fixture.runOnce()
        #expect(run.status == 2, "\(run.output)")
        #expect(run.output.contains(emptyFile ? "状态数据库为空文件" : "状态数据库不存在"), "\(run.output)")
        #expect(run.output.contains("docs/state.md"), "\(run.output)")
        #expect(run.output.contains("mail/new/ (1)"), "\(run.output)")
        // Nothing was recreated in silence.
        var info = stat()
        if emptyFile {
            #expect(stat(database, &info) == 0 && info.st_size == 0)
        } else {
            #expect(stat(database, &info) != 0)
        }
    }

    /// The documented recovery: `state rebuild` reads the spool, so that what was delivered
    /// (sent/) or is still queued (new/) is neither sent nor spooled again: a 催办单 by the
    /// events it lists (X-Xianqi-Events), any other message by its own.
    @Test func aLostDatabaseIsRebuiltFromTheSpoolAndNothingIsSentTwice() throws {
        // Two events for one address (one 催办单), one for another (a message of its own).
        try fixture.writeLedger([("1", -3), ("2", 7)])
        try fixture.writeLedger([("3", 7)], unitEmail: "other@example.gov.cn", file: "other.csv")
        #expect(try fixture.runOnce().status == 0)
        let mail = state.appendingPathComponent("mail").path
        let spool = MailSpool(directory: mail)
        let urge = try #require(try spool.contents([.queued]).first { $0.carriedEventKeys.count == 2 })
        let first = fixture.spooled()
        #expect(first.count == 2)
        // The 催办单 delivered (in sent/), the other still queued.
        #expect(rename(mail + "/new/" + urge.fileName, mail + "/sent/" + urge.fileName) == 0)
        let sentLog = try fixture.sentKeys()
        #expect(sentLog.count == 3)
        for suffix in ["", "-wal", "-shm"] { unlink(database + suffix) }
        #expect(try fixture.runOnce().status == 2)

        let rebuild = try XianqiProcess.run(["state", "rebuild", "--state-dir", state.path])
        #expect(rebuild.status == 0, "\(rebuild.output)")
        #expect(rebuild.stdout.contains("发送记录 3 条"), "\(rebuild.stdout)")
        #expect(rebuild.stdout.contains("1 delivered, 1 queued, 0 failed"), "\(rebuild.stdout)")
        #expect(try fixture.sentKeys() == sentLog)

        let again = try fixture.runOnce()
        #expect(again.status == 0, "\(again.output)")
        #expect(fixture.spooled() == first.filter { $0 != urge.fileName }, "nothing spooled again")
        let delivered = try fixture.sqlite("SELECT state FROM mail_queue ORDER BY file_name")
        #expect(delivered.sorted() == ["delivered", "queued"], "\(delivered)")
        // A database that exists is never replaced.
        let twice = try XianqiProcess.run(["state", "rebuild", "--state-dir", state.path])
        #expect(twice.status == 2, "\(twice.output)")
        #expect(twice.stderr.contains("文件存在且非空"), "\(twice.stderr)")
    }

    @Test func aSecondDaemonOnTheSameStateDirectoryRefusesNamingTheHolder() throws {
        try fixture.start()
        defer { _ = fixture.stop() }
        let ready = fixture.waitForNotify("READY=1")
        #expect(ready.contains { $0.contains("READY=1") }, "\(ready)")
        let pid = try #require(fixture.process?.processIdentifier)

        let second = try fixture.runOnce()
        #expect(second.status == 2, "\(second.output)")
        #expect(second.output.contains("PID \(pid)"), "\(second.output)")
        #expect(second.output.contains(state.path), "\(second.output)")

        #expect(fixture.stop().status == 0)
        let after = try fixture.runOnce()
        #expect(after.status == 0, "once the first has stopped, the lock is free: \(after.output)")
    }

    @Test func aFailedSpoolIsRetriedByTheDaemonItselfWithBackoff() throws {
        // Nothing due today at start; the events arrive with a ledger edit while the spool is broken.
        try fixture.writeLedger([("0", 45)])
        try fixture.start(environment: ["XIANQI_RETRY_SECONDS": "1"])
        defer { _ = fixture.stop() }
        #expect(fixture.waitForNotify("READY=1").contains { $0.contains("READY=1") })
        let tmp = state.appendingPathComponent("mail/tmp").path
        try FileManager.default.removeItem(atPath: tmp)
        #expect(FileManager.default.createFile(atPath: tmp, contents: Data()))   // enqueue now fails (ENOTDIR)
        try fixture.writeLedger([("0", 45), ("1", -3), ("2", 7)])
        #expect(waitFor(seconds: 10) { (try? fixture.sqlite("SELECT COUNT(*) FROM run;").first.flatMap { Int($0) } ?? 0) ?? 0 >= 2 },
                "the reload ran")
        usleep(1_500_000)
        #expect(fixture.spooled().isEmpty)
        // Both events are in the outbox (claimed: the outbox holds them durably), their message
        // made and kept there: the spool cannot take it.
        let claimed = try fixture.sentKeys()
        #expect(claimed.count == 2, "\(claimed)")
        #expect(try fixture.sqlite("SELECT COUNT(*) FROM mail_item WHERE batch_key IS NULL;") == ["0"])
        #expect(try fixture.sqlite("SELECT items FROM mail_batch WHERE spooled_at IS NULL;") == ["2"])

        // The disk is "freed": the next retry (1 s, then 2 s, 4 s …) spools their message, without a new event.
        try FileManager.default.removeItem(atPath: tmp)
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        #expect(waitFor(seconds: 20) { fixture.mailed().count == 2 }, "retried: \(fixture.mailed())")
        #expect(fixture.spooled().count == 1)
        #expect(try fixture.sentKeys() == claimed)
    }

    @Test func aSpoolRemovedWhileTheDaemonRunsIsMadeAgain() throws {
        try fixture.writeLedger([("0", 45)])
        try fixture.start()
        defer { _ = fixture.stop() }
        #expect(fixture.waitForNotify("READY=1").contains { $0.contains("READY=1") })
        try FileManager.default.removeItem(at: state.appendingPathComponent("mail"))
        try fixture.writeLedger([("0", 45), ("2", 7)])
        #expect(waitFor(seconds: 10) { fixture.spooled().count == 1 }, "spooled after the edit: \(fixture.spooled())")
        var info = stat()
        #expect(stat(state.appendingPathComponent("mail/new").path, &info) == 0 && info.st_mode & 0o777 == 0o700)
    }

    func waitFor(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }

    @Test func stateFilesGetNoPermissionForOthersUnderUmask022() throws {
        let previous = umask(0o022)
        defer { umask(previous) }
        #expect(try fixture.runOnce().status == 0)
        // A command over the ledgers, which must leave nothing loose there either.
        _ = try XianqiProcess.run(["overdue", "-c", fixture.config.path])

        var loose: [String] = []
        var checked = 0
        let enumerator = FileManager.default.enumerator(atPath: state.path)
        var paths = [state.path]
        while let relative = enumerator?.nextObject() as? String { paths.append(state.appendingPathComponent(relative).path) }
        for path in paths {
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            checked += 1
            if info.st_mode & 0o007 != 0 { loose.append("\(path) \(String(info.st_mode & 0o777, radix: 8))") }
        }
        #expect(paths.contains { $0.hasSuffix("state.sqlite") })
        #expect(checked > 5)
        #expect(loose.isEmpty, "\(loose)")
    }

    @Test func aBadAddressDropsOnlyThatRecipientNotTheMessage() throws {
        try fixture.writeLedger([("1", -3), ("2", 7)], unitEmail: "good@example.gov.cn；x@-b.com；a..b@b.com")
        let run = try fixture.runOnce()
        #expect(run.status == 0, "\(run.output)")
        let files = fixture.spooled()
        #expect(files.count == 1 && fixture.mailed().count == 2, "both events are mailed to the good address: \(run.output)")
        for name in files {
            let text = try String(contentsOfFile: state.appendingPathComponent("mail/new/\(name)").path, encoding: .utf8)
            #expect(text.contains("<good@example.gov.cn>"))
            #expect(!text.contains("-b.com") && !text.contains("a..b"))
        }
        #expect(run.output.contains("x@-b.com"), "the bad address is reported: \(run.output)")
        #expect(try fixture.sentKeys().count == 2)
    }
}
