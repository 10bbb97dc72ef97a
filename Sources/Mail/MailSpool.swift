import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The spool directory, Maildir style: a message is written to `tmp/`, flushed, and
/// renamed into `new/`, so `new/` only ever holds complete messages.
///
///     <spool>/tmp/     being written (or left by a crash mid-write)
///     <spool>/new/     queued, waiting for delivery
///     <spool>/cur/     claimed: a process is handing it to sendmail right now
///     <spool>/sent/    delivered (kept for the retention period, if kept at all)
///     <spool>/failed/  given up after the give-up age
///
/// Directories are mode 0700 and files 0600: reminders name people and overdue work.
/// The spool only moves files; what is delivered is decided by ``MailQueue``.
public struct MailSpool: Sendable, Hashable {
    /// The folders of a spool.
    public enum Folder: String, Sendable, CaseIterable {
        case tmp, new, cur, sent, failed
    }

    /// The spool's root, e.g. `/var/lib/xianqi/mail`.
    public let directory: String

    /// A spool at `directory`; nothing is created until ``prepare()``.
    public init(directory: String) {
        self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
    }

    /// The path of a folder, or of a file in it.
    public func path(_ folder: Folder, _ name: String? = nil) -> String {
        let folderPath = directory + "/" + folder.rawValue
        return name.map { folderPath + "/" + $0 } ?? folderPath
    }

    /// Creates the spool and its folders (mode 0700), tightening the mode of existing ones.
    public func prepare() throws(MailError) {
        try POSIXFile.makeDirectory(directory, mode: 0o700)
        for folder in Folder.allCases {
            try POSIXFile.makeDirectory(path(folder), mode: 0o700)
        }
    }

    /// The file names in a folder, oldest first.
    public func names(in folder: Folder) throws(MailError) -> [String] {
        try POSIXFile.names(in: path(folder))
    }

    /// Writes `bytes` to `tmp/name` (mode 0600) and flushes it to disk.
    func writeTemporary(_ bytes: [UInt8], name: String) throws(MailError) {
        try POSIXFile.writeSynced(bytes, to: path(.tmp, name), mode: 0o600)
    }

    /// Renames `name` from one folder to another and flushes the destination folder, so
    /// the move survives a crash. False when the file was no longer in `source`.
    @discardableResult
    func move(_ name: String, from source: Folder, to destination: Folder) throws(MailError) -> Bool {
        guard try POSIXFile.rename(path(source, name), to: path(destination, name)) else { return false }
        try POSIXFile.syncDirectory(path(destination))
        return true
    }

    /// Removes `name` from a folder and flushes the folder. False when it was already gone.
    @discardableResult
    func remove(_ name: String, from folder: Folder) throws(MailError) -> Bool {
        guard try POSIXFile.remove(path(folder, name)) else { return false }
        try POSIXFile.syncDirectory(path(folder))
        return true
    }

    /// A Maildir unique name: `<seconds>.M<microseconds>P<pid>R<random>.<host>`.
    ///
    /// Seconds first, so names sort by enqueue time; the pid and 64 random bits make two
    /// processes, or one process twice in a microsecond, pick different names.
    /// When a file named by ``uniqueName(at:)`` was spooled (to the second); nil for another name.
    public static func spooledAt(fileName: String) -> Date? {
        Double(fileName.prefix { $0 != "." }).map(Date.init(timeIntervalSince1970:))
    }

    public static func uniqueName(at date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
        let random = String(UInt64.random(in: .min ... .max), radix: 16)
        return "\(micros / 1_000_000).M\(micros % 1_000_000)P\(getpid())R\(random).\(hostName)"
    }

    /// The host name, with `/` and `:` written as Maildir does (`\057`, `\072`).
    static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name.replacingOccurrences(of: "/", with: "\\057").replacingOccurrences(of: ":", with: "\\072")
    }()
}
