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
    public static func load(configuration path: String, today: CivilDate? = nil, clock: Date = Date(),
                            progress: (@Sendable (ReadProgress) -> Void)? = nil) throws(ConfigurationError) -> Workspace {
        let config = try Configuration(contentsOf: path)
        return load(config, today: today, clock: clock, progress: progress)
    }

    /// With `warnings` false the ledgers' issues hold only errors (for commands that count them);
    /// `progress` is told how each ledger's reading goes (``LedgerReader/progress``).
    public static func load(_ config: Configuration, today: CivilDate? = nil, clock: Date = Date(),
                            warnings: Bool = true, progress: (@Sendable (ReadProgress) -> Void)? = nil) -> Workspace {
        let day = today ?? config.today ?? CivilDate(clock, in: config.timeZone)
        let reader = LedgerReader(reference: config.reference ?? day, keepsWarnings: warnings, progress: progress)
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
        if let prefix, !prefix.isEmpty { ledger.table.prefixIDs(with: prefix) }
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
        withUnitAddresses(measure, from: configuration.unitEmails)
    }

    /// The same from a `[units]` map of unit names to addresses.
    public static func withUnitAddresses(_ measure: Measure, from unitEmails: [String: [String]]) -> Measure {
        var m = measure
        if m.unitEmail.isEmpty, let unit = m.unit, let addresses = unitEmails[unit] {
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

    /// Measure `row` of ledger `ledger`, with the unit's addresses from `[units]` as in ``measures``.
    public func measure(ledger: Int, row: Int) -> Measure {
        Self.withUnitAddresses(ledgers[ledger].table[row], from: configuration)
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
        for (ledger, i, earlier) in repeatedIDs(in: ledgers) {
            out.append(duplicateID(ledgers[ledger].table.id(i), at: ledgers[ledger].table.source(i), firstAt: earlier))
        }
        return out
    }

    /// The issue of a measure, at `position`, whose id an earlier one, at `first`, has already.
    public static func duplicateID(_ id: String, at position: SourcePosition, firstAt first: SourcePosition) -> LedgerIssue {
        LedgerIssue(.error, at: position, field: "序号", "编号“\(id)”重复，首次出现在 \(first) (duplicate id)",
                    suggestion: "每项措施的编号须唯一：办结、延期记录按编号保存；几个台账各自编号时，在配置中为台账设 prefix")
    }

    /// Each measure whose id an earlier measure (in this or an earlier ledger) already has:
    /// its ledger, its row, and where the id was first used. Within a ledger ids compare as
    /// pool ids; only ids seen in more than one ledger are made into strings.
    public static func repeatedIDs(in ledgers: [Ledger]) -> [(ledger: Int, row: Int, first: SourcePosition)] {
        var out: [(Int, Int, SourcePosition)] = []
        var seen: [String: SourcePosition] = [:]
        for (l, ledger) in ledgers.enumerated() {
            let table = ledger.table
            /// The row of this ledger that first has each id, or -1 when an earlier ledger has it.
            var firstRow: [UInt32: Int] = [:]
            var elsewhere: [UInt32: SourcePosition] = [:]
            firstRow.reserveCapacity(table.count)
            for i in table.indices {
                let id = table.idID(i)
                if let row = firstRow[id] {
                    out.append((l, i, row >= 0 ? table.source(row) : elsewhere[id] ?? table.source(i)))
                    continue
                }
                guard ledgers.count > 1 else {
                    firstRow[id] = i
                    continue
                }
                let text = table.poolString(id) ?? ""
                if let earlier = seen[text] {
                    out.append((l, i, earlier))
                    firstRow[id] = -1
                    elsewhere[id] = earlier
                } else {
                    seen[text] = table.source(i)
                    firstRow[id] = i
                }
            }
        }
        return out
    }
}

extension CivilDate {
    /// The civil day an instant falls on in a time zone.
    public init(_ date: Date, in zone: TimeZone) {
        self = OfficeTime(zone: zone).day(of: date)
    }
}
