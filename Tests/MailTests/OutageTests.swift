import Foundation
import InMemoryLogging
import Logging
import Mail
import MailTestSupport
import Notify
import NotifyTestSupport
import Synchronization
import Testing

/// An MTA outage delays mail and never loses or duplicates it; a long one ends in
/// `failed/` and an err-level journal record.
@Suite struct OutageTests {
    @Test("while the SMTP server is down mail stays spooled with backoff; when it is back all arrive once")
    func serverDownThenBack() async throws {
        let mta = try MTAFixture("outage-down")
        defer { mta.remove() }
        let port = mta.sink.port
        mta.sink.stop()
        let queue = try mta.queue()
        let messages = Fixtures.batch(4, prefix: "outage")
        for message in messages { try queue.enqueue(message) }
        let ids = try messages.map { try $0.render().messageID }

        let first = try await queue.deliver()
        #expect(first.deferred.count == 4)
        try expectAttempts(queue, ids, attempts: 1, nextAt: Fixtures.date.addingTimeInterval(60))
        #expect(try mta.base.names(.new).count == 4)

        let early = try await queue.deliver()
        #expect(early.notDue == 4 && early.deferred.isEmpty)

        mta.base.clock.advance(by: .seconds(61))
        let second = try await queue.deliver()
        #expect(second.deferred.count == 4)
        try expectAttempts(queue, ids, attempts: 2, nextAt: mta.base.clock.now.addingTimeInterval(120))

        let restarted = try SMTPSink.start(in: mta.base.directory.path, port: port)
        defer { restarted.stop() }
        let stillWaiting = try await queue.deliver()
        #expect(stillWaiting.notDue == 4)
        mta.base.clock.advance(by: .seconds(121))
        let third = try await queue.deliver()
        #expect(third.delivered.count == 4)
        #expect(try restarted.received().count == 4)
        #expect(try Set(restarted.received().compactMap { MessageHeaders(parsing: $0.bytes).messageID }) == Set(ids))
        #expect(try queue.deliveries().map(\.attempts) == [3, 3, 3, 3])
        #expect(try mta.base.names(.new).isEmpty)
    }

    @Test("a server answering 451 defers the mail; flush after it recovers delivers each once")
    func temporaryRefusal() async throws {
        let mta = try MTAFixture("outage-451")
        defer { mta.remove() }
        mta.sink.refusing = true
        let queue = try mta.queue()
        for message in Fixtures.batch(3, prefix: "refused") { try queue.enqueue(message) }
        let refused = try await queue.deliver()
        #expect(refused.deferred.count == 3)
        let error = try queue.entry(messageID: refused.deferred[0])?.lastError ?? ""
        #expect(error.contains("451"), "msmtp should pass on the server's answer: \(error)")
        #expect(try mta.sink.received().isEmpty)
        mta.sink.refusing = false
        let flushed = try await queue.deliver(ignoringBackoff: true)
        #expect(flushed.delivered.count == 3)
        #expect(try mta.arrivals().values.sorted() == [1, 1, 1])
    }

