import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
        var stream = try rows(bytes, name: name)
        var rows: [Row] = []
        while let row = stream.next() { rows.append(row) }
        return Table(source: name, sheet: nil, rows: rows, warnings: stream.warnings, encoding: stream.encoding)
    }

    /// The records of CSV bytes one at a time, for tables too large to hold as rows of cells:
    /// UTF-8 is read where it lies (a mapped file stays the page cache), other encodings are
    /// converted once into one UTF-8 buffer, and each ``CSVRows/next()`` makes only the cells
    /// of one record.
    ///
    ///     var rows = try CSVReader().rows(data, name: "台账.csv")
    ///     while let row = rows.next() { … }
    public func rows(_ data: Data, name: String) throws(TabularError) -> CSVRows {
        let decoded: TextDecoder.Decoded
        let separator: CSVDelimiter
        do {
            (decoded, separator) = try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                let decoded = try decode(bytes, name: name)
                let separator = decoded.converted.map { text in text.withUnsafeBufferPointer { delimiter ?? CSVReader.detectDelimiter($0) } }
                    ?? delimiter ?? CSVReader.detectDelimiter(UnsafeBufferPointer(rebasing: bytes[decoded.offset...]))
                return (decoded, separator)
            }
        } catch let error as TabularError {
            throw error
        } catch {
            throw .unreadable(file: name, reason: String(describing: error))
        }
        let text = decoded.converted.map { Data($0) } ?? data
        let start = decoded.converted == nil ? decoded.offset : 0
        return CSVRows(parser: CSVParser(text: text, start: start, delimiter: separator.rawValue, file: name), encoding: decoded.encoding)
    }

    /// The records of a CSV file read in pieces (``FilePieces``): memory stays about a
    /// mebibyte (or the longest line) whatever the file's size, for UTF-8 files. A file in
    /// another encoding (a byte-order mark for UTF-16, bytes that are not UTF-8) is read whole
    /// and converted once, as ``rows(_:name:)`` does. `name` is used in positions and messages.
    ///
    /// UTF-8 is checked in a first pass over the file, so that a bad byte is an error naming its
    /// line before any row is handed out. ``CSVRows/changed`` tells, once the last row is read,
    /// whether the file was rewritten meanwhile.
    public func rows(contentsOfFile path: String, name: String) throws(TabularError) -> CSVRows {
        var valid = true
        var hasContent = false
        var isFirst = true
        do {
            let scan = try FilePieces(path: path, name: name)
            while let piece = try scan.next() {
                var body = piece[...]
                if isFirst {
                    isFirst = false
                    if TabularFile.looksLikeSpreadsheet(piece.prefix(4)) { throw TabularError.spreadsheetGivenAsCSV(file: name) }
                    let (bom, bomLength) = piece.withUnsafeBufferPointer { TextDecoder.byteOrderMark($0) }
                    if let bom, bom != .utf8 { valid = false; break }
                    if let encoding, encoding != .utf8 { valid = false; break }
                    body = body.dropFirst(bomLength)
                }
                if piece.withUnsafeBufferPointer({ UTF8Scan($0).firstInvalid != nil }) { valid = false; break }
                if !hasContent { hasContent = Self.hasContent(body) }
            }
        } catch let error as TabularError {
            throw error
        } catch {
            throw .unreadable(file: name, reason: String(describing: error))
        }
        guard valid else {
            // Not UTF-8 throughout: read whole, and let the decoder say what it is (or where it breaks).
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw .unreadable(file: name, reason: error.localizedDescription)
            }
            return try rows(data, name: name)
        }
        guard hasContent else { throw .emptyFile(file: name) }
        let pieces = try FilePieces(path: path, name: name)
        guard let piece = try pieces.next() else { throw .emptyFile(file: name) }
        let start = piece.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let separator = delimiter ?? piece.withUnsafeBufferPointer { CSVReader.detectDelimiter(UnsafeBufferPointer(rebasing: $0[start...])) }
        var parser = CSVParser(text: Data(piece), start: start, delimiter: separator.rawValue, file: name)
        parser.pieces = pieces
        parser.totalBytes = pieces.startSize
        return CSVRows(parser: parser, encoding: .utf8)
    }

    private func rows(_ bytes: UnsafeBufferPointer<UInt8>, name: String) throws(TabularError) -> CSVRows {
        let decoded = try decode(bytes, name: name)
        let text = decoded.utf8(of: bytes)
        let separator = text.withUnsafeBufferPointer { delimiter ?? CSVReader.detectDelimiter($0) }
        return CSVRows(parser: CSVParser(text: Data(text), start: 0, delimiter: separator.rawValue, file: name), encoding: decoded.encoding)
    }

    private func decode(_ bytes: UnsafeBufferPointer<UInt8>, name: String) throws(TabularError) -> TextDecoder.Decoded {
        if TabularFile.looksLikeSpreadsheet(bytes.prefix(4)) { throw .spreadsheetGivenAsCSV(file: name) }
        let decoded = try TextDecoder.decode(bytes, as: encoding, file: name)
        let hasContent = decoded.converted.map(Self.hasContent) ?? Self.hasContent(bytes[decoded.offset...])
        guard hasContent else { throw .emptyFile(file: name) }
        return decoded
    }

    /// Something besides line breaks, spaces and tabs.
    private static func hasContent(_ bytes: some Sequence<UInt8>) -> Bool {
        bytes.contains { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }
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

/// The records of a CSV file, read one at a time (``CSVReader/rows(_:name:)``).
public struct CSVRows: Sendable {
    fileprivate var parser: CSVParser
    /// The encoding the file was decoded from.
    public let encoding: TextEncoding

    fileprivate init(parser: CSVParser, encoding: TextEncoding) {
        self.parser = parser
        self.encoding = encoding
    }

    /// The next record that holds a value, or nil at the end.
    public mutating func next() -> Row? {
        guard parser.advance() else { return nil }
        return parser.row()
    }

    /// Moves to the next record that holds a value, false at the end: ``record`` then holds
    /// its fields as bytes, until the next call. No cell, no `String` is made, for readers
    /// that take only some fields or intern them (a ledger of 100 000 rows).
    public mutating func advance() -> Bool { parser.advance() }

    /// The record ``advance()`` moved to.
    public var record: CSVRecord { parser.record }

    /// Problems found in the records read so far.
    public var warnings: [TableIssue] { parser.warnings }

    /// The file name rows are positioned in.
    public var name: String { parser.file }

    /// Once the last row is read: the file's size or modification time changed while it was
    /// read in pieces (``CSVReader/rows(contentsOfFile:name:)``), or a read failed; its rows
    /// are then not the file's. Always false for bytes given whole.
    public var changed: Bool { parser.failure != nil || (parser.pieces?.changed ?? parser.changedAtEnd) }

    /// Why reading stopped early, if it did.
    public var failure: TabularError? { parser.failure }

    /// The size of the text being read (the file's, when read in pieces), for sizing what is
    /// built from it.
    public var byteCount: Int { parser.totalBytes }

    /// How much of the text the rows handed out so far took, of ``byteCount``: for a
    /// progress report, never exact (a file not in UTF-8 counts its converted text).
    public var bytesRead: Int { min(parser.readBefore + parser.position, parser.totalBytes) }
}

/// RFC 4180 as a byte state machine over UTF-8. Delimiters, quotes, CR and LF are ASCII,
/// so multi-byte characters pass through untouched. It stops after each record that holds a
/// value, so that a caller can take rows one at a time.
private struct CSVParser: Sendable {
    /// The UTF-8 text (the bytes given, the converted copy, or the current piece of a file).
    var text: Data
    /// The rest of a file read in pieces, nil once it is all read (or for bytes given whole).
    var pieces: FilePieces?
    /// Whether the file changed while read, kept when the pieces are let go at its end.
    var changedAtEnd = false
    /// A read that failed midway.
    var failure: TabularError?
    /// The file's size (read in pieces) or the text's.
    var totalBytes: Int
    /// Bytes of the pieces before the current one.
    private(set) var readBefore = 0
    /// Where in the current piece the parser is.
    var position: Int { i }
    let delimiter: UInt8
    let file: String
    var warnings: [TableIssue] = []
    /// The record being read, and once `advance()` returns, the one completed.
    private(set) var record = CSVRecord()
    /// A record that holds a value is complete in `record`.
    private var ready = false
    private var i = 0
    private var state = State.fieldStart
    private var strayQuoteWarned = false
    private var finished = false
    /// Cell texts already made: a column of units or statuses repeats a few values, which then
    /// share one string's storage instead of a heap object per cell.
    private var recent: [String?] = []

    private var line = 1
    private var cellLine = 1
    /// The current field holds something: it is not empty, or it was quoted (`""`).
    private var fieldStarted: Bool { record.bytes.count > record.fieldStart || fieldWasQuoted }
    private var fieldWasQuoted = false

    init(text: Data, start: Int, delimiter: UInt8, file: String) {
        self.text = text
        self.totalBytes = text.count
        self.i = start
        self.delimiter = delimiter
        self.file = file
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// Reads on to the next record that holds a value (in `record`); false at the end.
    mutating func advance() -> Bool {
        if ready {
            ready = false
            record.clear(line: line)
        }
        while !finished {
            let text = self.text
            let last = pieces == nil
            if text.withUnsafeBytes({ run($0.bindMemory(to: UInt8.self), last: last) }) { return true }
            guard let source = pieces else { return false }
            readBefore += self.text.count
            do {
                if let piece = try source.next() {
                    self.text = Data(piece)
                    i = 0
                } else {
                    changedAtEnd = source.changed
                    pieces = nil
                    self.text = Data()
                    i = 0
                }
            } catch {
                failure = error
                changedAtEnd = true
                pieces = nil
                self.text = Data()
                i = 0
            }
        }
        return false
    }

    /// The completed record as a row of text cells.
    mutating func row() -> Row {
        var cells: [Cell] = []
        cells.reserveCapacity(record.count)
        for k in 0..<record.count {
            let value: CellValue = record.isEmpty(k) ? .empty : .text(cellText(k))
            cells.append(Cell(column: k, value: value, ref: CellRef(location: .csv(file: file, line: record.lines[k]), column: k)))
        }
        return Row(position: .line(file: file, line: record.line), cells: cells)
    }

    /// Runs until a record that holds a value is complete (true), or to the end of `bytes`;
    /// at the end of the `last` bytes it completes the final record.
    private mutating func run(_ bytes: UnsafeBufferPointer<UInt8>, last: Bool) -> Bool {
        let quote: UInt8 = 0x22
        let lf: UInt8 = 0x0A
        let cr: UInt8 = 0x0D
        let n = bytes.count
        while i < n {
            if ready { return true }
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
                    i = consumeNewline(at: i, in: bytes)
                    endRecord()
                    strayQuoteWarned = false
                } else {
                    state = .unquoted
                }
            case .unquoted:
                // Copy the run up to the next special byte in one go.
                let j = Self.firstOf(delimiter, lf, cr, in: bytes, from: i)
                record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                i = j
                state = .fieldStart
                if i < n {
                    if bytes[i] == delimiter {
                        endField()
                        i += 1
                    } else {
                        i = consumeNewline(at: i, in: bytes)
                        endRecord()
                        strayQuoteWarned = false
                    }
                } else {
                    state = .unquoted
                }
            case .quoted:
                let j = Self.firstOf(quote, lf, cr, in: bytes, from: i)
                record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                i = j
                if i < n {
                    if bytes[i] == quote {
                        state = .quoteInQuoted
                        i += 1
                    } else {
                        // A line break inside a quoted cell is part of the cell; store it as LF.
                        i = consumeNewline(at: i, in: bytes)
                        record.bytes.append(lf)
                    }
                }
            case .quoteInQuoted:
                if b == quote {
                    record.bytes.append(quote)
                    state = .quoted
                    i += 1
                } else if b == delimiter {
                    endField()
                    state = .fieldStart
                    i += 1
                } else if b == lf || b == cr {
                    i = consumeNewline(at: i, in: bytes)
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
        if ready { return true }
        guard last else { return false }
        finished = true
        if state == .quoted {
            warnings.append(TableIssue(
                location: "\(file):\(cellLine)",
                message: "第 \(cellLine) 行开始的引号没有结束，其后内容都并入了这一格 (unterminated quoted cell)"))
        }
        if record.count > 0 || fieldStarted {
            endRecord()
        }
        return ready
    }

    /// The index of the first of bytes `a`, `b` or `c` at or after `start`, or the end: eight
    /// bytes at a time (a word holds one of them when its XOR with it has a zero byte), as
    /// cells are mostly long runs of text between the bytes that matter.
    @inline(__always)
    static func firstOf(_ a: UInt8, _ b: UInt8, _ c: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let n = bytes.count
        var j = start
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let (wa, wb, wc) = (UInt64(a) &* ones, UInt64(b) &* ones, UInt64(c) &* ones)
            func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
            while j + 8 <= n {
                let v = base.loadUnaligned(fromByteOffset: j, as: UInt64.self)
                if hasZero(v ^ wa) || hasZero(v ^ wb) || hasZero(v ^ wc) { break }
                j += 8
            }
        }
        while j < n, bytes[j] != a, bytes[j] != b, bytes[j] != c { j += 1 }
        return j
    }

    /// Consumes CRLF, LF or CR at `i` and counts one line.
    private mutating func consumeNewline(at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        line += 1
        if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { return i + 2 }
        return i + 1
    }

    private mutating func endField() {
        record.endField(line: cellLine)
        fieldWasQuoted = false
        cellLine = line
    }

    private mutating func endRecord() {
        endField()
        if record.holdsValue {
            ready = true
        } else {
            record.clear(line: line)
        }
        cellLine = line
    }
}

/// One CSV record as bytes: its fields back to back in one buffer, unquoted, with where each
/// ends and the line it starts on. ``CSVRows/record`` hands it out until the next record.
///
///     while rows.advance() {
///         rows.record.withField(2) { bytes in … }   // the third field's UTF-8
///     }
public struct CSVRecord: Sendable {
    /// Every field's bytes, back to back.
    fileprivate(set) var bytes: [UInt8] = []
    /// Where each field ends in `bytes`.
    fileprivate(set) var ends: [Int] = []
    /// The 1-based line each field starts on (a quoted field may span lines).
    public fileprivate(set) var lines: [Int] = []
    /// The 1-based line the record starts on.
    public fileprivate(set) var line = 1

    /// Where the field being read starts in `bytes`.
    fileprivate var fieldStart: Int { ends.last ?? 0 }

    /// How many fields the record has.
    public var count: Int { ends.count }

    /// Field `k` is empty.
    public func isEmpty(_ k: Int) -> Bool { ends[k] == (k == 0 ? 0 : ends[k - 1]) }

    /// Calls `body` with the UTF-8 bytes of field `k` (0-based).
    public func withField<R>(_ k: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = k == 0 ? 0 : ends[k - 1]
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<ends[k]])) }
    }

    /// Field `k` as text.
    public func text(_ k: Int) -> String { withField(k) { String(decoding: $0, as: UTF8.self) } }

    /// Some field is not empty.
    fileprivate var holdsValue: Bool { !bytes.isEmpty }

    fileprivate mutating func endField(line: Int) {
        ends.append(bytes.count)
        lines.append(line)
    }

    fileprivate mutating func clear(line: Int) {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        self.line = line
    }
}

extension CSVParser {
    /// The text of the field just read, shared with an earlier equal cell where one is at hand:
    /// a direct-mapped cache of 4096 strings, indexed by a hash of the bytes and checked byte
    /// for byte, so that repeated units, names and statuses share one string's storage.
    fileprivate mutating func cellText(_ k: Int) -> String {
        if recent.isEmpty { recent = [String?](repeating: nil, count: 4096) }
        return record.withField(k) { field in
            guard field.count <= 64 else { return String(decoding: field, as: UTF8.self) }
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in field { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
            let slot = Int(truncatingIfNeeded: (h ^ (h >> 29)) & 4095)
            if var known = recent[slot], known.utf8.count == field.count {
                let same = field.isEmpty || known.withUTF8 { a in memcmp(a.baseAddress!, field.baseAddress!, field.count) == 0 }
                if same { return known }
            }
            let made = String(decoding: field, as: UTF8.self)
            recent[slot] = made
            return made
        }
    }
}
