public import Foundation
public import GRDB
import Crypto
public import Mail

/// The durable outbox of the robots, in the state database beside the mail queue.
///
/// Two tables:
/// - `robot_item`: one row per event and channel (primary key), written by ``enqueue(_:channels:day:)``
///   before the daemon claims the event: a second enqueue of the same event is a no-op, and an
///   event claimed is always in the outbox;
/// - `robot_note`: one row per message, made by ``compose(board:)`` in the same transaction that
///   marks its items as carried by it; its attempts, next attempt, last code and state.
///
/// Guarantees, for a crash at any point:
/// - an item is carried by exactly one message (its `note_id`, set once, in the transaction that
///   made the message): a crash before the commit leaves it for the next compose, after it the
///   message goes out on the next delivery;
/// - a message recorded as sent is never sent again, and one not recorded is sent again;
/// - the one window left: a crash after the vendor accepted a message and before its row
///   recorded it sends that message again (at least once, never lost), as with the mail queue.
///
///     let outbox = try RobotOutbox(sharing: store.sharedWriter(), clock: { Date() })
///     try outbox.enqueue(item, channels: directory.channels(unit: "区财政局", toOffice: false), day: "2024-11-21")
///     try outbox.compose(board: board)
///     let report = await RobotDelivery(outbox: outbox, directory: directory, http: http).deliver()
public struct RobotOutbox: Sendable {
    public let database: any DatabaseWriter
    public let retry: RetryPolicy
    private let clock: @Sendable () -> Date

    /// The outbox in a database another module owns; its migrations are brought up to date.
    public init(sharing database: any DatabaseWriter, retry: RetryPolicy = RobotOutbox.defaultRetry,
                clock: @escaping @Sendable () -> Date) throws(RobotError) {
        self.database = database
        self.retry = retry
        self.clock = clock
        var migrator = DatabaseMigrator()
        Self.registerMigrations(in: &migrator)
        do {
            try migrator.migrate(database)
        } catch {
            // Two processes making a fresh database at once (the daemon and `digest --send`): the
            // one that waited fails on a table the other just made, then finds the migration done
            // (the mail tables' rule, MailDeliveryLog.migrate).
            do {
                if try database.read({ try migrator.hasCompletedMigrations($0) }) { return }
                try migrator.migrate(database)
            } catch {
                throw .database("migrating \(Self.migrationIdentifiers.joined(separator: ", ")): \(error)")
            }
        }
    }

    /// 15 s, 30 s, 1 min … at most 10 minutes apart (钉钉 throttles a robot for 10 minutes once
    /// it went over its limit), given up after 3 days.
    public static let defaultRetry = RetryPolicy(base: .seconds(15), cap: .seconds(600), giveUpAfter: .seconds(3 * 86_400))

    /// The wait after a rate-limit reply, at least: the minute the vendors count over.
    public static let rateLimitPause: TimeInterval = 60

