import InMemoryLogging
import Logging
@testable import Notify
import NotifyTestSupport
import Testing

@Suite("JournalLogHandler")
struct JournalLogHandlerTests {
    @Test("metadata keys become XIANQI_ fields in UPPER_SNAKE", arguments: [
        ("unit", "XIANQI_UNIT"),
        ("measure_id", "XIANQI_MEASURE_ID"),
        ("measureId", "XIANQI_MEASURE_ID"),
        ("measure-id", "XIANQI_MEASURE_ID"),
        ("error.message", "XIANQI_ERROR_MESSAGE"),
        ("daysOverdue", "XIANQI_DAYS_OVERDUE"),
        ("HTTPStatus", "XIANQI_HTTPSTATUS"),
        ("retry2", "XIANQI_RETRY2"),
        ("2nd", "XIANQI_2ND"),
        ("_private", "XIANQI_PRIVATE"),
        ("单位", "XIANQI_METADATA"),
        ("XIANQI_DUE", "XIANQI_DUE"),
        ("MESSAGE_ID", "MESSAGE_ID"),
        ("ERRNO", "ERRNO"),
        ("MESSAGE", "XIANQI_MESSAGE"),
        ("PRIORITY", "XIANQI_PRIORITY"),
        ("SYSLOG_IDENTIFIER", "XIANQI_SYSLOG_IDENTIFIER"),
    ])
    func fieldName(key: String, expected: String) {
        #expect(JournalLogHandler.fieldName(forMetadataKey: key) == expected)
    }

    @Test("a very long key is cut to journald's 64-character limit")
    func longKey() {
        let name = JournalLogHandler.fieldName(forMetadataKey: String(repeating: "a", count: 100))
        #expect(name.count == 64)
        #expect(JournalField.problem(withName: name) == nil)
    }

    @Test("log levels map to syslog priorities", arguments: [
        (Logger.Level.trace, JournalPriority.debug),
        (.debug, .debug),
        (.info, .info),
        (.notice, .notice),
        (.warning, .warning),
        (.error, .error),
        (.critical, .critical),
    ])
    func priority(level: Logger.Level, expected: JournalPriority) {
        #expect(JournalLogHandler.priority(for: level) == expected)
    }

    @Test("when sending fails the message goes to the fallback with the reason")
    func fallbackOnFailure() throws {
        let fallback = InMemoryLogHandler()
        var logger = Logger(label: "xianqi-test") { label in
            JournalLogHandler(label: label, fallback: fallback) { (_: [JournalField]) throws(JournalError) in
                throw .journaldUnavailable(errno: 111)
            }
        }
        logger[metadataKey: "unit"] = "区财政局"
        logger.error("提醒发送失败", metadata: ["measure_id": "ZG-2025-017"])
        let entry = try #require(fallback.entries.first)
        #expect(entry.level == .error)
        #expect(entry.message == "提醒发送失败")
        #expect(entry.metadata["unit"] == "区财政局")
        #expect(entry.metadata["measure_id"] == "ZG-2025-017")
        #expect(entry.metadata["journal-error"] == .string(JournalError.journaldUnavailable(errno: 111).description))
    }

    @Test("nothing reaches the fallback when sending succeeds")
    func noFallbackOnSuccess() {
        let fallback = InMemoryLogHandler()
        let logger = Logger(label: "xianqi-test") { label in
            JournalLogHandler(label: label, fallback: fallback) { (_: [JournalField]) throws(JournalError) in }
        }
        logger.info("正常")
        #expect(fallback.entries.isEmpty)
    }

    @Test("a log message arrives in journald with PRIORITY, identifier, metadata fields and code location",
          .needsJournald)
    func roundTrip() throws {
        try Journald.require()
        struct DeliveryError: Error, CustomStringConvertible {
            var description: String { "SMTP 550 邮箱不存在" }
        }
        let tag = JournalReader.newTag()
        var logger = Logger(label: "xianqi-test") { JournalLogHandler(label: $0) }
        logger.logLevel = .debug
        logger[metadataKey: "unit"] = "区财政局"
        let line = #line + 1
        logger.warning("提醒投递失败，稍后重试", error: DeliveryError(), metadata: [
            "test_tag": .string(tag),
            "measureId": "ZG-2025-017",
            "daysOverdue": .stringConvertible(3),
            "recipients": ["a@example.cn", "b@example.cn"],
            "retry": ["count": "2", "next": "2025-07-01T09:00"],
            "MESSAGE_ID": .string(EventKind.deliveryGaveUp.messageID),
            "note": "第一行\n第二行",
        ])

        let entry = try #require(try JournalReader.entries(matching: (JournalReader.tagField, tag)).first)
        #expect(entry["MESSAGE"] == "提醒投递失败，稍后重试")
        #expect(entry["PRIORITY"] == "4")
        #expect(entry["SYSLOG_IDENTIFIER"] == "xianqi-test")
        #expect(entry["XIANQI_UNIT"] == "区财政局")
        #expect(entry["XIANQI_MEASURE_ID"] == "ZG-2025-017")
        #expect(entry["XIANQI_DAYS_OVERDUE"] == "3")
        #expect(Set(entry.values("XIANQI_RECIPIENTS")) == ["a@example.cn", "b@example.cn"])
        #expect(entry["XIANQI_RETRY_COUNT"] == "2")
        #expect(entry["XIANQI_RETRY_NEXT"] == "2025-07-01T09:00")
        #expect(entry["MESSAGE_ID"] == EventKind.deliveryGaveUp.messageID)
        #expect(entry["XIANQI_NOTE"] == "第一行\n第二行")
        #expect(entry["XIANQI_ERROR"] == "SMTP 550 邮箱不存在")
        #expect(entry["XIANQI_ERROR_TYPE"]?.hasSuffix("DeliveryError") == true)
        #expect(entry["CODE_FILE"] == "NotifyTests/JournalLogHandlerTests.swift")
        #expect(entry["CODE_LINE"] == String(line))
        #expect(entry["CODE_FUNC"] == "roundTrip()")
    }

    @Test("metadata from a metadata provider is sent too, and explicit metadata wins",
          .needsJournald)
    func metadataProvider() throws {
        try Journald.require()
        let tag = JournalReader.newTag()
        let provider = Logger.MetadataProvider { ["request": "r-1", "unit": "来自提供者"] }
        let logger = Logger(label: "xianqi-test") { JournalLogHandler(label: $0, metadataProvider: provider) }
        logger.notice("汇总已生成", metadata: ["test_tag": .string(tag), "unit": "区审计局"])
        let entry = try #require(try JournalReader.entries(matching: (JournalReader.tagField, tag)).first)
        #expect(entry["PRIORITY"] == "5")
        #expect(entry["XIANQI_REQUEST"] == "r-1")
        #expect(entry.values("XIANQI_UNIT") == ["区审计局"])
    }
}
