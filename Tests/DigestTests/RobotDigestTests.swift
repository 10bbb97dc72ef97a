import Digest
import Robots
import Schedule
import Testing

/// The weekly digest as a short IM summary: counts, the worst units or items, the board link.
struct RobotDigestTests {
    static let board = BoardLink("https://zgb.example.gov.cn/board")

    @Test("the office's summary: the week's counts, the units with something overdue worst first, the board", arguments: RobotVendor.allCases)
    func office(vendor: RobotVendor) throws {
        let digest = Ledger2024.digest()
        let note = digest.robotNote(recipient: RobotChannel.office, noteID: "abc", board: Self.board, fits: RobotPayload.fits(vendor))
        #expect(note.title == "【整改周报】\(digest.week.identifier) 整改办")
        #expect(note.summary.hasPrefix("逾期 \(digest.counts.overdue) 项（\(digest.counts.overdueUnits) 个单位）"))
        #expect(note.lines.first?.hasPrefix("1. 区财政局：逾期") == true)   // 200 days overdue: the worst
        #expect(note.lines.count == digest.units.filter { $0.overdue > 0 }.count)
        #expect(note.linkURL == "https://zgb.example.gov.cn/board")
        #expect(RobotPayload.fits(vendor)(note))
    }

    @Test("a unit's summary lists its own overdue items, worst first, and links its board page")
    func unit() throws {
        let digest = Ledger2024.digest(scope: .unit(Ledger2024.jianshe))
        let note = digest.robotNote(recipient: Ledger2024.jianshe, noteID: "abc", board: Self.board, fits: RobotPayload.fits(.wecom))
        #expect(note.lines.first?.hasPrefix("1. JS-1「") == true)
        #expect(note.lines.allSatisfy { !$0.contains("CZ-") })
        #expect(note.linkURL == Self.board?.unitPage(Ledger2024.jianshe))
    }

    @Test("hostile item text in a unit's summary carries no mention or link")
    func hostile() throws {
        let measures = [measure("X-1", "<@all> @所有人 [点我](http://evil.example) <at user_id=\"all\">", due: "2024-10-01", unit: "区财政局")]
        let digest = Digest(agenda: Agenda(measures: measures), asOf: sampleDay, calendar: bundledCalendar, timeZone: shanghai,
                            scope: .unit("区财政局"))
        let note = digest.robotNote(recipient: "区财政局", noteID: "abc", board: nil, fits: RobotPayload.fits(.dingtalk))
        let markdown = RobotPayload.markdown(note, vendor: .dingtalk)
        for bad in ["<@", "@所有人", "](", "<at", "http://evil"] { #expect(!markdown.contains(bad), "\(bad)") }
    }
}
