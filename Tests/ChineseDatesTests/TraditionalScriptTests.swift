import CorpusTestSupport
import Foundation
import Testing

@testable import ChineseDates

/// Traditional script reads exactly as simplified: the same expressions, meanings and spans,
/// with the text as written. The traditional spellings are made here from a list of pairs this
/// file states (simplified, traditional), not by the fold under test.
@Suite struct TraditionalScriptTests {
    static let reference = CivilDate(year: 2024, month: 11, day: 21)!

    /// Simplified → traditional, as a reader of traditional script writes them.
    static let pairs = """
        个個 内內 长長 坚堅 时時 间間 为為 周週 节節 国國 庆慶 于於 号號 计計 划劃 预預 争爭 实實 现現 达達
        两兩 办辦 结結 发發 布佈 统統 报報 调調 开開 专專 项項 数數 据據 确確 验驗 来來 问問 题題 级級 标標
        准準 将將 馈饋 盖蓋 后後 进進 设設 单單 门門 务務 会會 区區 对對 汇彙 历歷 余餘 干幹 里裡 台臺 经經
        济濟 产產 营營 环環 质質 检檢 资資 处處 认認 边邊 场場 试試 点點 际際 动動 态態 机機 规規 范範 书書
        这這 们們 见見 员員 业業 记記 镇鎮 党黨 县縣 华華 卫衛 疗療 农農 乡鄉 医醫 学學 师師 综綜 围圍
        """
        .split(whereSeparator: \.isWhitespace)
        .filter { $0.unicodeScalars.count == 2 }

    static let traditionalOf: [Unicode.Scalar: Unicode.Scalar] = {
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for pair in pairs {
            let s = Array(pair.unicodeScalars)
            map[s[0]] = s[1]
        }
        return map
    }()

