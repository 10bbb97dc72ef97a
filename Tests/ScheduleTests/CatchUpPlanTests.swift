import ChineseDates
import Foundation
import Ledger
import Schedule
import Testing

/// What the daemon sends on a run (`CatchUpPlan`, docs/daemon.md "Catch-up"): one table of
/// runs over the same two measures, each row the last run, the clock, what the sent log says,
/// and what the plan does with every due event.
///
/// The calendar is plain Monday–Friday with `working_days_only` (a Saturday event moves to
/// Monday), the window 09:00–18:00 Asia/Shanghai (01:00–10:00 UTC), the standard policy.
/// The events of the two measures, by the day they go out:
///
///     A (due Tue 2024-12-31): overdue 1 Wed 01-01, 2 Thu 01-02, 3 Fri 01-03, 6 Mon 01-06 (4, 5 merged
///       into it), escalation 7 Tue 01-07, then overdue 14, 21, … every Tuesday
///     B (due Fri 2025-01-10): reminder 7d Fri 01-03, 3d Tue 01-07, 1d Thu 01-09, due Fri 01-10,
///       overdue 3 Mon 01-13 (1, 2 merged into it), 4, 5, 6, escalation 7 Fri 01-17, then every Friday
@Suite struct CatchUpPlanTests {
    static let schedule = ReminderSchedule(
        measures: [measure("A", due: "2024-12-31"), measure("B", due: "2025-01-10")],
        settings: settings(workingDaysOnly: true), calendar: .plainWeekdays)

    /// One run: its inputs and what the plan must make of them. Instants are UTC.
    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        var lastRun: String?
        let clock: String
        var replaying: String?
        /// Keys the sent log holds.
        var claimed: Set<String> = []
        /// Keys the sent log cannot be read for.
        var unknown: Set<String> = []
        /// The window's first day.
        let from: String
        let send: [String]
        var collapsed: [String] = []
        var deferred: [String] = []
        var unchecked: [String] = []
        var wakeUp: String?
        /// `watermark()` with nothing pending.
        let watermark: String

