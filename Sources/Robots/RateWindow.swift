import Foundation

/// The vendors' limit of messages per robot per minute (企业微信, 钉钉: 20; 飞书: 100, and 5 a
/// second), kept by the sends themselves: the outbox's send times of the last minute, which
/// survive a restart, so a daemon started again does not burst past the limit.
///
///     RateWindow(perMinute: 20).nextSlot(sentAt: last20, now: now)   // the 1st of them + 60 s
public struct RateWindow: Hashable, Sendable {
    public var perMinute: Int
    /// At most this many within any second (飞书's 5 a second; the others are slower anyway).
    public var perSecond: Int

    public init(perMinute: Int = 20, perSecond: Int = 5) {
        self.perMinute = perMinute
        self.perSecond = perSecond
    }

    /// The window of a vendor's robot: `perMinute` (the `[robots]` setting, 20 by default) for
    /// all three, and 飞书's 5 a second besides.
    public init(vendor: RobotVendor, perMinute: Int) {
        self.init(perMinute: perMinute, perSecond: vendor == .feishu ? 5 : Int.max)
    }

    /// The first instant at or after `now` when one more message keeps within the limits,
    /// given the times of earlier sends (any order, any age).
    public func nextSlot(sentAt times: [Date], now: Date) -> Date {
        let minute = times.filter { now.timeIntervalSince($0) < 60 }.sorted()
        var slot = now
        if minute.count >= perMinute {
            slot = max(slot, minute[minute.count - perMinute].addingTimeInterval(60))
        }
        let second = minute.filter { now.timeIntervalSince($0) < 1 }
        if perSecond < Int.max, second.count >= perSecond {
            slot = max(slot, second[second.count - perSecond].addingTimeInterval(1))
        }
        return slot
    }
}
