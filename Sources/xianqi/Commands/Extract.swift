import ArgumentParser
import Tabular
import ChineseDates
import Foundation
import TextLayout

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the dated clauses of a published 整改进展 report.",
        discussion: """
            Relative dates resolve against --ref, or else against the date the report gives
            itself: its header (发布时间) or the date under the issuer at its end. The date used
            is printed on standard error.

            Exit status: 0 listed (even if no clause is dated); 2 the report cannot be read (no such
            file, binary, not UTF-8), as for import; 64 a bad option.

            Examples:
              xianqi extract Config/samples/report.txt
              xianqi extract report.txt --ref 2024-11-21 --format json
              xianqi extract report.txt --kind deadline --format csv
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @Argument(help: "The report, a UTF-8 text file.", completion: .file())
    var file: String

    @Option(name: .long, help: ArgumentHelp("The reference date (2024-11-21, 2024/11/21, 2024年11月21日 …); by default the report's own date.", valueName: "DATE"),
            transform: ReferenceDate.parse)
    var ref: ReferenceDate?

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: Format = .table

    @Option(name: .long, help: "Only clauses with expressions of this kind (deadline, event, since, asof, cadence, ongoing, duration).")
    var kind: DateExpression.Kind?

    func run() throws {
        let text = try ReportFile.read(file)
        let found = DocumentDate.find(in: text)
        let reference = ref?.date ?? found?.date
        FileHandle.standardError.write(Data(referenceNote(found: found, reference: reference).utf8))
        var clauses = ClauseExtractor(reference: reference).extract(text)
        if let kind {
            clauses = clauses.compactMap { c in
                c.expressions.contains { $0.kind == kind } ? c : nil
            }
        }
        switch format {
        case .table: print(table(clauses))
        case .json: print(json(clauses, reference: reference, found: found).serialized())
        case .csv: print(csv(clauses), terminator: "")
        }
    }

    private func referenceNote(found: DocumentDate?, reference: CivilDate?) -> String {
        if let ref { return "参考日期 reference date: \(ref.date) (--ref)\n" }
        guard let found, let reference else {
            return "参考日期 reference date: none found (no 发布时间 header or signature date); relative dates stay unresolved. Give --ref.\n"
        }
        let source = switch found.source {
        case .header: "header 发布时间"
        case .signature: "signature \(found.issuer ?? "")"
        case .dateline: "news lead 电头, year as first written"
        }
        return "参考日期 reference date: \(reference) (\(file):\(found.line), \(source))\n"
    }

    private func describe(_ e: DateExpression) -> String {
        if let due = e.due { return "due \(due)" }
        guard let iv = e.interval else {
            switch e.meaning {
            case .cadence(let c): return "every \(c.every > 1 ? "\(c.every) " : "")\(c.period?.rawValue ?? "period")"
            case .duration(let s): return "\(s.amount) \(s.unit.rawValue)" + (s.days == 0 ? "" : " + \(s.days) day")
            default: return ""
            }
        }
        return iv.start == iv.end ? iv.start.description : "\(iv.start)…\(iv.end)"
    }

    private func table(_ clauses: [DatedClause]) -> String {
        var t = TextTable(["line", "expression", "kind", "when", "flags", "action"])
        for c in clauses {
            for e in c.expressions where kind == nil || e.kind == kind {
                t.append(["\(c.line)", e.text, e.kind.rawValue, describe(e), e.flags.names.joined(separator: ","), c.action])
            }
        }
        return t.render(maxWidth: 48)
    }

    private func json(_ clauses: [DatedClause], reference: CivilDate?, found: DocumentDate?) -> JSON {
        .object([
            ("file", .string(file)),
            ("reference", .optional(reference?.description)),
            ("reference_source", .optional(ref != nil ? "option" : found?.source.rawValue)),
            ("clauses", .array(clauses.map { c in
                .object([
                    ("line", .int(c.line)),
                    ("span", .array([.int(c.span.lowerBound), .int(c.span.upperBound)])),
                    ("clause", .string(c.text)),
                    ("action", .string(c.action)),
                    ("expressions", .array(c.expressions.filter { kind == nil || $0.kind == kind }.map(\.json))),
                ])
            })),
        ])
    }

    private func csv(_ clauses: [DatedClause]) -> String {
        var out = CSVWriter.row(["line", "text", "kind", "start", "end", "due", "precision", "flags", "action", "clause"])
        for c in clauses {
            for e in c.expressions where kind == nil || e.kind == kind {
                out += CSVWriter.row([
                    "\(c.line)", e.text, e.kind.rawValue, e.interval?.start.description ?? "", e.interval?.end.description ?? "",
                    e.due?.description ?? "", e.precision?.rawValue ?? "", e.flags.names.joined(separator: " "), c.action, c.text,
                ])
            }
        }
        return out
    }
}

extension DateExpression.Kind: ExpressibleByArgument {}
