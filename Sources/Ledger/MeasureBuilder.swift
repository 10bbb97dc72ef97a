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
    /// What each distinct text of the table's pool has been read as, by pool id: a ledger
    /// writes the same few target dates ("年底前"), statuses and addresses on many rows, and
    /// each is read once. Arrays by id, not dictionaries: they are looked up on every row.
    private var interpretationOf = IDMap<Interpretation>()
    private var stepsOf = IDMap<[Milestone]>()
    private var statusOf = IDMap<Status?>()
    private var addressesOf = IDMap<AddressList>()

    /// A target-date text read in full (``FieldReading``) and what it means for scheduling.
    /// A class: looked up on every row, it is handed out with one reference count, not a
    /// copy of every array it holds.
    final class Interpretation: Sendable {
        let target: Target
        let milestones: [Milestone]
        let reading: FieldReading

        init(target: Target, milestones: [Milestone], reading: FieldReading) {
            self.target = target
            self.milestones = milestones
            self.reading = reading
        }
    }

    /// The addresses of a cell, and the parts that are not addresses.
    struct AddressList {
        var valid: [String]
        var invalid: [(part: String, problem: AddressProblem)]
    }

    /// The longest 完成时限 read as dates, in Unicode scalars. A real one is a date or a few
    /// ("2024年10月底前完成设计，12月底前完工": 20); a cell of thousands of dates is not a time
    /// limit, and reading it would take memory in proportion to its dates (a 20 MB cell of
    /// them took 5 GB). Longer cells are an error naming their length.
    static let longestDeadlineText = 1_000
    /// The longest 阶段目标 (steps with their actions) read as dates.
    static let longestStepsText = 4_000

    /// False when the reader's caller counts only errors (the scheduling commands): warnings
    /// are then not made at all (a large ledger has one on most rows).
    var keepsWarnings = true

    init(reference: CivilDate?, keepsWarnings: Bool = true) {
        self.reference = reference
        self.keepsWarnings = keepsWarnings
    }

    private mutating func interpret(_ id: UInt32, in table: MeasureTable) -> Interpretation {
        if let known = interpretationOf[id] { return known }
        let text = table.poolString(id) ?? ""
        let length = text.unicodeScalars.count
        let result: Interpretation
        if length > Self.longestDeadlineText {
            result = Interpretation(target: .unresolved(reason: Self.tooLong(length, limit: Self.longestDeadlineText)), milestones: [],
                                    reading: FieldReading.read("", reference: reference))
        } else {
            let reading = FieldReading.read(text, reference: reference)
            if reading.isValid {
                let (target, milestones) = Target.interpret(reading: reading, reference: reference)
                result = Interpretation(target: target, milestones: milestones, reading: reading)
            } else {
                // A cell with an impossible value gives no date: a wrong due is worse than none.
                let reason = reading.problems.map(\.description).joined(separator: "；")
                result = Interpretation(target: .unresolved(reason: reason), milestones: [], reading: reading)
            }
        }
        // Bounded: a hostile ledger of a million distinct cells must not keep a million readings.
        if interpretationOf.count < 50_000 { interpretationOf[id] = result }
        return result
    }

    /// The errors of impossible values and the warning of text left unread, on the cell.
    private func report(_ reading: FieldReading, at site: FieldSite, target: Target, issues: inout [LedgerIssue]) {
        for p in reading.problems {
            issues.append(LedgerIssue(.error, at: site.position, field: site.name, p.message,
                                      text: reading.text, detail: "问题在“\(p.text)”，此项不计到期日 (at “\(p.text)”: no due date taken)",
                                      suggestion: reading.suggestion(for: p)))
        }
        guard keepsWarnings, reading.isValid, !reading.isFullyRead, !reading.expressions.isEmpty else { return }
        if case .unresolved = target { return }
        let left = reading.leftoverTexts.map { "“\($0)”" }.joined(separator: "、")
        issues.append(LedgerIssue(.warning, at: site.position, field: site.name,
                                  "完成时限中有未读懂的文字 \(left)，到期日只按日期部分计 (text in the deadline not understood)",
                                  text: reading.text,
                                  suggestion: "只写日期和“完成”“前”等词，说明写到“备注”列"))
    }

    private mutating func parseStatus(_ id: UInt32, in table: MeasureTable) -> Status? {
        if let known = statusOf[id] { return known }
        let status = Status(parsing: table.poolString(id) ?? "")
        if statusOf.count < 10_000 { statusOf[id] = status }
        return status
    }

    /// A cell's text as a message quotes it: the first 200 characters of a longer one.
    static func shown(_ text: String) -> String {
        text.unicodeScalars.count > 200 ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(200))) + "…" : text
    }

    static func tooLong(_ length: Int, limit: Int) -> String {
        "内容过长（\(length) 字，上限 \(limit) 字），不按日期读取 (\(length) characters, over \(limit): not read as dates)"
    }

    /// The dated steps of a 阶段目标 text (their position is set per row).
    private mutating func steps(in id: UInt32, text: String) -> [Milestone] {
        if let known = stepsOf[id] { return known }
        // Over the bound: no steps, which reports the cell as having none (with its length below).
        var found: [Milestone] = []
        if text.unicodeScalars.count <= Self.longestStepsText {
            found = ClauseExtractor(reference: reference, role: .deadlineField).extract(text).flatMap { clause in
                clause.expressions.filter { $0.kind == .deadline }.map {
                    Milestone(action: clause.action, dateText: $0.text, due: $0.due, done: $0.flags.contains(.done),
                              evidence: clause.text)
                }
            }
        }
        if stepsOf.count < 50_000 { stepsOf[id] = found }
        return found
    }

    private func warn(_ issues: inout [LedgerIssue], _ issue: @autoclosure () -> LedgerIssue) {
        if keepsWarnings { issues.append(issue()) }
    }

    /// Builds a measure a document reader found (TOML, YAML) into `table`; false (with issues)
    /// when there is nothing to build.
    mutating func build(_ raw: RawMeasure, into table: inout MeasureTable, issues: inout [LedgerIssue]) -> Bool {
        var row = FieldRow(position: raw.position)
        for field in MeasureField.allCases {
            guard let value = raw.fields[field] else { continue }
            row.fields.set(field, value.text.isEmpty ? 0 : table.intern(value.text))
        }
        for field in raw.carried { row.carried.insert(field) }
        row.milestoneCount = raw.milestones.count
        row.extras = raw.extra.map { (table.intern($0.name), table.intern($0.value)) }
        return build(row, milestones: raw.milestones, into: &table, issues: &issues) { field in
            raw.fields[field].map { FieldSite(position: $0.position, name: $0.name) } ?? FieldSite(position: raw.position, name: field.title)
        }
    }

    /// Builds a measure from a row of fields (pool ids of `table`) into `table`; false (with
    /// issues) when there is nothing to build. `site` tells where a field's cell is and what
    /// the file calls it, for messages; it is asked only when there is something to say.
    mutating func build(_ row: FieldRow, milestones rawMilestones: [RawMilestone] = [], into table: inout MeasureTable,
                        issues: inout [LedgerIssue], site: (MeasureField) -> FieldSite) -> Bool {
        let f = row.fields
        let textID = f[.measure] != 0 ? f[.measure] : f[.problem]
        guard textID != 0 else {
            if f.isEmpty && row.extras.isEmpty { return false }
            issues.append(LedgerIssue(.error, at: row.position, field: MeasureField.measure.title,
                                      "缺少整改措施，此行未载入 (no measure text: row not loaded)",
                                      suggestion: "填写“整改措施”或“存在问题”列"))
            return false
        }
        if f[.measure] == 0 {
            warn(&issues, LedgerIssue(.warning, at: f.has(.problem) ? site(.problem).position : row.position,
                                      field: MeasureField.measure.title,
                                      "缺少整改措施，以问题描述代替 (no measure text: using the problem)"))
        }

        var m = MeasureTable.Parts()
        m.id = id(for: row, in: &table, issues: &issues)
        m.text = textID
        m.problem = f[.measure] == 0 ? 0 : f[.problem]
        m.category = f[.category]
        m.unit = f[.unit]
        m.owner = f[.owner]
        m.leader = f[.leader]
        m.evidence = f[.evidence]
        var extras = row.extras
        if f[.note] != 0 {
            let name = f.has(.note) ? site(.note).name : "备注"
            extras.append((table.intern(name), f[.note]))
        }
        m.unitEmail = addresses(.unitEmail, of: row, in: table, issues: &issues, site: site)
        m.leaderEmail = addresses(.leaderEmail, of: row, in: table, issues: &issues, site: site)

        if m.unit == 0 && m.owner == 0 {
            warn(&issues, LedgerIssue(.warning, at: row.position, field: MeasureField.unit.title,
                                      "缺少责任单位和责任人 (no owner unit or owner)",
                                      suggestion: "填写“责任单位”，提醒才能发给对应单位"))
        }

        status(of: row, into: &m, table: table, issues: &issues, site: site)
        target(of: row, into: &m, table: table, issues: &issues, site: site)
        milestones(of: row, raw: rawMilestones, into: &m, table: &table, issues: &issues, site: site)
        checkDates(of: m, row: row, table: table, issues: &issues, site: site)
        table.append(m, source: row.position, extras: extras)
        return true
    }

    private mutating func id(for row: FieldRow, in table: inout MeasureTable, issues: inout [LedgerIssue]) -> UInt32 {
        let written = row.fields[.id]
        guard written != 0 else {
            let generated = Self.generatedID(for: row.position)
            warn(&issues, LedgerIssue(.warning, at: row.position, field: MeasureField.id.title,
                                      "缺少编号，已按位置生成“\(generated)”；插入行后编号会变 (no id: generated from the position)",
                                      suggestion: "填写唯一的“序号”，办结、延期记录按编号保存"))
            return table.intern(generated)
        }
        // Excel shows 3 as "3", but a number cell may read "3.0" elsewhere.
        let numberWithPoint = table.poolBytes(written) { $0.count > 2 && $0[$0.count - 2] == UInt8(ascii: ".") && $0[$0.count - 1] == UInt8(ascii: "0") }
        guard numberWithPoint || row.carried.contains(.id) else { return written }
        var id = table.poolString(written) ?? ""
        if numberWithPoint, Int(id.dropLast(2)) != nil { id = String(id.dropLast(2)) }
        // A written id counts as the first of its name; nothing needs recording for it, since
        // a carried id with no count yet is numbered as the second.
        guard row.carried.contains(.id) else { return table.intern(id) }
        let n = (carriedCount[id] ?? 1) + 1
        carriedCount[id] = n
        return table.intern("\(id)-\(n)")
    }

    static func generatedID(for position: SourcePosition) -> String {
        let stem = (position.file as NSString).deletingPathExtension
        let base = (stem as NSString).lastPathComponent
        if let sheet = position.sheet { return "\(base)-\(sheet)-\(position.line ?? 0)" }
        return "\(base)-\(position.line ?? 0)"
    }

    private static let addressSeparators = Set(",;，；、 \n\t".unicodeScalars)

    private mutating func addresses(_ field: MeasureField, of row: FieldRow, in table: MeasureTable, issues: inout [LedgerIssue],
                                    site: (MeasureField) -> FieldSite) -> [String] {
        let id = row.fields[field]
        guard id != 0 else { return [] }
        let list = addressesOf[id] ?? {
            let parts = (table.poolString(id) ?? "").unicodeScalars.split(whereSeparator: Self.addressSeparators.contains).map { String($0) }
            var list = AddressList(valid: [], invalid: [])
            for part in parts where !part.isEmpty {
                if let problem = EmailAddress.problem(with: part) { list.invalid.append((part, problem)) } else { list.valid.append(part) }
            }
            if addressesOf.count < 10_000 { addressesOf[id] = list }
            return list
        }()
        if !list.invalid.isEmpty {
            let at = site(field)
            for (part, problem) in list.invalid {
                issues.append(LedgerIssue(.error, at: at.position, field: at.name,
                                          "邮箱地址无效 (invalid email address): \(problem)", text: part,
                                          suggestion: "形如 zgb@example.gov.cn，多个地址用逗号分隔"))
            }
        }
        return list.valid
    }

    private mutating func status(of row: FieldRow, into m: inout MeasureTable.Parts, table: MeasureTable,
                                 issues: inout [LedgerIssue], site: (MeasureField) -> FieldSite) {
        let id = row.fields[.status]
        guard id != 0 else { return }
        m.statusText = id
        if let status = parseStatus(id, in: table) {
            m.status = status
        } else {
            let at = site(.status)
            issues.append(LedgerIssue(.error, at: at.position, field: at.name,
                                      "整改状态无法识别，按“推进中”处理 (unknown status: treated as in progress)",
                                      text: table.poolString(id), suggestion: Status.acceptedWords.joined(separator: "、")))
        }
    }

    private mutating func target(of row: FieldRow, into m: inout MeasureTable.Parts, table: MeasureTable,
                                 issues: inout [LedgerIssue], site: (MeasureField) -> FieldSite) {
        let id = row.fields[.deadline]
        guard id != 0 else {
            if keepsWarnings, !deadlineColumnMissing, row.fields[.status] == 0 || parseStatus(row.fields[.status], in: table) == nil,
               row.milestoneCount == 0, row.fields[.milestones] == 0 {
                issues.append(LedgerIssue(.warning, at: row.position, field: MeasureField.deadline.title,
                                          "缺少完成时限 (no deadline)",
                                          suggestion: "写成“2025年10月底前”，长期工作写“长期坚持”"))
            }
            return
        }
        m.deadlineText = id
        let read = interpret(id, in: table)
        let target = read.target
        m.target = target
        if !read.milestones.isEmpty {
            let at = site(.deadline).position
            m.milestones = read.milestones.map { with($0, source: at) }
        }
        if !read.reading.problems.isEmpty || (keepsWarnings && !read.reading.isFullyRead) {
            report(read.reading, at: site(.deadline), target: target, issues: &issues)
        }
        if case .unresolved(let reason) = target, read.reading.isValid {
            let at = site(.deadline)
            issues.append(LedgerIssue(.error, at: at.position, field: at.name,
                                      "完成时限无法识别 (deadline not understood)", text: Self.shown(table.poolString(id) ?? ""), detail: reason,
                                      suggestion: "写成“2025年10月底前”“2024年6月30日前”或“长期坚持”"))
        }
        if !row.fields.has(.status), target == .ongoing { m.status = .ongoing }
    }

    private mutating func milestones(of row: FieldRow, raw: [RawMilestone], into m: inout MeasureTable.Parts,
                                     table: inout MeasureTable, issues: inout [LedgerIssue], site: (MeasureField) -> FieldSite) {
        let id = row.fields[.milestones]
        if id != 0 {
            let text = table.poolString(id) ?? ""
            let at = site(.milestones)
            let found = steps(in: id, text: text).map { with($0, source: at.position) }
            if found.isEmpty {
                let length = text.unicodeScalars.count
                issues.append(LedgerIssue(.error, at: at.position, field: at.name,
                                          length > Self.longestStepsText ? "阶段目标" + Self.tooLong(length, limit: Self.longestStepsText)
                                              : "阶段目标中没有可识别的日期 (no dated step found)", text: Self.shown(text),
                                          suggestion: "每个节点写日期和事项，如“2024年10月底确定设计单位；12月底前确定监理单位”"))
            }
            m.milestones += found
        }
        for step in raw {
            guard let action = step.action?.text, !action.isEmpty else {
                issues.append(LedgerIssue(.error, at: step.position, field: "milestone.action",
                                          "阶段目标缺少事项 (milestone without action)"))
                continue
            }
            let dateText = step.deadline?.text ?? ""
            let read = interpret(table.intern(dateText), in: table)
            let target = read.target
            if let d = step.deadline { report(read.reading, at: FieldSite(position: d.position, name: d.name), target: target, issues: &issues) }
            if case .unresolved(let reason) = target, read.reading.isValid, let d = step.deadline {
                issues.append(LedgerIssue(.error, at: d.position, field: d.name, "阶段目标日期无法识别 (milestone date not understood)",
                                          text: dateText, detail: reason))
            }
            let status = step.status.flatMap { parseStatus(table.intern($0.text), in: table) }
            let done = status == .done
            if let s = step.status, status == nil {
                issues.append(LedgerIssue(.error, at: s.position, field: s.name, "阶段目标状态无法识别 (unknown milestone status)",
                                          text: s.text, suggestion: Status.acceptedWords.joined(separator: "、")))
            }
            m.milestones.append(Milestone(action: action, dateText: dateText, due: target.due, done: done,
                                          evidence: step.evidence?.text, source: step.position))
        }
    }

    private func with(_ m: Milestone, source: SourcePosition?) -> Milestone {
        var m = m
        m.source = source
        return m
    }

    private func checkDates(of m: MeasureTable.Parts, row: FieldRow, table: MeasureTable, issues: inout [LedgerIssue],
                            site: (MeasureField) -> FieldSite) {
        guard keepsWarnings, let reference, !m.status.isClosed, let due = m.target.due, due < reference, row.fields.has(.deadline)
        else { return }
        let at = site(.deadline)
        issues.append(LedgerIssue(.warning, at: at.position, field: at.name,
                                  "完成时限 \(due) 早于台账日期 \(reference)，且未标记完成 (deadline before the ledger's date, not done)",
                                  text: table.poolString(m.deadlineText)))
    }
}

