import ArgumentParser
import Foundation
import Ledger
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

            Exit status: 0 clean (warnings allowed unless --strict), 1 problems found,
            2 the configuration cannot be read.

            Examples:
              xianqi check Config/xianqi.toml
              xianqi check --strict
            """
    )

    @Argument(help: "The configuration file (default: $XIANQI_CONFIG or /etc/xianqi/xianqi.toml).", completion: .file())
    var configPath: String?

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "Count warnings as problems.")
    var strict = false

    func run() throws {
        var options = options
        if let configPath { options.config = configPath }
        let ws = try options.load()
        var errors = 0
        var warnings = 0
        for e in ws.unreadable {
            print(e.description)
            errors += 1
        }
        if let problem = ws.calendarProblem {
            print("\(ws.configuration.holidayFilePath): warning: 节假日文件无法使用，按周一至周五计算工作日 (holiday file unusable)\n    \(problem)")
            warnings += 1
        }
        let issues = ws.issues
        let byFile = Dictionary(grouping: issues, by: \.position.file)
        for ledger in ws.ledgers {
            let own = (byFile[ledger.path] ?? []).sorted()
            let e = own.filter { $0.severity == .error }.count
            print("== \(ledger.path) (\(ledger.format.rawValue)): \(ledger.measures.count) 项措施，\(e) 个错误，\(own.count - e) 个警告")
            for issue in own { print(issue.description) }
            errors += e
            warnings += own.count - e
        }
        let totalMeasures = ws.ledgers.reduce(0) { $0 + $1.measures.count }
        let summary = "\(ws.ledgers.count) 个台账，\(totalMeasures) 项措施；\(errors) 个错误，\(warnings) 个警告 (\(ws.ledgers.count) ledgers, \(totalMeasures) measures; \(errors) errors, \(warnings) warnings)"
        FileHandle.standardError.write(Data((summary + "\n").utf8))
        if errors > 0 || (strict && warnings > 0) { throw ExitCode(1) }
    }
}
