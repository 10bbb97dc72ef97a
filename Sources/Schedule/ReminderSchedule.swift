import ChineseDates
import Foundation
import Ledger

/// Turns items into the reminders and notices due over a period: pure, given the items, the
/// settings and the holiday calendar. It never reads the clock: callers pass days and instants.
///
///     let schedule = ReminderSchedule(agenda: agenda, settings: settings, calendar: calendar)
///     for event in schedule.events(from: today, through: today) {
///         if try store.claim(event, at: now) { send(event) }    // each key is sent once
///     }
///     let wake = schedule.nextWakeup(after: now)               // arm one timer
///
/// Rules (docs/reminders.md): for an open item with a deadline, reminders at the lead times
/// (calendar or working days), a notice on the due day, overdue notices daily and then at a
/// longer interval, and an escalation that copies the leader; for a cadence measure,
/// report-due reminders for the configured periods. With `working_days_only`, an event whose day
/// is not a working day goes out on the next working day; of the events of one item that land on
/// the same day only the most urgent goes out (escalation, overdue, due, then the nearest reminder).
public struct ReminderSchedule: Sendable {
    public let agenda: Agenda
    public let settings: ReminderSettings
    public let calendar: WorkdayCalendar

    /// No run of days without a working day is this long (the longest, 春节 2020 with its
    /// extension and weekends, is 12): an event's day is at most this many days after the day
    /// the policy puts it on.
    static let maximumShift = 31

    public init(agenda: Agenda, settings: ReminderSettings, calendar: WorkdayCalendar) {
        self.agenda = agenda
        self.settings = settings
        self.calendar = calendar
    }

    /// The schedule of measures as the ledger states them, with no overrides.
    public init(measures: [Measure], settings: ReminderSettings, calendar: WorkdayCalendar) {
        self.init(agenda: Agenda(measures: measures), settings: settings, calendar: calendar)
    }

    /// Every event that goes out on a day in `from...through`, by instant, then in ledger order.
    public func events(from: CivilDate, through: CivilDate) -> [ReminderEvent] {
        guard from <= through else { return [] }
        var clock = ZonedClock(zone: settings.timeZone, window: settings.window)
        var out: [ReminderEvent] = []
        for item in agenda.items {
            out += events(of: item, scheduledFrom: from.adding(days: -Self.maximumShift), through: through,
                          sendFrom: from, sendThrough: through, clock: &clock)
        }
        // By instant, then in ledger order: comparing keys would build two strings per comparison.
        return out.indices.sorted { i, j in
            out[i].instant != out[j].instant ? out[i].instant < out[j].instant : i < j
        }.map { out[$0] }
    }

    /// The events of `measures` (no overrides) that go out in `from...through`.
    public static func events(for measures: [Measure], from: CivilDate, through: CivilDate,
                              settings: ReminderSettings, calendar: WorkdayCalendar) -> [ReminderEvent] {
        ReminderSchedule(measures: measures, settings: settings, calendar: calendar).events(from: from, through: through)
    }

    /// The first instant after `instant` at which an event goes out, or nil when nothing is left
    /// to send (every item done or undated). The daemon arms one timer for it.
    public func nextWakeup(after instant: Date) -> Date? {
        var clock = ZonedClock(zone: settings.timeZone, window: settings.window)
        let today = clock.day(of: instant)
        let near = today.adding(days: 62)
        var best: Date?
        for item in agenda.items where item.isOpen && !item.coincidesWithMeasure {
            var found = firstInstant(of: item, scheduledFrom: today.adding(days: -Self.maximumShift), through: near,
                                     sendFrom: today, sendThrough: near, after: instant, clock: &clock)
            if found == nil, let horizon = horizon(of: item, after: near) {
                found = firstInstant(of: item, scheduledFrom: near.adding(days: 1 - Self.maximumShift), through: horizon,
                                     sendFrom: near.adding(days: 1), sendThrough: horizon, after: instant, clock: &clock)
            }
            if let found, best.map({ found < $0 }) ?? true { best = found }
        }
        return best
    }

