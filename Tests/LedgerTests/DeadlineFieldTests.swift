import ChineseDates
import Foundation
import Ledger
import Tabular
import Testing

/// The 完成时限 field in every ledger format: read in full or not at all, impossible values are
/// errors on their cell and give no due date, the column is found under the titles offices use,
/// and a ledger without one is reported.
@Suite struct DeadlineFieldTests {
    static let ref = CivilDate("2024-11-21")
    let reader = LedgerReader(reference: DeadlineFieldTests.ref)

    /// (cell, message start, suggestion fragment): the values that cannot be meant.
    static let badCells: [(String, String, String)] = [
        ("2025年13月底前", "月份13无效 (month 13 does not exist)", "1至12"),
        ("2025年1O月底前", "数字中有字母O，应为10? (letter O among digits: did you mean 10?)", "写成“2025年10月底前”"),
        ("20245年6月底前", "年份“20245”有5位数字", "2024或2025"),
        ("2025年6月31日前", "6月没有31日", "6月30日前"),
        ("2025年2月30日", "2月没有30日", "2月28日前"),
        ("6月低前", "“低”应为“底”?", "写成“6月底前”"),
        ("1899年底前", "年份1899超出范围", "2025"),
    ]

    static let header = "序号,整改措施,责任单位,完成时限,整改状态\n"

    static func csv(_ cells: [String]) -> String {
        header + cells.enumerated().map { "\($0.offset + 1),措施\($0.offset + 1),区财政局,\($0.element),推进中\n" }.joined()
    }

    @Test func eachBadValueInACSVIsAnErrorOnItsCellAndGivesNoDue() throws {
        let cells = Self.badCells.map(\.0) + ["2025年10月底前"]
        let ledger = try reader.read(Data(Self.csv(cells).utf8), path: "台账.csv")
        #expect(ledger.measures.count == cells.count)
        for (row, (cell, message, suggestion)) in Self.badCells.enumerated() {
            let place = "台账.csv:\(row + 2):4"
            let error = try #require(ledger.errors.first { $0.position.description == place }, "\(cell)")
            #expect(error.message.hasPrefix(message), "\(cell)")
            #expect(error.text == cell)
            #expect(error.suggestion?.contains(suggestion) == true, "\(cell): \(error.suggestion ?? "")")
            #expect(ledger.measures[row].due == nil, "\(cell) gave a due date")
            #expect(ledger.errors.count { $0.position.description == place } == 1, "\(cell) reported twice")
        }
        #expect(ledger.measures.last?.due == CivilDate("2025-10-31"))
        #expect(ledger.errors.count == Self.badCells.count)
    }

    @Test func eachBadValueInAnXLSXIsAnErrorNamingTheSheetCell() throws {
        var rows: [[XLSXWriter.Value]] = [[.text("序号"), .text("整改措施"), .text("责任单位"), .text("完成时限")]]
        for (i, (cell, _, _)) in Self.badCells.enumerated() {
            rows.append([.text("\(i + 1)"), .text("措施"), .text("区财政局"), .text(cell)])
        }
        let data = try XLSXWriter().data(for: [XLSXWriter.Sheet(name: "整改台账", rows: rows)])
        let ledger = try reader.read(data, path: "台账.xlsx")
        #expect(ledger.errors.map(\.position.description) == (2...(Self.badCells.count + 1)).map { "台账.xlsx:整改台账!D\($0)" })
        #expect(ledger.measures.allSatisfy { $0.due == nil })
        #expect(ledger.errors[0].description.hasPrefix("台账.xlsx:整改台账!D2: error: 月份13无效 (month 13 does not exist) [完成时限]"))
    }

    @Test func textLeftOverInTheCellIsAWarningAndTheDateStands() throws {
        let ledger = try reader.read(Data(Self.csv(["2025年10月底前报市委审定", "2024年底前完成，并长期坚持", "（阶段性）2025年6月底前力争基本完成"]).utf8), path: "l.csv")
        let warning = try #require(ledger.issues.first { $0.severity == .warning })
        #expect(warning.position.description == "l.csv:2:4")
        #expect(warning.message.contains("“报市委审定”"))
        #expect(ledger.issues.count { $0.severity == .warning } == 1)
        #expect(ledger.measures.map(\.due) == [CivilDate("2025-10-31"), CivilDate("2024-12-31"), CivilDate("2025-06-30")])
    }

