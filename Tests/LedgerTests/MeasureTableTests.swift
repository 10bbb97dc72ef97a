import ChineseDates
import Foundation
@testable import Ledger
import Tabular
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

    /// An appended text gets an id of its own and its bytes back, but is not where lookups look:
    /// interning the same text afterwards gives a second id, found by lookup.
    @Test func appendedTextsAreStoredButNotLookedUp() {
        var pool = StringPool()
        var text = "推进XX项目建设"
        let appended = text.withUTF8 { pool.append(bytes: UnsafeRawBufferPointer($0)) }
        #expect(pool.string(appended) == text)
        #expect(pool.lookup(text) == nil)
        let interned = pool.intern(text)
        #expect(interned != appended)
        #expect(pool.lookup(text) == interned)
        #expect(pool.intern(text) == interned)
        #expect(pool.withBytes(appended) { Array($0) } == Array(text.utf8))
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

/// A CSV ledger read record by record gives the ledger its whole table gives: the same
/// measures, issues (in order) and title, whatever the rows hold.
@Suite struct StreamedLedgerTests {
    static let ref = CivilDate(year: 2024, month: 11, day: 21)

    static func ledgers(_ text: String) throws -> (streamed: Ledger, whole: Ledger) {
        let data = Data(text.utf8)
        let streamed = try LedgerReader(reference: ref).read(data, path: "t.csv")
        let table = try CSVReader().read(data, name: "t.csv")
        let whole = try TableLedgerReader(path: "t.csv", reference: ref).read([table], format: .csv)
        return (streamed, whole)
    }

    static let texts: [String] = [
        // A title, a stated date, a merged problem exported blank below its first row, bad cells.
        """
        某区巡察整改台账
        填报日期：2024年11月1日
        序号,存在问题,整改措施,责任单位,完成时限,整改状态,联系邮箱,阶段目标
        1,档案管理不规范,建立制度,区档案馆,2024年10月底前,推进中,daj@example.gov.cn,
        ,,完善台账,区档案馆,年底前,已完成,,9月底前完成初稿；11月底前印发
        2,经费使用不规范,,区财政局,2025年13月底前,整改中,not-an-address,
        3,,加强监督,,长期坚持,,,
        """,
        // A column of dates whose title is not a deadline title, and no deadline column.
        "编号,措施,单位,时间节点\n" + (1...250).map { "A\($0),措施\($0),单位\($0 % 7),2025年\($0 % 12 + 1)月底前" }.joined(separator: "\n"),
        // Ids carried down, a cell beyond the header.
        "序号,整改措施,完成时限\n1,措施甲,2024年12月31日前\n,措施乙,2025年6月底前,多出的一格\n2,措施丙,立行立改\n",
    ]

    @Test(arguments: texts)
    func streamedEqualsWhole(_ text: String) throws {
        let (streamed, whole) = try Self.ledgers(text)
        #expect(streamed.measures == whole.measures)
        #expect(streamed.issues == whole.issues)
        #expect(streamed.title == whole.title)
        #expect(streamed.reference == whole.reference)
        #expect(streamed.missingDeadlines == whole.missingDeadlines)
    }

    @Test func aCellXianqiNeutralisedReadsAsWritten() throws {
        let ledger = try LedgerReader(reference: Self.ref).read(Data("序号,整改措施,完成时限\n1,'=措施丙,立行立改\n".utf8), path: "t.csv")
        #expect(ledger.measures.map(\.text) == ["=措施丙"])
    }

    @Test func theBundledCSVLedgersReadTheSameStreamed() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in ["xuancheng-jingkai.csv", "zhuhai-gaoxin-gb18030.csv"] {
            let path = root.appendingPathComponent("Config/ledgers/\(name)").path
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let streamed = try LedgerReader(reference: Self.ref).read(data, path: path)
            let pieces = try LedgerReader(reference: Self.ref).read(contentsOf: path)
            let whole = try TableLedgerReader(path: path, reference: Self.ref).read([CSVReader().read(data, name: path)], format: .csv)
            #expect(streamed.measures.count > 5)
            #expect(streamed.measures == whole.measures)
            #expect(streamed.issues == whole.issues)
            #expect(pieces.measures == whole.measures)
            #expect(pieces.issues == whole.issues)
        }
    }
}
