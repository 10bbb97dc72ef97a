import ArgumentParser
import ChineseDates
import Foundation
import Schedule
import TextLayout

struct Upcoming: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List measures and milestones falling due soon (即将到期).",
        discussion: """
            Open items whose deadline in effect (after overrides) falls from the as-of day through the end \
            of --within: calendar days (14d, or 14), weeks (2w) or working days (10workdays, 10wd), counted \
            after the as-of day. Each shows the days left in calendar and working days.

            Exit status: 0 when listed (whether or not anything falls due); 2 an error, or --unit names no unit.

            Examples:
              xianqi upcoming
              xianqi upcoming --within 2w --unit 建设发展局
              xianqi upcoming --within 10workdays --as-of 2024-09-27 --format json
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var state: StateOptions

    @Option(name: .long, help: ArgumentHelp("How far ahead: 14d, 2w or 10workdays.", valueName: "SPAN"),
            transform: Self.lookAhead)
    var within: LookAhead = .days(14)

    @Option(name: .long, help: ArgumentHelp("Only items of owner units whose name is or contains this.", valueName: "U"))
    var unit: String?

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var csvOptions: CSVOptions
    @OptionGroup var colour: ColourOptions

    static func lookAhead(_ text: String) throws -> LookAhead {
        guard let span = LookAhead(text) else {
            throw ValidationError("--within 应为 14d、2w 或 10workdays 这样的时长 (expected a span such as 14d, 2w or 10workdays): \(text)")
        }
        return span
    }

    func run() throws {
        let context = try ScheduleContext.load(workspace, state, writable: false)
        try UnitOption.check(unit, in: context)
        let last = within.lastDay(after: context.today, calendar: context.calendar)
        let found = context.agenda.upcoming(asOf: context.today, through: last, calendar: context.calendar, unit: unit)
        if let warning = ItemOutput.coverageWarning(context.calendar, from: context.today, through: last) {
            Diagnostics.warn(warning)
        }
        switch format {
        case .table:
            var out = StandardOutput()
            table(found, asOf: context.today, through: last, colour: colour.rowColour(context), to: &out)
        case .json:
            var out = StandardOutput()
            JSON.stream([("as_of", .string(context.today.description)), ("through", .string(last.description)),
                         ("count", .int(found.count))], arrayKey: "items", items: found.lazy.map(Self.json), to: &out)
        case .csv:
            var out = StandardOutput()
            csv(found, to: &out)
        }
        Diagnostics.finish(context.workspace.unreadable.isEmpty ? .success : .failure)
    }

    private func table(_ found: [UpcomingItem], asOf: CivilDate, through: CivilDate, colour: ((ScheduleItem) -> String?)?,
                       to out: inout StandardOutput) {
        guard !found.isEmpty else { return out.write("\(asOf) 至 \(through) 没有到期事项 (nothing falls due from \(asOf) through \(through))\n") }
        var immediate: [ScheduleItem.TextKey: Bool] = [:]
        TextTable.stream(headers: ["编号", "事项", "责任单位", "责任人 / 领导", "完成时限", "剩余天数", "工作日"],
                         count: found.count, maxWidth: 40, row: { i in
            let u = found[i]
            return [u.item.reference.shortForm, u.item.title, u.item.unit ?? "", ItemOutput.personCell(u.item),
                    ItemOutput.dueCell(u.item, immediate: &immediate), "\(u.days)", "\(u.workdays)"]
        }, style: colour.map { colour in { colour(found[$0].item) } }) { out.write($0) }
        out.write("\n\(asOf) 至 \(through) 到期 \(found.count) 项 (\(found.count) due from \(asOf) through \(through))\n")
    }

    /// The shape of `--format json`, which the board's `/api/v1/upcoming` serves too.
    static func json(_ found: [UpcomingItem], asOf: CivilDate, through: CivilDate) -> JSON {
        .object([
            ("as_of", .string(asOf.description)),
            ("through", .string(through.description)),
            ("count", .int(found.count)),
            ("items", .array(found.map(json))),
        ])
    }

    /// One item of the JSON listing.
    static func json(_ u: UpcomingItem) -> JSON {
        ItemOutput.json(u.item, extra: [("days_left", .int(u.days)), ("workdays_left", .int(u.workdays))])
    }

    private func csv(_ found: [UpcomingItem], to out: inout StandardOutput) {
        ItemOutput.csv(header: ["days_left", "workdays_left"], chinese: ["剩余天数", "剩余工作日"],
                       rows: found.lazy.map { ItemOutput.csvCells($0.item) + ["\($0.days)", "\($0.workdays)"] },
                       options: csvOptions, formulas: workspace.csvFormulas, to: &out)
    }
}
