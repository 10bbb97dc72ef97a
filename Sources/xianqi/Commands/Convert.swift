import ArgumentParser
import Foundation
import Ledger
import Tabular

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Save a ledger in another format (.toml, .yaml, .csv, .xlsx).",
        discussion: """
            Reads any ledger xianqi reads and writes it in the format the output's extension
            names; the result reads back to the same measures. CSV is UTF-8 with a byte-order
            mark unless --encoding gb18030 (what Excel on Chinese Windows writes and expects).
            Rows with errors are reported and written as far as they could be read.

            Exit status: 0 written, 1 written but the input had errors, 2 cannot read or write.

            Examples:
              xianqi convert 台账.xlsx -o 台账.toml
              xianqi convert ledger.toml -o ledger-gbk.csv --encoding gb18030
            """
    )

    @Argument(help: "The ledger to read.", completion: .file())
    var input: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The ledger to write.", valueName: "FILE"))
    var output: String

    @Option(help: "CSV encoding: utf-8 or gb18030.")
    var encoding: String = "utf-8"

    @Flag(name: .customLong("raw-csv"),
          help: "CSV: write cells as they are, without the ' that keeps =, +, -, @ from running as spreadsheet formulas.")
    var rawCSV = false

    @OptionGroup var progressOptions: ProgressOptions

    func run() throws {
        let csvEncoding: TextEncoding
        switch encoding.lowercased() {
        case "utf-8", "utf8": csvEncoding = .utf8
        case "gb18030", "gbk", "gb2312": csvEncoding = .gb18030
        default: throw ValidationError("编码应为 utf-8 或 gb18030 (encoding must be utf-8 or gb18030)")
        }
        let progress = progressOptions.line()
        defer { progress.clear() }
        do {
            let ledger = try LedgerReader(progress: progress.observer).read(contentsOf: input)
            progress.clear()
            // A sheet without a deadline column converts as it is: only `check` counts it an error.
            let issues = ledger.issues.map { issue in
                guard issue.severity == .error, issue.field == MeasureField.deadline.title,
                      ledger.missingDeadlines.contains(issue.position) else { return issue }
                return LedgerIssue(.warning, at: issue.position, field: issue.field, issue.message, text: issue.text,
                                   detail: issue.detail, suggestion: issue.suggestion)
            }
            for issue in issues { FileHandle.standardError.write(Data("\(issue)\n".utf8)) }
            progress.show("写入台账 \((output as NSString).lastPathComponent) …", force: true)
            try LedgerWriter().write(ledger, to: output, csvEncoding: csvEncoding, csvFormulas: rawCSV ? .raw : .neutralized)
            progress.clear()
            FileHandle.standardError.write(Data("\(output): \(ledger.measures.count) 项措施 (measures)\n".utf8))
            if issues.contains(where: { $0.severity == .error }) { throw ExitStatus.found.code }
        } catch let error as LedgerReadError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitStatus.failure.code
        }
    }
}
