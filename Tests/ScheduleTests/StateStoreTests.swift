import ChineseDates
import Foundation
import GRDB
import Ledger
import Schedule
import Testing

/// The state database as a real file in a temporary directory.
@Suite struct StateStoreTests {
    let measures = [
        measure("GX-1", due: "2024-11-15"),
        measure("GX-2", due: "2024-12-31", milestones: [step("确定监理单位", "2024-12-10")]),
        measure("GX-3", due: "2025-01-10"),
    ]

    func item(_ key: String) -> ScheduleItem {
        guard let item = Agenda(measures: measures).items.first(where: { $0.reference.key == key }) else {
            preconditionFailure("no item \(key)")
        }
        return item
    }

    @Test func claimingTheSamePeriodTwiceRecordsEachEventOnce() throws {
        let dir = TemporaryDirectory()
        let store = try StateStore(directory: dir.path)
        let schedule = ReminderSchedule(measures: measures, settings: settings(), calendar: bundledCalendar)
        let events = schedule.events(from: civil("2024-11-01"), through: civil("2025-01-31"))
        #expect(events.count > 30)
        let first = try events.map { try store.claim($0, at: instant("2024-11-01T01:00:00Z")) }
        #expect(first.allSatisfy { $0 })
        // The same computation again (a restart, a second daemon): nothing is claimed twice.
        let again = try schedule.events(from: civil("2024-11-01"), through: civil("2025-01-31"))
            .map { try store.claim($0, at: instant("2024-11-02T01:00:00Z")) }
        #expect(again.allSatisfy { !$0 })
        #expect(try store.claimedKeys() == events.map(\.key))
        #expect(Set(events.map(\.key)).count == events.count)
    }

    /// 0600 in a plain directory; 0660 in a setgid one (2770: the group the Debian package sets
    /// up for office staff), and never anything for others, whatever the umask (the test
    /// process's, 022: the file is made 0640 by open(2) and set to its mode after).
    @Test(arguments: [(setgid: false, mode: mode_t(0o600)), (setgid: true, mode: mode_t(0o660))])
    func theDatabaseIsGroupWritableOnlyInASetgidDirectory(setgid: Bool, mode: mode_t) throws {
        let dir = TemporaryDirectory()
        let state = dir.appending("state")
        #expect(mkdir(state, 0o700) == 0)
        if setgid { #expect(chmod(state, 0o2770) == 0) }
        let store = try StateStore(directory: state)
        _ = try store.claimedKeys()
        var info = stat()
        #expect(stat(store.path, &info) == 0)
        #expect(info.st_mode & 0o7777 == mode)
        // A copy left readable by others (and, outside a setgid directory, by the group) is tightened on open.
        #expect(chmod(store.path, 0o666) == 0)
        _ = try StateStore(directory: state)
        #expect(stat(store.path, &info) == 0)
        #expect(info.st_mode & 0o7777 == mode)
        #expect(stat(state, &info) == 0)
        #expect(info.st_mode & 0o7777 == (setgid ? 0o2770 : 0o700))
    }

    @Test func theSentLogSurvivesReopeningTheFile() throws {
        let dir = TemporaryDirectory()
        let event = try #require(ReminderSchedule(measures: measures, settings: settings(), calendar: bundledCalendar)
            .events(from: civil("2024-11-15"), through: civil("2024-11-15")).first)
        #expect(try StateStore(directory: dir.path).claim(event, at: instant("2024-11-15T01:00:00Z")))
        let reopened = try StateStore(directory: dir.path)
        #expect(try reopened.isClaimed(event.key))
        #expect(try !reopened.claim(event, at: instant("2024-11-16T01:00:00Z")))
        let readOnly = try #require(try StateStore.existing(in: dir.path))
        #expect(try readOnly.claimedKeys() == [event.key])
    }

