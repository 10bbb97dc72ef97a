import Foundation

/// Reads a ledger file whatever it is, by its content rather than its name: offices rename
/// exports freely (a CSV saved as `.xls`, an .xlsx without extension).
///
///     let tables = try TabularFile.read(contentsOf: "/srv/台账.xlsx")  // one table per worksheet
public enum TabularFile {
    /// All worksheets of an .xlsx, or the single table of a CSV file.
    public static func read(
        contentsOf path: String, csv: CSVReader = CSVReader(), xlsx: XLSXReader = XLSXReader()
    ) throws(TabularError) -> [Table] {
        let (name, data) = try TabularFile.contents(of: path)
        return try read(data, name: name, csv: csv, xlsx: xlsx)
    }

    /// All worksheets of an .xlsx, or the single table of CSV bytes.
    public static func read(
        _ data: Data, name: String, csv: CSVReader = CSVReader(), xlsx: XLSXReader = XLSXReader()
    ) throws(TabularError) -> [Table] {
        if looksLikeSpreadsheet(data.prefix(4)) {
            return try xlsx.read(data, name: name).sheets
        }
        return [try csv.read(data, name: name)]
    }

    /// The first bytes of an .xlsx (a ZIP archive) or an old .xls (an OLE compound file):
    /// what decides, whatever the file's name, that it is not CSV.
    public static func looksLikeSpreadsheet(_ magic: some Collection<UInt8>) -> Bool {
        magic.starts(with: [0x50, 0x4B, 0x03, 0x04]) || magic.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
    }

    /// A file's bytes (memory-mapped where safe) and its last path component, the name
    /// every position and message of the table uses.
    static func contents(of path: String) throws(TabularError) -> (name: String, data: Data) {
        let name = (path as NSString).lastPathComponent
        do {
            return (name, try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe))
        } catch {
            throw .unreadable(file: name, reason: error.localizedDescription)
        }
    }
}
