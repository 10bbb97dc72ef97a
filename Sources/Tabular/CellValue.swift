import ChineseDates
import Foundation

/// What a cell holds. CSV cells are only ever `.text` or `.empty`: CSV has no types, and
/// reading "2025/10/31" as a date is the Ledger module's business.
public enum CellValue: Hashable, Sendable {
    case empty
    case text(String)
    /// A number, with the text it was stored as (`"12"`, `"0.30000000000000004"`).
    case number(Double, text: String)
    /// An .xlsx serial number whose number format is a date format.
    case date(CellDate)
    case boolean(Bool)
    /// An Excel error value such as `#N/A` or `#REF!`.
    case error(String)

    public var isEmpty: Bool {
        switch self {
        case .empty: true
        case .text(let s): s.isEmpty
        default: false
        }
    }

    /// The text a user would see: numbers to 15 significant digits as Excel shows them,
    /// dates as `2025-10-31` (with `hh:mm` when there is a time), booleans as `TRUE`/`FALSE`.
    public var displayText: String {
        switch self {
        case .empty: ""
        case .text(let s): s
        case .number(let n, _): NumberText.display(n)
        case .date(let d): d.description
        case .boolean(let b): b ? "TRUE" : "FALSE"
        case .error(let e): e
        }
    }

    /// The text, when the cell is text.
    public var text: String? {
        if case .text(let s) = self { return s }
        return nil
    }

    /// The number, when the cell is a number.
    public var number: Double? {
        if case .number(let n, _) = self { return n }
        return nil
    }

    /// The date, when the cell is a date.
    public var date: CellDate? {
        if case .date(let d) = self { return d }
        return nil
    }
}

/// A calendar date (proleptic Gregorian) with an optional time of day, as a spreadsheet stores it.
/// No time zone: a deadline "2025-10-31" is a civil day.
///
///     CellDate(serial: 45961, date1904: false)  // 2025-10-31
public struct CellDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int
    /// Seconds since midnight; 0 for a plain date.
    public let secondsIntoDay: Int

    public init?(year: Int, month: Int, day: Int, secondsIntoDay: Int = 0) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= CivilDate.daysIn(month: month, year: year),
              (0..<86_400).contains(secondsIntoDay)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.secondsIntoDay = secondsIntoDay
    }

    /// Converts an Excel serial number. In the 1900 system serial 1 is 1900-01-01 and Excel
    /// counts a 1900-02-29 that never was (serial 60), so serials from 61 on are one day ahead
    /// of a plain count; in the 1904 system serial 0 is 1904-01-01. Nil outside 0001–9999
    /// or for negative serials.
    public init?(serial: Double, date1904: Bool) {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = serial.rounded(.down)
        var seconds = ((serial - days) * 86_400).rounded()
        if seconds >= 86_400 {
            days += 1
            seconds = 0
        }
        let whole = Int(days)
        let dayNumber: Int // days since 1970-01-01
        if date1904 {
            dayNumber = whole - 24_107 // 1904-01-01 is day -24107
        } else if whole < 60 {
            dayNumber = whole - 25_568 // serial 1 → 1900-01-01 (day -25567)
        } else {
            dayNumber = whole - 25_569 // serial 61 → 1900-03-01; 60 (the fictitious 29th) → 02-28
        }
        let civil = CivilDate(dayNumber: dayNumber)
        self.init(year: civil.year, month: civil.month, day: civil.day, secondsIntoDay: Int(seconds))
    }

    /// The Excel serial number for this date in the given date system (used by the writer).
    public func serial(date1904: Bool) -> Double {
        let n = CivilDate(year: year, month: month, day: day)?.dayNumber ?? 0
        var whole: Int
        if date1904 {
            whole = n + 24_107
        } else {
            whole = n + 25_569
            if whole < 61 { whole -= 1 }
        }
        return Double(whole) + Double(secondsIntoDay) / 86_400
    }

    public static func < (a: CellDate, b: CellDate) -> Bool {
        (a.year, a.month, a.day, a.secondsIntoDay) < (b.year, b.month, b.day, b.secondsIntoDay)
    }

    /// `2025-10-31`, or `2025-10-31 14:30` / `2025-10-31 14:30:15` when there is a time.
    public var description: String {
        let date = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        guard secondsIntoDay > 0 else { return date }
        let h = secondsIntoDay / 3600
        let m = secondsIntoDay / 60 % 60
        let s = secondsIntoDay % 60
        let time = pad(h, 2) + ":" + pad(m, 2)
        return date + " " + (s == 0 ? time : time + ":" + pad(s, 2))
    }

    private func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

}

/// Number ↔ text as spreadsheets do it.
enum NumberText {
    /// Excel shows at most 15 significant digits, so 0.1+0.2 reads `0.3`, not `0.30000000000000004`.
    static func display(_ n: Double) -> String {
        guard n.isFinite else { return n.isNaN ? "NaN" : (n < 0 ? "-∞" : "∞") }
        if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        let rounded = roundedTo15Digits(n)
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }

    private static func roundedTo15Digits(_ n: Double) -> Double {
        // printf's %.15g does the decimal rounding exactly; Double(...) then gives the
        // shortest text that reads back as that value.
        let text = String(format: "%.15g", n)
        return Double(text) ?? n
    }
}
