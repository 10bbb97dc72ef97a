import ChineseDates
import Foundation

/// One reminder or notice to send: for which item, what kind, when, and to whom.
///
/// ``key`` identifies it for ever: the sent log refuses a second row with the same key, so
/// computing the same period twice, restarting the daemon or setting the clock back never
/// sends it twice (``StateStore/claim(_:at:)``).
///
///     GX-20|reminder|2024-12-31|7d          7 days before the deadline
///     GX-20@确定监理单位|reminder|2024-12-31|3wd   3 working days before a milestone
///     GX-20|due|2024-12-31|0
///     GX-20|overdue|2024-12-31|14           14 days overdue
///     GX-20|escalation|2024-12-31|7         the leader is copied from now on
///     GX-21|report|2024-11-22|week          a weekly report is due
public struct ReminderEvent: Hashable, Sendable, Identifiable {
    /// What the event says.
    public enum Kind: Hashable, Sendable {
        /// `lead` days (or working days) before the deadline.
        case reminder(lead: Int, unit: ReminderPolicy.LeadUnit)
        /// The deadline is today.
        case due
        /// `days` calendar days past the deadline.
        case overdue(days: Int)
        /// `days` past the deadline: from now on the responsible leader is told too.
        case escalation(days: Int)
        /// A periodic report (日报告/周汇总/月调度) is due.
        case report(DateExpression.Period)

        /// The word used in keys and JSON.
        public var name: String {
            switch self {
            case .reminder: "reminder"
            case .due: "due"
            case .overdue: "overdue"
            case .escalation: "escalation"
            case .report: "report"
            }
        }

        /// The last part of the key: the lead, the days overdue, or the period.
        var parameter: String {
            switch self {
            case let .reminder(lead, unit): "\(lead)\(unit.suffix)"
            case .due: "0"
            case .overdue(let days), .escalation(let days): "\(days)"
            case .report(let period): period.rawValue
            }
        }

        /// Events of an item in the same group that go out on the same day are merged: the
        /// deadline's events form one group, each report period its own.
        var mergeGroup: Int {
            guard case .report(let period) = self else { return 0 }
            switch period {
            case .day: return 1
            case .week: return 2
            case .xun: return 3
            case .month: return 4
            case .quarter: return 5
            case .half: return 6
            case .year: return 7
            }
        }

        /// When several events of a group fall on the same send time, only the most urgent goes out.
        var urgency: Int {
            switch self {
            case .report: 0
            case .reminder(let lead, _): 1_000 - min(lead, 999)
            case .due: 2_000
            case .overdue(let days): 3_000 + min(days, 99_999)
            case .escalation(let days): 200_000 + min(days, 99_999)
            }
        }
    }

    /// Who receives it, by role; addresses are the mailer's business.
    public enum Role: String, Hashable, Sendable, CaseIterable {
        /// The owner unit (责任单位).
        case unit
        /// The responsible leader (责任领导), on escalation.
        case leader
    }

    public let item: ItemReference
    public let kind: Kind
    /// The deadline it is about (for a report, the day the report is due).
    public let due: CivilDate
    /// The day the policy puts it on, before moving off days that are not working days.
    public let scheduledDay: CivilDate
    /// The day it goes out.
    public let day: CivilDate
    /// When it goes out: the opening of the send window on ``day`` in the office's time zone.
    public let instant: Date
    public let roles: [Role]
    public let title: String
    public let unit: String?
    public let leader: String?

    /// `item|kind|due|parameter`: the same event always has the same key.
    public var key: String { "\(item.key)|\(kind.name)|\(due)|\(kind.parameter)" }

    public var id: String { key }

    public init(item: ItemReference, kind: Kind, due: CivilDate, scheduledDay: CivilDate, day: CivilDate,
                instant: Date, roles: [Role], title: String, unit: String?, leader: String?) {
        self.item = item
        self.kind = kind
        self.due = due
        self.scheduledDay = scheduledDay
        self.day = day
        self.instant = instant
        self.roles = roles
        self.title = title
        self.unit = unit
        self.leader = leader
    }
}
