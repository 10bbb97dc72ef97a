public import AsyncHTTPClient
public import Foundation
public import Logging
import NIOCore
public import Notify

/// What one ``RobotDelivery/deliver()`` pass did.
public struct RobotDeliveryReport: Sendable, Hashable {
    public var sent: [String] = []
    public var retried: [String] = []
    public var gaveUp: [String] = []
    /// Messages whose backoff or robot's rate window had not passed.
    public var waiting = 0
    /// The earliest instant a waiting message may go: when to run the next pass.
    public var nextAttempt: Date?

    public init() {}
}

/// Sends the outbox's due messages through async-http-client: each robot kept within its
/// ``RateWindow``, each reply read as its vendor documents it (``RobotReply``), each outcome
/// recorded in the outbox before the next message goes, and each send in the journal
/// (`robot-sent`, with the channel and the vendor's code; a give-up as `delivery-gave-up` at
/// priority err).
///
///     let delivery = RobotDelivery(outbox: outbox, directory: directory, http: HTTPClient.shared)
///     let report = await delivery.deliver()   // report.nextAttempt: when to come back
public struct RobotDelivery: Sendable {
    public let outbox: RobotOutbox
    public let directory: RobotDirectory
    public let http: HTTPClient
    /// How long to wait for a robot's answer; no answer counts as a timeout, retried.
    public var timeout: Duration
    private let clock: @Sendable () -> Date
    /// The time a signature carries: the vendor checks it against its own clock (within an hour).
    private let signingClock: @Sendable () -> Date
    private let record: @Sendable (EventRecord) -> Void
    private let logger: Logger

    public init(outbox: RobotOutbox, directory: RobotDirectory, http: HTTPClient, timeout: Duration = .seconds(10),
                clock: @escaping @Sendable () -> Date = { Date() },
                signingClock: @escaping @Sendable () -> Date = { Date() },
                record: @escaping @Sendable (EventRecord) -> Void = RobotDelivery.journal,
                logger: Logger = Logger(label: "xianqi.robots")) {
        self.logger = logger
        self.signingClock = signingClock
        self.outbox = outbox
        self.directory = directory
        self.http = http
        self.timeout = timeout
        self.clock = clock
        self.record = record
    }

    /// To the journal, or to standard error when journald does not take it.
    public static let journal: @Sendable (EventRecord) -> Void = { record in
        do {
            try Journal().send(record)
        } catch {
            FileHandle.standardError.write(Data("\(record.message) [journald: \(error)]\n".utf8))
        }
    }

    /// One pass: every queued message whose time has come, oldest first, until `stop` says so
    /// (checked between two messages: graceful shutdown). A robot that failed in this pass gets
    /// no more of its messages in it: a robot that is down costs one timeout a pass, not one a
    /// message, and the other robots' messages are not held behind it.
    public func deliver(until stop: () -> Bool = { false }) async -> RobotDeliveryReport {
        var report = RobotDeliveryReport()
        let pending: [RobotOutbox.Pending]
        do {
            pending = try outbox.queued()
        } catch {
            logger.error("\(error.description)")
            return report
        }
        var failing: [String: Date] = [:]
        for message in pending {
            if stop() { break }
            let now = clock()
            if let next = failing[message.channel] {
                wait(until: next, &report)
                continue
            }
            // To the millisecond: a time read back from SQLite can differ from the `Date` written
            // in its last bits, so "due now" must not hinge on them (as in the mail queue).
            if message.nextAttemptAt.timeIntervalSince(now) >= 0.001 {
                wait(until: message.nextAttemptAt, &report)
                continue
            }
            guard let channel = directory.channel(key: message.channel) else {
                fail(message, reply: .retry(code: "no-robot", reason: "配置中已没有该机器人 (the robot is no longer configured)", rateLimited: false),
                     recipient: String(message.channel.drop { $0 != ":" }.dropFirst()), &report)
                continue
            }
            let recent = (try? outbox.recentSends(channel: message.channel, now: now)) ?? []
            let slot = RateWindow(vendor: channel.endpoint.vendor, perMinute: directory.settings.perMinute)
                .nextSlot(sentAt: recent, now: now)
            if slot.timeIntervalSince(now) >= 0.001 {
                wait(until: slot, &report)
                continue
            }
            let reply = await send(message, to: channel, now: signingClock())
            switch reply {
            case .sent(let code):
                do {
                    try outbox.recordSent(message, code: code)
                } catch {
                    logger.error("\(error.description)", metadata: ["note": "\(message.noteID)"])
                }
                report.sent.append(message.noteID)
                record(sentRecord(message, channel: channel, code: code))
            case .retry:
                fail(message, reply: reply, recipient: channel.recipient, &report)
                failing[message.channel] = (try? outbox.queued().first { $0.noteID == message.noteID }?.nextAttemptAt) ?? now.addingTimeInterval(15)
            case .refused:
                fail(message, reply: reply, recipient: channel.recipient, &report)
            }
        }
        return report
    }

