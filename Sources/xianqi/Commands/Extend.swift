import ArgumentParser
import ChineseDates
import Foundation
import Schedule

struct Extend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move the deadline of a measure or milestone (延期).",
        discussion: """
            ID is as for `xianqi done`. The ledger's own deadline is kept: lists show it as the original \
            beside the new one, and `xianqi history` shows every move. Refused when the new date is before \
            the as-of day, is the deadline already in effect, or the item is done or has no deadline. The \
            extension holds until the ledger itself changes this item's status or deadline (docs/state.md).

            Exit status: 0 recorded; 1 refused; 2 an error, in which case nothing was recorded.

            Examples:
              xianqi extend GX-20 --to 2025-03-31 --reason "设计变更，经整改领导小组同意"
              xianqi extend GX-20@确定监理单位 --to 2025-01-15 --reason "招标流标"
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var state: StateOptions

    @Argument(help: "The measure or milestone: ID, ID#N or ID@action.")
    var id: String

    @Option(name: .long, help: ArgumentHelp("The new last day on time (2024-11-21, 2024/11/21, 2024年11月21日 …).", valueName: "DATE"),
            transform: DateOption.parse)
    var to: CivilDate

    @Option(name: .long, help: "Why the deadline moves (required: the trail is audited).")
    var reason: String

    @Option(name: .long, help: ArgumentHelp("Who records it (default: the OS user name).", valueName: "NAME"))
    var by: String?

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--reason 不能为空：延期须说明理由 (--reason must not be empty)")
        }
    }

    func run() throws {
        let context = try ScheduleContext.load(workspace, state, writable: true)
        try context.record(.extended(to: to), on: id, by: by, note: reason)
    }
}
