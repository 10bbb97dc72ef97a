import ChineseDates
import Foundation

/// What the daemon and the commands need from a state store: the sent log (claim once per
/// event key), the audit trail of overrides and the runs. ``StateStore`` keeps it in SQLite
/// (`state.sqlite`); `StatePostgres.PostgresStateStore` keeps it on a PostgreSQL server
/// shared by two or more daemons, one of them the leader (docs/ha.md).
///
/// Synchronous, on purpose. The daemon calls its store from a Dispatch serial queue
/// (`ReminderService`'s `xianqi.daemon`), never from the Swift concurrency pool, and the
/// commands call it from their `run()`. A synchronous API lets the SQLite store stay as it is
/// and lets the PostgreSQL store block the calling thread on a SwiftNIO future: that blocks
/// one Dispatch thread, which is what a serial queue is for, and the daemon does not change.
/// Never call a store from a Swift concurrency task: it would block one of the pool's few
/// threads. From async code, hop to a Dispatch queue or a thread of its own first.
///
/// Every method throws ``StateError`` and never answers "already claimed" for a read that
/// failed: a sent-log read error is an error, so the event stays pending.
///
///     func process(_ events: [ReminderEvent], store: some StateStoring, now: Date) throws(StateError) {
///         let claimed = try store.claimed(among: events.map(\.key))
///         for event in events where !claimed.contains(event.key) {
///             if try store.claim(event, at: now) { send(event) }
///         }
///     }
public protocol StateStoring: AnyObject, Sendable {
    /// Where the state lives, for messages: the database file, or the server's URL without
    /// its password.
    var path: String { get }

    // MARK: Sent log

    /// Records that `event` is being sent. True the first time for its key; false when it was
    /// already claimed, by this process or another. A store shared by several daemons claims
    /// only for the leader: a deposed one gets ``StateError/notLeader(path:epoch:current:)``.
    @discardableResult
    func claim(_ event: ReminderEvent, at instant: Date) throws(StateError) -> Bool
    /// Whether an event with this key was claimed.
    func isClaimed(_ key: String) throws(StateError) -> Bool
    /// Which of these keys were claimed, in one read.
    func claimed(among keys: [String]) throws(StateError) -> Set<String>
    /// The keys of every claimed event, in the order they were claimed.
    func claimedKeys() throws(StateError) -> [String]

    // MARK: Audit trail

    /// Appends an override to the trail with the item's ledger fingerprint now, and records
    /// the run, in one transaction. Returns the stored entry.
    @discardableResult
    func record(_ action: OverrideEntry.Action, for item: ScheduleItem, by: String, note: String?,
                asOf: CivilDate, at instant: Date) throws(StateError) -> OverrideEntry
    /// The whole trail, oldest first (by sequence, never by clock).
    func trail() throws(StateError) -> [OverrideEntry]
    /// The latest sequence of the trail (0 when empty), in one small read: the trail is
    /// append-only, so an unchanged head is an unchanged trail (the board's cache key).
    func trailHead() throws(StateError) -> Int64

    // MARK: Runs

    /// The latest run recorded (by sequence), if any.
    func lastRun() throws(StateError) -> RunRecord?
    /// The latest run of one command (the daemon's `serve`), by sequence.
    func lastRun(command: String) throws(StateError) -> RunRecord?
    /// Records a run that sent or recorded something.
    func recordRun(command: String, asOf: CivilDate, at instant: Date) throws(StateError)
    /// The latest as-of day and the latest instant of any run, to compare a new run with.
    func latestRunMarks() throws(StateError) -> (asOf: CivilDate, at: Date)?
}

/// The SQLite store, as it is: every requirement is one of its methods.
extension StateStore: StateStoring {}
