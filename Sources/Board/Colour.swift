import ChineseDates
import Schedule

/// The three colours of 督查督办 boards, and the states beside them.
///
/// For an open item with a deadline, as of day D, with L the largest lead time of the item's
/// reminder policy (its category's and unit's tables applied) and Y `[board] yellow_within`:
/// red when the deadline is before D; yellow when at most Y working days are left; blue when
/// the first reminder has gone out (at most L days, or working days with `lead_unit =
/// "workdays"`, are left); otherwise normal. Done items are done; 长期坚持 is long-term.
public enum Colour: Int, Hashable, Sendable, CaseIterable, Comparable {
    case red = 0, yellow, blue, normal, longTerm, undated, done

    /// `red`, `yellow` …: CSS class and JSON value.
    public var name: String {
        switch self {
        case .red: "red"
        case .yellow: "yellow"
        case .blue: "blue"
        case .normal: "normal"
        case .longTerm: "long-term"
        case .undated: "undated"
        case .done: "done"
        }
    }

    /// 红, 黄 …: what the page says.
    public var chineseName: String {
        switch self {
        case .red: "红（逾期）"
        case .yellow: "黄（临期）"
        case .blue: "蓝（已进入提醒期）"
        case .normal: "正常"
        case .longTerm: "长期坚持"
        case .undated: "无时限"
        case .done: "已办结"
        }
    }

    public static func < (a: Colour, b: Colour) -> Bool { a.rawValue < b.rawValue }

    /// The colour of `item` as of `today`.
    public static func of(_ item: ScheduleItem, today: CivilDate, calendar: WorkdayCalendar,
                          policy: ReminderPolicy, yellowWithin: Int) -> Colour {
        if item.done { return .done }
        switch item.timing {
        case .ongoing, .cadence: return .longTerm
        case .undated: return .undated
        case .deadline(let due):
            if due < today { return .red }
            let workdaysLeft = calendar.workdays(from: today, to: due)
            if workdaysLeft <= yellowWithin { return .yellow }
            let lead = policy.leadTimes.max() ?? 0
            let left = policy.leadUnit == .workdays ? workdaysLeft : due.days(since: today)
            return left <= lead ? .blue : .normal
        }
    }
}