    @Test("past the give-up age a failing message moves to failed/ and is reported, never sent later")
    func giveUp() async throws {
        let mta = try MTAFixture("outage-give-up")
        defer { mta.remove() }
        mta.sink.refusing = true
        let records = Mutex<[EventRecord]>([])
        let reporter = GiveUpReporter(fallback: Logger(label: "test")) { (record: EventRecord) throws(JournalError) in
            records.withLock { $0.append(record) }
        }
        let queue = try mta.queue(retry: RetryPolicy(base: .seconds(60), cap: .seconds(600), giveUpAfter: .seconds(3600)), reporter: reporter)
        let rendered = try Fixtures.overdue().render()
        try queue.enqueue(rendered)
        #expect(try await queue.deliver().deferred == [rendered.messageID])
        mta.base.clock.advance(by: .seconds(3601))
        let report = try await queue.deliver()
        let row = try queue.entry(messageID: rendered.messageID)
        #expect(report.gaveUp == [rendered.messageID], "\(report) \(String(describing: row))")
        #expect(try mta.base.names(.failed).count == 1)
        #expect(try mta.base.names(.new).isEmpty)
        #expect(try queue.entry(messageID: rendered.messageID)?.state == .failed)
        let record = try #require(records.withLock { $0.first })
        #expect(record.kind == .deliveryGaveUp)
        #expect(record.kind.priority == .error)
        #expect(record.measureID == "ZG-2025-017")
        #expect(record.unit == "区财政局")
        #expect(record.message.contains(Fixtures.overdueSubject))
        #expect(record.extraFields.contains(JournalField("XIANQI_MAIL_MESSAGE_ID", rendered.messageID)))
        #expect(record.extraFields.contains(JournalField("XIANQI_MAIL_ATTEMPTS", "2")))
        mta.sink.refusing = false
        _ = try await queue.deliver(ignoringBackoff: true)
        #expect(try mta.sink.received().isEmpty)
        // An operator who fixed the cause moves it back to new/; the next run sends it, once.
        let name = try #require(try mta.base.names(.failed).first)
        #expect(rename(mta.base.spool.path(.failed, name), mta.base.spool.path(.new, name)) == 0)
        #expect(try await queue.deliver().delivered == [rendered.messageID])
        #expect(try mta.arrivals() == [rendered.messageID: 1])
        #expect(try queue.entry(messageID: rendered.messageID)?.state == .delivered)
    }

    @Test("when journald does not take the record, the give-up goes to the fallback log with the reason")
    func giveUpWithoutJournald() {
        let fallback = InMemoryLogHandler()
        let reporter = GiveUpReporter(fallback: Logger(label: "test") { _ in fallback }) { (_: EventRecord) throws(JournalError) in
            throw .journaldUnavailable(errno: ECONNREFUSED)
        }
        reporter.report(Self.gaveUp)
        let entry = fallback.entries.first
        #expect(entry?.level == .error)
        #expect(entry?.message.description.contains("已放弃") == true)
        #expect(entry?.metadata["journal-error"]?.description.contains("journald is not listening") == true)
        #expect(entry?.metadata["message_id"] == "<abc.xianqi@example.gov.cn>")
    }

    @Test("the give-up record reaches the real journal as an err-level delivery-gave-up event", .enabled(if: Journald.isTestable))
    func giveUpInTheJournal() throws {
        try Journald.require()
        let tag = JournalReader.newTag()
        let reporter = GiveUpReporter(extraFields: [JournalField(JournalReader.tagField, tag)])
        reporter.report(Self.gaveUp)
        let entry = try #require(try JournalReader.entries(matching: (JournalReader.tagField, tag)).first)
        #expect(entry["PRIORITY"] == "3")
        #expect(entry["MESSAGE_ID"] == EventKind.deliveryGaveUp.messageID)
        #expect(entry["XIANQI_MAIL_MESSAGE_ID"] == "<abc.xianqi@example.gov.cn>")
        #expect(entry["XIANQI_MEASURE_ID"] == "ZG-2025-017")
        #expect(entry["MESSAGE"]?.contains("【逾期提醒】") == true)
    }

    static let gaveUp = GaveUpMessage(
        messageID: "<abc.xianqi@example.gov.cn>", eventKey: "overdue/ZG-2025-017/2025-06-30",
        subject: Fixtures.overdueSubject, recipients: "czj@example.gov.cn", fileName: "1.M1P1R1.host",
        attempts: 7, lastError: "exit status 75 (EX_TEMPFAIL)", measureID: "ZG-2025-017", unit: "区财政局")

    func expectAttempts(_ queue: MailQueue, _ ids: [String], attempts: Int, nextAt: Date, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for id in ids {
            let row = try queue.entry(messageID: id)
            #expect(row?.attempts == attempts, sourceLocation: sourceLocation)
            #expect(row.map { abs($0.nextAttemptAt.timeIntervalSince(nextAt)) < 0.01 } == true, sourceLocation: sourceLocation)
            #expect(row?.lastError?.isEmpty == false, sourceLocation: sourceLocation)
        }
    }
}
