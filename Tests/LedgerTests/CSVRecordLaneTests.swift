import ChineseDates
import Foundation
@testable import Ledger
import Tabular
import Testing

/// A CSV ledger read record by record as bytes gives the very ledger its rows read as cells
/// give: the same measures field by field, the same issues in the same order, for every kind
/// of cell a ledger holds.
@Suite struct CSVRecordLaneTests {
    /// Cells of each kind the reader treats apart, cycled over the rows so that they meet in
    /// every combination past the rows the reader takes ahead as cells (the first 30).
    static let ids = ["1", "2.0", "", " 3 ", "GX-4", "'=5", "3.5"]
    static let problems = ["档案管理不规范", "", "", "　会议记录缺失　", "问题\n跨两行"]
    static let measures = ["建立档案管理制度", "完善会议记录", "", "\u{3000}整改到位\u{3000}", "按\"规定\"执行", "'=SUM(A1)", " ", "落实。"]
    static let units = ["区档案馆", "区财政局", "", "区教育局 "]
    static let deadlines = ["2024年10月底前", "年底前", "长期坚持", "", "2025年第1季度", "尽快", "2024年13月底前",
                            "每月调度", "2024年10月底前完成设计，12月底前完工", " 2024-06-30 ", "2019年以来"]
    static let statuses = ["推进中", "已完成", "", "阶段性完成", "差不多了"]
    static let emails = ["daj@example.gov.cn", "", "not-an-address", "a@example.gov.cn，b@example.gov.cn", "坏地址@"]
    static let steps = ["", "", "9月底前确定设计单位；12月底前确定监理单位", "没有日期的安排"]
    static let notes = ["按月报送", "", "'+备注"]

    /// A ledger of `count` rows: a title line, a stated date, the header with an untitled
    /// extra column and a titled one that is no field, then rows mixing the cells above;
    /// some rows have a cell beyond the header, some are blank.
    static func ledger(rows count: Int) -> String {
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var lines = ["某某区巡察整改台账,,,,,,,,,,", "填报日期：2024年11月21日,,,,,,,,,,",
                     "序号,存在问题,整改措施,责任单位,完成时限,整改状态,联系邮箱,阶段目标,备注,配合单位"]
        for n in 0..<count {
            if n % 53 == 52 {
                lines.append(",,,,,,,,,")
                continue
            }
            func pick(_ list: [String], _ k: Int) -> String { list[(n * k + n / list.count) % list.count] }
            var cells = [pick(ids, 1), pick(problems, 3), pick(measures, 5), pick(units, 7), pick(deadlines, 1),
                         pick(statuses, 3), pick(emails, 2), pick(steps, 5), pick(notes, 1), n % 4 == 0 ? "区委办" : ""]
            if n % 17 == 0 { cells.append("表头外的内容") }
            lines.append(cells.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func read(_ path: String, records: Bool, keepsWarnings: Bool) throws -> Ledger {
        let rows = try CSVReader().rows(contentsOfFile: path, name: path)
        var reader = TableLedgerReader(path: path, reference: nil, keepsWarnings: keepsWarnings)
        reader.readsRecords = records
        return try reader.read(sources: [.csv(rows)], format: .csv)
    }

    @Test(arguments: [true, false])
    func recordsAndRowsGiveTheSameLedger(keepsWarnings: Bool) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-lane-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("台账.csv").path
        try Data(Self.ledger(rows: 1_200).utf8).write(to: URL(fileURLWithPath: path))

        let bytes = try Self.read(path, records: true, keepsWarnings: keepsWarnings)
        let cells = try Self.read(path, records: false, keepsWarnings: keepsWarnings)
        #expect(bytes.table.count == cells.table.count)
        #expect(bytes.table.count > 1_000)
        for i in cells.table.indices where bytes.table[i] != cells.table[i] {
            Issue.record("measure \(i) differs:\n\(bytes.table[i])\n\(cells.table[i])")
            break
        }
        #expect(bytes.issues == cells.issues)
        #expect(bytes.reference == CivilDate(year: 2024, month: 11, day: 21))
        // The kinds of row the cells were chosen for did occur.
        #expect(cells.issues.contains { $0.message.contains("整改状态无法识别") })
        #expect(cells.issues.contains { $0.message.contains("邮箱地址无效") })
        #expect(cells.table.measures.contains { $0.id.hasSuffix("-2") })
        #expect(cells.table.measures.contains { $0.text == "=SUM(A1)" })
        #expect(cells.table.measures.contains { $0.text == "整改到位" })
        #expect(cells.table.measures.contains { !$0.milestones.isEmpty })
    }

    /// Trimming is decided on bytes: a cell whose ends are no whitespace is interned as it is.
    @Test(arguments: [("整改到位", false), (" 整改", true), ("整改\u{3000}", true), ("整改。", false), ("、整改", false),
                      ("\u{00A0}x", true), ("x\u{2009}", true), ("x\u{202F}", true), ("\t", true), ("a", false)])
    func spacesAtTheEndsAreToldFromBytes(text: String, mayHaveSpace: Bool) {
        var text = text
        let found = text.withUTF8 { CellBytes.mayHaveSpaceAtEnds($0) }
        #expect(found == mayHaveSpace)
        #expect(found == (text.unicodeScalars.first!.isSpace || text.unicodeScalars.last!.isSpace))
    }
}
