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
        } else if d.listLimit == 0 {
            let line = DigestWording.countsOnly(d.counts.overdue, "逾期", d)
            out.append(line.text + (line.link ?? ""))
        } else {
            out.append("标记：" + OverdueSeverity.allCases.map { "\($0.marker) \($0.label)" }.joined(separator: "  "))
            for group in d.overdue {
                out.append("")
                out.append(DigestWording.groupHeading(group))
                var table = TextTable(["标记"] + DigestWording.overdueHeaders)
                let listed = DigestWording.listed(group, d)
                for o in listed.items {
                    table.append([OverdueSeverity(daysOverdue: o.days).marker]
                        + DigestWording.overdueRow(o, titleWidth: titleWidth))
                }
                if !listed.items.isEmpty { out.append(table.render(maxWidth: 40)) }
                if let more = DigestWording.more(listed.omitted, "逾期", unit: group.unit, d) { out.append(more.text + (more.link ?? "")) }
            }
        }

        out.append("")
        out.append(DigestWording.upcomingHeading(d))
        if d.upcoming.isEmpty {
            out.append("无。")
        } else if d.listLimit == 0 {
            let line = DigestWording.countsOnly(d.upcoming.count, "即将到期", d)
            out.append(line.text + (line.link ?? ""))
        } else {
            var table = TextTable(DigestWording.upcomingHeaders)
            let listed = DigestWording.listedPerUnit(d.upcoming, unit: { $0.item.unit }, d)
            for u in listed.items {
                table.append(DigestWording.upcomingRow(u, titleWidth: titleWidth, unitWidth: unitWidth))
            }
            out.append(table.render(maxWidth: 40))
            for (unit, count) in listed.omitted {
                if let more = DigestWording.more(count, "即将到期", unit: unit, d) { out.append(more.text + (more.link ?? "")) }
            }
        }

        out.append("")
        out.append(DigestWording.activityHeading(d))
        if d.activity.isEmpty {
            out.append("无办结、延期登记。")
        } else if d.listLimit == 0 {
            let line = DigestWording.countsOnly(d.activity.count, "办结、延期登记", d)
            out.append(line.text + (line.link ?? ""))
        } else {
            // Two lines an entry rather than a table: the reason is the point, and is not cut.
            let listed = DigestWording.listedPerUnit(d.activity, unit: { $0.unit }, d)
            for a in listed.items {
                out.append("• \(a.recordedText(in: d.timeZone))  \(TextTable.oneLine(a.entry.by))  \(a.kind.chineseName)  "
                    + "\(a.itemID) \(DigestWording.clip(a.title, 40))（\(DigestWording.unitName(a.unit))）")
                var detail = "完成时限 \(DigestWording.deadlineChange(a))"
                if let note = a.entry.note, !note.isEmpty {
                    detail += "；\(a.kind == .extended ? "理由" : "说明")：\(TextTable.oneLine(note))"
                }
                if a.standing != .inEffect { detail += "；\(a.standingText)" }
                out.append("  \(detail)")
            }
            for (unit, count) in listed.omitted {
                if let more = DigestWording.more(count, "办结、延期登记", unit: unit, d) { out.append(more.text + (more.link ?? "")) }
            }
        }

        out.append("")
        out.append(DigestWording.ongoingHeading)
        out.append("长期坚持 \(d.counts.ongoing) 项" + (d.ongoing.isEmpty ? "。" : "："))
        for (unit, ids) in DigestWording.ongoingByUnit(d) {
            out.append("  \(DigestWording.unitName(unit)) \(ids.count) 项：\(DigestWording.idList(ids))")
        }
        out.append("工作频次 \(d.counts.cadence) 项" + (d.cadence.isEmpty ? "。" : "："))
        let cadence = DigestWording.listedPerUnit(d.cadence, unit: { $0.unit }, d)
        for item in cadence.items {
            let line = DigestWording.cadenceLine(item)
            out.append("  \(line.id)（\(line.unit)）\(DigestWording.clip(line.rhythm, 24))：\(DigestWording.clip(line.title, 40))")
        }
        for (unit, count) in cadence.omitted {
            if let more = DigestWording.more(count, "工作频次事项", unit: unit, d) { out.append("  " + more.text + (more.link ?? "")) }
        }

        out.append("")
        out.append(DigestWording.unitsHeading)
        var units = TextTable(DigestWording.unitHeaders(d))
        let listedUnits = DigestWording.listedUnits(d)
        for u in listedUnits.units { units.append(DigestWording.unitRow(u)) }
        units.append(DigestWording.totalRow(d))
        out.append(units.render(maxWidth: 40))
        if let more = listedUnits.more { out.append(more.text + (more.link ?? "")) }

        out.append("")
        out.append(DigestWording.footer)
        return out.joined(separator: "\n") + "\n"
    }
}
