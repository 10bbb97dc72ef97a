import ChineseDates
import Dispatch
import Foundation
import GRDB
internal import CTimerFD
import Ledger
import Logging
import Mail
import Notify
import Schedule
import Workspace
#if canImport(Glibc)
import Glibc
#endif

/// The daemon: loads the configuration and ledgers, sends every reminder and notice when it
/// falls due — to the journal and into the mail spool — and sleeps until the next one.
///
/// Everything runs on one serial Dispatch queue: the wall-clock alarm (armed to the next due
/// instant only), the signal sources (SIGHUP reloads, SIGTERM/SIGINT stop after the current
/// send), the ledger directory watch (debounced reload) and the watchdog ping. Each event is
/// spooled (idempotent by its key), journaled, then claimed in the state database, so that a
/// crash anywhere sends no mail twice and loses none (docs/daemon.md).
public final class ReminderService: @unchecked Sendable {
    public struct Options: Sendable {
        public var configuration: String
        /// Overrides `state_directory` of the configuration.
        public var stateDirectory: String?
        /// Also hand spooled mail to the MTA after each batch (by default xianqi-mail.path does).
        public var deliverMail: Bool
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

        public init(configuration: String, stateDirectory: String? = nil, deliverMail: Bool = false,
                    sendmail: SendmailCommand = .standard, once: Bool = false, retryDelay: Double = 60,
                    releaseMemory: Bool = true) {
            self.configuration = configuration
            self.stateDirectory = stateDirectory
            self.deliverMail = deliverMail
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

    private let options: Options
    private let queue = DispatchQueue(label: "xianqi.daemon")
    private let logger = Logger(label: "xianqi.daemon")
    private let notifier = ServiceNotifier()
    private let journal = Journal()
    private let stopped = DispatchSemaphore(value: 0)

    // State below is touched only on `queue`.
    private var loaded: Loaded?
    private var store: StateStore?
    private var mail: MailQueue?
    private var alarm: WallClockAlarm?
    private var watcher: DirectoryWatcher?
    private var signals: [DispatchSourceSignal] = []
    private var watchdog: DispatchSourceTimer?
    private var delivering = false
    /// The earliest event of this run held back for the send window.
    private var earliestDeferredEvent: Date?
    private var stopping = false
    private var lock: StateDirectoryLock?
    private var failures = 0
    /// The wait before the next retry while events keep failing; nil when the last run had none.
    private var retryDelay: Double?

    /// What one successful load gives; a failed reload keeps the previous one.
    struct Loaded {
        /// The configuration, the calendar and the ledgers (those of `ledgers`).
        let workspace: Workspace
        /// Each ledger with the fingerprint of what it was read from: a reload reads again
        /// only the files whose content changed.
        let ledgers: LedgerSet
        let settings: ReminderSettings
        let schedule: ReminderSchedule
        /// Where each ledger's items are in `schedule.agenda.items`, by path.
        let itemRanges: [String: Range<Int>]
        let stateDirectory: String
        /// The day fixed by the configuration's `today` (replaying a day), or nil to follow the clock.
        let fixedDay: CivilDate?
    }

    public init(options: Options) {
        self.options = options
    }

    /// Sets everything up, sends what is due, tells systemd it is ready, and returns; the
    /// service then runs on its queue until ``waitUntilStopped()`` returns.
    public func start() throws {
        try queue.sync {
            // First, so that a SIGTERM during start-up stops gracefully once start-up is done.
            installSignals()
            let (loaded, _) = try load()
            lock = try StateDirectoryLock(directory: loaded.stateDirectory)
            let store = try StateStore(directory: loaded.stateDirectory)
            self.store = store
            self.loaded = loaded
            self.mail = try openMail(loaded)
            _ = try? mail?.recover()
            alarm = try WallClockAlarm(queue: queue) { [weak self] event in self?.alarmEvent(event) }
            watcher = try DirectoryWatcher(queue: queue) { [weak self] paths in self?.filesChanged(paths) }
            try watchFiles(of: loaded)
            startWatchdog()
            logger.info("xianqi 启动 (started)", metadata: [
                "measures": "\(loaded.ledgers.measureCount)", "state": "\(loaded.stateDirectory)",
                "today": "\(loaded.fixedDay?.description ?? "clock")",
            ])
            process(reason: "start", announce: false)
            if options.once {
                stopped.signal()
                return
            }
            _ = try? notifier.ready()
            updateStatus()
        }
    }

    /// How many due events could not be spooled, claimed or checked against the sent log since
    /// start: they stay pending and go out on a later run. `serve --once` exits non-zero
    /// when this is not 0.
    public var failedEvents: Int { queue.sync { failures } }

    /// Blocks until SIGTERM or SIGINT has been handled.
    public func waitUntilStopped() {
        stopped.wait()
    }

    // MARK: - Loading

    /// Reads the configuration, and the ledgers whose content changed since the last good
    /// load (all of them at start, or when the configuration or the reference day changed).
    /// Throws, changing nothing, when the configuration or a ledger cannot be read.
    private func load() throws -> (Loaded, LedgerSet.Report) {
        let config = try Configuration(contentsOf: options.configuration)
        let settings = try ReminderSettings(section: config.section("reminders"), timeZone: config.timeZone,
                                            path: config.path, line: config.line(of:))
        // The day as Workspace.load takes it.
        let day = config.today ?? CivilDate(Date(), in: config.timeZone)
        let (ledgers, report) = LedgerSet.load(config, day: day, previous: loaded?.ledgers)
        if !report.unreadable.isEmpty {
            throw ReloadFailure(problems: report.unreadable.map(\.description))
        }
        let (calendar, calendarProblem) = Workspace.calendar(of: config)
        let workspace = Workspace(configuration: config, ledgers: ledgers.ledgers, unreadable: [],
                                  calendar: calendar, calendarProblem: calendarProblem, today: day)
        let directory = options.stateDirectory ?? config.resolve(config.stateDirectory)
        // A reload reads the trail through the store already open; the first load, before
        // the store is opened, through a read-only one.
        let reader = store.flatMap { $0.directory == directory ? $0 : nil } ?? (try? StateStore.existing(in: directory))
        let trail = (try? reader?.trail()) ?? []
        let (agenda, itemRanges) = Self.agenda(of: ledgers, report: report, trail: trail, previous: loaded)
        // Errors of the ledgers read (those of a ledger kept were logged when it was read),
        // duplicate ids across ledgers included.
        for issue in report.full ? workspace.issues : ledgers.issues(ofRead: report.read) where issue.severity == .error {
            logger.warning("\(issue.description)")
        }
        return (Loaded(workspace: workspace, ledgers: ledgers, settings: settings,
                       schedule: ReminderSchedule(agenda: agenda, settings: settings, calendar: workspace.calendar),
                       itemRanges: itemRanges, stateDirectory: directory, fixedDay: config.today), report)
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

    struct ReloadFailure: Error, CustomStringConvertible {
        let problems: [String]
        var description: String { problems.joined(separator: "\n") }
    }

    private func openMail(_ loaded: Loaded) throws -> MailQueue {
        let path = (loaded.stateDirectory as NSString).appendingPathComponent(StateStore.fileName)
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(10)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try MailDeliveryLog.migrate(pool)
        let spool = MailSpool(directory: (loaded.stateDirectory as NSString).appendingPathComponent("mail"))
        return try MailQueue(spool: spool, database: pool, policy: DeliveryPolicy(command: options.sendmail),
                             clock: { Date() })
    }

    private func reload(reason: String) {
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

    /// Sends every event due by now that was not sent before, then arms the alarm for the next.
    private func process(reason: String, announce: Bool = true) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let loaded, let store else { return }
        let clock = Date()
        let zone = loaded.workspace.configuration.timeZone
        let now = loaded.fixedDay.map { OfficeTime(zone: zone).end(of: $0) } ?? clock
        let today = loaded.fixedDay ?? CivilDate(clock, in: zone)
        if let latest = try? store.latestRunMarks(), let warning = ClockWarning.check(asOf: today, now: clock, latest: latest) {
            logger.warning("\(warning.description)")
        }
        // Events of the days from the watermark's — the last run's, or its earliest held-back
        // event's — through today that are due by now and not yet sent: after downtime, what
        // fell due meanwhile; after a reload, what new measures owe today. A new daemon starts
        // with today: it does not replay the ledger's past.
        // Replaying a fixed day always looks at the whole day (the sent log keeps it once).
        let startOfToday = OfficeTime(zone: zone).start(of: today)
        let watermark = loaded.fixedDay != nil ? startOfToday
            : ((try? store.lastRun(command: Self.runCommand))?.map(\.at) ?? startOfToday)
        let from = min(CivilDate(watermark, in: zone), today)
        let due = loaded.schedule.events(from: from, through: today).filter { $0.instant <= now }
        // Collapse over everything due, sent or not, so that an older notice never goes out
        // after a newer one of the same item already has.
        let (toSend, toCollapse) = Self.collapsingOverdue(due)
        // A sent log that cannot be read is an error, never "already sent": the event stays
        // pending, the run says why, and the watermark stays before it.
        var unreadable: [ReminderEvent] = []
        var lastReadError: StateError?
        // The sent log read once for all of them; if that fails, event by event, so that each
        // event that cannot be checked is known (and stays pending).
        let claimed = try? store.claimed(among: due.map(\.key))
        func unclaimed(_ e: ReminderEvent) -> Bool {
            if let claimed { return !claimed.contains(e.key) }
            do {
                return try !store.isClaimed(e.key)
            } catch {
                unreadable.append(e)
                lastReadError = error
                return false
            }
        }
        var deferred: Date?
        var batch: [ReminderEvent] = []
        for event in toSend where unclaimed(event) {
            let at = loaded.fixedDay == nil ? loaded.schedule.deliveryTime(of: event, notBefore: clock) : clock
            if at > clock {
                // Missed while down, outside the window now: it goes out when the window opens.
                deferred = min(deferred ?? at, at)
                earliestDeferredEvent = min(earliestDeferredEvent ?? event.instant, event.instant)
                continue
            }
            batch.append(event)
        }
        let collapsed = toCollapse.filter(unclaimed)
        for event in collapsed {
            do {
                try store.claim(event, at: clock)
            } catch {
                logger.error("\(error.description)", metadata: ["event": "\(event.key)"])
                unreadable.append(event)
            }
        }
        if let mail, !batch.isEmpty {
            // A spool folder removed while the daemon runs (by hand, a clean-up job) is made again.
            do {
                try mail.spool.prepare()
            } catch {
                logger.error("\(error.description)")
            }
        }
        var sent = 0
        for event in batch where !stopping {
            switch deliver(event, loaded: loaded, store: store, at: clock) {
            case true?: sent += 1
            case false?: break  // claimed meanwhile by another process: sent there
            case nil: unreadable.append(event)
            }
        }
        if let lastReadError {
            let message = "发送记录无法读取，\(unreadable.count) 项提醒未发送，保留待发 (the sent log cannot be read: "
                + "\(unreadable.count) due events were not sent and stay pending): \(lastReadError.description)"
            logger.error("\(message)", metadata: ["state": "\(store.path)"])
        }
        var retryAt: Date?
        if !unreadable.isEmpty {
            failures += unreadable.count
            let first = unreadable.map(\.instant).min()
            earliestDeferredEvent = [earliestDeferredEvent, first].compactMap { $0 }.min()
            // Retried by the daemon itself, with backoff: the next scheduled event may be days away.
            let delay = min(retryDelay.map { $0 * 2 } ?? options.retryDelay, Self.maximumRetryDelay)
            retryDelay = delay
            retryAt = clock.addingTimeInterval(delay)
            logger.notice("\(unreadable.count) 项提醒未能发送，\(Int(delay)) 秒后重试 (events failed; retrying in \(Int(delay)) s)")
        } else {
            retryDelay = nil
        }
        do {
            // The next run starts after what this one dealt with, and no later than a deferred event.
            let through = earliestDeferredEvent.map { min(clock, $0.addingTimeInterval(-0.001)) } ?? clock
            try store.recordRun(command: Self.runCommand, asOf: today, at: through)
            earliestDeferredEvent = nil
        } catch {
            logger.error("\(error.description)")
        }
        if sent > 0 || !collapsed.isEmpty {
            logger.info("已发送提醒 (sent)", metadata: ["reason": "\(reason)", "sent": "\(sent)", "collapsed": "\(collapsed.count)"])
            deliverMailIfAsked()
        }
        arm(deferred: deferred, retry: retryAt, loaded: loaded, after: clock)
        if announce { updateStatus() }
    }

    /// After downtime several overdue notices of one item may be due at once: only the
    /// latest goes out; the others are recorded as sent so they never go out later.
    static func collapsingOverdue(_ events: [ReminderEvent]) -> (send: [ReminderEvent], collapsed: [ReminderEvent]) {
        var latest: [String: ReminderEvent] = [:]
        for e in events where e.kind.isOverdueNotice {
            if let current = latest[e.item.key], current.instant >= e.instant { continue }
            latest[e.item.key] = e
        }
        var send: [ReminderEvent] = []
        var collapsed: [ReminderEvent] = []
        for e in events {
            if e.kind.isOverdueNotice, latest[e.item.key]?.key != e.key { collapsed.append(e) } else { send.append(e) }
        }
        return (send, collapsed)
    }

    /// Spool (idempotent), journal, claim: a crash before the claim repeats at most the
    /// journal record, never the mail. True when sent and claimed, false when another process
    /// claimed it first, nil when it could not be spooled or claimed (it stays pending).
    private func deliver(_ event: ReminderEvent, loaded: Loaded, store: StateStore, at clock: Date) -> Bool? {
        let measure = loaded.ledgers.measure(id: event.item.measureID)
        let notice = Notice(event: event, item: loaded.schedule.agenda.item(event.item), measure: measure)
        for (address, problem) in notice.invalidRecipients {
            logger.error("收件地址无效，已跳过该收件人 (invalid recipient address: left out of the message)",
                         metadata: ["event": "\(event.key)", "address": "\(address)", "problem": "\(problem)",
                                    "unit": "\(notice.unitName)"])
        }
        if let mail, let message = notice.email(from: loaded.workspace.configuration.mailFrom ?? "xianqi@localhost.localdomain", date: clock) {
            do {
                try mail.enqueue(message, options: RenderOptions(timeZone: loaded.workspace.configuration.timeZone))
            } catch {
                logger.error("邮件未能放入发送队列 (could not spool mail): \(error.description)", metadata: ["event": "\(event.key)"])
                return nil
            }
        } else if notice.recipients.to.isEmpty {
            logger.notice("没有收件地址，只记入日志 (no address: journal only)", metadata: ["unit": "\(notice.unitName)"])
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

    private func deliverMailIfAsked() {
        guard options.deliverMail, let mail, !delivering else { return }
        if options.once {
            // Nothing else to do: wait for the hand-over, so that the process does not end first.
            let finished = DispatchSemaphore(value: 0)
            Task.detached {
                _ = try? await mail.deliver()
                finished.signal()
            }
            finished.wait()
            return
        }
        delivering = true
        let queue = self.queue
        Task.detached { [weak self] in
            _ = try? await mail.deliver()
            queue.async { [weak self] in self?.delivering = false }
        }
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
        let status = "\(loaded.ledgers.measureCount) 项措施，逾期 \(overdue) 项，\(next)"
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

    // MARK: - Files, signals, watchdog

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
        guard !relevant.isEmpty, !stopping else { return }
        reload(reason: "changed: \(relevant.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))")
    }

    private func installSignals() {
        for signal in [SIGHUP, SIGTERM, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
            source.setEventHandler { [weak self] in self?.handle(signal: signal) }
            source.activate()
            signals.append(source)
        }
    }

    private func handle(signal: Int32) {
        if signal == SIGHUP {
            reload(reason: "SIGHUP")
            return
        }
        stopping = true
        _ = try? notifier.stopping()
        logger.info("xianqi 停止 (stopping)", metadata: ["signal": "\(signal == SIGTERM ? "SIGTERM" : "SIGINT")"])
        watchdog?.cancel()
        signals.forEach { $0.cancel() }
        alarm = nil
        watcher = nil
        store = nil
        mail = nil
        stopped.signal()
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

extension ReminderEvent.Kind {
    /// Overdue notices and escalations, which collapse into one after downtime.
    var isOverdueNotice: Bool {
        switch self {
        case .overdue, .escalation: true
        default: false
        }
    }
}
