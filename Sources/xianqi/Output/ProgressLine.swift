import ArgumentParser
import Foundation
import Glibc
import Ledger
import Synchronization

/// `-q`/`--quiet` of the commands that read large ledgers (check, convert, import).
struct ProgressOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "No progress line on standard error (shown only when it is a terminal).")
    var quiet = false

    /// The progress line: on standard error when it is a terminal and `--quiet` is not given.
    func line() -> ProgressLine {
        ProgressLine(enabled: !quiet && isatty(2) == 1)
    }
}

/// One line on standard error that says how a long read goes, rewritten in place (`\r`) at
/// most ten times a second and cleared when the work is done:
///
///     读取台账 台账.csv … 45 056 行 (45%)
///     读取台账 台账.xlsx 工作表 Sheet1 … 45 056 行 (45%)     (its XML parsed)
///     读取台账 台账.xlsx … 45 056/100 000 行                 (its rows read as measures)
///
/// Disabled, it writes nothing and gives readers no observer (``observer``), so that the
/// libraries count nothing.
final class ProgressLine: Sendable {
    private struct State {
        var last: ContinuousClock.Instant?
        var shown = false
    }

    let enabled: Bool
    private let state = Mutex(State())
    static let minimumInterval = Duration.milliseconds(100)

    init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Shows `text`, unless a line was shown less than a tenth of a second ago (`force`: show it anyway).
    func show(_ text: String, force: Bool = false) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let due = state.withLock { state -> Bool in
            if !force, let last = state.last, now - last < Self.minimumInterval { return false }
            state.last = now
            state.shown = true
            return true
        }
        // ESC[K clears what a longer line before left at the end.
        if due { Self.write("\r" + text + "\u{1B}[K") }
    }

    /// Removes the line, so that what follows starts on a clean one.
    func clear() {
        guard enabled else { return }
        let shown = state.withLock { state -> Bool in
            defer { state.shown = false; state.last = nil }
            return state.shown
        }
        if shown { Self.write("\r\u{1B}[K") }
    }

    /// An observer for ``LedgerReader/progress``; nil when disabled.
    var observer: (@Sendable (ReadProgress) -> Void)? {
        guard enabled else { return nil }
        return { [self] progress in show(Self.text(progress), force: progress.rows == 0) }
    }

    /// `读取台账 NAME … 45 000/100 000 行`, `… 45 000 行 (45%)`, or `读取台账 NAME …` at the start.
    static func text(_ p: ReadProgress) -> String {
        var text = "读取台账 \((p.path as NSString).lastPathComponent)"
        if let sheet = p.parsingSheet { text += " 工作表 \(sheet)" }
        text += " …"
        guard p.rows > 0 else { return text }
        text += " " + grouped(p.rows)
        if let total = p.totalRows { text += "/" + grouped(total) }
        text += " 行"
        if p.totalRows == nil, let read = p.bytesRead, let total = p.totalBytes, total > 0 {
            text += " (\(min(read * 100 / total, 99))%)"
        }
        return text
    }

    /// `45 000`: thousands set apart by a space, as the progress line writes them.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(" ") }
            out.append(d)
        }
        return out
    }

    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}
