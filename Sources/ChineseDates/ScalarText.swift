/// Text as an array of Unicode scalars, normalised one scalar for one scalar so that
/// every offset in the normalised form is the same offset in the original.
///
/// Normalisation folds full-width ASCII (`２０２５`, `：`, `（`) to ASCII, the ideographic
/// space to a space, the several dashes used in ranges (`—`, `–`, `－`, `～`) to `-`/`~`, and
/// traditional characters to simplified (`個月內` → `个月内`, see `TraditionalScript`).
/// Spans reported to callers are offsets in Unicode scalars of the input.
///
/// For the date grammar the text can also drop the spaces that PDF extraction and careless
/// typing leave inside dates ("2025 年 3 月底前", "12 月 28 日前"): a run of spaces between
/// a digit or a date unit (年月日号) and a digit, a date unit or a date word (底, 前, 旬 …)
/// is removed, and `origin` maps each remaining scalar back to its offset in the input.
struct ScalarText: Sendable {
    let original: [Unicode.Scalar]
    let scalars: [Unicode.Scalar]
    /// The input offset of each scalar of `scalars`, when spaces were dropped; nil when the
    /// two are the same.
    let origin: [Int]?

    init(_ text: String, droppingSpacesInDates: Bool = false) {
        original = Array(text.unicodeScalars)
        let folded = original.map(ScalarText.fold)
        guard droppingSpacesInDates, let compact = ScalarText.dropSpacesInDates(folded) else {
            scalars = folded
            origin = nil
            return
        }
        scalars = compact.scalars
        origin = compact.origin
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

    private static func isSpace(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\u{A0}" || u == "\t" }
    private static let chineseNumerals: Set<UInt32> = Set("〇○零一二三四五六七八九十两廿卅".unicodeScalars.map(\.value))
    /// Arabic or Chinese numerals: "二〇二五 年 三 月" loses its spaces as "2025 年 3 月" does.
    private static func isDigit(_ u: Unicode.Scalar) -> Bool { (u.value >= 0x30 && u.value <= 0x39) || chineseNumerals.contains(u.value) }

    /// The scalars without the spaces inside dates, with their input offsets; nil when the
    /// text has none.
    private static func dropSpacesInDates(_ s: [Unicode.Scalar]) -> (scalars: [Unicode.Scalar], origin: [Int])? {
        var drop: [Range<Int>] = []
        var i = 1
        while i < s.count {
            guard isSpace(s[i]) else { i += 1; continue }
            var j = i
            while j < s.count, isSpace(s[j]) { j += 1 }
            if j < s.count, j - i <= 3 {
                let before = s[i - 1], after = s[j]
                let beforeIsDate = isDigit(before) || dateUnits.contains(before.value)
                let afterIsDate = isDigit(after) || dateFollowers.contains(after.value)
                // "到 2025年", "截止: 2019-06-18": a date after its modifier.
                let modifierThenDigits = datePrefixes.contains(before.value) && isDigit(after)
                if (beforeIsDate && afterIsDate && !(isDigit(before) && isDigit(after))) || modifierThenDigits {
                    drop.append(i..<j)
                }
            }
            i = j
        }
        guard !drop.isEmpty else { return nil }
        var scalars: [Unicode.Scalar] = []
        var origin: [Int] = []
        scalars.reserveCapacity(s.count)
        origin.reserveCapacity(s.count)
        var k = 0
        for r in drop {
            while k < r.lowerBound { scalars.append(s[k]); origin.append(k); k += 1 }
            k = r.upperBound
        }
        while k < s.count { scalars.append(s[k]); origin.append(k); k += 1 }
        return (scalars, origin)
    }

    subscript(_ i: Int) -> Unicode.Scalar? {
        i >= 0 && i < scalars.count ? scalars[i] : nil
    }

    /// The original (unfolded) text of a span of `scalars`, spaces included.
    func text(_ range: Range<Int>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: original[originalRange(range).clamped(to: 0..<original.count)])
        return String(s)
    }

    /// The folded text of a span.
    func folded(_ range: Range<Int>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[range.clamped(to: 0..<scalars.count)])
        return String(s)
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
    func match(_ literals: [StaticString], at i: Int) -> (String, Int)? {
        guard i >= 0, i < scalars.count else { return nil }
        for l in literals where has(l, at: i) {
            return (l.description, i + ScalarText.scalarCount(l))
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
struct WordList: Sendable, Sequence, ExpressibleByArrayLiteral {
    let words: [StaticString]
    private let mask: (UInt64, UInt64, UInt64, UInt64)

    init(_ words: [StaticString]) {
        self.words = words
        var m: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for w in words {
            let v = w.hasPointerRepresentation
                ? w.withUTF8Buffer { ScalarText.decode($0, at: 0).0 }
                : w.unicodeScalar.value
            let bit = UInt64(1) << UInt64(v & 63)
            switch (v >> 6) & 3 {
            case 0: m.0 |= bit
            case 1: m.1 |= bit
            case 2: m.2 |= bit
            default: m.3 |= bit
            }
        }
        mask = m
    }

    init(arrayLiteral elements: StaticString...) { self.init(elements) }

    static func + (a: WordList, b: WordList) -> WordList { WordList(a.words + b.words) }

    func makeIterator() -> IndexingIterator<[StaticString]> { words.makeIterator() }

    /// False when no word of the list starts with `u`; true when one may.
    @inline(__always)
    func mayStart(with u: Unicode.Scalar) -> Bool {
        let v = u.value
        let bit = UInt64(1) << UInt64(v & 63)
        switch (v >> 6) & 3 {
        case 0: return mask.0 & bit != 0
        case 1: return mask.1 & bit != 0
        case 2: return mask.2 & bit != 0
        default: return mask.3 & bit != 0
        }
    }
}

extension ScalarText {
    /// The first word of `list` that stands at `i`, and its end.
    func match(_ list: WordList, at i: Int) -> (String, Int)? {
        guard i >= 0, i < scalars.count, list.mayStart(with: scalars[i]) else { return nil }
        return match(list.words, at: i)
    }

    /// True when a word of `list` stands at `i`.
    @inline(__always)
    func hasAny(_ list: WordList, at i: Int) -> Bool {
        guard i >= 0, i < scalars.count, list.mayStart(with: scalars[i]) else { return false }
        return list.words.contains { has($0, at: i) }
    }
}
