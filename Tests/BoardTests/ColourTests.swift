import Board
import ChineseDates
import Ledger
import Schedule
import Testing

/// 2024-11-21 is a Thursday; the standard policy's first reminder is 30 days ahead; yellow within 3 working days.
@Suite struct ColourTests {
    static let today = civil("2024-11-21")

    @Test(arguments: [
        ("2024-11-20", Colour.red),      // a day overdue
        ("2024-11-21", .yellow),         // due today: 0 working days left
        ("2024-11-26", .yellow),         // Fri, Mon, Tue: 3 working days
        ("2024-11-27", .blue),           // 4 working days, within 30 days
        ("2024-12-21", .blue),           // 30 days ahead: the first reminder's day
        ("2024-12-22", .normal),         // 31 days: before the lead time
    ])
    func deadlineColour(due: String, expected: Colour) {
        let item = ScheduleItem.items(of: measure("1", due: due))[0]
        #expect(Colour.of(item, today: Self.today, calendar: bundledCalendar, policy: .standard, yellowWithin: 3) == expected)
    }

    @Test func holidaysCountInYellow() {
        // 2024-10-08 after the National Day week: on 2024-09-30 (Mon) one working day is left (10-08).
        let item = ScheduleItem.items(of: measure("1", due: "2024-10-08"))[0]
        #expect(Colour.of(item, today: civil("2024-09-30"), calendar: bundledCalendar, policy: .standard, yellowWithin: 1) == .yellow)
        #expect(Colour.of(item, today: civil("2024-09-30"), calendar: .plainWeekdays, policy: .standard, yellowWithin: 1) == .blue)
    }

    @Test func workdayLeadTimesCountWorkingDays() {
        let policy = ReminderPolicy(leadTimes: [5], leadUnit: .workdays)
        let blue = ScheduleItem.items(of: measure("1", due: "2024-11-28"))[0]    // 5 working days
        let normal = ScheduleItem.items(of: measure("2", due: "2024-11-29"))[0]  // 6
        #expect(Colour.of(blue, today: Self.today, calendar: bundledCalendar, policy: policy, yellowWithin: 3) == .blue)
        #expect(Colour.of(normal, today: Self.today, calendar: bundledCalendar, policy: policy, yellowWithin: 3) == .normal)
    }

    @Test func doneLongTermAndUndated() {
        let done = ScheduleItem.items(of: measure("1", due: "2024-01-01", status: .done))[0]
        let long = ScheduleItem.items(of: measure("2", target: .ongoing, status: .ongoing))[0]
        let none = ScheduleItem.items(of: measure("3"))[0]
        for (item, colour) in [(done, Colour.done), (long, .longTerm), (none, .undated)] {
            #expect(Colour.of(item, today: Self.today, calendar: bundledCalendar, policy: .standard, yellowWithin: 3) == colour)
        }
    }
}
