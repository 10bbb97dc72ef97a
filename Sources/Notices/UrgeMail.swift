import Foundation
import Mail
import Notify

/// The email of one batch of the mail outbox: a recipient's events of one day in one message.
///
/// One event alone is the message it always was (``Notice/email(from:date:)``: the same
/// subject, body and Message-ID). Two or more make a 催办单: the counts in the subject, then
/// the items worst first, the first ``detailed`` with the facts of their measure, the next up
/// to ``listed`` one line each, and the rest as counts with a link to the board, so that a
/// unit with 600 items overdue gets one readable message a day, not 600.
///
///     let message = UrgeMail.message(batch, from: "zgb@example.gov.cn", date: now,
///                                    boardPage: { unit in board?.unitPage(unit) })
///     message?.subject   // "【催办单】区财政局：逾期 12 项、今日到期 3 项（2024-11-21）"
public enum UrgeMail {
    /// Items given with the facts of their measure.
    public static let detailed = 20
    /// Items given at all (one line each after the first ``detailed``); the rest are counted.
    public static let listed = 300

    /// The message of `batch`, from `sender`, dated `date`; `boardPage` gives the board's page
    /// of a unit, or the board itself for nil (nil: no board configured). Nil when the batch has no item.
    public static func message(_ batch: MailOutbox.Batch, from sender: String, date: Date,
                               boardPage: (String?) -> String? = { _ in nil }) -> OutgoingMessage? {
        guard let first = batch.items.first else { return nil }
        let from = MailAddress(sender, displayName: "整改提醒 xianqi")
        if batch.items.count == 1 {
            return OutgoingMessage(
                eventKey: batch.key, from: from, to: first.to.map { MailAddress($0, displayName: first.unit) },
                cc: first.cc.map { MailAddress($0) }, subject: first.subject, textBody: first.body,
                extraHeaders: first.headers,
                date: date)
        }
        let name = units(of: batch.items).joined(separator: "、")
        return OutgoingMessage(
            eventKey: batch.key, from: from, to: first.to.map { MailAddress($0, displayName: name) },
            cc: first.cc.map { MailAddress($0) },
            subject: "【催办单】\(name)：\(counts(of: batch.items, separator: "、"))（\(batch.day)）",
            textBody: body(batch, name: name, boardPage: boardPage(units(of: batch.items).count == 1 ? first.unit : nil)),
            extraHeaders: [.xianqi("Event", "urge"), .xianqi("Items", String(batch.items.count)), .xianqi("Day", batch.day)],
            date: date)
    }

    /// The 催办单's text: greeting, counts, items (worst first: the batch comes sorted), what to do.
    static func body(_ batch: MailOutbox.Batch, name: String, boardPage: String?) -> String {
        let items = batch.items
        var lines = ["\(name)：", "",
                     "\(batch.day) 共有 \(items.count) 项整改事项需要办理（\(counts(of: items, separator: "，"))），按紧急程度排列如下。", ""]
        for (n, item) in items.prefix(listed).enumerated() {
            lines.append("\(n + 1). \(item.line)")
            if n < detailed {
                lines += item.facts.map { "    " + $0 }
                lines.append("")
            }
        }
        if lines.last != "" { lines.append("") }
        let rest = Array(items.dropFirst(listed))
        if !rest.isEmpty {
            lines.append("另有 \(rest.count) 项未列出（\(counts(of: rest, separator: "，"))）" + (boardPage == nil ? "。" : "，详见督办看板。"))
        }
        if let boardPage { lines.append("督办看板：\(boardPage)") }
        if !rest.isEmpty || boardPage != nil { lines.append("") }
        lines += [Notice.whatToDo("编号"), "", Notice.footer]
        return lines.joined(separator: "\n")
    }

    /// The units of the items, in their order (a group is one set of addresses; two units may share it).
    static func units(of items: [MailOutbox.Item]) -> [String] {
        var seen: Set<String> = []
        return items.map(\.unit).filter { seen.insert($0).inserted }
    }

    /// `逾期 12 项、今日到期 3 项`, worst kind first (``NoticeCounts``, as the robots' 催办单 counts).
    static func counts(of items: [MailOutbox.Item], separator: String) -> String {
        NoticeCounts.text(of: items.map(\.kind), separator: separator)
    }
}
