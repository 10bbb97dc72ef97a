import ArgumentParser
import Foundation
import Mail
import Schedule
import Workspace

/// `xianqi state check`: the state database's health, on demand (the daemon checks at start).
/// `xianqi state rebuild`: a lost database made again from the spool.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Check the state database (sent log and audit trail), or rebuild a lost one from the spool.",
        subcommands: [StateCheck.self, StateRebuild.self]
    )
}

struct StateRebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Make a lost or empty state.sqlite again from the mail spool, so that nothing is sent twice.",
        discussion: """
            For a state.sqlite that is missing or 0 bytes while the spool beside it holds mail
            (the daemon and every command refuse to start over then). Stop the daemon first.
            Every message in mail/sent, new, cur and failed is read: its X-Xianqi-Event-Key goes
            back into the sent log, so that event is not sent again, and its queue row is made
            again (sent/: delivered, never handed to sendmail again; new/ and cur/: queued,
            delivered once; failed/: failed). A database that exists and is not empty is
            never touched.

            Not in the spool, so not rebuilt: the audit trail (done, reopen, extend) and
            events whose mail left sent/ after its retention (30 days). docs/state.md,
            "Lost state: recovery", says how to re-record those.

            Exit status:
              0   rebuilt
              2   the database exists and is not empty, or the state or spool cannot be used

            Examples:
              systemctl stop xianqi &&
                  xianqi state rebuild -c /etc/xianqi/xianqi.toml &&
                  systemctl start xianqi
            """
    )

    @OptionGroup var location: StateLocation

    func run() throws {
        let directory = location.directory
        do {
            let store = try StateStore.replacingLost(directory: directory)
            let spool = MailSpool(directory: StatePaths(directory: directory).spool)
            let messages = try spool.contents([.sent, .queued, .delivering, .failed])
            var events = 0
            for message in messages {
                guard let key = message.eventKey else { continue }
                let spooledAt = MailSpool.spooledAt(fileName: message.fileName) ?? Date()
                if try store.recordRecovered(eventKey: key, at: spooledAt) { events += 1 }
            }
            let queue = try MailQueue(spool: spool, sharing: store.sharedWriter(), clock: { Date() })
            let adopted = try queue.adopt(messages)
            print("\(store.path): 已从邮件队列重建 (rebuilt from the spool): 发送记录 \(events) 条 (sent-log entries)；"
                + "邮件 \(adopted.delivered) 封已投递、\(adopted.queued) 封待投递、\(adopted.failed) 封已放弃"
                + " (\(adopted.delivered) delivered, \(adopted.queued) queued, \(adopted.failed) failed, \(adopted.skipped) skipped)")
            print("审计记录（办结、重开、延期）不在邮件队列中，请按 xianqi history 或日志重新登记 (the audit trail is not in the spool: re-record overrides)")
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitStatus.failure.code
        }
    }
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

    @OptionGroup var location: StateLocation

    func run() throws {
        let directory = location.directory
        do {
            if let path = try StateStore.check(directory: directory) {
                print("\(path): 正常 (ok: PRAGMA quick_check)")
            } else {
                print("\(StatePaths(directory: directory).database): 尚无状态数据库，也没有发送过邮件 (no state database yet, and no mail was ever spooled)")
            }
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitStatus.failure.code
        }
    }
}

/// `-c` and `--state-dir` of the `state` commands: where the state directory is.
struct StateLocation: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("The configuration file (for state_directory).", valueName: "xianqi.toml"))
    var config: String = ProcessInfo.processInfo.environment["XIANQI_CONFIG"] ?? Configuration.defaultPath

    @OptionGroup var state: StateOptions

    /// `--state-dir`, else `state_directory` of the configuration, else /var/lib/xianqi.
    var directory: String {
        state.stateDirectory
            ?? (try? Configuration(contentsOf: config)).map { $0.resolve($0.stateDirectory) }
            ?? Configuration.defaultStateDirectory
    }
}
