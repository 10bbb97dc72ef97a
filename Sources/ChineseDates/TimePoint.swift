/// A point in the calendar as written, before its year is known:
/// "10月底" is `month: 10, part: .late` with no year.
struct TimePoint: Hashable, Sendable {
    enum YearRef: Hashable, Sendable {
        /// 2024年, 二〇二四年.
        case absolute(Int)
        /// 今年 (0), 明年/次年 (+1), 去年/上年 (-1): relative to the reference date.
        case relative(Int)
        /// 当年/同年/本年/年内 (0), 次年/翌年 (+1): relative to the year in context, else to
        /// the reference year.
        case context(Int)
    }

    /// A part of the year or of the month.
    enum Part: Hashable, Sendable {
        /// 初: the first ten days of a month, or January of a year.
        case early
        /// 中: the middle ten days of a month, or June of a year.
        case middle
        /// 底/末: the last ten days of a month, or December of a year.
        case late
        /// 上旬/中旬/下旬 (1…3).
        case xun(Int)
        /// 第N季度 (1…4).
        case quarter(Int)
        /// 季度末: the last month of a quarter.
        case quarterEnd(Int)
        /// 上半年 (1), 下半年 (2).
        case half(Int)
        /// 前三季度: from January 1 to the end of quarter N.
        case firstQuarters(Int)
        /// 前两个月, 1-9月: from January 1 to the end of month N.
        case firstMonths(Int)
        /// 一、二季度: quarters N through M.
        case quarters(Int, Int)
        /// 上中旬 (1, 2), 中下旬 (2, 3): ten-day parts N through M of a month.
        case xuns(Int, Int)
        /// 秋冬季, 汛期, 今冬明春 …: months of the year, perhaps running into the next.
        case season(Season)
        /// “十四五”期间: the year and the N-1 after it.
        case years(Int)
    }

    /// Seasons and periods named by custom. The months are this project's convention
    /// (docs/date-grammar.md): 秋冬季 is the air-pollution season of October to March.
    enum Season: Hashable, Sendable {
        case spring, summer, autumn, winter, autumnWinter, flood, mainFlood, winterSpring, yearTurn

        static let spellings: TaggedWords<Season> = [
            ("秋冬季", .autumnWinter), ("今冬明春", .winterSpring), ("岁末年初", .yearTurn), ("年末岁初", .yearTurn),
            ("主汛期", .mainFlood), ("汛期", .flood), ("春季", .spring), ("夏季", .summer), ("秋季", .autumn),
            ("冬季", .winter),
        ]

        /// First and last month; a last month before the first is in the next year.
        var months: (Int, Int) {
            switch self {
            case .spring: (3, 5)
            case .summer: (6, 8)
            case .autumn: (9, 11)
            case .winter: (12, 2)
            case .autumnWinter: (10, 3)
            case .flood: (6, 9)
            case .mainFlood: (7, 8)
            case .winterSpring: (12, 5)
            case .yearTurn: (12, 1)
            }
        }

        var crossesYear: Bool { months.1 < months.0 }
    }

    var year: YearRef?
    var month: Int?
    /// 本月 (0), 下月/次月 (+1), 上月 (-1).
    var monthRelative: Int?
    var day: Int?
    var part: Part?
    var festival: Festival?
    /// "国庆期间", "春节假期": the holiday week the festival opens, not its day.
    var festivalWeek = false
    /// The weekday written beside a day ("(星期五)", "（周日）"), ISO 1…7: it picks the year
    /// when none is written.
    var weekday: Int?
    /// 今天 (0), 明天 (+1), 昨天 (-1), 前天 (-2): days from the reference date.
    var dayRelative: Int?
    /// 本季度 (0), 下季度 (+1), 上季度 (-1): quarters from the reference date's, the part
    /// (`.quarter` or `.quarterEnd`) saying whether the whole quarter or its last month.
    var quarterRelative: Int?
    /// 本周 (0), 下周 (+1), 上周 (-1): weeks from the reference date's week (Monday first);
    /// with `weekday`, that day of it.
    var weekRelative: Int?
    /// A day written alone ("15日召开", "25日前"): its month is the reference month or a
    /// neighbour of it, chosen as the year is.
    var dayOnly = false
    /// 当月: the month of the sentence's last date, else the reference month.
    var monthFromContext = false

