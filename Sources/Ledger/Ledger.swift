import ChineseDates

/// The measures read from one ledger file, with the issues found while reading it. A row
/// that cannot be read is reported in `issues`, never silently dropped; the other rows load.
public struct Ledger: Hashable, Sendable {
    public enum Format: String, Hashable, Sendable, CaseIterable {
        case toml, yaml, csv, xlsx
    }

    /// The path as given.
    public let path: String
    public let format: Format
    /// The ledger's title, if it states one.
    public var title: String?
    /// The date its relative dates ("年底前") are read against.
    public var reference: CivilDate?
    public var measures: [Measure]
    public var issues: [LedgerIssue]
    /// Where a sheet (or the whole TOML/YAML file) has measures but no deadline column or key at
    /// all: none of them ever falls due. Each place also has an issue in `issues` (an error for a
    /// sheet, a warning for a TOML/YAML file); commands other than `check` warn about it.
    public var missingDeadlines: [SourcePosition] = []

    public init(path: String, format: Format, title: String? = nil, reference: CivilDate? = nil,
                measures: [Measure] = [], issues: [LedgerIssue] = []) {
        self.path = path
        self.format = format
        self.title = title
        self.reference = reference
        self.measures = measures
        self.issues = issues
    }

    public var errors: [LedgerIssue] { issues.filter { $0.severity == .error } }
}
