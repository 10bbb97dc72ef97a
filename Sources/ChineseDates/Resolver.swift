/// Classifies raw expressions and gives them years and intervals, sentence by sentence,
/// carrying the year and the chain of planned milestones from one expression to the next.
struct Resolver {
    typealias Flags = DateExpression.Flags

    let t: ScalarText
    let reference: CivilDate?
    let role: DateParser.Role

    private var sentence = -1
    /// The year of the last date written or resolved in the sentence.
    private var contextYear: Int?
    /// The due date of the last target in the sentence, and where its text ended.
    private var chain: (due: CivilDate, start: CivilDate, end: Int)?
    /// The month of the last date of the sentence that named one, for 当月.
    private var contextMonth: (year: Int, month: Int)?
    /// A yearly rhythm read earlier in the sentence ("每年2月底前…"): the later days and
    /// months of the sentence with no year are its moments too ("…，3月底前…").
    private var yearlyRhythm: DateExpression.Cadence?

    init(t: ScalarText, reference: CivilDate?, role: DateParser.Role) {
        self.t = t
        self.reference = reference
        self.role = role
    }

    mutating func resolve(_ raw: RawExpression) -> DateExpression {
        if raw.sentence != sentence {
            sentence = raw.sentence
            contextYear = nil
            contextMonth = nil
            chain = nil
            yearlyRhythm = nil
        }
        switch raw.core {
        case .point(let core): return resolvePoint(raw, core)
        case .rhythm(let m): return resolveRhythm(raw, m)
        }
    }

    // MARK: - Cues

    private struct CueReading {
        var flags: Flags = []
        /// Continues a chain of planned milestones begun earlier in the sentence.
        var chained = false
        /// A demand (须, 要求, 请于) makes a target without saying it is planned.
        var demanded = false
        var isTarget: Bool { flags.contains(.planned) || flags.contains(.aspirational) || chained || demanded }
    }

    /// "2023年度房屋稅…繳納期限至9月2日", "2022年度预算执行审计查出问题…年底前整改": the year a
    /// tax, a budget or an audit is of, named as the thing's attribute, is not the year the
    /// sentence's limits fall in (they are paid, or rectified, after it); later dates do not take it.
    /// (A plan's year, "2024年度重点工作计划二季度", is the time its dates speak of, and is carried.)
    private func namesAccountYear(_ raw: RawExpression, _ written: PointGrammar.Core) -> Bool {
        guard written.to == nil, written.from.precision == .year, t.has("年度", endingAt: raw.span.upperBound),
              raw.suffix == .none else { return false }
        return Cues.firstOccurrence(of: Resolver.accounts, in: t, from: raw.span.upperBound, within: 12, stoppingAt: .clauses) != nil
    }

    private static let accounts: WordList = ["税", "预算", "决算", "审计", "财政收支", "财务收支", "退税"]

    /// The bracket still open at `end`, inside `range`, if any.
    private func openBracket(before end: Int, in range: Range<Int>) -> Int? {
        var i = end - 1
        while i >= range.lowerBound, let u = t[i] {
            if u == ")" || u == "）" { return nil }
            if u == "(" || u == "（" { return i }
            i -= 1
        }
        return nil
    }

    private func cues(for raw: RawExpression) -> CueReading {
        var r = CueReading()
        let clause = Cues.clauseStart(in: t, before: raw.span.lowerBound)..<raw.span.lowerBound
        var plan = Cues.lastOccurrence(of: Cues.plannedOrAspirational, in: t, clause)
        // "因《漳州市科技计划项目管理信息系统》于2021年底升级": a cue inside a title is a name.
        if let p = plan, Cues.isInTitle(in: t, at: p, before: raw.span.lowerBound) { plan = nil }
        // "主要预期目标完成情况 上半年,…", "2024年工作计划执行情况": the cue names what a report is
        // about, a heading, and makes no target of the date after it.
        if let p = plan, let (_, e) = t.match(Cues.plannedOrAspirational, at: p), namesReport(after: e, before: raw.span.lowerBound) {
            plan = nil
        }
        // "現已接受申請(8月14日晚上7時截止申請)": a date in brackets is an aside; 已 outside
        // them tells of the sentence, not of it.
        let done = Cues.lastOccurrence(of: Cues.done, in: t, openBracket(before: raw.span.lowerBound, in: clause).map { ($0 + 1)..<clause.upperBound } ?? clause)
        if plan != nil, Cues.lastOccurrence(of: Cues.aspirational, in: t, clause) != nil { r.flags.insert(.aspirational) }
        if let plan, Cues.lastOccurrence(of: Cues.planned, in: t, clause) != nil, done.map({ $0 < plan }) ?? true {
            r.flags.insert(.planned)
        }
        let doneAfter = t.has("已", at: raw.span.upperBound) || t.has("已", at: raw.span.upperBound + 1)
        if let done, plan.map({ done > $0 }) ?? true {
            r.flags.insert(.done)
            r.flags.remove(.planned)
            r.flags.remove(.aspirational)
        } else if doneAfter {
            r.flags.insert(.done)
        }
        if !r.flags.contains(.done), let demand = Cues.lastOccurrence(of: Cues.demands, in: t, clause),
           done.map({ $0 < demand }) ?? true, !Cues.isInTitle(in: t, at: demand, before: raw.span.lowerBound) {
            r.demanded = true
        }
        if !r.flags.contains(.done), !r.flags.contains(.planned), !r.flags.contains(.aspirational), let chain,
           Cues.lastOccurrence(of: Cues.facts, in: t, chain.end..<max(chain.end, raw.span.lowerBound)) == nil {
            r.chained = true
        }
        return r
    }

    /// A half, quarter or run of months of a year: what a statistic is reported for.
    static func isPartOfYear(_ part: TimePoint.Part?) -> Bool {
        switch part {
        case .half?, .quarter?, .quarters?, .firstQuarters?, .firstMonths?: true
        default: false
        }
    }

    /// True when the words from `start` (after a cue) up to the date name a report: "目标完成情况",
    /// "计划执行情况", "目标任务落实情况" — at most six scalars on, then a report word.
    private func namesReport(after start: Int, before date: Int) -> Bool {
        var k = start
        while k < min(date, start + 7) {
            if t.hasAny(Cues.reports, at: k), Cues.reports.firstIndex(in: t, at: k) != Cues.reports.words.count - 1 { return true }
            k += 1
        }
        return false
    }

    // MARK: - Points

    /// What the modifiers and cues make of a point, before its tense is known.
    private enum PointKind {
        case deadline, event, since, asOf
        /// 自/从…起: a "since" if it starts by the reference date, else a scheduled start.
        case sinceOrEvent
        /// 截至/截止 + date: a measuring point in the past, a cut-off in the future.
        case asOfOrCutoff
        /// 到 + date: a target ("到2027年底，覆盖率达到90%"), or a count so far when what
        /// follows reports one ("到2024年底，累计完成…").
        case untilTarget
        /// A bare date with no cue: a target when a result verb follows and its period has
        /// not ended by the reference date ("2018年,完成…" in a 2018 plan), else a fact.
        case eventOrTarget
        /// A bare window to take part in (申报, 征集, 报名…): the last day to do so while its end
        /// is on or after the reference date, else a period that was.
        case windowOrEvent
    }

