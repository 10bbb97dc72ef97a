import Foundation
import ProcessTestSupport
import Testing

/// `xianqi check` reads the robots: a bad one is an error with the file and key; a unit with a
/// robot and no address is reached.
struct CheckRobotsTests {
    static func write(_ robots: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-check-robots-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("序号,整改措施,责任单位,完成时限\nCZ-1,清理历史欠款,区财政局,2024-12-31\n".utf8).write(to: dir.appendingPathComponent("ledger.csv"))
        try Data("""
            today = 2024-11-21
            holidays = "\(ServeCrashTests.repository.appendingPathComponent("Config/holidays-cn.toml").path)"
            ledgers = ["ledger.csv"]
            \(robots)
            """.utf8).write(to: dir.appendingPathComponent("xianqi.toml"))
        return dir
    }

    @Test("a unit reached only by its robot gets no 'no address' warning")
    func robotReaches() throws {
        let dir = try Self.write("[units.\"区财政局\"]\nwecom = \"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K\"\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try XianqiProcess.run(["check", dir.appendingPathComponent("xianqi.toml").path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("区财政局"), "\(run.stdout)")
    }

    @Test("a robot whose secret file cannot be read, or a bad [robots] key, is an error naming it", arguments: [
        ("[units.\"区财政局\"]\ndingtalk = { url = \"https://oapi.dingtalk.com/robot/send?access_token=T\", secret_file = \"missing.secret\" }\n",
         "dingtalk:区财政局"),
        ("[robots]\nper_minute = 500\n", "robots.per_minute"),
    ])
    func badRobot(robots: String, named: String) throws {
        let dir = try Self.write(robots)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try XianqiProcess.run(["check", dir.appendingPathComponent("xianqi.toml").path])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains(named) && run.stdout.contains("error"), "\(run.stdout)")
    }
}