    /// When an event that is due now (or was missed) should go out: `now` when it is inside the
    /// send window of a working day, else the next window opening. Never before the event's own instant.
    public func deliveryTime(of event: ReminderEvent, notBefore now: Date) -> Date {
        guard now > event.instant else { return event.instant }
        var clock = ZonedClock(zone: settings.timeZone, window: settings.window)
        let day = clock.day(of: now)
        let minutes = clock.minutes(of: now)
        let usable = !settings.workingDaysOnly || calendar.isWorkday(day)
        if usable && minutes >= settings.window.opens && minutes < settings.window.closes { return now }
        if usable && minutes < settings.window.opens { return clock.opening(on: day) }
        let next = settings.workingDaysOnly ? calendar.nextWorkday(onOrAfter: day.adding(days: 1)) : day.adding(days: 1)
        return clock.opening(on: next)
    }

    // MARK: One item

    /// The last day worth searching for an item's next event after `day`, or nil when it has none.
    private func horizon(of item: ScheduleItem, after day: CivilDate) -> CivilDate? {
        let policy = settings.policy(category: item.category, unit: item.unit)
        switch item.timing {
        case .deadline(let due):
            let tail = max(policy.overdueDailyFor, policy.escalateAfter ?? 0) + policy.overdueThenEvery
            return max(due, day).adding(days: tail + Self.maximumShift + 1)
        case .cadence(let cadences):
            let periods = cadences.compactMap(\.period).filter(policy.reports.contains)
            guard !periods.isEmpty else { return nil }
            let longest = cadences.map { $0.every }.max() ?? 1
            return day.adding(days: 370 * max(1, longest) + Self.maximumShift)
        case .ongoing, .undated:
            return nil
        }
    }

    private func events(of item: ScheduleItem, scheduledFrom a: CivilDate, through b: CivilDate,
                        sendFrom: CivilDate, sendThrough: CivilDate, clock: inout ZonedClock) -> [ReminderEvent] {
        guard item.isOpen, !item.coincidesWithMeasure else { return [] }
        let policy = settings.policy(category: item.category, unit: item.unit)
        if case .deadline(let due) = item.timing, Self.nothingBefore(due, policy, after: b) { return [] }
        let candidates = self.candidates(item, policy, a, b)
        guard !candidates.isEmpty else { return [] }
        // The most urgent candidate of each send day and group (an item has a handful of
        // candidates in a window, so a list beats a dictionary).
        var chosen: [(slot: Int, candidate: Candidate, day: CivilDate)] = []
        for c in candidates {
            let day = settings.workingDaysOnly ? calendar.nextWorkday(onOrAfter: c.scheduled) : c.scheduled
            guard sendFrom <= day, day <= sendThrough else { continue }
            let slot = day.dayNumber * 8 + c.kind.mergeGroup
            if let i = chosen.firstIndex(where: { $0.slot == slot }) {
                if chosen[i].candidate.kind.urgency < c.kind.urgency { chosen[i] = (slot, c, day) }
            } else {
                chosen.append((slot, c, day))
            }
        }
        return chosen.map { _, c, day in
            ReminderEvent(item: item.reference, kind: c.kind, due: c.due, scheduledDay: c.scheduled, day: day,
                          instant: clock.opening(on: day), roles: c.roles, title: item.title,
                          unit: item.unit, leader: item.leader)
        }
    }

