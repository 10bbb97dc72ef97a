import ChineseDates
import Foundation
import Logging
import PostgresNIO
import Schedule

/// xianqi's durable state on a PostgreSQL server, shared by two or more daemons of which one
/// leads (docs/ha.md): the same sent log, audit trail and runs as the SQLite
/// ``Schedule/StateStore`` (docs/state.md), behind the same ``Schedule/StateStoring``.
///
/// What it guarantees:
///
/// - `sent.key` is the primary key, so an event is claimed once whoever claims it;
/// - a claim is fenced by the leadership epoch: ``claim(_:at:epoch:)`` inserts only in the
///   statement that reads `leadership.epoch` (with a share lock on its row) and finds the
///   caller's, so a daemon that lost its leadership, paused past its lock and back, gets
///   ``Schedule/StateError/notLeader(path:epoch:current:)`` and sends nothing;
/// - the trail is append-only: triggers RAISE on UPDATE, DELETE and TRUNCATE of `override`;
/// - the schema is migrated under an advisory transaction lock, so any number of processes
///   may open a fresh database at once.
///
/// The store never reads the clock: every write takes the instant it records, kept to the
/// millisecond as the SQLite store keeps it. Calls block the calling thread (never call it
/// from a Swift concurrency task; ``Schedule/StateStoring`` says why).
///
///     let leadership = try PostgresLeadership(configuration: configuration, holder: "xianqi@db1")
///     let store = try PostgresStateStore(configuration: configuration, leadership: leadership)
///     if try leadership.tryAcquire() != nil, try store.claim(event, at: now) { send(event) }
public final class PostgresStateStore: StateStoring {
    public let configuration: PostgresStateConfiguration
    /// The leadership whose epoch ``claim(_:at:)`` claims under; nil for a store that only
    /// records overrides and reads (the commands).
    public let leadership: PostgresLeadership?
    let session: PostgresSession

    /// Connects and brings the schema up to date.
    ///
    /// - Throws: ``Schedule/StateError``: `.database` for a server that cannot be reached or
    ///   refuses the login, `.newerSchema` for migrations of a newer xianqi.
    public init(configuration: PostgresStateConfiguration, leadership: PostgresLeadership? = nil,
                logger: Logger = Logger(label: "xianqi.state.postgres")) throws(StateError) {
        self.configuration = configuration
        self.leadership = leadership
        self.session = try PostgresSession.migrated(configuration, logger: logger)
    }

    /// `postgresql://user@host:port/db`, without a password.
    public var path: String { configuration.redactedURL }

    /// The migrations recorded in `xianqi_migrations`, in the order they were applied.
    public func appliedMigrations() throws(StateError) -> [String] {
        try session.with { runner in
            try runner.query("SELECT name FROM xianqi_migrations ORDER BY applied_at, name").map { try $0.decode(String.self) }
        }
    }

    /// Closes the connection (a later call opens another).
    public func close() { session.close() }

    // MARK: Sent log

    /// Claims under the epoch ``leadership`` holds now; without one, or when it is not held,
    /// ``Schedule/StateError/notLeader(path:epoch:current:)``.
    @discardableResult
    public func claim(_ event: ReminderEvent, at instant: Date) throws(StateError) -> Bool {
        guard let epoch = leadership?.epoch else {
            throw .notLeader(path: path, epoch: nil, current: try? currentEpoch())
        }
        return try claim(event, at: instant, epoch: epoch)
    }

