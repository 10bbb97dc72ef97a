import ChineseDates
import Digest
import Foundation
import Ledger
import Mail
import Schedule
import Testing
import Workspace

/// Who gets which digest, with whom copied, under which key (docs/digest.md, "Recipients").
@Suite struct DigestMailingTests {
    static let book = DigestAddressBook(
        measures: Ledger2024.measures, unitEmails: [Ledger2024.caizheng: ["czj@example.gov.cn"]],
        office: ["zgb@example.gov.cn"], sender: "xianqi@example.gov.cn")

    static func mailing(_ selection: DigestMailing.Selection = .configured(units: nil), settings: DigestSettings = DigestSettings(),
                        reminders: ReminderSettings = ReminderSettings(timeZone: shanghai),
                        book: DigestAddressBook = book) -> DigestMailing {
        let agenda = Ledger2024.agenda()
        let scope: DigestScope = switch selection {
        case .configured(let units?), .addresses(_, let units?): .unitsMatching(units)
        default: .all
        }
        return DigestMailing(agenda: agenda, full: Ledger2024.digest(agenda, scope: scope), calendar: bundledCalendar,
                             settings: settings, reminders: reminders, book: book, selection: selection)
    }

    @Test func theOfficeGetsTheFullDigestAndEachUnitWithAnAddressItsOwn() throws {
        let m = Self.mailing()
        #expect(m.envelopes.map(\.audience) == [.office, .unit(Ledger2024.caizheng), .unit(Ledger2024.jianshe)])
        let office = m.envelopes[0]
        #expect(office.to.map(\.address) == ["zgb@example.gov.cn"])
        #expect(office.digest.counts.overdue == 6)
        #expect(office.subject == "【整改周报】2024年11月18日—24日：逾期6项，两周内到期2项")
        let caizheng = m.envelopes[1]
        #expect(caizheng.to.map(\.address) == ["czj@example.gov.cn"])
        #expect(caizheng.digest.counts.overdue == 2)
        #expect(caizheng.digest.overdue.flatMap(\.items).allSatisfy { $0.item.unit == Ledger2024.caizheng })
        #expect(caizheng.subject == "【整改周报】区财政局 2024年11月18日—24日：逾期2项，两周内到期1项")
        // The ledger rows give 区建设发展局 its address.
        #expect(m.envelopes[2].to == [MailAddress("jsj@example.gov.cn", displayName: Ledger2024.jianshe)])
        #expect(m.unaddressed.isEmpty && !m.officeMissing)
    }

    @Test func aUnitsMessageDoesNotMentionAnotherUnitsItems() throws {
        let m = Self.mailing()
        let message = m.envelopes[1].message(from: MailAddress("xianqi@example.gov.cn"), date: Date(timeIntervalSince1970: 1_732_150_000))
        #expect(message.textBody.contains("CZ-1"))
        #expect(!message.textBody.contains("JS-1") && !message.textBody.contains("NU-1"))
        #expect(!(message.htmlBody ?? "").contains("JS-1"))
        #expect(message.extraHeaders.contains(.xianqi("Unit", Ledger2024.caizheng)))
        #expect(message.extraHeaders.contains(.xianqi("Digest-Week", "2024-W47")))
    }

    @Test func leadersAreCopiedForItemsAlreadyEscalated() {
        let m = Self.mailing()
        // CZ-1 is 200 days overdue and its row gives 陈刚's address.
        #expect(m.envelopes[1].cc == [MailAddress("chengang@example.gov.cn", displayName: "责任领导 陈刚")])
        // JS-1 (41 days) gives 王芳's; JS-2 (6 days, same leader) is not yet escalated but she is copied once.
        #expect(m.envelopes[2].cc.map(\.address) == ["wangfang@example.gov.cn"])
        #expect(m.envelopes[0].cc.isEmpty)
    }

    @Test func noLeaderIsCopiedBeforeTheEscalationPolicySaysSo() {
        var policy = ReminderPolicy.standard
        policy.escalateAfter = 300
        let m = Self.mailing(reminders: ReminderSettings(policy: policy, timeZone: shanghai))
        #expect(m.envelopes.allSatisfy { $0.cc.isEmpty })
        let never = Self.mailing(settings: DigestSettings(ccLeaders: false))
        #expect(never.envelopes.allSatisfy { $0.cc.isEmpty })
    }

    @Test func configuredLeadersOfAUnitAreCopiedWhenItHasAnEscalatedItem() {
        let settings = DigestSettings(leaders: [Ledger2024.caizheng: ["fenguan@example.gov.cn", "chengang@example.gov.cn"]])
        let m = Self.mailing(settings: settings)
        #expect(m.envelopes[1].cc.map(\.address) == ["chengang@example.gov.cn", "fenguan@example.gov.cn"])
    }

    @Test func aUnitWithNewsButNoAddressIsReported() {
        let book = DigestAddressBook(office: ["zgb@example.gov.cn"], sender: nil, units: [:])
        let m = Self.mailing(book: book)
        #expect(m.envelopes.map(\.audience) == [.office])
        #expect(m.unaddressed == [Ledger2024.caizheng, Ledger2024.jianshe])
    }

