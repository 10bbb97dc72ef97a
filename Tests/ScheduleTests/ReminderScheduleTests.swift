import ChineseDates
import Foundation
import Ledger
import Schedule
import Testing

/// The standard policy on the plain Monday–Friday calendar with events kept on their own
/// days (`working_days_only = false`), so that each rule shows by itself.
@Suite struct ReminderScheduleTests {
    let plain = settings(workingDaysOnly: false)

    func keys(_ measures: [Measure], _ from: String, _ through: String, _ s: ReminderSettings? = nil) -> [String] {
        ReminderSchedule.events(for: measures, from: civil(from), through: civil(through), settings: s ?? plain,
                                calendar: .plainWeekdays).map(\.key)
    }

    @Test func aDeadlineGetsLeadRemindersTheDueDayDailyThenWeeklyNoticesAndOneEscalation() {
        let events = keys([measure("GX-20", due: "2024-12-31")], "2024-11-01", "2025-01-31")
        #expect(events == [
            "GX-20|reminder|2024-12-31|30d",   // 12-01
            "GX-20|reminder|2024-12-31|7d",    // 12-24
            "GX-20|reminder|2024-12-31|3d",
            "GX-20|reminder|2024-12-31|1d",
            "GX-20|due|2024-12-31|0",
            "GX-20|overdue|2024-12-31|1", "GX-20|overdue|2024-12-31|2", "GX-20|overdue|2024-12-31|3",
            "GX-20|overdue|2024-12-31|4", "GX-20|overdue|2024-12-31|5", "GX-20|overdue|2024-12-31|6",
            "GX-20|escalation|2024-12-31|7",   // day 7: escalation outranks the 7th overdue notice
            "GX-20|overdue|2024-12-31|14", "GX-20|overdue|2024-12-31|21", "GX-20|overdue|2024-12-31|28",
        ])
    }

    @Test func eventsGoOutAtNineInTheOfficesTimeZone() throws {
        let events = ReminderSchedule.events(for: [measure("GX-20", due: "2024-12-31")], from: civil("2024-12-31"),
                                             through: civil("2024-12-31"), settings: plain, calendar: .plainWeekdays)
        let due = try #require(events.first)
        #expect(due.kind == .due)
        #expect(due.instant == instant("2024-12-31T01:00:00Z"))   // 09:00 Asia/Shanghai
        #expect(due.roles == [.unit])
    }

    @Test func theLeaderIsCopiedFromTheEscalationOn() {
        let events = ReminderSchedule.events(for: [measure("GX-20", due: "2024-12-31")], from: civil("2025-01-06"),
                                             through: civil("2025-01-14"), settings: plain, calendar: .plainWeekdays)
        let roles = Dictionary(uniqueKeysWithValues: events.map { ($0.key, $0.roles) })
        #expect(roles["GX-20|overdue|2024-12-31|6"] == [.unit])
        #expect(roles["GX-20|escalation|2024-12-31|7"] == [.unit, .leader])
        #expect(roles["GX-20|overdue|2024-12-31|14"] == [.unit, .leader])
        #expect(events.allSatisfy { $0.leader == "王副主任" && $0.unit == "区建设发展局" })
    }

    @Test func doneOngoingAndCadenceOnlyMeasuresHaveNoDeadlineEvents() {
        let measures = [
            measure("A", due: "2024-12-31", status: .done),
            measure("B", target: .ongoing, status: .ongoing),
            measure("C", target: .cadence([.init(period: .week)])),
            measure("D", due: "2024-12-31", status: .ongoing),   // 长期坚持 in the status column
            measure("E", target: .unresolved(reason: "?")),
        ]
        #expect(keys(measures, "2024-01-01", "2025-12-31").isEmpty)
    }

    @Test func openMilestonesHaveTheirOwnEventsDoneOnesNone() {
        let m = measure("GX-3", due: "2025-06-30", milestones: [
            step("确定设计单位", "2024-10-31", done: true),
            step("确定监理单位", "2024-12-31"),
        ])
        let events = keys([m], "2024-12-31", "2024-12-31")
        #expect(events == ["GX-3@确定监理单位|due|2024-12-31|0"])
    }

    @Test func aMilestoneOnTheMeasuresOwnDeadlineIsCoveredByTheMeasure() {
        let m = measure("GX-5", due: "2024-12-31", milestones: [step("完成设计", "2024-10-31"), step("完工", "2024-12-31")])
        #expect(keys([m], "2024-12-31", "2024-12-31") == ["GX-5|due|2024-12-31|0"])
        #expect(keys([m], "2024-10-31", "2024-10-31") == ["GX-5@完成设计|due|2024-10-31|0"])
    }

    @Test func milestonesWithTheSameActionAreKeyedByPosition() {
        let m = measure("GX-6", due: "2025-06-30", milestones: [step("调度", "2024-10-31"), step("调度", "2024-12-31")])
        #expect(keys([m], "2024-12-31", "2024-12-31") == ["GX-6#2|due|2024-12-31|0"])
    }

    @Test func aDoneMeasureSilencesItsMilestones() {
        let m = measure("GX-7", due: "2025-06-30", status: .done, milestones: [step("确定监理单位", "2024-12-31")])
        #expect(keys([m], "2024-12-01", "2025-12-31").isEmpty)
    }

    @Test func leadTimesInWorkingDaysSkipWeekends() {
        var policy = ReminderPolicy(leadTimes: [3, 1], leadUnit: .workdays, overdueDailyFor: 0, overdueThenEvery: 0, escalateAfter: nil)
        policy.onDueDay = false
        // Due Monday 2024-12-02: 1 working day before is Friday 11-29, 3 before is Wednesday 11-27.
        let events = ReminderSchedule.events(for: [measure("W", due: "2024-12-02")], from: civil("2024-11-01"),
                                             through: civil("2024-12-31"), settings: settings(policy), calendar: .plainWeekdays)
        #expect(events.map(\.key) == ["W|reminder|2024-12-02|3wd", "W|reminder|2024-12-02|1wd"])
        #expect(events.map(\.day) == [civil("2024-11-27"), civil("2024-11-29")])
    }

    @Test func eventsOnAWeekendMoveToMondayAndOnlyTheMostUrgentGoesOut() {
        // Due Saturday 2024-12-07: the 1-day reminder (Fri) stays; due day (Sat), overdue 1 (Sun)
        // and overdue 2 (Mon) all land on Monday 12-09, which sends only "2 days overdue".
        let events = ReminderSchedule.events(for: [measure("S", due: "2024-12-07")], from: civil("2024-12-06"),
                                             through: civil("2024-12-09"), settings: settings(), calendar: .plainWeekdays)
        #expect(events.map(\.key) == ["S|reminder|2024-12-07|1d", "S|overdue|2024-12-07|2"])
        #expect(events.map(\.day) == [civil("2024-12-06"), civil("2024-12-09")])
        #expect(events[1].scheduledDay == civil("2024-12-09"))
    }

    @Test func computingDayByDayGivesTheSameEventsAsThePeriodAtOnce() {
        let measures = [measure("A", due: "2024-12-07"), measure("B", due: "2025-01-01"),
                        measure("C", due: "2024-12-20", milestones: [step("招标", "2024-12-10")])]
        let schedule = ReminderSchedule(measures: measures, settings: settings(), calendar: bundledCalendar)
        let whole = schedule.events(from: civil("2024-11-01"), through: civil("2025-02-28")).map(\.key)
        var daily: [String] = []
        var d = civil("2024-11-01")
        while d <= civil("2025-02-28") {
            daily += schedule.events(from: d, through: d).map(\.key)
            d = d.adding(days: 1)
        }
        #expect(!whole.isEmpty)
        #expect(daily == whole)
    }

    @Test func anExtensionSchedulesTheNewDeadlineUnderNewKeys() throws {
        let m = measure("GX-1", due: "2024-10-31")
        let ledgerItem = try #require(ScheduleItem.items(of: m).first)
        let entry = OverrideEntry(sequence: 1, itemKey: "GX-1", measureID: "GX-1", action: .extended(to: civil("2024-12-31")),
                                  by: "张三", at: instant("2024-10-20T02:00:00Z"), asOf: civil("2024-10-20"), note: "设计变更",
                                  fingerprint: ledgerItem.fingerprint, previousDue: civil("2024-10-31"))
        let schedule = ReminderSchedule(agenda: Agenda(measures: [m], trail: [entry]), settings: plain, calendar: .plainWeekdays)
        #expect(schedule.events(from: civil("2024-10-31"), through: civil("2024-11-01")).isEmpty)
        #expect(schedule.events(from: civil("2024-12-31"), through: civil("2024-12-31")).map(\.key) == ["GX-1|due|2024-12-31|0"])
    }

    @Test func aDoneOverrideSilencesTheItemAndReopeningBringsItBack() throws {
        let m = measure("GX-1", due: "2024-10-31")
        let item = try #require(ScheduleItem.items(of: m).first)
        func entry(_ seq: Int64, _ action: OverrideEntry.Action) -> OverrideEntry {
            OverrideEntry(sequence: seq, itemKey: "GX-1", measureID: "GX-1", action: action, by: "张三",
                          at: instant("2024-11-01T01:00:00Z"), asOf: civil("2024-11-01"), note: nil,
                          fingerprint: item.fingerprint, previousDue: civil("2024-10-31"))
        }
        let done = ReminderSchedule(agenda: Agenda(measures: [m], trail: [entry(1, .done)]), settings: plain, calendar: .plainWeekdays)
        #expect(done.events(from: civil("2024-11-01"), through: civil("2024-12-31")).isEmpty)
        #expect(done.nextWakeup(after: instant("2024-11-01T02:00:00Z")) == nil)
        let reopened = ReminderSchedule(agenda: Agenda(measures: [m], trail: [entry(1, .done), entry(2, .reopened)]),
                                        settings: plain, calendar: .plainWeekdays)
        #expect(reopened.events(from: civil("2024-11-07"), through: civil("2024-11-07")).map(\.key) == ["GX-1|escalation|2024-10-31|7"])
    }

    @Test func categoryAndUnitSettingsOverrideTheDefaultsUnitLast() {
        var s = plain
        var byCategory = ReminderSettings.PolicyChanges()
        byCategory.leadTimes = [14]
        byCategory.escalateAfter = .some(3)
        var byUnit = ReminderSettings.PolicyChanges()
        byUnit.escalateAfter = .some(nil)
        s.categories = ["反馈问题": byCategory]
        s.units = ["区财政局": byUnit]
        let a = measure("A", due: "2024-12-31", category: "反馈问题")
        let b = measure("B", due: "2024-12-31", unit: "区财政局", category: "反馈问题")
        let keysA = keys([a], "2024-12-01", "2025-01-05", s)
        let keysB = keys([b], "2024-12-01", "2025-01-05", s)
        #expect(keysA.first == "A|reminder|2024-12-31|14d")
        #expect(keysA.contains("A|escalation|2024-12-31|3"))
        #expect(keysB.first == "B|reminder|2024-12-31|14d")
        #expect(!keysB.contains { $0.contains("escalation") })
    }

    @Test func nextWakeupIsTheFirstEventAfterTheInstant() {
        let schedule = ReminderSchedule(measures: [measure("A", due: "2025-03-31"), measure("B", due: "2024-12-10")],
                                        settings: plain, calendar: .plainWeekdays)
        // B's 30-day reminder (11-10) is past at 2024-11-20 10:00 Shanghai; its 7-day one is 12-03 09:00.
        #expect(schedule.nextWakeup(after: instant("2024-11-20T02:00:00Z")) == instant("2024-12-03T01:00:00Z"))
        // Exactly at an event's instant, the next one.
        #expect(schedule.nextWakeup(after: instant("2024-12-03T01:00:00Z")) == instant("2024-12-07T01:00:00Z"))
    }

    @Test func nextWakeupFindsADeadlineMonthsAway() {
        let schedule = ReminderSchedule(measures: [measure("A", due: "2026-06-30")], settings: plain, calendar: .plainWeekdays)
        #expect(schedule.nextWakeup(after: instant("2024-11-20T02:00:00Z")) == instant("2026-05-31T01:00:00Z"))
    }

    @Test func nextWakeupKeepsComingWhileSomethingIsOverdueAndStopsWhenAllIsDone() {
        let overdue = ReminderSchedule(measures: [measure("A", due: "2023-01-31")], settings: plain, calendar: .plainWeekdays)
        // Weekly notices: day 7 + 7k; 2024-11-20 is day 659, the next is day 665 = 2024-11-26.
        #expect(overdue.nextWakeup(after: instant("2024-11-20T02:00:00Z")) == instant("2024-11-26T01:00:00Z"))
        let done = ReminderSchedule(measures: [measure("A", due: "2023-01-31", status: .done), measure("B", target: .ongoing)],
                                    settings: plain, calendar: .plainWeekdays)
        #expect(done.nextWakeup(after: instant("2024-11-20T02:00:00Z")) == nil)
    }

    @Test func aLateEventGoesOutNowInsideTheWindowElseAtTheNextOpening() throws {
        let schedule = ReminderSchedule(measures: [measure("A", due: "2024-12-06")], settings: settings(), calendar: .plainWeekdays)
        let event = try #require(schedule.events(from: civil("2024-12-06"), through: civil("2024-12-06")).first)
        #expect(schedule.deliveryTime(of: event, notBefore: instant("2024-12-06T00:30:00Z")) == event.instant)  // 08:30: not yet
        #expect(schedule.deliveryTime(of: event, notBefore: instant("2024-12-06T05:00:00Z")) == instant("2024-12-06T05:00:00Z"))
        // Friday 19:00: after the window; Saturday and Sunday are off, so Monday 09:00.
        #expect(schedule.deliveryTime(of: event, notBefore: instant("2024-12-06T11:00:00Z")) == instant("2024-12-09T01:00:00Z"))
    }

    @Test func weeklyReportsAreDueOnFridaysWhenConfigured() {
        var policy = ReminderPolicy.standard
        policy.reports = [.week]
        let m = measure("R", target: .cadence([.init(period: .day), .init(period: .week)]))
        let events = ReminderSchedule.events(for: [m], from: civil("2024-11-18"), through: civil("2024-12-01"),
                                             settings: settings(policy), calendar: bundledCalendar)
        #expect(events.map(\.key) == ["R|report|2024-11-22|week", "R|report|2024-11-29|week"])
    }

    @Test func reportsAreOffUnlessConfigured() {
        let m = measure("R", target: .cadence([.init(period: .week), .init(period: .month)]))
        #expect(keys([m], "2024-01-01", "2024-12-31").isEmpty)
    }
}
