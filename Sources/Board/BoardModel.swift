import ChineseDates
import Foundation
import Schedule

/// What the board shows: an item with its colour and the days left or overdue.
public struct BoardItem: Hashable, Sendable {
    public let item: ScheduleItem
    public let colour: Colour
    /// Calendar days from today to the deadline: negative when overdue; nil without a deadline.
    public let daysLeft: Int?
    /// Working days from today to the deadline, negative when overdue.
    public let workdaysLeft: Int?

    public init(item: ScheduleItem, colour: Colour, daysLeft: Int?, workdaysLeft: Int?) {
        self.item = item
        self.colour = colour
        self.daysLeft = daysLeft
        self.workdaysLeft = workdaysLeft
    }
}

/// The counts at the head of the board and of each unit's row.
public struct BoardCounts: Hashable, Sendable {
    public var red = 0
    public var yellow = 0
    public var blue = 0
    /// Items marked done (xianqi done) this week, Monday through today.
    public var doneThisWeek = 0
    /// Open items whose deadline an extension moved.
    public var extended = 0
    /// 长期坚持 measures (and rhythms without an end).
    public var longTerm = 0
    /// Items whose deadline has come (due before or on today): the denominator of the rate.
    public var dueSoFar = 0
    /// Of those, done on or before the deadline.
    public var doneOnTime = 0
    public var open = 0
    public var total = 0

    public init() {}

    /// 按期办结率: done on or before due ÷ due so far; nil when nothing is due yet.
    public var onTimeRate: Double? { dueSoFar == 0 ? nil : Double(doneOnTime) / Double(dueSoFar) }

    /// `87.5%`, or `—` when nothing is due yet.
    public var onTimeRateText: String {
        guard let r = onTimeRate else { return "—" }
        return String(format: "%.1f%%", r * 100)
    }
}

/// One owner unit on the board.
public struct UnitRow: Hashable, Sendable {
    public let unit: String
    public let counts: BoardCounts
    /// The unit's items, worst first (red most overdue first, then yellow, blue …, then by due).
    public let items: [BoardItem]
    /// Its worst open item, which orders the rows.
    public var worst: BoardItem? { items.first }
}

/// The board as of one day: the office's counts and one row per owner unit, worst first.
///
///     let board = BoardModel(agenda: agenda, today: today, calendar: calendar,
///                            reminders: settings, board: BoardSettings())
///     board.counts.red        // items overdue
///     board.units.first?.unit // the unit with the worst item
public struct BoardModel: Sendable {
    public let today: CivilDate
    /// Monday of today's week.
    public let weekStart: CivilDate
    public let counts: BoardCounts
    public let units: [UnitRow]
    /// Every item the board counts, worst first.
    public let items: [BoardItem]
    public let yellowWithin: Int
    /// The largest lead time of the office's policy, and its unit, for the page's rules.
    public let leadTime: Int
    public let leadUnit: ReminderPolicy.LeadUnit

    /// The name of the row for items with no owner unit.
    public static let noUnit = "（未填责任单位）"

    public init(agenda: Agenda, today: CivilDate, calendar: WorkdayCalendar, reminders: ReminderSettings,
                board: BoardSettings) {
        self.today = today
        self.weekStart = today.adding(days: -(today.weekday - 1))
        self.yellowWithin = board.yellowWithin
        self.leadTime = reminders.policy.leadTimes.max() ?? 0
        self.leadUnit = reminders.policy.leadUnit
        var all: [BoardItem] = []
        var byUnit: [String: [BoardItem]] = [:]
        var unitOrder: [String] = []
        var countsByUnit: [String: BoardCounts] = [:]
        var total = BoardCounts()
        let doneThisWeek = Self.doneEntries(agenda.trail, from: weekStart, through: today)
        for item in agenda.items where !item.coincidesWithMeasure {
            let policy = reminders.policy(category: item.category, unit: item.unit)
            let colour = Colour.of(item, today: today, calendar: calendar, policy: policy, yellowWithin: board.yellowWithin)
            let due = item.due
            let entry = BoardItem(item: item, colour: colour, daysLeft: due.map { $0.days(since: today) },
                                  workdaysLeft: due.map { calendar.workdays(from: today, to: $0) })
            let unit = item.unit ?? Self.noUnit
            if byUnit[unit] == nil { unitOrder.append(unit) }
            byUnit[unit, default: []].append(entry)
            all.append(entry)
            var c = countsByUnit[unit] ?? BoardCounts()
            Self.count(entry, today: today, doneThisWeek: doneThisWeek, into: &c)
            Self.count(entry, today: today, doneThisWeek: doneThisWeek, into: &total)
            countsByUnit[unit] = c
        }
        self.counts = total
        self.items = all.sorted(by: Self.worse)
        self.units = unitOrder.map { u in
            UnitRow(unit: u, counts: countsByUnit[u] ?? BoardCounts(), items: (byUnit[u] ?? []).sorted(by: Self.worse))
        }.sorted { a, b in
            switch (a.worst, b.worst) {
            case let (x?, y?) where Self.worse(x, y) != Self.worse(y, x): return Self.worse(x, y)
            default:
                if a.counts.red != b.counts.red { return a.counts.red > b.counts.red }
                if a.counts.yellow != b.counts.yellow { return a.counts.yellow > b.counts.yellow }
                return a.unit < b.unit
            }
        }
    }

    /// The row of a unit, by its exact name.
    public func unit(named name: String) -> UnitRow? { units.first { $0.unit == name } }

    /// Worse first: by colour, then the earlier deadline, then ledger order (stable sort keeps it).
    static func worse(_ a: BoardItem, _ b: BoardItem) -> Bool {
        if a.colour != b.colour { return a.colour < b.colour }
        switch (a.item.due, b.item.due) {
        case let (x?, y?) where x != y: return x < y
        case (_?, nil): return true
        default: return false
        }
    }

    /// Keys of items whose last entry this week is a `done` (and that are done now).
    static func doneEntries(_ trail: [OverrideEntry], from: CivilDate, through: CivilDate) -> [String: CivilDate] {
        var out: [String: CivilDate] = [:]
        for e in trail {
            if case .done = e.action, from <= e.asOf, e.asOf <= through { out[e.itemKey] = e.asOf }
        }
        return out
    }

    /// The day an item was marked done in the trail (the last `done` entry in effect), if any.
    static func doneDay(_ item: ScheduleItem) -> CivilDate? {
        item.overrides.last { if case .done = $0.action { true } else { false } }?.asOf
    }

    static func count(_ entry: BoardItem, today: CivilDate, doneThisWeek: [String: CivilDate], into c: inout BoardCounts) {
        let item = entry.item
        c.total += 1
        if item.isOpen { c.open += 1 }
        switch entry.colour {
        case .red: c.red += 1
        case .yellow: c.yellow += 1
        case .blue: c.blue += 1
        case .longTerm: c.longTerm += 1
        case .normal, .undated, .done: break
        }
        if item.done, doneThisWeek[item.reference.key] != nil { c.doneThisWeek += 1 }
        if item.isOpen, item.isExtended, item.due != nil { c.extended += 1 }
        // Due so far: the deadline in effect is today or earlier. On time: done, and marked done
        // on or before it (a ledger that says 已完成 without a recorded day counts as on time).
        if let due = item.due, due <= today {
            c.dueSoFar += 1
            if item.done, (doneDay(item).map { $0 <= due } ?? true) { c.doneOnTime += 1 }
        }
    }
}

