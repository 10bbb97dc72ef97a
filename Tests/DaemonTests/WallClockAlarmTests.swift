import Daemon
import Dispatch
import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The alarm against the real kernel timer and the real wall clock.
@Suite(.serialized) struct WallClockAlarmTests {
    final class Events: Sendable {
        let list = Mutex<[(WallClockAlarm.Event, Date)]>([])
        let semaphore = DispatchSemaphore(value: 0)
        func record(_ e: WallClockAlarm.Event) {
            list.withLock { $0.append((e, Date())) }
            semaphore.signal()
        }
    }

    @Test func firesAtTheArmedInstant() throws {
        let queue = DispatchQueue(label: "alarm")
        let events = Events()
        let alarm = try WallClockAlarm(queue: queue) { events.record($0) }
        let target = Date(timeIntervalSinceNow: 0.3)
        queue.sync { alarm.arm(at: target) }
        #expect(events.semaphore.wait(timeout: .now() + 3) == .success)
        let (event, at) = try #require(events.list.withLock { $0.first })
        #expect(event == .fired)
        #expect(at >= target)
        #expect(at.timeIntervalSince(target) < 0.2)
    }

    @Test func anInstantInThePastFiresAtOnce() throws {
        let queue = DispatchQueue(label: "alarm")
        let events = Events()
        let alarm = try WallClockAlarm(queue: queue) { events.record($0) }
        queue.sync { alarm.arm(at: Date(timeIntervalSinceNow: -3600)) }
        #expect(events.semaphore.wait(timeout: .now() + 1) == .success)
        #expect(events.list.withLock { $0.first?.0 } == .fired)
    }

    @Test func idleAlarmSleeps() throws {
        let queue = DispatchQueue(label: "alarm")
        let events = Events()
        let alarm = try WallClockAlarm(queue: queue) { events.record($0) }
        queue.sync { alarm.arm(at: nil) }
        #expect(events.semaphore.wait(timeout: .now() + 0.5) == .timedOut)
        #expect(queue.sync { alarm.armedInstant } == nil)
    }

    @Test func rearmingMovesTheAlarm() throws {
        let queue = DispatchQueue(label: "alarm")
        let events = Events()
        let alarm = try WallClockAlarm(queue: queue) { events.record($0) }
        queue.sync { alarm.arm(at: Date(timeIntervalSinceNow: 0.2)) }
        queue.sync { alarm.arm(at: Date(timeIntervalSinceNow: 0.6)) }
        #expect(events.semaphore.wait(timeout: .now() + 0.4) == .timedOut)
        #expect(events.semaphore.wait(timeout: .now() + 2) == .success)
    }

    /// Setting the wall clock (to the time it already shows, so nothing else on the machine
    /// notices) wakes the alarm with `.clockChanged`. Needs CAP_SYS_TIME, as root has.
    @Test func settingTheClockWakesTheAlarm() throws {
        let queue = DispatchQueue(label: "alarm")
        let events = Events()
        let alarm = try WallClockAlarm(queue: queue) { events.record($0) }
        queue.sync { alarm.arm(at: nil) }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        try #require(clock_settime(CLOCK_REALTIME, &now) == 0, "clock_settime: \(String(cString: strerror(errno))) (needs CAP_SYS_TIME)")
        #expect(events.semaphore.wait(timeout: .now() + 2) == .success)
        #expect(events.list.withLock { $0.first?.0 } == .clockChanged)
        // Still armed afterwards: a second change is seen too.
        clock_gettime(CLOCK_REALTIME, &now)
        _ = clock_settime(CLOCK_REALTIME, &now)
        #expect(events.semaphore.wait(timeout: .now() + 2) == .success)
    }
}

@Suite struct DirectoryWatcherTests {
    final class Changes: Sendable {
        let batches = Mutex<[[String]]>([])
        let semaphore = DispatchSemaphore(value: 0)
    }

    @Test func severalWritesOfOneSaveAreOneChange() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let queue = DispatchQueue(label: "watch")
        let changes = Changes()
        let watcher = try DirectoryWatcher(queue: queue, debounce: .milliseconds(200)) { paths in
            changes.batches.withLock { $0.append(paths) }
            changes.semaphore.signal()
        }
        try queue.sync { try watcher.watch(directories: [dir.path]) }
        // An editor's save: write a temporary file, then rename it over the ledger, twice.
        for n in 0..<2 {
            let tmp = dir.appendingPathComponent(".ledger.toml.tmp")
            try Data("n = \(n)\n".utf8).write(to: tmp)
            _ = rename(tmp.path, dir.appendingPathComponent("ledger.toml").path)
        }
        #expect(changes.semaphore.wait(timeout: .now() + 3) == .success)
        #expect(changes.semaphore.wait(timeout: .now() + 0.5) == .timedOut)
        let batch = try #require(changes.batches.withLock { $0.first })
        #expect(batch.contains(dir.appendingPathComponent("ledger.toml").path))
    }

    @Test func aMissingDirectoryIsAnErrorNamingIt() throws {
        let queue = DispatchQueue(label: "watch")
        let watcher = try DirectoryWatcher(queue: queue) { _ in }
        #expect(throws: DaemonError.self) { try queue.sync { try watcher.watch(directories: ["/nonexistent/xianqi"]) } }
    }
}
