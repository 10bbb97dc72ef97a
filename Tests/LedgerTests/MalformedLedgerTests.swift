import ChineseDates
import Foundation
import Ledger
import Tabular
import Testing
import Workspace

/// Bad input of every kind a real office produces: each gives a precise message naming the
/// file, line (or cell) and field, and the rows that can be read still load.
@Suite struct MalformedLedgerTests {
    static let ref = CivilDate("2024-11-21")
    let reader = LedgerReader(reference: MalformedLedgerTests.ref)

    func read(_ text: String, as name: String) throws(LedgerReadError) -> Ledger {
        try reader.read(Data(text.utf8), path: name)
    }

    static let header = "序号,存在问题,整改措施,责任单位,完成时限,整改状态\n"

    // MARK: - CSV and xlsx

    @Test func unparseableDeadlineNamesLineColumnAndWhatWasUnderstood() throws {
        let ledger = try read(Self.header + "1,问题一,措施一,区财政局,2025年10月底前,推进中\n2,问题二,措施二,区财政局,尽快,推进中\n3,问题三,措施三,区财政局,2019年以来,推进中\n", as: "台账.csv")
        #expect(ledger.measures.count == 3)
        let errors = ledger.errors
        #expect(errors.count == 2)
        #expect(errors[0].description.hasPrefix("台账.csv:3:5: error: 完成时限无法识别"))
        #expect(errors[0].text == "尽快")
        #expect(errors[1].detail?.contains("起始时间（以来）") == true)
        #expect(ledger.measures[0].due == CivilDate("2025-10-31"))
    }

    /// A cell of thousands of dates is not a time limit: it is an error naming its length,
    /// read in bounded time and memory, and the other rows keep their dates.
    @Test func aDeadlineCellOfThousandsOfDatesIsAnErrorNotAnAllocation() throws {
        let dense = String(repeating: "2025年6月底前，", count: 50_000)
        let steps = String(repeating: "9月底前完成初稿；", count: 10_000)
        let text = "序号,整改措施,完成时限,阶段目标\n1,措施一,\(dense),\n2,措施二,2025年10月底前,\(steps)\n3,措施三,2025年12月底前,\n"
        let started = ContinuousClock.now
        let ledger = try read(text, as: "台账.csv")
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(ledger.measures.count == 3)
        #expect(ledger.measures[0].due == nil)
        #expect(ledger.measures[1].milestones.isEmpty)
        #expect(ledger.measures[2].due == CivilDate("2025-12-31"))
        let errors = ledger.errors
        #expect(errors.contains { $0.description.hasPrefix("台账.csv:2:3: error: 完成时限无法识别") && $0.detail?.contains("500000 字，上限 1000 字") == true })
        #expect(errors.contains { $0.description.hasPrefix("台账.csv:3:4: error: 阶段目标内容过长（90000 字") })
        // The message quotes the start of the cell, not all of it.
        #expect(ledger.errors.allSatisfy { ($0.text?.unicodeScalars.count ?? 0) <= 201 })
    }

    @Test func rowWithMoreCellsThanTheHeaderKeepsTheExtraCell() throws {
        let ledger = try read(Self.header + "1,问题,措施,区财政局,2025年底前,推进中,多出来的\n", as: "a.csv")
        #expect(ledger.measures[0].extra == [ExtraField(name: "G列", value: "多出来的")])
        #expect(ledger.issues.contains { $0.severity == .warning && $0.position.description == "a.csv:2:7" })
    }

    @Test func unknownColumnsAreKeptAsExtraFields() throws {
        let ledger = try read("序号,整改措施,完成时限,督办人,备注\n1,措施,2025年底前,王五,重点\n", as: "a.csv")
        #expect(ledger.measures[0].extra == [ExtraField(name: "督办人", value: "王五"), ExtraField(name: "备注", value: "重点")])
    }

    @Test func missingHeaderIsAnErrorNamingTheFile() {
        #expect(throws: LedgerReadError.self) { try read("甲,乙,丙\n1,2,3\n", as: "无表头.csv") }
        do {
            _ = try read("甲,乙,丙\n1,2,3\n", as: "无表头.csv")
        } catch {
            #expect(error.description.hasPrefix("无表头.csv: error:"))
            #expect(error.description.contains("表头"))
        }
    }

    @Test(arguments: ["empty.csv", "empty.toml", "empty.yaml", "empty.xlsx"])
    func emptyFileIsAnError(_ name: String) {
        #expect(throws: LedgerReadError.self) { try reader.read(Data(), path: name) }
    }

