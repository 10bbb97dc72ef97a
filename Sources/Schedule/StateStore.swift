import ChineseDates
import Foundation
import GRDB

/// xianqi's durable state, `<state dir>/state.sqlite` (SQLite in WAL mode, through GRDB):
///
/// - the sent log: one row per reminder or notice sent, keyed by ``ReminderEvent/key`` with a
///   UNIQUE constraint, so that ``claim(_:at:)`` succeeds once per event however often the
///   schedule is computed, by however many processes;
/// - the audit trail of overrides (done, reopened, extended), append-only: triggers refuse
///   UPDATE and DELETE (docs/state.md);
/// - the runs that recorded something, to notice a clock set backwards.
///
/// The store never reads the clock: every write takes the instant it records.
///
///     let store = try StateStore(directory: "/var/lib/xianqi")
///     try store.record(.done, for: item, by: "zhang", note: "已验收", asOf: today, at: now)
///     if try store.claim(event, at: now) { send(event) }
public final class StateStore: Sendable {
    /// The database file's name inside the state directory.
    public static let fileName = StatePaths.databaseName

    /// The state directory.
    public let directory: String
    /// `directory/state.sqlite`.
    public let path: String
    /// How long a write waits for another process's lock before ``StateError/locked(path:seconds:)``.
    public let busyTimeout: Double
    private let reader: any DatabaseReader
    private let writer: (any DatabaseWriter)?

    /// Opens the store for reading and writing, creating the directory and the database as
    /// needed and bringing the schema up to date.
    ///
    /// - Parameter busyTimeout: seconds to wait for another process's write lock.
    /// - Throws: ``StateError``: a directory that cannot be created or written, a damaged file,
    ///   a lock held too long, a schema from a newer xianqi.
    public convenience init(directory: String, busyTimeout: Double = 5) throws(StateError) {
        try self.init(directory: directory, busyTimeout: busyTimeout, replacingLost: false)
    }

    /// A new, empty store in place of a lost one, for `xianqi state rebuild`: only when
    /// `state.sqlite` is missing or 0 bytes (what ``init(directory:busyTimeout:)`` refuses while
    /// the spool shows earlier sends). The caller then records what the spool shows with
    /// ``recordRecovered(eventKey:at:)``.
    ///
    /// - Throws: ``StateError/database(path:detail:)`` when the file exists and is not empty.
    public static func replacingLost(directory: String, busyTimeout: Double = 10) throws(StateError) -> StateStore {
        try StateStore(directory: directory, busyTimeout: busyTimeout, replacingLost: true)
    }

