/// Finds and resolves the time expressions of Chinese text.
///
///     let parser = DateParser(reference: CivilDate("2024-11-21"))
///     for e in parser.parse("计划于2024年10月底确定设计单位,12月底前确定监理单位") {
///         print(e.text, e.kind, e.due as Any)
///     }
///     // 2024年10月底 deadline 2024-10-31
///     // 12月底前     deadline 2024-12-31
///
/// Conventions (see docs/date-grammar.md):
/// - "M月前" is before the month starts (due: the last day of M-1); "M月底前" is by its end.
///   "Y年前" likewise is before the year starts. A day ("6月30日前") is inclusive.
///   A quarter, half, 旬 or festival part ("三季度前", "上半年前") is by its end; "春节前"
///   is by the day before the festival.
/// - A month or day without a year takes the year of the last date written earlier in the
///   same sentence; a planned chain that goes back in the calendar ("11月…1月底") rolls
///   into the next year, and so does the end of a range ("12月25日至1月5日").
/// - With no year in the sentence: a deadline not yet reported done takes the reference
///   year, unless it fell due there more than half a year before the reference date, then
///   the next year (a report of November naming "3月底前" means next March, a plan of March
///   naming "10月底前" this October); anything else (a fact, a "since", a done deadline) takes the latest year that
///   does not put it after the reference date.
/// - Without a reference date, expressions that need one are returned unresolved.
public struct DateParser: Sendable {
    /// How bare dates are read.
    public enum Role: Sendable {
        /// Running text: a bare date is a fact unless a cue (计划, 力争, 前, 内) makes it a target.
        case narrative
        /// A target-date field of a ledger (完成时限): a bare date is a deadline.
        case deadlineField
    }

    public let reference: CivilDate?
    public let role: Role

    public init(reference: CivilDate?, role: Role = .narrative) {
        self.reference = reference
        self.role = role
    }

    /// The time expressions of `text`, in order of appearance.
    public func parse(_ text: String) -> [DateExpression] {
        parse(ScalarText(text, droppingSpacesInDates: true))
    }

    /// The time expressions of a text already decoded, its spaces inside dates dropped.
    func parse(_ t: ScalarText) -> [DateExpression] {
        let raws = Scanner(t: t, field: role == .deadlineField).scan()
        var resolver = Resolver(t: t, reference: reference, role: role)
        return raws.map { raw in
            let e = resolver.resolve(raw)
            guard t.origin != nil else { return e }
            return DateExpression(text: e.text, span: t.originalRange(e.span), meaning: e.meaning,
                                  precision: e.precision, interval: e.interval, flags: e.flags, runsUntil: e.runsUntil)
        }
    }
}

/// An expression as found, before it is classified and resolved.
struct RawExpression {
    enum Core {
        case point(PointGrammar.Core)
        case rhythm(RhythmGrammar.Match)
    }

    var span: Range<Int>
    /// The span of the calendar core, without modifiers.
    var coreSpan: Range<Int>
    var core: Core
    var prefix: Cues.Prefix
    var suffix: Cues.Suffix
    var sentence: Int
}

/// Walks the text once, left to right, reading the longest expression at each position.
struct Scanner {
    let t: ScalarText
    /// The text is a ledger's target-date field (`DateParser.Role.deadlineField`).
    var field = false

    /// Every scalar an expression can start with: digits, Chinese numerals and the first
    /// characters of the grammar's words. Other positions are skipped without trying the
    /// grammar, which is what keeps scanning fast on ordinary prose.
    /// (Full-width digits and letters fold to ASCII before this check.) The anchor table's
    /// `.trigger` bit is this set.
    static let triggerScalars = "0123456789" + "〇○零一二三四五六七八九十百千两廿卅" + "今本明去上前后当同次翌年下第元Qq季半"
        + "春国劳五清端中" + "到截目" + "长常持久动一滚" + "每按定双隔日天周星旬月逐逢" + "近多未连为历"
        + "经利再用不提大共限给核超最原约会召举坚" + "聘任租服试" + "礼" + "立即边马" + "秋夏冬汛主岁这昨即" + "以" + "《" + "农旧开" + "植妇青儿建教圣"
        + "离假放报入退考届期施交出活比"  // spans counted back from 离校, 假期, 到期…: RhythmGrammar.spanPrefixes
        + "之"  // 自本通告发布之日起: Scanner.documentDaySince

