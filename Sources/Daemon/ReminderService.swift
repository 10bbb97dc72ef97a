import ChineseDates
import Dispatch
import Foundation
internal import CTimerFD
import Ledger
import Logging
import Mail
import Notices
import Notify
import Robots
import Schedule
import ServiceLifecycle
import StatePostgres
import Synchronization
import Workspace
#if canImport(Glibc)
import Glibc
#endif

/// The daemon's reminder service: loads the configuration and ledgers, sends every reminder
/// and notice when it falls due — to the journal and into the mail spool — and sleeps until
/// the next one. A swift-service-lifecycle `Service`, run in the ``DaemonServices`` group,
/// which owns the signals: graceful shutdown (SIGTERM, SIGINT) and reload (SIGHUP, through
/// ``reload(reason:)``).
///
/// What to send is decided by `Schedule.CatchUpPlan` (watermark, collapse, deferral); this
/// type wires the clock, the state store, the spool and the journal to it. Its machinery runs
/// on one serial Dispatch queue: the wall-clock alarm (armed to the next due instant only),
/// the ledger directory watch (debounced reload), the watchdog ping and the batches. A batch
/// is sent in chunks of ``chunkSize`` events, each chunk its own block on the queue, so that
/// the watchdog and a reload run between chunks; a stop is honoured between any two events.
/// Each event is spooled (idempotent by its key), journaled, then claimed in the state
/// database, so that a crash anywhere sends no mail twice and loses none (docs/daemon.md).
///
/// With the state on PostgreSQL (`state` in the configuration, docs/ha.md) the daemon is one
/// of several sharing it: it takes part in the leadership (`PostgresLeadership`: a session
/// advisory lock, an epoch per leadership). Only the leader claims and sends, each claim
/// fenced by its epoch; a follower loads and watches the ledgers as the leader does, polls
/// for the lock, and takes over with a catch-up of what the old leader had not claimed. The
/// mail spool and its queue stay on this host (`state.sqlite` in the state directory holds
/// only them then). A server that cannot be reached at start is retried with backoff before
/// anything else starts; it never falls back to the local file. The one crash window across
/// hosts: a leader killed after spooling an event and before its claim committed; the next
/// leader sends that event again (at most one per kill, docs/ha.md).
///
///     let reminders = ReminderService(options: .init(configuration: "/etc/xianqi/xianqi.toml"))
///     try await DaemonServices(reminders: reminders, mailDelivery: nil).run()
public final class ReminderService: Service, @unchecked Sendable {
    /// What `xianqi serve` was asked to do.
    public struct Options: Sendable {
        /// The configuration file.
        public var configuration: String
        /// Overrides `state_directory` of the configuration.
        public var stateDirectory: String?
        /// The sendmail command of the mail queue (used when the daemon hands mail over itself).
        public var sendmail: SendmailCommand
        /// Send what is due now and return, instead of staying up (for cron, or a first try).
        public var once: Bool
        /// Seconds before the first retry of events that could not be spooled, claimed or
        /// checked against the sent log (a full disk, a damaged page); doubled on each failure,
        /// at most ``ReminderService/maximumRetryDelay``.
        public var retryDelay: Double
        /// After a reload has swapped the old state out, give the memory malloc keeps free back
        /// to the system (`malloc_trim(0)`, docs/daemon.md). Off only to measure what it does.
        public var releaseMemory: Bool
        /// With the state on PostgreSQL: how often a follower tries the leadership lock (and a
        /// leader checks that its lock session lives). A takeover comes at most this long, plus
        /// a round trip, after the leader's session ended.
        public var leadershipPoll: Duration = .seconds(1)
        /// With the state on PostgreSQL: the first wait before connecting again when the server
        /// cannot be used at start (doubled each time, at most a minute).
        public var connectRetryDelay: Double = 1

        /// Options for `configuration`; the rest as `xianqi serve` has them by default.
        public init(configuration: String, stateDirectory: String? = nil, sendmail: SendmailCommand = .standard,
                    once: Bool = false, retryDelay: Double = 60, releaseMemory: Bool = true) {
            self.configuration = configuration
            self.stateDirectory = stateDirectory
            self.sendmail = sendmail
            self.once = once
            self.retryDelay = retryDelay
            self.releaseMemory = releaseMemory
        }
    }

    /// The run record's command name: the daemon's last processed instant.
    public static let runCommand = "serve"
    /// The longest wait between retries of events that failed.
    public static let maximumRetryDelay: Double = 3600
    /// Events sent in one block on the daemon's queue. A stop is honoured between any two
    /// events; between chunks the watchdog pings and a reload or a timer gets its turn
    /// (a chunk is about 0.1–0.3 s of spool writes, journal records and claims).
    public static let chunkSize = 100

    private let options: Options
    private let mailDelivery: MailDeliveryService?
    private let robotDelivery: RobotDeliveryService?
    private let queue = DispatchQueue(label: "xianqi.daemon")
    private let logger = Logger(label: "xianqi.daemon")
    private let notifier = ServiceNotifier()
    private let journal = Journal()
    /// Set by graceful shutdown, from the group's task: read by the batch between events,
    /// without waiting for the queue.
    private let stopRequested = Atomic<Bool>(false)

