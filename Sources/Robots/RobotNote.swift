import Notify

/// One item of a 催办单: the event it stands for, how bad it is, and its line, already made
/// safe (``RobotText/safe(_:)``).
public struct NoteItem: Hashable, Sendable, Codable {
    /// The event's key (`GX-20|overdue|2024-12-31|14`): one row per event and channel in the outbox.
    public var eventKey: String
    /// What the event is: `overdue`, `escalation`, `due`, `reminder`, `report`.
    public var kind: String
    /// Larger is worse; the 催办单 lists the worst first.
    public var severity: Int
    /// The line as it reads in the message.
    public var line: String

    public init(eventKey: String, kind: String, severity: Int, line: String) {
        self.eventKey = eventKey
        self.kind = kind
        self.severity = severity
        self.line = line
    }

    /// An item from a notice's parts (ledger text, made safe here): `【逾期提醒】GX-20「确定监理单位」已逾期 21 天`.
    public init(eventKey: String, kind: String, severity: Int, tag: String, reference: String, title: String, timing: String) {
        self.init(eventKey: eventKey, kind: kind, severity: severity,
                  line: RobotText.safe("【\(tag)】\(reference)「\(title)」\(timing)"))
    }
}

/// A message to one robot: a 催办单 (a recipient's events of one day) or a digest summary.
/// Its parts are already safe; each vendor's ``RobotPayload`` lays them out.
///
///     let note = RobotNote.urge(recipient: "区财政局", day: "2024-11-21", items: items, noteID: "a1b2c3d4",
///                               board: BoardLink("https://dc.example/board"), fits: RobotPayload.fits(.wecom))
///     note.lines.count   // as many as fit in 4096 bytes, worst first
///     note.omitted       // the others, counted: "另有 580 项未列出（逾期 560 项，…）"
public struct RobotNote: Hashable, Sendable, Codable {
    public var title: String
    /// The counts line under the title: `共 600 项：逾期 580 项，今日到期 20 项`.
    public var summary: String
    public var lines: [String]
    /// What did not fit, as counts; nil when every item is listed.
    public var omitted: String?
    /// The link at the end (the board, or the unit's page on it).
    public var linkText: String?
    public var linkURL: String?
    /// The outbox's id of the message, shown last (`编号 …`), so a group can tell two 催办单 apart.
    public var noteID: String

    public init(title: String, summary: String, lines: [String], omitted: String? = nil,
                linkText: String? = nil, linkURL: String? = nil, noteID: String) {
        self.title = title
        self.summary = summary
        self.lines = lines
        self.omitted = omitted
        self.linkText = linkText
        self.linkURL = linkURL
        self.noteID = noteID
    }

    /// The 催办单 of `recipient` for `day`: every item's line, worst first, as many as `fits`
    /// allows (the vendor's size limit); the rest as counts by kind, with a link to the
    /// recipient's board page (the office's: the board).
    public static func urge(recipient: String, day: String, items: [NoteItem], noteID: String,
                            board: BoardLink?, fits: (RobotNote) -> Bool) -> RobotNote {
        let sorted = items.sorted { ($0.severity, $1.eventKey) > ($1.severity, $0.eventKey) }
        let name = RobotText.safe(recipient)
        let link: (String, String)? = board.map { b in
            recipient == RobotChannel.office ? ("查看督办看板", b.url) : ("查看本单位督办看板", b.unitPage(recipient))
        }
        func note(listing count: Int) -> RobotNote {
            let listed = sorted.prefix(count)
            let rest = sorted.dropFirst(count)
            return RobotNote(
                title: "【催办单】\(name) \(day)",
                summary: "共 \(sorted.count) 项：" + counts(of: sorted),
                lines: listed.enumerated().map { "\($0.offset + 1). \($0.element.line)" },
                omitted: rest.isEmpty ? nil : "另有 \(rest.count) 项未列出（\(counts(of: Array(rest))))，详见督办看板",
                linkText: link?.0, linkURL: link?.1, noteID: noteID)
        }
        // The largest prefix that fits: the sizes grow with the count, so a binary search.
        var low = 0, high = sorted.count
        if fits(note(listing: high)) { return note(listing: high) }
        while low + 1 < high {
            let mid = (low + high) / 2
            if fits(note(listing: mid)) { low = mid } else { high = mid }
        }
        return note(listing: low)
    }

    /// `逾期 580 项，今日到期 20 项`, worst kind first (``NoticeCounts``).
    static func counts(of items: [NoteItem]) -> String {
        NoticeCounts.text(of: items.map(\.kind))
    }
}