/// Where a field's cell is and what the file calls it, for the messages about it.
struct FieldSite {
    var position: SourcePosition
    var name: String
}

/// A row's fields as pool ids of the table being built, before they are checked: what a
/// reader hands ``MeasureBuilder``. A field can be present but blank (a cell of spaces): id 0
/// with its presence kept, as some rules ask whether the column is filled in at all.
struct FieldRow {
    var position: SourcePosition
    var fields = FieldIDs()
    /// Columns kept beside the fields: (name, value) ids.
    var extras: [(name: UInt32, value: UInt32)] = []
    /// Fields filled from a merged cell or the row above: an id carried down is made unique.
    var carried = FieldSet()
    /// Milestones given as separate entries (TOML/YAML), counted for the missing-deadline rule.
    var milestoneCount = 0

    init(position: SourcePosition) { self.position = position }
}

/// A set of fields as bits: a row's carried fields, made on every row.
struct FieldSet {
    private var bits: UInt16 = 0

    func contains(_ field: MeasureField) -> Bool { bits & (1 << field.slot) != 0 }
    mutating func insert(_ field: MeasureField) { bits |= 1 << field.slot }
    var isEmpty: Bool { bits == 0 }
}

/// A pool id per ``MeasureField``, in a fixed array: set and read on every row.
struct FieldIDs {
    private var ids = InlineArray<14, UInt32>(repeating: 0)
    private var present = FieldSet()

