/// One `NAME=value` pair of a journal record.
///
/// Names follow systemd.journal-fields(7): upper-case ASCII letters, digits and `_`,
/// not starting with `_` (those are trusted fields journald sets itself) or a digit,
/// at most 64 characters. Values are bytes: newlines, NULs and non-UTF-8 data travel
/// intact, because `sd_journal_sendv` switches to the length-prefixed form for them.
///
///     JournalField("XIANQI_UNIT", "区财政局")
///     JournalField("XIANQI_NOTE", "第一行\n第二行")
public struct JournalField: Hashable, Sendable {
    /// The field name, e.g. `XIANQI_MEASURE_ID`. Checked when the record is sent.
    public var name: String
    /// The raw value.
    public var value: [UInt8]

    /// A field with a text value, stored as UTF-8.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = Array(value.utf8)
    }

    /// A field with a binary value.
    public init(_ name: String, bytes: [UInt8]) {
        self.name = name
        self.value = bytes
    }

    /// The longest field name journald accepts.
    public static let maximumNameLength = 64

    /// Why `name` is not a field name a client may send, or nil when it is one.
    ///
    ///     JournalField.problem(withName: "XIANQI_UNIT")   // nil
    ///     JournalField.problem(withName: "_PID")          // .startsWithUnderscore
    public static func problem(withName name: String) -> JournalError.NameProblem? {
        let bytes = Array(name.utf8)
        guard let first = bytes.first else { return .empty }
        if bytes.count > maximumNameLength { return .tooLong(bytes.count) }
        if first == UInt8(ascii: "_") { return .startsWithUnderscore }
        if isDigit(first) { return .startsWithDigit }
        if let bad = name.unicodeScalars.first(where: { !isNameScalar($0) }) {
            return .invalidCharacter(Character(bad))
        }
        return nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
}
