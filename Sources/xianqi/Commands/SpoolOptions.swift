import ArgumentParser
import Foundation
import GRDB
import Mail

/// `--spool` and `--database`, shared by `mailq` and `flush`.
struct SpoolOptions: ParsableArguments {
    @Option(name: .long, help: "The mail spool directory.", completion: .directory)
    var spool: String = "/var/lib/xianqi/mail"

    @Option(name: .long, help: "The state database holding the delivery log (default: state.sqlite beside the spool).", completion: .file(extensions: ["sqlite"]))
    var database: String?

    /// `--database`, or `state.sqlite` in the spool's parent directory (where the daemon keeps it).
    var databasePath: String {
        database ?? URL(fileURLWithPath: spool).deletingLastPathComponent().appendingPathComponent("state.sqlite").path
    }

    /// The database for delivering: created and migrated if needed, WAL, waiting up to
    /// 10 s for a writer in another process (the daemon) to finish.
    func openForWriting() throws -> DatabasePool {
        try Self.openForWriting(databasePath)
    }

    /// The state database at `path` for delivering or enqueueing, as ``openForWriting()``.
    static func openForWriting(_ path: String) throws -> DatabasePool {
        try MailDeliveryLog.open(path: path)
    }

    /// `file:…?immutable=1`, with the characters a URI gives meaning to escaped.
    static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:\(path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)?immutable=1"
    }

    /// The database for listing, read-only; nil when there is none yet.
    func openForReading() throws -> DatabaseQueue? {
        guard FileManager.default.fileExists(atPath: databasePath) else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        do {
            let queue = try DatabaseQueue(path: databasePath, configuration: configuration)
            try queue.read { db in _ = try db.tableExists("mail_queue") }
            return queue
        } catch let error as DatabaseError where [.SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode) {
            // A WAL database in a read-only directory (a read-only mount, a copy on a CD): SQLite
            // cannot create its -shm file. Nobody can be writing there, so it is read as an
            // immutable file, as StateStore.existing does.
            do {
                let queue = try DatabaseQueue(path: Self.immutableURI(databasePath), configuration: configuration)
                try queue.read { db in _ = try db.tableExists("mail_queue") }
                return queue
            } catch {
                throw MailError.database("\(databasePath): \(error)")
            }
        } catch {
            throw MailError.database("\(databasePath): \(error)")
        }
    }
}