    private func kind(_ raw: RawExpression, _ cue: CueReading) -> PointKind {
        let target = role == .deadlineField || (cue.isTarget && !cue.flags.contains(.done))
        switch (raw.prefix, raw.suffix) {
        case (_, .comparison), (.comparison, _): return .event
        case (_, .since): return .since
        case (.cutoff, _), (_, .cutoff): return .deadline
        // "有關安排暫定實行至二月二十三日": an arrangement in force until the day, no target.
        case (.until, _) where lastsUntil(raw):
            return .event
        // "完成时间为2025年10月底": a target while ahead; "实际完成时间:…" is a fact.
        case (.completion, .none), (.completion, .until):
            if t.has("实际", endingAt: raw.span.lowerBound) { return .event }
            return target ? .deadline : .windowOrEvent
        case (.asOf, .before), (.asOf, .within): return .deadline
        case (.asOf, _): return target ? .deadline : .asOfOrCutoff
        case (_, .before), (_, .within): return .deadline
        // "从04年的500多件，下降到08年的400多件": a value's year, not a start.
        case (.from, .none) where t.has("的", at: raw.span.upperBound): return .event
        // "自明年1月11日起到明年底结束": a window, read as a bare range.
        case (.from, .none) where isWindow(raw):
            if target || isSubmissionWindow(raw) { return .deadline }
            if opensToday(raw) { return .windowOrEvent }
            return cue.flags.contains(.done) ? .event : .eventOrTarget
        // "从即日起至2021年11月22日止,面向社会公开征集…": a window to send things in.
        case (.from, .until) where isWindow(raw) && isSubmissionWindow(raw): return .deadline
        case (.from, _), (_, .from): return .sinceOrEvent
        // "征集时间 通告之日起至9月30日止": a window from an event to the date.
        // "即日起到11月30日止", "征集时间 即日起至11月30日": a window to take part in.
        // "征集时间 自本公告发布之日起,至2024年10月31日止": a comma may stand after 起.
        case (_, .until) where isSubmissionWindow(raw) && (isWindow(raw) || opensAfterStart(raw) || t.has("起至", at: raw.span.lowerBound - 1)):
            return .deadline
        case (_, .until): return target ? .deadline : .asOf
        case (.until, .none): return target ? .deadline : .untilTarget
        // "須於1月19日至25日期間選校": a window demanded to act in, due its end.
        case (_, .around) where isWindow(raw) && t.has("期间", at: raw.coreSpan.upperBound)
            && Cues.lastOccurrence(of: Cues.demands, in: t, Cues.clauseStart(in: t, before: raw.span.lowerBound)..<raw.span.lowerBound) != nil:
            return .deadline
        // "將於11月9日至12月7日期間接受申請", "可於10月14日至20日期間登入系統提交抽籤申請": a
        // window named by what is sent in during it, in its clause; "可於即日起至7月6日期間,…
        // 致電預約": one opening today.
        case (_, .around) where isWindow(raw) && t.has("期间", at: raw.coreSpan.upperBound)
            && (Cues.firstOccurrence(of: Resolver.submissions, in: t, from: raw.span.upperBound, within: 16, stoppingAt: .clauses) != nil
                || opensToday(raw) && Cues.lastOccurrence(of: Resolver.readerMay, in: t,
                                                          Cues.clauseStart(in: t, before: raw.span.lowerBound)..<raw.span.lowerBound) != nil):
            return .windowOrEvent
        // "2019年5月22日(下午5時)後遞交的逾期申請將不獲處理": the day after which a thing is late.
        case (_, .around) where t.has("后", at: raw.coreSpan.upperBound) && latenessFollows(raw, within: 16):
            return .deadline
        case (_, .around): return .event
        // "2月26日至3月7日,逾期不再受理": the sentence says what is late after it.
        case (_, .none) where !target && latenessFollows(raw, within: 24):
            return .deadline
        case (_, .none):
            // "申报时间 2019年11月28日至12月6日", "征集…的时间为9月19日至10月19日", "预申报
            // (6月1日-6月6日)": a window to take part in, live while its end is ahead.
            // Named before it, as a label names it: "于…至…向社会公开征求意见" reports when one was.
            if !target, isWindow(raw), isSubmissionWindow(raw, namedAfter: false), !t.has("于", at: raw.span.lowerBound - 1) {
                return .windowOrEvent
            }
            // "可於1月19日至25日遞交…表格": the act named right after the window, in its clause.
            if !target, isWindow(raw), submissionFollows(raw) { return .windowOrEvent }
            if !target, headsTimetableRow(raw) { return .windowOrEvent }
            if !target, followsHandInStep(raw) { return .windowOrEvent }
            if !target, cutoffNamedAfter(raw) { return .deadline }
            if !target, opensToday(raw) { return .windowOrEvent }
            // "2001年底共有19個加氣站": the state at a period's end.
            if !target, !isWindow(raw), let last = t[raw.coreSpan.upperBound - 1], last == "底" || last == "末",
               t.match(Resolver.stockWords, at: raw.span.upperBound) != nil {
                return .asOf
            }
            // "于4月30日将《申报表》2份和事迹材料上报校团委": what is handed in by the day.
            if !target, t.has("于", endingAt: raw.span.lowerBound), handsInAfter(raw) { return .deadline }
            // "2024年度施工方案", "2019年度考核": a year of account naming a thing.
            // ("2025年度完成": a result verb after it, no name.)
            if isParenthesisedAnnotation(raw) || t.has("年度", endingAt: raw.coreSpan.upperBound) && t.isHan(raw.span.upperBound)
                && t.match(Cues.resultVerbs, at: raw.span.upperBound) == nil {
                return .event
            }
            if target { return .deadline }
            return cue.flags.contains(.done) ? .event : .eventOrTarget
        }
    }

    /// What a window of a notice is for: its end is the last day to take part.
    private static let submissions: WordList = [
        "征集", "征求", "报名", "受理", "申报", "申请", "填报", "投票", "递交", "提交", "接受", "公示", "招募", "补报",
        "咨询", "征询", "意见收集", "收集意见", "选校", "缴费", "缴交", "征稿", "投稿", "征文", "提名", "注册",
    ]

    /// What the cell after a timetable's date says closes or is handed in that day.
    private static let rowClosings: WordList = [
        "截止", "截至", "最后日期", "最后一天", "上述日期", "递交", "提交", "交予", "交回", "呈交", "缴交", "报名", "补报",
    ]

    /// "2025年12月21日(星期日) 截止報名", "2024年4月25日 (四) 遞交正稿", "2023年12月15日 (五)
    /// 需…於上述日期前將…交予班主任": a date heading a row of a timetable (nothing before it in
    /// its clause), a space, then a cell naming, within 40 scalars of its sentence, what closes
    /// or is handed in by that day.
    private func headsTimetableRow(_ raw: RawExpression) -> Bool {
        var i = raw.span.lowerBound - 1
        while i >= 0, let u = t[i], u == " " || u == "\u{3000}" || u == "\t" { i -= 1 }
        guard i < 0 || t[i].map(Cues.clauseSeparators.contains) ?? true else { return false }
        guard let gap = t[raw.span.upperBound], gap == " " || gap == "\u{3000}" || gap == "\t" else { return false }
        return Cues.firstOccurrence(of: Resolver.rowClosings, in: t, from: raw.span.upperBound, within: 40, stoppingAt: .sentences) != nil
    }

    /// "2.收集论文。2018年4月11日——9月19日。", "4.报送论文。2018年10月13日。", "7、退宿时间:7月2日—7月4日":
    /// a date that opens its sentence right after a short step of a timetable (at most 12
    /// scalars, after 。 or a colon) that names a thing handed in, collected or done by then.
    private func followsHandInStep(_ raw: RawExpression) -> Bool {
        var i = raw.span.lowerBound - 1
        while i >= 0, let u = t[i], u == " " || u == "\u{3000}" { i -= 1 }
        guard i > 0, let sep = t[i], sep == "。" || sep == ":" || sep == "：" || sep == "." else { return false }
        let end = i
        var start = end
        while start > 0, end - start < 13, let u = t[start - 1], !Cues.sentenceSeparators.contains(u), u != "。", u != ":", u != "\n" { start -= 1 }
        guard end - start >= 2, end - start <= 12,
              start == 0 || t[start - 1].map({ Cues.sentenceSeparators.contains($0) || $0 == "。" || $0 == "\n" }) ?? true
        else { return false }
        let step = start..<end
        return Cues.lastOccurrence(of: Resolver.submissions, in: t, step) != nil
            || Cues.lastOccurrence(of: Resolver.handIns, in: t, step) != nil
            || Cues.lastOccurrence(of: Resolver.stepActs, in: t, step) != nil
    }

    /// "下月2日選民登記截止", "下月2日是選民登記的截止日期": a day named a cut-off after it, in
    /// its clause: an act to do and 截止 right after it, or 是/为 and then its 截止日期.
    private func cutoffNamedAfter(_ raw: RawExpression) -> Bool {
        let e = raw.span.upperBound
        // The act at once, or after a two-character subject ("選民登記").
        let at = Cues.actsToDo.firstIndex(in: t, at: e) != nil ? e : e + 2
        if at == e || t.isHan(e), let act = Cues.actsToDo.firstIndex(in: t, at: at) {
            let k = at + Cues.actsToDo.length(act)
            for j in [k, k + 2] where t.has("截止", at: j) {
                return !Cues.startsOwnPhrase(afterCutoffEndingAt: j + 2, in: t)
            }
        }
        guard t.has("是", at: e) || t.has("为", at: e) else { return false }
        return Cues.firstOccurrence(of: Resolver.cutoffDays, in: t, from: e + 1, within: 30, stoppingAt: .clauses) != nil
    }

