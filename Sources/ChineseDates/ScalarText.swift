/// Text as an array of Unicode scalars, normalised one scalar for one scalar so that
/// every offset in the normalised form is the same offset in the original.
///
/// Normalisation folds full-width ASCII (`２０２５`, `：`, `（`) to ASCII, the angle brackets
/// `〈〉` to round ones, 杪 (a period's end: "月杪") to 底, the ideographic space to a space, the several dashes used in ranges (`—`, `–`, `－`, `～`) to `-`/`~`, and
/// traditional characters to simplified (`個月內` → `个月内`, see `TraditionalScript`).
/// Spans reported to callers are offsets in Unicode scalars of the input.
///
/// For the date grammar the text can also drop the spaces that PDF extraction and careless
/// typing leave inside dates ("2025 年 3 月底前", "12 月 28 日前"): a run of spaces between
/// a digit or a date unit (年月日号) and a digit, a date unit or a date word (底, 前, 旬 …)
/// is removed, and `origin` maps each remaining scalar back to its offset in the input.
/// So are the pinyin glosses that some mirrors put after characters ("時(shí)間", "國務(wù)院"):
/// a bracket of lowercase Latin letters, tone marks included, right after a Han character.
struct ScalarText: Sendable {
    let original: [Unicode.Scalar]
    let scalars: [Unicode.Scalar]
    /// The input offset of each scalar of `scalars`, when spaces were dropped; nil when the
    /// two are the same.
    let origin: [Int]?
    /// The offsets of the spaces of `scalars` (see `isSpace`), kept when `origin` is nil
    /// for `droppingSpacesInDates()`.
    private let spaces: [Int]
    /// The offsets of the opening brackets "(" right after a Han character, likewise.
    private let opens: [Int]

    init(_ text: String, droppingSpacesInDates: Bool = false) {
        var text = text
        let (original, folded, spaces, opens) = text.withUTF8 { ScalarText.decodeAndFold($0) }
        self.original = original
        guard droppingSpacesInDates, let compact = ScalarText.dropSpacesInDates(folded, spaces: spaces, opens: opens) else {
            scalars = folded
            origin = nil
            self.spaces = droppingSpacesInDates ? [] : spaces
            self.opens = droppingSpacesInDates ? [] : opens
            return
        }
        scalars = compact.scalars
        origin = compact.origin
        self.spaces = []
        self.opens = []
    }

    private init(original: [Unicode.Scalar], scalars: [Unicode.Scalar], origin: [Int]?) {
        self.original = original
        self.scalars = scalars
        self.origin = origin
        spaces = []
        opens = []
    }

    /// This text with the spaces inside dates dropped, as `init(_:droppingSpacesInDates: true)`
    /// makes it, without decoding the input again (the clause extractor reads both forms).
    func droppingSpacesInDates() -> ScalarText {
        precondition(origin == nil, "spaces already dropped")
        guard let compact = ScalarText.dropSpacesInDates(scalars, spaces: spaces, opens: opens) else {
            return ScalarText(original: original, scalars: scalars, origin: nil)
        }
        return ScalarText(original: original, scalars: compact.scalars, origin: compact.origin)
    }

    var count: Int { scalars.count }

    /// The input offsets of a span of `scalars`.
    func originalRange(_ range: Range<Int>) -> Range<Int> {
        guard let origin, !range.isEmpty else {
            guard let origin else { return range }
            let at = range.lowerBound < origin.count ? origin[range.lowerBound] : original.count
            return at..<at
        }
        let lo = origin[min(range.lowerBound, origin.count - 1)]
        let hi = range.upperBound - 1 < origin.count ? origin[range.upperBound - 1] + 1 : original.count
        return lo..<hi
    }

