import AsyncHTTPClient
import Foundation
import Logging
import Notices
import Robots
import ServiceLifecycle
import Synchronization

/// Sends the robots' outbox while the daemon runs, as a service of its `ServiceGroup`:
/// ``ReminderService`` asks for a pass after each batch that put something in the outbox; the
/// service also comes back by itself when a message's backoff or its robot's rate window ends
/// (``RobotDeliveryReport/nextAttempt``). A pass composes the 催办单 of what is waiting, then
/// sends what is due (``RobotDelivery``).
///
/// On graceful shutdown the message being sent finishes (within the group's bound) and no
/// other starts: the rest stays in the outbox for the next start.
///
///     let robots = RobotDeliveryService()
///     let reminders = ReminderService(options: options, mailDelivery: nil, robotDelivery: robots)
public final class RobotDeliveryService: Service, Sendable {
    /// What a pass works on: the outbox, and the robots and board link as last loaded.
    public struct Job: Sendable {
        public var outbox: RobotOutbox
        public var directory: RobotDirectory

        public init(outbox: RobotOutbox, directory: RobotDirectory) {
            self.outbox = outbox
            self.directory = directory
        }
    }

    private struct State {
        var job: Job?
        var requested = false
        var nextAttempt: Date?
    }

    private let state = Mutex(State())
    private let logger = Logger(label: "xianqi.robots")
    /// How often the loop looks for a request or a due retry.
    private let tick: Duration
    /// A pass at least this often: what another process put in the outbox (`xianqi digest
    /// --send`) goes out without a request.
    private let idlePass: Duration

    public init(tick: Duration = .milliseconds(200), idlePass: Duration = .seconds(30)) {
        self.tick = tick
        self.idlePass = idlePass
    }

    /// Asks for a pass over `job`; returns at once.
    public func request(_ job: Job) {
        state.withLock {
            $0.job = job
            $0.requested = true
        }
    }

    /// One pass now: compose, then send what is due (`serve --once`).
    @discardableResult
    public func pass(_ job: Job) async -> RobotDeliveryReport {
        do {
            try job.outbox.compose(board: job.directory.settings.boardURL.flatMap(BoardLink.init))
        } catch {
            logger.error("\(error.description)")
        }
        let delivery = RobotDelivery(outbox: job.outbox, directory: job.directory, http: HTTPClient.shared,
                                     timeout: job.directory.settings.timeout)
        // Between two messages, a graceful shutdown ends the pass: the rest stays in the outbox.
        let report = await delivery.deliver(until: { Task.isShuttingDownGracefully })
        if !report.sent.isEmpty || !report.retried.isEmpty || !report.gaveUp.isEmpty {
            logger.info("群机器人消息 (robot messages)", metadata: [
                "sent": "\(report.sent.count)", "retried": "\(report.retried.count)", "gave-up": "\(report.gaveUp.count)",
                "waiting": "\(report.waiting)",
            ])
        }
        return report
    }

    /// Serves requests and due retries until graceful shutdown.
    public func run() async {
        var lastPass = ContinuousClock.now
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let idle = ContinuousClock.now - lastPass >= idlePass
            let due: Job? = state.withLock { s in
                guard let job = s.job else { return nil }
                let retryDue = s.nextAttempt.map { $0 <= Date() } ?? false
                guard s.requested || retryDue || idle else { return nil }
                s.requested = false
                s.nextAttempt = nil
                return job
            }
            if let due {
                lastPass = ContinuousClock.now
                let report = await pass(due)
                if let next = report.nextAttempt {
                    state.withLock { $0.nextAttempt = min($0.nextAttempt ?? next, next) }
                }
                continue
            }
            try? await Task.sleep(for: tick)
        }
    }
}

extension Notice {
    /// The event as one line of a 催办单: `【逾期提醒】GX-20「确定监理单位」已逾期 21 天（完成时限 2024-10-31）`,
    /// its ledger text made safe for IM markdown.
    var robotItem: NoteItem {
        NoteItem(eventKey: event.key, kind: event.kind.name, severity: severity, tag: tag,
                 reference: event.item.shortForm, title: title, timing: timing)
    }
}
