/// Every path under a state directory, in one place: the database, the mail spool and the
/// daemon's lock. The commands, the daemon and the store name them through this value only.
///
///     let paths = StatePaths(directory: "/var/lib/xianqi")
///     paths.database   // /var/lib/xianqi/state.sqlite
///     paths.spool      // /var/lib/xianqi/mail
public struct StatePaths: Hashable, Sendable {
    /// The state directory (`state_directory` of xianqi.toml, `--state-dir`).
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `state.sqlite`: the sent log, the audit trail, the runs and the mail tables.
    public static let databaseName = "state.sqlite"
    /// `mail`: the Maildir spool (tmp, new, cur, sent, failed).
    public static let spoolName = "mail"
    /// `serve.lock`: held by the one daemon of this directory.
    public static let lockName = "serve.lock"

    public var database: String { appending(Self.databaseName) }
    public var spool: String { appending(Self.spoolName) }
    /// A folder of the spool: `mail/new`, `mail/sent` …
    public func spoolFolder(_ name: String) -> String { spool + "/" + name }
    public var lock: String { appending(Self.lockName) }

    private func appending(_ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
