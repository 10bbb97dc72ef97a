/// Which of the grammar's readers can start at a scalar: one table lookup per position of
/// the text instead of trying every reader and every word there.
///
/// Why a hand-built table: a position of running text is almost never the start of a date,
/// and most readers fail on their first scalar. `Scanner` used to try all twenty of them at
/// each trigger scalar (一, 上, 中, 年 … are everywhere), each comparing its words one by one.
/// The table is built once from the readers' own word lists (so a word added to a list is an
/// anchor without more ado), and it may only ever say "may start" too often, never too
/// rarely: a reader whose bit is clear would have returned nil at that position anyway, so
/// skipping it changes no result.
///
/// Layout: a flat `[UInt8]` over the Basic Multilingual Plane gives each scalar a class, and
/// the class its set of `Anchor` bits. 64 KiB of classes, of which running text touches the
/// few cache lines of the CJK block it uses; scalars above the BMP start nothing.
struct Anchor: OptionSet, Sendable {
    let rawValue: UInt32

    /// A scalar `Numerals.read` can start at: an ASCII digit or a Chinese numeral.
    static let number = Anchor(rawValue: 1 << 0)
    /// An ASCII digit: ISO, European and run-together dates.
    static let digit = Anchor(rawValue: 1 << 1)
    static let relativeDay = Anchor(rawValue: 1 << 2)
    static let relativeWeek = Anchor(rawValue: 1 << 3)
    static let planPeriod = Anchor(rawValue: 1 << 4)
    /// 今年, 本年 … (and, with `number`, written years).
    static let yearWord = Anchor(rawValue: 1 << 5)
    /// 年底, 秋冬季, 上半年, 第三季度 … without a year.
    static let yearPartAlone = Anchor(rawValue: 1 << 6)
    /// 元月, 本月, 下月 … (and, with `number`, numbered months).
    static let monthWord = Anchor(rawValue: 1 << 7)
    static let festival = Anchor(rawValue: 1 << 8)
    /// Rhythm readers: 截至目前, 立行立改, 长期坚持, 每月, 为期三个月.
    static let now = Anchor(rawValue: 1 << 9)
    static let immediate = Anchor(rawValue: 1 << 10)
    static let ongoing = Anchor(rawValue: 1 << 11)
    static let cadence = Anchor(rawValue: 1 << 12)
    static let span = Anchor(rawValue: 1 << 13)
    /// The scanner's trigger set: every scalar an expression may start with (see `Scanner`).
    static let trigger = Anchor(rawValue: 1 << 14)
    /// Where clauses end (`Cues.clauseSeparators`).
    static let clauseSeparator = Anchor(rawValue: 1 << 15)
    /// Where sentences end (`Cues.sentenceSeparators`).
    static let sentenceSeparator = Anchor(rawValue: 1 << 16)
    /// What a point reader that starts at a number wants right after it: a unit (2024年,
    /// 10月, 30日, 5号, 3季度) or a separator (2024-11-21, 27.08., 1-9月, 7至15日, 一、二季度).
    static let afterPointNumber = Anchor(rawValue: 1 << 17)
    /// What a span that starts at a number wants right after it: a unit (3个月, 10天, 两年),
    /// 多 (40多天) or the separator of two amounts (三到五年).
    static let afterSpanNumber = Anchor(rawValue: 1 << 18)
    /// What may stand second in a point that starts with a word rather than a number: the
    /// second scalar of every word of the point readers (今年, 本周, 秋冬季, 国庆, 元月 …), the
    /// parts after 年 (年底, 年中, 年内), 半 (上半年), and numerals and digits (十四五, 第三季度,
    /// 前三季度, Q3).
    static let afterPointWord = Anchor(rawValue: 1 << 19)

    /// The second scalar of every word of the rhythm readers that are only words: 截至目前,
    /// 目前, 立行立改, 长期坚持 ….
    static let afterRhythmWord = Anchor(rawValue: 1 << 20)
    /// 本季度, 下季度, 季度末前.
    static let relativeQuarter = Anchor(rawValue: 1 << 21)
    static let rhythmWords: Anchor = [.now, .immediate, .ongoing]

