import ChineseDates
import Foundation
public import Settings

/// Reading the `[reminders]` section of `xianqi.toml`:
///
///     [reminders]
///     lead_times = [30, 7, 3, 1]      # before the deadline
///     lead_unit = "days"              # or "workdays"
///     on_due_day = true
///     overdue_daily_for = 7           # then
///     overdue_then_every = 7          # 0: stop after the daily notices
///     escalate_after = 7              # days overdue; 0: never copy the leader
///     reports = ["week", "month"]     # report-due reminders for 周汇总/月调度 measures
///     report_weekday = 5              # weekly reports are due on Fridays
///     send_window = "09:00-18:00"
///     working_days_only = true
///
///     [reminders.category."反馈问题"]
///     lead_times = [14, 3]
///
///     [reminders.unit."区建设发展局"]
///     escalate_after = 3
extension ReminderSettings {
    static let policyKeys: Set<String> = ["lead_times", "lead_unit", "on_due_day", "overdue_daily_for",
                                          "overdue_then_every", "escalate_after", "reports", "report_weekday"]
    static let sectionKeys: Set<String> = policyKeys.union(["send_window", "working_days_only", "category", "unit"])

    /// Reads the section; nil or an empty table gives the standard policy.
    ///
    /// - Parameters:
    ///   - section: `configuration.section("reminders")`.
    ///   - path: the configuration file, for messages.
    ///   - line: the line of a key path (`reminders.lead_times`) in the file: `configuration.line(of:)`.
    /// - Throws: ``ReminderSettingsError`` naming the file, line and key.
    public init(section: SettingsTable?, timeZone: TimeZone, path: String,
                line: @escaping (String) -> Int? = { _ in nil }) throws(ReminderSettingsError) {
        self.init(timeZone: timeZone)
        guard let section else { return }
        let reader = SettingsReader(path: path, line: line)
        try reader.rejectUnknown(section, allowed: Self.sectionKeys, prefix: "reminders")
        try reader.changes(in: section, prefix: "reminders").apply(to: &policy)
        if let value = section["send_window"] {
            guard let text = value.string, let window = SendWindow(parsing: text) else {
                throw reader.invalid("reminders.send_window", value, "应为 \"HH:MM-HH:MM\"，如 \"09:00-18:00\" (expected a window such as \"09:00-18:00\")")
            }
            self.window = window
        }
        if let value = section["working_days_only"] {
            guard let flag = value.bool else {
                throw reader.invalid("reminders.working_days_only", value, "应为 true 或 false (expected true or false)")
            }
            workingDaysOnly = flag
        }
        categories = try reader.groups(section, "category")
        units = try reader.groups(section, "unit")
    }
}

/// Why the `[reminders]` section cannot be used. Messages are Chinese with English in parentheses.
public enum ReminderSettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A key the section does not know, often a typo.
    case unknownKey(path: String, line: Int?, key: String, allowed: [String])
    /// A value of the wrong type or out of range; `expected` is bilingual.
    case invalid(path: String, line: Int?, key: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .unknownKey(path, line, key, allowed):
            "\(Self.place(path, line)): 未知的提醒配置项 \(key) (unknown key \(key)); 可用 (allowed): \(allowed.joined(separator: ", "))"
        case let .invalid(path, line, key, value, expected):
            "\(Self.place(path, line)): \(key) 的值 \(value) 无效 (invalid value): \(expected)"
        }
    }

    private static func place(_ path: String, _ line: Int?) -> String {
        "\(path)\(line.map { ":\($0)" } ?? "")"
    }
}

private struct SettingsReader {
    let path: String
    let line: (String) -> Int?

    /// Tables of changes under `reminders.<group>`, by name.
    func groups(_ section: SettingsTable, _ group: String) throws(ReminderSettingsError) -> [String: ReminderSettings.PolicyChanges] {
        guard let value = section[group] else { return [:] }
        let prefix = "reminders.\(group)"
        guard let table = value.table else {
            throw invalid(prefix, value, "应为表，如 [\(prefix).\"名称\"] (expected tables such as [\(prefix).\"name\"])")
        }
        var out: [String: ReminderSettings.PolicyChanges] = [:]
        for name in table.keys.sorted() {
            let keyPrefix = "\(prefix).\"\(name)\""
            guard let sub = table[name]?.table else {
                throw invalid(keyPrefix, table[name], "应为表 [\(keyPrefix)] (expected a table)")
            }
            try rejectUnknown(sub, allowed: ReminderSettings.policyKeys, prefix: keyPrefix)
            out[name] = try changes(in: sub, prefix: keyPrefix)
        }
        return out
    }

