public import Foundation
public import GRDB

/// The mail tables in the shared state database, and their migrations.
///
/// The queue's two tables, both keyed by Message-ID (and the outbox's two, ``MailOutbox``):
/// - `mail_queue`: one row per message ever enqueued (what makes ``MailQueue/enqueue(_:)``
///   idempotent), with its attempt count, next attempt time and last error;
/// - `mail_delivery`: the delivery log, one row per message sendmail accepted, written
///   *before* the spool file leaves `cur/`.
///
/// The migrations are named `mail.*`. GRDB 7.10 lets several `DatabaseMigrator`s share
/// one database as long as their identifiers differ: each records its identifiers in the
/// shared `grdb_migrations` table and ignores the others' (see docs/mail.md). So either
/// call ``migrate(_:)`` with the daemon's writer, or compose with
/// ``registerMigrations(in:)`` into the database owner's migrator.
public enum MailDeliveryLog {
    /// The identifiers this module registers, in order.
    public static let migrationIdentifiers = ["mail.v1", "mail.v2"]

    /// Adds the mail migrations to a migrator the database's owner runs.
    ///
    ///     var migrator = DatabaseMigrator()
    ///     MailDeliveryLog.registerMigrations(in: &migrator)
    ///     ScheduleStore.registerMigrations(in: &migrator)
    ///     try migrator.migrate(dbPool)
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("mail.v1") { db in
            try db.create(table: QueueEntry.databaseTableName) { t in
                t.primaryKey("message_id", .text)
                t.column("event_key", .text).notNull()
                t.column("file_name", .text).notNull().unique()
                t.column("subject", .text).notNull()
                t.column("recipients", .text).notNull()
                t.column("enqueued_at", .double).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("last_attempt_at", .double)
                t.column("next_attempt_at", .double).notNull()
                t.column("last_error", .text)
                t.column("state", .text).notNull()
            }
            try db.create(table: DeliveryLogEntry.databaseTableName) { t in
                t.primaryKey("message_id", .text)
                t.column("file_name", .text).notNull()
                t.column("delivered_at", .double).notNull()
                t.column("attempts", .integer).notNull()
                t.column("recipients", .text).notNull()
                t.column("command", .text).notNull()
            }
        }
        // The outbox that makes a day's events into one message per recipient (MailOutbox).
        migrator.registerMigration("mail.v2") { db in
            try MailOutbox.createTables(db)
        }
    }

    /// Runs the mail migrations on their own migrator. Safe beside other modules' migrators
    /// on the same database, as long as none of them sets `eraseDatabaseOnSchemaChange`.
    ///
    /// Safe when several processes create a fresh database at once: the migrator reads what
    /// was applied before it takes the write lock, so the one that waited fails on a table
    /// another just made ("table mail_queue already exists"). It then finds the migrations
    /// complete, or runs them again, now seeing what is applied.
    public static func migrate(_ writer: any DatabaseWriter) throws(MailError) {
        var migrator = DatabaseMigrator()
        registerMigrations(in: &migrator)
        // Each migration is its own transaction: another process may apply the next one between
        // two of ours. So once per migration at most, each try reading afresh what is applied.
        var attempts = 0
        while true {
            do {
                try migrator.migrate(writer)
                return
            } catch {
                attempts += 1
                if (try? writer.read({ try migrator.hasCompletedMigrations($0) })) == true { return }
                if attempts > migrationIdentifiers.count {
                    throw .database("migrating \(migrationIdentifiers.joined(separator: ", ")): \(error)")
                }
            }
        }
    }

    /// Whether the mail tables exist (a database another program created may lack them).
    public static func isMigrated(_ db: Database) throws -> Bool {
        try db.tableExists(QueueEntry.databaseTableName) && db.tableExists(DeliveryLogEntry.databaseTableName)
    }
}

/// A row of `mail_queue`: one message ever enqueued.
public struct QueueEntry: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    /// Where the message stands.
    public enum State: String, Codable, Sendable, Hashable {
        /// In `new/` or `cur/`, to be delivered.
        case queued
        /// Accepted by sendmail; also in `mail_delivery`.
        case delivered
        /// Given up on, in `failed/`.
        case failed
    }

    public static let databaseTableName = "mail_queue"
    /// Times are stored as seconds since 1970, exactly: GRDB's default text format keeps
    /// milliseconds only, so a time read back could fall after the one written.
    public static let databaseDateEncodingStrategy = DatabaseDateEncodingStrategy.timeIntervalSince1970
    public static let databaseDateDecodingStrategy = DatabaseDateDecodingStrategy.timeIntervalSince1970

    public var messageID: String
    public var eventKey: String
    /// The spool file name (the same in every folder).
    public var fileName: String
    /// The subject, as written before encoding.
    public var subject: String
    /// The To and Cc addresses, comma-separated.
    public var recipients: String
    public var enqueuedAt: Date
    /// Delivery attempts so far, successful or not.
    public var attempts: Int
    public var lastAttemptAt: Date?
    /// When the next attempt is due; the enqueue time until the first failure.
    public var nextAttemptAt: Date
    /// What sendmail said (or why it did not run) on the last failed attempt.
    public var lastError: String?
    public var state: State

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id", eventKey = "event_key", fileName = "file_name", subject, recipients
        case enqueuedAt = "enqueued_at", attempts, lastAttemptAt = "last_attempt_at"
        case nextAttemptAt = "next_attempt_at", lastError = "last_error", state
    }
}

/// A row of `mail_delivery`, the delivery log: a message sendmail accepted.
public struct DeliveryLogEntry: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "mail_delivery"
    public static let databaseDateEncodingStrategy = DatabaseDateEncodingStrategy.timeIntervalSince1970
    public static let databaseDateDecodingStrategy = DatabaseDateDecodingStrategy.timeIntervalSince1970

    public var messageID: String
    public var fileName: String
    public var deliveredAt: Date
    /// Attempts it took, this one included.
    public var attempts: Int
    public var recipients: String
    /// The sendmail command line that accepted it.
    public var command: String

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id", fileName = "file_name", deliveredAt = "delivered_at"
        case attempts, recipients, command
    }
}
