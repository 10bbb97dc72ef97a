/// A problem found in a ledger: where, which field, what is wrong, the offending text and,
/// where there is one, a suggestion. Printed as compilers print diagnostics, so editors
/// and `grep` find the place:
///
///     台账.csv:7:6: error: 完成时限无法识别 (deadline not understood) [完成时限]
///         “尽快”: 未识别出日期 (no date found)
///         建议: 写成“2025年10月底前”或“长期坚持”
public struct LedgerIssue: Hashable, Sendable, CustomStringConvertible, Comparable {
    public enum Severity: String, Hashable, Sendable, Comparable {
        case warning, error
        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }

    public let severity: Severity
    public let position: SourcePosition
    /// The field as the file names it (the column title or key), when the issue is about one.
    public let field: String?
    public let message: String
    /// The offending text as written.
    public let text: String?
    /// What the parser understood, or what to write instead.
    public let detail: String?
    public let suggestion: String?

    public init(_ severity: Severity, at position: SourcePosition, field: String? = nil, _ message: String,
                text: String? = nil, detail: String? = nil, suggestion: String? = nil) {
        self.severity = severity
        self.position = position
        self.field = field
        self.message = message
        self.text = text
        self.detail = detail
        self.suggestion = suggestion
    }

    public var description: String {
        var s = "\(position): \(severity.rawValue): \(message)"
        if let field { s += " [\(field)]" }
        if let text {
            let shown = text.unicodeScalars.count > 80 ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(80))) + "…" : text
            s += "\n    “\(shown)”"
            if let detail { s += ": \(detail)" }
        } else if let detail {
            s += "\n    \(detail)"
        }
        if let suggestion { s += "\n    建议 (suggestion): \(suggestion)" }
        return s
    }

    public static func < (a: LedgerIssue, b: LedgerIssue) -> Bool {
        (a.position, a.field ?? "") < (b.position, b.field ?? "")
    }
}

/// Why a ledger file could not be read at all (as opposed to issues in some of its rows).
public struct LedgerReadError: Error, Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let column: Int?
    public let reason: String

    public init(file: String, line: Int? = nil, column: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String {
        SourcePosition(file: file, line: line, column: column).description + ": error: " + reason
    }
}
