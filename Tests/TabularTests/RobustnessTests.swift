import Foundation
import Testing
import Tabular

/// Damaged input must give a table or a `TabularError`, never a crash.
@Suite("Robustness")
struct RobustnessTests {
    /// A fixed-seed generator, so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let sheetXML = #"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45961</v></c><c r="AA1" t="inlineStr"><is><r><t>x&amp;y</t></r></is></c></row><row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="e"><v>#N/A</v></c><c r="C2"><f>1+1</f><v>2</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells>"#
    static let junk: [String] = ["<", ">", "&", "\"", "'", "/", "<![CDATA[", "]]>", "<!--", "&#x110000;", "&#;", "r=\"0\"", "r=\"ZZZZ9\"", "\u{FFFF}", "\0"]

    @Test("Mutated worksheet XML never crashes the reader")
    func mutatedWorksheets() throws {
        var rng = SplitMix(state: 20251031)
        var outcomes = (tables: 0, errors: 0)
        for _ in 0..<300 {
            var xml = Array(Self.sheetXML.utf8)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0...xml.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: xml.insert(contentsOf: Array(Self.junk.randomElement(using: &rng)!.utf8), at: at)
                case 1: xml.removeSubrange(at..<min(xml.count, at + Int.random(in: 1...12, using: &rng)))
                default: xml = Array(xml.prefix(at))
                }
            }
            let data = try Fixture.workbook(
                sheetXML: String(decoding: xml, as: UTF8.self), sharedStrings: ["<si><t>文本</t></si>"],
                stylesXML: #"<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>"#)
            do {
                let book = try XLSXReader().read(data, name: "m.xlsx")
                _ = book.sheets[0].fillingMergedCells()
                outcomes.tables += 1
            } catch {
                outcomes.errors += 1
            }
        }
        #expect(outcomes.tables + outcomes.errors == 300)
        #expect(outcomes.tables > 0 && outcomes.errors > 0) // both paths were exercised
    }

    @Test("Random bytes give a table or an encoding error as CSV, and a zip error as xlsx")
    func randomBytes() {
        var rng = SplitMix(state: 42)
        for length in [1, 2, 3, 7, 64, 1000] {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
                switch tabularError({ _ = try CSVReader().read(bytes, name: "r.csv") }) {
                case nil, .invalidEncoding?, .emptyFile?, .spreadsheetGivenAsCSV?: break
                case let other?: Issue.record("unexpected CSV error \(other)")
                }
                switch tabularError({ _ = try XLSXReader().read([0x50, 0x4B, 0x03, 0x04] + bytes, name: "r.xlsx") }) {
                case .corruptArchive?: break
                case let other: Issue.record("expected corruptArchive, got \(String(describing: other))")
                }
            }
        }
    }
}
