import Foundation
import GRDB
import Logging
import Mail
import MailTestSupport
import Notify
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The spool on disk: where files go, with what modes, and what recovery does with the
/// states a crash can leave. The sendmail commands here are plain programs (`true`,
/// `false`, `touch`); the real MTA is in DeliveryTests.
@Suite struct SpoolTests {
    func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }

    @Test("enqueue writes the rendered bytes to new/ with mode 0600 in 0700 folders")
    func enqueueWritesToNew() throws {
        let fixture = try QueueFixture("spool-enqueue")
        defer { fixture.remove() }
        let queue = try fixture.queue()
        let message = Fixtures.overdue()
        guard case .queued(let messageID, let name) = try queue.enqueue(message) else {
            Issue.record("not queued")
            return
        }
        #expect(try fixture.names(.new) == [name])
        #expect(try fixture.names(.tmp).isEmpty)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.spool.path(.new, name)))
        #expect(Array(bytes) == (try message.render()).bytes)
        #expect(messageID == (try message.render()).messageID)
        #expect(mode(fixture.spool.path(.new, name)) == 0o600)
        for folder in MailSpool.Folder.allCases {
            #expect(mode(fixture.spool.path(folder)) == 0o700, "\(folder)")
        }
        #expect(mode(fixture.spool.directory) == 0o700)
    }

    @Test("an existing spool with loose modes is tightened to 0700")
    func tightensModes() throws {
        let fixture = try QueueFixture("spool-modes")
        defer { fixture.remove() }
        try FileManager.default.createDirectory(atPath: fixture.spool.path(.new), withIntermediateDirectories: true)
        chmod(fixture.spool.directory, 0o755)
        chmod(fixture.spool.path(.new), 0o777)
        _ = try fixture.queue()
        #expect(mode(fixture.spool.directory) == 0o700)
        #expect(mode(fixture.spool.path(.new)) == 0o700)
    }

    @Test("enqueuing the same event twice spools it once, before and after delivery")
    func enqueueIsIdempotent() async throws {
        let fixture = try QueueFixture("spool-idempotent")
        defer { fixture.remove() }
        let queue = try fixture.queue(command: SendmailCommand(["/bin/true"]))
        let first = try queue.enqueue(Fixtures.overdue())
        var again = Fixtures.overdue()
        again.date = again.date.addingTimeInterval(60)
        let second = try queue.enqueue(again)
        guard case .queued(let id, _) = first else {
            Issue.record("first enqueue not queued")
            return
        }
        #expect(second == .alreadyEnqueued(messageID: id, state: .queued))
        #expect(try fixture.names(.new).count == 1)
        _ = try await queue.deliver()
        #expect(try queue.enqueue(Fixtures.overdue()) == .alreadyEnqueued(messageID: id, state: .delivered))
        #expect(try fixture.names(.new).isEmpty)
        #expect(try fixture.names(.sent).count == 1)
    }

    @Test("eight threads enqueuing one event at once spool it once")
    func concurrentEnqueue() async throws {
        let fixture = try QueueFixture("spool-concurrent")
        defer { fixture.remove() }
        let queue = try fixture.queue()
        let results = try await withThrowingTaskGroup(of: MailQueue.EnqueueResult.self) { group in
            for _ in 0..<8 {
                group.addTask { try queue.enqueue(Fixtures.overdue()) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count { if case .queued = $0 { true } else { false } } == 1)
        #expect(try fixture.names(.new).count == 1)
        #expect(try fixture.names(.tmp).isEmpty)
    }

    @Test("an enqueue that crashed between its queue row and its rename is finished by recovery")
    func strandedTemporaryFileIsPublished() throws {
        let fixture = try QueueFixture("spool-stranded")
        defer { fixture.remove() }
        let queue = try fixture.queue()
        guard case .queued(let id, let name) = try queue.enqueue(Fixtures.overdue()) else { return }
        // The state that crash leaves: the row committed, the file still in tmp/.
        #expect(rename(fixture.spool.path(.new, name), fixture.spool.path(.tmp, name)) == 0)
        #expect(try queue.enqueue(Fixtures.overdue()) == .alreadyEnqueued(messageID: id, state: .queued))
        #expect(try fixture.names(.new) == [name])
        #expect(rename(fixture.spool.path(.new, name), fixture.spool.path(.tmp, name)) == 0)
        try queue.recover()
        #expect(try fixture.names(.new) == [name])
        #expect(try fixture.names(.tmp).isEmpty)
    }

    @Test("a temporary file without a queue row is removed after 36 hours, not before")
    func staleTemporaryFileIsRemoved() throws {
        let fixture = try QueueFixture("spool-stale", start: Date())
        defer { fixture.remove() }
        let queue = try fixture.queue()
        #expect(FileManager.default.createFile(atPath: fixture.spool.path(.tmp, "1.M1P1R1.host"), contents: Data("partial".utf8)))
        try queue.recover()
        #expect(try fixture.names(.tmp) == ["1.M1P1R1.host"])
        fixture.clock.advance(by: .seconds(37 * 3600))
        try queue.recover()
        #expect(try fixture.names(.tmp).isEmpty)
    }

    @Test("a message in new/ that the delivery log already has goes to sent/ without being sent")
    func loggedMessageIsNotResent() async throws {
        let fixture = try QueueFixture("spool-settle")
        defer { fixture.remove() }
        let marker = fixture.directory.appending("sendmail-ran")
        let queue = try fixture.queue(command: SendmailCommand(["/usr/bin/touch", marker]))
        try queue.enqueue(Fixtures.overdue())
        let report = try await queue.deliver()
        #expect(report.delivered.count == 1)
        #expect(FileManager.default.fileExists(atPath: marker))
        try FileManager.default.removeItem(atPath: marker)
        // The state a crash after the log commit leaves: logged, but the file still queued.
        let name = try #require(try fixture.names(.sent).first)
        #expect(rename(fixture.spool.path(.sent, name), fixture.spool.path(.new, name)) == 0)
        let recovered = try queue.recover()
        #expect(recovered.settled.count == 1)
        #expect(try fixture.names(.new).isEmpty)
        #expect(try fixture.names(.sent) == [name])
        #expect(!FileManager.default.fileExists(atPath: marker))
        // And from cur/ (a crash after the log commit, before the move out of cur/):
        #expect(rename(fixture.spool.path(.sent, name), fixture.spool.path(.cur, name)) == 0)
        let again = try await queue.deliver()
        #expect(again.settled.count == 1 && again.delivered.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test("a claim left in cur/ by a dead process goes back to new/ and is delivered")
    func deadClaimIsRecovered() async throws {
        let fixture = try QueueFixture("spool-dead-claim")
        defer { fixture.remove() }
        let queue = try fixture.queue(command: SendmailCommand(["/bin/true"]))
        guard case .queued(_, let name) = try queue.enqueue(Fixtures.overdue()) else { return }
        #expect(rename(fixture.spool.path(.new, name), fixture.spool.path(.cur, name)) == 0)
        let report = try await queue.deliver()
        #expect(report.recovered == 1)
        #expect(report.delivered.count == 1)
        #expect(try fixture.names(.sent) == [name])
    }

    @Test("a claim another process holds is left alone until it lets go")
    func liveClaimIsLeftAlone() async throws {
        let fixture = try QueueFixture("spool-live-claim")
        defer { fixture.remove() }
        let queue = try fixture.queue(command: SendmailCommand(["/bin/true"]))
        guard case .queued(_, let name) = try queue.enqueue(Fixtures.overdue()) else { return }
        #expect(rename(fixture.spool.path(.new, name), fixture.spool.path(.cur, name)) == 0)
        // Another open file description with the lock: what a live deliverer holds.
        let fd = open(fixture.spool.path(.cur, name), O_RDONLY)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let blocked = try await queue.deliver()
        #expect(blocked.busy == 1 && blocked.delivered.isEmpty)
        #expect(try fixture.names(.cur) == [name])
        close(fd)
        let freed = try await queue.deliver()
        #expect(freed.recovered == 1 && freed.delivered.count == 1)
    }

    @Test("a file in new/ that xianqi did not write is set aside in failed/, unsent")
    func foreignFileIsSetAside() async throws {
        let fixture = try QueueFixture("spool-foreign")
        defer { fixture.remove() }
        let marker = fixture.directory.appending("sendmail-ran")
        let queue = try fixture.queue(command: SendmailCommand(["/usr/bin/touch", marker]))
        #expect(FileManager.default.createFile(atPath: fixture.spool.path(.new, "stray"), contents: Data("not a message\n".utf8)))
        let report = try await queue.deliver()
        #expect(report.setAside == ["stray"])
        #expect(try fixture.names(.failed) == ["stray"])
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test("a give-up that crashed between its move to failed/ and its row update is completed and reported once")
    func interruptedGiveUpIsReconciled() async throws {
        let fixture = try QueueFixture("spool-reconcile")
        defer { fixture.remove() }
        let reported = Mutex<[String]>([])
        let reporter = GiveUpReporter(fallback: Logger(label: "test")) { (record: EventRecord) throws(JournalError) in
            reported.withLock { $0.append(record.message) }
        }
        let queue = try fixture.queue(reporter: reporter)
        guard case .queued(let id, let name) = try queue.enqueue(Fixtures.overdue()) else { return }
        #expect(rename(fixture.spool.path(.new, name), fixture.spool.path(.failed, name)) == 0)
        _ = try await queue.deliver()
        _ = try await queue.deliver()
        #expect(try queue.entry(messageID: id)?.state == .failed)
        #expect(reported.withLock { $0.count } == 1)
        #expect(reported.withLock { $0.first?.contains(Fixtures.overdueSubject) } == true)
    }

    @Test("sent mail is deleted after the retention period, or at once with .delete")
    func sentRetention() async throws {
        let fixture = try QueueFixture("spool-retention", start: Date())
        defer { fixture.remove() }
        let keeping = try fixture.queue(command: SendmailCommand(["/bin/true"]), sent: .keep(for: .seconds(86_400)))
        try keeping.enqueue(Fixtures.overdue(key: "kept"))
        let kept = try await keeping.deliver()
        let lastError = try keeping.entry(fileName: fixture.names(.new).first ?? "")?.lastError ?? ""
        #expect(try fixture.names(.sent).count == 1, "\(kept) \(lastError)")
        fixture.clock.advance(by: .seconds(2 * 86_400))
        _ = try await keeping.deliver()
        #expect(try fixture.names(.sent).isEmpty)
        let deleting = try fixture.queue(command: SendmailCommand(["/bin/true"]), sent: .delete)
        try deleting.enqueue(Fixtures.overdue(key: "deleted"))
        let report = try await deleting.deliver()
        #expect(report.delivered.count == 1)
        #expect(try fixture.names(.sent).isEmpty && fixture.names(.new).isEmpty && fixture.names(.cur).isEmpty)
        #expect(try deleting.isDelivered(try #require(report.delivered.first)))
    }

    @Test("the listing shows folders, decoded subjects, recipients and attempts")
    func listing() async throws {
        let fixture = try QueueFixture("spool-list")
        defer { fixture.remove() }
        let queue = try fixture.queue()
        try queue.enqueue(Fixtures.overdue(cc: [MailAddress("liming@example.gov.cn", displayName: "分管领导 李明")]))
        _ = try await queue.deliver()
        let listed = try fixture.spool.contents(database: fixture.database)
        #expect(listed.count == 1)
        let entry = try #require(listed.first)
        #expect(entry.status == .queued)
        #expect(entry.subject == Fixtures.overdueSubject)
        #expect(entry.recipients == ["区财政局 <czj@example.gov.cn>", "分管领导 李明 <liming@example.gov.cn>"])
        #expect(entry.attempts == 1)
        #expect(entry.nextAttemptAt == Fixtures.date.addingTimeInterval(60))
        #expect(entry.lastError?.contains("exit status 1") == true)
        #expect(try fixture.spool.contents().first?.attempts == 0)
    }
}
