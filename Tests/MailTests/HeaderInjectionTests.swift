import Foundation
import Mail
import MailTestSupport
import Testing

/// Ledger text may hold anything. Whatever a subject, a name, an event key or an extra
/// header value contains, Python's parser must find exactly the headers xianqi wrote.
@Suite struct HeaderInjectionTests {
    static let payloads = [
        "整改通知\r\nBcc: victim@evil.example",
        "整改通知\nBcc: victim@evil.example",
        "整改通知\rBcc: victim@evil.example",
        "整改通知\r\n Bcc: victim@evil.example",
        "整改通知\r\n\r\n<p>injected body</p>",
        "整改通知\u{2028}Bcc: victim@evil.example",
        "整改通知\u{85}Bcc: victim@evil.example",
        "整改通知\0Bcc: victim@evil.example",
        "plain ASCII\r\nBcc: victim@evil.example\r\nX-Injected: 1",
        "=?UTF-8?Q?a=0D=0ABcc:_victim@evil.example?=",
        "=?UTF-8?B?DQpCY2M6IHZpY3RpbUBldmlsLmV4YW1wbGU=?=",
    ]

    static let expectedHeaders = [
        "Date", "From", "To", "Cc", "Subject", "Message-ID", "MIME-Version", "Auto-Submitted",
        "X-Xianqi-Event-Key", "X-Xianqi-Measure-Id", "X-Xianqi-Unit", "Content-Type", "Content-Transfer-Encoding",
    ]

    enum Place: String, CaseIterable, CustomTestStringConvertible {
        case subject, fromName, toName, ccName, extraHeaderValue, eventKey
        var testDescription: String { rawValue }
    }

    static func message(with payload: String, in place: Place) -> OutgoingMessage {
        var message = Fixtures.overdue(cc: [MailAddress("liming@example.gov.cn", displayName: "李明")])
        switch place {
        case .subject: message.subject = payload
        case .fromName: message.from.displayName = payload
        case .toName: message.to[0].displayName = payload
        case .ccName: message.cc[0].displayName = payload
        case .extraHeaderValue: message.extraHeaders[0].value = payload
        case .eventKey: message.eventKey = payload
        }
        return message
    }

    @Test("no payload in any text field creates a header or a recipient", arguments: Place.allCases, payloads)
    func payloadCreatesNoHeader(place: Place, payload: String) throws {
        let directory = TemporaryDirectory("inject")
        defer { directory.remove() }
        let rendered = try Self.message(with: payload, in: place).render()
        let parsed = try PythonEmail.parse(rendered.bytes, in: directory.path)
        #expect(parsed.headerNames == Self.expectedHeaders)
        #expect(parsed.count(of: "Bcc") == 0)
        #expect(parsed.count(of: "X-Injected") == 0)
        #expect(parsed.to.map(\.address) == ["czj@example.gov.cn"])
        #expect(parsed.cc.map(\.address) == ["liming@example.gov.cn"])
        #expect(rendered.recipients == ["czj@example.gov.cn", "liming@example.gov.cn"])
        #expect(parsed.text.map { $0.replacingOccurrences(of: "\r\n", with: "\n") } == Fixtures.overdueBody)
        #expect(parsed.defects.isEmpty)
    }

    @Test("the payload's text survives on one line, line breaks turned into spaces", arguments: payloads)
    func subjectKeepsTheTextOnOneLine(payload: String) throws {
        let directory = TemporaryDirectory("inject-subject")
        defer { directory.remove() }
        let rendered = try Self.message(with: payload, in: .subject).render()
        let parsed = try PythonEmail.parse(rendered.bytes, in: directory.path)
        #expect(parsed.subject == rendered.subject)
        #expect(!parsed.subject.contains { $0.isNewline })
    }

    @Test("what the sanitised subject says", arguments: [
        ("整改通知\r\nBcc: victim@evil.example", "整改通知 Bcc: victim@evil.example"),
        ("第一行\r\n\r\n\t 第二行", "第一行 第二行"),
        ("  前后空白 \n", "前后空白"),
        ("=?UTF-8?Q?a=0D=0ABcc:_x@y?=", "=?UTF-8?Q?a=0D=0ABcc:_x@y?="),
    ])
    func sanitisedSubject(payload: String, expected: String) throws {
        let directory = TemporaryDirectory("inject-sanitised")
        defer { directory.remove() }
        let rendered = try Self.message(with: payload, in: .subject).render()
        #expect(try PythonEmail.parse(rendered.bytes, in: directory.path).subject == expected)
    }

