import Notify
import NotifyTestSupport
import Testing

@Suite("xianqi event records")
struct EventRecordTests {
    @Test("each event kind has its priority", arguments: [
        (EventKind.reminder, JournalPriority.notice),
        (.overdue, .warning),
        (.escalation, .error),
        (.digest, .info),
        (.reloadFailed, .error),
        (.deliveryGaveUp, .error),
    ])
    func priority(kind: EventKind, expected: JournalPriority) {
        #expect(kind.priority == expected)
    }

    @Test("MESSAGE_IDs are 32 lower-case hex digits and distinct")
    func messageIDsAreWellFormed() {
        let ids = EventKind.allCases.map(\.messageID)
        for id in ids {
            #expect(id.count == 32)
            #expect(id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        }
        #expect(Set(ids).count == ids.count)
    }

    @Test("fields left nil are not sent")
    func nilFieldsOmitted() {
        let names = EventRecord(kind: .digest, message: "本周汇总").fields().map(\.name)
        #expect(names == ["MESSAGE", "MESSAGE_ID", "PRIORITY", "SYSLOG_IDENTIFIER", "XIANQI_EVENT", "CODE_FILE", "CODE_LINE", "CODE_FUNC"])
    }

    @Test("an overdue record arrives with MESSAGE_ID, PRIORITY, every XIANQI field and the code location",
          .needsJournald)
    func overdueRoundTrip() throws {
        try Journald.require()
        let tag = JournalReader.newTag()
        let record = EventRecord(
            kind: .overdue,
            message: "整改措施 ZG-2025-017「建立整改台账」已逾期 3 天，责任单位：区财政局",
            measureID: "ZG-2025-017",
            milestone: "建立整改台账",
            unit: "区财政局",
            owner: "张伟",
            due: "2025-06-30",
            daysOverdue: 3,
            source: "台账.xlsx!整改清单!R17",
            extraFields: [JournalField(JournalReader.tagField, tag)]
        )
        let line = #line + 1
        try Journal().send(record)

        let entry = try #require(try JournalReader.entries(matching: (JournalReader.tagField, tag)).first)
        #expect(entry["MESSAGE"] == record.message)
        #expect(entry["MESSAGE_ID"] == "b6ba09e70f6b463cb51bac9a46484cba")
        #expect(entry["PRIORITY"] == "4")
        #expect(entry["SYSLOG_IDENTIFIER"] == "xianqi")
        #expect(entry["XIANQI_EVENT"] == "overdue")
        #expect(entry["XIANQI_MEASURE_ID"] == "ZG-2025-017")
        #expect(entry["XIANQI_MILESTONE"] == "建立整改台账")
        #expect(entry["XIANQI_UNIT"] == "区财政局")
        #expect(entry["XIANQI_OWNER"] == "张伟")
        #expect(entry["XIANQI_DUE"] == "2025-06-30")
        #expect(entry["XIANQI_DAYS_OVERDUE"] == "3")
        #expect(entry["XIANQI_SOURCE"] == "台账.xlsx!整改清单!R17")
        #expect(entry["CODE_FILE"] == "NotifyTests/EventRecordTests.swift")
        #expect(entry["CODE_LINE"] == String(line))
        #expect(entry["CODE_FUNC"] == "overdueRoundTrip()")
    }

    @Test("every kind arrives with its own MESSAGE_ID and PRIORITY",
          .needsJournald,
          arguments: EventKind.allCases)
    func kindRoundTrip(kind: EventKind) throws {
        try Journald.require()
        let tag = JournalReader.newTag()
        try Journal().send(EventRecord(kind: kind, message: "测试：\(kind.rawValue)", extraFields: [JournalField(JournalReader.tagField, tag)]))
        let entry = try #require(try JournalReader.entries(matching: (JournalReader.tagField, tag)).first)
        #expect(entry["MESSAGE_ID"] == kind.messageID)
        #expect(entry["PRIORITY"] == String(kind.priority.rawValue))
        #expect(entry["XIANQI_EVENT"] == kind.rawValue)
    }
}
