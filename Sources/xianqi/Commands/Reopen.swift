import ArgumentParser
import Schedule

struct Reopen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record that a done measure or milestone is open again.",
        discussion: """
            ID is as for `xianqi done`. Refused when the item is not done (after overrides). Reopening a \
            measure the ledger marks done holds until the ledger changes its status or deadline \
            (docs/state.md).

            Exit status: 0 recorded; 1 refused (unknown id, not done); 2 an error, in which case nothing was \
            recorded.

            Examples:
              xianqi reopen GX-20 --note "复核未通过"
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var state: StateOptions

    @Argument(help: "The measure or milestone: ID, ID#N or ID@action.")
    var id: String

    @Option(name: .long, help: "Why it is reopened.")
    var note: String?

    @Option(name: .long, help: ArgumentHelp("Who records it (default: the OS user name).", valueName: "NAME"))
    var by: String?

    func run() throws {
        let context = try ScheduleContext.load(workspace, state, writable: true)
        try context.record(.reopened, on: id, by: by, note: note)
    }
}
