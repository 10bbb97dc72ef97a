#if canImport(Glibc)
import Glibc
#endif
import InMemoryLogging
import Logging
@testable import Notify
import NotifyTestSupport
import Testing

/// What happens when no journald listens. libsystemd's socket path is fixed, so these
/// tests hide it: ``WithoutJournald`` runs the code on a thread with its own mount
/// namespace and an empty tmpfs over /run/systemd/journal (the real journald, and every
/// other thread, are unaffected).
@Suite("Journal without journald")
struct JournalUnavailableTests {
    @Test("negative sd_journal_sendv results become typed errors", arguments: [
        (Int32(-111), JournalError.journaldUnavailable(errno: ECONNREFUSED)),
        (-2, .journaldUnavailable(errno: ENOENT)),
        (-13, .journaldUnavailable(errno: EACCES)),
        (-22, .sendFailed(errno: EINVAL)),
        (-90, .sendFailed(errno: EMSGSIZE)),
        (-12, .sendFailed(errno: ENOMEM)),
    ])
    func errnoMapping(result: Int32, expected: JournalError) {
        #expect(JournalError.fromSendResult(result) == expected)
    }

    @Test("zero and positive results are success", arguments: [Int32(0), 1])
    func successMapping(result: Int32) {
        #expect(JournalError.fromSendResult(result) == nil)
    }

    @Test("the error says journald is not listening and why")
    func unavailableDescription() {
        #expect(JournalError.journaldUnavailable(errno: ECONNREFUSED).description
            == "journald is not listening on /run/systemd/journal/socket: Connection refused (errno 111)")
    }

    @Test("a socket nobody listens on: sendv's -111 reaches the caller as .journaldUnavailable",
          .needsRoot)
    func refusingSocket() throws {
        let outcome = try hidingJournald(.refusing) {
            (Journal.sendv([JournalField("MESSAGE", "无人接收")]),
             Result { () throws(JournalError) in try Journal().send([("MESSAGE", "无人接收")]) })
        }
        #expect(outcome.0 == -ECONNREFUSED)
        #expect(throws: JournalError.journaldUnavailable(errno: ECONNREFUSED)) { try outcome.1.get() }
    }

    @Test("no socket file: libsystemd returns 0, Journal still throws .journaldUnavailable",
          .needsRoot)
    func missingSocket() throws {
        let outcome = try hidingJournald(.missing) {
            (Journal.sendv([JournalField("MESSAGE", "无人接收")]),
             Result { () throws(JournalError) in try Journal().send([("MESSAGE", "无人接收")]) })
        }
        // libsystemd "fails silently" on ENOENT: the raw call claims success...
        #expect(outcome.0 == 0)
        // ...which is why Journal checks for the socket and reports the truth.
        #expect(throws: JournalError.journaldUnavailable(errno: ENOENT)) { try outcome.1.get() }
    }

    @Test("JournalLogHandler falls back to its fallback handler when journald refuses",
          .needsRoot)
    func logHandlerFallsBack() throws {
        let fallback = InMemoryLogHandler()
        try hidingJournald(.refusing) {
            let logger = Logger(label: "xianqi-test") { JournalLogHandler(label: $0, fallback: fallback) }
            logger.warning("整改措施逾期", metadata: ["unit": "区财政局"])
        }
        let entry = try #require(fallback.entries.first)
        #expect(fallback.entries.count == 1)
        #expect(entry.level == .warning)
        #expect(entry.message == "整改措施逾期")
        #expect(entry.metadata["unit"] == "区财政局")
        #expect(entry.metadata["journal-error"] == "journald is not listening on /run/systemd/journal/socket: Connection refused (errno 111)")
    }

    private func hidingJournald<T: Sendable>(_ socket: WithoutJournald.Socket, _ body: @escaping @Sendable () -> T) throws -> T {
        do {
            return try WithoutJournald.run(socket: socket, body)
        } catch {
            try Test.cancel("cannot hide journald from a thread here: \(error)")
        }
    }
}
