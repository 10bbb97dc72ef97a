import Foundation
import GRDB
import Mail
import MailTestSupport
import Testing

/// `xianqi mailq` and `xianqi flush` as an operator runs them.
@Suite struct MailCommandTests {
    func arguments(_ command: String, _ fixture: QueueFixture) -> [String] {
        [command, "--spool", fixture.spool.directory, "--database", fixture.directory.appending("state.sqlite")]
    }

    @Test("mailq lists queued mail with decoded subject, recipients and attempts")
    func mailqTable() async throws {
        let fixture = try QueueFixture("cli-mailq")
        defer { fixture.remove() }
        let queue = try fixture.queue()
        try queue.enqueue(Fixtures.overdue())
        _ = try await queue.deliver()
        let run = try await XianqiProcess.run(arguments("mailq", fixture))
        #expect(run.status == 0)
        #expect(run.stdout.contains(Fixtures.overdueSubject))
        #expect(run.stdout.contains("区财政局 <czj@example.gov.cn>"))
        #expect(run.stdout.contains("1 queued"))
        #expect(run.stdout.contains("2025-07-01T09:01:00+08:00"))
    }

    @Test("mailq reads a state directory on a read-only mount", .enabled(if: getuid() == 0, "needs root for a private read-only bind mount"))
    func mailqReadOnly() async throws {
        let kept: TemporaryDirectory
        do {
            // The fixture's pool closes at the end of this scope: SQLite checkpoints and removes
            // the -wal and -shm files, as after the daemon stopped.
            let fixture = try QueueFixture("cli-mailq-ro")
            try fixture.queue().enqueue(Fixtures.overdue())
            kept = fixture.directory
        }
        let directory = kept.path
        defer { kept.remove() }
        // As root, permission bits do not stop writes: mount the directory read-only in a private
        // mount namespace of the child, as a read-only file system would be.
        let run = try await onThread {
            try ChildProcess.run("/usr/bin/unshare", ["-m", "--propagation", "private", "/bin/sh", "-c",
                "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && shift && exec \"$@\"", directory, "--",
                XianqiProcess.binary, "mailq", "--spool", directory + "/mail"])
        }
        #expect(run.status == 0, "\(run.output)")
        #expect(run.stdout.contains("1 queued"), "\(run.output)")
    }

    @Test("mailq finds the state through -c (and shows the office's zone) or --state-dir; --database must name state.sqlite")
    func mailqLocatesTheState() async throws {
        let fixture = try QueueFixture("cli-mailq-config")
        defer { fixture.remove() }
        try fixture.queue().enqueue(Fixtures.overdue())
        let config = fixture.directory.appending("xianqi.toml")
        try "ledgers = []\ntimezone = \"Asia/Urumqi\"\nstate_directory = \".\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let byConfig = try await XianqiProcess.run(["mailq", "-c", config])
        #expect(byConfig.status == 0, "\(byConfig.stderr)")
        #expect(byConfig.stdout.contains("1 queued"), "\(byConfig.stdout)")
        #expect(byConfig.stdout.contains("2025-07-01T07:00:00+06:00"), "\(byConfig.stdout)")
        let byDirectory = try await XianqiProcess.run(["mailq", "--state-dir", fixture.directory.path])
        #expect(byDirectory.stdout.contains("1 queued") && byDirectory.stdout.contains("2025-07-01T09:00:00+08:00"), "\(byDirectory.stdout)")
        let wrong = try await XianqiProcess.run(["mailq", "--database", fixture.directory.appending("other.sqlite")])
        #expect(wrong.status == 64, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("--database 应为状态目录中的 state.sqlite"), "\(wrong.stderr)")
    }

    @Test("flush refuses a lost state database instead of starting over and delivering the spool again")
    func flushRefusesALostDatabase() async throws {
        let fixture = try QueueFixture("cli-flush-lost")
        defer { fixture.remove() }
        let queue = try fixture.queue()
        try queue.enqueue(Fixtures.overdue())
        try FileManager.default.removeItem(atPath: fixture.directory.appending("state.sqlite"))
        try? FileManager.default.removeItem(atPath: fixture.directory.appending("state.sqlite-wal"))
        try? FileManager.default.removeItem(atPath: fixture.directory.appending("state.sqlite-shm"))
        let run = try await XianqiProcess.run(["flush", "--state-dir", fixture.directory.path, "--sendmail", "/bin/true"])
        #expect(run.status == 2, "\(run.output)")
        #expect(run.stderr.contains("state.sqlite"), "\(run.stderr)")
        #expect(try fixture.names(.new).count == 1, "the queued message stays where it was")
    }

    @Test("mailq --format json gives scripts every field")
    func mailqJSON() async throws {
        let fixture = try QueueFixture("cli-mailq-json")
        defer { fixture.remove() }
        let queue = try fixture.queue()
        try queue.enqueue(Fixtures.overdue(cc: [MailAddress("liming@example.gov.cn", displayName: "李明")]))
        _ = try await queue.deliver()
        let run = try await XianqiProcess.run(arguments("mailq", fixture) + ["--format", "json"])
        #expect(run.status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        let entry = try #require(list.first)
        #expect(entry["status"] as? String == "queued")
        #expect(entry["subject"] as? String == Fixtures.overdueSubject)
        #expect(entry["recipients"] as? [String] == ["区财政局 <czj@example.gov.cn>", "李明 <liming@example.gov.cn>"])
        #expect(entry["attempts"] as? Int == 1)
        #expect(entry["next_attempt_at"] as? String == "2025-07-01T09:01:00+08:00")
        #expect((entry["last_error"] as? String)?.contains("exit status 1") == true)
        #expect(entry["event_key"] as? String == "overdue/ZG-2025-017/2025-06-30")
    }

