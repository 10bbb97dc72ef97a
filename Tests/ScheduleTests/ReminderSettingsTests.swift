import ChineseDates
import Foundation
import Schedule
import Testing
import Workspace

/// The `[reminders]` section of xianqi.toml, read through the real `Configuration`.
@Suite struct ReminderSettingsTests {
    func read(_ text: String) throws -> ReminderSettings {
        let config = try Configuration(parsing: text, path: "xianqi.toml")
        return try ReminderSettings(section: config.section("reminders"), timeZone: config.timeZone,
                                    path: config.path, line: config.line(of:))
    }

    func error(_ text: String) -> ReminderSettingsError? {
        do {
            _ = try read(text)
            return nil
        } catch let e as ReminderSettingsError {
            return e
        } catch {
            return nil
        }
    }

    @Test func noSectionGivesTheStandardPolicy() throws {
        let s = try read("timezone = \"Asia/Shanghai\"\n")
        #expect(s.policy == .standard)
        #expect(s.policy.leadTimes == [30, 7, 3, 1])
        #expect(s.policy.escalateAfter == 7)
        #expect(s.window == .standard)
        #expect(s.window.description == "09:00-18:00")
        #expect(s.workingDaysOnly)
        #expect(s.timeZone.identifier == "Asia/Shanghai")
    }

    @Test func everyKeyIsRead() throws {
        let s = try read("""
            timezone = "Asia/Urumqi"
            [reminders]
            lead_times = [1, 14, 5]
            lead_unit = "workdays"
            on_due_day = false
            overdue_daily_for = 3
            overdue_then_every = 14
            escalate_after = 0
            reports = ["周汇总", "month"]
            report_weekday = 4
            send_window = "08:30-17:30"
            working_days_only = false
            """)
        #expect(s.policy == ReminderPolicy(leadTimes: [14, 5, 1], leadUnit: .workdays, onDueDay: false, overdueDailyFor: 3,
                                           overdueThenEvery: 14, escalateAfter: nil, reports: [.week, .month], reportWeekday: 4))
        #expect(s.window == SendWindow(opens: 8 * 60 + 30, closes: 17 * 60 + 30))
        #expect(!s.workingDaysOnly)
        #expect(s.timeZone.identifier == "Asia/Urumqi")
    }

    @Test func categoryAndUnitTablesChangeOnlyWhatTheySetAndUnitWins() throws {
        let s = try read("""
            [reminders]
            lead_times = [30, 7]

            [reminders.category."反馈问题"]
            lead_times = [14, 3]
            escalate_after = 3

            [reminders.unit."区建设发展局"]
            escalate_after = 1
            """)
        let category = s.policy(category: "反馈问题", unit: "区财政局")
        #expect(category.leadTimes == [14, 3] && category.escalateAfter == 3 && category.overdueDailyFor == 7)
        let both = s.policy(category: "反馈问题", unit: "区建设发展局")
        #expect(both.leadTimes == [14, 3] && both.escalateAfter == 1)
        #expect(s.policy(category: nil, unit: nil).leadTimes == [30, 7])
    }

    @Test func aMisspelledKeyNamesFileLineAndTheKeysAllowed() throws {
        let e = try #require(error("""
            timezone = "Asia/Shanghai"

            [reminders]
            lead_time = [7]
            """))
        #expect(e == .unknownKey(path: "xianqi.toml", line: 4, key: "reminders.lead_time",
                                 allowed: ReminderSettings.sectionKeysForMessages))
        #expect(e.description.hasPrefix("xianqi.toml:4: 未知的提醒配置项 reminders.lead_time (unknown key reminders.lead_time)"))
    }

    @Test(arguments: [
        ("lead_times = [7, -1]", "reminders.lead_times", 2),
        ("lead_times = 7", "reminders.lead_times", 2),
        ("lead_unit = \"hours\"", "reminders.lead_unit", 2),
        ("overdue_daily_for = -2", "reminders.overdue_daily_for", 2),
        ("escalate_after = \"soon\"", "reminders.escalate_after", 2),
        ("reports = [\"fortnight\"]", "reminders.reports", 2),
        ("report_weekday = 8", "reminders.report_weekday", 2),
        ("send_window = \"18:00-09:00\"", "reminders.send_window", 2),
        ("send_window = \"9\"", "reminders.send_window", 2),
        ("working_days_only = \"yes\"", "reminders.working_days_only", 2),
    ])
    func anInvalidValueNamesFileLineAndKey(line: String, key: String, number: Int) throws {
        let e = try #require(error("[reminders]\n\(line)\n"))
        guard case let .invalid(path, at, name, _, expected) = e else {
            Issue.record("expected .invalid, got \(e)")
            return
        }
        #expect(path == "xianqi.toml")
        #expect(at == number)
        #expect(name == key)
        #expect(expected.contains("(expected"))
        #expect(e.description.hasPrefix("xianqi.toml:\(number): \(key) 的值"))
    }

    @Test func anInvalidValueInAUnitTableNamesThatTablesLine() throws {
        let e = try #require(error("""
            [reminders]
            lead_times = [7]

            [reminders.unit."区财政局"]
            lead_unit = "weeks"
            """))
        guard case let .invalid(_, line, key, value, _) = e else {
            Issue.record("expected .invalid, got \(e)")
            return
        }
        #expect(line == 5)
        #expect(key == "reminders.unit.\"区财政局\".lead_unit")
        #expect(value == "\"weeks\"")
    }

    @Test(arguments: [("09:00-18:00", 540, 1080), ("8:30-12:00", 510, 720), ("09:00", 540, 1080), ("00:00-24:00", 0, 1440)])
    func sendWindows(text: String, opens: Int, closes: Int) {
        #expect(SendWindow(parsing: text) == SendWindow(opens: opens, closes: closes))
    }
}

extension ReminderSettings {
    /// The keys an unknown-key message lists.
    static var sectionKeysForMessages: [String] {
        ["category", "escalate_after", "lead_times", "lead_unit", "on_due_day", "overdue_daily_for", "overdue_then_every",
         "report_weekday", "reports", "send_window", "unit", "working_days_only"]
    }
}
