import Board
import ChineseDates
import Ledger
import Schedule
import Testing

@Suite struct BoardModelTests {
    static let today = civil("2024-11-21")   // Thursday; the week began Monday 2024-11-18

    func board(_ measures: [Measure], trail: (Agenda) -> [OverrideEntry] = { _ in [] }, yellow: Int = 3) -> BoardModel {
        let plain = Agenda(measures: measures)
        let agenda = Agenda(measures: measures, trail: trail(plain))
        return BoardModel(agenda: agenda, today: Self.today, calendar: bundledCalendar, reminders: settings(),
                          board: BoardSettings(yellowWithin: yellow))
    }

    @Test func countsTheOfficeTotals() {
        let b = board([
            measure("1", due: "2024-10-31"),                          // red
            measure("2", due: "2024-11-25"),                          // yellow
            measure("3", due: "2024-12-10"),                          // blue
            measure("4", due: "2025-06-30"),                          // normal
            measure("5", target: .ongoing, status: .ongoing),          // long-term
            measure("6", due: "2024-09-30", status: .done),            // done per ledger: on time
        ])
        #expect(b.counts.red == 1)
        #expect(b.counts.yellow == 1)
        #expect(b.counts.blue == 1)
        #expect(b.counts.longTerm == 1)
        #expect(b.counts.dueSoFar == 2)
        #expect(b.counts.doneOnTime == 1)
        #expect(b.counts.onTimeRateText == "50.0%")
    }

    @Test func doneThisWeekAndLateCompletion() {
        let b = board([measure("1", due: "2024-11-19"), measure("2", due: "2024-11-10"), measure("3", due: "2024-11-30")]) { a in
            [entry(1, a.items[0], .done, asOf: "2024-11-19"),   // on its due day, this week
             entry(2, a.items[1], .done, asOf: "2024-11-20"),   // ten days late, this week
             entry(3, a.items[2], .done, asOf: "2024-11-15")]   // early, last week
        }
        #expect(b.counts.doneThisWeek == 2)
        #expect(b.counts.dueSoFar == 2)        // 3 is not due yet
        #expect(b.counts.doneOnTime == 1)      // 2 was done after its due day
    }

    @Test func anExtensionCountsAndMovesTheColour() {
        let b = board([measure("1", due: "2024-10-31")]) { a in [entry(1, a.items[0], .extended(to: civil("2025-03-31")), asOf: "2024-11-01")] }
        #expect(b.counts.extended == 1)
        #expect(b.counts.red == 0)
        #expect(b.items[0].colour == .normal)
    }

    @Test func unitsAreOrderedByTheirWorstItem() {
        let b = board([
            measure("1", due: "2024-12-20", unit: "区教育局"),      // blue
            measure("2", due: "2024-11-01", unit: "区财政局"),      // red, 20 days
            measure("3", due: "2024-10-01", unit: "区卫健委"),      // red, 51 days: worst
            measure("4", due: "2024-11-22", unit: "区教育局"),      // yellow
        ])
        #expect(b.units.map(\.unit) == ["区卫健委", "区财政局", "区教育局"])
        #expect(b.unit(named: "区教育局")?.items.map(\.item.reference.measureID) == ["4", "1"])
        #expect(b.unit(named: "区教育局")?.counts.yellow == 1)
    }

    @Test func milestonesCountButNotTwiceWithTheirMeasure() {
        let b = board([measure("1", due: "2024-12-31", milestones: [step("确定监理单位", "2024-11-15"), step("完工", "2024-12-31")])])
        #expect(b.items.count == 2)            // the measure and its first step; the second coincides with the measure
        #expect(b.counts.red == 1)
        #expect(b.items[0].item.reference.isMilestone)
    }

    @Test func itemsWithoutAUnitHaveARow() {
        let b = board([measure("1", due: "2024-11-01", unit: nil)])
        #expect(b.units.map(\.unit) == [BoardModel.noUnit])
    }
}
