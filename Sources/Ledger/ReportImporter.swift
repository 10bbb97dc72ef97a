import ChineseDates
import Foundation

/// Turns a published 整改进展 report, 整改方案 or notice into a ledger a person can review:
/// one measure per reported problem (an item with a "整改结果" line, or whose parts are headed
/// by field names) or per innermost numbered item, per row of a table flattened into the text,
/// or, in text without numbered measures, per paragraph that sets a target; with the problem,
/// the measure text ("整改情况" or the item's own text), the dated steps it names as milestones,
/// its status, the owner unit (from "责任单位:" or the issuing body of the report or
/// attachment), and the sentence each came from.
///
///     let ledger = ReportImporter().importReport(text, path: "000.txt")
///     ledger.reference            // 2024-11-21, from "发布时间:2024-11-21 09:34"
///     ledger.measures[19].milestones.map(\.action)
///     // ["确定设计单位", "确定监理单位", "确定施工单位", "完成全部整改"]
public struct ReportImporter: Sendable {
    /// Overrides the report's own date.
    public var reference: CivilDate?
    /// Put before every id ("GX" gives "GX-2.1.5.20"), so that ledgers of several reports can
    /// be configured together.
    public var idPrefix: String?

    public init(reference: CivilDate? = nil, idPrefix: String? = nil) {
        self.reference = reference
        self.idPrefix = idPrefix
    }

    /// The ledger; its `reference` is the date used, and `issues` says how it was found.
    public func importReport(_ text: String, path: String) -> Ledger {
        let documentDate = DocumentDate.find(in: text)
        let ref = reference ?? documentDate?.date
        var ledger = Ledger(path: path, format: .toml, reference: ref)
        // Tables flattened into columns are read row by row; the outline reads the rest.
        let tables = FlatTable.tables(in: text)
        let outline = ReportOutline(FlatTable.blankingRows(of: tables, in: text))
        ledger.title = outline.parts.first?.titleLines.first
        if reference == nil, let found = documentDate, found.source == .dateline {
            ledger.issues.append(LedgerIssue(.warning, at: SourcePosition(file: path, line: found.line),
                                             "报告日期取自导语 \(found.date)，年份为文中首个年份 (report date from the news lead; its year is the first the text writes)",
                                             suggestion: "如有误，用 --ref YYYY-MM-DD 指定报告日期"))
        }
        if ref == nil {
            ledger.issues.append(LedgerIssue(.warning, at: SourcePosition(file: path),
                                             "报告中找不到发布日期，相对日期（年底前）无法确定 (no report date found)",
                                             suggestion: "用 --ref YYYY-MM-DD 指定报告日期"))
        }
        let extractor = ClauseExtractor(reference: ref, reading: Self.reading(of: text))
        let file = (path as NSString).lastPathComponent
        for part in outline.parts {
            // The main report may carry its issuer only in the signature at its end.
            let issuer = Self.issuer(of: part) ?? (part.attachment == 0 ? documentDate?.issuer : nil)
            var entries: [ReportOutline.Item] = []
            Self.shareGroupFields(part.root)
            collect(part.root, into: &entries, extractor: extractor)
            let defaults = Self.partFields(part)
            var measures = entries.map {
                measure(from: $0, part: part, issuer: issuer, defaults: defaults, extractor: extractor, file: file)
            }
            // Text without numbered measures (a notice, a news item, a flattened page) is
            // read paragraph by paragraph: each paragraph that sets a target is a measure.
            if measures.isEmpty {
                measures = paragraphMeasures(in: part, issuer: issuer, defaults: defaults, extractor: extractor, file: file,
                                             skippingLine: documentDate?.source == .header ? documentDate?.line : nil)
            }
            ledger.measures.append(contentsOf: measures)
        }
        for (n, table) in tables.enumerated() {
            ledger.measures.append(contentsOf: table.measures(
                number: n + 1, issuer: documentDate?.issuer, extractor: extractor,
                reference: reference ?? ref, file: file, idPrefix: idPrefix))
        }
        Self.makeIDsUnique(&ledger.measures)
        return ledger
    }

