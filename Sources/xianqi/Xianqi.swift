import ArgumentParser
import ChineseDates

@main
struct Xianqi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xianqi",
        abstract: "限期 — deadlines and milestones for rectification ledgers (整改台账).",
        version: Version.line,
        subcommands: [Parse.self, Extract.self, Import.self, Check.self, List.self, Convert.self,
                      Overdue.self, Upcoming.self, Done.self, Reopen.self, Extend.self, History.self,
                      MailQ.self, Flush.self, DigestCommand.self, Serve.self, StateCommand.self, BoardCommand.self]
    )

    /// Parses and runs, after refusing a mistyped subcommand with the nearest names (exit 64).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = CommandSuggestion.message(for: arguments, commands: CommandSuggestion.names(of: Self.self)) {
            exit(withError: ValidationError(message))
        }
        await main(nil)
    }
}
