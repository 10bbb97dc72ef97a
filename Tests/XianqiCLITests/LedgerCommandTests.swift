import CorpusTestSupport
import Foundation
import Testing

/// `import`, `check`, `list` and `convert` run as a user runs them, on the sample Config/.
@Suite struct LedgerCommandTests {
    static let config = Corpus.repository.appendingPathComponent("Config/xianqi.toml").path

    final class Directory {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-cmd-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        func write(_ name: String, _ text: String) throws { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    @Test func checkOnTheSampleConfigIsClean() throws {
        let r = try CLITests.run(["check", Self.config])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("hefei-gaoxin.toml (toml): 44 项措施"))
        #expect(r.stdout.contains("xiangjiang.xlsx (xlsx)"))
        #expect(r.stdout.contains("zhuhai-gaoxin-gb18030.csv (csv): 20 项措施"))
        #expect(r.stderr.contains("5 ledgers"))
    }

    @Test func checkFindsProblemsAndExitsOne() throws {
        let dir = try Directory()
        try dir.write("xianqi.toml", "ledgers = [\"*.csv\"]\n")
        try dir.write("a.csv", "序号,整改措施,完成时限\n1,措施一,2025年底前\n1,措施二,尽快\n")
        let r = try CLITests.run(["check", dir.path("xianqi.toml")])
        #expect(r.status == 1)
        #expect(r.stdout.contains("a.csv:3:3: error: 完成时限无法识别"))
        #expect(r.stdout.contains("“尽快”"))
        #expect(r.stdout.contains("a.csv:3: error: 编号“1”重复"))
    }

    @Test func checkOfAMissingOrBrokenConfigExitsTwo() throws {
        let dir = try Directory()
        #expect(try CLITests.run(["check", dir.path("none.toml")]).status == 2)
        try dir.write("bad.toml", "ledgers = [\n")
        let r = try CLITests.run(["check", dir.path("bad.toml")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.toml:"))
        try dir.write("typo.toml", "ledgers = []\nledger_dir = \"x\"\n")
        let t = try CLITests.run(["check", dir.path("typo.toml")])
        #expect(t.status == 2)
        #expect(t.stderr.contains("typo.toml:2: error: ledger_dir"))
    }

    @Test func aPatternMatchingNothingIsAnError() throws {
        let dir = try Directory()
        try dir.write("xianqi.toml", "ledgers = [\"gone/*.xlsx\"]\n")
        let r = try CLITests.run(["check", dir.path("xianqi.toml")])
        #expect(r.status == 1)
        #expect(r.stdout.contains("gone/*.xlsx"))
    }

    @Test func theSameLedgerListsIdenticallyInEveryFormat() throws {
        let dir = try Directory()
        let report = try Corpus.path("000")
        let toml = dir.path("l.toml")
        #expect(try CLITests.run(["import", report, "-o", toml]).status == 0)
        var outputs: [String: String] = [:]
        for (name, extra) in [("l.toml", [String]()), ("l.yaml", []), ("l.csv", []), ("l-gbk.csv", ["--encoding", "gb18030"]), ("l.xlsx", [])] {
            if name != "l.toml" {
                let c = try CLITests.run(["convert", toml, "-o", dir.path(name)] + extra)
                #expect(c.status == 0, "\(c.stderr)")
            }
            try dir.write("\(name).conf.toml", "ledgers = [\"\(name)\"]\ntoday = 2024-11-21\n")
            let r = try CLITests.run(["list", "-c", dir.path("\(name).conf.toml"), "--format", "csv"])
            #expect(r.status == 0)
            // The last column is the position, which names the file and so differs by design.
            outputs[name] = r.stdout.split(separator: "\r\n").map { line in
                line.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",")
            }.joined(separator: "\n")
        }
        #expect(outputs["l.toml"]?.contains("\n2.1.5.20,") == true)
        for (name, out) in outputs { #expect(out == outputs["l.toml"], "\(name) lists differently") }
    }

    @Test func listFiltersByUnitStatusAndDueDate() throws {
        let all = try CLITests.run(["list", "-c", Self.config, "--format", "json"])
        let done = try CLITests.run(["list", "-c", Self.config, "--status", "已完成", "--format", "json"])
        let unit = try CLITests.run(["list", "-c", Self.config, "--unit", "纪检监察", "--format", "csv"])
        let due = try CLITests.run(["list", "-c", Self.config, "--due-before", "2024-01-01", "--format", "csv"])
        #expect(all.status == 0 && done.status == 0 && unit.status == 0 && due.status == 0)
        #expect(done.stdout.components(separatedBy: #""status":"done""#).count - 1 == 65)
        #expect(!done.stdout.contains(#""status":"partly-done""#))
        let unitRows = unit.stdout.split(separator: "\r\n").dropFirst()
        #expect(!unitRows.isEmpty && unitRows.allSatisfy { $0.contains("纪检监察") })
        let dueRows = due.stdout.split(separator: "\r\n").dropFirst()
        #expect(!dueRows.isEmpty && dueRows.allSatisfy { $0.contains(",2023-") })
        let bad = try CLITests.run(["list", "-c", Self.config, "--status", "差不多"])
        #expect(bad.status == 64)
    }

    @Test func tableOutputAlignsChineseColumns() throws {
        let r = try CLITests.run(["list", "-c", Self.config, "--unit", "珠海"])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 22)
        // Every row starts its second column at the same display column.
        func width(_ s: Substring) -> Int {
            s.unicodeScalars.reduce(0) { w, u in
                let wide = (0x1100...0x115F).contains(u.value) || (0x2E80...0xA4CF).contains(u.value)
                    || (0xAC00...0xD7A3).contains(u.value) || (0xF900...0xFAFF).contains(u.value)
                    || (0xFE30...0xFE4F).contains(u.value) || (0xFF00...0xFF60).contains(u.value)
                return w + (wide ? 2 : 1)
            }
        }
        let starts = lines.filter { !$0.hasPrefix("---") }.map { line -> Int in
            let id = line.prefix { $0 != " " }
            return width(id) + line.dropFirst(id.count).prefix { $0 == " " }.count
        }
        #expect(Set(starts).count == 1)
    }

    @Test func reimportKeepsEditsAndAddsNewMeasures() throws {
        let dir = try Directory()
        let report = try Corpus.path("000")
        let ledger = dir.path("l.toml")
        #expect(try CLITests.run(["import", report, "--prefix", "HF", "-o", ledger]).status == 0)
        var text = try String(contentsOfFile: ledger, encoding: .utf8)
        text = text.replacingOccurrences(of: "unit = \"中共合肥高新区工作委员会\"", with: "unit = \"区建设发展局\"")
        // Remove the last measure: re-import must bring it back, once.
        let lastStart = try #require(text.range(of: "[[measure]]", options: .backwards))
        text = String(text[..<lastStart.lowerBound])
        try Data(text.utf8).write(to: URL(fileURLWithPath: ledger))
        let r = try CLITests.run(["import", report, "--prefix", "HF", "-o", ledger])
        #expect(r.status == 0)
        #expect(r.stderr.contains("kept 43, added 1"))
        let after = try String(contentsOfFile: ledger, encoding: .utf8)
        #expect(after.components(separatedBy: "[[measure]]").count - 1 == 44)
        #expect(after.components(separatedBy: "区建设发展局").count - 1 == 43)
    }

    @Test func importOfAMissingReportExitsTwo() throws {
        let r = try CLITests.run(["import", "/nonexistent/report.txt", "-o", "-"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent/report.txt"))
    }
}