    /// "即日起至12月31日,參加者可…", "線上初賽:即日起至10月25日": a window opening on the day of
    /// the text is open at the reference date, and its end is the last day to take part; not
    /// a phase of a campaign ("从即日起到明年1月10日为第一阶段").
    /// Nor the issuer's own campaign ("即日起至10月底,我区将开展…活动"), unless something is
    /// sent in during it.
    private func opensToday(_ raw: RawExpression) -> Bool {
        guard isWindow(raw), t.has("即日", at: raw.coreSpan.lowerBound) || t.has("即日", at: raw.span.lowerBound) else { return false }
        let e = raw.span.upperBound
        if t.has("为第", at: e) || t.has("是第", at: e)
            || Cues.firstOccurrence(of: Resolver.phases, in: t, from: e, within: 8, stoppingAt: .clauses) != nil {
            return false
        }
        return Cues.firstOccurrence(of: Resolver.campaigns, in: t, from: e, within: 16, stoppingAt: .sentences) == nil
            || Cues.firstOccurrence(of: Resolver.submissions, in: t, from: e, within: 24, stoppingAt: .sentences) != nil
    }

    private static let phases: WordList = ["阶段"]
    /// What the reader may or must do in a window ("申請者可於即日起至7月6日期間…預約"), not a
    /// permission given to another ("允許承建商即日起至…期間設特許施工時段").
    private static let readerMay: WordList = ["可于", "可在", "请于", "请在", "须于", "须在", "应于", "务必于"]
    /// What an office does over a time it names: its campaign, no window of the reader's.
    private static let campaigns: WordList = ["开展", "举办", "举行", "组织开展"]

    /// Words of a stock counted at a day ("2001年底共有…", "年末累计…"); 已 is an act done
    /// ("2022年底已纳入…": an event).
    private static let stockWords: WordList = ["共有", "共计", "累计", "总计", "合计", "已有", "尚有", "还有", "共"]

    /// "下月2日是選民登記的截止日期", "今日(30日)是最後一日提交申請表": the day named the last.
    private static let cutoffDays: WordList = [
        "的截止日期", "的截止日", "的截止时间", "的最后一天", "的最后期限", "最后一日", "最后一天", "最后期限", "截止日",
    ]

    /// Steps of a timetable whose day is the last to do them: collected, moved out of.
    private static let stepActs: WordList = ["收集", "收取", "收齐", "退宿"]

    /// "自2022年10月18日至10月30日，向社会公开征集…", "征集时间 通告之日起至9月30日止": a
    /// window in which the public sends something in, named in its sentence within 20
    /// scalars before it (or, unless `namedAfter` is false, after it).
    private func isSubmissionWindow(_ raw: RawExpression, namedAfter: Bool = true) -> Bool {
        let sentenceStart = Cues.sentenceStart(in: t, before: raw.span.lowerBound)
        let before = max(sentenceStart, raw.span.lowerBound - 20)..<raw.span.lowerBound
        if Cues.lastOccurrence(of: Resolver.submissions, in: t, before) != nil { return true }
        guard namedAfter else { return false }
        return Cues.firstOccurrence(of: Resolver.submissions, in: t, from: raw.span.upperBound, within: 20, stoppingAt: .sentences) != nil
    }

    /// Whether a holding verb (举行, 召开…) stands within 30 scalars after `end`, in its sentence,
    /// with no result verb before it.
    private func holdingLater(in end: Int) -> Bool {
        guard let held = Cues.firstOccurrence(of: Resolver.holdings, in: t, from: end, within: 30, stoppingAt: .sentences) else { return false }
        return Cues.firstOccurrence(of: Cues.resultVerbs, in: t, from: end, within: held - end, stoppingAt: .sentences) == nil
    }

    /// "2023年,中国计划新开工改造…", "今年全国计划新开工…": a year whose plan is named right
    /// after it (its subject between, a comma at most) with the act planned right after the
    /// cue, not a plan named ("2018年整治计划任务清单").
    private func plannedAfter(_ raw: RawExpression, _ written: PointGrammar.Core) -> Bool {
        guard written.to == nil, written.from.precision == .year else { return false }
        var i = raw.span.upperBound
        var crossed = false
        while i < min(t.count, raw.span.upperBound + 10), let u = t[i] {
            if Cues.clauseSeparators.contains(u) {
                if crossed || Cues.sentenceSeparators.contains(u) { return false }
                crossed = true
            } else if let (w, e) = t.match(["计划", "预计", "目标是", "拟"], at: i) {
                // ("2018年整治计划任务清单": the plan named, no act planned; 拟 is only a verb:
                // "2018年擬對第一輪督察開展「回頭看」".)
                guard let v = Cues.verbAndPlaceAfter(in: t, from: e), v.distance <= (w == "拟" ? 8 : 2) else { return false }
                return v.verb == .result || v.verb == .occurrence
            }
            i += 1
        }
        return false
    }

    /// Verbs of handing a thing in, after 将/把 and the thing: "将材料上报", "把表格交至".
    private static let handIns: WordList = ["上报", "报送", "报至", "提交", "递交", "交至", "交到", "交给", "交予", "交回", "送交", "送至", "上传", "发送至", "报"]

    /// "于D将…上报": 将 (or 把) right after the day takes an object, not a verb (将召开 is the
    /// future), and a verb of handing in closes its clause, with no 了 (a report of it done).
    private func handsInAfter(_ raw: RawExpression) -> Bool {
        let e = raw.span.upperBound
        guard t.has("将", at: e) || t.has("把", at: e), t.match(Cues.verbStarts, at: e + 1) == nil else { return false }
        var i = e + 1
        var found = false
        while i < min(t.count, e + 48), let u = t[i], !Cues.clauseSeparators.contains(u) {
            if u == "了" { return false }
            if t.match(Resolver.handIns, at: i) != nil { found = true }
            i += 1
        }
        return found
    }

    /// Words that say what comes after a deadline: "逾期不再受理", "逾期不得操作", "过期不候".
    private static let lateness: WordList = ["逾期", "过期不", "超期不", "逾时不"]

    /// Whether a word of lateness stands within `within` scalars after the expression, in its sentence.
    private func latenessFollows(_ raw: RawExpression, within: Int) -> Bool {
        Cues.firstOccurrence(of: Resolver.lateness, in: t, from: raw.span.upperBound, within: within, stoppingAt: .sentences) != nil
    }

    /// Verbs of a state kept until a day: "实行至", "暂停至", "开放至" (not 持续到: "该项工作将持续
    /// 到5月底" sets the work's end).
    private static let lasting: WordList = [
        "实行", "执行", "施行", "开放", "暂停", "关闭", "停课", "停业", "管制", "封闭", "有效",
    ]

    /// "实行至二月二十三日", "暂停开放至3月1日": 至 right after a verb of a lasting state.
    /// "暫停開放14天,至本月20日": or 至 opening the clause after the state's.
    private func lastsUntil(_ raw: RawExpression) -> Bool {
        let s = raw.span.lowerBound
        if Resolver.lasting.firstIndex(in: t, endingAt: s) != nil { return true }
        guard let c = t[s - 1], Cues.clauseSeparators.contains(c), !Cues.sentenceSeparators.contains(c) else { return false }
        return Cues.lastOccurrence(of: Resolver.lasting, in: t, Cues.clauseStart(in: t, before: s - 1)..<(s - 1)) != nil
    }

    /// Whether a submission word stands within 12 scalars after the expression, in its clause.
    private func submissionFollows(_ raw: RawExpression) -> Bool {
        Cues.firstOccurrence(of: Resolver.submissions, in: t, from: raw.span.upperBound, within: 12, stoppingAt: .clauses) != nil
    }

    /// Whether the expression follows 起 (a window's start), with a comma or space between.
    private func opensAfterStart(_ raw: RawExpression) -> Bool {
        var i = raw.span.lowerBound - 1
        while i >= 0, let u = t[i], ",，、 ".unicodeScalars.contains(u) { i -= 1 }
        return t[i] == "起"
    }

    private func isWindow(_ raw: RawExpression) -> Bool {
        if case .point(let core) = raw.core { return core.to != nil }
        return false
    }

