import Foundation
import GRDB
import Mail
import MailTestSupport
import Testing

/// The mail outbox in a real SQLite file and spool: one row per event, one message per
/// recipient and day, each event carried by exactly one message, each message spooled once,
/// also when the spool fails between making a message and spooling it.
@Suite struct MailOutboxTests {
    static func item(_ n: Int, day: String = "2024-11-21", kind: String = "overdue", to: String = "czj@example.gov.cn",
                     cc: [String] = []) -> MailOutbox.Item {
        MailOutbox.Item(eventKey: "GX-\(n)|\(kind)|2024-10-01|\(n)", day: day, kind: kind, severity: 3_000 + n, unit: "区财政局",
                        to: [to], cc: cc, subject: "【逾期提醒】区财政局：措施\(n)", body: "区财政局：\n\n措施\(n)",
                        line: "【逾期提醒】GX-\(n)「措施\(n)」", facts: ["编号：GX-\(n)"])
    }

    /// One message per batch: the items' lines in its body, so the test can tell what it carries.
    static func compose(_ batch: MailOutbox.Batch) -> OutgoingMessage? {
        let first = batch.items[0]
        return OutgoingMessage(eventKey: batch.key, from: MailAddress("zgb@example.gov.cn"),
                               to: first.to.map { MailAddress($0) }, cc: first.cc.map { MailAddress($0) },
                               subject: "\(batch.items.count) 项", textBody: batch.items.map(\.eventKey).joined(separator: "\n"),
                               date: Fixtures.date)
    }

    /// The event keys each spooled message carries, from the spool files themselves.
    static func spooledKeys(_ fixture: QueueFixture) throws -> [[String]] {
        try fixture.names(.new).map { name in
            let text = try String(contentsOfFile: fixture.spool.path(.new, name), encoding: .utf8)
            return text.components(separatedBy: "\r\n").filter { $0.hasPrefix("GX-") }.sorted()
        }.sorted { $0.first ?? "" < $1.first ?? "" }
    }

