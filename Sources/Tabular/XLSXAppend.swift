import Foundation

/// Appends rows below the last row of one worksheet of an existing .xlsx, keeping every other
/// part of the package as it was: the other sheets, the styles, column widths, merged cells,
/// shared strings, drawings, defined names. What `xianqi import` does to a ledger an office
/// keeps in Excel, so that a re-import never costs it its formatting.
///
/// Hand-written (over ZIPFoundation and this module's XML scanner) because no mirrored package
/// edits a worksheet in place: the change is a splice of `<row>` elements before
/// `</sheetData>` and a new `<dimension>`, and anything more (an Excel table's range, rows
/// below to move) is refused so that the caller writes a new file instead.
///
///     let result = try XLSXAppend.appending(rows: [[0: "GX-9", 3: "建立台账"]], toSheet: "整改台账",
///                                           after: 12, in: data, name: "台账.xlsx")
///     if case .success(let patched) = result { write(patched) }
public enum XLSXAppend {
    /// Why rows cannot be appended safely.
    public enum Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        /// The sheet holds an Excel table (`<tableParts>`), whose range would not take the new rows.
        case excelTable(sheet: String)
        /// Rows below the last one the caller knows of (a footer, notes): new rows would go below them.
        case rowsBelow(sheet: String, row: Int)
        /// A merged range reaches below the last row.
        case mergedBelow(sheet: String, range: String)
        /// No `<sheetData>` as this writer understands it (a namespace prefix, say).
        case unrecognisedSheet(sheet: String)
        case sheetNotFound(sheet: String)