    /// "三年提升计划(2023-2025年)": a period in brackets after a name annotates the name.
    private func isParenthesisedAnnotation(_ raw: RawExpression) -> Bool {
        let open = raw.span.lowerBound - 1
        guard t[open] == "(" || t[open] == "[", t[raw.span.upperBound] == ")" || t[raw.span.upperBound] == "]" else { return false }
        return t.isHan(open - 1)
    }

    /// Words before a date that announce it as coming: a scheduled occurrence takes the
    /// coming year, not the last one.
    private static let announcing: WordList = [
        "将", "拟", "即将", "届时", "定于", "计划", "预计", "准备",
        // "开学时间推迟至9月8日": a date moved to is one to come.
        "推迟至", "提前至", "延至", "改至", "调整至", "顺延至", "改期至", "押后至",
    ]
    /// A holiday notice's verbs: its dates are the coming or current ones.
    private static let holidayVerbs: WordList = ["放假", "调休", "上班", "休息", "值班"]

    /// What a campaign named by its time inspects: "节前安全生产大检查", "汛前隐患排查".
    private static let campaignNouns: WordList = [
        "安全", "专项", "大检查", "检查", "排查", "督查", "巡查", "隐患", "校园", "集中", "全面",
    ]

    /// Occurrences that are held on their day: a meeting, a vote, a ceremony.
    /// Meetings held: a day right before one (its holder between) is when it is held.
    private static let meetings: WordList = ["召开", "举行", "举办"]
    /// (实施/施行: what takes effect; 启程/出发: a departure.)
    private static let holdings: WordList = ["举行", "召开", "举办", "开幕", "揭晓", "实施", "施行", "启程", "出发"]

    /// Words that mark a date as the one planned before a change: "原定", "原计划".
    private static let superseded: WordList = ["原定", "原订", "原计划", "原本定于", "本应于"]

    /// Words that schedule an occurrence rather than set a target.
    private static let scheduling: WordList = ["将于", "将在", "拟于", "拟在", "定于", "将"]

    private struct Resolved {
        var interval: DayRange?
        var lastPoint: TimePoint
        var lastYear: Int?
        var flags: Flags
    }