    private init(directory: String, busyTimeout: Double, replacingLost: Bool) throws(StateError) {
        self.directory = directory
        self.path = StatePaths(directory: directory).database
        self.busyTimeout = busyTimeout
        try Self.prepareDirectory(directory)
        if replacingLost {
            var info = stat()
            if stat(path, &info) == 0, info.st_size > 0 {
                throw .database(path: path, detail: "文件存在且非空，重建只替换丢失或为空的数据库；请先移走它 (exists and is not empty: rebuild replaces only a lost or empty database; move it aside first)")
            }
        } else {
            try Self.refuseLostDatabase(path: path, directory: directory)
        }
        try Self.createPrivately(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "xianqi.state"
        let pool: DatabasePool
        // When several processes open a fresh file at once, SQLite may answer SQLITE_BUSY at
        // once, without its busy handler, to the connection that switches the new file to
        // WAL: opening is tried again for as long as the busy timeout.
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                let opened = try DatabasePool(path: path, configuration: configuration)
                try Self.migrate(opened, path: path)
                try Self.quickCheck(opened, path: path)
                pool = opened
                break
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                usleep(50_000)
            } catch {
                throw StateError.from(error, path: path, busyTimeout: busyTimeout)
            }
        }
        Self.tightenModes(path)
        self.reader = pool
        self.writer = pool
    }

    /// The store's one connection pool, for the tables other modules of this package keep in
    /// the same file under their own `module.*` migrations (the mail queue and its delivery
    /// log: `MailQueue(spool:sharing:)`). One pool per file and process: a second pool on the
    /// same WAL file would serialise against this one for nothing. `package`, not `public`:
    /// GRDB stays out of the public API, and Daemon and xianqi pass the pool on without
    /// importing GRDB.
    ///
    /// - Throws: ``StateError/readOnly(directory:reason:)`` for a store opened with ``existing(in:busyTimeout:)``.
    package func sharedWriter() throws(StateError) -> any DatabaseWriter {
        guard let writer else { throw .readOnly(directory: directory, reason: "opened read-only") }
        return writer
    }

    /// The same pool (or the read-only connection) for reading those tables.
    package var sharedReader: any DatabaseReader { reader }

    private init(directory: String, path: String, reader: any DatabaseReader) {
        self.directory = directory
        self.path = path
        self.busyTimeout = 0
        self.reader = reader
        self.writer = nil
    }

    /// Opens an existing store read-only, or returns nil when there is none yet (nothing was
    /// ever recorded). Works in a read-only directory; never creates or changes a file.
    public static func existing(in directory: String, busyTimeout: Double = 5) throws(StateError) -> StateStore? {
        let path = (directory as NSString).appendingPathComponent(fileName)
        var info = stat()
        if stat(path, &info) != 0 {
            // Missing: nothing was ever recorded. Not allowed to look (a user outside the
            // state's group): an error, never an empty trail.
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw .database(path: path, detail: String(cString: strerror(code)))
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "xianqi.state.read"
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try pool.read { db in _ = try db.tableExists("override") }
            try quickCheck(pool, path: path)
            return StateStore(directory: directory, path: path, reader: pool)
        } catch let error as DatabaseError where [.SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode) {
            // A WAL database in a read-only directory: SQLite cannot create the -shm file.
            // Nobody can be writing to it there, so it is read as an immutable file.
            do {
                let queue = try DatabaseQueue(path: immutableURI(path), configuration: configuration)
                try queue.read { db in _ = try db.tableExists("override") }
                try quickCheck(queue, path: path)
                return StateStore(directory: directory, path: path, reader: queue)
            } catch {
                throw StateError.from(error, path: path, busyTimeout: busyTimeout)
            }
        } catch {
            throw StateError.from(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Checks the state of `directory` without changing anything (`xianqi state check`): the
    /// database's structure (`PRAGMA quick_check`), and that it is not missing or empty while
    /// the spool holds mail of earlier runs. Returns the database's path, or nil when there is
    /// none and nothing was ever sent.
    public static func check(directory: String) throws(StateError) -> String? {
        let path = (directory as NSString).appendingPathComponent(fileName)
        try refuseLostDatabase(path: path, directory: directory)
        return try existing(in: directory)?.path
    }

    // MARK: Sent log

    /// Records that `event` is being sent. True the first time for its key; false when it was
    /// already claimed (by this process or another, before or after a restart or a clock change).
    @discardableResult
    public func claim(_ event: ReminderEvent, at instant: Date) throws(StateError) -> Bool {
        try write { db in
            try db.execute(sql: """
                INSERT INTO sent (key, item, measure_id, kind, due, day, scheduled_for, claimed_at, roles)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(key) DO NOTHING
                """, arguments: [event.key, event.item.key, event.item.measureID, event.kind.name,
                                 event.due.description, event.day.description, InstantText.format(event.instant),
                                 InstantText.format(instant), event.roles.map(\.rawValue).joined(separator: ",")])
            return db.changesCount == 1
        }
    }

    /// Records, in a rebuilt store, that the event with this key was sent: its key is all a
    /// spooled message keeps of it (`X-Xianqi-Event-Key`, `item|kind|due|parameter`), so the
    /// other columns are filled from the key, and `claimedAt` is when the message was spooled.
    /// True when recorded; false when already there, or when the key is not an event's
    /// (a digest's key, `digest|week|audience`, has no row in the sent log).
    @discardableResult
    public func recordRecovered(eventKey key: String, at claimedAt: Date) throws(StateError) -> Bool {
        let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, !parts[0].isEmpty, CivilDate(parts[2]) != nil else { return false }
        let item = parts[0]
        let measureID = String(item.prefix { $0 != "@" && $0 != "#" })
        let at = InstantText.format(claimedAt)
        return try write { db in
            try db.execute(sql: """
                INSERT INTO sent (key, item, measure_id, kind, due, day, scheduled_for, claimed_at, roles)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, '')
                ON CONFLICT(key) DO NOTHING
                """, arguments: [key, item, measureID, parts[1], parts[2], parts[2], at, at])
            return db.changesCount == 1
        }
    }

    /// Whether an event with this key was claimed.
    public func isClaimed(_ key: String) throws(StateError) -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sent WHERE key = ?)", arguments: [key]) ?? false }
    }

    /// Which of these keys were claimed: one read, one prepared statement (the daemon checks
    /// every event due since its last run, thousands at 100 000 measures, after each reload).
    public func claimed(among keys: [String]) throws(StateError) -> Set<String> {
        guard !keys.isEmpty else { return [] }
        return try read { db in
            let statement = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM sent WHERE key = ?)")
            var found = Set<String>()
            for key in keys where try Bool.fetchOne(statement, arguments: [key]) ?? false {
                found.insert(key)
            }
            return found
        }
    }

    /// The keys of every claimed event, in the order they were claimed.
    public func claimedKeys() throws(StateError) -> [String] {
        try read { db in
            guard try db.tableExists("sent") else { return [] }
            return try String.fetchAll(db, sql: "SELECT key FROM sent ORDER BY rowid")
        }
    }

    /// Every row of the sent log as stored, in the order claimed: what `xianqi state migrate`
    /// copies to another store.
    public func sentRecords() throws(StateError) -> [SentRecord] {
        try read { db in
            guard try db.tableExists("sent") else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT key, item, measure_id, kind, due, day, scheduled_for, claimed_at, roles FROM sent ORDER BY rowid
                """).map { row in
                SentRecord(key: row["key"], item: row["item"], measureID: row["measure_id"], kind: row["kind"],
                           due: row["due"], day: row["day"], scheduledFor: row["scheduled_for"],
                           claimedAt: row["claimed_at"], roles: row["roles"])
            }
        }
    }

    /// Every run recorded, oldest first (by sequence).
    public func runs() throws(StateError) -> [RunRecord] {
        try read { db in
            guard try db.tableExists("run") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT command, as_of, at FROM run ORDER BY seq").compactMap(Self.run)
        }
    }

    // MARK: Audit trail

    /// Appends an override to the trail, with the ledger's fingerprint of the item now, and
    /// records the run. Returns the stored entry.
    @discardableResult
    public func record(_ action: OverrideEntry.Action, for item: ScheduleItem, by: String, note: String?,
                       asOf: CivilDate, at instant: Date) throws(StateError) -> OverrideEntry {
        try write { db in
            let newDue: String? = if case .extended(let to) = action { to.description } else { nil }
            try db.execute(sql: """
                INSERT INTO override (item, measure_id, action, new_due, previous_due, by, at, as_of, note, fingerprint)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [item.reference.key, item.reference.measureID, action.name, newDue,
                                 item.due?.description, by, InstantText.format(instant), asOf.description,
                                 note, item.fingerprint])
            let sequence = db.lastInsertedRowID
            try Self.insertRun(db, command: action.name, asOf: asOf, at: instant)
            return OverrideEntry(sequence: sequence, itemKey: item.reference.key, measureID: item.reference.measureID,
                                 action: action, by: by, at: instant, asOf: asOf, note: note,
                                 fingerprint: item.fingerprint, previousDue: item.due)
        }
    }

    /// The whole trail, oldest first.
    public func trail() throws(StateError) -> [OverrideEntry] {
        let path = self.path
        return try read { db in
            guard try db.tableExists("override") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM override ORDER BY seq").map { row in
                try Self.entry(row, path: path)
            }
        }
    }

    public func trailHead() throws(StateError) -> Int64 {
        try read { db in
            guard try db.tableExists("override") else { return 0 }
            return try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM override") ?? 0
        }
    }

    // MARK: Runs

    /// The latest run recorded (by sequence, not by clock), if any.
    public func lastRun() throws(StateError) -> RunRecord? {
        try read { db in
            guard try db.tableExists("run") else { return nil }
            guard let row = try Row.fetchOne(db, sql: "SELECT command, as_of, at FROM run ORDER BY seq DESC LIMIT 1")
            else { return nil }
            return Self.run(row)
        }
    }

    /// The latest run of one command (the daemon's `serve`), by sequence.
    public func lastRun(command: String) throws(StateError) -> RunRecord? {
        try read { db in
            guard try db.tableExists("run") else { return nil }
            guard let row = try Row.fetchOne(db, sql: "SELECT command, as_of, at FROM run WHERE command = ? ORDER BY seq DESC LIMIT 1",
                                             arguments: [command])
            else { return nil }
            return Self.run(row)
        }
    }

    /// The latest as-of day and the latest instant of any run, to compare a new run with.
    public func latestRunMarks() throws(StateError) -> (asOf: CivilDate, at: Date)? {
        try read { db in
            guard try db.tableExists("run"),
                  let row = try Row.fetchOne(db, sql: "SELECT MAX(as_of) AS as_of, MAX(at) AS at FROM run"),
                  let asOfText: String = row["as_of"], let atText: String = row["at"],
                  let asOf = CivilDate(asOfText), let at = InstantText.parse(atText)
            else { return nil }
            return (asOf, at)
        }
    }

    /// Records a run that sent or recorded something (the daemon records each wake-up).
    public func recordRun(command: String, asOf: CivilDate, at instant: Date) throws(StateError) {
        try write { db in try Self.insertRun(db, command: command, asOf: asOf, at: instant) }
    }

    // MARK: Internals

    private func write<T>(_ body: @Sendable (Database) throws -> T) throws(StateError) -> T {
        guard let writer else {
            throw StateError.readOnly(directory: directory, reason: "以只读方式打开 (opened read-only)")
        }
        do {
            return try writer.write(body)
        } catch {
            throw StateError.from(error, path: path, busyTimeout: busyTimeout)
        }
    }

    private func read<T>(_ body: @Sendable (Database) throws -> T) throws(StateError) -> T {
        do {
            return try reader.read(body)
        } catch {
            throw StateError.from(error, path: path, busyTimeout: busyTimeout)
        }
    }

    private static func insertRun(_ db: Database, command: String, asOf: CivilDate, at instant: Date) throws {
        try db.execute(sql: "INSERT INTO run (command, as_of, at) VALUES (?, ?, ?)",
                       arguments: [command, asOf.description, InstantText.format(instant)])
    }

    private static func run(_ row: Row) -> RunRecord? {
        guard let command: String = row["command"], let asOfText: String = row["as_of"], let atText: String = row["at"],
              let asOf = CivilDate(asOfText), let at = InstantText.parse(atText)
        else { return nil }
        return RunRecord(command: command, asOf: asOf, at: at)
    }

    private static func entry(_ row: Row, path: String) throws -> OverrideEntry {
        func bad(_ column: String) -> StateError {
            .corrupted(path: path, detail: "override 表第 \(row["seq"] as Int64? ?? 0) 行的 \(column) 无法读取 (unreadable \(column) in row \(row["seq"] as Int64? ?? 0) of table override)")
        }
        guard let seq: Int64 = row["seq"] else { throw bad("seq") }
        guard let actionName: String = row["action"] else { throw bad("action") }
        let action: OverrideEntry.Action
        switch actionName {
        case "done": action = .done
        case "reopen": action = .reopened
        case "extend":
            guard let text: String = row["new_due"], let to = CivilDate(text) else { throw bad("new_due") }
            action = .extended(to: to)
        default: throw bad("action")
        }
        guard let atText: String = row["at"], let at = InstantText.parse(atText) else { throw bad("at") }
        guard let asOfText: String = row["as_of"], let asOf = CivilDate(asOfText) else { throw bad("as_of") }
        guard let item: String = row["item"], let measure: String = row["measure_id"],
              let by: String = row["by"], let fingerprint: String = row["fingerprint"]
        else { throw bad("item/by/fingerprint") }
        let previous: String? = row["previous_due"]
        return OverrideEntry(sequence: seq, itemKey: item, measureID: measure, action: action, by: by, at: at,
                             asOf: asOf, note: row["note"], fingerprint: fingerprint,
                             previousDue: previous.flatMap { CivilDate($0) })
    }

    private static func prepareDirectory(_ directory: String) throws(StateError) {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                let reason = errno == EROFS ? String(cString: strerror(EROFS)) : (error as NSError).localizedDescription
                throw .directoryUnavailable(directory: directory, reason: reason)
            }
        } else if !isDirectory.boolValue {
            throw .directoryUnavailable(directory: directory, reason: "不是目录 (not a directory)")
        }
        if access(directory, W_OK) != 0 {
            throw .readOnly(directory: directory, reason: String(cString: strerror(errno)))
        }
    }

    /// `PRAGMA quick_check`: the b-tree structure of every table and index, in time linear in
    /// the file's size (a few milliseconds for a state database). A damaged page must not be
    /// found later by a query whose error could be mistaken for an answer.
    private static func quickCheck(_ reader: any DatabaseReader, path: String) throws(StateError) {
        let lines: [String]
        do {
            lines = try reader.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(5)") }
        } catch {
            throw StateError.from(error, path: path, busyTimeout: 0)
        }
        guard lines != ["ok"] else { return }
        throw .corrupted(path: path, detail: "PRAGMA quick_check: " + lines.joined(separator: "; "))
    }

    /// A database that is missing or empty while the spool holds mail from earlier runs: the
    /// sent log and the audit trail were lost, and starting over would send again what was
    /// sent and forget every override. Refused; docs/state.md says how to recover.
    private static func refuseLostDatabase(path: String, directory: String) throws(StateError) {
        var info = stat()
        let exists = stat(path, &info) == 0
        guard !exists || info.st_size == 0 else { return }
        let paths = StatePaths(directory: directory)
        var evidence: [String] = []
        for folder in ["sent", "new", "cur", "failed"] {
            let dir = paths.spoolFolder(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.filter { !$0.hasPrefix(".") } ?? []
            if !names.isEmpty { evidence.append("\(dir)/ (\(names.count))") }
        }
        guard !evidence.isEmpty else { return }
        throw .lost(path: path, empty: exists, evidence: evidence)
    }

    /// The mode of the database file (SQLite gives its -wal and -shm files the same): 0660
    /// when the state directory is setgid (2770, the group the Debian package sets up for
    /// office staff who run `done`, `extend` and `history`: docs/install.md), else 0600.
    /// Others never get any permission: reminders name people and overdue work.
    static func fileMode(inDirectory directory: String) -> mode_t {
        var info = stat()
        guard stat(directory, &info) == 0, info.st_mode & S_ISGID != 0 else { return 0o600 }
        return 0o660
    }

    /// Creates the database file before SQLite does, with ``fileMode(inDirectory:)`` whatever
    /// the umask.
    private static func createPrivately(_ path: String) throws(StateError) {
        let mode = fileMode(inDirectory: (path as NSString).deletingLastPathComponent)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let code = errno
            if code == EACCES || code == EROFS || code == EPERM {
                throw .readOnly(directory: (path as NSString).deletingLastPathComponent, reason: String(cString: strerror(code)))
            }
            throw .database(path: path, detail: String(cString: strerror(code)))
        }
        var info = stat()
        // Only the owner may change the mode; a group member's open leaves it as it is.
        if fstat(fd, &info) == 0, info.st_uid == geteuid(), info.st_mode & 0o777 != mode { _ = fchmod(fd, mode) }
        close(fd)
    }

    /// Takes permission for others from the database and its -wal and -shm files (and the
    /// group's, unless the directory is setgid), and from the directory, when an earlier
    /// xianqi or a hand-made copy left them readable.
    private static func tightenModes(_ path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let mode = fileMode(inDirectory: directory)
        for file in [path, path + "-wal", path + "-shm"] {
            var info = stat()
            if stat(file, &info) == 0, info.st_uid == geteuid(), info.st_mode & 0o777 & ~mode != 0 { _ = chmod(file, mode) }
        }
        var info = stat()
        if stat(directory, &info) == 0, info.st_uid == geteuid(), info.st_mode & 0o007 != 0 {
            _ = chmod(directory, mode_t(info.st_mode & 0o2770))
        }
    }

    /// `file:…?immutable=1`, with the characters a URI gives meaning to escaped.
    private static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let escaped = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return "file:\(escaped)?immutable=1"
    }

    static let migrator: DatabaseMigrator = {
        var m = DatabaseMigrator()
        m.registerMigration("v1: sent log, audit trail, runs") { db in
            try db.execute(sql: """
                CREATE TABLE sent (
                    key TEXT NOT NULL UNIQUE,
                    item TEXT NOT NULL,
                    measure_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    due TEXT NOT NULL,
                    day TEXT NOT NULL,
                    scheduled_for TEXT NOT NULL,
                    claimed_at TEXT NOT NULL,
                    roles TEXT NOT NULL
                );
                CREATE INDEX sent_measure ON sent (measure_id);
                CREATE TABLE override (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    item TEXT NOT NULL,
                    measure_id TEXT NOT NULL,
                    action TEXT NOT NULL CHECK (action IN ('done', 'reopen', 'extend')),
                    new_due TEXT CHECK ((action = 'extend') = (new_due IS NOT NULL)),
                    previous_due TEXT,
                    by TEXT NOT NULL,
                    at TEXT NOT NULL,
                    as_of TEXT NOT NULL,
                    note TEXT,
                    fingerprint TEXT NOT NULL
                );
                CREATE INDEX override_measure ON override (measure_id, seq);
                CREATE TRIGGER override_append_only_update BEFORE UPDATE ON override
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                CREATE TRIGGER override_append_only_delete BEFORE DELETE ON override
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                CREATE TABLE run (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    command TEXT NOT NULL,
                    as_of TEXT NOT NULL,
                    at TEXT NOT NULL
                );
                """)
        }
        return m
    }()

    /// `module.name` migrations (a lower-case module name, a dot) belong to the module so named.
    static func belongsToAnotherModule(_ identifier: String) -> Bool {
        guard let dot = identifier.firstIndex(of: "."), dot > identifier.startIndex else { return false }
        return identifier[..<dot].allSatisfy { $0.isASCII && $0.isLowercase }
    }

    private static func migrate(_ pool: DatabasePool, path: String) throws {
        // Other modules keep their tables in the same file under namespaced migrations
        // ("mail.v1", see Mail's MailDeliveryLog): those are not a newer schema of this store.
        let known = Set(migrator.migrations)
        let unknown = try pool.read { try migrator.appliedIdentifiers($0) }.subtracting(known)
            .filter { !Self.belongsToAnotherModule($0) }.sorted()
        if !unknown.isEmpty {
            throw StateError.newerSchema(path: path, migrations: unknown)
        }
        do {
            try migrator.migrate(pool)
        } catch {
            // Two processes creating the database at once: the one that waited for the lock
            // finds the tables made by the other. Complete is complete.
            if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
            throw error
        }
    }
}

