/// Working days (工作日) under the official Chinese holiday arrangements.
///
/// Each year the State Council General Office (国务院办公厅) publishes which days are off for the
/// seven public festivals and which Saturdays or Sundays become working days in exchange
/// (调休上班). A calendar is built from that data; it does no I/O (the `Schedule` module loads it
/// from `holidays-cn.toml`).
///
/// A day is a working day when it is Monday–Friday and not a holiday, or when it is a make-up
/// working day. For years outside ``coverage`` there is no data and the plain Monday–Friday rule
/// applies: callers should check ``covers(_:)`` or ``uncoveredYears(from:through:)`` and warn.
///
///     let calendar = try WorkdayCalendar(
///         holidays: [.init(festival: "国庆节", year: 2024,
///                          days: DayRange(start: CivilDate("2024-10-01")!, end: CivilDate("2024-10-07")!))],
///         makeupWorkdays: [.init(date: CivilDate("2024-10-12")!, festival: "国庆节", year: 2024)])
///     calendar.adding(workdays: 1, to: CivilDate("2024-09-30")!)   // 2024-10-08
public struct WorkdayCalendar: Hashable, Sendable {

    /// A festival's block of consecutive days off, as one year's notice gives it.
    public struct Holiday: Hashable, Sendable {
        /// The festival's name as the notice writes it: `春节`, or `国庆节、中秋节` for a combined block.
        public let festival: String
        /// The year of the notice (its days may begin in December of the year before, for 元旦).
        public let year: Int
        /// The days off, inclusive.
        public let days: DayRange

        public init(festival: String, year: Int, days: DayRange) {
            self.festival = festival
            self.year = year
            self.days = days
        }
    }

    /// A Saturday or Sunday made a working day in exchange for a festival's days off (调休上班).
    public struct MakeupWorkday: Hashable, Sendable {
        public let date: CivilDate
        /// The festival whose days off this day makes up for.
        public let festival: String
        /// The year of the notice.
        public let year: Int

        public init(date: CivilDate, festival: String, year: Int) {
            self.date = date
            self.festival = festival
            self.year = year
        }
    }

    /// Why a day is, or is not, a working day.
    public enum DayKind: Hashable, Sendable {
        /// Monday–Friday, no holiday.
        case workday
        /// Saturday or Sunday, no make-up working day.
        case weekend
        /// A day off of the named festival (whatever its weekday).
        case holiday(festival: String)
        /// A Saturday or Sunday worked in exchange for the named festival's days off.
        case makeupWorkday(festival: String)

        public var isWorkday: Bool {
            switch self {
            case .workday, .makeupWorkday: true
            case .weekend, .holiday: false
            }
        }
    }

    /// The notice years the data covers, ascending. Empty for ``plainWeekdays``.
    public let coverage: [Int]
    /// Every holiday block, ordered by first day.
    public let holidays: [Holiday]
    /// Every make-up working day, ordered by date.
    public let makeupWorkdays: [MakeupWorkday]

    // Keyed by CivilDate.dayNumber: the arithmetic walks day numbers, not dates.
    private let festivalOff: [Int: String]
    private let festivalWorked: [Int: String]

    /// A calendar with no holiday data: every day follows the Monday–Friday rule and no year is covered.
    public static let plainWeekdays = WorkdayCalendar(checked: [], [])

    /// Builds a calendar, refusing contradictory data.
    ///
    /// ``coverage`` is the set of notice years that appear in `holidays` or `makeupWorkdays`.
    /// - Throws: ``WorkdayCalendarError`` when a day is both a holiday and a make-up working day,
    ///   when a make-up working day is not a Saturday or Sunday, when two festivals' days off overlap,
    ///   when a make-up day is listed twice, or when a date lies outside its notice's year
    ///   (December of the year before is allowed).
    public init(holidays: [Holiday], makeupWorkdays: [MakeupWorkday]) throws(WorkdayCalendarError) {
        try Self.validate(holidays: holidays, makeupWorkdays: makeupWorkdays)
        self.init(checked: holidays, makeupWorkdays)
    }