    @Test func aUnitWithNothingOverdueDueOrRecordedGetsNoDigest() {
        var measures = Ledger2024.measures
        measures.append(measure("QT-1", due: "2025-06-30", unit: "区审计局", unitEmail: ["sjj@example.gov.cn"]))
        let agenda = Agenda(measures: measures)
        let full = Digest(agenda: agenda, asOf: sampleDay, calendar: bundledCalendar, timeZone: shanghai)
        let m = DigestMailing(agenda: agenda, full: full, calendar: bundledCalendar, settings: DigestSettings(),
                              reminders: ReminderSettings(timeZone: shanghai),
                              book: DigestAddressBook(measures: measures, unitEmails: [:], office: [], sender: nil),
                              selection: .configured(units: nil))
        #expect(!m.envelopes.contains { $0.audience == .unit("区审计局") })
        #expect(m.officeMissing)
    }

    @Test func perUnitDigestsCanBeTurnedOff() {
        let m = Self.mailing(settings: DigestSettings(perUnit: false))
        #expect(m.envelopes.map(\.audience) == [.office])
    }

    @Test func narrowingToAUnitSendsOnlyItsDigest() {
        let m = Self.mailing(.configured(units: "财政"))
        #expect(m.envelopes.map(\.audience) == [.unit(Ledger2024.caizheng)])
    }

    @Test func explicitAddressesGetOneDigest() {
        let m = Self.mailing(.addresses(["Zhang@Example.gov.cn", "li@example.gov.cn"], units: nil))
        #expect(m.envelopes.count == 1)
        #expect(m.envelopes[0].to.map(\.address) == ["Zhang@Example.gov.cn", "li@example.gov.cn"])
        #expect(m.envelopes[0].eventKey == "digest|2024-W47|to:li@example.gov.cn,zhang@example.gov.cn")
        #expect(Self.mailing(.addresses(["li@example.gov.cn"], units: "财政")).envelopes[0].eventKey
            == "digest|2024-W47|to:li@example.gov.cn|units~财政")
    }

    @Test func eventKeysNameTheWeekAndTheRecipient() throws {
        let keys = Self.mailing().envelopes.map(\.eventKey)
        #expect(keys == ["digest|2024-W47|office", "digest|2024-W47|unit:区财政局", "digest|2024-W47|unit:区建设发展局"])
        // The same week gives the same keys whatever the day; the next week, new ones.
        let agenda = Ledger2024.agenda()
        func officeKeys(on day: String) -> [String] {
            DigestMailing(agenda: agenda, full: Ledger2024.digest(agenda, asOf: civil(day)), calendar: bundledCalendar,
                          settings: DigestSettings(), reminders: ReminderSettings(timeZone: shanghai), book: Self.book,
                          selection: .configured(units: nil)).envelopes.map(\.eventKey).filter { $0.hasSuffix("office") }
        }
        #expect(officeKeys(on: "2024-11-18") == ["digest|2024-W47|office"])
        #expect(officeKeys(on: "2024-11-24") == ["digest|2024-W47|office"])
        #expect(officeKeys(on: "2024-11-25") == ["digest|2024-W48|office"])
    }

    @Test func theSameWeekAndRecipientMakeTheSameMessageID() throws {
        let sender = MailAddress("xianqi@example.gov.cn")
        let a = try Self.mailing().envelopes[1].message(from: sender, date: Date()).render()
        let b = try Self.mailing().envelopes[1].message(from: sender, date: Date().addingTimeInterval(3600)).render()
        let office = try Self.mailing().envelopes[0].message(from: sender, date: Date()).render()
        #expect(a.messageID == b.messageID)
        #expect(a.messageID != office.messageID)
    }

    // MARK: [digest]

    @Test func settingsReadTheDigestSection() throws {
        let config = try Configuration(parsing: """
            ledgers = []
            [digest]
            upcoming = "10workdays"
            per_unit = false
            cc_leaders = false
            [digest.leaders]
            "区财政局" = ["a@example.gov.cn", "b@example.gov.cn"]
            "区建设发展局" = "c@example.gov.cn"
            """, path: "xianqi.toml")
        let s = try DigestSettings(section: config.section("digest"), path: config.path)
        #expect(s.lookAhead == .workdays(10))
        #expect(!s.perUnit && !s.ccLeaders)
        #expect(s.leaders == ["区财政局": ["a@example.gov.cn", "b@example.gov.cn"], "区建设发展局": ["c@example.gov.cn"]])
        #expect(try DigestSettings(section: nil, path: "x") == DigestSettings())
    }

    @Test(arguments: [
        ("upcomin = \"2w\"", "xianqi.toml:3: 未知的周报配置项 digest.upcomin (unknown key digest.upcomin)"),
        ("upcoming = \"两个月\"", "xianqi.toml:3: digest.upcoming 的值 \"两个月\" 无效 (invalid value)"),
        ("per_unit = \"yes\"", "xianqi.toml:3: digest.per_unit 的值 \"yes\" 无效 (invalid value): 应为 true 或 false"),
        ("[leaders]\n\"区财政局\" = \"张三@财政局\"", "xianqi.toml:4: digest.leaders.区财政局 的值 \"张三@财政局\" 无效 (invalid value): 邮箱地址无效"),
    ])
    func settingsErrorsNameTheFileLineAndKey(toml: String, message: String) throws {
        let text = "ledgers = []\n[digest]\n" + toml.replacingOccurrences(of: "[leaders]", with: "[digest.leaders]") + "\n"
        let config = try Configuration(parsing: text, path: "xianqi.toml")
        #expect {
            try DigestSettings(section: config.section("digest"), path: config.path, line: config.line(of:))
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }
}
