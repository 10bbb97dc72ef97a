import Foundation

/// One worksheet part (`xl/worksheets/sheetN.xml`) → `Table`.
///
/// Tolerant where Excel is: rows and cells may omit `r` (they follow the previous one), cells
/// may come out of order, a cell whose value cannot be read becomes a warning, not an error.
enum WorksheetParser {
    struct Context {
        let file: String
        let sheet: String
        let part: String
        let sharedStrings: [String]
        let styles: DateStyles
        let date1904: Bool
        /// ``XLSXReader/progress``.
        var progress: (@Sendable (SheetProgress) -> Void)? = nil
    }

    static let maximumRow = 1_048_576
    static let maximumColumn = 16_383 // XFD

    static func parse(_ data: Data, context: Context) throws(TabularError) -> Table {
        let state = try XMLPart.parse(data, part: context.part, file: context.file) { scanner, token, s in
            s.handle(token, scanner: scanner)
        } initial: { SheetState(context: context) }
        return Table(
            source: context.file, sheet: context.sheet, rows: state.rows,
            mergedRanges: state.merged, warnings: state.warnings)
    }
}

private struct SheetState {
    let context: WorksheetParser.Context
    var rows: [Row] = []
    var merged: [CellRange] = []
    var warnings: [TableIssue] = []
    /// The row count last told to the progress observer.
    private var reported = 0

    // The row being read.
    private var inRow = false
    private var rowNumber = 0
    private var cells: [Cell] = []
    private var nextColumn = 0
    private var cellsOutOfOrder = false

    // The cell being read.
    private var inCell = false
    private var column = 0
    private var style = 0
    private var type = CellType.number
    private var hasValue = false
    private var hasFormula = false
    private var value: [UInt8] = []
    private var inlineText: [UInt8] = []
    private var capture = Capture.none
    private var phoneticDepth = 0

    private enum CellType { case number, shared, inline, formulaString, boolean, error, isoDate }
    private enum Capture { case none, value, inline }

    init(context: WorksheetParser.Context) {
        self.context = context
    }

    mutating func handle(_ token: XMLScanner.Token, scanner: XMLScanner) {
        switch token {
        case .open(let tag):
            open(tag, scanner: scanner)
        case .close(let name):
            close(name, scanner: scanner)
        case .text(let range):
            switch capture {
            case .none: break
            case .value: scanner.appendDecoded(range, to: &value)
            case .inline: if phoneticDepth == 0 { scanner.appendDecoded(range, to: &inlineText) }
            }
        case .cdata(let range):
            switch capture {
            case .none: break
            case .value: value.append(contentsOf: UnsafeBufferPointer(rebasing: scanner.bytes[range]))
            case .inline: inlineText.append(contentsOf: UnsafeBufferPointer(rebasing: scanner.bytes[range]))
            }
        case .end:
            if inCell { endCell() }
            endRow()
        }
    }

    private mutating func open(_ tag: XMLTag, scanner: XMLScanner) {
        let name = tag.localName
        if inCell {
            if scanner.name(name, is: "v") {
                if !tag.selfClosing {
                    capture = .value
                    hasValue = true
                }
            } else if scanner.name(name, is: "t") {
                // `<is><t>` or `<is><r><t>`; the `<t>` of a phonetic run is skipped.
                if !tag.selfClosing, phoneticDepth == 0 {
                    capture = .inline
                    hasValue = true
                }
            } else if scanner.name(name, is: "rPh") {
                if !tag.selfClosing { phoneticDepth += 1 }
            } else if scanner.name(name, is: "is") {
                hasValue = true
            } else if scanner.name(name, is: "f") {
                hasFormula = true
            }
            return
        }
        if scanner.name(name, is: "c") {
            beginCell(tag, scanner: scanner)
        } else if scanner.name(name, is: "row") {
            beginRow(tag, scanner: scanner)
            if tag.selfClosing { endRow() }
        } else if scanner.name(name, is: "mergeCell") {
            if let ref = scanner.attribute("ref", of: tag) {
                if let range = CellRange(ref) {
                    merged.append(range)
                } else {
                    warn("\(context.sheet)", "无法识别的合并区域“\(ref)” (bad merged range)")
                }
            }
        }
    }

