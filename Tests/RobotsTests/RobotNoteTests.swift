import Foundation
import Robots
import Testing

/// The 催办单: one message for a recipient's day, the worst first, counts past the size limit.
struct RobotNoteTests {
    /// A unit's day: `overdue` overdue notices (the i-th overdue i days), `due` due today, `soon` reminders.
    static func items(overdue: Int, due: Int = 0, soon: Int = 0) -> [NoteItem] {
        var items: [NoteItem] = []
        for i in 1...max(overdue, 1) where overdue > 0 {
            items.append(NoteItem(eventKey: "GX-\(i)|overdue|2024-10-01|\(i)", kind: "overdue", severity: 3000 + i,
                                  tag: "逾期提醒", reference: "GX-\(i)", title: "第\(i)项整改措施：完善制度建设并报送整改材料",
                                  timing: "已逾期 \(i) 天（完成时限 2024-10-01）"))
        }
        for i in 0..<due {
            items.append(NoteItem(eventKey: "D-\(i)|due|2024-11-21|0", kind: "due", severity: 2000, tag: "今日到期",
                                  reference: "D-\(i)", title: "今日到期事项\(i)", timing: "今天（2024-11-21）到期"))
        }
        for i in 0..<soon {
            items.append(NoteItem(eventKey: "S-\(i)|reminder|2024-11-28|7d", kind: "reminder", severity: 993, tag: "到期提醒",
                                  reference: "S-\(i)", title: "即将到期事项\(i)", timing: "将于 2024-11-28 到期（还有 7 个自然日）"))
        }
        return items.shuffled()
    }

    static let board = BoardLink("https://dc.example.gov.cn/board")

    @Test("600 items of one unit make one message within each vendor's limit, worst first, the rest counted",
          arguments: RobotVendor.allCases)
    func sixHundredItems(vendor: RobotVendor) throws {
        let fits = RobotPayload.fits(vendor)
        let note = RobotNote.urge(recipient: "区财政局", day: "2024-11-21", items: Self.items(overdue: 580, due: 15, soon: 5),
                                  noteID: "0123456789ab", board: Self.board, fits: fits)
        #expect(fits(note))
        #expect(note.summary == "共 600 项：逾期 580 项，今日到期 15 项，即将到期 5 项")
        #expect(note.lines.count > 5 && note.lines.count < 600)
        #expect(note.lines.first?.hasPrefix("1. 【逾期提醒】GX-580「") == true)
        #expect(note.lines.dropFirst().first?.hasPrefix("2. 【逾期提醒】GX-579「") == true)
        let omitted = try #require(note.omitted)
        #expect(omitted.hasPrefix("另有 \(600 - note.lines.count) 项未列出（逾期"))
        #expect(note.linkURL == "https://dc.example.gov.cn/board/unit/%E5%8C%BA%E8%B4%A2%E6%94%BF%E5%B1%80")
        if vendor == .wecom {
            #expect(RobotPayload.markdown(note, vendor: .wecom).utf8.count <= 4096)
        }
        // One more line would not have fitted: the message is as full as the limit allows.
        let longer = RobotNote.urge(recipient: "区财政局", day: "2024-11-21", items: Self.items(overdue: 580, due: 15, soon: 5),
                                    noteID: "0123456789ab", board: Self.board, fits: { _ in true })
        var one = note
        one.lines = Array(longer.lines.prefix(note.lines.count + 1))
        #expect(!fits(one))
    }

    @Test("a small day is listed in full, with no counts line")
    func smallDay() {
        let note = RobotNote.urge(recipient: RobotChannel.office, day: "2024-11-21", items: Self.items(overdue: 2, due: 1),
                                  noteID: "x", board: Self.board, fits: RobotPayload.fits(.wecom))
        #expect(note.lines.count == 3)
        #expect(note.omitted == nil)
        #expect(note.title == "【催办单】整改办 2024-11-21")
        #expect(note.linkURL == "https://dc.example.gov.cn/board")
        #expect(note.lines.count == 3)
        #expect(note.lines[0].hasPrefix("1. 【逾期提醒】GX-2「"))
        #expect(note.lines[1].hasPrefix("2. 【逾期提醒】GX-1「"))
        #expect(note.lines[2].hasPrefix("3. 【今日到期】D-0「"))
    }

    @Test("企业微信 markdown: heading, counts, numbered lines, the board link and the id")
    func wecomShape() throws {
        let note = RobotNote(title: "【催办单】区财政局 2024-11-21", summary: "共 1 项：逾期 1 项", lines: ["1. 【逾期提醒】GX-1「a」已逾期 1 天"],
                             linkText: "查看本单位督办看板", linkURL: "https://dc.example/unit/x", noteID: "abc")
        #expect(RobotPayload.markdown(note, vendor: .wecom) == """
            ### 【催办单】区财政局 2024-11-21
            共 1 项：逾期 1 项
            1. 【逾期提醒】GX-1「a」已逾期 1 天
            [查看本单位督办看板](https://dc.example/unit/x)
            编号 abc
            """)
        let body = String(decoding: RobotPayload.body(note, vendor: .wecom), as: UTF8.self)
        #expect(body.hasPrefix("{\"markdown\":{\"content\":\"### 【催办单】"))
        #expect(body.hasSuffix("\"},\"msgtype\":\"markdown\"}"))
        let dingtalk = String(decoding: RobotPayload.body(note, vendor: .dingtalk), as: UTF8.self)
        #expect(dingtalk.contains("\"at\":{\"atMobiles\":[],\"atUserIds\":[],\"isAtAll\":false}"))
        #expect(dingtalk.contains("\"title\":\"【催办单】区财政局 2024-11-21\""))
    }
}
