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
    /// The measures, in compact rows (``MeasureTable``): what the ledger holds.
    public var table: MeasureTable
    /// The measures as values, made from ``table`` on each read; setting it replaces the table.
    /// Readers append to ``table`` instead, and large ledgers are read field by field from it.
    public var measures: [Measure] {
        get { table.measures }
        set { table = MeasureTable(newValue) }
    }
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
        self.table = MeasureTable(measures)
        self.issues = issues
    }

    public var errors: [LedgerIssue] { issues.filter { $0.severity == .error } }
}