    private mutating func resolvePoint(_ raw: RawExpression, _ written: PointGrammar.Core) -> DateExpression {
        if let rhythm = yearlyRhythm, written.from.year == nil, written.to == nil, written.from.month != nil,
           written.from.monthRelative == nil {
            return DateExpression(text: t.text(raw.span), span: raw.span, meaning: .cadence(rhythm), precision: nil,
                                  interval: nil, flags: [])
        }
        // "报名日期为 11月24日至12月3日": a labelled cut-off is read on its own, not as the next
        // milestone of a chain before it.
        if raw.prefix == .cutoff { chain = nil }
        let cue = cues(for: raw)
        var pk = kind(raw, cue)
        let verbPlace = Cues.verbAndPlaceAfter(in: t, from: raw.span.upperBound)
        let verb = verbPlace?.verb
        var flags = cue.flags
        if cue.chained, pk == .deadline, raw.suffix == .none { flags.insert(.planned) }
        let clause = Cues.clauseStart(in: t, before: raw.span.lowerBound)..<raw.span.lowerBound
        if role == .narrative, pk == .deadline, verb == .occurrence {
            // "将于11月初开工": a scheduled occurrence, not a target ("预计于12月开工" stays one).
            if raw.suffix == .none, raw.prefix == .none, !cue.chained, !cue.demanded, !flags.contains(.aspirational),
               Cues.lastOccurrence(of: Resolver.scheduling, in: t, clause) != nil {
                pk = .event
            }
            // "11月20日至2020年春节前，在全县开展…行动": a campaign's window.
            if written.to != nil, raw.suffix == .before { pk = .event }
            // "提名期到8月8日结束,…便於9月10日舉行投票": a meeting or vote held after a
            // deadline is when it happens, no next step of a chain.
            if raw.suffix == .none, cue.chained, !cue.demanded, let place = verbPlace, place.distance <= 1,
               t.match(Resolver.holdings, at: raw.span.upperBound + place.distance) != nil {
                pk = .event
                flags.remove(.planned)
            }
        }
        // "从2019年12月份至2020年春节前对…进行集中排查": a window from 从/自 to a 前 is the
        // campaign's time, unless a result is due at its end ("…至6月底前完成整改").
        if role == .narrative, pk == .deadline, written.to != nil, raw.prefix == .from, raw.suffix == .before,
           verb != .result, !cue.demanded, !flags.contains(.aspirational), !isSubmissionWindow(raw) {
            pk = .event
        }
        // "將於下月9日,即…前一日,舉辦「區選繽紛日」": scheduled, and what is held that day is
        // named further in the sentence, after a gloss of the day.
        if role == .narrative, pk == .deadline, raw.suffix == .none, raw.prefix == .none, written.to == nil, !cue.demanded,
           !flags.contains(.aspirational), Cues.lastOccurrence(of: Resolver.scheduling, in: t, clause) != nil,
           holdingLater(in: raw.span.upperBound) {
            pk = .event
        }
        // "10月7日晚各班召开班会": a day, then who holds what, in its clause: when it is held,
        // whatever target the sentence names elsewhere.
        if role == .narrative, pk == .deadline, raw.suffix == .none, raw.prefix == .none, written.to == nil, !cue.demanded,
           !flags.contains(.aspirational),
           let held = Cues.firstOccurrence(of: Resolver.meetings, in: t, from: raw.span.upperBound, within: 6, stoppingAt: .clauses),
           Cues.firstOccurrence(of: Cues.resultVerbs, in: t, from: raw.span.upperBound, within: held - raw.span.upperBound,
                                stoppingAt: .clauses) == nil {
            pk = .event
        }
        // "工作计划二季度执行情况": a period whose state is reported, whatever cue came before.
        if role == .narrative, pk == .deadline, raw.suffix == .none, verb == .report, (verbPlace?.distance ?? .max) <= 2 {
            pk = .event
        }
        // "3省(区)9日公开…", "16日印发…": a day with neither month nor year, no modifier and no
        // cue is the day of a thing reported, as news dates them; targets name their month.
        if role == .narrative, pk == .eventOrTarget, written.from.dayOnly, written.to == nil { pk = .event }
        // "原定今天截止申请，…现顺延至8月1日": a date superseded is no longer a target.
        if role == .narrative, pk == .deadline, raw.prefix != .cutoff,
           Cues.lastOccurrence(of: Resolver.superseded, in: t, clause) != nil {
            pk = .event
        }
        // "由4月15日延期至4月30日前", "由…规定的3月31日截止延期至4月30日": the date moved from.
        if role == .narrative, pk == .deadline, Cues.isMovedFrom(in: t, raw.span, clause: clause) { pk = .event }
        // "开展国庆节前安全生产大检查": a date before glued to the inspection it names, after the
        // verb that starts it, is the campaign's name, no target.
        if role == .narrative, pk == .deadline, raw.suffix == .before, raw.prefix == .none,
           t.match(Resolver.campaignNouns, at: raw.span.upperBound) != nil,
           Cues.lastOccurrence(of: ["开展", "组织", "部署", "进行", "启动"], in: t,
                               max(clause.lowerBound, raw.span.lowerBound - 4)..<raw.span.lowerBound) != nil {
            pk = .event
        }
        // "2024年6月底前户籍在本区的适龄幼儿", "2018年8月31日前出生的": a state reached by the
        // day, as a condition of who may take part, no target.
        if role == .narrative, pk == .deadline, raw.suffix == .before,
           t.match(["出生", "户籍", "年满", "将满", "已满", "未满", "参加工作", "退休", "在册", "居住", "入户"], at: raw.span.upperBound) != nil {
            pk = .event
        }
        // "已按要求于8月底前完成整改": a target reported met is a fact.
        // (A limit moved stays one: "完成期限已调整到10月底": 已 is the move's.)
        // ("报名已于11月18日截止": a cut-off, whatever the tense, as 截止 after a date always is.)
        if role == .narrative, pk == .deadline, flags.contains(.done), raw.prefix != .cutoff, raw.suffix != .cutoff { pk = .event }
        if written.to != nil { flags.insert(.range) }
        if raw.suffix == .comparison || raw.prefix == .comparison { flags.insert(.comparison) }
        let suffixText = t.folded(raw.coreSpan.upperBound..<raw.span.upperBound)
        if ["前后", "左右", "前夕"].contains(suffixText) { flags.insert(.approximate) }

        // "4月30日至5月2日放假": an occurrence verb right after the date announces it too.
        let announced = Cues.lastOccurrence(of: Resolver.announcing, in: t, clause) != nil
            || (verb != .fact && verb != .done && Cues.isAnnouncedAfter(in: t, from: raw.span.upperBound))
        // An occurrence verb right after the date ("7月24日，组织召开…", "5月2日放假") says
        // nothing of tense: the occurrence nearest the reference date.
        let occurs = verb == .occurrence && (verbPlace?.distance ?? .max) <= 1
            && t.match(Resolver.holidayVerbs, at: raw.span.upperBound + (verbPlace?.distance ?? 0)) != nil
        let choice: YearChoice = switch pk {
        // A demand is not of the past: "请于10月底前报送" in February is next October (but a
        // notice reposted a few days late still means the date just gone).
        // A limit moved ("期限已调整到10月底") is still to come: 已 is the move's.
        case .deadline: flags.contains(.done) && raw.prefix != .cutoff ? .past : (cue.demanded && !cue.chained ? .demanded : .nearest)
        case .untilTarget, .eventOrTarget, .windowOrEvent: verb != .fact && verb != .done && !flags.contains(.done) ? .nearest : .past
        // "为了确保国庆节期间…安全" (a festival planned for, 确保): the coming one, as when announced.
        case .event, .sinceOrEvent: flags.contains(.done) ? .past : (announced || cue.isTarget && written.from.festival != nil ? .coming : (occurs ? .nearest : .past))
        case .since, .asOf, .asOfOrCutoff: .past
        }
        var r = resolve(written, choice, suffix: raw.suffix, flags: flags)
        // "征集…的时间截止到10月20日" in late September: a 截至/截止 date with no year written
        // that comes within three months is this year's cut-off; no report counts up to a day
        // that has not come.
        if pk == .asOfOrCutoff, written.from.year == nil, written.from.month != nil, verb != .done, verb != .fact,
           let ref = reference, let iv = r.interval, iv.end < ref {
            let ahead = resolve(written, .coming, suffix: raw.suffix, flags: flags)
            if let s = ahead.interval?.start, s > ref, s.dayNumber - ref.dayNumber <= 92 { r = ahead }
        }
        // "上半年,全市完成…比上年同期增长…" in a report of January: a quarter or half reported
        // with an amount is one that has ended, last year's, not the one just begun.
        // So is a run of months ("1-10月") written without a year.
        let partOfYear = written.to == nil && written.from.month == nil && Resolver.isPartOfYear(written.from.part)
        let monthRun = written.from.month != nil && written.from.day == nil && written.to.map { $0.year == nil && $0.month != nil && $0.day == nil } == true
        if role == .narrative, choice == .past, verb == .fact, written.from.year == nil, partOfYear || monthRun,
           let ref = reference, let iv = r.interval, iv.end > ref {
            var earlier = written
            earlier.from.year = .relative(-1)
            earlier.to?.year = .relative(-1)
            r = resolve(earlier, .past, suffix: raw.suffix, flags: flags)
        }
        // A start with no year written that comes within two months is the coming one.

        // "2008年以前并未公布": a period in a past statistic.
        if role == .narrative, pk == .deadline, verb == .fact, raw.prefix != .cutoff,
           raw.suffix == .before || raw.suffix == .within, !cue.isTarget, let ref = reference,
           let end = r.interval?.end, end < ref {
            pk = .event
        }
        switch pk {
        case .windowOrEvent:
            pk = (reference.map { ref in r.interval.map { $0.end >= ref } ?? false } ?? false) ? .deadline : .event
        case .asOfOrCutoff:
            // A cut-off still ahead; so is a window that runs past the reference date
            // ("截止:即日起至11月14日止").
            pk = (reference.map { ref in r.interval.map { $0.start > ref || written.to != nil && $0.end >= ref && $0.start <= ref } ?? false } ?? false)
                ? .deadline : .asOf
        case .untilTarget:
            // A date still ahead is a target whatever follows; a past one is a count so far,
            // unless the sentence quotes a plan ("意见提出，到2020年…").
            if let ref = reference, let iv = r.interval, iv.end < ref {
                let sentence = Cues.sentenceStart(in: t, before: raw.span.lowerBound)..<raw.span.lowerBound
                if verb == .fact || verb == .report {
                    pk = .asOf
                } else if verb == .done {
                    pk = .event
                } else {
                    pk = Cues.lastOccurrence(of: Cues.quotedTargets, in: t, sentence) != nil ? .deadline : .asOf
                }
            } else if reference == nil, verb == .fact {
                pk = .asOf
            } else {
                pk = .deadline
            }
        case .eventOrTarget:
            // "今年河北省将把审批时间压减至…": 将 after the date and a result further in its clause.
            var verb = verb
            if verb == nil, Cues.resultAfterFuture(in: t, from: raw.span.upperBound) { verb = .result }
            // A bare day that is the reference date itself opens a news item ("9月27日,…办公室
            // 通报了…"): the document's own day, not a target still to reach.
            if verb == .result || namesYearTargets(raw, written) || headsPeriodPlan(raw) || plannedAfter(raw, written),
               let ref = reference, let iv = r.interval,
               iv.end > ref || iv.end == ref && written.from.precision != .day {
                pk = .deadline
            } else {
                pk = .event
                if choice == .nearest, !occurs { r = resolve(written, announced ? .coming : .past, suffix: raw.suffix, flags: flags) }
            }
        default:
            break
        }
        // An occurrence with no year and no sign of the past that comes within two months is
        // the coming one ("2月19日(初八)正常上班" in a notice of 5 February), not last year's.
        // (A year-to-date period just ended, "1-10月" in December, stays this year's.)
        if pk == .sinceOrEvent || pk == .event, let ref = reference, let iv = r.interval, iv.end.days(since: ref) < -183,
           written.from.year == nil, written.from.month != nil || written.from.dayOnly,
           verb != .done, verb != .fact, !flags.contains(.done) {
            let next = resolve(written, .coming, suffix: raw.suffix, flags: flags)
            if let n = next.interval, n.start > ref, n.start.days(since: ref) <= 62 { r = next }
        }
        flags = r.flags
        // A fact reported done cannot come after the document: "今年8月…审议了" in a report
        // posted on 6 January is last year's August.
        if pk == .event, verb == .done || flags.contains(.done), let ref = reference, let iv = r.interval, iv.start > ref,
           written.from.year.map({ if case .absolute = $0 { return false } else { return true } }) ?? true {
            let back = resolve(written, .past, suffix: raw.suffix, flags: flags)
            if let b = back.interval, b.start <= ref {
                r = back
            } else if case .relative(let n)? = written.from.year {
                var earlier = written
                earlier.from.year = .relative(n - 1)
                if let to = earlier.to, case .relative(let m)? = to.year { earlier.to?.year = .relative(m - 1) }
                let shifted = resolve(earlier, .past, suffix: raw.suffix, flags: flags)
                if let b = shifted.interval, b.start <= ref { r = shifted }
            }
        }
        // Later dates of the sentence take this year only when it was written or carried,
        // not when it was guessed from the reference date ("第四季度的报表…1月11日前").
        if !namesAccountYear(raw, written), let y = r.lastYear, !flags.contains(.relative) || r.lastPoint.year != nil || pk == .deadline {
            contextYear = y
        }
        var interval = r.interval
        // "较6月末提高了16个百分点", "比去年底增加": a stock compared at the end of a period is
        // measured on its last day, not over its last ten days; so is a count "截至9月底".
        if flags.contains(.comparison) || pk == .asOf, written.to == nil, let iv = interval, let last = t[raw.coreSpan.upperBound - 1],
           last == "末" || last == "底" {
            interval = .day(iv.end)
        }
        // "11月20日至2020年春节前" as a window: it ends the day before the festival.
        if pk == .event, written.to != nil, raw.suffix == .before, let iv = interval {
            interval = DayRange(start: iv.start, end: dueDate(of: r.lastPoint, lastEnd: iv.end, start: iv.start, suffix: .before))
        }

        var due: CivilDate? = nil
        if pk == .deadline, let interval {
            due = dueDate(of: r.lastPoint, lastEnd: interval.end, start: interval.start, suffix: raw.suffix)
        }
        // A chain continues only forward in time; a written earlier date is a fact.
        // ("调整到2008年6月底和2007年12月底", after 分别: parallel limits, each its own.)
        if cue.chained, pk == .deadline, raw.suffix == .none, let d = due, let chain, d < chain.due,
           Cues.lastOccurrence(of: ["分别"], in: t, clause) == nil {
            pk = .event
            flags.remove(.planned)
            due = nil
        }
        if pk == .sinceOrEvent {
            pk = (interval.map { reference == nil || $0.start <= reference! } ?? true) ? .since : .event
        }
        // A "since" runs from its start up to the reference date.
        if pk == .since, let iv = interval, let ref = reference, iv.start <= ref {
            interval = DayRange(start: iv.start, end: ref)
        }
        if pk == .deadline, let d = due ?? interval?.end { chain = (d, interval?.start ?? d, raw.span.upperBound) }
        if let iv = interval, r.lastPoint.month != nil || r.lastPoint.monthRelative != nil { contextMonth = (iv.end.year, iv.end.month) }

        let precision = written.to.map { max(written.from.precision, $0.precision) } ?? written.from.precision
        let meaning: DateExpression.Meaning
        switch pk {
        case .deadline: meaning = .deadline(due: due)
        case .event, .eventOrTarget, .windowOrEvent: meaning = .event
        case .since, .sinceOrEvent: meaning = .since
        case .asOf, .asOfOrCutoff, .untilTarget: meaning = .asOf
        }
        return DateExpression(text: t.text(raw.span), span: raw.span, meaning: meaning, precision: precision,
                              interval: interval, flags: flags)
    }

