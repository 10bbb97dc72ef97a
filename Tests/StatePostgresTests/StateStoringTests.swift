import ChineseDates
import Foundation
import Schedule
import StatePostgres
import Testing

/// The same inputs through ``StateStoring`` into the SQLite store and the PostgreSQL one:
/// what the trail and the runs give back must be the same, value for value.
@Suite struct StateStoringTests {
    /// One override to record: the item, the action, who, why, the day and the instant.
    struct Entry: Sendable, CustomStringConvertible {
        let item: String
        let action: OverrideEntry.Action
        let by: String
        let note: String?
        let asOf: String
        let at: String
        var description: String { "\(action.name) \(item) by \(by) at \(at)" }
    }

    static let cases: [[Entry]] = [
        [Entry(item: "GX-1", action: .done, by: "张三", note: nil, asOf: "2024-11-21", at: "2024-11-21T01:00:00Z")],
        [
            Entry(item: "GX-2@确定监理单位", action: .extended(to: civil("2025-01-15")), by: "李四",
                  note: "招标流标", asOf: "2024-11-21", at: "2024-11-21T06:30:00.250Z"),
            Entry(item: "GX-2", action: .done, by: "alice (sudo)", note: "已验收；附件见 OA", asOf: "2024-11-22", at: "2024-11-22T09:15:42.999Z"),
            Entry(item: "GX-2", action: .reopened, by: "王五", note: "", asOf: "2024-11-22", at: "2024-11-22T09:16:00.001Z"),
        ],
        [
            // The clock set back: runs are ordered by sequence, the marks by value.
            Entry(item: "GX-3", action: .extended(to: civil("2025-03-31")), by: "赵六", note: "因春节顺延",
                  asOf: "2025-01-05", at: "2025-01-05T08:00:00.5Z"),
            Entry(item: "GX-1", action: .done, by: "张三", note: nil, asOf: "2024-12-30", at: "2024-12-30T23:59:59.999Z"),
        ],
    ]

    /// What a store gives back after `entries` and a daemon run.
    struct Snapshot: Equatable {
        var recorded: [OverrideEntry] = []
        var trail: [OverrideEntry] = []
        var lastRun: RunRecord?
        var lastServe: RunRecord?
        var lastDone: RunRecord?
        var marksAsOf: CivilDate?
        var marksAt: Date?
    }

    static func exercise(_ store: some StateStoring, _ entries: [Entry]) throws -> Snapshot {
        var snapshot = Snapshot()
        #expect(try store.lastRun() == nil)
        #expect(try store.latestRunMarks() == nil)
        #expect(try store.trail() == [])
        #expect(try store.trailHead() == 0)
        for (index, entry) in entries.enumerated() {
            if index == 1 {
                try store.recordRun(command: "serve", asOf: civil(entry.asOf), at: instant(entry.at).addingTimeInterval(-0.0004))
            }
            snapshot.recorded.append(try store.record(entry.action, for: item(entry.item), by: entry.by, note: entry.note,
                                                      asOf: civil(entry.asOf), at: instant(entry.at)))
        }
        snapshot.trail = try store.trail()
        // The head is the last entry's sequence: a board's key moves with every entry.
        #expect(try store.trailHead() == snapshot.trail.last?.sequence ?? 0)
        snapshot.lastRun = try store.lastRun()
        snapshot.lastServe = try store.lastRun(command: "serve")
        snapshot.lastDone = try store.lastRun(command: "done")
        let marks = try store.latestRunMarks()
        snapshot.marksAsOf = marks?.asOf
        snapshot.marksAt = marks?.at
        return snapshot
    }

    @Test(arguments: StateStoringTests.cases)
    func theTrailAndTheRunsRoundTripAsInSQLite(entries: [Entry]) async throws {
        try await onThread {
            let dir = TemporaryDirectory("storing")
            let sqlite = try Self.exercise(StateStore(directory: dir.path), entries)
            let postgres = try Self.exercise(PostgresStateStore(configuration: freshConfiguration(), logger: quiet), entries)
            #expect(postgres == sqlite)
            #expect(postgres.trail.map(\.itemKey) == entries.map(\.item))
            // What was read back equals what was recorded, but for the sequence numbers'
            // origin and the instants kept to the millisecond.
            #expect(postgres.trail.map(\.action) == entries.map(\.action))
        }
    }
}