    /// Tells ``Context/progress`` every ``SheetProgress/interval`` rows.
    private mutating func reportProgress(_ scanner: XMLScanner) {
        guard rows.count % SheetProgress.interval == 0, rows.count != reported, let progress = context.progress else { return }
        reported = rows.count
        progress(SheetProgress(sheet: context.sheet, rows: rows.count, bytesRead: scanner.position, totalBytes: scanner.bytes.count))
    }

    private mutating func close(_ name: Range<Int>, scanner: XMLScanner) {
        if inCell {
            if scanner.name(name, is: "v") || scanner.name(name, is: "t") {
                capture = .none
            } else if scanner.name(name, is: "rPh") {
                phoneticDepth = max(0, phoneticDepth - 1)
            } else if scanner.name(name, is: "c") {
                endCell()
            }
        } else if scanner.name(name, is: "row") {
            endRow()
            reportProgress(scanner)
        }
    }

    private mutating func beginRow(_ tag: XMLTag, scanner: XMLScanner) {
        if inRow { endRow() } // an unclosed row: close it rather than merge two rows
        var number = rowNumber + 1
        scanner.forEachAttribute(of: tag) { attribute, value in
            if scanner.name(attribute, is: "r"), let r = Self.integer(scanner, value) { number = r }
        }
        if number < 1 || number > WorksheetParser.maximumRow {
            warn("\(context.sheet)!\(number)", "行号超出范围 (row number out of range)")
            number = max(1, min(number, WorksheetParser.maximumRow))
        }
        rowNumber = number
        inRow = true
        cells.removeAll(keepingCapacity: true)
        nextColumn = 0
        cellsOutOfOrder = false
    }

    private mutating func endRow() {
        guard inRow else { return }
        inRow = false
        guard !cells.isEmpty else { return }
        if cellsOutOfOrder {
            // Sorted by column; for a column given twice the later cell wins.
            var byColumn: [Int: Cell] = [:]
            for cell in cells { byColumn[cell.column] = cell }
            cells = byColumn.keys.sorted().compactMap { byColumn[$0] }
        }
        rows.append(Row(position: .sheetRow(sheet: context.sheet, row: rowNumber), cells: cells))
    }

    private mutating func beginCell(_ tag: XMLTag, scanner: XMLScanner) {
        if !inRow {
            // A cell outside any <row>: treat it as opening the row its reference names.
            inRow = true
            rowNumber += 1
            cells.removeAll(keepingCapacity: true)
            nextColumn = 0
        }
        var col = nextColumn
        var cellType = CellType.number
        var cellStyle = 0
        scanner.forEachAttribute(of: tag) { attribute, value in
            if scanner.name(attribute, is: "r") {
                var letters = 0
                var c = 0
                for i in value {
                    let upper = scanner.bytes[i] & 0xDF
                    guard upper >= 65, upper <= 90 else { break }
                    c = c * 26 + Int(upper - 64)
                    letters += 1
                }
                if letters > 0, letters <= 3 { col = c - 1 }
            } else if scanner.name(attribute, is: "s") {
                cellStyle = Self.integer(scanner, value) ?? 0
            } else if scanner.name(attribute, is: "t") {
                if scanner.name(value, is: "s") {
                    cellType = .shared
                } else if scanner.name(value, is: "inlineStr") {
                    cellType = .inline
                } else if scanner.name(value, is: "str") {
                    cellType = .formulaString
                } else if scanner.name(value, is: "b") {
                    cellType = .boolean
                } else if scanner.name(value, is: "e") {
                    cellType = .error
                } else if scanner.name(value, is: "d") {
                    cellType = .isoDate
                }
            }
        }
        if col < nextColumn { cellsOutOfOrder = true }
        nextColumn = col + 1
        column = col
        style = cellStyle
        type = cellType
        hasValue = false
        hasFormula = false
        value.removeAll(keepingCapacity: true)
        inlineText.removeAll(keepingCapacity: true)
        capture = .none
        phoneticDepth = 0
        inCell = !tag.selfClosing // `<c r="B2" s="3"/>`: a styled empty cell, nothing to keep
    }

