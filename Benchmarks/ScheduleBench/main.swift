// ScheduleBench: where the time of `xianqi overdue` goes, phase by phase, in one process.
//
//     swift run -c release ScheduleBench DIR/xianqi.toml [--as-of DATE] [--runs N]
//
// Phases: reading the configuration and the ledgers (Workspace.load), building the agenda
// (items, overrides), listing what is overdue, computing the reminder events of the next 30
// days, and the next wake-up. Each is run N times (default 5); the best time is printed.
// `compare.sh` beside this file times the whole command from a cold process with hyperfine,
// against Taskwarrior on the same data.
import ChineseDates
import Foundation
import Ledger
import Schedule
import Workspace

func usage(_ problem: String) -> Never {
    FileHandle.standardError.write(Data("ScheduleBench: \(problem)\nusage: ScheduleBench CONFIG [--as-of YYYY-MM-DD] [--runs N]\n".utf8))
    exit(64)
}

struct Arguments {
    var asOf: CivilDate?
    var runs = 5
    var config: String?
}

func parse(_ list: [String]) -> Arguments {
    var arguments = list
    var out = Arguments()
    while let a = arguments.first {
    arguments.removeFirst()
    switch a {
    case "--as-of":
        guard let text = arguments.first, let d = CivilDate(text) else { usage("--as-of needs YYYY-MM-DD") }
        out.asOf = d
        arguments.removeFirst()
    case "--runs":
        guard let text = arguments.first, let n = Int(text), n > 0 else { usage("--runs needs a positive number") }
        out.runs = n
        arguments.removeFirst()
    default:
        out.config = a
    }
    }
    return out
}

let parsed = parse(Array(CommandLine.arguments.dropFirst()))
let runs = parsed.runs
let asOf = parsed.asOf
guard let config = parsed.config else { usage("give the configuration file") }

let clock = ContinuousClock()
func best<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
    let runs = parsed.runs
    var times: [Duration] = []
    var result: T?
    for _ in 0..<runs {
        let start = clock.now
        result = try body()
        times.append(clock.now - start)
    }
    let ms = times.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 }
    let line = name.padding(toLength: 28, withPad: " ", startingAt: 0)
    print("\(line) best \(String(format: "%8.1f", ms.min() ?? 0)) ms   median \(String(format: "%8.1f", ms.sorted()[ms.count / 2])) ms")
    guard let result else { preconditionFailure("runs is at least 1") }
    return result
}

do {
    let workspace = try best("load (config + ledgers)") { try Workspace.load(configuration: config, today: asOf) }
    let today = workspace.today
    let measures = workspace.measures
    print("  \(measures.count) measures, as of \(today)")
    let settings = try ReminderSettings(section: workspace.configuration.section("reminders"),
                                        timeZone: workspace.configuration.timeZone, path: config)
    let agenda = best("agenda (items + overrides)") { Agenda(measures: measures) }
    print("  \(agenda.items.count) items of \(MemoryLayout<ScheduleItem>.stride) bytes")
    let overdue = best("overdue") { agenda.overdue(asOf: today, calendar: workspace.calendar) }
    print("  \(overdue.count) overdue")
    let schedule = ReminderSchedule(agenda: agenda, settings: settings, calendar: workspace.calendar)
    let events = best("events, next 30 days") { schedule.events(from: today, through: today.adding(days: 30)) }
    print("  \(events.count) events")
    let noon = ZonedNoon.instant(today, settings.timeZone)
    let wake = best("next wake-up") { schedule.nextWakeup(after: noon) }
    print("  next wake-up \(wake.map(InstantText.format) ?? "none")")
} catch {
    FileHandle.standardError.write(Data("ScheduleBench: \(error)\n".utf8))
    exit(1)
}

enum ZonedNoon {
    static func instant(_ day: CivilDate, _ zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12)) ?? Date()
    }
}
