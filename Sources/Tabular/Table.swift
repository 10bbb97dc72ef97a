/// One sheet of an .xlsx workbook, or one CSV file, as rows of cells.
///
/// Rows that hold no value at all (blank lines, rows of styled empty cells) are left out;
/// every row keeps its position in the source, so messages can point at the right line.
///
///     let table = try CSVReader().read(bytes, name: "台账.csv")
///     for row in table.rows { print(row.position, row.cells.map(\.displayText)) }
public struct Table: Sendable {
    /// The file name given to the reader, e.g. `台账.xlsx`.
    public let source: String
    /// The sheet name for .xlsx; nil for CSV.
    public let sheet: String?
    public var rows: [Row]
    /// Merged ranges of the sheet (`<mergeCells>`); always empty for CSV.
    public var mergedRanges: [CellRange]
    /// Problems in single cells or rows that did not stop the rest from loading.
    public var warnings: [TableIssue]
    /// The text encoding a CSV file was decoded from; nil for .xlsx.
    public var encoding: TextEncoding?

    public init(
        source: String,
        sheet: String?,
        rows: [Row],
        mergedRanges: [CellRange] = [],
        warnings: [TableIssue] = [],
        encoding: TextEncoding? = nil
    ) {
        self.source = source
        self.sheet = sheet
        self.rows = rows
        self.mergedRanges = mergedRanges
        self.warnings = warnings
        self.encoding = encoding
    }

    /// `台账.xlsx!整改台账` or `台账.csv`, for messages about the table as a whole.
    public var name: String {
        sheet.map { "\(source)!\($0)" } ?? source
    }
}

/// Where a row comes from.
public enum RowPosition: Hashable, Sendable, CustomStringConvertible {
    /// CSV: the 1-based physical line on which the record starts (a quoted cell can span lines).
    /// Printed `台账.csv:12`.
    case line(file: String, line: Int)
    /// XLSX: the sheet and its 1-based row number. Printed `整改台账 第7行`.
    case sheetRow(sheet: String, row: Int)

    /// The line (CSV) or row number (XLSX).
    public var number: Int {
        switch self {
        case .line(_, let line): line
        case .sheetRow(_, let row): row
        }
    }

    public var description: String {
        switch self {
        case .line(let file, let line): "\(file):\(line)"
        case .sheetRow(let sheet, let row): "\(sheet) 第\(row)行"
        }
    }
}

/// A row: its position and the cells that hold something, in column order.
public struct Row: Sendable {
    public let position: RowPosition
    /// Cells in increasing column order. XLSX rows are sparse: a missing column is empty.
    public var cells: [Cell]

    public init(position: RowPosition, cells: [Cell]) {
        self.position = position
        self.cells = cells
    }

    /// The cell in a 0-based column, or nil when the row has nothing there.
    public func cell(at column: Int) -> Cell? {
        // Cells are sorted by column; CSV rows are dense so the direct index usually hits.
        if column < cells.count, cells[column].column == column { return cells[column] }
        var low = 0
        var high = cells.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let c = cells[mid].column
            if c == column { return cells[mid] }
            if c < column { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    /// The value in a 0-based column; `.empty` when the row has nothing there.
    public subscript(column: Int) -> CellValue {
        cell(at: column)?.value ?? .empty
    }

    /// One past the last column that holds a cell.
    public var width: Int { (cells.last?.column ?? -1) + 1 }

    /// True when no cell holds a value.
    public var isEmpty: Bool { cells.allSatisfy { $0.value.isEmpty } }

    /// A reference to any column of this row, present or not.
    public func ref(column: Int) -> CellRef {
        switch position {
        case .line(let file, let line): CellRef(location: .csv(file: file, line: line), column: column)
        case .sheetRow(let sheet, let row): CellRef(location: .sheet(name: sheet, row: row), column: column)
        }
    }
}

/// One cell: its 0-based column, its value, and where it is.
public struct Cell: Sendable, Hashable {
    /// 0-based column index (A = 0).
    public let column: Int
    public var value: CellValue
    /// `整改台账!B7` or `台账.csv:12 B列`; for CSV the line is the one the cell starts on.
    public let ref: CellRef

    public init(column: Int, value: CellValue, ref: CellRef) {
        self.column = column
        self.value = value
        self.ref = ref
    }

    /// The text a user would see in the cell.
    public var displayText: String { value.displayText }
}

/// A cell's place in its source, printable in messages.
///
///     CellRef(location: .sheet(name: "台账", row: 7), column: 1).description  // "台账!B7"
///     CellRef(location: .csv(file: "a.csv", line: 12), column: 2).description // "a.csv:12 C列"
public struct CellRef: Hashable, Sendable, CustomStringConvertible {
    public enum Location: Hashable, Sendable {
        case csv(file: String, line: Int)
        case sheet(name: String, row: Int)
    }

    public let location: Location
    /// 0-based column index.
    public let column: Int

    public init(location: Location, column: Int) {
        self.location = location
        self.column = column
    }

    /// The A1-style address: `B7`. For CSV the row part is the physical line.
    public var a1: String {
        switch location {
        case .csv(_, let line): ColumnName.letters(for: column) + String(line)
        case .sheet(_, let row): ColumnName.letters(for: column) + String(row)
        }
    }

    public var description: String {
        switch location {
        case .csv(let file, let line): "\(file):\(line) \(ColumnName.letters(for: column))列"
        case .sheet(let name, _): "\(name)!\(a1)"
        }
    }
}

/// A rectangular block of cells in one sheet, e.g. a merged range `A3:A5`.
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
    /// 1-based rows, 0-based columns, inclusive.
    public let firstRow: Int
    public let firstColumn: Int
    public let lastRow: Int
    public let lastColumn: Int

    public init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        self.firstRow = min(firstRow, lastRow)
        self.lastRow = max(firstRow, lastRow)
        self.firstColumn = min(firstColumn, lastColumn)
        self.lastColumn = max(firstColumn, lastColumn)
    }