    private mutating func endCell() {
        inCell = false
        capture = .none
        let ref = CellRef(location: .sheet(name: context.sheet, row: rowNumber), column: column)
        guard hasValue else {
            if hasFormula {
                // Files written by scripts (openpyxl and the like) carry formulas Excel never computed.
                warn(ref.description, "公式没有计算结果，请在 Excel 中打开并保存后再导入 (formula without a cached value)")
            }
            return
        }
        guard column <= WorksheetParser.maximumColumn else {
            warn(ref.description, "列超出 XFD，已忽略 (column beyond XFD)")
            return
        }
        let cellValue: CellValue
        switch type {
        case .shared:
            let text = Self.trimmedString(value)
            guard let index = Int(text),
                  index >= 0, index < context.sharedStrings.count
            else {
                warn(ref.description, "共享字符串编号“\(text)”不存在 (shared string index out of range)")
                return
            }
            cellValue = Self.textValue(context.sharedStrings[index])
        case .inline:
            cellValue = Self.textValue(OOXMLText.unescape(String(decoding: inlineText, as: UTF8.self)))
        case .formulaString:
            cellValue = Self.textValue(OOXMLText.unescape(String(decoding: value, as: UTF8.self)))
        case .boolean:
            let text = Self.trimmedString(value)
            switch text {
            case "1", "true", "TRUE": cellValue = .boolean(true)
            case "0", "false", "FALSE": cellValue = .boolean(false)
            default:
                warn(ref.description, "无法识别的布尔值“\(text)” (bad boolean)")
                cellValue = .text(text)
            }
        case .error:
            cellValue = .error(String(decoding: value, as: UTF8.self))
        case .isoDate:
            let text = String(decoding: value, as: UTF8.self)
            cellValue = Self.isoDate(text).map(CellValue.date) ?? Self.textValue(text)
        case .number:
            let text = Self.trimmedString(value)
            if text.isEmpty { return }
            guard let number = Double(text) else {
                warn(ref.description, "数值“\(text)”无法识别，按文本保留 (bad number)")
                cellValue = .text(text)
                break
            }
            if context.styles.isDate(style: style) {
                if let date = CellDate(serial: number, date1904: context.date1904) {
                    cellValue = .date(date)
                } else {
                    warn(ref.description, "日期序号 \(text) 超出范围，按数字保留 (date serial out of range)")
                    cellValue = .number(number, text: text)
                }
            } else {
                cellValue = .number(number, text: text)
            }
        }
        if cellValue.isEmpty { return }
        cells.append(Cell(column: column, value: cellValue, ref: ref))
    }

    private mutating func warn(_ location: String, _ message: String) {
        // A broken generator can repeat one fault a million times; a few examples suffice.
        guard warnings.count < 1000 else { return }
        warnings.append(TableIssue(location: location, message: message))
    }

    private static func textValue(_ s: String) -> CellValue {
        s.isEmpty ? .empty : .text(s)
    }

    private static func trimmedString(_ bytes: [UInt8]) -> String {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0A || bytes[start] == 0x0D { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static func integer(_ scanner: XMLScanner, _ range: Range<Int>) -> Int? {
        var n = 0
        guard !range.isEmpty, range.count <= 9 else { return nil }
        for i in range {
            let b = scanner.bytes[i]
            guard b >= 48, b <= 57 else { return nil }
            n = n * 10 + Int(b - 48)
        }
        return n
    }

    /// `t="d"` cells hold ISO 8601: `2025-10-31` or `2025-10-31T14:30:00`.
    private static func isoDate(_ text: String) -> CellDate? {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard let datePart = parts.first else { return nil }
        let ymd = datePart.split(separator: "-")
        guard ymd.count == 3, let y = Int(ymd[0]), let m = Int(ymd[1]), let d = Int(ymd[2]) else { return nil }
        var seconds = 0
        if parts.count == 2 {
            let hms = parts[1].prefix { $0 != "Z" && $0 != "+" && $0 != "." }.split(separator: ":")
            let values = hms.compactMap { Int($0) }
            guard values.count == hms.count, !values.isEmpty else { return nil }
            seconds = values[0] * 3600 + (values.count > 1 ? values[1] * 60 : 0) + (values.count > 2 ? values[2] : 0)
        }
        return CellDate(year: y, month: m, day: d, secondsIntoDay: seconds)
    }
}
