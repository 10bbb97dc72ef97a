import ChineseDates
import Foundation
import Schedule
import Testing

/// The office's day, its bounds and its text, in China Standard Time and in zones with an
/// offset of their own or a daylight-saving change.
@Suite struct OfficeTimeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let zone: String
        let instant: String      // UTC
        let day: String
        let minuteText: String
        var testDescription: String { "\(instant) in \(zone)" }
    }

    static let cases: [Case] = [
        Case(zone: "Asia/Shanghai", instant: "2024-11-21T01:30:00Z", day: "2024-11-21", minuteText: "2024-11-21 09:30"),
        // 23:59 UTC is already the next morning in China.
        Case(zone: "Asia/Shanghai", instant: "2024-12-31T16:00:00Z", day: "2025-01-01", minuteText: "2025-01-01 00:00"),
        Case(zone: "Asia/Shanghai", instant: "2024-12-31T15:59:00Z", day: "2024-12-31", minuteText: "2024-12-31 23:59"),
        Case(zone: "Asia/Urumqi", instant: "2024-11-21T17:30:00Z", day: "2024-11-21", minuteText: "2024-11-21 23:30"),
        Case(zone: "UTC", instant: "2024-02-29T23:59:00Z", day: "2024-02-29", minuteText: "2024-02-29 23:59"),
        Case(zone: "America/New_York", instant: "2024-03-10T07:30:00Z", day: "2024-03-10", minuteText: "2024-03-10 03:30"),
    ]

    @Test(arguments: cases)
    func theDayAndTheTextOfAnInstant(_ c: Case) throws {
        let office = OfficeTime(zone: try #require(TimeZone(identifier: c.zone)))
        let instant = try #require(InstantText.parse(c.instant))
        #expect(office.day(of: instant).description == c.day)
        #expect(office.minuteText(instant) == c.minuteText)
    }

    @Test(arguments: ["Asia/Shanghai", "UTC", "America/New_York", "Europe/Berlin"])
    func aDayRunsFromItsStartToItsLastSecond(_ zone: String) throws {
        let office = OfficeTime(zone: try #require(TimeZone(identifier: zone)))
        // 2024-03-10 (New York) and 2024-03-31 (Berlin) are 23 hours long.
        for text in ["2024-03-10", "2024-03-31", "2024-11-21"] {
            let day = try #require(CivilDate(text))
            let start = office.start(of: day), end = office.end(of: day)
            #expect(office.day(of: start) == day)
            #expect(office.day(of: end) == day)
            #expect(office.day(of: end.addingTimeInterval(1)) == day.adding(days: 1))
            #expect(office.day(of: start.addingTimeInterval(-1)) == day.adding(days: -1))
        }
    }

    @Test func chinaStandardTimeIsEightHoursAheadOfUTC() throws {
        let instant = try #require(InstantText.parse("2024-11-21T01:30:05Z"))
        #expect(OfficeTime.china.iso8601(instant) == "2024-11-21T09:30:05+08:00")
        #expect(OfficeTime.china.secondText(instant) == "2024-11-21 09:30:05")
        #expect(OfficeTime.china.start(of: try #require(CivilDate("2024-11-21"))) == InstantText.parse("2024-11-20T16:00:00Z"))
    }

    @Test func aWallClockTimeInADaylightSavingGapFallsLaterThatDay() throws {
        let office = OfficeTime(zone: try #require(TimeZone(identifier: "America/New_York")))
        let day = try #require(CivilDate("2024-03-10"))
        let inGap = office.instant(day, minutes: 2 * 60 + 30)    // 02:00–03:00 does not exist that day
        #expect(office.day(of: inGap) == day)
        #expect(office.minutes(of: inGap) >= 3 * 60)
        #expect(office.minuteText(office.instant(day, minutes: 9 * 60)) == "2024-03-10 09:00")
    }
}