    private func wait(until instant: Date, _ report: inout RobotDeliveryReport) {
        report.waiting += 1
        report.nextAttempt = min(report.nextAttempt ?? instant, instant)
    }

    private func fail(_ message: RobotOutbox.Pending, reply: RobotReply, recipient: String, _ report: inout RobotDeliveryReport) {
        let (reason, rateLimited, final): (String, Bool, Bool) = switch reply {
        case .sent: ("", false, false)
        case let .retry(_, reason, rateLimited): (reason, rateLimited, false)
        case let .refused(_, reason): (reason, false, true)
        }
        let gaveUp: Bool
        do {
            gaveUp = try outbox.recordFailure(message, code: reply.code, reason: reason, rateLimited: rateLimited,
                                              final: final, giveUpAfter: directory.settings.giveUpAfter)
        } catch {
            logger.error("\(error.description)", metadata: ["note": "\(message.noteID)"])
            return
        }
        if gaveUp {
            report.gaveUp.append(message.noteID)
            record(EventRecord(
                kind: .deliveryGaveUp,
                message: "群机器人消息发送失败，已放弃：「\(message.note.title)」→ \(message.channel)，共尝试 \(message.attempts + 1) 次（\(reply.code) \(reason)）",
                unit: recipient,
                extraFields: fields(message, channel: message.channel, code: reply.code) + [JournalField("XIANQI_ROBOT_ERROR", reason)]))
        } else {
            report.retried.append(message.noteID)
            logger.warning("群机器人消息未送达，稍后重试 (robot message not delivered; retrying)", metadata: [
                "note": "\(message.noteID)", "channel": "\(message.channel)", "code": "\(reply.code)", "reason": "\(reason)",
            ])
            if let next = try? outbox.queued().first(where: { $0.noteID == message.noteID })?.nextAttemptAt {
                report.nextAttempt = min(report.nextAttempt ?? next, next)
            }
        }
    }

    private func sentRecord(_ message: RobotOutbox.Pending, channel: RobotChannel, code: String) -> EventRecord {
        EventRecord(kind: .robotSent,
                    message: "已发送\(channel.endpoint.vendor.displayName)群消息「\(message.note.title)」（\(message.items) 项，回复码 \(code)）",
                    unit: channel.recipient == RobotChannel.office ? nil : channel.recipient,
                    extraFields: fields(message, channel: channel.key, code: code))
    }

    private func fields(_ message: RobotOutbox.Pending, channel: String, code: String) -> [JournalField] {
        [JournalField("XIANQI_ROBOT_CHANNEL", channel),
         JournalField("XIANQI_ROBOT_VENDOR", String(channel.prefix { $0 != ":" })),
         JournalField("XIANQI_ROBOT_CODE", code),
         JournalField("XIANQI_ROBOT_NOTE_ID", message.noteID),
         JournalField("XIANQI_ROBOT_ITEMS", String(message.items)),
         JournalField("XIANQI_ROBOT_ATTEMPTS", String(message.attempts + 1))]
    }

    /// The POST, signed now; a timeout or a connection that fails is a retry.
    private func send(_ message: RobotOutbox.Pending, to channel: RobotChannel, now: Date) async -> RobotReply {
        let secret: String?
        do {
            secret = try channel.endpoint.secret()
        } catch {
            return .retry(code: "no-secret", reason: error.description, rateLimited: false)
        }
        let request = RobotPayload.request(message.note, endpoint: channel.endpoint, secret: secret, now: now)
        var http = HTTPClientRequest(url: request.url)
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        http.body = .bytes(request.body)
        do {
            let response = try await self.http.execute(http, timeout: .init(timeout))
            let body = try await response.body.collect(upTo: 1 << 20)
            return RobotReply(vendor: channel.endpoint.vendor, status: Int(response.status.code), body: Array(body.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .unreachable("\(error)", timedOut: true)
        } catch {
            return .unreachable("\(error)", timedOut: false)
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (s, a) = duration.components
        self = .nanoseconds(s * 1_000_000_000 + a / 1_000_000_000)
    }
}
