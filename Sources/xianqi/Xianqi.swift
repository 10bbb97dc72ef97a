import ArgumentParser
import ChineseDates

@main
struct Xianqi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xianqi",
        abstract: "限期 — deadlines and milestones for rectification ledgers (整改台账).",
        subcommands: [Parse.self, Extract.self, Import.self, Check.self, List.self, Convert.self,
                      Overdue.self, Upcoming.self, Done.self, Reopen.self, Extend.self, History.self,
                      MailQ.self, Flush.self, DigestCommand.self, Serve.self, StateCommand.self]
    )
}
