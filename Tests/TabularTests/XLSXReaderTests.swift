import Foundation
import Testing
@testable import Tabular

@Suite("XLSXReader")
struct XLSXReaderTests {
    let reader = XLSXReader()

    static let ledger: [[XLSXWriter.Value]] = [
        [.text("某某区巡察整改台账")],
        [.text("序号"), .text("问题"), .text("整改措施"), .text("完成时限"), .text("已完成")],
        [.number(1), .text("台账不全"), .text("补齐台账"), .date(CellDate(year: 2025, month: 10, day: 31)!), .boolean(false)],
        [.number(2.5), .text("  前后有空格 "), .text("多行\n措施"), .text("2025年底前"), .boolean(true)],
    ]

    @Test("A written workbook reads back with text, numbers, dates and booleans", arguments: [XLSXWriter.StringStorage.shared, .inline])
    func roundTrip(storage: XLSXWriter.StringStorage) throws {
        let data = try XLSXWriter(stringStorage: storage).data(for: [.init(name: "整改台账", rows: Self.ledger)])
        let book = try reader.read(data, name: "台账.xlsx")
        let table = try book.sheet(named: "整改台账")
        #expect(table.sheet == "整改台账")
        #expect(table.rows.map(\.position.number) == [1, 2, 3, 4])
        #expect(table.rows[2][0] == .number(1, text: "1"))
        #expect(table.rows[2][3] == .date(CellDate(year: 2025, month: 10, day: 31)!))
        #expect(table.rows[2][4] == .boolean(false))
        #expect(table.rows[3][1] == .text("  前后有空格 "))
        #expect(table.rows[3][2] == .text("多行\n措施"))
        #expect(table.rows[3][3] == .text("2025年底前")) // a date written as text stays text
        #expect(table.rows[3].cells[3].ref.description == "整改台账!D4")
        #expect(table.texts[2] == ["1", "台账不全", "补齐台账", "2025-10-31", "FALSE"])
    }

    @Test("Several sheets keep workbook order and names")
    func severalSheets() throws {
        let data = try XLSXWriter().data(for: [
            .init(name: "说明", rows: [[.text("填表说明")]]),
            .init(name: "整改台账", rows: [[.text("序号")], [.number(1)]]),
            .init(name: "Sheet 3", rows: []),
        ])
        let book = try reader.read(data, name: "多表.xlsx")
        #expect(book.sheetNames == ["说明", "整改台账", "Sheet 3"])
        #expect(book.sheets[1].rows.count == 2)
        #expect(book.sheets[2].rows.isEmpty)
        #expect(tabularError { _ = try book.sheet(named: "缺") } == .sheetNotFound(file: "多表.xlsx", sheet: "缺"))
    }

    @Test("Formula cells give their cached results, whatever their type")
    func formulas() throws {
        let data = try XLSXWriter().data(for: [.init(name: "F", rows: [[
            .formula("SUM(1,2)", cached: .number(3)),
            .formula("\"已\"&\"完成\"", cached: .text("已完成")),
            .formula("DATE(2025,12,31)", cached: .date(CellDate(year: 2025, month: 12, day: 31)!)),
            .formula("1>2", cached: .boolean(false)),
            .formula("VLOOKUP(1,A:A,2,0)", cached: .error("#N/A")),
        ]])])
        let row = try reader.read(data, name: "f.xlsx").sheets[0].rows[0]
        #expect(row[0] == .number(3, text: "3"))
        #expect(row[1] == .text("已完成"))
        #expect(row[2] == .date(CellDate(year: 2025, month: 12, day: 31)!))
        #expect(row[3] == .boolean(false))
        #expect(row[4] == .error("#N/A"))
        #expect(row.cells[4].displayText == "#N/A")
    }

    @Test("The 1904 date system shifts serials by 1462 days")
    func dateSystem1904() throws {
        let date = CellDate(year: 2025, month: 10, day: 31)!
        let data = try XLSXWriter(uses1904DateSystem: true).data(for: [.init(name: "S", rows: [[.date(date), .number(45961)]])])
        let book = try reader.read(data, name: "mac.xlsx")
        #expect(book.uses1904DateSystem)
        #expect(book.sheets[0].rows[0][0] == .date(date))
        #expect(date.serial(date1904: true) == 44499)
        #expect(date.serial(date1904: false) == 45961)
    }

