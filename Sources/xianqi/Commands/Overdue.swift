import ArgumentParser
import ChineseDates
import Foundation
import Schedule
import TextLayout

struct Overdue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List overdue measures and milestones (逾期事项).",
        discussion: """
            An item is overdue when its deadline is before the as-of day (today, or --as-of) and it is not \
            done, after the recorded overrides (xianqi done/reopen/extend) are applied. Each is printed with \
            the days overdue in calendar days and in working days (holidays and 调休 make-up days from the \
            holiday file), its owner unit, owner and responsible leader. An extended deadline shows the \
            original beside it. A milestone whose date is its measure's deadline is listed once, as the \
            measure.

            Exit status: 0 nothing is overdue; 1 something is overdue; 2 an error (the configuration, a \
            ledger, or the state database could not be read, or --unit names no unit; what could be read is still listed). A \
            malformed command line exits with 64.

            Examples:
              xianqi overdue
              xianqi overdue --as-of 2024-11-21 --unit 建设发展局
              xianqi overdue --format json | jq '.items[].id'
              xianqi overdue --format csv > 逾期.csv
                  (a BOM and Chinese headers: it opens in Excel/WPS)
              xianqi overdue --format csv --header en --no-bom | mlr --icsv --ojson cat
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var state: StateOptions

    @Option(name: .long, help: ArgumentHelp("Only items of owner units whose name is or contains this.", valueName: "U"))
    var unit: String?

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var csvOptions: CSVOptions
    @OptionGroup var colour: ColourOptions

    func run() throws {
        let context = try ScheduleContext.load(workspace, state, writable: false)
        try UnitOption.check(unit, in: context)
        let found = context.agenda.overdue(asOf: context.today, calendar: context.calendar, unit: unit)
        if let warning = ItemOutput.coverageWarning(context.calendar, from: found.map { $0.item.due ?? context.today }.min(),
                                                    through: context.today) {
            Diagnostics.warn(warning)
        }
        switch format {
        case .table:
            var out = StandardOutput()
            table(found, asOf: context.today, colour: colour.rowColour(context), to: &out)
        case .json:
            var out = StandardOutput()
            JSON.stream([("as_of", .string(context.today.description)), ("count", .int(found.count))], arrayKey: "items",
                        items: found.lazy.map(Self.json), to: &out)
        case .csv:
            var out = StandardOutput()
            csv(found, to: &out)
        }
        Diagnostics.finish(!context.workspace.unreadable.isEmpty ? .failure : found.isEmpty ? .success : .found)
    }

    private func table(_ found: [OverdueItem], asOf: CivilDate, colour: ((ScheduleItem) -> String?)?,
                       to out: inout StandardOutput) {
        guard !found.isEmpty else { return out.write("截至 \(asOf) 没有逾期事项 (nothing overdue as of \(asOf))\n") }
        var immediate: [ScheduleItem.TextKey: Bool] = [:]
        TextTable.stream(headers: ["编号", "事项", "责任单位", "责任人 / 领导", "完成时限", "逾期天数", "工作日"],
                         count: found.count, maxWidth: 40, row: { i in
            [found[i].item.reference.shortForm, found[i].item.title, found[i].item.unit ?? "",
             ItemOutput.personCell(found[i].item), ItemOutput.dueCell(found[i].item, immediate: &immediate),
             String(found[i].days), String(found[i].workdays)]
        }, style: colour.map { colour in { colour(found[$0].item) } }) { out.write($0) }
        out.write("\n截至 \(asOf) 逾期 \(found.count) 项 (\(found.count) overdue as of \(asOf))\n")
    }

    /// The shape of `--format json`, which the board's `/api/v1/overdue` serves too.
    static func json(_ found: [OverdueItem], asOf: CivilDate) -> JSON {
        .object([
            ("as_of", .string(asOf.description)),
            ("count", .int(found.count)),
            ("items", .array(found.map(json))),
        ])
    }

    /// One item of the JSON listing.
    static func json(_ o: OverdueItem) -> JSON {
        ItemOutput.json(o.item, extra: [("days_overdue", .int(o.days)), ("workdays_overdue", .int(o.workdays))])
    }

    private func csv(_ found: [OverdueItem], to out: inout StandardOutput) {
        ItemOutput.csv(header: ["days_overdue", "workdays_overdue"], chinese: ["逾期天数", "逾期工作日"],
                       rows: found.lazy.map { ItemOutput.csvCells($0.item) + ["\($0.days)", "\($0.workdays)"] },
                       options: csvOptions, formulas: workspace.csvFormulas, to: &out)
    }
}
