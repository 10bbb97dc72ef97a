import ArgumentParser
import ChineseDates
import Foundation
import Robots
import Ledger
import Schedule
import Workspace

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the configuration and every ledger it names.",
        discussion: """
            Every problem is printed as file:line[:column]: error|warning: message (a sheet
            cell as file:sheet!B7), grouped by file, with the offending text and a suggestion
            where there is one: unreadable files, missing columns, unparseable 完成时限 (with
            what the parser understood), unknown statuses, invalid addresses, duplicate ids,
            deadlines before the ledger's own date that are not done, measures with no owner.

            Given one ledger instead of a configuration (an .xlsx, .csv or .yaml file, or a .toml
            file of [[measure]] tables), checks that ledger alone.

            A 完成时限 cell must be read in full: every character a date, a filler word (完成,
            前, 力争, 完成整改, 长期坚持 …; docs/ledger.md) or punctuation, else a warning
            names the text left over. A value that cannot be meant (13月, 6月31日, 1O月 with a
            letter O, 20245年, 低 for 底) is an error and gives no due date. A sheet or file
            with no deadline column is an error: none of its measures would ever fall due.

            Exit status: 0 clean (warnings allowed unless --strict), 1 problems found,
            2 the configuration cannot be read.

            Examples:
              xianqi check Config/xianqi.toml
              xianqi check --strict
              xianqi check --strict 台账.xlsx
            """
    )

    @Argument(help: "The configuration file (default: $XIANQI_CONFIG or /etc/xianqi/xianqi.toml), or one ledger (.xlsx, .csv, .yaml, or a .toml with [[measure]]).", completion: .file())
    var configPath: String?

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "Count warnings as problems.")
    var strict = false

    @OptionGroup var progressOptions: ProgressOptions

    func run() throws {
        var options = options
        if let configPath { options.config = configPath }
        let progress = progressOptions.line()
        if Self.isLedger(options.config) {
            // One ledger on its own: relative dates against its own date, else --as-of, else today.
            let day = options.asOf ?? OfficeTime.china.day(of: Date())
            var unreadable: [LedgerReadError] = []
            var ledgers: [Ledger] = []
            do {
                ledgers.append(try LedgerReader(reference: day, progress: progress.observer).read(contentsOf: options.config))
            } catch {
                unreadable.append(error)
            }
            progress.clear()
            try report(ledgers: ledgers, issues: Workspace.issues(of: ledgers), unreadable: unreadable, calendar: nil)
            return
        }
        let ws: Workspace
        do {
            defer { progress.clear() }
            ws = try options.load(progress: progress.observer)
        }
        let calendar = ws.calendarProblem.map { problem in
            "\(ws.configuration.holidayFilePath): warning: 节假日文件无法使用，按周一至周五计算工作日 (holiday file unusable)\n    \(problem)"
        }
        let (robotProblems, robotUnits) = Self.robots(ws.configuration)
        try report(ledgers: ws.ledgers, issues: ws.issues, unreadable: ws.unreadable, calendar: calendar,
                   configuration: ws.configuration.addressProblems.map(\.description) + robotProblems,
                   unreachable: Self.unreachableUnits(ws).filter { !robotUnits.contains($0) })
    }

    /// The robots' settings and secret files (docs/robots.md): the problems, and the units a robot reaches.
    static func robots(_ config: Configuration) -> (problems: [String], units: Set<String>) {
        do {
            let directory = try RobotDirectory(units: config.section("units"), office: config.section("office"),
                                               robots: config.section("robots"), digest: config.section("digest"),
                                               path: config.path, resolve: config.resolve)
            var problems: [String] = []
            for channel in directory.allChannels {
                do {
                    _ = try channel.endpoint.secret()
                } catch {
                    problems.append("\(config.path): error: \(channel.key): \(error.description)")
                }
            }
            return (problems, Set(directory.units.keys))
        } catch {
            return ([error.description], [])
        }
    }

    /// Owner units with a measure still open that no mail reaches: no address in any of their
    /// rows, none in `[units]`. Their reminders go to the journal only.
    static func unreachableUnits(_ ws: Workspace) -> [String] {
        var reached = Set(ws.configuration.unitEmails.filter { !$0.value.isEmpty }.keys)
        var open: [String] = []
        var seen = Set<String>()
        for ledger in ws.ledgers {
            for measure in ledger.measures {
                guard let unit = measure.unit, !unit.isEmpty else { continue }
                if !measure.unitEmail.isEmpty { reached.insert(unit) }
                if measure.status != .done, seen.insert(unit).inserted { open.append(unit) }
            }
        }
        return open.filter { !reached.contains($0) }
    }

    private func report(ledgers: [Ledger], issues: [LedgerIssue], unreadable: [LedgerReadError], calendar: String?,
                        configuration: [String] = [], unreachable: [String] = []) throws {
        var errors = 0
        var warnings = 0
        for e in configuration {
            print(e)
            errors += 1
        }
        for e in unreadable {
            print(e.description)
            errors += 1
        }
        if !unreachable.isEmpty {
            print("\(options.config): warning: 以下责任单位没有邮箱，提醒只记入日志 (no mail address for these owner units; their reminders go to the journal only): "
                  + unreachable.joined(separator: "、"))
            warnings += 1
        }
        if let calendar {
            print(calendar)
            warnings += 1
        }
        let byFile = Dictionary(grouping: issues, by: \.position.file)
        for ledger in ledgers {
            let own = (byFile[ledger.path] ?? []).sorted()
            let e = own.filter { $0.severity == .error }.count
            print("== \(ledger.path) (\(ledger.format.rawValue)): \(ledger.measures.count) 项措施，\(e) 个错误，\(own.count - e) 个警告")
            for issue in own { print(issue.description) }
            errors += e
            warnings += own.count - e
        }
        let totalMeasures = ledgers.reduce(0) { $0 + $1.measures.count }
        let summary = "\(ledgers.count) 个台账，\(totalMeasures) 项措施；\(errors) 个错误，\(warnings) 个警告 (\(ledgers.count) ledgers, \(totalMeasures) measures; \(errors) errors, \(warnings) warnings)"
        FileHandle.standardError.write(Data((summary + "\n").utf8))
        if errors > 0 || (strict && warnings > 0) { throw ExitStatus.found.code }
    }

    /// A ledger rather than a configuration: a spreadsheet or YAML by extension (or an .xlsx by
    /// its bytes), a TOML file whose top level has `measure`/`measures` and no `ledgers`.
    static func isLedger(_ path: String) -> Bool {
        let ext = (path as NSString).pathExtension.lowercased()
        if ["xlsx", "xlsm", "csv", "tsv", "yaml", "yml"].contains(ext) { return true }
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return true }
        guard ext == "toml", let text = String(data: data, encoding: .utf8) else { return false }
        var sawMeasure = false
        for line in text.split(separator: "\n") {
            let l = line.trimmingCharacters(in: .whitespaces)
            if l.hasPrefix("[[measure]]") || l.hasPrefix("[[measures]]") { sawMeasure = true }
            if l.hasPrefix("ledgers") && l.dropFirst("ledgers".count).trimmingCharacters(in: .whitespaces).hasPrefix("=") { return false }
        }
        return sawMeasure
    }
}
