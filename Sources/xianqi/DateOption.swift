import ArgumentParser
import ChineseDates
import Foundation

/// A day given on the command line (`--as-of`, `--ref`, `--to`, `--due-before`), in the forms a
/// Chinese office writes: 2024-11-21, 2024/11/21, 2024.11.21 or 2024年11月21日 (month and day
/// with or without a leading zero, full-width digits too).
///
/// Why not the date grammar: an option names one exact day, so a relative or partial form
/// ("年底前", "11月") must be refused, not resolved; and a day that cannot exist (2024-02-30)
/// must say so rather than be read as "not a date".
///
///     try DateOption.parse("2024年11月21日")   // 2024-11-21
enum DateOption {
    static let accepted = "2024-11-21, 2024/11/21, 2024.11.21, 2024年11月21日"

    /// The day `text` names; a `ValidationError` in Chinese and English otherwise.
    static func parse(_ text: String) throws -> CivilDate {
        guard let (year, month, day) = fields(of: text) else {
            throw ValidationError("无法识别的日期 “\(text)”，应为 \(accepted) 之一 (not a date: use one of these forms)")
        }
        guard (1...12).contains(month) else {
            throw ValidationError("日期不存在：“\(text)” 的月份应为 1–12 (no such date: the month must be 1–12)")
        }
        guard let date = CivilDate(year: year, month: month, day: day) else {
            let days = CivilDate.daysIn(month: month, year: year)
            throw ValidationError("日期不存在：\(year)年\(month)月只有 \(days) 天，没有 \(day) 日 (no such date: \(text); that month has \(days) days)")
        }
        return date
    }

    /// Year, month and day of `YYYY<s>M<s>D` with one separator `-`, `/` or `.`, or `YYYY年M月D日`.
    static func fields(of text: String) -> (Int, Int, Int)? {
        let folded = String(text.trimmingCharacters(in: .whitespaces).unicodeScalars.map { scalar -> Character in
            // Full-width digits and separators (２０２４／１１／２１) as typed with a Chinese IME.
            if (0xFF10...0xFF19).contains(scalar.value) || [0xFF0D, 0xFF0F, 0xFF0E].contains(scalar.value),
               let ascii = Unicode.Scalar(scalar.value - 0xFEE0) {
                return Character(ascii)
            }
            return Character(scalar)
        })
        var parts: [Substring]
        if folded.hasSuffix("日"), folded.contains("年"), folded.contains("月") {
            parts = folded.dropLast().split(omittingEmptySubsequences: false) { $0 == "年" || $0 == "月" }
        } else {
            guard let separator = folded.first(where: { "-/.".contains($0) }) else { return nil }
            parts = folded.split(separator: separator, omittingEmptySubsequences: false)
        }
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        return (y, m, d)
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