    @Test func truncatedXLSXIsAnErrorNotACrash() throws {
        let ledger = Ledger(path: "t.xlsx", format: .xlsx, reference: Self.ref, measures: [
            Measure(id: "1", text: "措施", unit: "区财政局", deadlineText: "2025年底前", source: SourcePosition(file: "t.xlsx")),
        ])
        let data = try LedgerWriter().xlsx(ledger)
        for cut in [10, data.count / 3, data.count / 2, data.count - 30] {
            do {
                _ = try reader.read(data.prefix(cut), path: "t.xlsx")
                Issue.record("a workbook cut at \(cut) bytes was read")
            } catch {
                #expect(error.description.hasPrefix("t.xlsx"))
            }
        }
    }

    @Test func gb18030WithoutBOMIsDetected() throws {
        let bytes = try CSVWriter.encode([["序号", "整改措施", "责任单位", "完成时限"], ["1", "建立台账", "区财政局", "2025年10月底前"]], as: .gb18030)
        let ledger = try reader.read(Data(bytes), path: "gbk.csv")
        #expect(ledger.measures.first?.unit == "区财政局")
    }

    @Test func wrongEncodingIsReportedWithItsLine() throws {
        // UTF-8 text with one byte damaged on line 3: not mistaken for GB18030.
        var bytes = Array((Self.header + "1,问题一,措施一,区财政局,2025年10月底前,推进中\n2,问题二,措施二,区财政局,2025年10月底前,推进中\n3,问题三,措施三,区财政局,2025年10月底前,推进中\n").utf8)
        let lineStart = bytes.indices.filter { bytes[$0] == 0x0A }[1] + 1
        bytes[lineStart + 4] = 0xFF
        do {
            _ = try reader.read(Data(bytes), path: "bad.csv")
            Issue.record("damaged UTF-8 was read")
        } catch {
            #expect(error.description.contains(":3"))
        }
    }

    @Test func tenMegabyteCellLoads() throws {
        let big = String(repeating: "整改", count: 5_000_000)
        let ledger = try read("序号,整改措施,完成时限\n1,\(big),2025年底前\n2,小措施,2025年底前\n", as: "big.csv")
        #expect(ledger.measures.count == 2)
        #expect(ledger.measures[0].text.unicodeScalars.count == 10_000_000)
    }

    @Test func quotedMultiLineCellsKeepTheirLines() throws {
        let ledger = try read("序号\t整改措施\t完成时限\n1\t\"第一行\n第二行\"\t2025年底前\n2\t措施二\t不知道\n", as: "tab.csv")
        #expect(ledger.measures[0].text == "第一行\n第二行")
        #expect(ledger.errors.first?.position.description == "tab.csv:4:3")
    }

    @Test func datesAsNumbersAndAsTextInXLSX() throws {
        let sheet = XLSXWriter.Sheet(name: "台账", rows: [
            [.text("序号"), .text("整改措施"), .text("完成时限")],
            [.text("1"), .text("日期单元格"), .date(CellDate(year: 2025, month: 10, day: 31)!)],
            [.text("2"), .text("数字序号"), .number(45961)],
            [.text("3"), .text("文字日期"), .text("2025年10月底前")],
            [.text("4"), .text("公式"), .formula("DATE(2025,10,31)", cached: .date(CellDate(year: 2025, month: 10, day: 31)!))],
        ])
        let data = try XLSXWriter().data(for: [sheet])
        let ledger = try reader.read(data, path: "dates.xlsx")
        #expect(ledger.measures.map(\.due) == Array(repeating: CivilDate("2025-10-31"), count: 4))
        let serialWarning = try #require(ledger.issues.first { $0.message.contains("Excel 日期序号") })
        #expect(serialWarning.position.description == "dates.xlsx:台账!C3")
    }

    @Test func mergedProblemCarriesDownAndIdsStayUnique() throws {
        let sheet = XLSXWriter.Sheet(name: "台账", rows: [
            [.text("某区巡察整改台账")],
            [.text("填报日期：2024年11月21日")],
            [.text("序号"), .text("存在问题"), .text("整改措施"), .text("责任单位"), .text("完成时限")],
            [.text("1"), .text("问题甲"), .text("措施一"), .text("区财政局"), .text("年底前")],
            [.empty, .empty, .text("措施二"), .text("区财政局"), .text("明年3月底前")],
            [.text("2"), .text("问题乙"), .text("措施三"), .text("区教育局"), .text("长期坚持")],
        ], mergedRanges: [CellRange("A4:A5")!, CellRange("B4:B5")!])
        let ledger = try LedgerReader().read(try XLSXWriter().data(for: [sheet]), path: "merged.xlsx")
        #expect(ledger.title == "某区巡察整改台账")
        #expect(ledger.reference == CivilDate("2024-11-21"))
        #expect(ledger.measures.map(\.id) == ["1", "1-2", "2"])
        #expect(ledger.measures.map(\.problem) == ["问题甲", "问题甲", "问题乙"])
        #expect(ledger.measures.map(\.due) == [CivilDate("2024-12-31"), CivilDate("2025-03-31"), nil])
        #expect(ledger.measures[2].status == .ongoing)
    }

