/// The kinds of event xianqi writes to the journal, each with its own `MESSAGE_ID`.
///
/// The IDs were generated once with `systemd-id128 new` and never change: operators
/// filter on them (`journalctl MESSAGE_ID=b6ba09e70f6b463cb51bac9a46484cba`) and
/// `Units/xianqi.catalog` explains each one for `journalctl -x`.
public enum EventKind: String, Sendable, CaseIterable {
    /// A milestone is due soon (提醒).
    case reminder
    /// A milestone's deadline has passed (逾期).
    case overdue
    /// An overdue milestone was escalated to the supervising unit (督办升级).
    case escalation
    /// The periodic summary of open measures (汇总).
    case digest
    /// Reloading the ledger or configuration failed; the previous state stays in force.
    case reloadFailed = "reload-failed"
    /// A reminder could not be delivered after every retry.
    case deliveryGaveUp = "delivery-gave-up"
    /// A message went to an IM group robot (企业微信, 钉钉, 飞书), with the vendor's reply code.
    case robotSent = "robot-sent"

    /// The 128-bit `MESSAGE_ID`, as 32 lower-case hex digits.
    public var messageID: String {
        switch self {
        case .reminder: "9ad1f99ed05846a1971fe7b6a36d18d5"
        case .overdue: "b6ba09e70f6b463cb51bac9a46484cba"
        case .escalation: "f16b2013d8884845828d9091a0f64eaf"
        case .digest: "726d962a8caa4b0cb99dd5675565e32a"
        case .reloadFailed: "29910ce3f973405cb5d6e2d9d257ae15"
        case .deliveryGaveUp: "f9b18c92d70947458a9bdfce2d61a0e0"
        case .robotSent: "b714391c3e794426a2869866429a20b2"
        }
    }

    /// How urgent the event is: reminders are notices, overdue milestones warnings,
    /// escalations and lost work errors.
    public var priority: JournalPriority {
        switch self {
        case .reminder: .notice
        case .overdue: .warning
        case .escalation: .error
        case .digest: .info
        case .reloadFailed: .error
        case .deliveryGaveUp: .error
        case .robotSent: .info
        }
    }
}
