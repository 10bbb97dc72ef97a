import TextLayout

/// The digest as one HTML page a leader reads in a mail client or a browser, or prints.
///
/// Self-contained on purpose: every style is an inline `style` attribute (mail clients drop
/// `<style>` blocks and external sheets), there is no script and no image or font to fetch,
/// and layout is tables, which every client renders. Every text from the ledgers, the trail
/// or the configuration goes through ``escape(_:)``.
enum HTMLDigest {
    static let titleWidth = 120

    static let font = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','Hiragino Sans GB',sans-serif"
    static let page = "margin:0 auto;max-width:1100px;padding:24px 28px;background:#ffffff;color:#1f2933;font-family:\(font);font-size:14px;line-height:1.6"
    static let h1 = "margin:0 0 4px 0;font-size:24px;font-weight:700;color:#102a43"
    static let h2 = "margin:28px 0 10px 0;padding:0 0 6px 0;font-size:18px;font-weight:700;color:#102a43;border-bottom:2px solid #bcccdc"
    static let h3 = "margin:18px 0 6px 0;font-size:15px;font-weight:700;color:#243b53"
    static let table = "border-collapse:collapse;width:100%;margin:0 0 8px 0;font-size:13px"
    static let th = "background:#e4ebf3;color:#102a43;text-align:left;font-weight:700;padding:6px 8px;border:1px solid #bcccdc;white-space:nowrap"
    static let td = "padding:6px 8px;border:1px solid #d9e2ec;vertical-align:top"
    static let number = "text-align:right;white-space:nowrap"
    static let muted = "color:#627d98"

