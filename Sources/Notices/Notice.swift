import ChineseDates
import Foundation
import Ledger
import Mail
import Notify
import Schedule

/// What one reminder event says, to the journal and by email: the Chinese sentence, the
/// structured fields, the subject and body, and who receives it.
///
///     let notice = Notice(event: event, item: item, measure: measure)
///     notice.subject   // "【逾期提醒】区财政局：确定监理单位 已逾期 21 天"
///     notice.record    // EventRecord(kind: .overdue, …, daysOverdue: 21)
public struct Notice: Sendable {
    public let event: ReminderEvent
    public let item: ScheduleItem?
    public let measure: Measure?

    public init(event: ReminderEvent, item: ScheduleItem?, measure: Measure?) {
        self.event = event
        self.item = item
        self.measure = measure
    }

    /// The event's word in brackets, as offices head their notices.
    public var tag: String {
        switch event.kind {
        case .reminder: "到期提醒"
        case .due: "今日到期"
        case .overdue: "逾期提醒"
        case .escalation: "督办升级"
        case .report: "报送提醒"
        }
    }

    /// Whole days past the deadline on the day the event goes out; nil before the deadline.
    public var daysOverdue: Int? {
        switch event.kind {
        case .overdue, .escalation: event.day.days(since: event.due)
        default: nil
        }
    }

    /// What the event says about time: "将于 2024-12-31 到期（还有 7 天）", "已逾期 21 天".
    public var timing: String {
        switch event.kind {
        case .reminder(let lead, let unit):
            "将于 \(event.due) 到期（还有 \(lead) 个\(unit == .workdays ? "工作日" : "自然日")）"
        case .due: "今天（\(event.due)）到期"
        case .overdue, .escalation: "已逾期 \(daysOverdue ?? 0) 天（完成时限 \(event.due)）"
        case .report(let period): "今天应报送\(Self.periodName(period))（\(event.due)）"
        }
    }

    public var unitName: String { event.unit ?? measure?.unit ?? "（未填责任单位）" }

    /// What the event is about, short enough for a subject line: a milestone's action, else
    /// the problem or the item's title, cut at 40 characters.
    public var title: String {
        let full = event.item.step?.action ?? measure?.problem ?? event.title
        let scalars = full.unicodeScalars
        guard scalars.count > 40 else { return full }
        return String(String.UnicodeScalarView(scalars.prefix(39))) + "…"
    }

    /// Whether the office is told as well (its robots get the event beside the unit's).
    public var isEscalation: Bool {
        if case .escalation = event.kind { true } else { false }
    }

    /// How bad the event is, larger worse (a 催办单 lists the worst first): escalations by
    /// days overdue, then overdue notices by days, the due day, reminders by lead, reports.
    public var severity: Int {
        switch event.kind {
        case .report: 0
        case .reminder(let lead, _): 1_000 - min(lead, 999)
        case .due: 2_000
        case .overdue(let days): 3_000 + min(days, 99_999)
        case .escalation(let days): 200_000 + min(days, 99_999)
        }
    }

    /// `MESSAGE`: one sentence a person reads in `journalctl`.
    public var message: String {
        "【\(tag)】\(unitName)：\(event.item.shortForm)「\(title)」\(timing)"
    }

    public var subject: String { "【\(tag)】\(unitName)：\(title) \(timing)" }

    /// The journal record, with the fields administrators filter on.
    public var record: EventRecord {
        let kind: EventKind = switch event.kind {
        case .overdue: .overdue
        case .escalation: .escalation
        default: .reminder
        }
        // XIANQI_EVENT is the record's kind (reminder, overdue, escalation); XIANQI_NOTICE the
        // schedule's word for this notice (reminder, due, overdue, escalation, report).
        var extra = [JournalField("XIANQI_EVENT_KEY", event.key), JournalField("XIANQI_NOTICE", event.kind.name)]
        if let leader = event.leader ?? measure?.leader { extra.append(JournalField("XIANQI_LEADER", leader)) }
        return EventRecord(kind: kind, message: message, measureID: event.item.measureID,
                           milestone: event.item.step.map { $0.action ?? "#\($0.index)" },
                           unit: event.unit ?? measure?.unit, owner: item?.owner ?? measure?.owner,
                           due: event.due.description, daysOverdue: daysOverdue,
                           source: (item?.source ?? measure?.source)?.description, extraFields: extra)
    }

