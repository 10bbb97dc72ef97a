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
            database; without one they show as 0.

            Examples:
              xianqi mailq
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
        let spool = MailSpool(directory: spoolOptions.spool)
        guard FileManager.default.fileExists(atPath: spool.directory) else {
            throw ValidationError("邮件队列目录不存在 (no spool at \(spool.directory))")
        }
        let messages = try spool.contents(database: try spoolOptions.openForReading())
        switch format {
        case .table: print(table(messages))
        case .json: print(JSON.array(messages.map(json)).serialized())
        }
    }

    private func table(_ messages: [SpooledMessage]) -> String {
        var table = TextTable(["status", "attempts", "next attempt", "subject", "recipients", "file"])
        for m in messages {
            table.append([
                m.status.rawValue, String(m.attempts), m.nextAttemptAt.map(Timestamp.string) ?? "",
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

    private func json(_ m: SpooledMessage) -> JSON {
        .object([
            ("status", .string(m.status.rawValue)),
            ("file", .string(m.fileName)),
            ("message_id", .optional(m.messageID)),
            ("subject", .optional(m.subject)),
            ("recipients", .array(m.recipients.map(JSON.string))),
            ("event_key", .optional(m.eventKey)),
            ("enqueued_at", .optional(m.enqueuedAt.map(Timestamp.string))),
            ("attempts", .int(m.attempts)),
            ("next_attempt_at", .optional(m.nextAttemptAt.map(Timestamp.string))),
            ("last_error", .optional(m.lastError)),
        ])
    }
}

/// Times as people in the offices read them: ISO 8601 in China Standard Time. (mailq takes no
/// configuration yet, so it cannot know another office zone: issue 13, item 5.)
enum Timestamp {
    static func string(_ date: Date) -> String {
        OfficeTime.china.iso8601(date)
    }
}