    @Test func csvExportOfMergedCellsCarriesDownToo() throws {
        let ledger = try read("序号,存在问题,整改措施,完成时限\n1,问题甲,措施一,2025年底前\n,,措施二,2025年底前\n2,问题乙,措施三,2025年底前\n", as: "m.csv")
        #expect(ledger.measures.map(\.id) == ["1", "1-2", "2"])
        #expect(ledger.measures[1].problem == "问题甲")
    }

    @Test func badAddressAndStatusAreErrorsOnTheirCells() throws {
        let ledger = try read("序号,整改措施,完成时限,整改状态,联系邮箱\n1,措施,2025年底前,差不多了,zgb@example.gov.cn；坏地址\n", as: "e.csv")
        #expect(ledger.measures[0].unitEmail == ["zgb@example.gov.cn"])
        #expect(ledger.errors.map(\.position.description).sorted() == ["e.csv:2:4", "e.csv:2:5"])
        #expect(ledger.errors.contains { $0.text == "坏地址" })
    }

    @Test func rowWithoutMeasureIsReportedNotDropped() throws {
        let ledger = try read("序号,存在问题,整改措施,责任单位,完成时限\n1,,,区财政局,\n2,问题,措施,区财政局,2025年底前\n", as: "r.csv")
        #expect(ledger.measures.map(\.id) == ["2"])
        #expect(ledger.errors.first?.position.description == "r.csv:2")
    }

    // MARK: - TOML and YAML

    @Test func tomlSyntaxErrorNamesItsLine() {
        do {
            _ = try read("title = \"台账\"\n[[measure]]\nid = \"1\"\nmeasure = \"未闭合\n", as: "bad.toml")
            Issue.record("bad TOML was read")
        } catch {
            #expect(error.line == 4)
            #expect(error.description.hasPrefix("bad.toml:4"))
        }
    }

    @Test func tomlFieldErrorsNameTheLineOfTheKey() throws {
        let ledger = try read("""
            reference = 2024-11-21

            [[measure]]
            id = "1"
            measure = "措施一"
            unit = "区财政局"
            deadline = "年底前"

            [[measure]]
            id = "2"
            measure = "措施二"
            unit = "区财政局"
            deadline = "看情况"
            status = "推进中"
            "督办人" = "王五"

            [[measure.milestone]]
            action = "确定设计单位"
            deadline = "下个月吧"
            """, as: "l.toml")
        #expect(ledger.measures.count == 2)
        #expect(ledger.measures[0].due == CivilDate("2024-12-31"))
        let positions = ledger.errors.map(\.position.description)
        #expect(positions == ["l.toml:13", "l.toml:19"])
        #expect(ledger.issues.contains { $0.severity == .warning && $0.position.line == 15 && $0.field == "督办人" })
        #expect(ledger.measures[1].extra == [ExtraField(name: "督办人", value: "王五")])
    }

    @Test func yamlErrorsNameLineAndColumn() throws {
        let ledger = try read("""
            reference: 2024-11-21
            measures:
              - id: "1"
                measure: 措施一
                deadline: 2025年底前
              - id: "2"
                measure: 措施二
                deadline: 随时
            """, as: "l.yaml")
        #expect(ledger.measures.count == 2)
        #expect(ledger.errors.map(\.position.description) == ["l.yaml:8:15"])
        do {
            _ = try read("measures:\n  - id: [1\n", as: "broken.yaml")
            Issue.record("broken YAML was read")
        } catch {
            #expect(error.line != nil)
        }
    }

    @Test func invalidUTF8InTOMLNamesTheLine() {
        var bytes = Array("title = \"台账\"\n[[measure]]\nid = \"1\"\n".utf8)
        bytes.insert(0xFF, at: bytes.count - 3)
        do {
            _ = try reader.read(Data(bytes), path: "bad.toml")
            Issue.record("invalid UTF-8 was read")
        } catch {
            #expect(error.line == 3)
        }
    }

    @Test func duplicateIdsAcrossLedgersAreErrors() throws {
        let a = try read(Self.header + "1,问题,措施,区财政局,2025年底前,推进中\n", as: "a.csv")
        let b = try read(Self.header + "1,问题,措施,区教育局,2025年底前,推进中\n", as: "b.csv")
        let config = try Configuration(parsing: "ledgers = []\n", path: "x.toml")
        let ws = Workspace(configuration: config, ledgers: [a, b], unreadable: [], calendar: .plainWeekdays,
                           calendarProblem: nil, today: Self.ref!)
        let dup = try #require(ws.issues.first { $0.message.contains("重复") })
        #expect(dup.position.description == "b.csv:2")
        #expect(dup.message.contains("a.csv:2"))
    }
}
