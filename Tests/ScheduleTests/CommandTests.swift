import Foundation
import ProcessTestSupport
import GRDB
import Schedule
import Testing

/// The built `xianqi` binary run as a user runs it, on a workspace in a temporary directory:
/// exit codes, output, and the faults of the state database.
@Suite struct CommandTests {
    typealias Run = ChildProcess.Run

    static var binary: String { XianqiProcess.binary }

    static let ledger = """
        title = "测试台账"
        reference = 2024-11-21

        [[measure]]
        id = "GX-1"
        measure = "推进XX项目建设"
        unit = "区建设发展局"
        owner = "张三"
        leader = "李副主任"
        deadline = "2024年10月底前"

        [[measure]]
        id = "GX-2"
        measure = "完善资金管理制度"
        unit = "区财政局"
        deadline = "2024年12月底前"

        [[measure.milestone]]
        action = "确定监理单位"
        deadline = "2024年11月15日"

        [[measure]]
        id = "GX-3"
        measure = "开展专项整治"
        unit = "区财政局"
        deadline = "长期坚持"
        """

    /// A workspace: xianqi.toml naming ledger.toml, the bundled holiday file, state in `state/`.
    struct Workspace: ~Copyable {
        let dir = TemporaryDirectory("xianqi-cli")
        var config: String { dir.file("xianqi.toml") }
        var state: String { dir.file("state") }

        init(ledger: String = CommandTests.ledger) throws {
            let holidays = repositoryRoot.appendingPathComponent("Config/holidays-cn.toml").path
            try dir.write("xianqi.toml", """
                ledgers = ["ledger.toml"]
                state_directory = "state"
                holidays = "\(holidays)"
                """)
            try dir.write("ledger.toml", ledger)
        }

        func run(_ arguments: [String], prefix: [String] = []) throws -> Run {
            try CommandTests.run(prefix + [CommandTests.binary] + arguments.prefix(1) + ["-c", config] + arguments.dropFirst())
        }

        func start(_ arguments: [String]) throws -> ChildProcess.Started {
            try CommandTests.start([CommandTests.binary] + arguments.prefix(1) + ["-c", config] + arguments.dropFirst())
        }
    }

    static func start(_ command: [String]) throws -> ChildProcess.Started {
        try ChildProcess.start(command[0], Array(command.dropFirst()))
    }

    static func finish(_ started: ChildProcess.Started) -> Run {
        started.finish()
    }

    static func run(_ command: [String]) throws -> Run {
        finish(try start(command))
    }

    // MARK: overdue

    @Test func overdueExitsZeroWhenNothingIsOverdueAndOneWhenSomethingIs() throws {
        let ws = try Workspace()
        let none = try ws.run(["overdue", "--as-of", "2024-10-31"])
        #expect(none.status == 0)
        #expect(none.stdout.contains("截至 2024-10-31 没有逾期事项"))
        let some = try ws.run(["overdue", "--as-of", "2024-11-21"])
        #expect(some.status == 1)
        #expect(some.stdout.contains("逾期 2 项 (2 overdue as of 2024-11-21)"))
    }

