import ChineseDates
import Foundation
import Schedule

// Why hand-written HTML: three small pages with one escaping rule (`HTML.escape` on every piece
// of ledger text, attribute or not) read more plainly than templates, add no build time, and
// the escaping can be tested on its own. No script, no external asset: the pages work offline.

/// The board's pages, in Chinese, rendered on the server; phone width first.
public enum BoardPages {
    /// `/`: the counts, the rules, and one row per owner unit, worst first.
    public static func index(_ board: BoardModel, title: String = "整改督办看板") -> String {
        var body = "<h1>\(HTML.escape(title))</h1>\n<p class=\"asof\">截至 \(board.today)（本周自 \(board.weekStart) 起）</p>\n"
        body += counts(board.counts)
        body += "<h2>各责任单位</h2>\n<div class=\"scroll\"><table class=\"units\">\n<thead><tr><th>责任单位</th><th>红</th><th>黄</th><th>蓝</th><th>本周办结</th><th>延期</th><th>长期坚持</th><th>按期办结率</th><th>最紧急事项</th></tr></thead>\n<tbody>\n"
        for row in board.units {
            let c = row.counts
            let worst = row.worst.map { w in
                "<span class=\"dot \(w.colour.name)\"></span>\(HTML.escape(w.item.reference.shortForm)) \(dueText(w))"
            } ?? ""
            body += "<tr class=\"\(row.worst?.colour.name ?? "normal")\"><td><a href=\"/unit/\(HTML.pathSegment(row.unit))\">\(HTML.escape(row.unit))</a></td>"
            body += "<td class=\"n red\">\(c.red)</td><td class=\"n yellow\">\(c.yellow)</td><td class=\"n blue\">\(c.blue)</td>"
            body += "<td class=\"n\">\(c.doneThisWeek)</td><td class=\"n\">\(c.extended)</td><td class=\"n\">\(c.longTerm)</td>"
            body += "<td class=\"n\">\(c.onTimeRateText)<small>（\(c.doneOnTime)/\(c.dueSoFar)）</small></td><td>\(worst)</td></tr>\n"
        }
        body += "</tbody></table></div>\n"
        body += rules(board)
        return page(title: title, body: body)
    }

    /// `/unit/{name}`: the unit's items, worst first, with milestones under their measure's id.
    public static func unit(_ row: UnitRow, board: BoardModel) -> String {
        var body = "<p class=\"nav\"><a href=\"/\">← 看板</a> · <a href=\"/calendar/\(HTML.pathSegment(row.unit)).ics\">订阅日历</a></p>\n"
        body += "<h1>\(HTML.escape(row.unit))</h1>\n<p class=\"asof\">截至 \(board.today)</p>\n" + counts(row.counts)
        body += "<h2>事项</h2>\n<div class=\"scroll\"><table class=\"items\">\n<thead><tr><th>颜色</th><th>编号</th><th>事项</th><th>完成时限</th><th>剩余/逾期</th><th>责任人 / 领导</th></tr></thead>\n<tbody>\n"
        for entry in row.items where entry.colour != .done {
            body += itemRow(entry)
        }
        body += "</tbody></table></div>\n"
        let done = row.items.filter { $0.colour == .done }
        if !done.isEmpty {
            body += "<h2>已办结（\(done.count)）</h2>\n<div class=\"scroll\"><table class=\"items\">\n<tbody>\n"
            for entry in done { body += itemRow(entry) }
            body += "</tbody></table></div>\n"
        }
        body += rules(board)
        return page(title: row.unit + " — 整改督办看板", body: body)
    }

