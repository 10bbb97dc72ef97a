import ArgumentParser
import Foundation
import Mail
import Schedule
import TextLayout

struct MailQ: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailq",
        abstract: "List the outgoing mail spool: queued, being delivered, failed.",
        discussion: """
            Each message shows its state, delivery attempts so far, the next attempt (queued
            messages wait out an exponential backoff after each failure), the decoded
            subject and the recipients. Attempts come from the delivery log in the state
            database; without one they show as 0. Times are in the office's zone with -c,
            else China Standard Time.

            Examples:
              xianqi mailq
              xianqi mailq -c /etc/xianqi/xianqi.toml
              xianqi mailq --spool /var/lib/xianqi/mail --format json

            Exit status: 0 when the spool was listed (even if empty); 2 when the spool or
            the database cannot be read; 64 for a bad option.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @OptionGroup var spoolOptions: SpoolOptions

    @Option(name: .long, help: "Output format: table or json.")
    var format: Format = .table

    func run() throws {
        let spool = MailSpool(directory: try spoolOptions.spoolPath())
        guard FileManager.default.fileExists(atPath: spool.directory) else {
            throw ValidationError("邮件队列目录不存在 (no spool at \(spool.directory))")
        }
        let reader = try spoolOptions.openExisting()?.sharedReader
        let messages = try spool.contents(database: reader)
        let time = try spoolOptions.officeTime()
        switch format {
        case .table:
            print(table(messages, time))
            // Events the daemon has not yet made into the day's message (it does after each batch).
            if let outbox = try reader.map({ reader throws(MailError) in try MailOutbox.counts(in: reader) }),
               outbox.waiting + outbox.unspooled > 0 {
                print("外发箱 (outbox): \(outbox.waiting) 项提醒待组成邮件、\(outbox.unspooled) 封邮件待放入队列 "
                    + "(\(outbox.waiting) events waiting for their message, \(outbox.unspooled) messages made, not yet spooled)")
            }
        case .json: print(JSON.array(messages.map { json($0, time) }).serialized())
        }
    }

    private func table(_ messages: [SpooledMessage], _ time: OfficeTime) -> String {
        var table = TextTable(["status", "attempts", "next attempt", "subject", "recipients", "file"])
        for m in messages {
            table.append([
                m.status.rawValue, String(m.attempts), m.nextAttemptAt.map(time.iso8601) ?? "",
                m.subject ?? "", m.recipients.joined(separator: "; "), m.fileName,
            ])
        }
        let counts = SpooledMessage.Status.allCases.compactMap { status -> String? in
            let n = messages.count { $0.status == status }
            return n > 0 ? "\(n) \(status.rawValue)" : nil
        }
        let summary = counts.isEmpty ? "邮件队列为空 (spool is empty)" : counts.joined(separator: ", ")
        return messages.isEmpty ? summary : table.render(maxWidth: 40) + "\n" + summary
    }

    private func json(_ m: SpooledMessage, _ time: OfficeTime) -> JSON {
        .object([
            ("status", .string(m.status.rawValue)),
            ("file", .string(m.fileName)),
            ("message_id", .optional(m.messageID)),
            ("subject", .optional(m.subject)),
            ("recipients", .array(m.recipients.map(JSON.string))),
            ("event_key", .optional(m.eventKey)),
            ("enqueued_at", .optional(m.enqueuedAt.map(time.iso8601))),
            ("attempts", .int(m.attempts)),
            ("next_attempt_at", .optional(m.nextAttemptAt.map(time.iso8601))),
            ("last_error", .optional(m.lastError)),
        ])
    }
}
