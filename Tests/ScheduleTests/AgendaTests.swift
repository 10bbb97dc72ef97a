import ChineseDates
import Foundation
import Ledger
import Schedule
import Testing

/// What is overdue, what comes next, and how recorded overrides change it (docs/state.md).
@Suite struct AgendaTests {
    func entry(_ seq: Int64, _ item: ScheduleItem, _ action: OverrideEntry.Action, by: String = "张三",
               fingerprint: String? = nil) -> OverrideEntry {
        OverrideEntry(sequence: seq, itemKey: item.reference.key, measureID: item.reference.measureID, action: action,
                      by: by, at: instant("2024-11-20T02:00:00Z"), asOf: civil("2024-11-20"), note: "说明",
                      fingerprint: fingerprint ?? item.fingerprint, previousDue: item.due)
    }

    func firstItem(_ m: Measure) -> ScheduleItem {
        guard let item = ScheduleItem.items(of: m).first else { preconditionFailure("a measure always has its own item") }
        return item
    }

    @Test func overdueMeansDueBeforeTheAsOfDayAndNotDone() {
        let agenda = Agenda(measures: [
            measure("A", due: "2024-11-20"),               // yesterday: 1 day overdue
            measure("B", due: "2024-11-21"),               // due today: not overdue
            measure("C", due: "2024-10-31"),
            measure("D", due: "2024-10-31", status: .done),
            measure("E", due: "2024-10-31", status: .partlyDone),
            measure("F", target: .ongoing, status: .ongoing),
        ])
        let found = agenda.overdue(asOf: civil("2024-11-21"), calendar: bundledCalendar)
        #expect(found.map(\.item.reference.key) == ["C", "E", "A"])
        #expect(found.map(\.days) == [21, 21, 1])
        #expect(found.map(\.workdays) == [15, 15, 1])
    }

    @Test func workingDaysOverdueAgreeWithTheCalendarForEveryDueDay() {
        let asOf = civil("2025-02-15")
        var due = civil("2023-12-01")
        var measures: [Measure] = []
        while due < asOf {
            measures.append(measure(due.description, due: due.description))
            due = due.adding(days: 1)
        }
        let found = Agenda(measures: measures).overdue(asOf: asOf, calendar: bundledCalendar)
        #expect(found.count == measures.count)
        for o in found {
            let d = o.item.due ?? asOf
            #expect(o.workdays == bundledCalendar.workdays(from: d, to: asOf), "\(d)")
            #expect(o.days == asOf.days(since: d))
        }
    }

    @Test func overdueListsOpenMilestonesOnce() {
        let m = measure("GX-3", due: "2025-06-30", milestones: [
            step("确定设计单位", "2024-10-31", done: true), step("确定监理单位", "2024-11-15"), step("完工", "2025-06-30"),
        ])
        let found = Agenda(measures: [m]).overdue(asOf: civil("2025-07-02"), calendar: bundledCalendar)
        #expect(found.map(\.item.reference.shortForm) == ["GX-3#2", "GX-3"])   // #3 is the measure's own deadline
    }

    @Test func overdueFiltersByUnitNameOrPart() {
        let agenda = Agenda(measures: [measure("A", due: "2024-10-31", unit: "区建设发展局"),
                                       measure("B", due: "2024-10-31", unit: "区财政局")])
        let asOf = civil("2024-11-21")
        #expect(agenda.overdue(asOf: asOf, calendar: bundledCalendar, unit: "建设发展局").map(\.item.reference.key) == ["A"])
        #expect(agenda.overdue(asOf: asOf, calendar: bundledCalendar, unit: "区财政局").map(\.item.reference.key) == ["B"])
    }

    @Test func upcomingCountsDaysLeftInCalendarAndWorkingDays() {
        let agenda = Agenda(measures: [measure("A", due: "2024-10-08"), measure("B", due: "2024-09-27"),
                                       measure("C", due: "2024-10-20"), measure("D", due: "2024-09-26")])
        let asOf = civil("2024-09-27")
        let last = LookAhead.workdays(3).lastDay(after: asOf, calendar: bundledCalendar)   // 09-29, 09-30, 10-08
        #expect(last == civil("2024-10-08"))
        let found = agenda.upcoming(asOf: asOf, through: last, calendar: bundledCalendar)
        #expect(found.map(\.item.reference.key) == ["B", "A"])
        #expect(found.map(\.days) == [0, 11])
        #expect(found.map(\.workdays) == [0, 3])
    }

