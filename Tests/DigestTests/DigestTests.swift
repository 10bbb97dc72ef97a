import ChineseDates
import Digest
import Ledger
import Schedule
import Testing

/// What the digest lists, in which order, and what it counts (docs/digest.md, "Contents").
@Suite struct DigestTests {
    @Test func unitsAreOrderedByTheirOldestOverdueItemAndItemsByDaysOverdue() {
        let d = Ledger2024.digest()
        #expect(d.overdue.map(\.unit) == [Ledger2024.caizheng, Ledger2024.jianshe, nil])
        #expect(d.overdue.map(\.maxDays) == [200, 41, 20])
        #expect(d.overdue[0].items.map(\.item.reference.shortForm) == ["CZ-1", "CZ-2"])
        #expect(d.overdue[1].items.map(\.item.reference.shortForm) == ["JS-1", "JS-4#1", "JS-2"])
        #expect(d.overdue[1].items.map(\.days) == [41, 21, 6])
    }

    @Test func unitsOverdueEquallyLongAreOrderedByHowManyItemsThenByName() {
        let measures = [
            measure("A-1", due: "2024-11-01", unit: "乙单位"),
            measure("B-1", due: "2024-11-01", unit: "甲单位"),
            measure("C-1", due: "2024-11-01", unit: "丙单位"),
            measure("C-2", due: "2024-11-10", unit: "丙单位"),
        ]
        let d = Digest(agenda: Agenda(measures: measures), asOf: sampleDay, calendar: bundledCalendar, timeZone: shanghai)
        // 丙 has two items; 乙 (U+4E59) sorts before 甲 (U+7532) by code point.
        #expect(d.overdue.map(\.unit) == ["丙单位", "乙单位", "甲单位"])
    }

    @Test func itemsOverdueEquallyLongKeepLedgerOrder() {
        let measures = [measure("X-2", due: "2024-11-01", line: 1), measure("X-10", due: "2024-11-01", line: 2),
                        measure("X-1", due: "2024-11-01", line: 3)]
        let d = Digest(agenda: Agenda(measures: measures), asOf: sampleDay, calendar: bundledCalendar, timeZone: shanghai)
        #expect(d.overdue[0].items.map(\.item.reference.measureID) == ["X-2", "X-10", "X-1"])
    }

    @Test func overdueItemsCarryCalendarAndWorkingDays() throws {
        let d = Ledger2024.digest()
        let cz1 = try #require(d.overdue[0].items.first)
        #expect(cz1.days == 200)
        // 2024-05-06 … 2024-11-21 under the 2024 holidays (劳动节 to 5-5, 端午, 中秋, 国庆 and their 调休).
        #expect(cz1.workdays == bundledCalendar.workdays(from: civil("2024-05-05"), to: sampleDay))
        #expect(cz1.item.owner == "李明" && cz1.item.leader == "陈刚")
    }

    @Test func upcomingListsTwoWeeksSoonestFirst() {
        let d = Ledger2024.digest()
        #expect(d.upcomingThrough == civil("2024-12-05"))
        #expect(d.upcoming.map(\.item.reference.shortForm) == ["JS-3", "CZ-5"])
        #expect(d.upcoming.map(\.days) == [9, 14])
    }

    @Test func countsAddUpOverUnits() {
        let c = Ledger2024.digest().counts
        #expect(c.measures == 12)
        #expect(c.measuresDone == 1)
        #expect(c.overdue == 6)
        #expect(c.overdueUnits == 3)
        #expect(c.upcoming == 2)
        #expect(c.ongoing == 1)
        #expect(c.cadence == 1)
        #expect(c.undated == 0)
        #expect(c.done == 0 && c.extended == 0 && c.reopened == 0)
    }

    @Test func unitSummariesCountEachUnitsMeasures() throws {
        let d = Ledger2024.digest()
        let jianshe = try #require(d.units.first { $0.unit == Ledger2024.jianshe })
        #expect(jianshe.measures == 5)
        #expect(jianshe.overdue == 3)
        #expect(jianshe.maxDaysOverdue == 41)
        #expect(jianshe.upcoming == 1)
        #expect(jianshe.ongoing == 1)
        let caizheng = try #require(d.units.first { $0.unit == Ledger2024.caizheng })
        #expect(caizheng.measures == 6)
        #expect(caizheng.measuresDone == 1)
        #expect(caizheng.cadence == 1)
        #expect(d.units.map(\.unit) == [Ledger2024.caizheng, Ledger2024.jianshe, nil])
    }

    @Test func longTermAndRhythmMeasuresAreListedApart() {
        let d = Ledger2024.digest()
        #expect(d.ongoing.map(\.reference.measureID) == ["JS-5"])
        #expect(d.cadence.map(\.reference.measureID) == ["CZ-3"])
    }

    @Test func theActivityWindowIsTheSevenDaysBeforeAndTheDayItself() {
        let agenda = Ledger2024.agenda { a in
            [entry(1, .done, on: Ledger2024.item(a, "JS-2"), asOf: "2024-11-13"),   // 8 days before: out
             entry(2, .done, on: Ledger2024.item(a, "CZ-2"), asOf: "2024-11-14"),   // 7 days before: in
             entry(3, .extended(to: civil("2024-12-31")), on: Ledger2024.item(a, "JS-1"), asOf: "2024-11-21",
                   note: "拆迁协议未签")]                                                 // the day itself: in
        }
        let d = Ledger2024.digest(agenda)
        #expect(d.activityWindow == DayRange(start: civil("2024-11-14"), end: sampleDay))
        #expect(d.activity.map(\.entry.sequence) == [2, 3])
        #expect(d.counts.done == 1 && d.counts.extended == 1)
        // A digest the next Monday no longer shows the entry of the 14th.
        let monday = Ledger2024.digest(agenda, asOf: civil("2024-11-25"))
        #expect(monday.activity.map(\.entry.sequence) == [3])
    }