    /// `/measure/{id}`: one measure, where the ledger defines it, its milestones and its audit trail.
    public static func measure(_ items: [BoardItem], history: [HistoryLine], board: BoardModel, timeZone: TimeZone) -> String {
        guard let head = items.first else { return page(title: "未找到", body: "<h1>未找到该措施</h1>") }
        let m = head.item
        var body = "<p class=\"nav\"><a href=\"/\">← 看板</a>"
        if let u = m.unit { body += " · <a href=\"/unit/\(HTML.pathSegment(u))\">\(HTML.escape(u))</a>" }
        body += "</p>\n<h1>措施 \(HTML.escape(m.reference.measureID))</h1>\n<p class=\"title\">\(HTML.escape(m.title))</p>\n<dl>\n"
        func field(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            body += "<dt>\(name)</dt><dd>\(HTML.escape(value))</dd>\n"
        }
        body += "<dt>颜色</dt><dd><span class=\"badge \(head.colour.name)\">\(head.colour.chineseName)</span></dd>\n"
        field("责任单位", m.unit)
        field("责任人", m.owner)
        field("责任领导", m.leader)
        field("类别", m.category)
        field("完成时限（台账原文）", m.deadlineText)
        body += "<dt>到期日</dt><dd>\(dueText(head))</dd>\n"
        field("状态", m.status?.rawValue)
        field("台账位置", m.source?.description)
        body += "</dl>\n"
        let steps = items.dropFirst()
        if !steps.isEmpty {
            body += "<h2>阶段目标</h2>\n<div class=\"scroll\"><table class=\"items\">\n<thead><tr><th>颜色</th><th>节点</th><th>事项</th><th>完成时限</th><th>剩余/逾期</th><th>位置</th></tr></thead>\n<tbody>\n"
            for s in steps {
                body += "<tr class=\"\(s.colour.name)\"><td><span class=\"badge \(s.colour.name)\">\(s.colour.chineseName)</span></td>"
                body += "<td>\(HTML.escape(s.item.reference.shortForm))</td><td>\(HTML.escape(s.item.title))</td>"
                body += "<td>\(HTML.escape(s.item.deadlineText ?? ""))<br><small>\(dueText(s))</small></td><td>\(leftText(s))</td>"
                body += "<td><small>\(HTML.escape(s.item.source?.description ?? ""))</small></td></tr>\n"
            }
            body += "</tbody></table></div>\n"
        }
        body += "<h2>办理记录（审计轨迹）</h2>\n"
        if history.isEmpty {
            body += "<p>无记录：状态与时限以台账为准。</p>\n"
        } else {
            body += "<div class=\"scroll\"><table class=\"trail\">\n<thead><tr><th>#</th><th>时间</th><th>事项</th><th>操作</th><th>办理人</th><th>说明</th><th>效力</th></tr></thead>\n<tbody>\n"
            for line in history {
                let e = line.entry
                let standing = switch line.standing {
                case .inEffect: "有效"
                case .supersededByLedger: "台账已更新，以台账为准"
                case .itemGone: "事项已不在台账中"
                }
                body += "<tr><td>\(e.sequence)</td><td>\(HTML.escape(localTime(e.at, timeZone)))</td><td>\(HTML.escape(e.itemKey))</td>"
                body += "<td>\(HTML.escape(e.action.chineseName))</td><td>\(HTML.escape(e.by))</td><td>\(HTML.escape(e.note ?? ""))</td><td>\(standing)</td></tr>\n"
            }
            body += "</tbody></table></div>\n"
        }
        return page(title: "措施 \(m.reference.measureID) — 整改督办看板", body: body)
    }

    /// A page for a status other than 200 (not found, token asked for).
    public static func message(_ title: String, _ text: String) -> String {
        page(title: title, body: "<p class=\"nav\"><a href=\"/\">← 看板</a></p>\n<h1>\(HTML.escape(title))</h1>\n<p>\(HTML.escape(text))</p>\n")
    }

    // MARK: Pieces

    static func counts(_ c: BoardCounts) -> String {
        """
        <ul class="counts">
        <li class="red"><b>\(c.red)</b>红·逾期</li>
        <li class="yellow"><b>\(c.yellow)</b>黄·临期</li>
        <li class="blue"><b>\(c.blue)</b>蓝·提醒期</li>
        <li><b>\(c.doneThisWeek)</b>本周办结</li>
        <li><b>\(c.extended)</b>已延期</li>
        <li><b>\(c.longTerm)</b>长期坚持</li>
        <li><b>\(c.onTimeRateText)</b>按期办结率</li>
        </ul>

        """
    }

    static func itemRow(_ e: BoardItem) -> String {
        let i = e.item
        // Measures run to hundreds of characters: the row shows the start, the measure page the whole.
        var title = HTML.escape(i.title.count > 80 ? String(i.title.prefix(80)) + "…" : i.title)
        if i.reference.isMilestone { title = "<span class=\"tag\">节点</span>" + title }
        let person = [i.owner, i.leader.map { "领导 " + $0 }].compactMap { $0 }.joined(separator: " / ")
        return "<tr class=\"\(e.colour.name)\"><td><span class=\"badge \(e.colour.name)\">\(e.colour.chineseName)</span></td>"
            + "<td><a href=\"/measure/\(HTML.pathSegment(i.reference.measureID))\">\(HTML.escape(i.reference.shortForm))</a></td>"
            + "<td>\(title)</td><td>\(dueText(e))</td><td>\(leftText(e))</td><td>\(HTML.escape(person))</td></tr>\n"
    }

