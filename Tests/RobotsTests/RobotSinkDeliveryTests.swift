import AsyncHTTPClient
import Foundation
import GRDB
import Logging
import Notify
import Robots
import RobotTestSupport
import Synchronization
import Testing

/// Delivery through async-http-client to a real HTTP sink that checks each vendor's signature
/// and message shape, answering with success, rate-limit codes, 5xx and silence.
@Suite(.serialized)
struct RobotSinkDeliveryTests {
    typealias Clock = RobotOutboxTests.Clock

    final class Records: Sendable {
        let list = Mutex<[EventRecord]>([])
        var record: @Sendable (EventRecord) -> Void { { r in self.list.withLock { $0.append(r) } } }
        var all: [EventRecord] { list.withLock { $0 } }
    }

    struct Setup {
        let sink: RobotSink
        let outbox: RobotOutbox
        let directory: RobotDirectory
        let clock: Clock
        let records: Records
        let dir: URL
        let delivery: RobotDelivery

        /// One overdue item of 区财政局 on each of November's first `days` days: one 催办单 per
        /// robot and day.
        func enqueueOneItemADay(days: Int) throws {
            for day in 1...days {
                try outbox.enqueue(NoteItem(eventKey: "d\(day)", kind: "overdue", severity: 3000, line: "第\(day)天"),
                                   channels: directory.channels(unit: "区财政局", toOffice: false),
                                   day: String(format: "2024-11-%02d", day))
            }
        }

        func cleanUp() {
            sink.stop()
            try? FileManager.default.removeItem(at: dir)
        }
    }

    /// A sink, an outbox and the three robots of 区财政局 (and the office's 钉钉), signed with the sink's secret.
    /// `timeout` long by default: a sink slowed by the tests beside it must not pass for one that stays silent.
    static func setUp(secret: String? = nil, timeout: Duration = .seconds(30), units: Int = 1) async throws -> Setup {
        let sink = try await RobotSink.start()
        let clock = Clock()
        clock.now.withLock { $0 = Date() }
        let (outbox, _, dir) = try RobotOutboxTests.outbox(clock)
        let secretFile = dir.appendingPathComponent("robot.secret").path
        try Data(((secret ?? sink.secret) + "\n").utf8).write(to: URL(fileURLWithPath: secretFile))
        var unitRobots: [String: [RobotEndpoint]] = [:]
        for u in 0..<units {
            let name = u == 0 ? "区财政局" : "单位\(u)"
            unitRobots[name] = [
                RobotEndpoint(vendor: .wecom, url: sink.wecomURL("k\(u)")),
                RobotEndpoint(vendor: .dingtalk, url: sink.dingtalkURL("t\(u)"), secretFile: secretFile),
                RobotEndpoint(vendor: .feishu, url: sink.feishuURL("h\(u)"), secretFile: secretFile),
            ]
        }
        let directory = RobotDirectory(
            units: unitRobots,
            office: [RobotEndpoint(vendor: .dingtalk, url: sink.dingtalkURL("office"), secretFile: secretFile)],
            settings: RobotSettings(boardURL: "https://dc.example.gov.cn/board", timeout: timeout))
        let records = Records()
        // Retries are warnings: hundreds in the outage test, which say nothing the records do not.
        var logger = Logger(label: "xianqi.robots")
        logger.logLevel = .error
        let delivery = RobotDelivery(outbox: outbox, directory: directory, http: HTTPClient.shared, timeout: timeout,
                                     clock: clock.read, record: records.record, logger: logger)
        return Setup(sink: sink, outbox: outbox, directory: directory, clock: clock, records: records, dir: dir, delivery: delivery)
    }

    static func enqueue(_ s: Setup, unit: String = "区财政局", items: Int, escalate: Bool = false) throws {
        for n in 1...items {
            let title = n == 1 ? "<@all> @所有人 [点我](http://evil.example) <at user_id=\"all\">所有人</at>" : "措施\(n)"
            try s.outbox.enqueue(NoteItem(eventKey: "\(unit)-\(n)|overdue|2024-10-01|\(n)", kind: escalate ? "escalation" : "overdue",
                                          severity: 3000 + n, tag: "逾期提醒", reference: "GX-\(n)", title: title, timing: "已逾期 \(n) 天"),
                                 channels: s.directory.channels(unit: unit, toOffice: escalate), day: "2024-11-21")
        }
        try s.outbox.compose(board: BoardLink("https://dc.example.gov.cn/board"))
    }

