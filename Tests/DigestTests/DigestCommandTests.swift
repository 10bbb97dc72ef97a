import ChineseDates
import Foundation
import Ledger
import Mail
import MailTestSupport
import Notify
import NotifyTestSupport
import Schedule
import Testing
import Workspace

/// `xianqi digest`, the built binary, on the sample configuration (`today = 2024-11-21`) with a
/// state directory of its own: printing, spooling once per week and recipient, what the
/// spooled messages say when Python's email package reads them, the journal record, and
/// delivery through msmtp to a real SMTP server.
@Suite struct DigestCommandTests {
    static let sampleConfig = repositoryRoot.appendingPathComponent("Config/xianqi.toml").path
    static let officeSubject = "【整改周报】2024年11月18日—24日：逾期14项，两周内到期0项"

    /// The messages in `<state>/mail/new`, parsed by Python, by subject.
    static func spooled(_ state: TemporaryDirectory) throws -> [String: ParsedEmail] {
        let new = state.appending("mail/new")
        var out: [String: ParsedEmail] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: new) {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: new + "/" + name)))
            let parsed = try PythonEmail.parse(bytes, in: state.path)
            out[parsed.subject] = parsed
        }
        return out
    }

    static func digest(_ state: TemporaryDirectory, _ arguments: [String], config: String = sampleConfig) throws -> XianqiProcess.Run {
        try XianqiProcess.run(["digest", "-c", config, "--state-dir", state.path] + arguments)
    }

    @Test func stdoutPrintsTheSampleDigestInEachFormat() throws {
        let state = TemporaryDirectory("digest-stdout")
        defer { state.remove() }
        let text = try Self.digest(state, [])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("整改工作周报（2024年11月18日—24日）\n截至2024年11月21日：逾期14项（3个单位），两周内到期0项"))
        #expect(text.stdout.contains("中共岳麓高新技术产业开发区工作委员会：逾期5项，最长326天"))
        let html = try Self.digest(state, ["--stdout", "--format", "html"])
        #expect(html.status == 0)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(html.stdout.contains("<title>整改工作周报（2024年11月18日—24日）</title>"))
        let markdown = try Self.digest(state, ["--format", "markdown", "--unit", "合肥"])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.hasPrefix("# “合肥”相关单位 整改工作周报（2024年11月18日—24日）"))
        #expect(markdown.stdout.contains("逾期6项"))
        #expect(!markdown.stdout.contains("XJ-"))
        // Printing writes nothing: no database, no spool.
        #expect(!FileManager.default.fileExists(atPath: state.appending("mail")))
        #expect(!FileManager.default.fileExists(atPath: state.appending("state.sqlite")))
    }

    @Test func sendingTwiceInAWeekSpoolsEachMessageOnce() throws {
        let state = TemporaryDirectory("digest-twice")
        defer { state.remove() }
        let first = try Self.digest(state, ["--send"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.components(separatedBy: "已入队 (queued)").count - 1 == 3)
        // 岳麓 has overdue items and no address in the sample: warned, not an error.
        #expect(first.stderr.contains("中共岳麓高新技术产业开发区工作委员会 没有邮箱"))
        let new = state.appending("mail/new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: new).count == 3)

        // Sunday of the same week: nothing new.
        let again = try Self.digest(state, ["--send", "--as-of", "2024-11-24"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.components(separatedBy: "本周已入队，未重复").count - 1 == 3)
        #expect(!again.stdout.contains("已入队 (queued)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: new).count == 3)

        // The next Monday is another week.
        let next = try Self.digest(state, ["--send", "--as-of", "2024-11-25"])
        #expect(next.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: new).count == 6)
    }

    @Test func theSpooledOfficeMessageIsMultipartAlternativeWithTheChineseSubject() throws {
        let state = TemporaryDirectory("digest-parse")
        defer { state.remove() }
        #expect(try Self.digest(state, ["--send"]).status == 0)
        let messages = try Self.spooled(state)
        let office = try #require(messages[Self.officeSubject], "subjects: \(messages.keys.sorted())")
        #expect(office.contentType == "multipart/alternative")
        #expect(office.defects.isEmpty, "\(office.defects)")
        #expect(office.to == [.init(displayName: "整改办", address: "zgb@example.gov.cn")])
        #expect(office.from == [.init(displayName: "整改督办系统", address: "xianqi@example.gov.cn")])
        #expect(office.headers["X-Xianqi-Digest-Week"] == "2024-W47")
        #expect(office.headers["Auto-Submitted"] == "auto-generated")
        // The MIME canonical form's CRLF line ends, as the parser returns them.
        let text = try #require(office.text).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(text.hasPrefix("整改工作周报（2024年11月18日—24日）\n截至2024年11月21日：逾期14项（3个单位）"))
        #expect(text.contains("XJ-F4-2.3.1") && text.contains("HF-2.3.16.41"))
        let html = try #require(office.html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains(">一、逾期事项（14项，按责任单位）</h2>"))
    }

    @Test func eachUnitReceivesOnlyItsOwnItems() throws {
        let state = TemporaryDirectory("digest-units")
        defer { state.remove() }
        #expect(try Self.digest(state, ["--send"]).status == 0)
        let messages = try Self.spooled(state)
        let hefei = try #require(messages["【整改周报】中共合肥高新区工作委员会 2024年11月18日—24日：逾期6项，两周内到期0项"])
        #expect(hefei.to.map(\.address) == ["zgb@hefei-gaoxin.example.gov.cn"])
        #expect(hefei.headers["X-Xianqi-Unit"] == "中共合肥高新区工作委员会")
        let text = try #require(hefei.text)
        #expect(text.contains("HF-2.1.2.4#1"))
        #expect(!text.contains("XJ-"))
        let xiangjiang = try #require(messages["【整改周报】中共湖南湘江新区工作委员会 2024年11月18日—24日：逾期3项，两周内到期0项"])
        #expect(xiangjiang.to.map(\.address) == ["zgb@xiangjiang.example.gov.cn", "dzb@xiangjiang.example.gov.cn"])
        #expect(try #require(xiangjiang.html).contains("XJ-2.1.15"))
        #expect(!(try #require(xiangjiang.html)).contains("HF-2"))
    }

    @Test func theWeeksTrailIsInTheDigestWithWhoWhenWhy() throws {
        let state = TemporaryDirectory("digest-trail")
        defer { state.remove() }
        let workspace = try Workspace.load(configuration: Self.sampleConfig)
        let agenda = Agenda(measures: workspace.measures)
        let store = try StateStore(directory: state.path)
        let now = Date()
        let done = try #require(agenda.items.first { $0.reference.shortForm == "HF-2.1.4.16#1" })
        let extended = try #require(agenda.items.first { $0.reference.shortForm == "HF-2.1.5.20#1" })
        try store.record(.done, for: done, by: "张伟", note: "方案已印发", asOf: civil("2024-11-19"), at: now)
        try store.record(.extended(to: civil("2024-12-20")), for: extended, by: "李娜", note: "设计招标流标，重新招标",
                         asOf: civil("2024-11-20"), at: now)

        let run = try Self.digest(state, [])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("逾期12项（3个单位），两周内到期0项；近7天办结1项、延期1项"))
        #expect(run.stdout.contains("三、近7天办结与延期（2024年11月14日—21日，2条）"))
        for fragment in ["张伟", "方案已印发", "李娜", "设计招标流标，重新招标", "2024-10-31 → 2024-12-20", "办结", "延期"] {
            #expect(run.stdout.contains(fragment), "missing \(fragment)")
        }
    }

    @Test func leadersNamedInTheLedgerAreCopiedOnTheirUnitsDigest() throws {
        let dir = TemporaryDirectory("digest-leaders")
        defer { dir.remove() }
        try Data("""
            reference = 2024-11-21
            [[measure]]
            id = "JS-1"
            measure = "推进老旧小区改造"
            unit = "区建设发展局"
            owner = "张伟"
            leader = "王芳"
            unit_email = "jsj@example.gov.cn"
            leader_email = "wangfang@example.gov.cn"
            deadline = "2024年10月11日前"
            status = "推进中"

            [[measure]]
            id = "CZ-1"
            measure = "规范专项资金管理"
            unit = "区财政局"
            owner = "李明"
            deadline = "2024年11月19日前"
            status = "推进中"
            """.utf8).write(to: URL(fileURLWithPath: dir.appending("ledger.toml")))
        let holidays = repositoryRoot.appendingPathComponent("Config/holidays-cn.toml").path
        try Data("""
            today = 2024-11-21
            holidays = "\(holidays)"
            ledgers = ["ledger.toml"]
            [units]
            "区财政局" = "czj@example.gov.cn"
            [office]
            email = "zgb@example.gov.cn"
            from = "xianqi@example.gov.cn"
            [digest.leaders]
            "区建设发展局" = "fenguan@example.gov.cn"
            "区财政局" = "caizheng-leader@example.gov.cn"
            """.utf8).write(to: URL(fileURLWithPath: dir.appending("xianqi.toml")))
        let state = TemporaryDirectory("digest-leaders-state")
        defer { state.remove() }
        let run = try Self.digest(state, ["--send"], config: dir.appending("xianqi.toml"))
        #expect(run.status == 0, "\(run.stderr)")
        let messages = try Self.spooled(state)
        let jianshe = try #require(messages["【整改周报】区建设发展局 2024年11月18日—24日：逾期1项，两周内到期0项"])
        #expect(jianshe.to == [.init(displayName: "区建设发展局", address: "jsj@example.gov.cn")])
        #expect(jianshe.cc.map(\.address) == ["wangfang@example.gov.cn", "fenguan@example.gov.cn"])
        #expect(jianshe.cc.first?.displayName == "责任领导 王芳")
        // CZ-1 is 2 days overdue: not escalated, so no leader on the 区财政局 digest.
        let caizheng = try #require(messages["【整改周报】区财政局 2024年11月18日—24日：逾期1项，两周内到期0项"])
        #expect(caizheng.cc.isEmpty)
        #expect(messages["【整改周报】2024年11月18日—24日：逾期2项，两周内到期0项"]?.cc.isEmpty == true)
    }

    @Test func sendingWithoutASenderSpoolsNothing() throws {
        let dir = TemporaryDirectory("digest-nosender")
        defer { dir.remove() }
        let text = try String(contentsOfFile: Self.sampleConfig, encoding: .utf8)
            .replacingOccurrences(of: "from = \"xianqi@example.gov.cn\"", with: "")
            .replacingOccurrences(of: "\"ledgers/", with: "\"\(repositoryRoot.path)/Config/ledgers/")
            .replacingOccurrences(of: "holidays = \"holidays-cn.toml\"", with: "holidays = \"\(repositoryRoot.path)/Config/holidays-cn.toml\"")
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir.appending("xianqi.toml")))
        let run = try Self.digest(dir, ["--send"], config: dir.appending("xianqi.toml"))
        #expect(run.status == 2)
        #expect(run.stderr.contains("未配置发件地址，周报未发送") && run.stderr.contains("(no sender"))
        #expect(!FileManager.default.fileExists(atPath: dir.appending("mail/new")))
    }

    @Test(arguments: [
        ["--send", "--format", "html"],
        ["--stdout", "--to", "a@example.gov.cn"],
        ["--send", "--to", "张三@财政局"],
        ["--send", "--stdout"],
    ])
    func conflictingOrBadOptionsAreRefused(arguments: [String]) throws {
        let state = TemporaryDirectory("digest-options")
        defer { state.remove() }
        let run = try Self.digest(state, arguments)
        #expect(run.status == 64, "\(run.stdout)\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: state.appending("mail")))
    }

    @Test func toSendsOneDigestToTheGivenAddressesOnly() throws {
        let state = TemporaryDirectory("digest-to")
        defer { state.remove() }
        let run = try Self.digest(state, ["--send", "--unit", "湘江新区工作委员会", "--to", "zhang@example.gov.cn"])
        #expect(run.status == 0, "\(run.stderr)")
        let messages = Array(try Self.spooled(state).values)
        #expect(messages.count == 1)
        #expect(messages.first?.to.map(\.address) == ["zhang@example.gov.cn"])
        #expect(messages.first?.subject == "【整改周报】“湘江新区工作委员会”相关单位 2024年11月18日—24日：逾期3项，两周内到期0项")
    }

    @Test(.enabled(if: Journald.isTestable, "needs a journald whose records this user can read back"))
    func sendingWritesOneJournalRecordWithTheWeekAndCounts() throws {
        try Journald.require()
        let state = TemporaryDirectory("digest-journal")
        defer { state.remove() }
        #expect(try Self.digest(state, ["--send"]).status == 0)
        let spool = state.appending("mail")
        let entries = try JournalReader.entries(matching: ("XIANQI_DIGEST_SPOOL", spool))
        #expect(entries.count == 1)
        let record = try #require(entries.first)
        #expect(record["MESSAGE_ID"] == EventKind.digest.messageID)
        #expect(record["PRIORITY"] == "6")
        #expect(record["XIANQI_EVENT"] == "digest")
        #expect(record["XIANQI_DIGEST_WEEK"] == "2024-W47")
        #expect(record["XIANQI_DIGEST_AS_OF"] == "2024-11-21")
        #expect(record["XIANQI_DIGEST_OVERDUE"] == "14")
        #expect(record["XIANQI_DIGEST_UPCOMING"] == "0")
        #expect(record["XIANQI_DIGEST_QUEUED"] == "3")
        #expect(record["XIANQI_DIGEST_ALREADY_QUEUED"] == "0")
        #expect(record.values("XIANQI_DIGEST_UNADDRESSED_UNIT") == ["中共岳麓高新技术产业开发区工作委员会"])
        #expect(record["MESSAGE"]?.hasPrefix("整改周报 2024年11月18日—24日（2024-W47）：逾期14项") == true)
    }

    @Test func theDigestArrivesOnceThroughARealMTA() async throws {
        let state = TemporaryDirectory("digest-mta")
        defer { state.remove() }
        let sink = try SMTPSink.start(in: state.path)
        defer { sink.stop() }
        let command = try MSMTP.command(for: sink, in: state.path)
        let flush = ["flush", "--spool", state.appending("mail"), "--sendmail", command.description]

        #expect(try await XianqiProcess.run(["digest", "--send", "-c", Self.sampleConfig, "--state-dir", state.path]).status == 0)
        let delivered = try await XianqiProcess.run(flush)
        #expect(delivered.status == 0, "\(delivered.stdout)\(delivered.stderr)")
        #expect(try await onThread { sink.waitForMessages(3) })

        // The timer fires again the same week (Persistent=true after a reboot, or by hand).
        #expect(try await XianqiProcess.run(["digest", "--send", "-c", Self.sampleConfig, "--state-dir", state.path,
                                             "--as-of", "2024-11-22"]).status == 0)
        #expect(try await XianqiProcess.run(flush).status == 0)
        try await Task.sleep(for: .milliseconds(500))

        let received = try sink.received()
        #expect(received.count == 3)
        let ids = received.compactMap { MessageHeaders(parsing: $0.bytes).messageID }
        #expect(Set(ids).count == 3)
        let parsed = try received.map { try PythonEmail.parse($0.bytes, in: state.path) }
        let office = try #require(parsed.first { $0.subject == Self.officeSubject })
        #expect(office.contentType == "multipart/alternative")
        #expect(office.text?.contains("逾期14项") == true)
        #expect(office.html?.contains("<table") == true)
        let envelope = try #require(received.first { MessageHeaders(parsing: $0.bytes).subject == Self.officeSubject })
        #expect(envelope.envelopeRecipients == ["zgb@example.gov.cn"])
    }

    /// Found while writing the digest: the state store refuses to write once the mail tables'
    /// migration (`mail.v1`) is in the shared database, taking it for a newer schema. The digest
    /// reads the trail only, so it is not affected; `xianqi done` after any spooled mail is.
    /// Remove the known-issue wrapper once `StateStore` ignores other modules' migrations.
    @Test func recordingAnOverrideAfterMailWasSpooledInTheSameStateDirectory() throws {
        let state = TemporaryDirectory("digest-then-done")
        defer { state.remove() }
        #expect(try Self.digest(state, ["--send"]).status == 0)
        let done = try XianqiProcess.run(["done", "HF-2.3.16.41", "-c", Self.sampleConfig, "--state-dir", state.path, "--note", "已验收"])
        #expect(done.status == 0, "\(done.stderr)")
        let history = try XianqiProcess.run(["history", "HF-2.3.16.41", "-c", Self.sampleConfig, "--state-dir", state.path])
        #expect(history.stdout.contains("已验收"))
    }
}
