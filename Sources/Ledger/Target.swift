import ChineseDates

/// What a target-date text (完成时限) means for scheduling.
public enum Target: Hashable, Sendable {
    /// Nothing written.
    case none
    /// A date to meet; `due` is the last day on time. `aspirational` for 力争/争取.
    case deadline(due: CivilDate, aspirational: Bool)
    /// Work with no end date: 长期坚持, 常态化, 持续推进.
    case ongoing
    /// A rhythm with no due date: 每月, 每季度, 日报告、周汇总、月调度.
    case cadence([DateExpression.Cadence])
    /// Written but not understood as a date; `reason` says what the parser saw.
    case unresolved(reason: String)

    /// Reads a 完成时限 field. A bare date in a target field is a deadline; of several dates
    /// ("2024年10月底前完成设计，12月底前完工") the last to fall due is the target and the
    /// others are the measure's milestones (see ``Target/milestones(in:reference:)``).
    ///
    ///     Target(resolving: "2025年10月底前", reference: nil)      // .deadline(2025-10-31, false)
    ///     Target(resolving: "长期坚持", reference: nil)            // .ongoing
    ///     Target(resolving: "年底前", reference: CivilDate("2024-11-21"))  // .deadline(2024-12-31, false)
    public init(resolving text: String, reference: CivilDate?) {
        let expressions = DateParser(reference: reference, role: .deadlineField).parse(text)
        self.init(expressions: expressions, text: text, reference: reference)
    }

    init(expressions: [DateExpression], text: String, reference: CivilDate?) {
        guard !text.trimmingWhitespace.isEmpty else {
            self = .none
            return
        }
        let deadlines = expressions.filter { $0.kind == .deadline }
        if let last = deadlines.filter({ $0.due != nil }).max(by: { $0.due! < $1.due! }), let due = last.due {
            self = .deadline(due: due, aspirational: last.flags.contains(.aspirational))
            return
        }
        if expressions.contains(where: { $0.kind == .ongoing }) {
            self = .ongoing
            return
        }
        let cadences = expressions.compactMap { e -> DateExpression.Cadence? in
            if case .cadence(let c) = e.meaning { return c }
            return nil
        }
        if !cadences.isEmpty {
            self = .cadence(cadences)
            return
        }
        if !deadlines.isEmpty {
            self = .unresolved(reason: reference == nil
                ? "“\(deadlines[0].text)”是相对日期，需要参照日期 (relative date needs a reference date: set `reference`)"
                : "无法确定“\(deadlines[0].text)”的日期 (deadline could not be resolved)")
            return
        }
        if let first = expressions.first {
            self = .unresolved(reason: "“\(first.text)”被识别为\(Self.kindName(first.kind))，不是完成时限 (read as \(first.kind.rawValue), not a deadline)")
            return
        }
        self = .unresolved(reason: "未识别出日期 (no date found)")
    }

    /// A target-date text read once: its target and, when it names several deadlines, each
    /// as a milestone.
    public static func interpret(_ text: String, reference: CivilDate?) -> (target: Target, milestones: [Milestone]) {
        let expressions = DateParser(reference: reference, role: .deadlineField).parse(text)
        let target = Target(expressions: expressions, text: text, reference: reference)
        guard expressions.lazy.filter({ $0.kind == .deadline }).count > 1 else { return (target, []) }
        return (target, milestones(in: text, reference: reference))
    }

    /// A target-date field already read in full (``FieldReading``): its target and, when it names
    /// several deadlines, each as a milestone. The caller decides what an invalid reading gives.
    public static func interpret(reading: FieldReading, reference: CivilDate?) -> (target: Target, milestones: [Milestone]) {
        let target = Target(expressions: reading.expressions, text: reading.text, reference: reference)
        guard reading.expressions.lazy.filter({ $0.kind == .deadline }).count > 1 else { return (target, []) }
        return (target, milestones(in: reading.text, reference: reference))
    }

    /// The deadlines of a target-date text other than the last one, as milestones: each with
    /// the action written after it.
    public static func milestones(in text: String, reference: CivilDate?) -> [Milestone] {
        let clauses = ClauseExtractor(reference: reference, role: .deadlineField).extract(text)
        let all = clauses.flatMap { clause in
            clause.expressions.filter { $0.kind == .deadline }.map { e in
                Milestone(action: clause.action, dateText: e.text, due: e.due,
                          done: e.flags.contains(.done), evidence: clause.text)
            }
        }
        return all.count > 1 ? all : []
    }

    /// The last day on time, for a deadline.
    public var due: CivilDate? {
        if case .deadline(let due, _) = self { return due }
        return nil
    }

    static func kindName(_ kind: DateExpression.Kind) -> String {
        switch kind {
        case .deadline: "完成时限"
        case .event: "已发生的事实"
        case .since: "起始时间（以来）"
        case .asOf: "统计截止时间（截至）"
        case .cadence: "工作频次"
        case .ongoing: "长期工作"
        case .duration: "时长"
        }
    }
}

