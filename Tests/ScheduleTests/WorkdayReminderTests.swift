import ChineseDates
import Foundation
import Ledger
import Schedule
import Testing

/// Reminders around 国庆节 and 春节 2024 on the official calendar (Config/holidays-cn.toml):
/// 2024-10-01..07 off, Sunday 09-29 and Saturday 10-12 worked; 2024-02-10..17 off, Sundays
/// 02-04 and 02-18 worked.
@Suite struct WorkdayReminderTests {
    func events(_ m: Measure, _ policy: ReminderPolicy = .standard, _ from: String, _ through: String) -> [ReminderEvent] {
        ReminderSchedule.events(for: [m], from: civil(from), through: civil(through), settings: settings(policy),
                                calendar: bundledCalendar)
    }

    func workdayPolicy(_ leads: [Int]) -> ReminderPolicy {
        ReminderPolicy(leadTimes: leads, leadUnit: .workdays, onDueDay: false, overdueDailyFor: 0,
                       overdueThenEvery: 0, escalateAfter: nil)
    }

    @Test func workingDayLeadsBeforeNationalDayCountTheMakeupSunday() {
        // Due Tuesday 10-08, the first day back: 1 working day before is Monday 09-30,
        // 2 before is the make-up Sunday 09-29, 3 before is Friday 09-27.
        let found = events(measure("GQ", due: "2024-10-08"), workdayPolicy([3, 2, 1]), "2024-09-01", "2024-10-31")
        #expect(found.map(\.key) == ["GQ|reminder|2024-10-08|3wd", "GQ|reminder|2024-10-08|2wd", "GQ|reminder|2024-10-08|1wd"])
        #expect(found.map(\.day) == [civil("2024-09-27"), civil("2024-09-29"), civil("2024-09-30")])
    }

    @Test func aReminderInTheHolidayMovesToTheFirstWorkingDayAfterIt() {
        // Due 10-10 with calendar-day leads: 7 days before is 10-03 (off), 3 before is 10-07 (off):
        // both land on Tuesday 10-08, which sends only the nearer one.
        let policy = ReminderPolicy(leadTimes: [7, 3, 1], overdueDailyFor: 0, overdueThenEvery: 0, escalateAfter: nil)
        let found = events(measure("GQ", due: "2024-10-10"), policy, "2024-09-25", "2024-10-10")
        #expect(found.map(\.key) == ["GQ|reminder|2024-10-10|3d", "GQ|reminder|2024-10-10|1d", "GQ|due|2024-10-10|0"])
        #expect(found.map(\.day) == [civil("2024-10-08"), civil("2024-10-09"), civil("2024-10-10")])
        #expect(found[0].scheduledDay == civil("2024-10-07"))
        #expect(found[0].instant == instant("2024-10-08T01:00:00Z"))
    }

    @Test func aDeadlineInsideTheHolidayIsOverdueOnTheFirstDayBack() {
        // Due Saturday 10-05: the due-day notice and overdue days 1 and 2 all land on 10-08,
        // which is 3 days overdue: one notice, saying so.
        let found = events(measure("GQ", due: "2024-10-05"), .standard, "2024-10-01", "2024-10-12")
        #expect(found.map(\.key) == ["GQ|overdue|2024-10-05|3", "GQ|overdue|2024-10-05|4", "GQ|overdue|2024-10-05|5",
                                     "GQ|overdue|2024-10-05|6", "GQ|escalation|2024-10-05|7"])
        #expect(found.map(\.day) == [civil("2024-10-08"), civil("2024-10-09"), civil("2024-10-10"),
                                     civil("2024-10-11"), civil("2024-10-12")])   // 10-12: a make-up Saturday
    }

    @Test func theMakeupSaturdayAfterNationalDayIsAWorkingDayForReminders() {
        let policy = ReminderPolicy(leadTimes: [2], overdueDailyFor: 0, overdueThenEvery: 0, escalateAfter: nil)
        // Due Monday 10-14: 2 days before is Saturday 10-12, a make-up working day: it stays.
        let found = events(measure("GQ", due: "2024-10-14"), policy, "2024-10-01", "2024-10-14")
        #expect(found.map(\.day) == [civil("2024-10-12"), civil("2024-10-14")])
    }

    @Test func springFestivalWorkingDayLeadsReachBackOverTheHoliday() {
        // Due Monday 02-19: 1 working day before is the make-up Sunday 02-18; 2 before is Friday
        // 02-09 (除夕 2024 is a working day); 3 before is Thursday 02-08.
        let found = events(measure("CJ", due: "2024-02-19"), workdayPolicy([3, 2, 1]), "2024-01-01", "2024-02-29")
        #expect(found.map(\.day) == [civil("2024-02-08"), civil("2024-02-09"), civil("2024-02-18")])
    }

    @Test func springFestivalCalendarDayRemindersMoveToTheMakeupSunday() {
        // Due 02-19, 7 days before is 02-12 (off) → Sunday 02-18 (worked); 1 day before is 02-18 itself.
        let policy = ReminderPolicy(leadTimes: [7, 1], onDueDay: false, overdueDailyFor: 0, overdueThenEvery: 0, escalateAfter: nil)
        let found = events(measure("CJ", due: "2024-02-19"), policy, "2024-02-01", "2024-02-29")
        #expect(found.map(\.key) == ["CJ|reminder|2024-02-19|1d"])
        #expect(found.map(\.day) == [civil("2024-02-18")])
    }

    @Test func theMakeupSundayBeforeSpringFestivalKeepsItsReminder() {
        // Due Sunday 02-11 (a day off): 7 days before is Sunday 02-04, a make-up working day.
        let policy = ReminderPolicy(leadTimes: [7], onDueDay: true, overdueDailyFor: 1, overdueThenEvery: 0, escalateAfter: nil)
        let found = events(measure("CJ", due: "2024-02-11"), policy, "2024-02-01", "2024-02-29")
        #expect(found.map(\.key) == ["CJ|reminder|2024-02-11|7d", "CJ|overdue|2024-02-11|1"])
        #expect(found.map(\.day) == [civil("2024-02-04"), civil("2024-02-18")])
    }

    @Test func weeklyReportsInTheNationalDayWeekFallOnItsLastWorkingDay() {
        var policy = ReminderPolicy.standard
        policy.reports = [.week, .month]
        let m = measure("R", target: .cadence([.init(period: .week), .init(period: .month)]))
        let found = events(m, policy, "2024-09-23", "2024-10-13")
        // Week of 09-23: Friday 09-27. Week of 09-30: Friday 10-04 is off, so Monday 09-30
        // (also September's last working day). Week of 10-07: Friday 10-11.
        // Two reports on one day are two events, in the order the cadences are written.
        #expect(found.map(\.key) == ["R|report|2024-09-27|week", "R|report|2024-09-30|week", "R|report|2024-09-30|month",
                                     "R|report|2024-10-11|week"])
    }

    @Test func overdueWorkingDaysSkipTheHoliday() {
        let agenda = Agenda(measures: [measure("GQ", due: "2024-09-27")])
        let found = agenda.overdue(asOf: civil("2024-10-09"), calendar: bundledCalendar)
        // Calendar days 12; working days in (09-27, 10-09]: 09-29, 09-30, 10-08, 10-09.
        #expect(found.map(\.days) == [12])
        #expect(found.map(\.workdays) == [4])
    }
}
