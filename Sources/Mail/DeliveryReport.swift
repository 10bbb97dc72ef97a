/// What one ``MailQueue/deliver(ignoringBackoff:)`` or ``MailQueue/recover()`` run did.
/// Message lists hold Message-IDs.
public struct DeliveryReport: Sendable, Hashable {
    /// Accepted by sendmail and recorded in the delivery log.
    public var delivered: [String] = []
    /// Refused or not reached; still in `new/`, next attempt after the backoff.
    public var deferred: [String] = []
    /// Failed past the give-up age: moved to `failed/`, reported to the journal.
    public var gaveUp: [String] = []
    /// Already in the delivery log (a crash came between the log and the move): moved to
    /// `sent/` without being sent again.
    public var settled: [String] = []
    /// Claims left in `cur/` by a process that died before the MTA accepted: put back in `new/`.
    public var recovered = 0
    /// Still waiting for their backoff to pass.
    public var notDue = 0
    /// Being delivered by another process (or its sendmail) right now.
    public var busy = 0
    /// Files in `new/` without a Message-ID, which xianqi did not write: moved to `failed/` unsent.
    public var setAside: [String] = []

    public init() {}
}
