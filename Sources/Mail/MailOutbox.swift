public import Foundation
public import GRDB

/// The outbox in front of the mail queue: a day's events, by recipient, made into one
/// message (a 催办单) instead of one message per event.
///
/// Two tables beside the queue's, in the same database (migration `mail.v2`):
/// - `mail_item`: one row per event (its key the primary key), written by ``enqueue(_:)``
///   before the daemon claims the event: a second enqueue is a no-op, and an event claimed is
///   always in the outbox;
/// - `mail_batch`: one row per message, made by ``flush(compose:options:)`` in the same
///   transaction that marks its items as carried by it, holding the rendered message until it
///   is spooled.
///
/// Guarantees, for a crash at any point:
/// - an item is carried by exactly one message (its `batch_key`, set once, in the transaction
///   that made the message): a crash before the commit leaves it for the next flush;
/// - a message made is spooled exactly once: the queue's enqueue is idempotent by the
///   message's key, and `spooled_at` is set only after it returned;
/// - from the spool on, the queue's guarantees hold (docs/mail.md).
///
/// A group is the recipients' addresses (To and Cc, as a set) and the day: a unit's events
/// of a day, and its escalations (copied to the leader) as a second group. Items that come
/// after the day's message was made go into a second message of that day.
///
///     let outbox = MailOutbox(queue: queue)
///     try outbox.enqueue(notice.mailItem)
///     try outbox.flush(compose: { batch in UrgeMail.message(batch, from: sender, date: now) })
public struct MailOutbox: Sendable {
    public let queue: MailQueue
    private let clock: @Sendable () -> Date

    /// The outbox of `queue`, in its database (which has the mail migrations).
    public init(queue: MailQueue, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.queue = queue
        self.clock = clock
    }

    /// One event as the outbox keeps it: who gets it, how bad it is, and its text both as a
    /// message of its own (when it is the only one of its group) and as a part of a 催办单.
    public struct Item: Sendable, Hashable, Codable {
        /// The event's key (`GX-20|overdue|2024-12-31|14`).
        public var eventKey: String
        /// The day the event goes out, `YYYY-MM-DD`: one message per group and day.
        public var day: String
        /// `overdue`, `escalation`, `due`, `reminder`, `report`.
        public var kind: String
        /// Larger is worse: a 催办单 lists the worst first.
        public var severity: Int
        /// The owner unit, as the message greets it.
        public var unit: String
        /// Valid addresses only (at least one in `to` or `cc`).
        public var to: [String]
        public var cc: [String]
        /// The message of this event alone.
        public var subject: String
        public var body: String
        /// The event as one line of a list: `【逾期提醒】GX-20「确定监理单位」已逾期 21 天`.
        public var line: String
        /// The facts of the measure (编号, 存在问题, 完成时限 …), one per line, as a 催办单 details an item.
        public var facts: [String]
        /// `X-Xianqi-*` headers of the message of this event alone.
        public var headers: [ExtraHeader]

        public init(eventKey: String, day: String, kind: String, severity: Int, unit: String, to: [String], cc: [String],
                    subject: String, body: String, line: String, facts: [String], headers: [ExtraHeader] = []) {
            self.eventKey = eventKey
            self.day = day
            self.kind = kind
            self.severity = severity
            self.unit = unit
            self.to = to
            self.cc = cc
            self.subject = subject
            self.body = body
            self.line = line
            self.facts = facts
            self.headers = headers
        }

        /// The recipients as a set, written once: `to,to|cc,cc`, each side sorted and lower-cased.
        public var group: String {
            let side = { (a: [String]) in Set(a.map { $0.lowercased() }).sorted().joined(separator: ",") }
            return side(to) + "|" + side(cc)
        }
    }

    /// A message to make: one group's items of one day not yet carried, worst first (at most
    /// ``MailOutbox/maximumItems``).
    public struct Batch: Sendable, Hashable {
        /// The message's event key (its Message-ID is derived from it): the event's own key when
        /// the batch is one item (the same message as one event sent alone), else
        /// `urge/<day>/<16 hex digits of the recipients and the event keys it carries>`: the same
        /// events make the same key, other events another.
        public var key: String
        public var day: String
        /// The n-th message of this group and day, from 1.
        public var serial: Int
        public var items: [Item]

        public init(key: String, day: String, serial: Int, items: [Item]) {
            self.key = key
            self.day = day
            self.serial = serial
            self.items = items
        }
    }

    /// What ``flush(compose:options:)`` did.
    public struct FlushReport: Sendable, Hashable {
        /// Messages made, and the items they carry.
        public var composed = 0
        public var items = 0
        /// Messages handed to the queue (made now, or made before a crash and not yet spooled).
        public var spooled = 0

        public init() {}
    }

    /// The most events one message carries: a recipient with more on one day gets several
    /// messages. Keeps the header that lists them (``keyList(_:)``, about 40 bytes an event)
    /// well under the 100 KB that Postfix keeps of a header by default.
    public static let maximumItems = 1_000

