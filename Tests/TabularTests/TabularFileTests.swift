import Foundation
import Testing
import Tabular

@Suite("TabularFile")
struct TabularFileTests {
    @Test("Files are told apart by content, not by name")
    func sniffing() throws {
        let dir = try TemporaryDirectory()
        let xlsxNamedCSV = dir.file("其实是表格.csv")
        try XLSXWriter().write([.init(name: "A", rows: [[.text("x")]]), .init(name: "B", rows: [])], to: xlsxNamedCSV)
        let csvNamedXLS = dir.file("其实是文本.xls")
        try Data(Fixture.encode("序号,措施\r\n1,整改\r\n", as: "GB18030")).write(to: URL(fileURLWithPath: csvNamedXLS))
        #expect(try TabularFile.read(contentsOf: xlsxNamedCSV).map(\.name) == ["其实是表格.csv!A", "其实是表格.csv!B"])
        let csv = try TabularFile.read(contentsOf: csvNamedXLS)
        #expect(csv.map(\.texts) == [[["序号", "措施"], ["1", "整改"]]])
        #expect(csv[0].rows[1].position.description == "其实是文本.xls:2")
    }

    @Test("Row positions print as a user would look for them")
    func positions() {
        #expect(RowPosition.sheetRow(sheet: "整改台账", row: 7).description == "整改台账 第7行")
        #expect(RowPosition.line(file: "台账.csv", line: 12).description == "台账.csv:12")
    }
}