    public static let migrationIdentifiers = ["robots.v1"]

    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("robots.v1") { db in
            try db.create(table: "robot_note") { t in
                t.primaryKey("note_id", .text)
                t.column("channel", .text).notNull()
                t.column("day", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("note", .text).notNull()
                t.column("items", .integer).notNull()
                t.column("composed_at", .double).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("next_attempt_at", .double).notNull()
                t.column("last_code", .text)
                t.column("last_error", .text)
                t.column("state", .text).notNull()
                t.column("sent_at", .double)
            }
            try db.create(index: "robot_note_queue", on: "robot_note", columns: ["state", "next_attempt_at"])
            try db.create(index: "robot_note_sent", on: "robot_note", columns: ["channel", "sent_at"])
            try db.create(table: "robot_item") { t in
                t.column("event_key", .text).notNull()
                t.column("channel", .text).notNull()
                t.column("recipient", .text).notNull()
                t.column("day", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("severity", .integer).notNull()
                t.column("line", .text).notNull()
                t.column("enqueued_at", .double).notNull()
                t.column("note_id", .text).references("robot_note")
                t.primaryKey(["event_key", "channel"])
            }
            try db.create(index: "robot_item_open", on: "robot_item", columns: ["note_id", "channel", "day"])
        }
    }

    // MARK: - Enqueueing

    /// Puts an event's item in the outbox of each channel, once: true when any row was new.
    @discardableResult
    public func enqueue(_ item: NoteItem, channels: [RobotChannel], day: String) throws(RobotError) -> Bool {
        guard !channels.isEmpty else { return false }
        let now = clock().timeIntervalSince1970
        return try write { db in
            var inserted = false
            for channel in channels {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO robot_item (event_key, channel, recipient, day, kind, severity, line, enqueued_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [item.eventKey, channel.key, channel.recipient, day, item.kind, item.severity, item.line, now])
                inserted = inserted || db.changesCount > 0
            }
            return inserted
        }
    }

    /// Puts a finished message (a digest summary) in the outbox under `key`, once per key and
    /// channel: nil when it was there already.
    @discardableResult
    public func enqueue(note: (String) -> RobotNote, key: String, channel: RobotChannel, day: String) throws(RobotError) -> String? {
        let id = Self.noteID(channel: channel.key, day: day, serial: key)
        let now = clock().timeIntervalSince1970
        let text = Self.encode(note(id))
        return try write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO robot_note (note_id, channel, day, kind, note, items, composed_at, next_attempt_at, state)
                VALUES (?, ?, ?, 'digest', ?, 0, ?, ?, 'queued')
                """, arguments: [id, channel.key, day, text, now, now])
            return db.changesCount > 0 ? id : nil
        }
    }

    // MARK: - Composing

    /// Makes one 催办单 of each channel's items of each day not yet carried by a message, each
    /// in its own transaction with the marking of its items. Returns the ids of the messages made.
    @discardableResult
    public func compose(board: BoardLink?) throws(RobotError) -> [String] {
        let groups = try read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT channel, recipient, day FROM robot_item WHERE note_id IS NULL ORDER BY day, channel")
                .map { (channel: $0["channel"] as String, recipient: $0["recipient"] as String, day: $0["day"] as String) }
        }
        var made: [String] = []
        for group in groups {
            guard let vendor = RobotVendor(rawValue: String(group.channel.prefix { $0 != ":" })) else { continue }
            let now = clock().timeIntervalSince1970
            let id: String? = try write { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT event_key, kind, severity, line FROM robot_item WHERE note_id IS NULL AND channel = ? AND day = ?
                    """, arguments: [group.channel, group.day])
                guard !rows.isEmpty else { return nil }
                let items = rows.map { NoteItem(eventKey: $0["event_key"], kind: $0["kind"], severity: $0["severity"], line: $0["line"]) }
                let serial = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM robot_note WHERE channel = ? AND day = ? AND kind = 'urge'",
                                              arguments: [group.channel, group.day]) ?? 0
                let id = Self.noteID(channel: group.channel, day: group.day, serial: String(serial + 1))
                let note = RobotNote.urge(recipient: group.recipient, day: group.day, items: items, noteID: id,
                                          board: board, fits: RobotPayload.fits(vendor))
                try db.execute(sql: """
                    INSERT INTO robot_note (note_id, channel, day, kind, note, items, composed_at, next_attempt_at, state)
                    VALUES (?, ?, ?, 'urge', ?, ?, ?, ?, 'queued')
                    """, arguments: [id, group.channel, group.day, Self.encode(note), items.count, now, now])
                try db.execute(sql: "UPDATE robot_item SET note_id = ? WHERE note_id IS NULL AND channel = ? AND day = ?",
                               arguments: [id, group.channel, group.day])
                return id
            }
            if let id { made.append(id) }
        }
        return made
    }

    /// `wecom:区财政局`, day, serial → 12 hex digits: stable, and free of ledger text.
    static func noteID(channel: String, day: String, serial: String) -> String {
        let digest = SHA256.hash(data: Data("\(channel)\n\(day)\n\(serial)".utf8))
        return digest.prefix(6).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    static func encode(_ note: RobotNote) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(note)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    // MARK: - Queue

    /// A message waiting, as its row has it.
    public struct Pending: Sendable, Hashable {
        public var noteID: String
        public var channel: String
        public var note: RobotNote
        public var items: Int
        public var composedAt: Date
        public var attempts: Int
        public var nextAttemptAt: Date
    }

    /// The messages queued, oldest first.
    public func queued() throws(RobotError) -> [Pending] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM robot_note WHERE state = 'queued' ORDER BY composed_at, note_id").compactMap { row in
                guard let note = Self.note(of: row) else { return nil }
                return Pending(noteID: row["note_id"], channel: row["channel"], note: note, items: row["items"],
                               composedAt: Date(timeIntervalSince1970: row["composed_at"]), attempts: row["attempts"],
                               nextAttemptAt: Date(timeIntervalSince1970: row["next_attempt_at"]))
            }
        }
    }

    /// The message a `robot_note` row holds, as composed; nil if its JSON cannot be read.
    private static func note(of row: Row) -> RobotNote? {
        let text: String = row["note"]
        return try? JSONDecoder().decode(RobotNote.self, from: Data(text.utf8))
    }

    /// When `channel` last sent, within the last minute (for ``RateWindow``).
    public func recentSends(channel: String, now: Date) throws(RobotError) -> [Date] {
        try read { db in
            try Double.fetchAll(db, sql: "SELECT sent_at FROM robot_note WHERE channel = ? AND sent_at > ?",
                                arguments: [channel, now.timeIntervalSince1970 - 60]).map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Records an accepted message: never sent again.
    public func recordSent(_ pending: Pending, code: String) throws(RobotError) {
        let now = clock().timeIntervalSince1970
        try write { db in
            try db.execute(sql: """
                UPDATE robot_note SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_code = ?, last_error = NULL
                WHERE note_id = ?
                """, arguments: [now, code, pending.noteID])
        }
    }

    /// Records a failed attempt: queued again after the backoff (at least ``rateLimitPause``
    /// after a rate-limit reply), or given up (true) once the message is older than the
    /// give-up age, or at once when `final`.
    @discardableResult
    public func recordFailure(_ pending: Pending, code: String, reason: String, rateLimited: Bool, final: Bool,
                              giveUpAfter: Duration? = nil) throws(RobotError) -> Bool {
        let now = clock()
        let age = giveUpAfter ?? retry.giveUpAfter
        let (seconds, atto) = age.components
        let giveUp = final || now.timeIntervalSince(pending.composedAt) >= Double(seconds) + Double(atto) / 1e18
        let (ds, da) = retry.delay(afterFailedAttempt: pending.attempts + 1).components
        var delay = Double(ds) + Double(da) / 1e18
        if rateLimited { delay = max(delay, Self.rateLimitPause) }
        try write { db in
            try db.execute(sql: """
                UPDATE robot_note SET state = ?, attempts = attempts + 1, last_code = ?, last_error = ?, next_attempt_at = ?
                WHERE note_id = ?
                """, arguments: [giveUp ? "failed" : "queued", code, reason, now.timeIntervalSince1970 + delay, pending.noteID])
        }
        return giveUp
    }

    /// A message of the outbox as `xianqi robots` lists it.
    public struct Listed: Sendable, Hashable {
        public var noteID: String
        public var channel: String
        public var day: String
        public var kind: String
        public var state: String
        public var title: String
        public var items: Int
        public var composedAt: Date
        public var attempts: Int
        public var nextAttemptAt: Date?
        public var sentAt: Date?
        public var lastCode: String?
        public var lastError: String?
    }

    /// The messages of the outbox in `states` (queued, sent, failed), newest first, at most
    /// `limit`, and how many events wait for a message (composed on the daemon's next pass).
    /// Read-only: a database with no outbox yet (no robot ever configured) lists nothing.
    public static func listing(in database: any DatabaseReader, states: Set<String>, limit: Int) throws(RobotError)
        -> (messages: [Listed], unassigned: Int) {
        do {
            return try database.read { db in
                guard try db.tableExists("robot_note") else { return ([], 0) }
                let marks = states.sorted().map { _ in "?" }.joined(separator: ", ")
                let rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM robot_note WHERE state IN (\(marks)) ORDER BY composed_at DESC, note_id LIMIT ?
                    """, arguments: StatementArguments(states.sorted().map(\.databaseValue) + [limit.databaseValue]))
                let messages = rows.map { row -> Listed in
                    let title = Self.note(of: row)?.title ?? ""
                    let state: String = row["state"]
                    let next: Double = row["next_attempt_at"]
                    let sent: Double? = row["sent_at"]
                    return Listed(noteID: row["note_id"], channel: row["channel"], day: row["day"], kind: row["kind"],
                                  state: state, title: title, items: row["items"],
                                  composedAt: Date(timeIntervalSince1970: row["composed_at"]), attempts: row["attempts"],
                                  nextAttemptAt: state == "queued" ? Date(timeIntervalSince1970: next) : nil,
                                  sentAt: sent.map(Date.init(timeIntervalSince1970:)), lastCode: row["last_code"],
                                  lastError: row["last_error"])
                }
                let unassigned = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM robot_item WHERE note_id IS NULL") ?? 0
                return (messages, unassigned)
            }
        } catch {
            throw .database("\(error)")
        }
    }

    /// Counts of the outbox by state, for `xianqi` status and the tests.
    public func counts() throws(RobotError) -> (queued: Int, sent: Int, failed: Int, unassigned: Int) {
        try read { db in
            let q = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM robot_note WHERE state = 'queued'") ?? 0
            let s = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM robot_note WHERE state = 'sent'") ?? 0
            let f = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM robot_note WHERE state = 'failed'") ?? 0
            let u = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM robot_item WHERE note_id IS NULL") ?? 0
            return (q, s, f, u)
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(RobotError) -> T {
        do { return try database.read(body) } catch { throw .database("\(error)") }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(RobotError) -> T {
        do { return try database.write(body) } catch { throw .database("\(error)") }
    }
}