        var testDescription: String { name }
    }

    static let a3 = "A|overdue|2024-12-31|3", b7 = "B|reminder|2025-01-10|7d"

    static let downtime = Row(name: "down Wednesday to Tuesday: the older overdue notices collapse into the escalation, reminders go late",
        lastRun: "2025-01-01T01:00:00Z", clock: "2025-01-07T03:00:00Z", claimed: ["A|overdue|2024-12-31|1"],
        from: "2025-01-01",
        send: [b7, "A|escalation|2024-12-31|7", "B|reminder|2025-01-10|3d"],
        collapsed: ["A|overdue|2024-12-31|2", a3, "A|overdue|2024-12-31|6"],
        watermark: "2025-01-07T03:00:00.000Z")
    static let saturday = Row(name: "back on Saturday: what was missed waits for Monday's opening",
        lastRun: "2025-01-02T01:00:00Z", clock: "2025-01-04T04:00:00Z", claimed: ["A|overdue|2024-12-31|2"],
        from: "2025-01-02", send: [], deferred: [a3, b7], wakeUp: "2025-01-06T01:00:00Z",
        watermark: "2025-01-03T00:59:59.999Z")

    static let rows: [Row] = [
        Row(name: "first run: today only, the ledger's past is not replayed",
            lastRun: nil, clock: "2025-01-03T02:00:00Z", from: "2025-01-03",
            send: [a3, b7], watermark: "2025-01-03T02:00:00.000Z"),
        Row(name: "a run later the same day with everything sent: nothing to do",
            lastRun: "2025-01-03T01:00:00Z", clock: "2025-01-03T05:00:00Z", claimed: [a3, b7], from: "2025-01-03",
            send: [], watermark: "2025-01-03T05:00:00.000Z"),
        Row(name: "the next day's timer: yesterday's notice was sent and is not sent again",
            lastRun: "2025-01-02T01:00:00Z", clock: "2025-01-03T01:00:00Z", claimed: ["A|overdue|2024-12-31|2"],
            from: "2025-01-02", send: [a3, b7], watermark: "2025-01-03T01:00:00.000Z"),
        Row(name: "events another process already claimed are not sent again",
            lastRun: "2025-01-02T01:00:00Z", clock: "2025-01-03T02:00:00Z",
            claimed: ["A|overdue|2024-12-31|2", a3, b7], from: "2025-01-02",
            send: [], watermark: "2025-01-03T02:00:00.000Z"),
        downtime,
        Row(name: "a collapsed notice whose sent-log entry cannot be read is neither recorded nor sent",
            lastRun: "2025-01-01T01:00:00Z", clock: "2025-01-07T03:00:00Z", claimed: ["A|overdue|2024-12-31|1"],
            unknown: ["A|overdue|2024-12-31|2"], from: "2025-01-01",
            send: [b7, "A|escalation|2024-12-31|7", "B|reminder|2025-01-10|3d"],
            collapsed: [a3, "A|overdue|2024-12-31|6"], unchecked: ["A|overdue|2024-12-31|2"],
            watermark: "2025-01-02T00:59:59.999Z"),
        Row(name: "a due event whose sent-log entry cannot be read is never taken as sent",
            lastRun: nil, clock: "2025-01-03T02:00:00Z", unknown: [a3], from: "2025-01-03",
            send: [b7], unchecked: [a3], watermark: "2025-01-03T00:59:59.999Z"),
        saturday,
        Row(name: "back before the window opens: yesterday's notice waits for today's opening",
            lastRun: "2025-01-01T10:00:00Z", clock: "2025-01-03T00:30:00Z", claimed: ["A|overdue|2024-12-31|1"],
            from: "2025-01-01", send: [], deferred: ["A|overdue|2024-12-31|2"], wakeUp: "2025-01-03T01:00:00Z",
            watermark: "2025-01-02T00:59:59.999Z"),
        Row(name: "clock set back before the last run: today only, the sent log keeps what was sent",
            lastRun: "2025-01-07T03:00:00Z", clock: "2025-01-03T02:00:00Z", claimed: [a3], from: "2025-01-03",
            send: [b7], watermark: "2025-01-03T02:00:00.000Z"),
        Row(name: "clock set forward two months: one notice per item, the latest; every reminder late",
            lastRun: "2025-01-03T02:00:00Z", clock: "2025-03-03T02:00:00Z", claimed: [a3, b7], from: "2025-01-03",
            send: ["B|reminder|2025-01-10|3d", "B|reminder|2025-01-10|1d", "B|due|2025-01-10|0",
                   "A|overdue|2024-12-31|56", "B|overdue|2025-01-10|49"],
            collapsed: ["A|overdue|2024-12-31|6", "A|escalation|2024-12-31|7", "B|overdue|2025-01-10|3",
                        "A|overdue|2024-12-31|14", "B|overdue|2025-01-10|4", "B|overdue|2025-01-10|5",
                        "B|overdue|2025-01-10|6", "B|escalation|2025-01-10|7", "A|overdue|2024-12-31|21",
                        "B|overdue|2025-01-10|14", "A|overdue|2024-12-31|28", "B|overdue|2025-01-10|21",
                        "A|overdue|2024-12-31|35", "B|overdue|2025-01-10|28", "A|overdue|2024-12-31|42",
                        "B|overdue|2025-01-10|35", "A|overdue|2024-12-31|49", "B|overdue|2025-01-10|42"],
            watermark: "2025-03-03T02:00:00.000Z"),
        Row(name: "replaying a fixed day: the whole day, sent at once even outside the window",
            lastRun: "2025-01-07T03:00:00Z", clock: "2026-06-06T15:00:00Z", replaying: "2025-01-03", from: "2025-01-03",
            send: [a3, b7], watermark: "2026-06-06T15:00:00.000Z"),
    ]

    static func plan(_ row: Row) -> CatchUpPlan {
        let window = CatchUpPlan.Window(schedule: schedule, lastRun: row.lastRun.map(instant), clock: instant(row.clock),
                                        replaying: row.replaying.map(civil))
        return CatchUpPlan(window: window, schedule: schedule) { event in
            row.unknown.contains(event.key) ? .unknown : row.claimed.contains(event.key) ? .claimed : .unclaimed
        }
    }

    @Test(arguments: rows)
    func aRunSendsCollapsesDefersAndHoldsBackWhatTheRowSays(_ row: Row) {
        let plan = Self.plan(row)
        #expect(plan.window.from == civil(row.from))
        #expect(plan.send.map(\.key) == row.send)
        #expect(plan.collapsed.map(\.key) == row.collapsed)
        #expect(plan.deferred.map(\.key) == row.deferred)
        #expect(plan.unchecked.map(\.key) == row.unchecked)
        #expect(plan.wakeUp == row.wakeUp.map(instant))
        #expect(InstantText.format(plan.watermark()) == row.watermark)
    }

    /// Every due event lands in exactly one place: sent, collapsed, deferred, unchecked, or
    /// left alone because the sent log has it.
    @Test(arguments: rows)
    func everyDueEventIsAccountedForOnce(_ row: Row) {
        let plan = Self.plan(row)
        let placed = plan.send + plan.collapsed + plan.deferred + plan.unchecked
        let alreadySent = plan.window.due.filter { row.claimed.contains($0.key) && !row.unknown.contains($0.key) }
        #expect(Set(placed.map(\.key)).count == placed.count)
        #expect(Set((placed + alreadySent).map(\.key)) == Set(plan.window.due.map(\.key)))
        #expect(placed.count + alreadySent.count == plan.window.due.count)
    }

    /// A batch stopped between events (SIGTERM) or with a failed one records the run just
    /// before the earliest event left pending, so that the next run's window still holds it.
    @Test(arguments: [
        (pending: [String](), watermark: "2025-01-07T03:00:00.000Z"),
        (pending: ["B|reminder|2025-01-10|3d"], watermark: "2025-01-07T00:59:59.999Z"),
        (pending: ["A|escalation|2024-12-31|7", "B|reminder|2025-01-10|3d"], watermark: "2025-01-07T00:59:59.999Z"),
        (pending: [b7, "B|reminder|2025-01-10|3d"], watermark: "2025-01-03T00:59:59.999Z"),
    ])
    func theWatermarkStaysBeforeTheEarliestPendingEvent(pending: [String], watermark: String) {
        let plan = Self.plan(Self.downtime)   // three to send, nothing deferred
        let left = plan.send.filter { pending.contains($0.key) }
        #expect(left.count == pending.count)
        #expect(InstantText.format(plan.watermark(pending: left)) == watermark)
    }

    @Test func anEarlierPendingEventMovesTheWatermarkBeforeTheDeferredOnes() throws {
        // Back on Saturday: A's notice of Friday is deferred; a pending Thursday event is earlier still.
        let plan = Self.plan(Self.saturday)
        #expect(InstantText.format(plan.watermark()) == "2025-01-03T00:59:59.999Z")
        let thursday = try #require(plan.window.due.first { $0.key == "A|overdue|2024-12-31|2" })
        #expect(InstantText.format(plan.watermark(pending: [thursday])) == "2025-01-02T00:59:59.999Z")
    }

    /// The run after a stop picks up where the watermark left off: the pending event is in its
    /// window, and nothing the first run sent goes again.
    @Test func theRunAfterAStopSendsOnlyWhatTheStopLeft() {
        let first = Self.plan(Self.downtime)
        let sent = Set(first.collapsed.map(\.key) + [first.send[0].key] + ["A|overdue|2024-12-31|1"])
        let through = first.watermark(pending: Array(first.send.dropFirst()))
        let window = CatchUpPlan.Window(schedule: Self.schedule, lastRun: through, clock: instant("2025-01-07T03:05:00Z"))
        let second = CatchUpPlan(window: window, schedule: Self.schedule) { sent.contains($0.key) ? .claimed : .unclaimed }
        #expect(window.from == civil("2025-01-07"))
        #expect(second.send.map(\.key) == ["A|escalation|2024-12-31|7", "B|reminder|2025-01-10|3d"])
        #expect(second.collapsed.isEmpty && second.deferred.isEmpty && second.unchecked.isEmpty)
    }

    /// `wakeUp` is only the deferred events' window opening; the daemon arms the earlier of it
    /// and the schedule's next future event (`ReminderSchedule.nextWakeup(after:)`).
    @Test(arguments: [
        // Saturday: deferred to Monday's opening, which is also A's next event (overdue 6).
        (clock: "2025-01-04T04:00:00Z", wakeUp: "2025-01-06T01:00:00Z", next: "2025-01-06T01:00:00Z"),
        // Friday 10:00, all sent: no deferred opening; the next event is Monday's.
        (clock: "2025-01-03T02:00:00Z", wakeUp: nil, next: "2025-01-06T01:00:00Z"),
        // Friday 08:30: Thursday's notice waits for 09:00, before anything scheduled later.
        (clock: "2025-01-03T00:30:00Z", wakeUp: "2025-01-03T01:00:00Z", next: "2025-01-03T01:00:00Z"),
    ] as [(clock: String, wakeUp: String?, next: String)])
    func theDaemonWakesForTheDeferredOpeningOrTheNextEvent(clock: String, wakeUp: String?, next: String) {
        let window = CatchUpPlan.Window(schedule: Self.schedule, lastRun: instant("2025-01-01T10:00:00Z"), clock: instant(clock))
        // Nothing sent yet (a deferring row), or everything sent (the row with no deferral).
        let plan = CatchUpPlan(window: window, schedule: Self.schedule) { _ in wakeUp == nil ? .claimed : .unclaimed }
        #expect(plan.wakeUp == wakeUp.map(instant))
        #expect(Self.schedule.nextWakeup(after: instant(clock)) == instant(next))
        let armed = [plan.wakeUp, Self.schedule.nextWakeup(after: instant(clock))].compactMap { $0 }.min()
        #expect(armed == instant(next))
    }
}