    @Test func overdueListsDaysInCalendarAndWorkingDaysWithOwnerAndLeader() throws {
        let ws = try Workspace()
        let r = try ws.run(["overdue", "--as-of", "2024-11-21", "--format", "csv"])
        #expect(r.status == 1)
        let lines = r.stdout.split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("\u{FEFF}编号,键,"))   // for people: a BOM and Chinese headers (--header en for these)
        #expect(lines[0].hasSuffix("逾期天数,逾期工作日"))
        #expect(lines[1].hasPrefix("GX-1,GX-1,GX-1,,推进XX项目建设,区建设发展局,张三,李副主任,,2024-10-31,,false,in-progress,"))
        #expect(lines[1].hasSuffix(",21,15"))
        #expect(lines[2].hasPrefix("GX-2#1,GX-2@确定监理单位,GX-2,1,确定监理单位,区财政局,"))
        #expect(lines[2].hasSuffix(",6,4"))
    }

    @Test func overdueJSONHasTheCountAndTheItems() throws {
        let ws = try Workspace()
        let r = try ws.run(["overdue", "--as-of", "2024-11-21", "--format", "json", "--unit", "建设发展局"])
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["count"] as? Int == 1)
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.first?["id"] as? String == "GX-1")
        #expect(items.first?["days_overdue"] as? Int == 21)
        #expect(items.first?["workdays_overdue"] as? Int == 15)
        #expect(items.first?["leader"] as? String == "李副主任")
    }

    @Test func overdueTableColumnsLineUpWithChineseText() throws {
        let ws = try Workspace()
        let r = try ws.run(["overdue", "--as-of", "2024-11-21"])
        let lines = r.stdout.split(separator: "\n").map(String.init).prefix(4)
        // Every row's 完成时限 column starts at the same terminal column.
        let starts = lines.filter { !$0.hasPrefix("-") }.compactMap { line -> Int? in
            guard let range = line.range(of: "2024-") ?? line.range(of: "完成时限") else { return nil }
            return Self.columns(String(line[..<range.lowerBound]))
        }
        #expect(starts.count == 3)
        #expect(Set(starts).count == 1)
    }

    @Test func overdueHelpDocumentsTheExitStatus() throws {
        let r = try Self.run([Self.binary, "overdue", "--help"])
        #expect(r.stdout.contains("Exit status: 0 nothing is overdue; 1 something is overdue; 2 an error"))
    }

    @Test func aBrokenConfigurationExitsTwo() throws {
        let ws = try Workspace()
        try ws.dir.write("xianqi.toml", "[reminders]\nlead_times = \"soon\"\n")
        let r = try ws.run(["overdue"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("xianqi.toml:2: reminders.lead_times"))
    }

    @Test func aLedgerThatCannotBeReadExitsTwoAndSaysWhich() throws {
        let ws = try Workspace()
        try ws.dir.write("xianqi.toml", "ledgers = [\"ledger.toml\", \"missing.csv\"]\nstate_directory = \"state\"\n")
        let r = try ws.run(["overdue", "--as-of", "2024-11-21"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("missing.csv"))
        #expect(r.stdout.contains("GX-1"))
    }

    @Test func upcomingLooksAheadInWorkingDays() throws {
        let ws = try Workspace()
        let r = try ws.run(["upcoming", "--as-of", "2024-11-10", "--within", "5workdays", "--format", "csv"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("GX-2#1,GX-2@确定监理单位"))
        #expect(r.stdout.hasSuffix(",5,5\r\n"))
        let bad = try ws.run(["upcoming", "--within", "soon"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--within"))
    }

    // MARK: done, extend, reopen, history

    @Test func twoDoneProcessesAtOnceBothLandInTheTrail() throws {
        let ws = try Workspace()
        let started = try [["done", "GX-1", "--by", "甲"], ["done", "GX-2#1", "--by", "乙"],
                           ["done", "GX-1", "--by", "丙"], ["done", "GX-2", "--by", "丁"]].map { try ws.start($0) }
        let runs = started.map(Self.finish)
        for r in runs { #expect(r.status == 0, "\(r.stderr)") }
        let trail = try #require(try StateStore.existing(in: ws.state)).trail()
        #expect(trail.count == 4)
        #expect(Set(trail.map(\.by)) == ["甲", "乙", "丙", "丁"])
        #expect(Set(trail.map(\.itemKey)) == ["GX-1", "GX-2@确定监理单位", "GX-2"])
        let after = try ws.run(["overdue", "--as-of", "2025-02-01"])
        #expect(after.status == 0)
    }

    @Test func doneRecordsTheOSUserUnlessToldOtherwise() throws {
        let ws = try Workspace()
        let r = try ws.run(["done", "GX-1", "--note", "已通过验收"])
        #expect(r.status == 0)
        let user = String(cString: getpwuid(getuid()).pointee.pw_name)
        #expect(r.stdout.contains("GX-1 办结 (done) — \(user)"))
        let trail = try #require(try StateStore.existing(in: ws.state)).trail()
        #expect(trail.map(\.note) == ["已通过验收"])
        #expect(trail.first?.fingerprint == "status=in-progress;due=2024-10-31")
    }

    @Test func anUnknownIdIsRefusedWithCloseIds() throws {
        let ws = try Workspace()
        let r = try ws.run(["done", "GX-11"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("没有编号为“GX-11”的措施 (no measure with id GX-11)"))
        #expect(r.stderr.contains("did you mean): GX-1"))
        let milestone = try ws.run(["extend", "GX-2#4", "--to", "2025-01-01", "--reason", "x"])
        #expect(milestone.status == 1)
        #expect(milestone.stderr.contains("GX-2#1 确定监理单位 (2024-11-15)"))
    }

    @Test func extendingToADayBeforeTodayIsRefusedAndNothingIsRecorded() throws {
        let ws = try Workspace()
        let r = try ws.run(["extend", "GX-1", "--to", "2024-11-20", "--reason", "材料未齐", "--as-of", "2024-11-21"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("不能把 GX-1 延期到今天之前：2024-11-20 早于 2024-11-21"))
        #expect(try StateStore(directory: ws.state).trail().isEmpty)
    }

    @Test func anExtensionShowsTheOriginalDeadlineAndStopsOverdue() throws {
        let ws = try Workspace()
        let r = try ws.run(["extend", "GX-1", "--to", "2024-12-31", "--reason", "设计变更", "--as-of", "2024-11-21"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("2024-10-31 → 2024-12-31"))
        #expect(try ws.run(["overdue", "--as-of", "2024-11-21", "--unit", "建设"]).status == 0)
        let later = try ws.run(["overdue", "--as-of", "2025-01-02", "--unit", "建设"])
        #expect(later.status == 1)
        #expect(later.stdout.contains("2024-12-31 (原 2024-10-31)"))
    }

    @Test func reopenIsRefusedForAnOpenItem() throws {
        let ws = try Workspace()
        let r = try ws.run(["reopen", "GX-1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("未办结，无需重新打开"))
    }

    @Test func historyShowsTheOverrideAndThatTheLedgerWonAfterItChanged() throws {
        let ws = try Workspace()
        #expect(try ws.run(["done", "GX-1", "--by", "张三", "--note", "验收通过"]).status == 0)
        #expect(try ws.run(["overdue", "--as-of", "2024-11-21", "--unit", "建设"]).status == 0)
        // The ledger moves GX-1's deadline: the done no longer holds.
        try ws.dir.write("ledger.toml", Self.ledger.replacingOccurrences(of: "2024年10月底前", with: "2024年11月15日前"))
        let overdue = try ws.run(["overdue", "--as-of", "2024-11-21", "--unit", "建设"])
        #expect(overdue.status == 1)
        let history = try ws.run(["history", "GX-1", "--format", "csv"])
        #expect(history.status == 0)
        #expect(history.stdout.contains(",GX-1,GX-1,done,,2024-10-31,张三,"))
        #expect(history.stdout.contains("验收通过,status=in-progress;due=2024-10-31,superseded"))
        let table = try ws.run(["history", "GX-1"])
        #expect(table.stdout.contains("台账已变更，以台账为准"))
    }

    @Test func aRunEarlierThanTheLastRecordedOneWarns() throws {
        let ws = try Workspace()
        #expect(try ws.run(["done", "GX-1", "--as-of", "2024-11-25"]).status == 0)
        let r = try ws.run(["done", "GX-2", "--as-of", "2024-11-21"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("早于上次记录的运行日期 2024-11-25"))
        #expect(try StateStore(directory: ws.state).trail().count == 2)
    }

    // MARK: Faults of the state database

    @Test func aDamagedDatabaseGivesAClearMessageAndIsLeftAsItIs() throws {
        let ws = try Workspace()
        try FileManager.default.createDirectory(atPath: ws.state, withIntermediateDirectories: true)
        let path = (ws.state as NSString).appendingPathComponent(StateStore.fileName)
        let garbage = Data(repeating: 0x42, count: 8192)
        try garbage.write(to: URL(fileURLWithPath: path))
        let done = try ws.run(["done", "GX-1"])
        #expect(done.status == 2)
        #expect(done.stderr.contains("状态数据库已损坏 (the state database is damaged) \(path)"))
        let overdue = try ws.run(["overdue"])
        #expect(overdue.status == 2)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func aLockedDatabaseWaitsThenSaysSoAndRecordsNothing() throws {
        let ws = try Workspace()
        #expect(try ws.run(["done", "GX-2#1"]).status == 0)
        let (r, overdue) = try whileWriteLocked((ws.state as NSString).appendingPathComponent(StateStore.fileName)) {
            // Reading goes on meanwhile.
            (try ws.run(["done", "GX-1"]), try ws.run(["overdue", "--as-of", "2024-11-21"]))
        }
        #expect(r.status == 2)
        #expect(r.stderr.contains("被另一个 xianqi 进程写入") && r.stderr.contains("nothing was recorded"))
        #expect(overdue.status == 1)
        #expect(try StateStore(directory: ws.state).trail().map(\.itemKey) == ["GX-2@确定监理单位"])
    }

    @Test func aReadOnlyStateDirectoryRefusesWritesAndStillReads() throws {
        let ws = try Workspace()
        #expect(try ws.run(["done", "GX-1", "--by", "张三"]).status == 0)
        let state = ws.state
        // As root, permission bits do not stop writes: mount the directory read-only in a
        // private mount namespace of the child (unshare), as a read-only file system would be.
        let prefix: [String]
        if getuid() == 0 {
            prefix = ["/usr/bin/unshare", "-m", "--propagation", "private", "/bin/sh", "-c",
                      "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && shift && exec \"$@\"", state, "--"]
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: state)
            prefix = []
        }
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: state) }
        let done = try ws.run(["done", "GX-2"], prefix: prefix)
        #expect(done.status == 2, "\(done.stderr)")
        #expect(done.stderr.contains("状态目录不可写 (the state directory is read-only) \(state)"))
        let overdue = try ws.run(["overdue", "--as-of", "2024-11-21", "--format", "csv"], prefix: prefix)
        #expect(overdue.status == 1, "\(overdue.stderr)")
        #expect(!overdue.stdout.contains("GX-1,"))        // the recorded done still holds
        #expect(overdue.stdout.contains("GX-2#1,"))
        #expect(try StateStore(directory: state).trail().count == 1)
    }

    /// Terminal columns of a text (wide characters count two).
    static func columns(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            let v = u.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            return n + (wide ? 2 : 1)
        }
    }
}

/// The ledgers are read on every run: an edit shows at once, and nothing is cached in the state directory.
@Suite struct LedgerRereadCommandTests {
    @Test func anEditedLedgerIsReadAgain() throws {
        let ws = try CommandTests.Workspace()
        let first = try ws.run(["overdue", "--as-of", "2024-11-21", "--format", "csv"])
        #expect(first.stdout.contains("GX-1,"))
        let second = try ws.run(["overdue", "--as-of", "2024-11-21", "--format", "csv"])
        #expect(second.stdout == first.stdout)
        try ws.dir.write("ledger.toml", CommandTests.ledger.replacingOccurrences(of: "2024年10月底前", with: "2024年12月底前"))
        let edited = try ws.run(["overdue", "--as-of", "2024-11-21", "--format", "csv"])
        #expect(!edited.stdout.contains("GX-1,"))
        #expect(edited.stdout.contains("GX-2#1,"))
        let cache = (ws.state as NSString).appendingPathComponent("cache")
        #expect(!FileManager.default.fileExists(atPath: cache))
    }
}

/// The JSON of `upcoming` and `history`, the shapes scripts read.
@Suite struct ScheduleJSONTests {
    @Test func upcomingJSONHasTheSpanAndDaysLeft() throws {
        let ws = try CommandTests.Workspace()
        let r = try ws.run(["upcoming", "--as-of", "2024-11-10", "--within", "2w", "--format", "json"])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["as_of"] as? String == "2024-11-10")
        #expect(object["through"] as? String == "2024-11-24")
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.map { $0["key"] as? String } == ["GX-2@确定监理单位"])
        #expect(items.first?["days_left"] as? Int == 5)
        #expect(items.first?["workdays_left"] as? Int == 5)
    }

    @Test func historyJSONListsEachEntryWithWhoWhenWhyAndStanding() throws {
        let ws = try CommandTests.Workspace()
        #expect(try ws.run(["extend", "GX-2#1", "--to", "2024-12-10", "--reason", "招标流标", "--by", "李四",
                            "--as-of", "2024-11-12"]).status == 0)
        let r = try ws.run(["history", "GX-2", "--format", "json"])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["item"] as? String == "GX-2@确定监理单位")
        #expect(entries.first?["action"] as? String == "extend")
        #expect(entries.first?["new_due"] as? String == "2024-12-10")
        #expect(entries.first?["previous_due"] as? String == "2024-11-15")
        #expect(entries.first?["by"] as? String == "李四")
        #expect(entries.first?["note"] as? String == "招标流标")
        #expect(entries.first?["standing"] as? String == "in-effect")
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.map { $0["id"] as? String } == ["GX-2", "GX-2#1"])
        #expect(items.last?["due"] as? String == "2024-12-10")
        #expect(items.last?["original_due"] as? String == "2024-11-15")
    }
}
