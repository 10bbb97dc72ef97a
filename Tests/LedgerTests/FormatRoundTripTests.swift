import ChineseDates
import CorpusTestSupport
import Foundation
import Ledger
import Tabular
import Testing

/// The same ledger saved as TOML, YAML, CSV (UTF-8 and GB18030) and .xlsx reads back to the
/// same measures: what `xianqi list` shows cannot depend on the format an office keeps.
@Suite struct FormatRoundTripTests {
    /// What a listing shows of a measure; the source position differs by format by design.
    struct Listed: Hashable, CustomStringConvertible {
        let id, text, problem, category, unit, deadline, status: String
        let due: CivilDate?
        let milestones: [String]
        let extra: [String]

        init(_ m: Measure) {
            id = m.id
            text = m.text
            problem = m.problem ?? ""
            category = m.category ?? ""
            unit = m.unit ?? ""
            deadline = m.deadlineText ?? ""
            status = m.statusText ?? m.status.rawValue
            due = m.due
            milestones = m.milestones.map { "\($0.action)@\($0.due?.description ?? "?")\($0.done ? "✓" : "")" }
            extra = m.extra.map { "\($0.name)=\($0.value)" }
        }

        var description: String { "\(id) \(due?.description ?? "-") \(status) \(milestones)" }
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(arguments: ["000", "002", "004"])
    func everyFormatReadsBackTheSameMeasures(_ report: String) throws {
        let imported = ReportImporter().importReport(try Corpus.text(report), path: "\(report).txt")
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = LedgerWriter(header: "round trip")
        let expected = imported.measures.map(Listed.init)
        for (name, encoding) in [("l.toml", TextEncoding.utf8), ("l.yaml", .utf8), ("l.csv", .utf8),
                                 ("l-gbk.csv", .gb18030), ("l.xlsx", .utf8)] {
            let path = dir.appendingPathComponent(name).path
            try writer.write(imported, to: path, csvEncoding: encoding)
            let back = try LedgerReader().read(contentsOf: path)
            #expect(back.reference == imported.reference, "\(name)")
            #expect(back.errors.isEmpty, "\(name): \(back.errors.prefix(3))")
            let listed = back.measures.map(Listed.init)
            #expect(listed.count == expected.count, "\(name)")
            for (a, b) in zip(listed, expected) where a != b {
                Issue.record("\(name): \(a) != \(b)")
                break
            }
        }
    }

    @Test func gb18030FileIsReallyGB18030() throws {
        let ledger = Ledger(path: "t.csv", format: .csv, measures: [
            Measure(id: "1", text: "建立台账", unit: "区财政局", deadlineText: "2025年10月底前",
                    target: .deadline(due: CivilDate(year: 2025, month: 10, day: 31)!, aspirational: false),
                    source: SourcePosition(file: "t.csv")),
        ])
        let bytes = try LedgerWriter().csv(ledger, encoding: .gb18030)
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        let back = try LedgerReader().read(Data(bytes), path: "t.csv")
        #expect(back.measures.first?.unit == "区财政局")
        #expect(back.measures.first?.due == CivilDate("2025-10-31"))
    }

    @Test func sampleLedgersOfTheConfigAllRead() throws {
        let dir = Corpus.repository.appendingPathComponent("Config/ledgers")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(Set(names.map { ($0 as NSString).pathExtension }) == ["toml", "yaml", "csv", "xlsx"])
        for name in names {
            let ledger = try LedgerReader().read(contentsOf: dir.appendingPathComponent(name).path)
            #expect(ledger.measures.count >= 20, "\(name)")
            #expect(ledger.errors.isEmpty, "\(name): \(ledger.errors.prefix(3))")
        }
    }
}
