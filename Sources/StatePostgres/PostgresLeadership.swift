import Dispatch
import Foundation
import Logging
import PostgresNIO
import Schedule
import Synchronization

/// Which of two or more daemons sharing a PostgreSQL state leads, that is claims and sends.
///
/// The leader holds a session-level advisory lock (`pg_try_advisory_lock(`
/// ``PostgresLeadership/lockKey`` `)`) on a connection of its own, for as long as that session
/// lives. On acquiring it, it increments `leadership.epoch` and records itself as holder, in
/// the same session: each leadership has its own epoch, and epochs only grow. A claim carries
/// the epoch it is made under (``PostgresStateStore/claim(_:at:epoch:)``) and is refused once
/// the epoch moved on, so a leader that was paused (a stopped VM, a long GC-like stall, a
/// network partition) and whose session the server ended cannot claim when it wakes: it
/// learns that it lost, and sends nothing.
///
/// Followers poll (``start(every:rejoinAfter:onChange:)``, every second by default): the server releases
/// the lock when the leader's session ends (the process exits or crashes, its connection
/// breaks, `pg_terminate_backend`), and the next poll of a follower takes over. A leader whose
/// connection closes hears it at once (the connection's close future) and steps down.
///
///     let leadership = try PostgresLeadership(configuration: configuration, holder: "xianqi@db1")
///     leadership.start { epoch in logger.notice("leading: \(epoch.map(String.init) ?? "no")") }
///
/// What the server cannot tell: a leader's session that stays open on the server while its
/// host is cut off keeps the lock until the server's TCP keepalive gives up on it
/// (`tcp_keepalives_idle` and friends; docs/ha.md).
public final class PostgresLeadership: Sendable {
    /// The advisory lock key: "xianqi" then 0x0001 (migrations use 0x0002).
    public static let lockKey: Int64 = 0x7869_616E_7169_0001

    /// Who this daemon is, in `leadership.holder` (host name and process id, say).
    public let holder: String
    private let session: PostgresSession
    private let logger: Logger
    private let queue = DispatchQueue(label: "xianqi.leadership")
    private let state = Mutex(State())
    /// One attempt at a time: a second `pg_try_advisory_lock` in the same session succeeds
    /// again (the lock is re-entrant) and would take a second epoch.
    private let attempt = NSLock()

    private struct State {
        /// The epoch this process leads under, while its lock session lives.
        var epoch: Int64?
        /// Bumped at each acquisition and loss, so that a late close notice of an earlier
        /// session does not depose a later one.
        var generation = 0
        var timer: Poller?
        var onChange: (@Sendable (Int64?) -> Void)?
        /// Polls to let pass before trying again after losing the leadership.
        var rejoinPolls = 0
        /// Polls still to let pass.
        var holdOff = 0
    }

    /// Connects its own session and brings the schema up to date (so that a leadership can
    /// start before any store).
    public init(configuration: PostgresStateConfiguration, holder: String,
                logger: Logger = Logger(label: "xianqi.leadership")) throws(StateError) {
        self.holder = holder
        self.logger = logger
        self.session = try PostgresSession.migrated(configuration, logger: logger)
    }

    /// The epoch this process leads under, or nil when it does not lead (never did, or its
    /// lock session ended).
    public var epoch: Int64? {
        state.withLock { $0.epoch }
    }

