// Messages per second for the two halves of xianqi's mail path:
// - spool writes: render + write to tmp/ + fsync + queue row (SQLite, WAL) + rename into
//   new/ + fsync of new/, one message at a time, as the daemon enqueues;
// - delivery: msmtp → aiosmtpd on 127.0.0.1, one sendmail process per message, each
//   acceptance recorded in the delivery log before the file moves to sent/; and the
//   same loop with /bin/cat as the command, to separate xianqi's cost from SMTP's.
//
//     swift run -c release MailBench [spool-messages] [delivered-messages]
//     swift run -c release MailBench sample     # prints one rendered message
//
// Needs msmtp and aiosmtpd (bash .ci/setup). Uses a temporary directory, removed at the end.
import Foundation
import GRDB
import Mail
import MailTestSupport

let arguments = CommandLine.arguments
if arguments.count > 1, arguments[1] == "sample" {
    let message = Bench.message(1)
    let rendered = try message.render()
    FileHandle.standardOutput.write(Data(rendered.bytes))
    exit(0)
}
let spoolCount = arguments.count > 1 ? Int(arguments[1]) ?? 2000 : 2000
let deliveryCount = arguments.count > 2 ? Int(arguments[2]) ?? 300 : 300
do {
    try await Bench.run(spoolCount: spoolCount, deliveryCount: deliveryCount)
} catch {
    FileHandle.standardError.write(Data("MailBench: \(error)\n".utf8))
    exit(1)
}

enum Bench {
    static let units = ["区财政局", "区教育局", "区卫健委", "区住建局", "区市场监管局", "区人社局"]

    static func message(_ n: Int) -> OutgoingMessage {
        let unit = units[n % units.count]
        return OutgoingMessage(
            eventKey: "bench/\(n)/\(UUID().uuidString)",
            from: MailAddress("xianqi@example.gov.cn", displayName: "整改督办系统"),
            to: [MailAddress("unit\(n % units.count)@example.gov.cn", displayName: unit)],
            cc: n % 5 == 0 ? [MailAddress("leader@example.gov.cn", displayName: "分管领导 李明")] : [],
            subject: "【逾期提醒】\(unit)：\(n % 7 + 1)项整改措施已逾期",
            textBody: """
                \(unit)：

                截至2025年7月1日，你单位负责的整改措施 ZG-2025-\(n) 已超过完成时限（应于2025年6月30日前完成）。
                请于3个工作日内在台账中登记完成情况或提交延期申请。

                限期整改督办系统
                """,
            extraHeaders: [.xianqi("Measure-Id", "ZG-2025-\(n)"), .xianqi("Unit", unit)],
            date: Date())
    }

    static func run(spoolCount: Int, deliveryCount: Int) async throws {
        let directory = TemporaryDirectory("mailbench")
        defer { directory.remove() }
        print("MailBench: \(ProcessInfo.processInfo.activeProcessorCount) cores, temporary directory \(directory.path)")
        try renderRate(count: spoolCount)
        try spoolRate(count: spoolCount, in: directory)
        try await handOverRate(count: deliveryCount, in: directory)
        try await deliveryRate(count: deliveryCount, in: directory)
    }

    /// The same delivery loop with `cat` as the sendmail command: what xianqi itself
    /// costs per message (spawn, claim, log commit, rename, fsync) without SMTP.
    static func handOverRate(count: Int, in directory: TemporaryDirectory) async throws {
        let database = try DatabasePool(path: directory.appending("cat-state.sqlite"))
        try MailDeliveryLog.migrate(database)
        let queue = try MailQueue(
            spool: MailSpool(directory: directory.appending("cat-mail")), database: database,
            policy: DeliveryPolicy(command: SendmailCommand(["/bin/cat"])), clock: { Date() })
        for n in 0..<count { try queue.enqueue(message(n)) }
        let start = ContinuousClock.now
        let report = try await queue.deliver()
        guard report.delivered.count == count else {
            throw TestSupportFailure("cat accepted \(report.delivered.count) of \(count)")
        }
        Bench.report("hand-over to /bin/cat (xianqi's own cost)", count, start.duration(to: .now))
    }

    static func renderRate(count: Int) throws {
        let messages = (0..<count).map(message)
        let elapsed = try time { for m in messages { _ = try m.render() } }
        report("render only (no I/O)", count, elapsed)
    }

    static func spoolRate(count: Int, in directory: TemporaryDirectory) throws {
        let database = try DatabasePool(path: directory.appending("spool-state.sqlite"))
        try MailDeliveryLog.migrate(database)
        let queue = try MailQueue(spool: MailSpool(directory: directory.appending("spool-mail")), database: database, clock: { Date() })
        let messages = (0..<count).map(message)
        let elapsed = try time { for m in messages { try queue.enqueue(m) } }
        report("spool writes (fsync file + dir, SQLite row)", count, elapsed)
        let again = try time { for m in messages { try queue.enqueue(m) } }
        report("repeated enqueue of the same events (no-op)", count, again)
    }

    static func deliveryRate(count: Int, in directory: TemporaryDirectory) async throws {
        let sink = try SMTPSink.start(in: directory.path)
        defer { sink.stop() }
        let database = try DatabasePool(path: directory.appending("deliver-state.sqlite"))
        try MailDeliveryLog.migrate(database)
        let queue = try MailQueue(
            spool: MailSpool(directory: directory.appending("deliver-mail")), database: database,
            policy: DeliveryPolicy(command: try MSMTP.command(for: sink, in: directory.path)), clock: { Date() })
        for n in 0..<count { try queue.enqueue(message(n)) }
        let start = ContinuousClock.now
        let report = try await queue.deliver()
        let elapsed = start.duration(to: .now)
        guard report.delivered.count == count, try sink.received().count == count else {
            throw TestSupportFailure("delivered \(report.delivered.count), sink received \((try? sink.received().count) ?? -1) of \(count)")
        }
        Bench.report("delivery msmtp → aiosmtpd (one sendmail per message)", count, elapsed)
    }

    static func time(_ body: () throws -> Void) rethrows -> Duration {
        let start = ContinuousClock.now
        try body()
        return start.duration(to: .now)
    }

    static func report(_ label: String, _ count: Int, _ elapsed: Duration) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let figures = String(format: "%6d messages in %7.3f s: %9.1f msg/s (%.3f ms each)", count, seconds, Double(count) / seconds, seconds / Double(count) * 1000)
        print(label.padding(toLength: 56, withPad: " ", startingAt: 0) + figures)
    }
}