    /// The point readers that start with a word.
    static let pointWords: Anchor = [.relativeDay, .relativeWeek, .relativeQuarter, .planPeriod, .yearWord, .yearPartAlone,
                                     .monthWord, .festival]

    /// Every point reader: `PointGrammar.read` returns nil where none of these is set.
    static let anyPoint: Anchor = [.number, .digit, .relativeDay, .relativeWeek, .relativeQuarter, .planPeriod, .yearWord,
                                   .yearPartAlone, .monthWord, .festival]
    /// Every rhythm reader: `RhythmGrammar.read` returns nil where none of these is set.
    static let anyRhythm: Anchor = [.now, .immediate, .ongoing, .cadence, .span]
}

/// The class table behind `Anchor`, built once.
struct AnchorTable: Sendable {
    /// The class of each BMP scalar; 0 for a scalar that starts nothing.
    private let classes: [UInt8]
    /// The anchors of each class.
    private let anchors: [UInt32]

    static let shared = AnchorTable()

    /// Longer than any number a reader starts with (at most 9 digits, in `runTogether`): a run
    /// of numerals this long starts no point or span, and is not looked at further, which keeps
    /// a text of nothing but numerals linear.
    static let longestNumber = 12

    /// The scalar after the run of numerals at `i` (Latin O counted inside a run, as in
    /// 二O二四), and the run's length, up to `longestNumber`. Every reader that starts at a
    /// number reads at most this run and then asks for what follows it; none accepts a numeral
    /// there, so a reader whose follower is not the one after the whole run fails anyway.
    @inline(__always)
    func numberRun(at i: Int, in s: [Unicode.Scalar]) -> (length: Int, follower: Unicode.Scalar?) {
        var j = i
        while j < s.count, j - i < AnchorTable.longestNumber {
            let u = s[j]
            guard anchors(of: u).contains(.number) || (u == "O" && j > i) else { break }
            j += 1
        }
        return (j - i, j < s.count ? s[j] : nil)
    }

    @inline(__always)
    func anchors(of u: Unicode.Scalar) -> Anchor {
        let v = u.value
        guard v < 0x10000 else { return [] }
        return Anchor(rawValue: anchors[Int(classes[Int(v)])])
    }

    /// The first position from `i` on where an expression may start: a trigger scalar, and
    /// not a digit right after a digit (no expression starts inside a number: every reader
    /// wants a non-digit before it). `s.count` when there is none.
    func nextTrigger(in s: [Unicode.Scalar], from i: Int) -> Int {
        s.withUnsafeBufferPointer { s in
            classes.withUnsafeBufferPointer { classes in
                anchors.withUnsafeBufferPointer { anchors in
                    var i = i
                    while i < s.count {
                        let v = s[i].value
                        if v < 0x10000, anchors[Int(classes[Int(v)])] & Anchor.trigger.rawValue != 0,
                           !(v &- 0x30 < 10 && i > 0 && s[i - 1].value &- 0x30 < 10) {
                            return i
                        }
                        i += 1
                    }
                    return i
                }
            }
        }
    }

