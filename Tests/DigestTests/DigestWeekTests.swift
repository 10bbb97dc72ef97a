import ChineseDates
import Digest
import Testing

/// The week a digest is issued in names it and keys it (ISO 8601 numbering).
@Suite struct DigestWeekTests {
    @Test(arguments: [
        ("2024-11-21", "2024-W47", "2024-11-18", "2024年11月18日—24日"),
        ("2024-11-18", "2024-W47", "2024-11-18", "2024年11月18日—24日"),
        ("2024-11-24", "2024-W47", "2024-11-18", "2024年11月18日—24日"),
        ("2024-11-25", "2024-W48", "2024-11-25", "2024年11月25日—12月1日"),
        ("2024-12-31", "2025-W01", "2024-12-30", "2024年12月30日—2025年1月5日"),
        ("2021-01-03", "2020-W53", "2020-12-28", "2020年12月28日—2021年1月3日"),
        ("2026-01-01", "2026-W01", "2025-12-29", "2025年12月29日—2026年1月4日"),
    ])
    func weekOfADay(day: String, identifier: String, monday: String, range: String) throws {
        let week = DigestWeek(containing: try #require(CivilDate(day)))
        #expect(week.identifier == identifier)
        #expect(week.monday == CivilDate(monday))
        #expect(week.chineseRange == range)
    }
}
