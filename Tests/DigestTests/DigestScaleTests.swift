import ChineseDates
import Digest
import Foundation
import Ledger
import Mail
import Schedule
import Testing

/// A digest at scale lists each unit's worst items and counts the rest, with a link to the
/// unit's board page, and no message is over its size (docs/digest.md, "At scale").
@Suite struct DigestScaleTests {
    /// `count` overdue measures of one unit, the first most overdue.
    static func agenda(units: [String], perUnit count: Int) -> Agenda {
        var measures: [Measure] = []
        for (u, unit) in units.enumerated() {
            for i in 0..<count {
                measures.append(measure("U\(u)-\(i + 1)", "整改措施第\(i + 1)项：清理违规占用的办公用房并建立长效机制", due: sampleDay.adding(days: -(count - i + 1)).description,
                                        unit: unit, line: u * count + i + 1))
            }
        }
        return Agenda(measures: measures)
    }

    @Test func eachUnitListsItsWorstItemsAndCountsTheRestWithABoardLink() {
        var d = Digest(agenda: Self.agenda(units: ["区财政局"], perUnit: 50), asOf: sampleDay,
                       calendar: bundledCalendar, timeZone: shanghai)
        d.listLimit = 5
        d.boardURL = "https://zgb.example.gov.cn/board/"
        let link = "https://zgb.example.gov.cn/board/unit/%E5%8C%BA%E8%B4%A2%E6%94%BF%E5%B1%80"
        let text = DigestFormat.text.render(d)
        #expect(text.contains("区财政局：逾期50项"), "the heading counts every item")
        #expect(text.contains("U0-5 ") && !text.contains("U0-6 "), "the five worst are listed")
        #expect(text.contains("区财政局另有 45 项逾期未列出，见督办看板：\(link)\n"), "\(text)")
        let markdown = DigestFormat.markdown.render(d)
        #expect(markdown.contains("区财政局另有 45 项逾期未列出，见督办看板：<\(link)>"), "\(markdown)")
        let html = DigestFormat.html.render(d)
        #expect(html.contains("<a href=\"\(link)\" style=\"color:#1d4ed8\">\(link)</a>"), "\(html.suffix(3000))")

        d.boardURL = nil
        #expect(DigestFormat.text.render(d).contains("区财政局另有 45 项逾期未列出（xianqi overdue / upcoming --unit 可查全部）"))
    }

    @Test(arguments: [40_000, 100_000, 400_000])
    func noMessageIsOverItsSize(maxBytes: Int) {
        let units = (1...40).map { "第\($0)责任单位" }
        let agenda = Self.agenda(units: units, perUnit: 60)
        var full = Digest(agenda: agenda, asOf: sampleDay, calendar: bundledCalendar, timeZone: shanghai)
        full.listLimit = 20
        let unlimited = DigestMailing.Envelope.spooledSize(text: DigestFormat.text.render(full), html: DigestFormat.html.render(full))
        #expect(unlimited > maxBytes, "the test needs a digest over the bound: \(unlimited)")
        let book = DigestAddressBook(measures: [], unitEmails: [:], office: ["zgb@example.gov.cn"], sender: nil)
        let mailing = DigestMailing(agenda: agenda, full: full, calendar: bundledCalendar,
                                    settings: DigestSettings(perUnit: false, maxBytes: maxBytes),
                                    reminders: ReminderSettings(timeZone: shanghai), book: book,
                                    selection: .configured(units: nil))
        let office = try! #require(mailing.envelopes.first)
        let bodies = office.bodies()
        #expect(DigestMailing.Envelope.spooledSize(text: bodies.text, html: bodies.html) <= maxBytes)
        let rendered = try! office.message(from: MailAddress("xianqi@example.gov.cn"), date: Date()).render()
        #expect(rendered.bytes.count <= maxBytes, "the message as spooled: \(rendered.bytes.count) bytes")
        #expect((bodies.listLimit ?? 99) < 20, "fewer items listed to fit")
        #expect(bodies.text.contains("逾期事项（2400项"), "the counts stay whole: \(bodies.text.prefix(300))")
    }
}