    /// The addresses of the owner unit and, on escalation, of the leader (cc).
    public var recipients: (to: [String], cc: [String]) {
        let to = measure?.unitEmail ?? []
        let cc = event.roles.contains(.leader) ? (measure?.leaderEmail ?? []) : []
        return (to, cc.filter { !to.contains($0) })
    }

    /// The recipients whose address the mail cannot carry (``MailAddress/problem(with:)``):
    /// ``email(from:date:)`` leaves them out, so that one bad address never holds back the
    /// message to the others. A ledger read by `xianqi check` reports the same addresses.
    public var invalidRecipients: [(address: String, problem: MailError.AddressProblem)] {
        let (to, cc) = recipients
        return (to + cc).compactMap { a in MailAddress.problem(with: a).map { (a, $0) } }
    }

    /// The email to the recipients whose address is valid, or nil when none is.
    public func email(from sender: String, date: Date) -> OutgoingMessage? {
        let valid = { (a: String) in MailAddress.problem(with: a) == nil }
        var to = recipients.to.filter(valid), cc = recipients.cc.filter(valid)
        guard !to.isEmpty || !cc.isEmpty else { return nil }
        // A message needs a To: the leader's copy goes out even when no unit address is valid.
        if to.isEmpty { (to, cc) = (cc, []) }
        return OutgoingMessage(
            eventKey: event.key, from: MailAddress(sender, displayName: "整改提醒 xianqi"),
            to: to.map { MailAddress($0, displayName: unitName) }, cc: cc.map { MailAddress($0) },
            subject: subject, textBody: body,
            extraHeaders: [.xianqi("Measure-Id", event.item.measureID), .xianqi("Event", event.kind.name)],
            date: date)
    }

    /// The plain-text body: the facts of the measure and what to do.
    public var body: String {
        let lines = ["\(unitName)：", "", "整改事项「\(title)」\(timing)。", ""] + facts
            + ["", Self.whatToDo(event.item.shortForm), "", Self.footer]
        return lines.joined(separator: "\n")
    }

    /// The facts of the measure, one `标签：内容` per line: 编号, 存在问题, 整改措施, 阶段目标,
    /// 完成时限, 责任单位, 责任人, 责任领导, 台账位置 (those the ledger has).
    public var facts: [String] {
        var lines: [String] = []
        func add(_ label: String, _ value: String?) {
            if let value, !value.isEmpty { lines.append("\(label)：\(value)") }
        }
        add("编号", event.item.shortForm)
        add("存在问题", measure?.problem)
        add("整改措施", measure?.text ?? item?.measureText)
        if let step = event.item.step { add("阶段目标", step.action ?? "第\(step.index)项") }
        add("完成时限", [item?.deadlineText ?? measure?.deadlineText, "（\(event.due)）"].compactMap { $0 }.joined())
        add("责任单位", event.unit ?? measure?.unit)
        add("责任人", item?.owner ?? measure?.owner)
        add("责任领导", event.leader ?? measure?.leader)
        add("台账位置", (item?.source ?? measure?.source)?.description)
        return lines
    }

    /// What the recipient is asked to do, naming the item (`xianqi done GX-20`) or, in a 催办单, items.
    static func whatToDo(_ reference: String) -> String {
        "已完成的，请报整改办验收销号（xianqi done \(reference)）；需要延期的，请说明理由报批。"
    }

    static let footer = "—— xianqi 限期 自动提醒，请勿直接回复。"

    /// The event as the mail outbox keeps it: its message alone, its line and facts for a
    /// 催办单 (``UrgeMail``), and the valid recipients; nil when no address is valid.
    public func mailItem(date: Date) -> MailOutbox.Item? {
        guard let message = email(from: "x@localhost.localdomain", date: date) else { return nil }
        return MailOutbox.Item(eventKey: event.key, day: event.day.description, kind: event.kind.name, severity: severity,
                               unit: unitName, to: message.to.map(\.address), cc: message.cc.map(\.address),
                               subject: subject, body: body, line: "【\(tag)】\(event.item.shortForm)「\(title)」\(timing)",
                               facts: facts, headers: message.extraHeaders)
    }

    static func periodName(_ period: DateExpression.Period) -> String {
        switch period {
        case .day: "日报"
        case .week: "周报"
        case .xun: "旬报"
        case .month: "月报"
        case .quarter: "季报"
        case .half: "半年报"
        case .year: "年报"
        }
    }
}
