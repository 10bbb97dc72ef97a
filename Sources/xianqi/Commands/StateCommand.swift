import ArgumentParser
import Foundation
import Schedule
import Workspace

/// `xianqi state check`: the state database's health, on demand (the daemon checks at start).
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Check the state database (sent log and audit trail).",
        subcommands: [StateCheck.self]
    )
}

struct StateCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check state.sqlite for damage, and that it was not lost while the spool holds mail.",
        discussion: """
            Runs PRAGMA quick_check on <state dir>/state.sqlite (read-only: nothing is changed or
            created), and refuses a database that is missing or empty while the mail spool beside
            it holds mail of earlier runs (docs/state.md, "Lost state: recovery").

            Exit status:
              0   the database is sound, or there is none and nothing was ever sent
              2   the database is damaged, lost, or cannot be read (the message names the file)

            Examples:
              xianqi state check --state-dir /var/lib/xianqi
              xianqi state check -c /etc/xianqi/xianqi.toml
            """
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("The configuration file (for state_directory).", valueName: "xianqi.toml"))
    var config: String = ProcessInfo.processInfo.environment["XIANQI_CONFIG"] ?? Configuration.defaultPath

    @OptionGroup var state: StateOptions

    func run() throws {
        let directory = state.stateDirectory
            ?? (try? Configuration(contentsOf: config)).map { $0.resolve($0.stateDirectory) }
            ?? "/var/lib/xianqi"
        do {
            if let path = try StateStore.check(directory: directory) {
                print("\(path): 正常 (ok: PRAGMA quick_check)")
            } else {
                print("\((directory as NSString).appendingPathComponent(StateStore.fileName)): 尚无状态数据库，也没有发送过邮件 (no state database yet, and no mail was ever spooled)")
            }
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitStatus.failure.code
        }
    }
}
