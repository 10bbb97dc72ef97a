public import Foundation
public import GRDB

/// The outgoing mail queue: ``enqueue(_:)`` spools a message once per event, and
/// ``deliver(ignoringBackoff:)`` hands each queued message to sendmail, recording every
/// acceptance in the delivery log before the file leaves the queue.
///
/// Guarantees, for any crash at any point (docs/mail.md walks through each step):
/// - a message that `enqueue` returned `.queued` for is delivered or ends in `failed/`;
/// - the same event key is spooled once, whatever the number of enqueues;
/// - a message in the delivery log is never handed to sendmail again;
/// - two processes delivering from one spool never hand the same message over twice:
///   a message is claimed by `flock` and a rename into `cur/` first.
/// The one window left: a crash after the MTA accepted a message but before the delivery
/// log recorded it sends that message again (at least once, never lost).
///
///     let queue = try MailQueue(spool: MailSpool(directory: stateDirectory + "/mail"),
///                               database: dbPool, clock: { Date() })
///     try queue.enqueue(message)
///     let report = try await queue.deliver()
public struct MailQueue: Sendable {
    public let spool: MailSpool
    public let database: any DatabaseWriter
    public let policy: DeliveryPolicy
    private let reporter: GiveUpReporter
    private let clock: @Sendable () -> Date

    /// How long a file may sit in `tmp/` without a queue row before it is removed
    /// (the Maildir convention: 36 hours, far longer than any write takes).
    public static let temporaryFileLifetime: TimeInterval = 36 * 3600

    /// A queue on `spool` (created if missing) bookkept in `database`, which must have the
    /// mail migrations (``MailDeliveryLog/migrate(_:)``). `clock` says what time it is.
    public init(
        spool: MailSpool,
        database: any DatabaseWriter,
        policy: DeliveryPolicy = DeliveryPolicy(),
        reporter: GiveUpReporter = GiveUpReporter(),
        clock: @escaping @Sendable () -> Date
    ) throws(MailError) {
        try spool.prepare()
        self.spool = spool
        self.database = database
        self.policy = policy
        self.reporter = reporter
        self.clock = clock
    }

    /// A queue whose tables live in a database another module owns (the state store's one
    /// pool: `StateStore.sharedWriter()`): the mail migrations are brought up to date first.
    public init(
        spool: MailSpool,
        sharing database: any DatabaseWriter,
        policy: DeliveryPolicy = DeliveryPolicy(),
        reporter: GiveUpReporter = GiveUpReporter(),
        clock: @escaping @Sendable () -> Date
    ) throws(MailError) {
        try MailDeliveryLog.migrate(database)
        try self.init(spool: spool, database: database, policy: policy, reporter: reporter, clock: clock)
    }

    /// What ``enqueue(_:)`` did.
    public enum EnqueueResult: Sendable, Hashable {
        /// Written to `new/` under `fileName`.
        case queued(messageID: String, fileName: String)
        /// This event's message was enqueued before; nothing was written.
        case alreadyEnqueued(messageID: String, state: QueueEntry.State)
    }

    // MARK: - Enqueueing

    /// Renders and spools a message, once per event key.
    @discardableResult
    public func enqueue(_ message: OutgoingMessage, options: RenderOptions = RenderOptions()) throws(MailError) -> EnqueueResult {
        try enqueue(message.render(options: options))
    }

    /// Spools a rendered message: written to `tmp/` and flushed, recorded in `mail_queue`
    /// (the record that makes a second enqueue a no-op), renamed into `new/`, `new/` flushed.
    @discardableResult
    public func enqueue(_ message: RenderedMessage) throws(MailError) -> EnqueueResult {
        if let existing = try entry(messageID: message.messageID) {
            try publishIfStranded(existing)
            return .alreadyEnqueued(messageID: existing.messageID, state: existing.state)
        }
        let now = clock()
        let name = MailSpool.uniqueName(at: now)
        try spool.writeTemporary(message.bytes, name: name)
        let row = QueueEntry(
            messageID: message.messageID, eventKey: message.eventKey, fileName: name, subject: message.subject,
            recipients: message.recipients.joined(separator: ", "), enqueuedAt: now, attempts: 0,
            lastAttemptAt: nil, nextAttemptAt: now, lastError: nil, state: .queued)
        let inserted = try write { db in
            try row.insert(db, onConflict: .ignore)
            return db.changesCount > 0
        }
        guard inserted else {
            // Another process enqueued the same event between the check and the insert.
            try spool.remove(name, from: .tmp)
            let state = try entry(messageID: message.messageID)?.state ?? .queued
            return .alreadyEnqueued(messageID: message.messageID, state: state)
        }
        try spool.move(name, from: .tmp, to: .new)
        return .queued(messageID: message.messageID, fileName: name)
    }