    func scan() -> [RawExpression] {
        let points = PointGrammar(t: t, field: field)
        let rhythms = RhythmGrammar(t: t)
        var sentences = Cues.SentenceCounter(t)
        var out: [RawExpression] = []
        var i = 0
        // The end and the point of the last expression read, for a list that continues it.
        var lastEnd = -1
        var lastPoint = TimePoint()
        let anchors = AnchorTable.shared
        while i < t.count {
            // Most of the text starts nothing: pass over it in a loop of its own, one table
            // lookup per scalar, touching none of the state below.
            i = anchors.nextTrigger(in: t.scalars, from: i)
            guard i < t.count else { break }
            let u = t.scalars[i]
            if u == "《", let close = closing(from: i) {
                i = close + 1  // titles name documents, not times: "《…2024年工作要点》"
                continue
            }
            // The readers that may start here (the anchor table and what follows a number);
            // where none may, nothing below would be found.
            let rhythmReaders = rhythms.readers(at: i)
            let pointReaders = points.readers(at: i)
            if rhythmReaders.isEmpty, pointReaders.isEmpty, u != "以", u != "之" {
                i += 1
                continue
            }
            // A day or month continuing a list: "6月14日、15日", "7月、8月".
            let continuesList = lastEnd >= 0 && lastEnd <= i && i - lastEnd <= 1
                && (lastEnd == i || "、和及与".unicodeScalars.contains(t.scalars[lastEnd]))
            // "巡视整改以来", "党的二十大以来": since an event named just before.
            if t.has("以来", at: i) {
                // "自2016年9月本届州委开展首轮巡察工作以来": the dated start reaches to 以来.
                // "2019年第二轮督察启动以来" too: the date opens the event phrase.
                if var start = out.last, case .point = start.core, start.suffix == .none,
                   start.prefix == .from || (start.prefix == .none && i - start.span.upperBound <= 16),
                   start.sentence == sentences.index(at: i), Cues.clauseStart(in: t, before: i) <= start.span.lowerBound,
                   i - start.span.upperBound <= 40 {
                    start.span = start.span.lowerBound..<(i + 2)
                    start.suffix = .since
                    out[out.count - 1] = start
                    i += 2
                    continue
                }
                let lower = max(Cues.clauseStart(in: t, before: i), i - 12, out.last?.span.upperBound ?? 0)
                if lower < i, t.isHan(i - 1) {
                    out.append(RawExpression(span: lower..<(i + 2), coreSpan: lower..<(i + 2), core: .rhythm(.eventSince),
                                             prefix: .none, suffix: .none, sentence: sentences.index(at: i)))
                }
                i += 2
                continue
            }
            // "自本通告发布之日起,…严禁…", "本通知自印发之日起施行": since this document's day.
            if u == "之", let start = documentDaySince(endingAt: i) {
                var today = TimePoint()
                today.dayRelative = 0
                out.append(RawExpression(span: start..<(i + 3), coreSpan: (start + 1)..<(i + 2),
                                         core: .point(PointGrammar.Core(from: today, to: nil, end: i + 2)),
                                         prefix: .from, suffix: .since, sentence: sentences.index(at: i)))
                i += 3
                continue
            }
            // The readers return nil where they may not start; asking first saves the calls.
            let rhythm = rhythmReaders.isEmpty ? nil : rhythms.read(at: i)
            if !pointReaders.isEmpty, var core = points.read(at: i, inherit: continuesList ? lastPoint : nil),
               core.end >= (rhythm?.1 ?? 0) {
                // "明年(2026)底", "即日(4月2日)起": a gloss in brackets is part of the point when
                // a part of it or a suffix follows the bracket.
                if let glossed = points.continuing(core, afterGlossAt: core.end),
                   glossed.from.part != core.from.part || Cues.suffix(in: t, after: glossed.end).0 != .none {
                    core = glossed
                }
                var (prefix, ps) = Cues.prefix(in: t, before: i)
                // A prefix never reaches into the expression before it: "…五时起止时间前…",
                // whose 起 that expression already took as its suffix.
                if let last = out.last, ps < last.span.upperBound { (prefix, ps) = (.none, i) }
                var (suffix, se) = Cues.suffix(in: t, after: core.end)
                // "15周(12月13日)之前", "完成时间(12月18日)前": a date glossing what stands
                // before its bracket takes the 前 after the bracket.
                if suffix == .none, core.to == nil, t[i - 1] == "(", t[core.end] == ")" {
                    let (after, e) = Cues.suffix(in: t, after: core.end + 1)
                    if after == .before || after == .within {
                        (suffix, se) = (after, e)
                        if ps == i, out.last.map({ $0.span.upperBound < i }) ?? true { ps = i - 1 }
                    }
                }
                out.append(RawExpression(span: ps..<se, coreSpan: i..<core.end, core: .point(core),
                                         prefix: prefix, suffix: suffix, sentence: sentences.index(at: i)))
                lastEnd = se
                lastPoint = core.to ?? core.from
                i = max(se, i + 1)
                continue
            }
            if let (m, e) = rhythm {
                out.append(RawExpression(span: i..<e, coreSpan: i..<e, core: .rhythm(m),
                                         prefix: .none, suffix: .none, sentence: sentences.index(at: i)))
                i = e
                continue
            }
            i += 1
        }
        shareListModifiers(&out)
        return out
    }