    @Test("a display name full of address syntax stays one name", arguments: [
        "区财政局 <victim@evil.example>, 张伟",
        "\"张伟\" <victim@evil.example>",
        "a, b; c: d",
        "(comment) 区财政局",
    ])
    func addressSyntaxInADisplayName(name: String) throws {
        let directory = TemporaryDirectory("inject-name")
        defer { directory.remove() }
        let rendered = try Self.message(with: name, in: .toName).render()
        let parsed = try PythonEmail.parse(rendered.bytes, in: directory.path)
        #expect(parsed.to == [.init(displayName: name, address: "czj@example.gov.cn")])
        #expect(parsed.defects.isEmpty)
    }

    @Test("addresses at the limits are accepted", arguments: [
        "zhang.wei@example.gov.cn", "a+b_c-d@x-y.cn", "ZGB@EXAMPLE.GOV.CN", "o'brien@example.ie",
        String(repeating: "l", count: 64) + "@example.gov.cn", "czj@" + String(repeating: "d", count: 63) + ".cn",
        "czj@xn--fiqs8s.xn--fiqs8s",
    ])
    func goodAddressIsAccepted(address: String) throws {
        #expect(MailAddress.problem(with: address) == nil)
        var message = Fixtures.overdue()
        message.to = [MailAddress(address)]
        _ = try message.render()
    }

    @Test("an address that is not a plain ASCII addr-spec is refused, naming its field", arguments: [
        ("czj@example.gov.cn\r\nBcc: victim@evil.example", MailError.AddressProblem.invalidLocalPart),
        ("czj@example.gov.cn>, victim@evil.example", .invalidLocalPart),
        ("a@b.cn,c@d.cn", .invalidLocalPart),
        ("czj@example.gov.cn\r\n", .invalidDomain),
        ("\"quoted\"@example.gov.cn", .invalidLocalPart),
        ("张伟@example.gov.cn", .nonASCII),
        ("czj@例子.中国", .nonASCII),
        ("", .empty),
        ("no-at-sign", .missingAt),
        ("a..b@example.gov.cn", .invalidLocalPart),
        ("czj@-bad-.cn", .invalidDomain),
        ("czj@", .invalidDomain),
        ("czj @example.gov.cn", .invalidLocalPart),
        // Accepted by `check` before the rule was shared, refused by the mail (issue 13):
        ("x@-b.com", .invalidDomain),
        ("a..b@b.com", .invalidLocalPart),
        (".a@b.com", .invalidLocalPart),
        ("a.@b.com", .invalidLocalPart),
        (String(repeating: "l", count: 65) + "@example.gov.cn", .localPartTooLong(65)),
        ("czj@" + String(repeating: "d", count: 64) + ".cn", .invalidDomain),
        ("czj@example..cn", .invalidDomain),
        ("czj@b-.com", .invalidDomain),
        ("czj@localhost", .missingDot),
        ("czj@example.gov.cn.", .invalidDomain),
    ])
    func badAddressIsRefused(address: String, problem: MailError.AddressProblem) throws {
        var message = Fixtures.overdue(cc: [MailAddress("liming@example.gov.cn")])
        message.cc.append(MailAddress(address, displayName: "李明"))
        #expect(throws: MailError.invalidAddress(field: "Cc[1]", text: address, reason: problem)) {
            try message.render()
        }
    }

    @Test("the From and To fields are named in the error", arguments: ["From", "To[0]"])
    func errorNamesTheField(field: String) throws {
        var message = Fixtures.overdue()
        if field == "From" { message.from.address = "x@y\r\nBcc: z@w" } else { message.to[0].address = "x@y\r\nBcc: z@w" }
        let error = try #require(throws: MailError.self) { try message.render() }
        #expect(error.description.contains(field))
        #expect(error.description.contains("无效"))
    }

    @Test("an extra header must be X-Xianqi-<letters, digits, ->", arguments: [
        "Bcc", "X-Other", "X-Xianqi-", "X-Xianqi-Bad Name", "X-Xianqi-A\r\nBcc", "X-Xianqi-Event-Key", "X-Xianqi-单位",
    ])
    func badExtraHeaderName(name: String) throws {
        var message = Fixtures.overdue()
        message.extraHeaders.append(ExtraHeader(name: name, value: "x"))
        #expect(throws: MailError.invalidHeaderName(name)) { try message.render() }
    }

    @Test("a message without To is refused")
    func noRecipients() throws {
        var message = Fixtures.overdue()
        message.to = []
        #expect(throws: MailError.noRecipients) { try message.render() }
    }
}
