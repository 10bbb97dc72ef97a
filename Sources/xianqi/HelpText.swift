import ArgumentParser
import Foundation
import Glibc
import TextLayout

/// `--help` wrapped to the terminal in display columns.
///
/// Why not swift-argument-parser's own wrapping: it counts Characters, so a line of Chinese
/// (two columns a character) comes out up to twice the terminal's width, and it leaves a
/// long synopsis on one line. xianqi asks it for the help unwrapped (one line per paragraph,
/// option and synopsis) and breaks the lines itself with ``LineWrapping``: an option's or a
/// subcommand's text under its column, the synopsis under its first option, a table row
/// (`  64  a malformed command line`) under its text, anything else under its own indent.
enum HelpText {
    /// Wide enough that swift-argument-parser breaks no line.
    static let unwrapped = 100_000
    /// Where swift-argument-parser starts an option's or a subcommand's text.
    static let labelColumn = 26

    /// The message `error` asks for, with help screens wrapped to `width`; nil when the error
    /// is no request for help (a usage error, --version, completion scripts, dump-help).
    static func help(for error: any Error, width: Int) -> String? {
        guard Xianqi.exitCode(for: error) == .success else { return nil }
        let text = Xianqi.fullMessage(for: error, columns: unwrapped)
        guard text.hasPrefix("OVERVIEW: ") || text.hasPrefix("USAGE: ") else { return nil }
        return reflow(text, width: width)
    }

    /// Every line of `text` at most `width` display columns (but a word wider than a line).
    static func reflow(_ text: String, width: Int) -> String {
        paragraphs(text).flatMap { line -> [String] in
            if line.hasPrefix("USAGE: ") {
                return LineWrapping.wrap(line, width: width, hangingIndent: synopsisIndent(line), keepingBrackets: true)
            }
            return LineWrapping.wrap(line, width: width, hangingIndent: hangingIndent(line))
        }.joined(separator: "\n")
    }

    /// The lines of `text`, with the prose of the discussion (between the overview and the
    /// synopsis) joined into one line a paragraph: a source that wrapped its text by hand at
    /// another width would otherwise come out ragged. Indented lines (examples, tables) and
    /// blank lines stay as they are.
    static func paragraphs(_ text: String) -> [String] {
        var lines: [String] = []
        var inDiscussion = false
        var previousIsProse = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("USAGE: ") { inDiscussion = false }
            let isProse = inDiscussion && line.first.map { $0 != " " } ?? false
            if isProse && previousIsProse, let last = lines.popLast() {
                let tight = last.last.map { TextTable.displayWidth(String($0)) == 2 } ?? false
                    && line.first.map { TextTable.displayWidth(String($0)) == 2 } ?? false
                lines.append(last + (tight ? "" : " ") + line)
            } else {
                lines.append(line)
            }
            previousIsProse = isProse
            if line.hasPrefix("OVERVIEW: ") { inDiscussion = true }
        }
        return lines
    }

    /// `USAGE: xianqi state rebuild [--config …]` continues under `[--config`.
    static func synopsisIndent(_ line: String) -> Int {
        let words = line.split(separator: " ")
        let command = words.dropFirst().prefix { !($0.first.map { "[<-(".contains($0) } ?? true) }
        let indent = "USAGE: ".count + command.reduce(0) { $0 + $1.count + 1 }
        return indent <= 40 ? indent : "USAGE: ".count
    }

    /// Where a wrapped line goes on: under the text of a labelled row (an option, a subcommand,
    /// `  0   done`), else under the line's own start.
    static func hangingIndent(_ line: String) -> Int {
        let chars = Array(line)
        let leading = chars.prefix { $0 == " " }.count
        guard leading > 0, leading < labelColumn else { return leading }
        // A label, two or more spaces, then the text: the text's column.
        var i = leading
        while i < chars.count, chars[i] != " " || (i + 1 < chars.count && chars[i + 1] != " ") { i += 1 }
        var j = i
        while j < chars.count, chars[j] == " " { j += 1 }
        guard j - i >= 2, j < chars.count, chars[..<j].allSatisfy(\.isASCII) else { return leading + 2 }
        return j
    }

    /// Columns of the terminal help is for: `COLUMNS`, else standard output's window, else 80.
    static func terminalWidth(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if let text = environment["COLUMNS"], let n = Int(text), n > 0 { return n }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
