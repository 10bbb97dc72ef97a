import ChineseDates
import Foundation

/// How far ahead `upcoming` looks: calendar days, weeks or working days.
///
///     LookAhead("14d")          // .days(14)
///     LookAhead("2w")           // .weeks(2)
///     LookAhead("10workdays")   // .workdays(10); also "10wd", "10工作日"
///     LookAhead("30")           // .days(30)
public enum LookAhead: Hashable, Sendable, CustomStringConvertible {
    case days(Int)
    case weeks(Int)
    case workdays(Int)

    /// Reads `Nd`, `Nw`, `Nworkdays` (or `Nwd`, `N工作日`, `N天`, `N周`), or a bare number of days.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        guard let n = Int(digits), n >= 0, n <= 3660 else { return nil }
        switch t.dropFirst(digits.count).trimmingCharacters(in: .whitespaces) {
        case "", "d", "day", "days", "天", "日": self = .days(n)
        case "w", "week", "weeks", "周", "星期": self = .weeks(n)
        case "wd", "workday", "workdays", "工作日", "个工作日": self = .workdays(n)
        default: return nil
        }
    }

    /// The last day of the span that starts after `day`: `day + n` calendar days, or the n-th
    /// working day after `day`.
    public func lastDay(after day: CivilDate, calendar: WorkdayCalendar) -> CivilDate {
        switch self {
        case .days(let n): day.adding(days: n)
        case .weeks(let n): day.adding(days: 7 * n)
        case .workdays(let n): calendar.adding(workdays: n, to: day)
        }
    }

    public var description: String {
        switch self {
        case .days(let n): "\(n)d"
        case .weeks(let n): "\(n)w"
        case .workdays(let n): "\(n)workdays"
        }
    }
}
