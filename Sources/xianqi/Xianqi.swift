import ArgumentParser
import ChineseDates
import Foundation

@main
struct Xianqi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xianqi",
        abstract: "限期 — deadlines and milestones for rectification ledgers (整改台账).",
        discussion: ExitStatus.helpText,
        version: Version.line,
        subcommands: [Parse.self, Extract.self, Import.self, Check.self, List.self, Convert.self,
                      Overdue.self, Upcoming.self, Done.self, Reopen.self, Extend.self, History.self,
                      MailQ.self, RobotsCommand.self, Flush.self, DigestCommand.self, Serve.self, StateCommand.self, BoardCommand.self]
    )

    /// Parses and runs, after refusing a mistyped subcommand with the nearest names (exit 64);
    /// an error that escapes a command exits with the status ``ExitStatus/of(_:)`` gives it.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = CommandSuggestion.message(for: arguments, commands: CommandSuggestion.names(of: Self.self)) {
            exit(withError: ValidationError(message))
        }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            exitParsing(error)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if ExitStatus.isArgumentParserError(error) { exitParsing(error) }
            // A module error is its own message (file:line: error: …); its status comes from
            // the one map, not from swift-argument-parser's "any other error is 1".
            FileHandle.standardError.write(Data("xianqi: \(error)\n".utf8))
            exit(withError: ExitStatus.of(error).code)
        }
    }

    /// swift-argument-parser's exit for `error`, but help (`--help`, `help CMD`) wrapped to the
    /// terminal in display columns (``HelpText``).
    static func exitParsing(_ error: any Error) -> Never {
        guard let help = HelpText.help(for: error, width: HelpText.terminalWidth()) else { exit(withError: error) }
        print(help)
        exit(withError: nil)
    }
}
