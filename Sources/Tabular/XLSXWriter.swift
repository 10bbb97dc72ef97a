import Foundation
import ZIPFoundation

/// Writes small, valid .xlsx workbooks: sample ledgers, test fixtures, benchmark files.
/// Not a general spreadsheet writer: no fonts, widths or formulas that Excel recomputes —
/// a formula is written with the cached result a reader will see.
///
///     let sheet = XLSXWriter.Sheet(name: "整改台账", rows: [
///         [.text("序号"), .text("整改措施"), .text("完成时限")],
///         [.number(1), .text("建立台账"), .date(CellDate(year: 2025, month: 10, day: 31)!)],
///     ])
///     try XLSXWriter().write([sheet], to: "/tmp/台账.xlsx")
public struct XLSXWriter: Sendable {
    public indirect enum Value: Hashable, Sendable {
        case empty
        case text(String)
        case number(Double)
        /// Written as a serial number with a date style.
        case date(CellDate)
        case boolean(Bool)
        /// An error value such as `#N/A`.
        case error(String)
        /// A formula and the result Excel would have cached for it.
        case formula(String, cached: Value)
    }

    public struct Sheet: Hashable, Sendable {
        public var name: String
        /// Rows from row 1, cells from column A; `.empty` cells are not written and rows of
        /// only `.empty` leave a gap (the next row keeps its number).
        public var rows: [[Value]]
        public var mergedRanges: [CellRange]

        public init(name: String, rows: [[Value]], mergedRanges: [CellRange] = []) {
            self.name = name
            self.rows = rows
            self.mergedRanges = mergedRanges
        }
    }

    public enum StringStorage: Hashable, Sendable {
        /// `t="s"` cells indexing `sharedStrings.xml`, as Excel writes.
        case shared
        /// `t="inlineStr"` cells, as many generators write.
        case inline
    }

    public var stringStorage: StringStorage
    public var uses1904DateSystem: Bool
    /// The number format of date cells: nil for built-in format 14 (short date),
    /// or a custom code such as `yyyy"年"m"月"d"日"`.
    public var dateFormatCode: String?

    public init(stringStorage: StringStorage = .shared, uses1904DateSystem: Bool = false, dateFormatCode: String? = nil) {
        self.stringStorage = stringStorage
        self.uses1904DateSystem = uses1904DateSystem
        self.dateFormatCode = dateFormatCode
    }

    /// Writes the workbook to `path`, replacing any file there.
    public func write(_ sheets: [Sheet], to path: String) throws(TabularError) {
        let name = (path as NSString).lastPathComponent
        let bytes = try data(for: sheets, name: name)
        do {
            try bytes.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .writeFailed(file: name, reason: error.localizedDescription)
        }
    }

