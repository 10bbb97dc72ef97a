import ArgumentParser
import ChineseDates
import Foundation
import Tabular
import Workspace

/// Options every command over the configured ledgers shares.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("The configuration file.", valueName: "xianqi.toml"))
    var config: String = ProcessInfo.processInfo.environment["XIANQI_CONFIG"] ?? Configuration.defaultPath

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Take this day as today (YYYY-MM-DD).", valueName: "DATE"),
            transform: Self.date)
    var asOf: CivilDate?

    @Flag(name: .customLong("raw-csv"),
          help: "With --format csv: write cells as they are, without the ' that keeps =, +, -, @ from running as spreadsheet formulas.")
    var rawCSV = false

    /// How `--format csv` writes cells that a spreadsheet would run as formulas.
    var csvFormulas: CSVWriter.Formulas { rawCSV ? .raw : .neutralized }

    static func date(_ text: String) throws -> CivilDate {
        guard let d = CivilDate(text) else { throw ValidationError("日期应为 YYYY-MM-DD (date must be YYYY-MM-DD): \(text)") }
        return d
    }

    /// The configuration and its ledgers; a configuration that cannot be read exits with status 2.
    func load() throws -> Workspace {
        do {
            return try Workspace.load(configuration: config, today: asOf)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
    }
}

/// How a command prints what it found.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}
