import ChineseDates
import Foundation
@testable import Ledger
import Testing

/// The pool keeps each distinct text once and gives it back byte for byte.
@Suite struct StringPoolTests {
    @Test func equalTextsGetOneIDAndNilIsZero() {
        var pool = StringPool()
        let a = pool.intern("区财政局")
        let b = pool.intern("区教育局")
        #expect(pool.intern("区财政局") == a)
        #expect(a != b)
        #expect(pool.intern(nil) == 0)
        #expect(pool.string(0) == nil)
        #expect(pool.string(a) == "区财政局")
        #expect(pool.count == 2)
        #expect(pool.lookup("区教育局") == b)
        #expect(pool.lookup("区卫健委") == nil)
    }

    @Test func theEmptyTextIsATextNotNil() {
        var pool = StringPool()
        let empty = pool.intern("")
        #expect(empty != 0)
        #expect(pool.string(empty) == "")
    }

    /// Thousands of texts of every length force the table to grow many times; each still maps back.
    @Test func manyTextsSurviveGrowth() {
        var pool = StringPool()
        var ids: [UInt32] = []
        let texts = (0..<20_000).map { n in String(repeating: "整改", count: n % 37) + "\(n)" }
        for t in texts { ids.append(pool.intern(t)) }
        #expect(Set(ids).count == texts.count)
        for (t, id) in zip(texts, ids) {
            #expect(pool.string(id) == t)
            #expect(pool.intern(t) == id)
        }
        #expect(pool.count == texts.count)
    }
}

/// A measure goes into the table and comes out as the same value, field by field and whole.
@Suite struct MeasureTableTests {
    static func sample() -> [Measure] {
        let file = "台账.csv"
        var a = Measure(id: "GX-1", problem: "档案管理不规范", category: "基层党组织建设方面", text: "建立档案管理制度",
                        unit: "区档案馆", owner: "张三", leader: "李四", unitEmail: ["daj@example.gov.cn"],
                        deadlineText: "2024年10月底前", target: .deadline(due: CivilDate(year: 2024, month: 10, day: 31)!, aspirational: false),
                        status: .inProgress, statusText: "推进中", source: SourcePosition(file: file, line: 2),
                        extra: [ExtraField(name: "备注", value: "按月报送")])
        a.milestones = [
            Milestone(action: "确定设计单位", dateText: "9月底前", due: CivilDate(year: 2024, month: 9, day: 30), done: true,
                      evidence: "9月底前确定设计单位", source: SourcePosition(file: file, line: 2, column: 9)),
            Milestone(action: "", dateText: "10月底前", due: nil),
        ]
        let b = Measure(id: "GX-2", text: "长期坚持学习制度", unit: "区档案馆", deadlineText: "长期坚持", target: .ongoing,
                        status: .ongoing, source: SourcePosition(file: "台账.xlsx", line: 7, column: 3, sheet: "整改台账"))
        let c = Measure(id: "GX-3", text: "每月调度", deadlineText: "每月", target: .cadence([]), source: SourcePosition(file: file))
        let d = Measure(id: "GX-4", text: "未写时限", target: .unresolved(reason: "未识别出日期 (no date found)"),
                        status: .done, source: SourcePosition(file: file, line: 5))
        return [a, b, c, d]
    }

    @Test func measuresComeBackEqual() {
        let measures = Self.sample()
        let table = MeasureTable(measures)
        #expect(table.count == 4)
        #expect(table.measures == measures)
        for (i, m) in measures.enumerated() {
            #expect(table[i] == m)
            #expect(table.id(i) == m.id)
            #expect(table.unit(i) == m.unit)
            #expect(table.deadlineText(i) == m.deadlineText)
            #expect(table.target(i) == m.target)
            #expect(table.status(i) == m.status)
            #expect(table.source(i) == m.source)
            #expect(table.milestones(i) == m.milestones)
        }
    }

    @Test func repeatedTextsAreStoredOnce() {
        let m = Self.sample()[0]
        let table = MeasureTable(Array(repeating: m, count: 1_000))
        let one = MeasureTable([m])
        // A thousand rows of the same texts: the pool holds them once, the rows grow.
        #expect(table.byteCount < one.byteCount + 1_000 * 200)
        #expect(table.unitID(0) == table.unitID(999))
    }

    @Test func prefixingRewritesEveryID() {
        var table = MeasureTable(Self.sample())
        table.prefixIDs(with: "XC")
        #expect((0..<table.count).map(table.id) == ["XC-GX-1", "XC-GX-2", "XC-GX-3", "XC-GX-4"])
        #expect(table[0].unit == "区档案馆")
    }

    @Test func aLedgerSetThroughMeasuresKeepsThem() {
        var ledger = Ledger(path: "a.csv", format: .csv)
        ledger.measures = Self.sample()
        ledger.measures[1].unit = "区财政局"
        #expect(ledger.table.unit(1) == "区财政局")
        #expect(ledger.measures.count == 4)
    }
}
