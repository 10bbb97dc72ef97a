import Foundation
import Robots
import Testing

/// Hostile ledger text in a 催办单: no link, no mention, no formatting reaches the group.
struct RobotTextTests {
    /// Text a ledger cell may hold, each an attempt at markup in one vendor or another.
    static let hostile: [String] = [
        "<@all> 请立即处理",
        "@所有人 紧急",
        "@all 紧急",
        "点此查看[整改材料](http://evil.example/phish)",
        "![img](http://evil.example/track.png)",
        "<at user_id=\"all\">所有人</at> 请查收",
        "<font color=\"warning\">伪造的红字</font>",
        "第一行\n# 伪造的标题\n> 伪造的引用",
        "javascript:alert(1) 与 http://evil.example/ 与 https://evil.example/x",
        "**加粗** `代码` ~~删除~~ | 表格 |",
        "<a href=\"http://evil.example\">链接</a>",
        "&lt;@all&gt; 实体转义的提及",
    ]

    static func note(_ text: String) -> RobotNote {
        let item = NoteItem(eventKey: "GX-1|overdue|2024-10-31|21", kind: "overdue", severity: 3021,
                            tag: "逾期提醒", reference: "GX-1", title: text, timing: "已逾期 21 天")
        return RobotNote.urge(recipient: text, day: "2024-11-21", items: [item], noteID: "a1b2c3d4e5f6",
                              board: BoardLink("https://dc.example.gov.cn/board"), fits: RobotPayload.fits(.wecom))
    }

    /// What must not appear in any text a vendor renders as markdown.
    static let forbidden = ["<@", "<at", "@所有人", "@all", "](", "[", "<font", "<a ", "\n#", "\n>", "**", "`", "http://evil", "https://evil", "&lt;"]

    @Test("ledger text comes out with no mention, link or markup in 企业微信 and 钉钉 markdown", arguments: hostile)
    func markdownIsInert(text: String) throws {
        let note = Self.note(text)
        for vendor in [RobotVendor.wecom, .dingtalk] {
            let markdown = RobotPayload.markdown(note, vendor: vendor)
            // The one link is the board's, last but one: everything before it is ledger text or ours.
            let ledgerPart = try #require(markdown.components(separatedBy: "[查看本单位督办看板](").first)
            for bad in Self.forbidden {
                #expect(!ledgerPart.contains(bad), "\(vendor): \(bad) in \(ledgerPart)")
            }
            #expect(markdown.components(separatedBy: "](").count == 2, "\(vendor): exactly one link, the board's")
        }
    }

    @Test("飞书 post: ledger text only in text elements, the board's link the only a element, no at element", arguments: hostile)
    func feishuPostIsInert(text: String) throws {
        let body = RobotPayload.body(Self.note(text), vendor: .feishu)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let post = try #require(((json["content"] as? [String: Any])?["post"] as? [String: Any])?["zh_cn"] as? [String: Any])
        let rows = try #require(post["content"] as? [[[String: Any]]])
        let tags = rows.flatMap { $0.compactMap { $0["tag"] as? String } }
        #expect(Set(tags) == ["text", "a"])
        #expect(tags.filter { $0 == "a" }.count == 1)
        let texts = rows.flatMap { $0.compactMap { $0["text"] as? String } } + [post["title"] as? String ?? ""]
        for t in texts {
            #expect(!t.contains("<at"), "\(t)")
            #expect(!t.contains("@"), "\(t)")
            #expect(!t.contains("http://evil") && !t.contains("https://evil"), "\(t)")
        }
    }

    @Test("the safe form keeps the words a person reads", arguments: [
        ("请@所有人 查看[整改](http://evil.example)", "请＠所有人 查看［整改］（http：／／evil.example）"),
        ("<@all>", "＜＠all＞"),
        ("第一行\n\n  第二行\t末尾  ", "第一行 第二行 末尾"),
        ("2024年10月底前完成（已逾期）", "2024年10月底前完成（已逾期）"),
        ("零宽\u{200B}空格与\u{202E}反向", "零宽 空格与 反向"),
    ])
    func safeForm(input: String, expected: String) {
        #expect(RobotText.safe(input) == expected)
    }

    @Test("a board URL that could end or start a markdown link is refused", arguments: [
        ("https://dc.example.gov.cn/board", true),
        ("http://127.0.0.1:8080/", true),
        ("https://dc.example/board)[x](http://evil", false),
        ("https://dc.example/ board", false),
        ("javascript:alert(1)", false),
        ("https://督办.example", false),
    ])
    func boardLink(url: String, accepted: Bool) {
        #expect((BoardLink(url) != nil) == accepted)
    }

    @Test("a unit's board page has its name percent-encoded")
    func unitPage() throws {
        let link = try #require(BoardLink("https://dc.example/board/"))
        #expect(link.unitPage("区财政局") == "https://dc.example/board/unit/%E5%8C%BA%E8%B4%A2%E6%94%BF%E5%B1%80")
        #expect(link.unitPage("a)b") == "https://dc.example/board/unit/a%29b")
    }
}
