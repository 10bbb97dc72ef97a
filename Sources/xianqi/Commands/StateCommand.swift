import ArgumentParser
import Foundation
import Mail
import Schedule
import StatePostgres
import Workspace

/// `xianqi state check`: the state database's health, on demand (the daemon checks at start).
/// `xianqi state rebuild`: a lost database made again from the spool.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Check the state database (sent log and audit trail), rebuild a lost one from the spool, or move it to PostgreSQL.",
        subcommands: [StateCheck.self, StateRebuild.self, StateMigrate.self]
    )
}

struct StateRebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Make a lost or empty state.sqlite again from the mail spool, so that nothing is sent twice.",
        discussion: """
            For a state.sqlite that is missing or 0 bytes while the spool beside it holds mail
            (the daemon and every command refuse to start over then). Stop the daemon first.
            Every message in mail/sent, new, cur and failed is read: its X-Xianqi-Event-Key (a
            催办单's X-Xianqi-Events, every event it carries) goes back into the sent log, so that event is not sent again, and its queue row is made
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
                let spooledAt = MailSpool.spooledAt(fileName: message.fileName) ?? Date()
                // A 催办单 carries many events (X-Xianqi-Events), any other message its own.
                for key in message.carriedEventKeys where try store.recordRecovered(eventKey: key, at: spooledAt) {
                    events += 1
                }
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

struct StateMigrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy the SQLite state (sent log, audit trail, runs, mail delivery log) to PostgreSQL and verify the counts.",
        discussion: """
            Reads <state dir>/state.sqlite and copies every row the server does not hold yet, in
            one transaction, then counts what the server holds of them: sent-log entries by
            their event key, overrides, runs and deliveries by all their values. A second run
            copies nothing and verifies again. The SQLite file is only read.

            Refused, copying nothing, when the server's audit trail already holds entries that
            are not in this file: migrate before any host records on PostgreSQL (docs/ha.md).
            Stop the daemon first; afterwards set `state` in xianqi.toml on every host.

            The server: --to, else the `state` setting of the configuration (with its
            password_file and TLS).

            Exit status:
              0   copied (or already there) and verified
              2   no state.sqlite, the server cannot be used, or the counts do not match

            Examples:
              systemctl stop xianqi
              xianqi state migrate -c /etc/xianqi/xianqi.toml --to postgresql://xianqi@db1:5432/xianqi --password-file /etc/xianqi/pg-password
            """
    )

    @OptionGroup var location: StateLocation

    @Option(name: .customLong("to"), help: ArgumentHelp("The server: postgresql://user@host:port/db (default: state of the configuration).",
                                                        valueName: "URL"))
    var url: String?

    @Option(name: .customLong("password-file"), help: ArgumentHelp("With --to: the file whose first line is the password.", valueName: "FILE"))
    var passwordFile: String?

    @Option(help: ArgumentHelp("With --to: disable, require or verify-full.", valueName: "MODE"))
    var tls: String?

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("With --to and --tls verify-full: the certificate authorities.", valueName: "FILE"))
    var caFile: String?

    /// The server: `--to`, else the configuration's `state`.
    func setting() throws -> PostgreSQLState {
        if let url {
            let mode = try tls.map { text in
                guard let mode = PostgreSQLState.TLS(rawValue: text) else {
                    throw ValidationError("--tls: 应为 disable、require 或 verify-full (expected disable, require or verify-full): \(text)")
                }
                return mode
            } ?? .disable
            if caFile != nil, mode != .verifyFull { throw ValidationError("--ca-file 仅用于 --tls verify-full (--ca-file only with --tls verify-full)") }
            return PostgreSQLState(url: url, passwordFile: passwordFile, tls: mode, caFile: caFile, setting: "--to",
                                   source: "xianqi state migrate")
        }
        if passwordFile != nil || tls != nil || caFile != nil {
            throw ValidationError("--password-file、--tls、--ca-file 仅与 --to 同用 (only with --to)")
        }
        let config: Configuration
        do {
            config = try Configuration(contentsOf: location.config)
        } catch {
            throw Diagnostics.fail(error.description)
        }
        guard let setting = config.state.postgresql else {
            throw ValidationError("请用 --to 指定 PostgreSQL 服务器，或在 \(location.config) 中设置 state (give --to, or set state in the configuration)")
        }
        return setting
    }

    func run() throws {
        let setting = try setting()
        let directory = location.directory
        let database = StatePaths(directory: directory).database
        guard FileManager.default.fileExists(atPath: database) else {
            throw Diagnostics.fail("\(database): 没有可迁移的状态数据库 (no state database to migrate)")
        }
        let snapshot: StateSnapshot
        do {
            let sqlite = try StateStore(directory: directory, busyTimeout: 10)
            let queue = try MailQueue(spool: MailSpool(directory: StatePaths(directory: directory).spool),
                                      sharing: sqlite.sharedWriter(), clock: { Date() })
            let deliveries = try queue.deliveries().map {
                DeliveredMessage(messageID: $0.messageID, fileName: $0.fileName, deliveredAt: $0.deliveredAt,
                                 attempts: $0.attempts, recipients: $0.recipients, command: $0.command)
            }
            snapshot = StateSnapshot(sent: try sqlite.sentRecords(), trail: try sqlite.trail(), runs: try sqlite.runs(),
                                     deliveries: deliveries, source: "\(HostName.name):\(directory)")
        } catch {
            throw Diagnostics.fail("\(error)")
        }
        let report: StateImportReport
        let server: String
        do {
            let store = try ConfiguredState.openPostgreSQL(setting)
            server = store.path
            report = try store.importState(snapshot)
        } catch let error as StateError {
            throw Diagnostics.fail(setting.message(error))
        } catch {
            throw Diagnostics.fail("\(error)")
        }
        let s = report.source, c = report.copied, v = report.verified
        print("\(database) → \(server)")
        print("  发送记录 (sent log):        \(s.sent) 条，复制 \(c.sent)，核对 \(v.sent)/\(s.sent)")
        print("  审计记录 (audit trail):     \(s.trail) 条，复制 \(c.trail)，核对 \(v.trail)/\(s.trail)")
        print("  运行记录 (runs):            \(s.runs) 条，复制 \(c.runs)，核对 \(v.runs)/\(s.runs)")
        print("  投递记录 (delivery log):    \(s.deliveries) 条，复制 \(c.deliveries)，核对 \(v.deliveries)/\(s.deliveries)")
        guard report.isComplete else {
            throw Diagnostics.fail("核对不符，请勿切换到 PostgreSQL (the counts do not match: do not switch to PostgreSQL yet)")
        }
        print(c.total == 0 ? "已全部在服务器上，未复制任何内容 (all there already: nothing copied)"
                           : "已复制并核对 (copied and verified)；请在各主机的 xianqi.toml 中设置 state 后启动服务 (now set state on every host)")
    }
}

/// This host's name, for where a migrated delivery log came from.
enum HostName {
    static var name: String {
        var buffer = [CChar](repeating: 0, count: 256)
        return gethostname(&buffer, buffer.count) == 0 ? String(cString: buffer) : "localhost"
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
