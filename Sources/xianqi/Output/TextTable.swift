/// A plain-text table whose columns line up in a terminal when cells hold Chinese:
/// wide (East Asian Width W/F) characters take two columns.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: [String]) {
        self.headers = headers
    }

    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// Cells wider than `maxWidth` are cut with "…"; newlines show as "⏎".
    func render(maxWidth: Int = 60) -> String {
        let cells = ([headers] + rows).map { row in
            row.map { TextTable.truncate(TextTable.oneLine($0), to: maxWidth) }
        }
        var widths = [Int](repeating: 0, count: headers.count)
        for row in cells {
            for (i, c) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], TextTable.displayWidth(c))
            }
        }
        var lines: [String] = []
        for (n, row) in cells.enumerated() {
            var line = ""
            for (i, c) in row.enumerated() where i < widths.count {
                let isLast = i == widths.count - 1
                line += c
                if !isLast { line += String(repeating: " ", count: widths[i] - TextTable.displayWidth(c) + 2) }
            }
            lines.append(line)
            if n == 0 {
                lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func oneLine(_ s: String) -> String {
        String(s.map { ch -> Character in
            switch ch {
            case "\r\n", "\n", "\r": "⏎"
            case "\t": " "
            default: ch
            }
        })
    }

    static func truncate(_ s: String, to width: Int) -> String {
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

    static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    /// Terminal columns of one scalar: 0 for combining marks and controls, 2 for wide.
    static func width(of u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }
}
