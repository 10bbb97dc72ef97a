import ChineseDates
import Foundation
import Ledger
import Schedule

/// Everything a command works on: the configuration, its ledgers as read (with their issues),
/// the working-day calendar, and the day it is.
///
///     let ws = try Workspace.load(configuration: "Config/xianqi.toml")
///     ws.measures.count
///     ws.problems   // every issue of every ledger, with file:line
public struct Workspace: Sendable {
    public let configuration: Configuration
    public let ledgers: [Ledger]
    /// Ledgers that could not be read at all, and patterns that matched no file.
    public let unreadable: [LedgerReadError]
    public let calendar: WorkdayCalendar
    /// Why the holiday file could not be used, if it could not (the calendar is then Monday–Friday).
    public let calendarProblem: String?
    public let today: CivilDate

    /// Reads the configuration and every ledger it names. A ledger that cannot be read is
    /// reported in `unreadable`; the others load.
    public static func load(configuration path: String, today: CivilDate? = nil, clock: Date = Date()) throws(ConfigurationError) -> Workspace {
        let config = try Configuration(contentsOf: path)
        return load(config, today: today, clock: clock)
    }

    public static func load(_ config: Configuration, today: CivilDate? = nil, clock: Date = Date()) -> Workspace {
        let day = today ?? config.today ?? CivilDate(clock, in: config.timeZone)
        let reader = LedgerReader(reference: config.reference ?? day)
        let (files, unmatched) = config.ledgerFiles()
        var ledgers: [Ledger] = []
        var unreadable = unmatched.map(unmatchedPattern(in: config))
        for (file, prefix) in files {
            do {
                ledgers.append(try readLedger(reader.read(contentsOf: file), prefix: prefix))
            } catch {
                unreadable.append(error)
            }
        }
        let (calendar, problem) = calendar(of: config)
        return Workspace(configuration: config, ledgers: ledgers, unreadable: unreadable,
                         calendar: calendar, calendarProblem: problem, today: day)
    }

    // The steps of `load`, for a caller that keeps ledgers between loads (the daemon reads
    // again only the files that changed).

    /// What `load` reports for a ledger pattern of `config` that matches no file.
    public static func unmatchedPattern(in config: Configuration) -> (String) -> LedgerReadError {
        { LedgerReadError(file: config.path, reason: "台账路径“\($0)”没有匹配的文件 (ledger pattern matches no file)") }
    }

    /// A ledger as read, with the prefix the configuration gives its ids.
    public static func readLedger(_ read: Ledger, prefix: String?) -> Ledger {
        var ledger = read
        if let prefix, !prefix.isEmpty {
            for i in ledger.measures.indices { ledger.measures[i].id = "\(prefix)-\(ledger.measures[i].id)" }
        }
        return ledger
    }

    /// The working-day calendar of the configuration's holiday file, or Monday–Friday and why.
    public static func calendar(of config: Configuration) -> (WorkdayCalendar, problem: String?) {
        do {
            return (try HolidayFile(contentsOfFile: config.holidayFilePath).calendar, nil)
        } catch {
            return (.plainWeekdays, error.description)
        }
    }

    /// The measure with unit addresses filled in from the configuration's `[units]` map where
    /// the ledger gives none (what ``measures`` holds).
    public static func withUnitAddresses(_ measure: Measure, from configuration: Configuration) -> Measure {
        var m = measure
        if m.unitEmail.isEmpty, let unit = m.unit, let addresses = configuration.unitEmails[unit] {
            m.unitEmail = addresses
        }
        return m
    }

    public init(configuration: Configuration, ledgers: [Ledger], unreadable: [LedgerReadError],
                calendar: WorkdayCalendar, calendarProblem: String?, today: CivilDate) {
        self.configuration = configuration
        self.ledgers = ledgers
        self.unreadable = unreadable
        self.calendar = calendar
        self.calendarProblem = calendarProblem
        self.today = today
    }

    /// All measures, with unit addresses filled in from the configuration's `[units]` map
    /// where the ledger gives none.
    public var measures: [Measure] {
        ledgers.flatMap(\.measures).map { Self.withUnitAddresses($0, from: configuration) }
    }

    /// Issues across ledgers: each ledger's own, and ids used twice (within or across ledgers).
    public var issues: [LedgerIssue] { Self.issues(of: ledgers) }

    /// One line per sheet or file whose measures have no deadline column, for commands to warn
    /// with (`check` reports them as errors among the ledger's issues).
    public var deadlineWarnings: [String] {
        ledgers.flatMap { ledger in
            ledger.missingDeadlines.map {
                "警告：\($0): 没有完成时限列（或 deadline 键），其中的措施不会到期，也不会有提醒 (warning: no deadline column or key: these measures never fall due); 详见 xianqi check"
            }
        }
    }

    /// The issues of `ledgers` read together: each ledger's own, and ids used twice.
    public static func issues(of ledgers: [Ledger]) -> [LedgerIssue] {
        var out = ledgers.flatMap(\.issues)
        // Where each id first occurs, not the measure: copying 100 000 measures into a
        // dictionary was a quarter of a daemon reload.
        var first: [String: SourcePosition] = [:]
        first.reserveCapacity(ledgers.reduce(0) { $0 + $1.measures.count })
        for ledger in ledgers {
            for m in ledger.measures {
                if let earlier = first[m.id] {
                    out.append(duplicateID(m, firstAt: earlier))
                } else {
                    first[m.id] = m.source
                }
            }
        }
        return out
    }

    /// The issue of a measure whose id an earlier one, at `first`, has already.
    public static func duplicateID(_ m: Measure, firstAt first: SourcePosition) -> LedgerIssue {
        LedgerIssue(.error, at: m.source, field: "序号", "编号“\(m.id)”重复，首次出现在 \(first) (duplicate id)",
                    suggestion: "每项措施的编号须唯一：办结、延期记录按编号保存；几个台账各自编号时，在配置中为台账设 prefix")
    }
}

extension CivilDate {
    /// The civil day an instant falls on in a time zone.
    public init(_ date: Date, in zone: TimeZone) {
        self = OfficeTime(zone: zone).day(of: date)
    }
}
