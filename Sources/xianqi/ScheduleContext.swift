import ArgumentParser
import ChineseDates
import Foundation
import Ledger
import Schedule
import StatePostgres
import Workspace

/// Where the state database is: `--state-dir`, else `state_directory` of the configuration.
/// With `state` on PostgreSQL in the configuration, the sent log and the trail are on the
/// server, and the directory holds only this host's mail spool and queue.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state-dir"),
            help: ArgumentHelp("The state directory (holds state.sqlite); default: state_directory of the configuration, else /var/lib/xianqi.",
                               valueName: "DIR"),
            completion: .directory)
    var stateDirectory: String?
}

/// What the scheduling commands work on: the workspace, the `[reminders]` settings, the
/// state store and the agenda with the audit trail applied.
struct ScheduleContext {
    let workspace: Workspace
    let settings: ReminderSettings
    let stateDirectory: String
    /// The SQLite file, or the PostgreSQL server of the configuration's `state`.
    let store: (any StateStoring)?
    let agenda: Agenda
    /// The clock, read once per command: libraries take it as a parameter.
    let now: Date

    var today: CivilDate { workspace.today }
    var calendar: WorkdayCalendar { workspace.calendar }

    /// Loads everything. `writable` opens (and creates) the store for writing; otherwise an
    /// existing store is read and a missing one means an empty trail. The ledgers are read every
    /// time: they load in compact rows, fast enough that a cache of them would not halve the
    /// time (docs/reminders.md, "Large ledgers").
    /// Problems are written to standard error; a fatal one exits with status 2.
    static func load(_ options: WorkspaceOptions, _ state: StateOptions, writable: Bool) throws -> ScheduleContext {
        let config: Configuration
        do {
            config = try Configuration(contentsOf: options.config)
        } catch {
            throw Diagnostics.fail(error.description)
        }
        let settings: ReminderSettings
        do {
            settings = try ReminderSettings(section: config.section("reminders"), timeZone: config.timeZone,
                                            path: config.path, line: config.line(of:))
        } catch {
            throw Diagnostics.fail(error.description)
        }
        let directory = state.stateDirectory ?? config.resolve(config.stateDirectory)
        let store: (any StateStoring)?
        let trail: [OverrideEntry]
        do {
            store = try ConfiguredState.open(config, directory: directory, writable: writable)
            trail = try store?.trail() ?? []
        } catch let error as StateError {
            throw Diagnostics.fail(config.state.postgresql?.message(error) ?? error.description)
        } catch {
            throw Diagnostics.fail("\(error)")
        }

        let now = Date()
        // Scheduling commands report the number of ledger errors, never a warning (check does).
        let workspace = Workspace.load(config, today: options.asOf, clock: now, warnings: false)
        let agenda = Agenda(ledgers: workspace.ledgers, trail: trail)
        Diagnostics.report(workspace, errors: Diagnostics.errorCount(workspace))
        let context = ScheduleContext(workspace: workspace, settings: settings, stateDirectory: directory, store: store,
                                      agenda: agenda, now: now)
        context.warnIfClockWentBack()
        return context
    }

    /// Warns when this run looks earlier than one already recorded (clock set back, or a past --as-of).
    func warnIfClockWentBack() {
        guard let store, let marks = try? store.latestRunMarks(),
              let warning = ClockWarning.check(asOf: today, now: now, latest: marks)
        else { return }
        Diagnostics.warn(warning.description)
    }

    /// The item a user named, or exit 1 with close ids.
    func resolve(_ text: String) throws -> ScheduleItem {
        do {
            return try agenda.resolve(text)
        } catch {
            var message = error.description
            if !workspace.unreadable.isEmpty {
                message += "\n注意：有台账无法读取，见上 (note: some ledgers could not be read, see above)"
            }
            throw Diagnostics.fail(message, status: .found)
        }
    }
}

