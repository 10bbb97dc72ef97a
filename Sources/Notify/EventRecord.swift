/// One xianqi event as a journal record: a Chinese `MESSAGE` plus `XIANQI_*` fields.
///
///     let record = EventRecord(
///         kind: .overdue,
///         message: "整改措施 ZG-2025-017「建立台账」已逾期 3 天",
///         measureID: "ZG-2025-017", milestone: "建立台账", unit: "区财政局",
///         owner: "张伟", due: "2025-06-30", daysOverdue: 3, source: "ledger.xlsx")
///     try Journal().send(record)
///
/// Fields left nil are not sent.
public struct EventRecord: Sendable, Hashable {
    public var kind: EventKind
    /// The human sentence, in Chinese; becomes `MESSAGE`.
    public var message: String
    /// `XIANQI_MEASURE_ID`: the ledger's identifier of the rectification measure.
    public var measureID: String?
    /// `XIANQI_MILESTONE`: the milestone within the measure.
    public var milestone: String?
    /// `XIANQI_UNIT`: the responsible unit (责任单位).
    public var unit: String?
    /// `XIANQI_OWNER`: the responsible person (责任人).
    public var owner: String?
    /// `XIANQI_DUE`: the deadline as an ISO 8601 date, `YYYY-MM-DD`.
    public var due: String?
    /// `XIANQI_DAYS_OVERDUE`: whole days past the deadline.
    public var daysOverdue: Int?
    /// `XIANQI_SOURCE`: where the measure came from (ledger file, sheet, row).
    public var source: String?
    /// More fields, sent after the ones above.
    public var extraFields: [JournalField]

    public init(
        kind: EventKind,
        message: String,
        measureID: String? = nil,
        milestone: String? = nil,
        unit: String? = nil,
        owner: String? = nil,
        due: String? = nil,
        daysOverdue: Int? = nil,
        source: String? = nil,
        extraFields: [JournalField] = []
    ) {
        self.kind = kind
        self.message = message
        self.measureID = measureID
        self.milestone = milestone
        self.unit = unit
        self.owner = owner
        self.due = due
        self.daysOverdue = daysOverdue
        self.source = source
        self.extraFields = extraFields
    }

    /// The identifier every xianqi record carries as `SYSLOG_IDENTIFIER`.
    public static let syslogIdentifier = "xianqi"

    /// The record's fields in the order they are sent, with the caller's code location.
    public func fields(fileID: String = #fileID, line: Int = #line, function: String = #function) -> [JournalField] {
        var fields = [
            JournalField("MESSAGE", message),
            JournalField("MESSAGE_ID", kind.messageID),
            kind.priority.field,
            JournalField("SYSLOG_IDENTIFIER", Self.syslogIdentifier),
            JournalField("XIANQI_EVENT", kind.rawValue),
        ]
        let optional: [(String, String?)] = [
            ("XIANQI_MEASURE_ID", measureID),
            ("XIANQI_MILESTONE", milestone),
            ("XIANQI_UNIT", unit),
            ("XIANQI_OWNER", owner),
            ("XIANQI_DUE", due),
            ("XIANQI_DAYS_OVERDUE", daysOverdue.map(String.init)),
            ("XIANQI_SOURCE", source),
        ]
        for case let (name, value?) in optional {
            fields.append(JournalField(name, value))
        }
        fields.append(contentsOf: extraFields)
        fields.append(contentsOf: codeLocationFields(fileID: fileID, line: line, function: function))
        return fields
    }
}

extension Journal {
    /// Sends an xianqi event, recording the caller's `CODE_FILE`, `CODE_LINE` and `CODE_FUNC`.
    public func send(
        _ record: EventRecord,
        fileID: String = #fileID,
        line: Int = #line,
        function: String = #function
    ) throws(JournalError) {
        try send(record.fields(fileID: fileID, line: line, function: function))
    }
}

/// `CODE_FILE`, `CODE_LINE` and `CODE_FUNC`, which the C macros would have added.
func codeLocationFields(fileID: String, line: Int, function: String) -> [JournalField] {
    [
        JournalField("CODE_FILE", fileID),
        JournalField("CODE_LINE", String(line)),
        JournalField("CODE_FUNC", function),
    ]
}