    // State below is touched only on `queue`.
    private var loaded: Loaded?
    private var store: (any StateStoring)?
    /// The SQLite file in the state directory: the state itself, or with the state on
    /// PostgreSQL only this host's mail queue.
    private var localStore: StateStore?
    /// With the state on PostgreSQL: this daemon's part in the leadership.
    private var leadership: PostgresLeadership?
    /// The epoch this daemon leads under and since when, as last heard (on `queue`).
    private var leading: (epoch: Int64, since: Date)?
    /// Refreshes the status line of a follower (who leads changes elsewhere).
    private var statusTimer: DispatchSourceTimer?
    private var mail: MailQueue?
    /// In front of the mail queue: the events of a batch by recipient, one message each (a 催办单).
    private var mailOutbox: MailOutbox?
    /// The IM robots' outbox, on the state store's pool beside the mail queue.
    private var robotOutbox: RobotOutbox?
    private var alarm: WallClockAlarm?
    private var watcher: DirectoryWatcher?
    private var watchdog: DispatchSourceTimer?
    private var lock: StateDirectoryLock?
    private var failures = 0
    /// The wait before the next retry while events keep failing; nil when the last run had none.
    private var retryDelay: Double?
    /// The run instant a batch could not record (the state database failed): the next record
    /// stays no later than it, so that what that batch left pending is looked at again.
    private var heldBack: Date?
    /// The batch being sent, chunk by chunk; nil between batches.
    private var batch: Batch?
    /// A run asked for while a batch was being sent (a timer, a reload): made when it ends.
    private var processAgain: (reason: String, announce: Bool)?
    /// Called once the batch in flight (or the next one asked for) has ended.
    private var afterBatch: [() -> Void] = []

    /// What one successful load gives; a failed reload keeps the previous one.
    struct Loaded {
        /// The configuration, the calendar and the ledgers (those of `ledgers`).
        let workspace: Workspace
        /// Each ledger with the fingerprint of what it was read from: a reload reads again
        /// only the files whose content changed.
        let ledgers: LedgerSet
        let settings: ReminderSettings
        /// The group robots of the units and the office (`[units."…"] wecom = …`, `[robots]`).
        let robots: RobotDirectory
        let schedule: ReminderSchedule
        /// Where each ledger's items are in `schedule.agenda.items`, by path.
        let itemRanges: [String: Range<Int>]
        let stateDirectory: String
        /// The day fixed by the configuration's `today` (replaying a day), or nil to follow the clock.
        let fixedDay: CivilDate?
        /// Ledgers (and patterns) that could not be read this time, and of them those held as last read.
        let unreadable: [String]
        let stale: [String]
    }

    /// A batch being sent: the plan of its run and how far it got.
    private struct Batch {
        let reason: String
        let announce: Bool
        let loaded: Loaded
        let store: any StateStoring
        let plan: CatchUpPlan
        /// The index in `plan.send` of the next event to send.
        var next = 0
        var sent = 0
        /// Events that could not be checked, spooled or claimed: pending, retried.
        var failed: [ReminderEvent]
        /// With the state on PostgreSQL, a claim failed (the server gone, the epoch moved on):
        /// the batch stops there, so that no further event is spooled without its claim (each
        /// such event would be sent again by the next leader). The rest is retried.
        var halted = false
    }

    /// A service for `options`; `mailDelivery`, when given, hands spooled mail to the MTA
    /// after each batch, and `robotDelivery` sends the robots' outbox (each must be in the same
    /// ``DaemonServices`` group).
    public init(options: Options, mailDelivery: MailDeliveryService? = nil, robotDelivery: RobotDeliveryService? = nil) {
        self.options = options
        self.mailDelivery = mailDelivery
        self.robotDelivery = robotDelivery
    }

    /// Sets everything up, sends what is due, tells systemd it is ready, and runs until
    /// graceful shutdown; with `once`, returns after the first batch (and its mail hand-over).
    /// On shutdown the event being sent finishes, the run is recorded (before the first event
    /// not sent), and the store is closed. Throws when the configuration, a ledger or the state
    /// cannot be loaded at start.
    public func run() async throws {
        do {
            try await withGracefulShutdownHandler {
                guard try await self.openSharedState() else { return }
                try await self.onQueue { try self.setUp() }
                await self.processAndWait(reason: "start")
                if self.options.once {
                    if let mailDelivery = self.mailDelivery, let mail = await self.onQueue({ self.mail }) {
                        await mailDelivery.handOver(mail)
                    }
                    if let robotDelivery = self.robotDelivery, let job = await self.onQueue({ self.robotJob() }) {
                        await robotDelivery.pass(job)
                    }
                    return
                }
                guard !self.stopRequested.load(ordering: .relaxed) else { return }
                await self.onQueue {
                    _ = try? self.notifier.ready()
                    self.updateStatus()
                }
                // Cancellation (past the shutdown bound) ends the wait as well.
                try? await gracefulShutdown()
            } onGracefulShutdown: {
                self.requestStop()
            }
        } catch {
            await tearDown()
            throw error
        }
        await tearDown()
    }

    /// How many due events could not be spooled, claimed or checked against the sent log since
    /// start: they stay pending and go out on a later run. `serve --once` exits non-zero
    /// when this is not 0.
    public var failedEvents: Int { queue.sync { failures } }

    /// The ledgers the last load could not read (held as last read, or left out).
    public var unreadableLedgers: [String] { queue.sync { loaded?.unreadable ?? [] } }

