/// A clause of a report that carries time expressions, with the action they time.
public struct DatedClause: Hashable, Sendable {
    /// The clause as written (between "，", "；", "。" …).
    public let text: String
    /// Offsets in Unicode scalars of the whole document, half-open.
    public let span: Range<Int>
    /// 1-based line (paragraph) of the document.
    public let line: Int
    /// The sentence the clause belongs to (up to "。"), for context.
    public let sentence: String
    /// The clause's expressions; their spans are offsets in the whole document.
    public let expressions: [DateExpression]
    /// What is to be done or was done: the clause without its dates, enumerators and cues
    /// ("12月底前确定监理单位" → "确定监理单位").
    public let action: String
}

/// Splits report text into clauses and pairs each time expression with its action.
///
///     let clauses = ClauseExtractor(reference: CivilDate("2024-11-21"))
///         .extract("下一步一是计划于2024年10月底确定设计单位,12月底前确定监理单位。")
///     clauses.map(\.action)   // ["确定设计单位", "确定监理单位"]
public struct ClauseExtractor: Sendable {
    /// What kind of document the text comes from, which decides how a date without a cue reads.
    public enum Reading: Sendable {
        /// A progress report (整改进展情况的通报): a bare date is what happened then.
        case report
        /// A plan or notice (整改方案, 行动方案, 通知): what it dates is still to be done, so a
        /// date not yet past at the reference date is a target ("2022年，全市新建5G基站…",
        /// "年底逐一绩效对账"), and the dates in the names of documents (《…(2022—2024年)》) are
        /// no dates of the text.
        case plan
    }

    public let parser: DateParser
    public let reading: Reading

    public init(reference: CivilDate?, role: DateParser.Role = .narrative, reading: Reading = .report) {
        parser = DateParser(reference: reference, role: role)
        self.reading = reading
    }

    public func extract(_ text: String) -> [DatedClause] {
        let t = ScalarText(text)
        let expressions = parser.parse(t.droppingSpacesInDates()).compactMap { targetReading(of: $0, in: t) }
        guard !expressions.isEmpty else { return [] }
        let lineStarts = Self.lineStarts(t)
        var out: [DatedClause] = []
        // Clauses of one sentence share its text: made once.
        var lastSentence: (range: Range<Int>, text: String)? = nil
        var k = 0
        while k < expressions.count {
            let e = expressions[k]
            let clause = clauseRange(in: t, around: e.span)
            var group = [e]
            k += 1
            while k < expressions.count, expressions[k].span.lowerBound < clause.upperBound {
                group.append(expressions[k])
                k += 1
            }
            let wholeClause = clause.lowerBound..<max(clause.upperBound, group.last!.span.upperBound)
            let sentence = sentenceRange(in: t, around: wholeClause)
            let sentenceText = lastSentence.flatMap { $0.range == sentence ? $0.text : nil } ?? Self.trimmedText(t, sentence)
            lastSentence = (sentence, sentenceText)
            let line = Self.line(of: wholeClause.lowerBound, lineStarts: lineStarts)
            out.append(DatedClause(
                text: Self.trimmedText(t, wholeClause), span: wholeClause, line: line,
                sentence: sentenceText, expressions: group,
                action: action(in: t, clause: wholeClause, expressions: group)))
        }
        return out
    }

    /// The expression as a clause of this document means it, or nil when it is no date of
    /// the text. "到2026年，基本建成…" opens a clause with a year still to come: a target
    /// however the document reads (the parser sees a point of measurement, as in
    /// "到2020年底，已建成…", which is past at the reference date and stays one).
    private func targetReading(of e: DateExpression, in t: ScalarText) -> DateExpression? {
        if reading == .plan, Self.isInsideBookTitle(e.span, in: t) { return nil }
        guard let interval = e.interval, !e.flags.contains(.done) else { return e }
        if let reference = parser.reference, interval.end < reference { return e }
        let opensClause = Self.isFollowedByComma(e.span, in: t)
        switch e.kind {
        case .asOf where (e.text.hasPrefix("到") || e.text.hasPrefix("至")) && opensClause:
            return Self.deadline(e, due: interval.end)
        // A year alone names a target only when it opens the clause ("2022年，全市新建…"),
        // not when it qualifies a name ("2007年政府工作主要任务分解表").
        case .event where reading == .plan && parser.reference != nil && (opensClause || e.precision != .year):
            return Self.deadline(e, due: interval.end)
        default:
            return e
        }
    }

    /// `t.text(range).trimmingSpaces`, trimmed before the String is made.
    private static func trimmedText(_ t: ScalarText, _ range: Range<Int>) -> String {
        let s = t.originalScalars(range)
        guard let first = s.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = s.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return ScalarText.string(s[first...last])
    }

