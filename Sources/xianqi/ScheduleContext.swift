import ArgumentParser
import ChineseDates
import Foundation
import Ledger
import Schedule
import Workspace

/// Where the state database is: `--state-dir`, else `state_directory` of the configuration.
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
    let store: StateStore?
    let agenda: Agenda
    /// The clock, read once per command: libraries take it as a parameter.
    let now: Date

    var today: CivilDate { workspace.today }
    var calendar: WorkdayCalendar { workspace.calendar }

    /// Loads everything. `writable` opens (and creates) the store for writing; otherwise an
    /// existing store is read and a missing one means an empty trail.
    ///
    /// Ledgers whose every byte is as when they were last read come from the snapshot in
    /// `<state dir>/cache/` (docs/reminders.md); any change, and they are read again. With
    /// `snapshot` false the ledgers are always read, so that `workspace` holds their measures
    /// (with the addresses the snapshot does not keep).
    /// With `keepSnapshot` false nothing is written at all (the board never writes).
    /// Problems are written to standard error; a fatal one exits with status 2.
    static func load(_ options: WorkspaceOptions, _ state: StateOptions, writable: Bool,
                     snapshot useSnapshot: Bool = true, keepSnapshot: Bool = true) throws -> ScheduleContext {
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
        let store: StateStore?
        let trail: [OverrideEntry]
        do {
            store = writable ? try StateStore(directory: directory) : try StateStore.existing(in: directory)
            trail = try store?.trail() ?? []
        } catch {
            throw Diagnostics.fail(error.description)
        }

        let now = Date()
        let today = options.asOf ?? config.today ?? CivilDate(now, in: config.timeZone)
        let (files, unmatched) = config.ledgerFiles()
        let reference = config.reference ?? today
        let snapshotPath = ((directory as NSString).appendingPathComponent("cache") as NSString)
            .appendingPathComponent("agenda-\(String(Self.pathHash(config.path), radix: 16)).bin")
        let key = unmatched.isEmpty ? AgendaSnapshot.Key(ledgers: files, reference: reference) : nil

        let workspace: Workspace
        let agenda: Agenda
        let errors: Int
        if useSnapshot, let key, var snapshot = AgendaSnapshot.read(from: snapshotPath, key: key) {
            var calendar = WorkdayCalendar.plainWeekdays
            var problem: String?
            do {
                calendar = try HolidayFile(contentsOfFile: config.holidayFilePath).calendar
            } catch {
                problem = error.description
            }
            workspace = Workspace(configuration: config, ledgers: [], unreadable: [], calendar: calendar,
                                  calendarProblem: problem, today: today)
            errors = snapshot.errorCount
            // Handed over, not shared: the agenda then updates them in place instead of copying.
            let items = snapshot.items
            snapshot.items = []
            agenda = Agenda(ledgerItems: consume items, trail: trail)
        } else {
            workspace = Workspace.load(config, today: options.asOf, clock: now)
            agenda = Agenda(measures: workspace.ledgers.lazy.flatMap(\.measures), trail: trail)
            errors = Diagnostics.errorCount(workspace)
            // Kept only when the files did not change while they were read, and not while a ledger
            // has no deadline column: the snapshot keeps no warnings, and that one must show every run.
            if keepSnapshot, let key, workspace.unreadable.isEmpty, workspace.deadlineWarnings.isEmpty,
               AgendaSnapshot.Key(ledgers: files, reference: reference) == key {
                try? AgendaSnapshot(items: agenda.ledgerItems, errorCount: errors, key: key).write(to: snapshotPath)
            }
        }
        Diagnostics.report(workspace, errors: errors)
        let context = ScheduleContext(workspace: workspace, settings: settings, stateDirectory: directory, store: store,
                                      agenda: agenda, now: now)
        context.warnIfClockWentBack()
        return context
    }

    /// FNV-1a of the configuration's path: one snapshot per configuration in a shared state directory.
    private static func pathHash(_ path: String) -> UInt64 {
        path.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
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
        for problem in workspace.unreadable { warn("\(problem)") }
        for warning in workspace.deadlineWarnings { warn(warning) }
        if let problem = workspace.calendarProblem {
            warn("警告：节假日文件不可用，按周一至周五计算工作日 (warning: holiday file unusable; working days are Monday–Friday): \(problem)")
        }
        if errors > 0 {
            warn("注意：台账中有 \(errors) 处错误，相关措施可能缺少日期 (note: \(errors) ledger errors; affected measures may lack dates)")
        }
    }

    /// Error-level issues of the ledgers, and ids used twice. (Workspace.issues copies every
    /// measure to find repeated ids; a count needs only the ids.)
    static func errorCount(_ workspace: Workspace) -> Int {
        var errors = 0
        var ids = Set<String>()
        for ledger in workspace.ledgers {
            errors += ledger.issues.count { $0.severity == .error }
            for i in ledger.measures.indices where !ids.insert(ledger.measures[i].id).inserted { errors += 1 }
        }
        return errors
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
            throw Diagnostics.fail(error.description)
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