    /// Finishes an enqueue that crashed between its queue row and its rename.
    private func publishIfStranded(_ row: QueueEntry) throws(MailError) {
        guard row.state == .queued, POSIXFile.exists(spool.path(.tmp, row.fileName)) else { return }
        try spool.move(row.fileName, from: .tmp, to: .new)
    }

    // MARK: - Delivering

    /// Delivers every queued message whose backoff has passed (all of them with
    /// `ignoringBackoff`), after recovering what crashed processes left behind.
    public func deliver(ignoringBackoff: Bool = false) async throws(MailError) -> DeliveryReport {
        var report = DeliveryReport()
        try recoverClaims(into: &report)
        try publishStranded()
        try reconcileFailed()
        for name in try spool.names(in: .new) {
            try await deliver(name, ignoringBackoff: ignoringBackoff, into: &report)
        }
        try pruneSent()
        return report
    }

    /// What start-up does before the first delivery: claims of dead processes back to
    /// `new/` (or to `sent/` when already logged), messages in `new/` that the delivery log
    /// already has to `sent/` without resending, crashed enqueues finished, stale
    /// temporary files and expired sent mail removed.
    @discardableResult
    public func recover() throws(MailError) -> DeliveryReport {
        var report = DeliveryReport()
        try recoverClaims(into: &report)
        try settleDelivered(into: &report)
        try publishStranded()
        try reconcileFailed()
        try pruneSent()
        return report
    }

    private func deliver(_ name: String, ignoringBackoff: Bool, into report: inout DeliveryReport) async throws(MailError) {
        // A cheap first look, before touching the file; looked at again once it is claimed.
        if !ignoringBackoff, let row = try entry(fileName: name), !isDue(row) {
            report.notDue += 1
            return
        }
        guard let file = try claim(name) else {
            report.busy += 1
            return
        }
        defer { withExtendedLifetime(file) {} }
        let headers = MessageHeaders(parsing: try file.contents())
        guard let messageID = headers.messageID else {
            // Not a message xianqi wrote: set it aside rather than send something unknown.
            try spool.move(name, from: .cur, to: .failed)
            report.setAside.append(name)
            return
        }
        if try isDelivered(messageID) {
            try finishSent(name, from: .cur)
            report.settled.append(messageID)
            return
        }
        // Read again under the claim: another process may have just tried it.
        let entry = try queueEntry(for: name, headers: headers, messageID: messageID)
        if !ignoringBackoff, !isDue(entry) {
            try spool.move(name, from: .cur, to: .new)
            report.notDue += 1
            return
        }
        switch await policy.command.send(standardInput: file.descriptor) {
        case .accepted:
            try recordDelivery(of: entry, fileName: name)
            try finishSent(name, from: .cur)
            report.delivered.append(messageID)
        case .failed(let reason):
            try recordFailure(of: entry, fileName: name, reason: reason, headers: headers, into: &report)
        }
    }

    /// Whether a queued row's next attempt has come (rows in other states are always due:
    /// a `failed` one in `new/` was put back by hand).
    private func isDue(_ row: QueueEntry) -> Bool {
        row.state != .queued || Self.hasCome(row.nextAttemptAt, now: clock())
    }

    /// Locks `new/name` and renames it into `cur/`; nil when another process has it.
    private func claim(_ name: String) throws(MailError) -> LockedFile? {
        guard let file = try LockedFile.lock(spool.path(.new, name)) else { return nil }
        // Gone from new/ between our open and our lock: another process delivered it.
        guard try POSIXFile.rename(spool.path(.new, name), to: spool.path(.cur, name)) else { return nil }
        return file
    }

    /// The log entry and the queue row in one transaction, before the file moves.
    private func recordDelivery(of entry: QueueEntry, fileName: String) throws(MailError) {
        let now = clock()
        var row = entry
        row.attempts += 1
        row.lastAttemptAt = now
        row.lastError = nil
        row.state = .delivered
        let logEntry = DeliveryLogEntry(
            messageID: entry.messageID, fileName: fileName, deliveredAt: now, attempts: row.attempts,
            recipients: entry.recipients, command: policy.command.description)
        try write { db in
            try logEntry.insert(db, onConflict: .ignore)
            try row.update(db)
        }
    }

