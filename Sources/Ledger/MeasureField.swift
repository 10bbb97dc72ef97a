/// The fields of a measure as every ledger format names them. The TOML/YAML key is the
/// English name; spreadsheet columns are matched by any of the titles in ``aliases``.
public enum MeasureField: String, Hashable, Sendable, CaseIterable {
    case id
    case problem
    case category
    case measure
    case unit
    case owner
    case leader
    case unitEmail = "unit_email"
    case leaderEmail = "leader_email"
    case deadline
    case milestones
    case status
    case evidence
    case note

    /// The Chinese name used in messages and as the column title when writing a sheet.
    public var title: String {
        switch self {
        case .id: "序号"
        case .problem: "存在问题"
        case .category: "问题类别"
        case .measure: "整改措施"
        case .unit: "责任单位"
        case .owner: "责任人"
        case .leader: "责任领导"
        case .unitEmail: "联系邮箱"
        case .leaderEmail: "领导邮箱"
        case .deadline: "完成时限"
        case .milestones: "阶段目标"
        case .status: "整改状态"
        case .evidence: "原文"
        case .note: "备注"
        }
    }

    /// Column titles recognised for each field, Chinese and English, compared after
    /// `HeaderText.normalized` (full-width folded, spaces, trailing colons and a trailing note in
    /// brackets such as "（年月日）" dropped, lower case). TOML/YAML keys are compared lower-cased.
    public static let aliases: [String: MeasureField] = {
        let table: [(MeasureField, [String])] = [
            (.id, ["序号", "编号", "问题编号", "措施编号", "任务编号", "id", "no", "no.", "#"]),
            (.problem, ["问题", "存在问题", "问题描述", "反馈问题", "问题表现", "具体问题", "问题清单", "problem", "issue"]),
            (.category, ["问题类别", "类别", "分类", "问题类型", "所属领域", "方面", "category"]),
            (.measure, ["整改措施", "措施", "具体措施", "整改任务", "整改举措", "整改内容", "整改要求", "整改情况", "measure", "action"]),
            (.unit, ["责任单位", "牵头单位", "责任部门", "牵头部门", "责任科室", "整改责任单位", "unit", "department"]),
            (.owner, ["责任人", "具体责任人", "经办人", "联系人", "owner", "person"]),
            (.leader, ["责任领导", "分管领导", "牵头领导", "责任领导干部", "leader"]),
            (.unitEmail, ["联系邮箱", "邮箱", "单位邮箱", "电子邮箱", "email", "e-mail", "unit_email", "unitemail"]),
            (.leaderEmail, ["领导邮箱", "责任领导邮箱", "leader_email", "leaderemail"]),
            (.deadline, ["完成时限", "整改时限", "时限", "完成时间", "完成时间节点", "时间节点", "整改期限", "完成期限",
                         "办结时限", "计划完成时间", "截止时间", "截止日期", "时限要求", "完成时限要求", "整改完成时限",
                         "整改时间", "责任时限", "deadline", "due", "due date", "duedate", "target date", "targetdate",
                         "deadline date", "deadlinedate"]),
            (.milestones, ["阶段目标", "节点", "时间安排", "进度安排", "milestones", "milestone"]),
            (.status, ["整改状态", "完成情况", "进展", "状态", "整改进展", "整改结果", "进展情况", "status"]),
            (.evidence, ["原文", "来源", "evidence", "source"]),
            (.note, ["备注", "说明", "note", "notes", "remark"]),
        ]
        var out: [String: MeasureField] = [:]
        for (field, titles) in table { for title in titles { out[title] = field } }
        return out
    }()
}

/// One field's value as a reader found it, with its place in the file.
struct RawValue: Sendable {
    /// The value without surrounding whitespace.
    var text: String
    var position: SourcePosition
    /// The name the file used (column title or key), for messages.
    var name: String

    init(text: String, position: SourcePosition, name: String) {
        self.text = text.trimmingWhitespace
        self.position = position
        self.name = name
    }
}

extension String {
    /// Without leading and trailing whitespace (Unicode, including the ideographic space).
    /// Checked first so that the common case, nothing to trim, allocates nothing.
    var trimmingWhitespace: String { trimming(where: \.isSpace) }

    /// Without the leading and trailing scalars `isTrimmed` names; the text itself (no copy)
    /// when neither end has one, the common case.
    public func trimming(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        if !isTrimmed(first) && !isTrimmed(last) { return self }
        guard let start = scalars.firstIndex(where: { !isTrimmed($0) }),
              let end = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return String(scalars[start...end])
    }
}

extension Unicode.Scalar {
    /// Unicode whitespace, decided without the property tables for ASCII and for everything
    /// above U+3000 (the last whitespace scalar, the ideographic space): the characters of
    /// Chinese text are answered by two comparisons.
    var isSpace: Bool {
        let v = value
        if v < 0x80 { return v == 0x20 || (0x09...0x0D).contains(v) }
        if v > 0x3000 { return false }
        return properties.isWhitespace
    }
}

/// A measure as a reader found it, before its fields are checked and interpreted.
struct RawMeasure: Sendable {
    var position: SourcePosition
    var fields = FieldValues()
    var extra: [ExtraField] = []
    /// Milestones given as separate entries (TOML/YAML `[[measure.milestone]]`).
    var milestones: [RawMilestone] = []
    /// Fields filled from a merged cell or the row above: an id carried down is made unique.
    var carried: Set<MeasureField> = []

    /// A field's text, nil when absent or blank. Readers store values trimmed.
    subscript(_ field: MeasureField) -> String? {
        guard let text = fields[field]?.text, !text.isEmpty else { return nil }
        return text
    }
}

struct RawMilestone: Sendable {
    var position: SourcePosition
    var action: RawValue?
    var deadline: RawValue?
    var status: RawValue?
    var evidence: RawValue?
}


/// A raw measure's values by field: a slot per ``MeasureField`` case, looked up by its
/// position in `allCases` instead of by hashing (a ledger row sets ten of them).
struct FieldValues: Sendable {
    private var slots = [RawValue?](repeating: nil, count: MeasureField.allCases.count)

    subscript(_ field: MeasureField) -> RawValue? {
        get { slots[field.slot] }
        set { slots[field.slot] = newValue }
    }
}

extension MeasureField {
    /// The case's position in `allCases`.
    var slot: Int {
        switch self {
        case .id: 0
        case .problem: 1
        case .category: 2
        case .measure: 3
        case .unit: 4
        case .owner: 5
        case .leader: 6
        case .unitEmail: 7
        case .leaderEmail: 8
        case .deadline: 9
        case .milestones: 10
        case .status: 11
        case .evidence: 12
        case .note: 13
        }
    }
}