    private static let dateUnits: Set<UInt32> = Set("年月日号".unicodeScalars.map(\.value))
    private static let dateFollowers: Set<UInt32> = Set("年月日号底末初中上下旬前内以之起至到份度季个天周小".unicodeScalars.map(\.value))
    /// Before a date: its modifier or label ("到 2025年", "截止: 2019-06-18", "征求意见的时间 2023年…",
    /// "限期 1 个月").
    private static let datePrefixes: Set<UInt32> = Set("到至于在止为:间期限予".unicodeScalars.map(\.value))

    private static let relativeWords: Set<UInt32> = Set("今明去本次当".unicodeScalars.map(\.value))

    private static func isSpace(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\u{A0}" || u == "\t" }
    private static let chineseNumerals: Set<UInt32> = Set("〇○零一二三四五六七八九十两廿卅".unicodeScalars.map(\.value))
    /// Arabic or Chinese numerals: "二〇二五 年 三 月" loses its spaces as "2025 年 3 月" does.
    private static func isDigit(_ u: Unicode.Scalar) -> Bool { (u.value >= 0x30 && u.value <= 0x39) || chineseNumerals.contains(u.value) }

    /// The scalars without the spaces inside dates, with their input offsets; nil when the
    /// text has none. `spaces` are the offsets of the spaces of `s` (see `isSpace`), in order:
    /// Chinese text has few, and only their runs are looked at.
    private static func dropSpacesInDates(_ s: [Unicode.Scalar], spaces: [Int], opens: [Int]) -> (scalars: [Unicode.Scalar], origin: [Int])? {
        var drop: [Range<Int>] = []
        let glosses = opens.compactMap { pinyinGloss(in: s, at: $0) }
        var p = 0
        while p < spaces.count {
            // A run of spaces after the first scalar: spaces[p]..<j.
            let i = spaces[p]
            guard i >= 1 else { p += 1; continue }
            var q = p
            while q + 1 < spaces.count, spaces[q + 1] == spaces[q] + 1 { q += 1 }
            let j = spaces[q] + 1
            p = q + 1
            if j < s.count, j - i <= 3 {
                let before = s[i - 1], after = s[j]
                let beforeIsDate = isDigit(before) || dateUnits.contains(before.value)
                let afterIsDate = isDigit(after) || dateFollowers.contains(after.value)
                // "到 2025年", "截止: 2019-06-18": a date after its modifier.
                let modifierThenDigits = datePrefixes.contains(before.value) && (isDigit(after) || relativeWords.contains(after.value))
                // Two numbers stay apart ("2024 2025"), but a text spaced out character by
                // character keeps its Chinese numerals whole: "九 月 三 十 日 前".
                let apart = isDigit(before) && isDigit(after)
                    && !(chineseNumerals.contains(before.value) && chineseNumerals.contains(after.value))
                // "今 年 九 月": a relative word and its unit.
                let relativeThenUnit = relativeWords.contains(before.value) && dateUnits.contains(after.value)
                if (beforeIsDate && afterIsDate && !apart) || modifierThenDigits || relativeThenUnit {
                    drop.append(i..<j)
                }
            }
        }
        if !glosses.isEmpty {
            // Both lists are in order and never overlap (a gloss holds no space).
            drop = (drop + glosses).sorted { $0.lowerBound < $1.lowerBound }
        }
        guard !drop.isEmpty else { return nil }
        // Written straight into their storage: this copies the whole text.
        var origin: [Int] = []
        let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: s.count) { out, n in
            origin = [Int](unsafeUninitializedCapacity: s.count) { from, fn in
                var m = 0
                var k = 0
                func keep(upTo end: Int) {
                    while k < end {
                        out.initializeElement(at: m, to: s[k])
                        from.initializeElement(at: m, to: k)
                        m += 1
                        k += 1
                    }
                }
                for r in drop {
                    keep(upTo: r.lowerBound)
                    k = r.upperBound
                }
                keep(upTo: s.count)
                fn = m
            }
            n = origin.count
        }
        return (scalars, origin)
    }