    /// A document that numbers each problem's parts afresh ("一、问题描述" … "五、完成时限",
    /// then "一、" again) gives two measures the same number: the second is "1-2".
    static func makeIDsUnique(_ measures: inout [Measure]) {
        var seen: [String: Int] = [:]
        for i in measures.indices {
            let id = measures[i].id
            let n = seen[id, default: 0] + 1
            seen[id] = n
            if n > 1 { measures[i].id = "\(id)-\(n)" }
        }
    }

    /// A plan or notice sets what is still to be done; a report says what was done. The
    /// document says which in its title ("…整改方案", "…的通知" against "…整改进展情况的通报",
    /// "…情况的报告") or in the formula that opens a notice ("现将有关事项通知如下").
    static func reading(of text: String) -> ClauseExtractor.Reading {
        let opening = text.split(separator: "\n").prefix(12).map { $0.trimmingCharacters(in: .whitespaces) }
        let titles = opening.filter { $0.unicodeScalars.count <= 80 && !$0.contains("。") }
        let report = ["进展情况", "进展的通报", "整改情况的", "落实情况的", "情况报告", "情况通报", "情况的报告", "情况的通报"]
        if titles.contains(where: { t in report.contains(where: t.contains) }) { return .report }
        let plan = ["方案", "计划", "通知", "要点", "意见", "任务分解", "任务清单", "规定"]
        let formulas = ["通知如下", "制定本方案", "制定本实施方案", "制定本行动方案", "印发给你们", "印发你们", "提出以下要求", "提出如下要求"]
        if titles.contains(where: { t in plan.contains(where: t.contains) }) { return .plan }
        return opening.contains(where: { l in formulas.contains(where: l.contains) }) ? .plan : .report
    }

    // MARK: - Which items are measures

    /// Items that report a status are measures, with everything under them; so are items
    /// whose parts are headed by field names ("二、整改实施主体", "五、完成时限"). Otherwise the
    /// innermost numbered items are; a top-level section with no numbered items inside is a
    /// measure only when it names a deadline (it is usually the report's general account).
    private func collect(_ item: ReportOutline.Item, into out: inout [ReportOutline.Item], extractor: ClauseExtractor) {
        if item.marker != nil, Self.hasStatus(item) || Self.hasFieldChildren(item) || Self.listsItsSteps(item) {
            out.append(item)
            return
        }
        if item.children.isEmpty {
            guard item.marker != nil else { return }
            if item.depth > 1 || namesDeadline(item, extractor: extractor) { out.append(item) }
            return
        }
        // A section's own paragraphs before its items may set a target of their own
        // ("二、整改目标" / "2025年6月底前，全面完成整改任务。" / "(一)…").
        if item.marker != nil, Self.setsTarget(item.paragraphs.map(\.text).joined(separator: "\n"), extractor: extractor) {
            out.append(ReportOutline.Item.ownText(of: item))
        }
        // Siblings headed by field names are the parts of one measure, headed by the first;
        // a name written again, or the numbers starting afresh, begins the next measure.
        var k = 0
        while k < item.children.count {
            let child = item.children[k]
            if Label.heading(child.heading) != nil {
                var run = [child]
                var named: Set<String> = [child.heading]
                while k + 1 < item.children.count, Label.heading(item.children[k + 1].heading) != nil,
                      !named.contains(item.children[k + 1].heading), item.children[k + 1].number > item.children[k].number {
                    k += 1
                    run.append(item.children[k])
                    named.insert(item.children[k].heading)
                }
                if run.count > 1 {
                    out.append(ReportOutline.Item.joining(run))
                    k += 1
                    continue
                }
            }
            collect(child, into: &out, extractor: extractor)
            k += 1
        }
    }

    /// "1. 市科技馆" / "(1)…" "(2)…" "(3)…" / "问题整改责任单位:市科技馆 整改时限:3天": a line of
    /// fields only, after the last item of a group whose items name no fields of their own,
    /// is the group's: every item takes it (its outline put it under the last item alone).
    static func shareGroupFields(_ item: ReportOutline.Item) {
        for child in item.children { shareGroupFields(child) }
        guard item.children.count >= 2, item.children.allSatisfy({ $0.children.isEmpty }), let last = item.children.last
        else { return }
        var trailing: [(text: String, line: Int)] = []
        while let p = last.paragraphs.last, isFieldsOnly(p.text) {
            trailing.insert(p, at: 0)
            last.paragraphs.removeLast()
        }
        guard !trailing.isEmpty else { return }
        let othersNameFields = item.children.dropLast().contains { $0.paragraphs.contains { isFieldsOnly($0.text) } }
        for child in othersNameFields ? [last] : item.children { child.paragraphs.append(contentsOf: trailing) }
    }

