/// Cadences, ongoing work and spans of time, read at one position of the text.
///
///     cadence  := 每[N](日|天|周|旬|月|季度|半年|年)[年初|底|N日…] | 按(月|季度|年度…) | 定期
///               | 双周 | 隔月 | 逐月 | 一月一调度 | (日|周|旬|月|季|年)(报告|汇总|调度|跟踪|…) after a boundary
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
        /// 巡视整改以来, 党的二十大以来: since an event the text names but does not date.
        case eventSince
        /// 立行立改, 即知即改: to be put right at once.
        case immediate
    }

    enum Suffix: Equatable {
        case within, since, after, none
        /// 前 after a span that opens its clause: "半年前,…主持…", "三年前,我市…": that long ago.
        case ago
    }

    let t: ScalarText
    /// The anchor table, fetched once rather than at each position (a global's accessor).
    let anchors = AnchorTable.shared

    static let ongoingWords: WordList = [
        "长期坚持", "长期推进", "长期开展", "长期执行", "长期保持", "长期公开", "长期有效", "长期整改",
        "长期跟踪", "长期监管", "长期任务", "常态化", "常态长效", "持续推进", "持续开展", "持续抓好",
        "持续深化", "持续加强", "持续跟踪", "持续发力", "持续用力", "持续巩固", "持续整改", "持续改进",
        "持续完善", "持续落实", "持续督促", "持续关注", "久久为功", "常抓不懈", "一以贯之", "滚动推进",
        "动态调整", "动态清零", "动态管理", "动态更新", "动态跟踪", "动态监管", "动态监测", "长效",
        // "该平台长期面向社会征集", "长期受理": a channel kept open.
        "长期面向", "长期征集", "长期受理", "长期接受", "长期招募", "长期开放",
        "长期",
    ]

    /// 立行立改 and its kin: what is to be put right at once.
    static let immediateWords: WordList = [
        "立行立改", "即知即改", "立查立改", "即查即改", "边查边改", "立说立行", "即行即改", "马上就办", "立整立改", "边督边改",
        "边整边改", "即改即办", "立查立处", "即查即处", "立知立改",
        // "要求校方立即整改", "要求立即進行整改": the same demand in plain words.
        "立即整改", "立即进行整改", "立即改正", "立即纠正", "立即组织整改", "马上整改",
    ]
    /// What a quoted chain of immediate words names when it stands right after the quote.
    static let principleNames: WordList = ["原则", "的原则", "理念", "精神", "方针", "思路", "工作法", "工作机制", "机制", "模式"]
    /// Nouns after 立行立改 that make it the name of a list or a form, not a demand.
    static let immediateNames: WordList = ["清单", "通知书", "通知单", "台账", "机制", "制度", "工作法", "事项清单", "问题清单", "督办单", "单"]

    /// Verbs that make a bare period word a rhythm: "周汇总", "月调度".
    static let cadenceVerbs: WordList = [
        "报告", "报送", "汇总", "调度", "推进", "分析", "通报", "考评", "比评", "考核", "研判", "会商",
        "例会", "总结", "督查", "督办", "检查", "巡查", "评估", "统计", "点评", "排名", "讲评", "小结",
        "研究", "对账", "复盘", "盘点", "晾晒", "销号", "监测", "部署", "调度会", "评比", "通报会", "一次",
        "报制", "报告制", "报送制", "调度制", "通报制", "跟踪", "督导", "盯办", "复核", "核查", "抽查", "回访", "巡检",
        "更新", "会审", "例会制", "排查",
    ]

    static let periods: TaggedWords<DateExpression.Period> = [
        ("季度", .quarter), ("半年", .half), ("星期", .week), ("日", .day), ("天", .day), ("周", .week),
        ("旬", .xun), ("月", .month), ("季", .quarter), ("年度", .year), ("年", .year),
        ("学期", .half),  // 每学期: a school term, half a year
    ]

    static let nowWords: WordList = [
        "到目前为止", "截至目前为止", "截止目前为止", "截至目前", "截止目前", "截至当前", "截止当前", "截至今日",
        "截止今日", "截至现在", "截止现在", "目前为止",
    ]

    /// Each reader is tried only where the anchor table says it can start (see `Anchor`).
    /// The readers that may start at `i`, as anchors: those of its scalar, less `.span` where
    /// a number stands without a span's unit after it (see `Anchor.afterSpanNumber`; no
    /// prefix of a span starts with a numeral).
    @inline(__always)
    func readers(at i: Int) -> Anchor {
        guard let u = t[i] else { return [] }
        var a = anchors.anchors(of: u).intersection(.anyRhythm)
        if a.contains(.span), anchors.anchors(of: u).contains(.number) {
            let (length, next) = anchors.numberRun(at: i, in: t.scalars)
            if !(next.map { anchors.anchors(of: $0).contains(.afterSpanNumber) } ?? false) || length >= AnchorTable.longestNumber {
                a.remove(.span)
            }
        }
        // The readers that are only words need their second scalar (`Anchor.afterRhythmWord`).
        if !a.isDisjoint(with: .rhythmWords),
           !(t[i + 1].map { anchors.anchors(of: $0).contains(.afterRhythmWord) } ?? false) {
            a.subtract(.rhythmWords)
        }
        return a
    }

    func read(at i: Int) -> (Match, Int)? {
        let a = readers(at: i)
        guard !a.isEmpty else { return nil }
        if a.contains(.now) {
            if let (_, e) = t.match(RhythmGrammar.nowWords, at: i) { return (.asOfNow, e) }
            // "目前，…": the document's own time, where 目前 stands alone before a break.
            if t.has("目前", at: i), t[i + 2].map({ Cues.clauseSeparators.contains($0) }) ?? true {
                return (.asOfNow, i + 2)
            }
        }
        if a.contains(.immediate), let (_, e) = t.match(RhythmGrammar.immediateWords, at: i) {
            // A demand ends its clause ("对常规问题立行立改，…"), or joins another demand;
            // before a noun it names a kind of case or list ("立行立改的案例", "立行立改清单").
            var k = e
            while t[k] == "、" || t[k] == "和" || t[k] == "与", let (_, e2) = t.match(RhythmGrammar.immediateWords, at: k + 1) { k = e2 }
            let demand = t[k].map { Cues.clauseSeparators.contains($0) || $0 == " " || $0 == ")" || $0 == "”" } ?? true
                || t.match(["到位", "落实", "整改", "处理", "解决", "并", "是"], at: k) != nil
                || endsSloganList(after: k)
            guard demand, t.match(RhythmGrammar.immediateNames, at: k) == nil else { return nil }
            // "坚持“边查边改、立行立改”原则": quoted, the chain names the principle after it.
            if let q = t[k], "”」』\"’".unicodeScalars.contains(q), t.match(RhythmGrammar.principleNames, at: k + 1) != nil { return nil }
            return (.immediate, e)
        }
        if a.contains(.ongoing), let r = ongoing(at: i) { return r }
        if a.contains(.cadence), let r = cadence(at: i) { return r }
        if a.contains(.span), let r = span(at: i) { return r }
        return nil
    }

    /// "即知即改、立行立改、持续整改,", "立查立改、即知即改、应改尽改,": the demands end a list of
    /// slogans, whose last (two to six Han scalars after 、) ends its clause; not a list that
    /// goes on to name a principle ("立行立改、举一反三的原则").
    private func endsSloganList(after k: Int) -> Bool {
        guard t[k] == "、" else { return false }
        var j = k + 1
        while j - k <= 7, t.isHan(j) { j += 1 }
        return j - k - 1 >= 2 && j - k - 1 <= 6 && (t[j].map { Cues.clauseSeparators.contains($0) } ?? true)
    }

    private func ongoing(at i: Int) -> (Match, Int)? {
        guard let (w, e) = t.match(RhythmGrammar.ongoingWords, at: i) else { return nil }
        // 超长期 (a kind of bond), 长期以来 (for a long time: a past span, not a plan).
        if t.has("超", at: i - 1) { return nil }
        // Bare 长期 only standing alone ("完成时限: 长期"), not inside "长期健康发展";
        // 长效 only as the goal itself ("常态长效"), not in "长效机制".
        if w == "长期" || w == "长效", t.isHan(e) { return nil }
        return (.ongoing, e)
    }

    private func cadence(at i: Int) -> (Match, Int)? {
        // "逢星期三", "每逢周五", "逢单月": each such weekday, every other month.
        if t.has("逢", at: i) || t.has("每逢", at: i) {
            let j = t.has("每", at: i) ? i + 2 : i + 1
            if let (_, k) = t.match(["星期", "礼拜", "周"], at: j), let (_, n) = PointGrammar.weekdayNames.first(in: t, at: k), n >= 1 {
                return (.cadence(.init(period: .week)), k + 1)
            }
            if t.has("单月", at: j) || t.has("双月", at: j) { return (.cadence(.init(period: .month, every: 2)), anchorEnd(after: j + 2, .month)) }
            if !t.has("每", at: i) { return nil }
        }
        if t.has("每", at: i) {
            var j = i + 1
            var every = 1
            if t.has("个", at: j) { j += 1 }
            if t.has("半", at: j), t.has("年", at: j + 1) || t.has("月", at: j + 1) || t.has("个月", at: j + 1) {
                let isYear = t.has("年", at: j + 1)
                let e = t.has("个月", at: j + 1) ? j + 3 : j + 2
                return (.cadence(.init(period: isYear ? .half : .week, every: isYear ? 1 : 2)), anchorEnd(after: e, isYear ? .half : .month))
            }
            if let n = Numerals.read(t, at: j, maxLength: 2), n.value >= 1 {
                every = n.value
                j += n.length
                if t.has("个", at: j) { j += 1 }
            }
            if t.has("工作日", at: j) { return (.cadence(.init(period: .day, every: every)), j + 3) }
            // "每單月10日前", "每双月": every other month.
            if every == 1, t.has("单月", at: j) || t.has("双月", at: j) {
                return (.cadence(.init(period: .month, every: 2)), anchorEnd(after: j + 2, .month))
            }
            guard let (p, e) = period(at: j) else { return nil }
            return (.cadence(.init(period: p, every: every)), anchorEnd(after: e, p))
        }
        if let r = dayAfterEachPeriod(at: i) { return r }
        if t.has("按", at: i), let (p, e) = period(at: i + 1) {
            if let next = t[e], "龄期份级序".unicodeScalars.contains(next) { return nil }
            return (.cadence(.init(period: p)), e)
        }
        if t.has("不定期", at: i) { return (.cadence(.init(period: nil)), i + 3) }
        if t.has("定期", at: i), !t.has("不", at: i - 1), !t.has("存", at: i + 2), !t.has("理财", at: i + 2) {
            return (.cadence(.init(period: nil)), i + 2)
        }
        // 半月一调度: every half month.
        if t.has("半月一", at: i), t.isHan(i + 3), !t.has("日", at: i + 3) {
            let end = t.match(RhythmGrammar.cadenceVerbs, at: i + 3)?.1 ?? i + 4
            return (.cadence(.init(period: .week, every: 2)), end)
        }
        // 日产日清, 日清日结, 周清周结, 月清月结: the same period twice, each with its verb.
        if let w = t[i], w == "日" || w == "周" || w == "月", t.isHan(i + 1), t[i + 2] == w, t.isHan(i + 3),
           !(t[i - 1].map(Numerals.isNumeralScalar) ?? false), let v1 = t[i + 1], let v2 = t[i + 3],
           !Numerals.isNumeralScalar(v1), !Numerals.isNumeralScalar(v2), "产清查结报".unicodeScalars.contains(v1) {
            let p: DateExpression.Period = w == "日" ? .day : (w == "周" ? .week : .month)
            return (.cadence(.init(period: p)), i + 4)
        }
        // "月排查月报送", "周调度周通报": the same period twice, each with a verb of the work.
        if let (p, e) = period(at: i), p != .half, !(t[i - 1].map(Numerals.isNumeralScalar) ?? false),
           let (_, v1) = t.match(RhythmGrammar.cadenceVerbs, at: e), let (p2, e2) = period(at: v1), p2 == p,
           let (_, v2) = t.match(RhythmGrammar.cadenceVerbs, at: e2) {
            return (.cadence(.init(period: p)), v2)
        }
        // 逐月推进, 逐季考核: one step each period. Not 逐年 (a trend: "逐年增长").
        if let (w, e) = t.match(["逐月", "逐季度", "逐季", "逐周", "逐日", "逐旬"], at: i) {
            let p: DateExpression.Period = w == "逐月" ? .month : (w.hasPrefix("逐季") ? .quarter
                : (w == "逐周" ? .week : (w == "逐日" ? .day : .xun)))
            return (.cadence(.init(period: p)), e)
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

    /// "月后18日前", "季后7日", "代扣税款的次月十五日内": a day counted after each month or
    /// quarter, as standing rules and report schedules write it. 次月 only after 的/之 (after
    /// an event of the rule; "于次月5日前" alone is the month after the document's), and 月后
    /// not after an amount ("3个月后", "5月后").
    private func dayAfterEachPeriod(at i: Int) -> (Match, Int)? {
        guard let (w, e) = t.match(["季度后", "季后", "月后", "次月"], at: i) else { return nil }
        let prev = t[i - 1]
        if w == "次月" {
            guard prev == "的" || prev == "之" else { return nil }
        } else if let prev, Numerals.isNumeralScalar(prev) || "个半本上下当次同".unicodeScalars.contains(prev) {
            return nil
        }
        guard let n = Numerals.read(t, at: e, maxLength: 3), (1...31).contains(n.value),
              let (_, k) = t.match(["个工作日", "工作日", "日", "天"], at: e + n.length) else { return nil }
        let end = t.match(["以内", "之内", "内", "之前", "以前", "前"], at: k)?.1 ?? k
        return (.cadence(.init(period: w.hasPrefix("季") ? .quarter : .month)), end)
    }

    /// What may follow a rhythm to fix its moment: 每年年初, 每月底, 每月15日前, 每季度末.
    private func anchorEnd(after e: Int, _ p: DateExpression.Period) -> Int {
        var j = e
        if t.has("的", at: j), t.isDigit(j + 1) || (t[j + 1].map(Numerals.isNumeralScalar) ?? false) { j += 1 }
        switch p {
        case .year:
            if let (_, k) = t.match(["年初", "年底", "年末", "初", "底", "末"], at: j) {
                j = k
            } else if let k = PointGrammar(t: t).monthAndDayEnd(at: j) {
                j = k
                // "每年的4月4日或5日": a second day of the same month.
                if t.has("或", at: j), let n = Numerals.read(t, at: j + 1, maxLength: 2),
                   t.has("日", at: j + 1 + n.length) || t.has("号", at: j + 1 + n.length) {
                    j += 2 + n.length
                }
            }
        case .month, .quarter:
            // "每季度最后一个月的30日前", "每季度末月10日前".
            if p == .quarter, let (_, k) = t.match(["最后一个月的", "最后一个月", "末月", "第一个月的", "首月"], at: j) { j = k }
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
        guard let (w, p) = RhythmGrammar.periods.first(in: t, at: j) else { return nil }
        return (p, j + w.scalarCount)
    }

    /// Verbs after which a bare period word is a rhythm: "实施季调度和季通报".
    static let rhythmIntroducers: WordList = ["实施", "实行", "开展", "坚持", "建立", "推行", "落实", "执行", "进行", "和", "及", "与", "或", "并"]

    private func isBoundary(before i: Int) -> Bool {
        guard let u = t[i - 1] else { return true }
        switch u {
        case "“", "”", "\"", "'", "「", "」", "『", "』", "、", ",", ";", ":", "(", " ": return true
        default: return t.hasAny(RhythmGrammar.rhythmIntroducers, endingAt: i)
        }
    }

    // MARK: - Spans

    /// Words before an amount of time that make it a span: "为期两个月", "经过两年努力", "共7天".
    static let spanPrefixes: WordList = [
        "未来", "连续", "为期", "历时", "经过", "利用", "再用", "用了", "不到", "不少于", "不超过", "不能超过", "不得超过",
        "最长不超过", "一般不超过", "原则上不超过", "超过", "不足", "提前",
        "大干", "会前", "会后", "限期", "给予", "核予", "坚持", "用", "共", "近",
        // "会议召开前一日", "活動舉行前10個工作天": counted back from an event of the text.
        "召开前", "举行前", "举办前", "开始前", "开幕前", "开展前",
        // "离校前3天", "假期前三星期", "到期前一个月": counted back from a day everyone knows
        // (a term's end, a holiday, an expiry), as notices to students and holders write them.
        // Not 放假前: "放假前一天" is the day before a holiday, a day of the calendar.
        "离校前", "离开前", "假期前", "开学前", "报到前", "入住前", "退宿前", "考试前", "到期前", "届满前", "期满前",
        "开工前", "施工前", "交付前", "出发前", "活动前", "比赛前", "开课前", "上课前", "开班前", "开考前", "开赛前",
        // "聘期三年", "任期为五年": the term of an appointment or a lease.
        "聘期为", "任期为", "租期为", "服务期为", "试用期为", "聘期", "任期", "租期", "服务期", "试用期",
        // "资料后约3个月…发出通知", "约需两周": about so long.
        "大约", "约需", "约",
    ]

    static let spanUnits: TaggedWords<DateExpression.Span.Unit> = [
        ("分钟", .minute), ("小时", .hour), ("个小时", .hour), ("个多小时", .hour), ("个多月", .month),
        ("多个月", .month), ("周年", .year), ("个工作日", .workday), ("工作日", .workday), ("个工作天", .workday), ("工作天", .workday), ("个自然日", .day), ("自然日", .day), ("个月", .month),
        ("个星期", .week), ("星期", .week), ("个季度", .month), ("天", .day), ("日", .day), ("周", .week),
        ("年", .year),
    ]

    static let spanSuffixes: TaggedWords<Suffix> = [
        ("以内", .within), ("之内", .within), ("内", .within), ("以来", .since), ("来", .since),
        ("以后", .after), ("之后", .after), ("后", .after), ("间", .none),
        // "需三十日以上辦結": at least that long, a length all the same.
        ("以上", .none),
    ]
    /// What joins two amounts of one span ("三到五年", "3至4个月", "2-5個工作天").
    static let amountRangeSeparators = "到至-~".unicodeScalars
    static let vagueSince: WordList = ["近年来", "多年来", "近些年来", "近几年来", "近几年"]

    /// True when `i` starts a clause: the text's start, a clause break before it, or 早在/大约/约
    /// right after one.
    private func opensClause(at i: Int) -> Bool {
        var k = i
        if let (w, _) = t.match(["早在", "大约", "约"], at: max(0, i - 2)), max(0, i - 2) + w.scalarCount == i { k = i - w.scalarCount }
        else if t.has("约", at: i - 1) { k = i - 1 }
        guard let prev = t[k - 1] else { return true }
        return Cues.clauseSeparators.contains(prev) || prev == " " || prev == "\n"
    }

    /// A span with neither prefix nor suffix that can be nothing but a length of time: hours
    /// and minutes ("24小时连续监控"), working days, weeks, and days counted with 天 or past
    /// any day of a month ("有效期为90日"). "3个月" and "15日" alone stay unread: an amount,
    /// a day of the month.
    /// Scalars before an amount that make it a day of something else: "前一天", "最后一个工作日",
    /// "第二天", "每周".
    static let notAlone = "前后第每同当这那头最首末上下本次隔".unicodeScalars

    /// `digits`: how many scalars the amount was written with ("826日", a month and day with
    /// 月 lost, is no span of 826 days).
    static func standsAlone(_ amount: Int, _ unit: DateExpression.Span.Unit, countedInTian: Bool, digits: Int) -> Bool {
        switch unit {
        case .minute, .hour, .workday, .week: true
        case .day: countedInTian || amount > 31 && digits <= 2
        case .month, .year: false
        }
    }

    private func span(at i: Int) -> (Match, Int)? {
        if let (_, e) = t.match(RhythmGrammar.vagueSince, at: i) {
            return (.vagueSince, e)
        }
        var j = i
        var prefix: StaticString? = nil
        if let (w, e) = t.match(RhythmGrammar.spanPrefixes, at: j) {
            prefix = w
            j = e
        }
        var amount: Int
        var unit: DateExpression.Span.Unit
        var extraDays = 0
        var spanUnitStart = j
        if t.has("半", at: j), let (u, e) = t.match(["个月", "年"], at: j + 1) {
            amount = u == "年" ? 6 : 15
            unit = u == "年" ? .month : .day
            j = e
        } else {
            guard var n = Numerals.read(t, at: j, maxLength: 3), n.value >= 1, !(n.isDigitString && n.isChinese),
                  !(t[j - 1].map(Numerals.isNumeralScalar) ?? false), t[j - 1] != "."
            else { return nil }
            j += n.length
            // "三到五年", "3至4个月": a span between two amounts, read as the larger.
            if let sep = t[j], RhythmGrammar.amountRangeSeparators.contains(sep),
               let m = Numerals.read(t, at: j + 1, maxLength: 3), m.value > n.value,
               RhythmGrammar.spanUnits.first(in: t, at: j + 1 + m.length) != nil
                || t.has("个", at: j + 1 + m.length) && RhythmGrammar.spanUnits.first(in: t, at: j + 2 + m.length) != nil {
                j += 1 + m.length
                n = m
            }
            // "40多天", "两个多月", "3多个月": an approximate amount, the same unit.
            if t.has("多", at: j) { j += 1 }
            let units = RhythmGrammar.spanUnits
            if t.has("个半月", at: j) || t.has("年半", at: j) {
                // "五个半月", "一年半": whole months or years and a half; half a month is 15 days,
                // as 半个月 is.
                let years = t.has("年半", at: j)
                guard n.value <= 50 else { return nil }
                amount = years ? n.value * 12 + 6 : n.value
                unit = .month
                extraDays = years ? 0 : 15
                spanUnitStart = j
                j += years ? 2 : 3
            } else {
                guard let (w, u) = units.first(in: t, at: j) else { return nil }
                amount = n.value
                unit = u
                spanUnitStart = j
                if w == "个季度" { amount *= 3 }
                j += w.scalarCount
                if u == .year, amount > 50 { return nil }
            }
        }
        // "1个月18天": a second amount of a smaller unit belongs to the same span, which is
        // then a span whatever follows.
        var compound = false
        if let n2 = Numerals.read(t, at: j, maxLength: 3), !(n2.isDigitString && n2.isChinese),
           let (w2, u2) = RhythmGrammar.spanUnits.first(in: t, at: j + n2.length), !(w2 == "年") {
            j += n2.length + w2.scalarCount
            compound = true
            // Counted in the days it adds after the first amount ("1个月18天": a month and 18 days).
            switch (unit, u2) {
            case (.year, .month):
                amount = amount * 12 + n2.value
                unit = .month
            case (.year, .week), (.month, .week): extraDays += 7 * n2.value
            case (.year, .day), (.month, .day), (.week, .day): extraDays += n2.value
            default: break
            }
        }
        var suffix = Suffix.none
        // "四年左右时间", "两个多月的", "3年努力": still a span.
        var described = compound
        while let (_, e) = t.match(["左右", "时间", "努力", "的时间", "之久", "会战", "攻坚战", "攻坚"], at: j) {
            described = true
            j = e
        }
        if let (w, s) = RhythmGrammar.spanSuffixes.first(in: t, at: j) {
            suffix = s
            j += w.scalarCount
        } else if prefix.map({ $0 == "约" || $0 == "大约" }) ?? true, t.has("前", at: j), opensClause(at: i), t[j + 1].map(Cues.clauseSeparators.contains) ?? false
                    || t.isHan(j + 1) && t.match(Cues.verbStarts, at: j + 1) == nil {
            suffix = .ago
            j += 1
        } else if t.has("的", at: j), t.isHan(j + 1), !described {
            described = true  // "3个月的整改"
        } else if t[i - 1] == "之", t.has("前", at: j), unit == .day || unit == .workday || unit == .hour {
            j += 1  // "开始日之七日前": a span before an event of the text.
        } else if prefix == nil, !described,
                  !RhythmGrammar.standsAlone(amount, unit, countedInTian: t.has("天", at: spanUnitStart), digits: spanUnitStart - i)
                    || t[i - 1].map(RhythmGrammar.notAlone.contains) ?? false {
            return nil  // "3个月" alone is an amount, not a time expression.
        }
        if let prefix, prefix == "近", suffix == .none { suffix = .since }
        return (.span(.init(amount: amount, unit: unit, days: extraDays), suffix), j)
    }
}