    private static let pinyinLetters: Set<UInt32> = Set("abcdefghijklmnopqrstuvwxyzāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".unicodeScalars.map(\.value))

    /// "(shí)" after 時: the bracket at `i` and its letters, if they are a pinyin syllable.
    private static func pinyinGloss(in s: [Unicode.Scalar], at i: Int) -> Range<Int>? {
        var j = i + 1
        while j < s.count, j - i <= 7, pinyinLetters.contains(s[j].value) { j += 1 }
        guard j > i + 1, j < s.count, s[j] == ")" else { return nil }
        return i..<(j + 1)
    }

    subscript(_ i: Int) -> Unicode.Scalar? {
        i >= 0 && i < scalars.count ? scalars[i] : nil
    }

    /// The original (unfolded) text of a span of `scalars`, spaces included.
    func text(_ range: Range<Int>) -> String {
        ScalarText.string(originalScalars(range))
    }

    /// The original (unfolded) scalars of a span of `scalars`, spaces included.
    func originalScalars(_ range: Range<Int>) -> ArraySlice<Unicode.Scalar> {
        original[originalRange(range).clamped(to: 0..<original.count)]
    }

    /// The folded text of a span.
    func folded(_ range: Range<Int>) -> String {
        ScalarText.string(scalars[range.clamped(to: 0..<scalars.count)])
    }