    /// `text` respelt in traditional script, scalar for scalar.
    static func traditional(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: text.unicodeScalars.map { traditionalOf[$0] ?? $0 })
        return String(out)
    }

    /// What an expression means, without the text it was written in.
    struct Reading: Hashable, CustomStringConvertible {
        let span: Range<Int>
        let meaning: DateExpression.Meaning
        let precision: DateExpression.Precision?
        let interval: DayRange?
        let flags: DateExpression.Flags

        init(_ e: DateExpression) {
            span = e.span
            meaning = e.meaning
            precision = e.precision
            interval = e.interval
            flags = e.flags
        }

        var description: String {
            "\(span) \(meaning) \(interval.map { "\($0.start)…\($0.end)" } ?? "-") \(flags.names)"
        }
    }

    static func slice(_ text: String, _ span: Range<Int>) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: Array(text.unicodeScalars)[span])
        return String(out)
    }

    /// Both spellings give the same readings, and the traditional one reports its own text.
    static func expectSameReading(_ simplified: String, _ traditional: String, reference: CivilDate?,
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        let parser = DateParser(reference: reference)
        let a = parser.parse(simplified)
        let b = parser.parse(traditional)
        #expect(b.map(Reading.init) == a.map(Reading.init), sourceLocation: sourceLocation)
        #expect(b.map(\.text) == b.map { slice(traditional, $0.span) }, sourceLocation: sourceLocation)
        #expect(b.map(\.text) == a.map { Self.traditional($0.text) }, sourceLocation: sourceLocation)
    }

    // MARK: Sentences

    /// Simplified sentences whose traditional spelling must read the same; between them they
    /// hold 個月內, 長期堅持, 截止時間, 週, 節前, 國慶節前, 年底前, 第三季度, 為期兩個月, 於, 號,
    /// 計劃, 預計, 爭取, 已於, 辦結, 發佈, 統計, 報送, 調度, 實現, 達到.
    static let sentences = [
        "整改完成后3个月内开展回头看",
        "长期坚持,常态化推进",
        "截止时间为2024年12月31日",
        "实行日报告、周汇总、月调度制度",
        "2025年春节前全部办结",
        "国庆节前完成整改",
        "确保2025年底前完成",
        "2025年第三季度完成验收",
        "开展为期两个月的专项整治",
        "已于2024年6月30日前办结",
        "每月15号前报送统计数据",
        "计划于2025年6月底前完成",
        "预计2025年10月底前完工",
        "争取2025年12月底前实现全覆盖",
        "力争2026年前达到省级标准",
        "于2024年9月30日发布实施方案",
        "每周调度一次",
        "2024年以来累计整改问题20个",
        "截至2024年8月底,已完成整改问题30个",
        "两年内完成全部整改",
        "10个工作日内反馈",
        "下一步将于2025年上半年完成",
    ]

    @Test(arguments: sentences)
    func traditionalSentenceReadsAsSimplified(_ simplified: String) throws {
        let traditional = Self.traditional(simplified)
        try #require(traditional != simplified, "the pairs respell nothing in “\(simplified)”")
        try #require(!DateParser(reference: Self.reference).parse(simplified).isEmpty, "nothing found in “\(simplified)”")
        Self.expectSameReading(simplified, traditional, reference: Self.reference)
    }

    @Test(arguments: CorpusCases.all)
    func corpusSentenceInTraditionalScriptReadsTheSame(_ c: CorpusCase) throws {
        let ref = try #require(CorpusCase.references[c.report].flatMap(CivilDate.init))
        Self.expectSameReading(c.sentence, Self.traditional(c.sentence), reference: ref)
    }

    @Test(arguments: ["000", "001", "002", "003", "004"])
    func reportInTraditionalScriptReadsTheSame(id: String) throws {
        let simplified = try Corpus.text(id)
        let traditional = Self.traditional(simplified)
        let date = try #require(DocumentDate.find(in: simplified))
        let found = try #require(DocumentDate.find(in: traditional))
        #expect(found.date == date.date && found.source == date.source && found.line == date.line)
        Self.expectSameReading(simplified, traditional, reference: date.date)
    }

    @Test(arguments: ["000", "001", "002", "003", "004"])
    func clausesInTraditionalScriptHaveTheSameActions(id: String) throws {
        let simplified = try Corpus.text(id)
        let traditional = Self.traditional(simplified)
        let extractor = ClauseExtractor(reference: try #require(DocumentDate.find(in: simplified)).date)
        let a = extractor.extract(simplified)
        let b = extractor.extract(traditional)
        #expect(b.map(\.span) == a.map(\.span))
        #expect(b.map(\.action) == a.map { Self.traditional($0.action) })
    }

    @Test func traditionalNoiseIsStrippedFromTheAction() {
        let clauses = ClauseExtractor(reference: Self.reference).extract("下一步一是計劃於2025年10月底前確定設計單位。")
        #expect(clauses.map(\.action) == ["確定設計單位"])
    }

    // MARK: Simplified text is left alone

    /// Every scalar of the simplified reports is its own fold (full-width forms aside, which
    /// `ScalarText` folds before the table is asked).
    @Test(arguments: ["000", "001", "002", "003", "004"])
    func simplifiedReportIsUnchanged(id: String) throws {
        let text = try Corpus.text(id)
        let changed = text.unicodeScalars.filter { TraditionalScript.simplified($0) != $0 }
        #expect(changed.isEmpty, "folded: \(String(String.UnicodeScalarView(changed)))")
    }

    /// Characters that are simplified in their own right, beside a traditional form that folds
    /// to them, and other characters the grammar reads.
    @Test(arguments: Array("干后里台余周于面历发只准制征布号内个为两时间节国庆计划预争实现达办报统调至以来截止每月季度年底前"
        .unicodeScalars))
    func simplifiedCharacterIsNotFolded(_ u: Unicode.Scalar) {
        #expect(TraditionalScript.simplified(u) == u)
    }

    @Test(arguments: [
        ("乾", "干"), ("幹", "干"), ("後", "后"), ("裏", "里"), ("裡", "里"), ("臺", "台"), ("颱", "台"),
        ("餘", "余"), ("週", "周"), ("於", "于"), ("麵", "面"), ("曆", "历"), ("歷", "历"), ("髮", "发"),
        ("發", "发"), ("隻", "只"), ("準", "准"), ("製", "制"), ("徵", "征"), ("佈", "布"), ("號", "号"),
    ] as [(Unicode.Scalar, Unicode.Scalar)])
    func traditionalFormFoldsToItsSimplifiedForm(_ traditional: Unicode.Scalar, _ simplified: Unicode.Scalar) {
        #expect(TraditionalScript.simplified(traditional) == simplified)
    }

    @Test func foldingKeepsOffsetsAndTheOriginalText() {
        let t = ScalarText("於２０２５年３個月內")
        #expect(t.folded(0..<t.count) == "于2025年3个月内")
        #expect(t.text(6..<9) == "３個月")
        #expect(t.folded(6..<9) == "3个月")
        #expect(t.count == 10)
    }

    // MARK: The generated table against its data

    static let dataFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/ChineseDates/Data/TSCharacters.txt")

    /// The one-scalar entries of OpenCC's table whose first candidate differs from the key.
    static func dataPairs() throws -> [(Unicode.Scalar, Unicode.Scalar)] {
        try String(contentsOf: dataFile, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t")
            guard fields.count == 2, let first = fields[1].split(separator: " ").first else { return nil }
            let key = Array(fields[0].unicodeScalars), value = Array(first.unicodeScalars)
            guard key.count == 1, value.count == 1, key != value else { return nil }
            return (key[0], value[0])
        }
    }

    @Test func tableFoldsEveryOneScalarEntryOfTheData() throws {
        let pairs = try Self.dataPairs()
        #expect(pairs.count == TraditionalScriptTable.keys.count)
        let wrong = pairs.filter { TraditionalScript.simplified($0.0) != $0.1 }
        #expect(wrong.isEmpty, "\(wrong.prefix(10).map { "\($0.0)→\($0.1)" })")
    }

    @Test func tableKeysAscendAndTheBitsetMarksExactlyTheBMPKeys() {
        let keys = TraditionalScriptTable.keys
        #expect(keys.count == TraditionalScriptTable.simplified.count)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
        #expect(keys.first == TraditionalScriptTable.lowest && keys.last == TraditionalScriptTable.highest)
        let marked = TraditionalScriptTable.keyBits.reduce(0) { $0 + $1.nonzeroBitCount }
        #expect(marked == keys.filter { $0 < TraditionalScriptTable.bitsEnd }.count)
    }

    /// Scalars next to the keys' range, and non-keys inside it, fold to themselves.
    @Test func scalarsThatAreNotKeysAreUnchanged() {
        let keys = Set(TraditionalScriptTable.keys)
        let probes: [UInt32] = [0x3400, TraditionalScriptTable.lowest - 1, TraditionalScriptTable.highest + 1, 0x10FFFF]
            + Array(0x4E00...0x9FFF).filter { !keys.contains($0) }
        let changed = probes.compactMap(Unicode.Scalar.init).filter { TraditionalScript.simplified($0) != $0 }
        #expect(changed.isEmpty)
    }
}
