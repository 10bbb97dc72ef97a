import ArgumentParser
import ChineseDates
import Foundation
import Schedule
import Tabular
import TextLayout

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the audit trail of a measure or milestone: done, reopened, extended.",
        discussion: """
            For a measure id, its own entries and its milestones'; for ID#N or ID@action, that milestone's. \
            Each entry shows who, when (office time), why, the ledger's status and deadline at the time, and \
            whether it holds now: an entry stops holding once the ledger changes the item's status or \
            deadline (docs/state.md). Entries for ids no longer in the ledgers are still shown.

            Exit status: 0 shown (also when there are no entries); 1 unknown id; 2 an error.

            Examples:
              xianqi history GX-20
              xianqi history GX-20#2 --format json
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var state: StateOptions

    @Argument(help: "The measure or milestone: ID, ID#N or ID@action.")
    var id: String

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    func run() throws {
        let context = try ScheduleContext.load(workspace, state, writable: false)
        let agenda = context.agenda
        let current: [ScheduleItem]
        let lines: [HistoryLine]
        if let item = try? agenda.resolve(id) {
            current = item.reference.isMilestone ? [item] : agenda.items(ofMeasure: item.reference.measureID)
            lines = agenda.history(of: item.reference)
        } else {
            // Not in the ledgers, but perhaps recorded: the trail outlives the row.
            current = []
            lines = agenda.history(recordedAs: id)
            if lines.isEmpty { _ = try context.resolve(id) }
        }
        let zone = context.settings.timeZone
        switch format {
        case .table: print(table(current, lines, zone: zone))
        case .json: print(json(current, lines).serialized())
        case .csv: print(csv(lines), terminator: "")
        }
    }

    private static func ledgerText(_ item: ScheduleItem) -> String {
        let status = item.ledgerStatus.map(\.rawValue) ?? (item.ledgerDone ? "已完成" : "未完成")
        return "\(status)，完成时限 \(item.ledgerDue?.description ?? "无")"
    }

    private static func nowText(_ item: ScheduleItem) -> String {
        let state = item.done ? "已办结 (done)" : "未办结 (open)"
        let due = item.due.map { item.isExtended ? "完成时限 \($0)（延期，台账原定 \(item.ledgerDue?.description ?? "无")）" : "完成时限 \($0)" } ?? "无完成时限"
        return "\(state)，\(due)"
    }

    private static func standing(_ s: HistoryLine.Standing) -> (String, String) {
        switch s {
        case .inEffect: ("in-effect", "有效 (in effect)")
        case .supersededByLedger(let now): ("superseded", "台账已变更，以台账为准 (superseded: the ledger now says \(now))")
        case .itemGone: ("item-gone", "台账中已无此项 (no longer in the ledgers)")
        }
    }

    private static func actionText(_ e: OverrideEntry) -> String {
        switch e.action {
        case .extended(let to): "延期 \(e.previousDue?.description ?? "?") → \(to)"
        default: e.action.chineseName
        }
    }

    private func table(_ current: [ScheduleItem], _ lines: [HistoryLine], zone: TimeZone) -> String {
        var out: [String] = []
        for item in current {
            out.append("\(item.reference.shortForm) \(item.title)")
            out.append("  台账 (ledger): \(Self.ledgerText(item))；当前 (now): \(Self.nowText(item))")
        }
        if current.isEmpty { out.append("\(id): 台账中已无此项，以下为历史记录 (no longer in the ledgers; recorded entries follow)") }
        guard !lines.isEmpty else {
            out.append("没有办结、重开或延期记录 (no overrides recorded)")
            return out.joined(separator: "\n")
        }
        var t = TextTable(["#", "事项", "时间", "操作", "记录人", "说明", "当时台账", "现状"])
        for l in lines {
            let e = l.entry
            t.append(["\(e.sequence)", e.itemKey == e.measureID ? e.measureID : e.itemKey, LocalTime.text(e.at, zone),
                      Self.actionText(e), e.by, e.note ?? "", e.fingerprint, Self.standing(l.standing).1])
        }
        out.append("")
        out.append(t.render(maxWidth: 40))
        return out.joined(separator: "\n")
    }

    private func json(_ current: [ScheduleItem], _ lines: [HistoryLine]) -> JSON {
        .object([
            ("id", .string(id)),
            ("items", .array(current.map { item in
                ItemOutput.json(item, extra: [("done", .bool(item.done)), ("fingerprint", .string(item.fingerprint))])
            })),
            ("entries", .array(lines.map { l in
                let e = l.entry
                var newDue: String?
                if case .extended(let to) = e.action { newDue = to.description }
                return .object([
                    ("seq", .int(Int(e.sequence))), ("item", .string(e.itemKey)), ("measure", .string(e.measureID)),
                    ("action", .string(e.action.name)), ("new_due", .optional(newDue)),
                    ("previous_due", .optional(e.previousDue?.description)), ("by", .string(e.by)),
                    ("at", .string(InstantText.format(e.at))), ("as_of", .string(e.asOf.description)),
                    ("note", .optional(e.note)), ("fingerprint", .string(e.fingerprint)),
                    ("standing", .string(Self.standing(l.standing).0)),
                ])
            })),
        ])
    }

    private func csv(_ lines: [HistoryLine]) -> String {
        var out = CSVWriter.row(["seq", "item", "measure", "action", "new_due", "previous_due", "by", "at", "as_of", "note", "fingerprint", "standing"])
        for l in lines {
            let e = l.entry
            var newDue = ""
            if case .extended(let to) = e.action { newDue = to.description }
            out += CSVWriter.row(["\(e.sequence)", e.itemKey, e.measureID, e.action.name, newDue, e.previousDue?.description ?? "",
                                  e.by, InstantText.format(e.at), e.asOf.description, e.note ?? "", e.fingerprint,
                                  Self.standing(l.standing).0])
        }
        return out
    }
}