    var precision: DateExpression.Precision {
        if day != nil || festival != nil || dayRelative != nil || weekday != nil { return .day }
        if weekRelative != nil { return .day }
        switch part {
        case .xun?: return .xun
        case .early?, .middle?, .late?: return (month != nil || monthRelative != nil) ? .xun : .month
        case .quarter?, .firstQuarters?, .quarters?: return .quarter
        case .quarterEnd?, .firstMonths?, .season?: return .month
        case .years?: return .year
        case .xuns?: return .xun
        case .half?: return .half
        case nil: return (month != nil || monthRelative != nil) ? .month : .year
        }
    }

    /// True when the point names a part of a larger unit (底, 旬, 季度, 半年, a day): "前"
    /// after it means "by the end of it"; after a plain month or year, "before it starts".
    var isPartOrDay: Bool { day != nil || part != nil || dayRelative != nil || weekRelative != nil }

    /// The inclusive interval this point names in `year`, or nil when the point names
    /// a festival whose date is not known for that year.
    func interval(inYear y: Int, referenceMonth: (year: Int, month: Int)?) -> DayRange? {
        var year = y
        var month = self.month
        if let rel = monthRelative, let ref = referenceMonth {
            let first = CivilDate.firstDay(year: ref.year, month: ref.month + rel)
            year = first.year
            month = first.month
        }
        var quarter: Int?
        if let rel = quarterRelative, let ref = referenceMonth {
            let first = CivilDate.firstDay(year: ref.year, month: (ref.month - 1) / 3 * 3 + 1 + 3 * rel)
            year = first.year
            quarter = (first.month - 1) / 3 + 1
        }
        if let f = festival {
            guard let d = f.date(inYear: year) else { return nil }
            if festivalWeek, let week = f.holidayWeek(around: d) { return week }
            return .day(d)
        }
        if let m = month {
            guard (1...12).contains(m) else { return nil }
            let first = CivilDate.firstDay(year: year, month: m)
            let last = CivilDate.lastDay(year: year, month: m)
            if let d = day {
                guard let date = CivilDate(year: year, month: m, day: d) else { return nil }
                return .day(date)
            }
            switch part {
            case .early?, .xun(1)?:
                return DayRange(start: first, end: first.adding(days: 9))
            case .middle?, .xun(2)?:
                return DayRange(start: first.adding(days: 10), end: first.adding(days: 19))
            case .late?, .xun(3)?:
                return DayRange(start: first.adding(days: 20), end: last)
            case .xuns(let a, let b)?:
                return DayRange(start: first.adding(days: 10 * (a - 1)), end: b == 3 ? last : first.adding(days: 10 * b - 1))
            default:
                return DayRange(start: first, end: last)
            }
        }
        func months(_ a: Int, _ b: Int) -> DayRange {
            DayRange(start: CivilDate.firstDay(year: year, month: a), end: CivilDate.lastDay(year: year, month: b))
        }
        switch part {
        case .early?: return months(1, 1)
        case .middle?: return months(6, 6)
        case .late?: return months(12, 12)
        case .quarter(let q)?:
            let q = quarter ?? q
            return months(3 * q - 2, 3 * q)
        case .quarterEnd(let q)?:
            let q = quarter ?? q
            return months(3 * q, 3 * q)
        case .half(let h)?: return months(6 * h - 5, 6 * h)
        case .firstQuarters(let q)?: return months(1, 3 * q)
        case .firstMonths(let n)?: return months(1, n)
        case .quarters(let a, let b)?: return months(3 * a - 2, 3 * b)
        case .season(let season)?:
            let (a, b) = season.months
            return DayRange(start: CivilDate.firstDay(year: year, month: a),
                            end: CivilDate.lastDay(year: season.crossesYear ? year + 1 : year, month: b))
        case .years(let n)?:
            return DayRange(start: CivilDate.firstDay(year: year, month: 1), end: CivilDate.lastDay(year: year + n - 1, month: 12))
        case .xun?, .xuns?: return nil
        case nil: return months(1, 12)
        }
    }
}

