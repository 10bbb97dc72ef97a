import ChineseDates
import Foundation
import Ledger
import Schedule
import Testing

/// The snapshot of unchanged ledgers gives back exactly the items read from them, and is not
/// used once a byte of a ledger, its prefix or the reference date differs.
@Suite struct AgendaSnapshotTests {
    let measures = [
        measure("GX-1", due: "2024-10-31", category: "反馈问题"),
        measure("GX-2", due: "2025-06-30", status: .done, milestones: [step("确定设计单位", "2024-10-31", done: true),
                                                                        step("确定设计单位", "2024-12-31")]),
        measure("GX-3", target: .cadence([.init(period: .week), .init(period: nil, every: 2)]), unit: nil, leader: nil),
        measure("GX-4", target: .ongoing, status: .ongoing),
        measure("GX-5", target: .unresolved(reason: "?"), status: .notDone),
        Measure(id: "X-1", text: "表格来源", source: SourcePosition(file: "台账.xlsx", line: 7, column: 3, sheet: "整改台账")),
    ]

    @Test func aSnapshotGivesBackTheSameItems() throws {
        let dir = TemporaryDirectory()
        let agenda = Agenda(measures: measures)
        let key = AgendaSnapshot.Key(value: 42)
        let path = dir.file("cache/agenda.bin")
        try AgendaSnapshot(items: agenda.ledgerItems, errorCount: 3, key: key).write(to: path)
        let read = try #require(AgendaSnapshot.read(from: path, key: key))
        #expect(read.errorCount == 3)
        #expect(read.items == agenda.ledgerItems)
        let again = Agenda(ledgerItems: read.items)
        #expect(again.items == agenda.items)
        #expect(again.items.filter(\.done).map(\.reference.key) == ["GX-2", "GX-2#1", "GX-2#2"])
    }

    @Test func aSnapshotOfAnotherKeyOrADamagedOneIsNotUsed() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("agenda.bin")
        let snapshot = AgendaSnapshot(items: Agenda(measures: measures).ledgerItems, errorCount: 0, key: .init(value: 1))
        try snapshot.write(to: path)
        #expect(AgendaSnapshot.read(from: path, key: .init(value: 2)) == nil)
        var bytes = snapshot.encoded()
        bytes.removeLast(5)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(AgendaSnapshot.read(from: path, key: .init(value: 1)) == nil)
        #expect(AgendaSnapshot.read(from: dir.file("missing.bin"), key: .init(value: 1)) == nil)
    }

    /// Before the checksum, 6 of 300 single-byte flips of a cache file gave wrong `overdue`
    /// output: a flipped day number is still a valid date. Every flip must now make it unused.
    @Test func everySingleByteFlipMakesTheSnapshotUnused() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("agenda.bin")
        let key = AgendaSnapshot.Key(value: 7)
        let good = AgendaSnapshot(items: Agenda(measures: measures).ledgerItems, errorCount: 0, key: key).encoded()
        try Data(good).write(to: URL(fileURLWithPath: path))
        #expect(AgendaSnapshot.read(from: path, key: key) != nil)
        var used: [Int] = []
        for offset in 0..<good.count {
            for mask: UInt8 in [0x01, 0x80] {
                var bytes = good
                bytes[offset] ^= mask
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                if AgendaSnapshot.read(from: path, key: key) != nil { used.append(offset) }
            }
        }
        #expect(used.isEmpty, "damaged snapshots used, flipped at \(used)")
    }

    @Test func theKeyChangesWithAByteOfALedgerItsPrefixOrTheReferenceDate() throws {
        let dir = TemporaryDirectory()
        try dir.write("a.csv", "序号,整改措施,完成时限\n1,建立台账,2024年10月底前\n")
        let file = dir.file("a.csv")
        let reference = civil("2024-11-21")
        let key = try #require(AgendaSnapshot.Key(ledgers: [(file, nil)], reference: reference))
        #expect(AgendaSnapshot.Key(ledgers: [(file, nil)], reference: reference) == key)
        #expect(AgendaSnapshot.Key(ledgers: [(file, "XJ")], reference: reference) != key)
        #expect(AgendaSnapshot.Key(ledgers: [(file, nil)], reference: civil("2024-11-22")) != key)
        try dir.write("a.csv", "序号,整改措施,完成时限\n1,建立台账,2024年11月底前\n")
        #expect(AgendaSnapshot.Key(ledgers: [(file, nil)], reference: reference) != key)
        #expect(AgendaSnapshot.Key(ledgers: [(dir.file("gone.csv"), nil)], reference: reference) == nil)
    }
}
