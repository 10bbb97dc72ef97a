import Logging
import Mail
import ServiceLifecycle

/// Hands spooled mail to the MTA while the daemon runs (`xianqi serve --deliver-mail`), as a
/// service of the daemon's `ServiceGroup`. ``ReminderService`` asks for a hand-over after each
/// batch that spooled something; requests that arrive during one are merged into the next.
///
/// On graceful shutdown the hand-over in progress finishes (within the group's bound,
/// ``DaemonServices/maximumGracefulShutdownDuration``) and no other starts: what is left stays
/// in the spool for `xianqi flush` or the next start.
///
///     let delivery = MailDeliveryService()
///     let reminders = ReminderService(options: options, mailDelivery: delivery)
public final class MailDeliveryService: Service, Sendable {
    private let requests: AsyncStream<MailQueue>
    private let continuation: AsyncStream<MailQueue>.Continuation
    private let logger = Logger(label: "xianqi.mail")

    /// A service with no request yet.
    public init() {
        // Only the newest request is kept: one hand-over delivers everything queued.
        (requests, continuation) = AsyncStream.makeStream(of: MailQueue.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks for a hand-over of `queue`'s due messages; returns at once.
    public func requestHandOver(of queue: MailQueue) {
        continuation.yield(queue)
    }

    /// Hands `queue`'s due messages to the MTA now and returns when done (`serve --once`,
    /// which has nothing else to wait for).
    public func handOver(_ queue: MailQueue) async {
        do {
            let report = try await queue.deliver()
            logger.debug("邮件已交给 MTA (mail handed over)", metadata: ["report": "\(report)"])
        } catch {
            logger.error("邮件交付失败 (mail hand-over failed): \(error.description)")
        }
    }

    /// Waits for requests and serves them one at a time until graceful shutdown.
    public func run() async {
        // cancelOnGracefulShutdown ends the loop at shutdown; a hand-over already started is
        // not cancelled by it (only the group's bound cancels it).
        for await queue in requests.cancelOnGracefulShutdown() {
            await handOver(queue)
        }
        continuation.finish()
    }
}
