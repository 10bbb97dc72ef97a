/// Reading numbers written in Arabic digits (already folded from full width) or in Chinese.
///
///     "2025"     → 2025 (4 digits)
///     "二〇二五" → 2025 (read digit by digit)
///     "十二"     → 12,  "廿五" → 25,  "两" → 2,  "三十一" → 31
struct Numeral: Equatable, Sendable {
    let value: Int
    /// Scalars consumed.
    let length: Int
    /// Written digit by digit (`2025`, `二〇二五`), the way years are written.
    let isDigitString: Bool
    let isChinese: Bool
}

enum Numerals {
    /// 〇 … 九 (and 零, ○, 两; Latin O inside a digit string), as a switch: no hashing per scalar.
    static func chineseDigit(_ u: Unicode.Scalar) -> Int? {
        switch u {
        case "〇", "○", "零", "O": 0
        case "一": 1
        case "二", "两": 2
        case "三": 3
        case "四": 4
        case "五": 5
        case "六": 6
        case "七": 7
        case "八": 8
        case "九": 9
        default: nil
        }
    }

    static func chineseUnit(_ u: Unicode.Scalar) -> Int? {
        switch u {
        case "十": 10
        case "百": 100
        case "千": 1000
        default: nil
        }
    }

    /// 廿 (20), 卅 (30).
    static func tens(_ u: Unicode.Scalar) -> Int? {
        switch u {
        case "廿": 20
        case "卅": 30
        default: nil
        }
    }

    static func isNumeralScalar(_ u: Unicode.Scalar) -> Bool {
        (u.value >= 0x30 && u.value <= 0x39) || (u != "O" && chineseDigit(u) != nil)
            || chineseUnit(u) != nil || tens(u) != nil
    }

    /// Reads the number that starts at `i`, at most `maxLength` scalars long.
    static func read(_ t: ScalarText, at i: Int, maxLength: Int = 8) -> Numeral? {
        guard let first = t[i] else { return nil }
        if first.value >= 0x30 && first.value <= 0x39 {
            var j = i
            var v = 0
            while j < t.count, j - i < maxLength, t.isDigit(j) {
                v = v &* 10 &+ Int(t.scalars[j].value - 0x30)
                j += 1
            }
            // A longer run of digits is an amount or a code, not a date part.
            if t.isDigit(j) { return nil }
            return Numeral(value: v, length: j - i, isDigitString: true, isChinese: false)
        }
        return readChinese(t, at: i, maxLength: maxLength)
    }

    /// A run of Chinese numerals, read where it stands: no array of its scalars is made
    /// (this runs at every numeral of the text, and 一 is everywhere).
    private static func readChinese(_ t: ScalarText, at i: Int, maxLength: Int) -> Numeral? {
        let s = t.scalars
        var j = i
        while j < s.count, j - i < maxLength {
            let u = s[j]
            // Latin "O" stands for 〇 only inside a digit string such as 二O二四.
            if u == "O" {
                if j == i { break }
            } else if !isNumeralScalar(u) {
                break
            }
            j += 1
        }
        while j > i, s[j - 1] == "O" { j -= 1 }
        guard j > i else { return nil }
        let run = i..<j
        let hasUnit = run.contains { chineseUnit(s[$0]) != nil || tens(s[$0]) != nil }
        if !hasUnit {
            // 二〇二五 — digit by digit; a lone digit is just itself.
            var v = 0
            for k in run {
                guard let d = chineseDigit(s[k]) else { return nil }
                v = v * 10 + d
            }
            return Numeral(value: v, length: run.count, isDigitString: run.count > 1, isChinese: true)
        }
        guard let v = positional(s, run) else { return nil }
        return Numeral(value: v, length: run.count, isDigitString: false, isChinese: true)
    }

    /// 十二 = 12, 二十 = 20, 一百零五 = 105, 廿三 = 23.
    private static func positional(_ s: [Unicode.Scalar], _ run: Range<Int>) -> Int? {
        var total = 0
        var pending: Int? = nil
        for k in run {
            let u = s[k]
            if let d = chineseDigit(u) {
                if d == 0 { continue }
                if pending != nil { return nil }  // 二三十: malformed
                pending = d
            } else if let unit = chineseUnit(u) {
                total += (pending ?? 1) * unit
                pending = nil
            } else if let t = tens(u) {
                if pending != nil || total != 0 { return nil }
                total = t
            }
        }
        return total + (pending ?? 0)
    }
}

/// Numbers as Chinese documents write them in headings and counts.
public enum ChineseNumber {
    /// The number a leading run of Arabic or Chinese digits spells, with how many Unicode
    /// scalars it took; nil when `text` does not start with one.
    ///
    ///     ChineseNumber.leading(in: "十二、加强监督")  // (12, 2)
    ///     ChineseNumber.leading(in: "(3)落实")        // nil — starts with "("
    public static func leading(in text: some StringProtocol) -> (value: Int, length: Int)? {
        let t = ScalarText(String(text.prefix(12)))
        guard let n = Numerals.read(t, at: 0, maxLength: 8) else { return nil }
        return (n.value, n.length)
    }
}
