import CorpusTestSupport
import Foundation
import ProcessTestSupport
import Testing

/// Colour in `overdue` and `upcoming`: only on a terminal, off with NO_COLOR, `--color` to
/// decide. Each is run under a real pseudo-terminal (``PseudoTerminal``) and through pipes.
@Suite struct ColourTests {
    static let red = "\u{1B}[31m", yellow = "\u{1B}[33m", reset = "\u{1B}[0m"

    /// A ledger as of Thursday 2024-11-21: A1 overdue (red), B2 due Monday in 2 working days
    /// (yellow, within 3), C3 due in a month (no colour).
    static func office() throws -> TemporaryDirectory {
        let dir = TemporaryDirectory("terminal")
        try dir.write("xianqi.toml", """
            today = 2024-11-21
            state_directory = "state"
            holidays = "\(Corpus.repository.appendingPathComponent("Config/holidays-cn.toml").path)"
            ledgers = ["l.csv"]
            [board]
            yellow_within = 3
            """)
        try dir.write("l.csv", """
            编号,整改措施,责任单位,完成时限
            A1,修复道路,建设局,2024年11月20日
            B2,清理河道,水利局,2024年11月25日
            C3,完善制度,办公室,2024年12月20日

            """)
        return dir
    }

    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment.merge(extra) { $1 }
        return environment
    }

    /// The text without SGR escape codes.
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    // MARK: colour

    @Test func overdueRowsAreRedOnATerminal() throws {
        let dir = try Self.office()
        let r = try XianqiProcess.run(["overdue", "-c", dir.file("xianqi.toml")], terminal: .standardOutput, environment: Self.environment())
        #expect(r.status == 1)
        let row = r.terminal.split(separator: "\n").first { $0.contains("A1") }.map(String.init) ?? ""
        #expect(row.hasPrefix(Self.red) && row.hasSuffix(Self.reset), "\(row.debugDescription)")
    }

    @Test func rowsDueWithinTheYellowWindowAreYellow() throws {
        let dir = try Self.office()
        let r = try XianqiProcess.run(["upcoming", "-c", dir.file("xianqi.toml"), "--within", "60d"], terminal: .standardOutput,
                                      environment: Self.environment())
        #expect(r.status == 0)
        let lines = r.terminal.split(separator: "\n").map(String.init)
        #expect(lines.first { $0.contains("B2") }?.hasPrefix(Self.yellow) == true, "\(r.terminal.debugDescription)")
        #expect(lines.first { $0.contains("C3") }.map { !$0.contains("\u{1B}") } == true, "a month away: no colour")
    }

    @Test func theYellowWindowIsTheBoardsSetting() throws {
        let dir = try Self.office()
        let config = try String(contentsOfFile: dir.file("xianqi.toml"), encoding: .utf8)
        try dir.write("xianqi.toml", config.replacingOccurrences(of: "yellow_within = 3", with: "yellow_within = 1"))
        let r = try XianqiProcess.run(["upcoming", "-c", dir.file("xianqi.toml"), "--within", "60d", "--color", "always"])
        #expect(!r.stdout.contains(Self.yellow), "2 working days left is not within 1")
    }

    @Test func aPipeGetsNoColour() throws {
        let dir = try Self.office()
        let r = try XianqiProcess.run(["overdue", "-c", dir.file("xianqi.toml")], environment: Self.environment())
        #expect(r.status == 1)
        #expect(r.stdout.contains("A1"))
        #expect(!r.stdout.contains("\u{1B}"))
    }

    @Test(arguments: ["1", "true", "0"])
    func noColorSetToAnythingTurnsColourOff(_ value: String) throws {
        let dir = try Self.office()
        let r = try XianqiProcess.run(["overdue", "-c", dir.file("xianqi.toml")], terminal: .standardOutput,
                                      environment: Self.environment(["NO_COLOR": value]))
        #expect(r.terminal.contains("A1"))
        #expect(!r.terminal.contains("\u{1B}"))
    }

    @Test func anEmptyNoColorIsNoColorUnset() throws {
        let dir = try Self.office()
        let r = try XianqiProcess.run(["overdue", "-c", dir.file("xianqi.toml")], terminal: .standardOutput,
                                      environment: Self.environment(["NO_COLOR": ""]))
        #expect(r.terminal.contains(Self.red))
    }

    @Test func colorAlwaysColoursAPipeAndOverridesNoColor() throws {
        let dir = try Self.office()
        let r = try XianqiProcess.run(["overdue", "-c", dir.file("xianqi.toml"), "--color", "always"],
                                      environment: Self.environment(["NO_COLOR": "1"]))
        #expect(r.stdout.contains(Self.red))
    }

    @Test func colorNeverKeepsATerminalPlain() throws {
        let dir = try Self.office()
        let r = try XianqiProcess.run(["upcoming", "-c", dir.file("xianqi.toml"), "--within", "60d", "--color", "never"],
                                      terminal: .standardOutput, environment: Self.environment())
        #expect(r.terminal.contains("B2"))
        #expect(!r.terminal.contains("\u{1B}"))
    }

    @Test(arguments: [["overdue"], ["upcoming", "--within", "60d"]])
    func colourLeavesTheColumnsWhereTheyWere(_ command: [String]) throws {
        let dir = try Self.office()
        let coloured = try XianqiProcess.run(command + ["-c", dir.file("xianqi.toml"), "--color", "always"])
        let plain = try XianqiProcess.run(command + ["-c", dir.file("xianqi.toml"), "--color", "never"])
        #expect(coloured.stdout.contains("\u{1B}["))
        #expect(Self.plain(coloured.stdout) == plain.stdout)
    }

    @Test func jsonAndCSVNeverGetColour() throws {
        let dir = try Self.office()
        for format in ["json", "csv"] {
            let r = try XianqiProcess.run(["overdue", "-c", dir.file("xianqi.toml"), "--format", format, "--color", "always"])
            #expect(!r.stdout.contains("\u{1B}"), "\(format)")
        }
    }

    @Test func aBadColorValueIsAUsageError() throws {
        let r = try XianqiProcess.run(["overdue", "--color", "sometimes"])
        #expect(r.status == 64)
    }
}