    @Test("an event enqueued twice is one row; a day's events of one recipient make one message")
    func oneMessagePerRecipientAndDay() throws {
        let fixture = try QueueFixture("outbox-one")
        defer { fixture.remove() }
        let outbox = MailOutbox(queue: try fixture.queue(), clock: fixture.clock.closure)
        for n in 1...50 { #expect(try outbox.enqueue(Self.item(n))) }
        for n in 51...60 { try outbox.enqueue(Self.item(n, to: "jyj@example.gov.cn")) }
        #expect(try !outbox.enqueue(Self.item(7)))
        let report = try outbox.flush(compose: Self.compose)
        #expect(report == { var r = MailOutbox.FlushReport(); r.composed = 2; r.items = 60; r.spooled = 2; return r }())
        let spooled = try Self.spooledKeys(fixture)
        #expect(spooled.map(\.count).sorted() == [10, 50])
        #expect(Set(spooled.joined()).count == 60)
        // Nothing left: a second flush makes and spools nothing.
        #expect(try outbox.flush(compose: Self.compose) == MailOutbox.FlushReport())
        let counts = try outbox.counts()
        #expect(counts.waiting == 0 && counts.unspooled == 0 && counts.batches == 2 && counts.carried == 60)
    }

    @Test("one event alone keeps its own key (its Message-ID as before the outbox); days and Cc sets are groups of their own")
    func groups() throws {
        let fixture = try QueueFixture("outbox-groups")
        defer { fixture.remove() }
        let queue = try fixture.queue()
        let outbox = MailOutbox(queue: queue, clock: fixture.clock.closure)
        try outbox.enqueue(Self.item(1))
        try outbox.enqueue(Self.item(2))
        try outbox.enqueue(Self.item(3, day: "2024-11-22"))
        try outbox.enqueue(Self.item(4, kind: "escalation", cc: ["leader@example.gov.cn"]))
        try outbox.enqueue(Self.item(5, kind: "escalation", to: "CZJ@example.gov.cn", cc: ["leader@example.gov.cn"]))
        var keys: [String] = []
        try outbox.flush { batch in keys.append(batch.key); return Self.compose(batch) }
        #expect(keys.count == 3)
        #expect(keys.contains("GX-3|overdue|2024-10-01|3"))
        #expect(keys.filter { $0.hasPrefix("urge/2024-11-21/") }.count == 2)
        let carriers = try outbox.carriers(of: (1...5).map { Self.item($0).eventKey } + ["GX-4|escalation|2024-10-01|4"])
        #expect(carriers["GX-1|overdue|2024-10-01|1"] == carriers["GX-2|overdue|2024-10-01|2"])
        let alone = try OutgoingMessage(eventKey: "GX-3|overdue|2024-10-01|3", from: MailAddress("zgb@example.gov.cn"),
                                        to: [MailAddress("czj@example.gov.cn")], subject: "", textBody: "", date: Fixtures.date).render()
        #expect(try queue.entry(messageID: alone.messageID)?.eventKey == "GX-3|overdue|2024-10-01|3")
    }

    @Test("events that come after the day's message go into a second message of that day, never into both")
    func laterEventsNextMessage() throws {
        let fixture = try QueueFixture("outbox-later")
        defer { fixture.remove() }
        let outbox = MailOutbox(queue: try fixture.queue(), clock: fixture.clock.closure)
        try outbox.enqueue(Self.item(1))
        try outbox.enqueue(Self.item(2))
        var batches: [MailOutbox.Batch] = []
        try outbox.flush { batch in batches.append(batch); return Self.compose(batch) }
        try outbox.enqueue(Self.item(3))
        try outbox.enqueue(Self.item(4))
        try outbox.enqueue(Self.item(1))  // again: already carried
        try outbox.flush { batch in batches.append(batch); return Self.compose(batch) }
        #expect(batches.map(\.serial) == [1, 2] && batches[0].key != batches[1].key)
        #expect(try Self.spooledKeys(fixture).map(\.count) == [2, 2])
    }

    @Test("two outboxes (two hosts) that make a message for the same recipient and day of different events never share its Message-ID; of the same events they do")
    func keyOfWhatItCarries() throws {
        func keys(_ events: [Int]) throws -> [String] {
            let fixture = try QueueFixture("outbox-host")
            defer { fixture.remove() }
            let outbox = MailOutbox(queue: try fixture.queue(), clock: fixture.clock.closure)
            for n in events { try outbox.enqueue(Self.item(n)) }
            var keys: [String] = []
            try outbox.flush { batch in keys.append(batch.key); return Self.compose(batch) }
            return keys
        }
        #expect(try keys([1, 2, 3]) == keys([3, 2, 1]))
        #expect(try keys([1, 2, 3]) != keys([1, 2, 4]))
    }

    @Test("a spool that fails after the message was made: the message stays made, is spooled once when the spool is back, and carries the same events")
    func spoolFailsBetweenMakingAndSpooling() throws {
        let fixture = try QueueFixture("outbox-fault")
        defer { fixture.remove() }
        let outbox = MailOutbox(queue: try fixture.queue(), clock: fixture.clock.closure)
        for n in 1...5 { try outbox.enqueue(Self.item(n)) }
        // The spool's tmp/ folder replaced by a file: writing the message fails.
        let tmp = fixture.spool.directory + "/tmp"
        try FileManager.default.removeItem(atPath: tmp)
        try Data().write(to: URL(fileURLWithPath: tmp))
        #expect(throws: MailError.self) { try outbox.flush(compose: Self.compose) }
        #expect(try outbox.counts().unspooled == 1 && outbox.counts().waiting == 0)
        // Events that come meanwhile wait for the next message; the one made is not made again.
        try outbox.enqueue(Self.item(6))
        try FileManager.default.removeItem(atPath: tmp)
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        var made: [Int] = []
        let report = try outbox.flush { batch in made.append(batch.items.count); return Self.compose(batch) }
        #expect(made == [1] && report.spooled == 2)
        #expect(try Self.spooledKeys(fixture).map(\.count).sorted() == [1, 5])
        #expect(try outbox.flush(compose: Self.compose).spooled == 0)
    }

    @Test("a batch no message can carry is reported and left waiting, and the other batches still go")
    func unrenderableBatch() throws {
        let fixture = try QueueFixture("outbox-bad")
        defer { fixture.remove() }
        let outbox = MailOutbox(queue: try fixture.queue(), clock: fixture.clock.closure)
        try outbox.enqueue(Self.item(1, to: "bad address"))
        try outbox.enqueue(Self.item(2))
        #expect(throws: MailError.self) { try outbox.flush(compose: Self.compose) }
        #expect(try fixture.names(.new).count == 1)
        #expect(try outbox.counts().waiting == 1)
        // Still there on the next flush: retried, never dropped.
        #expect(throws: MailError.self) { try outbox.flush(compose: Self.compose) }
        #expect(try outbox.counts().waiting == 1 && outbox.counts().batches == 1)
    }
}
