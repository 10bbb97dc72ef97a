import ChineseDates
import Foundation

/// Instants as the state database stores them: `2024-11-21T01:00:00.000Z` (UTC, milliseconds),
/// which sort as text in time order and read the same in `sqlite3`.
public enum InstantText {
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public static func format(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let days = Int(ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000)
        let rest = Int(ms - Int64(days) * 86_400_000)
        let day = CivilDate(dayNumber: days)
        let h = rest / 3_600_000, m = rest / 60_000 % 60, s = rest / 1000 % 60, f = rest % 1000
        return "\(day)T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)).\(pad(f, 3))Z"
    }

    /// Reads what ``format(_:)`` writes (the fraction may be absent).
    public static func parse(_ text: String) -> Date? {
        guard text.hasSuffix("Z"), let t = text.firstIndex(of: "T"),
              let day = CivilDate(text[..<t]) else { return nil }
        let time = text[text.index(after: t)..<text.index(before: text.endIndex)]
        let parts = time.split(separator: ":")
        guard parts.count == 3, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        let secondParts = parts[2].split(separator: ".")
        guard let s = Int(secondParts[0]) else { return nil }
        let ms = secondParts.count > 1 ? Int(secondParts[1].prefix(3).padding(toLength: 3, withPad: "0", startingAt: 0)) ?? 0 : 0
        let total = Int64(day.dayNumber) * 86_400_000 + Int64(h * 3_600_000 + m * 60_000 + s * 1000 + ms)
        return Date(timeIntervalSince1970: Double(total) / 1000)
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