    @Test func aMilestoneDateIsCheckedToo() throws {
        let ledger = try reader.read(Data("""
            [[measure]]
            id = "1"
            measure = "措施"
            unit = "区财政局"
            deadline = "2025年底前"

            [[measure.milestone]]
            action = "确定设计单位"
            deadline = "2025年13月底"
            """.utf8), path: "m.toml")
        #expect(ledger.errors.map(\.position.description) == ["m.toml:9"])
        #expect(ledger.errors.first?.message.hasPrefix("月份13无效") == true)
        #expect(ledger.measures[0].milestones.first?.due == nil)
    }

    // MARK: - Column titles

    static let deadlineTitles = [
        "完成时限", "整改时限", "完成时间", "完成时间节点", "时间节点", "整改期限", "完成期限", "办结时限", "计划完成时间",
        "截止时间", "截止日期", "时限要求", "完成时限要求", "整改完成时限", "整改时间", "责任时限",
        "deadline", "due", "due date", "Due Date", "target date", "deadline date",
        "完成时限（年月日）", "完成 时限", " 完成时间节点：", "完成时限(必填)", "完成时限【年月日】", "*完成时限",
    ]

    @Test(arguments: deadlineTitles)
    func theDeadlineColumnIsFoundUnderItsTitle(_ title: String) throws {
        let ledger = try reader.read(Data("序号,整改措施,责任单位,\(title)\n1,措施,区财政局,2025年10月底前\n".utf8), path: "t.csv")
        #expect(ledger.measures.first?.due == CivilDate("2025-10-31"), "\(title)")
        #expect(ledger.issues.isEmpty, "\(ledger.issues)")
    }

    @Test func aLedgerWithoutADeadlineColumnIsOneErrorNotAWarningPerRow() throws {
        let ledger = try reader.read(Data("序号,整改措施,责任单位,整改状态\n1,措施一,区财政局,推进中\n2,措施二,区财政局,\n".utf8), path: "n.csv")
        #expect(ledger.measures.count == 2)
        #expect(ledger.errors.map(\.position.description) == ["n.csv:1"])
        #expect(ledger.errors[0].message.contains("没有完成时限列"))
        #expect(ledger.missingDeadlines.map(\.description) == ["n.csv:1"])
        #expect(!ledger.issues.contains { $0.message.contains("缺少完成时限") })
    }

    @Test func aColumnOfDatesUnderAnUnknownTitleIsNamed() throws {
        let ledger = try reader.read(Data("序号,整改措施,办理时限节点\n1,措施一,2025年6月底前\n2,措施二,2025年10月底前\n3,措施三,长期坚持\n".utf8), path: "u.csv")
        #expect(ledger.errors.map(\.position.description) == ["u.csv:1"])
        let warning = try #require(ledger.issues.first { $0.severity == .warning && $0.field == "办理时限节点" })
        #expect(warning.position.description == "u.csv:1:3")
        #expect(warning.message.contains("“办理时限节点”列"))
        #expect(ledger.measures.allSatisfy { $0.due == nil })
    }

    @Test func aColumnOfWordsUnderAnUnknownTitleIsNotMistakenForDates() throws {
        let ledger = try reader.read(Data("序号,整改措施,责任单位,完成时限,督办人\n1,措施一,区财政局,2025年6月底前,王五\n2,措施二,区财政局,2025年底前,李四\n".utf8), path: "w.csv")
        #expect(ledger.issues.isEmpty, "\(ledger.issues)")
    }

    @Test func aDocumentLedgerWithNoDeadlineAnywhereIsOneWarning() throws {
        let ledger = try reader.read(Data("measures:\n  - id: \"1\"\n    measure: 措施一\n    unit: 区财政局\n    status: 推进中\n  - id: \"2\"\n    measure: 措施二\n    unit: 区财政局\n".utf8), path: "n.yaml")
        #expect(ledger.errors.isEmpty)
        #expect(ledger.issues.count == 1)
        #expect(ledger.issues[0].message.contains("没有一项措施写了完成时限"))
        #expect(ledger.missingDeadlines.count == 1)
    }
}
