import ArgumentParser
import Foundation
import Schedule
import Workspace

/// Where `mailq` and `flush` find the state: `-c`, `--state-dir`, `--spool`, `--database`.
/// Both open the state through ``StateStore``, whose one pool also holds the mail tables.
struct SpoolOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("The configuration file, for its state_directory.", valueName: "xianqi.toml"))
    var config: String?

    @Option(name: .customLong("state-dir"),
            help: ArgumentHelp("The state directory (state.sqlite and mail/).", valueName: "DIR"), completion: .directory)
    var stateDirectory: String?

    @Option(name: .long, help: "The mail spool directory (default: mail/ in the state directory).", completion: .directory)
    var spool: String?

    @Option(name: .long, help: ArgumentHelp("The state database, <state dir>/state.sqlite (the same as --state-dir of its folder).",
                                            valueName: "FILE"), completion: .file(extensions: ["sqlite"]))
    var database: String?

    func validate() throws {
        if let database, (database as NSString).lastPathComponent != StateStore.fileName {
            throw ValidationError("--database 应为状态目录中的 \(StateStore.fileName) (--database must be the state directory's \(StateStore.fileName)): \(database)")
        }
    }

    /// `--state-dir`; else the folder of `--database`; else `state_directory` of `-c`; else the
    /// folder above `--spool`; else /var/lib/xianqi.
    func stateDirectoryPath() throws -> String {
        if let stateDirectory { return stateDirectory }
        if let database { return (database as NSString).deletingLastPathComponent }
        if let configuration = try configuration() { return configuration.resolve(configuration.stateDirectory) }
        if let spool { return (spool as NSString).deletingLastPathComponent }
        return Configuration.defaultStateDirectory
    }

    /// The office's time zone for the times shown: the configuration's with `-c`, else China's.
    func officeTime() throws -> OfficeTime {
        try configuration().map { OfficeTime(zone: $0.timeZone) } ?? .china
    }

    private func configuration() throws -> Configuration? {
        guard let config else { return nil }
        do {
            return try Configuration(contentsOf: config)
        } catch {
            throw Diagnostics.fail(error.description)
        }
    }

    /// `--spool`, else `mail/` in the state directory.
    func spoolPath() throws -> String {
        try spool ?? StatePaths(directory: stateDirectoryPath()).spool
    }

    /// The state for delivering: created and migrated if needed, waiting up to 10 s for a
    /// writer in another process (the daemon) to finish.
    func openStore() throws -> StateStore {
        try StateStore(directory: stateDirectoryPath(), busyTimeout: 10)
    }

    /// The state for listing, read-only (a read-only directory is read as an immutable file);
    /// nil when there is none yet.
    func openExisting() throws -> StateStore? {
        try StateStore.existing(in: stateDirectoryPath(), busyTimeout: 10)
    }
}