        public var description: String {
            switch self {
            case .excelTable(let sheet):
                "工作表“\(sheet)”含 Excel 表格（套用表格格式），追加行会在表格之外 (the sheet holds an Excel table)"
            case .rowsBelow(let sheet, let row):
                "工作表“\(sheet)”第 \(row) 行在台账之下还有内容 (the sheet has content below the ledger, row \(row))"
            case .mergedBelow(let sheet, let range):
                "工作表“\(sheet)”的合并单元格 \(range) 伸到台账之下 (a merged range reaches below the ledger)"
            case .unrecognisedSheet(let sheet):
                "工作表“\(sheet)”的结构无法就地修改 (the sheet's XML cannot be edited in place)"
            case .sheetNotFound(let sheet):
                "没有工作表“\(sheet)” (no such sheet)"
            }
        }
    }

    /// The workbook with `rows` appended below row `lastRow` (1-based) of `sheet`. Each row maps
    /// 0-based columns to text, written as inline strings; a new cell takes the style (`s=`) of
    /// the cell in its column in row `lastRow`, so new rows look like the one above.
    public static func appending(rows: [[Int: String]], toSheet sheet: String, after lastRow: Int,
                                 in data: Data, name: String) throws(TabularError) -> Result<Data, Refusal> {
        let package = try XLSXPackage(data: data, file: name, maximumPartSize: 1 << 30)
        let workbookPath = try package.relationships(of: "").first { $0.kind == "officeDocument" }?.target ?? "xl/workbook.xml"
        guard let workbookData = try package.part(workbookPath) else { throw .notXLSX(file: name, missing: workbookPath) }
        let workbook = try WorkbookPart.parse(workbookData, file: name, part: workbookPath)
        let rels = try package.relationships(of: workbookPath)
        guard let entry = workbook.sheets.first(where: { $0.name == sheet }),
              let rel = rels.first(where: { $0.id == entry.relationshipID && $0.kind == "worksheet" })
        else { return .failure(.sheetNotFound(sheet: sheet)) }
        guard let part = try package.part(rel.target) else { throw .notXLSX(file: name, missing: rel.target) }
        switch splice(rows, into: [UInt8](part), sheet: sheet, after: lastRow) {
        case .success(let xml):
            return .success(try package.rebuilt(replacing: rel.target, with: Data(xml)))
        case .failure(let refusal):
            return .failure(refusal)
        }
    }

    /// The worksheet XML with the rows spliced in, or why not.
    static func splice(_ rows: [[Int: String]], into xml: [UInt8], sheet: String, after lastRow: Int) -> Result<[UInt8], Refusal> {
        if find("<tablePart ", in: xml) != nil || find("<tablePart>", in: xml) != nil {
            return .failure(.excelTable(sheet: sheet))
        }
        guard let close = find("</sheetData>", in: xml) ?? find("<sheetData/>", in: xml) else {
            return .failure(.unrecognisedSheet(sheet: sheet))
        }
        // Every row element, with its number; its cells' styles for the row above the new ones.
        var styles: [Int: String] = [:]
        var searchFrom = 0
        while let start = find("<row", in: xml, from: searchFrom), start < close {
            let tagEnd = xml[start...].firstIndex(of: UInt8(ascii: ">")) ?? xml.count
            searchFrom = tagEnd
            let next = xml[start + 4]
            guard next == UInt8(ascii: " ") || next == UInt8(ascii: ">") || next == UInt8(ascii: "/") else { continue }
            guard let number = attribute("r", in: xml[start..<tagEnd]).flatMap({ Int($0) }) else { continue }
            if number > lastRow { return .failure(.rowsBelow(sheet: sheet, row: number)) }
            guard number == lastRow, xml[tagEnd - 1] != UInt8(ascii: "/") else { continue }
            let rowEnd = find("</row>", in: xml, from: tagEnd) ?? close
            var cellFrom = tagEnd
            while let c = find("<c ", in: xml, from: cellFrom), c < rowEnd {
                let cEnd = xml[c...].firstIndex(of: UInt8(ascii: ">")) ?? rowEnd
                cellFrom = cEnd
                guard let ref = attribute("r", in: xml[c..<cEnd]),
                      let column = ColumnName.column(for: ref.prefix { $0.isLetter }) else { continue }
                if let s = attribute("s", in: xml[c..<cEnd]) { styles[column] = s }
            }
        }
        var mergeFrom = 0
        while let m = find("<mergeCell ", in: xml, from: mergeFrom) {
            let mEnd = xml[m...].firstIndex(of: UInt8(ascii: ">")) ?? xml.count
            mergeFrom = mEnd
            guard let ref = attribute("ref", in: xml[m..<mEnd]) else { continue }
            let lastOfRange = ref.split(separator: ":").last.map { Int($0.drop { $0.isLetter }) ?? 0 } ?? 0
            if lastOfRange > lastRow { return .failure(.mergedBelow(sheet: sheet, range: ref)) }
        }

        var added = XMLBuffer()
        var widest = -1
        for (k, cells) in rows.enumerated() {
            let number = lastRow + 1 + k
            added.raw("<row r=\"\(number)\">")
            for column in cells.keys.sorted() {
                guard let text = cells[column], !text.isEmpty else { continue }
                widest = max(widest, column)
                added.raw("<c r=\"\(ColumnName.letters(for: column))\(number)\"")
                if let s = styles[column] { added.raw(" s=\"\(s)\"") }
                added.raw(" t=\"inlineStr\"><is>")
                added.textElement(text)
                added.raw("</is></c>")
            }
            added.raw("</row>")
        }
        var out = Array(xml[..<close])
        if xml[close...].starts(with: Array("<sheetData/>".utf8)) {
            out += Array("<sheetData>".utf8) + added.bytes + Array("</sheetData>".utf8)
            out += xml[(close + "<sheetData/>".utf8.count)...]
        } else {
            out += added.bytes
            out += xml[close...]
        }
        return .success(withDimension(out, lastRow: lastRow + rows.count, widest: widest))
    }

    /// `<dimension ref="A1:M12"/>` made to reach the new last row (and column).
    private static func withDimension(_ xml: [UInt8], lastRow: Int, widest: Int) -> [UInt8] {
        guard let d = find("<dimension ", in: xml) else { return xml }
        let end = xml[d...].firstIndex(of: UInt8(ascii: ">")) ?? xml.count
        guard let ref = attribute("ref", in: xml[d..<end]) else { return xml }
        let corners = ref.split(separator: ":")
        let first = corners.first.map(String.init) ?? "A1"
        let last = corners.last.map(String.init) ?? first
        let lastColumn = max(ColumnName.column(for: last.prefix { $0.isLetter }) ?? 0, widest)
        let lastExisting = Int(last.drop { $0.isLetter }) ?? 0
        let newRef = "\(first):\(ColumnName.letters(for: lastColumn))\(max(lastRow, lastExisting))"
        return Array(xml[..<d]) + Array("<dimension ref=\"\(newRef)\"/".utf8) + xml[end...]
    }

    /// The value of `name="…"` in a start tag (entity-free values only: numbers, cell refs).
    private static func attribute(_ name: String, in tag: ArraySlice<UInt8>) -> String? {
        let key = Array(" \(name)=\"".utf8)
        guard let at = find(key, in: Array(tag)) else { return nil }
        let valueStart = tag.startIndex + at + key.count
        guard let valueEnd = tag[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: tag[valueStart..<valueEnd], as: UTF8.self)
    }

    private static func find(_ needle: String, in haystack: [UInt8], from start: Int = 0) -> Int? {
        find(Array(needle.utf8), in: haystack, from: start)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var i = start
        while i <= haystack.count - needle.count {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
