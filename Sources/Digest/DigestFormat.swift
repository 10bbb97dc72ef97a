import ChineseDates
import Foundation
import Schedule
import TextLayout

/// The forms a digest is written in.
///
///     print(DigestFormat.text.render(digest))       // a terminal, or a plain-text mail part
///     let page = DigestFormat.html.render(digest)   // the mail's HTML part, or a page to print
public enum DigestFormat: String, Hashable, Sendable, CaseIterable {
    /// Plain text with aligned columns (East Asian width), for a terminal and a mail client.
    case text
    /// GitHub-flavoured markdown tables, for a wiki or a chat.
    case markdown
    /// One self-contained page: inline CSS, no scripts, no external resources.
    case html

    /// The digest in this form. Every text from the ledgers or the trail is escaped for it.
    public func render(_ digest: Digest) -> String {
        switch self {
        case .text: TextDigest.render(digest)
        case .markdown: MarkdownDigest.render(digest)
        case .html: HTMLDigest.render(digest)
        }
    }
}

/// The wording and the table cells every form shares, so that the three say the same thing.
enum DigestWording {
    static let noUnit = "（未填写责任单位）"
    static let none = "—"

    static func unitName(_ unit: String?) -> String { unit ?? noUnit }

    /// `逾期14项（3个单位），两周内到期5项；近7天办结1项、延期1项`.
    static func summary(_ d: Digest) -> String {
        let c = d.counts
        var s = "逾期\(c.overdue)项"
        if c.overdueUnits > 1 { s += "（\(c.overdueUnits)个单位）" }
        s += "，\(d.lookAheadPhrase)到期\(c.upcoming)项；近\(Digest.activityDays)天办结\(c.done)项、延期\(c.extended)项"
        if c.reopened > 0 { s += "、重新打开\(c.reopened)项" }
        return s
    }

    /// `截至2024年11月21日`.
    static func asOf(_ d: Digest) -> String { "截至\(ChineseDay.full(d.asOf))" }

    /// The mail subject: `【整改周报】2024年11月18日—24日：逾期14项，两周内到期5项`, with the
    /// unit's name before the dates in a unit's digest.
    static func subject(_ d: Digest) -> String {
        let name = d.scope.title.map { "\($0) " } ?? ""
        return "【整改周报】\(name)\(d.week.chineseRange)：逾期\(d.counts.overdue)项，\(d.lookAheadPhrase)到期\(d.counts.upcoming)项"
    }

    static func upcomingHeading(_ d: Digest) -> String {
        "二、\(d.lookAheadPhrase)到期（\(ChineseDay.range(d.asOf, d.upcomingThrough))，\(d.counts.upcoming)项）"
    }

    static func activityHeading(_ d: Digest) -> String {
        "三、近\(Digest.activityDays)天办结与延期（\(ChineseDay.range(d.activityWindow.start, d.activityWindow.end))，\(d.activity.count)条）"
    }

    static func overdueHeading(_ d: Digest) -> String {
        "一、逾期事项（\(d.counts.overdue)项，按责任单位）"
    }

    static let ongoingHeading = "四、长期坚持与工作频次（简要）"
    static let unitsHeading = "五、各单位统计"

    /// `中共湾沚区委：逾期3项，最长326天`.
    static func groupHeading(_ g: OverdueGroup) -> String {
        "\(unitName(g.unit))：逾期\(g.items.count)项，最长\(g.maxDays)天"
    }

    static let footer = "说明：逾期天数为自然日（完成时限次日起算），工作日按节假日与调休安排计算；"
        + "“原”为延期前的完成时限。办结、延期请用 xianqi done / xianqi extend 登记，本报告据整改台账与登记记录生成。"

    // MARK: Cells

    /// `2024-12-31`, or `2024-12-31（原 2024-10-31）` for an extension.
    static func due(_ item: ScheduleItem) -> String {
        guard let due = item.due else { return none }
        guard item.isExtended, let original = item.ledgerDue else { return due.description }
        return "\(due)（原 \(original)）"
    }

    static func person(_ name: String?) -> String {
        guard let name, !name.isEmpty else { return none }
        return name
    }