/// Festivals and the school terms used as anchors ("春节前", "国庆节前", "开学前").
enum Festival: String, Hashable, Sendable, CaseIterable {
    case newYear = "元旦"
    case springFestival = "春节"
    case qingming = "清明"
    case labourDay = "劳动节"
    case dragonBoat = "端午"
    case midAutumn = "中秋"
    case nationalDay = "国庆"
    /// 秋季开学: the school year starts on September 1 (by convention: the day varies by
    /// province by a few days), so "秋季开学前" is by August 31.
    case autumnTerm = "秋季开学"
    /// 春季开学: the spring term, taken as March 1 ("春季开学前" by the end of February).
    case springTerm = "春季开学"
    /// 开学 with no term named: the term that starts next after the reference date (or, for
    /// a fact, the last that started by then); the autumn term when a year is written. The
    /// resolver puts one of the two terms in its place (`Resolver.resolve`).
    case schoolTerm = "开学"
    /// Days of a fixed date: 植树节 (March 12), 妇女节 (March 8), 青年节 (May 4), 儿童节
    /// (June 1), 建党节 (July 1), 建军节 (August 1), 教师节 (September 10), 圣诞节 (December 25).
    case treePlanting = "植树节"
    case womensDay = "妇女节"
    case youthDay = "青年节"
    case childrensDay = "儿童节"
    case partyDay = "建党节"
    case armyDay = "建军节"
    case teachersDay = "教师节"
    case christmas = "圣诞节"

    /// Names as written, longest first so that "国庆节" wins over "国庆".
    static let spellings: TaggedWords<Festival> = [
        ("国庆节", .nationalDay), ("劳动节", .labourDay), ("五一节", .labourDay), ("清明节", .qingming),
        ("端午节", .dragonBoat), ("中秋节", .midAutumn), ("春节", .springFestival), ("元旦", .newYear),
        ("国庆", .nationalDay), ("十一", .nationalDay), ("五一", .labourDay), ("清明", .qingming), ("端午", .dragonBoat),
        ("中秋", .midAutumn), ("农历新年", .springFestival), ("农历年", .springFestival), ("旧历年", .springFestival),
        ("春季学期开学", .springTerm), ("春季开学", .springTerm), ("秋季学期开学", .autumnTerm), ("秋季开学", .autumnTerm),
        ("开学", .schoolTerm), ("植树节", .treePlanting), ("三八妇女节", .womensDay), ("妇女节", .womensDay),
        ("五四青年节", .youthDay), ("青年节", .youthDay), ("六一儿童节", .childrensDay), ("儿童节", .childrensDay),
        ("建党节", .partyDay), ("建军节", .armyDay), ("教师节", .teachersDay), ("圣诞节", .christmas),
    ]

    /// The seven days people mean by "国庆期间" and "春节期间" (October 1–7; the eve of the
    /// Spring Festival to its sixth day), by custom. The official holiday of a given year,
    /// with its 调休, is in the holiday data file, not here. nil for the one-day festivals.
    func holidayWeek(around day: CivilDate) -> DayRange? {
        switch self {
        case .nationalDay: return DayRange(start: day, end: day.adding(days: 6))
        case .springFestival: return DayRange(start: day.adding(days: -1), end: day.adding(days: 5))
        default: return nil
        }
    }

    /// The month and day of a festival of a fixed date; nil for the lunisolar ones and 清明.
    var fixedDay: (month: Int, day: Int)? {
        switch self {
        case .newYear: (1, 1)
        case .labourDay: (5, 1)
        case .nationalDay: (10, 1)
        case .autumnTerm, .schoolTerm: (9, 1)
        case .springTerm: (3, 1)
        case .treePlanting: (3, 12)
        case .womensDay: (3, 8)
        case .youthDay: (5, 4)
        case .childrensDay: (6, 1)
        case .partyDay: (7, 1)
        case .armyDay: (8, 1)
        case .teachersDay: (9, 10)
        case .christmas: (12, 25)
        case .springFestival, .qingming, .dragonBoat, .midAutumn: nil
        }
    }