    /// A paragraph of short fields only ("责任单位:市科技馆 整改时限:3天").
    static func isFieldsOnly(_ text: String) -> Bool {
        let segments = Label.segments(text)
        return !segments.isEmpty && segments.allSatisfy { $0.field != nil && $0.field != .measure && $0.field != .problem }
    }

    private static func hasStatus(_ item: ReportOutline.Item) -> Bool {
        let texts = [splitTitle(item.heading).1] + item.paragraphs.map(\.text)
        return texts.contains { Label.segments($0).contains { $0.field == .status } || Label.alone($0) == .status }
            || item.children.contains { Label.heading($0.heading) == .status }
    }

    /// "整改措施：" and then the steps as numbered items without items of their own: the
    /// steps are the measure's, and so are the fields written after them.
    private static func listsItsSteps(_ item: ReportOutline.Item) -> Bool {
        guard !item.children.isEmpty, item.children.allSatisfy({ $0.children.isEmpty }) else { return false }
        let texts = [splitTitle(item.heading).1] + item.paragraphs.map(\.text)
        return texts.contains { Label.alone($0) == .measure }
    }

    /// Two or more children headed by field names: "(一)问题描述", "(二)整改措施"….
    private static func hasFieldChildren(_ item: ReportOutline.Item) -> Bool {
        item.children.filter { Label.heading($0.heading) != nil }.count >= 2
    }

    private func namesDeadline(_ item: ReportOutline.Item, extractor: ClauseExtractor) -> Bool {
        let text = ([item.heading] + item.paragraphs.map(\.text)).joined(separator: "\n")
        return Self.setsTarget(text, extractor: extractor)
    }

    /// Text with a date still to be met.
    static func setsTarget(_ text: String, extractor: ClauseExtractor) -> Bool {
        extractor.extract(text).contains { clause in
            clause.expressions.contains {
                $0.kind == .deadline && !$0.flags.contains(.done) && !$0.flags.contains(.immediate)
                    && !isPublicityPeriod($0, in: clause.sentence)
            }
        }
    }

    /// "公示期为2018年6月7日至2018年6月13日。如有异议…", "公示时间:…至…,共7天": the period in
    /// which the report itself is on public display (a window for objections), no target of
    /// the rectification. A 公示 due as a step ("6月底前完成整改结果公示") is kept: it is no
    /// range and asks for no 异议.
    static func isPublicityPeriod(_ e: DateExpression, in sentence: String) -> Bool {
        sentence.contains("公示") && (e.flags.contains(.range) || sentence.contains("异议") || sentence.contains("異議"))
    }

    /// Field values written in the part outside its items, as a table flattened line by line
    /// writes them ("责任单位 |" / "市生态保护和修复重大项目推进中心 |"): the unit, owner and
    /// leader of every measure of the part that does not name its own.
    static func partFields(_ part: ReportOutline.Part) -> [MeasureField: String] {
        var fields: [MeasureField: String] = [:]
        let paragraphs = part.root.paragraphs
        for (i, p) in paragraphs.enumerated() {
            guard let field = Label.alone(p.text), [.unit, .owner, .leader].contains(field),
                  i + 1 < paragraphs.count, Label.alone(paragraphs[i + 1].text) == nil
            else { continue }
            let value = Label.cellText(paragraphs[i + 1].text)
            if !value.isEmpty, fields[field] == nil { fields[field] = value }
        }
        return fields
    }