    @Test("each vendor's 催办单 arrives signed and shaped as documented, one per channel, with a robot-sent record")
    func eachVendorSigned() async throws {
        let s = try await Self.setUp()
        defer { s.cleanUp() }
        try Self.enqueue(s, items: 300, escalate: true)
        let report = await s.delivery.deliver()
        #expect(report.sent.count == 4, "\(report) \(s.sink.violations) \(s.sink.requestCount)")
        #expect(s.sink.violations == [])
        #expect(Set(s.sink.accepted.map(\.vendor)) == [.wecom, .dingtalk, .feishu])
        for message in s.sink.accepted {
            #expect(!message.text.contains("@所有人") && !message.text.contains("<@all>") && !message.text.contains("<at "))
            #expect(!message.text.contains("](http://evil"))
            #expect(message.text.contains("共 300 项：督办升级 300 项"))
        }
        let sent = s.records.all.filter { $0.kind == .robotSent }
        #expect(sent.count == 4)
        #expect(sent.allSatisfy { r in r.extraFields.contains { $0 == JournalField("XIANQI_ROBOT_CODE", "0") } })
        #expect(try s.outbox.queued().isEmpty)
        // Delivered once: another pass sends nothing.
        #expect(await s.delivery.deliver().sent.isEmpty)
        #expect(s.sink.accepted.count == 4)
    }

    @Test("a rate-limit reply from each vendor is retried after a minute, and then delivered", arguments: [
        RobotSink.Behaviour.rateLimited, .tooManyRequests,
    ])
    func rateLimitRetried(_ behaviour: RobotSink.Behaviour) async throws {
        let s = try await Self.setUp()
        defer { s.cleanUp() }
        try Self.enqueue(s, items: 3)
        s.sink.script([behaviour, behaviour, behaviour])
        let first = await s.delivery.deliver()
        #expect(first.retried.count == 3)
        let next = try #require(first.nextAttempt)
        #expect(next.timeIntervalSince(s.clock.read()) > 59.9)
        #expect(await s.delivery.deliver().sent.isEmpty)  // not yet
        s.clock.advance(61)
        #expect(await s.delivery.deliver().sent.count == 3)
        #expect(s.sink.accepted.count == 3)
        #expect(s.sink.violations == [])
    }

    @Test("no answer within the timeout (1 s), and a 5xx, are retried with backoff and then delivered")
    func timeoutAndServerError() async throws {
        let s = try await Self.setUp(timeout: .seconds(1))
        defer { s.cleanUp() }
        try Self.enqueue(s, items: 2)
        s.sink.script([.silence(seconds: 3), .serverError, .serverError])
        let first = await s.delivery.deliver()
        #expect(first.retried.count == 3)
        let rows = try s.outbox.queued()
        #expect(Set(rows.map(\.attempts)) == [1])
        s.clock.advance(16)
        #expect(await s.delivery.deliver().sent.count == 3)
        #expect(s.sink.accepted.count == 3)
    }

