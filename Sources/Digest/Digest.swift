import ChineseDates
import Foundation
import Ledger
import Schedule

/// The weekly digest (整改周报) of the ledgers as they stand on one day: what is overdue, by owner
/// unit; what falls due soon; what was done, extended or reopened in the last week (from the
/// audit trail); the long-term and rhythm work; and counts per unit.
///
/// Pure: it reads the agenda (the ledgers with the trail applied), the day and the calendar,
/// and nothing else. Render it with ``DigestFormat/render(_:)``.
///
///     let agenda = Agenda(measures: workspace.measures, trail: try store.trail())
///     let digest = Digest(agenda: agenda, asOf: CivilDate("2024-11-21")!, calendar: calendar,
///                         timeZone: config.timeZone)
///     digest.counts.overdue          // 14
///     digest.overdue.first?.unit     // the unit with the item overdue longest
///     print(DigestFormat.html.render(digest))
public struct Digest: Sendable {
    /// The day the digest takes as today.
    public let asOf: CivilDate
    /// The calendar week holding ``asOf``: the digest's name and, with the recipient, its key.
    public let week: DigestWeek
    /// Which owner units it covers.
    public let scope: DigestScope
    /// How far ahead "due soon" looks (two weeks unless configured).
    public let lookAhead: LookAhead
    /// The last day of the look-ahead: items due from ``asOf`` through this day are listed.
    public let upcomingThrough: CivilDate
    /// The days whose trail entries are listed: the seven days before ``asOf`` and ``asOf``
    /// itself, so that a digest run every Monday at the same hour sees every entry.
    public let activityWindow: DayRange
    /// The office's time zone, for the instants of trail entries.
    public let timeZone: TimeZone
    /// Overdue items by owner unit: the unit with the item overdue longest first; inside a
    /// unit, most days overdue first, then ledger order.
    public let overdue: [OverdueGroup]
    /// Open items due from ``asOf`` through ``upcomingThrough``, soonest first.
    public let upcoming: [UpcomingItem]
    /// Trail entries (done, extended, reopened) recorded in ``activityWindow``, by the day
    /// recorded, then in the order recorded.
    public let activity: [DigestActivity]
    /// Open measures with no end date (长期坚持), in ledger order.
    public let ongoing: [ScheduleItem]
    /// Open measures with a rhythm and no due date (日报告、周汇总、月调度), in ledger order.
    public let cadence: [ScheduleItem]
    /// Counts per owner unit, in the order of ``overdue``, then units with nothing overdue by name.
    public let units: [UnitSummary]
    /// The totals.
    public let counts: DigestCounts
    /// Warnings the reader should see at the top (a ledger that could not be read, a holiday
    /// file that does not cover the dates): the caller adds them.
    public var notes: [String]
    /// How many items of each owner unit the overdue, due-soon, activity and rhythm lists show;
    /// the rest are counted, with a link to the unit's board page (``boardURL``). nil: all.
    /// A digest of 100 000 measures would otherwise be a 36 MB message no mail server takes.
    public var listLimit: Int?
    /// The office board (`xianqi board`), for "the rest" links: `https://zgb.example.gov.cn/board`.
    public var boardURL: String?
    /// How many units the per-unit table shows (the worst first; the total row counts all):
    /// set only when even counts alone would be over a message's size. nil: all.
    public var unitLimit: Int?

    /// How many days before ``asOf`` the activity window starts.
    public static let activityDays = 7