    /// `2024-12-31`, with `（原 2024-10-31）` for an extension; `长期坚持`, `无时限`.
    static func dueText(_ e: BoardItem) -> String {
        switch e.item.timing {
        case .deadline(let d):
            if e.item.isExtended, let o = e.item.ledgerDue { return "\(d)（原 \(o)，已延期）" }
            return d.description
        case .ongoing, .cadence: return "长期坚持"
        case .undated: return "无时限"
        }
    }

    /// `剩 5 天（3 个工作日）`, `逾期 12 天（8 个工作日）`, `今日到期`.
    static func leftText(_ e: BoardItem) -> String {
        guard let d = e.daysLeft, let w = e.workdaysLeft, !e.item.done else { return "" }
        if d < 0 { return "逾期 \(-d) 天（\(-w) 个工作日）" }
        if d == 0 { return "今日到期" }
        return "剩 \(d) 天（\(w) 个工作日）"
    }

    static func rules(_ board: BoardModel) -> String {
        let unit = board.leadUnit == .workdays ? "个工作日" : "天"
        return """
        <h2>颜色规则与口径</h2>
        <ul class="rules">
        <li><span class="dot red"></span><b>红</b>：已过完成时限仍未办结（逾期）。</li>
        <li><span class="dot yellow"></span><b>黄</b>：距完成时限不超过 \(board.yellowWithin) 个工作日（含到期当日）。</li>
        <li><span class="dot blue"></span><b>蓝</b>：已进入提醒期，即距完成时限不超过 \(board.leadTime) \(unit)（提醒策略中最早的一次提醒；按类别、单位的设置计算）。</li>
        <li><b>按期办结率</b> = 在完成时限当日或之前办结的事项数 ÷ 截至今日已到完成时限的事项数（延期后以延期后的时限计；台账标为已完成而无办结记录的，按按期办结计）。</li>
        <li>本周办结：本周一至今日通过 xianqi done 记录办结的事项。延期：当前时限经延期调整、尚未办结的事项。</li>
        <li>阶段目标（节点）与措施分别计数；与措施同日到期的节点只计措施。</li>
        </ul>

        """
    }

    static func localTime(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    static let style = """
        body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:1100px;padding:12px;color:#222;line-height:1.5}
        h1{font-size:1.4em;margin:.3em 0}h2{font-size:1.15em;margin:1.2em 0 .4em}
        .asof,.nav{color:#555;margin:.2em 0}a{color:#0b57d0}
        .counts{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0;margin:.6em 0}
        .counts li{flex:1 1 90px;border:1px solid #ddd;border-radius:6px;padding:6px 8px;text-align:center;background:#fafafa}
        .counts b{display:block;font-size:1.5em}
        .counts .red{background:#fdecea;border-color:#d93025}.counts .yellow{background:#fff8e1;border-color:#f9ab00}.counts .blue{background:#e8f0fe;border-color:#1a73e8}
        .scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.95em}
        th,td{border-bottom:1px solid #e5e5e5;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f3f3f3;white-space:nowrap}
        td.n{text-align:right;white-space:nowrap}td.red{color:#b3261e;font-weight:bold}td.yellow{color:#8a5a00}td.blue{color:#174ea6}
        .dot{display:inline-block;width:.75em;height:.75em;border-radius:50%;margin-right:4px;background:#9e9e9e}
        .dot.red,.badge.red{background:#d93025}.dot.yellow,.badge.yellow{background:#f9ab00}.dot.blue,.badge.blue{background:#1a73e8}
        .badge{display:inline-block;color:#fff;background:#9e9e9e;border-radius:4px;padding:0 5px;font-size:.85em;white-space:nowrap}
        .badge.done{background:#188038}.badge.normal{background:#5f6368}
        .tag{border:1px solid #999;border-radius:3px;font-size:.8em;padding:0 3px;margin-right:4px}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px}dt{color:#555}dd{margin:0}
        .rules{font-size:.9em;color:#333}.title{font-size:1.05em}
        @media (max-width:600px){body{padding:8px}table{font-size:.85em}th,td{padding:3px 4px}
        table.items thead{display:none}table.items tr{display:block;border-bottom:1px solid #ccc;padding:4px 0}
        table.items td{display:inline-block;border:none;padding:2px 4px}table.items td:nth-child(3){display:block}}
        """

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        \(body)<footer><small>xianqi 限期 · 只读看板</small></footer>
        </body>
        </html>

        """
    }
}

/// Escaping for HTML text and attribute values.
public enum HTML {
    /// `&`, `<`, `>`, `"`, `'` as entities: safe in text and in quoted attributes alike.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A path segment percent-encoded (UTF-8; unreserved characters kept), then escaped for an attribute.
    public static func pathSegment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
