/// One time expression found in Chinese text, with what it means.
///
///     let parser = DateParser(reference: CivilDate("2024-11-21"))
///     let e = parser.parse("计划于2025年10月底前完成全部整改")[0]
///     e.text       // "2025年10月底前"
///     e.kind       // .deadline
///     e.due        // 2025-10-31
///     e.flags      // [.planned]
public struct DateExpression: Hashable, Sendable {
    /// The expression exactly as written, including its modifiers (`力争`, `底前`, `以来`).
    public let text: String
    /// Offsets in Unicode scalars of the parsed input, half-open.
    public let span: Range<Int>
    public let meaning: Meaning
    /// How finely the text names the time; nil for cadences and ongoing work.
    public let precision: Precision?
    /// The inclusive interval of days the expression names, once resolved; nil when it
    /// names none (a cadence, ongoing work, an unanchored duration) or cannot be resolved
    /// (a relative year with no reference date).
    public let interval: DayRange?
    public let flags: Flags
    /// For a "since" whose start the text does not date ("巡视整改以来", "近年来"): the
    /// reference date it runs up to. nil otherwise.
    public let runsUntil: CivilDate?

    public init(text: String, span: Range<Int>, meaning: Meaning, precision: Precision?,
                interval: DayRange?, flags: Flags, runsUntil: CivilDate? = nil) {
        self.text = text
        self.span = span
        self.meaning = meaning
        self.precision = precision
        self.interval = interval
        self.flags = flags
        self.runsUntil = runsUntil
    }

    public var kind: Kind { meaning.kind }

    /// The first day named, where known.
    public var start: CivilDate? { interval?.start }

    /// The last day named, where known; for a "since" with an undated start, the reference date.
    public var end: CivilDate? { interval?.end ?? runsUntil }

    /// For a deadline, the last day on which the target is still met on time.
    public var due: CivilDate? {
        if case .deadline(let due) = meaning { return due }
        return nil
    }
}

extension DateExpression {
    /// What an expression says about time.
    public enum Meaning: Hashable, Sendable {
        /// A target to meet; `due` is the last day still on time (nil when unresolved).
        case deadline(due: CivilDate?)
        /// A dated fact or scheduled occurrence that is not a target: "2024年9月30日开业".
        case event
        /// A period running from a start up to now: "2019年以来", "8月12日至今".
        case since
        /// A point at which something is measured: "截至2024年8月", "截至目前".
        case asOf
        /// A recurring rhythm: "每月", "日报告、周汇总、月调度", "定期".
        case cadence(Cadence)
        /// Work with no end: "长期坚持", "常态化".
        case ongoing
        /// A span not anchored to a date of the text: "材料形成3个工作日内移交".
        case duration(Span)

        public var kind: Kind {
            switch self {
            case .deadline: .deadline
            case .event: .event
            case .since: .since
            case .asOf: .asOf
            case .cadence: .cadence
            case .ongoing: .ongoing
            case .duration: .duration
            }
        }
    }

    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        case deadline, event, since
        case asOf = "asof"
        case cadence, ongoing, duration
    }

    public enum Precision: String, Hashable, Sendable, Codable, Comparable {
        case day, xun, month, quarter, half, year

        private var rank: Int {
            switch self {
            case .day: 0
            case .xun: 1
            case .month: 2
            case .quarter: 3
            case .half: 4
            case .year: 5
            }
        }

        public static func < (a: Precision, b: Precision) -> Bool { a.rank < b.rank }
    }

    /// Qualifiers that do not change the kind.
    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        /// 力争/争取/力求: a target the owner strives for.
        public static let aspirational = Flags(rawValue: 1 << 0)
        /// 计划/预计/拟/将于/下一步: announced as planned.
        public static let planned = Flags(rawValue: 1 << 1)
        /// 已/已于/已经: reported as done.
        public static let done = Flags(rawValue: 1 << 2)
        /// The interval is a range written with 至/到/-.
        public static let range = Flags(rawValue: 1 << 3)
        /// The year was not written: taken from context or the reference date.
        public static let inferredYear = Flags(rawValue: 1 << 4)
        /// Resolved relative to the reference date (今年, 3个月内).
        public static let relative = Flags(rawValue: 1 << 5)
        /// 前后/左右/约: the date is approximate.
        public static let approximate = Flags(rawValue: 1 << 6)
        /// 同期: names a period for comparison ("较2023年同期增长").
        public static let comparison = Flags(rawValue: 1 << 7)
        /// Counted in working days (个工作日).
        public static let workingDays = Flags(rawValue: 1 << 8)
        /// 立行立改/即知即改: to be put right at once; due on the reference date.
        public static let immediate = Flags(rawValue: 1 << 9)

        static let names: [(Flags, String)] = [
            (.aspirational, "aspirational"), (.planned, "planned"), (.done, "done"),
            (.range, "range"), (.inferredYear, "inferred-year"), (.relative, "relative"),
            (.approximate, "approximate"), (.comparison, "comparison"), (.workingDays, "working-days"),
            (.immediate, "immediate"),
        ]

        /// Stable names, in a fixed order, as used in JSON output.
        public var names: [String] {
            Flags.names.compactMap { contains($0.0) ? $0.1 : nil }
        }
    }

    /// A rhythm such as "每月" or "周汇总".
    public struct Cadence: Hashable, Sendable {
        /// nil for "定期" (regularly, period unnamed).
        public let period: Period?
        /// How many periods between occurrences ("双周" = 2 weeks).
        public let every: Int

        public init(period: Period?, every: Int = 1) {
            self.period = period
            self.every = every
        }
    }

    public enum Period: String, Hashable, Sendable, Codable {
        case day, week, xun, month, quarter, half, year
    }

    /// An amount of time: "3个月", "10个工作日", "两年"; "1个月18天" and "五个半月" (a month
    /// and a half is a month and 15 days) carry `days` after the amount.
    public struct Span: Hashable, Sendable {
        public let amount: Int
        public let unit: Unit
        /// Calendar days after `amount` units (0 for most spans).
        public let days: Int

        public init(amount: Int, unit: Unit, days: Int = 0) {
            self.amount = amount
            self.unit = unit
            self.days = days
        }

        public enum Unit: String, Hashable, Sendable, Codable {
            case minute, hour, day, workday, week, month, year
        }

        /// The last day of a span that starts on `start` (inclusive of `start` itself:
        /// "3日内" from the 1st ends on the 3rd). Working days count Monday to Friday here;
        /// callers with a holiday calendar use `WorkdayCalendar`.
        public func lastDay(from start: CivilDate) -> CivilDate {
            switch unit {
            case .minute, .hour: return start
            case .day: return start.adding(days: max(0, amount + days - 1))
            case .week: return start.adding(days: max(0, amount * 7 + days - 1))
            case .month: return start.adding(months: amount).adding(days: days - 1)
            case .year: return start.adding(months: 12 * amount).adding(days: days - 1)
            case .workday:
                var d = start
                var left = amount
                while true {
                    if d.weekday <= 5 {
                        left -= 1
                        if left <= 0 { return d }
                    }
                    d = d.adding(days: 1)
                }
            }
        }
    }
}