    /// The digest of `agenda` on `asOf`.
    ///
    /// - Parameters:
    ///   - calendar: working days, for the working-day counts.
    ///   - timeZone: the office's, for the times of trail entries.
    ///   - lookAhead: how far ahead "due soon" looks.
    ///   - scope: the owner units covered.
    public init(agenda: Agenda, asOf: CivilDate, calendar: WorkdayCalendar, timeZone: TimeZone,
                lookAhead: LookAhead = .weeks(2), scope: DigestScope = .all, notes: [String] = []) {
        self.asOf = asOf
        self.week = DigestWeek(containing: asOf)
        self.scope = scope
        self.lookAhead = lookAhead
        self.timeZone = timeZone
        self.notes = notes
        let through = lookAhead.lastDay(after: asOf, calendar: calendar)
        upcomingThrough = through
        activityWindow = DayRange(start: asOf.adding(days: -Self.activityDays), end: asOf)

        let overdueItems = agenda.overdue(asOf: asOf, calendar: calendar, unit: scope.agendaFilter)
            .filter { scope.includes($0.item.unit) }
        overdue = OverdueGroup.grouping(overdueItems)
        upcoming = agenda.upcoming(asOf: asOf, through: through, calendar: calendar, unit: scope.agendaFilter)
            .filter { scope.includes($0.item.unit) }
        activity = DigestActivity.entries(of: agenda, in: activityWindow, scope: scope)

        var ongoing: [ScheduleItem] = []
        var cadence: [ScheduleItem] = []
        var tallies: [String?: UnitSummary] = [:]
        for item in agenda.items where !item.reference.isMilestone && scope.includes(item.unit) {
            tallies[item.unit, default: UnitSummary(unit: item.unit)].count(item)
            guard item.isOpen else { continue }
            switch item.timing {
            case .ongoing: ongoing.append(item)
            case .cadence: cadence.append(item)
            case .deadline, .undated: break
            }
        }
        for group in overdue {
            tallies[group.unit, default: UnitSummary(unit: group.unit)].overdue = group.items.count
            tallies[group.unit, default: UnitSummary(unit: group.unit)].maxDaysOverdue = group.maxDays
        }
        for u in upcoming { tallies[u.item.unit, default: UnitSummary(unit: u.item.unit)].upcoming += 1 }
        for a in activity { tallies[a.unit, default: UnitSummary(unit: a.unit)].changes += 1 }
        self.ongoing = ongoing
        self.cadence = cadence
        units = tallies.values.sorted(by: UnitSummary.reportOrder)
        counts = DigestCounts(units: units, overdueGroups: overdue.count, upcoming: upcoming.count, activity: activity)
    }

    /// The heading: `整改工作周报（2024年11月18日—24日）`, with the unit for a unit's digest.
    public var title: String {
        let name = scope.title.map { "\($0) " } ?? ""
        return "\(name)整改工作周报（\(week.chineseRange)）"
    }

    /// `两周内`, `14天内`, `10个工作日内`: how the look-ahead reads in a heading.
    public var lookAheadPhrase: String {
        switch lookAhead {
        case .weeks(2): "两周内"
        case .weeks(let n): "\(n)周内"
        case .days(let n): "\(n)天内"
        case .workdays(let n): "\(n)个工作日内"
        }
    }
}

/// Which owner units a digest covers.
public enum DigestScope: Hashable, Sendable {
    /// Every unit, and items with no unit.
    case all
    /// Exactly this owner unit: what a unit's own digest holds.
    case unit(String)
    /// Units whose name is or contains the text, as `--unit` means in every command.
    case unitsMatching(String)

    /// Whether an item of owner unit `unit` is in scope.
    public func includes(_ unit: String?) -> Bool {
        switch self {
        case .all: true
        case .unit(let name): unit == name
        case .unitsMatching(let text): text.isEmpty || (unit.map { $0 == text || $0.contains(text) } ?? false)
        }
    }

    /// The unit's name, or the text matched, for headings; nil for every unit.
    public var title: String? {
        switch self {
        case .all: nil
        case .unit(let name): name
        case .unitsMatching(let text): text.isEmpty ? nil : "“\(text)”相关单位"
        }
    }

    /// What `Agenda.overdue(unit:)` narrows by (a containing match, refined by ``includes(_:)``).
    var agendaFilter: String? {
        switch self {
        case .all: nil
        case .unit(let name): name
        case .unitsMatching(let text): text
        }
    }
}

/// The overdue items of one owner unit, most days overdue first.
public struct OverdueGroup: Hashable, Sendable {
    /// The owner unit; nil for items whose ledger row names none.
    public let unit: String?
    public let items: [OverdueItem]

    /// Calendar days overdue of the unit's oldest item.
    public var maxDays: Int { items.first?.days ?? 0 }