    @Test("mailq on an empty spool without a database says so and succeeds")
    func mailqEmpty() async throws {
        let directory = TemporaryDirectory("cli-mailq-empty")
        defer { directory.remove() }
        try MailSpool(directory: directory.appending("mail")).prepare()
        let run = try await XianqiProcess.run(["mailq", "--spool", directory.appending("mail")])
        #expect(run.status == 0)
        #expect(run.stdout.contains("spool is empty"))
        #expect(!FileManager.default.fileExists(atPath: directory.appending("state.sqlite")), "listing must not create the database")
    }

    @Test("mailq on a missing spool is a usage error naming the directory")
    func mailqMissingSpool() async throws {
        let run = try await XianqiProcess.run(["mailq", "--spool", "/nonexistent/xianqi/mail"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("/nonexistent/xianqi/mail"))
    }

    @Test("flush exits 75 while the server is down and 0 once everything went out")
    func flushExitStatuses() async throws {
        // Enqueued now: flush runs on the real clock, and the fixture's 2025 date is past the give-up age.
        let mta = try MTAFixture("cli-flush", start: Date())
        defer { mta.remove() }
        let port = mta.sink.port
        mta.sink.stop()
        let queue = try mta.queue()
        for message in Fixtures.batch(2, prefix: "cli") { try queue.enqueue(message) }
        let flush = XianqiProcess.flushArguments(mta.base, command: mta.command)
        let down = try await XianqiProcess.run(flush)
        #expect(down.status == 75)
        #expect(down.stdout.contains("deferred 2"))
        #expect(down.stderr.contains(".xianqi@example.gov.cn>"))
        let sink = try SMTPSink.start(in: mta.base.directory.path, port: port)
        defer { sink.stop() }
        let up = try await XianqiProcess.run(flush)
        #expect(up.status == 0)
        #expect(up.stdout.contains("delivered 2"))
        #expect(try sink.received().count == 2)
        let again = try await XianqiProcess.run(flush)
        #expect(again.status == 0 && again.stdout.contains("delivered 0"))
    }

    @Test("flush honours each message's backoff during an outage: one attempt per message per step, not per run")
    func flushHonoursTheBackoff() async throws {
        let fixture = try QueueFixture("cli-backoff", start: Date())
        defer { fixture.remove() }
        let queue = try fixture.queue()
        for message in Fixtures.batch(20, prefix: "backoff") { try queue.enqueue(message) }
        let outage = SendmailCommand(["/bin/false"])
        let flush = XianqiProcess.flushArguments(fixture, command: outage, ignoringBackoff: false)
        func attempts() throws -> [Int] {
            try fixture.database.read { db in try Int.fetchAll(db, sql: "SELECT attempts FROM mail_queue ORDER BY message_id") }
        }

        let first = try await XianqiProcess.run(flush)
        #expect(first.status == 75)
        #expect(first.stdout.contains("deferred 20"), "\(first.stdout)")
        let waiting = try await fixture.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mail_queue WHERE next_attempt_at > last_attempt_at")
        }
        #expect(waiting == 20)
        // The first wait is a minute; a loaded test machine can take longer than that over the
        // runs below, so the wait is stretched to an hour: what is tested is that flush keeps
        // to each message's next attempt, not how fast the machine is.
        try await fixture.database.write { db in
            try db.execute(sql: "UPDATE mail_queue SET next_attempt_at = ?", arguments: [Date().timeIntervalSince1970 + 3600])
        }
        // Started again at once, as a path unit does: every message waits for its next attempt.
        for _ in 0..<5 {
            let again = try await XianqiProcess.run(flush)
            #expect(again.status == 75)
            #expect(again.stdout.contains("deferred 0") && again.stdout.contains("waiting 20"), "\(again.stdout)")
        }
        #expect(try attempts() == Array(repeating: 1, count: 20))

        // An operator who fixed the MTA tries everything now.
        let forced = try await XianqiProcess.run(XianqiProcess.flushArguments(fixture, command: outage, ignoringBackoff: true))
        #expect(forced.stdout.contains("deferred 20"), "\(forced.stdout)")
        #expect(try attempts() == Array(repeating: 2, count: 20))
    }

    @Test("flush exits 69 when it gives messages up, and they land in failed/")
    func flushGivesUp() async throws {
        let fixture = try QueueFixture("cli-give-up")
        defer { fixture.remove() }
        let queue = try fixture.queue()
        try queue.enqueue(Fixtures.overdue())
        // Enqueued four days ago: past the default three-day give-up age.
        try await fixture.database.write { db in
            try db.execute(sql: "UPDATE mail_queue SET enqueued_at = ?", arguments: [Date().timeIntervalSince1970 - 4 * 86_400])
        }
        let run = try await XianqiProcess.run(XianqiProcess.flushArguments(fixture, command: SendmailCommand(["/bin/false"])))
        #expect(run.status == 69)
        #expect(run.stdout.contains("gave up 1"))
        #expect(try fixture.names(.failed).count == 1)
        let listed = try await XianqiProcess.run(arguments("mailq", fixture))
        #expect(listed.stdout.contains("1 failed"))
    }

    @Test("flush refuses a sendmail command that cannot run", arguments: ["sendmail -t", "/nonexistent/sendmail -t", ""])
    func flushBadCommand(command: String) async throws {
        let run = try await XianqiProcess.run(["flush", "--spool", "/tmp/unused", "--sendmail", command])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--sendmail"))
    }

    @Test("flush --help documents the exit statuses")
    func flushHelp() async throws {
        let run = try await XianqiProcess.run(["flush", "--help"])
        #expect(run.status == 0)
        for status in ["0 ", "2 ", "64", "69", "75"] {
            #expect(run.stdout.contains("  \(status)"), "exit status \(status) undocumented")
        }
    }
}
