public import Robots

extension Digest {
    /// The digest as a short IM summary (the weekly digest's robot message): the week's
    /// counts, the units worst first with their overdue counts (the office's), the worst
    /// overdue items (a unit's), and a link to the board — the whole digest stays on the board
    /// and in the mail. Ledger text is made safe for markdown (``RobotText/safe(_:)``); the
    /// size is the vendor's (`fits`).
    ///
    ///     digest.robotNote(recipient: RobotChannel.office, noteID: id, board: link, fits: RobotPayload.fits(.wecom))
    ///     // 【整改周报】2024-W47 整改办 — 逾期 37 项（6 个单位），两周内到期 12 项，本周办结 3 项，延期 1 项
    public func robotNote(recipient: String, noteID: String, board: BoardLink?, fits: (RobotNote) -> Bool,
                          lines limit: Int = 10) -> RobotNote {
        let c = counts
        let summary = "逾期 \(c.overdue) 项（\(c.overdueUnits) 个单位），\(lookAheadPhrase)到期 \(c.upcoming) 项，"
            + "本周办结 \(c.done) 项，延期 \(c.extended) 项；共 \(c.measures) 项措施，已办结 \(c.measuresDone) 项"
        var lines: [String]
        if recipient == RobotChannel.office {
            lines = units.filter { $0.overdue > 0 }.prefix(limit).enumerated().map { i, u in
                "\(i + 1). \(RobotText.safe(u.unit ?? "（未填责任单位）"))：逾期 \(u.overdue) 项，最长 \(u.maxDaysOverdue) 天"
            }
        } else {
            let items = overdue.flatMap(\.items).sorted { $0.days > $1.days }
            lines = items.prefix(limit).enumerated().map { i, o in
                "\(i + 1). \(RobotText.safe(o.item.reference.shortForm))「\(RobotText.safe(o.item.title))」已逾期 \(o.days) 天"
            }
        }
        let link = board.map { b in recipient == RobotChannel.office ? ("查看督办看板", b.url) : ("查看本单位督办看板", b.unitPage(recipient)) }
        var note = RobotNote(title: "【整改周报】\(week.identifier) \(RobotText.safe(recipient))", summary: summary, lines: lines,
                             omitted: nil, linkText: link?.0, linkURL: link?.1, noteID: noteID)
        // Long titles of a unit's items can pass 企业微信's 4096 bytes: fewer lines then.
        while !fits(note), !note.lines.isEmpty { note.lines.removeLast() }
        return note
    }
}
