/// How ``MailQueue`` delivers: the command, the retry schedule, what becomes of sent mail.
public struct DeliveryPolicy: Sendable, Hashable {
    public var command: SendmailCommand
    public var retry: RetryPolicy
    public var sent: SentRetention

    public init(command: SendmailCommand = .standard, retry: RetryPolicy = RetryPolicy(), sent: SentRetention = .keep(for: .seconds(30 * 86_400))) {
        self.command = command
        self.retry = retry
        self.sent = sent
    }
}

/// Exponential backoff between failed attempts, and when to stop trying.
///
/// After the n-th failed attempt the next one waits `base × 2^(n-1)`, at most `cap`:
/// with the defaults 1, 2, 4, 8 … minutes, then every 6 hours. A message still
/// undelivered `giveUpAfter` its enqueue time is moved to `failed/` at its next failure.
///
///     RetryPolicy().delay(afterFailedAttempt: 3)   // 4 minutes
public struct RetryPolicy: Sendable, Hashable {
    public var base: Duration
    public var cap: Duration
    public var giveUpAfter: Duration

    public init(base: Duration = .seconds(60), cap: Duration = .seconds(6 * 3600), giveUpAfter: Duration = .seconds(3 * 86_400)) {
        self.base = base
        self.cap = cap
        self.giveUpAfter = giveUpAfter
    }

    /// The wait after `attempts` failed attempts (1 for the first failure).
    public func delay(afterFailedAttempt attempts: Int) -> Duration {
        let doublings = max(0, min(attempts - 1, 62))
        var delay = base
        for _ in 0..<doublings {
            delay = delay * 2
            if delay >= cap { return cap }
        }
        return min(delay, cap)
    }
}

/// What happens to a message once sendmail accepted it (the delivery log keeps its
/// Message-ID either way, which is what prevents a second delivery).
public enum SentRetention: Sendable, Hashable {
    /// Deleted at once.
    case delete
    /// Moved to `sent/` and deleted once it has been there this long.
    case keep(for: Duration)
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var timeInterval: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
