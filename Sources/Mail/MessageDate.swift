import Foundation

/// The `Date` header's format (RFC 5322 §3.3): `Tue, 01 Jul 2025 09:00:00 +0800`.
///
/// Written from calendar fields rather than with a `DateFormatter`, so neither the
/// process locale nor the formatter's pattern rules can change the English day and
/// month names the standard requires.
enum MessageDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `date` as seen in `zone`, e.g. `Tue, 01 Jul 2025 09:00:00 +0800` for Asia/Shanghai.
    static func format(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute, .second], from: date)
        let day = days[((c.weekday ?? 1) - 1) % 7]
        let month = months[((c.month ?? 1) - 1) % 12]
        return "\(day), \(two(c.day ?? 1)) \(month) \(c.year ?? 1970) \(two(c.hour ?? 0)):\(two(c.minute ?? 0)):\(two(c.second ?? 0)) \(offset(zone.secondsFromGMT(for: date)))"
    }

    /// `+0800`, `-0330`.
    private static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return sign + two(minutes / 60) + two(minutes % 60)
    }

    private static func two(_ n: Int) -> String {
        n < 10 ? "0\(n)" : "\(n)"
    }
}