    private init() {
        var bits: [UInt32: UInt32] = [:]
        func add(_ a: Anchor, _ scalars: some Sequence<Unicode.Scalar>) {
            for u in scalars { bits[u.value, default: 0] |= a.rawValue }
        }
        func add(_ a: Anchor, words: some Sequence<StaticString>) {
            for w in words { add(a, [AnchorTable.firstScalar(w)]) }
        }
        func add(_ a: Anchor, _ text: String) { add(a, text.unicodeScalars) }

        add(.digit, "0123456789")
        // Digits and Chinese numerals (〇 and ○ included): whatever `Numerals.read` starts at
        // (`Numerals.isNumeralScalar`; a test checks the two agree on every BMP scalar).
        let numbers = "0123456789〇○零一二两三四五六七八九十百千廿卅".unicodeScalars
        add(.number, numbers)
        add(.relativeDay, words: PointGrammar.relativeDays.map(\.0))
        add(.relativeWeek, words: PointGrammar.relativeWeeks)
        add(.relativeWeek, "周星礼")  // "周六(14日)": a weekday with its day glossed
        add(.relativeQuarter, words: PointGrammar.relativeQuarters.map(\.0))
        add(.relativeQuarter, "季")  // 季度末前
        add(.planPeriod, "十")
        add(.yearWord, words: PointGrammar.yearWords.map(\.0))
        // 年底/年中/年内; seasons; 上半年/下半年; quarters: Q3, 前三季度, 第三季度 (and numbers).
        add(.yearPartAlone, "年上下Qq前第")
        add(.yearPartAlone, words: TimePoint.Season.spellings.map(\.0))
        add(.monthWord, "元月")  // 月: "月底前" with no month (PointGrammar.isMonthPartAlone)
        add(.monthWord, words: PointGrammar.monthWords)
        add(.festival, words: Festival.spellings.map(\.0))

        add(.now, words: RhythmGrammar.nowWords)
        add(.now, "目")
        add(.immediate, words: RhythmGrammar.immediateWords)
        add(.ongoing, words: RhythmGrammar.ongoingWords)
        // 每, 按, 不定期, 定期, 半月一, 日产日清, 双周/隔月, 一月一调度, and a period word after a boundary.
        add(.cadence, "每按不定半日周月双隔一逐季次逢")  // 季后7日, 次月十五日内, 逢周三
        add(.cadence, words: RhythmGrammar.periods.map(\.0))
        // 近年来; a prefix (为期, 共); 半年/半个月; an amount.
        add(.span, "近多半")
        add(.span, words: RhythmGrammar.spanPrefixes)
        add(.span, numbers)

        add(.trigger, Scanner.triggerScalars)
        add(.afterPointNumber, "年月日号季-/.~至到、·•・")
        func addSecond(_ a: Anchor, words: some Sequence<StaticString>) {
            for w in words {
                let s = ScalarText(w.description).original
                if s.count > 1 { add(a, [s[1]]) }
            }
        }
        addSecond(.afterPointWord, words: PointGrammar.relativeDays.map(\.0))
        addSecond(.afterPointWord, words: PointGrammar.relativeWeeks.words)
        add(.afterPointWord, "期拜")  // 星期, 礼拜
        addSecond(.afterPointWord, words: PointGrammar.relativeQuarters.map(\.0))
        addSecond(.afterPointWord, words: PointGrammar.yearWords.map(\.0))
        addSecond(.afterPointWord, words: TimePoint.Season.spellings.map(\.0))
        addSecond(.afterPointWord, words: PointGrammar.monthWords.words)
        addSecond(.afterPointWord, words: Festival.spellings.map(\.0))
        add(.afterPointWord, "月底末初内中半前后上下度午")  // 前/后: "汛前", "汛后"
        add(.afterPointWord, numbers)
        add(.afterPointWord, "(（")  // 昨（22）日
        addSecond(.afterRhythmWord, words: RhythmGrammar.nowWords.words + ["目前"])
        addSecond(.afterRhythmWord, words: RhythmGrammar.immediateWords.words)
        addSecond(.afterRhythmWord, words: RhythmGrammar.ongoingWords.words)
        add(.afterSpanNumber, "多到至-~")
        add(.afterSpanNumber, words: RhythmGrammar.spanUnits.map(\.0))
        add(.clauseSeparator, "。!?！？\n\r,;:，；：")
        add(.sentenceSeparator, "。!?！？\n\r")

        var classOf: [UInt32: UInt8] = [0: 0]
        var anchors: [UInt32] = [0]
        var classes = [UInt8](repeating: 0, count: 0x10000)
        for (v, b) in bits.sorted(by: { $0.key < $1.key }) where v < 0x10000 {
            let c: UInt8
            if let known = classOf[b] {
                c = known
            } else {
                precondition(anchors.count < 256, "more anchor classes than a byte holds")
                c = UInt8(anchors.count)
                classOf[b] = c
                anchors.append(b)
            }
            classes[Int(v)] = c
        }
        self.classes = classes
        self.anchors = anchors
    }

    private static func firstScalar(_ w: StaticString) -> Unicode.Scalar {
        guard w.hasPointerRepresentation else { return w.unicodeScalar }
        return w.withUTF8Buffer { Unicode.Scalar(ScalarText.decode($0, at: 0).0)! }
    }
}
