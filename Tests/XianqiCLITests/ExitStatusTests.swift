import ArgumentParser
import ChineseDates
import Daemon
import Digest
import Foundation
import Ledger
import Mail
import Notify
import Schedule
import Tabular
import Testing
@testable import Workspace
@testable import xianqi

/// Swift Testing has an `ExitStatus` of its own (for exit tests).
typealias ExitStatus = xianqi.ExitStatus

/// The one map from errors to exit statuses: every module error and the status a script sees.
@Suite struct ExitStatusTests {
    /// One value of every error type a module throws, and its status.
    static let pairs: [(name: String, error: any Error & Sendable, status: ExitStatus)] = [
        ("LookupError", LookupError.unknownMeasure(input: "GX-99", suggestions: []), .found),
        ("OverrideRefusal", OverrideRefusal.notDone(item: "GX-1"), .found),
        ("ConfigurationError", ConfigurationError(path: "x.toml", line: 3, message: "bad"), .failure),
        ("LedgerReadError", LedgerReadError(file: "l.yaml", reason: "bad"), .failure),
        ("TabularError", TabularError.emptyFile(file: "l.csv"), .failure),
        ("ReportFile.ReadError", ReportFile.ReadError(path: "r.txt", reason: "no such file"), .failure),
        ("StateError", StateError.corrupted(path: "state.sqlite", detail: "page 3"), .failure),
        ("MailError", MailError.database("state.sqlite: locked"), .failure),
        ("JournalError", JournalError.emptyRecord, .failure),
        ("NotifyError", NotifyError.watchdogQueryFailed(errno: 22), .failure),
        ("DigestError", DigestError.noSender(configuration: "x.toml"), .failure),
        ("HolidayFileError", HolidayFileError.unreadable(path: "h.toml", reason: "gone"), .failure),
        ("DaemonError", DaemonError.system(call: "timerfd_create", errno: 24), .failure),
        ("StateDirectoryLock.Failure", StateDirectoryLock.Failure.held(path: "/var/lib/xianqi", pid: 4711), .failure),
        ("an unknown error", CocoaError(.fileReadNoSuchFile), .failure),
        ("ValidationError", ValidationError("--as-of: no such day"), .usage),
        ("ExitCode(75)", ExitCode(75), .temporaryFailure),
    ]

    @Test(arguments: pairs.indices)
    func eachErrorHasItsStatus(_ i: Int) {
        let pair = Self.pairs[i]
        #expect(ExitStatus.of(pair.error) == pair.status, "\(pair.name)")
    }

    @Test func theStatusesAreTheDocumentedOnes() {
        #expect(ExitStatus.allCases.map(\.rawValue) == [0, 1, 2, 64, 69, 75])
    }

    @Test func everyStatusAndEveryRowIsInTheRootHelp() {
        // The help wraps at the terminal's width: compare words, not lines.
        func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let help = words(Xianqi.helpMessage())
        for status in ExitStatus.allCases { #expect(help.contains("\(status.rawValue) " + words(status.meaning)), "\(status)") }
        for row in ExitStatus.errorTable { #expect(help.contains("\(row.status.rawValue) " + words(row.error)), "\(row.error)") }
    }

    @Test func readmeListsEveryStatus() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        for status in ExitStatus.allCases { #expect(text.contains("| \(status.rawValue) | \(status.meaning) |"), "\(status)") }
    }

    /// extract exited 1 (swift-argument-parser's default) where import exited 2 for a missing report.
    @Test(arguments: [["extract"], ["import"]])
    func extractAndImportAgreeOnAMissingReport(_ command: [String]) throws {
        let r = try CLITests.run(command + ["/nonexistent/report.txt"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("/nonexistent/report.txt"))
    }
}