    /// With the state on PostgreSQL: connects the leadership and the store, retrying with
    /// backoff (each failure in the journal and in STATUS=, naming the setting) until it works
    /// or a shutdown is asked for (false then). With `once`, the first failure is thrown.
    /// Nothing else is started before it succeeds. True at once for the SQLite state.
    private func openSharedState() async throws -> Bool {
        let config = try Configuration(contentsOf: options.configuration)
        guard let setting = config.state.postgresql else { return true }
        var delay = options.connectRetryDelay
        while !stopRequested.load(ordering: .relaxed) {
            do {
                try await onQueue { try self.connect(setting) }
                return true
            } catch {
                let message = "\(error)；\(Int(delay.rounded(.up))) 秒后重试 (retrying in \(Int(delay.rounded(.up))) s)"
                logger.error("状态数据库不可用，未启动 (the PostgreSQL state cannot be used; nothing started): \(message)",
                             metadata: ["setting": "\(setting.setting)", "source": "\(setting.source)"])
                if options.once { throw error }
                _ = try? notifier.status("状态数据库不可用，重试中 (PostgreSQL state unavailable, retrying): \(error)")
                let until = ContinuousClock.now.advanced(by: .milliseconds(Int(delay * 1000)))
                while ContinuousClock.now < until, !stopRequested.load(ordering: .relaxed) {
                    try? await Task.sleep(for: .milliseconds(100))
                }
                delay = min(delay * 2, 60)
            }
        }
        return false
    }

    /// Opens this daemon's leadership session and the store that claims under its epoch.
    private func connect(_ setting: PostgreSQLState) throws {
        dispatchPrecondition(condition: .onQueue(queue))
        let configuration = try ConfiguredState.postgresConfiguration(setting)
        let leadership: PostgresLeadership
        do {
            leadership = try PostgresLeadership(configuration: configuration, holder: Self.holderName(),
                                                logger: Logger(label: "xianqi.leadership"))
        } catch {
            throw ConfiguredStateError(message: setting.message(error), setting: setting)
        }
        store = try ConfiguredState.openPostgreSQL(setting, leadership: leadership, logger: Logger(label: "xianqi.state"))
        self.leadership = leadership
    }

