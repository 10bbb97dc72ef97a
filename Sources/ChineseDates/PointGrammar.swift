/// The grammar of calendar points and ranges, read at one position of the text.
///
///     point   := iso | year [yearPart | month] | yearPart | month | festival
///     year    := (4-digit | 二〇二四) 年 [度] | 今年 | 明年 | 去年 | 当年 | 次年 | …
///     yearPart:= 上半年 | 下半年 | 年初 | 年中 | 年底 | 年末 | [第]N季度[末] | QN | 前N季度 | 前N个月
///     month   := N月[份] [上旬|中旬|下旬|初|中|底|末 | N日|N号] | 元月 | 本月 | 下月 | 上月
///     range   := point (至|到|-|~) point      — the second inherits what it leaves out
///              | N-N年 | N-N月 | N-N日
struct PointGrammar {
    struct Core {
        var from: TimePoint
        var to: TimePoint?
        /// The range's second end wrote its own year ("2023年11月30日至2024年1月20日").
        var toYearWritten = false
        var end: Int
    }

    let t: ScalarText
    /// The text is a ledger's target-date field, where a month and day alone ("6.30", "6/30",
    /// "6-30") can mean nothing else.
    var field = false
    /// The anchor table, fetched once rather than at each position (a global's accessor).
    let anchors = AnchorTable.shared

    init(t: ScalarText, field: Bool = false) {
        self.t = t
        self.field = field
    }

    static let rangeSeparators: WordList = ["至", "到", "-", "~"]
    static let rangeOrListSeparators = rangeSeparators + ["、"]

    /// A point or a range that starts exactly at `i`. `inherit` supplies the year and
    /// month a second range end or list item leaves out ("7月7日-15日", "6月14日、15日").
    func read(at i: Int, inherit: TimePoint? = nil) -> Core? {
        guard let (p, e) = point(at: i, inherit: inherit) else { return nil }
        // A range: the second end inherits year and month from the first. "自X起到Y" is one
        // window too.
        let opening = t.skippingSpace(e)  // "上午 10:00 起至 1/18"
        var afterStart = t.has("起", at: opening) && (t.has("到", at: opening + 1) || t.has("至", at: opening + 1)) ? opening + 1 : e
        // "05/23(五) ~ 05/26(一)": a space on each side of a tilde or dash, as tables set them.
        if t[afterStart] == " ", t[afterStart + 1] == "~" || t[afterStart + 1] == "-" { afterStart += 1 }
        for sep in PointGrammar.rangeSeparators where t.has(sep, at: afterStart) {
            var j = afterStart + sep.scalarCount
            while sep == "-", t[j] == "-" { j += 1 }  // "——" and "---" as written
            if afterStart > e, t[j] == " " { j += 1 }
            if t.has("今", at: j) { break }  // 至今: "since", a suffix
            if let (q, e2) = point(at: j, inherit: p), q != p {
                // "2020-2021年秋冬季": one season running across the two years.
                if case .season(let season)? = q.part, season.crossesYear, p.part == nil, p.month == nil,
                   case .absolute(let a)? = p.year, case .absolute(let b)? = q.year, b == a + 1 {
                    var one = p
                    one.part = q.part
                    return Core(from: one, to: nil, end: e2)
                }
                let written = year(at: j) != nil || isoDate(at: j) != nil
                return Core(from: p, to: q, toYearWritten: written, end: e2)
            }
            // "2017.04.01~07.10": a dotted ISO day, then the end's month and day with a dot.
            if p.day != nil, t[i + 4] == ".", let (q, e2) = dottedMonthDay(at: j, year: p.year) {
                let (weekday, end) = dayTail(at: e2)
                var q = q
                q.weekday = weekday
                return Core(from: p, to: q, end: end)
            }
        }
        // "二零二三年一月及二月份內", "3月和4月前": months joined by 及/和/与 before a limit
        // are one run of months, and the limit is the last one's.
        if p.month != nil, p.day == nil, p.part == nil, let (_, j) = t.match(["及", "和", "与"], at: e),
           let (q, e2) = point(at: j, inherit: p), q.month.map({ $0 > p.month! }) == true, q.day == nil, q.part == nil,
           q.year == p.year, Cues.suffix(in: t, after: e2).0 == .within || Cues.suffix(in: t, after: e2).0 == .before {
            return Core(from: p, to: q, end: e2)
        }
        return Core(from: p, to: nil, end: e)
    }

    /// "明年(2026)底", "即日(4月2日)起", "春节(2月1日)前", "前年(2023年)起": a date in brackets
    /// that restates the point just read. Returns where the point goes on after the bracket:
    /// with a part of the year written after it (底, 上半年), the point with that part;
    /// otherwise the index after the bracket, for a suffix (起, 前) to be read there. nil when
    /// no such bracket stands at `core.end`.
    func continuing(_ core: Core, afterGlossAt e: Int) -> Core? {
        guard let afterGloss = glossEnd(at: e) else { return nil }
        var c = core
        c.end = afterGloss
        if core.to == nil, core.from.year != nil, core.from.month == nil, core.from.part == nil, core.from.festival == nil,
           core.from.monthRelative == nil, let (part, pe) = yearPart(at: afterGloss) {
            c.from.part = part
            c.end = pe
        }
        return c
    }

    /// "(八月十一日)", "(9月28日)", "(十一日)": a bracket holding a day of the month, its month
    /// before it or not; the day and the index after the bracket.
    func glossedMonthDay(at e: Int) -> (Int, Int)? {
        guard let open = t[e], open == "(" || open == "（" else { return nil }
        var j = e + 1
        if let m = Numerals.read(t, at: j, maxLength: 3), (1...12).contains(m.value), t.has("月", at: j + m.length) { j += m.length + 1 }
        guard let d = Numerals.read(t, at: j, maxLength: 3), (1...31).contains(d.value), t.has("日", at: j + d.length) || t.has("号", at: j + d.length),
              let close = t[j + d.length + 1], close == ")" || close == "）"
        else { return nil }
        return (d.value, j + d.length + 2)
    }

    /// The index after a bracket at `e` that holds only a date or a year ("(2026)",
    /// "（4月2日）", "(2023年)"), else nil.
    func glossEnd(at e: Int) -> Int? {
        guard let open = t[e], open == "(" || open == "（" else { return nil }
        var j = e + 1
        while j < t.count, j - e <= 12, let u = t[j], u != ")" && u != "）" {
            guard t.isDigit(j) || Numerals.isNumeralScalar(u) || "年月日号 ./-".unicodeScalars.contains(u) else { return nil }
            j += 1
        }
        guard j > e + 1, j < t.count, t[j] == ")" || t[j] == "）", t.isDigit(e + 1) || (t[e + 1].map(Numerals.isNumeralScalar) ?? false)
        else { return nil }
        return j + 1
    }

    // MARK: - Points

    /// Each reader is tried only where the anchor table says it can start (see `Anchor`):
    /// a reader skipped would have returned nil, so the order and the results are as if all
    /// were tried.
    /// The readers that may start at `i`, as anchors: those of its scalar, less `.number`
    /// and `.digit` where the number there is no start of a point. A number is the start of
    /// a point only with a unit or a separator after it (see `Anchor.afterPointNumber`), or
    /// as a whole stamp of 7 or 8 digits ("20241121", see `runTogether`); most numbers of a
    /// report are amounts and counts, and their readers are not tried.
    @inline(__always)
    func readers(at i: Int) -> Anchor {
        guard let u = t[i] else { return [] }
        var a = anchors.anchors(of: u).intersection(.anyPoint)
        if a.contains(.number) {
            let (length, next) = anchors.numberRun(at: i, in: t.scalars)
            let unitOrSeparator = next.map { anchors.anchors(of: $0).contains(.afterPointNumber) } ?? false
            let stamp = length >= 7 && (next.map { !$0.properties.isIdeographic && !$0.properties.isAlphabetic } ?? true)
            if !unitOrSeparator && !stamp || length >= AnchorTable.longestNumber { a.subtract([.number, .digit]) }
        }
        // A word needs its second scalar (see `Anchor.afterPointWord`): "上级", "中心", "国家",
        // "年度" start none.
        if !a.isDisjoint(with: .pointWords),
           !(t[i + 1].map { anchors.anchors(of: $0).contains(.afterPointWord) } ?? false) {
            a.subtract(.pointWords)
        }
        return a
    }

