import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Schedule
import StatePostgres
import Testing

/// The built `xianqi` binary's state commands (`done`, `extend`, `reopen`, `history`,
/// `overdue`, `upcoming`, `list`) with `state` on a real PostgreSQL server: two "hosts" (two
/// workspaces with their own state directories and one server) see one trail, and a server
/// that cannot be used is an error naming the setting, never the local file.
@Suite struct PostgresCommandTests {
    static let ledger = """
        title = "测试台账"
        reference = 2024-11-21

        [[measure]]
        id = "GX-1"
        measure = "推进XX项目建设"
        unit = "区建设发展局"
        deadline = "2024年10月底前"

        [[measure]]
        id = "GX-2"
        measure = "完善资金管理制度"
        unit = "区财政局"
        deadline = "2024年12月底前"

        [[measure.milestone]]
        action = "确定监理单位"
        deadline = "2024年11月15日"
        """

    /// One host: its configuration (the ledger, its own state directory, `state` as given).
    struct Host: ~Copyable {
        let dir = TemporaryDirectory("xianqi-pg-cli")
        var config: String { dir.file("xianqi.toml") }
        var stateDirectory: String { dir.file("state") }

        init(state: String) throws {
            let holidays = repositoryRoot.appendingPathComponent("Config/holidays-cn.toml").path
            try dir.write("xianqi.toml", """
                ledgers = ["ledger.toml"]
                state_directory = "state"
                holidays = "\(holidays)"
                \(state)
                """)
            try dir.write("ledger.toml", PostgresCommandTests.ledger)
        }

        func arguments(_ command: [String]) -> [String] {
            Array(command.prefix(1)) + ["-c", config] + command.dropFirst()
        }

        func run(_ command: [String]) throws -> ChildProcess.Run {
            try XianqiProcess.run(arguments(command))
        }

        func start(_ command: [String]) throws -> ChildProcess.Started {
            try XianqiProcess.start(arguments(command))
        }
    }

    @Test func doneAndExtendFromTwoHostsAtOnceAllLandInTheSharedTrail() async throws {
        try await onThread {
            let url = try PostgresServer.shared().freshDatabase()
            let a = try Host(state: "state = \"\(url)\"")
            let b = try Host(state: "[state]\nurl = \"\(url)\"")
            // Migrated once before, so that the race is the writes' (a fresh database's
            // migration race is the store's own test).
            #expect(try a.run(["history", "GX-1"]).status == 0)
            let started = [
                try a.start(["done", "GX-1", "--by", "甲", "--as-of", "2024-11-21"]),
                try b.start(["done", "GX-1", "--by", "乙", "--as-of", "2024-11-21"]),
                try a.start(["extend", "GX-2", "--to", "2025-03-31", "--reason", "资金未到位", "--by", "丙", "--as-of", "2024-11-21"]),
                try b.start(["extend", "GX-2#1", "--to", "2025-01-15", "--reason", "招标延后", "--by", "丁", "--as-of", "2024-11-21"]),
            ]
            for run in started.map({ $0.finish(timeout: .seconds(60)) }) {
                #expect(run.status == 0, "\(run.output)")
                #expect(run.stdout.contains("已记录 (recorded) #"), "\(run.output)")
            }
            let store = try PostgresStateStore(configuration: PostgresStateConfiguration(url: url), logger: quiet)
            let trail = try store.trail()
            #expect(trail.count == 4)
            #expect(Set(trail.map(\.by)) == ["甲", "乙", "丙", "丁"])
            #expect(Set(trail.map(\.sequence)).count == 4)
            // Neither host keeps a trail of its own: no state.sqlite was made for it.
            #expect(!FileManager.default.fileExists(atPath: a.stateDirectory + "/state.sqlite"))
            #expect(!FileManager.default.fileExists(atPath: b.stateDirectory + "/state.sqlite"))

            // Each host reads what the other recorded.
            let history = try a.run(["history", "GX-1", "--format", "csv"])
            #expect(history.status == 0, "\(history.output)")
            #expect(history.stdout.contains(",甲,") && history.stdout.contains(",乙,"), "\(history.stdout)")
            // On 2025-01-10 nothing is overdue: GX-1 done, GX-2 and its milestone extended.
            let overdue = try b.run(["overdue", "--as-of", "2025-01-10", "--format", "csv"])
            #expect(overdue.status == 0, "\(overdue.output)")
            #expect(!overdue.stdout.contains("GX-1,") && !overdue.stdout.contains("GX-2,"), "\(overdue.stdout)")
            // On 2025-02-01 only the milestone (extended to 2025-01-15) is: exit 1, found.
            let later = try b.run(["overdue", "--as-of", "2025-02-01", "--format", "csv"])
            #expect(later.status == 1, "\(later.output)")
            #expect(later.stdout.contains("2025-01-15") && !later.stdout.contains("GX-1,"), "\(later.stdout)")
            let upcoming = try a.run(["upcoming", "--as-of", "2025-01-10", "--within", "90d"])
            #expect(upcoming.status == 0, "\(upcoming.output)")
            #expect(upcoming.stdout.contains("2025-03-31 (原 2024-12-31)"), "\(upcoming.stdout)")
            let list = try b.run(["list", "--format", "csv"])
            #expect(list.status == 0, "\(list.output)")
        }
    }

