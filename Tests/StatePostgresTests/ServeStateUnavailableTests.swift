import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `xianqi serve` with `state` naming a server that cannot be used: the error names the
/// setting and its line, the daemon retries with backoff and starts nothing meanwhile (no
/// spool, no local state file), never falling back to SQLite; `--once` fails at once.
@Suite struct ServeStateUnavailableTests {
    static func host(port: Int) throws -> TemporaryDirectory {
        let dir = TemporaryDirectory("xianqi-serve-down")
        let holidays = repositoryRoot.appendingPathComponent("Config/holidays-cn.toml").path
        try dir.write("xianqi.toml", """
            ledgers = ["ledger.toml"]
            state_directory = "state"
            holidays = "\(holidays)"

            [state]
            url = "postgresql://xianqi@127.0.0.1:\(port)/xianqi"
            """)
        try dir.write("ledger.toml", PostgresCommandTests.ledger)
        return dir
    }

    @Test func anUnreachableServerIsRetriedWithBackoffAndNothingStarts() throws {
        let dir = try Self.host(port: try PostgresServer.freePort())
        let log = dir.file("serve.log")
        let process = try XianqiProcess.start(["serve", "-c", dir.file("xianqi.toml")], log: log)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
        let deadline = ContinuousClock.now.advanced(by: .seconds(20))
        var text = ""
        repeat {
            usleep(200_000)
            text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        } while !text.contains("retrying in 2 s") && ContinuousClock.now < deadline
        #expect(text.contains("retrying in 1 s") && text.contains("retrying in 2 s"), "\(text)")
        #expect(text.contains("xianqi.toml:6: error: state.url: "), "\(text)")
        #expect(text.contains("无法连接 (cannot connect)"), "\(text)")
        #expect(process.isRunning)
        // Nothing started: no local state file, no spool, no lock.
        #expect(!FileManager.default.fileExists(atPath: dir.file("state/state.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: dir.file("state/mail")))
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func onceWithAnUnreachableServerExits2NamingTheSetting() throws {
        let dir = try Self.host(port: try PostgresServer.freePort())
        let run = try XianqiProcess.run(["serve", "--once", "-c", dir.file("xianqi.toml")])
        #expect(run.status == 2, "\(run.output)")
        #expect(run.stderr.contains("xianqi.toml:6: error: state.url: "), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("state/state.sqlite")))
    }
}
