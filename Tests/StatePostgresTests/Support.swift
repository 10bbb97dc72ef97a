import ChineseDates
import Foundation
import Ledger
import Logging
@_exported import PostgresTestSupport
@_exported import ProcessTestSupport
import Schedule
@_exported import ScheduleTestSupport
import StatePostgres

/// An instant written as UTC ISO 8601 (`2024-11-21T01:00:00Z`).
func instant(_ iso: String) -> Date {
    guard let date = InstantText.parse(iso) else { preconditionFailure("bad test instant \(iso)") }
    return date
}

/// A measure with a deadline, as a ledger row would give it.
func measure(_ id: String, due: String, milestones: [Milestone] = []) -> Measure {
    Measure(id: id, category: nil, text: "措施\(id)", unit: "区建设发展局", owner: "张三", leader: "王副主任",
            deadlineText: "\(due)前", target: .deadline(due: civil(due), aspirational: false),
            milestones: milestones, status: .inProgress, source: SourcePosition(file: "台账.toml", line: 1))
}

func step(_ action: String, _ due: String) -> Milestone {
    Milestone(action: action, dateText: due, due: civil(due), done: false)
}

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

/// Due events of `count` measures over three months: about 12 per measure.
func events(measures count: Int) -> [ReminderEvent] {
    let many = (1...count).map { measure("HA-\($0)", due: "2024-12-\(String(format: "%02d", $0 % 28 + 1))") }
    let schedule = ReminderSchedule(measures: many, settings: ReminderSettings(policy: .standard, workingDaysOnly: true, timeZone: shanghai),
                                    calendar: bundledCalendar)
    return schedule.events(from: civil("2024-10-01"), through: civil("2025-01-31"))
}

/// A database of its own on the shared server, and its configuration.
func freshConfiguration() throws -> PostgresStateConfiguration {
    try PostgresStateConfiguration(url: PostgresServer.shared().freshDatabase())
}

/// Quiet loggers: the leadership's notices would flood the test output.
let quiet: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()
