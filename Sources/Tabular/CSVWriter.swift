/// RFC 4180 CSV output: fields quoted when they hold a comma, quote or line break; CRLF rows.
/// Bytes in UTF-8 (with the byte-order mark Excel needs to recognise it) or GB18030, the
/// encoding Excel writes and expects on Chinese Windows.
///
///     let bytes = try CSVWriter.encode([["序号", "整改措施"], ["1", "建立台账"]], as: .gb18030)
public enum CSVWriter {
    /// One row, CRLF-terminated.
    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field, quoted when needed.
    public static func field(_ s: String) -> String {
        // Bytes, not Characters: the same test ("\r\n" holds a CR), without grapheme breaking.
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// The bytes of a whole table. UTF-8 gets a byte-order mark unless `byteOrderMark` is false.
    public static func encode(_ rows: [[String]], as encoding: TextEncoding = .utf8,
                              byteOrderMark: Bool = true, name: String = "<csv>") throws(TabularError) -> [UInt8] {
        let text = rows.map(row).joined()
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
