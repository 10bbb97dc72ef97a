import Testing
import Tabular

@Suite("HeaderLocator")
struct HeaderLocatorTests {
    enum Field: Hashable, Sendable { case number, problem, measure, due }

    // The Ledger module owns the real alias lists; these stand in for them.
    let aliases: [String: Field] = [
        "序号": .number, "问题": .problem, "存在问题": .problem,
        "整改措施": .measure, "措施": .measure, "完成时限": .due, "Deadline": .due,
    ]

    func csv(_ text: String) throws -> Table {
        try CSVReader().read(Array(text.utf8), name: "h.csv")
    }

    @Test("The header is found below title rows; data rows are the ones after it")
    func headerBelowTitle() throws {
        let table = try csv("某某区巡察整改台账\n填报单位：区财政局,,,\n序号,存在问题,整改措施,完成时限\n1,问题一,措施一,2025年底\n2,问题二,措施二,长期\n")
        let match = try table.locateHeader(aliases: aliases)
        #expect(match.headerRow.position.number == 3)
        #expect(match.columns == [.number: 0, .problem: 1, .measure: 2, .due: 3])
        #expect(match.dataRows.map(\.position.number) == [4, 5])
    }

    @Test("Titles match across full-width letters, inner whitespace, line breaks, colons and required-field stars")
    func normalisation() throws {
        let table = try csv("\"＊整改\n措施：\",完成　时限:,ＤＥＡＤＬＩＮＥ ,备注\n")
        let match = try table.locateHeader(aliases: aliases, minimumMatches: 2)
        #expect(match.columns[.measure] == 0)
        #expect(match.columns[.due] == 1) // the first of two columns naming the due date
        #expect(match.issues.count == 1)
        #expect(match.unrecognised == [3: "备注"])
        #expect(HeaderText.normalized(" *完成　时限：") == "完成时限")
        #expect(HeaderText.normalized("（牵头）单位") == "(牵头)单位")
        #expect(HeaderText.normalized("完成时限（年月日）") == "完成时限")
        #expect(HeaderText.normalized("完成时限【必填】：") == "完成时限")
        #expect(HeaderText.normalized("（备注）") == "(备注)")
    }

    @Test("A table with no row naming enough fields is an error naming the table")
    func missingHeader() throws {
        let table = try csv("1,问题一,措施一\n2,问题二,措施二\n")
        let error = tabularError { _ = try table.locateHeader(aliases: aliases) }
        guard case .headerNotFound(let name, let searched, _) = error else {
            Issue.record("expected headerNotFound, got \(String(describing: error))")
            return
        }
        #expect(name == "h.csv")
        #expect(searched == 2)
    }

    @Test("The row with the most recognised titles wins over an earlier partial match")
    func bestRowWins() throws {
        let table = try csv("问题,措施\n序号,问题,措施,完成时限\n1,a,b,c\n")
        let match = try table.locateHeader(aliases: aliases)
        #expect(match.headerRow.position.number == 2)
        #expect(match.columns.count == 4)
    }

    @Test("Plain title sets map each title to its column; extra data cells beyond the header stay in the row")
    func plainTitles() throws {
        let table = try csv("序号,措施\n1,a,多出来的格\n")
        let match = try table.locateHeader(recognising: ["序号", "措施"])
        #expect(match.columns == ["序号": 0, "措施": 1])
        #expect(match.dataRows[0].cells.count == 3)
        #expect(match.dataRows[0][2] == .text("多出来的格"))
    }

    @Test("An xlsx header not in row 1 is found and its data rows keep sheet positions")
    func xlsxHeader() throws {
        let data = try XLSXWriter().data(for: [.init(name: "台账", rows: [
            [.text("巡察整改台账")], [], [.text("序号"), .text("问题"), .text("完成时限")], [.number(1), .text("p"), .text("2025-10-31")],
        ])])
        let table = try XLSXReader().read(data, name: "h.xlsx").sheets[0]
        let match = try table.locateHeader(aliases: aliases)
        #expect(match.headerRow.position == .sheetRow(sheet: "台账", row: 3))
        #expect(match.dataRows.first?.ref(column: 2).description == "台账!C4")
    }
}