    /// Each paragraph of the part that sets a target, as a measure "P1", "P2"….
    /// The page header's line (its publication date) is no paragraph of the text.
    private func paragraphMeasures(in part: ReportOutline.Part, issuer: String?, defaults: [MeasureField: String],
                                   extractor: ClauseExtractor, file: String, skippingLine header: Int?) -> [Measure] {
        var out: [Measure] = []
        var stack = [part.root]
        var paragraphs: [(text: String, line: Int)] = []
        while let item = stack.popLast() {
            if item.marker != nil { paragraphs.append((item.heading, item.line)) }
            paragraphs.append(contentsOf: item.paragraphs)
            stack.append(contentsOf: item.children.reversed())
        }
        for p in paragraphs.sorted(by: { $0.line < $1.line })
        where p.line != header && Self.setsTarget(p.text, extractor: extractor) {
            let number = out.count + 1
            let item = ReportOutline.Item(marker: nil, number: number, heading: "", line: p.line, parent: nil)
            item.paragraphs = [p]
            var m = measure(from: item, part: part, issuer: issuer, defaults: defaults, extractor: extractor, file: file)
            var id = part.attachment == 0 ? "P\(number)" : "F\(part.attachment)-P\(number)"
            if let idPrefix, !idPrefix.isEmpty { id = "\(idPrefix)-\(id)" }
            m.id = id
            m.problem = nil
            out.append(m)
        }
        return out
    }

    // MARK: - One measure

