import Foundation
import ProcessTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Faults a probe of the release build found in what the commands read and write: a YAML
/// alias bomb, addresses `check` accepted that the mail refused, spreadsheet formulas in CSV.
@Suite struct FaultTests {
    typealias Directory = LedgerCommandTests.Directory

    /// Nine levels of nine aliases: 9⁹ ≈ 387 million scalars from 350 bytes.
    static let billionLaughs: String = {
        var lines = [#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
            previous = name
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    /// Runs the binary under `prlimit --as` (an address-space limit) with a wall-clock bound,
    /// so that a regression fails this test in seconds instead of taking the host's memory.
    static func runBounded(_ arguments: [String], memory: Int, seconds: Int) throws -> (status: Int32, output: String, killed: Bool) {
        let run = try ChildProcess.run("/usr/bin/prlimit", ["--as=\(memory)", "--", XianqiProcess.binary] + arguments,
                                       timeout: .seconds(seconds))
        return (run.status, run.output, run.timedOut)
    }

    @Test func aYAMLAliasBombIsRefusedNamingFileAndLineBeforeItExpands() throws {
        #expect(Self.billionLaughs.utf8.count < 500)
        let dir = try Directory()
        try dir.write("bomb.yaml", Self.billionLaughs)
        let r = try Self.runBounded(["check", dir.path("bomb.yaml")], memory: 2 << 30, seconds: 30)
        #expect(!r.killed, "still expanding after 30 s")
        #expect(r.status == 1, "\(r.output)")
        #expect(r.output.contains(dir.path("bomb.yaml") + ":1:"), "\(r.output)")
        #expect(r.output.contains("YAML 别名"), "\(r.output)")
    }

    @Test func aYAMLLedgerWithoutAliasesStillReads() throws {
        let dir = try Directory()
        try dir.write("l.yaml", """
            measures:
              - id: "1"
                measure: 建立台账
                unit: 区财政局
                deadline: 2025年10月底前
              - {id: "2", measure: "x", unit: "y", deadline: "年底前"}
            """)
        let r = try CLITests.run(["check", "--as-of", "2024-11-21", dir.path("l.yaml")])
        #expect(!r.stdout.contains("YAML 别名"), "\(r.stdout)")
        #expect(r.stdout.contains("2 项措施"), "\(r.stdout)")
    }

    /// Addresses the ledger reader once accepted and the mail builder refused: a measure with
    /// one of them was neither sent nor claimed, on every run.
    @Test(arguments: [
        "x@-b.com", "a..b@b.com", ".a@b.com", String(repeating: "l", count: 65) + "@example.gov.cn",
        "czj@" + String(repeating: "d", count: 64) + ".cn", "czj@localhost", "czj@b-.com",
    ])
    func checkRefusesAnAddressTheMailWouldRefuse(address: String) throws {
        let dir = try Directory()
        try dir.write("l.csv", "序号,整改措施,责任单位,完成时限,联系邮箱\n1,建立台账,区财政局,2025-10-31,\(address)\n")
        let r = try CLITests.run(["check", "--as-of", "2024-11-21", dir.path("l.csv")])
        #expect(r.status == 1, "\(r.stdout)")
        #expect(r.stdout.contains("l.csv:2:5: error: 邮箱地址无效"), "\(r.stdout)")
        #expect(r.stdout.contains(address), "\(r.stdout)")
    }

    /// One mistyped address in `[units]` once stopped every command. Now it is left out: its
    /// unit keeps its other addresses, `overdue` still lists, `check` reports it as an error.
    @Test func aBadUnitAddressIsLeftOutAndReportedWithoutStoppingCommands() throws {
        let dir = try Directory()
        try dir.write("l.csv", "序号,整改措施,责任单位,完成时限\n1,建立台账,区财政局,2024-10-31\n2,修订制度,区教育局,2024-10-31\n")
        try dir.write("xianqi.toml", """
            ledgers = ["l.csv"]
            [units]
            "区财政局" = ["czj@example.gov.cn", "a..b@example.gov.cn"]
            "区教育局" = "jyj@example.gov.cn"
            """)
        let overdue = try CLITests.run(["overdue", "-c", dir.path("xianqi.toml"), "--as-of", "2024-11-21"])
        #expect(overdue.status == 1, "\(overdue.stderr)")
        #expect(overdue.stdout.contains("建立台账") && overdue.stdout.contains("修订制度"), "\(overdue.stdout)")
        #expect(overdue.stderr.contains("xianqi.toml:3: warning: units.区财政局: 邮箱地址无效，已略去"), "\(overdue.stderr)")
        #expect(overdue.stderr.contains("a..b@example.gov.cn"), "\(overdue.stderr)")

        let check = try CLITests.run(["check", "-c", dir.path("xianqi.toml"), "--as-of", "2024-11-21"])
        #expect(check.status == 1, "\(check.stdout)")
        #expect(check.stdout.contains("xianqi.toml:3: error: units.区财政局: 邮箱地址无效，已略去 (invalid email address, left out) “a..b@example.gov.cn”"), "\(check.stdout)")
    }

    /// The sample's worst unit had no address and got no mail, and `check` said nothing.
    @Test func checkWarnsOfOpenUnitsThatNoMailReaches() throws {
        let dir = try Directory()
        try dir.write("l.csv", """
            序号,整改措施,责任单位,完成时限,联系邮箱,完成情况
            1,建立台账,区财政局,2025-10-31,czj@example.gov.cn,
            2,修订制度,区教育局,2025-10-31,,
            3,清理欠款,区水务局,2025-10-31,,
            4,完成审计,区审计局,2024-10-31,,已完成
            """ + "\n")
        try dir.write("xianqi.toml", """
            ledgers = ["l.csv"]
            [units]
            "区水务局" = "swj@example.gov.cn"
            """)
        let r = try CLITests.run(["check", "-c", dir.path("xianqi.toml"), "--as-of", "2024-11-21"])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("warning: 以下责任单位没有邮箱，提醒只记入日志 (no mail address for these owner units; their reminders go to the journal only): 区教育局\n"), "\(r.stdout)")
        let strict = try CLITests.run(["check", "--strict", "-c", dir.path("xianqi.toml"), "--as-of", "2024-11-21"])
        #expect(strict.status == 1, "\(strict.stdout)")
    }

    @Test func checkAcceptsAGoodAddress() throws {
        let dir = try Directory()
        try dir.write("l.csv", "序号,整改措施,责任单位,完成时限,联系邮箱\n1,建立台账,区财政局,2025-10-31,zgb.czj@example.gov.cn\n")
        let r = try CLITests.run(["check", "--as-of", "2024-11-21", dir.path("l.csv")])
        #expect(r.status == 0, "\(r.stdout)")
    }

    // (A leading tab is trimmed by the ledger readers: CSVFormulaTests covers it.)
    @Test func stateCheckReportsASoundADamagedAndALostDatabase() throws {
        let dir = try Directory()
        let state = dir.path("state")
        try FileManager.default.createDirectory(atPath: state + "/mail/new", withIntermediateDirectories: true)
        let none = try CLITests.run(["state", "check", "--state-dir", state])
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stdout.contains("尚无状态数据库"))

        let database = state + "/state.sqlite"
        let python = try ChildProcess.run("/usr/bin/python3", ["-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute('CREATE TABLE override (seq INTEGER PRIMARY KEY)')
            c.execute('CREATE TABLE sent (key TEXT NOT NULL UNIQUE, v TEXT)')
            c.executemany('INSERT INTO sent VALUES (?, ?)', [('k%04d' % i, 'x' * 40) for i in range(400)])
            c.commit()
            root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_sent_1'").fetchone()[0]
            size = c.execute('PRAGMA page_size').fetchone()[0]
            c.close()
            print(root, size)
            """, database])
        let numbers = python.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let sound = try CLITests.run(["state", "check", "--state-dir", state])
        #expect(sound.status == 0, "\(sound.stderr)")
        #expect(sound.stdout.contains("正常"))

        let (root, size) = (try #require(numbers.first), try #require(numbers.last))
        let handle = try #require(FileHandle(forUpdatingAtPath: database))
        try handle.seek(toOffset: UInt64((root - 1) * size))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: size))
        try handle.close()
        let damaged = try CLITests.run(["state", "check", "--state-dir", state])
        #expect(damaged.status == 2)
        #expect(damaged.stderr.contains("状态数据库已损坏") && damaged.stderr.contains(database), "\(damaged.stderr)")

        try FileManager.default.removeItem(atPath: database)
        #expect(FileManager.default.createFile(atPath: state + "/mail/new/1.M1P1.host", contents: Data("x".utf8)))
        let lost = try CLITests.run(["state", "check", "--state-dir", state])
        #expect(lost.status == 2)
        #expect(lost.stderr.contains("状态数据库不存在"), "\(lost.stderr)")
        #expect(!FileManager.default.fileExists(atPath: database), "check creates nothing")
    }

    static let formulas = ["=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x.example\",\"点击\")", "@SUM(A1:A9)", "+1+2", "-2+3", "=1+1"]

    static func ledgerWithFormulas(_ dir: Directory) throws -> String {
        var toml = ""
        for (i, text) in formulas.enumerated() {
            toml += "[[measures]]\nid = \"F\(i + 1)\"\nmeasure = \(Self.tomlString(text))\nunit = \"区财政局\"\ndeadline = \"2025-10-31\"\n\n"
        }
        try dir.write("f.toml", toml)
        return dir.path("f.toml")
    }

    static func tomlString(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\t", with: "\\t") + "\""
    }

    /// The cells of a CSV text, by Python's csv module (an independent reader).
    static func cells(_ csvPath: String) throws -> [[String]] {
        let run = try ChildProcess.run("/usr/bin/python3", [
            "-c", "import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))))", csvPath])
        return try JSONDecoder().decode([[String]].self, from: Data(run.stdout.utf8))
    }

    @Test func convertToCSVNeutralisesFormulaCellsAndReadsThemBack() throws {
        let dir = try Directory()
        let toml = try Self.ledgerWithFormulas(dir)
        let c = try CLITests.run(["convert", toml, "-o", dir.path("f.csv")])
        #expect(c.status == 0, "\(c.stderr)")
        let cells = try Self.cells(dir.path("f.csv")).flatMap { $0 }
        for text in Self.formulas {
            #expect(cells.contains("'" + text), "\(text) not neutralised: \(cells)")
            #expect(!cells.contains(text), "\(text) written raw")
        }
        #expect(cells.contains("2025-10-31"))
        // Read back by xianqi, the cells are the ledger's text again.
        try dir.write("f.conf.toml", "ledgers = [\"f.csv\"]\ntoday = 2024-11-21\n")
        let list = try CLITests.run(["list", "-c", dir.path("f.conf.toml"), "--format", "json"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        for text in Self.formulas {
            let json = String(decoding: try encoder.encode(text), as: UTF8.self)
            #expect(list.stdout.contains(json), "\(text) did not read back: \(list.stdout)")
        }

        let raw = try CLITests.run(["convert", toml, "-o", dir.path("raw.csv"), "--raw-csv"])
        #expect(raw.status == 0, "\(raw.stderr)")
        let rawCells = try Self.cells(dir.path("raw.csv")).flatMap { $0 }
        for text in Self.formulas { #expect(rawCells.contains(text)) }
    }

    @Test func listAndOverdueAsCSVNeutraliseFormulaCellsButNotNegativeNumbers() throws {
        let dir = try Directory()
        _ = try Self.ledgerWithFormulas(dir)
        try dir.write("f.conf.toml", "ledgers = [\"f.toml\"]\ntoday = 2025-11-03\nstate_directory = \"state\"\n")
        for command in ["list", "overdue"] {
            let r = try CLITests.run([command, "-c", dir.path("f.conf.toml"), "--format", "csv"])
            try dir.write("\(command).csv", r.stdout)
            let cells = try Self.cells(dir.path("\(command).csv")).flatMap { $0 }
            for text in Self.formulas {
                #expect(cells.contains("'" + text), "\(command): \(text) not neutralised")
                #expect(!cells.contains(text), "\(command): \(text) written raw")
            }
            let raw = try CLITests.run([command, "-c", dir.path("f.conf.toml"), "--format", "csv", "--raw-csv"])
            try dir.write("\(command)-raw.csv", raw.stdout)
            let rawCells = try Self.cells(dir.path("\(command)-raw.csv")).flatMap { $0 }
            for text in Self.formulas { #expect(rawCells.contains(text), "\(command) --raw-csv: \(text)") }
        }
    }
}
