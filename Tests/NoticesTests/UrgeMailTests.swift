import Foundation
import Mail
import Notices
import Schedule
import ScheduleTestSupport
import Testing

/// The email of a batch of the mail outbox (`UrgeMail`): one event alone is the message it
/// always was; two or more are one 催办单, worst first, the first 20 with their facts, up to
/// 300 listed, the rest counted with the board's link.
@Suite struct UrgeMailTests {
    static let date = Date(timeIntervalSince1970: 1_732_150_800)

    /// `n` items of `kind` for 区财政局, severities rising with n (so n = count is the worst).
    static func items(_ count: Int, kind: String = "overdue", base: Int = 3_000, unit: String = "区财政局",
                      to: [String] = ["czj@example.gov.cn"], cc: [String] = []) -> [MailOutbox.Item] {
        (1...max(count, 1)).prefix(count).map { n in
            MailOutbox.Item(eventKey: "GX-\(n)|\(kind)|2024-10-01|\(n)", day: "2024-11-21", kind: kind, severity: base + n,
                            unit: unit, to: to, cc: cc, subject: "【逾期提醒】\(unit)：措施\(n) 已逾期 \(n) 天",
                            body: "\(unit)：\n\n措施\(n)", line: "【逾期提醒】GX-\(n)「措施\(n)」已逾期 \(n) 天",
                            facts: ["编号：GX-\(n)", "完成时限：2024年10月1日前（2024-09-30）"],
                            headers: [.xianqi("Measure-Id", "GX-\(n)")])
        }
    }

    /// A batch as the outbox makes it: worst first.
    static func batch(_ items: [MailOutbox.Item], key: String = "urge/2024-11-21/abc/1") -> MailOutbox.Batch {
        MailOutbox.Batch(key: key, day: "2024-11-21", serial: 1,
                         items: items.sorted { ($0.severity, $1.eventKey) > ($1.severity, $0.eventKey) })
    }

    /// The numbered lines of a 催办单: `12. 【逾期提醒】…`.
    static func numbered(_ lines: [String]) -> [String] {
        lines.filter { $0.range(of: #"^[0-9]+\. "#, options: .regularExpression) != nil }
    }

    static func lines(_ message: OutgoingMessage?) -> [String] {
        (message?.textBody ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("one event alone is its own message: the notice's subject, body, headers and key")
    func oneEventIsItsOwnMessage() throws {
        let measure = NoticeTests.withLeader
        let notice = try NoticeTests.notice(NoticeTests.rows.first { $0.key.contains("|overdue|") }!)
        let item = try #require(notice.mailItem(date: Self.date))
        let alone = try #require(notice.email(from: "zgb@example.gov.cn", date: Self.date))
        let message = try #require(UrgeMail.message(MailOutbox.Batch(key: item.eventKey, day: item.day, serial: 1, items: [item]),
                                                    from: "zgb@example.gov.cn", date: Self.date))
        #expect(message == alone)
        #expect(try message.render().messageID == alone.render().messageID)
        #expect(item.unit == measure.unit)
    }

    @Test("a 催办单 counts its items in the subject, worst kind first, and greets the unit")
    func subjectCounts() throws {
        let items = Self.items(3, kind: "overdue") + Self.items(2, kind: "due", base: 2_000)
            + Self.items(1, kind: "escalation", base: 200_000)
        let message = try #require(UrgeMail.message(Self.batch(items), from: "zgb@example.gov.cn", date: Self.date))
        #expect(message.subject == "【催办单】区财政局：督办升级 1 项、逾期 3 项、今日到期 2 项（2024-11-21）")
        #expect(message.eventKey == "urge/2024-11-21/abc/1")
        #expect(message.to.map(\.address) == ["czj@example.gov.cn"] && message.to.first?.displayName == "区财政局")
        let lines = Self.lines(message)
        #expect(lines[0] == "区财政局：")
        #expect(lines[2] == "2024-11-21 共有 6 项整改事项需要办理（督办升级 1 项，逾期 3 项，今日到期 2 项），按紧急程度排列如下。")
        // Worst first: the escalation, then the overdue items by days, then the due day.
        let numbered = Self.numbered(lines)
        #expect(numbered.count == 6)
        #expect(numbered[0].hasPrefix("1. ") && items.last!.line == String(numbered[0].dropFirst(3)))
        #expect(numbered[1].hasSuffix("已逾期 3 天") && numbered[3].hasSuffix("已逾期 1 天"))
        #expect(message.extraHeaders.contains(.xianqi("Items", "6")))
        try message.render()
    }

    /// Counts around the two limits: how many are detailed, listed, and counted.
    @Test(arguments: [(2, 2, 2, 0), (20, 20, 20, 0), (21, 20, 21, 0), (300, 20, 300, 0), (301, 20, 300, 1), (600, 20, 300, 300)])
    func limits(count: Int, detailed: Int, listed: Int, counted: Int) throws {
        let message = try #require(UrgeMail.message(Self.batch(Self.items(count)), from: "zgb@example.gov.cn", date: Self.date,
                                                    boardPage: { unit in "https://dc.example/board/unit/\(unit ?? "")" }))
        let lines = Self.lines(message)
        #expect(Self.numbered(lines).count == listed)
        #expect(lines.filter { $0.hasPrefix("    编号：") }.count == detailed)
        let rest = lines.first { $0.hasPrefix("另有 ") }
        if counted == 0 {
            #expect(rest == nil)
        } else {
            #expect(rest == "另有 \(counted) 项未列出（逾期 \(counted) 项），详见督办看板。")
        }
        #expect(lines.contains("督办看板：https://dc.example/board/unit/区财政局"))
        #expect(lines.suffix(3) == ["已完成的，请报整改办验收销号（xianqi done 编号）；需要延期的，请说明理由报批。", "",
                                    "—— xianqi 限期 自动提醒，请勿直接回复。"])
        // No two blank lines in a row anywhere.
        #expect(!zip(lines, lines.dropFirst()).contains { $0.isEmpty && $1.isEmpty })
        try message.render()
    }

    @Test("two units sharing an address are named together, and the board link is the board's own")
    func twoUnitsOneAddress() throws {
        let items = Self.items(2) + Self.items(1, unit: "区审计局").map { var i = $0; i.eventKey += "b"; return i }
        let message = try #require(UrgeMail.message(Self.batch(items), from: "zgb@example.gov.cn", date: Self.date,
                                                    boardPage: { unit in unit.map { "https://dc.example/unit/\($0)" } ?? "https://dc.example/" }))
        #expect(message.subject.hasPrefix("【催办单】区财政局、区审计局：") || message.subject.hasPrefix("【催办单】区审计局、区财政局："))
        #expect(Self.lines(message).contains("督办看板：https://dc.example/"))
    }

    @Test("an escalation batch keeps its leader in Cc")
    func escalationCc() throws {
        let items = Self.items(2, kind: "escalation", base: 200_000, cc: ["leader@example.gov.cn"])
        let message = try #require(UrgeMail.message(Self.batch(items), from: "zgb@example.gov.cn", date: Self.date))
        #expect(message.cc.map(\.address) == ["leader@example.gov.cn"])
        #expect(message.subject == "【催办单】区财政局：督办升级 2 项（2024-11-21）")
    }

    @Test("an empty batch is no message")
    func emptyBatch() {
        #expect(UrgeMail.message(Self.batch([]), from: "zgb@example.gov.cn", date: Self.date) == nil)
    }
}
