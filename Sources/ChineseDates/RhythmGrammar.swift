/// Cadences, ongoing work and spans of time, read at one position of the text.
///
///     cadence  := 每[N](日|天|周|旬|月|季度|半年|年)[年初|底|N日…] | 按(月|季度|年度…) | 定期
///               | 双周 | 隔月 | 一月一调度 | (日|周|旬|月|季|年)(报告|汇总|调度|…) after a boundary
///     ongoing  := 长期坚持 | 常态化 | 持续推进 | 久久为功 | …
///     span     := [近|未来|连续|为期|历时] N(个月|个工作日|天|日|周|年|…)[内|以内|来|以来|后]
struct RhythmGrammar {
    enum Match: Equatable {
        case cadence(DateExpression.Cadence)
        case ongoing
        /// A span; `since` when written as "近三年", "三年来".
        case span(DateExpression.Span, Suffix)
        /// 近年来, 多年来: since an unnamed past.
        case vagueSince
        /// 截至目前, 到目前为止: measured at the document's own date.
        case asOfNow
    }

    enum Suffix: Equatable {
        case within, since, after, none
    }

    let t: ScalarText

    static let ongoingWords = [
        "长期坚持", "长期推进", "长期开展", "长期执行", "长期保持", "常态化", "常态长效", "持续推进",
        "持续开展", "持续抓好", "持续深化", "持续加强", "持续跟踪", "持续发力", "久久为功", "长期",
    ]

    /// Verbs that make a bare period word a rhythm: "周汇总", "月调度".
    static let cadenceVerbs = [
        "报告", "报送", "汇总", "调度", "推进", "分析", "通报", "考评", "比评", "考核", "研判", "会商",
        "例会", "总结", "督查", "督办", "检查", "巡查", "评估", "统计", "点评", "排名", "讲评", "小结",
        "研究", "对账", "复盘", "盘点", "晾晒", "销号", "监测", "部署", "调度会", "评比", "通报会", "一次",
    ]

    static let periods: [(String, DateExpression.Period)] = [
        ("季度", .quarter), ("半年", .half), ("星期", .week), ("日", .day), ("天", .day), ("周", .week),
        ("旬", .xun), ("月", .month), ("季", .quarter), ("年度", .year), ("年", .year),
    ]

    static let nowWords = [
        "到目前为止", "截至目前为止", "截止目前为止", "截至目前", "截止目前", "截至当前", "截止当前", "截至今日",
        "截止今日", "截至现在", "截止现在", "目前为止",
    ]

    func read(at i: Int) -> (Match, Int)? {
        if let (_, e) = t.match(RhythmGrammar.nowWords, at: i) { return (.asOfNow, e) }
        if let r = ongoing(at: i) { return r }
        if let r = cadence(at: i) { return r }
        if let r = span(at: i) { return r }
        return nil
    }

    private func ongoing(at i: Int) -> (Match, Int)? {
        guard let (w, e) = t.match(RhythmGrammar.ongoingWords, at: i) else { return nil }
        // 超长期 (a kind of bond), 长期以来 (for a long time: a past span, not a plan).
        if t.has("超", at: i - 1) { return nil }
        // Bare 长期 only standing alone ("完成时限: 长期"), not inside "长期健康发展".
        if w == "长期", t.isHan(e) { return nil }
        return (.ongoing, e)
    }

    private func cadence(at i: Int) -> (Match, Int)? {
        if t.has("每", at: i) {
            var j = i + 1
            var every = 1
            if t.has("个", at: j) { j += 1 }
            if t.has("半", at: j), t.has("年", at: j + 1) || t.has("月", at: j + 1) {
                let isYear = t.has("年", at: j + 1)
                return (.cadence(.init(period: isYear ? .half : .week, every: isYear ? 1 : 2)), anchorEnd(after: j + 2, isYear ? .half : .month))
            }
            if let n = Numerals.read(t, at: j, maxLength: 2), n.value >= 1 {
                every = n.value
                j += n.length
                if t.has("个", at: j) { j += 1 }
            }
            if t.has("工作日", at: j) { return (.cadence(.init(period: .day, every: every)), j + 3) }
            guard let (p, e) = period(at: j) else { return nil }
            return (.cadence(.init(period: p, every: every)), anchorEnd(after: e, p))
        }
        if t.has("按", at: i), let (p, e) = period(at: i + 1) {
            if let next = t[e], "龄期份级序".unicodeScalars.contains(next) { return nil }
            return (.cadence(.init(period: p)), e)
        }
        if t.has("定期", at: i), !t.has("不", at: i - 1), !t.has("存", at: i + 2), !t.has("理财", at: i + 2) {
            return (.cadence(.init(period: nil)), i + 2)
        }
        if let (w, e) = t.match(["双周", "双月", "隔周", "隔月"], at: i) {
            let p: DateExpression.Period = w.hasSuffix("周") ? .week : .month
            return (.cadence(.init(period: p, every: 2)), e)
        }
        // 一月一调度, 一周一通报, 一季一分析, 一月一课: one per period. Not 一月一日 (a date).
        if t.has("一", at: i), let (p, e) = period(at: i + 1), t.has("一", at: e), t.isHan(e + 1),
           let next = t[e + 1], next != "日", next != "号", !Numerals.isNumeralScalar(next) {
            let end = t.match(RhythmGrammar.cadenceVerbs, at: e + 1)?.1 ?? e + 2
            return (.cadence(.init(period: p)), end)
        }
        // “日报告、周汇总、月调度”: a period word right after a boundary, then a verb.
        if isBoundary(before: i), let (p, e) = period(at: i), p != .half,
           let (_, ve) = t.match(RhythmGrammar.cadenceVerbs, at: e) {
            return (.cadence(.init(period: p)), ve)
        }
        return nil
    }

