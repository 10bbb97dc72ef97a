import ArgumentParser
import Foundation
import Robots
import Schedule
import TextLayout

/// `xianqi robots`: the IM robots' outbox, as `xianqi mailq` lists the mail spool.
struct RobotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "robots",
        abstract: "List the IM robots' outbox (企业微信/钉钉/飞书): queued, failed, sent messages.",
        discussion: """
            Each message (one 催办单 per unit, channel and day) shows its state, the channel \
            (vendor:recipient), its day, how many items it carries, the attempts so far, the next \
            attempt of a queued one, and the vendor's last reply code or error. By default the \
            queued and failed ones; --all adds the sent ones (newest first). The last line counts \
            the events claimed and not yet put in a message (the daemon composes them on its next \
            pass). Read-only: the state database is not changed. Times are in the office's zone \
            with -c, else China Standard Time.

            Examples:
              xianqi robots
              xianqi robots -c /etc/xianqi/xianqi.toml --all
              xianqi robots --format json | jq '.[] | select(.state == "failed")'

            Exit status: 0 when the outbox was listed (even if empty); 2 when the state database \
            cannot be read; 64 for a bad option.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @OptionGroup var spoolOptions: SpoolOptions

    @Flag(name: .long, help: "Also list the messages sent.")
    var all = false

    @Option(name: .long, help: "At most this many messages.")
    var limit = 200

    @Option(name: .long, help: "Output format: table or json.")
    var format: Format = .table

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit 应为正整数 (a positive number)") }
    }

    func run() throws {
        let time = try spoolOptions.officeTime()
        var listed: [RobotOutbox.Listed] = []
        var unassigned = 0
        if let store = try spoolOptions.openExisting() {
            do {
                (listed, unassigned) = try RobotOutbox.listing(in: store.sharedReader, states: all ? ["queued", "failed", "sent"] : ["queued", "failed"],
                                                               limit: limit)
            } catch {
                throw Diagnostics.fail("机器人发件箱无法读取 (the robots' outbox cannot be read): \(error)")
            }
        }
        switch format {
        case .table: print(table(listed, unassigned: unassigned, time))
        case .json: print(JSON.array(listed.map { json($0, time) }).serialized())
        }
    }

    private func table(_ listed: [RobotOutbox.Listed], unassigned: Int, _ time: OfficeTime) -> String {
        var table = TextTable(["status", "channel", "day", "items", "attempts", "next attempt", "last code", "title"])
        for m in listed {
            table.append([m.state, m.channel, m.day, String(m.items), String(m.attempts), m.nextAttemptAt.map(time.iso8601) ?? "",
                          m.lastCode ?? m.lastError ?? "", m.title])
        }
        let counts = ["queued", "failed", "sent"].compactMap { state -> String? in
            let n = listed.count { $0.state == state }
            return n > 0 ? "\(n) \(state)" : nil
        }
        var summary = counts.isEmpty ? "机器人发件箱为空 (the robots' outbox is empty)" : counts.joined(separator: ", ")
        if unassigned > 0 { summary += "; \(unassigned) 项待组成消息 (items waiting for a message)" }
        return listed.isEmpty ? summary : table.render(maxWidth: 40) + "\n" + summary
    }

    private func json(_ m: RobotOutbox.Listed, _ time: OfficeTime) -> JSON {
        .object([
            ("id", .string(m.noteID)),
            ("state", .string(m.state)),
            ("channel", .string(m.channel)),
            ("day", .string(m.day)),
            ("kind", .string(m.kind)),
            ("title", .string(m.title)),
            ("items", .int(m.items)),
            ("composed_at", .string(time.iso8601(m.composedAt))),
            ("attempts", .int(m.attempts)),
            ("next_attempt_at", .optional(m.nextAttemptAt.map(time.iso8601))),
            ("sent_at", .optional(m.sentAt.map(time.iso8601))),
            ("last_code", .optional(m.lastCode)),
            ("last_error", .optional(m.lastError)),
        ])
    }
}
