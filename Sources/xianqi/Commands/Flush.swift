import ArgumentParser
import Foundation
import Mail

struct Flush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deliver the queued mail whose next attempt is due.",
        discussion: """
            Hands every message in the spool's new/ folder whose next attempt is due to the
            sendmail command (after the n-th failure a message waits 1 min × 2^(n−1), at most
            6 h; --ignore-backoff tries every message now, as an operator may after fixing the
            MTA). During an MTA outage a run therefore tries each message once per backoff step,
            not once per run: xianqi-mail.path and xianqi-mail.timer may start it as often as
            they like (docs/mail.md). Records
            each acceptance in the delivery log, then moves it to sent/. Safe beside the
            running daemon: a message is claimed before it is handed over, so no message is
            given to the MTA by both. Messages older than the give-up age that fail again
            are moved to failed/ and reported to the journal.

            The sendmail command is split at spaces; no shell is involved.

            Examples:
              xianqi flush
              xianqi flush --ignore-backoff          # the MTA is fixed: try everything now
              xianqi flush --spool /var/lib/xianqi/mail \\
                  --sendmail "/usr/bin/msmtp -C /etc/xianqi/msmtprc -t"

            Exit status:
              0   nothing is left queued: every message was delivered, or none was queued
              2   the spool or the database cannot be used
              64  a bad option
              69  some messages were given up (moved to failed/)
              75  some messages could not be delivered now, or wait for their next attempt, and stay queued
            """
    )

    @OptionGroup var spoolOptions: SpoolOptions

    @Option(name: .long, help: "The sendmail-compatible command, as an argument vector split at spaces.")
    var sendmail: String = SendmailCommand.standard.description

    @Option(name: .long, help: "Seconds one hand-over to the sendmail command may take.")
    var timeout: Int = 60

    @Flag(name: .customLong("ignore-backoff"), help: "Try every queued message now, whatever its next attempt time.")
    var ignoreBackoff = false

    func validate() throws {
        if let problem = command.problem() { throw ValidationError("--sendmail: \(problem)") }
        if timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    private var command: SendmailCommand {
        SendmailCommand(commandLine: sendmail, timeout: .seconds(timeout))
    }

    func run() async throws {
        let store = try spoolOptions.openStore()
        let queue = try MailQueue(
            spool: MailSpool(directory: spoolOptions.spoolPath()), sharing: store.sharedWriter(),
            policy: DeliveryPolicy(command: command), clock: { Date() })
        let report = try await queue.deliver(ignoringBackoff: ignoreBackoff)
        print(summary(report))
        for id in report.deferred + report.gaveUp {
            let reason = (try? queue.entry(messageID: id))??.lastError ?? ""
            FileHandle.standardError.write(Data("\(id): \(reason)\n".utf8))
        }
        if !report.gaveUp.isEmpty || !report.setAside.isEmpty { throw ExitStatus.unavailable.code }
        if !report.deferred.isEmpty || report.notDue > 0 { throw ExitStatus.temporaryFailure.code }
    }

    private func summary(_ r: DeliveryReport) -> String {
        "已投递 \(r.delivered.count) 封，推迟 \(r.deferred.count) 封，放弃 \(r.gaveUp.count) 封"
            + " (delivered \(r.delivered.count), deferred \(r.deferred.count), gave up \(r.gaveUp.count),"
            + " waiting \(r.notDue), already delivered \(r.settled.count), recovered \(r.recovered), busy \(r.busy), set aside \(r.setAside.count))"
    }
}