    /// "4月份计划:加快…", "下半年工作打算：…", "三季度工作安排:": the date heads the work
    /// planned for it, a colon after.
    private func headsPeriodPlan(_ raw: RawExpression) -> Bool {
        var i = raw.span.upperBound
        if t.has("份", at: i) { i += 1 }
        if t.has("工作", at: i) { i += 2 }
        guard let (_, e) = t.match(["计划", "打算", "安排"], at: i), let u = t[e] else { return false }
        return u == ":" || u == "："
    }

    /// "完成好2021年各项工作任务", "2020年空气质量改善目标": a year whose targets follow it, not
    /// a long-range vision ("2035年远景目标").
    private func namesYearTargets(_ raw: RawExpression, _ written: PointGrammar.Core) -> Bool {
        guard written.to == nil, written.from.month == nil, written.from.part == nil, written.from.festival == nil
        else { return false }
        var i = raw.span.upperBound
        let limit = min(t.count, i + 10)
        while i < limit, !Cues.clauseSeparators.contains(t.scalars[i]) {
            if t.has("任务", at: i) || t.has("目标", at: i) {
                // "2018年整治计划任务清单": the name of a plan, not its targets.
                // "2021年政府工作主要任务分解表", "…目标责任书": a document's name.
                return Cues.lastOccurrence(of: ["远景", "愿景", "奋斗", "长远", "计划", "规划", "方案", "考核"], in: t,
                                           raw.span.upperBound..<(i + 2)) == nil
                    && t.match(["清单", "分解", "表", "书", "台账", "完成情况", "情况"], at: i + 2) == nil
            }
            i += 1
        }
        return false
    }

    /// The date with day of the month `day` nearest `date` (in its month or the one before or
    /// after): "今日(16日)" read with a reference date a few days off. `date` when no day is given.
    static func day(_ day: Int?, near date: CivilDate) -> CivilDate {
        guard let day, day != date.day else { return date }
        var best = date
        var bestDistance = Int.max
        for k in -1...1 {
            let m = date.adding(months: k)
            guard let c = CivilDate(year: m.year, month: m.month, day: day) else { continue }
            let distance = abs(c.days(since: date))
            if distance < bestDistance { (best, bestDistance) = (c, distance) }
        }
        return best
    }

    /// How a date with no year written takes one from the reference date.
    private enum YearChoice {
        /// An open target: the reference year's, or the next year's if that one is more than
        /// half a year past.
        case nearest
        /// A fact: the latest occurrence that does not start after the reference date.
        case past
        /// A scheduled occurrence (将, 拟, 放假): the first that has not ended by then.
        case coming
        /// A demand (须, 要求, 请于): the first not due more than a month before then.
        case demanded
    }

    /// The interval of a point or range, its years chosen as `choice` says. Reads the
    /// sentence's context but changes nothing.
    private func resolve(_ written: PointGrammar.Core, _ choice: YearChoice, suffix: Cues.Suffix, flags: Flags) -> Resolved {
        var flags = flags
        var core = written
        // "开学前" read on 10 February: the spring term's; read in July: the autumn term's.
        if let ref = reference {
            func term(_ p: TimePoint) -> TimePoint {
                guard p.festival == .schoolTerm, p.year == nil else { return p }
                var q = p
                q.festival = Resolver.schoolTerm(near: ref, past: choice == .past)
                return q
            }
            core.from = term(core.from)
            core.to = core.to.map(term)
        }
        // 当月: the month of the sentence's last date ("3月15日前…确保当月下旬验收").
        if core.from.monthFromContext, let cm = contextMonth {
            core.from.monthRelative = nil
            core.from.month = cm.month
            core.from.year = .absolute(cm.year)
            flags.insert(.inferredYear)
        }
        // 今天, 明日, 下周五: counted from the reference date itself.
        if core.from.dayRelative != nil || core.from.weekRelative != nil {
            flags.insert(.relative)
            guard let ref = reference else { return Resolved(interval: nil, lastPoint: core.from, lastYear: nil, flags: flags) }
            var range: DayRange
            if let n = core.from.dayRelative {
                range = .day(Resolver.day(core.from.day, near: ref.adding(days: n)))
            } else {
                let monday = ref.adding(days: 1 - ref.weekday + 7 * (core.from.weekRelative ?? 0))
                range = core.from.weekday.map { .day(monday.adding(days: $0 - 1)) }
                    ?? DayRange(start: monday, end: monday.adding(days: 6))
            }
            if let to = core.to, to.year == nil {
                // "即日起至11月28日下午5时前", "即日起至11月14日止" after 截止: a window runs forward
                // from today, so a year-less end is the first one on or after the start,
                // whatever year the sentence wrote before (a plan's "2026年…计划").
                flags.insert(.inferredYear)
                for y in [range.start.year, range.start.year + 1] {
                    if let e = to.interval(inYear: y, referenceMonth: refMonth), e.end >= range.start {
                        range = DayRange(start: range.start, end: e.end)
                        break
                    }
                }
            } else if let to = core.to,
                      let end = to.interval(inYear: resolveYear(to, choice, suffix: suffix, flags: &flags) ?? range.end.year,
                                            referenceMonth: refMonth) {
                // "从即日起到明年1月10日": the end takes its own year. An end written with its
                // year before "today" ("即日起至2018年11月30日" read with a later reference
                // date): the written end stands, the start is unknown.
                if end.end >= range.start {
                    range = DayRange(start: range.start, end: end.end)
                } else if case .absolute? = to.year {
                    range = end
                }
            }
            return Resolved(interval: range, lastPoint: core.to ?? core.from, lastYear: range.end.year, flags: flags)
        }
        // "11月7日…点火试运行,15日零时正式供暖": a day alone after a month written earlier in
        // the sentence is a day of that month.
        if core.from.dayOnly, core.to == nil, let cm = contextMonth, let d = core.from.day,
           CivilDate(year: cm.year, month: cm.month, day: d) != nil {
            core.from.dayOnly = false
            core.from.month = cm.month
            core.from.year = .absolute(cm.year)
            flags.insert(.inferredYear)
        }
        if core.from.dayOnly, let ref = reference, let d = core.from.day {
            // "25日前": this month, or the next once the day has passed; a fact: this month,
            // or the last when the day is still to come.
            core.from.monthRelative = choice != .past ? (d < ref.day ? 1 : 0) : (d > ref.day ? -1 : 0)
            flags.insert(.relative)
        }
        var fromResolved = resolveYear(core.from, choice, suffix: suffix, flags: &flags)
        // A range with no year written is nearest by its end: "4月1日—11月15日" read in late
        // November is this year's.
        if choice == .nearest, let to = core.to, core.from.year == nil, !core.toYearWritten, contextYear == nil,
           let ref = reference {
            var best: (year: Int, distance: Int)? = nil
            for y in [ref.year - 1, ref.year, ref.year + 1] {
                guard let a = core.from.interval(inYear: y, referenceMonth: refMonth),
                      var b = to.interval(inYear: y, referenceMonth: refMonth) else { continue }
                if b.end < a.start, let rolled = to.interval(inYear: y + 1, referenceMonth: refMonth) { b = rolled }
                let distance = abs(dueDate(of: to, lastEnd: b.end, start: b.start, suffix: suffix).days(since: ref))
                if best == nil || distance < best!.distance { best = (y, distance) }
            }
            if let best { fromResolved = best.year }
        }
        var r = Resolved(interval: nil, lastPoint: core.from, lastYear: fromResolved, flags: flags)
        if let to = core.to {
            var toYear: Int?
            var fromYear = fromResolved
            if core.toYearWritten {
                toYear = resolveYear(to, choice, suffix: suffix, flags: &flags)
                // "11月至2025年1月": the start borrows the end's year.
                if core.from.year == nil, let ty = toYear {
                    fromYear = ty
                    if let a = core.from.interval(inYear: ty, referenceMonth: refMonth),
                       let b = to.interval(inYear: ty, referenceMonth: refMonth), a.start > b.end {
                        fromYear = ty - 1
                    }
                }
            } else if let fy = fromYear {
                toYear = fy
                if let a = core.from.interval(inYear: fy, referenceMonth: refMonth),
                   let b = to.interval(inYear: fy, referenceMonth: refMonth), b.end < a.start {
                    toYear = fy + 1
                }
            }
            if let fy = fromYear, let ty = toYear,
               let a = core.from.interval(inYear: fy, referenceMonth: refMonth),
               let b = to.interval(inYear: ty, referenceMonth: refMonth) {
                r.interval = DayRange(start: a.start, end: b.end)
            }
            r.lastPoint = to
            r.lastYear = toYear
        } else if let y = fromResolved {
            r.interval = core.from.interval(inYear: y, referenceMonth: refMonth)
        }
        r.flags = flags
        return r
    }