    @Test("Custom Chinese date formats are dates; elapsed-time and plain number formats are not")
    func customDateFormat() throws {
        let data = try XLSXWriter(dateFormatCode: #"yyyy"年"m"月"d"日""#).data(for: [.init(name: "S", rows: [
            [.date(CellDate(year: 2026, month: 3, day: 1)!)],
        ])])
        #expect(try reader.read(data, name: "c.xlsx").sheets[0].rows[0][0] == .date(CellDate(year: 2026, month: 3, day: 1)!))
        #expect(NumberFormat.isDateFormat("[$-804]yyyy/m/d"))
        #expect(NumberFormat.isDateFormat("mmm-yy"))
        #expect(!NumberFormat.isDateFormat("[h]:mm:ss"))
        #expect(!NumberFormat.isDateFormat("mm:ss"))
        #expect(!NumberFormat.isDateFormat(#"0.00"天""#))
        #expect(!NumberFormat.isDateFormat("General"))
        #expect(!NumberFormat.isDateFormat("#,##0.00;[Red]-#,##0.00"))
        #expect(NumberFormat.isBuiltInDate(14) && NumberFormat.isBuiltInDate(57) && !NumberFormat.isBuiltInDate(49))
    }

    @Test("Date serials, including Excel's fictitious 1900-02-29, convert to civil dates")
    func serials() {
        #expect(CellDate(serial: 1, date1904: false)?.description == "1900-01-01")
        #expect(CellDate(serial: 59, date1904: false)?.description == "1900-02-28")
        #expect(CellDate(serial: 61, date1904: false)?.description == "1900-03-01")
        #expect(CellDate(serial: 45961.5, date1904: false)?.description == "2025-10-31 12:00")
        #expect(CellDate(serial: 0, date1904: true)?.description == "1904-01-01")
        #expect(CellDate(serial: -1, date1904: false) == nil)
        #expect(CellDate(serial: 3_000_000, date1904: false) == nil)
    }

    @Test("Merged ranges are exposed and fill down over the measure rows")
    func mergedCells() throws {
        let data = try XLSXWriter().data(for: [.init(
            name: "S",
            rows: [
                [.text("问题"), .text("措施")],
                [.text("问题一"), .text("措施1")],
                [.empty, .text("措施2")],
                [.empty, .text("措施3")],
                [.text("问题二"), .text("措施4")],
            ],
            mergedRanges: [CellRange("A2:A4")!])])
        let table = try reader.read(data, name: "m.xlsx").sheets[0]
        #expect(table.mergedRanges == [CellRange("A2:A4")!])
        #expect(table.rows[2][0] == .empty)
        #expect(table.mergedRange(containingRow: 3, column: 0) == CellRange("A2:A4"))
        let filled = table.fillingMergedCells()
        #expect(filled.rows.map { $0[0].displayText } == ["问题", "问题一", "问题一", "问题一", "问题二"])
        #expect(filled.rows[3].cells[0].ref.description == "S!A4")
        #expect(filled.rows[3].cells.map(\.column) == [0, 1])
    }

    @Test("A merged range across columns fills right")
    func mergedAcross() throws {
        let data = try XLSXWriter().data(for: [.init(
            name: "S", rows: [[.text("责任单位"), .empty, .empty, .text("x")]], mergedRanges: [CellRange("A1:C1")!])])
        let filled = try reader.read(data, name: "m.xlsx").sheets[0].fillingMergedCells()
        #expect(filled.texts[0] == ["责任单位", "责任单位", "责任单位", "x"])
    }

    @Test("Columns beyond Z (AA, AZ, XFD) are placed correctly")
    func wideColumns() throws {
        var row = [XLSXWriter.Value](repeating: .empty, count: 16384)
        row[26] = .text("AA")
        row[51] = .text("AZ")
        row[702] = .text("AAA")
        row[16383] = .text("XFD")
        let table = try reader.read(try XLSXWriter().data(for: [.init(name: "W", rows: [row])]), name: "w.xlsx").sheets[0]
        #expect(table.rows[0].cells.map(\.column) == [26, 51, 702, 16383])
        #expect(table.rows[0].cells.map(\.ref.a1) == ["AA1", "AZ1", "AAA1", "XFD1"])
        #expect(ColumnName.column(for: "XFD") == 16383)
        #expect(ColumnName.letters(for: 16383) == "XFD")
    }

    @Test("Rich-text shared strings join their runs and drop phonetic guides")
    func richText() throws {
        let data = try Fixture.workbook(
            sheetXML: #"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row></sheetData>"#,
            sharedStrings: [
                #"<si><r><rPr><b/></rPr><t>整改</t></r><r><t xml:space="preserve"> 措施</t></r></si>"#,
                #"<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si>"#,
                #"<si><t>A &amp; B &lt;1&gt; &#x4E2D;&#25991; 行_x000D_尾</t></si>"#,
            ])
        let row = try reader.read(data, name: "r.xlsx").sheets[0].rows[0]
        #expect(row[0] == .text("整改 措施"))
        #expect(row[1] == .text("漢字"))
        #expect(row[2] == .text("A & B <1> 中文 行\r尾"))
    }

    @Test("Inline strings, t=\"str\" results, t=\"d\" dates and errors")
    func cellTypes() throws {
        let data = try Fixture.workbook(sheetXML: """
            <sheetData><row r="1">
            <c r="A1" t="inlineStr"><is><r><t>内联</t></r><r><t>文本</t></r></is></c>
            <c r="B1" t="str"><f>A1&amp;""</f><v>公式文本</v></c>
            <c r="C1" t="d"><v>2025-06-30T00:00:00Z</v></c>
            <c r="D1" t="e"><v>#REF!</v></c>
            <c r="E1"><f>1/0</f></c>
            <c r="F1" s="0"/>
            </row></sheetData>
            """)
        let table = try reader.read(data, name: "t.xlsx").sheets[0]
        let row = table.rows[0]
        #expect(row[0] == .text("内联文本"))
        #expect(row[1] == .text("公式文本"))
        #expect(row[2] == .date(CellDate(year: 2025, month: 6, day: 30)!))
        #expect(row[3] == .error("#REF!"))
        #expect(row.cells.count == 4) // the formula without a cached value and the styled empty cell hold nothing
        #expect(table.warnings.map(\.location) == ["Sheet1!E1"])
    }

    @Test("Rows and cells without r attributes follow the previous one; sparse rows keep their numbers")
    func sparseAndUnnumbered() throws {
        let data = try Fixture.workbook(sheetXML: """
            <sheetData>
            <row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row>
            <row><c><v>3</v></c></row>
            <row r="10"><c r="D10"><v>4</v></c></row>
            </sheetData>
            """)
        let table = try reader.read(data, name: "s.xlsx").sheets[0]
        #expect(table.rows.map(\.position.number) == [3, 4, 10])
        #expect(table.rows[0].cells.map(\.ref.a1) == ["B3", "C3"])
        #expect(table.rows[1].cells.map(\.ref.a1) == ["A4"])
        #expect(table.rows[2][3] == .number(4, text: "4"))
        #expect(table.rows[2][0] == .empty)
    }

    @Test("Dates are recognised through styles.xml: built-in id 14, custom 176, not id 0")
    func stylesDetection() throws {
        let styles = """
            <numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>
            <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
            <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"><alignment/></xf><xf numFmtId="176"/></cellXfs>
            """
        let data = try Fixture.workbook(
            sheetXML: #"<sheetData><row r="1"><c r="A1" s="0"><v>45961</v></c><c r="B1" s="1"><v>45961</v></c><c r="C1" s="2"><v>45961</v></c><c r="D1" s="9"><v>45961</v></c></row></sheetData>"#,
            stylesXML: styles)
        let row = try reader.read(data, name: "st.xlsx").sheets[0].rows[0]
        #expect(row[0] == .number(45961, text: "45961"))
        #expect(row[1] == .date(CellDate(year: 2025, month: 10, day: 31)!))
        #expect(row[2] == .date(CellDate(year: 2025, month: 10, day: 31)!))
        #expect(row[3] == .number(45961, text: "45961")) // unknown style: not a date
    }

    @Test("1904 date system from workbookPr in a hand-made workbook")
    func workbookPr1904() throws {
        let data = try Fixture.workbook(
            sheetXML: #"<sheetData><row r="1"><c r="A1" s="1"><v>0</v></c></row></sheetData>"#,
            stylesXML: #"<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>"#,
            workbookPr: #"<workbookPr date1904="true"/>"#)
        #expect(try reader.read(data, name: "d.xlsx").sheets[0].rows[0][0] == .date(CellDate(year: 1904, month: 1, day: 1)!))
    }

    @Test("A bad cell becomes a warning; the other cells and rows still load")
    func badCellWarns() throws {
        let data = try Fixture.workbook(
            sheetXML: #"<sheetData><row r="1"><c r="A1" t="s"><v>7</v></c><c r="B1"><v>abc</v></c><c r="C1"><v>5</v></c></row><row r="2"><c r="A2"><v>6</v></c></row></sheetData>"#,
            sharedStrings: ["<si><t>only</t></si>"])
        let table = try reader.read(data, name: "w.xlsx").sheets[0]
        #expect(table.rows.count == 2)
        #expect(table.rows[0][1] == .text("abc"))
        #expect(table.rows[0][2] == .number(5, text: "5"))
        #expect(table.warnings.map(\.location) == ["Sheet1!A1", "Sheet1!B1"])
    }

    @Test("A truncated .xlsx (cut in half) is a zip error that names the file")
    func truncated() throws {
        let data = try XLSXWriter().data(for: [.init(name: "S", rows: (1...500).map { [.number(Double($0)), .text("措施\($0)")] })])
        let half = data.prefix(data.count / 2)
        let error = tabularError { _ = try reader.read(Data(half), name: "台账.xlsx") }
        guard case .corruptArchive(let file, _) = error else {
            Issue.record("expected corruptArchive, got \(String(describing: error))")
            return
        }
        #expect(file == "台账.xlsx")
        #expect(error?.description.hasPrefix("台账.xlsx: 不是有效的 Excel 文件（zip 损坏）") == true)
    }

    @Test("A damaged entry inside an intact zip is reported, not crashed on")
    func damagedEntry() throws {
        var data = try XLSXWriter().data(for: [.init(name: "S", rows: (1...200).map { [.text("第\($0)行内容")] })])
        // Flip bytes inside the worksheet's compressed data (it follows its local header's name).
        let name = Data("xl/worksheets/sheet1.xml".utf8)
        let start = try #require(data.range(of: name)).upperBound + 20
        for i in start..<(start + 60) { data[i] ^= 0x5A }
        let error = tabularError { _ = try reader.read(data, name: "d.xlsx") }
        guard case .corruptArchive(_, let detail) = error else {
            Issue.record("expected corruptArchive, got \(String(describing: error))")
            return
        }
        #expect(detail.hasPrefix("xl/worksheets/sheet1.xml: "))
    }

    @Test("A stored (uncompressed) part with a damaged byte fails its CRC-32, not read as another date")
    func storedPartFailsItsChecksum() throws {
        let good = try Fixture.workbook(sheetXML: #"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>2025年10月底前</t></is></c></row></sheetData>"#,
                                        compression: .none)
        #expect(try reader.read(good, name: "s.xlsx").sheets.first?.texts == [["2025年10月底前"]])
        var damaged = good
        let at = try #require(damaged.range(of: Data("2025年".utf8))).lowerBound + 3
        damaged[at] = UInt8(ascii: "6")   // 2025 → 2026, as a flipped bit on disk would
        let error = tabularError { _ = try reader.read(damaged, name: "s.xlsx") }
        guard case .corruptArchive(let file, let detail) = error else {
            Issue.record("expected corruptArchive, got \(String(describing: error))")
            return
        }
        #expect(file == "s.xlsx")
        #expect(detail == "xl/worksheets/sheet1.xml: CRC-32 不符，部件已损坏 (checksum mismatch: the part is damaged)")
    }

    @Test("A zip that is not a workbook, a non-zip, an old .xls and an empty file are told apart")
    func notXLSX() throws {
        let zip = try Fixture.zip(["word/document.xml": "<w:document/>", "readme.txt": "hello"])
        #expect(tabularError { _ = try reader.read(zip, name: "a.xlsx") } == .notXLSX(file: "a.xlsx", missing: "xl/workbook.xml"))
        #expect(tabularError { _ = try reader.read(Array("a,b\n".utf8), name: "b.xlsx") } == .notZip(file: "b.xlsx"))
        #expect(tabularError { _ = try reader.read([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], name: "c.xls") } == .legacyXLS(file: "c.xls"))
        #expect(tabularError { _ = try reader.read([UInt8](), name: "d.xlsx") } == .emptyFile(file: "d.xlsx"))
    }

    @Test("Malformed worksheet XML is an error naming the part")
    func malformedXML() throws {
        let data = try Fixture.workbook(sheetXML: #"<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"#)
        let error = tabularError { _ = try reader.read(data, name: "x.xlsx") }
        guard case .malformedXML(let file, let part, _) = error else {
            Issue.record("expected malformedXML, got \(String(describing: error))")
            return
        }
        #expect(file == "x.xlsx")
        #expect(part == "xl/worksheets/sheet1.xml")
    }

    @Test("Writing to and reading from a file path in a temporary directory")
    func filePaths() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("样例台账.xlsx")
        try XLSXWriter().write([.init(name: "整改台账", rows: Self.ledger)], to: path)
        let book = try reader.read(contentsOf: path)
        #expect(book.source == "样例台账.xlsx")
        #expect(book.sheets[0].rows.count == 4)
    }
}