    private init(checked holidays: [Holiday], _ makeupWorkdays: [MakeupWorkday]) {
        self.holidays = holidays.sorted { ($0.days.start, $0.year) < ($1.days.start, $1.year) }
        self.makeupWorkdays = makeupWorkdays.sorted { $0.date < $1.date }
        self.coverage = Set(holidays.map(\.year) + makeupWorkdays.map(\.year)).sorted()
        var off: [Int: String] = [:]
        for holiday in holidays {
            for n in holiday.days.start.dayNumber...holiday.days.end.dayNumber {
                off[n] = holiday.festival
            }
        }
        self.festivalOff = off
        self.festivalWorked = Dictionary(
            makeupWorkdays.map { ($0.date.dayNumber, $0.festival) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Coverage

    /// Whether the data covers `date`'s calendar year. Outside it, the Monday–Friday rule is a guess.
    ///
    /// The last days of a covered year can still be changed by the next year's notice
    /// (a 元旦 block or make-up day in late December), which is why the next year matters too.
    public func covers(_ date: CivilDate) -> Bool {
        coverage.contains(date.year)
    }

    /// The calendar years between two dates (in either order, inclusive) that the data does not cover:
    /// empty when working-day arithmetic over that span rests entirely on official data.
    public func uncoveredYears(from start: CivilDate, through end: CivilDate) -> [Int] {
        let years = min(start.year, end.year)...max(start.year, end.year)
        return years.filter { !coverage.contains($0) }
    }

    // MARK: Single days

    /// Why `date` is or is not a working day.
    public func kind(of date: CivilDate) -> DayKind {
        kind(ofDayNumber: date.dayNumber)
    }

    /// Whether `date` is a working day: Monday–Friday unless a holiday; Saturday or Sunday only
    /// when a make-up working day.
    public func isWorkday(_ date: CivilDate) -> Bool {
        kind(of: date).isWorkday
    }

    /// The festival `date` is a day off for, or nil.
    public func holiday(on date: CivilDate) -> String? {
        festivalOff[date.dayNumber]
    }

    // MARK: Arithmetic

    /// `date` itself when it is a working day, else the first working day after it.
    ///
    /// This is where a reminder that falls on a day off moves to.
    public func nextWorkday(onOrAfter date: CivilDate) -> CivilDate {
        var n = date.dayNumber
        while !kind(ofDayNumber: n).isWorkday { n += 1 }
        return CivilDate(dayNumber: n)
    }

    /// The `workdays`-th working day after `date` (before it, when negative); `date` itself when zero.
    ///
    /// `date` never counts, whether or not it is a working day: 1 working day after Friday
    /// 2024-09-27 is Sunday 2024-09-29 (a make-up day); 1 after 2024-09-30 is 2024-10-08.
    public func adding(workdays: Int, to date: CivilDate) -> CivilDate {
        let step = workdays < 0 ? -1 : 1
        var remaining = workdays.magnitude
        var n = date.dayNumber
        while remaining > 0 {
            n += step
            if kind(ofDayNumber: n).isWorkday { remaining -= 1 }
        }
        return CivilDate(dayNumber: n)
    }

    /// The number of working days after `start` up to and including `end`: the interval is
    /// `(start, end]`. Negative when `end` is before `start`, so that
    /// `workdays(from: a, to: b) == -workdays(from: b, to: a)`.
    ///
    /// It undoes ``adding(workdays:to:)`` for a count of zero or more:
    /// `workdays(from: d, to: adding(workdays: k, to: d)) == k`. "Working days left until the
    /// deadline" is `workdays(from: today, to: deadline)`.
    public func workdays(from start: CivilDate, to end: CivilDate) -> Int {
        let (a, b) = (start.dayNumber, end.dayNumber)
        guard a != b else { return 0 }
        let range = a < b ? (a + 1)...b : (b + 1)...a
        let count = range.count(where: { kind(ofDayNumber: $0).isWorkday })
        return a < b ? count : -count
    }

    // MARK: Internals

    private func kind(ofDayNumber n: Int) -> DayKind {
        if let festival = festivalOff[n] { return .holiday(festival: festival) }
        if let festival = festivalWorked[n] { return .makeupWorkday(festival: festival) }
        return CivilDate.isWeekend(dayNumber: n) ? .weekend : .workday
    }

    private static func validate(holidays: [Holiday], makeupWorkdays: [MakeupWorkday]) throws(WorkdayCalendarError) {
        func checkInNoticeYear(_ date: CivilDate, _ origin: WorkdayCalendarError.Origin) throws(WorkdayCalendarError) {
            let allowed = date.year == origin.year || (date.year == origin.year - 1 && date.month == 12)
            if !allowed { throw .outsideNoticeYear(date, origin) }
        }

        var off: [Int: WorkdayCalendarError.Origin] = [:]
        for holiday in holidays {
            let origin = WorkdayCalendarError.Origin(year: holiday.year, festival: holiday.festival)
            try checkInNoticeYear(holiday.days.start, origin)
            try checkInNoticeYear(holiday.days.end, origin)
            for n in holiday.days.start.dayNumber...holiday.days.end.dayNumber {
                if let earlier = off[n] {
                    throw .overlappingHolidays(CivilDate(dayNumber: n), earlier, origin)
                }
                off[n] = origin
            }
        }

        var worked: [Int: WorkdayCalendarError.Origin] = [:]
        for makeup in makeupWorkdays {
            let origin = WorkdayCalendarError.Origin(year: makeup.year, festival: makeup.festival)
            let n = makeup.date.dayNumber
            try checkInNoticeYear(makeup.date, origin)
            if let holiday = off[n] {
                throw .holidayIsMakeupWorkday(makeup.date, holiday: holiday, makeupWorkday: origin)
            }
            if !CivilDate.isWeekend(dayNumber: n) {
                throw .makeupWorkdayNotOnWeekend(makeup.date, origin)
            }
            if let earlier = worked[n] {
                throw .duplicateMakeupWorkday(makeup.date, earlier, origin)
            }
            worked[n] = origin
        }
    }
}

/// Holiday data that contradicts itself or the calendar. Messages are in Chinese with English in parentheses.
public enum WorkdayCalendarError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Which notice year and festival a date came from.
    public struct Origin: Hashable, Sendable, CustomStringConvertible {
        public let year: Int
        public let festival: String

        public init(year: Int, festival: String) {
            self.year = year
            self.festival = festival
        }

        /// `2024年春节`.
        public var description: String { "\(year)年\(festival)" }
    }

    /// The day is listed both as a day off and as a make-up working day.
    case holidayIsMakeupWorkday(CivilDate, holiday: Origin, makeupWorkday: Origin)
    /// A make-up working day is Monday–Friday, which would already be a working day.
    case makeupWorkdayNotOnWeekend(CivilDate, Origin)
    /// Two festivals claim the same day off.
    case overlappingHolidays(CivilDate, Origin, Origin)
    /// The same make-up working day is listed twice.
    case duplicateMakeupWorkday(CivilDate, Origin, Origin)
    /// A date is neither in its notice's year nor in the December before it.
    case outsideNoticeYear(CivilDate, Origin)

    public var description: String {
        switch self {
        case let .holidayIsMakeupWorkday(date, holiday, makeup):
            "\(date) 既是\(holiday)的放假日,又是\(makeup)的调休上班日"
                + " (\(date) is both a day off and a make-up working day)"
        case let .makeupWorkdayNotOnWeekend(date, origin):
            "\(origin)的调休上班日 \(date) 是\(Self.weekdayName(date)),不是周六或周日"
                + " (make-up working day \(date) is a \(Self.englishWeekdayName(date)), not a Saturday or Sunday)"
        case let .overlappingHolidays(date, first, second):
            "\(date) 同时是\(first)和\(second)的放假日"
                + " (the days off of two festivals overlap on \(date))"
        case let .duplicateMakeupWorkday(date, first, second):
            "\(date) 重复列为调休上班日(\(first)、\(second))"
                + " (make-up working day \(date) is listed twice)"
        case let .outsideNoticeYear(date, origin):
            "\(origin)的日期 \(date) 不在\(origin.year)年内"
                + " (date \(date) is outside the notice's year \(origin.year); only December of the year before is allowed)"
        }
    }

    private static func weekdayName(_ date: CivilDate) -> String {
        ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"][date.weekday - 1]
    }

    private static func englishWeekdayName(_ date: CivilDate) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][date.weekday - 1]
    }
}

extension CivilDate {
    /// Saturday or Sunday for the day `dayNumber` days after 1970-01-01 (a Thursday).
    static func isWeekend(dayNumber n: Int) -> Bool {
        let r = ((n + 3) % 7 + 7) % 7  // 0 = Monday … 6 = Sunday
        return r >= 5
    }
}
