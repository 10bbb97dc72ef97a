import Foundation
import GRDB
import Mail
import Robots
import Synchronization
import Testing

/// The outbox in a real SQLite file: one row per event and channel, one message per channel
/// and day, each item carried by exactly one message.
struct RobotOutboxTests {
    final class Clock: Sendable {
        let now = Mutex(Date(timeIntervalSince1970: 1_732_150_800))
        func advance(_ seconds: Double) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
        var read: @Sendable () -> Date { { self.now.withLock { $0 } } }
    }

    static func outbox(_ clock: Clock = Clock()) throws -> (RobotOutbox, DatabasePool, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-outbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let pool = try DatabasePool(path: dir.appendingPathComponent("state.sqlite").path)
        return (try RobotOutbox(sharing: pool, clock: clock.read), pool, dir)
    }

    static let finance = RobotChannel(recipient: "区财政局", endpoint: RobotEndpoint(vendor: .wecom, url: "http://127.0.0.1:1/cgi-bin/webhook/send?key=k"))
    static let financeDing = RobotChannel(recipient: "区财政局", endpoint: RobotEndpoint(vendor: .dingtalk, url: "http://127.0.0.1:1/robot/send?access_token=t"))

    static func item(_ n: Int) -> NoteItem {
        NoteItem(eventKey: "GX-\(n)|overdue|2024-10-01|\(n)", kind: "overdue", severity: 3000 + n,
                 tag: "逾期提醒", reference: "GX-\(n)", title: "措施\(n)", timing: "已逾期 \(n) 天")
    }

    @Test("an event enqueued twice is one row per channel; a day's items make one message per channel")
    func onePerChannelAndDay() throws {
        let (outbox, _, dir) = try Self.outbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        for n in 1...50 {
            #expect(try outbox.enqueue(Self.item(n), channels: [Self.finance, Self.financeDing], day: "2024-11-21"))
        }
        #expect(try !outbox.enqueue(Self.item(7), channels: [Self.finance, Self.financeDing], day: "2024-11-21"))
        let made = try outbox.compose(board: nil)
        #expect(made.count == 2)
        let queued = try outbox.queued()
        #expect(queued.map(\.items) == [50, 50])
        #expect(Set(queued.map(\.channel)) == ["wecom:区财政局", "dingtalk:区财政局"])
        // Nothing left to compose: a second compose makes nothing.
        #expect(try outbox.compose(board: nil).isEmpty)
        #expect(try outbox.counts().unassigned == 0)
    }

    @Test("items that come after a message was made go into the next message of that day, never into both")
    func laterItemsNextMessage() throws {
        let (outbox, _, dir) = try Self.outbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        try outbox.enqueue(Self.item(1), channels: [Self.finance], day: "2024-11-21")
        let first = try outbox.compose(board: nil)
        try outbox.enqueue(Self.item(2), channels: [Self.finance], day: "2024-11-21")
        try outbox.enqueue(Self.item(1), channels: [Self.finance], day: "2024-11-21")  // again: already carried
        let second = try outbox.compose(board: nil)
        #expect(first.count == 1 && second.count == 1 && first != second)
        let notes = try outbox.queued()
        #expect(notes.map(\.items) == [1, 1])
        let second1 = try #require(notes.first { $0.noteID == second[0] })
        #expect(second1.note.lines.count == 1 && second1.note.lines[0].contains("GX-2"))
    }

    @Test("a failure is retried after the backoff (a minute at least after a rate limit), and given up once too old")
    func backoffAndGiveUp() throws {
        let clock = Clock()
        let (outbox, _, dir) = try Self.outbox(clock)
        defer { try? FileManager.default.removeItem(at: dir) }
        try outbox.enqueue(Self.item(1), channels: [Self.finance], day: "2024-11-21")
        try outbox.compose(board: nil)
        var pending = try #require(try outbox.queued().first)
        #expect(try !outbox.recordFailure(pending, code: "timeout", reason: "no answer", rateLimited: false, final: false))
        pending = try #require(try outbox.queued().first)
        #expect(pending.nextAttemptAt.timeIntervalSince(clock.read()) == 15)
        #expect(try !outbox.recordFailure(pending, code: "45009", reason: "limit", rateLimited: true, final: false))
        pending = try #require(try outbox.queued().first)
        #expect(pending.nextAttemptAt.timeIntervalSince(clock.read()) == 60)
        clock.advance(3 * 86_400)
        #expect(try outbox.recordFailure(pending, code: "timeout", reason: "no answer", rateLimited: false, final: false))
        #expect(try outbox.queued().isEmpty)
        #expect(try outbox.counts().failed == 1)
    }

    @Test("a message recorded sent is not queued again, and counts in its robot's minute")
    func sentOnce() throws {
        let clock = Clock()
        let (outbox, _, dir) = try Self.outbox(clock)
        defer { try? FileManager.default.removeItem(at: dir) }
        try outbox.enqueue(Self.item(1), channels: [Self.finance], day: "2024-11-21")
        try outbox.compose(board: nil)
        let pending = try #require(try outbox.queued().first)
        try outbox.recordSent(pending, code: "0")
        #expect(try outbox.queued().isEmpty)
        #expect(try outbox.recentSends(channel: Self.finance.key, now: clock.read()).count == 1)
        clock.advance(61)
        #expect(try outbox.recentSends(channel: Self.finance.key, now: clock.read()).isEmpty)
    }
}