    /// A String of `scalars`, encoded straight into its storage (appending scalars to a
    /// `String.UnicodeScalarView` one by one costs thousands of instructions per expression).
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(unsafeUninitializedCapacity: scalars.count * 4) { out in
            var n = 0
            for u in scalars {
                UTF8.encode(u) { byte in
                    out[n] = byte
                    n += 1
                }
            }
            return n
        }
    }

    /// `i`, or past one space (ASCII or ideographic) there.
    func skippingSpace(_ i: Int) -> Int {
        guard let u = self[i], u == " " || u == "\u{3000}" else { return i }
        return i + 1
    }

    /// `i`, or before one space (ASCII or ideographic) that ends there: for a word that ends
    /// at `i` with a space between ("期限為 1/17").
    func skippingSpaceBackward(_ i: Int) -> Int {
        guard let u = self[i - 1], u == " " || u == "\u{3000}" else { return i }
        return i - 1
    }

    /// True when `literal` stands at `i`. The grammar's words are static strings, compared
    /// by decoding their UTF-8 as they go: no String is made or walked on the hot path, and
    /// the first scalar that differs (the usual case) ends the comparison.
    @inline(__always)
    func has(_ literal: StaticString, at i: Int) -> Bool {
        guard i >= 0, i < scalars.count else { return false }
        // A one-scalar literal may be stored as the scalar itself.
        guard literal.hasPointerRepresentation else { return scalars[i] == literal.unicodeScalar }
        // Most comparisons fail on the first scalar: decode only that before the loop.
        let start = literal.utf8Start
        let (first, _) = ScalarText.decode(UnsafeBufferPointer(start: start, count: literal.utf8CodeUnitCount), at: 0)
        guard scalars[i].value == first else { return false }
        return literal.withUTF8Buffer { bytes in
            var j = i
            var k = 0
            while k < bytes.count {
                let (v, n) = ScalarText.decode(bytes, at: k)
                guard j < scalars.count, scalars[j].value == v else { return false }
                j += 1
                k += n
            }
            return true
        }
    }

    /// The scalars of well-formed UTF-8 (a String's) and their folded forms, decoded in one
    /// pass without the String's index machinery. Most scalars fold to themselves, which a
    /// bit test tells (`FoldingBits`) before `fold` is asked.
    /// Also returns where the folded text has a space (see `isSpace`).
    static func decodeAndFold(_ b: UnsafeBufferPointer<UInt8>) -> (original: [Unicode.Scalar], folded: [Unicode.Scalar], spaces: [Int], opens: [Int]) {
        var folded: [Unicode.Scalar] = []
        var spaces: [Int] = []
        var opens: [Int] = []
        let original = [Unicode.Scalar](unsafeUninitializedCapacity: b.count) { o, on in
            folded = [Unicode.Scalar](unsafeUninitializedCapacity: b.count) { f, fn in
                ScalarText.folding.bits.withUnsafeBufferPointer { bits in
                    var k = 0
                    var m = 0
                    var found: [Int] = []
                    var brackets: [Int] = []
                    var afterHan = false
                    while k < b.count {
                        let b0 = UInt32(b[k])
                        let v: UInt32
                        if b0 < 0x80 {
                            v = b0
                            k += 1
                        } else if b0 >= 0xE0, b0 < 0xF0 {  // the BMP beyond U+07FF: all of CJK
                            v = (b0 & 0x0F) << 12 | UInt32(b[k + 1] & 0x3F) << 6 | UInt32(b[k + 2] & 0x3F)
                            k += 3
                        } else {
                            let (w, len) = decode(b, at: k)
                            v = w
                            k += len
                        }
                        let u = Unicode.Scalar(v) ?? "\u{FFFD}"
                        o.initializeElement(at: m, to: u)
                        let changes = v >= 0x10000 || bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0
                        let g = changes ? fold(u) : u
                        f.initializeElement(at: m, to: g)
                        if isSpace(g) { found.append(m) }
                        if g == "(", afterHan { brackets.append(m) }
                        afterHan = v >= 0x3400 && v < 0xA000
                        m += 1
                    }
                    fn = m
                    spaces = found
                    opens = brackets
                }
            }
            on = folded.count
        }
        return (original, folded, spaces, opens)
    }

    /// One scalar of well-formed UTF-8 (a static string's), and its length in bytes.
    @inline(__always)
    static func decode(_ b: UnsafeBufferPointer<UInt8>, at k: Int) -> (UInt32, Int) {
        let b0 = UInt32(b[k])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(b[k + 1] & 0x3F), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(b[k + 1] & 0x3F) << 6 | UInt32(b[k + 2] & 0x3F), 3) }
        return ((b0 & 0x07) << 18 | UInt32(b[k + 1] & 0x3F) << 12 | UInt32(b[k + 2] & 0x3F) << 6 | UInt32(b[k + 3] & 0x3F), 4)
    }

    /// How many Unicode scalars a static string holds.
    static func scalarCount(_ literal: StaticString) -> Int {
        guard literal.hasPointerRepresentation else { return 1 }
        return literal.withUTF8Buffer { bytes in bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }
    }

    /// The first of `literals` that stands at `i` (longest listed first wins), and its end.
    /// The word is returned as the static string it is: no String is made for it.
    func match(_ literals: [StaticString], at i: Int) -> (StaticString, Int)? {
        guard i >= 0, i < scalars.count else { return nil }
        for l in literals where has(l, at: i) {
            return (l, i + ScalarText.scalarCount(l))
        }
        return nil
    }

    /// True when `text` (a word not known at compile time) stands at `i`.
    func hasText(_ text: String, at i: Int) -> Bool {
        guard i >= 0 else { return false }
        var j = i
        for u in text.unicodeScalars {
            guard j < scalars.count, scalars[j] == u else { return false }
            j += 1
        }
        return true
    }

    /// The first of `words` (not known at compile time) that stands at `i`, and its end.
    func matchText(_ words: [String], at i: Int) -> (String, Int)? {
        for w in words where hasText(w, at: i) { return (w, i + w.unicodeScalars.count) }
        return nil
    }

    /// True when `literal` ends exactly at `end` (exclusive).
    func has(_ literal: StaticString, endingAt end: Int) -> Bool {
        has(literal, at: end - ScalarText.scalarCount(literal))
    }

    func isDigit(_ i: Int) -> Bool {
        guard let c = self[i] else { return false }
        return c.value >= 0x30 && c.value <= 0x39
    }

    func isHan(_ i: Int) -> Bool {
        guard let c = self[i] else { return false }
        return c.properties.isIdeographic
    }

    /// One bit per BMP scalar that `fold` changes (full-width forms, dashes, traditional
    /// characters): simplified text, nearly all of a report, is passed over with a bit test
    /// instead of the switch and the traditional table's search.
    struct FoldingBits: Sendable {
        fileprivate private(set) var bits = [UInt64](repeating: 0, count: 1024)

        init() {
            var candidates: [UInt32] = [0xA0, 0x3000, 0x301C, 0x2212, 0xFE58, 0xFE63, 0x3008, 0x3009, 0x676A]
            candidates += Array(0x2010...0x2015) + Array(0xFF01...0xFF5E)
            candidates += TraditionalScriptTable.keys.filter { $0 < 0x10000 }
            for v in candidates {
                guard let u = Unicode.Scalar(v), ScalarText.fold(u) != u else { continue }
                bits[Int(v >> 6)] |= 1 << UInt64(v & 63)
            }
        }

        /// False when `fold(u) == u` for certain.
        @inline(__always)
        func mayChange(_ u: Unicode.Scalar) -> Bool {
            let v = u.value
            return v >= 0x10000 || bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0
        }
    }

    static let folding = FoldingBits()

    /// The normalised form of one scalar.
    static func fold(_ u: Unicode.Scalar) -> Unicode.Scalar {
        if u.isASCII { return u }
        switch u.value {
        case 0xFF01...0xFF5E:  // full-width ASCII block
            return Unicode.Scalar(u.value - 0xFEE0) ?? u
        case 0x3000, 0xA0:
            return " "
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63:  // hyphens, en/em dashes, minus
            return "-"
        case 0x301C:  // wave dash 〜
            return "~"
        case 0x3008:  // 〈, as Taiwan's forms bracket a weekday: "5/14〈一〉"
            return "("
        case 0x3009:  // 〉
            return ")"
        case 0x676A:  // 杪, the end of a period in Hong Kong and Macau writing ("月杪", "年杪"), as 底
            return "底"
        default:
            return TraditionalScript.simplified(u)
        }
    }
}