    static let overdueHeaders = ["编号", "事项", "责任人", "责任领导", "完成时限", "逾期天数", "工作日"]

    static func overdueRow(_ o: OverdueItem, titleWidth: Int) -> [String] {
        [o.item.reference.shortForm, title(o.item, width: titleWidth), person(o.item.owner), person(o.item.leader),
         due(o.item), "\(o.days)", "\(o.workdays)"]
    }

    static let upcomingHeaders = ["编号", "事项", "责任单位", "责任人", "完成时限", "剩余天数", "工作日"]

    static func upcomingRow(_ u: UpcomingItem, titleWidth: Int, unitWidth: Int) -> [String] {
        [u.item.reference.shortForm, title(u.item, width: titleWidth), clip(unitName(u.item.unit), unitWidth),
         person(u.item.owner), due(u.item), u.days == 0 ? "今天" : "\(u.days)", "\(u.workdays)"]
    }

    static let activityHeaders = ["登记时间", "编号", "事项", "责任单位", "操作", "登记人", "完成时限", "说明", "现状"]

    static func activityRow(_ a: DigestActivity, zone: TimeZone, titleWidth: Int, unitWidth: Int) -> [String] {
        [a.recordedText(in: zone), a.itemID, clip(a.title, titleWidth), clip(unitName(a.unit), unitWidth),
         a.kind.chineseName, a.entry.by, deadlineChange(a), a.entry.note.map(TextTable.oneLine) ?? none,
         a.standingText]
    }

    /// `2024-10-31 → 2024-12-31` for an extension (the ledger's own date too when it differs
    /// from the one replaced), the deadline in effect otherwise.
    static func deadlineChange(_ a: DigestActivity) -> String {
        if let change = a.deadlineChange {
            var text = "\(change.from?.description ?? "无") → \(change.to)"
            if let ledger = a.ledgerDue, ledger != change.from { text += "（台账原定 \(ledger)）" }
            return text
        }
        return a.item.map(due) ?? none
    }

    static func unitHeaders(_ d: Digest) -> [String] {
        ["责任单位", "措施", "已完成", "逾期", "最长逾期(天)", "\(d.lookAheadPhrase)到期", "长期坚持", "工作频次", "未明确时限"]
    }

    static func unitRow(_ u: UnitSummary) -> [String] {
        [unitName(u.unit), "\(u.measures)", "\(u.measuresDone)", "\(u.overdue)", u.overdue > 0 ? "\(u.maxDaysOverdue)" : none,
         "\(u.upcoming)", "\(u.ongoing)", "\(u.cadence)", "\(u.undated)"]
    }

    static func totalRow(_ d: Digest) -> [String] {
        let c = d.counts
        return ["合计", "\(c.measures)", "\(c.measuresDone)", "\(c.overdue)", d.overdue.first.map { "\($0.maxDays)" } ?? none,
                "\(c.upcoming)", "\(c.ongoing)", "\(c.cadence)", "\(c.undated)"]
    }

    /// Units with long-term measures, most first: `(unit, ids)`.
    static func ongoingByUnit(_ d: Digest) -> [(unit: String?, ids: [String])] {
        var order: [String?] = []
        var ids: [String?: [String]] = [:]
        for item in d.ongoing {
            if ids[item.unit] == nil { order.append(item.unit) }
            ids[item.unit, default: []].append(item.reference.shortForm)
        }
        return order.map { ($0, ids[$0] ?? []) }
            .sorted { $0.ids.count != $1.ids.count ? $0.ids.count > $1.ids.count : UnitSummary.nameOrder($0.unit, $1.unit) }
    }

    /// At most `limit` ids, then `等N项`.
    // MARK: Listing limits

    /// The items of `group` the digest lists (its ``Digest/listLimit`` worst), and how many it leaves out.
    static func listed(_ group: OverdueGroup, _ d: Digest) -> (items: ArraySlice<OverdueItem>, omitted: Int) {
        let shown = group.items.prefix(d.listLimit ?? group.items.count)
        return (shown, group.items.count - shown.count)
    }

