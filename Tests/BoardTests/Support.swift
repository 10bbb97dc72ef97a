import ChineseDates
import Foundation
import Ledger
import Schedule
@_exported import ScheduleTestSupport

/// A measure with a deadline (or the given target), as a ledger row would give it.
func measure(_ id: String, due: String? = nil, target: Target? = nil, status: Status = .inProgress,
             unit: String? = "区财政局", text: String? = nil, milestones: [Milestone] = [], line: Int = 1) -> Measure {
    Measure(id: id, category: nil, text: text ?? "措施\(id)", unit: unit, owner: "张三", leader: "王副主任",
            deadlineText: due.map { "\($0)前" }, target: target ?? due.map { .deadline(due: civil($0), aspirational: false) } ?? .none,
            milestones: milestones, status: status, source: SourcePosition(file: "台账.toml", line: line))
}

func step(_ action: String, _ due: String, done: Bool = false) -> Milestone {
    Milestone(action: action, dateText: due, due: civil(due), done: done)
}

func settings(_ policy: ReminderPolicy = .standard) -> ReminderSettings {
    ReminderSettings(policy: policy, workingDaysOnly: true, timeZone: shanghai)
}

/// A trail entry recorded on `asOf` against the item's ledger fingerprint.
func entry(_ n: Int64, _ item: ScheduleItem, _ action: OverrideEntry.Action, asOf: String) -> OverrideEntry {
    OverrideEntry(sequence: n, itemKey: item.reference.key, measureID: item.reference.measureID, action: action, by: "测试",
                  at: Date(timeIntervalSince1970: 1_732_150_000), asOf: civil(asOf), note: nil,
                  fingerprint: item.fingerprint, previousDue: item.ledgerDue)
}
