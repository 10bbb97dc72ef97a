import ChineseDates
import CorpusTestSupport
@testable import Daemon
import Foundation
import Ledger
import Schedule
import Testing
import Workspace

/// What a reload keeps, against what `Workspace.load` and `Agenda` give for the same files.
struct LedgerSetTests {
    static var config: String { Corpus.repository.appendingPathComponent("Config/xianqi.toml").path }

    @Test func aFullLoadHoldsWhatWorkspaceLoadReads() throws {
        let config = try Configuration(contentsOf: Self.config)
        let day = try #require(config.today)
        let workspace = Workspace.load(config)
        let (set, report) = LedgerSet.load(config, day: day, previous: nil)
        #expect(report.full && report.kept.isEmpty && report.unreadable.isEmpty)
        #expect(report.read.count == workspace.ledgers.count)
        #expect(set.ledgers.flatMap(\.measures).map { Workspace.withUnitAddresses($0, from: config) } == workspace.measures)
        var byID: [String: Measure] = [:]
        for m in workspace.measures where byID[m.id] == nil { byID[m.id] = m }
        #expect(set.measureCount == byID.count)
        for (id, m) in byID { #expect(set.measure(id: id) == m) }
        // The daemon reads without warnings (it logs errors only).
        #expect(set.issues(ofRead: report.read) == Workspace.load(config, warnings: false).issues)

        // Loaded again with nothing changed: every ledger kept, nothing read.
        let (again, second) = LedgerSet.load(config, day: day, previous: set)
        #expect(!second.full && second.read.isEmpty && second.kept.count == workspace.ledgers.count)
        #expect(again.ledgers.flatMap(\.measures).map { Workspace.withUnitAddresses($0, from: config) } == workspace.measures)
        // Another reference day reads everything again.
        let other = LedgerSet.load(config, day: day.adding(days: 1), previous: set).1
        #expect(other.full == (config.reference == nil))
    }

    @Test func theStatusCountsTheOverdueItemsAsTheAgendaListsThem() throws {
        let workspace = try Workspace.load(configuration: Self.config)
        let agenda = Agenda(measures: workspace.measures)
        let start = try #require(CivilDate("2023-01-01"))
        for offset in stride(from: 0, through: 1200, by: 37) {
            let day = start.adding(days: offset)
            #expect(ReminderService.overdueCount(agenda, asOf: day)
                    == agenda.overdue(asOf: day, calendar: workspace.calendar).count, "\(day)")
        }
    }

    @Test func fingerprintsTellEditsApart() {
        func print(_ s: String) -> ContentFingerprint { ContentFingerprint(Data(s.utf8)) }
        #expect(print("序号,完成时限\nA-1,2024-12-31\n") == print("序号,完成时限\nA-1,2024-12-31\n"))
        #expect(print("序号,完成时限\nA-1,2024-12-31\n") != print("序号,完成时限\nA-1,2024-12-30\n"))
        #expect(print("abcdefgh") != print("abcdefgh\0"))
        #expect(print("") != print("\0"))
    }
}
