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
            let (cut, width) = TextTable.fitted(text, to: limit)
            #expect(width == TextTable.displayWidth(cut))
        }
    }

    /// A table written from the cells held after measuring it is the table whose rows are made
    /// again to be written (a table over `heldBytes`), and what `render` gives, byte for byte:
    /// rows short of cells, line breaks, wide and cut cells, colours, blocks of any size.
    @Test(arguments: [0, 1, 64, 1 << 20])
    func heldCellsWriteTheSameTable(heldBytes: Int) {
        let headers = ["编号", "事项", "单位"]
        let rows: [[String]] = (0..<200).map { n in
            let text = Self.samples[n % Self.samples.count] + (n % 7 == 0 ? "\n第二行" : "")
            return n % 11 == 0 ? ["GX-\(n)"] : ["GX-\(n)", text, n % 3 == 0 ? "区财政局" : "县委巡察办"]
        }
        var table = TextTable(headers)
        for row in rows { table.append(row) }
        func streamed(held: Int, block: Int, colour: Bool) -> [UInt8] {
            var out: [UInt8] = []
            TextTable.stream(headers: headers, count: rows.count, maxWidth: 24, blockSize: block, heldBytes: held,
                             row: { rows[$0] }, style: colour ? { $0 % 2 == 0 ? "31" : nil } : nil) { out += $0 }
            return out
        }
        let plain = String(decoding: streamed(held: heldBytes, block: 100, colour: false), as: UTF8.self)
        #expect(plain == table.render(maxWidth: 24))
        #expect(streamed(held: heldBytes, block: 1 << 16, colour: true) == streamed(held: 0, block: 37, colour: true))
    }
}