    private var refMonth: (year: Int, month: Int)? {
        reference.map { ($0.year, $0.month) }
    }

    /// The last day on time. "M月前"/"Y年前" are before the month or year starts; a part,
    /// a day or a quarter is by its end; a festival is by the day before it.
    private func dueDate(of p: TimePoint, lastEnd: CivilDate, start: CivilDate, suffix: Cues.Suffix) -> CivilDate {
        guard suffix == .before else { return lastEnd }
        if p.festival != nil { return lastEnd.adding(days: -1) }
        // "汛期前", "秋冬季前": before the season starts, as a festival.
        if case .season? = p.part { return start.adding(days: -1) }
        if p.isPartOrDay { return lastEnd }
        // A plain month or year: before it starts. For a range "10月至12月前" the end's month.
        let s = p.month != nil || p.monthRelative != nil
            ? CivilDate.firstDay(year: lastEnd.year, month: lastEnd.month)
            : CivilDate.firstDay(year: lastEnd.year, month: 1)
        return s.adding(days: -1)
    }

    private func resolveYear(_ p: TimePoint, _ choice: YearChoice, suffix: Cues.Suffix,
                                      flags: inout Flags) -> Int? {
        switch p.year {
        case .absolute(let y)?:
            return y
        case .relative(let n)?:
            flags.insert(.relative)
            return reference.map { $0.year + n }
        case .context(let n)?:
            if let c = contextYear {
                flags.insert(.inferredYear)
                return c + n
            }
            flags.insert(.relative)
            return reference.map { $0.year + n }
        case nil:
            flags.insert(.inferredYear)
            // A weekday written beside the day settles the year: "1月4日(周日)".
            if let wd = p.weekday, let m = p.month, let d = p.day, let base = contextYear ?? reference?.year {
                for y in [base, base + 1, base - 1] where CivilDate(year: y, month: m, day: d)?.weekday == wd {
                    return y
                }
            }
            if let c = contextYear {
                // A planned chain going back in the calendar rolls into the next year, when that
                // is the nearer reading ("12月底前完成整改，1月10日前报送" is next January).
                // ("2020年底前…确保12月10日前完成" stays in 2020: it falls inside the target's period;
                // "於年前清運…請於2月6日前預約" stays too: eleven days before the festival, not a year on.)
                if choice == .nearest, let chain, let iv = p.interval(inYear: c, referenceMonth: refMonth) {
                    let due = dueDate(of: p, lastEnd: iv.end, start: iv.start, suffix: suffix)
                    if due < chain.start, chain.start.days(since: due) > 183 { return c + 1 }
                }
                return c
            }
            guard let ref = reference else { return nil }
            flags.insert(.relative)
            return yearNearReference(p, ref: ref, choice, suffix: suffix)
        }
    }

    /// The term 开学 means read on `ref`: the next to start after it, or, for a fact, the
    /// last to have started by then (spring terms start on March 1, autumn terms on September 1).
    static func schoolTerm(near ref: CivilDate, past: Bool) -> Festival {
        let inSpring = ref.month >= 3 && ref.month < 9
        return inSpring == past ? .springTerm : .autumnTerm
    }

    /// How far back an open target with no year may fall in the reference year (half a year).
    static let openTargetLookBack = 183

    /// With no year anywhere: the reference year's occurrence for an open target (or the next
    /// year's, if that one is more than ``openTargetLookBack`` days past), else the latest
    /// occurrence that does not start after the reference date.
    private func yearNearReference(_ p: TimePoint, ref: CivilDate, _ choice: YearChoice, suffix: Cues.Suffix) -> Int? {
        // "将于本月5日", "下季度末": the month or quarter counted from the reference date fixes
        // the year; no choice to make (a coming 本月5日 already past is still this month's).
        if p.monthRelative != nil || p.quarterRelative != nil { return ref.year }
        let candidates = [ref.year - 1, ref.year, ref.year + 1]
        if choice == .coming {
            return candidates.first { p.interval(inYear: $0, referenceMonth: refMonth).map { $0.end >= ref } ?? false }
        }
        if choice == .demanded {
            let grace = ref.adding(days: -31)
            return candidates.first { y in
                p.interval(inYear: y, referenceMonth: refMonth).map { dueDate(of: p, lastEnd: $0.end, start: $0.start, suffix: suffix) >= grace } ?? false
            }
        }
        // A season with no year: the one under way at the reference date, else the nearest.
        if case .season? = p.part {
            if let y = candidates.first(where: { p.interval(inYear: $0, referenceMonth: refMonth)?.contains(ref) ?? false }) {
                return y
            }
            return candidates.min { a, b in
                let da = p.interval(inYear: a, referenceMonth: refMonth).map { abs($0.start.days(since: ref)) } ?? .max
                let db = p.interval(inYear: b, referenceMonth: refMonth).map { abs($0.start.days(since: ref)) } ?? .max
                return da < db
            }
        }
        if choice == .nearest {
            // An open target takes the reference year, unless it fell due there more than half a
            // year before the reference date: then the next year's. A plan of March that says
            // "10月底前完成" means this October (the nearest would be last October's, 135 days
            // back against 230 ahead); a report of July that says "3月底前完成" means this March;
            // a plan of November that says "3月底前" means next March.
            if let iv = p.interval(inYear: ref.year, referenceMonth: refMonth),
               dueDate(of: p, lastEnd: iv.end, start: iv.start, suffix: suffix) >= ref.adding(days: -Self.openTargetLookBack) {
                return ref.year
            }
            return ref.year + 1
        }
        for y in candidates.reversed() {
            if let iv = p.interval(inYear: y, referenceMonth: refMonth), iv.start <= ref { return y }
        }
        return nil
    }

    // MARK: - Rhythms and spans

