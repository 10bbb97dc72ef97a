/// Where a measure or a field came from, printed the way compilers and editors expect:
/// `ledger.toml:12`, `ledger.toml:12:9`, `台账.csv:7:3`, `台账.xlsx:整改台账!B7`.
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The file as the user named it (a path or a bare name).
    public let file: String
    /// 1-based line of a text file, or the row of a worksheet.
    public let line: Int?
    /// 1-based column (Unicode scalars in text files, column number in CSV).
    public let column: Int?
    /// The worksheet, for .xlsx sources; `line` is then its row.
    public let sheet: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, sheet: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.sheet = sheet
    }

    /// The same place, narrowed to a column.
    public func at(column: Int?) -> SourcePosition {
        SourcePosition(file: file, line: line, column: column, sheet: sheet)
    }

    public var description: String {
        if let sheet {
            guard let line else { return "\(file):\(sheet)" }
            let letters = column.map { Self.letters(for: $0 - 1) } ?? "A"
            return "\(file):\(sheet)!\(letters)\(line)"
        }
        var s = file
        if let line { s += ":\(line)" }
        if let line = line, line > 0, let column { s += ":\(column)" }
        return s
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.file, a.sheet ?? "", a.line ?? 0, a.column ?? 0) < (b.file, b.sheet ?? "", b.line ?? 0, b.column ?? 0)
    }

    /// Spreadsheet column letters for a 0-based column: 0 → A, 26 → AA.
    static func letters(for column: Int) -> String {
        var n = column + 1
        var out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }
}