    /// The .xlsx file as bytes; `name` is only for messages.
    public func data(for sheets: [Sheet], name: String = "workbook.xlsx") throws(TabularError) -> Data {
        try validate(sheets, name: name)
        var strings = SharedStringTable()
        var parts: [(path: String, bytes: [UInt8])] = []
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", worksheet(sheet, strings: &strings)))
        }
        let hasSharedStrings = stringStorage == .shared && !strings.list.isEmpty
        parts.append(("[Content_Types].xml", contentTypes(sheetCount: sheets.count, sharedStrings: hasSharedStrings)))
        parts.append(("_rels/.rels", Array(Self.rootRels.utf8)))
        parts.append(("xl/workbook.xml", workbook(sheets)))
        parts.append(("xl/_rels/workbook.xml.rels", workbookRels(sheetCount: sheets.count, sharedStrings: hasSharedStrings)))
        parts.append(("xl/styles.xml", Array(styles().utf8)))
        if hasSharedStrings { parts.append(("xl/sharedStrings.xml", strings.xml())) }
        // Content types first, as Excel writes them; some readers sniff the first entry.
        parts.sort { ($0.path == "[Content_Types].xml" ? 0 : 1) < ($1.path == "[Content_Types].xml" ? 0 : 1) }
        return try zip(parts, name: name)
    }

    // MARK: Parts

    private func validate(_ sheets: [Sheet], name: String) throws(TabularError) {
        guard !sheets.isEmpty else { throw .invalidWorkbook(file: name, detail: "a workbook needs at least one sheet") }
        var seen: Set<String> = []
        for sheet in sheets {
            let forbidden: Set<Character> = [":", "\\", "/", "?", "*", "[", "]"]
            guard !sheet.name.isEmpty, sheet.name.count <= 31, !sheet.name.contains(where: forbidden.contains),
                  !sheet.name.hasPrefix("'"), !sheet.name.hasSuffix("'")
            else { throw .invalidWorkbook(file: name, detail: "sheet name “\(sheet.name)” is not allowed by Excel") }
            guard seen.insert(sheet.name.lowercased()).inserted else {
                throw .invalidWorkbook(file: name, detail: "duplicate sheet name “\(sheet.name)”")
            }
            guard sheet.rows.count <= WorksheetParser.maximumRow,
                  sheet.rows.allSatisfy({ $0.count <= WorksheetParser.maximumColumn + 1 })
            else { throw .invalidWorkbook(file: name, detail: "sheet “\(sheet.name)” exceeds 1048576 rows or 16384 columns") }
        }
    }

    private func worksheet(_ sheet: Sheet, strings: inout SharedStringTable) -> [UInt8] {
        var x = XMLBuffer()
        x.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n")
        x.raw(#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#)
        x.raw("<sheetData>")
        for (r, row) in sheet.rows.enumerated() where row.contains(where: { $0 != .empty }) {
            let rowNumber = String(r + 1)
            x.raw("<row r=\""); x.raw(rowNumber); x.raw("\">")
            for (c, value) in row.enumerated() where value != .empty {
                cell(value, ref: ColumnName.letters(for: c) + rowNumber, into: &x, strings: &strings)
            }
            x.raw("</row>")
        }
        x.raw("</sheetData>")
        if !sheet.mergedRanges.isEmpty {
            x.raw("<mergeCells count=\"\(sheet.mergedRanges.count)\">")
            for range in sheet.mergedRanges { x.raw("<mergeCell ref=\"\(range)\"/>") }
            x.raw("</mergeCells>")
        }
        x.raw("</worksheet>")
        return x.bytes
    }

    private func cell(_ value: Value, ref: String, into x: inout XMLBuffer, strings: inout SharedStringTable) {
        x.raw("<c r=\""); x.raw(ref); x.raw("\"")
        switch value {
        case .empty:
            x.raw("/>")
        case .text(let s):
            if stringStorage == .shared {
                x.raw(" t=\"s\"><v>"); x.raw(String(strings.index(of: s))); x.raw("</v></c>")
            } else {
                x.raw(" t=\"inlineStr\"><is>"); x.textElement(s); x.raw("</is></c>")
            }
        case .number(let n):
            if n.isFinite {
                x.raw("><v>"); x.raw(Self.numberText(n)); x.raw("</v></c>")
            } else {
                x.raw(" t=\"e\"><v>#NUM!</v></c>")
            }
        case .date(let d):
            x.raw(" s=\"\(d.secondsIntoDay == 0 ? 1 : 2)\"><v>")
            x.raw(Self.numberText(d.serial(date1904: uses1904DateSystem)))
            x.raw("</v></c>")
        case .boolean(let b):
            x.raw(" t=\"b\"><v>\(b ? 1 : 0)</v></c>")
        case .error(let e):
            x.raw(" t=\"e\"><v>"); x.text(e); x.raw("</v></c>")
        case .formula(let formula, let cached):
            let (typeAttribute, style, cachedText): (String, String, String?) = switch cached {
            case .text(let s): (" t=\"str\"", "", s)
            case .number(let n): ("", "", Self.numberText(n))
            case .date(let d): ("", " s=\"\(d.secondsIntoDay == 0 ? 1 : 2)\"", Self.numberText(d.serial(date1904: uses1904DateSystem)))
            case .boolean(let b): (" t=\"b\"", "", b ? "1" : "0")
            case .error(let e): (" t=\"e\"", "", e)
            case .empty, .formula: ("", "", nil)
            }
            x.raw(style); x.raw(typeAttribute); x.raw("><f>"); x.text(formula); x.raw("</f>")
            if let cachedText { x.raw("<v>"); x.text(cachedText); x.raw("</v>") }
            x.raw("</c>")
        }
    }

    private static func numberText(_ n: Double) -> String {
        if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        return String(n)
    }

    private func contentTypes(sheetCount: Int, sharedStrings: Bool) -> [UInt8] {
        var s = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        s += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        s += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        s += #"<Default Extension="xml" ContentType="application/xml"/>"#
        s += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for i in 1...sheetCount {
            s += #"<Override PartName="/xl/worksheets/sheet\#(i).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        s += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        if sharedStrings {
            s += #"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
        }
        s += "</Types>"
        return Array(s.utf8)
    }

    private static let rootRels = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    private func workbook(_ sheets: [Sheet]) -> [UInt8] {
        var x = XMLBuffer()
        x.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n")
        x.raw(#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#)
        if uses1904DateSystem { x.raw(#"<workbookPr date1904="1"/>"#) }
        x.raw("<sheets>")
        for (i, sheet) in sheets.enumerated() {
            x.raw("<sheet name=\""); x.text(sheet.name, attribute: true)
            x.raw("\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>")
        }
        x.raw("</sheets></workbook>")
        return x.bytes
    }

    private func workbookRels(sheetCount: Int, sharedStrings: Bool) -> [UInt8] {
        let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var s = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        s += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for i in 1...sheetCount {
            s += #"<Relationship Id="rId\#(i)" Type="\#(base)/worksheet" Target="worksheets/sheet\#(i).xml"/>"#
        }
        s += #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(base)/styles" Target="styles.xml"/>"#
        if sharedStrings {
            s += #"<Relationship Id="rId\#(sheetCount + 2)" Type="\#(base)/sharedStrings" Target="sharedStrings.xml"/>"#
        }
        s += "</Relationships>"
        return Array(s.utf8)
    }

    /// Style 0 general, 1 date, 2 date and time.
    private func styles() -> String {
        var numFmts = ""
        var dateFormatID = 14
        if let code = dateFormatCode {
            var x = XMLBuffer()
            x.text(code, attribute: true)
            numFmts = #"<numFmts count="1"><numFmt numFmtId="164" formatCode="\#(String(decoding: x.bytes, as: UTF8.self))"/></numFmts>"#
            dateFormatID = 164
        }
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
            + numFmts
            + #"<fonts count="1"><font><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>"#
            + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
            + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
            + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
            + #"<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
            + #"<xf numFmtId="\#(dateFormatID)" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
            + #"<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>"#
            + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
            + "</styleSheet>"
    }

    private func zip(_ parts: [(path: String, bytes: [UInt8])], name: String) throws(TabularError) -> Data {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for part in parts {
                let data = Data(part.bytes)
                try archive.addEntry(
                    with: part.path, type: .file, uncompressedSize: Int64(data.count),
                    modificationDate: Date(timeIntervalSince1970: 1_735_689_600), // fixed: same input, same bytes
                    compressionMethod: .deflate, bufferSize: 256 * 1024
                ) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            guard let bytes = archive.data else { throw Archive.ArchiveError.unwritableArchive }
            return bytes
        } catch {
            throw .writeFailed(file: name, reason: String(describing: error))
        }
    }
}

/// Shared strings in first-use order.
private struct SharedStringTable {
    var list: [String] = []
    var indexes: [String: Int] = [:]
    var references = 0

    mutating func index(of s: String) -> Int {
        references += 1
        if let i = indexes[s] { return i }
        list.append(s)
        indexes[s] = list.count - 1
        return list.count - 1
    }

    func xml() -> [UInt8] {
        var x = XMLBuffer()
        x.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n")
        x.raw(#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\#(references)" uniqueCount="\#(list.count)">"#)
        for s in list {
            x.raw("<si>"); x.textElement(s); x.raw("</si>")
        }
        x.raw("</sst>")
        return x.bytes
    }
}

/// UTF-8 output with XML and OOXML escaping.
struct XMLBuffer {
    var bytes: [UInt8] = []

    mutating func raw(_ s: String) {
        bytes.append(contentsOf: s.utf8)
    }

    /// `<t>` with `xml:space="preserve"` when spaces at either end would otherwise be lost.
    mutating func textElement(_ s: String) {
        let needsPreserve = s.first.map { $0.isWhitespace } == true || s.last.map { $0.isWhitespace } == true
        raw(needsPreserve ? #"<t xml:space="preserve">"# : "<t>")
        text(s)
        raw("</t>")
    }

    /// Escapes markup characters; characters XML 1.0 cannot carry become OOXML `_xHHHH_`,
    /// and an `_x` that would read as such an escape has its underscore escaped.
    mutating func text(_ s: String, attribute: Bool = false) {
        let utf8 = Array(s.utf8)
        var i = 0
        while i < utf8.count {
            let b = utf8[i]
            switch b {
            case UInt8(ascii: "&"): raw("&amp;")
            case UInt8(ascii: "<"): raw("&lt;")
            case UInt8(ascii: ">"): raw("&gt;")
            case UInt8(ascii: "\"") where attribute: raw("&quot;")
            case 0x0A where attribute: raw("&#10;")
            case 0x0D: raw("_x000D_")
            case 0x09, 0x0A: bytes.append(b)
            case 0x00..<0x20: raw("_x00" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true) + "_")
            case UInt8(ascii: "_") where Self.looksLikeEscape(utf8, at: i): raw("_x005F_")
            default: bytes.append(b)
            }
            i += 1
        }
    }

    private static func looksLikeEscape(_ u: [UInt8], at i: Int) -> Bool {
        guard i + 6 < u.count, u[i + 1] == UInt8(ascii: "x"), u[i + 6] == UInt8(ascii: "_") else { return false }
        return u[(i + 2)...(i + 5)].allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }
    }
}