    /// What may follow a rhythm to fix its moment: 每年年初, 每月底, 每月15日前, 每季度末.
    private func anchorEnd(after e: Int, _ p: DateExpression.Period) -> Int {
        var j = e
        switch p {
        case .year:
            if let (_, k) = t.match(["年初", "年底", "年末", "初", "底", "末"], at: j) { j = k }
        case .month, .quarter:
            if let (_, k) = t.match(["初", "底", "末"], at: j) {
                j = k
            } else if let n = Numerals.read(t, at: j, maxLength: 3), (1...31).contains(n.value),
                      t.has("日", at: j + n.length) || t.has("号", at: j + n.length) {
                j += n.length + 1
            }
        case .week:
            if let (_, k) = t.match(["一", "二", "三", "四", "五", "六", "日", "天"], at: j),
               !(t.isHan(k) && t.has("次", at: k)) { j = k }
        default:
            break
        }
        if let (_, k) = t.match(["之前", "以前", "前"], at: j), j > e { j = k }
        return j
    }

    private func period(at j: Int) -> (DateExpression.Period, Int)? {
        for (w, p) in RhythmGrammar.periods where t.has(w, at: j) {
            return (p, j + w.unicodeScalars.count)
        }
        return nil
    }

    private func isBoundary(before i: Int) -> Bool {
        guard let u = t[i - 1] else { return true }
        return "“”\"'「」『』、,;:( ".unicodeScalars.contains(u)
    }

    // MARK: - Spans

    static let spanUnits: [(String, DateExpression.Span.Unit)] = [
        ("个工作日", .workday), ("工作日", .workday), ("个自然日", .day), ("自然日", .day), ("个月", .month),
        ("个星期", .week), ("星期", .week), ("个季度", .month), ("天", .day), ("日", .day), ("周", .week),
        ("年", .year),
    ]

    private func span(at i: Int) -> (Match, Int)? {
        if let (_, e) = t.match(["近年来", "多年来", "近些年来", "近几年来", "近几年"], at: i) {
            return (.vagueSince, e)
        }
        var j = i
        var prefix: String? = nil
        if let (w, e) = t.match(["未来", "连续", "为期", "历时", "近"], at: j) {
            prefix = w
            j = e
        }
        var amount: Int
        var unit: DateExpression.Span.Unit
        if t.has("半", at: j), let (u, e) = t.match(["个月", "年"], at: j + 1) {
            amount = u == "年" ? 6 : 15
            unit = u == "年" ? .month : .day
            j = e
        } else {
            guard let n = Numerals.read(t, at: j, maxLength: 3), n.value >= 1, !(n.isDigitString && n.isChinese),
                  !(t[j - 1].map(Numerals.isNumeralScalar) ?? false), t[j - 1] != "."
            else { return nil }
            j += n.length
            guard let (w, u) = RhythmGrammar.spanUnits.first(where: { t.has($0.0, at: j) }) else { return nil }
            amount = n.value
            unit = u
            if w == "个季度" { amount *= 3 }
            j += w.unicodeScalars.count
            if u == .year, amount > 50 { return nil }
        }
        let suffixes: [(String, Suffix)] = [
            ("以内", .within), ("之内", .within), ("内", .within), ("以来", .since), ("来", .since),
            ("以后", .after), ("之后", .after), ("后", .after), ("间", .none),
        ]
        var suffix = Suffix.none
        if let (w, s) = suffixes.first(where: { t.has($0.0, at: j) }) {
            suffix = s
            j += w.unicodeScalars.count
        } else if prefix == nil {
            return nil  // "3个月" alone is an amount, not a time expression.
        }
        if prefix == "近", suffix == .none { suffix = .since }
        return (.span(.init(amount: amount, unit: unit), suffix), j)
    }
}