    @Test func reopenOnOneHostUndoesADoneOfTheOther() async throws {
        try await onThread {
            let url = try PostgresServer.shared().freshDatabase()
            let a = try Host(state: "state = \"\(url)\"")
            let b = try Host(state: "state = \"\(url)\"")
            #expect(try a.run(["done", "GX-1", "--as-of", "2024-11-21"]).status == 0)
            let reopened = try b.run(["reopen", "GX-1", "--as-of", "2024-11-21"])
            #expect(reopened.status == 0, "\(reopened.output)")
            let again = try a.run(["reopen", "GX-1", "--as-of", "2024-11-21"])
            #expect(again.status == 1, "GX-1 is open again: \(again.output)")
        }
    }

    /// `xianqi board` on one host follows the shared trail: a `done` recorded from the other
    /// host takes the item off its overdue list at the next request (the key holds the
    /// trail's head on the server, not a local file's time), with no ledger changed.
    @Test func theBoardOfOneHostShowsADoneOfTheOther() async throws {
        try await onThread {
            let url = try PostgresServer.shared().freshDatabase()
            let a = try Host(state: "state = \"\(url)\"\ntoday = 2024-11-21")
            let b = try Host(state: "state = \"\(url)\"")
            #expect(try a.run(["history", "GX-1"]).status == 0)  // migrated before the board reads
            let log = a.dir.file("board.log")
            let board = try XianqiProcess.start(["board", "-c", a.config, "--listen", "127.0.0.1:0"], log: log)
            defer { if board.isRunning { kill(board.processIdentifier, SIGTERM); board.waitUntilExit() } }
            var port: Int?
            for _ in 0..<600 where port == nil && board.isRunning {
                usleep(50_000)
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                if let r = text.range(of: "listening on http://127.0.0.1:") { port = Int(text[r.upperBound...].prefix { $0.isNumber }) }
            }
            let p = try #require(port, "board did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
            func overdueIDs() throws -> String {
                try ChildProcess.run("/usr/bin/curl", ["-s", "--max-time", "30", "http://127.0.0.1:\(p)/api/v1/overdue"]).stdout
            }
            #expect(try overdueIDs().contains("\"GX-1\""))
            let done = try b.run(["done", "GX-1", "--by", "乙", "--as-of", "2024-11-21"])
            #expect(done.status == 0, "\(done.output)")
            let after = try overdueIDs()
            #expect(!after.contains("\"GX-1\""), "\(after)")
        }
    }

    /// Nothing listens on the port: exit 2, the setting named with its line, nothing written
    /// to a local file instead.
    @Test func anUnreachableServerIsAnErrorNamingTheSetting() throws {
        let port = try PostgresServer.freePort()
        let host = try Host(state: "\n[state]\nurl = \"postgresql://xianqi@127.0.0.1:\(port)/xianqi\"")
        let run = try host.run(["done", "GX-1"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("xianqi.toml:6: error: state.url: "), "\(run.stderr)")
        #expect(run.stderr.contains("无法连接 (cannot connect)"), "\(run.stderr)")
        #expect(run.stderr.contains("postgresql://xianqi@127.0.0.1:\(port)/xianqi"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: host.stateDirectory + "/state.sqlite"))
        let read = try host.run(["overdue"])
        #expect(read.status == 2, "\(read.output)")
    }

    @Test func aWrongPasswordIsRefusedWithTheServersReason() throws {
        let server = try PostgresServer.shared()
        let url = try server.freshDatabase()
        let database = String(url.split(separator: "/").last ?? "")
        let role = "r_" + database.suffix(8)
        try server.addPasswordRole(role, password: "right-one", owning: database)
        let host = try Host(state: """
            [state]
            url = "postgresql://\(role)@127.0.0.1:\(server.port)/\(database)"
            password_file = "pg-password"
            """)
        try host.dir.write("pg-password", "wrong-one\n")
        let run = try host.run(["history", "GX-1"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error: state.url: "), "\(run.stderr)")
        #expect(run.stderr.contains("password authentication failed"), "\(run.stderr)")
        #expect(!run.stderr.contains("wrong-one"))
        try host.dir.write("pg-password", "right-one\n")
        let right = try host.run(["history", "GX-1"])
        #expect(right.status == 0, "\(right.output)")
    }

    @Test func aSchemaOfANewerXianqiIsRefusedNamingTheSetting() throws {
        let server = try PostgresServer.shared()
        let url = try server.freshDatabase()
        let host = try Host(state: "state = \"\(url)\"")
        #expect(try host.run(["history", "GX-1"]).status == 0)
        let database = String(url.split(separator: "/").last ?? "")
        let added = try server.psql("INSERT INTO xianqi_migrations (name) VALUES ('v99: from the future')", database: database)
        #expect(added.status == 0, "\(added.output)")
        let run = try host.run(["done", "GX-1"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("xianqi.toml:4: error: state: "), "\(run.stderr)")
        #expect(run.stderr.contains("v99: from the future"), "\(run.stderr)")
    }
}
