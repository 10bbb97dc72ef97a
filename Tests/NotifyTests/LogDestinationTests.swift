import Logging
import Notify
import Testing

@Suite("Choosing journald or stderr")
struct LogDestinationTests {
    let stderr = FileIdentity(device: 64769, inode: 1_234_567)

    @Test("JOURNAL_STREAM naming stderr's device and inode means journald")
    func journalStreamMatches() {
        #expect(LogDestination.detect(environment: ["JOURNAL_STREAM": "64769:1234567"], standardError: stderr) == .journal)
    }

    @Test("JOURNAL_STREAM for another file (stderr redirected) means stderr")
    func journalStreamDiffers() {
        #expect(LogDestination.detect(environment: ["JOURNAL_STREAM": "64769:7654321"], standardError: stderr) == .standardError)
    }

    @Test("a malformed JOURNAL_STREAM is ignored", arguments: ["", "64769", "a:b", "64769:1234567:1", ":"])
    func journalStreamMalformed(value: String) {
        #expect(LogDestination.detect(environment: ["JOURNAL_STREAM": value], standardError: stderr) == .standardError)
    }

    @Test("INVOCATION_ID alone means journald")
    func invocationID() {
        #expect(LogDestination.detect(environment: ["INVOCATION_ID": "b0f9b1d4c35e4f1c9cbd2c4e5a2b7f01"], standardError: stderr) == .journal)
    }

    @Test("an empty INVOCATION_ID does not count")
    func emptyInvocationID() {
        #expect(LogDestination.detect(environment: ["INVOCATION_ID": ""], standardError: stderr) == .standardError)
    }

    @Test("no systemd variables means stderr")
    func plainEnvironment() {
        #expect(LogDestination.detect(environment: ["HOME": "/root", "TERM": "xterm"], standardError: stderr) == .standardError)
    }

    @Test("the real stderr's identity matches a JOURNAL_STREAM made from it")
    func realStandardError() throws {
        let identity = try #require(FileIdentity.standardError())
        #expect(LogDestination.detect(environment: ["JOURNAL_STREAM": identity.description]) == .journal)
    }

    @Test("each destination makes its kind of handler")
    func handlers() {
        #expect(LogDestination.journal.makeHandler(label: "xianqi") is JournalLogHandler)
        #expect(LogDestination.standardError.makeHandler(label: "xianqi") is StreamLogHandler)
    }
}
