/// Why a file could not be read (or written) at all. Problems confined to a cell or a row
/// are not errors: they are `Table.warnings`.
///
/// The message is for the person who keeps the ledger: Chinese first, English in parentheses.
///
///     TabularError.corruptArchive(file: "台账.xlsx", detail: "missing end of central directory")
///     // 台账.xlsx: 不是有效的 Excel 文件（zip 损坏） (missing end of central directory)
public enum TabularError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The file has no content (0 bytes, or only a byte-order mark and blank lines).
    case emptyFile(file: String)
    /// A byte sequence that is not valid in the encoding; `line` is 1-based.
    case invalidEncoding(file: String, line: Int, encoding: TextEncoding)
    /// The system cannot convert from this encoding.
    case unsupportedEncoding(file: String, encoding: String)
    /// Bytes handed to the CSV reader that are really a spreadsheet.
    case spreadsheetGivenAsCSV(file: String)
    /// Not a zip archive at all (.xlsx files are zip archives).
    case notZip(file: String)
    /// An old binary .xls (Excel 97–2003) workbook.
    case legacyXLS(file: String)
    /// A zip archive that is damaged: truncated, bad checksum, unknown compression.
    case corruptArchive(file: String, detail: String)
    /// A zip archive without the parts of a workbook (e.g. a .docx, or a zip of other files).
    case notXLSX(file: String, missing: String)
    /// A workbook part whose XML cannot be read.
    case malformedXML(file: String, part: String, detail: String)
    /// A part bigger than the reader accepts (a guard against zip bombs).
    case partTooLarge(file: String, part: String, bytes: Int64)
    /// No sheet of that name.
    case sheetNotFound(file: String, sheet: String)
    /// No row among the first `searchedRows` matched enough of the expected column titles.
    case headerNotFound(table: String, searchedRows: Int, expected: [String])
    /// The writer was given something Excel would refuse (e.g. a sheet name with `/`).
    case invalidWorkbook(file: String, detail: String)
    /// The writer could not write the file.
    case writeFailed(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): 无法读取文件 (\(reason))"
        case .emptyFile(let file):
            "\(file): 文件为空 (empty file)"
        case .invalidEncoding(let file, let line, let encoding):
            "\(file):\(line): 第 \(line) 行含有无法按 \(encoding) 解码的字节，请用 UTF-8 或 GB18030 另存 (invalid \(encoding) byte sequence)"
        case .unsupportedEncoding(let file, let encoding):
            "\(file): 系统不支持 \(encoding) 编码 (iconv cannot convert from \(encoding))"
        case .spreadsheetGivenAsCSV(let file):
            "\(file): 这是 Excel 工作簿，不是 CSV 文本 (spreadsheet given to the CSV reader)"
        case .notZip(let file):
            "\(file): 不是有效的 Excel 文件（不是 .xlsx 格式） (not a zip archive)"
        case .legacyXLS(let file):
            "\(file): 是旧版 Excel 97-2003 (.xls) 文件，请在 Excel 中另存为 .xlsx (legacy .xls workbook)"
        case .corruptArchive(let file, let detail):
            "\(file): 不是有效的 Excel 文件（zip 损坏） (\(detail))"
        case .notXLSX(let file, let missing):
            "\(file): 压缩包里没有 Excel 工作簿 (zip archive is not an .xlsx: missing \(missing))"
        case .malformedXML(let file, let part, let detail):
            "\(file): 工作簿内容损坏，无法读取 \(part) (malformed XML: \(detail))"
        case .partTooLarge(let file, let part, let bytes):
            "\(file): \(part) 过大（\(bytes) 字节），拒绝读取 (part too large)"
        case .sheetNotFound(let file, let sheet):
            "\(file): 找不到工作表“\(sheet)” (no sheet named \(sheet))"
        case .headerNotFound(let table, let searchedRows, let expected):
            "\(table): 前 \(searchedRows) 行中找不到表头（应包含 \(expected.prefix(6).joined(separator: "、")) 等列） (header row not found)"
        case .invalidWorkbook(let file, let detail):
            "\(file): 无法生成工作簿 (\(detail))"
        case .writeFailed(let file, let reason):
            "\(file): 无法写入文件 (\(reason))"
        }
    }
}
