import MailAddressSyntax
import ChineseDates
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Checks and interprets the fields of raw measures, whatever format they came from, so that
/// every reader applies the same rules and gives the same messages.
struct MeasureBuilder {
    let reference: CivilDate?
    /// Ids already handed out in this ledger, for carried-down ids.
    private var carriedCount: [String: Int] = [:]
    /// The sheet has no deadline column: reported once for the sheet, not on every row.
    var deadlineColumnMissing = false
    /// Target-date texts already read: a ledger writes the same few ("年底前") many times.
    private var interpreted: [TextKey: Interpretation] = [:]

    /// A target-date text read in full (``FieldReading``) and what it means for scheduling.
    struct Interpretation {
        var target: Target
        var milestones: [Milestone]
        var reading: FieldReading
    }

    /// The longest 完成时限 read as dates, in Unicode scalars. A real one is a date or a few
    /// ("2024年10月底前完成设计，12月底前完工": 20); a cell of thousands of dates is not a time
    /// limit, and reading it would take memory in proportion to its dates (a 20 MB cell of
    /// them took 5 GB). Longer cells are an error naming their length.
    static let longestDeadlineText = 1_000
    /// The longest 阶段目标 (steps with their actions) read as dates.
    static let longestStepsText = 4_000

    private mutating func interpret(_ text: String) -> Interpretation {
        if let known = interpreted[TextKey(text)] { return known }
        let length = text.unicodeScalars.count
        if length > Self.longestDeadlineText {
            return Interpretation(target: .unresolved(reason: Self.tooLong(length, limit: Self.longestDeadlineText)), milestones: [],
                                  reading: FieldReading.read("", reference: reference))
        }
        let reading = FieldReading.read(text, reference: reference)
        let result: Interpretation
        if reading.isValid {
            let (target, milestones) = Target.interpret(reading: reading, reference: reference)
            result = Interpretation(target: target, milestones: milestones, reading: reading)
        } else {
            // A cell with an impossible value gives no date: a wrong due is worse than none.
            let reason = reading.problems.map(\.description).joined(separator: "；")
            result = Interpretation(target: .unresolved(reason: reason), milestones: [], reading: reading)
        }
        if interpreted.count < 50_000 { interpreted[TextKey(text)] = result }
        return result
    }

    /// The errors of impossible values and the warning of text left unread, on the cell.
    private func report(_ reading: FieldReading, at value: RawValue, target: Target, issues: inout [LedgerIssue]) {
        for p in reading.problems {
            issues.append(LedgerIssue(.error, at: value.position, field: value.name, p.message,
                                      text: reading.text, detail: "问题在“\(p.text)”，此项不计到期日 (at “\(p.text)”: no due date taken)",
                                      suggestion: reading.suggestion(for: p)))
        }
        guard reading.isValid, !reading.isFullyRead, !reading.expressions.isEmpty else { return }
        if case .unresolved = target { return }
        let left = reading.leftoverTexts.map { "“\($0)”" }.joined(separator: "、")
        warn(&issues, LedgerIssue(.warning, at: value.position, field: value.name,
                                  "完成时限中有未读懂的文字 \(left)，到期日只按日期部分计 (text in the deadline not understood)",
                                  text: reading.text,
                                  suggestion: "只写日期和“完成”“前”等词，说明写到“备注”列"))
    }

    /// Status words already read: a ledger writes the same few on every row.
    private var statuses: [TextKey: Status?] = [:]
    /// 阶段目标 texts already read, with their steps (their position is set per row).
    private var stepTexts: [TextKey: [Milestone]] = [:]

    private mutating func parseStatus(_ text: String) -> Status? {
        if let known = statuses[TextKey(text)] { return known }
        let status = Status(parsing: text)
        if statuses.count < 10_000 { statuses[TextKey(text)] = status }
        return status
    }

