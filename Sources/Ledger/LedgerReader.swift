import ChineseDates
import Foundation
import Tabular

/// Reads a ledger file in any of the formats offices keep: TOML or YAML (by extension),
/// .xlsx or CSV (by content: offices rename exports freely).
///
///     let ledger = try LedgerReader(reference: CivilDate("2024-11-21")).read(contentsOf: "Config/ledgers/hefei.csv")
///     ledger.measures.count
///     ledger.issues.filter { $0.severity == .error }   // rows with problems, each with file:line
public struct LedgerReader: Sendable {
    /// What relative dates ("年底前") are read against when the file states no date of its own.
    public var reference: CivilDate?
    /// False: warnings about single rows and cells are not made, only errors (for commands that
    /// count errors and never show warnings; `check` keeps them).
    public var keepsWarnings: Bool
    /// Told at the start of each file and every ``ReadProgress/interval`` rows of a sheet or
    /// CSV file (nil: nothing is counted).
    public var progress: (@Sendable (ReadProgress) -> Void)?

    public init(reference: CivilDate? = nil, keepsWarnings: Bool = true, progress: (@Sendable (ReadProgress) -> Void)? = nil) {
        self.reference = reference
        self.keepsWarnings = keepsWarnings
        self.progress = progress
    }

    /// The format a path is read as: TOML and YAML by extension, anything else as a spreadsheet.
    public static func format(ofPath path: String, data: Data? = nil) -> Ledger.Format {
        switch (path as NSString).pathExtension.lowercased() {
        case "toml": return .toml
        case "yaml", "yml": return .yaml
        case "xlsx", "xlsm": return .xlsx
        default:
            if let data, data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .xlsx }
            return .csv
        }
    }

    public func read(contentsOf path: String) throws(LedgerReadError) -> Ledger {
        progress?(ReadProgress(path: path, rows: 0))
        // A CSV file (by name and first bytes) is read in pieces, never held whole.
        if Self.format(ofPath: path) == .csv, let magic = Self.firstBytes(of: path, count: 4),
           !TabularFile.looksLikeSpreadsheet(magic) {
            let rows: CSVRows
            do {
                rows = try CSVReader().rows(contentsOfFile: path, name: path)
            } catch {
                throw LedgerReadError(file: path, reason: error.description.hasPrefix(path + ": ")
                    ? String(error.description.dropFirst(path.count + 2)) : error.description)
            }
            return try TableLedgerReader(path: path, reference: reference, keepsWarnings: keepsWarnings, progress: progress)
                .read(sources: [.csv(rows)], format: .csv)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason = !exists ? "文件不存在 (no such file)"
                : isDirectory.boolValue ? "是目录，不是文件 (is a directory)" : "无法读取 (\((error as NSError).localizedDescription))"
            throw LedgerReadError(file: path, reason: reason)
        }
        return try read(data, path: path)
    }

    /// Reads bytes; `path` names the file in messages and decides TOML/YAML by extension.
    public func read(_ data: Data, path: String) throws(LedgerReadError) -> Ledger {
        let format = Self.format(ofPath: path, data: data)
        switch format {
        case .toml, .yaml:
            let text = try Self.utf8Text(data, path: path)
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw LedgerReadError(file: path, reason: "文件为空 (empty file)")
            }
            let tree = format == .toml ? try TOMLTree.parse(text, file: path) : try YAMLTree.parse(text, file: path)
            return try DocumentLedgerReader(path: path, format: format, defaultReference: reference, keepsWarnings: keepsWarnings).read(tree)
        case .csv, .xlsx:
            let isXLSX = TabularFile.looksLikeSpreadsheet(data.prefix(4))
            let sources: [TableLedgerReader.Source]
            do {
                let xlsx = XLSXReader(progress: progress.map { report in
                    { @Sendable sheet in
                        report(ReadProgress(path: path, rows: sheet.rows, bytesRead: sheet.bytesRead, totalBytes: sheet.totalBytes,
                                            parsingSheet: sheet.sheet))
                    }
                })
                sources = isXLSX ? try TabularFile.read(data, name: path, xlsx: xlsx).map(TableLedgerReader.Source.table)
                    : [.csv(try CSVReader().rows(data, name: path))]
            } catch {
                throw LedgerReadError(file: path, reason: error.description.hasPrefix(path + ": ")
                    ? String(error.description.dropFirst(path.count + 2)) : error.description)
            }
            return try TableLedgerReader(path: path, reference: reference, keepsWarnings: keepsWarnings, progress: progress)
                .read(sources: sources, format: isXLSX ? .xlsx : .csv)
        }
    }

    /// The first bytes of a regular file; nil when it cannot be opened (the caller then says why).
    private static func firstBytes(of path: String, count: Int) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return (try? handle.read(upToCount: count)).map { [UInt8]($0) } ?? []
    }

    private static func utf8Text(_ data: Data, path: String) throws(LedgerReadError) -> String {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var line = 1
        var valid = bytes.startIndex
        // Find the line of the first bad byte by decoding growing prefixes line by line.
        for (i, b) in zip(bytes.indices, bytes) where b == 0x0A {
            if String(validating: bytes[valid...i], as: UTF8.self) == nil { break }
            valid = bytes.index(after: i)
            line += 1
        }
        throw LedgerReadError(file: path, line: line,
                              reason: "不是有效的 UTF-8 文本 (invalid UTF-8); TOML/YAML 台账须为 UTF-8，可用 iconv -f GB18030 -t UTF-8 转换")
    }
}
