/// A calendar day in the proleptic Gregorian calendar, with no time and no time zone.
///
/// Deadlines in rectification ledgers are civil days ("2025年10月31日前"): whether a day
/// has passed is decided in the office's time zone by the caller, never here.
///
///     let due = CivilDate(year: 2025, month: 10, day: 31)!
///     due.adding(days: 1)        // 2025-11-01
///     CivilDate("2024-02-29")    // valid: leap year
public struct CivilDate: Hashable, Comparable, Sendable {
    // Stored in 8 bytes, not three Ints (24): a ledger's rows and items hold a date or two each.
    private let y: Int32
    private let m: UInt8
    private let d: UInt8

    public var year: Int { Int(y) }
    public var month: Int { Int(m) }
    public var day: Int { Int(d) }

    /// A validated date, or nil when the month or day does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysIn(month: month, year: year)
        else { return nil }
        self.y = Int32(year)
        self.m = UInt8(month)
        self.d = UInt8(day)
    }

    /// Parses `YYYY-MM-DD` (ISO 8601 calendar date, extended format).
    public init?(_ iso: some StringProtocol) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.y = Int32(clamping: yoe + era * 400 + (m <= 2 ? 1 : 0))
        self.m = UInt8(m)
        self.d = UInt8(d)
    }

    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The first day of a month; `month` outside 1...12 carries into neighbouring years.
    public static func firstDay(year: Int, month: Int) -> CivilDate {
        let m0 = month - 1
        let y = year + (m0 >= 0 ? m0 / 12 : (m0 - 11) / 12)
        let m = ((m0 % 12) + 12) % 12 + 1
        return CivilDate(unchecked: y, m, 1)
    }

    /// The last day of a month; `month` outside 1...12 carries into neighbouring years.
    public static func lastDay(year: Int, month: Int) -> CivilDate {
        let first = firstDay(year: year, month: month)
        return CivilDate(unchecked: first.year, first.month, daysIn(month: first.month, year: first.year))
    }

    public func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + days)
    }

    /// Adds calendar months, clamping the day to the end of a shorter month (1月31日 + 1 month = 2月28/29日).
    public func adding(months: Int) -> CivilDate {
        let first = CivilDate.firstDay(year: year, month: month + months)
        let d = min(day, CivilDate.daysIn(month: first.month, year: first.year))
        return CivilDate(unchecked: first.year, first.month, d)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = (dayNumber + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    /// Whole days from `other` to `self` (positive when `self` is later).
    public func days(since other: CivilDate) -> Int {
        dayNumber - other.dayNumber
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.y, lhs.m, lhs.d) < (rhs.y, rhs.m, rhs.d)
    }

    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.y = Int32(clamping: year)
        self.m = UInt8(truncatingIfNeeded: month)
        self.d = UInt8(truncatingIfNeeded: day)
    }
}

extension CivilDate: CustomStringConvertible, LosslessStringConvertible {
    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

extension CivilDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a YYYY-MM-DD date: \(text)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An inclusive range of civil days.
public struct DayRange: Hashable, Sendable, Codable {
    public let start: CivilDate
    public let end: CivilDate

    public init(start: CivilDate, end: CivilDate) {
        self.start = min(start, end)
        self.end = max(start, end)
    }

    public static func day(_ d: CivilDate) -> DayRange { DayRange(start: d, end: d) }

    public func contains(_ d: CivilDate) -> Bool { start <= d && d <= end }
}
