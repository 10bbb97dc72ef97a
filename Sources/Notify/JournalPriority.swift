/// The syslog priority written as `PRIORITY=` (0 = emerg … 7 = debug).
public enum JournalPriority: Int, Sendable, CaseIterable {
    case emergency = 0
    case alert = 1
    case critical = 2
    case error = 3
    case warning = 4
    case notice = 5
    case info = 6
    case debug = 7

    /// The field as sent, e.g. `PRIORITY=4`.
    public var field: JournalField { JournalField("PRIORITY", String(rawValue)) }
}
