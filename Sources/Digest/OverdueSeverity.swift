/// How far past its deadline an item is, in bands a reader takes in at a glance: the HTML digest
/// colours rows by it, the text and markdown digests mark them.
///
///     OverdueSeverity(daysOverdue: 326)   // .critical
///     OverdueSeverity(daysOverdue: 5)     // .recent
public enum OverdueSeverity: Int, Hashable, Sendable, CaseIterable, Comparable {
    /// 1–7 days: within the first week, before the standard escalation.
    case recent
    /// 8–29 days: escalated, under a month.
    case escalated
    /// 30–89 days: over a month.
    case serious
    /// 90 days or more: over three months.
    case critical

    public init(daysOverdue days: Int) {
        switch days {
        case ..<8: self = .recent
        case 8..<30: self = .escalated
        case 30..<90: self = .serious
        default: self = .critical
        }
    }

    /// `逾期7天以内`, `逾期8—29天`, `逾期30—89天`, `逾期90天以上`: for the legend.
    public var label: String {
        switch self {
        case .recent: "逾期7天以内"
        case .escalated: "逾期8—29天"
        case .serious: "逾期30—89天"
        case .critical: "逾期90天以上"
        }
    }

    /// The text and markdown marker: one to four `!`, so the band survives any mail client.
    public var marker: String { String(repeating: "!", count: rawValue + 1) }

    /// Background of the row and colour of its text in the HTML digest (light, readable on
    /// screen and in print; the text colour carries the band in a grey-scale print too).
    var colours: (background: String, text: String, badge: String) {
        switch self {
        case .recent: ("#fff9db", "#5c4400", "#e0a800")
        case .escalated: ("#ffe8cc", "#7a3500", "#f08c00")
        case .serious: ("#ffd5c2", "#832200", "#e8590c")
        case .critical: ("#ffc2c2", "#6b0000", "#c92a2a")
        }
    }

    public static func < (a: OverdueSeverity, b: OverdueSeverity) -> Bool { a.rawValue < b.rawValue }
}
