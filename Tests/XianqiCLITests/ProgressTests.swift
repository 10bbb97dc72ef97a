import CorpusTestSupport
import Foundation
import ProcessTestSupport
import Testing

/// The progress line on standard error of `check`, `convert` and `import`: on a terminal only,
/// off with `--quiet`, at most ten updates a second, cleared at the end. Run under a real
/// pseudo-terminal (``PseudoTerminal``) and through pipes.
@Suite struct ProgressTests {
    static func environment() -> [String: String] { ColourTests.environment() }

    // MARK: progress

    /// A CSV ledger of `rows` measures.
    static func largeLedger(in dir: TemporaryDirectory, rows: Int = 30_000) throws -> String {
        var text = "编号,整改措施,责任单位,完成时限\n"
        for i in 0..<rows { text += "M\(i),落实整改措施\(i),单位\(i % 50),2025年\(i % 12 + 1)月28日\n" }
        try dir.write("large.csv", text)
        return dir.file("large.csv")
    }

    @Test func checkShowsProgressOnATerminalAndClearsIt() throws {
        let dir = TemporaryDirectory("progress")
        let ledger = try Self.largeLedger(in: dir)
        let started = ContinuousClock.now
        let r = try XianqiProcess.run(["check", ledger], terminal: .standardError, environment: Self.environment())
        let elapsed = ContinuousClock.now - started
        #expect(r.status == 0 || r.status == 1, "\(r.terminal)")
        #expect(r.terminal.hasPrefix("\r读取台账 large.csv …"), "\(r.terminal.prefix(200).debugDescription)")
        #expect(r.terminal.contains(" 行"))
        // Cleared before the summary, which starts a clean line.
        #expect(r.terminal.contains("\r\u{1B}[K1 个台账"), "\(r.terminal.suffix(300).debugDescription)")
        // At most ten updates a second (and the first, forced).
        let updates = r.terminal.components(separatedBy: "\r读取台账").count - 1
        #expect(Double(updates) <= elapsed / .milliseconds(100) + 2, "\(updates) updates in \(elapsed)")
        #expect(!r.stdout.contains("读取台账"), "stdout is not where progress goes")
    }

    @Test func aPipedStandardErrorGetsNoProgress() throws {
        let dir = TemporaryDirectory("progress")
        let ledger = try Self.largeLedger(in: dir)
        let r = try XianqiProcess.run(["check", ledger], environment: Self.environment())
        #expect(r.stderr.contains("1 个台账"))
        #expect(!r.stderr.contains("读取台账"))
        #expect(!r.stderr.contains("\r"))
    }

    @Test(arguments: ["-q", "--quiet"])
    func quietSilencesProgressOnATerminal(_ flag: String) throws {
        let dir = TemporaryDirectory("progress")
        let ledger = try Self.largeLedger(in: dir)
        let r = try XianqiProcess.run(["check", ledger, flag], terminal: .standardError, environment: Self.environment())
        #expect(r.terminal.contains("1 个台账"))
        #expect(!r.terminal.contains("读取台账"))
        #expect(!r.terminal.contains("\r"))
    }

    @Test func convertShowsReadingAndWriting() throws {
        let dir = TemporaryDirectory("progress")
        let ledger = try Self.largeLedger(in: dir, rows: 10_000)
        let r = try XianqiProcess.run(["convert", ledger, "-o", dir.file("large.toml")], terminal: .standardError,
                                      environment: Self.environment())
        #expect(r.status == 0, "\(r.terminal)")
        #expect(r.terminal.contains("读取台账 large.csv …"))
        #expect(r.terminal.contains("\r写入台账 large.toml …"))
        #expect(r.terminal.contains("\r\u{1B}[K\(dir.file("large.toml")): 10000 项措施"), "\(r.terminal.suffix(200).debugDescription)")
        let quiet = try XianqiProcess.run(["convert", ledger, "-o", dir.file("again.toml"), "-q"], terminal: .standardError,
                                          environment: Self.environment())
        #expect(!quiet.terminal.contains("\r"))
    }

    @Test func importShowsItsSteps() throws {
        let dir = TemporaryDirectory("progress")
        let report = Corpus.repository.appendingPathComponent("Config/samples/hefei-gaoxin-2024-11-21.txt").path
        let out = dir.file("ledger.toml")
        let first = try XianqiProcess.run(["import", report, "-o", out], terminal: .standardError, environment: Self.environment())
        #expect(first.status == 0, "\(first.terminal)")
        #expect(first.terminal.hasPrefix("\r导入报告 hefei-gaoxin-2024-11-21.txt …"))
        // Again into the ledger it wrote: the ledger is read (and merged) before it is written.
        let again = try XianqiProcess.run(["import", report, "-o", out], terminal: .standardError, environment: Self.environment())
        #expect(again.terminal.contains("\r读取台账 ledger.toml …"))
        #expect(again.terminal.contains("\r写入台账 ledger.toml …"))
        let piped = try XianqiProcess.run(["import", report, "-o", out], environment: Self.environment())
        #expect(!piped.stderr.contains("导入报告"))
    }
}
