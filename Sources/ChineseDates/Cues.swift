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
        /// 截止时间为, 时限为, 公示期为: a cut-off or limit, a deadline whatever its tense.
        case cutoff
        /// 较, 比, 好于, 同比: the period compared with.
        case comparison
        /// 完成时间为, 销号时间:, 办结时间: when a thing is to be done (a target while the
        /// date is ahead) or was done (a fact once it is past, or after 实际).
        case completion
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
        /// 截止: the day a thing closes ("5月30日截止"), a deadline whatever its tense.
        case cutoff
    }

    static let prefixes: TaggedWords<Prefix> = [
        ("截止时间为", .cutoff), ("截至时间为", .cutoff), ("截止时间是", .cutoff), ("截止时间:", .cutoff),
        ("截至时间:", .cutoff), ("截止日期为", .cutoff), ("截止日期是", .cutoff), ("截止日期:", .cutoff),
        ("截止日期", .cutoff), ("截止时间", .cutoff), ("截至日期", .cutoff), ("截止日为", .cutoff),
        // "征文截稿时间:2023年4月10日": the day submissions close.
        ("截稿时间为", .cutoff), ("截稿时间:", .cutoff), ("截稿时间", .cutoff), ("截稿日期为", .cutoff),
        ("截稿日期:", .cutoff), ("截稿日期", .cutoff),
        ("时限为", .cutoff), ("期限为", .cutoff), ("时限:", .cutoff), ("期限:", .cutoff), ("时限要求:", .cutoff),
        ("时间节点:", .cutoff), ("时间节点为", .cutoff), ("公示期为", .cutoff), ("公示期:", .cutoff),
        ("公示时间为", .cutoff), ("公示时间:", .cutoff), ("公告时间为", .cutoff), ("公告时间:", .cutoff),
        ("公告期为", .cutoff), ("公示期限为", .cutoff), ("征求意见时间为", .cutoff), ("征求意见截止", .cutoff),
        ("征求意见的时间为", .cutoff), ("征求意见的时间:", .cutoff), ("征求意见时间:", .cutoff), ("征求意见的时间", .cutoff),
        ("征求意见时间", .cutoff), ("公示时间", .cutoff), ("公示期", .cutoff), ("公告时间", .cutoff), ("意见反馈时间", .cutoff),
        ("反馈时间为", .cutoff), ("报送时间为", .cutoff), ("提交时间为", .cutoff),
        ("起止时间为", .cutoff), ("起止时间:", .cutoff), ("起止时间", .cutoff), ("起止日期:", .cutoff), ("起止日期", .cutoff),
        ("征集时间为", .cutoff), ("征集时间:", .cutoff), ("征集时间", .cutoff), ("报名时间为", .cutoff), ("报名时间:", .cutoff),
        ("报名时间", .cutoff), ("登记时间为", .cutoff), ("登记时间:", .cutoff), ("登记日期为", .cutoff), ("登记日期:", .cutoff),
        ("申报时间为", .cutoff), ("申报时间:", .cutoff), ("受理时间为", .cutoff), ("受理时间:", .cutoff),
        ("报名日期为", .cutoff), ("报名日期:", .cutoff), ("申请日期为", .cutoff), ("申请时间为", .cutoff), ("申请期为", .cutoff),
        ("申请期:", .cutoff), ("受理日期为", .cutoff), ("申报日期为", .cutoff), ("征集日期为", .cutoff), ("报名期为", .cutoff),
        // "计划完成时间：2025年12月" (a cut-off); "完成时间为2025年10月底" (see `Prefix.completion`).
        ("计划完成时间为", .cutoff), ("计划完成时间:", .cutoff), ("计划完成时间", .cutoff), ("预计完成时间为", .cutoff),
        ("预计完成时间:", .cutoff), ("预计完成时间", .cutoff), ("计划完成日期", .cutoff), ("要求完成时间", .cutoff),
        ("完成时间为", .completion), ("完成时间:", .completion), ("完成时间是", .completion), ("完成时间", .completion),
        ("完成日期为", .completion), ("完成日期:", .completion), ("销号时间为", .completion), ("销号时间:", .completion),
        ("办结时间为", .completion), ("办结时间:", .completion), ("整改完成时间", .completion),
        // "最遲於8月1日在學校網頁公布": the latest day allowed.
        ("最迟", .cutoff), ("最晚", .cutoff),
        // "最晚不超过2025年10月底", "不得晚于10月31日": no later than (于 is read off before
        // the list is: "不得晚", "不迟").
        ("不得超过", .cutoff), ("不超过", .cutoff), ("不得晚", .cutoff), ("不晚", .cutoff), ("不迟", .cutoff),
        ("不得迟", .cutoff),
        ("截止:", .asOf), ("截至:", .asOf), ("截止到", .asOf),
        ("好于", .comparison), ("高于", .comparison), ("低于", .comparison), ("优于", .comparison),
        ("相比", .comparison), ("同比", .comparison), ("环比", .comparison), ("较", .comparison), ("比", .comparison), ("截至到", .asOf), ("截止至", .asOf), ("截至", .asOf), ("截止", .asOf),
        ("自从", .from), ("自", .from), ("从", .from), ("直至", .until), ("直到", .until), ("到", .until),
        ("至", .until),
    ]

    static let suffixes: TaggedWords<Suffix> = [
        ("前后", .around), ("左右", .around), ("前夕", .around), ("之前", .before), ("以前", .before),
        // "9月26日(星期五)或之前": on or before, so the day or month itself is included.
        ("或之前", .within), ("或以前", .within), ("截止", .cutoff),
        // "8月31日截稿": the day submissions close.
        ("截稿", .cutoff),
        // "申請月底截" (a headline): 截 alone for 截止, only where its phrase ends (see `suffix`).
        ("截", .cutoff),
        // "确保主汛期来临前", "春节到来之前": before the season or festival comes, as 前.
        ("来临前", .before), ("来临之前", .before), ("到来前", .before), ("到来之前", .before),
        ("前", .before), ("以内", .within), ("之内", .within), ("内", .within), ("以来", .since),
        ("起至今", .since), ("至今", .since), ("开始", .from), ("以后", .around), ("之后", .around),
        ("起", .from), ("同期", .comparison), ("为止", .until), ("止", .until), ("期间", .around),
        ("后", .around),
        // "今年来,我分局…": since, as 以来; only before a comma (else 来 is a verb: "11日来京").
        ("来", .since),
    ]

    /// The comparison words of `prefixes`, in its order.
    static let comparisonPrefixes = TaggedWords(prefixes.entries.filter { $0.1 == .comparison })

    static let aspirational: WordList = ["力争", "争取", "力求", "努力", "力拼", "力拚"]
    /// (最快: the earliest day hoped for, "最快在今年12月31日…复驶", is the target.)
    static let planned: WordList = ["计划", "预计", "拟于", "拟在", "将于", "将在", "预期", "目标", "下一步", "确保", "有望", "预定", "拟", "最快"]
    static let done: WordList = ["已"]
    /// Demands that make a bare date a target without saying it is planned: "须在10月底完成".
    static let demands: WordList = [
        "须", "务必", "要求", "应当", "应于", "应在", "需在", "需于", "请于", "请在", "限于", "限期", "责令",
        // "统一于6月22日交由教务处": everyone on one day.
        "统一于", "统一在",
    ]
    /// Verbs of a result to reach: a current or future date before them is a target
    /// ("2018年,完成328国道改造", "今年完成21.8万户煤改气").
    static let resultVerbs: WordList = [
        "完成", "实现", "达到", "达", "建成", "建立", "基本", "全面", "全部", "消除", "覆盖", "投入使用", "投用",
        "完工", "竣工", "办结", "销号", "到位", "清零", "控制在", "下降", "降低", "提高", "提升", "压减",
        "取得", "形成", "通过", "改善", "健全", "出台", "制定", "印发", "上报", "报送", "提交", "解决", "初步",
        "力争", "争取", "确保", "创成", "创建", "关停", "取缔", "退出", "淘汰", "拆除", "搬迁", "整改",
        "不低于", "不高于", "不超过", "以上", "以下", "增长", "减少", "累计达", "结束",
        "通车", "投产", "上线", "交付", "开通", "验收", "交由", "送交", "交回", "交至", "完善", "巩固",
        "启用", "投运", "落成",
    ]
    /// Verbs of a scheduled occurrence: a date before them is when it happens, not a target
    /// ("将于11月初开工", "将于第三季度进行督查").
    static let occurrenceVerbs: WordList = [
        "开工", "召开", "举行", "举办", "开展", "进行", "启动", "开始", "组织", "进驻", "放假", "上班",
        "调休", "开幕", "部署", "开学", "开放", "发布", "公布", "试行", "施行", "执行", "起施行",
        "实行", "开标", "招标", "到达", "抵达", "出发", "派出", "主办", "承办", "张贴", "刊登", "刊载", "上载", "揭晓",
        "发表",
    ]
    /// Words after a date that report the state reached by then: "到2024年底，累计完成…".
    static let reportedFacts: WordList = ["累计", "已", "共", "了", "先后", "总计", "合计", "并未", "从未", "未曾"]
    /// Words after a period that report on it: "二季度执行情况".
    static let reports: WordList = ["执行情况", "完成情况", "进展情况", "落实情况", "整改情况", "工作情况", "情况"]
    /// Words after a date that mark it as still to come: "国庆期间，…将切实加大…".
    static func isAnnouncedAfter(in t: ScalarText, from end: Int) -> Bool {
        let limit = min(t.count, end + 24)
        var i = end
        while i < limit, !sentenceSeparators.contains(t.scalars[i]) {
            // 将 of the future ("将对", "将进行"), not 将 that moves an object ("将公示牌更新").
            if t.has("将", at: i), t.match(futureAfterJiang, at: i + 1) != nil { return true }
            if t.has("即将", at: i) || t.has("拟", at: i) { return true }
            i += 1
        }
        return false
    }

    static let futureAfterJiang: WordList = [
        "对", "于", "在", "进行", "开展", "组织", "召开", "继续", "全面", "切实", "进一步", "启动", "开始", "实施",
        "陆续", "加大", "加强", "推进", "举行", "举办", "迎来", "持续", "深入", "重点", "集中", "按", "由", "适时",
        "统一", "再次", "派", "赴", "有", "会", "是", "成为", "逐步", "分批", "联合", "围绕", "针对",
    ]

    /// Words before a "到 + date" that quote a target: "意见提出，到2025年…".
    static let quotedTargets: WordList = [
        "提出", "要求", "明确", "目标", "指出", "强调", "意见", "方案", "规划", "计划", "部署", "任务", "确定",
        "力争", "争取", "确保", "预计", "实现",
    ]
    /// Words that report a fact and so break a chain of planned milestones.
    static let facts: WordList = ["已", "目前", "截至", "截止", "以来", "同比", "累计", "现已"]

    /// Where a clause ends: , ; : 。 ! ? (ASCII or full width) and line breaks. A switch, not a
    /// Set: it is asked at every position a clause is searched.
    enum Separators {
        func contains(_ u: Unicode.Scalar) -> Bool {
            switch u {
            case "。", "!", "?", "！", "？", "\n", "\r": true
            case ",", ";", ":", "，", "；", "：": !sentencesOnly
            default: false
            }
        }

        case clauses, sentences
        var sentencesOnly: Bool { self == .sentences }
    }

    static let clauseSeparators = Separators.clauses
    static let sentenceSeparators = Separators.sentences

    /// The modifier glued before `start`, skipping one "于"/"在"; returns it and where it starts.
    static func prefix(in t: ScalarText, before start: Int) -> (Prefix, Int) {
        var s = start
        // "到“十四五”时期末": the opening quote of a named period stands between.
        if let q = t[s - 1], "“「『\"‘".unicodeScalars.contains(q) { s -= 1 }
        // "征求意见起止时间: 2024年9月4日至…": a label's colon and a space before the date.
        if t[s - 1] == " ", let before = t[s - 2], before == ":" || before == "为" { s -= 1 }
        // "公示时间为    年4月18日至…": a form's blank year, its digits never filled in.
        if t[s - 1] == "年", let before = t[s - 2], !Numerals.isNumeralScalar(before), !t.isHan(s - 2) || before == "为" { s -= 1 }
        // "一、征集时间 即日起至…": a heading's label, a space, then its date.
        if t[s - 1] == " ", let (w, p) = prefixes.first(in: t, endingAt: s - 1), p == .cutoff || p == .completion {
            return (p, s - 1 - w.scalarCount)
        }
        // "五、完成时限 2025年12月31日": a ledger's column or a notice's heading, its date after a
        // space (which the text drops beside a date) or right after it.
        let labelEnd = t[s - 1] == " " ? s - 1 : s
        if let m = limitNames.firstIndex(in: t, endingAt: labelEnd) {
            return (.cutoff, labelEnd - limitNames.length(m))
        }
        // "好于上年", "低于2019年": a comparison, whose 于 is part of the word.
        // The comparison word is not part of the expression's text.
        if comparisonPrefixes.first(in: t, endingAt: s) != nil { return (.comparison, start) }
        if t.has("于", endingAt: s) || t.has("在", endingAt: s) {
            s -= 1
            // "整改时限在2020年底须完成的": a time limit set at the date.
            if let m = limitNames.firstIndex(in: t, endingAt: s) { return (.cutoff, s - limitNames.length(m)) }
        }
        if isCutoffLabel(in: t, endingAt: start) { return (.cutoff, start) }
        guard prefixes.mayEnd(in: t, at: s) else { return (.none, start) }
        for (w, p) in prefixes where t.has(w, endingAt: s) {
            // 至 right after a date is a range the grammar declined ("…至今"); as a prefix it
            // must not follow a numeral ("1至").
            let ws = s - w.scalarCount
            if p == .until, let prev = t[ws - 1], Numerals.isNumeralScalar(prev) || prev == "截" { continue }
            // "上班调到8月28日", "顺延至10月8日": the day a thing is moved to.
            if p == .until, t.has("调", endingAt: ws) || t.has("改", endingAt: ws) || t.has("顺延", endingAt: ws)
                || t.has("推迟", endingAt: ws) || t.has("移", endingAt: ws) || t.has("延", endingAt: ws)
                || t.has("提前", endingAt: ws) {
                return (.none, start)
            }
            return (p, ws)
        }
        return (.none, start)
    }

    /// "截止递交标书日期为…", "截止时间变更为:…", "报名截止日期调整为", "最后日期为…", "截标时间为…":
    /// a cut-off named with words between 截止 and the date: 截止/截至, then 时间, 日期 or 期限,
    /// then 为, 是, 至 or a colon right before the date, all in one clause of at most 18 scalars
    /// (最后, 最迟 and 截标 name one only right before 日期, 时间 or 期限). Or a cut-off moved:
    /// "申请截止日期,将由明日(3日)延至3月24日", named before the move in its sentence.
    static func isCutoffLabel(in t: ScalarText, endingAt end: Int) -> Bool {
        var k = end
        if t[k - 1] == " " { k -= 1 }
        if let u = t[k - 1], u == ":" || u == "：" { k -= 1 }
        // "截止申請日期(即2018年12月5日…)": the day glossed after the label.
        if t.has("即", endingAt: k), let open = t[k - 2], open == "(" || open == "（" { k -= 2 }
        if let m = movedTo.firstIndex(in: t, endingAt: k) {
            var verb = k - movedTo.length(m)
            // "申报纳税期限顺延至2月23日", "完成时限调整到10月底", "完成期限已调整到10月底",
            // "完成时限已分别调整到…", "註冊日期現延長至…", "報名時間延長至5/30": a limit, or the
            // day or time of a thing to do, moved names a cut-off too (the adverbs of the move
            // may stand between).
            while let a = movedAdverbs.firstIndex(in: t, endingAt: verb) { verb -= movedAdverbs.length(a) }
            if limitNames.firstIndex(in: t, endingAt: verb) != nil { return true }
            // ("开学时间推迟至9月8日" moves an occurrence, no cut-off.)
            if let n = cutoffNames.firstIndex(in: t, endingAt: verb),
               lastOccurrence(of: actsToDo, in: t, max(0, verb - cutoffNames.length(n) - 6)..<(verb - cutoffNames.length(n))) != nil {
                return true
            }
            return namesCutoff(in: t, before: verb, back: 40, lowerBound: sentenceStart(in: t, before: k), withinClause: false)
        }
        // "將延長投稿期限至3/15": a limit moved, named between the verb and 至.
        if t.has("至", endingAt: k) || t.has("到", endingAt: k), let n = limitNames.firstIndex(in: t, endingAt: k - 1) {
            let named = k - 1 - limitNames.length(n)
            if lastOccurrence(of: movingVerbs, in: t, max(0, named - 8)..<named) != nil { return true }
        }
        guard let u = t[k - 1], u == "为" || u == "是" || u == "至" || k < end else { return false }
        if u == "为" || u == "是", namesLastDayOfAct(in: t, endingAt: k - 1) { return true }
        return namesCutoff(in: t, before: k, back: 18, lowerBound: 0, withinClause: true)
    }

    /// True when, reading back from `end` at most `back` scalars (not before `lowerBound`, nor
    /// across a clause break when `withinClause`), a 时间/日期/期限 is found and then a cut-off
    /// word before it (`namesCutoff(in:at:)`).
    private static func namesCutoff(in t: ScalarText, before end: Int, back: Int, lowerBound: Int, withinClause: Bool) -> Bool {
        var named = false
        var j = end - 1
        while j >= max(lowerBound, end - back) {
            if t.match(cutoffNames, at: j) != nil { named = true }
            if named, namesCutoff(in: t, at: j) { return true }
            if withinClause { guard let c = t[j - 1], !Cues.clauseSeparators.contains(c) else { return false } }
            j -= 1
        }
        return false
    }

    /// "最後登記日為12月30日", "最后报名日期是…": the last day of an act to do, named before
    /// 为/是 (which `end` follows).
    private static func namesLastDayOfAct(in t: ScalarText, endingAt end: Int) -> Bool {
        var k = end
        if t.has("日期", endingAt: k) { k -= 2 } else if t.has("日", endingAt: k) { k -= 1 } else { return false }
        guard let act = actsToDo.firstIndex(in: t, endingAt: k) else { return false }
        k -= actsToDo.length(act)
        return t.has("最后", endingAt: k) || t.has("最迟", endingAt: k)
    }

    /// "由4月15日延期至…", "从原定的3月31日截止推迟至…": a date after 由/从 in its clause and
    /// right before a verb that moves it is the one moved from.
    static func isMovedFrom(in t: ScalarText, _ span: Range<Int>, clause: Range<Int>) -> Bool {
        guard movedTo.firstIndex(in: t, at: span.upperBound) != nil
                || ["延期", "推迟", "延长", "顺延", "押后"].contains(where: { t.has($0, at: span.upperBound) })
        else { return false }
        return lastOccurrence(of: ["由", "从"], in: t, clause) != nil
    }

    /// "截止日依表订行事历为6月18日": 截止日 names the day as 截止日期 does.
    private static let cutoffNames: WordList = ["时间", "日期", "期限", "截止日", "截至日"]
    /// A time limit by name: "整改时限在…", "申报纳税期限顺延至…".
    private static let limitNames: WordList = ["时限", "期限"]
    /// What one does by a day: its 日期 or 时间 moved is a cut-off moved ("報名時間延長至5/30").
    static let actsToDo: WordList = [
        "报名", "注册", "申请", "申报", "退费", "缴费", "缴交", "报送", "提交", "递交", "征集", "受理", "填报", "登记",
        "预约", "领取", "手续",
    ]
    /// Verbs that move a limit named after them ("延長投稿期限至…").
    private static let movingVerbs: WordList = ["延长", "延期", "推迟", "顺延", "押后", "调整", "放宽"]
    /// Adverbs of a move: "已调整到", "已分别调整到", "再次延长至".
    private static let movedAdverbs: WordList = ["已经", "已", "分别", "均", "再次", "统一", "都", "又", "一律", "现", "将", "会", "再"]
    /// Verbs that move a date: the new one is what the sentence names before them.
    static let movedTo: WordList = [
        "延长至", "延期至", "推迟至", "押后至", "顺延至", "延至", "调整为", "更改为", "变更为", "改为",
        "延长到", "延期到", "推迟到", "顺延到", "调整到", "调整至",
    ]

    /// True when a cut-off word starts at `j`: 截止/截至 with words up to its 时间/日期/期限, or
    /// 最后/最迟/截标 right before one.
    private static func namesCutoff(in t: ScalarText, at j: Int) -> Bool {
        if t.has("截止", at: j) || t.has("截至", at: j) { return true }
        guard t.has("最后", at: j) || t.has("最迟", at: j) || t.has("截标", at: j) else { return false }
        return t.match(cutoffNames, at: j + 2) != nil
    }

    /// The modifier glued after `end`, and where it ends. "前" that starts "前三季度" is not one.
    /// One space may stand before it, and one inside 之前/之后/之内 ("10月31日之 前", PDF text).
    static func suffix(in t: ScalarText, after end: Int) -> (Suffix, Int) {
        let at = t.skippingSpace(end)
        if t.has("之", at: at), t.skippingSpace(at + 1) == at + 2 {
            for (w, s): (StaticString, Suffix) in [("前", .before), ("后", .around), ("内", .within)] where t.has(w, at: at + 2) {
                return (s, at + 3)
            }
        }
        if let (w, s) = suffixes.first(in: t, at: at) {
            let e = at + w.scalarCount
            if w == "前", let n = Numerals.read(t, at: e, maxLength: 2),
               t.has("季度", at: e + n.length) || t.has("个月", at: e + n.length) {
                return (.none, end)
            }
            // "預計6月前往胡志明市": 前往 is a verb (go to).
            if w == "前", t.has("往", at: e) { return (.none, end) }
            if w == "截稿", let next = t[e], "时日".unicodeScalars.contains(next) { return (.none, end) }
            if w == "截", let next = t[e], !Cues.clauseSeparators.contains(next), next != " " { return (.none, end) }
            if w == "起", t.has("草", at: e) || t.has("诉", at: e) || t.has("步", at: e) { return (.none, end) }
            if w == "后", t.has("续", at: e) || t.has("期", at: e) { return (.none, end) }
            // "截止到…", "截止目前", "截止时间": 截止 that starts a phrase of its own.
            if w == "截止", startsOwnPhrase(afterCutoffEndingAt: e, in: t) { return (.none, end) }
            if w == "内", let next = t[e], "容部设外涵".unicodeScalars.contains(next) { return (.none, end) }
            if w == "来", t[e].map({ !",，、".unicodeScalars.contains($0) }) ?? true { return (.none, end) }
            return (s, e)
        }
        return (.none, end)
    }

    /// "截止到…", "截止目前", "截止时间", "截止日期", "截止前"; "…12月31日截止計算" (the day an age is
    /// counted to): 截止 ending at `e` starts a phrase of its own, and closes nothing there.
    static func startsOwnPhrase(afterCutoffEndingAt e: Int, in t: ScalarText) -> Bool {
        t[e].map { "到至目时日前计".unicodeScalars.contains($0) } ?? false
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

    static func sentenceStart(in t: ScalarText, before i: Int) -> Int {
        var j = i
        let limit = max(0, i - lookBehind)
        while j > limit, let u = t[j - 1], !sentenceSeparators.contains(u) { j -= 1 }
        return j
    }

    /// The sentence of each position, counted as a scan moves forward: how many sentence
    /// separators stand before it. No array of one index per scalar is made.
    struct SentenceCounter {
        private let t: ScalarText
        private var position = 0
        private var count = 0

        init(_ t: ScalarText) { self.t = t }

        /// The sentence `i` is in; `i` may not go back.
        mutating func index(at i: Int) -> Int {
            precondition(i >= position, "a sentence counter only moves forward")
            while position < i {
                if sentenceSeparators.contains(t.scalars[position]) { count += 1 }
                position += 1
            }
            return count
        }
    }

    enum Verb { case result, occurrence, fact, done, report }

    /// Every word `verbAfter` looks for, for its filter.
    static let verbStarts = reportedFacts + reports + occurrenceVerbs + resultVerbs
    static let plannedOrAspirational = planned + aspirational

    /// The first verb after a date that tells what the date is for: read to the end of its
    /// clause, and into the next clause when the date stands alone before a comma
    /// ("2018年,完成…"). Bounded like the look-behind.
    static func verbAfter(in t: ScalarText, from end: Int) -> Verb? {
        verbAndPlaceAfter(in: t, from: end)?.verb
    }

    /// The verb `verbAfter` finds, and how many scalars after `end` it starts.
    static func verbAndPlaceAfter(in t: ScalarText, from end: Int) -> (verb: Verb, distance: Int)? {
        var i = end
        var limit = min(t.count, end + 40)
        var crossed = false
        // "于11月13-15日在山东省济南市山东大厦隆重召开": a place after 在 stands between the date
        // and its verb.
        let reach = t.has("在", at: end) ? 24 : 8
        while i < limit {
            // A verb far after a date that is not set off by a comma belongs to another part
            // of the sentence: "2017-2018年省秋冬季大气污染防治专项执法巡查反馈问题整改".
            if !crossed, i - end > reach { return nil }
            let u = t.scalars[i]
            // "9月-10月 制定并出台…": a space right after the date, as a table's cells leave it,
            // sets it off as a comma does.
            if i == end, !crossed, u == " " || u == "\u{3000}" || u == "\t" {
                crossed = true
                i += 1
                limit = min(t.count, i + 40)
                continue
            }
            if clauseSeparators.contains(u) {
                if crossed || i > end + 1 || sentenceSeparators.contains(u) { return nil }
                crossed = true
                i += 1
                limit = min(t.count, i + 40)
                continue
            }
            // "2016年是…开局之年": the date is what the sentence is about, not when to reach a result.
            if i == end, u == "是" { return (.fact, 0) }
            // "…审议了", "召开了": an act reported done ("了解", "为了", "除了" are words of their own).
            if u == "了", i > end, t.isHan(i - 1), !t.has("了解", at: i), !t.has("为了", at: i - 1), !t.has("除了", at: i - 1) {
                return (.done, i - end)
            }
            // Most positions start no verb at all.
            guard verbStarts.mayStart(with: u) else { i += 1; continue }
            if !t.has("了", at: i), t.hasAny(reportedFacts, at: i) { return (.fact, i - end) }
            if t.hasAny(reports, at: i) { return (.report, i - end) }
            if let k = occurrenceVerbs.firstIndex(in: t, at: i) {
                // "进行了复查": the occurrence reported done.
                return (t.has("了", at: i + occurrenceVerbs.length(k)) ? .done : .occurrence, i - end)
            }
            if let k = resultVerbs.firstIndex(in: t, at: i) {
                // "完成了": reported, not to be reached.
                if t.has("了", at: i + resultVerbs.length(k)) { return (.done, i - end) }
                // "上半年,全市完成地区生产总值802.81亿元,比上年同期增长28.6%": an amount measured
                // against a past period is a statistic reported, not a result to reach.
                if comparesWithPast(in: t, from: i + resultVerbs.length(k)) { return (.fact, i - end) }
                // "督察整改工作领导小组", "整改进展情况": 整改 naming the work, a noun.
                if isWorkNoun(in: t, at: i) { i += 2; continue }
                return (.result, i - end)
            }
            i += 1
        }
        return nil
    }

    /// True when 将 (of the future) stands within 12 scalars after `end` in its clause and the
    /// first verb after it, within 30 scalars of the clause, is a result: "今年河北省将把审批时间
    /// 压减至110个工作日以内" (an occurrence, "今年将举办…", is not).
    static func resultAfterFuture(in t: ScalarText, from end: Int) -> Bool {
        var i = end
        while i < min(t.count, end + 12), !clauseSeparators.contains(t.scalars[i]) {
            if t.has("将", at: i), t.has("把", at: i + 1) || t.match(futureAfterJiang, at: i + 1) != nil || t.match(resultVerbs, at: i + 1) != nil {
                var k = i + 1
                while k < min(t.count, i + 31), !clauseSeparators.contains(t.scalars[k]) {
                    if t.match(occurrenceVerbs, at: k) != nil || t.has("了", at: k) { return false }
                    if t.match(resultVerbs, at: k) != nil, !isWorkNoun(in: t, at: k) { return true }
                    k += 1
                }
                return false
            }
            i += 1
        }
        return false
    }

    /// Words after 整改 that make it the name of the work: "整改工作", "整改领导小组", "整改进展".
    static let workNouns: WordList = ["工作", "领导小组", "进展", "情况", "方案", "落实工作", "办公室", "台账", "清单", "报告"]

    /// True when 整改 at `i` names the work ("整改工作", "整改进展"), not the act.
    static func isWorkNoun(in t: ScalarText, at i: Int) -> Bool {
        t.has("整改", at: i) && t.match(workNouns, at: i + 2) != nil
    }

    /// Words that measure an amount against a past period: "比上年同期增长", "同比下降".
    static let pastComparisons: WordList = ["同比", "比上年", "较上年", "比去年", "较去年", "上年同期", "去年同期", "环比"]

    /// True when the rest of the sentence after a result verb (up to 40 scalars) compares its
    /// amount with a past period.
    static func comparesWithPast(in t: ScalarText, from i: Int) -> Bool {
        var k = i
        let limit = min(t.count, i + 40)
        while k < limit, !sentenceSeparators.contains(t.scalars[k]) {
            if t.hasAny(pastComparisons, at: k) { return true }
            k += 1
        }
        return false
    }

    /// The last occurrence of any word of `list` in `range`, as its start offset.
    static func lastOccurrence(of list: WordList, in t: ScalarText, _ range: Range<Int>) -> Int? {
        var i = range.upperBound - 1
        let lower = max(range.lowerBound, range.upperBound - lookBehind)
        while i >= lower {
            if let u = t[i], list.mayStart(with: u) {
                for w in list.words where i + w.scalarCount <= range.upperBound && t.has(w, at: i) {
                    return i
                }
            }
            i -= 1
        }
        return nil
    }

    /// True when offset `p` lies inside a 《…》 title that closes before `end`.
    static func isInTitle(in t: ScalarText, at p: Int, before end: Int) -> Bool {
        var i = p - 1
        while i >= max(0, p - 60) {
            if t[i] == "》" { return false }
            if t[i] == "《" { break }
            i -= 1
        }
        guard i >= max(0, p - 60), t[i] == "《" else { return false }
        var j = p
        while j < end {
            if t[j] == "》" { return true }
            j += 1
        }
        return false
    }

    /// The last occurrence of any of `words` in `range`, as its start offset.
    /// The first position, in the `within` scalars from `start` and before the first separator
    /// of `stop`, where a word of `list` starts: `lastOccurrence` reading forward.
    static func firstOccurrence(of list: WordList, in t: ScalarText, from start: Int, within: Int, stoppingAt stop: Separators) -> Int? {
        var i = start
        while i < min(t.count, start + within), let u = t[i], !stop.contains(u) {
            if list.mayStart(with: u), t.match(list, at: i) != nil { return i }
            i += 1
        }
        return nil
    }

    static func lastOccurrence(of words: [StaticString], in t: ScalarText, _ range: Range<Int>) -> Int? {
        lastOccurrence(of: WordList(words), in: t, range)
    }
}
