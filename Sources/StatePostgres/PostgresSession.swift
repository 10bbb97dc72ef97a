import Foundation
import Logging
import PostgresNIO
import Schedule
import Synchronization

/// One PostgreSQL connection used from blocking code: each call waits on its SwiftNIO future.
///
/// Why blocking: the daemon calls its state store from a Dispatch serial queue and the
/// commands from their `run()` (``Schedule/StateStoring`` says why the API is synchronous).
/// `EventLoopFuture.wait()` blocks the calling thread, never an event loop's; it must not be
/// called from a Swift concurrency task, and nothing in this module does.
///
/// Calls are serialised: one statement at a time on the connection, so that a transaction's
/// statements (`BEGIN` … `COMMIT`) are not interleaved with another caller's. A connection the
/// server or the network closed is replaced at the next call; a call that failed on it is not
/// retried (a claim whose COMMIT was lost is not known to have failed: the caller keeps the
/// event pending and the next run's read of the sent log decides).
final class PostgresSession: Sendable {
    let configuration: PostgresStateConfiguration
    let logger: Logger
    private let connection = Mutex<PostgresConnection?>(nil)
    private let serial = NSLock()
    private static let ids = Atomic<Int>(0)

    init(configuration: PostgresStateConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// A session connected, with the schema brought up to date: what the store and the
    /// leadership each open first.
    static func migrated(_ configuration: PostgresStateConfiguration, logger: Logger) throws(StateError) -> PostgresSession {
        let session = PostgresSession(configuration: configuration, logger: logger)
        try session.connect()
        _ = try PostgresMigrations.migrate(session)
        return session
    }

    var path: String { configuration.redactedURL }

    /// Opens the connection now (the first call would otherwise), so that a bad URL or a
    /// server that is down is reported at start.
    func connect() throws(StateError) {
        serial.lock()
        defer { serial.unlock() }
        _ = try current()
    }

    /// Runs `body` with the connection, alone on it. With `reconnect` false, a connection that
    /// closed is not replaced (what holds a session-level lock must not move to a new session
    /// unnoticed).
    @discardableResult
    func with<T>(reconnect: Bool = true, _ body: (Runner) throws -> T) throws(StateError) -> T {
        serial.lock()
        defer { serial.unlock() }
        let connection: PostgresConnection
        if reconnect {
            connection = try current()
        } else {
            guard let open = self.connection.withLock({ $0 }), !open.isClosed else {
                throw StateError.database(path: path, detail: "连接已关闭 (the connection closed)")
            }
            connection = open
        }
        do {
            let timeout = Self.timeAmount(configuration.queryTimeout + .seconds(1))
            return try body(Runner(connection: connection, logger: logger, timeout: timeout))
        } catch {
            // A connection that failed (closed by the client's timeout, by the server, or
            // broken) is let go at once: its close completes on the event loop a moment later,
            // and meanwhile it would still look open to the next call, which would fail on it.
            if Self.lostConnection(error) { drop(connection) }
            throw classify(error)
        }
    }

    /// The error is the connection's, not a statement's: it cannot be used again.
    static func lostConnection(_ error: any Error) -> Bool {
        guard let psql = error as? PSQLError, psql.serverInfo == nil else { return false }
        return psql.code == .clientClosedConnection || psql.code == .serverClosedConnection
            || psql.code == .connectionError || psql.code == .uncleanShutdown
    }

    /// Forgets `lost` (if it is still the session's connection) and closes it, keeping it
    /// alive until it is closed (PostgresNIO asserts that a connection is closed when it goes).
    private func drop(_ lost: PostgresConnection) {
        connection.withLock { if $0 === lost { $0 = nil } }
        let closing: EventLoopFuture<Void> = lost.close()
        closing.whenComplete { _ in withExtendedLifetime(lost) {} }
    }

    /// Runs `body` in one transaction: COMMIT when it returns, ROLLBACK when it throws.
    func transaction<T>(_ body: (Runner) throws -> T) throws(StateError) -> T {
        try with { runner in
            try runner.execute("BEGIN")
            do {
                let value = try body(runner)
                try runner.execute("COMMIT")
                return value
            } catch {
                _ = try? runner.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// The backend's process id of the current connection (`pg_backend_pid()`), for tests
    /// and messages.
    func backendPID() throws(StateError) -> Int32 {
        try with { runner in
            guard let row = try runner.query("SELECT pg_backend_pid()").first else { return 0 }
            return try row.decode(Int32.self)
        }
    }

    /// Closes the connection; the next call opens a new one.
    func close() {
        serial.lock()
        defer { serial.unlock() }
        let old = connection.withLock { value -> PostgresConnection? in
            defer { value = nil }
            return value
        }
        try? old?.close().wait()
    }

    /// Whether the connection is open (false before the first call and after the server closed it).
    var isOpen: Bool { connection.withLock { $0.map { !$0.isClosed } ?? false } }

    /// The future that completes when the open connection closes, if one is open.
    var closeFuture: EventLoopFuture<Void>? { connection.withLock { $0?.closeFuture } }

    deinit {
        // The connection must outlive its close (PostgresNIO asserts that it is closed when it goes).
        if let open = connection.withLock({ $0 }), !open.isClosed {
            let closing: EventLoopFuture<Void> = open.close()
            closing.whenComplete { _ in withExtendedLifetime(open) {} }
        }
    }

    private func current() throws(StateError) -> PostgresConnection {
        if let open = connection.withLock({ $0 }), !open.isClosed { return open }
        var pg = PostgresConnection.Configuration(host: configuration.host, port: configuration.port,
                                                  username: configuration.user, password: configuration.password,
                                                  database: configuration.database, tls: try tls())
        pg.options.connectTimeout = Self.timeAmount(configuration.connectTimeout)
        let ms = configuration.lockTimeout.components.seconds * 1000 + configuration.lockTimeout.components.attoseconds / 1_000_000_000_000_000
        // The server gives up on a statement after queryTimeout (statement_timeout, a clean
        // error, the statement rolled back); the client closes the connection a second later
        // in case the server cannot say so (it hangs, the network stopped carrying).
        let statementMs = configuration.queryTimeout.components.seconds * 1000
            + configuration.queryTimeout.components.attoseconds / 1_000_000_000_000_000
        pg.options.additionalStartupParameters = [("lock_timeout", "\(ms)"), ("statement_timeout", "\(statementMs)"),
                                                  ("application_name", "xianqi"), ("TimeZone", "UTC")]
        let opened: PostgresConnection
        do {
            opened = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(), configuration: pg,
                                                    id: Self.ids.add(1, ordering: .relaxed).newValue, logger: logger).wait()
        } catch {
            throw StateError.database(path: path, detail: "无法连接 (cannot connect): \(Self.describe(error))")
        }
        connection.withLock { $0 = opened }
        return opened
    }

    /// postgres-nio's TLS setting for ``PostgresStateConfiguration/tls``.
    private func tls() throws(StateError) -> PostgresConnection.Configuration.TLS {
        var client = TLSConfiguration.makeClientConfiguration()
        switch configuration.tls {
        case .disable:
            return .disable
        case .require:
            client.certificateVerification = .none
        case .verifyFull(let caFile):
            client.certificateVerification = .fullVerification
            if let caFile { client.trustRoots = .file(caFile) }
        }
        do {
            return .require(try NIOSSLContext(configuration: client))
        } catch {
            throw StateError.database(path: path, detail: "TLS 设置无效 (unusable TLS setting): \(error)")
        }
    }

    func classify(_ error: any Error) -> StateError {
        if let state = error as? StateError { return state }
        if let psql = error as? PSQLError, let code = psql.serverInfo?[.sqlState] {
            // 55P03 lock_not_available (lock_timeout), 40P01 deadlock_detected.
            if code == "55P03" || code == "40P01" {
                let seconds = Double(configuration.lockTimeout.components.seconds)
                    + Double(configuration.lockTimeout.components.attoseconds) / 1e18
                return .locked(path: path, seconds: seconds)
            }
        }
        return .database(path: path, detail: Self.describe(error))
    }

    /// The server's message and SQLSTATE, or the connection's error, without the query's binds.
    static func describe(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let info = psql.serverInfo {
                let message = info[.message] ?? "\(psql.code)"
                return info[.sqlState].map { "\(message) (SQLSTATE \($0))" } ?? message
            }
            if let underlying = psql.underlying { return "\(psql.code): \(underlying)" }
            return "\(psql.code)"
        }
        return "\(error)"
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// Statements on the session's connection, inside ``PostgresSession/with(reconnect:_:)``.
    /// A statement that has no answer within `timeout` closes the connection, which fails it:
    /// the call throws, and the next call opens a new connection. Whether such a statement
    /// still took effect on the server is not known (a claim may have landed): the caller
    /// keeps the event pending and the next read of the sent log decides, so an event is
    /// sent at most once, never twice.
    struct Runner {
        let connection: PostgresConnection
        let logger: Logger
        let timeout: TimeAmount

        @discardableResult
        func query(_ query: PostgresQuery) throws -> PostgresQueryResult {
            let connection = self.connection
            let deadline = connection.eventLoop.scheduleTask(in: timeout) {
                let _: EventLoopFuture<Void> = connection.close()
            }
            defer { deadline.cancel() }
            return try connection.query(query, logger: logger).wait()
        }

        func execute(_ sql: String) throws {
            try query(PostgresQuery(unsafeSQL: sql))
        }
    }
}