    private func recordFailure(
        of entry: QueueEntry, fileName: String, reason: String, headers: MessageHeaders, into report: inout DeliveryReport
    ) throws(MailError) {
        let now = clock()
        var row = entry
        row.attempts += 1
        row.lastAttemptAt = now
        row.lastError = reason
        if Self.hasCome(entry.enqueuedAt.addingTimeInterval(policy.retry.giveUpAfter.timeInterval), now: now) {
            row.state = .failed
            try spool.move(fileName, from: .cur, to: .failed)
            try write { db in try row.update(db) }
            reporter.report(gaveUp(row, headers: headers))
            report.gaveUp.append(entry.messageID)
        } else {
            // Queued again even if it had been given up before (an operator moved it back to new/).
            row.state = .queued
            row.nextAttemptAt = now.addingTimeInterval(policy.retry.delay(afterFailedAttempt: row.attempts).timeInterval)
            try write { db in try row.update(db) }
            try spool.move(fileName, from: .cur, to: .new)
            report.deferred.append(entry.messageID)
        }
    }

    private func gaveUp(_ row: QueueEntry, headers: MessageHeaders) -> GaveUpMessage {
        GaveUpMessage(
            messageID: row.messageID, eventKey: row.eventKey, subject: row.subject, recipients: row.recipients,
            fileName: row.fileName, attempts: row.attempts, lastError: row.lastError ?? "",
            measureID: headers.measureID, unit: headers.unit)
    }

    /// Whether `time` is now or past, to the millisecond: a time read back from SQLite can
    /// differ from the `Date` written in its last bits, so "due now" must not hinge on them.
    static func hasCome(_ time: Date, now: Date) -> Bool {
        time.timeIntervalSince(now) < 0.001
    }

    /// Delivered mail leaves the queue: to `sent/`, or deleted.
    private func finishSent(_ name: String, from folder: MailSpool.Folder) throws(MailError) {
        switch policy.sent {
        case .delete: try spool.remove(name, from: folder)
        case .keep: try spool.move(name, from: folder, to: .sent)
        }
    }

    /// The row of a message, or a new one adopting its file when it has none.
    private func queueEntry(for name: String, headers: MessageHeaders, messageID: String) throws(MailError) -> QueueEntry {
        if let existing = try entry(messageID: messageID) { return existing }
        return try adopt(name, headers: headers, messageID: messageID)
    }

    /// A queue row for a file in `new/` that has none (its database was replaced, or a
    /// message was dropped in by hand): due now, its age counted from now.
    private func adopt(_ name: String, headers: MessageHeaders, messageID: String) throws(MailError) -> QueueEntry {
        let now = clock()
        let recipients = [headers.raw("To"), headers.raw("Cc")].compactMap { $0 }.joined(separator: ", ")
        let row = QueueEntry(
            messageID: messageID, eventKey: headers.eventKey ?? "", fileName: name, subject: headers.subject ?? "",
            recipients: recipients, enqueuedAt: now, attempts: 0, lastAttemptAt: nil, nextAttemptAt: now,
            lastError: nil, state: .queued)
        try write { db in try row.insert(db, onConflict: .ignore) }
        return row
    }

    // MARK: - Recovery

    /// `cur/` files no live process holds: their claimer died. Logged ones are finished,
    /// the others go back to `new/`.
    private func recoverClaims(into report: inout DeliveryReport) throws(MailError) {
        for name in try spool.names(in: .cur) {
            guard let file = try LockedFile.lock(spool.path(.cur, name)) else {
                report.busy += 1
                continue
            }
            defer { withExtendedLifetime(file) {} }
            if let messageID = MessageHeaders(parsing: try file.contents()).messageID, try isDelivered(messageID) {
                try finishSent(name, from: .cur)
                report.settled.append(messageID)
            } else if try spool.move(name, from: .cur, to: .new) {
                report.recovered += 1
            }
        }
    }

    /// Messages in `new/` whose Message-ID the delivery log already has.
    private func settleDelivered(into report: inout DeliveryReport) throws(MailError) {
        for name in try spool.names(in: .new) {
            guard let file = try LockedFile.lock(spool.path(.new, name)) else { continue }
            defer { withExtendedLifetime(file) {} }
            guard let messageID = MessageHeaders(parsing: try file.contents()).messageID, try isDelivered(messageID) else { continue }
            if POSIXFile.exists(spool.path(.new, name)) {
                try finishSent(name, from: .new)
                report.settled.append(messageID)
            }
        }
    }

    /// `tmp/` files with a queued row (an enqueue crashed before its rename) go to `new/`;
    /// files without one older than ``temporaryFileLifetime`` are removed.
    private func publishStranded() throws(MailError) {
        let now = clock()
        for name in try spool.names(in: .tmp) {
            if let row = try entry(fileName: name) {
                if row.state == .queued { try spool.move(name, from: .tmp, to: .new) }
            } else if let changed = POSIXFile.statusChangeTime(spool.path(.tmp, name)),
                      now.timeIntervalSince(changed) > Self.temporaryFileLifetime {
                try spool.remove(name, from: .tmp)
            }
        }
    }

