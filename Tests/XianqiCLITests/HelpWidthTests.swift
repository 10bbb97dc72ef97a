import Foundation
import ProcessTestSupport
import Testing
import TextLayout
@testable import xianqi

/// `--help` of every command fits an 80-column terminal in display columns (Chinese
/// characters take two), so that `man`-less servers and `xianqi … --help | less` read cleanly.
@Suite struct HelpWidthTests {
    /// `xianqi PATH --help` on an 80-column terminal.
    static func help(_ path: [String]) throws -> CLITests.Run {
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "80"
        return try XianqiProcess.run(path + ["--help"], environment: environment)
    }

    /// The names in the SUBCOMMANDS section of a help screen.
    static func subcommands(in help: String) -> [String] {
        var names: [String] = []
        var inSection = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { inSection = true; continue }
            guard inSection else { continue }
            if line.isEmpty || !line.hasPrefix(" ") { if !names.isEmpty { break } else { continue } }
            // A subcommand's line is "  name  abstract"; its text's continuations are indented further.
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
            let name = line.dropFirst(2).prefix { $0 != " " }
            if !name.isEmpty, name != "help" { names.append(String(name)) }
        }
        return names
    }

    /// Every command path, found from `xianqi --help` down: a new command is checked without
    /// being named here.
    static func commandPaths() throws -> [[String]] {
        var paths: [[String]] = [[]]
        var queue: [[String]] = [[]]
        while let path = queue.popLast() {
            let r = try help(path)
            for name in subcommands(in: r.stdout) {
                paths.append(path + [name])
                queue.append(path + [name])
            }
        }
        return paths
    }

    @Test func everyCommandIsFound() throws {
        let paths = try Self.commandPaths().map { $0.joined(separator: " ") }
        for expected in ["overdue", "upcoming", "state", "state check", "state rebuild", "board", "import", "convert", "check"] {
            #expect(paths.contains(expected), "\(expected) not found in \(paths)")
        }
    }

    @Test func everyHelpLineFitsEightyColumns() throws {
        for path in try Self.commandPaths() {
            let r = try Self.help(path)
            #expect(r.status == 0, "xianqi \(path.joined(separator: " ")) --help: \(r.stderr)")
            #expect(r.stdout.hasPrefix("OVERVIEW: "))
            for line in r.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
                let width = TextTable.displayWidth(String(line))
                #expect(width <= 80, "xianqi \(path.joined(separator: " ")) --help: \(width) columns: \(line)")
            }
        }
    }

    @Test func theHelpSubcommandIsWrappedToo() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "80"
        let r = try XianqiProcess.run(["help", "overdue"], environment: environment)
        #expect(r.status == 0)
        #expect(r.stdout == (try Self.help(["overdue"])).stdout)
    }

    @Test func aWideTerminalGetsLongerLines() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "160"
        let r = try XianqiProcess.run(["overdue", "--help"], environment: environment)
        let widths = r.stdout.split(separator: "\n").map { TextTable.displayWidth(String($0)) }
        #expect(widths.allSatisfy { $0 <= 160 })
        #expect(widths.contains { $0 > 80 })
    }

    @Test func wrappingLosesNoWord() throws {
        // The help as swift-argument-parser makes it unwrapped, and as xianqi wraps it: the same words.
        let unwrapped = Overdue.helpMessage(columns: HelpText.unwrapped)
        let wrapped = HelpText.reflow(unwrapped, width: 80)
        #expect(wrapped.filter { !$0.isWhitespace } == unwrapped.filter { !$0.isWhitespace })
    }

    @Test func versionAndDumpHelpAreNotTouched() throws {
        let version = try XianqiProcess.run(["--version"])
        #expect(version.stdout.hasPrefix("xianqi 0."))
        let dump = try XianqiProcess.run(["overdue", "--experimental-dump-help"])
        #expect(dump.stdout.hasPrefix("{"))
    }

    // MARK: LineWrapping

    @Test func chineseBreaksBetweenCharactersByDisplayWidth() {
        let lines = LineWrapping.wrap("截至今日逾期的整改措施按责任单位列出", width: 10, hangingIndent: 0)
        #expect(lines == ["截至今日逾", "期的整改措", "施按责任单", "位列出"])
    }

    @Test func noLineStartsWithAComma() {
        let lines = LineWrapping.wrap("一二三四，五六七八", width: 8, hangingIndent: 0)
        #expect(lines == ["一二三", "四，五六", "七八"])
        #expect(lines.allSatisfy { !$0.hasPrefix("，") })
    }

    @Test func noLineEndsWithAnOpeningParenthesis() {
        let lines = LineWrapping.wrap("一二三四五六（七八）", width: 14, hangingIndent: 0)
        #expect(lines == ["一二三四五六", "（七八）"])
    }

    @Test func latinWordsStayWhole() {
        let lines = LineWrapping.wrap("  --as-of DATE  Take this day as today 截至日期", width: 30, hangingIndent: 14)
        #expect(lines == ["  --as-of DATE  Take this day", "              as today", "              截至日期"])
    }

    @Test func aShortChineseTermInEnglishStaysWhole() {
        let lines = LineWrapping.wrap("List measures falling due soon (即将到期).", width: 36, hangingIndent: 0)
        #expect(lines == ["List measures falling due soon", "(即将到期)."])
    }

    @Test func aSynopsisBreaksBetweenBracketedOptions() {
        let lines = LineWrapping.wrap("USAGE: xianqi overdue [--config <xianqi.toml>] [--as-of <DATE>] [--unit <U>]",
                                      width: 52, hangingIndent: 22, keepingBrackets: true)
        #expect(lines == ["USAGE: xianqi overdue [--config <xianqi.toml>]", "                      [--as-of <DATE>] [--unit <U>]"])
    }

    @Test func optionTextContinuesUnderItsColumn() {
        #expect(HelpText.hangingIndent("  -c, --config <xianqi.toml>  The file") == 30)
        #expect(HelpText.hangingIndent("  64  a malformed command line") == 6)
        #expect(HelpText.hangingIndent("                          text under the option column") == 26)
        #expect(HelpText.synopsisIndent("USAGE: xianqi state rebuild [--config <f>]") == 28)
    }
}
