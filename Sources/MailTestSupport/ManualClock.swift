import Foundation
import Synchronization

/// A clock a test sets and advances by hand, for backoff and give-up ages.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date) {
        current = Mutex(start)
    }

    /// The time now.
    public var now: Date { current.withLock { $0 } }

    public func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        current.withLock { $0 = $0.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18) }
    }

    /// A closure to hand to ``Mail/MailQueue``.
    public var closure: @Sendable () -> Date {
        { [self] in self.now }
    }
}
