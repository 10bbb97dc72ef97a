import ArgumentParser
import ChineseDates
import Daemon
import Digest
import Ledger
import Mail
import Notify
import Schedule
import Tabular
import Workspace

/// Every exit status of `xianqi`, and the one map from a module's error to its status.
///
/// Scripts rely on these (`xianqi overdue || page-someone`), so one table decides them: a
/// command that lets an error escape gets the status of ``of(_:)``, and the table printed by
/// `xianqi --help` and README is ``table``. Statuses 64, 69 and 75 are sysexits(3), as
/// swift-argument-parser and sendmail use them.
enum ExitStatus: Int32, CaseIterable, Sendable {
    /// Done, and nothing to report.
    case success = 0
    /// Done, and the answer is "yes": something is overdue, a ledger has problems, an id is
    /// unknown or an override refused.
    case found = 1
    /// An input or the state could not be used: the configuration, a ledger, a report, the
    /// state database, the spool, the journal.
    case failure = 2
    /// A malformed command line (EX_USAGE): an unknown option or command, a bad date.
    case usage = 64
    /// `flush`: some messages were given up or set aside (EX_UNAVAILABLE).
    case unavailable = 69
    /// Try again later (EX_TEMPFAIL): `flush` left messages queued, `serve --once` left due
    /// events pending.
    case temporaryFailure = 75

    var code: ExitCode { ExitCode(rawValue) }

    /// What the status means, for `--help` and README.
    var meaning: String {
        switch self {
        case .success: "done; nothing overdue, nothing wrong"
        case .found: "done, and found something: overdue items, ledger problems, an unknown id, a refused override"
        case .failure: "an input or the state could not be used (configuration, ledger, report, state database, spool, journal)"
        case .usage: "a malformed command line: unknown option or command, a bad date"
        case .unavailable: "flush: messages given up or set aside"
        case .temporaryFailure: "try again later: flush left mail queued, serve --once left due events pending"
        }
    }

    /// The status for an error that escapes a command's `run()`. swift-argument-parser's own
    /// (`ExitCode`, `CleanExit`, `ValidationError`) keep theirs; every other error, named here
    /// or not (a GRDB or Foundation error), means an input or the state could not be used.
    static func of(_ error: any Error) -> ExitStatus {
        switch error {
        case let code as ExitCode:
            ExitStatus(rawValue: code.rawValue) ?? .failure
        case is ValidationError:
            .usage
        case is LookupError, is OverrideRefusal:
            .found
        case is ConfigurationError, is LedgerReadError, is TabularError, is ReportFile.ReadError,
             is StateError, is MailError, is JournalError, is NotifyError,
             is DigestError, is DigestSettingsError, is ReminderSettingsError, is HolidayFileError,
             is WorkdayCalendarError, is DaemonError, is StateDirectoryLock.Failure:
            .failure
        default:
            .failure
        }
    }

    /// Whether swift-argument-parser reports `error` itself (help, version, usage, a thrown
    /// `ExitCode`) rather than xianqi printing it. `--help` reaches `run()` as its internal
    /// `CommandError`, so its own module is what tells.
    static func isArgumentParserError(_ error: any Error) -> Bool {
        error is ExitCode || error is CleanExit || error is ValidationError
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    /// The module errors and their status, in the order of ``of(_:)``: the table the tests check
    /// every pair of, and the root `--help` prints.
    static let errorTable: [(error: String, status: ExitStatus)] = [
        ("LookupError (Schedule: unknown id or milestone)", .found),
        ("OverrideRefusal (Schedule: done/reopen/extend refused)", .found),
        ("ConfigurationError (Workspace)", .failure),
        ("LedgerReadError (Ledger)", .failure),
        ("TabularError (Tabular)", .failure),
        ("ReportFile.ReadError (xianqi: extract, import)", .failure),
        ("StateError (Schedule: state database)", .failure),
        ("MailError (Mail: spool, delivery log, message)", .failure),
        ("JournalError, NotifyError (Notify)", .failure),
        ("DigestError, DigestSettingsError (Digest)", .failure),
        ("ReminderSettingsError, HolidayFileError (Schedule)", .failure),
        ("WorkdayCalendarError (ChineseDates)", .failure),
        ("DaemonError, StateDirectoryLock.Failure (Daemon)", .failure),
        ("any other error (GRDB, Foundation)", .failure),
        ("ValidationError, unknown command or option (swift-argument-parser)", .usage),
    ]

    /// The statuses and the error table, as the root `--help` shows them.
    static var helpText: String {
        var lines = ["Exit status (every command; each command's --help says which it uses):"]
        for status in allCases {
            lines.append("  \(String(status.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0))\(status.meaning)")
        }
        lines.append("")
        lines.append("An error that stops a command exits with its module's status:")
        for row in errorTable {
            lines.append("  \(String(row.status.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0))\(row.error)")
        }
        return lines.joined(separator: "\n")
    }
}