    @Test(arguments: [("14d", LookAhead.days(14)), ("2w", .weeks(2)), ("10workdays", .workdays(10)),
                      ("10wd", .workdays(10)), ("30", .days(30)), ("5工作日", .workdays(5))])
    func lookAheadSpans(text: String, span: LookAhead) {
        #expect(LookAhead(text) == span)
    }

    @Test(arguments: ["", "two weeks", "-3d", "3x", "d"])
    func lookAheadRejects(text: String) {
        #expect(LookAhead(text) == nil)
    }

    // MARK: Overrides

    @Test func doneHoldsWhateverTheLedgerSaysUntilTheLedgerChanges() {
        let m = measure("A", due: "2024-10-31")
        let done = entry(1, firstItem(m), .done)
        let asOf = civil("2024-11-21")
        #expect(Agenda(measures: [m], trail: [done]).overdue(asOf: asOf, calendar: bundledCalendar).isEmpty)
        // The ledger moves the deadline: the fingerprint differs, the ledger wins, and history shows both.
        let edited = measure("A", due: "2024-11-15")
        let agenda = Agenda(measures: [edited], trail: [done])
        #expect(agenda.overdue(asOf: asOf, calendar: bundledCalendar).map(\.days) == [6])
        let history = agenda.history(of: .measure("A"))
        #expect(history.map(\.standing) == [.supersededByLedger(now: "status=in-progress;due=2024-11-15")])
        #expect(history.first?.entry.fingerprint == "status=in-progress;due=2024-10-31")
    }

    @Test func aLedgerThatChangesOnlyTheTextKeepsTheOverride() {
        var m = measure("A", due: "2024-10-31")
        let done = entry(1, firstItem(m), .done)
        m.text = "改写后的措施表述"
        m.deadlineText = "2024年10月31日前"
        #expect(Agenda(measures: [m], trail: [done]).items[0].done)
    }

    @Test func reopenUndoesDoneAndTheLedgersOwnDone() {
        let m = measure("A", due: "2024-10-31", status: .done)
        let item = firstItem(m)
        let agenda = Agenda(measures: [m], trail: [entry(1, item, .reopened)])
        #expect(agenda.items[0].isOpen)
        #expect(agenda.items[0].status == .inProgress)
        #expect(agenda.overdue(asOf: civil("2024-11-21"), calendar: bundledCalendar).map(\.item.reference.key) == ["A"])
    }

    @Test func anExtensionKeepsTheOriginalDeadline() throws {
        let m = measure("A", due: "2024-10-31")
        let agenda = Agenda(measures: [m], trail: [entry(1, firstItem(m), .extended(to: civil("2024-12-31")))])
        let item = try #require(agenda.items.first)
        #expect(item.due == civil("2024-12-31"))
        #expect(item.ledgerDue == civil("2024-10-31"))
        #expect(item.isExtended)
        #expect(agenda.overdue(asOf: civil("2024-11-21"), calendar: bundledCalendar).isEmpty)
        #expect(agenda.overdue(asOf: civil("2025-01-02"), calendar: bundledCalendar).map(\.days) == [2])
    }

    @Test func laterEntriesApplyInSequence() {
        let m = measure("A", due: "2024-10-31")
        let item = firstItem(m)
        let trail = [entry(1, item, .extended(to: civil("2024-12-31"))), entry(2, item, .done), entry(3, item, .reopened)]
        let agenda = Agenda(measures: [m], trail: trail)
        #expect(agenda.items[0].isOpen)
        #expect(agenda.items[0].due == civil("2024-12-31"))
        #expect(agenda.history(of: .measure("A")).map(\.standing) == [.inEffect, .inEffect, .inEffect])
    }

    @Test func onlyEntriesRecordedSinceTheLedgerLastChangedHold() {
        let m = measure("A", due: "2024-10-31")
        let old = entry(1, firstItem(m), .extended(to: civil("2024-12-31")), fingerprint: "status=in-progress;due=2024-09-30")
        let new = entry(2, firstItem(m), .done)
        let agenda = Agenda(measures: [m], trail: [old, new])
        #expect(agenda.items[0].done)
        #expect(agenda.items[0].due == civil("2024-10-31"))
        #expect(agenda.history(of: .measure("A")).map(\.standing) == [.supersededByLedger(now: "status=in-progress;due=2024-10-31"), .inEffect])
    }