    private func measure(from item: ReportOutline.Item, part: ReportOutline.Part, issuer: String?,
                         defaults: [MeasureField: String], extractor: ClauseExtractor, file: String) -> Measure {
        let (title, headingBody) = Self.splitTitle(item.heading)
        var fields: [MeasureField: String] = [:]
        var bodies: [(String, Int)] = []
        var statusLine: Int?
        // A field name alone on its line or as a heading ("完成时限", "二、整改实施主体",
        // "责任单位 |") takes the paragraphs after it as its value.
        var pending: MeasureField?
        func record(_ field: MeasureField, _ rawValue: String, line: Int) {
            let value = Label.cellText(rawValue)
            guard !value.isEmpty else { return }
            switch field {
            case .measure where value.unicodeScalars.count <= 10 && Status(parsing: value) != nil && fields[.status] == nil:
                // "整改情况：已完成。" is a status, not an account.
                statusLine = line
                var word = Substring(value).unicodeScalars[...]
                while let l = word.last, "。；;，,".unicodeScalars.contains(l) { word = word.dropLast() }
                fields[.status] = String(String.UnicodeScalarView(word))
            case .measure:
                bodies.append((value, line))
            case .problem:
                // The problem is described, not scheduled: its dates are not targets.
                fields[.problem] = fields[.problem].map { $0 + "\n" + value } ?? value
            default:
                if field == .status { statusLine = line }
                if fields[field] == nil { fields[field] = value }
            }
        }
        func absorb(_ paragraphs: [(text: String, line: Int)], heading: (text: String, line: Int, underField: Bool)?) {
            if let heading {
                if let field = Label.heading(heading.text) {
                    pending = field
                } else if let field = pending, field == .problem || field == .measure, heading.underField {
                    // "一、整改问题" / "(一)宿马园区唐河…": an item under a field's heading is
                    // that field's text.
                    record(field, heading.text, line: heading.line)
                } else {
                    pending = nil
                    bodies.append((heading.text, 0))
                }
            }
            for p in paragraphs {
                if let field = Label.alone(p.text) {
                    pending = field
                    continue
                }
                if let field = pending {
                    let value = Label.cellText(p.text)
                    if !value.isEmpty {
                        record(field, value, line: p.line)
                        // One line is the value of a short field; a measure or a problem
                        // runs on to the next field name.
                        if field != .measure && field != .problem { pending = nil }
                    }
                    continue
                }
                for segment in Label.segments(p.text) {
                    switch segment.field {
                    case nil:
                        if segment.text.unicodeScalars.contains(where: { !"|｜".unicodeScalars.contains($0) }) {
                            bodies.append((Label.cellText(segment.text), p.line))
                        }
                    case let field?:
                        record(field, segment.text, line: p.line)
                    }
                }
            }
        }
        absorb((headingBody.isEmpty ? [] : [(headingBody, item.line)]) + item.paragraphs, heading: nil)
        var stack = item.children
        while !stack.isEmpty {
            let child = stack.removeFirst()
            let underField = child.parent.map { Label.heading($0.heading) != nil } ?? false
            absorb(child.paragraphs, heading: (child.heading, child.line, underField))
            stack.insert(contentsOf: child.children, at: 0)
        }
        let bodyText = bodies.map(\.0).filter { !$0.isEmpty }.joined(separator: "\n")
        for (field, value) in Label.inline(in: bodyText) where fields[field] == nil { fields[field] = value }

        var id = Self.id(for: item, attachment: part.attachment)
        if let idPrefix, !idPrefix.isEmpty { id = "\(idPrefix)-\(id)" }
        let titleIsLabel = Label.heading(title) != nil
        let problem = fields[.problem] ?? Self.stripProblemLabel(title)
        var m = Measure(id: id, text: bodyText.isEmpty ? problem : bodyText,
                        source: SourcePosition(file: file, line: item.line))
        m.problem = problem
        m.category = Self.category(of: item)
        m.unit = fields[.unit] ?? defaults[.unit] ?? issuer
        m.owner = fields[.owner] ?? defaults[.owner]
        m.leader = fields[.leader] ?? defaults[.leader]
        m.evidence = "\(file):\(item.line)"

        // Steps with dates: in the heading and the body, each resolved in its own sentence.
        let scheduled = (fields[.problem] == nil && !titleIsLabel ? [title] : []) + bodies.map(\.0)
        let dated = extractor.extract(scheduled.joined(separator: "\n"))
        var milestones: [Milestone] = []
        for clause in dated {
            // 立行立改 names how the work is done, not a dated step (its due would be the
            // report's own date). A target reported met ("已于8月底前完成") is a fact, no step.
            for e in clause.expressions where e.kind == .deadline && !e.flags.contains(.immediate) {
                guard let due = e.due, !Self.isPublicityPeriod(e, in: clause.sentence) else { continue }
                milestones.append(Milestone(action: clause.action, dateText: e.text, due: due,
                                            done: e.flags.contains(.done), evidence: clause.sentence))
            }
        }
        if let written = fields[.deadline] {
            m.deadlineText = written
            m.target = Target(resolving: written, reference: reference ?? extractor.parser.reference)
        } else if let last = milestones.last(where: { !$0.done }) ?? milestones.last, let due = last.due {
            m.deadlineText = LedgerWriter.standaloneDate(last, reference: extractor.parser.reference)
            m.target = .deadline(due: due, aspirational: false)
        } else if DateParser(reference: nil).parse(bodyText).contains(where: { $0.kind == .ongoing }) {
            m.target = .ongoing
        }
        m.milestones = milestones.count > 1 ? milestones : []

        if let s = fields[.status] {
            m.statusText = s
            m.status = Status(parsing: s) ?? .inProgress
        } else if case .ongoing = m.target {
            m.status = .ongoing
        }
        if let statusLine { m.extra.append(ExtraField(name: "整改结果出处", value: "\(file):\(statusLine)")) }
        return m
    }

    /// "二.(一).5.(20)" as "2.1.5.20"; attachments prefixed "F2-".
    static func id(for item: ReportOutline.Item, attachment: Int) -> String {
        let path = item.path.map(String.init).joined(separator: ".")
        return attachment == 0 ? path : "F\(attachment)-\(path)"
    }

    /// The heading's first sentence is its title; what follows on the same line is body.
    static func splitTitle(_ heading: String) -> (String, String) {
        let scalars = Array(heading.unicodeScalars)
        guard let stop = scalars.firstIndex(where: { $0 == "。" || $0 == "；" }), stop < 80 else {
            return (heading, "")
        }
        let title = String(String.UnicodeScalarView(scalars[...stop]))
        let body = String(String.UnicodeScalarView(scalars[(stop + 1)...])).trimmingCharacters(in: .whitespaces)
        return (title, body)
    }