extension StaticString {
    /// How many Unicode scalars the literal holds.
    var scalarCount: Int { ScalarText.scalarCount(self) }

    /// Byte-wise equality of two literals.
    static func == (a: StaticString, b: StaticString) -> Bool {
        a.withUTF8Buffer { x in b.withUTF8Buffer { y in x.elementsEqual(y) } }
    }

    /// For `switch` over a matched word.
    static func ~= (pattern: StaticString, value: StaticString) -> Bool { pattern == value }

    func hasPrefix(_ p: StaticString) -> Bool {
        withUTF8Buffer { x in p.withUTF8Buffer { y in x.starts(with: y) } }
    }

    func hasSuffix(_ p: StaticString) -> Bool {
        withUTF8Buffer { x in p.withUTF8Buffer { y in x.count >= y.count && x.suffix(y.count).elementsEqual(y) } }
    }
}

/// A list of the grammar's words with a 256-bit filter of their first scalars, so that a
/// position no word can start at is passed over with a shift and a mask instead of a
/// comparison per word.
///
/// Why hand-written: the lists are short (2 to 60 words) and searched at nearly every anchor
/// position, so the matcher is compiled once per list into what the comparison needs, the
/// words' scalars decoded into one flat array: a word whose first scalar differs costs one
/// integer comparison, and no UTF-8 is decoded, no String made and nothing hashed per position.
/// The first match in list order wins, as the grammar's lists are ordered (longest first).
struct WordList: Sendable, Sequence, ExpressibleByArrayLiteral {
    let words: [StaticString]
    private let mask: (UInt64, UInt64, UInt64, UInt64)
    /// The same filter over the words' last scalars, for words that must end at a place.
    private let lastMask: (UInt64, UInt64, UInt64, UInt64)
    /// The scalars of every word, one after the other; word `k` is `flat[bounds[k]..<bounds[k + 1]]`.
    private let flat: [UInt32]
    private let bounds: [Int]
    /// The words' first scalars in ascending order, and for each the index of its word; words
    /// with the same first scalar stay in list order. A binary search finds the words that
    /// can stand at a position.
    private let sortedHeads: [UInt32]
    private let sortedWords: [Int]