/// A window that opens at midnight (`send_window = "00:00-23:59"`): a run stopped in its
/// first batch records the instant 1 ms before today's first unsent event, which is
/// yesterday's last millisecond. The next run must still start with today, as a new daemon
/// does, and not replay yesterday (whose events this daemon never owed).
@Suite struct MidnightWindowCatchUpTests {
    static let schedule: ReminderSchedule = {
        var s = settings(workingDaysOnly: false)
        s.window = SendWindow(opens: 0, closes: 23 * 60 + 59)!
        // A overdue 3 days today; B owes its 7-day reminder today; C owed one yesterday.
        return ReminderSchedule(measures: [measure("A", due: "2024-12-31"), measure("B", due: "2025-01-10"),
                                           measure("C", due: "2025-01-09")],
                                settings: s, calendar: .plainWeekdays)
    }()

    @Test func aFirstRunStoppedAtMidnightLeavesTheNextRunOnToday() {
        // Friday 2025-01-03, 00:30 in Shanghai; today's events go out at 00:00 (16:00 UTC the day before).
        let window = CatchUpPlan.Window(schedule: Self.schedule, lastRun: nil, clock: instant("2025-01-02T16:30:00Z"))
        let first = CatchUpPlan(window: window, schedule: Self.schedule) { _ in .unclaimed }
        #expect(first.send.map(\.key) == ["A|overdue|2024-12-31|3", "B|reminder|2025-01-10|7d"])
        // SIGTERM after the first event: the run is recorded just before B's reminder.
        let through = first.watermark(pending: [first.send[1]])
        #expect(InstantText.format(through) == "2025-01-02T15:59:59.999Z")

        let next = CatchUpPlan.Window(schedule: Self.schedule, lastRun: through, clock: instant("2025-01-02T16:35:00Z"))
        let second = CatchUpPlan(window: next, schedule: Self.schedule) { $0.key == "A|overdue|2024-12-31|3" ? .claimed : .unclaimed }
        #expect(next.from == civil("2025-01-03"))
        #expect(second.send.map(\.key) == ["B|reminder|2025-01-10|7d"])
        #expect(second.collapsed.isEmpty)
    }
}
