import Foundation
@testable import Tabular
import Testing

/// The splice of new rows into a worksheet's XML, and what it refuses.
@Suite struct XLSXAppendTests {
    static func sheet(_ body: String, after: String = "") -> [UInt8] {
        Array(("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<dimension ref=\"A1:C2\"/><cols><col min=\"2\" max=\"2\" width=\"30\"/></cols>" + body + after + "</worksheet>").utf8)
    }

    static let twoRows = "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>序号</t></is></c></row>"
        + "<row r=\"2\" spans=\"1:3\"><c r=\"A2\" s=\"3\"><v>1</v></c><c r=\"C2\" s=\"7\" t=\"s\"><v>0</v></c></row></sheetData>"

    @Test func rowsGoBeforeTheEndOfSheetDataWithTheStylesOfTheRowAbove() throws {
        let result = XLSXAppend.splice([[0: "2", 2: "<b>&年底前"]], into: Self.sheet(Self.twoRows), sheet: "s", after: 2)
        let xml = String(decoding: try result.get(), as: UTF8.self)
        #expect(xml.contains("<row r=\"3\"><c r=\"A3\" s=\"3\" t=\"inlineStr\"><is><t>2</t></is></c>"
            + "<c r=\"C3\" s=\"7\" t=\"inlineStr\"><is><t>&lt;b&gt;&amp;年底前</t></is></c></row></sheetData>"), "\(xml)")
        #expect(xml.contains("<dimension ref=\"A1:C3\"/>"))
        #expect(xml.contains("<cols><col min=\"2\" max=\"2\" width=\"30\"/></cols>"), "the rest as it was")
    }

    @Test func anEmptySheetDataIsOpened() throws {
        let xml = String(decoding: try XLSXAppend.splice([[3: "x"]], into: Self.sheet("<sheetData/>"), sheet: "s", after: 1).get(), as: UTF8.self)
        #expect(xml.contains("<sheetData><row r=\"2\"><c r=\"D2\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>"), "\(xml)")
        #expect(xml.contains("<dimension ref=\"A1:D2\"/>"))
    }

    @Test(arguments: [
        (twoRows, "<tableParts count=\"1\"><tablePart r:id=\"rId1\"/></tableParts>", 2, XLSXAppend.Refusal.excelTable(sheet: "s")),
        (twoRows, "<mergeCells count=\"1\"><mergeCell ref=\"A2:A3\"/></mergeCells>", 2, .mergedBelow(sheet: "s", range: "A2:A3")),
        (twoRows, "", 1, .rowsBelow(sheet: "s", row: 2)),
        ("<x:sheetData></x:sheetData>", "", 1, .unrecognisedSheet(sheet: "s")),
    ])
    func whatCannotBeChangedSafelyIsRefused(body: String, after: String, lastRow: Int, refusal: XLSXAppend.Refusal) {
        let result = XLSXAppend.splice([[0: "x"]], into: Self.sheet(body, after: after), sheet: "s", after: lastRow)
        guard case .failure(let found) = result else {
            Issue.record("spliced where it should refuse")
            return
        }
        #expect(found == refusal)
    }
}
