/// The kinds of notice a 催办单 counts (the names `XIANQI_NOTICE` gives them), worst first,
/// with their Chinese words: the one rule for the robots' 催办单 and the mail's.
///
///     NoticeCounts.text(of: ["overdue", "due", "overdue"])   // "逾期 2 项，今日到期 1 项"
public enum NoticeCounts {
    /// Worst first: escalations, overdue notices, the due day, reminders, reports.
    public static let order = ["escalation", "overdue", "due", "reminder", "report"]

    /// The Chinese word of a kind; another kind as it is.
    public static func name(_ kind: String) -> String {
        switch kind {
        case "escalation": "督办升级"
        case "overdue": "逾期"
        case "due": "今日到期"
        case "reminder": "即将到期"
        case "report": "报送提醒"
        default: kind
        }
    }

    /// `逾期 580 项，今日到期 20 项`: each kind of `kinds` counted, in ``order``, other kinds
    /// after them by name.
    public static func text(of kinds: some Sequence<String>, separator: String = "，") -> String {
        var byKind: [String: Int] = [:]
        for kind in kinds { byKind[kind, default: 0] += 1 }
        let known = order.compactMap { k in byKind[k].map { "\(name(k)) \($0) 项" } }
        let other = byKind.keys.filter { !order.contains($0) }.sorted().map { "\($0) \(byKind[$0, default: 0]) 项" }
        return (known + other).joined(separator: separator)
    }
}