    /// One attempt: takes the lock if it is free and returns the new epoch; returns the epoch
    /// held when this process leads already, nil when another does.
    @discardableResult
    public func tryAcquire() throws(StateError) -> Int64? {
        attempt.lock()
        defer { attempt.unlock() }
        let (held, generation) = state.withLock { ($0.epoch, $0.generation) }
        if let held {
            // Still ours only while the session lives: ask it (this also finds a connection
            // that broke without a close notice yet).
            do {
                try session.with(reconnect: false) { runner in try runner.query("SELECT 1") }
                return held
            } catch {}
            // Closed, so that a session still open on the server releases the lock for sure.
            session.close()
            lost(generation: generation, reason: "lock session failed")
            return nil
        }
        let acquired = try session.with { runner -> Int64? in
            guard try runner.query("SELECT pg_try_advisory_lock(\(Self.lockKey))").first?.decode(Bool.self) == true
            else { return nil }
            do {
                let query: PostgresQuery = """
                    UPDATE leadership SET epoch = epoch + 1, holder = \(holder), since = now() WHERE id = 1 RETURNING epoch
                    """
                guard let epoch = try runner.query(query).first?.decode(Int64.self) else {
                    throw StateError.database(path: session.path, detail: "leadership 表缺少一行 (the leadership table has no row)")
                }
                return epoch
            } catch {
                _ = try? runner.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
                throw error
            }
        }
        guard let acquired else { return nil }
        let newGeneration = state.withLock { s -> Int in
            s.epoch = acquired
            s.generation += 1
            return s.generation
        }
        session.closeFuture?.whenComplete { [weak self] _ in
            self?.lost(generation: newGeneration, reason: "lock session closed")
        }
        logger.notice("leading", metadata: ["epoch": "\(acquired)", "holder": "\(holder)"])
        notify(acquired)
        return acquired
    }

    /// Polls every `interval` on a queue of its own: a follower takes over when the lock is
    /// free, a leader checks that its session lives. `onChange` hears each new epoch, and nil
    /// when leadership is lost. The first attempt is made at once.
    ///
    /// A leader that lost its lock lets `rejoinAfter` polls pass before it competes again, so
    /// that a follower that was waiting takes over rather than the daemon that just failed
    /// (its connection broke: it may well break again).
    public func start(every interval: Duration = .seconds(1), rejoinAfter: Int = 3,
                      onChange: @escaping @Sendable (Int64?) -> Void = { _ in }) {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let nanos = interval.components.seconds * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000
        timer.schedule(deadline: .now(), repeating: .nanoseconds(Int(nanos)), leeway: .milliseconds(20))
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            let wait = self.state.withLock { s -> Bool in
                guard s.holdOff > 0 else { return false }
                s.holdOff -= 1
                return true
            }
            if wait { return }
            do {
                try self.tryAcquire()
            } catch {
                self.logger.warning("leadership poll failed", metadata: ["error": "\(error)"])
            }
        }
        let poller = Poller(timer)
        let old = state.withLock { s -> Poller? in
            defer {
                s.timer = poller
                s.onChange = onChange
                s.rejoinPolls = max(0, rejoinAfter)
            }
            return s.timer
        }
        old?.timer.cancel()
        timer.resume()
    }

    /// Stops polling and ends the lock session, which releases the lock: a follower takes over
    /// at its next poll. Not from `onChange` (it waits for the poll in flight).
    public func stop() {
        let (poller, generation) = state.withLock { s -> (Poller?, Int) in
            defer { s.timer = nil }
            return (s.timer, s.generation)
        }
        poller?.timer.cancel()
        queue.sync {}
        lost(generation: generation, reason: "stopped")
        session.close()
    }

    /// The server process of the lock session (`pg_backend_pid()`): what an operator (or a
    /// test) passes to `pg_terminate_backend` to force a failover.
    public func lockSessionPID() throws(StateError) -> Int32 {
        try session.backendPID()
    }

    deinit {
        state.withLock { $0.timer?.timer.cancel() }
    }

    private func lost(generation: Int, reason: String) {
        let lostEpoch = state.withLock { s -> Int64? in
            guard s.generation == generation, let epoch = s.epoch else { return nil }
            s.epoch = nil
            s.generation += 1
            s.holdOff = s.rejoinPolls
            return epoch
        }
        guard let lostEpoch else { return }
        logger.warning("leadership lost", metadata: ["epoch": "\(lostEpoch)", "reason": "\(reason)"])
        notify(nil)
    }

    /// On the leadership's queue, in order: a loss is heard on an event loop's thread (the
    /// connection's close), which `onChange` must not hold up.
    private func notify(_ epoch: Int64?) {
        guard let onChange = state.withLock({ $0.onChange }) else { return }
        queue.async { onChange(epoch) }
    }
}

/// The polling timer, shared between the caller and the leadership's queue: a Dispatch source
/// may be cancelled from any thread.
private final class Poller: @unchecked Sendable {
    let timer: any DispatchSourceTimer
    init(_ timer: any DispatchSourceTimer) { self.timer = timer }
}
