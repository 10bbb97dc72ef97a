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

    /// With `warnings` false the ledgers' issues hold only errors (for commands that count them).
    public static func load(_ config: Configuration, today: CivilDate? = nil, clock: Date = Date(),
                            warnings: Bool = true) -> Workspace {
        let day = today ?? config.today ?? CivilDate(clock, in: config.timeZone)
        let reader = LedgerReader(reference: config.reference ?? day, keepsWarnings: warnings)
        let (files, unmatched) = config.ledgerFiles()
        var ledgers: [Ledger] = []
        var unreadable = unmatched.map {
            LedgerReadError(file: config.path, reason: "台账路径“\($0)”没有匹配的文件 (ledger pattern matches no file)")
        }
        for (file, prefix) in files {
            do {
                var ledger = try reader.read(contentsOf: file)
                if let prefix, !prefix.isEmpty {
                    ledger.table.prefixIDs(with: prefix)
                }
                ledgers.append(ledger)
            } catch {
                unreadable.append(error)
            }
        }
        var calendar = WorkdayCalendar.plainWeekdays
        var problem: String?
        do {
            calendar = try HolidayFile(contentsOfFile: config.holidayFilePath).calendar
        } catch {
            problem = error.description
        }
        return Workspace(configuration: config, ledgers: ledgers, unreadable: unreadable,
                         calendar: calendar, calendarProblem: problem, today: day)
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
        ledgers.flatMap(\.measures).map { m in
            var m = m
            if m.unitEmail.isEmpty, let unit = m.unit, let addresses = configuration.unitEmails[unit] {
                m.unitEmail = addresses
            }
            return m
        }
    }

    /// Measure `row` of ledger `ledger`, with the unit's addresses from `[units]` as in ``measures``.
    public func measure(ledger: Int, row: Int) -> Measure {
        var m = ledgers[ledger].table[row]
        if m.unitEmail.isEmpty, let unit = m.unit, let addresses = configuration.unitEmails[unit] {
            m.unitEmail = addresses
        }
        return m
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
            let id = ledgers[ledger].table.id(i)
            out.append(LedgerIssue(.error, at: ledgers[ledger].table.source(i), field: "序号",
                                   "编号“\(id)”重复，首次出现在 \(earlier) (duplicate id)",
                                   suggestion: "每项措施的编号须唯一：办结、延期记录按编号保存；几个台账各自编号时，在配置中为台账设 prefix"))
        }
        return out
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
