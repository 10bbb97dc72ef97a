import ArgumentParser
import Daemon
import Foundation
import Mail
import Notify

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the reminder daemon (for systemd: Units/xianqi.service, Type=notify).",
        discussion: """
            Loads the configuration and ledgers, sends every reminder, due-day notice, overdue
            notice and escalation when it falls due — a journal record with XIANQI_* fields,
            and an email into the spool under the state directory — and sleeps until the next
            one is due. SIGHUP, or a change to the configuration or a ledger, reloads (reading again
            only the ledgers whose content changed; all of them when the configuration did); a reload
            that fails keeps the last good state and logs why (file:line). SIGTERM or SIGINT
            stops after the event being sent (a big batch is left between two events, and the
            next start sends the rest), within \(Self.shutdownBound) s; after that what still runs is
            cancelled. After downtime, what fell due meanwhile is sent once (overdue notices
            collapsed to the latest per item). With `today = …` in the configuration it replays
            that day once and then waits.

            Mail is handed to the MTA by xianqi-mail.path/xianqi-mail.service; --deliver-mail
            makes the daemon do it itself (for running by hand).

            With --once it sends what is due now and exits.

            With `state` on PostgreSQL in the configuration (docs/ha.md), several hosts run it on
            one shared state: only the leader (the holder of the server's advisory lock) claims
            and sends; the others load, watch and take over within about a second of the leader's
            session ending. The status line says which instance leads and since when. A server
            that cannot be used at start is retried with backoff (1 s doubling to 60 s), naming
            the setting, before anything else starts; with --once it is an error (exit 2), and a
            follower sends nothing and exits 0.

            A ledger that cannot be read does not stop it: the others are served, the last good
            copy of that ledger is kept when there is one, and the error goes to the journal
            and to the status line (systemctl status xianqi).

            Exit status: 0 stopped by a signal (or done, with --once); 1 (with --once) done, but a
            ledger could not be read; 2 the configuration or the state could not be loaded at
            start (a damaged state database, another xianqi serve on the same state directory:
            its PID is named); 75 (with --once) some due events could not be checked against
            the sent log, spooled or claimed: they stay pending for the next run.

            Examples:
              xianqi serve -c /etc/xianqi/xianqi.toml
              xianqi serve -c Config/xianqi.toml --state-dir /tmp/xianqi --deliver-mail
              xianqi serve --once -c Config/xianqi.toml --state-dir /tmp/xianqi
            """
    )

    static var shutdownBound: Int64 { DaemonServices.maximumGracefulShutdownDuration.components.seconds }

    @Option(name: .shortAndLong, help: ArgumentHelp("The configuration file.", valueName: "xianqi.toml"))
    var config: String = ProcessInfo.processInfo.environment["XIANQI_CONFIG"] ?? "/etc/xianqi/xianqi.toml"

    @Option(name: .customLong("state-dir"), help: ArgumentHelp("The state directory (default: state_directory of the configuration).", valueName: "DIR"))
    var stateDirectory: String?

    @Flag(name: .customLong("deliver-mail"), help: "Hand spooled mail to the MTA after each batch.")
    var deliverMail = false

    @Option(help: ArgumentHelp("The sendmail-compatible command, with its arguments.", valueName: "CMD"))
    var sendmail: String?

    @Flag(help: "Send what is due now, then exit (for cron or a first try) instead of staying up.")
    var once = false

    func run() async throws {
        LogDestination.bootstrap(environment: ProcessInfo.processInfo.environment)
        let command = sendmail.map { SendmailCommand(commandLine: $0) } ?? .standard
        if let problem = command.problem() { throw ValidationError(problem) }
        // XIANQI_RETRY_SECONDS: the first retry of failed events (default 60 s), for tests.
        let retry = ProcessInfo.processInfo.environment["XIANQI_RETRY_SECONDS"].flatMap(Double.init).map { max($0, 0.1) } ?? 60
        // XIANQI_MALLOC_TRIM=0: keep malloc's free memory after a reload (to measure what releasing it does).
        let release = ProcessInfo.processInfo.environment["XIANQI_MALLOC_TRIM"] != "0"
        let delivery = deliverMail ? MailDeliveryService() : nil
        // Idle unless the configuration names a robot.
        let robots = RobotDeliveryService()
        let reminders = ReminderService(options: .init(configuration: config, stateDirectory: stateDirectory,
                                                       sendmail: command, once: once, retryDelay: retry,
                                                       releaseMemory: release),
                                        mailDelivery: delivery, robotDelivery: robots)
        do {
            try await DaemonServices(reminders: reminders, mailDelivery: delivery, robotDelivery: robots).run()
        } catch {
            FileHandle.standardError.write(Data("xianqi serve: \(error)\n".utf8))
            throw ExitStatus.failure.code
        }
        if once, reminders.failedEvents > 0 {
            FileHandle.standardError.write(Data("xianqi serve: \(reminders.failedEvents) 项到期提醒未能发送或记录，保留待发 (due events not sent or claimed; they stay pending)\n".utf8))
            throw ExitStatus.temporaryFailure.code
        }
        if once, !reminders.unreadableLedgers.isEmpty {
            FileHandle.standardError.write(Data("xianqi serve: 台账无法读取，其中的措施未发送提醒 (ledgers not read; their measures got no reminders): \(reminders.unreadableLedgers.joined(separator: ", "))\n".utf8))
            throw ExitStatus.found.code
        }
    }
}