    /// Files in `failed/` whose row still says queued (a crash between the move and the
    /// row update): the row is updated and the give-up reported.
    private func reconcileFailed() throws(MailError) {
        for name in try spool.names(in: .failed) {
            guard var row = try entry(fileName: name), row.state == .queued else { continue }
            row.state = .failed
            let updated = row
            try write { db in try updated.update(db) }
            let headers = MessageHeaders(parsing: try POSIXFile.read(spool.path(.failed, name)))
            reporter.report(gaveUp(updated, headers: headers))
        }
    }

    /// Removes sent mail older than the retention period.
    private func pruneSent() throws(MailError) {
        guard case .keep(let retention) = policy.sent else { return }
        let cutoff = clock().addingTimeInterval(-retention.timeInterval)
        for name in try spool.names(in: .sent) {
            if let moved = POSIXFile.statusChangeTime(spool.path(.sent, name)), moved < cutoff {
                try spool.remove(name, from: .sent)
            }
        }
    }

    // MARK: - Database

    /// The queue row of a message.
    public func entry(messageID: String) throws(MailError) -> QueueEntry? {
        try read { db in try QueueEntry.fetchOne(db, key: messageID) }
    }

    /// The queue row of a spool file.
    public func entry(fileName: String) throws(MailError) -> QueueEntry? {
        try read { db in try QueueEntry.filter(Column("file_name") == fileName).fetchOne(db) }
    }

    /// Whether the delivery log has this Message-ID.
    public func isDelivered(_ messageID: String) throws(MailError) -> Bool {
        try read { db in try DeliveryLogEntry.exists(db, key: messageID) }
    }

    /// The delivery log, oldest first.
    public func deliveries() throws(MailError) -> [DeliveryLogEntry] {
        try read { db in try DeliveryLogEntry.order(Column("delivered_at")).fetchAll(db) }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(MailError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw .database("\(error)")
        }
    }

    // MARK: - Rebuilding

    /// What ``adopt(_:)`` recorded.
    public struct AdoptReport: Sendable, Hashable {
        /// Queue rows written, by the state they were given.
        public var queued = 0, delivered = 0, failed = 0
        /// Messages with a queue row already, or without a Message-ID.
        public var skipped = 0
    }

    /// Gives the messages of a spool whose delivery log was lost their queue rows again
    /// (`xianqi state rebuild`), so that nothing is handed to sendmail twice: a message in
    /// `sent/` gets a delivered row and a delivery-log entry (it is never sent again), one in
    /// `failed/` a failed row, one in `new/` or `cur/` a queued row (it is delivered once;
    /// start-up recovery moves `cur/` back to `new/`). The time of each row is the one in its
    /// file name, when the message was spooled.
    @discardableResult
    public func adopt(_ messages: [SpooledMessage]) throws(MailError) -> AdoptReport {
        var report = AdoptReport()
        let now = clock()
        for message in messages {
            guard let messageID = message.messageID else {
                report.skipped += 1
                continue
            }
            let spooledAt = MailSpool.spooledAt(fileName: message.fileName) ?? now
            let state: QueueEntry.State = switch message.status {
            case .sent: .delivered
            case .failed: .failed
            case .queued, .delivering: .queued
            }
            let row = QueueEntry(
                messageID: messageID, eventKey: message.eventKey ?? "", fileName: message.fileName,
                subject: message.subject ?? "", recipients: message.recipients.joined(separator: ", "),
                enqueuedAt: spooledAt, attempts: state == .delivered ? 1 : 0, lastAttemptAt: nil,
                nextAttemptAt: now, lastError: state == .failed ? "恢复自邮件队列 failed/ (rebuilt from the spool)" : nil,
                state: state)
            let inserted = try write { db in
                try row.insert(db, onConflict: .ignore)
                guard db.changesCount > 0 else { return false }
                if state == .delivered {
                    try DeliveryLogEntry(messageID: messageID, fileName: message.fileName, deliveredAt: spooledAt,
                                         attempts: 1, recipients: row.recipients,
                                         command: "(rebuilt from mail/sent)").insert(db, onConflict: .ignore)
                }
                return true
            }
            guard inserted else {
                report.skipped += 1
                continue
            }
            switch state {
            case .queued: report.queued += 1
            case .delivered: report.delivered += 1
            case .failed: report.failed += 1
            }
        }
        return report
    }

    private func write<T>(_ body: (Database) throws -> T) throws(MailError) -> T {
        do {
            return try database.write(body)
        } catch {
            throw .database("\(error)")
        }
    }
}