/// A run that recorded something: its command, the day it took as today, and when it ran.
/// A row of the sent log as the SQLite store keeps it: days as `YYYY-MM-DD`, instants as
/// ``InstantText`` (UTC, milliseconds), roles comma-separated.
public struct SentRecord: Hashable, Sendable {
    public let key: String
    public let item: String
    public let measureID: String
    public let kind: String
    public let due: String
    public let day: String
    public let scheduledFor: String
    public let claimedAt: String
    public let roles: String

    public init(key: String, item: String, measureID: String, kind: String, due: String, day: String,
                scheduledFor: String, claimedAt: String, roles: String) {
        self.key = key
        self.item = item
        self.measureID = measureID
        self.kind = kind
        self.due = due
        self.day = day
        self.scheduledFor = scheduledFor
        self.claimedAt = claimedAt
        self.roles = roles
    }
}

public struct RunRecord: Hashable, Sendable {
    public let command: String
    public let asOf: CivilDate
    public let at: Date

    public init(command: String, asOf: CivilDate, at: Date) {
        self.command = command
        self.asOf = asOf
        self.at = at
    }
}

/// A run that looks earlier than one already recorded: the clock was set back, or an `--as-of`
/// replays a past day. Nothing already sent is sent again (the sent log's keys are unique);
/// the warning says so.
public enum ClockWarning: Hashable, Sendable, CustomStringConvertible {
    case asOfBeforeLastRun(asOf: CivilDate, last: CivilDate)
    case clockBeforeLastRun(now: Date, last: Date)

    /// A warning when `asOf` or `now` is earlier than the latest recorded run, else nil.
    public static func check(asOf: CivilDate, now: Date, latest: (asOf: CivilDate, at: Date)?) -> ClockWarning? {
        guard let latest else { return nil }
        if now < latest.at { return .clockBeforeLastRun(now: now, last: latest.at) }
        if asOf < latest.asOf { return .asOfBeforeLastRun(asOf: asOf, last: latest.asOf) }
        return nil
    }

    public var description: String {
        switch self {
        case let .asOfBeforeLastRun(asOf, last):
            "警告：本次日期 \(asOf) 早于上次记录的运行日期 \(last)；已发送的提醒不会重发 (warning: as-of \(asOf) is before the last recorded run's \(last); nothing already sent is sent again)"
        case let .clockBeforeLastRun(now, last):
            "警告：系统时钟 \(InstantText.format(now)) 早于上次记录的运行时间 \(InstantText.format(last))，时钟可能被回拨；已发送的提醒不会重发 (warning: the clock is before the last recorded run: it may have been set back; nothing already sent is sent again)"
        }
    }
}
