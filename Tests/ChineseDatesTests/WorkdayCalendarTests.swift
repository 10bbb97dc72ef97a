import PropertyBased
import Testing
@testable import ChineseDates

private func day(_ iso: String) -> CivilDate {
    guard let date = CivilDate(iso) else { preconditionFailure("bad test date \(iso)") }
    return date
}

private func block(_ festival: String, _ year: Int, _ from: String, _ to: String) -> WorkdayCalendar.Holiday {
    .init(festival: festival, year: year, days: DayRange(start: day(from), end: day(to)))
}

private func makeup(_ iso: String, _ festival: String, _ year: Int) -> WorkdayCalendar.MakeupWorkday {
    .init(date: day(iso), festival: festival, year: year)
}

/// 国庆节 and 春节 2024, typed in from 国办发明电〔2023〕7号.
private let autumn2024 = try! WorkdayCalendar(
    holidays: [block("国庆节", 2024, "2024-10-01", "2024-10-07"), block("春节", 2024, "2024-02-10", "2024-02-17")],
    makeupWorkdays: [
        makeup("2024-09-29", "国庆节", 2024), makeup("2024-10-12", "国庆节", 2024),
        makeup("2024-02-04", "春节", 2024), makeup("2024-02-18", "春节", 2024),
    ])

@Suite struct WorkdayCalendarTests {
    @Test(arguments: [
        ("2024-10-01", WorkdayCalendar.DayKind.holiday(festival: "国庆节")),
        ("2024-10-05", .holiday(festival: "国庆节")),          // a Saturday off
        ("2024-09-29", .makeupWorkday(festival: "国庆节")),    // a Sunday worked
        ("2024-10-12", .makeupWorkday(festival: "国庆节")),
        ("2024-10-13", .weekend),
        ("2024-10-08", .workday),
        ("2024-02-09", .workday),                               // 除夕 2024 was not a holiday
    ])
    func kindOfDay(iso: String, kind: WorkdayCalendar.DayKind) {
        #expect(autumn2024.kind(of: day(iso)) == kind)
        #expect(autumn2024.isWorkday(day(iso)) == kind.isWorkday)
    }

    @Test func holidayNamesTheFestival() {
        #expect(autumn2024.holiday(on: day("2024-02-12")) == "春节")
        #expect(autumn2024.holiday(on: day("2024-02-18")) == nil)
    }

    @Test func plainWeekdaysCoverNothingAndFollowMondayToFriday() {
        let plain = WorkdayCalendar.plainWeekdays
        #expect(plain.coverage.isEmpty)
        #expect(!plain.covers(day("2024-10-01")))
        #expect(plain.isWorkday(day("2024-10-01")))   // Tuesday
        #expect(!plain.isWorkday(day("2024-10-12")))  // Saturday
        #expect(plain.adding(workdays: 5, to: day("2024-10-04")) == day("2024-10-11"))
        #expect(plain.uncoveredYears(from: day("2024-12-30"), through: day("2025-01-02")) == [2024, 2025])
    }

    @Test func coverageIsTheNoticeYears() {
        #expect(autumn2024.coverage == [2024])
        #expect(autumn2024.covers(day("2024-12-31")))
        #expect(!autumn2024.covers(day("2025-01-01")))
    }

    @Test(arguments: [
        ("2024-09-30", 1, "2024-10-08"),
        ("2024-09-27", 10, "2024-10-16"),
        ("2024-10-08", -1, "2024-09-30"),
        ("2024-10-03", 1, "2024-10-08"),   // counting from inside the holiday
        ("2024-10-03", -1, "2024-09-30"),
        ("2024-10-03", 0, "2024-10-03"),
    ])
    func addingWorkdays(start: String, count: Int, expected: String) {
        #expect(autumn2024.adding(workdays: count, to: day(start)) == day(expected))
    }

    @Test func nextWorkdayMovesOffTheHoliday() {
        #expect(autumn2024.nextWorkday(onOrAfter: day("2024-10-05")) == day("2024-10-08"))
        #expect(autumn2024.nextWorkday(onOrAfter: day("2024-09-29")) == day("2024-09-29"))
    }

    @Test func countIsHalfOpenAndAntisymmetric() {
        #expect(autumn2024.workdays(from: day("2024-09-30"), to: day("2024-10-08")) == 1)
        #expect(autumn2024.workdays(from: day("2024-10-08"), to: day("2024-09-30")) == -1)
        #expect(autumn2024.workdays(from: day("2024-09-28"), to: day("2024-09-29")) == 1)
    }

    @Test func countingUndoesAdding() async {
        await propertyCheck(input: Gen.int(in: 19_700...20_100), Gen.int(in: 0...40)) { start, k in
            let d = CivilDate(dayNumber: start)
            let later = autumn2024.adding(workdays: k, to: d)
            #expect(autumn2024.workdays(from: d, to: later) == k)
            #expect(autumn2024.workdays(from: later, to: d) == -k)
            if autumn2024.isWorkday(d) {
                #expect(autumn2024.adding(workdays: -k, to: later) == d)
            }
        }
    }

    // MARK: Validation

    @Test func refusesADayBothOffAndWorked() {
        #expect(throws: WorkdayCalendarError.holidayIsMakeupWorkday(
            day("2024-10-05"), holiday: .init(year: 2024, festival: "国庆节"),
            makeupWorkday: .init(year: 2024, festival: "国庆节"))
        ) {
            try WorkdayCalendar(holidays: [block("国庆节", 2024, "2024-10-01", "2024-10-07")],
                                makeupWorkdays: [makeup("2024-10-05", "国庆节", 2024)])
        }
    }

    @Test func refusesAMakeupDayOnAWeekday() {
        let error = WorkdayCalendarError.makeupWorkdayNotOnWeekend(day("2024-10-11"), .init(year: 2024, festival: "国庆节"))
        #expect(throws: error) {
            try WorkdayCalendar(holidays: [], makeupWorkdays: [makeup("2024-10-11", "国庆节", 2024)])
        }
        #expect(error.description.contains("2024年国庆节"))
        #expect(error.description.contains("星期五"))
        #expect(error.description.contains("(make-up working day 2024-10-11 is a Friday"))
    }

    @Test func refusesOverlappingFestivals() {
        #expect(throws: WorkdayCalendarError.overlappingHolidays(
            day("2023-09-29"), .init(year: 2023, festival: "中秋节"), .init(year: 2023, festival: "国庆节"))
        ) {
            try WorkdayCalendar(
                holidays: [block("中秋节", 2023, "2023-09-29", "2023-09-29"), block("国庆节", 2023, "2023-09-29", "2023-10-06")],
                makeupWorkdays: [])
        }
    }

    @Test func refusesTheSameMakeupDayTwice() {
        #expect(throws: WorkdayCalendarError.self) {
            try WorkdayCalendar(holidays: [], makeupWorkdays: [makeup("2024-10-12", "国庆节", 2024),
                                                               makeup("2024-10-12", "中秋节", 2024)])
        }
    }

    @Test func allowsDecemberOfThePreviousYearOnly() throws {
        let calendar = try WorkdayCalendar(holidays: [block("元旦", 2023, "2022-12-31", "2023-01-02")], makeupWorkdays: [])
        #expect(calendar.holiday(on: day("2022-12-31")) == "元旦")
        #expect(throws: WorkdayCalendarError.outsideNoticeYear(day("2023-02-10"), .init(year: 2024, festival: "春节"))) {
            try WorkdayCalendar(holidays: [block("春节", 2024, "2023-02-10", "2023-02-17")], makeupWorkdays: [])
        }
    }
}
