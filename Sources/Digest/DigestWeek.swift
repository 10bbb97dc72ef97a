import ChineseDates

/// The calendar week a digest is issued in: Monday to Sunday, numbered as ISO 8601 does.
///
/// It names the digest ("2024年11月18日—24日") and keys it: one digest per week and
/// recipient, however often it is sent (docs/digest.md).
///
///     let week = DigestWeek(containing: CivilDate("2024-11-21")!)
///     week.identifier    // "2024-W47"
///     week.chineseRange  // "2024年11月18日—24日"
public struct DigestWeek: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The Monday the week starts on.
    public let monday: CivilDate
    /// The ISO week-numbering year: the year of the week's Thursday (2024-12-30 is in 2025-W01).
    public let year: Int
    /// 1…53.
    public let number: Int

    /// The week that holds `day`.
    public init(containing day: CivilDate) {
        monday = day.adding(days: 1 - day.weekday)
        let thursday = monday.adding(days: 3)
        year = thursday.year
        let januaryFirst = CivilDate.firstDay(year: thursday.year, month: 1)
        number = thursday.days(since: januaryFirst) / 7 + 1
    }

    /// The Sunday the week ends on.
    public var sunday: CivilDate { monday.adding(days: 6) }

    /// `2024-W47`: what the digest's event keys and journal records carry.
    public var identifier: String {
        "\(year)-W\(number < 10 ? "0" : "")\(number)"
    }

    /// `2024年11月18日—24日`, `2024年11月25日—12月1日`, `2024年12月30日—2025年1月5日`.
    public var chineseRange: String {
        ChineseDay.range(monday, sunday)
    }

    public var description: String { identifier }

    public static func < (a: DigestWeek, b: DigestWeek) -> Bool { a.monday < b.monday }
}

/// Days written the way a notice writes them: 2024年11月21日, 11月21日.
enum ChineseDay {
    /// `2024年11月21日`.
    static func full(_ d: CivilDate) -> String { "\(d.year)年\(d.month)月\(d.day)日" }

    /// `11月21日`.
    static func monthDay(_ d: CivilDate) -> String { "\(d.month)月\(d.day)日" }

    /// A span, the second day written only as far as it differs from the first:
    /// `2024年11月18日—24日`, `2024年11月25日—12月1日`, `2024年12月30日—2025年1月5日`.
    static func range(_ a: CivilDate, _ b: CivilDate) -> String {
        if a == b { return full(a) }
        if a.year != b.year { return full(a) + "—" + full(b) }
        if a.month != b.month { return full(a) + "—" + monthDay(b) }
        return full(a) + "—\(b.day)日"
    }
}
