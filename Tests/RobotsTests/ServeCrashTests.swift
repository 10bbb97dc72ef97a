import Foundation
import GRDB
import ProcessTestSupport
import Robots
import RobotTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `xianqi serve` killed with SIGKILL at random points while it enqueues, composes and sends;
/// started again each time; the sink counts what arrived.
@Suite(.serialized)
struct ServeCrashTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The head of a test configuration on 2024-11-21, sending at any hour, up to the
    /// `[robots]` table's first line (`board_url`).
    static func configHead(in dir: URL, boardURL: String) -> String {
        """
        timezone = "Asia/Shanghai"
        today = 2024-11-21
        state_directory = "\(dir.appendingPathComponent("state").path)"
        holidays = "\(repository.appendingPathComponent("Config/holidays-cn.toml").path)"
        ledgers = ["ledger.csv"]

        [reminders]
        send_window = "00:00-23:59"
        working_days_only = false

        [robots]
        board_url = "\(boardURL)"

        """
    }

    /// A configuration with `units` units, each with a 企业微信 robot and every other one a 钉钉
    /// robot as well, and `perUnit` overdue measures each (the first with hostile text).
    static func write(in dir: URL, sink: RobotSink, units: Int, perUnit: Int) throws -> URL {
        let secret = dir.appendingPathComponent("ding.secret")
        try Data(sink.secret.utf8).write(to: secret)
        var config = configHead(in: dir, boardURL: "https://dc.example.gov.cn/board") + """
            # Long enough that a sink slowed by the other tests in parallel is not a timeout (an
            # answer given up on after the sink took the message is a double of another kind).
            timeout = "30s"

            """
        var ledger = "序号,整改措施,责任单位,完成时限\n"
        for u in 0..<units {
            let unit = String(format: "单位%02d", u)
            config += "\n[units.\"\(unit)\"]\nwecom = \"\(sink.wecomURL("w\(u)"))\"\n"
            if u % 2 == 0 {
                config += "dingtalk = { url = \"\(sink.dingtalkURL("d\(u)"))\", secret_file = \"\(secret.path)\" }\n"
            }
            for m in 0..<perUnit {
                let text = m == 0 ? "\"<@all> @所有人 [点此](http://evil.example) <at user_id=\"\"all\"\">所有人</at>\"" : "措施\(m)"
                ledger += String(format: "M%02dx%02d", u, m) + ",\(text),\(unit),2024-11-21\n"
            }
        }
        let path = dir.appendingPathComponent("xianqi.toml")
        try Data(config.utf8).write(to: path)
        try Data(ledger.utf8).write(to: dir.appendingPathComponent("ledger.csv"))
        return path
    }

    static var readOnly: Configuration {
        var c = Configuration()
        c.readonly = true
        return c
    }

    /// The measure ids each accepted message lists, by robot.
    static func listed(_ messages: [RobotSink.Message]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        let pattern = try! Regex("M[0-9]{2}x[0-9]{2}")
        for m in messages {
            out[m.robot, default: []] += m.text.matches(of: pattern).map { String(m.text[$0.range]) }
        }
        return out
    }

    @Test("killed with SIGKILL at random points 12 times: every item arrives, none twice in two messages, no message more than once per kill")
    func killedAtRandom() async throws {
        let sink = try await RobotSink.start()
        defer { sink.stop() }
        // A vendor 30 ms away: kills land during sends, not only between them.
        sink.setLatency(seconds: 0.03)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-robots-crash-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let units = 24, perUnit = 12
        let config = try Self.write(in: dir, sink: sink, units: units, perUnit: perUnit)
        let robots = units + units / 2
        var generator = SystemRandomNumberGenerator()
        let kills = 12
        for k in 0..<kills {
            let process = try XianqiProcess.start(["serve", "-c", config.path], log: dir.appendingPathComponent("serve-\(k).log").path)
            try await Task.sleep(for: .milliseconds(Int.random(in: 80...900, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let last = try XianqiProcess.start(["serve", "-c", config.path], log: dir.appendingPathComponent("serve-last.log").path)
        // Until the outbox has nothing left to send (read beside the daemon: WAL), at most two minutes.
        let database = dir.appendingPathComponent("state/state.sqlite").path
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            guard FileManager.default.fileExists(atPath: database),
                  let queue = try? DatabaseQueue(path: database, configuration: Self.readOnly) else { continue }
            let left = try? await queue.read { db -> Int in
                guard try db.tableExists("robot_note"), try db.tableExists("sent") else { return -1 }
                let claimed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sent") ?? 0
                let open = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM robot_item i LEFT JOIN robot_note n ON n.note_id = i.note_id WHERE n.state IS NOT 'sent'") ?? 0
                return claimed < units * perUnit ? -1 : open
            }
            if left == 0 { break }
        }
        try await Task.sleep(for: .milliseconds(500))   // anything more would be a double
        kill(last.processIdentifier, SIGTERM)
        last.waitUntilExit()

        #expect(sink.violations == [])
        let accepted = sink.accepted
        let ids = accepted.compactMap(\.noteID)
        let doubled = ids.count - Set(ids).count
        // The one window: a kill after the sink answered and before the outbox recorded it.
        #expect(doubled <= kills)
        // What the daemon claimed and what the outbox holds, read from the state database.
        let db = try DatabaseQueue(path: database, configuration: Self.readOnly)
        let claimed = try await db.read { try String.fetchAll($0, sql: "SELECT key FROM sent") }
        let items = try await db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.event_key, i.channel, i.line, n.state FROM robot_item i LEFT JOIN robot_note n ON n.note_id = i.note_id
                """).map { (key: $0["event_key"] as String, channel: $0["channel"] as String, line: $0["line"] as String, state: $0["state"] as String?) }
        }
        #expect(claimed.count == units * perUnit)
        // Nothing lost: each claimed event is an item of each of its unit's robots, and each item is in a message sent.
        #expect(items.count == units * perUnit + (units / 2) * perUnit)
        #expect(Set(items.map(\.key)) == Set(claimed))
        #expect(items.allSatisfy { $0.state == "sent" })
        // The sink saw each item once: the measures each robot's distinct messages list are its items, none twice.
        var firstOfEach: [String: RobotSink.Message] = [:]
        for m in accepted where firstOfEach[m.noteID ?? ""] == nil { firstOfEach[m.noteID ?? ""] = m }
        let listed = Self.listed(Array(firstOfEach.values))
        #expect(listed.count == robots)
        for (robot, measures) in listed {
            let vendor = robot.hasPrefix("w") ? "wecom" : "dingtalk"
            let channel = "\(vendor):" + String(format: "单位%02d", Int(robot.dropFirst()) ?? -1)
            let expected = items.filter { $0.channel == channel }.map { String($0.key.prefix(6)) }
            #expect(measures.sorted() == expected.sorted(), "\(robot)")
            #expect(Set(measures).count == perUnit, "\(robot): a measure in two messages")
        }
        for m in accepted {
            #expect(!m.text.contains("@所有人") && !m.text.contains("<@all>") && !m.text.contains("<at ") && !m.text.contains("](http://evil"))
        }
        print("robots crash test: \(kills) kills, \(robots) robots, \(Set(ids).count) messages, \(doubled) sent twice, 0 lost")
    }
}
