import Foundation

/// All worksheets of an .xlsx file, in workbook order.
public struct Workbook: Sendable {
    /// The file name given to the reader.
    public let source: String
    /// One table per worksheet (chart sheets are left out), in the order Excel shows the tabs.
    public let sheets: [Table]
    /// Names of sheets hidden in Excel (`state="hidden"` or `"veryHidden"`).
    public let hiddenSheets: Set<String>
    /// True when the workbook counts dates from 1904 (old Mac Excel).
    public let uses1904DateSystem: Bool

    public var sheetNames: [String] { sheets.compactMap(\.sheet) }

    /// The sheet with this name.
    public func sheet(named name: String) throws(TabularError) -> Table {
        guard let table = sheets.first(where: { $0.sheet == name }) else {
            throw .sheetNotFound(file: source, sheet: name)
        }
        return table
    }
}

/// Reads .xlsx workbooks (Office Open XML spreadsheets, as Excel and WPS save them).
///
///     let book = try XLSXReader().read(contentsOf: "/srv/台账.xlsx")
///     let table = book.sheets[0]
///     table.rows[2][4]   // .date(2025-10-31) when E3 is a date-formatted serial
///
/// Values are what Excel last computed: a formula cell gives its cached result.
public struct XLSXReader: Sendable {
    /// The largest uncompressed part accepted, a guard against zip bombs (default 1 GiB).
    public var maximumPartSize: Int64

    /// Told every ``SheetProgress/interval`` rows of a worksheet's XML (nil: nothing is counted).
    public var progress: (@Sendable (SheetProgress) -> Void)?

    public init(maximumPartSize: Int64 = 1 << 30, progress: (@Sendable (SheetProgress) -> Void)? = nil) {
        self.maximumPartSize = maximumPartSize
        self.progress = progress
    }

    /// Reads a file; the workbook's `source` is the file's last path component.
    public func read(contentsOf path: String) throws(TabularError) -> Workbook {
        let (name, data) = try TabularFile.contents(of: path)
        return try read(data, name: name)
    }

    /// Reads bytes; `name` (e.g. `台账.xlsx`) is used in messages.
    public func read(_ bytes: [UInt8], name: String) throws(TabularError) -> Workbook {
        try read(Data(bytes), name: name)
    }

    /// Reads bytes; `name` (e.g. `台账.xlsx`) is used in messages.
    public func read(_ data: Data, name: String) throws(TabularError) -> Workbook {
        guard !data.isEmpty else { throw .emptyFile(file: name) }
        let package = try XLSXPackage(data: data, file: name, maximumPartSize: maximumPartSize)

        let workbookPath = try package.relationships(of: "")
            .first { $0.kind == "officeDocument" }?.target ?? "xl/workbook.xml"
        guard let workbookData = try package.part(workbookPath) else {
            throw .notXLSX(file: name, missing: workbookPath)
        }
        let workbook = try WorkbookPart.parse(workbookData, file: name, part: workbookPath)
        let rels = try package.relationships(of: workbookPath)
        let directory = XLSXPackage.split(workbookPath).directory

        let sharedStringsPath = rels.first { $0.kind == "sharedStrings" }?.target
            ?? XLSXPackage.resolve("sharedStrings.xml", against: directory)
        let sharedStrings = try package.part(sharedStringsPath).map { data throws(TabularError) in
            try SharedStrings.parse(data, file: name, part: sharedStringsPath)
        } ?? []

        let stylesPath = rels.first { $0.kind == "styles" }?.target
            ?? XLSXPackage.resolve("styles.xml", against: directory)
        let styles = try package.part(stylesPath).map { data throws(TabularError) in
            try DateStyles.parse(data, file: name, part: stylesPath)
        } ?? DateStyles()

        var tables: [Table] = []
        var hidden: Set<String> = []
        for sheet in workbook.sheets {
            let rel = rels.first { $0.id == sheet.relationshipID }
            guard let rel, rel.kind == "worksheet" else { continue } // chart and dialog sheets hold no cells
            guard let data = try package.part(rel.target) else {
                throw .notXLSX(file: name, missing: rel.target)
            }
            let context = WorksheetParser.Context(
                file: name, sheet: sheet.name, part: rel.target,
                sharedStrings: sharedStrings, styles: styles, date1904: workbook.date1904, progress: progress)
            tables.append(try WorksheetParser.parse(data, context: context))
            if sheet.hidden { hidden.insert(sheet.name) }
        }
        return Workbook(source: name, sheets: tables, hiddenSheets: hidden, uses1904DateSystem: workbook.date1904)
    }
}

