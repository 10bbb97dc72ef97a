import ChineseDates
import Foundation

/// When reminders and overdue notices go out for one deadline (docs/reminders.md).
///
/// The standard policy: reminders 30, 7, 3 and 1 days before, a notice on the due day,
/// overdue notices daily for a week and then weekly, and from the 7th day overdue the
/// responsible leader is copied (escalation).
public struct ReminderPolicy: Hashable, Sendable {
    /// What a lead time counts.
    public enum LeadUnit: String, Hashable, Sendable, CaseIterable {
        /// Calendar days.
        case days
        /// Working days under the holiday calendar (调休 make-up days count, festival days off do not).
        case workdays

        /// `d` or `wd`, as idempotency keys write it.
        var suffix: String { self == .days ? "d" : "wd" }
    }

    /// How long before the deadline each reminder goes out, longest first.
    public var leadTimes: [Int]
    public var leadUnit: LeadUnit
    /// A notice on the due day itself.
    public var onDueDay: Bool
    /// Overdue notices go out every day for this many days after the deadline.
    public var overdueDailyFor: Int
    /// Then every this many days; 0 stops after the daily ones.
    public var overdueThenEvery: Int
    /// From this many days overdue the responsible leader receives the notices too; nil never.
    public var escalateAfter: Int?
    /// Periods of cadence measures (日报告/周汇总/月调度) that get report-due reminders; empty for none.
    public var reports: Set<DateExpression.Period>
    /// ISO weekday (1 = Monday) a weekly report is due.
    public var reportWeekday: Int

    public init(leadTimes: [Int] = [30, 7, 3, 1], leadUnit: LeadUnit = .days, onDueDay: Bool = true,
                overdueDailyFor: Int = 7, overdueThenEvery: Int = 7, escalateAfter: Int? = 7,
                reports: Set<DateExpression.Period> = [], reportWeekday: Int = 5) {
        self.leadTimes = Array(Set(leadTimes.filter { $0 > 0 })).sorted(by: >)
        self.leadUnit = leadUnit
        self.onDueDay = onDueDay
        self.overdueDailyFor = max(0, overdueDailyFor)
        self.overdueThenEvery = max(0, overdueThenEvery)
        self.escalateAfter = escalateAfter.flatMap { $0 > 0 ? $0 : nil }
        self.reports = reports
        self.reportWeekday = min(7, max(1, reportWeekday))
    }

    /// 30/7/3/1 days before, the due day, daily for a week then weekly, escalation after 7 days.
    public static let standard = ReminderPolicy()
}

/// The hours reminders go out in, in the office's time zone: by default 09:00–18:00.
///
/// Every event goes out at the opening of its day's window; one that is late (the daemon was
/// down, or the day was not a working day) goes out at the next opening.
public struct SendWindow: Hashable, Sendable, CustomStringConvertible {
    /// Minutes after midnight the window opens.
    public let opens: Int
    /// Minutes after midnight it closes (exclusive).
    public let closes: Int

    /// A window; nil unless `0 <= opens < closes <= 24 * 60`.
    public init?(opens: Int, closes: Int) {
        guard 0 <= opens, opens < closes, closes <= 24 * 60 else { return nil }
        self.opens = opens
        self.closes = closes
    }

    /// Reads `09:00-18:00` (or a single opening time `09:00`, closing at 18:00 or the end of the day).
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(parts.count), let a = Self.minutes(parts[0]) else { return nil }
        let b = parts.count == 2 ? Self.minutes(parts[1]) : max(a + 1, min(24 * 60, 18 * 60))
        guard let b else { return nil }
        self.init(opens: a, closes: b)
    }

    /// 09:00–18:00.
    public static let standard = SendWindow(opens: 9 * 60, closes: 18 * 60) ?? SendWindow(unchecked: 540, 1080)

    private init(unchecked opens: Int, _ closes: Int) {
        self.opens = opens
        self.closes = closes
    }

    public var description: String { "\(Self.clock(opens))-\(Self.clock(closes))" }

    private static func minutes(_ text: String) -> Int? {
        let hm = text.split(separator: ":", omittingEmptySubsequences: false)
        guard hm.count == 2, hm[1].count == 2, (1...2).contains(hm[0].count),
              let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 24 * 60
        else { return nil }
        return h * 60 + m
    }

    static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return "\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }
}

/// The whole `[reminders]` section: the policy for every measure, overrides per category and
/// per owner unit, the send window, and the office's time zone.
///
/// Precedence: the section's own keys, then `[reminders.category."…"]`, then
/// `[reminders.unit."…"]` (the most specific wins).
public struct ReminderSettings: Sendable {
    public var policy: ReminderPolicy
    /// Changes for measures of a category (``Ledger/Measure/category``), by its exact name.
    public var categories: [String: PolicyChanges]
    /// Changes for measures of an owner unit, by its exact name.
    public var units: [String: PolicyChanges]
    public var window: SendWindow
    /// Move events off days that are not working days to the next working day.
    public var workingDaysOnly: Bool
    /// The office's time zone: windows open at its wall-clock time.
    public var timeZone: TimeZone

    public init(policy: ReminderPolicy = .standard, categories: [String: PolicyChanges] = [:],
                units: [String: PolicyChanges] = [:], window: SendWindow = .standard,
                workingDaysOnly: Bool = true, timeZone: TimeZone) {
        self.policy = policy
        self.categories = categories
        self.units = units
        self.window = window
        self.workingDaysOnly = workingDaysOnly
        self.timeZone = timeZone
    }

    /// The policy for an item of this category and unit.
    public func policy(category: String?, unit: String?) -> ReminderPolicy {
        if categories.isEmpty && units.isEmpty { return policy }
        var p = policy
        if let category, let changes = categories[category] { changes.apply(to: &p) }
        if let unit, let changes = units[unit] { changes.apply(to: &p) }
        return p
    }

    /// Changes one table of the section makes to the policy: only the keys it sets.
    public struct PolicyChanges: Hashable, Sendable {
        public var leadTimes: [Int]?
        public var leadUnit: ReminderPolicy.LeadUnit?
        public var onDueDay: Bool?
        public var overdueDailyFor: Int?
        public var overdueThenEvery: Int?
        /// `.some(nil)` turns escalation off.
        public var escalateAfter: Int??
        public var reports: Set<DateExpression.Period>?
        public var reportWeekday: Int?

        public init() {}

        public func apply(to p: inout ReminderPolicy) {
            p = ReminderPolicy(
                leadTimes: leadTimes ?? p.leadTimes, leadUnit: leadUnit ?? p.leadUnit,
                onDueDay: onDueDay ?? p.onDueDay, overdueDailyFor: overdueDailyFor ?? p.overdueDailyFor,
                overdueThenEvery: overdueThenEvery ?? p.overdueThenEvery,
                escalateAfter: escalateAfter ?? p.escalateAfter, reports: reports ?? p.reports,
                reportWeekday: reportWeekday ?? p.reportWeekday)
        }
    }
}