    /// "于4月8日、7月8日、10月8日及12月8日前报送": the 前 written once after a list belongs to
    /// every date of it.
    private func shareListModifiers(_ out: inout [RawExpression]) {
        guard out.count > 1 else { return }
        for k in stride(from: out.count - 1, to: 0, by: -1) {
            let later = out[k]
            guard later.suffix == .before || later.suffix == .within, case .point = out[k - 1].core,
                  out[k - 1].suffix == .none, out[k - 1].prefix == .none || out[k - 1].prefix == later.prefix
            else { continue }
            let gap = out[k - 1].span.upperBound..<later.span.lowerBound
            let joined = (gap.count == 1 && t[gap.lowerBound].map { "、和及与".unicodeScalars.contains($0) } == true)
                || (gap.count == 2 && t.has("以及", at: gap.lowerBound))
            if joined { out[k - 1].suffix = later.suffix }
        }
    }

    /// Where 自/从 opens "自本通告发布之日起", "自印发之日起", "自通知发出之日起" when 之日起 stands
    /// at `i`: the day this document is issued, from which a rule holds (a "since" from the
    /// reference date). Not the start of a window ("自公告之日起至9月30日止", read with its end)
    /// nor of a span ("之日起计30日内", "之日起10个工作日内").
    private func documentDaySince(endingAt i: Int) -> Int? {
        guard t.has("之日起", at: i), t.match(Scanner.issuances, at: i - 2) != nil || t.match(Scanner.issuances, at: i - 4) != nil else { return nil }
        var next = t.skippingSpace(i + 3)
        if t.has("的", at: next) { next += 1 }  // "自本公示之日起的10個工作日內": a span's start
        if let u = t[next], u == "至" || u == "到" || u == "计" || Numerals.isNumeralScalar(u) || t.isDigit(next) { return nil }
        if let u = t[next], u == "," || u == "，", let v = t[next + 1], v == "至" || v == "到" { return nil }
        var j = i - 1
        let lower = max(Cues.clauseStart(in: t, before: i), i - 14)
        while j >= lower {
            if let u = t[j], u == "自" || u == "从" {
                let between = (j + 1)..<i
                return Cues.lastOccurrence(of: Scanner.issuances, in: t, between) != nil ? j : nil
            }
            j -= 1
        }
        return nil
    }

    /// What issues a document: its day is the one 之日起 counts from.
    static let issuances: WordList = ["印发", "发布", "公布", "发出", "下发", "公告", "通告", "通知", "签发", "颁布", "公示"]

    /// The matching "》" of a title, if it closes within a paragraph.
    private func closing(from i: Int) -> Int? {
        var depth = 0
        var j = i
        while j < t.count, j - i < 400 {
            switch t.scalars[j] {
            case "《": depth += 1
            case "》":
                depth -= 1
                if depth == 0 { return j }
            case "\n": return nil
            default: break
            }
            j += 1
        }
        return nil
    }
}