    func changes(in table: SettingsTable, prefix: String) throws(ReminderSettingsError) -> ReminderSettings.PolicyChanges {
        var c = ReminderSettings.PolicyChanges()
        if let v = table["lead_times"] {
            let expected = "应为正整数数组，如 [30, 7, 3, 1] (expected an array of positive whole numbers)"
            guard let array = v.array else { throw invalid("\(prefix).lead_times", v, expected) }
            var leads: [Int] = []
            for element in array {
                guard let n = element.int, n > 0, n <= 366 else { throw invalid("\(prefix).lead_times", v, expected) }
                leads.append(n)
            }
            c.leadTimes = leads
        }
        if let v = table["lead_unit"] {
            guard let text = v.string, let unit = ReminderPolicy.LeadUnit(rawValue: text) else {
                throw invalid("\(prefix).lead_unit", v, "应为 \"days\"（自然日）或 \"workdays\"（工作日） (expected \"days\" or \"workdays\")")
            }
            c.leadUnit = unit
        }
        if let v = table["on_due_day"] {
            guard let flag = v.bool else { throw invalid("\(prefix).on_due_day", v, "应为 true 或 false (expected true or false)") }
            c.onDueDay = flag
        }
        c.overdueDailyFor = try count(table, "overdue_daily_for", prefix, allowZero: true)
        c.overdueThenEvery = try count(table, "overdue_then_every", prefix, allowZero: true)
        if let n = try count(table, "escalate_after", prefix, allowZero: true) {
            c.escalateAfter = .some(n == 0 ? nil : n)
        }
        if let v = table["reports"] {
            let expected = "应为周期数组，可用 day/week/xun/month/quarter/half/year 或 日/周/旬/月/季度/半年/年 (expected an array of periods)"
            guard let array = v.array else { throw invalid("\(prefix).reports", v, expected) }
            var periods: Set<DateExpression.Period> = []
            for element in array {
                guard let text = element.string, let p = Self.period(text) else { throw invalid("\(prefix).reports", v, expected) }
                periods.insert(p)
            }
            c.reports = periods
        }
        if let v = table["report_weekday"] {
            guard let n = v.int, (1...7).contains(n) else {
                throw invalid("\(prefix).report_weekday", v, "应为 1（星期一）到 7（星期日） (expected 1 = Monday … 7 = Sunday)")
            }
            c.reportWeekday = n
        }
        return c
    }

    private func count(_ table: SettingsTable, _ key: String, _ prefix: String, allowZero: Bool) throws(ReminderSettingsError) -> Int? {
        guard let v = table[key] else { return nil }
        guard let n = v.int, n >= (allowZero ? 0 : 1), n <= 3660 else {
            throw invalid("\(prefix).\(key)", v, "应为非负整数（天） (expected a whole number of days, 0 or more)")
        }
        return n
    }

    static func period(_ text: String) -> DateExpression.Period? {
        switch text.lowercased() {
        case "day", "daily", "日", "每日", "日报告": .day
        case "week", "weekly", "周", "每周", "周汇总": .week
        case "xun", "旬": .xun
        case "month", "monthly", "月", "每月", "月调度": .month
        case "quarter", "quarterly", "季", "季度": .quarter
        case "half", "半年": .half
        case "year", "yearly", "annual", "年", "每年": .year
        default: nil
        }
    }

    func rejectUnknown(_ table: SettingsTable, allowed: Set<String>, prefix: String) throws(ReminderSettingsError) {
        if let key = table.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .unknownKey(path: path, line: lineOf("\(prefix).\(key)"), key: "\(prefix).\(key)", allowed: allowed.sorted())
        }
    }

    func invalid(_ key: String, _ value: SettingsValue?, _ expected: String) -> ReminderSettingsError {
        let text = value.map { v -> String in
            if let s = v.string { return "\"\(s)\"" }
            return v.debugDescription.split(whereSeparator: \.isNewline).joined(separator: " ")
        } ?? "(无)"
        return .invalid(path: path, line: lineOf(key), key: key, value: text, expected: expected)
    }

    /// The line of a key path, trying the ways a table name can be quoted, then its table.
    private func lineOf(_ key: String) -> Int? {
        var candidates = [key, key.replacingOccurrences(of: "\"", with: ""), key.replacingOccurrences(of: "\"", with: "'")]
        var parent = key
        while let dot = parent.lastIndex(of: ".") {
            parent = String(parent[..<dot])
            candidates += [parent, parent.replacingOccurrences(of: "\"", with: ""), parent.replacingOccurrences(of: "\"", with: "'")]
        }
        for c in candidates { if let n = line(c) { return n } }
        return nil
    }
}
