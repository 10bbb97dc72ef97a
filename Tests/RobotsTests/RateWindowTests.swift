import Foundation
import Robots
import Testing

struct RateWindowTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    static func ago(_ seconds: [Double]) -> [Date] { seconds.map { now.addingTimeInterval(-$0) } }

    @Test("the next send keeps within 20 a minute and 5 a second", arguments: [
        // (seconds ago of earlier sends, seconds from now of the next slot)
        ([], 0.0),
        (Array(stride(from: 3.0, through: 60.0, by: 3.0)), 0.0),                  // 19 within the minute, one at 60 s is out
        (Array(stride(from: 2.0, through: 40.0, by: 2.0)), 20.0),                 // 20 within: the oldest (40 s ago) + 60 s
        ([0.1, 0.2, 0.3, 0.4, 0.5], 0.5),                                          // 5 in the last second: the oldest + 1 s
        ([0.1, 0.2, 0.3, 0.4, 90, 120], 0.0),
    ])
    func nextSlot(sentAgo: [Double], wait: Double) {
        let slot = RateWindow(perMinute: 20, perSecond: 5).nextSlot(sentAt: Self.ago(sentAgo), now: Self.now)
        #expect(abs(slot.timeIntervalSince(Self.now) - wait) < 0.0001)
    }
}
