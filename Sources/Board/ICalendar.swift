import ChineseDates
import Foundation
import Schedule

// Why hand-written: RFC 5545 output is a dozen properties, and what matters here (folding at
// 75 octets without splitting a UTF-8 sequence, escaping so that ledger text cannot start a
// property of its own) is easier to see and test in fifty lines than through a library.

/// A calendar feed (RFC 5545) of deadlines and milestones: one all-day VEVENT per item on its
/// due date, with a VALARM at the largest lead time of the item's policy (09:00 that day).
///
///     let text = ICalendar.feed(name: "整改事项 — 区财政局", items: board.unit(named: "区财政局")!.items,
///                               reminders: settings, calendar: calendar, stamp: Date())
public enum ICalendar {
    /// The feed, lines ended by CRLF and folded.
    public static func feed(name: String, items: [BoardItem], reminders: ReminderSettings, calendar: WorkdayCalendar,
                            stamp: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//xianqi//board//ZH", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name), "X-WR-TIMEZONE:" + escape(reminders.timeZone.identifier)]
        let dtstamp = utcStamp(stamp)
        for entry in items.sorted(by: { ($0.item.due ?? .init(dayNumber: 0), $0.item.reference) < ($1.item.due ?? .init(dayNumber: 0), $1.item.reference) }) {
            guard let due = entry.item.due, !entry.item.coincidesWithMeasure else { continue }
            lines += event(entry, due: due, dtstamp: dtstamp, policy: reminders.policy(category: entry.item.category, unit: entry.item.unit),
                           calendar: calendar)
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined()
    }

    static func event(_ entry: BoardItem, due: CivilDate, dtstamp: String, policy: ReminderPolicy, calendar: WorkdayCalendar) -> [String] {
        let item = entry.item
        var summary = item.done ? "【已办结】" : entry.colour == .red ? "【逾期】" : ""
        summary += item.reference.isMilestone ? "【节点】" : ""
        summary += item.title
        var description = ["编号: \(item.reference.shortForm)"]
        if item.reference.isMilestone { description.append("措施: \(item.measureText)") }
        if let u = item.unit { description.append("责任单位: \(u)") }
        if let o = item.owner { description.append("责任人: \(o)") }
        if let l = item.leader { description.append("责任领导: \(l)") }
        if let t = item.deadlineText { description.append("完成时限: \(t)") }
        if item.isExtended, let original = item.ledgerDue { description.append("原到期日: \(original)") }
        if let s = item.source { description.append("位置: \(s)") }
        var lines = [
            "BEGIN:VEVENT",
            "UID:" + uid(item.reference),
            "DTSTAMP:" + dtstamp,
            "SEQUENCE:\(sequence(item))",
            "DTSTART;VALUE=DATE:" + compact(due),
            "DTEND;VALUE=DATE:" + compact(due.adding(days: 1)),
            "SUMMARY:" + escape(summary),
            "DESCRIPTION:" + escape(description.joined(separator: "\n")),
            "TRANSP:TRANSPARENT",
            "STATUS:CONFIRMED",
        ]
        if let u = item.unit { lines.append("CATEGORIES:" + escape(u)) }
        if !item.done, let lead = policy.leadTimes.max() {
            let days = policy.leadUnit == .workdays ? calendarDays(before: due, workdays: lead, calendar: calendar) : lead
            // An all-day event starts at midnight: the alarm fires at 09:00 on the first reminder's day.
            let trigger = days == 0 ? "PT9H" : "-PT\(days * 24 - 9)H"
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:" + trigger,
                      "DESCRIPTION:" + escape("将于 \(due) 到期: " + item.title), "END:VALARM"]
        }
        lines.append("END:VEVENT")
        return lines
    }

    /// Stable across runs and ledger edits that keep the item's id: a hash of its key.
    public static func uid(_ reference: ItemReference) -> String {
        let h = reference.key.utf8.reduce(UInt64(0xCBF2_9CE4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + "@xianqi"
    }

    /// How many extensions moved the deadline now in effect: a calendar replaces the event.
    public static func sequence(_ item: ScheduleItem) -> Int {
        item.overrides.count { if case .extended = $0.action { true } else { false } }
    }

    /// TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline. Other
    /// control characters (a bare CR among them) become spaces: no line break reaches the output.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousCR { out += "\\n" }
            case "\u{2028}", "\u{2029}", "\u{85}": out += "\\n"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += " " } else { out.unicodeScalars.append(scalar) }
            }
            previousCR = scalar == "\r"
        }
        return out
    }

    /// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence; ends it with CRLF.
    public static func fold(_ line: String) -> String {
        var out: [UInt8] = []
        var width = 0
        for scalar in line.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if width + bytes.count > 75 {
                out += [0x0D, 0x0A, 0x20]
                width = 1
            }
            out += bytes
            width += bytes.count
        }
        out += [0x0D, 0x0A]
        return String(decoding: out, as: UTF8.self)
    }

    static func compact(_ d: CivilDate) -> String { d.description.replacingOccurrences(of: "-", with: "") }

    static func utcStamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// Calendar days back from `due` to the day `workdays` working days before it.
    static func calendarDays(before due: CivilDate, workdays: Int, calendar: WorkdayCalendar) -> Int {
        var d = due
        var left = workdays
        while left > 0 {
            d = d.adding(days: -1)
            if calendar.isWorkday(d) { left -= 1 }
            if due.days(since: d) > 3660 { break }
        }
        return due.days(since: d)
    }
}