    /// Event keys as one header value: each key's bytes outside `!`…`~`, and `%`, as `%XX`,
    /// the keys separated by spaces (where the header folds).
    public static func keyList(_ keys: [String]) -> String {
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        return keys.map { key in
            var out = ""
            for byte in key.utf8 {
                if byte > 0x20, byte < 0x7F, byte != 0x25 {
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    out.unicodeScalars.append(contentsOf: ["%", hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                }
            }
            return out
        }.joined(separator: " ")
    }

    /// The keys of a ``keyList(_:)`` value, read back.
    public static func keys(ofList value: String) -> [String] {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { token in
            var bytes: [UInt8] = []
            var utf8 = Array(token.utf8)[...]
            while let byte = utf8.popFirst() {
                if byte == 0x25, utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                    bytes.append(value)
                    utf8 = utf8.dropFirst(2)
                } else {
                    bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    // MARK: - Enqueueing

    /// Puts an event in the outbox, once: true when it was new.
    @discardableResult
    public func enqueue(_ item: Item) throws(MailError) -> Bool {
        let json = try Self.encode(item)
        let now = clock().timeIntervalSince1970
        return try write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO mail_item (event_key, recipients, day, severity, item, enqueued_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [item.eventKey, item.group, item.day, item.severity, json, now])
            return db.changesCount > 0
        }
    }

    // MARK: - Making and spooling

    /// Makes one message of each group's items of each day not yet carried (each in its own
    /// transaction with the marking of its items), then spools every message made and not yet
    /// spooled. `compose` returns the message of a batch; a batch it gives none for, or whose
    /// message cannot be rendered (a bad sender address), is left waiting, not marked, and
    /// named in the error thrown once the other batches are made and spooled.
    @discardableResult
    public func flush(compose: (Batch) -> OutgoingMessage?, options: RenderOptions = RenderOptions()) throws(MailError) -> FlushReport {
        var report = FlushReport()
        let groups = try read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT recipients, day FROM mail_item WHERE batch_key IS NULL ORDER BY day, recipients")
                .map { (recipients: $0["recipients"] as String, day: $0["day"] as String) }
        }
        var unsent: [String] = []
        for group in groups {
            let now = clock().timeIntervalSince1970
            // A day's events of one recipient, worst first, in messages of at most maximumItems.
            var more = true
            while more {
                let made: Int? = try write { (db: Database) -> Int? in
                    let waiting = try String.fetchAll(db, sql: """
                        SELECT item FROM mail_item WHERE batch_key IS NULL AND recipients = ? AND day = ?
                        """, arguments: [group.recipients, group.day]).compactMap(Self.decode)
                        .sorted { ($0.severity, $1.eventKey) > ($1.severity, $0.eventKey) }
                    guard !waiting.isEmpty else { return nil }
                    let items = Array(waiting.prefix(Self.maximumItems))
                    more = waiting.count > items.count
                    let serial = (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mail_batch WHERE recipients = ? AND day = ?",
                                                   arguments: [group.recipients, group.day]) ?? 0) + 1
                    // Named by what it carries: two hosts that each made a message of the day for
                    // the same recipients (a failover's crash window) never share a Message-ID
                    // for messages that differ.
                    let carried = ([group.recipients] + items.map(\.eventKey).sorted()).joined(separator: "\n")
                    let key = items.count == 1 ? items[0].eventKey
                        : "urge/\(group.day)/\(String(SHA256.hex(Array(carried.utf8)).prefix(16)))"
                    let batch = Batch(key: key, day: group.day, serial: serial, items: items)
                    let rendered: RenderedMessage
                    do {
                        guard var message = compose(batch) else { throw MailError.noRecipients }
                        message.eventKey = key
                        // The events it carries, for `xianqi state rebuild` (the spool is all it reads).
                        if items.count > 1 { message.extraHeaders.append(.xianqi("Events", Self.keyList(items.map(\.eventKey)))) }
                        rendered = try message.render(options: options)
                    } catch {
                        // Left waiting, not marked: retried on the next flush (a bad sender fixed).
                        unsent.append("\(items.count) 项 (events) \(group.recipients) \(group.day): \(error)")
                        more = false
                        return nil
                    }
                    try db.execute(sql: """
                        INSERT INTO mail_batch (batch_key, recipients, day, serial, items, composed_at, message_id, subject,
                                                envelope, bytes, spooled_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                        """, arguments: [key, group.recipients, group.day, serial, items.count, now, rendered.messageID,
                                         rendered.subject, rendered.recipients.joined(separator: ","), Data(rendered.bytes)])
                    for item in items {
                        try db.execute(sql: "UPDATE mail_item SET batch_key = ? WHERE event_key = ? AND batch_key IS NULL",
                                       arguments: [key, item.eventKey])
                    }
                    return items.count
                }
                if let made {
                    report.composed += 1
                    report.items += made
                } else {
                    more = false
                }
            }
        }
        report.spooled = try spoolMade()
        if !unsent.isEmpty { throw .database("催办单未能生成 (messages could not be made): \(unsent.joined(separator: "; "))") }
        return report
    }

    /// Hands every message made and not yet spooled to the queue (idempotent by its key), then
    /// marks it spooled and drops its bytes (the spool file holds them now).
    private func spoolMade() throws(MailError) -> Int {
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT batch_key, message_id, subject, envelope, bytes FROM mail_batch
                WHERE spooled_at IS NULL AND bytes IS NOT NULL ORDER BY composed_at, batch_key
                """)
        }
        var spooled = 0
        for row in rows {
            let bytes: Data = row["bytes"]
            let envelope: String = row["envelope"]
            let message = RenderedMessage(messageID: row["message_id"], eventKey: row["batch_key"], subject: row["subject"],
                                          recipients: envelope.split(separator: ",").map(String.init), bytes: Array(bytes))
            try queue.enqueue(message)
            let key: String = row["batch_key"]
            let now = clock().timeIntervalSince1970
            try write { db in
                try db.execute(sql: "UPDATE mail_batch SET spooled_at = ?, bytes = NULL WHERE batch_key = ?", arguments: [now, key])
            }
            spooled += 1
        }
        return spooled
    }

    // MARK: - Reading

    /// Counts for `xianqi mailq` and the tests: events waiting for a message, messages made and
    /// not yet spooled, messages spooled, and the events they carry.
    public func counts() throws(MailError) -> (waiting: Int, unspooled: Int, batches: Int, carried: Int) {
        try read { db in try Self.counts(db) }
    }

    /// ``counts()`` in a database read by someone else (`xianqi mailq`); zeros before the outbox exists.
    public static func counts(in reader: any DatabaseReader) throws(MailError) -> (waiting: Int, unspooled: Int, batches: Int, carried: Int) {
        do { return try reader.read { db in try counts(db) } } catch { throw .database("\(error)") }
    }

    static func counts(_ db: Database) throws -> (waiting: Int, unspooled: Int, batches: Int, carried: Int) {
        guard try db.tableExists("mail_item") else { return (0, 0, 0, 0) }
        let waiting = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mail_item WHERE batch_key IS NULL") ?? 0
        let unspooled = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mail_batch WHERE spooled_at IS NULL AND bytes IS NOT NULL") ?? 0
        let batches = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mail_batch WHERE spooled_at IS NOT NULL") ?? 0
        let carried = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mail_item WHERE batch_key IS NOT NULL") ?? 0
        return (waiting, unspooled, batches, carried)
    }

    /// The message key carrying each event (nil: not yet made into a message), by event key.
    public func carriers(of eventKeys: [String]) throws(MailError) -> [String: String?] {
        try read { db in
            var result: [String: String?] = [:]
            for key in eventKeys {
                if let row = try Row.fetchOne(db, sql: "SELECT batch_key FROM mail_item WHERE event_key = ?", arguments: [key]) {
                    result[key] = row["batch_key"] as String?
                }
            }
            return result
        }
    }

    // MARK: - Schema

    /// The outbox's tables (``MailDeliveryLog/registerMigrations(in:)`` registers them as `mail.v2`).
    static func createTables(_ db: Database) throws {
        try db.create(table: "mail_batch") { t in
            t.primaryKey("batch_key", .text)
            t.column("recipients", .text).notNull()
            t.column("day", .text).notNull()
            t.column("serial", .integer).notNull()
            t.column("items", .integer).notNull()
            t.column("composed_at", .double).notNull()
            t.column("message_id", .text).notNull()
            t.column("subject", .text).notNull()
            t.column("envelope", .text).notNull()
            t.column("bytes", .blob)
            t.column("spooled_at", .double)
        }
        try db.create(index: "mail_batch_group", on: "mail_batch", columns: ["recipients", "day"])
        try db.create(table: "mail_item") { t in
            t.primaryKey("event_key", .text)
            t.column("recipients", .text).notNull()
            t.column("day", .text).notNull()
            t.column("severity", .integer).notNull()
            t.column("item", .text).notNull()
            t.column("enqueued_at", .double).notNull()
            t.column("batch_key", .text).references("mail_batch")
        }
        try db.create(index: "mail_item_open", on: "mail_item", columns: ["batch_key", "recipients", "day"])
    }

    static func encode(_ item: Item) throws(MailError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return String(decoding: try encoder.encode(item), as: UTF8.self)
        } catch {
            throw .database("encoding \(item.eventKey): \(error)")
        }
    }

    static func decode(_ text: String) -> Item? {
        try? JSONDecoder().decode(Item.self, from: Data(text.utf8))
    }

    private func read<T>(_ body: (Database) throws -> T) throws(MailError) -> T {
        do { return try queue.database.read(body) } catch { throw .database("\(error)") }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(MailError) -> T {
        do { return try queue.database.write(body) } catch { throw .database("\(error)") }
    }
}