    private func point(at i: Int, inherit: TimePoint?) -> (TimePoint, Int)? {
        let a = readers(at: i)
        guard !a.isEmpty else { return nil }
        let number = a.contains(.number)
        let digit = a.contains(.digit)
        if digit {
            if let r = isoDate(at: i) { return r }
            if let r = europeanDate(at: i) { return r }
            if let r = dotDate(at: i) { return r }
            if let r = slashMonthDay(at: i, rangeEnd: inherit.map { $0.month != nil && $0.day != nil } ?? false) { return r }
        }
        if !a.isDisjoint(with: .pointWords), let r = clockOfTheDay(at: i) { return r }
        if a.contains(.relativeDay), let r = relativeDay(at: i) { return r }
        if a.contains(.relativeWeek), let r = relativeWeek(at: i) { return r }
        if a.contains(.relativeQuarter), let r = relativeQuarter(at: i) { return r }
        if a.contains(.planPeriod), let r = planPeriod(at: i) { return r }
        if number || a.contains(.yearWord), let r = yearFirst(at: i) { return r }
        if number || a.contains(.yearPartAlone), let r = yearPartAlone(at: i) { return r }
        guard number || a.contains(.monthWord) || a.contains(.festival) else { return nil }
        if number, let r = numericRange(at: i, inherit: inherit) { return r }
        if number || a.contains(.monthWord), let r = monthFirst(at: i, year: inherit?.year) { return r }
        if a.contains(.festival), let r = festival(at: i, year: nil) { return r }
        guard number else { return nil }
        if let inherit, inherit.month != nil || inherit.monthRelative != nil, let (d, e) = day(at: i) {
            var p = inherit
            p.day = d
            p.part = nil
            let (weekday, end) = dayTail(at: e)
            p.weekday = weekday
            return (p, end)
        }
        if digit, let r = runTogether(at: i) { return r }
        return bareDay(at: i)
    }

    /// 27.08.2017: day, month and year, as European date stamps write them; 30/01/2024,
    /// 5/4/2024: the same with slashes, as Hong Kong and Macau write them (a year written
    /// last never follows a month first in Chinese text).
    private func europeanDate(at i: Int) -> (TimePoint, Int)? {
        if let r = slashDayMonthYear(at: i) { return r }
        guard t.isDigit(i), !t.isDigit(i - 1), t[i - 1] != ".", t.isDigit(i + 1), t[i + 2] == ".",
              t.isDigit(i + 3), t.isDigit(i + 4), t[i + 5] == ".",
              let y = Numerals.read(t, at: i + 6, maxLength: 4), y.length == 4, (1900...2100).contains(y.value),
              let d = Numerals.read(t, at: i, maxLength: 2), let m = Numerals.read(t, at: i + 3, maxLength: 2),
              CivilDate(year: y.value, month: m.value, day: d.value) != nil
        else { return nil }
        return (TimePoint(year: .absolute(y.value), month: m.value, day: d.value), i + 10)
    }

    /// "07.10" after a dotted ISO day and a range separator: two digits, a dot, two digits.
    private func dottedMonthDay(at j: Int, year: TimePoint.YearRef?) -> (TimePoint, Int)? {
        guard t.isDigit(j), t.isDigit(j + 1), t[j + 2] == ".", t.isDigit(j + 3), t.isDigit(j + 4),
              !t.isDigit(j + 5), t[j + 5] != ".",
              let m = Numerals.read(t, at: j, maxLength: 2), let d = Numerals.read(t, at: j + 3, maxLength: 2),
              CivilDate(year: 2000, month: m.value, day: d.value) != nil
        else { return nil }
        return (TimePoint(year: year, month: m.value, day: d.value), j + 5)
    }

    private func slashDayMonthYear(at i: Int) -> (TimePoint, Int)? {
        guard t.isDigit(i), !t.isDigit(i - 1), t[i - 1] != "/", t[i - 1] != ".",
              let d = Numerals.read(t, at: i, maxLength: 2), d.isDigitString, t[i + d.length] == "/",
              t.isDigit(i + d.length + 1), let m = Numerals.read(t, at: i + d.length + 1, maxLength: 2), m.isDigitString,
              t[i + d.length + 1 + m.length] == "/"
        else { return nil }
        let at = i + d.length + m.length + 2
        guard t.isDigit(at), let y = Numerals.read(t, at: at, maxLength: 4), y.isDigitString, y.length == 4,
              (1900...2100).contains(y.value), !t.isDigit(at + 4), t[at + 4] != "/",
              CivilDate(year: y.value, month: m.value, day: d.value) != nil
        else { return nil }
        return (TimePoint(year: .absolute(y.value), month: m.value, day: d.value), at + 4)
    }

    /// "6·30前", "“9·30”之前", "确保“12·31”节点": a month and day joined by a middle dot, as
    /// campaigns name their milestones. Only before 前/节点: "7·20特大暴雨" names a disaster.
    private func dotDate(at i: Int) -> (TimePoint, Int)? {
        guard t.isDigit(i), !t.isDigit(i - 1), let m = Numerals.read(t, at: i, maxLength: 2), m.isDigitString,
              (1...12).contains(m.value), let dot = t[i + m.length], "·•・".unicodeScalars.contains(dot),
              t.isDigit(i + m.length + 1), let d = Numerals.read(t, at: i + m.length + 1, maxLength: 2),
              CivilDate(year: 2000, month: m.value, day: d.value) != nil
        else { return nil }
        var e = i + m.length + 1 + d.length
        guard !t.isDigit(e) else { return nil }
        let quoted = t[e].map { "”\"’'".unicodeScalars.contains($0) } ?? false
        let after = quoted ? e + 1 : e
        guard t.match(["前", "之前", "以前", "节点", "前后"], at: after) != nil else { return nil }
        if quoted { e += 1 }
        return (TimePoint(month: m.value, day: d.value), e)
    }

