import Foundation
import ProcessTestSupport
import Robots
import RobotTestSupport
import Testing

/// `xianqi digest --send` puts the week's summary in the robots' outbox; `xianqi serve` sends it,
/// once a week per robot, beside the day's 催办单.
struct DigestToRobotsTests {
    @Test("the digest goes to the office's and each unit's robots once a week, with the board link; the daemon sends it")
    func digestOnce() async throws {
        let sink = try await RobotSink.start()
        defer { sink.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-robots-digest-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let secret = dir.appendingPathComponent("ding.secret")
        try Data(sink.secret.utf8).write(to: secret)
        let config = dir.appendingPathComponent("xianqi.toml")
        try Data((ServeCrashTests.configHead(in: dir, boardURL: "https://zgb.example.gov.cn/board") + """

            [units."区财政局"]
            wecom = "\(sink.wecomURL("czj"))"

            [office]
            dingtalk = { url = "\(sink.dingtalkURL("zgb"))", secret_file = "\(secret.path)" }

            """).utf8).write(to: config)
        try Data("""
            序号,整改措施,责任单位,完成时限
            CZ-1,清理历史欠款,区财政局,2024-05-05
            CZ-2,规范专项资金管理,区财政局,2024-11-21
            JS-1,推进老旧小区改造,区建设发展局,2024-10-11

            """.utf8).write(to: dir.appendingPathComponent("ledger.csv"))
        for _ in 0..<2 {
            let run = try await XianqiProcess.run(["digest", "--send", "-c", config.path])
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        }
        // `xianqi robots` lists the two summaries waiting, one per robot, and changes nothing.
        let waiting = try await XianqiProcess.run(["robots", "-c", config.path, "--format", "json"])
        #expect(waiting.status == 0, "\(waiting.stderr)")
        let queued = try JSONSerialization.jsonObject(with: Data(waiting.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(queued.count == 2)
        #expect(queued.allSatisfy { $0["state"] as? String == "queued" && ($0["title"] as? String ?? "").contains("整改周报") })
        #expect(Set(queued.compactMap { $0["channel"] as? String }) == ["wecom:区财政局", "dingtalk:整改办"])
        let serve = try await XianqiProcess.run(["serve", "--once", "-c", config.path])
        #expect(serve.status == 0, "\(serve.stderr)")
        let after = try await XianqiProcess.run(["robots", "-c", config.path])
        #expect(after.stdout.contains("机器人发件箱为空"), "\(after.stdout)")
        let everything = try await XianqiProcess.run(["robots", "-c", config.path, "--all", "--format", "json"])
        let sent = try JSONSerialization.jsonObject(with: Data(everything.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(!sent.isEmpty && sent.allSatisfy { $0["state"] as? String == "sent" && $0["last_code"] != nil })
        #expect(sink.violations == [])
        let digests = sink.accepted.filter { $0.text.contains("【整改周报】2024-W47") }
        #expect(Set(digests.map(\.robot)) == ["czj", "zgb"])
        #expect(digests.count == 2)
        let office = try #require(digests.first { $0.robot == "zgb" })
        #expect(office.text.contains("区财政局：逾期"))
        #expect(office.text.contains("[查看督办看板](https://zgb.example.gov.cn/board)"))
        let unit = try #require(digests.first { $0.robot == "czj" })
        #expect(unit.text.contains("CZ-1「清理历史欠款」已逾期"))
        #expect(!unit.text.contains("JS-1"))
        // The day's 催办单 of 区财政局 went beside it.
        #expect(sink.accepted.contains { $0.robot == "czj" && $0.text.contains("【催办单】区财政局 2024-11-21") })
    }
}