    private static func deadline(_ e: DateExpression, due: CivilDate) -> DateExpression {
        DateExpression(text: e.text, span: e.span, meaning: .deadline(due: due), precision: e.precision,
                       interval: e.interval, flags: e.flags.union(.planned))
    }

    private static func isFollowedByComma(_ span: Range<Int>, in t: ScalarText) -> Bool {
        var i = span.upperBound
        while let u = t[i], u == " " { i += 1 }
        return t[i] == "," || t[i] == "，"
    }

    /// A book title is short: looking no further keeps a long line linear.
    private static let bookTitleLimit = 120

    /// Inside 《…》 on the same line.
    private static func isInsideBookTitle(_ span: Range<Int>, in t: ScalarText) -> Bool {
        var i = span.lowerBound - 1
        let lower = max(-1, span.lowerBound - 1 - Self.bookTitleLimit)
        while i > lower, let u = t[i], u != "\n" {
            if u == "》" { return false }
            if u == "《" { break }
            i -= 1
        }
        guard i > lower, t[i] == "《" else { return false }
        var j = span.upperBound
        let upper = span.upperBound + Self.bookTitleLimit
        while j < upper, let u = t[j], u != "\n" {
            if u == "》" { return true }
            if u == "《" { return false }
            j += 1
        }
        return false
    }

    private static func lineStarts(_ t: ScalarText) -> [Int] {
        var starts = [0]
        for i in 0..<t.count where t.scalars[i] == "\n" { starts.append(i + 1) }
        return starts
    }