    /// "预计1/15完工", "于3/31前完成": a month and day written with a slash, as Taiwan and
    /// tables write them. Only before a target's word or after a word that places a time
    /// ("占比1/15", "缩小到1/3", "降至1/5" are fractions).
    ///
    /// "須於27/2或之前", "於3/1或之前交予班主任": 或之前 (on or before) is Hong Kong's phrase,
    /// and Hong Kong writes the day first, so before it the slash reads day/month.
    ///
    /// In a target-date field ("完成时限: 6.30", "6/30前"), M.D and M-D too, standing alone.
    ///
    /// The target's word may stand after the hour ("5/9 下午5點前", "6/24下午五点之前"), as
    /// Taiwan's timetables write them; a range of M/D ("3/20 上午10點 ~ 3/26 下午4點",
    /// "6/1~6/24") is read as one window, its second end (`rangeEnd`) with it; a cut-off label
    /// places a M/D after it ("繳費期限為1/17", "截止日期：3/5").
    private func slashMonthDay(at i: Int, rangeEnd: Bool = false) -> (TimePoint, Int)? {
        guard t.isDigit(i), !t.isDigit(i - 1), t[i - 1] != "/", t[i - 1] != ".",
              let a = Numerals.read(t, at: i, maxLength: 2), a.isDigitString,
              let sep = t[i + a.length], sep == "/" || sep == "." || field && sep == "-", t.isDigit(i + a.length + 1),
              let b = Numerals.read(t, at: i + a.length + 1, maxLength: 2), b.isDigitString
        else { return nil }
        let e = i + a.length + 1 + b.length
        guard !t.isDigit(e), t[e] != "/", t[e] != ".", t[e] != "-" || slashRange(at: e) != nil else { return nil }
        // A field's month and day stand alone: a break or the field's start before, its end,
        // a break or a target's word after ("6.5个月" is an amount).
        let alone = field && (t[i - 1].map { Cues.clauseSeparators.contains($0) || $0 == " " } ?? true)
            && (t[e].map { Cues.clauseSeparators.contains($0) || $0 == " " } ?? true
                || t.match(["前", "之前", "以前", "完成", "底前"], at: e) != nil)
        // "第12周末(5.24)前": a month and day with a dot, in brackets before 前.
        let bracketed = t[i - 1] == "(" && t[e] == ")" && t.match(["前", "之前", "以前"], at: e + 1) != nil
        guard sep == "/" || alone || bracketed else { return nil }
        let dayFirst = t.match(["或之前", "或以前"], at: e) != nil
        let (m, d) = dayFirst ? (b.value, a.value) : (a.value, b.value)
        guard (1...12).contains(m), CivilDate(year: 2000, month: m, day: d) != nil else { return nil }
        let placed = (["于", "在", "预计", "截至", "截止", "自", "从", "期限至", "时限至", "日期至", "时间至"] as [StaticString])
            .contains { t.has($0, endingAt: i) }
            || Cues.movedTo.firstIndex(in: t, endingAt: i) != nil  // "報名時間延長至5/30"
            || PointGrammar.cutOffLabels.contains { t.has($0, endingAt: t.skippingSpaceBackward(i)) }
        var p = TimePoint(month: m, day: d)
        if bracketed { return (p, e + 1) }
        // "01/25(日)23:55": a weekday and a clock time after it, as timetables write them.
        let (weekday, end) = dayTail(at: e)
        // "請於(12/18)前送件": the day in brackets, 前 after them.
        let target = dayFirst || t[e] == "(" || limitFollows(at: e)
            || end > e && limitFollows(at: t.skippingSpace(end))
            || rangeEnd || slashRange(at: end).map { second in end > e || second.timed || second.limited } ?? false
        guard placed || target || alone else { return nil }
        p.weekday = weekday
        return (p, end)
    }

    /// A target's word after a M/D; not 前 of a rank ("2/3前列", "1/5前三名").
    private func limitFollows(at j: Int) -> Bool {
        let words: [StaticString] = ["前", "之前", "以前", "完成", "完工", "竣工", "起", "止", "截止", "截稿", "上线", "通车", "开工"]
        guard let (w, k) = t.match(words, at: j) else { return false }
        if w == "前", let u = t[k], u == "列" || u == "茅" || t.isDigit(k) || Numerals.isNumeralScalar(u) { return false }
        return true
    }

    /// 期限為, 截止日期：: a label that names the cut-off day written after it.
    static let cutOffLabels: [StaticString] = [
        "期限为", "期限是", "期限:", "期限：", "时限为", "时限:", "时限：", "截止日期为", "截止日期:", "截止日期：",
        "截止日为", "截止时间为", "截止时间:", "截止时间：",
    ]

    /// A range separator and a second M/D after `e` ("~ 3/26", "-6/24", "至 1/18"): whether
    /// that end has an hour after it, and whether a limit closes it. Two fractions joined by a
    /// dash ("降低1/3-1/2") have neither, and a window of days needs one of them (or an hour
    /// after its first day).
    private func slashRange(at e: Int) -> (timed: Bool, limited: Bool)? {
        var j = t.skippingSpace(e)
        if t.has("起", at: j) { j += 1 }
        guard let (_, k) = t.match(PointGrammar.rangeSeparators, at: j) else { return nil }
        let s = t.skippingSpace(k)
        guard t.isDigit(s), let a = Numerals.read(t, at: s, maxLength: 2), a.isDigitString, t[s + a.length] == "/",
              t.isDigit(s + a.length + 1), let b = Numerals.read(t, at: s + a.length + 1, maxLength: 2), b.isDigitString
        else { return nil }
        let second = s + a.length + 1 + b.length
        let (_, end) = dayTail(at: second)
        return (end > second, limitFollows(at: t.skippingSpace(end)))
    }

    static let relativeDays: TaggedWords<Int> = [
        ("今天", 0), ("今日", 0), ("即日", 0), ("明天", 1), ("明日", 1), ("昨天", -1), ("昨日", -1),
        ("前天", -2), ("前日", -2), ("后天", 2),
    ]

    /// 今天, 明日上午, 昨天下午, 即日 (起), 昨（22）日 (the day glossed inside the word): days
    /// from the reference date.
    private func relativeDay(at i: Int) -> (TimePoint, Int)? {
        if let u = t[i], let n: Int = u == "今" ? 0 : u == "昨" ? -1 : u == "明" ? 1 : nil,
           let open = t[i + 1], open == "(" || open == "（", let d = Numerals.read(t, at: i + 2, maxLength: 2), d.isDigitString,
           let close = t[i + 2 + d.length], close == ")" || close == "）", t.has("日", at: i + 3 + d.length) {
            var p = TimePoint()
            p.dayRelative = n
            p.day = d.value
            return (p, dayTail(at: i + 4 + d.length).1)
        }
        guard let (w, n) = PointGrammar.relativeDays.first(in: t, at: i) else { return nil }
        var e = i + w.scalarCount
        // "节前日", "年前日": not a day word.
        if w.hasPrefix("前"), let prev = t[i - 1], prev == "节" || prev == "年" || prev == "月" { return nil }
        var p = TimePoint()
        p.dayRelative = n
        // "今日(16日)", "明日（3日）", "今日(八月十一日)": the day of the month glossed (its month
        // too, in digits or Chinese numerals as Hong Kong's releases write it), which the
        // resolver holds to when the reference date is only near the document's own.
        if let (day, after) = glossedMonthDay(at: e) {
            p.day = day
            e = after
        }
        let (_, end) = dayTail(at: e)
        return (p, end)
    }

    /// "截至下午五时", "截止上午10:00": a clock time with no day after 截至/截止 is a time of
    /// the reference day, as 今天 would be.
    private func clockOfTheDay(at i: Int) -> (TimePoint, Int)? {
        guard t.has("截至", endingAt: i) || t.has("截止", endingAt: i) || t.has("截至到", endingAt: i),
              let (_, k) = t.match(["上午", "下午", "中午"], at: i), let end = clockTime(at: k) else { return nil }
        var p = TimePoint()
        p.dayRelative = 0
        return (p, end)
    }

    static let relativeWeeks: WordList = ["本周", "这周", "下周", "上周", "本星期", "下星期", "上星期", "下个星期", "下礼拜"]

    /// 本周五, 下周一, 上周, 本周内: a week from the reference date's, and a day of it.
    private func relativeWeek(at i: Int) -> (TimePoint, Int)? {
        guard let (w, e) = t.match(PointGrammar.relativeWeeks, at: i)
        else { return weekdayWithDay(at: i) }
        var p = TimePoint()
        p.weekRelative = w.hasPrefix("下") ? 1 : (w.hasPrefix("上") ? -1 : 0)
        var end = e
        if let (_, n) = PointGrammar.weekdayNames.first(in: t, at: e) {
            p.weekday = n
            end = e + 1
        } else if let u = t[e], "期年岁边围转刊末报会例".unicodeScalars.contains(u) {
            return nil  // "本周期", "下周年", "本周末", "上周报": another word
        }
        // "本星期五(十一月二十二日)": the day glossed is the same day, part of the expression.
        if p.weekday != nil, let g = glossEnd(at: end) { end = g }
        return (p, dayTail(at: end).1)
    }