    /// Records that `event` is being sent, if `epoch` is still the leadership's: true the first
    /// time for its key, false when it was already claimed. One statement: the epoch check
    /// (a share lock on the leadership row, so that a takeover's increment waits for claims
    /// in flight, and a claim after it sees the new epoch) and `INSERT … ON CONFLICT (key) DO
    /// NOTHING`.
    ///
    /// - Throws: ``Schedule/StateError/notLeader(path:epoch:current:)`` when the epoch is stale:
    ///   another daemon took over, and nothing was recorded.
    @discardableResult
    public func claim(_ event: ReminderEvent, at instant: Date, epoch: Int64) throws(StateError) -> Bool {
        let roles = event.roles.map(\.rawValue).joined(separator: ",")
        let query: PostgresQuery = """
            WITH lead AS (SELECT epoch FROM leadership WHERE id = 1 FOR SHARE),
            ins AS (
                INSERT INTO sent (key, item, measure_id, kind, due, day, scheduled_for, claimed_at, roles, epoch)
                SELECT \(event.key), \(event.item.key), \(event.item.measureID), \(event.kind.name),
                       \(event.due.description)::date, \(event.day.description)::date,
                       (timestamptz 'epoch' + \(Self.millis(event.instant))::float8 * interval '1 millisecond'), (timestamptz 'epoch' + \(Self.millis(instant))::float8 * interval '1 millisecond'), \(roles), lead.epoch
                FROM lead WHERE lead.epoch = \(epoch)
                ON CONFLICT (key) DO NOTHING
                RETURNING 1
            )
            SELECT (SELECT epoch FROM lead), (SELECT count(*) FROM ins)
            """
        let (current, inserted) = try session.with { runner in
            guard let row = try runner.query(query).first else { return (Int64?.none, Int64(0)) }
            return try row.decode((Int64?, Int64).self)
        }
        guard current == epoch else { throw .notLeader(path: path, epoch: epoch, current: current) }
        return inserted == 1
    }

    /// Whether an event with this key was claimed.
    public func isClaimed(_ key: String) throws(StateError) -> Bool {
        try session.with { runner in
            try runner.query("SELECT EXISTS (SELECT 1 FROM sent WHERE key = \(key))").first?.decode(Bool.self) ?? false
        }
    }

    /// Which of these keys were claimed: one statement (`key = ANY($1)`).
    public func claimed(among keys: [String]) throws(StateError) -> Set<String> {
        guard !keys.isEmpty else { return [] }
        return try session.with { runner in
            var found = Set<String>()
            for row in try runner.query("SELECT key FROM sent WHERE key = ANY(\(keys))") {
                found.insert(try row.decode(String.self))
            }
            return found
        }
    }

    /// The keys of every claimed event, in the order they were claimed.
    public func claimedKeys() throws(StateError) -> [String] {
        try session.with { runner in
            try runner.query("SELECT key FROM sent ORDER BY seq").map { try $0.decode(String.self) }
        }
    }

    // MARK: Audit trail

    /// Appends an override and records the run, in one statement.
    @discardableResult
    public func record(_ action: OverrideEntry.Action, for item: ScheduleItem, by: String, note: String?,
                       asOf: CivilDate, at instant: Date) throws(StateError) -> OverrideEntry {
        let newDue: String? = if case .extended(let to) = action { to.description } else { nil }
        let query: PostgresQuery = """
            WITH o AS (
                INSERT INTO override (item, measure_id, action, new_due, previous_due, "by", at, as_of, note, fingerprint)
                VALUES (\(item.reference.key), \(item.reference.measureID), \(action.name), \(newDue)::date,
                        \(item.due?.description)::date, \(by), (timestamptz 'epoch' + \(Self.millis(instant))::float8 * interval '1 millisecond'), \(asOf.description)::date,
                        \(note), \(item.fingerprint))
                RETURNING seq
            ),
            r AS (INSERT INTO run (command, as_of, at) VALUES (\(action.name), \(asOf.description)::date, (timestamptz 'epoch' + \(Self.millis(instant))::float8 * interval '1 millisecond')))
            SELECT seq FROM o
            """
        let sequence = try session.with { runner in try runner.query(query).first?.decode(Int64.self) ?? 0 }
        return OverrideEntry(sequence: sequence, itemKey: item.reference.key, measureID: item.reference.measureID,
                             action: action, by: by, at: instant, asOf: asOf, note: note,
                             fingerprint: item.fingerprint, previousDue: item.due)
    }

    /// The whole trail, oldest first.
    public func trailHead() throws(StateError) -> Int64 {
        try session.with { runner in
            try runner.query("SELECT COALESCE(MAX(seq), 0)::bigint FROM override").map { try $0.decode(Int64.self) }.first ?? 0
        }
    }

