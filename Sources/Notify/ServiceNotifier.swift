internal import CSystemd

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Tells systemd about the daemon's state through `sd_notify` (for `Type=notify` units).
///
/// libsystemd finds the service manager through `$NOTIFY_SOCKET`; without it every call is
/// a no-op that returns ``Delivery/noNotifySocket``, so the daemon runs the same way by hand.
///
///     let notifier = ServiceNotifier()
///     try notifier.ready()
///     try notifier.status("监视 42 项整改措施，下次检查 09:00")
///     if let interval = try notifier.watchdogInterval() { /* ping every `interval` */ }
public struct ServiceNotifier: Sendable {
    /// Whether a notification reached a service manager.
    public enum Delivery: Sendable, Equatable {
        /// The datagram was sent to `$NOTIFY_SOCKET`.
        case sent
        /// `$NOTIFY_SOCKET` is unset: not running under systemd, nothing was sent.
        case noNotifySocket
    }

    public init() {}

    /// `READY=1`: start-up is complete.
    @discardableResult
    public func ready() throws(NotifyError) -> Delivery {
        try notify("READY=1")
    }

    /// `RELOADING=1` with `MONOTONIC_USEC`, in one message, as `Type=notify-reload` requires;
    /// follow with ``ready()`` when the reload is done.
    @discardableResult
    public func reloading(monotonicMicroseconds: UInt64 = ServiceNotifier.monotonicMicroseconds()) throws(NotifyError) -> Delivery {
        try notify("RELOADING=1\nMONOTONIC_USEC=\(monotonicMicroseconds)")
    }

    /// `STOPPING=1`: shutdown has begun.
    @discardableResult
    public func stopping() throws(NotifyError) -> Delivery {
        try notify("STOPPING=1")
    }

    /// `STATUS=…`: one line shown by `systemctl status`. Line breaks become spaces,
    /// because a newline would end the assignment.
    @discardableResult
    public func status(_ text: String) throws(NotifyError) -> Delivery {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return try notify("STATUS=\(line)")
    }

    /// `WATCHDOG=1`: the keep-alive ping for `WatchdogSec=`.
    @discardableResult
    public func watchdog() throws(NotifyError) -> Delivery {
        try notify("WATCHDOG=1")
    }

    /// How often to call ``watchdog()``: half the `WatchdogSec=` interval systemd set for
    /// this process (`$WATCHDOG_USEC`, `$WATCHDOG_PID`), or nil when the watchdog is off.
    public func watchdogInterval() throws(NotifyError) -> Duration? {
        var microseconds: UInt64 = 0
        let result = sd_watchdog_enabled(0, &microseconds)
        if result < 0 { throw .watchdogQueryFailed(errno: -result) }
        guard result > 0 else { return nil }
        return .microseconds(Int64(clamping: microseconds / 2))
    }

    /// Sends a raw notification: newline-separated `NAME=value` assignments.
    @discardableResult
    public func notify(_ state: String) throws(NotifyError) -> Delivery {
        let result = sd_notify(0, state)
        if result < 0 { throw .sendFailed(errno: -result, state: state) }
        return result > 0 ? .sent : .noNotifySocket
    }

    /// `CLOCK_MONOTONIC` in microseconds, the clock `MONOTONIC_USEC` is read against.
    public static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}

/// Why a notification to the service manager failed.
public enum NotifyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `sd_notify` returned a negative errno (socket unreachable, bad `$NOTIFY_SOCKET`).
    case sendFailed(errno: Int32, state: String)
    /// `sd_watchdog_enabled` could not parse `$WATCHDOG_USEC` or `$WATCHDOG_PID`.
    case watchdogQueryFailed(errno: Int32)

    public var description: String {
        switch self {
        case .sendFailed(let code, let state):
            "sd_notify(\(String(reflecting: state))) failed: \(errorText(code)) (errno \(code))"
        case .watchdogQueryFailed(let code):
            "sd_watchdog_enabled failed: \(errorText(code)) (errno \(code))"
        }
    }
}