    init(_ words: [StaticString]) {
        self.words = words
        var flat: [UInt32] = []
        var bounds = [0]
        for w in words {
            if w.hasPointerRepresentation {
                w.withUTF8Buffer { b in
                    var k = 0
                    while k < b.count {
                        let (v, n) = ScalarText.decode(b, at: k)
                        flat.append(v)
                        k += n
                    }
                }
            } else {
                flat.append(w.unicodeScalar.value)
            }
            bounds.append(flat.count)
        }
        self.flat = flat
        self.bounds = bounds
        let order = words.indices.sorted { (flat[bounds[$0]], $0) < (flat[bounds[$1]], $1) }
        sortedHeads = order.map { flat[bounds[$0]] }
        sortedWords = order
        var m: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var l: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        func set(_ m: inout (UInt64, UInt64, UInt64, UInt64), _ v: UInt32) {
            let bit = UInt64(1) << UInt64(v & 63)
            switch (v >> 6) & 3 {
            case 0: m.0 |= bit
            case 1: m.1 |= bit
            case 2: m.2 |= bit
            default: m.3 |= bit
            }
        }
        for w in words {
            guard w.hasPointerRepresentation else {
                set(&m, w.unicodeScalar.value)
                set(&l, w.unicodeScalar.value)
                continue
            }
            w.withUTF8Buffer { b in
                set(&m, ScalarText.decode(b, at: 0).0)
                var k = b.count - 1
                while k > 0, b[k] & 0xC0 == 0x80 { k -= 1 }
                set(&l, ScalarText.decode(b, at: k).0)
            }
        }
        mask = m
        lastMask = l
    }

    init(arrayLiteral elements: StaticString...) { self.init(elements) }

    static func + (a: WordList, b: WordList) -> WordList { WordList(a.words + b.words) }

    func makeIterator() -> IndexingIterator<[StaticString]> { words.makeIterator() }

    /// False when no word of the list starts with `u`; true when one may.
    @inline(__always)
    func mayStart(with u: Unicode.Scalar) -> Bool { WordList.test(mask, u) }

    /// False when no word of the list ends with `u`; true when one may.
    @inline(__always)
    func mayEnd(with u: Unicode.Scalar) -> Bool { WordList.test(lastMask, u) }

    /// The index of the first word (in list order) that stands at `i` of `t`.
    func firstIndex(in t: ScalarText, at i: Int) -> Int? {
        let s = t.scalars
        guard i >= 0, i < s.count else { return nil }
        let u = s[i].value
        guard WordList.test(mask, s[i]) else { return nil }
        return flat.withUnsafeBufferPointer { f in
            bounds.withUnsafeBufferPointer { b in
                s.withUnsafeBufferPointer { text in
                    sortedHeads.withUnsafeBufferPointer { h in
                        sortedWords.withUnsafeBufferPointer { order in
                            var low = 0
                            var high = h.count
                            while low < high {
                                let mid = (low &+ high) &>> 1
                                if h[mid] < u { low = mid &+ 1 } else { high = mid }
                            }
                            // The words that start with `u`, in list order.
                            var p = low
                            while p < h.count, h[p] == u {
                                let k = order[p]
                                p += 1
                                let lo = b[k], n = b[k + 1] - lo
                                guard i + n <= text.count else { continue }
                                var m = 1
                                while m < n, text[i + m].value == f[lo + m] { m += 1 }
                                if m == n { return k }
                            }
                            return nil
                        }
                    }
                }
            }
        }
    }

