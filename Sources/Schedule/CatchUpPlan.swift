import ChineseDates
import Foundation

/// What the daemon sends on a run — at start after downtime, at a timer, after a reload or a
/// clock change — decided from the schedule, the last run, the clock and what the sent log
/// holds. Pure: it is given every instant and the sent log's answers, and reads neither.
///
///     let window = CatchUpPlan.Window(schedule: schedule, lastRun: lastRun, clock: now)
///     let claimed = try store.claimed(among: window.due.map(\.key))
///     let plan = CatchUpPlan(window: window, schedule: schedule) { claimed.contains($0.key) ? .claimed : .unclaimed }
///     plan.send        // due, not sent, inside the send window now: in instant order
///     plan.collapsed   // older overdue notices of an item with a newer one due: record, never send
///     plan.deferred    // missed while down, outside the window now: they wait for `wakeUp`
///     let through = plan.watermark(pending: unsent)    // what to record as the run's instant
///
/// The rules (docs/daemon.md, "Catch-up"):
/// - **Watermark.** The days looked at run from the day of the last run (its instant, which
///   stays 1 ms before any event it left pending: that event's day) through today. A daemon with no run yet starts
///   with today: it does not replay the ledger's past. A clock set back before the last run
///   looks at today only; the sent log keeps what was sent from going again.
/// - **Collapse.** Of the overdue notices and escalations of one item due at once, only the
///   latest goes out; the older are recorded as sent, so that they never go out after it.
///   Collapse runs over every due event, sent or not.
/// - **Deferral.** A missed event that is outside the send window now (or on a day off with
///   `working_days_only`) waits for the next window opening, and the watermark stays before it.
/// - **Replaying a fixed day** (`today = …`) looks at that whole day and sends at once.
public struct CatchUpPlan: Sendable {
    /// What the sent log says of one event's key.
    public enum Claim: Hashable, Sendable {
        /// Sent before (by this process, an earlier one, or another).
        case claimed
        /// Not sent yet.
        case unclaimed
        /// The sent log could not be read for it: never taken as "sent"; it stays pending.
        case unknown
    }

    /// The days a run looks at and the events due in them by its instant: the keys to look up
    /// in the sent log before the plan is made.
    public struct Window: Sendable {
        /// The first day looked at: the last run's day, or today.
        public let from: CivilDate
        /// The office's day of the run.
        public let today: CivilDate
        /// The run's wall-clock instant.
        public let clock: Date
        /// The day replayed (`today = …` in the configuration), or nil to follow the clock.
        public let fixedDay: CivilDate?
        /// Every event of `from...today` due by the run's instant (by the end of a replayed day),
        /// sent or not, by instant.
        public let due: [ReminderEvent]

        /// The window of a run at `clock`, after the run recorded at `lastRun` (nil: none yet).
        public init(schedule: ReminderSchedule, lastRun: Date?, clock: Date, replaying fixedDay: CivilDate? = nil) {
            let office = OfficeTime(zone: schedule.settings.timeZone)
            let today = fixedDay ?? office.day(of: clock)
            let dueBy = fixedDay.map { office.end(of: $0) } ?? clock
            // Replaying a fixed day always looks at the whole day (the sent log keeps it once).
            let watermark = fixedDay != nil ? office.start(of: today) : (lastRun ?? office.start(of: today))
            // A run that left events pending is recorded 1 ms before the earliest of them
            // (`watermark(pending:)`): the first day is that event's, not the day before when it
            // goes out at midnight (a window opening at 00:00).
            let from = min(office.day(of: watermark.addingTimeInterval(0.001)), today)
            self.from = from
            self.today = today
            self.clock = clock
            self.fixedDay = fixedDay
            self.due = schedule.events(from: from, through: today).filter { $0.instant <= dueBy }
        }
    }

    /// The window the plan was made for.
    public let window: Window
    /// Due, not sent and deliverable now, by instant: what the run sends, in this order.
    public let send: [ReminderEvent]
    /// Older overdue notices of an item whose latest is due too, not sent: recorded as sent
    /// without going out.
    public let collapsed: [ReminderEvent]
    /// Missed, not sent, and outside the send window now: they go out at `wakeUp`.
    public let deferred: [ReminderEvent]
    /// Events whose sent-log entry could not be read: neither sent nor recorded; pending.
    public let unchecked: [ReminderEvent]
    /// The earliest instant a deferred event may go out (a window opening), or nil.
    public let wakeUp: Date?

    /// Decides what to do with each due event of `window`, asking `claim` what the sent log
    /// holds for it.
    public init(window: Window, schedule: ReminderSchedule, claim: (ReminderEvent) -> Claim) {
        self.window = window
        let (latest, older) = Self.collapsingOverdue(window.due)
        var send: [ReminderEvent] = []
        var deferred: [ReminderEvent] = []
        var unchecked: [ReminderEvent] = []
        var wakeUp: Date?
        for event in latest {
            switch claim(event) {
            case .claimed: continue
            case .unknown: unchecked.append(event)
            case .unclaimed:
                let at = window.fixedDay == nil ? schedule.deliveryTime(of: event, notBefore: window.clock) : window.clock
                if at > window.clock {
                    deferred.append(event)
                    wakeUp = min(wakeUp ?? at, at)
                } else {
                    send.append(event)
                }
            }
        }
        var collapsed: [ReminderEvent] = []
        for event in older {
            switch claim(event) {
            case .claimed: continue
            case .unknown: unchecked.append(event)
            case .unclaimed: collapsed.append(event)
            }
        }
        self.send = send
        self.collapsed = collapsed
        self.deferred = deferred
        self.unchecked = unchecked
        self.wakeUp = wakeUp
    }

    /// The instant to record as this run's: the run's clock, or just before the earliest
    /// event it leaves behind — deferred, unchecked, or `pending` (not sent: a failure, or a
    /// stop between events) — so that the next run's window still holds it.
    public func watermark(pending: [ReminderEvent] = []) -> Date {
        let left = (deferred + unchecked + pending).map(\.instant).min()
        return left.map { min(window.clock, $0.addingTimeInterval(-0.001)) } ?? window.clock
    }

    /// Splits due events into those that go out — every event but the overdue notices and
    /// escalations of an item older than its latest — and those older ones.
    public static func collapsingOverdue(_ events: [ReminderEvent]) -> (send: [ReminderEvent], collapsed: [ReminderEvent]) {
        var latest: [String: ReminderEvent] = [:]
        for e in events where e.kind.isOverdueNotice {
            if let current = latest[e.item.key], current.instant >= e.instant { continue }
            latest[e.item.key] = e
        }
        var send: [ReminderEvent] = []
        var collapsed: [ReminderEvent] = []
        for e in events {
            if e.kind.isOverdueNotice, latest[e.item.key]?.key != e.key { collapsed.append(e) } else { send.append(e) }
        }
        return (send, collapsed)
    }
}

extension ReminderEvent.Kind {
    /// Overdue notices and escalations, which collapse into the latest after downtime.
    public var isOverdueNotice: Bool {
        switch self {
        case .overdue, .escalation: true
        default: false
        }
    }
}
