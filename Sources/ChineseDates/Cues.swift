/// The words around a time expression that decide what it means: the modifiers glued to
/// it (截至…, …前, …以来) and the cues elsewhere in its clause (计划, 力争, 已).
enum Cues {
    enum Prefix: Equatable {
        case none
        /// 截至/截止: a measurement point.
        case asOf
        /// 自/从: a start.
        case from
        /// 到/至/直至 not inside a range: a limit.
        case until
    }

    enum Suffix: Equatable {
        case none
        /// 前/之前/以前.
        case before
        /// 内/以内/之内.
        case within
        /// 以来/至今.
        case since
        /// 起/开始/以后: a start.
        case from
        /// 同期: the same period, for comparison.
        case comparison
        /// 为止/止.
        case until
        /// 期间/后/前后/左右/前夕.
        case around
    }

    static let prefixes: [(String, Prefix)] = [
        ("截止到", .asOf), ("截至到", .asOf), ("截止至", .asOf), ("截至", .asOf), ("截止", .asOf),
        ("自从", .from), ("自", .from), ("从", .from), ("直至", .until), ("直到", .until), ("到", .until),
        ("至", .until),
    ]

    static let suffixes: [(String, Suffix)] = [
        ("前后", .around), ("左右", .around), ("前夕", .around), ("之前", .before), ("以前", .before),
        ("前", .before), ("以内", .within), ("之内", .within), ("内", .within), ("以来", .since),
        ("起至今", .since), ("至今", .since), ("开始", .from), ("以后", .around), ("之后", .around),
        ("起", .from), ("同期", .comparison), ("为止", .until), ("止", .until), ("期间", .around),
        ("后", .around),
    ]

    static let aspirational = ["力争", "争取", "力求", "努力"]
    static let planned = ["计划", "预计", "拟于", "拟在", "将于", "将在", "预期", "目标", "下一步", "确保", "有望", "预定", "拟"]
    static let done = ["已"]
    /// Words that report a fact and so break a chain of planned milestones.
    static let facts = ["已", "目前", "截至", "截止", "以来", "同比", "累计", "现已"]

    static let clauseSeparators: Set<Unicode.Scalar> = [",", ";", ":", "，", "；", "：", "。", "!", "?", "！", "？", "\n", "\r"]
    static let sentenceSeparators: Set<Unicode.Scalar> = ["。", "!", "?", "！", "？", "\n", "\r"]

    /// The modifier glued before `start`, skipping one "于"/"在"; returns it and where it starts.
    static func prefix(in t: ScalarText, before start: Int) -> (Prefix, Int) {
        var s = start
        if t.has("于", endingAt: s) || t.has("在", endingAt: s) { s -= 1 }
        for (w, p) in prefixes where t.has(w, endingAt: s) {
            // 至 right after a date is a range the grammar declined ("…至今"); as a prefix it
            // must not follow a numeral ("1至").
            let ws = s - w.unicodeScalars.count
            if p == .until, let prev = t[ws - 1], Numerals.isNumeralScalar(prev) || prev == "截" { continue }
            return (p, ws)
        }
        return (.none, start)
    }

    /// The modifier glued after `end`, and where it ends. "前" that starts "前三季度" is not one.
    static func suffix(in t: ScalarText, after end: Int) -> (Suffix, Int) {
        for (w, s) in suffixes where t.has(w, at: end) {
            let e = end + w.unicodeScalars.count
            if w == "前", let n = Numerals.read(t, at: e, maxLength: 2),
               t.has("季度", at: e + n.length) || t.has("个月", at: e + n.length) {
                return (.none, end)
            }
            if w == "起", t.has("草", at: e) || t.has("诉", at: e) || t.has("步", at: e) { return (.none, end) }
            if w == "后", t.has("续", at: e) || t.has("期", at: e) { return (.none, end) }
            if w == "内", let next = t[e], "容部设外涵".unicodeScalars.contains(next) { return (.none, end) }
            return (s, e)
        }
        return (.none, end)
    }

    /// How far back a cue is looked for. Real clauses are far shorter; the bound keeps
    /// text without punctuation (a 10 MB line) linear.
    static let lookBehind = 256

    static func clauseStart(in t: ScalarText, before i: Int) -> Int {
        var j = i
        let limit = max(0, i - lookBehind)
        while j > limit, let u = t[j - 1], !clauseSeparators.contains(u) { j -= 1 }
        return j
    }

    static func sentenceIndexes(_ t: ScalarText) -> [Int] {
        var index = [Int](repeating: 0, count: t.count)
        var n = 0
        for i in 0..<t.count {
            index[i] = n
            if sentenceSeparators.contains(t.scalars[i]) { n += 1 }
        }
        return index
    }

    /// The last occurrence of any of `words` in `range`, as its start offset.
    static func lastOccurrence(of words: [String], in t: ScalarText, _ range: Range<Int>) -> Int? {
        var i = range.upperBound - 1
        let lower = max(range.lowerBound, range.upperBound - lookBehind)
        while i >= lower {
            for w in words where i + w.unicodeScalars.count <= range.upperBound && t.has(w, at: i) {
                return i
            }
            i -= 1
        }
        return nil
    }
}