    @Test func doneOnAMeasureClosesItsMilestones() {
        let m = measure("A", due: "2025-06-30", milestones: [step("确定监理单位", "2024-11-15")])
        let agenda = Agenda(measures: [m], trail: [entry(1, firstItem(m), .done)])
        #expect(agenda.items.allSatisfy { $0.done })
        #expect(agenda.overdue(asOf: civil("2024-12-01"), calendar: bundledCalendar).isEmpty)
    }

    @Test func historyKeepsEntriesOfItemsNoLongerInTheLedger() {
        let m = measure("OLD-1", due: "2024-10-31")
        let agenda = Agenda(measures: [measure("NEW-1", due: "2024-10-31")], trail: [entry(1, firstItem(m), .done)])
        #expect(agenda.history(recordedAs: "OLD-1").map(\.standing) == [.itemGone])
    }

    @Test func refusalsSayWhy() throws {
        let open = firstItem(measure("A", due: "2024-10-31"))
        let today = civil("2024-11-21")
        #expect(throws: OverrideRefusal.extensionInThePast(item: "A", to: civil("2024-11-20"), today: today)) {
            try OverrideRefusal.check(.extended(to: civil("2024-11-20")), for: open, asOf: today)
        }
        #expect(throws: OverrideRefusal.extensionToSameDate(item: "A", date: civil("2024-10-31"))) {
            try OverrideRefusal.check(.extended(to: civil("2024-10-31")), for: open, asOf: civil("2024-10-01"))
        }
        #expect(throws: OverrideRefusal.notDone(item: "A")) {
            try OverrideRefusal.check(.reopened, for: open, asOf: today)
        }
        let ongoing = firstItem(measure("B", target: .ongoing, status: .ongoing))
        #expect(throws: OverrideRefusal.nothingToExtend(item: "B")) {
            try OverrideRefusal.check(.extended(to: civil("2025-01-01")), for: ongoing, asOf: today)
        }
        try OverrideRefusal.check(.extended(to: today), for: open, asOf: today)   // today itself is allowed
        let message = OverrideRefusal.extensionInThePast(item: "A", to: civil("2024-11-20"), today: today).description
        #expect(message.contains("不能把 A 延期到今天之前") && message.contains("cannot extend A to 2024-11-20"))
    }

    // MARK: Looking up what a user typed

    let lookup = Agenda(measures: [
        measure("GX-20", due: "2025-06-30", milestones: [step("确定设计单位", "2024-10-31"), step("确定监理单位", "2024-12-31")]),
        measure("GX-21", due: "2025-06-30"), measure("GX-2", due: "2025-06-30"), measure("ZB#7", due: "2025-06-30"),
    ])

    @Test(arguments: [("GX-20", "GX-20"), ("GX-20#2", "GX-20@确定监理单位"), ("GX-20@确定监理单位", "GX-20@确定监理单位"),
                      ("GX-20@设计", "GX-20@确定设计单位"), (" GX-21 ", "GX-21"), ("ZB#7", "ZB#7")])
    func resolvesIdsPositionsAndActions(text: String, key: String) throws {
        #expect(try lookup.resolve(text).reference.key == key)
    }

    @Test func anUnknownIdSuggestsCloseOnes() {
        #expect(throws: LookupError.unknownMeasure(input: "GX-22", suggestions: ["GX-2", "GX-20", "GX-21"])) {
            try lookup.resolve("GX-22")
        }
        let message = LookupError.unknownMeasure(input: "GX-22", suggestions: ["GX-2"]).description
        #expect(message.contains("没有编号为“GX-22”的措施") && message.contains("did you mean): GX-2"))
    }

    @Test func aMissingMilestoneListsTheMeasuresMilestones() {
        #expect(throws: LookupError.noSuchMilestone(input: "GX-20#3", measureID: "GX-20",
                                                    milestones: ["GX-20#1 确定设计单位 (2024-10-31)", "GX-20#2 确定监理单位 (2024-12-31)"])) {
            try lookup.resolve("GX-20#3")
        }
    }

    @Test func anAmbiguousActionAsksForAPosition() {
        #expect(throws: LookupError.ambiguousMilestone(input: "GX-20@确定", matches: ["GX-20#1 确定设计单位 (2024-10-31)",
                                                                                   "GX-20#2 确定监理单位 (2024-12-31)"])) {
            try lookup.resolve("GX-20@确定")
        }
    }
}
