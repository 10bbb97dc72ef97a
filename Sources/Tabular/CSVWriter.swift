/// RFC 4180 CSV output: fields quoted when they hold a comma, quote or line break; CRLF rows.
/// Bytes in UTF-8 (with the byte-order mark Excel needs to recognise it) or GB18030, the
/// encoding Excel writes and expects on Chinese Windows.
///
///     let bytes = try CSVWriter.encode([["序号", "整改措施"], ["1", "建立台账"]], as: .gb18030)
public enum CSVWriter {
    /// Whether a cell that a spreadsheet would run as a formula is written so that it reads
    /// as text (OWASP "CSV injection"): a ledger's text comes from many hands, and
    /// `=HYPERLINK(…)` or `=cmd|' /C calc'!A0` in a measure must not run when the office opens
    /// the export in Excel or WPS.
    public enum Formulas: Sendable {
        /// A cell starting with `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'`, which
        /// spreadsheets show as nothing and read as "text". A plain number (`-3`, `+2.5`) is left
        /// as it is: it cannot call anything, and `days_left` of an overdue item is one.
        case neutralized
        /// Cells exactly as they are (`--raw-csv`), for programs that read the CSV.
        case raw
    }

    /// One row, CRLF-terminated.
    public static func row(_ fields: [String], formulas: Formulas = .neutralized) -> String {
        fields.map { field($0, formulas: formulas) }.joined(separator: ",") + "\r\n"
    }

    /// One field, neutralised (unless `formulas` is `.raw`) and quoted when needed.
    public static func field(_ s: String, formulas: Formulas = .neutralized) -> String {
        let s = formulas == .neutralized && needsNeutralizing(s) ? "'" + s : s
        // Bytes, not Characters: the same test ("\r\n" holds a CR), without grapheme breaking.
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// Whether the writer puts a `'` before the cell: it starts a formula, after any `'` it
    /// already begins with (so that `'=x` itself comes back as `'=x`, see ``removingNeutralization(_:)``).
    static func needsNeutralizing(_ s: String) -> Bool {
        startsFormula(String(s.drop { $0 == "'" }))
    }

    /// A cell as it was before ``Formulas/neutralized`` wrote it: one leading `'` removed when
    /// the writer would have added it. Reading a CSV ledger xianqi wrote gives back its text.
    ///
    ///     CSVWriter.removingNeutralization("'=SUM(A1)")   // "=SUM(A1)"
    ///     CSVWriter.removingNeutralization("'abc")        // "'abc"
    public static func removingNeutralization(_ s: String) -> String {
        s.first == "'" && needsNeutralizing(s) ? String(s.dropFirst()) : s
    }

    /// Whether a spreadsheet would take the cell for a formula: its first character is one of
    /// `= + - @`, a tab or a CR, and it is not a plain decimal number.
    public static func startsFormula(_ s: String) -> Bool {
        guard let first = s.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) else { return false }
        return !isPlainNumber(s)
    }

    /// `-3`, `+12`, `-2.5`: a sign, digits, at most one dot between digits.
    private static func isPlainNumber(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard bytes.count >= 2, bytes[0] == 0x2D || bytes[0] == 0x2B else { return false }
        let parts = bytes.dropFirst().split(separator: 0x2E, omittingEmptySubsequences: false)
        return parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { (0x30...0x39).contains($0) } }
    }

    /// The bytes of a whole table. UTF-8 gets a byte-order mark unless `byteOrderMark` is false.
    public static func encode(_ rows: [[String]], as encoding: TextEncoding = .utf8,
                              byteOrderMark: Bool = true, formulas: Formulas = .neutralized,
                              name: String = "<csv>") throws(TabularError) -> [UInt8] {
        let text = rows.map { row($0, formulas: formulas) }.joined()
        switch encoding {
        case .utf8:
            return (byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
        case .gb18030:
            return try Iconv.fromUTF8(Array(text.utf8), to: "GB18030", file: name)
        case .utf16LittleEndian, .utf16BigEndian:
            let big = encoding == .utf16BigEndian
            var out: [UInt8] = big ? [0xFE, 0xFF] : [0xFF, 0xFE]
            for unit in text.utf16 {
                let hi = UInt8(unit >> 8), lo = UInt8(unit & 0xFF)
                out += big ? [hi, lo] : [lo, hi]
            }
            return out
        }
    }
}
