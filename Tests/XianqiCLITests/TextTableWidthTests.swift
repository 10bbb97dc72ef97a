@testable import TextLayout
import Testing

/// The width of a text read from its bytes is the sum of its scalars' widths, at the edges
/// of the ranges the byte test takes (CJK Unified Ideographs from U+4E00, Extension A and the
/// hexagrams before it, wide punctuation, marks, emoji, controls).
@Suite struct TextTableWidthTests {
    static let samples: [String] = [
        "", "GX-20", "推进XX项目建设", "\u{4DBF}\u{4DC0}\u{4DFF}\u{4E00}\u{9FFF}\u{A000}", "区财政局（牵头）",
        "e\u{0301}", "\u{200B}零宽", "😀整改", "ｘｙｚ１２３", "tab\there", "한국어", "\u{3000}全角空格", "\u{7F}\u{1}",
        "α β γ", "〇一二", String(repeating: "整改措施", count: 30),
    ]

    @Test(arguments: samples)
    func widthFromBytesIsTheSumOfScalarWidths(text: String) {
        #expect(TextTable.displayWidth(text) == text.unicodeScalars.reduce(0) { $0 + TextTable.width(of: $1) })
    }

    @Test(arguments: samples)
    func fittedWidthIsTheWidthOfTheFittedText(text: String) {
        for limit in [1, 5, 10, 40] {
            #expect(TextTable.fittedWidth(text, to: limit) == TextTable.fitted(text, to: limit).width)
        }
    }
}