    /// The earliest instant after `instant` at which one of the item's events goes out, without
    /// building the events (merging never removes an instant, only events sharing one).
    private func firstInstant(of item: ScheduleItem, scheduledFrom a: CivilDate, through b: CivilDate,
                              sendFrom: CivilDate, sendThrough: CivilDate, after instant: Date,
                              clock: inout ZonedClock) -> Date? {
        let policy = settings.policy(category: item.category, unit: item.unit)
        if case .deadline(let due) = item.timing, Self.nothingBefore(due, policy, after: b) { return nil }
        var best: Date?
        for c in candidates(item, policy, a, b) {
            let day = settings.workingDaysOnly ? calendar.nextWorkday(onOrAfter: c.scheduled) : c.scheduled
            guard sendFrom <= day, day <= sendThrough else { continue }
            let at = clock.opening(on: day)
            if at > instant, best.map({ at < $0 }) ?? true { best = at }
        }
        return best
    }

    /// True when the first reminder of a deadline comes after `day`: the item can be skipped.
    /// A working-day lead reaches back at most twice as many calendar days plus the longest
    /// run of days off.
    private static func nothingBefore(_ due: CivilDate, _ policy: ReminderPolicy, after day: CivilDate) -> Bool {
        let lead = policy.leadTimes.first ?? 0
        let reach = policy.leadUnit == .days ? lead : 2 * lead + maximumShift
        return day.dayNumber < due.dayNumber - reach
    }

    struct Candidate {
        let kind: ReminderEvent.Kind
        let due: CivilDate
        let scheduled: CivilDate
        let roles: [ReminderEvent.Role]
    }

    /// The events the policy puts on days in `a...b`, before moving and merging.
    private func candidates(_ item: ScheduleItem, _ policy: ReminderPolicy, _ a: CivilDate, _ b: CivilDate) -> [Candidate] {
        switch item.timing {
        case .deadline(let due):
            return deadlineCandidates(due, policy, a, b)
        case .cadence(let cadences):
            var out: [Candidate] = []
            for cadence in cadences {
                guard let period = cadence.period, policy.reports.contains(period) else { continue }
                for day in reportDays(period, every: max(1, cadence.every), weekday: policy.reportWeekday, a, b) {
                    out.append(Candidate(kind: .report(period), due: day, scheduled: day, roles: [.unit]))
                }
            }
            return out
        case .ongoing, .undated:
            return []
        }
    }

    private func deadlineCandidates(_ due: CivilDate, _ policy: ReminderPolicy, _ a: CivilDate, _ b: CivilDate) -> [Candidate] {
        var out: [Candidate] = []
        let unitOnly: [ReminderEvent.Role] = [.unit]
        let withLeader: [ReminderEvent.Role] = [.unit, .leader]
        for lead in policy.leadTimes {
            let day = policy.leadUnit == .days ? due.adding(days: -lead) : calendar.adding(workdays: -lead, to: due)
            if a <= day && day <= b {
                out.append(Candidate(kind: .reminder(lead: lead, unit: policy.leadUnit), due: due, scheduled: day, roles: unitOnly))
            }
        }
        if policy.onDueDay && a <= due && due <= b {
            out.append(Candidate(kind: .due, due: due, scheduled: due, roles: unitOnly))
        }
        let low = a.dayNumber - due.dayNumber, high = b.dayNumber - due.dayNumber
        guard high >= 1 else { return out }
        func overdue(_ k: Int) {
            let escalated = policy.escalateAfter.map { k >= $0 } ?? false
            out.append(Candidate(kind: .overdue(days: k), due: due, scheduled: due.adding(days: k),
                                 roles: escalated ? withLeader : unitOnly))
        }
        let daily = policy.overdueDailyFor
        if daily >= 1 {
            let first = max(1, low), last = min(daily, high)
            if first <= last { for k in first...last { overdue(k) } }
        }
        let every = policy.overdueThenEvery
        if every > 0 {
            let from = max(low, daily + 1)
            var j = max(1, (from - daily + every - 1) / every)
            while daily + every * j <= high {
                overdue(daily + every * j)
                j += 1
            }
        }
        if let n = policy.escalateAfter, low <= n, n <= high {
            out.append(Candidate(kind: .escalation(days: n), due: due, scheduled: due.adding(days: n), roles: withLeader))
        }
        return out
    }