    private mutating func resolveRhythm(_ raw: RawExpression, _ m: RhythmGrammar.Match) -> DateExpression {
        let text = t.text(raw.span)
        func make(_ meaning: DateExpression.Meaning, _ precision: DateExpression.Precision?, _ interval: DayRange?,
                  _ flags: Flags) -> DateExpression {
            DateExpression(text: text, span: raw.span, meaning: meaning, precision: precision,
                           interval: interval, flags: flags)
        }
        switch m {
        case .cadence(let c):
            if c.period == .year, c.every == 1 { yearlyRhythm = c }
            return make(.cadence(c), nil, nil, [])
        case .ongoing:
            return make(.ongoing, nil, nil, [])
        case .asOfNow:
            // "于2018年10月底开工，截至目前…，确保春节前完成": what follows the present is read
            // from the reference date, not from the year of the start.
            contextYear = nil
            return make(.asOf, .day, reference.map { .day($0) }, [.relative])
        case .vagueSince, .eventSince:
            return DateExpression(text: text, span: raw.span, meaning: .since, precision: nil, interval: nil,
                                  flags: [.approximate], runsUntil: reference)
        case .immediate:
            // Due on the document's own date: what is demanded at once is late the next day.
            return make(.deadline(due: reference), .day, reference.map { .day($0) }, [.immediate, .relative])
        case .span(let span, let suffix):
            var flags: Flags = span.unit == .workday ? [.workingDays] : []
            let precision: DateExpression.Precision = switch span.unit {
            case .minute, .hour, .day, .workday, .week: .day
            case .month: .month
            case .year: .year
            }
            if suffix == .since, let ref = reference {
                return make(.since, precision, DayRange(start: Resolver.back(span, from: ref), end: ref),
                            flags.union([.relative, .approximate]))
            }
            if suffix == .since { return make(.since, precision, nil, flags.union(.approximate)) }
            // "半年前,…主持…": a moment that long before the reference date.
            if suffix == .ago {
                guard let ref = reference else { return make(.event, precision, nil, flags.union(.approximate)) }
                return make(.event, precision, .day(Resolver.back(span, from: ref)), flags.union([.relative, .approximate]))
            }
            let cue = cues(for: raw)
            let fromDocument = isAnchoredToDocument(raw)
            // "整改时限: 3天" (a deadline field holding a bare span) is a limit, as "3天内" is.
            let limit = suffix == .within || role == .deadlineField && suffix == .none
            // "一般須於2-5個工作天內繳付": a span between two amounts is an estimate, no limit
            // (in a deadline field it is one: the larger).
            if limit, role == .deadlineField || fromDocument || cue.isTarget && !cue.flags.contains(.done),
               fromDocument || !isAnchoredToEvent(raw), role == .deadlineField || !isAmountRange(raw), let ref = reference {
                // "公布翌日起计十个工作日内": day one is the day after the document's; "公布之日緊接
                // 第一個辦公日起計二十天內": the first weekday after it (the holidays of the
                // calendar are the scheduler's, not the grammar's).
                let window = anchorWindow(raw)
                var first = ref
                if Cues.lastOccurrence(of: ["第一个工作日起", "第一个办公日起", "首个工作日起"], in: t, window) != nil {
                    first = ref.adding(days: 1)
                    while first.weekday > 5 { first = first.adding(days: 1) }
                } else if Cues.lastOccurrence(of: ["翌日起", "次日起", "第二天起", "第二日起"], in: t, window) != nil {
                    first = ref.adding(days: 1)
                }
                let due = span.lastDay(from: first)
                flags.formUnion(cue.flags.intersection([.planned, .aspirational]))
                flags.insert(.relative)
                chain = (due, ref, raw.span.upperBound)
                return make(.deadline(due: due), precision, DayRange(start: ref, end: due), flags)
            }
            return make(.duration(span), nil, nil, flags)
        }
    }

    /// "2-5個工作天", "三至七个工作日": two amounts joined by a range separator, as the span
    /// reader reads them (``RhythmGrammar/amountRangeSeparators``).
    private func isAmountRange(_ raw: RawExpression) -> Bool {
        for k in raw.coreSpan where k > raw.coreSpan.lowerBound {
            guard let u = t[k], RhythmGrammar.amountRangeSeparators.contains(u) else { continue }
            if let a = t[k - 1], let b = t[k + 1], Numerals.isNumeralScalar(a), Numerals.isNumeralScalar(b) { return true }
        }
        return false
    }

    /// The day `span` before `ref` ("近3年" starts, "半年前" was), by calendar days (a span of
    /// working days is counted back as days: it is approximate whichever way).
    static func back(_ span: DateExpression.Span, from ref: CivilDate) -> CivilDate {
        let whole = switch span.unit {
        case .minute, .hour: ref
        case .year: ref.adding(months: -12 * span.amount)
        case .month: ref.adding(months: -span.amount)
        case .week: ref.adding(days: -7 * span.amount)
        case .day, .workday: ref.adding(days: -span.amount)
        }
        return whole.adding(days: -span.days)
    }

    /// "形成3个工作日内", "收到通知后10日内": counted from an event of the text, not from
    /// the document's date.
    /// The words just before a span, and its own prefix ("会后5个工作日内").
    private func anchorWindow(_ raw: RawExpression) -> Range<Int> {
        let start = max(Cues.clauseStart(in: t, before: raw.span.lowerBound), raw.span.lowerBound - 10)
        return start..<min(raw.span.upperBound, raw.coreSpan.lowerBound + 2)
    }

    /// "收到本通知之日起15日内", "接到通知后10个工作日内": counted from this document's date,
    /// which is the reference date.
    /// "自本名单公布于《公报》翌日起计十个工作日内": the document named anywhere in the
    /// clause, up to 40 scalars before.
    private func isAnchoredToDocument(_ raw: RawExpression) -> Bool {
        let window = anchorWindow(raw)
        let start = max(Cues.clauseStart(in: t, before: raw.span.lowerBound), raw.span.lowerBound - 40)
        let clause = min(start, window.lowerBound)..<window.upperBound
        if Cues.lastOccurrence(of: Resolver.documentAnchors, in: t, clause) != nil || namesReceiptOfNotice(in: clause) { return true }
        guard let before = eventClause(before: raw) else { return false }
        return Cues.lastOccurrence(of: Resolver.documentAnchors, in: t, before) != nil || namesReceiptOfNotice(in: before)
    }

    /// "接到承办通知后", "收到交办通知之日起": the receipt of the notice that assigns the work
    /// (two characters naming its kind between the verb and 通知), as 接到通知 is. A letter each
    /// addressee gets of their own case ("收到審批結果通知信函日起") is counted from each receipt.
    private func namesReceiptOfNotice(in range: Range<Int>) -> Bool {
        guard let at = Cues.lastOccurrence(of: Resolver.receipts, in: t, range), t.isHan(at + 2), t.isHan(at + 3),
              t.has("通知", at: at + 4) else { return false }
        return t.match(["书", "信", "函", "单"], at: at + 6) == nil
    }

    private static let receipts: WordList = ["接到", "收到", "接获"]

    private func isAnchoredToEvent(_ raw: RawExpression) -> Bool {
        Cues.lastOccurrence(of: Resolver.eventAnchors, in: t, anchorWindow(raw)) != nil || eventClause(before: raw) != nil
    }

    /// "在确定编制单位后,建设单位需在7个工作日内进行首次公示": the clause before, when it ends with
    /// the event the span counts from (…后, …之后, …以后), its comma between. ("通知下发后,各单位
    /// 须在10日内上报": that event is this notice, see ``isAnchoredToDocument(_:)``.)
    private func eventClause(before raw: RawExpression) -> Range<Int>? {
        let start = Cues.clauseStart(in: t, before: raw.span.lowerBound)
        guard start > 0, let sep = t[start - 1], sep == "," || sep == "，" else { return nil }
        // (Not 然后, 最后: "then", "finally" open the clause's own act.)
        guard t.has("后", endingAt: start - 1), !t.has("然后", endingAt: start - 1), !t.has("最后", endingAt: start - 1) else { return nil }
        return Cues.clauseStart(in: t, before: start - 1)..<(start - 1)
    }

    static let documentAnchors: WordList = [
        "本通知", "本文件", "本方案", "本意见", "本公告", "本函", "接到通知", "收到通知", "通知印发", "通知下发",
        "印发之日", "下发之日", "发文之日", "本名单", "本告知书", "本决定书", "本决定", "本通告", "本公示", "本通报",
        "本批复", "本清单", "本责令", "本催告书", "本通知书", "本处罚", "本裁定", "本判决", "本公布",
        // "本次信息发布之日起10个工作日内": an assessment's public notice names itself so.
        "本次信息", "本信息发布", "本次公示", "本次公告",
    ]
    static let eventAnchors: WordList = [
        "后", "起", "之日", "收到", "接到", "形成", "发现", "反馈", "受理", "发生", "办结", "发布", "公布", "会前",
        "会后", "结束", "届满", "期满", "到期", "截止前",
        // "請於收取獎盃3天內", "學校收悉2日內": counted from each receipt; "有效期必須為兩年內":
        // a validity, from each issue.
        "收取", "签收", "收悉", "收妥", "有效期",
    ]
}