    /// Parses `A3:C5` or a single cell `B2` (`$` anchors are ignored).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
              let first = ColumnName.parseAddress(parts[0]),
              let last = ColumnName.parseAddress(parts[parts.count - 1])
        else { return nil }
        self.init(firstRow: first.row, firstColumn: first.column, lastRow: last.row, lastColumn: last.column)
    }

    public func contains(row: Int, column: Int) -> Bool {
        (firstRow...lastRow).contains(row) && (firstColumn...lastColumn).contains(column)
    }

    public var description: String {
        let first = ColumnName.letters(for: firstColumn) + String(firstRow)
        let last = ColumnName.letters(for: lastColumn) + String(lastRow)
        return first == last ? first : "\(first):\(last)"
    }
}

/// A problem confined to one cell or row; the rest of the table loaded.
public struct TableIssue: Hashable, Sendable, CustomStringConvertible {
    /// `台账.csv:12` or `台账!B7`.
    public let location: String
    /// What is wrong, in Chinese with English in parentheses.
    public let message: String

    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

/// Spreadsheet column letters: 0 ↔ `A`, 25 ↔ `Z`, 26 ↔ `AA`, 16383 ↔ `XFD`.
public enum ColumnName {
    /// `A`…`XFD` for a 0-based column.
    public static func letters(for column: Int) -> String {
        var n = column + 1
        guard n > 0 else { return "?" }
        var scalars: [UInt8] = []
        while n > 0 {
            let rem = (n - 1) % 26
            scalars.append(UInt8(65 + rem))
            n = (n - 1) / 26
        }
        return String(decoding: scalars.reversed(), as: UTF8.self)
    }

    /// The 0-based column for letters such as `AB` (case-insensitive); nil when not letters.
    public static func column(for letters: some StringProtocol) -> Int? {
        var n = 0
        var count = 0
        for byte in letters.utf8 {
            let upper = byte & 0xDF
            guard upper >= 65, upper <= 90 else { return nil }
            n = n * 26 + Int(upper - 64)
            count += 1
            guard count <= 7 else { return nil }
        }
        return count == 0 ? nil : n - 1
    }

    /// `$B$7` or `B7` → (row 7, column 1).
    static func parseAddress(_ text: some StringProtocol) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "$") { continue }
            let upper = byte & 0xDF
            if digits == 0, upper >= 65, upper <= 90 {
                column = column * 26 + Int(upper - 64)
                letters += 1
                if letters > 7 { return nil }
            } else if byte >= 48, byte <= 57, letters > 0 {
                row = row * 10 + Int(byte - 48)
                digits += 1
                if digits > 9 { return nil }
            } else {
                return nil
            }
        }
        guard letters > 0, digits > 0, row > 0 else { return nil }
        return (row, column - 1)
    }
}
