import ChineseDates

/// One rectification measure (整改措施) of a ledger: what is to be done, by whom, by when,
/// and where it stands.
///
///     let m = Measure(id: "GX-20", text: "推进XX项目建设", source: SourcePosition(file: "台账.toml", line: 12))
///     m.deadlineText = "2025年10月底前"
///     m.target = Target(resolving: m.deadlineText!, reference: CivilDate("2024-11-21"))  // .deadline(2025-10-31)
public struct Measure: Hashable, Sendable, Identifiable {
    /// Stable across edits of the ledger: the audit trail and the sent-reminder log are keyed by it.
    public var id: String
    /// The problem (存在问题) the measure answers.
    public var problem: String?
    /// Its category or the heading it stands under (反馈问题, 一、…).
    public var category: String?
    /// The measure itself (整改措施 / 整改情况).
    public var text: String
    /// 责任单位 / 牵头单位.
    public var unit: String?
    /// 责任人.
    public var owner: String?
    /// 责任领导 / 分管领导: escalations go to the leader.
    public var leader: String?
    /// Addresses of the owner unit.
    public var unitEmail: [String]
    /// Addresses of the responsible leader.
    public var leaderEmail: [String]
    /// The target date exactly as written (完成时限), if one was written.
    public var deadlineText: String?
    /// What `deadlineText` means.
    public var target: Target
    /// Steps with their own dates, in order (确定设计单位 → 确定监理单位 → …).
    public var milestones: [Milestone]
    public var status: Status
    /// The status exactly as written ("完成", "已完成", "整改中").
    public var statusText: String?
    /// The sentence or text an imported measure came from, for the reviewer.
    public var evidence: String?
    /// Where the measure is defined.
    public var source: SourcePosition
    /// Columns or keys xianqi does not interpret, kept in order so nothing is lost.
    public var extra: [ExtraField]

    public init(
        id: String, problem: String? = nil, category: String? = nil, text: String,
        unit: String? = nil, owner: String? = nil, leader: String? = nil,
        unitEmail: [String] = [], leaderEmail: [String] = [],
        deadlineText: String? = nil, target: Target = .none, milestones: [Milestone] = [],
        status: Status = .inProgress, statusText: String? = nil, evidence: String? = nil,
        source: SourcePosition, extra: [ExtraField] = []
    ) {
        self.id = id
        self.problem = problem
        self.category = category
        self.text = text
        self.unit = unit
        self.owner = owner
        self.leader = leader
        self.unitEmail = unitEmail
        self.leaderEmail = leaderEmail
        self.deadlineText = deadlineText
        self.target = target
        self.milestones = milestones
        self.status = status
        self.statusText = statusText
        self.evidence = evidence
        self.source = source
        self.extra = extra
    }

    /// The last day the measure as a whole is on time: its target, or else its last dated milestone.
    public var due: CivilDate? {
        if case .deadline(let due, _) = target { return due }
        return milestones.compactMap(\.due).max()
    }
}

/// A step of a measure with its own date: "12月底前确定监理单位".
public struct Milestone: Hashable, Sendable {
    /// What is to be done at this step ("确定监理单位").
    public var action: String
    /// The date as written ("12月底前").
    public var dateText: String
    /// The last day on time; nil when the date could not be resolved.
    public var due: CivilDate?
    /// Reported done (已/已于…, or marked so in the ledger).
    public var done: Bool
    /// The sentence it came from.
    public var evidence: String?
    public var source: SourcePosition?

    public init(action: String, dateText: String, due: CivilDate?, done: Bool = false,
                evidence: String? = nil, source: SourcePosition? = nil) {
        self.action = action
        self.dateText = dateText
        self.due = due
        self.done = done
        self.evidence = evidence
        self.source = source
    }
}

/// A field xianqi keeps without interpreting it: an unknown column or key.
public struct ExtraField: Hashable, Sendable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
