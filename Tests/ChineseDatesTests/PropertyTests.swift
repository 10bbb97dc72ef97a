import ChineseDates
import PropertyBased
import Testing

/// Whatever the input, the parser returns, and what it returns describes the input.
@Suite struct PropertyTests {
    /// Pieces of the grammar, mixed at random so that the generator reaches deep paths
    /// (ranges, carry-over, titles, cues) far more often than random scalars would.
    static let pieces: [String] = [
        "2024", "２０２５", "二〇二四", "年", "月", "日", "号", "底", "末", "初", "中", "旬", "上", "下", "前", "内",
        "以来", "至今", "至", "到", "-", "~", "、", "截至", "同期", "每", "按", "定期", "一", "二", "十", "廿", "两",
        "12", "31", "0", "9", "季度", "第", "Q4", "半年", "个月", "工作日", "计划", "力争", "已", "预计", "将于",
        "，", "。", ",", ";", "\n", "《", "》", "(", ")", "春节", "国庆", "元旦", "今年", "明年", "去年", "当年",
        "长期坚持", "常态化", "周汇总", "月调度", "近", "年内", "年底", "上半年", "本月", "下月", ".", "/",
        "👍", "\u{301}", "\u{0}", "\u{FFFD}", "𠀀", " ", "\u{3000}",
    ]

    static let soup = Gen<String?>.element(of: pieces).map { $0 ?? "" }.array(of: 0...40).map { $0.joined() }
    static let anyScalars = Gen<Character>.character(in: "\u{0}"..."\u{D7FF}").string(of: 0...80)
    static let cjkHeavy = Gen<Character>.character(in: "\u{3000}"..."\u{9FFF}").string(of: 0...80)

    static func checkInvariants(_ text: String, reference: CivilDate?) {
        let scalars = Array(text.unicodeScalars)
        var lastEnd = 0
        for e in DateParser(reference: reference).parse(text) {
            #expect(e.span.lowerBound >= lastEnd, "spans overlap or go back: \(e.span) in \(text.debugDescription)")
            #expect(e.span.upperBound <= scalars.count)
            #expect(!e.span.isEmpty)
            lastEnd = e.span.upperBound
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[e.span.clamped(to: 0..<scalars.count)])
            #expect(e.text == String(view))
            if let iv = e.interval { #expect(iv.start <= iv.end) }
            if let due = e.due, let iv = e.interval { #expect(due <= iv.end) }
            if e.kind != .deadline { #expect(e.due == nil) }
        }
        // Extraction sees the same expressions and never fails either.
        for clause in ClauseExtractor(reference: reference).extract(text) {
            #expect(clause.span.upperBound <= scalars.count)
            #expect(!clause.expressions.isEmpty)
        }
    }

    @Test func grammarSoupNeverBreaksTheParser() async {
        await propertyCheck(count: 400, input: Self.soup) { text in
            Self.checkInvariants(text, reference: CivilDate("2024-11-21"))
        }
    }

    @Test func arbitraryScalarsNeverBreakTheParser() async {
        await propertyCheck(count: 300, input: Self.anyScalars) { text in
            Self.checkInvariants(text, reference: CivilDate("2024-02-29"))
        }
    }

    @Test func chineseTextWithoutAReferenceNeverBreaksTheParser() async {
        await propertyCheck(count: 300, input: Self.cjkHeavy) { text in
            Self.checkInvariants(text, reference: nil)
        }
    }

    /// A single 10 MB line with no sentence end: parsed, in linear time, without a crash.
    @Test func aTenMegabyteLineIsParsed() {
        let prose = String(repeating: "认真落实整改责任切实推动问题整改到位", count: 20)
        let unit = prose + "计划2024年10月底确定设计单位"
        let count = 10_000_000 / unit.utf8.count
        let text = String(repeating: unit, count: count)
        let found = DateParser(reference: CivilDate("2024-11-21")).parse(text)
        #expect(found.count == count)
        #expect(found.last?.span.upperBound ?? 0 <= text.unicodeScalars.count)
    }

    @Test func emptyInputHasNoExpressions() {
        #expect(DateParser(reference: nil).parse("").isEmpty)
        #expect(ClauseExtractor(reference: nil).extract("").isEmpty)
        #expect(DocumentDate.find(in: "") == nil)
    }
}
