import Dispatch
import Foundation
internal import CTimerFD
#if canImport(Glibc)
import Glibc
#endif

/// One alarm on the wall clock: it fires at the instant it is armed for (a reminder is due at
/// 09:00 Asia/Shanghai, not "in 8 hours"), and it also wakes when the wall clock is set
/// (settimeofday, an NTP step), because then every planned instant may have moved.
///
/// A `timerfd` on `CLOCK_REALTIME` armed with `TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET`
/// does both: it expires at the absolute time, and a read fails with `ECANCELED` when the
/// clock is set. It is watched by a Dispatch read source, so nothing polls: with nothing due
/// the alarm is armed years ahead and the process sleeps.
///
///     let alarm = try WallClockAlarm(queue: queue) { event in … }
///     alarm.arm(at: nextDue)   // nil: nothing due, sleep until the clock changes
public final class WallClockAlarm: @unchecked Sendable {
    public enum Event: Sendable, Equatable {
        /// The armed instant has come.
        case fired
        /// The wall clock was set; re-plan.
        case clockChanged
    }

    /// How far ahead an alarm with nothing due is armed (it must be armed to see clock changes).
    public static let idleHorizon: TimeInterval = 10 * 365 * 86_400

    private let fd: Int32
    private let source: DispatchSourceRead
    private let queue: DispatchQueue
    /// Only touched on `queue`.
    private var armedAt: Date?

    public init(queue: DispatchQueue, handler: @escaping @Sendable (Event) -> Void) throws(DaemonError) {
        let fd = timerfd_create(CLOCK_REALTIME, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        guard fd >= 0 else { throw .system(call: "timerfd_create", errno: errno) }
        self.fd = fd
        self.queue = queue
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [weak self] in
            guard let self else { return }
            if let event = self.drain() { handler(event) }
        }
        source.setCancelHandler { close(fd) }
        source.activate()
    }

    deinit { source.cancel() }

    /// Arms the alarm for `instant` (nil: nothing due). An instant in the past fires at once.
    /// Call on the alarm's queue.
    public func arm(at instant: Date?) {
        dispatchPrecondition(condition: .onQueue(queue))
        armedAt = instant
        let target = instant ?? Date(timeIntervalSinceNow: Self.idleHorizon)
        let seconds = max(target.timeIntervalSince1970, 1e-6)
        var spec = itimerspec()
        spec.it_value.tv_sec = time_t(seconds.rounded(.down))
        spec.it_value.tv_nsec = Int((seconds - seconds.rounded(.down)) * 1e9)
        if spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0 { spec.it_value.tv_nsec = 1 }
        let flags = Int32(TFD_TIMER_ABSTIME) | Int32(TFD_TIMER_CANCEL_ON_SET)
        if timerfd_settime(fd, flags, &spec, nil) != 0, errno == ECANCELED {
            // The clock was set between our last read and now: the next read reports it.
            _ = timerfd_settime(fd, flags, &spec, nil)
        }
    }

    /// The instant the alarm is armed for, nil when idle.
    public var armedInstant: Date? {
        dispatchPrecondition(condition: .onQueue(queue))
        return armedAt
    }

    private func drain() -> Event? {
        var expirations: UInt64 = 0
        let n = read(fd, &expirations, MemoryLayout<UInt64>.size)
        if n < 0 {
            if errno == ECANCELED {
                // Re-arm for the same instant: the cancelled state clears on the next settime.
                arm(at: armedAt)
                return .clockChanged
            }
            return nil
        }
        return expirations > 0 ? .fired : nil
    }
}