    /// "问题3:…", "反馈问题:…" → "…".
    static func stripProblemLabel(_ text: String) -> String {
        var s = text
        for label in ["反馈问题", "存在问题", "问题"] where s.hasPrefix(label) {
            var rest = Substring(s.dropFirst(label.count))
            while let c = rest.first, c.isNumber { rest = rest.dropFirst() }
            if let c = rest.first, c == ":" || c == "：" {
                s = String(rest.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            break
        }
        return s
    }

    /// The nearest heading above that is not the report's top-level section ("二、…").
    static func category(of item: ReportOutline.Item) -> String? {
        var p = item.parent
        var fallback: String?
        while let parent = p, parent.marker != nil {
            let (title, _) = splitTitle(parent.heading)
            let clean = stripProblemLabel(title)
            if parent.depth > 1 { return clean }
            fallback = clean
            p = parent.parent
        }
        return fallback
    }

    /// The body that issued the report or attachment: the title line's part before "关于",
    /// or a short line on its own above it ("中共湖南湘江新区纪检监察工作委员会" / "关于…的通报").
    static func issuer(of part: ReportOutline.Part) -> String? {
        for (i, line) in part.titleLines.enumerated() {
            if let r = line.range(of: "关于") {
                let before = line[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
                if !before.isEmpty { return before }
                if i > 0 { return part.titleLines[i - 1] }
            }
        }
        return nil
    }
}

/// "整改结果:阶段性完成", "责任单位：区财政局": a field name, a colon and its value.
enum Label {
    static let fields: [String: MeasureField] = [
        "整改结果": .status, "整改状态": .status, "完成情况": .status, "整改进展": .status,
        "整改进展情况": .status, "整改完成情况": .status, "进展情况": .status,
        // "整改情况" is mostly the account of what was done, and a status when it is one
        // ("整改情况：已完成"): see `record`.
        "整改情况": .measure, "整改措施": .measure, "具体措施": .measure, "整改目标": .measure,
        "重点措施": .measure, "主要措施": .measure, "整改举措": .measure, "目标任务": .measure,
        "问题描述": .problem, "存在问题": .problem, "反馈问题": .problem, "整改任务": .problem, "整改问题": .problem,
        "责任单位": .unit, "牵头单位": .unit, "责任部门": .unit, "问题整改责任单位": .unit, "整改责任单位": .unit,
        "整改实施主体": .unit, "整改责任主体": .unit, "责任主体": .unit, "整改主体": .unit,
        "主责单位": .unit, "牵头部门": .unit, "责任科室": .unit, "责任处室": .unit, "实施单位": .unit,
        "责任领导": .leader, "分管领导": .leader, "牵头领导": .leader,
        "责任人": .owner,
        "完成时限": .deadline, "整改时限": .deadline, "完成时间": .deadline, "整改期限": .deadline, "完成期限": .deadline,
        "时间节点": .deadline, "时限要求": .deadline, "整改时间": .deadline, "完成时限要求": .deadline,
    ]

    /// A field name written alone, as a heading or a table cell on its own line: "完成时限",
    /// "整改实施主体：", "责任单位 |".
    static func alone(_ text: String) -> MeasureField? {
        var t = cellText(text)
        while let last = t.unicodeScalars.last, ":：".unicodeScalars.contains(last) {
            t = String(t.unicodeScalars.dropLast()).trimmingWhitespace
        }
        return fields[t]
    }

    /// A heading (its number already read) that is a field name: "五、完成时限".
    static func heading(_ text: String) -> MeasureField? {
        var t = text
        while let last = t.unicodeScalars.last, "。.".unicodeScalars.contains(last) { t = String(t.unicodeScalars.dropLast()) }
        return alone(t)
    }

    /// The text of a cell of a table flattened line by line: without its bars ("… |").
    static func cellText(_ text: String) -> String {
        var scalars = Substring(text.trimmingWhitespace).unicodeScalars[...]
        while let f = scalars.first, f == "|" || f == "｜" || f.properties.isWhitespace { scalars = scalars.dropFirst() }
        while let l = scalars.last, l == "|" || l == "｜" || l.properties.isWhitespace { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// A paragraph cut where a label starts a sentence: "整改结果:完成。整改情况:……" gives
    /// (status, "完成") and (measure, "……"); text before the first label has no field.
    static func segments(_ paragraph: String) -> [(field: MeasureField?, text: String)] {
        let scalars = Array(paragraph.unicodeScalars)
        var cuts: [(at: Int, valueStart: Int, field: MeasureField)] = []
        var i = 0
        while i < scalars.count {
            if i == 0 || "。；;,，(（".unicodeScalars.contains(scalars[i - 1]) || scalars[i - 1].properties.isWhitespace
                || scalars[i] == "【",
               let (field, length) = label(in: scalars, at: i) {
                cuts.append((i, i + length, field))
                i += length
                continue
            }
            i += 1
        }
        func text(_ r: Range<Int>) -> String {
            var t = Substring(String(String.UnicodeScalarView(scalars[r])).trimmingWhitespace)
            // "(责任单位:…)" leaves its opening bracket behind on the text before it.
            while let last = t.last, "(（,，".contains(last) { t = t.dropLast() }
            return String(t).trimmingWhitespace
        }
        var out: [(field: MeasureField?, text: String)] = []
        let firstCut = cuts.first?.at ?? scalars.count
        if firstCut > 0 { out.append((nil, text(0..<firstCut))) }
        for (n, cut) in cuts.enumerated() {
            let end = n + 1 < cuts.count ? cuts[n + 1].at : scalars.count
            guard cut.field != .measure, cut.field != .problem else {
                out.append((cut.field, text(cut.valueStart..<end)))
                continue
            }
            // A short field ends at the end of its sentence or bracket; what follows is text.
            let stop = scalars[cut.valueStart..<end].firstIndex { "；;。)）".unicodeScalars.contains($0) } ?? end
            out.append((cut.field, text(cut.valueStart..<stop)))
            if stop + 1 < end { out.append((nil, text((stop + 1)..<end))) }
        }
        return out.filter { !$0.text.isEmpty }
    }

    /// The label (with its colon) at `i`, and how many scalars it takes; "【完成时限】" and
    /// "[责任单位]" are labels too.
    private static func label(in scalars: [Unicode.Scalar], at i: Int) -> (MeasureField, Int)? {
        if i < scalars.count, scalars[i] == "【" || scalars[i] == "[" {
            let close: Unicode.Scalar = scalars[i] == "【" ? "】" : "]"
            for (label, field) in fields {
                let l = Array(label.unicodeScalars)
                let end = i + 1 + l.count
                guard end < scalars.count, Array(scalars[(i + 1)..<end]) == l, scalars[end] == close else { continue }
                var length = l.count + 2
                if end + 1 < scalars.count, scalars[end + 1] == ":" || scalars[end + 1] == "：" { length += 1 }
                return (field, length)
            }
            return nil
        }
        for (label, field) in fields {
            let l = Array(label.unicodeScalars)
            guard i + l.count < scalars.count, Array(scalars[i..<(i + l.count)]) == l else { continue }
            // A colon, or the bar of a table flattened into a line ("| 责任单位 | 区财政局 |").
            var j = i + l.count
            while j < scalars.count, scalars[j] == " " { j += 1 }
            guard j < scalars.count else { continue }
            let colon = scalars[j]
            if colon == ":" || colon == "：" || colon == "|" || colon == "｜" { return (field, j - i + 1) }
        }
        return nil
    }

    /// Labels inside running text, as plans write them: "（责任单位：区财政局；完成时限：2024年底前）".
    /// Status and measure labels are not read inline: they head paragraphs.
    static func inline(in text: String) -> [(MeasureField, String)] {
        var out: [(MeasureField, String)] = []
        for (label, field) in fields where field != .status && field != .measure && field != .problem {
            var search = text.startIndex..<text.endIndex
            while let r = text.range(of: label, range: search) {
                search = r.upperBound..<text.endIndex
                guard let colon = text[r.upperBound...].first, colon == ":" || colon == "：" || colon == "】" else { continue }
                var start = text.index(after: r.upperBound)
                if colon == "】", start < text.endIndex, text[start] == ":" || text[start] == "：" { start = text.index(after: start) }
                let end = text[start...].firstIndex { "；;，,。)）\n".contains($0) } ?? text.endIndex
                let value = text[start..<end].trimmingCharacters(in: .whitespaces)
                if !value.isEmpty, value.count <= 40 { out.append((field, value)) }
                break
            }
        }
        return out
    }
}