/// How far the parsing of a worksheet's XML has got: rows made, and bytes of the sheet's
/// (inflated) XML read.
public struct SheetProgress: Sendable, Hashable {
    public let sheet: String
    public let rows: Int
    public let bytesRead: Int
    public let totalBytes: Int

    /// Rows between two reports.
    public static let interval = 4096
}

/// `xl/workbook.xml`: the sheet list and the date system.
struct WorkbookPart {
    struct Sheet {
        let name: String
        let relationshipID: String
        let hidden: Bool
    }

    var sheets: [Sheet] = []
    var date1904 = false

    static func parse(_ data: Data, file: String, part: String) throws(TabularError) -> WorkbookPart {
        try XMLPart.parse(data, part: part, file: file) { scanner, token, workbook in
            guard case .open(let tag) = token else { return }
            if scanner.name(tag.localName, is: "sheet") {
                guard let name = scanner.attribute("name", of: tag),
                      let id = scanner.attribute("id", of: tag)
                else { return }
                let state = scanner.attribute("state", of: tag) ?? "visible"
                workbook.sheets.append(Sheet(name: name, relationshipID: id, hidden: state != "visible"))
            } else if scanner.name(tag.localName, is: "workbookPr") {
                let value = scanner.attribute("date1904", of: tag) ?? "0"
                workbook.date1904 = value == "1" || value.lowercased() == "true"
            }
        } initial: { WorkbookPart() }
    }
}

/// `xl/sharedStrings.xml`: each `<si>` is plain `<t>` or rich-text runs `<r><t>`; phonetic
/// guides `<rPh>` are not part of the text.
enum SharedStrings {
    static func parse(_ data: Data, file: String, part: String) throws(TabularError) -> [String] {
        struct State {
            var strings: [String] = []
            var buffer: [UInt8] = []
            var inItem = false
            var inText = false
            var phoneticDepth = 0
        }
        let state = try XMLPart.parse(data, part: part, file: file) { scanner, token, s in
            switch token {
            case .open(let tag):
                if scanner.name(tag.localName, is: "si") {
                    if tag.selfClosing {
                        s.strings.append("")
                    } else {
                        s.inItem = true
                        s.buffer.removeAll(keepingCapacity: true)
                    }
                } else if scanner.name(tag.localName, is: "t") {
                    s.inText = s.inItem && s.phoneticDepth == 0 && !tag.selfClosing
                } else if scanner.name(tag.localName, is: "rPh") {
                    if !tag.selfClosing { s.phoneticDepth += 1 }
                } else if scanner.name(tag.localName, is: "sst") {
                    if let count = scanner.attribute("uniqueCount", of: tag).flatMap({ Int($0) }) {
                        s.strings.reserveCapacity(min(count, 4_000_000))
                    }
                }
            case .close(let name):
                if scanner.name(name, is: "t") {
                    s.inText = false
                } else if scanner.name(name, is: "rPh") {
                    s.phoneticDepth = max(0, s.phoneticDepth - 1)
                } else if scanner.name(name, is: "si") {
                    s.strings.append(OOXMLText.unescape(String(decoding: s.buffer, as: UTF8.self)))
                    s.inItem = false
                }
            case .text(let range):
                if s.inText { scanner.appendDecoded(range, to: &s.buffer) }
            case .cdata(let range):
                if s.inText { s.buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scanner.bytes[range])) }
            case .end:
                break
            }
        } initial: { State() }
        return state.strings
    }
}

/// OOXML escapes characters XML cannot carry (control characters, a lone CR) as `_xHHHH_`.
enum OOXMLText {
    static func unescape(_ s: String) -> String {
        guard s.utf8.count >= 7, s.contains("_x") else { return s }
        var out = ""
        var scalars = Array(s.unicodeScalars)[...]
        while let first = scalars.first {
            if first == "_", scalars.count >= 7,
               scalars[scalars.startIndex + 1] == "x",
               scalars[scalars.startIndex + 6] == "_",
               let value = UInt32(String(String.UnicodeScalarView(scalars[(scalars.startIndex + 2)..<(scalars.startIndex + 6)])), radix: 16),
               let scalar = Unicode.Scalar(value) {
                out.unicodeScalars.append(scalar)
                scalars = scalars.dropFirst(7)
            } else {
                out.unicodeScalars.append(first)
                scalars = scalars.dropFirst()
            }
        }
        return out
    }
}