    @Test("each robot keeps within 20 messages a minute (飞书 also 5 a second), by the times the outbox recorded")
    func rateWindow() async throws {
        let s = try await Self.setUp()
        defer { s.cleanUp() }
        // 25 days of 区财政局 items: 25 messages per robot.
        try s.enqueueOneItemADay(days: 25)
        try s.outbox.compose(board: nil)
        let first = await s.delivery.deliver()
        #expect(first.sent.count == 20 + 20 + 5)
        var passes = 1
        while try !s.outbox.queued().isEmpty, passes < 200 {
            s.clock.advance(1)
            _ = await s.delivery.deliver()
            passes += 1
        }
        let perRobot = Dictionary(grouping: s.sink.accepted, by: \.robot).mapValues(\.count)
        #expect(perRobot == ["k0": 25, "t0": 25, "h0": 25])
        let sends = try await s.outbox.database.read { db in
            try Row.fetchAll(db, sql: "SELECT channel, sent_at FROM robot_note").map { ($0["channel"] as String, $0["sent_at"] as Double) }
        }
        for (channel, times) in Dictionary(grouping: sends, by: \.0).mapValues({ $0.map(\.1).sorted() }) {
            for (i, t) in times.enumerated() {
                #expect(times[i...].prefix { $0 < t + 60 }.count <= 20, "\(channel): more than 20 in a minute")
                if channel.hasPrefix("feishu") { #expect(times[i...].prefix { $0 < t + 1 }.count <= 5, "\(channel)") }
            }
        }
        #expect(passes > 60)   // the 21st of 企业微信 and 钉钉 waited for the minute
    }

    @Test("a robot that fails gets no more of its messages in that pass; the other robots' go on")
    func failingRobotSkipped() async throws {
        let s = try await Self.setUp()
        defer { s.cleanUp() }
        try s.enqueueOneItemADay(days: 5)
        try s.outbox.compose(board: nil)
        s.sink.script([.serverError])
        let report = await s.delivery.deliver()
        #expect(report.retried.count == 1)
        #expect(report.waiting == 4)
        #expect(report.sent.count == 10)
        #expect(s.sink.requestCount == 11)
        s.clock.advance(16)
        #expect(await s.delivery.deliver().sent.count == 5)
        #expect(s.sink.accepted.count == 15)
    }

    @Test("a wrong secret is refused by the vendor: given up at once with an err record, nothing retried")
    func wrongSecret() async throws {
        let s = try await Self.setUp(secret: "not-the-secret")
        defer { s.cleanUp() }
        try Self.enqueue(s, items: 1)
        let report = await s.delivery.deliver()
        #expect(report.sent.count == 1)       // 企业微信 is not signed
        #expect(report.gaveUp.count == 2)
        #expect(s.sink.violations.count == 2)
        #expect(s.sink.violations.allSatisfy { $0.contains("sign does not match") })
        let gaveUp = s.records.all.filter { $0.kind == .deliveryGaveUp }
        #expect(gaveUp.count == 2)
        #expect(gaveUp.allSatisfy { $0.kind.priority == .error })
        #expect(Set(gaveUp.compactMap { r in r.extraFields.first { $0.name == "XIANQI_ROBOT_CODE" }.map { String(decoding: $0.value, as: UTF8.self) } }) == ["310000", "19021"])
    }

    @Test("a message survives an outage up to the give-up age (3 days), retried with backoff; past it, an err record")
    func longestOutage() async throws {
        let s = try await Self.setUp(timeout: .seconds(5))
        defer { s.cleanUp() }
        try Self.enqueue(s, items: 1)
        s.sink.answerAll(.serverError)
        let start = s.clock.read()
        var attempts = 0
        var lastFailure = start
        var next = start
        // Fail until the next retry would come within a minute of three days, each retry when its backoff says.
        while true {
            let report = await s.delivery.deliver()
            attempts += report.retried.count
            if !report.retried.isEmpty { lastFailure = s.clock.read() }
            next = try #require(report.nextAttempt)
            if next.timeIntervalSince(start) > 3 * 86_400 - 60 { break }
            s.clock.now.withLock { $0 = next }
        }
        #expect(try s.outbox.queued().count == 3)
        #expect(s.records.all.filter { $0.kind == .deliveryGaveUp }.isEmpty)
        // The vendor is back: the next retry delivers each message, once.
        s.sink.answerAll(.success)
        s.clock.now.withLock { $0 = next }
        #expect(await s.delivery.deliver().sent.count == 3)
        #expect(s.sink.accepted.count == 3)
        #expect(s.sink.violations == [])
        let outage = lastFailure.timeIntervalSince(start)
        #expect(outage > 3 * 86_400 - 11 * 60)
        #expect(attempts > 3 * 400)   // about 440 retries per robot: the 10-minute cap over 3 days
        print("robots: a message survived an outage of \(Int(outage) / 3600) h \(Int(outage) % 3600 / 60) min (\(attempts / 3) attempts per robot)")
        // A second message in an outage longer than that is given up with an err record.
        try s.outbox.enqueue(NoteItem(eventKey: "later", kind: "overdue", severity: 3001, line: "后来的一项"),
                             channels: s.directory.channels(unit: "区财政局", toOffice: false), day: "2024-11-22")
        try s.outbox.compose(board: nil)
        s.sink.answerAll(.serverError)
        _ = await s.delivery.deliver()
        s.clock.advance(3 * 86_400 + 1)
        let last = await s.delivery.deliver()
        #expect(last.gaveUp.count == 3)
        #expect(s.records.all.filter { $0.kind == .deliveryGaveUp }.count == 3)
    }

    @Test("messages per second through the sink: 300 robots of 100 units, one 催办单 each")
    func throughput() async throws {
        let s = try await Self.setUp(units: 100)
        defer { s.cleanUp() }
        for u in 0..<100 {
            try Self.enqueue(s, unit: u == 0 ? "区财政局" : "单位\(u)", items: 20)
        }
        let began = ContinuousClock.now
        let report = await s.delivery.deliver()
        let elapsed = ContinuousClock.now - began
        #expect(report.sent.count == 300)
        #expect(s.sink.accepted.count == 300)
        #expect(s.sink.violations == [])
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("robots: \(report.sent.count) messages in \(String(format: "%.2f", seconds)) s = \(String(format: "%.0f", Double(report.sent.count) / seconds)) msg/s through the sink")
    }
}