    /// 1-based line of an offset, by binary search over the line starts.
    private static func line(of offset: Int, lineStarts: [Int]) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }

    /// Context is bounded so that text without punctuation stays linear to extract.
    private static let contextLimit = 512

    private func clauseRange(in t: ScalarText, around span: Range<Int>) -> Range<Int> {
        let start = Cues.clauseStart(in: t, before: span.lowerBound)
        var end = span.upperBound
        let limit = min(t.count, span.upperBound + Self.contextLimit)
        while end < limit, !Cues.clauseSeparators.contains(t.scalars[end]) { end += 1 }
        return start..<end
    }

    private func sentenceRange(in t: ScalarText, around span: Range<Int>) -> Range<Int> {
        var s = span.lowerBound
        let lower = max(0, span.lowerBound - Self.contextLimit)
        while s > lower, !Cues.sentenceSeparators.contains(t.scalars[s - 1]) { s -= 1 }
        var e = span.upperBound
        let upper = min(t.count, span.upperBound + Self.contextLimit)
        while e < upper, !Cues.sentenceSeparators.contains(t.scalars[e]) { e += 1 }
        if e < t.count, t.scalars[e] != "\n", t.scalars[e] != "\r" { e += 1 }
        return s..<e
    }

    static let leadingNoise = [
        "下一步", "一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是", "同时", "并且",
        "计划于", "计划在", "计划", "预计于", "预计在", "预计", "力争于", "力争在", "力争", "争取于", "争取在", "争取",
        "确保于", "确保在", "确保", "拟于", "拟在", "将于", "将在", "将", "并于", "并", "于", "在", "已于", "已经", "已",
        "按要求", "要求",
    ]

    /// The text after the last expression when it says something, else the text before the
    /// first; a clause that is only its date ("2025年6月底前，完成…") times the clause after it.
    private func action(in t: ScalarText, clause: Range<Int>, expressions: [DateExpression]) -> String {
        let after = Self.clean(t.originalScalars(expressions.last!.span.upperBound..<clause.upperBound))
        if after.unicodeScalars.count >= 2 { return after }
        let before = Self.clean(t.originalScalars(clause.lowerBound..<expressions.first!.span.lowerBound))
        if before.unicodeScalars.count >= 2 { return before }
        return Self.clean(t.originalScalars(nextClause(in: t, after: clause.upperBound)))
    }

    /// The clause that starts after the separator at `end`, when the separator is a comma.
    private func nextClause(in t: ScalarText, after end: Int) -> Range<Int> {
        guard end < t.count, t.scalars[end] == "," || t.scalars[end] == "，" else { return end..<end }
        var stop = end + 1
        let limit = min(t.count, stop + Self.contextLimit)
        while stop < limit, !Cues.clauseSeparators.contains(t.scalars[stop]) { stop += 1 }
        return (end + 1)..<stop
    }

    /// The action in `s`: without the punctuation, enumerators and leading noise words
    /// around it. Works on the scalars when every one of them is its own Character with no
    /// canonical equivalent (the Chinese, ASCII and full-width text of reports), where
    /// comparing scalars is comparing Strings; anything else goes the String way
    /// (`cleanAsString`), which makes the same decisions with Unicode's equivalences.
    static func clean(_ s: ArraySlice<Unicode.Scalar>) -> String {
        guard s.allSatisfy(isPlainScalar) else { return cleanAsString(ScalarText.string(s)) }
        var lo = s.startIndex
        var hi = s.endIndex
        // Of the plain scalars, only the space and the ideographic space are white space.
        while lo < hi, s[lo] == " " || s[lo] == "\u{3000}" { lo += 1 }
        while hi > lo, s[hi - 1] == " " || s[hi - 1] == "\u{3000}" { hi -= 1 }
        var changed = true
        while changed {
            changed = false
            while lo < hi, isPunctuation(s[lo]) {
                lo += 1
                changed = true
            }
            while hi > lo, isPunctuation(s[hi - 1]) {
                hi -= 1
                changed = true
            }
            // Enumerators: "(1)", "1.", "一、".
            var i = lo
            while i < hi, (s[i].value >= 0x30 && s[i].value <= 0x39) || Numerals.isNumeralScalar(s[i]) { i += 1 }
            if i > lo, i < hi, s[i] == "、" || s[i] == "." || s[i] == "．" || s[i] == ")" || s[i] == "）" {
                lo = i + 1
                changed = true
            }
            // Compared in the folded form so that "計劃於" is noise as "计划于" is.
            for w in leadingNoiseScalars where hi - lo > w.count + 1 && w.count <= hi - lo {
                var k = 0
                while k < w.count, ScalarText.fold(s[lo + k]) == w[k] { k += 1 }
                if k == w.count {
                    lo += w.count
                    changed = true
                    break
                }
            }
        }
        // An enumerator left alone ("25.2023年1月" leaves "25") is no action.
        if s[lo..<hi].allSatisfy({ $0.properties.numericType != nil }) { return "" }
        return ScalarText.string(s[lo..<hi])
    }

    private static let leadingNoiseScalars: [[Unicode.Scalar]] = leadingNoise.map { Array($0.unicodeScalars) }

    /// `cleanAsString`'s punctuation, as a switch.
    private static func isPunctuation(_ u: Unicode.Scalar) -> Bool {
        switch u {
        case "(", ")", "（", "）", "[", "]", "【", "】", "、", ",", "，", ".", "。", ";", "；", ":", "：", "“", "”", "\"", "'", " ":
            return true
        default:
            return false
        }
    }

    /// A scalar that is a Character of its own whatever surrounds it and has no canonical
    /// equivalent: printable ASCII, CJK punctuation, unified ideographs, general punctuation
    /// and full-width forms.
    private static func isPlainScalar(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        // (Not U+302A…U+302F, the ideographic tone marks, which combine.)
        case 0x20...0x7E, 0x3000...0x3029, 0x3030...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF5E,
             0x2010...0x2027, 0x2030...0x205E:
            return true
        default:
            return false
        }
    }

    static func cleanAsString(_ s: String) -> String {
        var text = s.trimmingSpaces
        let punctuation = "()（）[]【】、,，.。;；:：“”\"' ".unicodeScalars
        var changed = true
        while changed {
            changed = false
            while let f = text.unicodeScalars.first, punctuation.contains(f) {
                text = String(text.unicodeScalars.dropFirst())
                changed = true
            }
            while let l = text.unicodeScalars.last, punctuation.contains(l) {
                text = String(text.unicodeScalars.dropLast())
                changed = true
            }
            // Enumerators: "(1)", "1.", "一、".
            let scalars = Array(text.unicodeScalars)
            var i = 0
            while i < scalars.count, (scalars[i].value >= 0x30 && scalars[i].value <= 0x39) || Numerals.isNumeralScalar(scalars[i]) { i += 1 }
            if i > 0, i < scalars.count, "、.．)）".unicodeScalars.contains(scalars[i]) {
                text = String(String.UnicodeScalarView(scalars[(i + 1)...]))
                changed = true
            }
            // Compared in the folded form so that "計劃於" is noise as "计划于" is; the action keeps
            // the text as written (folding is one scalar for one, so the counts agree).
            let folded = String(String.UnicodeScalarView(text.unicodeScalars.map(ScalarText.fold)))
            for w in leadingNoise where folded.hasPrefix(w) && text.unicodeScalars.count > w.unicodeScalars.count + 1 {
                text = String(text.unicodeScalars.dropFirst(w.unicodeScalars.count))
                changed = true
                break
            }
        }
        // An enumerator left alone ("25.2023年1月" leaves "25") is no action.
        if text.unicodeScalars.allSatisfy({ $0.properties.numericType != nil }) { return "" }
        return text
    }
}
