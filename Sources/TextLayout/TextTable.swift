/// A plain-text table whose columns line up in a terminal when cells hold Chinese:
/// wide (East Asian Width W/F) characters take two columns.
///
///     var t = TextTable(["编号", "事项"])
///     t.append(["GX-20", "推进XX项目建设"])
///     print(t.render(maxWidth: 40))
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]] = []

    public init(_ headers: [String]) {
        self.headers = headers
    }

    /// Adds a row; cells beyond the headers are not shown.
    public mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// Cells wider than `maxWidth` are cut with "…"; newlines show as "⏎".
    public func render(maxWidth: Int = 60) -> String {
        String(decoding: renderBytes(maxWidth: maxWidth), as: UTF8.self)
    }

    /// ``render(maxWidth:)`` as UTF-8 bytes, for printing a large table without copying it again.
    public func renderBytes(maxWidth: Int = 60) -> [UInt8] {
        var out: [UInt8] = []
        Self.stream(headers: headers, count: rows.count, maxWidth: maxWidth, blockSize: .max, row: { rows[$0] }) { out = $0 }
        return out
    }

    /// A table of `count` rows made by `row`, written to `write` in blocks of about
    /// `blockSize` bytes, with the bytes ``render(maxWidth:)`` would give. The columns are
    /// measured first: each row is made once, its cells cut to fit and kept as bytes in one
    /// buffer while they take at most `heldBytes` (a listing of 30 000 rows holds about 4 MB),
    /// then written from there. A larger table keeps nothing: its rows are made a second time
    /// to be written, so a listing of a million rows takes the memory of one block.
    ///
    /// `style` gives a row an SGR colour (`"31"`: red) to write it in, as `ESC[31m … ESC[0m`
    /// around its cells: the codes are outside every cell, so columns line up as without them.
    public static func stream(headers: [String], count: Int, maxWidth: Int = 60, blockSize: Int = 1 << 16,
                              heldBytes: Int = 16 << 20,
                              row: (Int) -> [String], style: ((Int) -> String?)? = nil, _ write: ([UInt8]) -> Void) {
        let columns = headers.count
        var widths = [Int](repeating: 0, count: columns)
        // The cut cells of every row, back to back, with where each ends and how wide it is;
        // emptied (and never filled again) once over `heldBytes`.
        var held: [UInt8] = []
        var ends: [UInt32] = []
        var cellWidths: [UInt16] = []
        var holding = count > 0 && heldBytes > 0
        if holding {
            ends.reserveCapacity(count * columns)
            cellWidths.reserveCapacity(count * columns)
        }
        func measure(_ cells: [String], keep: Bool) {
            for i in 0..<columns {
                guard i < cells.count else {
                    // A row short of cells writes none there, nor their padding.
                    if keep, holding {
                        ends.append(UInt32(truncatingIfNeeded: held.count))
                        cellWidths.append(.max)
                    }
                    continue
                }
                var (text, width) = fitted(oneLine(cells[i]), to: maxWidth)
                widths[i] = max(widths[i], width)
                guard keep, holding else { continue }
                text.withUTF8 { held.append(contentsOf: $0) }
                ends.append(UInt32(truncatingIfNeeded: held.count))
                cellWidths.append(UInt16(clamping: min(width, Int(UInt16.max) - 1)))
            }
            if keep, holding, held.count > heldBytes {
                holding = false
                held = []
                ends = []
                cellWidths = []
            }
        }
        measure(headers, keep: false)
        for n in 0..<count { measure(row(n), keep: true) }

        var out: [UInt8] = []
        out.reserveCapacity(min(blockSize, 1 << 16) + 4096)
        func pad(_ i: Int, _ width: Int) {
            if i != columns - 1 { out.append(contentsOf: repeatElement(0x20, count: widths[i] - width + 2)) }
        }
        func line(_ cells: [String]) {
            for i in 0..<min(cells.count, columns) {
                var (text, width) = fitted(oneLine(cells[i]), to: maxWidth)
                text.withUTF8 { out.append(contentsOf: $0) }
                pad(i, width)
            }
        }
        func heldLine(_ n: Int) {
            held.withUnsafeBufferPointer { bytes in
                for i in 0..<columns {
                    let k = n * columns + i
                    guard cellWidths[k] != .max else { continue }
                    let start = k == 0 ? 0 : Int(ends[k - 1])
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[k])]))
                    pad(i, Int(cellWidths[k]))
                }
            }
        }
        line(headers)
        out.append(0x0A)
        for (i, w) in widths.enumerated() {
            if i > 0 { out.append(contentsOf: [0x20, 0x20]) }
            out.append(contentsOf: repeatElement(0x2D, count: w))
        }
        for n in 0..<count {
            if out.count >= blockSize {
                write(out)
                out.removeAll(keepingCapacity: true)
            }
            out.append(0x0A)
            let sgr = style?(n)
            if let sgr { out.append(contentsOf: [0x1B, 0x5B] + Array(sgr.utf8) + [0x6D]) }
            if holding { heldLine(n) } else { line(row(n)) }
            if sgr != nil { out.append(contentsOf: [0x1B, 0x5B, 0x30, 0x6D]) }
        }
        write(out)
    }

    /// `truncate(s, to: width)` and its display width, measuring each character once.
    static func fitted(_ s: String, to width: Int) -> (text: String, width: Int) {
        let full = displayWidth(s)
        guard full > width else { return (s, full) }
        // Text whose every scalar is a character of its own (Han, ASCII, CJK punctuation) is cut
        // by scalars, without grapheme breaking; anything else by Characters below.
        if s.unicodeScalars.allSatisfy(isSingleScalarCharacter) {
            var w = 0
            var end = s.unicodeScalars.startIndex
            for (i, u) in zip(s.unicodeScalars.indices, s.unicodeScalars) {
                let cw = TextTable.width(of: u)
                if w + cw > width - 1 { break }
                w += cw
                end = s.unicodeScalars.index(after: i)
            }
            return (String(s.unicodeScalars[..<end]) + "…", w + 1)
        }
        var out = ""
        var w = 0
        for ch in s {
            let cw = ch.unicodeScalars.reduce(0) { $0 + TextTable.width(of: $1) }
            if w + cw > width - 1 { break }
            out.append(ch)
            w += cw
        }
        return (out + "…", w + 1)
    }

    /// The text on one line: line breaks as "⏎", tabs as spaces.
    public static func oneLine(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return s }
        return String(s.map { ch -> Character in
            switch ch {
            case "\r\n", "\n", "\r": "⏎"
            case "\t": " "
            default: ch
            }
        })
    }

    /// The text cut to `width` columns with "…" when it is wider.
    public static func truncate(_ s: String, to width: Int) -> String {
        guard displayWidth(s) > width else { return s }
        var out = ""
        var w = 0
        for ch in s {
            let cw = displayWidth(String(ch))
            if w + cw > width - 1 { break }
            out.append(ch)
            w += cw
        }
        return out + "…"
    }

    /// Terminal columns the text takes: read from its UTF-8, where printable ASCII and the
    /// CJK Unified Ideographs (U+4E00–U+9FFF, three bytes led by E4 B8 … E9) are told by their
    /// first bytes, and every other scalar by ``width(of:)``.
    public static func displayWidth(_ s: String) -> Int {
        var s = s
        return s.withUTF8 { b in
            var w = 0
            var i = 0
            let n = b.count
            while i < n {
                let c = b[i]
                if c >= 0x20 && c < 0x7F {
                    w += 1
                    i += 1
                } else if (c >= 0xE5 && c <= 0xE9) || (c == 0xE4 && i + 1 < n && b[i + 1] >= 0xB8) {
                    w += 2
                    i += 3
                } else {
                    let (scalar, length) = Self.scalar(in: b, at: i)
                    w += width(of: scalar)
                    i += length
                }
            }
            return w
        }
    }

    /// The scalar whose UTF-8 starts at `i` of valid UTF-8 (a `String`'s), and its length.
    private static func scalar(in b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let c = UInt32(b[i])
        let (length, bits): (Int, UInt32) = c < 0x80 ? (1, c) : c < 0xE0 ? (2, c & 0x1F) : c < 0xF0 ? (3, c & 0x0F) : (4, c & 0x07)
        var value = bits
        for k in 1..<length where i + k < b.count { value = value << 6 | UInt32(b[i + k] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Terminal columns of one scalar: 0 for combining marks and controls, 2 for wide.
    static func width(of u: Unicode.Scalar) -> Int {
        let v = u.value
        if v >= 0x20 && v < 0x7F { return 1 }
        // Ranges that hold no marks or format characters: their width needs no property lookup.
        if (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0x3001...0x3029).contains(v) || (0xFF01...0xFF60).contains(v) { return 2 }
        if (0x2010...0x2027).contains(v) { return 1 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return wideRanges.contains { $0.contains(v) } ? 2 : 1
    }

    /// A scalar that never combines with its neighbours into one Character (CR and LF excluded).
    static func isSingleScalarCharacter(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return (v >= 0x20 && v < 0x7F) || (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v)
            || (0x3001...0x3029).contains(v) || (0xFF01...0xFF60).contains(v) || (0x2010...0x2027).contains(v)
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
    ]
}
