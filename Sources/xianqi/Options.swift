import ArgumentParser
import ChineseDates
import Ledger
import Foundation
import Tabular
import Workspace

/// Options every command over the configured ledgers shares.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("The configuration file.", valueName: "xianqi.toml"))
    var config: String = ProcessInfo.processInfo.environment["XIANQI_CONFIG"] ?? Configuration.defaultPath

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Take this day as today (2024-11-21, 2024/11/21, 2024.11.21 or 2024年11月21日).", valueName: "DATE"),
            transform: DateOption.parse)
    var asOf: CivilDate?

    @Flag(name: .customLong("raw-csv"),
          help: "With --format csv: write cells as they are, without the ' that keeps =, +, -, @ from running as spreadsheet formulas.")
    var rawCSV = false

    /// How `--format csv` writes cells that a spreadsheet would run as formulas.
    var csvFormulas: CSVWriter.Formulas { rawCSV ? .raw : .neutralized }

    /// The configuration and its ledgers; a configuration that cannot be read exits with status 2.
    func load(progress: (@Sendable (ReadProgress) -> Void)? = nil) throws -> Workspace {
        do {
            return try Workspace.load(configuration: config, today: asOf, progress: progress)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitStatus.failure.code
        }
    }
}

/// How a command prints what it found.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}
