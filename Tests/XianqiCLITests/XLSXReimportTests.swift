import CorpusTestSupport
import Foundation
import ProcessTestSupport
import Testing

/// Re-importing a report into a ledger kept in Excel appends the new measures to its sheet in
/// place: the other sheets, fills, fonts, column widths and merged cells stay. Checked with
/// openpyxl (Debian's python3-openpyxl), a reader and writer xianqi does not share code with.
private let hasOpenpyxl = (try? ChildProcess.run("/usr/bin/python3", ["-c", "import openpyxl"]).status) == 0

@Suite(.enabled(if: hasOpenpyxl, "python3-openpyxl is not installed"))
struct XLSXReimportTests {
    typealias Directory = LedgerCommandTests.Directory

    static func python(_ script: String, _ arguments: [String]) throws -> String {
        let run = try ChildProcess.run("/usr/bin/python3", ["-c", script] + arguments)
        #expect(run.status == 0, "\(run.output)")
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The workbook as an office keeps it: xianqi's export of the report, then formatted by
    /// hand in Excel (here openpyxl): a fill and bold font on the data rows, a wide column C, a
    /// merged title, a second sheet of notes; the last measure's row deleted (so that the
    /// re-import has one to add); and `extra` run on the sheet.
    func officeWorkbook(_ dir: Directory, extra: String = "") throws -> (path: String, report: String, deleted: String) {
        let report = try Corpus.path("000")
        let path = dir.path("台账.xlsx")
        let first = try CLITests.run(["import", report, "--prefix", "HF", "-o", path])
        #expect(first.status == 0, "\(first.stderr)")
        let deleted = try Self.python("""
            import sys, openpyxl
            from openpyxl.styles import PatternFill, Font
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb.worksheets[0]
            print(ws.cell(ws.max_row, 1).value)
            ws.delete_rows(ws.max_row)
            for row in ws.iter_rows(min_row=4, max_row=ws.max_row):
                for cell in row:
                    cell.fill = PatternFill('solid', fgColor='FFFF00')
                    cell.font = Font(bold=True)
            ws.column_dimensions['C'].width = 42
            ws.merge_cells('A1:D1')
            notes = wb.create_sheet('说明')
            notes['A1'] = '本台账由整改办维护，请勿删除此页'
            notes.column_dimensions['A'].width = 60
            \(extra)
            wb.save(sys.argv[1])
            """, [path])
        return (path, report, deleted)
    }

    @Test func newMeasuresAreAppendedInPlaceAndTheFormattingStays() throws {
        let dir = try Directory()
        let (path, report, deleted) = try officeWorkbook(dir)
        let before = try Self.python("import sys, openpyxl; ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]; print(ws.max_row)", [path])

        let r = try CLITests.run(["import", report, "--prefix", "HF", "-o", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("appended 1 rows to sheet 整改台账 in place"), "\(r.stderr)")
        #expect(r.stderr.contains("kept 43, added 1"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("台账.imported.xlsx")))

        let facts = try Self.python("""
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb.worksheets[0]
            last, above = ws.max_row, ws.max_row - 1
            print(wb.sheetnames)
            print(wb['说明']['A1'].value, wb['说明'].column_dimensions['A'].width)
            print(ws.column_dimensions['C'].width, [str(r) for r in ws.merged_cells.ranges])
            print(last, ws.cell(last, 1).value)
            print(ws.cell(above, 4).fill.fgColor.rgb, ws.cell(above, 4).font.bold)
            print(ws.cell(last, 4).fill.fgColor.rgb, ws.cell(last, 4).font.bold)
            print(bool(ws.cell(last, 4).value), ws.cell(last, 10).value)
            """, [path]).split(separator: "\n").map(String.init)
        #expect(facts.count == 7, "\(facts)")
        guard facts.count == 7 else { return }
        #expect(facts[0] == "['整改台账', '说明']")
        #expect(facts[1] == "本台账由整改办维护，请勿删除此页 60.0")
        #expect(facts[2] == "42.0 ['A1:D1']")
        #expect(facts[3] == "\(Int(before)! + 1) \(deleted)", "the new row is the deleted measure, below the last")
        #expect(facts[4] == "00FFFF00 True")
        #expect(facts[5] == facts[4], "the new row looks like the one above")
        #expect(facts[6].hasPrefix("True "), "\(facts[6])")

        // xianqi reads it back: 44 measures, the re-import a no-op the second time.
        let check = try CLITests.run(["check", "--as-of", "2024-11-21", path])
        #expect(check.stdout.contains("44 项措施"), "\(check.stdout)")
        let again = try CLITests.run(["import", report, "--prefix", "HF", "-o", path])
        #expect(again.stderr.contains("kept 44, added 0"), "\(again.stderr)")
    }

    @Test func contentBelowTheLedgerLeavesTheFileAloneAndWritesTheMergeBeside() throws {
        let dir = try Directory()
        let (path, report, _) = try officeWorkbook(dir, extra: "ws.cell(ws.max_row + 2, 1, '合计：43 项')")
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let r = try CLITests.run(["import", report, "--prefix", "HF", "-o", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("无法就地更新"), "\(r.stderr)")
        #expect(r.stderr.contains("has content below the ledger"), "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original, "the office's file is untouched")
        let sibling = dir.path("台账.imported.xlsx")
        let check = try CLITests.run(["check", "--as-of", "2024-11-21", sibling])
        #expect(check.stdout.contains("44 项措施"), "\(check.stdout)")
    }
}
