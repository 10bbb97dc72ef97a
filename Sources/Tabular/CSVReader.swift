import Foundation

/// The field separators found in CSV exports.
public enum CSVDelimiter: UInt8, Hashable, Sendable, CaseIterable {
    case comma = 0x2C
    case tab = 0x09
    case semicolon = 0x3B
}

/// Reads CSV text exported from Excel or WPS into a `Table` of text cells.
///
/// It detects the encoding (see `TextEncoding`) and the delimiter, follows RFC 4180 quoting
/// (quoted cells may hold delimiters, doubled quotes and line breaks), accepts CRLF, LF and CR,
/// and remembers the physical line every record and cell starts on.
///
///     let table = try CSVReader().read(contentsOf: "/srv/台账.csv")
///     table.rows[0].position        // .line(file: "台账.csv", line: 1)
///     table.rows[0][0]              // .text("序号")
///
/// Hand-written rather than SwiftCSV or CSV.swift: neither reports the line a record starts
/// on, which is what every message to the user needs, and CSV.swift stops at the first
/// malformed quote where we want a warning and the remaining rows.
public struct CSVReader: Sendable {
    /// Nil: detect from the first non-empty lines.
    public var delimiter: CSVDelimiter?
    /// Nil: detect (BOM, then UTF-8, then GB18030).
    public var encoding: TextEncoding?

    public init(delimiter: CSVDelimiter? = nil, encoding: TextEncoding? = nil) {
        self.delimiter = delimiter
        self.encoding = encoding
    }

    /// Reads a file; the table's `source` is the file's last path component.
    public func read(contentsOf path: String) throws(TabularError) -> Table {
        let (name, data) = try TabularFile.contents(of: path)
        return try read(data, name: name)
    }

    /// Reads bytes; `name` (e.g. `台账.csv`) is used in positions and messages.
    public func read(_ data: Data, name: String) throws(TabularError) -> Table {
        do {
            return try data.withUnsafeBytes { raw in
                try parse(raw.bindMemory(to: UInt8.self), name: name)
            }
        } catch let error as TabularError {
            throw error
        } catch {
            throw .unreadable(file: name, reason: String(describing: error))
        }
    }

    /// Reads bytes; `name` (e.g. `台账.csv`) is used in positions and messages.
    public func read(_ bytes: [UInt8], name: String) throws(TabularError) -> Table {
        do {
            return try bytes.withUnsafeBufferPointer { try parse($0, name: name) }
        } catch let error as TabularError {
            throw error
        } catch {
            throw .unreadable(file: name, reason: String(describing: error))
        }
    }

    private func parse(_ bytes: UnsafeBufferPointer<UInt8>, name: String) throws(TabularError) -> Table {
        if bytes.count >= 4, bytes[0] == 0x50, bytes[1] == 0x4B, bytes[2] == 0x03, bytes[3] == 0x04 {
            throw .spreadsheetGivenAsCSV(file: name)
        }
        if bytes.count >= 4, bytes[0] == 0xD0, bytes[1] == 0xCF, bytes[2] == 0x11, bytes[3] == 0xE0 {
            throw .spreadsheetGivenAsCSV(file: name)
        }
        let decoded = try TextDecoder.decode(bytes, as: encoding, file: name)
        let text = decoded.utf8
        guard text.contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }) else {
            throw .emptyFile(file: name)
        }
        return text.withUnsafeBufferPointer { utf8 in
            let separator = delimiter ?? CSVReader.detectDelimiter(utf8)
            var parser = CSVParser(bytes: utf8, delimiter: separator.rawValue, file: name)
            parser.run()
            return Table(source: name, sheet: nil, rows: parser.rows, warnings: parser.warnings, encoding: decoded.encoding)
        }
    }

    /// Picks the delimiter that splits the first non-empty lines most consistently:
    /// the one appearing the same number of times on the most lines, then the most often.
    /// A title row like "某某区巡察整改台账" has none and does not vote.
    static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> CSVDelimiter {
        let candidates = CSVDelimiter.allCases
        var perLine: [[Int]] = []
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var lineHasContent = false
        var i = 0
        let limit = min(bytes.count, 256 * 1024)
        func endLine() {
            if lineHasContent { perLine.append(counts) }
            counts = [Int](repeating: 0, count: candidates.count)
            lineHasContent = false
        }
        while i < limit, perLine.count < 20 {
            let b = bytes[i]
            i += 1
            if b == 0x22 {
                inQuotes.toggle()
                lineHasContent = true
                continue
            }
            if inQuotes { continue }
            if b == 0x0A || b == 0x0D {
                endLine()
                continue
            }
            if b != 0x20 { lineHasContent = true }
            if let k = candidates.firstIndex(where: { $0.rawValue == b }) { counts[k] += 1 }
        }
        if perLine.count < 20 { endLine() }

        var best = CSVDelimiter.comma
        var bestScore = (0, 0)
        for (k, candidate) in candidates.enumerated() {
            let nonzero = perLine.map { $0[k] }.filter { $0 > 0 }
            guard !nonzero.isEmpty else { continue }
            var frequency: [Int: Int] = [:]
            for n in nonzero { frequency[n, default: 0] += 1 }
            let consistent = frequency.values.max() ?? 0
            let score = (consistent, nonzero.reduce(0, +))
            if score > bestScore {
                bestScore = score
                best = candidate
            }
        }
        return best
    }
}