    /// The first ``Digest/listLimit`` of each owner unit's entries, in their order, and what is
    /// left out, by unit in order of first appearance.
    static func listedPerUnit<T>(_ entries: [T], unit: (T) -> String?, _ d: Digest) -> (items: [T], omitted: [(unit: String?, count: Int)]) {
        guard let limit = d.listLimit else { return (entries, []) }
        // Counts only: the sections say their totals in one line each (``countsOnly``).
        guard limit > 0 else { return ([], []) }
        var shown: [String?: Int] = [:]
        var omitted: [String?: Int] = [:]
        var order: [String?] = []
        var items: [T] = []
        for entry in entries {
            let u = unit(entry)
            if shown[u, default: 0] < limit {
                shown[u, default: 0] += 1
                items.append(entry)
            } else {
                if omitted[u] == nil { order.append(u) }
                omitted[u, default: 0] += 1
            }
        }
        return (items, order.map { ($0, omitted[$0] ?? 0) })
    }

    /// The units the per-unit table shows, and a line for those it leaves out.
    static func listedUnits(_ d: Digest) -> (units: ArraySlice<UnitSummary>, more: (text: String, link: String?)?) {
        let shown = d.units.prefix(d.unitLimit ?? d.units.count)
        let left = d.units.count - shown.count
        guard left > 0 else { return (shown, nil) }
        let text = "另有 \(left) 个单位未列出（合计行含全部单位）"
        return (shown, boardLink(unit: nil, d).map { (text + "，见督办看板：", $0) } ?? (text, nil))
    }

    /// A section listed by counts only (``Digest/listLimit`` 0: the message would be over its
    /// size otherwise): one line instead of a line per unit.
    static func countsOnly(_ total: Int, _ what: String, _ d: Digest) -> (text: String, link: String?) {
        let text = "共 \(total) 项\(what)，各单位数目见“\(unitsHeading)”，未逐项列出"
        guard let link = boardLink(unit: nil, d) else { return (text + "（xianqi overdue / upcoming 可查全部）", nil) }
        return (text + "，明细见督办看板：", link)
    }

    /// `另有 18 项逾期未列出，见督办看板 https://…/unit/区财政局`; nil when nothing is left out.
    static func more(_ omitted: Int, _ what: String, unit: String?, _ d: Digest) -> (text: String, link: String?)? {
        guard omitted > 0 else { return nil }
        let name = unit ?? "未写单位的事项"
        guard let link = boardLink(unit: unit, d) else {
            return ("\(name)另有 \(omitted) 项\(what)未列出（xianqi overdue / upcoming --unit 可查全部）", nil)
        }
        return ("\(name)另有 \(omitted) 项\(what)未列出，见督办看板：", link)
    }

    /// The unit's page on the board (`<board>/unit/<name>`, the name percent-encoded), or the board.
    static func boardLink(unit: String?, _ d: Digest) -> String? {
        guard var base = d.boardURL, !base.isEmpty else { return nil }
        while base.hasSuffix("/") { base.removeLast() }
        guard let unit else { return base + "/" }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return base + "/unit/" + (unit.addingPercentEncoding(withAllowedCharacters: allowed) ?? unit)
    }

    static func idList(_ ids: [String], limit: Int = 12) -> String {
        let shown = ids.prefix(limit).joined(separator: "、")
        return ids.count > limit ? "\(shown) 等\(ids.count)项" : shown
    }

    /// What a rhythm measure's line shows: its id, unit, rhythm as written (`日报告、周汇总、月调度`)
    /// and title.
    static func cadenceLine(_ item: ScheduleItem) -> (id: String, unit: String, rhythm: String, title: String) {
        (item.reference.shortForm, unitName(item.unit), item.deadlineText.map { TextTable.oneLine($0) } ?? "定期", item.title)
    }

    /// The item's title on one line, cut to `width` terminal columns.
    static func title(_ item: ScheduleItem, width: Int) -> String { clip(item.title, width) }

    static func clip(_ text: String, _ width: Int) -> String {
        TextTable.truncate(TextTable.oneLine(text), to: width)
    }
}
