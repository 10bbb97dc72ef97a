import Foundation
import MailTestSupport
import Schedule
import StatePostgres
import Testing

/// `xianqi state migrate --to postgresql://…`: a SQLite state made by the real commands (done,
/// extend, `serve --once` delivering through msmtp to a real SMTP sink) copied to a real
/// server, every row kept, the counts verified, and a second run a no-op.
@Suite struct StateMigrateTests {
    static let config = """
        ledgers = ["ledger.toml"]
        state_directory = "state"
        holidays = "HOLIDAYS"

        [units]
        "区建设发展局" = "jsj@example.gov.cn"
        "区财政局" = "czj@example.gov.cn"

        [office]
        from = "xianqi@example.gov.cn"

        [reminders]
        send_window = "00:00-23:59"
        working_days_only = false
        """

    static func workspace(state: String = "") throws -> TemporaryDirectory {
        let dir = TemporaryDirectory("xianqi-migrate")
        let holidays = repositoryRoot.appendingPathComponent("Config/holidays-cn.toml").path
        try dir.write("xianqi.toml", state + "\n" + config.replacingOccurrences(of: "HOLIDAYS", with: holidays))
        try dir.write("ledger.toml", ledger())
        return dir
    }

    /// Three measures overdue by 3 days and one due in 7 (a reminder today), by today's clock
    /// in the office's zone, so that `serve --once` has something to send.
    static func ledger() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        func day(_ offset: Int) -> String {
            let c = calendar.dateComponents([.year, .month, .day], from: Date().addingTimeInterval(Double(offset) * 86_400))
            return "\(c.year!)年\(c.month!)月\(c.day!)日"
        }
        let rows = [("GX-1", -3, "区建设发展局"), ("GX-2", -3, "区财政局"), ("GX-3", -3, "区财政局"), ("GX-4", 7, "区建设发展局")]
        return "title = \"测试台账\"\n\n" + rows.map { id, offset, unit in
            "[[measure]]\nid = \"\(id)\"\nmeasure = \"措施\(id)\"\nunit = \"\(unit)\"\ndeadline = \"\(day(offset))\"\n"
        }.joined(separator: "\n")
    }

    /// `YYYY-MM-DD`, `days` from today in the office's zone.
    static func isoDay(_ days: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let c = calendar.dateComponents([.year, .month, .day], from: Date().addingTimeInterval(Double(days) * 86_400))
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    static func xianqi(_ dir: TemporaryDirectory, _ command: [String]) throws -> ChildProcess.Run {
        try XianqiProcess.run(Array(command.prefix(command.first == "state" ? 2 : 1)) + ["-c", dir.file("xianqi.toml")]
            + command.dropFirst(command.first == "state" ? 2 : 1))
    }

    @Test func migrateCopiesEveryRowAndASecondRunIsANoOp() async throws {
        try await onThread {
            let dir = try Self.workspace()
            let sink = try SMTPSink.start(in: dir.path)
            defer { sink.stop() }
            let sendmail = try MSMTP.command(for: sink, in: dir.path)
            #expect(try Self.xianqi(dir, ["done", "GX-1", "--by", "甲", "--note", "已验收"]).status == 0)
            #expect(try Self.xianqi(dir, ["extend", "GX-2", "--to", Self.isoDay(60), "--reason", "资金未到位", "--by", "乙"]).status == 0)
            let served = try Self.xianqi(dir, ["serve", "--once", "--deliver-mail", "--sendmail", sendmail.description])
            #expect(served.status == 0, "\(served.output)")

            let sqlite = try #require(try StateStore.existing(in: dir.file("state")))
            let sent = try sqlite.sentRecords()
            let trail = try sqlite.trail()
            let runs = try sqlite.runs()
            #expect(!sent.isEmpty, "serve --once sent nothing: \(served.output)")
            #expect(trail.count == 2 && runs.count >= 3)
            let delivered = try ChildProcess.run(Python.executable, ["-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM mail_delivery').fetchone()[0])",
                                            dir.file("state/state.sqlite")]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(Int(delivered) ?? 0 > 0, "no mail delivered: \(served.output)")

            let url = try PostgresServer.shared().freshDatabase()
            let first = try Self.xianqi(dir, ["state", "migrate", "--to", url])
            #expect(first.status == 0, "\(first.output)")
            #expect(first.stdout.contains("发送记录 (sent log):        \(sent.count) 条，复制 \(sent.count)，核对 \(sent.count)/\(sent.count)"), "\(first.stdout)")
            #expect(first.stdout.contains("审计记录 (audit trail):     2 条，复制 2，核对 2/2"), "\(first.stdout)")
            #expect(first.stdout.contains("投递记录 (delivery log):    \(delivered) 条，复制 \(delivered)，核对 \(delivered)/\(delivered)"), "\(first.stdout)")
            #expect(first.stdout.contains("copied and verified"))

            let store = try PostgresStateStore(configuration: PostgresStateConfiguration(url: url), logger: quiet)
            #expect(try store.claimedKeys() == sent.map(\.key))
            let copied = try store.trail()
            #expect(copied.map(\.by) == ["甲", "乙"])
            #expect(copied.map(\.note) == trail.map(\.note))
            #expect(copied.map(\.at) == trail.map(\.at))
            #expect(copied.map(\.fingerprint) == trail.map(\.fingerprint))
            #expect(copied.map(\.action) == trail.map(\.action))
            #expect(try store.deliveries().count == Int(delivered))
            #expect(try store.lastRun(command: "serve") == sqlite.lastRun(command: "serve"))

            let second = try Self.xianqi(dir, ["state", "migrate", "--to", url])
            #expect(second.status == 0, "\(second.output)")
            #expect(second.stdout.contains("nothing copied"), "\(second.stdout)")
            #expect(second.stdout.contains("复制 0，核对 \(sent.count)/\(sent.count)"), "\(second.stdout)")
            #expect(try store.trail().count == 2)
            #expect(try store.claimedKeys().count == sent.count)

            // The hosts switched: the commands read the migrated trail from the server.
            let switched = try Self.workspace(state: "state = \"\(url)\"")
            let history = try Self.xianqi(switched, ["history", "GX-1", "--format", "csv"])
            #expect(history.status == 0 && history.stdout.contains(",甲,"), "\(history.output)")
        }
    }

    /// A server whose trail already holds entries recorded there: appending older ones after
    /// them would change which holds, so nothing is copied.
    @Test func migrateRefusesAServerThatAlreadyHasItsOwnTrail() async throws {
        try await onThread {
            let url = try PostgresServer.shared().freshDatabase()
            let onServer = try Self.workspace(state: "state = \"\(url)\"")
            #expect(try Self.xianqi(onServer, ["done", "GX-2", "--by", "丙"]).status == 0)
            let dir = try Self.workspace()
            #expect(try Self.xianqi(dir, ["done", "GX-1", "--by", "甲"]).status == 0)
            let run = try Self.xianqi(dir, ["state", "migrate", "--to", url])
            #expect(run.status == 2)
            #expect(run.stderr.contains("error: --to: ") && run.stderr.contains("nothing was copied"), "\(run.stderr)")
            let store = try PostgresStateStore(configuration: PostgresStateConfiguration(url: url), logger: quiet)
            #expect(try store.trail().map(\.by) == ["丙"])
        }
    }

    @Test func migrateWithoutAStateDatabaseIsRefused() throws {
        let dir = try Self.workspace()
        let url = try PostgresServer.shared().url(database: "never_made")
        let run = try Self.xianqi(dir, ["state", "migrate", "--to", url])
        #expect(run.status == 2)
        #expect(run.stderr.contains("state.sqlite: 没有可迁移的状态数据库 (no state database to migrate)"), "\(run.stderr)")
    }
}
