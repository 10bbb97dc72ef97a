import ChineseDates
import Foundation

/// Turns a published 整改进展 report into a ledger a person can review: one measure per
/// reported problem (an item with a "整改结果" line) or per innermost numbered item, with the
/// problem, the measure text ("整改情况" or the item's own text), the dated steps it names as
/// milestones, its status, the owner unit (from "责任单位:" or the issuing body of the report
/// or attachment), and the sentence each came from.
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
        let outline = ReportOutline(text)
        ledger.title = outline.parts.first?.titleLines.first
        if ref == nil {
            ledger.issues.append(LedgerIssue(.warning, at: SourcePosition(file: path),
                                             "报告中找不到发布日期，相对日期（年底前）无法确定 (no report date found)",
                                             suggestion: "用 --ref YYYY-MM-DD 指定报告日期"))
        }
        let extractor = ClauseExtractor(reference: ref)
        let file = (path as NSString).lastPathComponent
        for part in outline.parts {
            // The main report may carry its issuer only in the signature at its end.
            let issuer = Self.issuer(of: part) ?? (part.attachment == 0 ? documentDate?.issuer : nil)
            var entries: [ReportOutline.Item] = []
            collect(part.root, into: &entries)
            for item in entries {
                let m = measure(from: item, part: part, issuer: issuer, extractor: extractor, file: file)
                ledger.measures.append(m)
            }
        }
        return ledger
    }

    // MARK: - Which items are measures

    /// Items that report a status are measures, with everything under them. Otherwise the
    /// innermost numbered items are; a top-level section with no numbered items inside is a
    /// measure only when it names a deadline (it is usually the report's general account).
    private func collect(_ item: ReportOutline.Item, into out: inout [ReportOutline.Item]) {
        if item.marker != nil, Self.hasStatus(item) {
            out.append(item)
            return
        }
        if item.children.isEmpty {
            guard item.marker != nil else { return }
            if item.depth > 1 || namesDeadline(item) { out.append(item) }
            return
        }
        for child in item.children { collect(child, into: &out) }
    }

    private static func hasStatus(_ item: ReportOutline.Item) -> Bool {
        let texts = [splitTitle(item.heading).1] + item.paragraphs.map(\.text)
        return texts.contains { Label.segments($0).contains { $0.field == .status } }
    }

    private func namesDeadline(_ item: ReportOutline.Item) -> Bool {
        let text = ([item.heading] + item.paragraphs.map(\.text)).joined(separator: "\n")
        return DateParser(reference: reference ?? CivilDate(year: 2000, month: 1, day: 1)).parse(text)
            .contains { $0.kind == .deadline && !$0.flags.contains(.done) && !$0.flags.contains(.immediate) }
    }

    // MARK: - One measure

    private func measure(from item: ReportOutline.Item, part: ReportOutline.Part, issuer: String?,
                         extractor: ClauseExtractor, file: String) -> Measure {
        let (title, headingBody) = Self.splitTitle(item.heading)
        var fields: [MeasureField: String] = [:]
        var bodies: [(String, Int)] = []
        var statusLine: Int?
        func absorb(_ paragraphs: [(text: String, line: Int)], heading: String?) {
            if let heading { bodies.append((heading, 0)) }
            for p in paragraphs {
                for segment in Label.segments(p.text) {
                    switch segment.field {
                    case nil, .measure?:
                        bodies.append((segment.text, p.line))
                    case let field?:
                        if field == .status { statusLine = p.line }
                        if fields[field] == nil { fields[field] = segment.text }
                    }
                }
            }
        }
        absorb((headingBody.isEmpty ? [] : [(headingBody, item.line)]) + item.paragraphs, heading: nil)
        var stack = item.children
        while !stack.isEmpty {
            let child = stack.removeFirst()
            absorb(child.paragraphs, heading: child.heading)
            stack.insert(contentsOf: child.children, at: 0)
        }
        let bodyText = bodies.map(\.0).joined(separator: "\n")
        for (field, value) in Label.inline(in: bodyText) where fields[field] == nil { fields[field] = value }

        var id = Self.id(for: item, attachment: part.attachment)
        if let idPrefix, !idPrefix.isEmpty { id = "\(idPrefix)-\(id)" }
        let problem = Self.stripProblemLabel(title)
        var m = Measure(id: id, text: bodyText.isEmpty ? problem : bodyText,
                        source: SourcePosition(file: file, line: item.line))
        m.problem = problem
        m.category = Self.category(of: item)
        m.unit = fields[.unit] ?? issuer
        m.owner = fields[.owner]
        m.leader = fields[.leader]
        m.evidence = "\(file):\(item.line)"

        // Steps with dates: in the heading and the body, each resolved in its own sentence.
        let dated = extractor.extract(([title] + bodies.map(\.0)).joined(separator: "\n"))
        var milestones: [Milestone] = []
        for clause in dated {
            // 立行立改 names how the work is done, not a dated step (its due would be the
            // report's own date). A target reported met ("已于8月底前完成") is a fact, no step.
            for e in clause.expressions where e.kind == .deadline && !e.flags.contains(.immediate) {
                guard let due = e.due else { continue }
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
        "整改情况": .measure, "整改措施": .measure, "具体措施": .measure,
        "责任单位": .unit, "牵头单位": .unit, "责任部门": .unit,
        "责任领导": .leader, "分管领导": .leader, "牵头领导": .leader,
        "责任人": .owner,
        "完成时限": .deadline, "整改时限": .deadline, "完成时间": .deadline,
    ]

    /// A paragraph cut where a label starts a sentence: "整改结果:完成。整改情况:……" gives
    /// (status, "完成") and (measure, "……"); text before the first label has no field.
    static func segments(_ paragraph: String) -> [(field: MeasureField?, text: String)] {
        let scalars = Array(paragraph.unicodeScalars)
        var cuts: [(at: Int, valueStart: Int, field: MeasureField)] = []
        var i = 0
        while i < scalars.count {
            if i == 0 || "。；;,，(（".unicodeScalars.contains(scalars[i - 1]) || scalars[i - 1].properties.isWhitespace,
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
            guard cut.field != .measure else {
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

    /// The label (with its colon) at `i`, and how many scalars it takes.
    private static func label(in scalars: [Unicode.Scalar], at i: Int) -> (MeasureField, Int)? {
        for (label, field) in fields {
            let l = Array(label.unicodeScalars)
            guard i + l.count < scalars.count, Array(scalars[i..<(i + l.count)]) == l else { continue }
            let colon = scalars[i + l.count]
            if colon == ":" || colon == "：" { return (field, l.count + 1) }
        }
        return nil
    }

    /// Labels inside running text, as plans write them: "（责任单位：区财政局；完成时限：2024年底前）".
    /// Status and measure labels are not read inline: they head paragraphs.
    static func inline(in text: String) -> [(MeasureField, String)] {
        var out: [(MeasureField, String)] = []
        for (label, field) in fields where field != .status && field != .measure {
            var search = text.startIndex..<text.endIndex
            while let r = text.range(of: label, range: search) {
                search = r.upperBound..<text.endIndex
                guard let colon = text[r.upperBound...].first, colon == ":" || colon == "：" else { continue }
                let start = text.index(after: r.upperBound)
                let end = text[start...].firstIndex { "；;，,。)）\n".contains($0) } ?? text.endIndex
                let value = text[start..<end].trimmingCharacters(in: .whitespaces)
                if !value.isEmpty, value.count <= 40 { out.append((field, value)) }
                break
            }
        }
        return out
    }
}