    /// The index of the first word (in list order) that ends exactly at `end` (exclusive).
    func firstIndex(in t: ScalarText, endingAt end: Int) -> Int? {
        let s = t.scalars
        guard end >= 1, end <= s.count, WordList.test(lastMask, s[end - 1]) else { return nil }
        return flat.withUnsafeBufferPointer { f in
            bounds.withUnsafeBufferPointer { b in
                s.withUnsafeBufferPointer { text in
                    for k in 0..<(b.count - 1) {
                        let lo = b[k], n = b[k + 1] - lo
                        let start = end - n
                        guard start >= 0 else { continue }
                        var m = 0
                        while m < n, text[start + m].value == f[lo + m] { m += 1 }
                        if m == n { return k }
                    }
                    return nil
                }
            }
        }
    }

    /// How many scalars word `k` holds.
    @inline(__always)
    func length(_ k: Int) -> Int { bounds[k + 1] - bounds[k] }

    @inline(__always)
    private static func test(_ m: (UInt64, UInt64, UInt64, UInt64), _ u: Unicode.Scalar) -> Bool {
        let v = u.value
        let bit = UInt64(1) << UInt64(v & 63)
        switch (v >> 6) & 3 {
        case 0: return m.0 & bit != 0
        case 1: return m.1 & bit != 0
        case 2: return m.2 & bit != 0
        default: return m.3 & bit != 0
        }
    }
}

/// Words that each carry a value (`("今年", .relative(0))`), with the first- and last-scalar
/// filters of a `WordList`: a search that no word can satisfy at a position ends there with a
/// mask test, before the list is walked.
struct TaggedWords<Value: Sendable>: Sendable, Sequence, ExpressibleByArrayLiteral {
    let entries: [(StaticString, Value)]
    let filter: WordList

    init(_ entries: [(StaticString, Value)]) {
        self.entries = entries
        filter = WordList(entries.map(\.0))
    }

    init(arrayLiteral elements: (StaticString, Value)...) { self.init(elements) }

    func makeIterator() -> IndexingIterator<[(StaticString, Value)]> { entries.makeIterator() }

    /// The first entry whose word stands at `i`, in list order.
    @inline(__always)
    func first(in t: ScalarText, at i: Int) -> (StaticString, Value)? {
        filter.firstIndex(in: t, at: i).map { entries[$0] }
    }

    /// The first entry whose word ends exactly at `end` (exclusive), in list order.
    @inline(__always)
    func first(in t: ScalarText, endingAt end: Int) -> (StaticString, Value)? {
        filter.firstIndex(in: t, endingAt: end).map { entries[$0] }
    }

    /// False when no word of the list can stand at `i`.
    @inline(__always)
    func mayStand(in t: ScalarText, at i: Int) -> Bool {
        guard let u = t[i] else { return false }
        return filter.mayStart(with: u)
    }

    /// False when no word of the list can end at `end` (exclusive).
    @inline(__always)
    func mayEnd(in t: ScalarText, at end: Int) -> Bool {
        guard let u = t[end - 1] else { return false }
        return filter.mayEnd(with: u)
    }
}

extension ScalarText {
    /// The first word of `list` that stands at `i`, and its end.
    @inline(__always)
    func match(_ list: WordList, at i: Int) -> (StaticString, Int)? {
        guard let k = list.firstIndex(in: self, at: i) else { return nil }
        return (list.words[k], i + list.length(k))
    }

    /// True when a word of `list` ends exactly at `end` (exclusive).
    @inline(__always)
    func hasAny(_ list: WordList, endingAt end: Int) -> Bool {
        list.firstIndex(in: self, endingAt: end) != nil
    }

    /// True when a word of `list` stands at `i`.
    @inline(__always)
    func hasAny(_ list: WordList, at i: Int) -> Bool {
        list.firstIndex(in: self, at: i) != nil
    }
}