    /// The festival's day in a Gregorian year, where known.
    func date(inYear y: Int) -> CivilDate? {
        guard let (m, d) = fixedDay ?? LunisolarDays.table[self]?[y] else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }
}

/// Gregorian dates of the lunisolar festivals and of 清明 (a solar term), 2000–2030. These
/// are astronomical calendar facts, not holiday arrangements (which are official data and
/// live in Config/holidays-cn.toml); each lunisolar date lies within a day of a mean new
/// moon (+4 days for 端午, +14 for 中秋), checked when the years before 2015 were added.
/// Outside these years a festival anchor is left unresolved rather than guessed.
enum LunisolarDays {
    static let table: [Festival: [Int: (Int, Int)]] = [
        .springFestival: [
            2000: (2, 5), 2001: (1, 24), 2002: (2, 12), 2003: (2, 1), 2004: (1, 22), 2005: (2, 9), 2006: (1, 29),
            2007: (2, 18), 2008: (2, 7), 2009: (1, 26), 2010: (2, 14), 2011: (2, 3), 2012: (1, 23), 2013: (2, 10),
            2014: (1, 31), 2015: (2, 19), 2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25),
            2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17),
            2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 3),
        ],
        .qingming: [
            2000: (4, 4), 2001: (4, 5), 2002: (4, 5), 2003: (4, 5), 2004: (4, 4), 2005: (4, 5), 2006: (4, 5),
            2007: (4, 5), 2008: (4, 4), 2009: (4, 4), 2010: (4, 5), 2011: (4, 5), 2012: (4, 4), 2013: (4, 4),
            2014: (4, 5), 2015: (4, 5), 2016: (4, 4), 2017: (4, 4), 2018: (4, 5), 2019: (4, 5), 2020: (4, 4),
            2021: (4, 4), 2022: (4, 5), 2023: (4, 5), 2024: (4, 4), 2025: (4, 4), 2026: (4, 5),
            2027: (4, 5), 2028: (4, 4), 2029: (4, 4), 2030: (4, 5),
        ],
        .dragonBoat: [
            2000: (6, 6), 2001: (6, 25), 2002: (6, 15), 2003: (6, 4), 2004: (6, 22), 2005: (6, 11), 2006: (5, 31),
            2007: (6, 19), 2008: (6, 8), 2009: (5, 28), 2010: (6, 16), 2011: (6, 6), 2012: (6, 23), 2013: (6, 12),
            2014: (6, 2), 2015: (6, 20), 2016: (6, 9), 2017: (5, 30), 2018: (6, 18), 2019: (6, 7), 2020: (6, 25),
            2021: (6, 14), 2022: (6, 3), 2023: (6, 22), 2024: (6, 10), 2025: (5, 31), 2026: (6, 19),
            2027: (6, 9), 2028: (5, 28), 2029: (6, 16), 2030: (6, 5),
        ],
        .midAutumn: [
            2000: (9, 12), 2001: (10, 1), 2002: (9, 21), 2003: (9, 11), 2004: (9, 28), 2005: (9, 18), 2006: (10, 6),
            2007: (9, 25), 2008: (9, 14), 2009: (10, 3), 2010: (9, 22), 2011: (9, 12), 2012: (9, 30), 2013: (9, 19),
            2014: (9, 8), 2015: (9, 27), 2016: (9, 15), 2017: (10, 4), 2018: (9, 24), 2019: (9, 13), 2020: (10, 1),
            2021: (9, 21), 2022: (9, 10), 2023: (9, 29), 2024: (9, 17), 2025: (10, 6), 2026: (9, 25),
            2027: (9, 15), 2028: (10, 3), 2029: (9, 22), 2030: (9, 12),
        ],
    ]
}