    /// "周六(14日)截止", "星期五(11月22日)前": a weekday with its day glossed in brackets is
    /// that day (the weekday then checks the year, as "1月4日(周日)" does).
    private func weekdayWithDay(at i: Int) -> (TimePoint, Int)? {
        guard let (_, k) = t.match(["星期", "礼拜", "周"], at: i), let (_, n) = PointGrammar.weekdayNames.first(in: t, at: k),
              let open = t[k + 1], open == "(" || open == "（",
              !(t[i - 1].map { "本这下上每逐隔双".unicodeScalars.contains($0) } ?? false) else { return nil }
        var p = TimePoint()
        var j = k + 2
        if let m = Numerals.read(t, at: j, maxLength: 3), (1...12).contains(m.value), t.has("月", at: j + m.length) {
            p.month = m.value
            j += m.length + 1
        }
        guard let (d, e) = day(at: j), let close = t[e], close == ")" || close == "）" else { return nil }
        p.day = d
        p.weekday = n
        if p.month == nil {
            p.monthRelative = 0
            p.dayOnly = true
        }
        return (p, dayTail(at: e + 1).1)
    }

    static let relativeQuarters: TaggedWords<Int> = [
        ("本季度", 0), ("当季度", 0), ("这个季度", 0), ("这季度", 0), ("下一季度", 1), ("下个季度", 1), ("下季度", 1),
        ("上一季度", -1), ("上个季度", -1), ("上季度", -1),
    ]

    /// 本季度, 下季度末, 上一季度, 本季度内; "季度末前", "季末前" with no quarter named: a
    /// quarter counted from the reference date's (as 本月 and 月底前 are months).
    private func relativeQuarter(at i: Int) -> (TimePoint, Int)? {
        var p = TimePoint(year: .relative(0))
        var e: Int
        if let (w, n) = PointGrammar.relativeQuarters.first(in: t, at: i) {
            p.quarterRelative = n
            e = i + w.scalarCount
        } else if let (_, k) = t.match(["季度末", "季末", "季度底"], at: i),
                  t.match(["前", "之前", "以前"], at: k) != nil,
                  !(t[i - 1].map { Numerals.isNumeralScalar($0) || "每各按个第本当这上下一".unicodeScalars.contains($0) } ?? false) {
            p.quarterRelative = 0
            p.part = .quarterEnd(0)
            return (p, k)
        } else {
            return nil
        }
        if let (_, k) = t.match(["末", "底"], at: e) {
            p.part = .quarterEnd(0)
            e = k
        } else {
            p.part = .quarter(0)
        }
        return (p, e)
    }

    /// “十四五”末, 十三五期间: the five-year plans, numbered from the third (1966–1970).
    private func planPeriod(at i: Int) -> (TimePoint, Int)? {
        guard t.has("十", at: i), let n = t[i + 1].flatMap(Numerals.chineseDigit), (1...9).contains(n),
              t.has("五", at: i + 2) else { return nil }
        let start = 1966 + 5 * (10 + n - 3)
        var j = i + 3
        if let q = t[j], "”\"'’」』".unicodeScalars.contains(q) { j += 1 }
        // "“十四五”时期末", "十四五规划期末": the plan's period named in full.
        if let (w, e) = t.match(["期末", "末", "时期末", "规划期末", "规划末", "期初", "初", "时期初", "规划期初", "期间", "时期内", "期内"], at: j) {
            switch w {
            case "期间", "时期内", "期内": return (TimePoint(year: .absolute(start), part: .years(5)), e)
            case "期初", "初", "时期初", "规划期初": return (TimePoint(year: .absolute(start), part: .early), e)
            default: return (TimePoint(year: .absolute(start + 4), part: .late), e)
            }
        }
        return nil
    }

    /// "20254月8日": a year run into its month, the 年 lost (only a month of 1–12 fits).
    private func yearRunIntoMonth(at i: Int) -> (TimePoint.YearRef, Int)? {
        guard t.isDigit(i), !t.isDigit(i - 1), t[i - 1] != "." else { return nil }
        var j = i
        while t.isDigit(j), j - i < 7 { j += 1 }
        guard (5...6).contains(j - i), t.has("月", at: j) else { return nil }
        let digits = (i..<j).map { Int(t.scalars[$0].value - 0x30) }
        let year = digits[0..<4].reduce(0) { $0 * 10 + $1 }
        let month = digits[4...].reduce(0) { $0 * 10 + $1 }
        guard (1990...2100).contains(year), (1...12).contains(month), digits[4] != 0 || j - i == 6 else { return nil }
        return (.absolute(year), i + 4)
    }

