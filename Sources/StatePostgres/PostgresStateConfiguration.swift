import Foundation
public import Workspace

/// Where the PostgreSQL state lives: `postgresql://user@host:port/db`, and the password, read
/// from a file of its own (never from the URL in a configuration file that others may read).
///
///     let configuration = try PostgresStateConfiguration(
///         url: "postgresql://xianqi@db1.office.example:5432/xianqi",
///         passwordFile: "/etc/xianqi/pg-password")
///
/// TLS as libpq's `sslmode` offers it: `disable`, `require` (encrypted, any certificate) or
/// `verify-full` (the certificate checked against a CA file or the system's roots, and the host).
public struct PostgresStateConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    /// Read from the password file; nil for trust or peer authentication.
    public var password: String?
    /// How the connection is protected (``PostgresStateConfiguration/TLSMode``); plain by default.
    public var tls: TLSMode = .disable

    /// TLS on the connection to the server.
    public enum TLSMode: Sendable, Hashable {
        case disable
        /// Encrypted; any certificate is accepted.
        case require
        /// Encrypted; the certificate is checked against the CA file (nil: the system's roots)
        /// and the URL's host.
        case verifyFull(caFile: String?)
    }
    /// How long a connection attempt may take.
    public var connectTimeout: Duration = .seconds(10)
    /// How long a statement waits for a row lock held by another session (PostgreSQL's
    /// `lock_timeout`) before ``Schedule/StateError/locked(path:seconds:)``.
    public var lockTimeout: Duration = .seconds(5)

    /// How long a statement may take: the server cancels it then (`statement_timeout`, rolled
    /// back), and the client closes the connection a second later if no answer came (a server
    /// that hangs, a network that stopped carrying), so that nothing holds the daemon's queue,
    /// nor a leader's check that it still leads, for ever. Longer than ``lockTimeout``.
    public var queryTimeout: Duration = .seconds(30)

    /// The URL without a password, for messages: what ``Schedule/StateStoring/path`` shows.
    public var redactedURL: String { "postgresql://\(user)@\(host):\(port)/\(database)" }

    public init(host: String, port: Int = 5432, user: String, database: String, password: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.password = password
    }

    /// Reads `postgresql://user@host:port/db` (or `postgres://`; the port defaults to 5432, the
    /// database to the user's name) and, when given, the password file: its first line, without
    /// the line break.
    ///
    /// - Throws: ``PostgresStateConfiguration/Invalid`` naming the URL or the file.
    public init(url text: String, passwordFile: String? = nil) throws(Invalid) {
        guard let url = URLComponents(string: text), let scheme = url.scheme,
              scheme == "postgresql" || scheme == "postgres"
        else { throw Invalid(url: text, reason: "不是 postgresql://user@host:port/db 形式 (not of the form postgresql://user@host:port/db)") }
        guard let host = url.host, !host.isEmpty else { throw Invalid(url: text, reason: "缺少主机 (no host)") }
        guard let user = url.user, !user.isEmpty else { throw Invalid(url: text, reason: "缺少用户名 (no user)") }
        if url.password != nil {
            throw Invalid(url: "postgresql://\(user):…@\(host)", reason: "密码不可写在 URL 中，请用密码文件 (no password in the URL: use a password file)")
        }
        if let query = url.query, !query.isEmpty {
            throw Invalid(url: text, reason: "不支持参数 (parameters are not supported): \(query)")
        }
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        self.init(host: host, port: url.port ?? 5432, user: user, database: path.isEmpty ? user : path)
        if let passwordFile {
            let contents: String
            do {
                contents = try String(contentsOfFile: passwordFile, encoding: .utf8)
            } catch {
                throw Invalid(url: text, reason: "无法读取密码文件 (cannot read the password file) \(passwordFile): \((error as NSError).localizedDescription)")
            }
            let line = contents.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            password = line.hasSuffix("\r") ? String(line.dropLast()) : line
        }
    }

    /// The configuration's `state` setting: its URL, password file and TLS.
    ///
    /// - Throws: ``PostgresStateConfiguration/Invalid`` naming the URL or the file (the caller
    ///   adds the setting: ``Workspace/PostgreSQLState/message(_:)``).
    public init(_ setting: PostgreSQLState) throws(Invalid) {
        try self.init(url: setting.url, passwordFile: setting.passwordFile)
        switch setting.tls {
        case .disable: tls = .disable
        case .require: tls = .require
        case .verifyFull:
            if let caFile = setting.caFile, !FileManager.default.isReadableFile(atPath: caFile) {
                throw Invalid(url: redactedURL, reason: "无法读取 CA 文件 (cannot read the CA file) \(caFile)")
            }
            tls = .verifyFull(caFile: setting.caFile)
        }
    }

    /// A URL or a password file that cannot be used.
    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public let url: String
        public let reason: String
        public var description: String { "PostgreSQL 状态地址无效 (invalid PostgreSQL state URL) \(url): \(reason)" }
    }
}
