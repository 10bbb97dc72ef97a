import ChineseDates
import Foundation

/// Instants as the office lives them: the civil day an instant falls on in the office's time
/// zone, the first and last second of a day, a wall-clock time on a day, and the text people
/// read. The one place that builds a `Calendar` for a zone; the libraries take an `OfficeTime`
/// (or its zone) as a parameter and never read the clock.
///
///     let office = OfficeTime.china                        // Asia/Shanghai
///     office.day(of: instant)                              // 2024-11-21
///     office.start(of: CivilDate("2024-11-21")!)            // 2024-11-20T16:00:00Z
///     office.minuteText(instant)                           // "2024-11-21 09:30"
public struct OfficeTime: Sendable, Hashable {
    public let zone: TimeZone
    private let calendar: Calendar

    public init(zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.zone = zone
        self.calendar = calendar
    }

    /// China Standard Time (Asia/Shanghai; +08:00 where the zone database lacks it): the zone
    /// of every office xianqi is written for, and the default of `timezone` in xianqi.toml.
    public static let china = OfficeTime(zone: TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt)

    /// The civil day `instant` falls on in the office's zone.
    public func day(of instant: Date) -> CivilDate {
        let c = calendar.dateComponents([.year, .month, .day], from: instant)
        guard let y = c.year, let m = c.month, let d = c.day, let day = CivilDate(year: y, month: m, day: d) else {
            return CivilDate(dayNumber: Int((instant.timeIntervalSince1970 / 86_400).rounded(.down)))
        }
        return day
    }

    /// Minutes since midnight of `instant`'s wall-clock time (09:30 is 570).
    public func minutes(of instant: Date) -> Int {
        let c = calendar.dateComponents([.hour, .minute], from: instant)
        return (c.hour ?? 0) * 60 + (c.minute ?? 0)
    }

    /// The first instant of `day`.
    public func start(of day: CivilDate) -> Date {
        instant(day, minutes: 0)
    }

    /// The last whole second of `day` (23:59:59), the instant "at the end of the day" stands for.
    public func end(of day: CivilDate) -> Date {
        start(of: day.adding(days: 1)).addingTimeInterval(-1)
    }

    /// The instant of a wall-clock time on `day`. A time that does not exist (a daylight-saving
    /// gap) comes later that day: Foundation moves it past the gap, and should it give nothing,
    /// noon of that day is taken.
    public func instant(_ day: CivilDate, minutes: Int) -> Date {
        let c = DateComponents(year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60)
        if let d = calendar.date(from: c) { return d }
        let noon = DateComponents(year: day.year, month: day.month, day: day.day, hour: 12)
        return calendar.date(from: noon) ?? Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400 + Double(minutes) * 60)
    }

    /// `2024-11-21 09:30`.
    public func minuteText(_ instant: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        return "\(Self.digits(c.year, 4))-\(Self.digits(c.month, 2))-\(Self.digits(c.day, 2)) \(Self.digits(c.hour, 2)):\(Self.digits(c.minute, 2))"
    }

    /// `2024-11-21 09:30:05`.
    public func secondText(_ instant: Date) -> String {
        let c = calendar.dateComponents([.second], from: instant)
        return minuteText(instant) + ":" + Self.digits(c.second, 2)
    }

    /// ISO 8601 with the zone's offset: `2024-11-21T09:30:05+08:00`.
    public func iso8601(_ instant: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        return formatter.string(from: instant)
    }

    private static func digits(_ n: Int?, _ width: Int) -> String {
        let text = String(n ?? 0)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    public static func == (a: OfficeTime, b: OfficeTime) -> Bool { a.zone == b.zone }
    public func hash(into hasher: inout Hasher) { hasher.combine(zone) }
}
