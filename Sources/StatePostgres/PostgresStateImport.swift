import ChineseDates
import Foundation
import PostgresNIO
public import Schedule

/// What `xianqi state migrate` copies from a host's SQLite state: the sent log, the audit
/// trail, the runs and the mail delivery log, as plain values (the CLI reads them through
/// `StateStore` and `MailQueue`; this module knows neither GRDB nor the mail queue).
public struct StateSnapshot: Sendable {
    public var sent: [SentRecord]
    public var trail: [OverrideEntry]
    public var runs: [RunRecord]
    public var deliveries: [DeliveredMessage]
    /// Where it comes from, kept with each delivery (`host:/var/lib/xianqi`).
    public var source: String

    public init(sent: [SentRecord], trail: [OverrideEntry], runs: [RunRecord], deliveries: [DeliveredMessage], source: String) {
        self.sent = sent
        self.trail = trail
        self.runs = runs
        self.deliveries = deliveries
        self.source = source
    }
}

/// A message the MTA accepted, as the mail delivery log keeps it.
public struct DeliveredMessage: Sendable, Hashable {
    public var messageID: String
    public var fileName: String
    public var deliveredAt: Date
    public var attempts: Int
    public var recipients: String
    public var command: String

    public init(messageID: String, fileName: String, deliveredAt: Date, attempts: Int, recipients: String, command: String) {
        self.messageID = messageID
        self.fileName = fileName
        self.deliveredAt = deliveredAt
        self.attempts = attempts
        self.recipients = recipients
        self.command = command
    }
}

/// How many rows of each table were copied, and how many the server holds of the snapshot's
/// after the copy (all of them, or the import failed).
public struct StateImportReport: Sendable, Hashable {
    public struct Counts: Sendable, Hashable {
        public var sent = 0, trail = 0, runs = 0, deliveries = 0
        public var total: Int { sent + trail + runs + deliveries }
    }

    /// Rows in the snapshot.
    public var source = Counts()
    /// Rows inserted by this run (none on a second run).
    public var copied = Counts()
    /// Rows of the snapshot found on the server afterwards.
    public var verified = Counts()

    public var isComplete: Bool { verified == source }
}

extension PostgresStateStore {
    /// Copies `snapshot` in one transaction: every row the server does not hold yet (a sent
    /// key by its key; an override, a run, a delivery by all its values), so that a second run
    /// copies nothing; then counts what the server holds of the snapshot.
    ///
    /// Overrides keep their order (they are appended in the SQLite sequence) but get the
    /// server's sequence numbers. Refused, copying nothing, when the server's trail already
    /// holds overrides that are not in the snapshot: appending older entries after newer ones
    /// would change which holds (docs/state.md), so the move must come before the hosts
    /// record on the server.
    public func importState(_ snapshot: StateSnapshot) throws(StateError) -> StateImportReport {
        var report = StateImportReport()
        report.source = .init(sent: snapshot.sent.count, trail: snapshot.trail.count, runs: snapshot.runs.count,
                              deliveries: snapshot.deliveries.count)
        let existing = try trail()
        let ours = Set(snapshot.trail.map(Self.identity))
        let foreign = existing.filter { !ours.contains(Self.identity($0)) }
        if !foreign.isEmpty {
            throw StateError.database(path: path, detail: """
                服务器上的审计记录已有 \(foreign.count) 条不在该 SQLite 状态中 (the server's trail already holds \(foreign.count) \
                entries that are not in this SQLite state, the first #\(foreign[0].sequence) \(foreign[0].itemKey) by \(foreign[0].by)): \
                迁移应在各主机改用 PostgreSQL 之前进行，未复制任何内容 (migrate before the hosts record on PostgreSQL; nothing was copied)
                """)
        }
        let present = Set(existing.map(Self.identity))
        report.copied = try session.transaction { runner in
            var copied = StateImportReport.Counts()
            for row in snapshot.sent {
                guard let scheduled = InstantText.parse(row.scheduledFor), let claimed = InstantText.parse(row.claimedAt) else {
                    throw StateError.corrupted(path: snapshot.source, detail: "sent 表中时间无法读取 (unreadable instant in table sent): \(row.key)")
                }
                let inserted = try runner.query("""
                    INSERT INTO sent (key, item, measure_id, kind, due, day, scheduled_for, claimed_at, roles, epoch)
                    VALUES (\(row.key), \(row.item), \(row.measureID), \(row.kind), \(row.due)::date, \(row.day)::date,
                            (timestamptz 'epoch' + \(Self.millis(scheduled))::float8 * interval '1 millisecond'),
                            (timestamptz 'epoch' + \(Self.millis(claimed))::float8 * interval '1 millisecond'), \(row.roles), NULL)
                    ON CONFLICT (key) DO NOTHING RETURNING 1
                    """)
                copied.sent += Array(inserted).count
            }
            for entry in snapshot.trail where !present.contains(Self.identity(entry)) {
                let newDue: String? = if case .extended(let to) = entry.action { to.description } else { nil }
                try runner.query("""
                    INSERT INTO override (item, measure_id, action, new_due, previous_due, "by", at, as_of, note, fingerprint)
                    VALUES (\(entry.itemKey), \(entry.measureID), \(entry.action.name), \(newDue)::date,
                            \(entry.previousDue?.description)::date, \(entry.by),
                            (timestamptz 'epoch' + \(Self.millis(entry.at))::float8 * interval '1 millisecond'),
                            \(entry.asOf.description)::date, \(entry.note), \(entry.fingerprint))
                    """)
                copied.trail += 1
            }
            for run in snapshot.runs {
                let inserted = try runner.query("""
                    INSERT INTO run (command, as_of, at)
                    SELECT \(run.command), \(run.asOf.description)::date, (timestamptz 'epoch' + \(Self.millis(run.at))::float8 * interval '1 millisecond')
                    WHERE NOT EXISTS (SELECT 1 FROM run WHERE command = \(run.command) AND as_of = \(run.asOf.description)::date
                                      AND at = (timestamptz 'epoch' + \(Self.millis(run.at))::float8 * interval '1 millisecond'))
                    RETURNING 1
                    """)
                copied.runs += Array(inserted).count
            }
            for delivery in snapshot.deliveries {
                let inserted = try runner.query("""
                    INSERT INTO mail_delivery (message_id, file_name, delivered_at, attempts, recipients, command, host)
                    VALUES (\(delivery.messageID), \(delivery.fileName),
                            (timestamptz 'epoch' + \(Self.millis(delivery.deliveredAt))::float8 * interval '1 millisecond'),
                            \(delivery.attempts), \(delivery.recipients), \(delivery.command), \(snapshot.source))
                    ON CONFLICT (message_id) DO NOTHING RETURNING 1
                    """)
                copied.deliveries += Array(inserted).count
            }
            return copied
        }
        report.verified = try verify(snapshot)
        return report
    }

