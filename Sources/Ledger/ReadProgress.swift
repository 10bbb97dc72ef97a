/// How far a ledger's reading has got, for a command that shows progress on a terminal.
///
/// A reader reports at the start of a file and then every ``interval`` rows, so that an
/// observer costs a large ledger a counter and a test per row, never a clock reading:
///
///     var reader = LedgerReader()
///     reader.progress = { p in print("\(p.path): \(p.rows) rows") }
public struct ReadProgress: Sendable, Hashable {
    /// The file being read.
    public let path: String
    /// Rows read so far (0 at the start of the file).
    public let rows: Int
    /// Rows of the sheet, when known (an .xlsx sheet once parsed; not a CSV file read in pieces).
    public let totalRows: Int?
    /// Bytes read so far and the file's size, for a CSV file; for an .xlsx sheet being parsed,
    /// those of the sheet's XML.
    public let bytesRead: Int?
    public let totalBytes: Int?
    /// The .xlsx sheet whose XML is being parsed (before its rows are read as measures).
    public let parsingSheet: String?

    public init(path: String, rows: Int, totalRows: Int? = nil, bytesRead: Int? = nil, totalBytes: Int? = nil,
                parsingSheet: String? = nil) {
        self.path = path
        self.rows = rows
        self.totalRows = totalRows
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.parsingSheet = parsingSheet
    }

    /// Rows between two reports.
    public static let interval = 4096
}
