import Testing
@testable import ChineseDates

@Suite struct CivilDateTests {
    @Test(arguments: [
        ("1970-01-01", 0), ("2000-03-01", 11017), ("2024-02-29", 19782), ("1969-12-31", -1),
    ])
    func dayNumberRoundTrips(iso: String, number: Int) throws {
        let d = try #require(CivilDate(iso))
        #expect(d.dayNumber == number)
        #expect(CivilDate(dayNumber: number) == d)
        #expect(d.description == iso)
    }

    @Test func rejectsDaysThatDoNotExist() {
        #expect(CivilDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2024, month: 4, day: 31) == nil)
        #expect(CivilDate("2024-13-01") == nil)
        #expect(CivilDate("2024-1-01") == nil)
    }

    @Test func addingMonthsClampsToMonthEnd() throws {
        let d = try #require(CivilDate("2024-01-31"))
        #expect(d.adding(months: 1).description == "2024-02-29")
        #expect(d.adding(months: 11).description == "2024-12-31")
        #expect(d.adding(months: 12).description == "2025-01-31")
        #expect(d.adding(months: -2).description == "2023-11-30")
    }

    @Test func weekdayIsISO() throws {
        #expect(try #require(CivilDate("2024-11-21")).weekday == 4)  // Thursday
        #expect(try #require(CivilDate("2026-11-23")).weekday == 1)  // Monday
    }

    @Test func lastDayCarriesAcrossYears() {
        #expect(CivilDate.lastDay(year: 2024, month: 14).description == "2025-02-28")
        #expect(CivilDate.firstDay(year: 2024, month: 0).description == "2023-12-01")
    }
}
