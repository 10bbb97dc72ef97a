import ChineseDates
import Foundation
import Ledger
import Mail
import Notices
import Notify
import Schedule
import ScheduleTestSupport
import Testing

/// How a reminder event reads (`Notice`): one table over the event kinds the schedule makes
/// (lead-time reminder, due day, overdue, escalation, report), its roles (the unit; the leader
/// from the escalation on), measures with and without a leader's address, a 立行立改 item and
/// a milestone. Each row is the event as the daemon builds it — from `ReminderSchedule`, with
/// the item from the agenda and the measure from the ledger — and what the notice must say:
/// the subject, the recipients, the email's To and Cc, and every journal field in order.
@Suite struct NoticeTests {
    static let unitAddress = "jsj@example.gov.cn", leaderAddress = "wang.fzr@example.gov.cn"

    static func measure(_ id: String, problem: String? = "消防通道被占用", unit: String? = "区建设发展局",
                        leader: String? = "王副主任", unitEmail: [String] = [unitAddress],
                        leaderEmail: [String] = [leaderAddress], deadlineText: String = "2024年12月底前",
                        target: Target = .deadline(due: civil("2024-12-31"), aspirational: false),
                        milestones: [Milestone] = [], line: Int = 3) -> Measure {
        Measure(id: id, problem: problem, text: "清理占道杂物", unit: unit, owner: "张三", leader: leader,
                unitEmail: unitEmail, leaderEmail: leaderEmail, deadlineText: deadlineText, target: target,
                milestones: milestones, source: SourcePosition(file: "台账.csv", line: line))
    }

    static let withLeader = measure("GX-20")
    static let noLeaderAddress = measure("GX-21", leaderEmail: [])
    static let noLeader = measure("GX-22", leader: nil, leaderEmail: [])
    static let noUnitAddress = measure("GX-23", unitEmail: [])
    static let sameAddress = measure("GX-24", leaderEmail: [unitAddress])
    /// 立行立改 in a ledger dated 2025-03-01: due that day (ImmediateOverdueTests).
    static let immediate = measure("GX-25", problem: "违规占用公共停车位", unit: "区财政局", deadlineText: "立行立改",
                                   target: .deadline(due: civil("2025-03-01"), aspirational: false))
    static let withMilestone = measure("GX-3", target: .deadline(due: civil("2025-06-30"), aspirational: false),
                                       milestones: [Milestone(action: "确定设计单位", dateText: "2024年10月底前", due: civil("2024-10-31")),
                                                    Milestone(action: "确定监理单位", dateText: "2024年12月底前", due: civil("2024-12-31"))])
    static let weekly = measure("GX-30", problem: nil, deadlineText: "每周五报送进展",
                                target: .cadence([.init(period: .week)]))

    /// Weekly reports on, events on their own days (no moving off weekends).
    static let settings = ReminderSettings(policy: ReminderPolicy(reports: [.week]), workingDaysOnly: false, timeZone: shanghai)

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let measure: Measure
        let key: String
        let subject: String
        let to: [String]
        var cc: [String] = []
        /// The email's To and Cc once invalid addresses are left out; nil: no email.
        var mailTo: [String]?
        var mailCc: [String] = []
        /// Every field of the journal record but the code location, `NAME=value`, in order.
        let fields: [String]

