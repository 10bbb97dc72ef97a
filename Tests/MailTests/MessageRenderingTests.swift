import Foundation
@testable import Mail
import MailTestSupport
import Testing

/// Rendered messages, read back by Python's `email` package with `policy.default`.
@Suite struct MessageRenderingTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = TemporaryDirectory("render")
    }

    func parse(_ message: OutgoingMessage, options: RenderOptions = RenderOptions()) throws -> (RenderedMessage, ParsedEmail) {
        let rendered = try message.render(options: options)
        return (rendered, try PythonEmail.parse(rendered.bytes, in: directory.path))
    }

    @Test("the overdue notice decodes to its Chinese subject, names and body")
    func overdueNoticeRoundTrip() throws {
        defer { directory.remove() }
        let (rendered, parsed) = try parse(Fixtures.overdue(cc: [MailAddress("liming@example.gov.cn", displayName: "分管领导 李明")]))
        #expect(parsed.subject == Fixtures.overdueSubject)
        #expect(parsed.from == [.init(displayName: "整改督办系统", address: "xianqi@example.gov.cn")])
        #expect(parsed.to == [.init(displayName: "区财政局", address: "czj@example.gov.cn")])
        #expect(parsed.cc == [.init(displayName: "分管领导 李明", address: "liming@example.gov.cn")])
        #expect(parsed.text.map(normalized) == Fixtures.overdueBody)
        #expect(parsed.contentType == "text/plain")
        #expect(parsed.defects.isEmpty)
        #expect(parsed.headers["X-Xianqi-Measure-Id"] == "ZG-2025-017")
        #expect(parsed.headers["X-Xianqi-Unit"] == "区财政局")
        #expect(parsed.headers["X-Xianqi-Event-Key"] == "overdue/ZG-2025-017/2025-06-30")
        #expect(parsed.headers["MIME-Version"] == "1.0")
        #expect(parsed.headers["Auto-Submitted"] == "auto-generated")
        #expect(rendered.recipients == ["czj@example.gov.cn", "liming@example.gov.cn"])
    }

    @Test("the Date header is RFC 5322 in China Standard Time by default")
    func dateInChinaStandardTime() throws {
        defer { directory.remove() }
        let (_, parsed) = try parse(Fixtures.overdue())
        #expect(parsed.headers["Date"] == "Tue, 01 Jul 2025 09:00:00 +0800")
    }

    @Test("another zone can be configured", arguments: [
        ("UTC", "Tue, 01 Jul 2025 01:00:00 +0000"),
        ("America/St_Johns", "Mon, 30 Jun 2025 22:30:00 -0230"),
        ("Asia/Urumqi", "Tue, 01 Jul 2025 07:00:00 +0600"),
    ])
    func configuredZone(zone: String, expected: String) throws {
        defer { directory.remove() }
        let (_, parsed) = try parse(Fixtures.overdue(), options: try RenderOptions.zone(zone))
        #expect(parsed.headers["Date"] == expected)
    }

    @Test("the Message-ID is derived from the event key: same key, same id; other key, other id")
    func deterministicMessageID() throws {
        defer { directory.remove() }
        let first = try Fixtures.overdue().render()
        var later = Fixtures.overdue()
        later.date = later.date.addingTimeInterval(3600)
        later.subject = "【逾期提醒】（重发）"
        let second = try later.render()
        let other = try Fixtures.overdue(key: "overdue/ZG-2025-021/2025-06-30").render()
        #expect(first.messageID == second.messageID)
        #expect(first.messageID != other.messageID)
        #expect(first.messageID.hasPrefix("<") && first.messageID.hasSuffix(".xianqi@example.gov.cn>"))
        let parsed = try PythonEmail.parse(first.bytes, in: directory.path)
        #expect(parsed.headers["Message-ID"] == first.messageID)
    }

    @Test("subjects in any script decode exactly, with every line within 78 characters", arguments: [
        Fixtures.overdueSubject,
        "【督办升级】" + String(repeating: "区财政局、区审计局、区住建局整改措施逾期未完成，", count: 6),
        "Re: 【提醒】ZG-2025-017 due 2025-06-30 — 请于本周内完成",
        "表情 😀👍🏽 与组合字符 é 及全角　空格",
        "A plain ASCII subject that is long enough to need folding across more than one header line for sure",
        "looks encoded =?UTF-8?B?5Yy6?= but is literal text",
        "x",
        "",
    ])
    func subjectRoundTrip(subject: String) throws {
        defer { directory.remove() }
        let (rendered, parsed) = try parse(Fixtures.overdue(subject: subject))
        #expect(parsed.subject == subject)
        #expect(parsed.defects.isEmpty)
        try expectWellFormed(rendered.bytes)
    }

    @Test("Q encoding decodes as well as B", arguments: [TransferEncoding.base64, .quotedPrintable])
    func headerEncodings(encoding: TransferEncoding) throws {
        defer { directory.remove() }
        let (rendered, parsed) = try parse(Fixtures.overdue(), options: RenderOptions(headerEncoding: encoding))
        #expect(parsed.subject == Fixtures.overdueSubject)
        #expect(parsed.to.first?.displayName == "区财政局")
        let subjectLine = try #require(headerLines(rendered.bytes).first { $0.hasPrefix("Subject:") })
        #expect(subjectLine.contains(encoding == .base64 ? "?B?" : "?Q?"))
    }

    @Test("encoded-words are at most 75 characters and each decodes to whole characters")
    func encodedWordsAreWhole() throws {
        defer { directory.remove() }
        let subject = String(repeating: "整改😀措施", count: 20)
        let rendered = try Fixtures.overdue(subject: subject).render()
        let words = headerLines(rendered.bytes).flatMap { $0.split(separator: " ") }.filter { $0.hasPrefix("=?") }
        #expect(words.count > 5)
        for word in words {
            #expect(word.utf8.count <= 75)
            let parts = word.split(separator: "?")
            let payload = try #require(Data(base64Encoded: String(parts[3])))
            #expect(String(validating: payload, as: UTF8.self) != nil, "\(word) ends inside a UTF-8 sequence")
        }
    }

    @Test("bodies decode exactly in either transfer encoding", arguments: [TransferEncoding.base64, .quotedPrintable, .automatic])
    func bodyEncodings(encoding: TransferEncoding) throws {
        defer { directory.remove() }
        let body = "第一行\n  缩进行  \n.\nFrom here on\n" + String(repeating: "很长的一行", count: 40) + "\nlast line without break"
        let (rendered, parsed) = try parse(Fixtures.overdue(body: body), options: RenderOptions(bodyEncoding: encoding))
        #expect(parsed.text.map(normalized) == body)
        try expectWellFormed(rendered.bytes)
    }

    @Test("an HTML body makes multipart/alternative with both versions intact")
    func htmlAlternative() throws {
        defer { directory.remove() }
        let html = "<p>区财政局：</p><p>以下<b>3项</b>整改措施已逾期。</p>"
        let (rendered, parsed) = try parse(Fixtures.overdue(html: html))
        #expect(parsed.contentType == "multipart/alternative")
        #expect(parsed.text.map(normalized) == Fixtures.overdueBody)
        #expect(parsed.html.map(normalized) == html)
        #expect(parsed.defects.isEmpty)
        try expectWellFormed(rendered.bytes)
    }

    @Test("ASCII display names stay readable; others are encoded")
    func displayNames() throws {
        defer { directory.remove() }
        var message = Fixtures.overdue()
        message.to = [
            MailAddress("zhang.wei@example.gov.cn", displayName: "Zhang Wei"),
            MailAddress("audit@example.gov.cn", displayName: "Audit Office, District (审计)"),
            MailAddress("plain@example.gov.cn"),
        ]
        let (rendered, parsed) = try parse(message)
        #expect(parsed.to.map(\.displayName) == ["Zhang Wei", "Audit Office, District (审计)", ""])
        #expect(parsed.to.map(\.address) == ["zhang.wei@example.gov.cn", "audit@example.gov.cn", "plain@example.gov.cn"])
        #expect(headerLines(rendered.bytes).contains { $0.hasPrefix("To: Zhang Wei <zhang.wei@example.gov.cn>,") })
    }

    @Test("a name too long for one encoded-word is split at character boundaries and decodes per RFC 2047")
    func longDisplayName() throws {
        defer { directory.remove() }
        let name = "中共某某市某某区委巡察工作领导小组办公室整改督办组"
        var message = Fixtures.overdue()
        message.to = [MailAddress("xcb@example.gov.cn", displayName: name)]
        let (rendered, parsed) = try parse(message)
        // RFC 2047 §6.2 drops the space between the words: the older decoder and ours do.
        #expect(parsed.legacy["To"] == "\(name) <xcb@example.gov.cn>")
        #expect(MessageHeaders(parsing: rendered.bytes).to == "\(name) <xcb@example.gov.cn>")
        // policy.default keeps it inside a phrase; the characters are all there, in order.
        #expect(parsed.to.first?.displayName.replacingOccurrences(of: " ", with: "") == name)
        #expect(parsed.to.first?.address == "xcb@example.gov.cn")
        try expectWellFormed(rendered.bytes)
    }

    @Test("long extra header values and event keys fold within 78 characters and decode exactly")
    func longExtraHeaders() throws {
        defer { directory.remove() }
        let measure = "建立健全专项资金全过程绩效管理机制，完善预算编制、执行、监督各环节的制度规定，按季度开展绩效评价并公开结果"
        let key = "escalation/" + String(repeating: "ZG-2025-017/", count: 8) + "2025-06-30"
        var message = Fixtures.overdue(key: key)
        message.extraHeaders.append(.xianqi("Measure", measure))
        let (rendered, parsed) = try parse(message)
        #expect(parsed.headers["X-Xianqi-Measure"] == measure)
        #expect(parsed.headers["X-Xianqi-Event-Key"] == key)
        #expect(MessageHeaders(parsing: rendered.bytes).decoded("X-Xianqi-Measure") == measure)
        try expectWellFormed(rendered.bytes)
    }

    @Test("many recipients fold into lines within 78 characters")
    func longRecipientList() throws {
        defer { directory.remove() }
        var message = Fixtures.overdue()
        message.cc = (1...12).map { MailAddress("leader\($0)@example.gov.cn", displayName: "分管领导\($0)号") }
        let (rendered, parsed) = try parse(message)
        #expect(parsed.cc.count == 12)
        #expect(parsed.cc.last == .init(displayName: "分管领导12号", address: "leader12@example.gov.cn"))
        try expectWellFormed(rendered.bytes)
    }

    // MARK: - Helpers

    /// CRLF everywhere, header lines within 78 characters, body lines within 76.
    func expectWellFormed(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (i, byte) in bytes.enumerated() where byte == ASCII.lf {
            #expect(i > 0 && bytes[i - 1] == ASCII.cr, "bare LF at byte \(i)", sourceLocation: sourceLocation)
        }
        #expect(bytes.suffix(2) == [ASCII.cr, ASCII.lf], sourceLocation: sourceLocation)
        let text = String(decoding: bytes, as: UTF8.self)
        var inHeader = true
        for line in text.components(separatedBy: "\r\n") {
            if line.isEmpty { inHeader = false }
            if line.hasPrefix("Content-Type:") || line.hasPrefix("--=_xianqi") { inHeader = true }
            #expect(line.utf8.count <= (inHeader ? 78 : 76), "line too long: \(line)", sourceLocation: sourceLocation)
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII }, "non-ASCII on the wire: \(line)", sourceLocation: sourceLocation)
        }
    }

    func headerLines(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        return Array(text.components(separatedBy: "\r\n").prefix { !$0.isEmpty })
    }

    func normalized(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n")
    }
}
