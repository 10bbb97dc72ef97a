import TextLayout

/// The digest as plain text: headings, then tables whose columns line up in a terminal and in
/// a mail client's fixed-width view (wide characters count two columns). Overdue rows start
/// with one to four `!` for their severity.
enum TextDigest {
    static let titleWidth = 30
    static let unitWidth = 20

    static func render(_ d: Digest) -> String {
        var out: [String] = []
        out.append(d.title)
        out.append("\(DigestWording.asOf(d))：\(DigestWording.summary(d))")
        for note in d.notes { out.append("注意：\(TextTable.oneLine(note))") }

        out.append("")
        out.append(DigestWording.overdueHeading(d))
        if d.overdue.isEmpty {
            out.append("无逾期事项。")
        } else {
            out.append("标记：" + OverdueSeverity.allCases.map { "\($0.marker) \($0.label)" }.joined(separator: "  "))
            for group in d.overdue {
                out.append("")
                out.append(DigestWording.groupHeading(group))
                var table = TextTable(["标记"] + DigestWording.overdueHeaders)
                for o in group.items {
                    table.append([OverdueSeverity(daysOverdue: o.days).marker]
                        + DigestWording.overdueRow(o, titleWidth: titleWidth))
                }
                out.append(table.render(maxWidth: 40))
            }
        }

        out.append("")
        out.append(DigestWording.upcomingHeading(d))
        if d.upcoming.isEmpty {
            out.append("无。")
        } else {
            var table = TextTable(DigestWording.upcomingHeaders)
            for u in d.upcoming {
                table.append(DigestWording.upcomingRow(u, titleWidth: titleWidth, unitWidth: unitWidth))
            }
            out.append(table.render(maxWidth: 40))
        }

        out.append("")
        out.append(DigestWording.activityHeading(d))
        if d.activity.isEmpty {
            out.append("无办结、延期登记。")
        } else {
            // Two lines an entry rather than a table: the reason is the point, and is not cut.
            for a in d.activity {
                out.append("• \(a.recordedText(in: d.timeZone))  \(TextTable.oneLine(a.entry.by))  \(a.kind.chineseName)  "
                    + "\(a.itemID) \(DigestWording.clip(a.title, 40))（\(DigestWording.unitName(a.unit))）")
                var detail = "完成时限 \(DigestWording.deadlineChange(a))"
                if let note = a.entry.note, !note.isEmpty {
                    detail += "；\(a.kind == .extended ? "理由" : "说明")：\(TextTable.oneLine(note))"
                }
                if a.standing != .inEffect { detail += "；\(a.standingText)" }
                out.append("  \(detail)")
            }
        }

        out.append("")
        out.append(DigestWording.ongoingHeading)
        out.append("长期坚持 \(d.counts.ongoing) 项" + (d.ongoing.isEmpty ? "。" : "："))
        for (unit, ids) in DigestWording.ongoingByUnit(d) {
            out.append("  \(DigestWording.unitName(unit)) \(ids.count) 项：\(DigestWording.idList(ids))")
        }
        out.append("工作频次 \(d.counts.cadence) 项" + (d.cadence.isEmpty ? "。" : "："))
        for item in d.cadence {
            let line = DigestWording.cadenceLine(item)
            out.append("  \(line.id)（\(line.unit)）\(DigestWording.clip(line.rhythm, 24))：\(DigestWording.clip(line.title, 40))")
        }

        out.append("")
        out.append(DigestWording.unitsHeading)
        var units = TextTable(DigestWording.unitHeaders(d))
        for u in d.units { units.append(DigestWording.unitRow(u)) }
        units.append(DigestWording.totalRow(d))
        out.append(units.render(maxWidth: 40))

        out.append("")
        out.append(DigestWording.footer)
        return out.joined(separator: "\n") + "\n"
    }
}