    /// `host:pid`, as `leadership.holder` and the status line show this daemon.
    static func holderName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count) == 0 ? String(cString: buffer) : "localhost"
        return "\(host):\(getpid())"
    }

    private func setUp() throws {
        dispatchPrecondition(condition: .onQueue(queue))
        let (loaded, _) = try load()
        lock = try StateDirectoryLock(directory: loaded.stateDirectory)
        let local = try StateStore(directory: loaded.stateDirectory)
        localStore = local
        if store == nil { store = local }
        self.loaded = loaded
        mail = try openMail(loaded, store: local)
        _ = try? mail?.recover()
        mailOutbox = mail.map { MailOutbox(queue: $0) }
        robotOutbox = try RobotOutbox(sharing: local.sharedWriter(), clock: { Date() })
        alarm = try WallClockAlarm(queue: queue) { [weak self] event in self?.alarmEvent(event) }
        watcher = try DirectoryWatcher(queue: queue) { [weak self] paths in self?.filesChanged(paths) }
        try watchFiles(of: loaded)
        startWatchdog()
        logger.info("xianqi 启动 (started)", metadata: [
            "measures": "\(loaded.ledgers.measureCount)", "state": "\(store?.path ?? loaded.stateDirectory)",
            "today": "\(loaded.fixedDay?.description ?? "clock")",
        ])
        startLeadership()
    }

    // MARK: - Leadership

    /// With the state on PostgreSQL: `once` tries the lock once (a follower sends nothing and
    /// says who leads); a daemon polls, and hears each change on its queue.
    private func startLeadership() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let leadership else { return }
        if options.once {
            do {
                if let epoch = try leadership.tryAcquire() { leading = (epoch, Date()) }
            } catch {
                logger.error("\(error.description)")
            }
            if leading == nil { logger.notice("\(followerText())") }
            return
        }
        leadership.start(every: options.leadershipPoll) { [weak self] epoch in
            guard let self else { return }
            self.queue.async { self.leadershipChanged(epoch) }
        }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + 5, repeating: 5, leeway: .milliseconds(500))
        timer.setEventHandler { [weak self] in self?.updateStatus() }
        timer.activate()
        statusTimer = timer
    }

    /// This daemon now leads (an epoch) or no longer does (nil): the journal and STATUS= say
    /// so, and a new leader sends at once what the old one had not claimed.
    private func leadershipChanged(_ epoch: Int64?) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !stopRequested.load(ordering: .relaxed), let leadership else { return }
        if let epoch {
            let since = (try? (store as? PostgresStateStore)?.leader())?.since ?? Date()
            leading = (epoch, since)
            logger.notice("成为主实例，开始发送 (now leading: this instance claims and sends)", metadata: [
                "holder": "\(leadership.holder)", "epoch": "\(epoch)", "since": "\(InstantText.format(since))",
            ])
            // The ledgers and the trail as they are now, not as this follower last loaded them:
            // a ledger edit it missed (one written between its load and its watch), or a
            // `done` on another host, must count before it sends. A load that fails keeps
            // the last good state, as a reload does.
            do {
                let (fresh, _) = try load()
                loaded = fresh
                try? watchFiles(of: fresh)
            } catch {
                logger.error("接管时重新载入失败，沿用上次的台账 (reload at takeover failed, keeping the last good state): \(error)")
            }
            process(reason: "takeover", announce: true)
        } else {
            leading = nil
            logger.warning("不再是主实例，停止发送 (no longer leading: this instance stops sending)", metadata: [
                "holder": "\(leadership.holder)",
            ])
        }
        updateStatus()
    }

    /// Whether this daemon may claim now: always with SQLite; with PostgreSQL while its lock
    /// session lives (the claim itself is fenced by the epoch as well).
    private var mayClaim: Bool {
        guard let leadership else { return true }
        return leadership.epoch != nil
    }

    /// Who leads, for a follower's status line and journal.
    private func followerText() -> String {
        let row = (try? (store as? PostgresStateStore)?.leader()) ?? nil
        let zone = loaded?.workspace.configuration.timeZone ?? .current
        guard let row else { return "备用实例 (follower)；尚无主实例 (no leader yet)" }
        return "备用实例 (follower)；主实例 (leader) \(row.holder)，第 \(row.epoch) 任，自 \(OfficeTime(zone: zone).secondText(row.since))"
    }

    /// Graceful shutdown asked for (any thread): the batch stops before its next event.
    private func requestStop() {
        guard !stopRequested.exchange(true, ordering: .relaxed) else { return }
        _ = try? notifier.stopping()
        logger.info("xianqi 停止 (stopping)")
    }

    /// Once no batch is in flight: the timers and watches stopped, the store and the mail
    /// queue closed, the state directory's lock released.
    private func tearDown() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async { [self] in whenIdle { [self] in
                watchdog?.cancel()
                watchdog = nil
                statusTimer?.cancel()
                statusTimer = nil
                alarm = nil
                watcher = nil
                // Ends the lock session: a follower takes over at its next poll.
                leadership?.stop()
                leadership = nil
                leading = nil
                (store as? PostgresStateStore)?.close()
                store = nil
                localStore = nil
                mail = nil
                mailOutbox = nil
                robotOutbox = nil
                lock = nil
                done.resume()
            } }
        }
    }

    /// Runs `body` now if no batch is being sent, else when it ends.
    private func whenIdle(_ body: @escaping () -> Void) {
        dispatchPrecondition(condition: .onQueue(queue))
        if batch == nil { body() } else { afterBatch.append { [self] in whenIdle(body) } }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }

    /// A run (``process(reason:announce:)``), returning when its batch has ended.
    private func processAndWait(reason: String) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async { [self] in
                afterBatch.append { done.resume() }
                process(reason: reason, announce: false)
            }
        }
    }

    // MARK: - Loading

    /// Reads the configuration, and the ledgers whose content changed since the last good
    /// load (all of them at start, or when the configuration or the reference day changed).
    /// Throws, changing nothing, when the configuration or a ledger cannot be read.
    private func load() throws -> (Loaded, LedgerSet.Report) {
        let config = try Configuration(contentsOf: options.configuration)
        for problem in config.addressProblems { logger.warning("\(problem.warningDescription)") }
        let settings = try ReminderSettings(section: config.section("reminders"), timeZone: config.timeZone,
                                            path: config.path, line: config.line(of:))
        let robots = try RobotDirectory(units: config.section("units"), office: config.section("office"),
                                        robots: config.section("robots"), digest: config.section("digest"), path: config.path,
                                        resolve: config.resolve)
        // The day as Workspace.load takes it.
        let day = config.today ?? OfficeTime(zone: config.timeZone).day(of: Date())
        let (ledgers, report) = LedgerSet.load(config, day: day, previous: loaded?.ledgers)
        // One unreadable ledger does not stop the daemon: the others are served, its last good
        // copy is kept where there is one, and the error is in the journal and in STATUS=.
        let stale = Set(report.stale)
        for problem in report.unreadable {
            let kept = stale.contains(problem.file)
            logger.error("\(problem.description)\(kept ? "；沿用上次读取的内容 (keeping the last good copy)" : "；其中的措施未载入 (its measures are not loaded)")",
                         metadata: ["file": "\(problem.file)"])
        }
        let (calendar, calendarProblem) = Workspace.calendar(of: config)
        let workspace = Workspace(configuration: config, ledgers: ledgers.ledgers, unreadable: [],
                                  calendar: calendar, calendarProblem: calendarProblem, today: day)
        let directory = options.stateDirectory ?? config.resolve(config.stateDirectory)
        if let setting = config.state.postgresql, let open = store as? PostgresStateStore,
           setting.url != (loaded?.workspace.configuration.state.postgresql?.url ?? setting.url) {
            logger.warning("state 设置已更改，重启后生效 (the state setting changed: restart to use it); 仍用 (still using) \(open.path)")
        }
        let trail: [OverrideEntry]
        if let shared = store as? PostgresStateStore {
            // The shared trail, or no load at all: without it, items done on another host
            // would be reminded again.
            trail = try shared.trail()
        } else {
            // A reload reads the trail through the store already open; the first load, before
            // the store is opened, through a read-only one.
            let reader = localStore.flatMap { $0.directory == directory ? $0 : nil } ?? (try? StateStore.existing(in: directory))
            trail = (try? reader?.trail()) ?? []
        }
        let (agenda, itemRanges) = Self.agenda(of: ledgers, report: report, trail: trail, previous: loaded)
        // Errors of the ledgers read (those of a ledger kept were logged when it was read),
        // duplicate ids across ledgers included.
        for issue in report.full ? workspace.issues : ledgers.issues(ofRead: report.read) where issue.severity == .error {
            logger.warning("\(issue.description)")
        }
        return (Loaded(workspace: workspace, ledgers: ledgers, settings: settings, robots: robots,
                       schedule: ReminderSchedule(agenda: agenda, settings: settings, calendar: workspace.calendar),
                       itemRanges: itemRanges, stateDirectory: directory, fixedDay: config.today,
                       unreadable: report.unreadable.map(\.file), stale: report.stale), report)
    }

    /// The agenda of `ledgers` with `trail` applied, and where each ledger's items are in it.
    /// Nothing read and the same trail: the previous agenda as it is. Otherwise the items of
    /// the ledgers kept are taken from the previous agenda (as the ledgers state them) and
    /// only the ledgers read are made into items; the trail is applied to them all again (it
    /// may have changed without a file changing: `xianqi done`).
    static func agenda(of ledgers: LedgerSet, report: LedgerSet.Report, trail: [OverrideEntry],
                       previous: Loaded?) -> (Agenda, [String: Range<Int>]) {
        let paths = ledgers.entries.map(\.path)
        if let previous, !report.full, report.read.isEmpty, previous.ledgers.entries.map(\.path) == paths,
           previous.schedule.agenda.trail == trail {
            return (previous.schedule.agenda, previous.itemRanges)
        }
        let old = report.full ? nil : previous
        let oldItems = old.map { $0.schedule.agenda.ledgerItems } ?? []
        var items: [ScheduleItem] = []
        items.reserveCapacity(old?.schedule.agenda.items.count ?? 0)
        var ranges: [String: Range<Int>] = [:]
        let read = Set(report.read)
        for entry in ledgers.entries {
            let start = items.count
            if !read.contains(entry.path), let range = old?.itemRanges[entry.path] {
                items += oldItems[range]
            } else {
                items += Agenda(tables: [entry.ledger.table]).ledgerItems
            }
            ranges[entry.path] = start..<items.count
        }
        return (Agenda(ledgerItems: items, trail: trail), ranges)
    }

    /// The mail queue on the state store's own pool (one pool per file).
    private func openMail(_ loaded: Loaded, store: StateStore) throws -> MailQueue {
        let spool = MailSpool(directory: StatePaths(directory: loaded.stateDirectory).spool)
        return try MailQueue(spool: spool, sharing: store.sharedWriter(), policy: DeliveryPolicy(command: options.sendmail),
                             clock: { Date() })
    }

    /// Reads the configuration and the changed ledgers again, then sends what the new state
    /// owes now (SIGHUP: ``DaemonServices/reloadSignals``). Returns at once; the reload runs on
    /// the daemon's queue, between the chunks of a batch being sent.
    public func reload(reason: String) {
        queue.async { [self] in
            guard !stopRequested.load(ordering: .relaxed), loaded != nil else { return }
            reloadOnQueue(reason: reason)
        }
    }

    private func reloadOnQueue(reason: String) {
        dispatchPrecondition(condition: .onQueue(queue))
        _ = try? notifier.reloading()
        let began = ContinuousClock.now
        do {
            let (fresh, report) = try load()
            // The old state goes here: nothing else holds it (process and the notices take
            // `loaded` afresh each time; no block keeps it).
            loaded = fresh
            try? watchFiles(of: fresh)
            let name = { (path: String) in (path as NSString).lastPathComponent }
            logger.info("已重新载入 (reloaded)", metadata: [
                "reason": "\(reason)", "measures": "\(fresh.ledgers.measureCount)",
                "read": "\(report.read.map(name).joined(separator: ","))", "kept": "\(report.kept.count)",
                "full": "\(report.full)", "seconds": "\(Self.seconds(since: began))",
            ])
            process(reason: "reload", announce: false)
            if options.releaseMemory { releaseFreeMemory() }
        } catch {
            let message = "重新载入失败，继续使用上次的台账 (reload failed, keeping the last good state): \(error)"
            logger.error("\(message)")
            try? journal.send(EventRecord(kind: .reloadFailed, message: message, source: options.configuration))
        }
        _ = try? notifier.ready()
        updateStatus()
    }

    // MARK: - Sending

    /// Sends every event due by now that was not sent before (as `CatchUpPlan` decides), in
    /// chunks, then arms the alarm for the next. Asked for while a batch is being sent, it
    /// runs when that batch ends.
    private func process(reason: String, announce: Bool = true) {
        dispatchPrecondition(condition: .onQueue(queue))
        if batch != nil {
            processAgain = (reason, announce || (processAgain?.announce ?? false))
            return
        }
        guard !stopRequested.load(ordering: .relaxed), let loaded, let store, mayClaim else {
            // A follower only arms its alarm: the leader sends.
            if let loaded, !mayClaim { arm(deferred: nil, retry: nil, loaded: loaded, after: Date()) }
            runAfterBatch()
            return
        }
        let clock = Date()
        let zone = loaded.workspace.configuration.timeZone
        let today = loaded.fixedDay ?? OfficeTime(zone: zone).day(of: clock)
        if let latest = try? store.latestRunMarks(), let warning = ClockWarning.check(asOf: today, now: clock, latest: latest) {
            logger.warning("\(warning.description)")
        }
        let lastRun = loaded.fixedDay != nil ? nil : (try? store.lastRun(command: Self.runCommand))?.map(\.at)
        let window = CatchUpPlan.Window(schedule: loaded.schedule, lastRun: lastRun, clock: clock, replaying: loaded.fixedDay)
        // The sent log read once for all of them; if that fails, event by event, so that each
        // event that cannot be checked is known. A read error is never "already sent".
        var lastReadError: StateError?
        let claimed = try? store.claimed(among: window.due.map(\.key))
        let plan = CatchUpPlan(window: window, schedule: loaded.schedule) { event in
            if let claimed { return claimed.contains(event.key) ? .claimed : .unclaimed }
            do throws(StateError) {
                return try store.isClaimed(event.key) ? .claimed : .unclaimed
            } catch {
                lastReadError = error
                return .unknown
            }
        }
        if let lastReadError {
            let message = "发送记录无法读取，\(plan.unchecked.count) 项提醒未发送，保留待发 (the sent log cannot be read: "
                + "\(plan.unchecked.count) due events were not sent and stay pending): \(lastReadError.description)"
            logger.error("\(message)", metadata: ["state": "\(store.path)"])
        }
        var failed = plan.unchecked
        for event in plan.collapsed {
            do throws(StateError) {
                _ = try store.claim(event, at: clock)
            } catch {
                logger.error("\(error.description)", metadata: ["event": "\(event.key)"])
                failed.append(event)
            }
        }
        if let mail, !plan.send.isEmpty {
            // A spool folder removed while the daemon runs (by hand, a clean-up job) is made again.
            do {
                try mail.spool.prepare()
            } catch {
                logger.error("\(error.description)")
            }
        }
        batch = Batch(reason: reason, announce: announce, loaded: loaded, store: store, plan: plan, failed: failed)
        sendChunk()
    }

    /// Sends the next ``chunkSize`` events of the batch, stopping between two events when a
    /// stop was asked for; the next chunk is a new block on the queue.
    private func sendChunk() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard var b = batch else { return }
        let end = min(b.next + Self.chunkSize, b.plan.send.count)
        while b.next < end, !stopRequested.load(ordering: .relaxed), mayClaim, !b.halted {
            let event = b.plan.send[b.next]
            switch deliver(event, loaded: b.loaded, store: b.store, at: b.plan.window.clock) {
            case true?: b.sent += 1
            case false?: break  // claimed meanwhile by another process: sent there
            case nil:
                b.failed.append(event)
                if leadership != nil { b.halted = true }
            }
            b.next += 1
        }
        batch = b
        if b.next < b.plan.send.count, !stopRequested.load(ordering: .relaxed), mayClaim, !b.halted {
            queue.async { [self] in sendChunk() }
        } else {
            finishBatch()
        }
    }

    /// Records the run (before the first event left pending), schedules a retry of what
    /// failed, asks for the mail hand-over and arms the alarm.
    private func finishBatch() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let b = batch else { return }
        batch = nil
        let clock = b.plan.window.clock
        let notSent = Array(b.plan.send[b.next...])
        // Every batch, even one that sent nothing: what a crash or a failed spool left in the
        // outbox goes now.
        let made = flushMail(loaded: b.loaded, at: clock)
        var retryAt: Date?
        if !b.failed.isEmpty || made == nil {
            // An outbox that could not be made into mail or spooled counts as a failure too
            // (`--once` exits 75; its events stay in the outbox for the next run).
            failures += b.failed.count + (made == nil ? 1 : 0)
            // Retried by the daemon itself, with backoff: the next scheduled event may be days away.
            let delay = min(retryDelay.map { $0 * 2 } ?? options.retryDelay, Self.maximumRetryDelay)
            retryDelay = delay
            retryAt = clock.addingTimeInterval(delay)
            logger.notice("\(b.failed.count) 项提醒未能发送\(made == nil ? "，邮件未能生成或放入队列" : "")，\(Int(delay)) 秒后重试 (events failed; retrying in \(Int(delay)) s)")
        } else {
            retryDelay = nil
        }
        let through = min(heldBack ?? .distantFuture, b.plan.watermark(pending: b.failed + notSent))
        do {
            // A deposed leader records no run: the watermark is the leader's.
            if mayClaim { try b.store.recordRun(command: Self.runCommand, asOf: b.plan.window.today, at: through) }
            heldBack = nil
        } catch {
            heldBack = through
            logger.error("\(error.description)")
        }
        if b.sent > 0 || !b.plan.collapsed.isEmpty {
            logger.info("已发送提醒 (sent)", metadata: ["reason": "\(b.reason)", "sent": "\(b.sent)",
                                                    "collapsed": "\(b.plan.collapsed.count)", "messages": "\(made?.composed ?? 0)"])
        }
        if (made?.spooled ?? 0) > 0, !options.once, let mail { mailDelivery?.requestHandOver(of: mail) }
        // Every batch, even one that sent nothing: what a crash left composed or unsent goes now.
        if !options.once, let job = robotJob() { robotDelivery?.request(job) }
        if !notSent.isEmpty, b.halted {
            logger.notice("共享状态写入失败，本批暂停：\(notSent.count) 项提醒稍后重试 (a claim failed: the batch stops; the rest is retried)",
                          metadata: ["sent": "\(b.sent)", "pending": "\(notSent.count)"])
        } else if !notSent.isEmpty, !mayClaim {
            logger.notice("不再是主实例：\(notSent.count) 项提醒留给新的主实例 (leadership lost: events left to the new leader)",
                          metadata: ["sent": "\(b.sent)", "pending": "\(notSent.count)"])
        } else if !notSent.isEmpty {
            logger.notice("停止时 \(notSent.count) 项提醒尚未发送，下次运行补发 (stopped: events left for the next run)",
                          metadata: ["sent": "\(b.sent)", "pending": "\(notSent.count)"])
        }
        arm(deferred: b.plan.wakeUp, retry: retryAt, loaded: b.loaded, after: clock)
        if b.announce { updateStatus() }
        runAfterBatch()
        if let again = processAgain, batch == nil {
            processAgain = nil
            if !stopRequested.load(ordering: .relaxed) { process(reason: again.reason, announce: again.announce) }
        }
    }

    private func runAfterBatch() {
        let waiting = afterBatch
        afterBatch = []
        waiting.forEach { $0() }
    }

    /// Spool (idempotent), journal, claim: a crash before the claim repeats at most the
    /// journal record, never the mail. True when sent and claimed, false when another process
    /// claimed it first, nil when it could not be spooled or claimed (it stays pending).
    private func deliver(_ event: ReminderEvent, loaded: Loaded, store: any StateStoring, at clock: Date) -> Bool? {
        let measure = loaded.ledgers.measure(id: event.item.measureID)
        let notice = Notice(event: event, item: loaded.schedule.agenda.item(event.item), measure: measure)
        for (address, problem) in notice.invalidRecipients {
            logger.error("收件地址无效，已跳过该收件人 (invalid recipient address: left out of the message)",
                         metadata: ["event": "\(event.key)", "address": "\(address)", "problem": "\(problem)",
                                    "unit": "\(notice.unitName)"])
        }
        // Into the mail outbox, before the claim: made into the recipient's message of the day
        // (one per recipient and day, UrgeMail) once the batch ends.
        if let mailOutbox, let item = notice.mailItem(date: clock) {
            do {
                try mailOutbox.enqueue(item)
            } catch {
                logger.error("邮件未能放入发送队列 (could not put the event in the mail outbox): \(error.description)",
                             metadata: ["event": "\(event.key)"])
                return nil
            }
        } else if notice.recipients.to.isEmpty {
            logger.notice("没有收件地址，只记入日志 (no address: journal only)", metadata: ["unit": "\(notice.unitName)"])
        }
        // Into the robots' outbox of every channel of the unit (and the office's, on escalation),
        // once per event and channel, before the claim: a claimed event is always in the outbox.
        if let robotOutbox {
            let channels = loaded.robots.channels(unit: notice.unitName, toOffice: notice.isEscalation)
            do {
                try robotOutbox.enqueue(notice.robotItem, channels: channels, day: event.day.description)
            } catch {
                logger.error("群机器人消息未能放入发送队列 (could not put the event in the robots' outbox): \(error.description)",
                             metadata: ["event": "\(event.key)"])
                return nil
            }
        }
        do {
            try journal.send(notice.record)
        } catch {
            FileHandle.standardError.write(Data("\(notice.message) [journald: \(error)]\n".utf8))
        }
        do {
            return try store.claim(event, at: clock)
        } catch {
            logger.error("\(error.description)", metadata: ["event": "\(event.key)"])
            return nil
        }
    }

    /// Makes the events in the mail outbox into one message per recipient and day and spools
    /// them (what a crash left there too). Nil on a failure, which is logged: the events stay
    /// in the outbox, and the daemon tries again with the backoff of failed events.
    private func flushMail(loaded: Loaded, at clock: Date) -> MailOutbox.FlushReport? {
        guard let mailOutbox else { return MailOutbox.FlushReport() }
        let config = loaded.workspace.configuration
        let sender = config.mailFrom ?? "xianqi@localhost.localdomain"
        let board = loaded.robots.settings.boardURL.flatMap(BoardLink.init)
        do {
            // A spool folder removed while the daemon runs (by hand, a clean-up job) is made again.
            try mailOutbox.queue.spool.prepare()
            return try mailOutbox.flush(compose: { batch in
                UrgeMail.message(batch, from: sender, date: clock, boardPage: { unit in
                    guard let board else { return nil }
                    return unit.map(board.unitPage) ?? board.url
                })
            }, options: RenderOptions(timeZone: config.timeZone))
        } catch {
            logger.error("邮件未能放入发送队列 (could not spool the mail of the outbox): \(error.description)")
            return nil
        }
    }

    /// The robots' pass over the outbox with the robots as last loaded; nil when none is configured.
    private func robotJob() -> RobotDeliveryService.Job? {
        guard let robotOutbox, let loaded, !loaded.robots.isEmpty else { return nil }
        return RobotDeliveryService.Job(outbox: robotOutbox, directory: loaded.robots)
    }

    // MARK: - Timer

    private func arm(deferred: Date?, retry: Date?, loaded: Loaded, after clock: Date) {
        guard let alarm else { return }
        // Replaying a fixed day: everything of that day was sent (or is retried); sleep until told otherwise.
        if loaded.fixedDay != nil {
            alarm.arm(at: retry)
            return
        }
        let next = loaded.schedule.nextWakeup(after: clock)
        let candidates = [next, deferred, retry].compactMap { $0 }
        alarm.arm(at: candidates.min())
    }

    private func alarmEvent(_ event: WallClockAlarm.Event) {
        switch event {
        case .fired:
            process(reason: "timer")
        case .clockChanged:
            logger.notice("系统时钟已调整，重新计算提醒时间 (wall clock changed: re-planning)")
            process(reason: "clock")
        }
    }

    private func updateStatus() {
        guard let loaded, let alarm else { return }
        let today = loaded.fixedDay ?? CivilDate(Date(), in: loaded.workspace.configuration.timeZone)
        let overdue = Self.overdueCount(loaded.schedule.agenda, asOf: today)
        let next = alarm.armedInstant.map { "下次 \(OfficeTime(zone: loaded.workspace.configuration.timeZone).minuteText($0))" } ?? "无待发提醒"
        var status = "\(loaded.ledgers.measureCount) 项措施，逾期 \(overdue) 项，\(next)"
        if let leadership {
            if let leading {
                status += "；主实例 (leader) \(leadership.holder)，第 \(leading.epoch) 任，自 \(OfficeTime(zone: loaded.workspace.configuration.timeZone).secondText(leading.since))"
            } else {
                status += "；" + followerText()
            }
        }
        if !loaded.unreadable.isEmpty {
            status += "；\(loaded.unreadable.count) 个台账无法读取"
                + (loaded.stale.isEmpty ? "" : "（\(loaded.stale.count) 个沿用上次内容）")
                + "：" + loaded.unreadable.map { ($0 as NSString).lastPathComponent }.joined(separator: "、")
        }
        guard status != lastStatus else { return }
        lastStatus = status
        _ = try? notifier.status(status)
    }

    private var lastStatus: String?

    /// How many items `Agenda.overdue(asOf:calendar:)` lists, without making the list (sorted
    /// and with working days counted: a tenth of a reload at 100 000 measures, for one number).
    static func overdueCount(_ agenda: Agenda, asOf day: CivilDate) -> Int {
        let today = day.dayNumber
        var count = 0
        for i in agenda.items.indices {
            guard agenda.items[i].isOpen, !agenda.items[i].coincidesWithMeasure,
                  case .deadline(let due) = agenda.items[i].timing, due.dayNumber < today else { continue }
            count += 1
        }
        return count
    }

    // MARK: - Files, watchdog

    private func watchFiles(of loaded: Loaded) throws {
        let config = loaded.workspace.configuration
        var directories: Set<String> = [(config.path as NSString).deletingLastPathComponent.isEmpty ? "." : (config.path as NSString).deletingLastPathComponent]
        watchedFiles = [Self.absolute(config.path)]
        for ledger in loaded.workspace.ledgers {
            let dir = (ledger.path as NSString).deletingLastPathComponent
            directories.insert(dir.isEmpty ? "." : dir)
            watchedFiles.insert(Self.absolute(ledger.path))
        }
        watchedFiles.insert(Self.absolute(config.holidayFilePath))
        try watcher?.watch(directories: Set(directories.map(Self.absolute)))
    }

    private var watchedFiles: Set<String> = []

    private func filesChanged(_ paths: [String]) {
        let relevant = paths.filter { watchedFiles.contains($0) || $0.hasSuffix(".toml") || $0.hasSuffix(".yaml")
            || $0.hasSuffix(".yml") || $0.hasSuffix(".csv") || $0.hasSuffix(".xlsx") }
        guard !relevant.isEmpty, !stopRequested.load(ordering: .relaxed) else { return }
        reloadOnQueue(reason: "changed: \(relevant.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))")
    }

    private func startWatchdog() {
        guard let interval = try? notifier.watchdogInterval() else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let nanoseconds = Int(interval.components.seconds) * 1_000_000_000 + Int(interval.components.attoseconds / 1_000_000_000)
        timer.schedule(deadline: .now(), repeating: .nanoseconds(max(nanoseconds, 1_000_000)), leeway: .milliseconds(100))
        timer.setEventHandler { [weak self] in _ = try? self?.notifier.watchdog() }
        timer.activate()
        watchdog = timer
    }

    // MARK: - Memory

    /// Gives back to the system what malloc holds free after a reload: the replaced ledgers
    /// and agenda, and what reading a changed ledger used for a moment. glibc keeps freed
    /// memory in its arenas — one per thread that allocated, and the queue's blocks run on
    /// whichever Dispatch worker thread is free — and returns only the top of each heap by
    /// itself; `malloc_trim(0)` walks every arena and returns every free page
    /// (MADV_DONTNEED), in a few milliseconds. Measured in docs/daemon.md.
    private func releaseFreeMemory() {
        #if canImport(Glibc)
        _ = malloc_trim(0)
        #endif
    }

    // MARK: - Helpers

    static func seconds(since start: ContinuousClock.Instant) -> String {
        let d = ContinuousClock.now - start
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return String(format: "%.3f", s)
    }

    static func absolute(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }
}
