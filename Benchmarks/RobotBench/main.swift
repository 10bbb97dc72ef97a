// RobotBench: messages per day before and after the 催办单, on a ledger of LedgerGen's.
//
//     swift run -c release RobotBench DIR/xianqi.toml --as-of 2024-11-21 [--days 7] [--vendor wecom]
//
// For each day from the as-of day on, the reminder events the schedule sends that day
// (ReminderSchedule.events, as the daemon sends them when it runs every day). Before: one
// message per event (the email of each reminder, due-day and overdue notice). After: one 催办单
// per unit and channel and day (RobotNote.urge, within the vendor's size limit; what does not
// fit is counted, with the board link). `Benchmarks/robots-per-day.sh` runs it at 1k and 100k.
import ChineseDates
import Foundation
import Robots
import Schedule
import Workspace

func usage(_ problem: String) -> Never {
    FileHandle.standardError.write(Data("RobotBench: \(problem)\nusage: RobotBench CONFIG --as-of YYYY-MM-DD [--days N] [--vendor wecom|dingtalk|feishu]\n".utf8))
    exit(64)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var config: String?, asOf: CivilDate?, days = 7, vendor = RobotVendor.wecom
while let a = arguments.first {
    arguments.removeFirst()
    switch a {
    case "--as-of":
        guard let t = arguments.first, let d = CivilDate(t) else { usage("--as-of needs YYYY-MM-DD") }
        asOf = d
        arguments.removeFirst()
    case "--days":
        guard let t = arguments.first, let n = Int(t), n > 0 else { usage("--days needs a positive number") }
        days = n
        arguments.removeFirst()
    case "--vendor":
        guard let t = arguments.first, let v = RobotVendor(rawValue: t) else { usage("--vendor: wecom, dingtalk or feishu") }
        vendor = v
        arguments.removeFirst()
    default:
        config = a
    }
}
guard let config, let asOf else { usage("give the configuration and --as-of") }

do {
    let workspace = try Workspace.load(configuration: config, today: asOf)
    let settings = try ReminderSettings(section: workspace.configuration.section("reminders"),
                                        timeZone: workspace.configuration.timeZone, path: config)
    let schedule = ReminderSchedule(agenda: Agenda(measures: workspace.measures), settings: settings, calendar: workspace.calendar)
    let board = BoardLink("https://dc.example.gov.cn/board")
    let fits = RobotPayload.fits(vendor)
    print("\(workspace.measures.count) measures, as of \(asOf), \(vendor.displayName) (\(vendor.textLimit) bytes)")
    print("day         events=messages before   催办单 after   units over the size limit   largest 催办单 (items, listed)")
    var totalBefore = 0, totalAfter = 0
    for offset in 0..<days {
        let day = asOf.adding(days: offset)
        let events = schedule.events(from: day, through: day)
        var byUnit: [String: [NoteItem]] = [:]
        for event in events {
            let unit = event.unit ?? "（未填责任单位）"
            byUnit[unit, default: []].append(NoteItem(eventKey: event.key, kind: event.kind.name, severity: 0,
                                                      tag: event.kind.name, reference: event.item.shortForm,
                                                      title: event.title, timing: "\(event.due)"))
        }
        var over = 0, largest = (0, 0)
        for (unit, items) in byUnit {
            let note = RobotNote.urge(recipient: unit, day: day.description, items: items, noteID: "000000000000", board: board, fits: fits)
            if note.omitted != nil { over += 1 }
            if items.count > largest.0 { largest = (items.count, note.lines.count) }
        }
        totalBefore += events.count
        totalAfter += byUnit.count
        print("\(day)  \(String(events.count).padding(toLength: 24, withPad: " ", startingAt: 0)) \(String(byUnit.count).padding(toLength: 14, withPad: " ", startingAt: 0)) \(String(over).padding(toLength: 27, withPad: " ", startingAt: 0)) \(largest.0), \(largest.1)")
    }
    print("total over \(days) days: \(totalBefore) messages before, \(totalAfter) after (one robot per unit)")
} catch {
    FileHandle.standardError.write(Data("RobotBench: \(error)\n".utf8))
    exit(1)
}
