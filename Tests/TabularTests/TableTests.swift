import Testing
import Tabular

@Suite("Table model")
struct TableTests {
    @Test("Display text shows numbers as Excel does", arguments: [
        (12.0, "12"), (0.1 + 0.2, "0.3"), (2.5, "2.5"), (-3.0, "-3"), (1e20, "1e+20"), (123456789012.345, "123456789012.345"),
    ])
    func numberDisplay(value: Double, shown: String) {
        #expect(CellValue.number(value, text: String(value)).displayText == shown)
    }

    @Test("Cell ranges parse A1 references, with or without $ anchors, and print back")
    func ranges() {
        #expect(CellRange("A2:C4") == CellRange(firstRow: 2, firstColumn: 0, lastRow: 4, lastColumn: 2))
        #expect(CellRange("$AB$10") == CellRange(firstRow: 10, firstColumn: 27, lastRow: 10, lastColumn: 27))
        #expect(CellRange("C4:A2")?.description == "A2:C4")
        #expect(CellRange("A0") == nil)
        #expect(CellRange("12") == nil)
        #expect(CellRange("B2:B5")?.contains(row: 3, column: 1) == true)
    }

    @Test("Rows look cells up by column, sparse or dense")
    func rowLookup() {
        let ref = { (c: Int) in CellRef(location: .sheet(name: "S", row: 2), column: c) }
        let row = Row(position: .sheetRow(sheet: "S", row: 2), cells: [
            Cell(column: 1, value: .text("b"), ref: ref(1)), Cell(column: 30, value: .boolean(true), ref: ref(30)),
        ])
        #expect(row[1] == .text("b"))
        #expect(row[30] == .boolean(true))
        #expect(row[0] == .empty)
        #expect(row.width == 31)
        #expect(row.ref(column: 30).description == "S!AE2")
    }

    @Test("Dates print as ISO days, with a time only when there is one")
    func dateDisplay() {
        #expect(CellDate(year: 2025, month: 1, day: 5)?.description == "2025-01-05")
        #expect(CellDate(year: 2025, month: 1, day: 5, secondsIntoDay: 3600 * 14 + 60 * 30)?.description == "2025-01-05 14:30")
        #expect(CellDate(year: 2025, month: 2, day: 29) == nil)
    }
}
