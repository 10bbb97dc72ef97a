import Foundation
import GRDB
import Mail
import MailTestSupport
import Testing

/// Delivery through a real sendmail (msmtp) to a real SMTP server (aiosmtpd) on 127.0.0.1.
@Suite struct DeliveryTests {
    @Test("queued reminders arrive once each, decoding to their Chinese subjects and bodies")
    func eachArrivesOnce() async throws {
        let mta = try MTAFixture("deliver")
        defer { mta.remove() }
        let queue = try mta.queue()
        let messages = Fixtures.batch(5)
        for message in messages { try queue.enqueue(message) }
        let report = try await queue.deliver()
        #expect(report.delivered.count == 5)
        let inbox = try mta.parsedInbox()
        #expect(inbox.count == 5)
        #expect(Set(inbox.map(\.subject)) == Set(messages.map(\.subject)))
        for parsed in inbox {
            let original = try #require(messages.first { $0.subject == parsed.subject })
            #expect(parsed.text?.replacingOccurrences(of: "\r\n", with: "\n") == original.textBody)
            #expect(parsed.defects.isEmpty)
        }
        #expect(try mta.arrivals().values.allSatisfy { $0 == 1 })
        #expect(try queue.deliveries().count == 5)
        #expect(try mta.base.names(.sent).count == 5)
        #expect(try mta.base.names(.new).isEmpty && mta.base.names(.cur).isEmpty)
    }

    @Test("delivering again, or enqueuing the same events again, sends nothing more")
    func nothingTwice() async throws {
        let mta = try MTAFixture("deliver-twice")
        defer { mta.remove() }
        let queue = try mta.queue()
        for message in Fixtures.batch(3) { try queue.enqueue(message) }
        _ = try await queue.deliver()
        for message in Fixtures.batch(3) {
            #expect(try queue.enqueue(message) == .alreadyEnqueued(messageID: message.render().messageID, state: .delivered))
        }
        let again = try await queue.deliver(ignoringBackoff: true)
        #expect(again.delivered.isEmpty)
        #expect(try mta.sink.received().count == 3)
    }

    @Test("an escalation reaches the unit in To and the leader in Cc, and nobody else")
    func escalationCopiesTheLeader() async throws {
        let mta = try MTAFixture("deliver-cc")
        defer { mta.remove() }
        let queue = try mta.queue()
        var escalation = Fixtures.overdue(
            key: "escalation/ZG-2025-017",
            subject: "【督办升级】区财政局：ZG-2025-017 逾期30天\r\nBcc: victim@evil.example",
            html: "<p>已升级督办。</p>",
            cc: [MailAddress("liming@example.gov.cn", displayName: "分管领导 李明\nBcc: victim@evil.example")])
        escalation.to[0].displayName = "区财政局\r\nBcc: victim@evil.example"
        try queue.enqueue(escalation)
        _ = try await queue.deliver()
        let received = try #require(try mta.sink.received().first)
        #expect(received.envelopeRecipients.sorted() == ["czj@example.gov.cn", "liming@example.gov.cn"])
        #expect(received.envelopeSender == "xianqi@example.gov.cn")
        let parsed = try PythonEmail.parse(received.bytes, in: mta.base.directory.path)
        #expect(parsed.subject == "【督办升级】区财政局：ZG-2025-017 逾期30天 Bcc: victim@evil.example")
        #expect(parsed.cc == [.init(displayName: "分管领导 李明 Bcc: victim@evil.example", address: "liming@example.gov.cn")])
        #expect(parsed.count(of: "Bcc") == 0)
        #expect(parsed.html == "<p>已升级督办。</p>")
    }

    @Test("the delivery log records each acceptance with its command and attempt count")
    func deliveryLogEntries() async throws {
        let mta = try MTAFixture("deliver-log")
        defer { mta.remove() }
        let queue = try mta.queue()
        let rendered = try Fixtures.overdue().render()
        try queue.enqueue(rendered)
        _ = try await queue.deliver()
        let entry = try #require(try queue.deliveries().first)
        #expect(entry.messageID == rendered.messageID)
        #expect(entry.attempts == 1)
        #expect(entry.command == mta.command.description)
        #expect(entry.recipients == "czj@example.gov.cn")
        #expect(try queue.entry(messageID: rendered.messageID)?.state == .delivered)
    }

    @Test("a sendmail that hangs is stopped at the timeout and the message stays queued")
    func hangingCommandTimesOut() async throws {
        let fixture = try QueueFixture("deliver-timeout")
        defer { fixture.remove() }
        // A sleep far longer than any wait the test can see: the timer runs on the Swift
        // concurrency pool, which the synchronous process tests beside this one can hold for
        // minutes on a loaded 2-core machine (183 s seen), so the bound is the sleep's half.
        let queue = try fixture.queue(command: SendmailCommand(["/bin/sleep", "900"], timeout: .milliseconds(300)))
        try queue.enqueue(Fixtures.overdue())
        let started = ContinuousClock.now
        let report = try await queue.deliver()
        #expect(ContinuousClock.now - started < .seconds(450), "the 900 s sleep was not stopped")
        #expect(report.deferred.count == 1)
        #expect(try queue.entry(messageID: report.deferred[0])?.lastError?.contains("timed out") == true)
        #expect(try fixture.names(.new).count == 1)
    }

    @Test("a missing sendmail counts as a failed attempt, not a crash")
    func missingCommand() async throws {
        let fixture = try QueueFixture("deliver-missing")
        defer { fixture.remove() }
        let queue = try fixture.queue(command: SendmailCommand(["/nonexistent/sendmail", "-t"]))
        try queue.enqueue(Fixtures.overdue())
        let report = try await queue.deliver()
        #expect(report.deferred.count == 1)
        #expect(try queue.entry(messageID: report.deferred[0])?.lastError?.contains("/nonexistent/sendmail") == true)
    }
}