    /// The field's text id; 0 when absent or blank.
    subscript(_ field: MeasureField) -> UInt32 { ids[field.slot] }

    /// The field is in the row, even if blank.
    func has(_ field: MeasureField) -> Bool { present.contains(field) }

    mutating func set(_ field: MeasureField, _ id: UInt32) {
        ids[field.slot] = id
        present.insert(field)
    }

    /// No field is in the row.
    var isEmpty: Bool { present.isEmpty }
}

/// Values by pool id: open addressing over the ids with a multiplicative hash, so that a
/// lookup on every row costs a multiply and a compare, not `Hasher`. The ids looked up are
/// few (a column's distinct texts) but spread over the whole pool.
struct IDMap<Value> {
    /// Pool ids, 0 for a free slot; a power of two at least twice the count.
    private var keys = [UInt32](repeating: 0, count: 64)
    private var index = [Int32](repeating: 0, count: 64)
    private var values: [Value] = []

    /// How many ids have a value.
    var count: Int { values.count }

    private func slot(of id: UInt32) -> Int {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (UInt64(id) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while keys[slot] != 0 && keys[slot] != id { slot = (slot + 1) & mask }
        return slot
    }

    subscript(_ id: UInt32) -> Value? {
        get {
            let s = slot(of: id)
            return keys[s] == id && id != 0 ? values[Int(index[s])] : nil
        }
        set {
            guard let newValue, id != 0 else { return }
            let s = slot(of: id)
            if keys[s] == id {
                values[Int(index[s])] = newValue
                return
            }
            keys[s] = id
            index[s] = Int32(values.count)
            values.append(newValue)
            if values.count * 2 > keys.count { grow() }
        }
    }

    private mutating func grow() {
        let old = (keys, index)
        keys = [UInt32](repeating: 0, count: old.0.count * 2)
        index = [Int32](repeating: 0, count: old.0.count * 2)
        for (k, i) in zip(old.0, old.1) where k != 0 {
            let s = slot(of: k)
            keys[s] = k
            index[s] = i
        }
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

/// Tests on a cell's UTF-8 bytes that spare making its `String`.
enum CellBytes {
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// The first or the last scalar is whitespace (``Unicode/Scalar/isSpace``), told from the
    /// bytes: false for the usual cell, which then needs no trimming.
    static func mayHaveSpaceAtEnds(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        var last = bytes.count - 1
        while last > 0, bytes[last] & 0xC0 == 0x80 { last -= 1 }
        return isSpace(bytes, at: 0) || isSpace(bytes, at: last)
    }

    /// The scalar starting at `i` is whitespace: ASCII space and controls 09–0D, and the
    /// whitespace scalars above ASCII (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
    /// U+202F, U+205F, U+3000), by their encodings.
    @inline(__always)
    private static func isSpace(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let lead = b[i]
        if lead < 0x80 { return lead == 0x20 || (0x09...0x0D).contains(lead) }
        // Han characters (E4–E9) and most else are answered here.
        if lead != 0xC2 && (lead < 0xE1 || lead > 0xE3) { return false }
        let scalar: UInt32
        switch lead {
        case 0xC2 where i + 1 < b.count: scalar = UInt32(lead & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)
        case 0xE1...0xE3 where i + 2 < b.count:
            scalar = UInt32(lead & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
        default: return false
        }
        return Unicode.Scalar(scalar)?.isSpace ?? false
    }
}

extension IDMap: Sendable where Value: Sendable {}
