import Notify
import NotifyTestSupport
import Testing

/// Records sent through libsystemd to the real journald and read back with journalctl.
@Suite("Journal round trip", .needsJournald)
struct JournalTests {
    let tag = JournalReader.newTag()

    init() throws { try Journald.require() }

    @Test("a dictionary record arrives with every field and the Chinese MESSAGE intact")
    func dictionaryRoundTrip() throws {
        try Journal().send([
            "MESSAGE": "整改措施「建立台账」已逾期 3 天",
            "XIANQI_UNIT": "区财政局",
            "XIANQI_OWNER": "张伟",
            JournalReader.tagField: tag,
        ])
        let entry = try #require(try JournalReader.entries(matching: (JournalReader.tagField, tag)).first)
        #expect(entry["MESSAGE"] == "整改措施「建立台账」已逾期 3 天")
        #expect(entry["XIANQI_UNIT"] == "区财政局")
        #expect(entry["XIANQI_OWNER"] == "张伟")
        #expect(entry["_TRANSPORT"] == "journal")
    }

    @Test("an ordered list keeps repeated names as repeated values")
    func orderedListRoundTrip() throws {
        try Journal().send([
            ("MESSAGE", "多个责任单位"),
            ("XIANQI_UNIT", "区财政局"),
            ("XIANQI_UNIT", "区审计局"),
            (JournalReader.tagField, tag),
        ])
        let entry = try #require(try JournalReader.entries(matching: (JournalReader.tagField, tag)).first)
        #expect(Set(entry.values("XIANQI_UNIT")) == ["区财政局", "区审计局"])
    }

    @Test("a value with embedded newlines comes back byte for byte")
    func newlineValue() throws {
        let note = "第一行\n第二行\n\n  第四行（前有空格）\n"
        try Journal().send([("MESSAGE", "多行说明"), ("XIANQI_NOTE", note), (JournalReader.tagField, tag)])
        let entry = try #require(try JournalReader.entries(matching: (JournalReader.tagField, tag)).first)
        #expect(entry["XIANQI_NOTE"] == note)
    }

    @Test("a binary value with NUL and invalid UTF-8 comes back byte for byte")
    func binaryValue() throws {
        let bytes: [UInt8] = [0xE5, 0x00, 0xFF, 0x0A, 0x41]
        try Journal().send([
            JournalField("MESSAGE", "二进制字段"),
            JournalField("XIANQI_BLOB", bytes: bytes),
            JournalField(JournalReader.tagField, tag),
        ])
        let entry = try #require(try JournalReader.entries(matching: (JournalReader.tagField, tag)).first)
        #expect(entry.bytes("XIANQI_BLOB") == bytes)
    }

    @Test("an empty value is sent as an empty field")
    func emptyValue() throws {
        try Journal().send([("MESSAGE", "空值"), ("XIANQI_OWNER", ""), (JournalReader.tagField, tag)])
        let entry = try #require(try JournalReader.entries(matching: (JournalReader.tagField, tag)).first)
        #expect(entry["XIANQI_OWNER"] == "")
    }
}