    static func render(_ d: Digest) -> String {
        var h = HTMLBuilder()
        h.raw("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        h.raw("<title>"); h.text(d.title); h.raw("</title>\n</head>\n")
        h.raw("<body style=\"margin:0;padding:16px 0;background:#f0f4f8\">\n")
        h.raw("<div style=\"\(page)\">\n")

        h.element("h1", style: h1, d.title)
        h.raw("<p style=\"margin:0 0 14px 0;\(muted)\">")
        h.text("\(DigestWording.asOf(d)) · \(d.scope.title ?? "全部责任单位") · 第\(d.week.number)周（\(d.week.identifier)）")
        h.raw("</p>\n")
        for note in d.notes {
            h.raw("<p style=\"margin:0 0 10px 0;padding:8px 12px;background:#fffbea;border:1px solid #f0b429;color:#8d2b0b\">")
            h.text("注意：\(note)")
            h.raw("</p>\n")
        }
        summaryCards(d, into: &h)

        h.element("h2", style: h2, DigestWording.overdueHeading(d))
        if d.overdue.isEmpty {
            h.element("p", style: muted, "无逾期事项。")
        } else if d.listLimit == 0 {
            countsOnly(d.counts.overdue, "逾期", d, into: &h)
        } else {
            legend(into: &h)
            for group in d.overdue {
                let severity = OverdueSeverity(daysOverdue: group.maxDays)
                h.raw("<h3 style=\"\(h3);border-left:6px solid \(severity.colours.badge);padding-left:8px\">")
                h.text(DigestWording.unitName(group.unit))
                h.raw(" <span style=\"font-weight:400;\(muted)\">")
                h.text("逾期\(group.items.count)项，最长\(group.maxDays)天")
                h.raw("</span></h3>\n")
                let listed = DigestWording.listed(group, d)
                if !listed.items.isEmpty { tableHead(DigestWording.overdueHeaders, numeric: [5, 6], into: &h) }
                for o in listed.items {
                    let c = OverdueSeverity(daysOverdue: o.days).colours
                    let cells = DigestWording.overdueRow(o, titleWidth: titleWidth)
                    h.raw("<tr style=\"background:\(c.background);color:\(c.text)\">")
                    for (i, cell) in cells.enumerated() {
                        switch i {
                        case 5:
                            h.raw("<td style=\"\(td);\(number)\"><span style=\"display:inline-block;min-width:34px;padding:1px 6px;border-radius:9px;background:\(c.badge);color:#ffffff;font-weight:700;text-align:center\">")
                            h.text(cell)
                            h.raw("</span></td>")
                        case 6: cellTag(cell, style: "\(td);\(number)", into: &h)
                        case 0, 4: cellTag(cell, style: "\(td);white-space:nowrap", into: &h)
                        default: cellTag(cell, style: td, into: &h)
                        }
                    }
                    h.raw("</tr>\n")
                }
                if !listed.items.isEmpty { h.raw("</tbody></table>\n") }
                more(listed.omitted, "逾期", unit: group.unit, d, into: &h)
            }
        }

        h.element("h2", style: h2, DigestWording.upcomingHeading(d))
        if d.upcoming.isEmpty {
            h.element("p", style: muted, "无。")
        } else if d.listLimit == 0 {
            countsOnly(d.upcoming.count, "即将到期", d, into: &h)
        } else {
            tableHead(DigestWording.upcomingHeaders, numeric: [5, 6], into: &h)
            let listed = DigestWording.listedPerUnit(d.upcoming, unit: { $0.item.unit }, d)
            for u in listed.items {
                let soon = u.days <= 3
                h.raw(soon ? "<tr style=\"background:#fffbea\">" : "<tr>")
                for (i, cell) in DigestWording.upcomingRow(u, titleWidth: titleWidth, unitWidth: 60).enumerated() {
                    cellTag(cell, style: [0, 4].contains(i) ? "\(td);white-space:nowrap" : [5, 6].contains(i) ? "\(td);\(number)" : td, into: &h)
                }
                h.raw("</tr>\n")
            }
            h.raw("</tbody></table>\n")
            for (unit, count) in listed.omitted { more(count, "即将到期", unit: unit, d, into: &h) }
        }

        h.element("h2", style: h2, DigestWording.activityHeading(d))
        if d.activity.isEmpty {
            h.element("p", style: muted, "无办结、延期登记。")
        } else if d.listLimit == 0 {
            countsOnly(d.activity.count, "办结、延期登记", d, into: &h)
        } else {
            tableHead(DigestWording.activityHeaders, numeric: [], into: &h)
            let listed = DigestWording.listedPerUnit(d.activity, unit: { $0.unit }, d)
            defer { for (unit, count) in listed.omitted { more(count, "办结、延期登记", unit: unit, d, into: &h) } }
            for a in listed.items {
                let colour = switch a.kind {
                case .done: "#e3f9e5"
                case .extended: "#e6f0ff"
                case .reopened: "#fff3e0"
                }
                h.raw("<tr>")
                for (i, cell) in DigestWording.activityRow(a, zone: d.timeZone, titleWidth: titleWidth, unitWidth: 60).enumerated() {
                    switch i {
                    case 0:
                        let recorded = a.recorded(in: d.timeZone)
                        h.raw("<td style=\"\(td);white-space:nowrap\">")
                        h.text(recorded.when)
                        if let clock = recorded.clock {
                            h.raw("<br><span style=\"font-size:11px;\(muted)\">")
                            h.text("系统时间 \(clock)")
                            h.raw("</span>")
                        }
                        h.raw("</td>")
                    case 4: cellTag(cell, style: "\(td);background:\(colour);font-weight:700;white-space:nowrap", into: &h)
                    case 1, 6: cellTag(cell, style: "\(td);white-space:nowrap", into: &h)
                    default: cellTag(cell, style: td, into: &h)
                    }
                }
                h.raw("</tr>\n")
            }
            h.raw("</tbody></table>\n")
        }

        h.element("h2", style: h2, DigestWording.ongoingHeading)
        h.element("h3", style: h3, "长期坚持（\(d.counts.ongoing)项）")
        if d.ongoing.isEmpty {
            h.element("p", style: muted, "无。")
        } else {
            tableHead(["责任单位", "项数", "编号"], numeric: [1], into: &h)
            for (unit, ids) in DigestWording.ongoingByUnit(d) {
                h.raw("<tr>")
                cellTag(DigestWording.unitName(unit), style: td, into: &h)
                cellTag("\(ids.count)", style: "\(td);\(number)", into: &h)
                cellTag(DigestWording.idList(ids, limit: 20), style: "\(td);\(muted);font-size:12px", into: &h)
                h.raw("</tr>\n")
            }
            h.raw("</tbody></table>\n")
        }
        h.element("h3", style: h3, "工作频次（\(d.counts.cadence)项）")
        if d.cadence.isEmpty {
            h.element("p", style: muted, "无。")
        } else {
            tableHead(["编号", "责任单位", "频次", "事项"], numeric: [], into: &h)
            let listed = DigestWording.listedPerUnit(d.cadence, unit: { $0.unit }, d)
            defer { for (unit, count) in listed.omitted { more(count, "工作频次事项", unit: unit, d, into: &h) } }
            for item in listed.items {
                let line = DigestWording.cadenceLine(item)
                h.raw("<tr>")
                cellTag(line.id, style: "\(td);white-space:nowrap", into: &h)
                cellTag(line.unit, style: td, into: &h)
                cellTag(line.rhythm, style: td, into: &h)
                cellTag(DigestWording.clip(line.title, titleWidth), style: td, into: &h)
                h.raw("</tr>\n")
            }
            h.raw("</tbody></table>\n")
        }

        h.element("h2", style: h2, DigestWording.unitsHeading)
        tableHead(DigestWording.unitHeaders(d), numeric: Array(1..<DigestWording.unitHeaders(d).count), into: &h)
        let listedUnits = DigestWording.listedUnits(d)
        for u in listedUnits.units {
            let c = u.overdue > 0 ? OverdueSeverity(daysOverdue: u.maxDaysOverdue).colours : nil
            h.raw("<tr>")
            for (i, cell) in DigestWording.unitRow(u).enumerated() {
                var style = i == 0 ? td : "\(td);\(number)"
                if let c, i == 3 || i == 4 { style += ";background:\(c.background);color:\(c.text);font-weight:700" }
                cellTag(cell, style: style, into: &h)
            }
            h.raw("</tr>\n")
        }
        h.raw("<tr style=\"font-weight:700;background:#f0f4f8\">")
        for (i, cell) in DigestWording.totalRow(d).enumerated() {
            cellTag(cell, style: i == 0 ? td : "\(td);\(number)", into: &h)
        }
        h.raw("</tr>\n</tbody></table>\n")
        if let more = listedUnits.more { paragraph(more.text, link: more.link, into: &h) }

        h.element("p", style: "margin:24px 0 0 0;font-size:12px;\(muted)", DigestWording.footer)
        h.raw("</div>\n</body>\n</html>\n")
        return h.html
    }

    /// The counts as a row of cards.
    static func summaryCards(_ d: Digest, into h: inout HTMLBuilder) {
        let c = d.counts
        let worst = d.overdue.first.map { OverdueSeverity(daysOverdue: $0.maxDays).colours.badge } ?? "#3f9142"
        let cards: [(label: String, value: Int, colour: String)] = [
            ("逾期", c.overdue, c.overdue > 0 ? worst : "#3f9142"),
            ("\(d.lookAheadPhrase)到期", c.upcoming, c.upcoming > 0 ? "#de911d" : "#627d98"),
            ("近\(Digest.activityDays)天办结", c.done, "#3f9142"),
            ("近\(Digest.activityDays)天延期", c.extended, "#2680c2"),
            ("长期坚持", c.ongoing, "#627d98"),
            ("工作频次", c.cadence, "#627d98"),
        ]
        h.raw("<table role=\"presentation\" style=\"border-collapse:separate;border-spacing:8px 0;width:100%;margin:4px 0 6px -8px\"><tr>\n")
        for card in cards {
            h.raw("<td style=\"width:16%;padding:10px 12px;border:1px solid #d9e2ec;border-top:4px solid \(card.colour);background:#f8fafc\">")
            h.raw("<div style=\"font-size:26px;font-weight:700;line-height:1.2;color:\(card.colour)\">")
            h.text("\(card.value)")
            h.raw("</div><div style=\"font-size:13px;\(muted)\">")
            h.text(card.label)
            h.raw("</div></td>\n")
        }
        h.raw("</tr></table>\n")
        h.raw("<p style=\"margin:6px 0 0 0;font-size:13px;\(muted)\">")
        h.text("措施共\(c.measures)项，已完成\(c.measuresDone)项；未明确时限\(c.undated)项。")
        h.raw("</p>\n")
    }

    /// The severity bands, as the badges the rows use.
    static func legend(into h: inout HTMLBuilder) {
        h.raw("<p style=\"margin:0 0 4px 0;font-size:12px;\(muted)\">")
        for s in OverdueSeverity.allCases {
            let c = s.colours
            h.raw("<span style=\"display:inline-block;margin:0 10px 2px 0;padding:1px 8px;background:\(c.background);color:\(c.text);border-left:6px solid \(c.badge)\">")
            h.text(s.label)
            h.raw("</span>")
        }
        h.raw("</p>\n")
    }

    /// `<table><thead>…</thead><tbody>`; the caller closes the body and table.
    static func tableHead(_ headers: [String], numeric: [Int], into h: inout HTMLBuilder) {
        h.raw("<table style=\"\(table)\"><thead><tr>")
        for (i, header) in headers.enumerated() {
            cellTag(header, tag: "th", style: numeric.contains(i) ? "\(th);text-align:right" : th, into: &h)
        }
        h.raw("</tr></thead><tbody>\n")
    }

    static func cellTag(_ text: String, tag: String = "td", style: String, into h: inout HTMLBuilder) {
        h.element(tag, style: style, text)
    }

    /// Text that HTML shows as it is, in an element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for u in text.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Controls other than tab and newlines have no business in a page (and NUL is invalid).
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{7F}": out += " "
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

/// The page being written: raw markup the renderer writes itself, and text that is always escaped.
extension HTMLDigest {
    /// A section by counts only, with the board's link.
    static func countsOnly(_ total: Int, _ what: String, _ d: Digest, into h: inout HTMLBuilder) {
        let line = DigestWording.countsOnly(total, what, d)
        paragraph(line.text, link: line.link, into: &h)
    }

    static func paragraph(_ text: String, link: String?, into h: inout HTMLBuilder) {
        h.raw("<p style=\"\(muted);margin:4px 0 12px\">")
        h.text(text)
        if let link {
            h.raw("<a href=\"")
            h.text(link)
            h.raw("\" style=\"color:#1d4ed8\">")
            h.text(link)
            h.raw("</a>")
        }
        h.raw("</p>\n")
    }

    /// The "left out" line after a list, with the board's link.
    static func more(_ omitted: Int, _ what: String, unit: String?, _ d: Digest, into h: inout HTMLBuilder) {
        guard let more = DigestWording.more(omitted, what, unit: unit, d) else { return }
        paragraph(more.text, link: more.link, into: &h)
    }
}

struct HTMLBuilder {
    private(set) var html = ""

    /// Markup written by the renderer, never text from a ledger.
    mutating func raw(_ markup: String) { html += markup }

    /// Text from anywhere, escaped.
    mutating func text(_ text: String) { html += HTMLDigest.escape(text) }

    /// `<tag style="…">text</tag>`; `style` is the renderer's own.
    mutating func element(_ tag: String, style: String, _ text: String) {
        html += "<\(tag) style=\"\(style)\">"
        html += HTMLDigest.escape(text)
        html += "</\(tag)>"
        if tag.hasPrefix("h") || tag == "p" { html += "\n" }
    }
}
