import TextLayout

/// The digest as GitHub-flavoured markdown: headings and pipe tables.
///
/// Markdown passes HTML through, so ledger text is escaped twice over: `&`, `<` and `>` as
/// entities (a `<script>` in a measure stays text), and the characters markdown gives meaning
/// to (`\ ` * _ [ ] | #` and friends) with a backslash, so a cell cannot end its table or start a link.
enum MarkdownDigest {
    static let titleWidth = 60
    static let unitWidth = 40

    static func render(_ d: Digest) -> String {
        var out: [String] = []
        out.append("# \(escape(d.title))")
        out.append("")
        out.append("**\(escape(DigestWording.asOf(d)))**：\(escape(DigestWording.summary(d)))")
        for note in d.notes {
            out.append("")
            out.append("> 注意：\(escape(note))")
        }

        out.append("")
        out.append("## \(escape(DigestWording.overdueHeading(d)))")
        out.append("")
        if d.overdue.isEmpty {
            out.append("无逾期事项。")
        } else if d.listLimit == 0 {
            let line = DigestWording.countsOnly(d.counts.overdue, "逾期", d)
            out.append(escape(line.text) + (line.link.map { "<\($0)>" } ?? ""))
        } else {
            out.append("标记：" + OverdueSeverity.allCases.map { "`\($0.marker)` \($0.label)" }.joined(separator: " · "))
            for group in d.overdue {
                out.append("")
                out.append("### \(escape(DigestWording.groupHeading(group)))")
                out.append("")
                let listed = DigestWording.listed(group, d)
                if !listed.items.isEmpty {
                    out += table(["标记"] + DigestWording.overdueHeaders, listed.items.map { o in
                        ["`\(OverdueSeverity(daysOverdue: o.days).marker)`"]
                            + DigestWording.overdueRow(o, titleWidth: titleWidth).map(escape)
                    })
                }
                out += more(listed.omitted, "逾期", unit: group.unit, d)
            }
        }

        out.append("")
        out.append("## \(escape(DigestWording.upcomingHeading(d)))")
        out.append("")
        if d.upcoming.isEmpty {
            out.append("无。")
        } else if d.listLimit == 0 {
            let line = DigestWording.countsOnly(d.upcoming.count, "即将到期", d)
            out.append(escape(line.text) + (line.link.map { "<\($0)>" } ?? ""))
        } else {
            let listed = DigestWording.listedPerUnit(d.upcoming, unit: { $0.item.unit }, d)
            out += table(DigestWording.upcomingHeaders, listed.items.map {
                DigestWording.upcomingRow($0, titleWidth: titleWidth, unitWidth: unitWidth).map(escape)
            })
            for (unit, count) in listed.omitted { out += more(count, "即将到期", unit: unit, d) }
        }

        out.append("")
        out.append("## \(escape(DigestWording.activityHeading(d)))")
        out.append("")
        if d.activity.isEmpty {
            out.append("无办结、延期登记。")
        } else if d.listLimit == 0 {
            let line = DigestWording.countsOnly(d.activity.count, "办结、延期登记", d)
            out.append(escape(line.text) + (line.link.map { "<\($0)>" } ?? ""))
        } else {
            let listed = DigestWording.listedPerUnit(d.activity, unit: { $0.unit }, d)
            out += table(DigestWording.activityHeaders, listed.items.map {
                DigestWording.activityRow($0, zone: d.timeZone, titleWidth: titleWidth, unitWidth: unitWidth).map(escape)
            })
            for (unit, count) in listed.omitted { out += more(count, "办结、延期登记", unit: unit, d) }
        }

        out.append("")
        out.append("## \(escape(DigestWording.ongoingHeading))")
        out.append("")
        out.append("长期坚持 \(d.counts.ongoing) 项" + (d.ongoing.isEmpty ? "。" : "："))
        if !d.ongoing.isEmpty { out.append("") }
        for (unit, ids) in DigestWording.ongoingByUnit(d) {
            out.append("- \(escape(DigestWording.unitName(unit))) \(ids.count) 项：\(escape(DigestWording.idList(ids)))")
        }
        out.append("")
        out.append("工作频次 \(d.counts.cadence) 项" + (d.cadence.isEmpty ? "。" : "："))
        if !d.cadence.isEmpty { out.append("") }
        let cadence = DigestWording.listedPerUnit(d.cadence, unit: { $0.unit }, d)
        for item in cadence.items {
            let line = DigestWording.cadenceLine(item)
            out.append("- \(escape(line.id))（\(escape(line.unit))）\(escape(line.rhythm))：\(escape(DigestWording.clip(line.title, titleWidth)))")
        }
        for (unit, count) in cadence.omitted { out += more(count, "工作频次事项", unit: unit, d) }

        out.append("")
        out.append("## \(escape(DigestWording.unitsHeading))")
        out.append("")
        let listedUnits = DigestWording.listedUnits(d)
        out += table(DigestWording.unitHeaders(d), (listedUnits.units.map(DigestWording.unitRow) + [DigestWording.totalRow(d)]).map { $0.map(escape) })
        if let more = listedUnits.more { out += ["", escape(more.text) + (more.link.map { "<\($0)>" } ?? "")] }

        out.append("")
        out.append(escape(DigestWording.footer))
        return out.joined(separator: "\n") + "\n"
    }

    /// The "left out" line after a list: a paragraph, the board's link as an autolink.
    static func more(_ omitted: Int, _ what: String, unit: String?, _ d: Digest) -> [String] {
        guard let more = DigestWording.more(omitted, what, unit: unit, d) else { return [] }
        return ["", escape(more.text) + (more.link.map { "<\($0)>" } ?? "")]
    }

    /// A pipe table; `rows` are escaped already.
    static func table(_ headers: [String], _ rows: [[String]]) -> [String] {
        ["| " + headers.map(escape).joined(separator: " | ") + " |",
         "|" + headers.map { _ in " --- " }.joined(separator: "|") + "|"]
            + rows.map { "| " + $0.joined(separator: " | ") + " |" }
    }

    /// Text that markdown shows as it is, on one line.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in TextTable.oneLine(text) {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", "{", "}", "!":
                out.append("\\")
                out.append(ch)
            default: out.append(ch)
            }
        }
        return out
    }
}
