import Foundation
import GRDB
import Mail
import MailTestSupport

/// The messages the tests send: what xianqi's reminders look like.
enum Fixtures {
    /// 2025-07-01 09:00:00 China Standard Time.
    static let date = Date(timeIntervalSince1970: 1_751_331_600)

    static let overdueSubject = "【逾期提醒】区财政局：3项整改措施已逾期"

    static let overdueBody = """
        区财政局：

        截至2025年7月1日，你单位负责的以下3项整改措施已超过完成时限：
          1. ZG-2025-017 建立整改台账（应于2025年6月30日前完成）
          2. ZG-2025-021 完善专项资金管理制度（应于2025年6月底前完成）
          3. ZG-2025-030 清理历史欠款（应于2025年6月20日前完成）

        请于3个工作日内在台账中登记完成情况或提交延期申请。
        .
        From the xianqi scheduler — 限期整改督办系统
        """

    static func overdue(
        key: String = "overdue/ZG-2025-017/2025-06-30",
        subject: String = overdueSubject,
        body: String = overdueBody,
        html: String? = nil,
        cc: [MailAddress] = []
    ) -> OutgoingMessage {
        OutgoingMessage(
            eventKey: key,
            from: MailAddress("xianqi@example.gov.cn", displayName: "整改督办系统"),
            to: [MailAddress("czj@example.gov.cn", displayName: "区财政局")],
            cc: cc,
            subject: subject,
            textBody: body,
            htmlBody: html,
            extraHeaders: [.xianqi("Measure-Id", "ZG-2025-017"), .xianqi("Unit", "区财政局")],
            date: date)
    }

    /// `count` distinct reminders, numbered in subject and body.
    static func batch(_ count: Int, prefix: String = "batch") -> [OutgoingMessage] {
        (1...count).map { n in
            overdue(
                key: "\(prefix)/\(n)",
                subject: "【逾期提醒】第\(n)号：区财政局整改措施已逾期",
                body: "第\(n)封提醒。\n请及时整改。\n")
        }
    }
}

/// A spool, a migrated database and a queue in a temporary directory.
struct QueueFixture {
    let directory: TemporaryDirectory
    let database: DatabasePool
    let spool: MailSpool
    let clock: ManualClock

    /// `start` is when the clock starts; the real time for tests that compare it with
    /// file times the kernel sets.
    init(_ label: String, start: Date = Fixtures.date) throws {
        directory = TemporaryDirectory(label)
        database = try DatabasePool(path: directory.appending("state.sqlite"))
        try MailDeliveryLog.migrate(database)
        spool = MailSpool(directory: directory.appending("mail"))
        clock = ManualClock(start)
    }

    func queue(
        command: SendmailCommand = SendmailCommand(["/bin/false"]),
        retry: RetryPolicy = RetryPolicy(),
        sent: SentRetention = .keep(for: .seconds(86_400)),
        reporter: GiveUpReporter = GiveUpReporter()
    ) throws -> MailQueue {
        try MailQueue(
            spool: spool, database: database,
            policy: DeliveryPolicy(command: command, retry: retry, sent: sent),
            reporter: reporter, clock: clock.closure)
    }

    func names(_ folder: MailSpool.Folder) throws -> [String] {
        try spool.names(in: folder)
    }

    func remove() {
        directory.remove()
    }
}

/// A queue fixture with a real MTA path: msmtp relaying to an aiosmtpd sink on 127.0.0.1.
struct MTAFixture {
    let base: QueueFixture
    let sink: SMTPSink
    let command: SendmailCommand

    init(_ label: String, start: Date = Fixtures.date) throws {
        base = try QueueFixture(label, start: start)
        do {
            sink = try SMTPSink.start(in: base.directory.path)
            command = try MSMTP.command(for: sink, in: base.directory.path)
        } catch {
            base.remove()
            throw error
        }
    }

    func queue(retry: RetryPolicy = RetryPolicy(), reporter: GiveUpReporter = GiveUpReporter()) throws -> MailQueue {
        try base.queue(command: command, retry: retry, reporter: reporter)
    }

    /// What the sink received, parsed by Python.
    func parsedInbox() throws -> [ParsedEmail] {
        try sink.received().map { try PythonEmail.parse($0.bytes, in: base.directory.path) }
    }

    /// How many times each Message-ID arrived.
    func arrivals() throws -> [String: Int] {
        try sink.received().reduce(into: [:]) { counts, message in
            counts[MessageHeaders(parsing: message.bytes).messageID ?? "none", default: 0] += 1
        }
    }

    func remove() {
        sink.stop()
        base.remove()
    }
}

extension XianqiProcess {
    /// `xianqi flush` arguments for a fixture's spool, database and sendmail command.
    /// `ignoringBackoff`: as an operator retries by hand right after an outage (the tests of
    /// outages and crashes retry at once, not a minute later).
    static func flushArguments(_ fixture: QueueFixture, command: SendmailCommand, ignoringBackoff: Bool = true) -> [String] {
        ["flush", "--spool", fixture.spool.directory, "--database", fixture.directory.appending("state.sqlite"),
         "--sendmail", command.description] + (ignoringBackoff ? ["--ignore-backoff"] : [])
    }
}
