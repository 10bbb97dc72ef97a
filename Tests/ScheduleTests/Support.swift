import ChineseDates
import Foundation
import GRDB
// TemporaryDirectory and the process runner, for every file of this target.
@_exported import ProcessTestSupport
import Ledger
import Schedule
@_exported import ScheduleTestSupport


/// An instant written as UTC ISO 8601 (`2024-11-21T01:00:00Z`).
func instant(_ iso: String) -> Date {
    guard let date = InstantText.parse(iso) else { preconditionFailure("bad test instant \(iso)") }
    return date
}

/// A measure with a deadline (or the given target), as a ledger row would give it.
func measure(_ id: String, due: String? = nil, target: Target? = nil, status: Status = .inProgress,
             unit: String? = "区建设发展局", leader: String? = "王副主任", category: String? = nil,
             milestones: [Milestone] = [], line: Int = 1) -> Measure {
    Measure(id: id, category: category, text: "措施\(id)", unit: unit, owner: "张三", leader: leader,
            deadlineText: due.map { "\($0)前" }, target: target ?? due.map { .deadline(due: civil($0), aspirational: false) } ?? .none,
            milestones: milestones, status: status, source: SourcePosition(file: "台账.toml", line: line))
}

func step(_ action: String, _ due: String, done: Bool = false) -> Milestone {
    Milestone(action: action, dateText: due, due: civil(due), done: done)
}

/// Settings for tests: Asia/Shanghai, window 09:00–18:00, the given policy.
func settings(_ policy: ReminderPolicy = .standard, workingDaysOnly: Bool = true) -> ReminderSettings {
    ReminderSettings(policy: policy, workingDaysOnly: workingDaysOnly, timeZone: shanghai)
}


/// Runs `body` while another connection holds the write lock of the database at `path` (an
/// immediate transaction, as another xianqi process writing), and releases it afterwards.
func whileWriteLocked<T>(_ path: String, _ body: () throws -> T) throws -> T {
    let holder = try DatabaseQueue(path: path)
    let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
    Thread {
        try? holder.inTransaction(.immediate) { _ in
            locked.signal()
            release.wait()
            return .commit
        }
        finished.signal()
    }.start()
    locked.wait()
    defer {
        release.signal()
        finished.wait()
    }
    return try body()
}
