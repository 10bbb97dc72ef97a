import ChineseDates

/// Working-day counts between many dates and one day, in constant time each.
///
/// ``WorkdayCalendar/workdays(from:to:)`` walks the days; listing a large ledger asks it once
/// per item over spans of months, so the counter keeps a running total per day instead
/// (`total[n]` = working days from the table's first day through day n) and falls back to the
/// calendar outside the span it was built for.
struct WorkdayCounter {
    let calendar: WorkdayCalendar
    private let first: Int
    private let totals: [Int32]

    /// A counter exact for every pair of days in `start...end`.
    init(calendar: WorkdayCalendar, covering start: CivilDate, through end: CivilDate) {
        self.calendar = calendar
        let a = min(start, end).dayNumber, b = max(start, end).dayNumber
        first = a
        var totals = [Int32](repeating: 0, count: b - a + 1)
        var running: Int32 = 0
        for n in a...b {
            if calendar.isWorkday(CivilDate(dayNumber: n)) { running += 1 }
            totals[n - a] = running
        }
        self.totals = totals
    }

    /// ``WorkdayCalendar/workdays(from:to:)``: working days in `(start, end]`, negative when `end` is earlier.
    func workdays(from start: CivilDate, to end: CivilDate) -> Int {
        workdays(fromDayNumber: start.dayNumber, toDayNumber: end.dayNumber)
    }

    /// The same, by ``ChineseDates/CivilDate/dayNumber``.
    func workdays(fromDayNumber a: Int, toDayNumber b: Int) -> Int {
        let i = a - first, j = b - first
        guard i >= 0, j >= 0, i < totals.count, j < totals.count else {
            return calendar.workdays(from: CivilDate(dayNumber: a), to: CivilDate(dayNumber: b))
        }
        return Int(totals[j] - totals[i])
    }
}
