import ArgumentParser
import ChineseDates
import Digest
import Foundation
import Robots
import Mail
import Notify
import Schedule
import Workspace

struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "The weekly digest (整改周报): print it, or spool it to the office and each unit.",
        discussion: """
            The digest of the as-of day: overdue items by owner unit (the unit with the item \
            overdue longest first; in a unit, most days overdue first) with calendar and \
            working days, owner and leader; items due in the next two weeks ([digest] \
            upcoming); what was marked done, extended or reopened in the last seven days, \
            from the audit trail (who, when, why, the old and new deadline); long-term \
            (长期坚持) and rhythm (工作频次) measures in brief; counts per unit.

            --stdout (the default) prints it as text, markdown or html. --send spools one \
            text+HTML message to the office ([office] email) and one to each owner unit with \
            something overdue, due or changed (only its items; its leaders copied for items \
            already escalated), into <state dir>/mail, where xianqi-mail.service or \
            `xianqi flush` delivers it. Each message is keyed by the week and its recipient: \
            sending again in the same week spools nothing new. --unit narrows both to the \
            units whose name is or contains U; --to sends one digest to the given addresses \
            instead. --send also writes one journal record (MESSAGE_ID \
            726d962a8caa4b0cb99dd5675565e32a). See docs/digest.md.

            Exit status: 0 printed, or spooled (including messages already spooled this \
            week); 2 an error: the configuration, the state database or the spool could not \
            be used, a message could not be built, --unit names no unit, or a ledger could not be read (the digest \
            of what could be read is still printed or spooled). A malformed command line exits \
            with 64.

            Examples:
              xianqi digest
              xianqi digest --format html --as-of 2024-11-21 > 周报.html
              xianqi digest --send
              xianqi digest --send --unit 湾沚 --to zhang@example.gov.cn
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var state: StateOptions

    @Option(name: .long, help: ArgumentHelp("With --send: send one digest to this address instead (repeatable).", valueName: "ADDR"))
    var to: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only owner units whose name is or contains this.", valueName: "U"))
    var unit: String?

    @Flag(help: "Spool the digest as mail (--send), or print it (--stdout).")
    var mode: Mode = .stdout

    @Option(name: .long, help: "With --stdout: text, markdown or html (default text).")
    var format: Format?

    enum Mode: String, EnumerableFlag {
        case send, stdout
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, html

        var digestFormat: DigestFormat {
            switch self {
            case .text: .text
            case .markdown: .markdown
            case .html: .html
            }
        }
    }

    func validate() throws {
        if mode == .send, format != nil {
            throw ValidationError("--format 只用于 --stdout；--send 总是发送文本与 HTML 两种形式 (--format applies to --stdout; --send sends text and HTML)")
        }
        if mode == .stdout, !to.isEmpty {
            throw ValidationError("--to 只用于 --send (--to applies to --send)")
        }
        for address in to {
            if let problem = MailAddress.problem(with: address) {
                throw ValidationError("--to 邮箱地址无效 (invalid address) “\(address)”: \(problem)")
            }
        }
    }

    func run() throws {
        // The digest only reads the trail: the state store is opened read-only even to send
        // (the mail queue opens the same database for its own tables).
        let context = try ScheduleContext.load(workspace, state, writable: false)
        try UnitOption.check(unit, in: context)
        let config = context.workspace.configuration
        let settings: DigestSettings
        do {
            settings = try DigestSettings(section: config.section("digest"), path: config.path, line: config.line(of:))
        } catch {
            throw Diagnostics.fail(error.description)
        }
        let scope = unit.map(DigestScope.unitsMatching) ?? .all
        var digest = Digest(agenda: context.agenda, asOf: context.today, calendar: context.calendar,
                            timeZone: config.timeZone, lookAhead: settings.lookAhead, scope: scope)
        digest.notes = notes(context, digest)
        digest.listLimit = settings.itemsPerUnit
        digest.boardURL = settings.boardURL
        let unreadable = !context.workspace.unreadable.isEmpty
        switch mode {
        case .stdout:
            print((format ?? .text).digestFormat.render(digest), terminator: "")
            Diagnostics.finish(unreadable ? .failure : .success)
        case .send:
            let failed = try send(digest, settings: settings, context: context)
            Diagnostics.finish(unreadable || failed ? .failure : .success)
        }
    }

    /// What the reader should know the digest may lack.
    private func notes(_ context: ScheduleContext, _ digest: Digest) -> [String] {
        var notes = context.workspace.unreadable.map { "台账无法读取，其中的措施未列入 (ledger not read, its measures are missing): \($0)" }
        if let problem = context.workspace.calendarProblem {
            notes.append("节假日文件不可用，工作日按周一至周五计算 (holiday file unusable; working days are Monday–Friday): \(problem)")
        }
        let earliest = digest.overdue.flatMap(\.items).compactMap(\.item.due).min() ?? digest.asOf
        if let warning = ItemOutput.coverageWarning(context.calendar, from: earliest, through: digest.upcomingThrough) {
            notes.append(warning)
        }
        return notes
    }

    /// Puts the week's short summary in the robots' outbox, for the office's robots (the whole
    /// digest) and each unit's (its own), once a week per robot; the daemon sends them
    /// (docs/robots.md). Returns how many robots have this week's summary waiting or sent.
    private func sendToRobots(_ digest: Digest, settings: DigestSettings, context: ScheduleContext) throws -> Int {
        let config = context.workspace.configuration
        let directory: RobotDirectory
        do {
            directory = try RobotDirectory(units: config.section("units"), office: config.section("office"),
                                           robots: config.section("robots"), digest: config.section("digest"), path: config.path,
                                        resolve: config.resolve)
        } catch {
            throw Diagnostics.fail(error.description)
        }
        guard !directory.isEmpty, to.isEmpty else { return 0 }
        let outbox: RobotOutbox
        do {
            let store = try StateStore(directory: context.stateDirectory, busyTimeout: 10)
            outbox = try RobotOutbox(sharing: store.sharedWriter(), clock: { Date() })
        } catch {
            throw Diagnostics.fail("\(error)")
        }
        let board = (directory.settings.boardURL ?? settings.boardURL).flatMap(BoardLink.init)
        let scope = unit.map(DigestScope.unitsMatching) ?? .all
        var count = 0
        for channel in directory.allChannels {
            let isOffice = channel.recipient == RobotChannel.office
            guard isOffice ? unit == nil : scope.includes(channel.recipient) else { continue }
            let own = isOffice ? digest : Digest(agenda: context.agenda, asOf: context.today, calendar: context.calendar,
                                                 timeZone: config.timeZone, lookAhead: settings.lookAhead, scope: .unit(channel.recipient))
            do {
                let fits = RobotPayload.fits(channel.endpoint.vendor)
                let id = try outbox.enqueue(note: { own.robotNote(recipient: channel.recipient, noteID: $0, board: board, fits: fits) },
                                            key: "digest-\(digest.week.identifier)", channel: channel, day: digest.asOf.description)
                print(id != nil ? "已入群机器人发送队列 (queued for the robot): 周报 → \(channel.key)"
                                : "本周已入群机器人发送队列，未重复 (already queued this week): 周报 → \(channel.key)")
                count += 1
            } catch {
                Diagnostics.warn("xianqi: 周报未放入群机器人发送队列 (digest not queued for the robot) \(channel.key): \(error)")
            }
        }
        return count
    }

    /// Spools the week's messages and writes the journal record; true when a message failed.
    private func send(_ digest: Digest, settings: DigestSettings, context: ScheduleContext) throws -> Bool {
        let config = context.workspace.configuration
        let robotNotes = try sendToRobots(digest, settings: settings, context: context)
        guard robotNotes == 0 || config.mailFrom != nil else { return false }
        guard let from = config.mailFrom else { throw Diagnostics.fail(DigestError.noSender(configuration: config.path).description) }
        let reminders = context.settings
        let book = DigestAddressBook(measures: context.workspace.measures, unitEmails: config.unitEmails,
                                     office: config.officeEmail, sender: from)
        let mailing = DigestMailing(
            agenda: context.agenda, full: digest, calendar: context.calendar, settings: settings,
            reminders: reminders, book: book,
            selection: to.isEmpty ? .configured(units: unit) : .addresses(to, units: unit))
        if mailing.officeMissing {
            Diagnostics.warn("警告：未配置 [office] email，整改办的完整周报未发送 (warning: no [office] email; the office's full digest was not sent)")
        }
        var report = DigestSendReport()
        report.unaddressed = mailing.unaddressed
        for unit in mailing.unaddressed {
            Diagnostics.warn("警告：\(unit) 没有邮箱，其周报未发送；请在 [units] 中设置 (warning: \(unit) has no address, its digest was not sent: set one in [units])")
        }
        guard !mailing.envelopes.isEmpty else {
            if robotNotes == 0, mailing.officeMissing || !mailing.unaddressed.isEmpty {
                throw Diagnostics.fail(DigestError.noRecipients(configuration: config.path).description)
            }
            print("没有需要发送的周报：所选单位本周无逾期、到期或登记 (nothing to send: the selected units have nothing overdue, due or recorded)")
            return false
        }

        let spoolDirectory = StatePaths(directory: context.stateDirectory).spool
        let queue: MailQueue
        do {
            // The digest reads the trail read-only; sending opens the store for writing: its one
            // pool holds the mail queue's tables (a --state-dir that does not exist is created).
            let store = try StateStore(directory: context.stateDirectory, busyTimeout: 10)
            queue = try MailQueue(spool: MailSpool(directory: spoolDirectory), sharing: store.sharedWriter(), clock: { Date() })
        } catch {
            throw Diagnostics.fail("\(error)")
        }
        let sender = MailAddress(from, displayName: "整改督办系统")
        let options = RenderOptions(timeZone: config.timeZone)
        for envelope in mailing.envelopes {
            let recipients = (envelope.to + envelope.cc).map(\.address).joined(separator: ", ")
            do {
                switch try queue.enqueue(envelope.message(from: sender, date: context.now), options: options) {
                case .queued(let messageID, _):
                    report.queued.append(messageID)
                    print("已入队 (queued): \(envelope.subject) → \(recipients)")
                case .alreadyEnqueued(let messageID, _):
                    report.alreadyQueued.append(messageID)
                    print("本周已入队，未重复 (already queued this week): \(envelope.subject) → \(recipients)")
                }
            } catch {
                report.failed.append("\(envelope.audience): \(error)")
                Diagnostics.warn("xianqi: 周报未入队 (digest not spooled) \(envelope.audience): \(error)")
            }
        }
        do {
            try Journal().send(report.record(for: digest, spool: spoolDirectory))
        } catch {
            Diagnostics.warn("警告：周报日志未写入 journald (warning: the digest's journal record was not written): \(error)")
        }
        print("周报 \(digest.week.identifier)：新入队 \(report.queued.count) 封，本周已入队 \(report.alreadyQueued.count) 封"
            + "；由 xianqi-mail.service 或 xianqi flush 投递 (queued \(report.queued.count), already queued \(report.alreadyQueued.count);"
            + " delivered by xianqi-mail.service or xianqi flush)")
        return !report.failed.isEmpty
    }
}