/// RFC 4180 as a byte state machine over UTF-8. Delimiters, quotes, CR and LF are ASCII,
/// so multi-byte characters pass through untouched.
private struct CSVParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    let file: String
    var rows: [Row] = []
    var warnings: [TableIssue] = []

    private var line = 1
    private var recordLine = 1
    private var cellLine = 1
    private var cells: [Cell] = []
    private var field: [UInt8] = []
    private var fieldWasQuoted = false

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, file: String) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.file = file
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    mutating func run() {
        let quote: UInt8 = 0x22
        let lf: UInt8 = 0x0A
        let cr: UInt8 = 0x0D
        var state = State.fieldStart
        var i = 0
        let n = bytes.count
        var strayQuoteWarned = false
        while i < n {
            let b = bytes[i]
            switch state {
            case .fieldStart:
                cellLine = line
                if b == quote {
                    state = .quoted
                    fieldWasQuoted = true
                    i += 1
                } else if b == delimiter {
                    endField()
                    i += 1
                } else if b == lf || b == cr {
                    i = consumeNewline(at: i)
                    endRecord()
                    strayQuoteWarned = false
                } else {
                    state = .unquoted
                }
            case .unquoted:
                // Copy the run up to the next special byte in one go.
                var j = i
                while j < n, bytes[j] != delimiter, bytes[j] != lf, bytes[j] != cr { j += 1 }
                field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                i = j
                state = .fieldStart
                if i < n {
                    if bytes[i] == delimiter {
                        endField()
                        i += 1
                    } else {
                        i = consumeNewline(at: i)
                        endRecord()
                        strayQuoteWarned = false
                    }
                } else {
                    state = .unquoted
                }
            case .quoted:
                var j = i
                while j < n, bytes[j] != quote, bytes[j] != lf, bytes[j] != cr { j += 1 }
                field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                i = j
                if i < n {
                    if bytes[i] == quote {
                        state = .quoteInQuoted
                        i += 1
                    } else {
                        // A line break inside a quoted cell is part of the cell; store it as LF.
                        i = consumeNewline(at: i)
                        field.append(lf)
                    }
                }
            case .quoteInQuoted:
                if b == quote {
                    field.append(quote)
                    state = .quoted
                    i += 1
                } else if b == delimiter {
                    endField()
                    state = .fieldStart
                    i += 1
                } else if b == lf || b == cr {
                    i = consumeNewline(at: i)
                    endRecord()
                    state = .fieldStart
                    strayQuoteWarned = false
                } else {
                    // `"abc"def`: Excel keeps the text after the closing quote; so do we.
                    if !strayQuoteWarned {
                        warnings.append(TableIssue(
                            location: "\(file):\(line)",
                            message: "引号后还有多余字符，已按原文保留 (characters after a closing quote)"))
                        strayQuoteWarned = true
                    }
                    state = .unquoted
                }
            }
        }
        if state == .quoted {
            warnings.append(TableIssue(
                location: "\(file):\(cellLine)",
                message: "第 \(cellLine) 行开始的引号没有结束，其后内容都并入了这一格 (unterminated quoted cell)"))
        }
        if !cells.isEmpty || !field.isEmpty || fieldWasQuoted {
            endRecord()
        }
    }

    /// Consumes CRLF, LF or CR at `i` and counts one line.
    private mutating func consumeNewline(at i: Int) -> Int {
        line += 1
        if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { return i + 2 }
        return i + 1
    }

    private mutating func endField() {
        let value: CellValue = field.isEmpty ? .empty : .text(String(decoding: field, as: UTF8.self))
        cells.append(Cell(
            column: cells.count, value: value,
            ref: CellRef(location: .csv(file: file, line: cellLine), column: cells.count)))
        field.removeAll(keepingCapacity: true)
        fieldWasQuoted = false
        cellLine = line
    }

    private mutating func endRecord() {
        endField()
        if cells.contains(where: { !$0.value.isEmpty }) {
            rows.append(Row(position: .line(file: file, line: recordLine), cells: cells))
        }
        cells.removeAll(keepingCapacity: true)
        recordLine = line
        cellLine = line
    }
}