/// Messages on standard error, and the exit codes that go with them.
enum Diagnostics {
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Prints `message` and returns the exit to throw (``ExitStatus/failure``: an error;
    /// ``ExitStatus/found``: refused).
    static func fail(_ message: String, status: ExitStatus = .failure) -> ExitCode {
        warn("xianqi: " + message)
        return status.code
    }

    /// Ledgers that could not be read, a holiday file that could not be used, and how many
    /// ledger errors there are.
    static func report(_ workspace: Workspace, errors: Int) {
        for problem in workspace.configuration.addressProblems { warn(problem.warningDescription) }
        for problem in workspace.unreadable { warn("\(problem)") }
        for warning in workspace.deadlineWarnings { warn(warning) }
        if let problem = workspace.calendarProblem {
            warn("警告：节假日文件不可用，按周一至周五计算工作日 (warning: holiday file unusable; working days are Monday–Friday): \(problem)")
        }
        if errors > 0 {
            warn("注意：台账中有 \(errors) 处错误，相关措施可能缺少日期 (note: \(errors) ledger errors; affected measures may lack dates)")
        }
    }

    /// Error-level issues of the ledgers, and ids used twice.
    static func errorCount(_ workspace: Workspace) -> Int {
        workspace.ledgers.reduce(0) { $0 + $1.issues.count { $0.severity == .error } }
            + Workspace.repeatedIDs(in: workspace.ledgers).count
    }

    /// Ends the process with `status` once standard output is written. It calls exit(3) rather
    /// than throwing the status: unwinding would free the loaded workspace, and a listing of a
    /// large ledger would spend a tenth of its time freeing memory the exit frees anyway.
    static func finish(_ status: ExitStatus) -> Never {
        fflush(nil)
        exit(status.rawValue)
    }

    /// The name recorded as who did something: `--by`, else the OS user (with the sudo user).
    static func userName(_ explicit: String?) -> String {
        if let explicit, !explicit.trimmingCharacters(in: .whitespaces).isEmpty { return explicit }
        let uid = getuid()
        var name = getpwuid(uid).map { String(cString: $0.pointee.pw_name) }
            ?? ProcessInfo.processInfo.environment["USER"] ?? "uid \(uid)"
        if uid == 0, let sudo = ProcessInfo.processInfo.environment["SUDO_USER"], !sudo.isEmpty {
            name = "\(sudo) (sudo)"
        }
        return name
    }
}

extension ScheduleContext {
    /// Checks and records an override, then says what was recorded and what the ledger says.
    func record(_ action: OverrideEntry.Action, on text: String, by: String?, note: String?) throws {
        let item = try resolve(text)
        do {
            try OverrideRefusal.check(action, for: item, asOf: today)
        } catch {
            throw Diagnostics.fail(error.description, status: .found)
        }
        guard let store else { throw Diagnostics.fail("状态数据库未打开 (the state database is not open)") }
        let who = Diagnostics.userName(by)
        let entry: OverrideEntry
        do {
            entry = try store.record(action, for: item, by: who, note: note, asOf: today, at: now)
        } catch {
            throw Diagnostics.fail(workspace.configuration.state.postgresql?.message(error) ?? error.description)
        }
        print(Self.confirmation(action, item: item, entry: entry, who: who, at: LocalTime.text(now, settings.timeZone)))
    }

    /// What `done`, `reopen` and `extend` print once the entry is stored.
    static func confirmation(_ action: OverrideEntry.Action, item: ScheduleItem, entry: OverrideEntry, who: String, at: String) -> String {
        let previous: CivilDate? = entry.previousDue
        let ledgerDue: CivilDate? = item.ledgerDue
        var lines = ["已记录 (recorded) #\(entry.sequence): \(item.reference.shortForm) \(action.chineseName) (\(action.name)) — \(who), \(at)"]
        if item.reference.isMilestone { lines.append("  阶段目标 (milestone): \(item.title)") }
        if case .extended(let to) = action {
            var line = "  完成时限 (deadline): \(previous?.description ?? "无") → \(to)"
            if let ledgerDue, ledgerDue != previous { line += "，台账原定 \(ledgerDue)" }
            lines.append(line)
        }
        if case .done = action, item.done {
            lines.append("  注意：此前已是办结状态 (note: it was already done)")
        }
        let ledger = item.ledgerStatus.map { "状态 \($0.rawValue)" } ?? (item.ledgerDone ? "已完成" : "未完成")
        lines.append("  台账 (ledger): \(ledger)，完成时限 \(ledgerDue?.description ?? "无")；台账修改其状态或完成时限后以台账为准 (the ledger wins once it changes them)")
        return lines.joined(separator: "\n")
    }
}

/// Instants as the office reads them: `2024-11-21 09:00` in its time zone.
enum LocalTime {
    static func text(_ date: Date, _ zone: TimeZone) -> String {
        OfficeTime(zone: zone).secondText(date)
    }
}
