import ArgumentParser
import ChineseDates
import Foundation
import Ledger

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn a published 整改进展 report into a ledger to review and edit.",
        discussion: """
            Each reported problem (an item with a 整改结果 line) or innermost numbered item
            becomes a measure: its problem, the measure text (整改情况), the dated steps it
            names as milestones, its status, the owner unit (责任单位, or the body that issued
            the report or attachment) and where in the report it came from.

            Importing again into an existing ledger merges by id: measures already in the
            file are kept exactly as they are there (your edits win); measures new in the report
            are appended; measures no longer in the report are kept and listed on stderr.

            Exit status: 0 written, 2 the report or the ledger could not be read or written.

            Examples:
              xianqi import report.txt -o Config/ledgers/report.toml
              xianqi import report.txt --ref 2024-11-21 -o ledger.yaml
              xianqi import report.txt -o ledger.xlsx
            """
    )

    @Argument(help: "The report, a UTF-8 text file.", completion: .file())
    var report: String

    @Option(name: .long, help: ArgumentHelp("The reference date (2024-11-21, 2024/11/21, 2024年11月21日 …); by default the report's own date.", valueName: "DATE"),
            transform: ReferenceDate.parse)
    var ref: ReferenceDate?

    @Option(help: ArgumentHelp("Put this before every id (GX gives GX-2.1.5.20).", valueName: "PREFIX"))
    var prefix: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("The ledger to write (.toml, .yaml, .csv, .xlsx); `-` for TOML on stdout.", valueName: "FILE"))
    var output: String = "-"

    @OptionGroup var progressOptions: ProgressOptions

    func run() throws {
        let progress = progressOptions.line()
        defer { progress.clear() }
        let name = (report as NSString).lastPathComponent
        progress.show("导入报告 \(name) …", force: true)
        let text: String
        do {
            text = try ReportFile.read(report)
        } catch {
            progress.clear()
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitStatus.failure.code
        }
        var ledger = ReportImporter(reference: ref?.date, idPrefix: prefix).importReport(text, path: report)
        progress.clear()
        let header = """
            xianqi 从报告 \(name) 导入 (imported from the report)。请核对并编辑；
            再次导入会按 id 合并：文件中已有的措施保持不变，只追加新的措施。
            """
        for issue in ledger.issues { FileHandle.standardError.write(Data("\(issue)\n".utf8)) }
        let writer = LedgerWriter(header: header)
        if output == "-" {
            print(writer.toml(ledger), terminator: "")
            summary(ledger, kept: 0, added: ledger.measures.count, gone: [])
            return
        }
        var kept = 0
        var gone: [String] = []
        var added = ledger.measures.count
        if FileManager.default.fileExists(atPath: output) {
            let existing: Ledger
            do {
                existing = try LedgerReader(reference: ledger.reference, progress: progress.observer).read(contentsOf: output)
                progress.clear()
            } catch {
                progress.clear()
                FileHandle.standardError.write(Data("\(error)\n无法合并到已有台账，未写入 (cannot merge into the existing ledger: nothing written)\n".utf8))
                throw ExitStatus.failure.code
            }
            let merged = LedgerMerge.merge(existing: existing, imported: ledger)
            kept = merged.kept
            added = merged.added
            gone = merged.notInReport
            ledger = merged.ledger
            if existing.format == .xlsx {
                // The office's workbook keeps its sheets and formatting: the new rows go in place.
                do {
                    switch try writer.update(workbookAt: output, appending: Array(ledger.measures.suffix(added)), ledger: ledger) {
                    case .appended(let rows, let sheet):
                        FileHandle.standardError.write(Data("已追加到工作表“\(sheet)” \(rows) 行，其余内容与格式不变 (appended \(rows) rows to sheet \(sheet) in place)\n".utf8))
                    case .wroteSibling(let path, let reason):
                        FileHandle.standardError.write(Data("\(output): 无法就地更新，\(reason)；合并后的台账已写到 \(path)，原文件未改动 (not updated in place; the merged ledger is in \(path), the original is unchanged)\n".utf8))
                    }
                } catch {
                    FileHandle.standardError.write(Data("\(error)\n".utf8))
                    throw ExitStatus.failure.code
                }
                summary(ledger, kept: kept, added: added, gone: gone)
                return
            }
        }
        do {
            progress.show("写入台账 \((output as NSString).lastPathComponent) …", force: true)
            defer { progress.clear() }
            try writer.write(ledger, to: output)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitStatus.failure.code
        }
        summary(ledger, kept: kept, added: added, gone: gone)
    }

    private func summary(_ ledger: Ledger, kept: Int, added: Int, gone: [String]) {
        var counts: [String: Int] = [:]
        for m in ledger.measures { counts[m.statusText ?? m.status.rawValue, default: 0] += 1 }
        let statuses = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "，")
        var note = "\(output == "-" ? "stdout" : output): \(ledger.measures.count) 项措施 (measures)"
        note += "，参照日期 reference \(ledger.reference?.description ?? "无 (none)")"
        if kept > 0 || !gone.isEmpty { note += "；保留已有 \(kept) 项，新增 \(added) 项 (kept \(kept), added \(added))" }
        note += "\n状态 (statuses): \(statuses)\n"
        if !gone.isEmpty { note += "报告中已没有、但台账中保留的措施 (kept, no longer in the report): \(gone.joined(separator: ", "))\n" }
        FileHandle.standardError.write(Data(note.utf8))
    }
}