    public func trail() throws(StateError) -> [OverrideEntry] {
        let rows = try session.with { runner in
            try runner.query("""
                SELECT seq, item, measure_id, action, to_char(new_due, 'YYYY-MM-DD'), to_char(previous_due, 'YYYY-MM-DD'),
                       "by", \(unescaped: Self.millisSQL("at")), to_char(as_of, 'YYYY-MM-DD'), note, fingerprint
                FROM override ORDER BY seq
                """).map { row in
                try row.decode((Int64, String, String, String, String?, String?, String, Int64, String, String?, String).self)
            }
        }
        return try rows.map { (row) throws(StateError) -> OverrideEntry in
            let (seq, item, measure, actionName, newDue, previousDue, by, at, asOfText, note, fingerprint) = row
            func bad(_ column: String) -> StateError {
                .corrupted(path: path, detail: "override 表第 \(seq) 行的 \(column) 无法读取 (unreadable \(column) in row \(seq) of table override)")
            }
            let action: OverrideEntry.Action
            switch actionName {
            case "done": action = .done
            case "reopen": action = .reopened
            case "extend":
                guard let newDue, let to = CivilDate(newDue) else { throw bad("new_due") }
                action = .extended(to: to)
            default: throw bad("action")
            }
            guard let asOf = CivilDate(asOfText) else { throw bad("as_of") }
            return OverrideEntry(sequence: seq, itemKey: item, measureID: measure, action: action, by: by,
                                 at: Self.instant(millis: at), asOf: asOf, note: note, fingerprint: fingerprint,
                                 previousDue: previousDue.flatMap { CivilDate($0) })
        }
    }

    // MARK: Runs

    public func lastRun() throws(StateError) -> RunRecord? {
        try run(where: "")
    }

    public func lastRun(command: String) throws(StateError) -> RunRecord? {
        try run(where: command)
    }

    public func recordRun(command: String, asOf: CivilDate, at instant: Date) throws(StateError) {
        try session.with { runner in
            try runner.query("INSERT INTO run (command, as_of, at) VALUES (\(command), \(asOf.description)::date, (timestamptz 'epoch' + \(Self.millis(instant))::float8 * interval '1 millisecond'))")
        }
    }

    public func latestRunMarks() throws(StateError) -> (asOf: CivilDate, at: Date)? {
        let marks = try session.with { runner in
            try runner.query("SELECT to_char(MAX(as_of), 'YYYY-MM-DD'), \(unescaped: Self.millisSQL("MAX(at)")) FROM run")
                .first?.decode((String?, Int64?).self)
        }
        guard let marks, let asOfText = marks.0, let millis = marks.1, let asOf = CivilDate(asOfText) else { return nil }
        return (asOf, Self.instant(millis: millis))
    }

    // MARK: Leadership

    /// The leadership epoch the database holds now (0 before any daemon led).
    public func currentEpoch() throws(StateError) -> Int64 {
        try session.with { runner in
            try runner.query("SELECT epoch FROM leadership WHERE id = 1").first?.decode(Int64.self) ?? 0
        }
    }

    /// Who leads, by the `leadership` row: its epoch, holder and since when (nil before any).
    public func leader() throws(StateError) -> (epoch: Int64, holder: String, since: Date)? {
        let row = try session.with { runner in
            try runner.query("SELECT epoch, holder, \(unescaped: Self.millisSQL("since")) FROM leadership WHERE id = 1")
                .first?.decode((Int64, String?, Int64?).self)
        }
        guard let row, let holder = row.1, let since = row.2 else { return nil }
        return (row.0, holder, Self.instant(millis: since))
    }

    // MARK: Internals

    private func run(where command: String) throws(StateError) -> RunRecord? {
        let filter: PostgresQuery = command.isEmpty
            ? "SELECT command, to_char(as_of, 'YYYY-MM-DD'), \(unescaped: Self.millisSQL("at")) FROM run ORDER BY seq DESC LIMIT 1"
            : "SELECT command, to_char(as_of, 'YYYY-MM-DD'), \(unescaped: Self.millisSQL("at")) FROM run WHERE command = \(command) ORDER BY seq DESC LIMIT 1"
        let row = try session.with { runner in try runner.query(filter).first?.decode((String, String, Int64).self) }
        guard let row, let asOf = CivilDate(row.1) else { return nil }
        return RunRecord(command: row.0, asOf: asOf, at: Self.instant(millis: row.2))
    }

    /// Whole milliseconds since 1970, rounded as ``Schedule/InstantText`` rounds them. Written as
    /// `timestamptz 'epoch' + ms * interval '1 millisecond'`, which is exact (`to_timestamp` of
    /// float seconds is not, to the microsecond).
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// The instant ``Schedule/InstantText/parse(_:)`` gives for the same milliseconds.
    static func instant(millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    /// The SQL reading a timestamptz column back as whole milliseconds.
    static func millisSQL(_ column: String) -> String {
        "round(extract(epoch FROM \(column)) * 1000)::int8"
    }
}