    @Test func theDatabaseRefusesADuplicateKeyItself() throws {
        let dir = TemporaryDirectory()
        _ = try StateStore(directory: dir.path)
        let queue = try DatabaseQueue(path: dir.file(StateStore.fileName))
        let insert = "INSERT INTO sent (key, item, measure_id, kind, due, day, scheduled_for, claimed_at, roles) VALUES ('k', 'i', 'm', 'due', 'd', 'd', 's', 'c', 'unit')"
        try queue.write { try $0.execute(sql: insert) }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: insert) } }
    }

    @Test func overridesRoundTripWithWhoWhenWhyAndTheLedgersFingerprint() throws {
        let dir = TemporaryDirectory()
        let store = try StateStore(directory: dir.path)
        let at = instant("2024-11-21T06:30:00.250Z")
        let recorded = try store.record(.extended(to: civil("2025-01-15")), for: item("GX-2@确定监理单位"), by: "李四",
                                        note: "招标流标", asOf: civil("2024-11-21"), at: at)
        try store.record(.done, for: item("GX-1"), by: "张三", note: nil, asOf: civil("2024-11-21"), at: at)
        let trail = try StateStore(directory: dir.path).trail()
        #expect(trail.count == 2)
        #expect(trail[0] == recorded)
        #expect(trail[0].action == .extended(to: civil("2025-01-15")))
        #expect(trail[0].itemKey == "GX-2@确定监理单位")
        #expect(trail[0].measureID == "GX-2")
        #expect(trail[0].by == "李四")
        #expect(trail[0].at == at)
        #expect(trail[0].note == "招标流标")
        #expect(trail[0].fingerprint == "done=false;due=2024-12-10")
        #expect(trail[0].previousDue == civil("2024-12-10"))
        #expect(trail[1].action == .done && trail[1].note == nil && trail[1].sequence > trail[0].sequence)
        #expect(try store.lastRun() == RunRecord(command: "done", asOf: civil("2024-11-21"), at: at))
    }

    @Test func theAuditTrailIsAppendOnly() throws {
        let dir = TemporaryDirectory()
        let store = try StateStore(directory: dir.path)
        try store.record(.done, for: item("GX-1"), by: "张三", note: nil, asOf: civil("2024-11-21"), at: instant("2024-11-21T01:00:00Z"))
        let queue = try DatabaseQueue(path: dir.file(StateStore.fileName))
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE override SET by = 'x'") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM override") } }
        #expect(try store.trail().map(\.by) == ["张三"])
    }

    @Test func twoWritersAtOnceBothLand() async throws {
        let dir = TemporaryDirectory()
        let path = dir.path
        let items = measures.map { m in ScheduleItem.items(of: m)[0] }
        // Two independent pools, as two processes would have, each opening (and migrating) a new file.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (n, item) in items.enumerated() {
                group.addTask {
                    let store = try StateStore(directory: path)
                    for k in 0..<20 {
                        try store.record(.done, for: item, by: "writer\(n)", note: "\(k)", asOf: civil("2024-11-21"),
                                         at: instant("2024-11-21T01:00:00Z"))
                    }
                }
            }
            try await group.waitForAll()
        }
        let trail = try StateStore(directory: path).trail()
        #expect(trail.count == 60)
        #expect(Set(trail.map(\.by)) == ["writer0", "writer1", "writer2"])
        #expect(trail.map(\.sequence) == Array(1...60))
    }

    @Test func aDamagedFileIsReportedAndLeftAsItIs() throws {
        let dir = TemporaryDirectory()
        let garbage = Data("这不是数据库 — not a database, just text that happens to be here\n".utf8) + Data(repeating: 0x5A, count: 4096)
        try garbage.write(to: URL(fileURLWithPath: dir.file(StateStore.fileName)))
        #expect {
            _ = try StateStore(directory: dir.path)
        } throws: { error in
            guard case .corrupted(let path, _) = error as? StateError else { return false }
            return path == dir.file(StateStore.fileName)
                && (error as? StateError)?.description.contains("状态数据库已损坏") == true
                && (error as? StateError)?.description.contains("left untouched") == true
        }
        #expect(throws: StateError.self) { _ = try StateStore.existing(in: dir.path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file(StateStore.fileName))) == garbage)
    }

    @Test func aWriteLockHeldTooLongIsReportedAndNothingIsLost() throws {
        let dir = TemporaryDirectory()
        let store = try StateStore(directory: dir.path, busyTimeout: 0.3)
        try store.record(.done, for: item("GX-1"), by: "张三", note: nil, asOf: civil("2024-11-21"), at: instant("2024-11-21T01:00:00Z"))
        try whileWriteLocked(dir.file(StateStore.fileName)) { () throws -> Void in
            #expect(throws: StateError.locked(path: dir.file(StateStore.fileName), seconds: 0.3)) {
                try store.record(.done, for: item("GX-3"), by: "李四", note: nil, asOf: civil("2024-11-21"), at: instant("2024-11-21T02:00:00Z"))
            }
            // Reads go on while another process writes (WAL).
            #expect(try store.trail().count == 1)
        }
        try store.record(.done, for: item("GX-3"), by: "李四", note: nil, asOf: civil("2024-11-21"), at: instant("2024-11-21T02:00:00Z"))
        #expect(try store.trail().map(\.itemKey) == ["GX-1", "GX-3"])
        let message = StateError.locked(path: "/x/state.sqlite", seconds: 5).description
        #expect(message.contains("被锁定") && message.contains("nothing was recorded"))
    }

    @Test func aMissingDatabaseReadsAsNothingRecordedAndIsNotCreated() throws {
        let dir = TemporaryDirectory()
        #expect(try StateStore.existing(in: dir.path) == nil)
        #expect(!FileManager.default.fileExists(atPath: dir.file(StateStore.fileName)))
    }

    @Test func aStateDirectoryThatCannotBeCreatedIsReported() throws {
        let dir = TemporaryDirectory()
        try dir.write("file", "not a directory")
        #expect {
            _ = try StateStore(directory: dir.file("file/state"))
        } throws: { error in
            guard case .directoryUnavailable = error as? StateError else { return false }
            return (error as? StateError)?.description.contains("--state-dir") == true
        }
    }

    @Test func aNewerSchemaIsNotWritten() throws {
        let dir = TemporaryDirectory()
        _ = try StateStore(directory: dir.path)
        let queue = try DatabaseQueue(path: dir.file(StateStore.fileName))
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9: from the future')") }
        #expect(throws: StateError.newerSchema(path: dir.file(StateStore.fileName), migrations: ["v9: from the future"])) {
            _ = try StateStore(directory: dir.path)
        }
    }

    @Test func aRunEarlierThanTheLastRecordedOneWarns() throws {
        let dir = TemporaryDirectory()
        let store = try StateStore(directory: dir.path)
        try store.recordRun(command: "daemon", asOf: civil("2024-11-25"), at: instant("2024-11-25T01:00:00Z"))
        let marks = try store.latestRunMarks()
        #expect(ClockWarning.check(asOf: civil("2024-11-25"), now: instant("2024-11-25T02:00:00Z"), latest: marks) == nil)
        #expect(ClockWarning.check(asOf: civil("2024-11-21"), now: instant("2024-11-25T02:00:00Z"), latest: marks)
                == .asOfBeforeLastRun(asOf: civil("2024-11-21"), last: civil("2024-11-25")))
        #expect(ClockWarning.check(asOf: civil("2024-11-25"), now: instant("2024-11-24T02:00:00Z"), latest: marks)
                == .clockBeforeLastRun(now: instant("2024-11-24T02:00:00Z"), last: instant("2024-11-25T01:00:00Z")))
    }

    @Test func aClockSetBackNeverResends() throws {
        let dir = TemporaryDirectory()
        let store = try StateStore(directory: dir.path)
        let schedule = ReminderSchedule(measures: measures, settings: settings(), calendar: bundledCalendar)
        let later = schedule.events(from: civil("2024-11-10"), through: civil("2024-11-20"))
        for e in later { try store.claim(e, at: e.instant) }
        // The clock jumps back five days: the days replayed find their events already sent.
        let replay = schedule.events(from: civil("2024-11-15"), through: civil("2024-11-20"))
        #expect(!replay.isEmpty)
        #expect(try replay.allSatisfy { try !store.claim($0, at: instant("2024-11-15T01:00:00Z")) })
        #expect(try store.claimedKeys().count == later.count)
    }

    @Test(arguments: ["2024-11-21T01:00:00.000Z", "1969-12-31T23:59:59.999Z", "2026-02-28T16:05:09.042Z"])
    func instantsRoundTripAsText(text: String) throws {
        let date = try #require(InstantText.parse(text))
        #expect(InstantText.format(date) == text)
    }
}