    @Test func anExtensionShowsWhoWhyAndTheOldAndNewDeadline() throws {
        let agenda = Ledger2024.agenda { a in
            [entry(1, .extended(to: civil("2024-12-31")), on: Ledger2024.item(a, "JS-1"), by: "李娜", asOf: "2024-11-20",
                   note: "拆迁协议未签")]
        }
        let d = Ledger2024.digest(agenda)
        let a = try #require(d.activity.first)
        #expect(a.kind == .extended)
        #expect(a.entry.by == "李娜" && a.entry.note == "拆迁协议未签")
        #expect(a.deadlineChange?.from == civil("2024-10-11"))
        #expect(a.deadlineChange?.to == civil("2024-12-31"))
        #expect(a.recordedText(in: shanghai) == "2024-11-20 10:05")
        #expect(a.standing == .inEffect)
        // Extended, it is no longer overdue, and not yet due within two weeks.
        #expect(!d.overdue.flatMap(\.items).contains { $0.item.reference.measureID == "JS-1" })
        #expect(d.overdue.first { $0.unit == Ledger2024.jianshe }?.maxDays == 21)
    }

    @Test func anEntryTheLedgerOverrodeSaysSo() throws {
        let agenda = Ledger2024.agenda { a in
            [entry(1, .done, on: Ledger2024.item(a, "JS-2"), asOf: "2024-11-19", fingerprint: "status=in-progress;due=2024-10-01")]
        }
        let a = try #require(Ledger2024.digest(agenda).activity.first)
        #expect(a.standing == .supersededByLedger(now: Ledger2024.item(agenda, "JS-2").fingerprint))
        #expect(a.standingText.contains("以台账为准"))
    }

    @Test func anEntryWhoseItemLeftTheLedgersIsStillListed() throws {
        let gone = OverrideEntry(sequence: 1, itemKey: "OLD-9", measureID: "OLD-9", action: .done, by: "李娜",
                                 at: .init(timeIntervalSince1970: 1_732_150_000), asOf: sampleDay, note: nil,
                                 fingerprint: "status=in-progress;due=2024-10-01", previousDue: civil("2024-10-01"))
        let d = Digest(agenda: Agenda(measures: Ledger2024.measures, trail: [gone]), asOf: sampleDay,
                       calendar: bundledCalendar, timeZone: shanghai)
        let a = try #require(d.activity.first)
        #expect(a.item == nil && a.standing == .itemGone && a.title == "OLD-9")
        // Not in a unit's digest: its unit is not known any more.
        let unit = Digest(agenda: Agenda(measures: Ledger2024.measures, trail: [gone]), asOf: sampleDay,
                          calendar: bundledCalendar, timeZone: shanghai, scope: .unit(Ledger2024.jianshe))
        #expect(unit.activity.isEmpty)
    }

    @Test func aUnitsDigestHoldsOnlyThatUnit() {
        let d = Ledger2024.digest(scope: .unit(Ledger2024.jianshe))
        #expect(d.overdue.map(\.unit) == [Ledger2024.jianshe])
        #expect(d.upcoming.allSatisfy { $0.item.unit == Ledger2024.jianshe })
        #expect(d.counts.measures == 5 && d.counts.overdue == 3 && d.counts.cadence == 0)
        #expect(d.units.map(\.unit) == [Ledger2024.jianshe])
        #expect(d.title == "区建设发展局 整改工作周报（2024年11月18日—24日）")
    }

    @Test func anExactUnitScopeDoesNotTakeUnitsWhoseNameContainsIt() {
        let measures = [measure("A-1", due: "2024-11-01", unit: "区财政局"), measure("B-1", due: "2024-11-01", unit: "区财政局国库科")]
        let agenda = Agenda(measures: measures)
        let exact = Digest(agenda: agenda, asOf: sampleDay, calendar: bundledCalendar, timeZone: shanghai, scope: .unit("区财政局"))
        let matching = Digest(agenda: agenda, asOf: sampleDay, calendar: bundledCalendar, timeZone: shanghai,
                              scope: .unitsMatching("财政"))
        #expect(exact.counts.overdue == 1)
        #expect(matching.counts.overdue == 2)
    }

    @Test func lookAheadIsConfigurable() {
        let d = Digest(agenda: Ledger2024.agenda(), asOf: sampleDay, calendar: bundledCalendar, timeZone: shanghai,
                       lookAhead: .days(9))
        #expect(d.upcoming.map(\.item.reference.measureID) == ["JS-3"])
        #expect(d.lookAheadPhrase == "9天内")
    }

    @Test(arguments: [(1, OverdueSeverity.recent), (7, .recent), (8, .escalated), (29, .escalated), (30, .serious),
                      (89, .serious), (90, .critical), (326, .critical)])
    func severityBands(days: Int, severity: OverdueSeverity) {
        #expect(OverdueSeverity(daysOverdue: days) == severity)
    }
}