    /// A cell's text as a message quotes it: the first 200 characters of a longer one.
    static func shown(_ text: String) -> String {
        text.unicodeScalars.count > 200 ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(200))) + "…" : text
    }

    static func tooLong(_ length: Int, limit: Int) -> String {
        "内容过长（\(length) 字，上限 \(limit) 字），不按日期读取 (\(length) characters, over \(limit): not read as dates)"
    }

    private mutating func steps(in text: String) -> [Milestone] {
        if let known = stepTexts[TextKey(text)] { return known }
        // Over the bound: no steps, which reports the cell as having none (with its length below).
        guard text.unicodeScalars.count <= Self.longestStepsText else { return [] }
        let found = ClauseExtractor(reference: reference, role: .deadlineField).extract(text).flatMap { clause in
            clause.expressions.filter { $0.kind == .deadline }.map {
                Milestone(action: clause.action, dateText: $0.text, due: $0.due, done: $0.flags.contains(.done),
                          evidence: clause.text)
            }
        }
        if stepTexts.count < 50_000 { stepTexts[TextKey(text)] = found }
        return found
    }

    /// False when the reader's caller counts only errors (the scheduling commands): warnings
    /// are then not made at all (a large ledger has one on most rows).
    var keepsWarnings = true

    init(reference: CivilDate?, keepsWarnings: Bool = true) {
        self.reference = reference
        self.keepsWarnings = keepsWarnings
    }

    private func warn(_ issues: inout [LedgerIssue], _ issue: @autoclosure () -> LedgerIssue) {
        if keepsWarnings { issues.append(issue()) }
    }

    /// A measure and the issues of its fields; nil (with issues) when there is nothing to build.
    mutating func build(_ raw: RawMeasure, issues: inout [LedgerIssue]) -> Measure? {
        let measureText = raw[.measure] ?? raw[.problem]
        guard let text = measureText else {
            if raw.fields.isEmpty && raw.extra.isEmpty { return nil }
            issues.append(LedgerIssue(.error, at: raw.position, field: MeasureField.measure.title,
                                      "缺少整改措施，此行未载入 (no measure text: row not loaded)",
                                      suggestion: "填写“整改措施”或“存在问题”列"))
            return nil
        }
        if raw[.measure] == nil {
            warn(&issues, LedgerIssue(.warning, at: raw.fields[.problem]?.position ?? raw.position,
                                      field: MeasureField.measure.title,
                                      "缺少整改措施，以问题描述代替 (no measure text: using the problem)"))
        }

        var measure = Measure(id: id(for: raw, issues: &issues), text: text, source: raw.position)
        measure.problem = raw[.measure] == nil ? nil : raw[.problem]
        measure.category = raw[.category]
        measure.unit = raw[.unit]
        measure.owner = raw[.owner]
        measure.leader = raw[.leader]
        measure.evidence = raw[.evidence]
        measure.extra = raw.extra
        if let note = raw[.note] { measure.extra.append(ExtraField(name: raw.fields[.note]?.name ?? "备注", value: note)) }
        measure.unitEmail = addresses(raw.fields[.unitEmail], issues: &issues)
        measure.leaderEmail = addresses(raw.fields[.leaderEmail], issues: &issues)

        if measure.unit == nil && measure.owner == nil {
            warn(&issues, LedgerIssue(.warning, at: raw.position, field: MeasureField.unit.title,
                                      "缺少责任单位和责任人 (no owner unit or owner)",
                                      suggestion: "填写“责任单位”，提醒才能发给对应单位"))
        }

        status(of: raw, into: &measure, issues: &issues)
        target(of: raw, into: &measure, issues: &issues)
        milestones(of: raw, into: &measure, issues: &issues)
        checkDates(of: measure, raw: raw, issues: &issues)
        return measure
    }

    private mutating func id(for raw: RawMeasure, issues: inout [LedgerIssue]) -> String {
        guard let written = raw[.id] else {
            let generated = Self.generatedID(for: raw.position)
            warn(&issues, LedgerIssue(.warning, at: raw.position, field: MeasureField.id.title,
                                      "缺少编号，已按位置生成“\(generated)”；插入行后编号会变 (no id: generated from the position)",
                                      suggestion: "填写唯一的“序号”，办结、延期记录按编号保存"))
            return generated
        }
        // Excel shows 3 as "3", but a number cell may read "3.0" elsewhere.
        var id = written
        if id.hasSuffix(".0"), Int(id.dropLast(2)) != nil { id = String(id.dropLast(2)) }
        // A written id counts as the first of its name; nothing needs recording for it, since
        // a carried id with no count yet is numbered as the second.
        guard raw.carried.contains(.id) else { return id }
        let n = (carriedCount[id] ?? 1) + 1
        carriedCount[id] = n
        return "\(id)-\(n)"
    }

    static func generatedID(for position: SourcePosition) -> String {
        let stem = (position.file as NSString).deletingPathExtension
        let base = (stem as NSString).lastPathComponent
        if let sheet = position.sheet { return "\(base)-\(sheet)-\(position.line ?? 0)" }
        return "\(base)-\(position.line ?? 0)"
    }

    private static let addressSeparators = Set(",;，；、 \n\t".unicodeScalars)

    private func addresses(_ value: RawValue?, issues: inout [LedgerIssue]) -> [String] {
        guard let value else { return [] }
        let parts = value.text.unicodeScalars.split(whereSeparator: Self.addressSeparators.contains).map { String($0) }
        var out: [String] = []
        for part in parts where !part.isEmpty {
            if let problem = EmailAddress.problem(with: part) {
                issues.append(LedgerIssue(.error, at: value.position, field: value.name,
                                          "邮箱地址无效 (invalid email address): \(problem)", text: part,
                                          suggestion: "形如 zgb@example.gov.cn，多个地址用逗号分隔"))
            } else {
                out.append(part)
            }
        }
        return out
    }

    private mutating func status(of raw: RawMeasure, into measure: inout Measure, issues: inout [LedgerIssue]) {
        guard let text = raw[.status] else { return }
        measure.statusText = text
        if let status = parseStatus(text) {
            measure.status = status
        } else {
            issues.append(LedgerIssue(.error, at: raw.fields[.status]!.position, field: raw.fields[.status]!.name,
                                      "整改状态无法识别，按“推进中”处理 (unknown status: treated as in progress)",
                                      text: text, suggestion: Status.acceptedWords.joined(separator: "、")))
        }
    }

    private mutating func target(of raw: RawMeasure, into measure: inout Measure, issues: inout [LedgerIssue]) {
        guard let value = raw.fields[.deadline], let text = raw[.deadline] else {
            if !deadlineColumnMissing, raw.fields[.status].flatMap({ parseStatus($0.text) }) == nil, raw.milestones.isEmpty, raw[.milestones] == nil {
                warn(&issues, LedgerIssue(.warning, at: raw.position, field: MeasureField.deadline.title,
                                          "缺少完成时限 (no deadline)",
                                          suggestion: "写成“2025年10月底前”，长期工作写“长期坚持”"))
            }
            return
        }
        measure.deadlineText = text
        let read = interpret(text)
        let target = read.target
        measure.target = target
        measure.milestones = read.milestones.map { with($0, source: value.position) }
        report(read.reading, at: value, target: target, issues: &issues)
        if case .unresolved(let reason) = target, read.reading.isValid {
            issues.append(LedgerIssue(.error, at: value.position, field: value.name,
                                      "完成时限无法识别 (deadline not understood)", text: Self.shown(text), detail: reason,
                                      suggestion: "写成“2025年10月底前”“2024年6月30日前”或“长期坚持”"))
        }
        if raw.fields[.status] == nil, target == .ongoing { measure.status = .ongoing }
    }

    private mutating func milestones(of raw: RawMeasure, into measure: inout Measure, issues: inout [LedgerIssue]) {
        if let value = raw.fields[.milestones], let text = raw[.milestones] {
            let found = steps(in: text).map { step in
                var step = step
                step.source = value.position
                return step
            }
            if found.isEmpty {
                let length = text.unicodeScalars.count
                issues.append(LedgerIssue(.error, at: value.position, field: value.name,
                                          length > Self.longestStepsText ? "阶段目标" + Self.tooLong(length, limit: Self.longestStepsText)
                                              : "阶段目标中没有可识别的日期 (no dated step found)", text: Self.shown(text),
                                          suggestion: "每个节点写日期和事项，如“2024年10月底确定设计单位；12月底前确定监理单位”"))
            }
            measure.milestones += found
        }
        for m in raw.milestones {
            guard let action = m.action?.text, !action.isEmpty else {
                issues.append(LedgerIssue(.error, at: m.position, field: "milestone.action",
                                          "阶段目标缺少事项 (milestone without action)"))
                continue
            }
            let dateText = m.deadline?.text ?? ""
            let read = interpret(dateText)
            let target = read.target
            if let d = m.deadline { report(read.reading, at: d, target: target, issues: &issues) }
            if case .unresolved(let reason) = target, read.reading.isValid, let d = m.deadline {
                issues.append(LedgerIssue(.error, at: d.position, field: d.name, "阶段目标日期无法识别 (milestone date not understood)",
                                          text: dateText, detail: reason))
            }
            let status = m.status.flatMap { parseStatus($0.text) }
            let done = status == .done
            if let s = m.status, status == nil {
                issues.append(LedgerIssue(.error, at: s.position, field: s.name, "阶段目标状态无法识别 (unknown milestone status)",
                                          text: s.text, suggestion: Status.acceptedWords.joined(separator: "、")))
            }
            measure.milestones.append(Milestone(action: action, dateText: dateText, due: target.due, done: done,
                                                evidence: m.evidence?.text, source: m.position))
        }
    }

    private func with(_ m: Milestone, source: SourcePosition?) -> Milestone {
        var m = m
        m.source = source
        return m
    }

    private func checkDates(of measure: Measure, raw: RawMeasure, issues: inout [LedgerIssue]) {
        guard let reference, !measure.status.isClosed, let due = measure.target.due, due < reference,
              let value = raw.fields[.deadline]
        else { return }
        warn(&issues, LedgerIssue(.warning, at: value.position, field: value.name,
                                  "完成时限 \(due) 早于台账日期 \(reference)，且未标记完成 (deadline before the ledger's date, not done)",
                                  text: measure.deadlineText))
    }
}

/// The addresses xianqi sends to: ASCII `local@domain.tld`, by the rule the mail builder
/// applies too (``AddrSpec``), so that `check` accepts nothing the mail would refuse.
public enum EmailAddress {
    public static func isValid(_ address: String) -> Bool {
        AddrSpec.problem(with: address) == nil
    }

    /// Why `address` cannot be sent to, or nil.
    public static func problem(with address: String) -> AddressProblem? {
        AddrSpec.problem(with: address)
    }
}

/// A text as a dictionary key compared and hashed byte for byte: the caches of a reader look
/// up the same cell texts on every row, and `String`'s own hash normalises to NFC first.
/// Texts differing only in normalisation are then two keys, which costs a second reading of
/// the same text, never a wrong one.
struct TextKey: Hashable {
    var text: String

    init(_ text: String) { self.text = text }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (a: TextKey, b: TextKey) -> Bool {
        var a = a.text
        var b = b.text
        return a.withUTF8 { x in b.withUTF8 { y in x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) } }
    }
}