        var testDescription: String { name }
    }

    static let reminderID = "MESSAGE_ID=9ad1f99ed05846a1971fe7b6a36d18d5"
    static let overdueID = "MESSAGE_ID=b6ba09e70f6b463cb51bac9a46484cba"
    static let escalationID = "MESSAGE_ID=f16b2013d8884845828d9091a0f64eaf"

    /// The fields every notice of `id` (unit 区建设发展局, owner 张三, line 3) carries after its kind's.
    static func about(_ id: String, due: String = "2024-12-31", overdue: Int? = nil, unit: String = "区建设发展局",
                      milestone: String? = nil) -> [String] {
        ["XIANQI_MEASURE_ID=\(id)"] + (milestone.map { ["XIANQI_MILESTONE=\($0)"] } ?? [])
            + ["XIANQI_UNIT=\(unit)", "XIANQI_OWNER=张三", "XIANQI_DUE=\(due)"]
            + (overdue.map { ["XIANQI_DAYS_OVERDUE=\($0)"] } ?? []) + ["XIANQI_SOURCE=台账.csv:3"]
    }

    static let rows: [Row] = [
        Row(name: "a lead-time reminder goes to the unit only",
            measure: withLeader, key: "GX-20|reminder|2024-12-31|7d",
            subject: "【到期提醒】区建设发展局：消防通道被占用 将于 2024-12-31 到期（还有 7 个自然日）",
            to: [unitAddress], mailTo: [unitAddress],
            fields: ["MESSAGE=【到期提醒】区建设发展局：GX-20「消防通道被占用」将于 2024-12-31 到期（还有 7 个自然日）",
                     reminderID, "PRIORITY=5", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=reminder"]
                + about("GX-20") + ["XIANQI_EVENT_KEY=GX-20|reminder|2024-12-31|7d", "XIANQI_NOTICE=reminder",
                                    "XIANQI_LEADER=王副主任"]),
        // The record's kind is `reminder`; the schedule's own word for the notice, `due`, is
        // XIANQI_NOTICE (XIANQI_EVENT once carried both, as two values of one field).
        Row(name: "the due day's notice is a reminder record to the unit",
            measure: withLeader, key: "GX-20|due|2024-12-31|0",
            subject: "【今日到期】区建设发展局：消防通道被占用 今天（2024-12-31）到期",
            to: [unitAddress], mailTo: [unitAddress],
            fields: ["MESSAGE=【今日到期】区建设发展局：GX-20「消防通道被占用」今天（2024-12-31）到期",
                     reminderID, "PRIORITY=5", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=reminder"]
                + about("GX-20") + ["XIANQI_EVENT_KEY=GX-20|due|2024-12-31|0", "XIANQI_NOTICE=due",
                                    "XIANQI_LEADER=王副主任"]),
        Row(name: "an overdue notice before the escalation leaves the leader out of the mail",
            measure: withLeader, key: "GX-20|overdue|2024-12-31|3",
            subject: "【逾期提醒】区建设发展局：消防通道被占用 已逾期 3 天（完成时限 2024-12-31）",
            to: [unitAddress], mailTo: [unitAddress],
            fields: ["MESSAGE=【逾期提醒】区建设发展局：GX-20「消防通道被占用」已逾期 3 天（完成时限 2024-12-31）",
                     overdueID, "PRIORITY=4", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=overdue"]
                + about("GX-20", overdue: 3) + ["XIANQI_EVENT_KEY=GX-20|overdue|2024-12-31|3", "XIANQI_NOTICE=overdue",
                                                "XIANQI_LEADER=王副主任"]),
        Row(name: "the escalation copies the leader",
            measure: withLeader, key: "GX-20|escalation|2024-12-31|7",
            subject: "【督办升级】区建设发展局：消防通道被占用 已逾期 7 天（完成时限 2024-12-31）",
            to: [unitAddress], cc: [leaderAddress], mailTo: [unitAddress], mailCc: [leaderAddress],
            fields: ["MESSAGE=【督办升级】区建设发展局：GX-20「消防通道被占用」已逾期 7 天（完成时限 2024-12-31）",
                     escalationID, "PRIORITY=3", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=escalation"]
                + about("GX-20", overdue: 7) + ["XIANQI_EVENT_KEY=GX-20|escalation|2024-12-31|7",
                                                "XIANQI_NOTICE=escalation", "XIANQI_LEADER=王副主任"]),
        Row(name: "overdue notices after the escalation keep copying the leader",
            measure: withLeader, key: "GX-20|overdue|2024-12-31|14",
            subject: "【逾期提醒】区建设发展局：消防通道被占用 已逾期 14 天（完成时限 2024-12-31）",
            to: [unitAddress], cc: [leaderAddress], mailTo: [unitAddress], mailCc: [leaderAddress],
            fields: ["MESSAGE=【逾期提醒】区建设发展局：GX-20「消防通道被占用」已逾期 14 天（完成时限 2024-12-31）",
                     overdueID, "PRIORITY=4", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=overdue"]
                + about("GX-20", overdue: 14) + ["XIANQI_EVENT_KEY=GX-20|overdue|2024-12-31|14", "XIANQI_NOTICE=overdue",
                                                 "XIANQI_LEADER=王副主任"]),
        Row(name: "an escalation with no leader's address goes to the unit, the leader named in the journal",
            measure: noLeaderAddress, key: "GX-21|escalation|2024-12-31|7",
            subject: "【督办升级】区建设发展局：消防通道被占用 已逾期 7 天（完成时限 2024-12-31）",
            to: [unitAddress], mailTo: [unitAddress],
            fields: ["MESSAGE=【督办升级】区建设发展局：GX-21「消防通道被占用」已逾期 7 天（完成时限 2024-12-31）",
                     escalationID, "PRIORITY=3", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=escalation"]
                + about("GX-21", overdue: 7) + ["XIANQI_EVENT_KEY=GX-21|escalation|2024-12-31|7",
                                                "XIANQI_NOTICE=escalation", "XIANQI_LEADER=王副主任"]),
        Row(name: "an escalation of a measure with no leader has no leader field",
            measure: noLeader, key: "GX-22|escalation|2024-12-31|7",
            subject: "【督办升级】区建设发展局：消防通道被占用 已逾期 7 天（完成时限 2024-12-31）",
            to: [unitAddress], mailTo: [unitAddress],
            fields: ["MESSAGE=【督办升级】区建设发展局：GX-22「消防通道被占用」已逾期 7 天（完成时限 2024-12-31）",
                     escalationID, "PRIORITY=3", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=escalation"]
                + about("GX-22", overdue: 7) + ["XIANQI_EVENT_KEY=GX-22|escalation|2024-12-31|7", "XIANQI_NOTICE=escalation"]),
        Row(name: "an escalation with no unit address goes to the leader, as To",
            measure: noUnitAddress, key: "GX-23|escalation|2024-12-31|7",
            subject: "【督办升级】区建设发展局：消防通道被占用 已逾期 7 天（完成时限 2024-12-31）",
            to: [], cc: [leaderAddress], mailTo: [leaderAddress],
            fields: ["MESSAGE=【督办升级】区建设发展局：GX-23「消防通道被占用」已逾期 7 天（完成时限 2024-12-31）",
                     escalationID, "PRIORITY=3", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=escalation"]
                + about("GX-23", overdue: 7) + ["XIANQI_EVENT_KEY=GX-23|escalation|2024-12-31|7",
                                                "XIANQI_NOTICE=escalation", "XIANQI_LEADER=王副主任"]),
        Row(name: "a reminder with no unit address sends no mail",
            measure: noUnitAddress, key: "GX-23|reminder|2024-12-31|1d",
            subject: "【到期提醒】区建设发展局：消防通道被占用 将于 2024-12-31 到期（还有 1 个自然日）",
            to: [], mailTo: nil,
            fields: ["MESSAGE=【到期提醒】区建设发展局：GX-23「消防通道被占用」将于 2024-12-31 到期（还有 1 个自然日）",
                     reminderID, "PRIORITY=5", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=reminder"]
                + about("GX-23") + ["XIANQI_EVENT_KEY=GX-23|reminder|2024-12-31|1d", "XIANQI_NOTICE=reminder",
                                    "XIANQI_LEADER=王副主任"]),
        Row(name: "a leader sharing the unit's address is not copied twice",
            measure: sameAddress, key: "GX-24|escalation|2024-12-31|7",
            subject: "【督办升级】区建设发展局：消防通道被占用 已逾期 7 天（完成时限 2024-12-31）",
            to: [unitAddress], mailTo: [unitAddress],
            fields: ["MESSAGE=【督办升级】区建设发展局：GX-24「消防通道被占用」已逾期 7 天（完成时限 2024-12-31）",
                     escalationID, "PRIORITY=3", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=escalation"]
                + about("GX-24", overdue: 7) + ["XIANQI_EVENT_KEY=GX-24|escalation|2024-12-31|7",
                                                "XIANQI_NOTICE=escalation", "XIANQI_LEADER=王副主任"]),
        Row(name: "立行立改 is due on the ledger's date",
            measure: immediate, key: "GX-25|due|2025-03-01|0",
            subject: "【今日到期】区财政局：违规占用公共停车位 今天（2025-03-01）到期",
            to: [unitAddress], mailTo: [unitAddress],
            fields: ["MESSAGE=【今日到期】区财政局：GX-25「违规占用公共停车位」今天（2025-03-01）到期",
                     reminderID, "PRIORITY=5", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=reminder"]
                + about("GX-25", due: "2025-03-01", unit: "区财政局")
                + ["XIANQI_EVENT_KEY=GX-25|due|2025-03-01|0", "XIANQI_NOTICE=due", "XIANQI_LEADER=王副主任"]),
        Row(name: "立行立改 is overdue from the next day",
            measure: immediate, key: "GX-25|overdue|2025-03-01|1",
            subject: "【逾期提醒】区财政局：违规占用公共停车位 已逾期 1 天（完成时限 2025-03-01）",
            to: [unitAddress], mailTo: [unitAddress],
            fields: ["MESSAGE=【逾期提醒】区财政局：GX-25「违规占用公共停车位」已逾期 1 天（完成时限 2025-03-01）",
                     overdueID, "PRIORITY=4", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=overdue"]
                + about("GX-25", due: "2025-03-01", overdue: 1, unit: "区财政局")
                + ["XIANQI_EVENT_KEY=GX-25|overdue|2025-03-01|1", "XIANQI_NOTICE=overdue", "XIANQI_LEADER=王副主任"]),
        Row(name: "a milestone's reminder names the milestone, not the problem",
            measure: withMilestone, key: "GX-3@确定监理单位|reminder|2024-12-31|7d",
            subject: "【到期提醒】区建设发展局：确定监理单位 将于 2024-12-31 到期（还有 7 个自然日）",
            to: [unitAddress], mailTo: [unitAddress],
            fields: ["MESSAGE=【到期提醒】区建设发展局：GX-3#2「确定监理单位」将于 2024-12-31 到期（还有 7 个自然日）",
                     reminderID, "PRIORITY=5", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=reminder"]
                + about("GX-3", milestone: "确定监理单位")
                + ["XIANQI_EVENT_KEY=GX-3@确定监理单位|reminder|2024-12-31|7d", "XIANQI_NOTICE=reminder",
                   "XIANQI_LEADER=王副主任"]),
        Row(name: "a milestone's escalation copies the leader",
            measure: withMilestone, key: "GX-3@确定监理单位|escalation|2024-12-31|7",
            subject: "【督办升级】区建设发展局：确定监理单位 已逾期 7 天（完成时限 2024-12-31）",
            to: [unitAddress], cc: [leaderAddress], mailTo: [unitAddress], mailCc: [leaderAddress],
            fields: ["MESSAGE=【督办升级】区建设发展局：GX-3#2「确定监理单位」已逾期 7 天（完成时限 2024-12-31）",
                     escalationID, "PRIORITY=3", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=escalation"]
                + about("GX-3", overdue: 7, milestone: "确定监理单位")
                + ["XIANQI_EVENT_KEY=GX-3@确定监理单位|escalation|2024-12-31|7", "XIANQI_NOTICE=escalation",
                   "XIANQI_LEADER=王副主任"]),
        Row(name: "a weekly report reminder, titled by the measure's text",
            measure: weekly, key: "GX-30|report|2024-12-27|week",
            subject: "【报送提醒】区建设发展局：清理占道杂物 今天应报送周报（2024-12-27）",
            to: [unitAddress], mailTo: [unitAddress],
            fields: ["MESSAGE=【报送提醒】区建设发展局：GX-30「清理占道杂物」今天应报送周报（2024-12-27）",
                     reminderID, "PRIORITY=5", "SYSLOG_IDENTIFIER=xianqi", "XIANQI_EVENT=reminder"]
                + about("GX-30", due: "2024-12-27") + ["XIANQI_EVENT_KEY=GX-30|report|2024-12-27|week", "XIANQI_NOTICE=report",
                                                        "XIANQI_LEADER=王副主任"]),
    ]

    /// The event of `key` as the schedule makes it, with its item and measure: as the daemon builds it.
    static func notice(_ row: Row) throws -> Notice {
        let schedule = ReminderSchedule(measures: [row.measure], settings: settings, calendar: .plainWeekdays)
        let events = schedule.events(from: civil("2024-09-01"), through: civil("2025-06-30"))
        let event = try #require(events.first { $0.key == row.key }, "no \(row.key) in \(events.map(\.key))")
        return Notice(event: event, item: schedule.agenda.item(event.item), measure: row.measure)
    }

    @Test(arguments: rows)
    func theNoticeSaysWhatTheRowSays(_ row: Row) throws {
        let notice = try Self.notice(row)
        #expect(notice.subject == row.subject)
        #expect(notice.recipients.to == row.to)
        #expect(notice.recipients.cc == row.cc)
        #expect(notice.invalidRecipients.isEmpty)
        let mail = notice.email(from: "xianqi@example.gov.cn", date: Date(timeIntervalSince1970: 0))
        #expect(mail?.to.map(\.address) == row.mailTo)
        #expect(mail.map { $0.cc.map(\.address) } == row.mailTo.map { _ in row.mailCc })
        #expect(mail?.subject == (row.mailTo == nil ? nil : row.subject))
        #expect(mail?.eventKey == (row.mailTo == nil ? nil : row.key))
        let fields = notice.record.fields().filter { !$0.name.hasPrefix("CODE_") }
            .map { "\($0.name)=\(String(decoding: $0.value, as: UTF8.self))" }
        #expect(fields == row.fields)
    }

    /// The journal's kind, and so its MESSAGE_ID and priority, for each kind of event.
    @Test(arguments: [
        ("GX-20|reminder|2024-12-31|30d", EventKind.reminder), ("GX-20|due|2024-12-31|0", .reminder),
        ("GX-20|overdue|2024-12-31|1", .overdue), ("GX-20|escalation|2024-12-31|7", .escalation),
        ("GX-20|overdue|2024-12-31|21", .overdue),
    ])
    func eachEventKindHasItsJournalKind(key: String, kind: EventKind) throws {
        let row = Row(name: key, measure: Self.withLeader, key: key, subject: "", to: [], fields: [])
        #expect(try Self.notice(row).record.kind == kind)
    }

    @Test func theBodyOfAnImmediateItemShowsItsDeadlineAsWritten() throws {
        let notice = try Self.notice(Self.rows[11])
        let lines = notice.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "区财政局：")
        #expect(lines[2] == "整改事项「违规占用公共停车位」已逾期 1 天（完成时限 2025-03-01）。")
        #expect(lines.contains("完成时限：立行立改（2025-03-01）"))
        #expect(lines.contains("编号：GX-25"))
        #expect(lines.contains("责任领导：王副主任"))
        #expect(lines.contains("台账位置：台账.csv:3"))
    }

    @Test func theBodyOfAMilestoneNamesItsStepAndItsOwnDeadline() throws {
        let notice = try Self.notice(Self.rows[12])
        let lines = notice.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("编号：GX-3#2"))
        #expect(lines.contains("阶段目标：确定监理单位"))
        #expect(lines.contains("完成时限：2024年12月底前（2024-12-31）"))
        #expect(lines.contains("整改措施：清理占道杂物"))
    }

    /// A bad address is left out of the mail and reported; the good one still gets it.
    @Test func anInvalidAddressIsLeftOutAndReported() throws {
        let m = Self.measure("GX-26", unitEmail: ["czj@-bad.com", Self.unitAddress])
        let notice = try Self.notice(Row(name: "", measure: m, key: "GX-26|escalation|2024-12-31|7", subject: "", to: [], fields: []))
        #expect(notice.recipients.to == ["czj@-bad.com", Self.unitAddress])
        #expect(notice.invalidRecipients.map(\.address) == ["czj@-bad.com"])
        let mail = try #require(notice.email(from: "xianqi@example.gov.cn", date: Date(timeIntervalSince1970: 0)))
        #expect(mail.to.map(\.address) == [Self.unitAddress])
        #expect(mail.cc.map(\.address) == [Self.leaderAddress])
    }

    /// The roles the schedule gives: the unit alone before the escalation, the leader too from it on.
    @Test(arguments: [
        ("GX-20|reminder|2024-12-31|1d", [ReminderEvent.Role.unit]), ("GX-20|due|2024-12-31|0", [.unit]),
        ("GX-20|overdue|2024-12-31|6", [.unit]), ("GX-20|escalation|2024-12-31|7", [.unit, .leader]),
        ("GX-20|overdue|2024-12-31|28", [.unit, .leader]), ("GX-30|report|2024-12-27|week", [.unit]),
    ])
    func rolesFollowTheEscalation(key: String, roles: [ReminderEvent.Role]) throws {
        let m = key.hasPrefix("GX-30") ? Self.weekly : Self.withLeader
        let notice = try Self.notice(Row(name: key, measure: m, key: key, subject: "", to: [], fields: []))
        #expect(notice.event.roles == roles)
        #expect(notice.recipients.cc == (roles.contains(.leader) ? [Self.leaderAddress] : []))
    }
}
