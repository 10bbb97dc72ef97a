import Foundation
import Testing
import Tabular

@Suite("XLSXWriter")
struct XLSXWriterTests {
    /// A workbook using every feature of the writer. With TABULAR_FIXTURE_OUT=/some/dir the
    /// test leaves it there as `writer-sample.xlsx`, for checking by hand with openpyxl or Excel.
    static let sample: [XLSXWriter.Sheet] = [
        .init(
            name: "整改台账",
            rows: [
                [.text("某某区巡察整改台账")],
                [.text("序号"), .text("问题"), .text("整改措施"), .text("完成时限"), .text("完成"), .text("公式")],
                [.number(1), .text("问题一"), .text("措施 A & <B>"), .date(CellDate(year: 2025, month: 10, day: 31)!), .boolean(true), .formula("A3*2", cached: .number(2))],
                [.number(2), .empty, .text("  带空格\n换行 "), .date(CellDate(year: 2025, month: 12, day: 31, secondsIntoDay: 63000)!), .boolean(false), .formula("NA()", cached: .error("#N/A"))],
                [.number(3.25), .empty, .text("控制字符\u{1}与字面量_x000D_"), .text("2026年6月底"), .error("#DIV/0!"), .formula("B3&\"!\"", cached: .text("问题一!"))],
            ],
            mergedRanges: [CellRange("A1:F1")!, CellRange("B3:B5")!]),
        .init(name: "说明", rows: [[.text("第二个工作表")]]),
    ]

    @Test("Text that XML or OOXML would mangle survives a round trip", arguments: [XLSXWriter.StringStorage.shared, .inline])
    func escaping(storage: XLSXWriter.StringStorage) throws {
        let data = try XLSXWriter(stringStorage: storage).data(for: Self.sample)
        let table = try XLSXReader().read(data, name: "s.xlsx").sheets[0]
        #expect(table.rows[2][2] == .text("措施 A & <B>"))
        #expect(table.rows[3][2] == .text("  带空格\n换行 "))
        #expect(table.rows[4][2] == .text("控制字符\u{1}与字面量_x000D_"))
        #expect(table.rows[3][3] == .date(CellDate(year: 2025, month: 12, day: 31, secondsIntoDay: 63000)!))
        #expect(table.rows[4][5] == .text("问题一!"))
        #expect(table.mergedRanges.map(\.description) == ["A1:F1", "B3:B5"])
    }

    @Test("Excel's sheet-name rules are enforced before writing")
    func sheetNames() {
        let writer = XLSXWriter()
        for bad in ["a/b", "", String(repeating: "长", count: 32), "x[1]"] {
            let error = tabularError { _ = try writer.data(for: [.init(name: bad, rows: [])], name: "w.xlsx") }
            guard case .invalidWorkbook(let file, _) = error else {
                Issue.record("sheet name \(bad) should be refused, got \(String(describing: error))")
                continue
            }
            #expect(file == "w.xlsx")
        }
        #expect(tabularError { _ = try writer.data(for: [.init(name: "表", rows: []), .init(name: "表", rows: [])]) } != nil)
        #expect(tabularError { _ = try writer.data(for: []) } != nil)
    }

    @Test("The same sheets give the same bytes")
    func deterministic() throws {
        #expect(try XLSXWriter().data(for: Self.sample) == XLSXWriter().data(for: Self.sample))
    }

    @Test("The sample workbook writes to disk and reads back (kept when TABULAR_FIXTURE_OUT is set)")
    func sampleFile() throws {
        let dir = try TemporaryDirectory()
        let out = ProcessInfo.processInfo.environment["TABULAR_FIXTURE_OUT"] ?? dir.path
        try XLSXWriter().write(Self.sample, to: out + "/writer-sample.xlsx")
        try XLSXWriter(stringStorage: .inline, uses1904DateSystem: true, dateFormatCode: #"yyyy"年"m"月"d"日""#)
            .write(Self.sample, to: out + "/writer-sample-inline-1904.xlsx")
        let a = try XLSXReader().read(contentsOf: out + "/writer-sample.xlsx")
        let b = try XLSXReader().read(contentsOf: out + "/writer-sample-inline-1904.xlsx")
        #expect(a.sheetNames == ["整改台账", "说明"])
        #expect(b.uses1904DateSystem)
        #expect(a.sheets[0].texts == b.sheets[0].texts)
    }
}
