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
        let selected = select(ws)
        switch format {
        case .table:
            var out = StandardOutput()
            table(selected, ws, to: &out)
        case .json:
            var out = StandardOutput()
            JSON.streamArray(selected.lazy.map { ws.measure(ledger: $0.ledger, row: $0.row).json }, to: &out)
        case .csv:
            var out = StandardOutput()
            out.write(csvOptions.prefix)
            ItemOutput.csvRow(csvOptions.header(english: Self.columns, chinese: Self.chineseColumns), formulas: .neutralized, to: &out)
            for s in selected { ItemOutput.csvRow(cells(ws.ledgers[s.ledger].table, s.row), formulas: options.csvFormulas, to: &out) }
        }
        FileHandle.standardError.write(Data("\(selected.count) 项措施 (measures)\n".utf8))
    }

    /// The measures the filters keep, as (ledger, row), read from the ledgers' rows: a unit is
    /// matched once per distinct unit, not once per row.
    private func select(_ ws: Workspace) -> [(ledger: Int, row: Int)] {
        var out: [(ledger: Int, row: Int)] = []
        for (l, ledger) in ws.ledgers.enumerated() {
            let table = ledger.table
            var unitMatches: [UInt32: Bool] = [:]
            for i in table.indices {
                if let u = unit {
                    let id = table.unitID(i)
                    let matches = unitMatches[id] ?? {
                        let m = table.poolString(id)?.contains(u) ?? false
                        unitMatches[id] = m
                        return m
                    }()
                    guard matches else { continue }
                }
                if let status, table.status(i) != status { continue }
                if let dueBefore {
                    guard let due = table.due(i), due < dueBefore else { continue }
                }
                out.append((l, i))
            }
        }
        return out
    }

    static let columns = ["id", "unit", "owner", "leader", "deadline", "due", "status", "measure", "source"]
    /// The CSV headers for people (those of the table), in the order of ``columns``.
    static let chineseColumns = ["编号", "责任单位", "责任人", "责任领导", "完成时限", "到期日", "状态", "整改措施", "位置"]

    private func cells(_ t: MeasureTable, _ i: Int) -> [String] {
        let status = t.status(i)
        return [t.id(i), t.unit(i) ?? "", t.owner(i) ?? "", t.leader(i) ?? "", t.deadlineText(i) ?? "",
                t.due(i)?.description ?? dueNote(t.target(i)), t.statusText(i) ?? status.rawValue, t.text(i),
                t.source(i).description]
    }

    private func dueNote(_ target: Target) -> String {
        switch target {
        case .ongoing: "长期"
        case .cadence: "定期"
        case .unresolved: "?"
        default: ""
        }
    }

    private func table(_ selected: [(ledger: Int, row: Int)], _ ws: Workspace, to out: inout StandardOutput) {
        TextTable.stream(headers: Self.chineseColumns, count: selected.count, maxWidth: 40, row: { n in
            var row = cells(ws.ledgers[selected[n].ledger].table, selected[n].row)
            row[7] = TextTable.truncate(TextTable.oneLine(row[7]), to: 30)
            return row
        }) { out.write($0) }
        out.write(0x0A)
    }
}
