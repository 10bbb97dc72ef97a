import ArgumentParser
import Schedule

struct Done: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record that a measure or milestone is done (验收销号).",
        discussion: """
            ID is a measure id (GX-20), a milestone by position (GX-20#2) or by action (GX-20@确定监理单位, or a \
            unique part of the action). The entry is appended to the audit trail in the state database with \
            who (the OS user, or --by), when, the note, and the ledger's status and deadline at the time. It \
            holds whatever the ledger says until the ledger itself changes this item's status or deadline \
            (docs/state.md).

            Exit status: 0 recorded; 1 refused (unknown id); 2 an error (configuration, or the state \
            database: damaged, locked, read-only), in which case nothing was recorded.

            Examples:
              xianqi done GX-20 --note "已通过验收"
              xianqi done GX-20#2 --by 张三
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var state: StateOptions

    @Argument(help: "The measure or milestone: ID, ID#N or ID@action.")
    var id: String

    @Option(name: .long, help: "Why, or what shows it is done.")
    var note: String?

    @Option(name: .long, help: ArgumentHelp("Who records it (default: the OS user name).", valueName: "NAME"))
    var by: String?

    func run() throws {
        let context = try ScheduleContext.load(workspace, state, writable: true)
        try context.record(.done, on: id, by: by, note: note)
    }
}