    /// "20251228日之前", "1230日前", "自202611日起", "2024428": digits run together where
    /// exactly one split gives a real date. Without 日 only a whole 7- or 8-digit stamp.
    private func runTogether(at i: Int) -> (TimePoint, Int)? {
        guard t.isDigit(i), !t.isDigit(i - 1), t[i - 1] != "." else { return nil }
        var j = i
        while t.isDigit(j), j - i < 9 { j += 1 }
        let n = j - i
        guard (3...8).contains(n), !t.isDigit(j) else { return nil }
        let hasDay = t.has("日", at: j) || t.has("号", at: j)
        if !hasDay {
            // A stamp alone: nothing but spaces or punctuation around it.
            guard n >= 7, t[i - 1].map({ !$0.properties.isIdeographic && !$0.properties.isAlphabetic }) ?? true,
                  t[j].map({ !$0.properties.isIdeographic && !$0.properties.isAlphabetic }) ?? true else { return nil }
        }
        // Month and day alone only where a modifier or a time of day follows: "1230日前".
        if n <= 4, t.match(["前", "之前", "以前", "起", "止", "上午", "下午", "晚", "("], at: j + 1) == nil { return nil }
        let digits = (i..<j).map { Int(t.scalars[$0].value - 0x30) }
        func number(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + digits[$1] } }
        let yearLength = n >= 6 ? 4 : 0
        guard n - yearLength >= 2, n - yearLength <= 4 else { return nil }
        let y = yearLength == 4 ? number(0..<4) : nil
        if let y, !(1990...2100).contains(y) { return nil }
        var readings: [(Int, Int)] = []
        for ml in [1, 2] where (1...2).contains(n - yearLength - ml) {
            let m = number(yearLength..<(yearLength + ml)), d = number((yearLength + ml)..<n)
            if CivilDate(year: y ?? 2000, month: m, day: d) != nil { readings.append((m, d)) }
        }
        guard readings.count == 1, let (m, d) = readings.first else { return nil }
        var p = TimePoint(year: y.map { .absolute($0) }, month: m, day: d)
        let end = hasDay ? j + 1 : j
        let (weekday, tail) = dayTail(at: end)
        p.weekday = weekday
        return (p, tail)
    }

    /// "15日，…召开", "请于25日前报送": a day with neither month nor year, only where
    /// what follows makes it a time (a modifier or a clause break), not an amount.
    private func bareDay(at i: Int) -> (TimePoint, Int)? {
        // Not a day: "〔2017〕25号" (a document number), "第3日", "年_月31日" (a month not read).
        guard let (d, e) = day(at: i), !(t[i - 1].map(Numerals.isNumeralScalar) ?? false),
              t[i - 1].map({ !".第个月年〕]】﹞".unicodeScalars.contains($0) }) ?? true else { return nil }
        // "20××年6月1日至30日": the second end of a range whose first end was no date (a
        // template's): a range read as dates never leaves its end to be read alone.
        if let sep = t[i - 1], sep == "至" || sep == "到" || sep == "-" || sep == "~", t[i - 2] == "日" { return nil }
        let (weekday, end) = dayTail(at: e)
        let next = t[end]
        let isBreak = next.map { Cues.clauseSeparators.contains($0) || $0 == " " || $0 == "、" } ?? true
        guard isBreak || t.match(["前", "之前", "以前", "起", "止", "上午", "下午", "晚", "当天", "当日", "至", "到", "-"], at: end) != nil
                || t.match(PointGrammar.newsVerbs, at: end) != nil,
              !t.has("以内", at: end), !t.has("内", at: end) else { return nil }
        var p = TimePoint(monthRelative: 0, day: d)
        p.weekday = weekday
        p.dayOnly = true
        return (p, end)
    }

    /// Verbs of news that make a bare day the day of an occurrence reported or announced:
    /// "3省(区)9日公开…", "温家宝16日主持召开…", "新华社北京9日电". An amount of days is
    /// not written before them.
    static let newsVerbs: WordList = [
        "召开", "举行", "举办", "公布", "公开", "发布", "印发", "通报", "宣布", "启动", "开幕", "闭幕", "出台", "主持",
        "电", "讯", "晚间", "凌晨", "起正式", "正式", "在京", "赴",
        // "徐榛蔚13日偕同…前往视察", "国家防总办公室21日向…发出通知": a subject, its day, its act.
        "向", "偕同", "前往", "表示", "指出", "会见", "考察", "调研", "视察", "带队", "率队", "率团", "出席", "发出",
        "深入", "在",
        // "記者24日從教育部獲悉": a reporter learnt it that day.
        "从",
    ]

    /// 2024-11-21, 2024/11/21, 2024.11.21, 2024.11
    private func isoDate(at i: Int) -> (TimePoint, Int)? {
        guard t.isDigit(i), !t.isDigit(i - 1), t[i - 1] != ".",
              let y = Numerals.read(t, at: i, maxLength: 4), y.length == 4, (1900...2100).contains(y.value)
        else { return nil }
        var j = i + 4
        guard let sep = t[j], sep == "-" || sep == "/" || sep == "." else { return nil }
        j += 1
        guard t.isDigit(j), let m = Numerals.read(t, at: j, maxLength: 2), (1...12).contains(m.value) else { return nil }
        j += m.length
        var p = TimePoint(year: .absolute(y.value), month: m.value)
        if t[j] == sep, t.isDigit(j + 1), let d = Numerals.read(t, at: j + 1, maxLength: 2), (1...31).contains(d.value) {
            j += 1 + d.length
            p.day = d.value
            guard !t.isDigit(j), t[j] != "." || !t.isDigit(j + 1) else { return nil }
            return (p, j)
        }
        // Year-month alone only with dots ("2024.10前"); "2024-10" is too often a code.
        guard sep == ".", !t.isDigit(j), t[j] != "." else { return nil }
        if let u = t[j], "亿万元%个家倍亩人次项千百".unicodeScalars.contains(u) { return nil }
        return (p, j)
    }

    private func yearFirst(at i: Int) -> (TimePoint, Int)? {
        if let (year, afterYear) = yearRunIntoMonth(at: i), let r = monthFirst(at: afterYear, year: year, afterDigits: true) {
            return r
        }
        guard let (year, afterYear) = year(at: i) else { return twoDigitYear(at: i) }
        var p = TimePoint(year: year)
        var j = afterYear
        // "2020年年底前", "2025年年内", "2024年度第三季度": the year said twice. The second 年
        // belongs to the year only with its part ("2024年年中完成"), not before a noun.
        if t.has("年", at: j), let next = t[j + 1], "底末初中内".unicodeScalars.contains(next) {
            if next == "内" { return (p, j + 1) }
            if yearPart(at: j + 1) != nil { j += 1 }
        } else if t.has("度", at: j), t.has("内", at: j + 1) {
            return (p, j + 1)  // "2024年度内": 内 is the suffix
        } else if t.has("度", at: j), yearPart(at: j + 1) != nil {
            j += 1
        }
        if let (part, e) = yearPart(at: j) {
            p.part = part
            return (p, e)
        }
        if let r = numericRange(at: j, inherit: p) { return r }
        if let r = monthFirst(at: j, year: year) { return r }
        if let r = festival(at: j, year: year) { return r }
        p = TimePoint(year: year)
        // 年度 after a numeric year: "2023年度".
        if t.has("度", at: j) { j += 1 }
        return (p, j)
    }

    /// 2024年, 二〇二四年, 今年, 去年, 当年 … — the year and the index after "年".
    static let yearWords: TaggedWords<TimePoint.YearRef> = [
        ("今年", .relative(0)), ("本年", .context(0)), ("明年", .relative(1)), ("去年", .relative(-1)),
        ("上年", .relative(-1)), ("前年", .relative(-2)), ("后年", .relative(2)), ("当年", .context(0)),
        ("同年", .context(0)), ("次年", .context(1)), ("翌年", .context(1)),
    ]

    private func year(at i: Int) -> (TimePoint.YearRef, Int)? {
        if let (_, ref) = PointGrammar.yearWords.first(in: t, at: i) {
            // "前年" inside "…年前年…" is not a year word; require no numeral before it.
            if let prev = t[i - 1], Numerals.isNumeralScalar(prev) { return nil }
            return (ref, i + 2)
        }
        // "04年", "从08年的": a two-digit year only with its leading zero (2000–2009), which
        // no count of years is written with.
        if t.has("0", at: i), t.isDigit(i + 1), !t.isDigit(i - 1), !t.isDigit(i + 2), t.has("年", at: i + 2),
           t[i - 1] != ".", t.match(["来", "以来", "内", "多", "代", "间"], at: i + 3) == nil {
            return (.absolute(2000 + Int(t.scalars[i + 1].value - 0x30)), i + 3)
        }
        guard let n = Numerals.read(t, at: i, maxLength: 4), n.isDigitString, n.length == 4,
              (1900...2100).contains(n.value), t.has("年", at: i + n.length),
              // "4.2019年至2022年": after an enumerator "4." a four-digit year is still a year.
              !t.isDigit(i - 1)
        else { return nil }
        return (.absolute(n.value), i + n.length + 1)
    }

    /// "24年底前", "25年6月底前完成": a year of 2010–2039 written with two digits, read only
    /// with a part or a month after it. "15年" alone is as often fifteen years ("20年来",
    /// "30年内" never get here: a part or a month must follow), and a Taiwan ROC year of two
    /// digits (before 2011) is over 39.
    private func twoDigitYear(at i: Int) -> (TimePoint, Int)? {
        guard t.isDigit(i), t.isDigit(i + 1), !t.isDigit(i + 2), t.has("年", at: i + 2), !t.isDigit(i - 1),
              !(t[i - 1].map { ".第近多约逾超满前后达共这那".unicodeScalars.contains($0) } ?? false)
        else { return nil }
        let n = Int(t.scalars[i].value - 0x30) * 10 + Int(t.scalars[i + 1].value - 0x30)
        guard (10...39).contains(n) else { return nil }
        let year = TimePoint.YearRef.absolute(2000 + n)
        let j = i + 3
        // 底, 上半年, 三季度: a part of that year ("10年中", "20年初" are as often spans).
        if let (part, e) = yearPart(at: j) {
            switch part {
            case .late, .half, .quarter, .quarterEnd: return (TimePoint(year: year, part: part), e)
            default: return nil
            }
        }
        if t.isDigit(j), let r = monthFirst(at: j, year: year, afterDigits: true) { return r }
        return nil
    }

    /// What may follow "年": 上半年, 初, 底, 第三季度, Q4, 前三季度 …
    private func yearPart(at j: Int) -> (TimePoint.Part, Int)? {
        if let (w, season) = TimePoint.Season.spellings.first(in: t, at: j) {
            return (.season(season), j + w.scalarCount)
        }
        if let (p, e) = floodSeasonCut(at: j, year: nil), let part = p.part { return (part, e) }
        if t.has("上半年", at: j) { return (.half(1), j + 3) }
        if t.has("下半年", at: j) { return (.half(2), j + 3) }
        if t.has("初", at: j) { return (.early, j + 1) }
        if t.has("底", at: j) || t.has("末", at: j) { return (.late, j + 1) }
        if t.has("中", at: j), isBoundaryAfterYearMiddle(j + 1) { return (.middle, j + 1) }
        return quarter(at: j)
    }

    /// True where 中 after a year or month is its middle: before a modifier, a break, or the
    /// verb of what is due then ("年中完成", "6月中开工"), not inside a word ("2017年中央",
    /// "2024年中国", "年中考").
    func isBoundaryAfterMiddle(_ j: Int) -> Bool {
        guard let u = t[j] else { return true }
        if t.has("前", at: j) || t.has("以前", at: j) || t.has("之前", at: j) || t.has("后", at: j) { return true }
        if !u.properties.isIdeographic { return true }
        return t.match(PointGrammar.verbsAfterMiddle, at: j) != nil
    }

    /// What may follow 年中/月中 as a time: the result and occurrence verbs of `Cues`, less
    /// those that begin a noun after 中 (组织 in "中组织部"), and the words of a target.
    static let verbsAfterMiddle = WordList(
        (Cues.resultVerbs.words + Cues.occurrenceVerbs.words + ["左右", "时", "基本", "全面", "力争", "完工", "投产", "上线"])
            .filter { !["组织", "达", "建立"].contains($0.description) })

    private func isBoundaryAfterYearMiddle(_ j: Int) -> Bool { isBoundaryAfterMiddle(j) }

    /// 第三季度, 三季度, 3季度, Q3, 三季度末, 前三季度, 一季 — with the end after it; 首季, 首季度
    /// (the first quarter, as Hong Kong and Macau write it: "本年首季內").
    private func quarter(at j: Int) -> (TimePoint.Part, Int)? {
        if t.has("首季", at: j) {
            let unitEnd = t.has("度", at: j + 2) ? j + 3 : j + 2
            if t.has("末", at: unitEnd) || t.has("底", at: unitEnd) { return (.quarterEnd(1), unitEnd + 1) }
            return (.quarter(1), unitEnd)
        }
        if t.has("Q", at: j) || t.has("q", at: j), let d = t[j + 1], d.value >= 0x31, d.value <= 0x34, !t.isDigit(j + 2) {
            return (.quarter(Int(d.value - 0x30)), j + 2)
        }
        var k = j
        var first = false
        if t.has("前", at: k) {
            first = true
            k += 1
        } else if t.has("第", at: k) {
            k += 1
        }
        guard let n = Numerals.read(t, at: k, maxLength: 1) else { return nil }
        k += n.length
        // 一、二季度, 三至四季度: quarters N through M.
        if !first, let sep = t[k], sep == "、" || sep == "-" || sep == "至" || sep == "到",
           let m = Numerals.read(t, at: k + 1, maxLength: 1), m.value > n.value, m.value <= 4,
           t.has("季度", at: k + 1 + m.length) || t.has("季", at: k + 1 + m.length), n.value >= 1 {
            let unit = t.has("季度", at: k + 1 + m.length) ? 2 : 1
            return (.quarters(n.value, m.value), k + 1 + m.length + unit)
        }
        if first, t.has("个月", at: k), (1...12).contains(n.value) { return (.firstMonths(n.value), k + 2) }
        guard (1...4).contains(n.value) else { return nil }
        let unitEnd: Int
        if t.has("季度", at: k) {
            unitEnd = k + 2
        } else if t.has("季", at: k), !first {
            unitEnd = k + 1
        } else {
            return nil
        }
        if first { return (.firstQuarters(n.value), unitEnd) }
        if t.has("末", at: unitEnd) || t.has("底", at: unitEnd) { return (.quarterEnd(n.value), unitEnd + 1) }
        return (.quarter(n.value), unitEnd)
    }

    /// 年底, 年初, 上半年, 一季度, 年内 … with no year written: the year in context.
    private func yearPartAlone(at i: Int) -> (TimePoint, Int)? {
        if t.has("年", at: i), let next = t[i + 1], "底末初内".unicodeScalars.contains(next) {
            if let prev = t[i - 1], prev == "每" || prev == "近" || prev == "多" || Numerals.isNumeralScalar(prev) { return nil }
            if next == "内" { return (TimePoint(year: .context(0)), i + 1) }
            return (TimePoint(year: .context(0), part: next == "初" ? .early : .late), i + 2)
        }
        // "于年前完成", "力争年前完工": before the Spring Festival (年 is the lunar new year), not
        // "三年前" or "多年前" (years ago) nor "年前三季度".
        if t.has("年前", at: i), !(t[i + 2].map { Numerals.isNumeralScalar($0) || "后夕".unicodeScalars.contains($0) } ?? false),
           t[i - 1].map({ Cues.clauseSeparators.contains($0) || " 于在争保划计望必须要赶抢".unicodeScalars.contains($0) }) ?? true {
            return (TimePoint(festival: .springFestival), i + 1)
        }
        // "年度内完成": the year in context, as 年内.
        if t.has("年度内", at: i), !(t[i - 1].map { Numerals.isNumeralScalar($0) || "每近多本".unicodeScalars.contains($0) } ?? false) {
            return (TimePoint(year: .context(0)), i + 2)
        }
        if t.has("年中", at: i), isBoundaryAfterYearMiddle(i + 2), !(t[i - 1].map(Numerals.isNumeralScalar) ?? false) {
            return (TimePoint(year: .context(0), part: .middle), i + 2)
        }
        if let r = floodSeasonCut(at: i, year: nil) { return r }
        // Seasons, halves and quarters without a year take the nearest fitting one (see DateParser).
        if let (w, season) = TimePoint.Season.spellings.first(in: t, at: i) {
            let e = i + w.scalarCount
            // "汛期不结束、排查不停止", "汛期不过": a condition of a slogan, not a time.
            if t.has("不", at: e) { return nil }
            // "春季开学前": the school term (a `Festival`), not the season.
            if t.has("开学", at: e) || t.has("学期开学", at: e) { return nil }
            // "今冬明春" names this winter; the others take the year in context or the nearest.
            return (TimePoint(year: season == .winterSpring ? .relative(0) : nil, part: .season(season)), e)
        }
        if t.has("上半年", at: i) || t.has("下半年", at: i) {
            return (TimePoint(year: nil, part: .half(t.has("上", at: i) ? 1 : 2)), i + 3)
        }
        if let prev = t[i - 1], Numerals.isNumeralScalar(prev) { return nil }
        if let (q, e) = quarter(at: i) {
            // "期限届满前一个月内", "到期前3个月", "召开前1个月": counted back from an event, not
            // the first months of a year ("前三个月,全市…").
            if case .firstMonths = q, let prev = t[i - 1], "满期节开始束效施行".unicodeScalars.contains(prev) { return nil }
            return (TimePoint(year: nil, part: q), e)
        }
        return nil
    }

    /// Nouns after 汛前 that make it an attribute: "开展汛前检查", "汛前准备工作".
    static let floodAttributeNouns: WordList = [
        "检查", "大检查", "准备", "排查", "巡查", "督查", "检修", "自查", "工作", "安全", "各项", "培训", "演练",
        "会商", "隐患", "调度", "动员", "部署会", "专项",
    ]

    /// "汛前", "入汛前", "汛后": the flood season (汛期) with its name cut short, read only
    /// before 前/后, not inside 防汛/备汛/度汛/抗汛 (the work, not the season) nor as the
    /// attribute of an inspection ("汛前检查"). The core is "汛"; its 前 is the suffix.
    private func floodSeasonCut(at i: Int, year: TimePoint.YearRef?) -> (TimePoint, Int)? {
        guard t.has("汛", at: i), let (_, e) = t.match(["以前", "之前", "前", "后"], at: i + 1) else { return nil }
        if let prev = t[i - 1], "防备度抗迎过大主秋春夏冬".unicodeScalars.contains(prev) { return nil }
        if t.match(PointGrammar.floodAttributeNouns, at: e) != nil { return nil }
        return (TimePoint(year: year, part: .season(.flood)), i + 1)
    }

    /// 2023-2026年, 1-9月, 7-15日 (the last inheriting the month).
    private func numericRange(at i: Int, inherit: TimePoint?) -> (TimePoint, Int)? {
        guard let a = Numerals.read(t, at: i, maxLength: 4), !(t[i - 1].map(Numerals.isNumeralScalar) ?? false),
              t[i - 1] != "." else { return nil }
        var j = i + a.length
        guard let sep = t.match(PointGrammar.rangeOrListSeparators, at: j) else { return nil }
        j = sep.1
        guard let b = Numerals.read(t, at: j, maxLength: 4), b.value > a.value else { return nil }
        j += b.length
        // Only the start is returned here; the caller's range rule reads the end again.
        if sep.0 == "、" {
            // "2024、2025年": a list of years; the next item is read on its own.
            guard t.has("年", at: j), a.length == 4, b.length == 4, (1900...2100).contains(a.value) else { return nil }
            return (TimePoint(year: .absolute(a.value)), i + a.length)
        }
        if t.has("年", at: j), a.isDigitString, b.isDigitString, a.length == 4, b.length == 4,
           (1900...2100).contains(a.value), (1900...2100).contains(b.value) {
            return (TimePoint(year: .absolute(a.value)), i + a.length)
        }
        if t.has("月", at: j), (1...12).contains(a.value), b.value <= 12, a.length <= 2 {
            return (TimePoint(year: inherit?.year, month: a.value), i + a.length)
        }
        if t.has("日", at: j) || t.has("号", at: j), let inherit, inherit.month != nil,
           (1...31).contains(a.value), b.value <= 31 {
            var p = inherit
            p.day = a.value
            p.part = nil
            return (p, i + a.length)
        }
        return nil
    }

    /// Where a month with its day or part ends ("4月30日前" → after 前), for rhythms that
    /// name their moment ("每年4月30日前"); nil when no month stands at `i`.
    func monthAndDayEnd(at i: Int) -> Int? {
        guard let (p, e) = monthFirst(at: i, year: nil), p.month != nil, p.day != nil || p.part != nil else { return nil }
        return t.match(["之前", "以前", "前"], at: e)?.1 ?? e
    }

    /// 这个月 is 本月 in speech ("确保这个月底之前拆除到位").
    static let monthWords: WordList = ["本月", "当月", "下月", "次月", "上月", "这个月"]

    /// 10月, 十二月份, 10月底, 6月30日, 5月中下旬, 元月, 本月底 …
    private func monthFirst(at i: Int, year: TimePoint.YearRef?, afterDigits: Bool = false) -> (TimePoint, Int)? {
        var p = TimePoint(year: year)
        var j: Int
        if t.has("元月", at: i) {
            p.month = 1
            j = i + 2
        } else if let (w, e) = t.match(PointGrammar.monthWords, at: i) {
            // "代扣税款的次月十五日内": the month after an event of the text, a rhythm's.
            if w == "次月", let prev = t[i - 1], prev == "的" || prev == "之" { return nil }
            p.monthRelative = w == "下月" || w == "次月" ? 1 : (w == "上月" ? -1 : 0)
            p.monthFromContext = w == "当月"
            j = e
            // "下月(12月) 5日": the month glossed, then its day (a space may stand between).
            if let g = glossEnd(at: e) {
                let k = t[g] == " " ? g + 1 : g
                if day(at: k) != nil { j = k }
            }
        } else if year == nil, isMonthPartAlone(at: i) {
            // "请于月底前报送", "月中旬前完成": the month in context, as 当月, else the
            // reference month.
            p.monthRelative = 0
            p.monthFromContext = true
            j = i + 1
        } else {
            guard let n = Numerals.read(t, at: i, maxLength: 3), (1...12).contains(n.value), n.length <= 2,
                  !n.isDigitString || !n.isChinese,
                  t.has("月", at: i + n.length)
            else { return nil }
            if !afterDigits, let prev = t[i - 1], Numerals.isNumeralScalar(prev) || prev == "第" || prev == "个" { return nil }
            // "3.8月上旬": after an item number "3." a month is still a month; "2.5月" is not.
            if t[i - 1] == ".", !isItemNumber(endingAt: i - 1) { return nil }
            // "20_年8月31日前", "XX年X月": a template's blank year, no date at all.
            if t[i - 1] == "年", let blank = t[i - 2], "_＿Xx×*某".unicodeScalars.contains(blank) { return nil }
            // "112年3月10日" (a ROC year), "民国113年6月": the month of a year this grammar does
            // not read is no date of the reference year. (Years it reads never get here: the
            // month is read with them.)
            if year == nil, followsUnreadYear(i) { return nil }
            p.month = n.value
            j = i + n.length + 1
        }
        if t.has("份", at: j) { j += 1 }
        if let (d, e) = day(at: j) {
            p.day = d
            let (weekday, end) = dayTail(at: e)
            p.weekday = weekday
            return (p, end)
        }
        // "2022年8月19" at the end of a signature: the 日 lost, the day still meant.
        if year != nil, let d = Numerals.read(t, at: j, maxLength: 2), d.isDigitString, !d.isChinese,
           (1...31).contains(d.value), t[j + d.length].map({ $0 == " " || $0 == "\n" || $0 == "\r" }) ?? true {
            p.day = d.value
            return (p, j + d.length)
        }
        // "3月27—29日": the first day of a range whose unit is written once, after the last.
        if let a = Numerals.read(t, at: j, maxLength: 2), (1...31).contains(a.value), a.isDigitString || !a.isChinese,
           let sep = t[j + a.length], sep == "-" || sep == "~" || sep == "至" || sep == "到" {
            var k = j + a.length + 1
            while t[k] == "-" { k += 1 }
            if let b = Numerals.read(t, at: k, maxLength: 2), b.value > a.value, b.value <= 31,
               t.has("日", at: k + b.length) || t.has("号", at: k + b.length) {
                p.day = a.value
                return (p, j + a.length)
            }
            // "8月28-9月6日": the first day's 日 left out before a range into the next month.
            if let b = Numerals.read(t, at: k, maxLength: 2), (1...12).contains(b.value), t.has("月", at: k + b.length),
               (1...31).contains(a.value) {
                p.day = a.value
                return (p, j + a.length)
            }
        }
        let parts: [(StaticString, TimePoint.Part)] = [
            ("上中旬", .xuns(1, 2)), ("中下旬", .xuns(2, 3)), ("上旬", .xun(1)), ("中旬", .xun(2)), ("下旬", .xun(3)),
            ("初", .early), ("底", .late), ("末", .late), ("中", .middle),
        ]
        for (w, part) in parts where t.has(w, at: j) {
            if w == "中", !isBoundaryAfterMiddle(j + 1) { continue }
            p.part = part
            return (p, j + w.scalarCount)
        }
        return (p, j)
    }

    /// True when the month at `i` belongs to a year written before it that this grammar does
    /// not read: "112年3月" (ROC), and the second end of its range, "106年1月至6月".
    private func followsUnreadYear(_ i: Int) -> Bool {
        // (Or a template's blank year: "限20xx年5月20日至5月22日".)
        func unreadYearEnds(at k: Int) -> Bool {
            t[k] == "年" && (t[k - 1].map { Numerals.isNumeralScalar($0) || "_＿Xx×*某".unicodeScalars.contains($0) } ?? false)
        }
        if unreadYearEnds(at: i - 1) { return true }
        guard let sep = t[i - 1], sep == "至" || sep == "到" || sep == "-" || sep == "~" else { return false }
        var k = i - 2
        // "107年3月16日起至3月31日止": 起 before the separator.
        if t[k] == "起" { k -= 1 }
        // "111年10月21日(星期五)至10月23日", "114年9月4日(四)20:00至9月7日": the first end's
        // weekday in brackets and a clock time.
        while k > i - 10, let u = t[k], t.isDigit(k) || u == ":" { k -= 1 }
        if let close = t[k], close == ")" || close == "）" {
            var o = k - 1
            while o > k - 12, let u = t[o], u != "(" && u != "（" { o -= 1 }
            if t[o] == "(" || t[o] == "（" { k = o - 1 }
        }
        let last = k
        while k > last - 8, let u = t[k], Numerals.isNumeralScalar(u) || u == "月" || u == "日" || u == "号" { k -= 1 }
        return k < last && unreadYearEnds(at: k)
    }

    /// 月底, 月末, 月初, 月中旬 … with no month before them: not after a numeral or a word that
    /// makes 月 part of another ("每月底", "个月底", "岁月"), and only with the part after it.
    private func isMonthPartAlone(at i: Int) -> Bool {
        guard t.has("月", at: i), t.match(["底", "末", "初", "上旬", "中旬", "下旬"], at: i + 1) != nil else { return false }
        if let prev = t[i - 1], Numerals.isNumeralScalar(prev) || "每个本当下上次元岁年正腊闰同该".unicodeScalars.contains(prev) {
            return false
        }
        // "月初步", "月末班": a word that only starts with the part.
        if t.has("初步", at: i + 1) || t.has("末班", at: i + 1) || t.has("末尾", at: i + 1) { return false }
        return true
    }

    static let weekdayNames: TaggedWords<Int> = [
        ("一", 1), ("二", 2), ("三", 3), ("四", 4), ("五", 5), ("六", 6), ("日", 7), ("天", 7),
    ]
    static let timesOfDay: WordList = ["上午", "下午", "中午", "晚上", "早上", "凌晨", "傍晚", "晚", "早"]
    static let workTimes: WordList = ["下班", "上班", "下班时", "上班时", "前下班"]

    /// What may stand between a day and its modifier, and is part of the day: a weekday or
    /// lunar note in brackets ("(星期五)", "(农历腊月二十八、周日)"), a time of day
    /// ("下午", "上午下班"), a clock time ("17:00", "24:00时", "下午5点", "10时"). Returns
    /// the weekday written, if any, and where the day ends.
    func dayTail(at e: Int) -> (Int?, Int) {
        var j = e
        var weekday: Int? = nil
        // "1/18 ()前", "6 月 25 日 (三)": a space before the bracket, as PDF text sets it; the
        // space is taken only with a bracket the tail reads.
        let bracketAfterSpace = t[j] == " " && (t[j + 1] == "(" || t[j + 1] == "[")
        if bracketAfterSpace { j += 1 }
        if t[j] == "(" || t[j] == "[" {
            var k = j + 1
            while k < t.count, k - j < 24, t[k] != ")", t[k] != "]", !Cues.sentenceSeparators.contains(t.scalars[k]) { k += 1 }
            if k < t.count, t[k] == ")" || t[k] == "]" {
                let inside = (j + 1)..<k
                var found = false
                for w: StaticString in ["星期", "礼拜", "周"] {
                    if let at = Cues.lastOccurrence(of: [w], in: t, inside),
                       let (_, n) = PointGrammar.weekdayNames.first(in: t, at: at + w.scalarCount) {
                        weekday = n
                        found = true
                        break
                    }
                }
                // "(五)", "(日)": a weekday alone, as timetables write it; "()": a blank one.
                if !found, inside.count == 1, let (_, n) = PointGrammar.weekdayNames.first(in: t, at: j + 1) {
                    weekday = n
                    found = true
                }
                if inside.isEmpty { found = true }
                // "(初八)", "(农历腊月二十八)", "(除夕)": a lunar note.
                if found || Cues.lastOccurrence(of: ["农历", "初", "廿", "腊月", "正月", "除夕", "十五"], in: t, inside) != nil { j = k + 1 }
            }
            if bracketAfterSpace && j == e + 1 { j = e }
        } else if let (_, k) = t.match(["星期", "礼拜", "周"], at: j),
                  let (_, n) = PointGrammar.weekdayNames.first(in: t, at: k) {
            // "1月31日星期一": the weekday without brackets.
            weekday = n
            j = k + 1
        }
        // A space may stand before each part, as PDF text and Taiwan forms write them
        // ("7 月 25 日(星期五)中午 12 時前", "6 月 7 日 晚上 11 點 59 分前"); it is taken only
        // with the part after it.
        if let (_, k) = t.match(PointGrammar.timesOfDay, at: t.skippingSpace(j)) { j = k }
        if let (_, k) = t.match(PointGrammar.workTimes, at: t.skippingSpace(j)) {
            j = k
        } else if let k = clockTime(at: t.skippingSpace(j)) {
            // After a space, only a clock time of a cut-off: a page's timestamp
            // ("2016年07月07日 07:23 | 来源") is not part of the day.
            // A clock time that opens a window ("1/10()上午 10:00 起至 1/18") is part of it too.
            if t.skippingSpace(j) == j || t.match(["前", "之前", "以前", "止", "截止", "截稿", "起至", "起到"], at: t.skippingSpace(k)) != nil { j = k }
        }
        return (weekday, j)
    }

    /// 17:00, 24:00时, 5点, 5点半, 10时, 10时30分, 17时整.
    private func clockTime(at j: Int) -> Int? {
        // "1700時前": a 24-hour time as four digits, as Taiwan's forms write it, only with 时.
        if (0..<4).allSatisfy({ t.isDigit(j + $0) }), !t.isDigit(j + 4), t.has("时", at: j + 4),
           let hhmm = Int(t.folded(j..<(j + 4))), hhmm / 100 <= 24, hhmm % 100 < 60 {
            return j + 5
        }
        guard let h = Numerals.read(t, at: j, maxLength: 2), (0...24).contains(h.value), !h.isDigitString || !h.isChinese else { return nil }
        var k = j + h.length
        if t[k] == ":", t.isDigit(k + 1), t.isDigit(k + 2), !t.isDigit(k + 3) {
            k += 3
            if t.has("时", at: k) || t.has("点", at: k) { k += 1 }
        } else if t.has("时", at: t.skippingSpace(k)) || t.has("点", at: t.skippingSpace(k)) {
            k = t.skippingSpace(k) + 1
            let m0 = t.skippingSpace(k)
            if t.has("半", at: k) {
                k += 1
            } else if let m = Numerals.read(t, at: m0, maxLength: 2), t.has("分", at: t.skippingSpace(m0 + m.length)) {
                k = t.skippingSpace(m0 + m.length) + 1
            }
        } else {
            return nil
        }
        if t.has("整", at: k) { k += 1 }
        return k
    }

    /// True when a "." at `dot` ends an item number at the start of a line or clause ("3.").
    private func isItemNumber(endingAt dot: Int) -> Bool {
        var k = dot - 1
        guard t.isDigit(k) else { return false }
        while t.isDigit(k - 1), dot - k < 3 { k -= 1 }
        guard let before = t[k - 1] else { return true }
        return Cues.clauseSeparators.contains(before) || before == " " || before == ")" || before == "、"
    }

    /// N日 / N号, with N in 1…31.
    private func day(at j: Int) -> (Int, Int)? {
        guard let d = Numerals.read(t, at: j, maxLength: 3), (1...31).contains(d.value),
              !(d.isDigitString && d.isChinese)
        else { return nil }
        let k = j + d.length
        guard t.has("日", at: k) || t.has("号", at: k) else { return nil }
        return (d.value, k + 1)
    }

    /// 春节前, 国庆节前, 2025年春节前: only with a following 前/后/期间, which is what
    /// makes a festival name a time rather than the festival itself.
    private func festival(at i: Int, year: TimePoint.YearRef?) -> (TimePoint, Int)? {
        guard Festival.spellings.mayStand(in: t, at: i) else { return nil }
        for (w, f) in Festival.spellings where t.has(w, at: i) {
            var e = i + w.scalarCount
            // “十一”前: the name in quotes. 十一 alone is a number unless quoted.
            let quoted = t[e].map { "”\"’'".unicodeScalars.contains($0) } ?? false
            if w == "十一", !quoted && !(t[i - 1].map { "“\"‘'".unicodeScalars.contains($0) } ?? false) { continue }
            if quoted { e += 1 }
            // "春节(2月1日)前": the word after a gloss of the day (the scanner takes the gloss).
            guard let (w2, e2) = t.match(["前", "之前", "以前", "后", "以后", "放假期间", "期间", "假期", "连休", "放假", "长假", "黄金周", "当天", "当日",
                                          "来临前", "来临之前", "到来前", "到来之前"], at: glossEnd(at: e) ?? e)
            else { return nil }
            var p = TimePoint(year: year, festival: f)
            p.festivalWeek = (["放假期间", "期间", "假期", "长假", "黄金周"] as [StaticString]).contains { $0 == w2 }
            // "国庆放假期间": the holiday week, the words part of the expression.
            return (p, w2 == "放假期间" ? e2 : e)
        }
        return nil
    }
}
