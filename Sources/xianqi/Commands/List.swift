import ArgumentParser
import ChineseDates
import Foundation
import Ledger
import Tabular
import Workspace
import TextLayout

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the measures of the configured ledgers.",
        discussion: """
            Exit status: 0 listed (even if none match), 2 the configuration cannot be read or --unit names no unit.
            Ledgers with errors still list the rows that could be read; run `xianqi check`.

            Examples:
              xianqi list -c Config/xianqi.toml
              xianqi list --unit 区财政局 --status 推进中
              xianqi list --due-before 2025-01-01 --format csv
            """
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "Only measures of this owner unit (substring match).")
    var unit: String?

    @Option(help: "Only measures with this status (未开始, 推进中, 阶段性完成, 已完成, 长期坚持, 未完成, or done, in-progress, …).",
            transform: { text in
                guard let s = Status(parsing: text) else {
                    throw ValidationError("未知状态 (unknown status) “\(text)”; 可用: \(Status.acceptedWords.joined(separator: "、"))")
                }
                return s
            })
    var status: Status?

    @Option(name: .customLong("due-before"), help: "Only measures due before this day (2024-11-21, 2024/11/21, 2024年11月21日 …).",
            transform: DateOption.parse)
    var dueBefore: CivilDate?

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var csvOptions: CSVOptions

    func run() throws {
        let ws = try options.load()
        try UnitOption.check(unit, in: ws)
        for warning in ws.deadlineWarnings { Diagnostics.warn(warning) }
        let measures = ws.measures.filter { m in
            (unit.map { u in m.unit?.contains(u) ?? false } ?? true)
                && (status.map { $0 == m.status } ?? true)
                && (dueBefore.map { d in m.due.map { $0 < d } ?? false } ?? true)
        }
        switch format {
        case .table: print(table(measures))
        case .json: print(JSON.array(measures.map(\.json)).serialized())
        case .csv: print(csv(measures), terminator: "")
        }
        FileHandle.standardError.write(Data("\(measures.count) 项措施 (measures)\n".utf8))
    }

    static let columns = ["id", "unit", "owner", "leader", "deadline", "due", "status", "measure", "source"]
    /// The CSV headers for people (those of the table), in the order of ``columns``.
    static let chineseColumns = ["编号", "责任单位", "责任人", "责任领导", "完成时限", "到期日", "状态", "整改措施", "位置"]

    private func cells(_ m: Measure) -> [String] {
        [m.id, m.unit ?? "", m.owner ?? "", m.leader ?? "", m.deadlineText ?? "", m.due?.description ?? dueNote(m),
         m.statusText ?? m.status.rawValue, m.text, m.source.description]
    }

    private func dueNote(_ m: Measure) -> String {
        switch m.target {
        case .ongoing: "长期"
        case .cadence: "定期"
        case .unresolved: "?"
        default: ""
        }
    }

    private func table(_ measures: [Measure]) -> String {
        var t = TextTable(Self.chineseColumns)
        for m in measures {
            var row = cells(m)
            row[7] = TextTable.truncate(TextTable.oneLine(row[7]), to: 30)
            t.append(row)
        }
        return t.render(maxWidth: 40)
    }

    private func csv(_ measures: [Measure]) -> String {
        csvOptions.prefix + CSVWriter.row(csvOptions.header(english: Self.columns, chinese: Self.chineseColumns))
            + measures.map { CSVWriter.row(cells($0), formulas: options.csvFormulas) }.joined()
    }
}