    // MARK: Report days

    /// The days in `a...b` a report of `period` is due: the last working day of each period
    /// (for a week, the last working day up to `weekday`, else the first after it in the same week).
    /// `every` > 1 takes every n-th period, counted from 1970 (weeks from Monday 1970-01-05).
    func reportDays(_ period: DateExpression.Period, every: Int, weekday: Int, _ a: CivilDate, _ b: CivilDate) -> [CivilDate] {
        guard a <= b else { return [] }
        var out: [CivilDate] = []
        let workingOnly = settings.workingDaysOnly
        func keep(_ day: CivilDate?) {
            if let day, a <= day, day <= b { out.append(day) }
        }
        func lastUsable(_ start: CivilDate, _ end: CivilDate) -> CivilDate? {
            guard workingOnly else { return end }
            var d = end
            while d >= start {
                if calendar.isWorkday(d) { return d }
                d = d.adding(days: -1)
            }
            return nil
        }
        switch period {
        case .day:
            var d = a
            while d <= b {
                if d.dayNumber % every == 0 && (!workingOnly || calendar.isWorkday(d)) { out.append(d) }
                d = d.adding(days: 1)
            }
        case .week:
            var monday = a.adding(days: 1 - a.weekday)
            while monday <= b {
                let index = (monday.dayNumber - 4) / 7
                if index % every == 0 {
                    let nominal = monday.adding(days: weekday - 1)
                    let sunday = monday.adding(days: 6)
                    let after = nominal < sunday ? firstUsable(nominal.adding(days: 1), sunday) : nil
                    keep(lastUsable(monday, nominal) ?? after)
                }
                monday = monday.adding(days: 7)
            }
        case .xun:
            var month = CivilDate.firstDay(year: a.year, month: a.month)
            while month <= b {
                let index = month.year * 12 + month.month - 1
                for (k, (s, e)) in [(1, 10), (11, 20), (21, CivilDate.daysIn(month: month.month, year: month.year))].enumerated()
                where (index * 3 + k) % every == 0 {
                    keep(lastUsable(month.adding(days: s - 1), month.adding(days: e - 1)))
                }
                month = month.adding(months: 1)
            }
        case .month, .quarter, .half, .year:
            let months = period == .month ? 1 : period == .quarter ? 3 : period == .half ? 6 : 12
            let startMonth = ((a.month - 1) / months) * months + 1
            var start = CivilDate.firstDay(year: a.year, month: startMonth)
            while start <= b {
                let index = (start.year * 12 + start.month - 1) / months
                if index % every == 0 {
                    let end = CivilDate.lastDay(year: start.year, month: start.month + months - 1)
                    keep(lastUsable(start, end))
                }
                start = start.adding(months: months)
            }
        }
        return out
    }

    private func firstUsable(_ start: CivilDate, _ end: CivilDate) -> CivilDate? {
        var d = start
        while d <= end {
            if !settings.workingDaysOnly || calendar.isWorkday(d) { return d }
            d = d.adding(days: 1)
        }
        return nil
    }
}

/// The office's time (``OfficeTime``) with each day's send-window opening cached.
struct ZonedClock {
    let window: SendWindow
    private let office: OfficeTime
    private var openings: [Int: Date] = [:]

    init(zone: TimeZone, window: SendWindow) {
        self.office = OfficeTime(zone: zone)
        self.window = window
    }

    /// The opening of the send window on `day`.
    mutating func opening(on day: CivilDate) -> Date {
        if let cached = openings[day.dayNumber] { return cached }
        let date = instant(day, minutes: window.opens)
        openings[day.dayNumber] = date
        return date
    }

    func instant(_ day: CivilDate, minutes: Int) -> Date { office.instant(day, minutes: minutes) }
    func day(of instant: Date) -> CivilDate { office.day(of: instant) }
    func minutes(of instant: Date) -> Int { office.minutes(of: instant) }
}
