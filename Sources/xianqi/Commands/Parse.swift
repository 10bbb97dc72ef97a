import ArgumentParser
import ChineseDates
import TextLayout

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse Chinese date expressions (完成时限) in the given text.",
        discussion: """
            Each expression is printed with its kind (deadline, event, since, asof, cadence,
            ongoing, duration), resolved interval, due date for deadlines, precision and flags.

            Examples:
              xianqi parse --ref 2024-11-21 "计划于2025年10月底前完成全部整改"
              xianqi parse --field "长期坚持"
              printf '年底前\\n2019年以来\\n' |
                  xianqi parse --ref 2024-11-21 --format jsonl --stdin
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, jsonl
    }

    @Option(name: .long, help: ArgumentHelp("The reference date that relative dates resolve against (2024-11-21, 2024/11/21, 2024年11月21日 …).", valueName: "DATE"),
            transform: ReferenceDate.parse)
    var ref: ReferenceDate?

    @Option(name: .long, help: "Output format: table, json or jsonl.")
    var format: Format = .table

    @Flag(name: .long, help: "Read one text per line from standard input.")
    var stdin = false

    @Flag(name: .long, help: "Read the text as a ledger target-date field: a bare date is a deadline.")
    var field = false

    @Argument(help: "The texts to parse.")
    var texts: [String] = []

    func validate() throws {
        if stdin && !texts.isEmpty { throw ValidationError("Give texts as arguments or --stdin, not both.") }
        if !stdin && texts.isEmpty { throw ValidationError("Give a text to parse, or --stdin.") }
    }

    func run() throws {
        let parser = DateParser(reference: ref?.date, role: field ? .deadlineField : .narrative)
        var results: [JSON] = []
        var table = TextTable(["text", "kind", "start", "end", "due", "precision", "flags"])
        func handle(_ input: String) {
            let expressions = parser.parse(input)
            switch format {
            case .jsonl:
                print(JSON.object([("input", .string(input)), ("expressions", .array(expressions.map(\.json)))]).serialized())
            case .json:
                results.append(.object([("input", .string(input)), ("expressions", .array(expressions.map(\.json)))]))
            case .table:
                for e in expressions {
                    table.append([e.text, e.kind.rawValue, e.interval?.start.description ?? "", e.interval?.end.description ?? "",
                                  e.due?.description ?? "", e.precision?.rawValue ?? "", e.flags.names.joined(separator: ",")])
                }
            }
        }
        if stdin {
            while let line = readLine(strippingNewline: true) { handle(line) }
        } else {
            texts.forEach(handle)
        }
        switch format {
        case .json: print(JSON.array(results).serialized())
        case .table: print(table.render())
        case .jsonl: break
        }
    }
}

/// A `--ref` value: a day in one of ``DateOption``'s forms, checked when the command line is parsed.
struct ReferenceDate {
    let date: CivilDate

    static func parse(_ text: String) throws -> ReferenceDate {
        ReferenceDate(date: try DateOption.parse(text))
    }
}
