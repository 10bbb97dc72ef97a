/// A section of the configuration file as plain values, so that the libraries that read their
/// own section (`[reminders]` in Schedule, `[digest]` in Digest, `[board]` in Board) never see
/// the TOML parser's types: Workspace parses `xianqi.toml` once and hands each library its
/// section as a ``SettingsTable``.
///
/// Keys keep the order of the file. The scalar kinds are TOML's (a quoted "true" is a string,
/// `true` a boolean), so a library can still tell the two apart in its messages.
public indirect enum SettingsValue: Hashable, Sendable, CustomDebugStringConvertible {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    /// A TOML date, time or date-time, as written (`2025-10-31`, `09:00:00`).
    case dateTime(String)
    case array([SettingsValue])
    case table(SettingsTable)

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var int: Int? { if case .integer(let n) = self { n } else { nil } }
    public var double: Double? {
        switch self {
        case .float(let d): d
        case .integer(let n): Double(n)
        default: nil
        }
    }
    public var bool: Bool? { if case .boolean(let b) = self { b } else { nil } }
    public var array: [SettingsValue]? { if case .array(let a) = self { a } else { nil } }
    public var table: SettingsTable? { if case .table(let t) = self { t } else { nil } }

    /// The value as TOML would write it, on one line, for messages: `"两个月"`, `[1, 2]`, `{ a = 1 }`.
    public var debugDescription: String {
        switch self {
        case .string(let s): "\"\(s)\""
        case .integer(let n): String(n)
        case .float(let d): String(d)
        case .boolean(let b): b ? "true" : "false"
        case .dateTime(let text): text
        case .array(let values): "[" + values.map(\.debugDescription).joined(separator: ", ") + "]"
        case .table(let t): t.debugDescription
        }
    }
}

/// A TOML table as ordered key–value pairs (a configuration section has a handful of keys:
/// a linear lookup beats hashing, and the file's order is kept for messages).
public struct SettingsTable: Hashable, Sendable, CustomDebugStringConvertible {
    public private(set) var entries: [(key: String, value: SettingsValue)]

    public init(_ entries: [(key: String, value: SettingsValue)] = []) {
        self.entries = entries
    }

    /// The keys, in the file's order.
    public var keys: [String] { entries.map(\.key) }

    public var isEmpty: Bool { entries.isEmpty }

    public subscript(key: String) -> SettingsValue? {
        entries.first { $0.key == key }?.value
    }

    public var debugDescription: String {
        "{ " + entries.map { "\($0.key) = \($0.value.debugDescription)" }.joined(separator: ", ") + " }"
    }

    public static func == (lhs: SettingsTable, rhs: SettingsTable) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for (key, value) in entries {
            hasher.combine(key)
            hasher.combine(value)
        }
    }
}
