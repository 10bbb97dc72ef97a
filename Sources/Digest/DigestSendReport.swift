import Notify

/// The journal record that sums up one `xianqi digest --send`: the week, the counts, and what
/// was spooled. `MESSAGE_ID` is ``Notify/EventKind/digest``'s; `Units/xianqi.catalog` explains it.
///
///     journalctl MESSAGE_ID=726d962a8caa4b0cb99dd5675565e32a XIANQI_DIGEST_WEEK=2024-W47 -x
public struct DigestSendReport: Hashable, Sendable {
    /// Messages newly written to the spool.
    public var queued: [String] = []
    /// Messages of this week spooled before (sending twice in a week spools once).
    public var alreadyQueued: [String] = []
    /// Messages that could not be built or spooled, with why.
    public var failed: [String] = []
    /// Units with news and no address.
    public var unaddressed: [String] = []

    public init() {}

    /// The record, for the digest `digest` (the full one) and the spool at `spool`.
    public func record(for digest: Digest, spool: String) -> EventRecord {
        let c = digest.counts
        let message = "整改周报 \(digest.week.chineseRange)（\(digest.week.identifier)）：\(DigestWording.summary(digest))。"
            + "新入邮件队列\(queued.count)封，本周已入队跳过\(alreadyQueued.count)封"
            + (failed.isEmpty ? "" : "，失败\(failed.count)封")
            + (unaddressed.isEmpty ? "" : "；\(unaddressed.count)个单位无收件地址：\(unaddressed.joined(separator: "、"))")
        var fields: [(String, String)] = [
            ("XIANQI_DIGEST_WEEK", digest.week.identifier),
            ("XIANQI_DIGEST_AS_OF", digest.asOf.description),
            ("XIANQI_DIGEST_OVERDUE", "\(c.overdue)"),
            ("XIANQI_DIGEST_OVERDUE_UNITS", "\(c.overdueUnits)"),
            ("XIANQI_DIGEST_UPCOMING", "\(c.upcoming)"),
            ("XIANQI_DIGEST_LOOKAHEAD", digest.lookAhead.description),
            ("XIANQI_DIGEST_DONE", "\(c.done)"),
            ("XIANQI_DIGEST_EXTENDED", "\(c.extended)"),
            ("XIANQI_DIGEST_REOPENED", "\(c.reopened)"),
            ("XIANQI_DIGEST_ONGOING", "\(c.ongoing)"),
            ("XIANQI_DIGEST_CADENCE", "\(c.cadence)"),
            ("XIANQI_DIGEST_MEASURES", "\(c.measures)"),
            ("XIANQI_DIGEST_QUEUED", "\(queued.count)"),
            ("XIANQI_DIGEST_ALREADY_QUEUED", "\(alreadyQueued.count)"),
            ("XIANQI_DIGEST_FAILED", "\(failed.count)"),
            ("XIANQI_DIGEST_UNADDRESSED", "\(unaddressed.count)"),
            ("XIANQI_DIGEST_SPOOL", spool),
        ]
        fields += unaddressed.map { ("XIANQI_DIGEST_UNADDRESSED_UNIT", $0) }
        fields += queued.map { ("XIANQI_DIGEST_MESSAGE_ID", $0) }
        return EventRecord(kind: .digest, message: message, unit: digest.scope.agendaFilter,
                           extraFields: fields.map { JournalField($0.0, $0.1) })
    }
}