    /// How many rows of the snapshot the server holds.
    private func verify(_ snapshot: StateSnapshot) throws(StateError) -> StateImportReport.Counts {
        var counts = StateImportReport.Counts()
        counts.sent = try claimed(among: snapshot.sent.map(\.key)).count
        let onServer = Set(try trail().map(Self.identity))
        counts.trail = snapshot.trail.count { onServer.contains(Self.identity($0)) }
        let runs = try session.with { runner in
            try runner.query("SELECT command, to_char(as_of, 'YYYY-MM-DD'), \(unescaped: Self.millisSQL("at")) FROM run")
                .map { try $0.decode((String, String, Int64).self) }
        }
        let runKeys = Set(runs.map { "\($0.0)|\($0.1)|\($0.2)" })
        counts.runs = snapshot.runs.count { runKeys.contains("\($0.command)|\($0.asOf)|\(Self.millis($0.at))") }
        let ids = snapshot.deliveries.map(\.messageID)
        counts.deliveries = ids.isEmpty ? 0 : try session.with { runner in
            try runner.query("SELECT count(*) FROM mail_delivery WHERE message_id = ANY(\(ids))").first?.decode(Int.self) ?? 0
        }
        return counts
    }

    /// An override by its values (not its sequence, which each store numbers itself).
    static func identity(_ entry: OverrideEntry) -> String {
        let newDue: String = if case .extended(let to) = entry.action { to.description } else { "" }
        return [entry.itemKey, entry.measureID, entry.action.name, newDue, entry.previousDue?.description ?? "", entry.by,
                String(millis(entry.at)), entry.asOf.description, entry.note ?? "\u{0}", entry.fingerprint].joined(separator: "\u{1F}")
    }

    /// The deliveries the server holds (copied from hosts' SQLite states), oldest first.
    public func deliveries() throws(StateError) -> [DeliveredMessage] {
        try session.with { runner in
            try runner.query("""
                SELECT message_id, file_name, \(unescaped: Self.millisSQL("delivered_at")), attempts, recipients, command
                FROM mail_delivery ORDER BY delivered_at, message_id
                """).map { row in
                let (id, file, at, attempts, recipients, command) = try row.decode((String, String, Int64, Int, String, String).self)
                return DeliveredMessage(messageID: id, fileName: file, deliveredAt: Self.instant(millis: at), attempts: attempts,
                                        recipients: recipients, command: command)
            }
        }
    }
}