    /// Groups items listed most overdue first (as `Agenda.overdue` lists them), keeping that
    /// order inside each unit. Units are ordered by their oldest item, then by how many items
    /// are overdue, then by name; items with no unit come last among equals.
    static func grouping(_ items: [OverdueItem]) -> [OverdueGroup] {
        var order: [String?] = []
        var byUnit: [String?: [OverdueItem]] = [:]
        for o in items {
            if byUnit[o.item.unit] == nil { order.append(o.item.unit) }
            byUnit[o.item.unit, default: []].append(o)
        }
        let groups = order.map { OverdueGroup(unit: $0, items: byUnit[$0] ?? []) }
        return groups.sorted {
            if $0.maxDays != $1.maxDays { return $0.maxDays > $1.maxDays }
            if $0.items.count != $1.items.count { return $0.items.count > $1.items.count }
            return UnitSummary.nameOrder($0.unit, $1.unit)
        }
    }
}

/// One owner unit's counts. Measures are counted once each; overdue and upcoming count items
/// (a milestone overdue counts as one).
public struct UnitSummary: Hashable, Sendable {
    /// The owner unit; nil for rows that name none.
    public let unit: String?
    /// Measures in the ledgers.
    public var measures = 0
    /// Measures done, after overrides.
    public var measuresDone = 0
    /// Overdue items.
    public var overdue = 0
    /// Days overdue of the oldest overdue item; 0 when none is.
    public var maxDaysOverdue = 0
    /// Items due within the look-ahead.
    public var upcoming = 0
    /// Open measures with no end date (长期坚持).
    public var ongoing = 0
    /// Open measures with a rhythm (工作频次).
    public var cadence = 0
    /// Open measures with no date xianqi can use.
    public var undated = 0
    /// Trail entries in the activity window.
    public var changes = 0

    public init(unit: String?) {
        self.unit = unit
    }

    /// Something overdue, due soon, or recorded in the last week: what earns a unit a digest
    /// of its own.
    public var hasNews: Bool { overdue + upcoming + changes > 0 }

    mutating func count(_ measure: ScheduleItem) {
        measures += 1
        if measure.done {
            measuresDone += 1
            return
        }
        switch measure.timing {
        case .ongoing: ongoing += 1
        case .cadence: cadence += 1
        case .undated: undated += 1
        case .deadline: break
        }
    }

    /// Most days overdue first, then most items overdue, then by name (no unit last).
    static func reportOrder(_ a: UnitSummary, _ b: UnitSummary) -> Bool {
        if a.maxDaysOverdue != b.maxDaysOverdue { return a.maxDaysOverdue > b.maxDaysOverdue }
        if a.overdue != b.overdue { return a.overdue > b.overdue }
        return nameOrder(a.unit, b.unit)
    }

    /// By name in code-point order, which is stable across machines; no unit last.
    static func nameOrder(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case let (a?, b?): a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
        case (.some, nil): true
        case (nil, _): false
        }
    }
}

/// The digest's totals.
public struct DigestCounts: Hashable, Sendable {
    /// Measures in scope, and how many are done.
    public var measures: Int
    public var measuresDone: Int
    /// Overdue items, and the units they belong to.
    public var overdue: Int
    public var overdueUnits: Int
    /// Items due within the look-ahead.
    public var upcoming: Int
    /// Items marked done, extended, reopened in the activity window (each item once per action).
    public var done: Int
    public var extended: Int
    public var reopened: Int
    /// Open measures: 长期坚持, with a rhythm, with no usable date.
    public var ongoing: Int
    public var cadence: Int
    public var undated: Int

    init(units: [UnitSummary], overdueGroups: Int, upcoming: Int, activity: [DigestActivity]) {
        measures = units.reduce(0) { $0 + $1.measures }
        measuresDone = units.reduce(0) { $0 + $1.measuresDone }
        overdue = units.reduce(0) { $0 + $1.overdue }
        overdueUnits = overdueGroups
        self.upcoming = upcoming
        ongoing = units.reduce(0) { $0 + $1.ongoing }
        cadence = units.reduce(0) { $0 + $1.cadence }
        undated = units.reduce(0) { $0 + $1.undated }
        func items(_ kind: DigestActivity.Kind) -> Int {
            Set(activity.filter { $0.kind == kind }.map(\.entry.itemKey)).count
        }
        done = items(.done)
        extended = items(.extended)
        reopened = items(.reopened)
    }
}
