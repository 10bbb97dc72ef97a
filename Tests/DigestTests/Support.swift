import ChineseDates
import Digest
import Foundation
import Ledger
import Schedule
@_exported import ScheduleTestSupport


/// Thursday 2024-11-21, the sample configuration's today.
let sampleDay = civil("2024-11-21")

/// A measure as a ledger row gives it: a deadline (or the given target), owner, leader, addresses.
func measure(_ id: String, _ text: String? = nil, due: String? = nil, target: Target? = nil, status: Status = .inProgress,
             unit: String? = "区建设发展局", owner: String? = "张三", leader: String? = "王副主任",
             unitEmail: [String] = [], leaderEmail: [String] = [], category: String? = nil,
             milestones: [Milestone] = [], line: Int = 1) -> Measure {
    Measure(id: id, category: category, text: text ?? "措施\(id)", unit: unit, owner: owner, leader: leader,
            unitEmail: unitEmail, leaderEmail: leaderEmail,
            deadlineText: due.map { "\($0)前" },
            target: target ?? due.map { .deadline(due: civil($0), aspirational: false) } ?? .none,
            milestones: milestones, status: status, source: SourcePosition(file: "台账.toml", line: line))
}

func step(_ action: String, _ due: String, done: Bool = false) -> Milestone {
    Milestone(action: action, dateText: due, due: civil(due), done: done)
}

/// A trail entry for `item` as `xianqi done/extend/reopen` records it: against the item's
/// ledger fingerprint, with the deadline in effect as the previous one.
func entry(_ sequence: Int64, _ action: OverrideEntry.Action, on item: ScheduleItem, by: String = "李娜",
           asOf: String, note: String? = nil, fingerprint: String? = nil) -> OverrideEntry {
    let day = civil(asOf)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = shanghai
    let at = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 10, minute: 5)) ?? Date()
    return OverrideEntry(sequence: sequence, itemKey: item.reference.key, measureID: item.reference.measureID, action: action,
                         by: by, at: at, asOf: day, note: note, fingerprint: fingerprint ?? item.fingerprint,
                         previousDue: item.due)
}

/// Two units, a unit-less row, overdue items of every severity, items due soon, long-term
/// and rhythm measures, done measures: the ledger the model and rendering tests read.
enum Ledger2024 {
    static let jianshe = "区建设发展局"
    static let caizheng = "区财政局"

    static let measures: [Measure] = [
        // 区建设发展局: 3 overdue (the oldest 41 days), 1 due soon.
        measure("JS-1", "推进老旧小区改造", due: "2024-10-11", unit: jianshe, owner: "张伟", leader: "王芳",
                unitEmail: ["jsj@example.gov.cn"], leaderEmail: ["wangfang@example.gov.cn"], line: 1),
        measure("JS-2", "完善物业管理办法", due: "2024-11-15", unit: jianshe, owner: "张伟", leader: "王芳",
                unitEmail: ["jsj@example.gov.cn"], leaderEmail: ["wangfang@example.gov.cn"], line: 2),
        measure("JS-3", "整治违建", due: "2024-11-30", unit: jianshe, owner: "赵强", leader: "王芳",
                unitEmail: ["jsj@example.gov.cn"], line: 3),
        measure("JS-4", "推进项目建设", due: "2025-06-30", unit: jianshe, owner: "赵强", leader: "王芳",
                milestones: [step("确定设计单位", "2024-10-31"), step("开工", "2025-06-30")], line: 4),
        measure("JS-5", "建立长效机制", target: .ongoing, status: .ongoing, unit: jianshe, line: 5),
        // 区财政局: 1 overdue 200 days (the oldest of all), 1 overdue 2 days, a rhythm, a done one.
        measure("CZ-1", "清理历史欠款", due: "2024-05-05", unit: caizheng, owner: "李明", leader: "陈刚",
                leaderEmail: ["chengang@example.gov.cn"], line: 6),
        measure("CZ-2", "规范专项资金", due: "2024-11-19", unit: caizheng, owner: "李明", leader: nil, line: 7),
        measure("CZ-3", "资金调度", target: .cadence([.init(period: .month)]), unit: caizheng, line: 8),
        measure("CZ-4", "审计整改", due: "2024-09-30", status: .done, unit: caizheng, line: 9),
        // No unit at all.
        measure("NU-1", "补充台账", due: "2024-11-01", unit: nil, owner: nil, leader: nil, line: 10),
        // Due within two weeks, and beyond.
        measure("CZ-5", "预算公开", due: "2024-12-05", unit: caizheng, owner: "李明", line: 11),
        measure("CZ-6", "绩效评价", due: "2024-12-06", unit: caizheng, line: 12),
    ]

    static func agenda(trail: (Agenda) -> [OverrideEntry] = { _ in [] }) -> Agenda {
        let plain = Agenda(measures: measures)
        return Agenda(measures: measures, trail: trail(plain))
    }

    static func item(_ agenda: Agenda, _ key: String) -> ScheduleItem {
        guard let item = agenda.items.first(where: { $0.reference.key == key || $0.reference.shortForm == key }) else {
            preconditionFailure("no item \(key)")
        }
        return item
    }

    static func digest(_ agenda: Agenda = agenda(), asOf: CivilDate = sampleDay, scope: DigestScope = .all) -> Digest {
        Digest(agenda: agenda, asOf: asOf, calendar: bundledCalendar, timeZone: shanghai, scope: scope)
    }
}
