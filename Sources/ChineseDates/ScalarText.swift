/// Text as an array of Unicode scalars, normalised one scalar for one scalar so that
/// every offset in the normalised form is the same offset in the original.
///
/// Normalisation folds full-width ASCII (`２０２５`, `：`, `（`) to ASCII, the ideographic
/// space to a space, the several dashes used in ranges (`—`, `–`, `－`, `～`) to `-`/`~`, and
/// traditional characters to simplified (`個月內` → `个月内`, see `TraditionalScript`).
/// Spans reported to callers are offsets in Unicode scalars of the input.
struct ScalarText: Sendable {
    let original: [Unicode.Scalar]
    let scalars: [Unicode.Scalar]

    init(_ text: String) {
        original = Array(text.unicodeScalars)
        scalars = original.map(ScalarText.fold)
    }

    var count: Int { scalars.count }

    subscript(_ i: Int) -> Unicode.Scalar? {
        i >= 0 && i < scalars.count ? scalars[i] : nil
    }

    /// The original (unfolded) text of a span.
    func text(_ range: Range<Int>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: original[range.clamped(to: 0..<original.count)])
        return String(s)
    }

    /// The folded text of a span.
    func folded(_ range: Range<Int>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[range.clamped(to: 0..<scalars.count)])
        return String(s)
    }

    /// True when `literal` stands at `i`.
    func has(_ literal: String, at i: Int) -> Bool {
        guard i >= 0 else { return false }
        var j = i
        for u in literal.unicodeScalars {
            guard j < scalars.count, scalars[j] == u else { return false }
            j += 1
        }
        return true
    }

    /// The first of `literals` that stands at `i` (longest listed first wins), and its end.
    func match(_ literals: [String], at i: Int) -> (String, Int)? {
        for l in literals where has(l, at: i) {
            return (l, i + l.unicodeScalars.count)
        }
        return nil
    }

    /// True when `literal` ends exactly at `end` (exclusive).
    func has(_ literal: String, endingAt end: Int) -> Bool {
        has(literal, at: end - literal.unicodeScalars.count)
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
        case 0x3000:
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
