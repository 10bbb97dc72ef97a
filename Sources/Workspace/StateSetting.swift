import Foundation
import TOMLKit

/// Where the sent log, the audit trail and the runs live: the `state` setting of `xianqi.toml`.
///
/// Without it, the SQLite file in `state_directory`, as always. With it, a PostgreSQL server
/// shared by every host of the office (docs/ha.md), written either way:
///
///     state = "postgresql://xianqi@db1.office.example:5432/xianqi"
///
///     [state]
///     url = "postgresql://xianqi@db1.office.example:5432/xianqi"
///     password_file = "/etc/xianqi/pg-password"      # its first line; never in the URL
///     tls = "verify-full"                             # "disable" (default), "require", "verify-full"
///     ca_file = "/etc/xianqi/db-ca.pem"               # verify-full only; default: the system's roots
///
/// A PostgreSQL state that cannot be used is an error naming the setting, never a silent
/// fall back to the local file: other hosts would be using the server meanwhile.
public enum StateSetting: Sendable, Hashable {
    /// `state.sqlite` in the state directory.
    case sqlite
    /// A PostgreSQL server.
    case postgresql(PostgreSQLState)

    /// The PostgreSQL setting, if that is what the file says.
    public var postgresql: PostgreSQLState? {
        if case .postgresql(let setting) = self { setting } else { nil }
    }
}

/// `state` of `xianqi.toml` when it names a PostgreSQL server: the values as written (paths
/// made absolute against the configuration's directory), and where they were written, so
/// that every message about the server names the setting.
public struct PostgreSQLState: Sendable, Hashable {
    /// How the connection is protected, as libpq's `sslmode` names the same choices.
    public enum TLS: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP: a trusted network, a tunnel, or a Unix socket.
        case disable
        /// Encrypted, but any certificate is accepted (no protection against an impostor).
        case require
        /// Encrypted, the certificate checked against `ca_file` (or the system's roots) and
        /// the host name of the URL.
        case verifyFull = "verify-full"
    }

    /// `postgresql://user@host:port/database`, as written.
    public var url: String
    /// The file whose first line is the password, absolute; nil for trust or peer login.
    public var passwordFile: String?
    public var tls: TLS
    /// The certificate authorities for `verify-full`, absolute; nil: the system's.
    public var caFile: String?
    /// The key the URL was given under: `state` or `state.url`.
    public var setting: String
    /// `xianqi.toml:12`: the file and line of the setting.
    public var source: String

    public init(url: String, passwordFile: String? = nil, tls: TLS = .disable, caFile: String? = nil,
                setting: String = "state.url", source: String = "xianqi.toml") {
        self.url = url
        self.passwordFile = passwordFile
        self.tls = tls
        self.caFile = caFile
        self.setting = setting
        self.source = source
    }

    /// A message about the server or its setting, naming both: `xianqi.toml:12: error:
    /// state.url: …`.
    public func message(_ problem: some CustomStringConvertible) -> String {
        "\(source): error: \(setting): \(problem.description)"
    }
}

extension Configuration {
    static let stateKeys: Set<String> = ["url", "password_file", "tls", "ca_file"]

    /// Reads `state`: absent, a URL string, or a `[state]` table.
    static func stateSetting(_ value: (any TOMLValueConvertible)?, path: String, lines: KeyLines,
                             resolve: (String) -> String) throws(ConfigurationError) -> StateSetting {
        guard let value else { return .sqlite }
        func fail(_ key: String, _ message: String) -> ConfigurationError {
            ConfigurationError(path: path, line: lines[key] ?? lines["state"], message: "\(key): \(message)")
        }
        func source(_ key: String) -> String { "\(path)\((lines[key] ?? lines["state"]).map { ":\($0)" } ?? "")" }
        func checkURL(_ url: String, key: String) throws(ConfigurationError) {
            guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
                throw fail(key, "应为 postgresql://user@host:port/db (expected a postgresql:// URL) “\(url)”；不写 state 则用 state_directory 中的 SQLite 文件 (leave state out for the SQLite file)")
            }
        }
        if let url = value.string {
            try checkURL(url, key: "state")
            return .postgresql(PostgreSQLState(url: url, setting: "state", source: source("state")))
        }
        guard let table = value.table else {
            throw fail("state", "应为 URL 字符串或 [state] 表 (expected a URL string or a [state] table)")
        }
        if let unknown = table.keys.sorted().first(where: { !stateKeys.contains($0) }) {
            throw fail("state.\(unknown)", "未知配置项 (unknown key); 可用: \(stateKeys.sorted().joined(separator: ", "))")
        }
        guard let urlValue = table["url"] else { throw fail("state", "缺少 url (no url in [state])") }
        guard let url = urlValue.string else { throw fail("state.url", "应为字符串 (expected a string)") }
        try checkURL(url, key: "state.url")
        func string(_ key: String) throws(ConfigurationError) -> String? {
            guard let v = table[key] else { return nil }
            guard let s = v.string, !s.isEmpty else { throw fail("state.\(key)", "应为非空字符串 (expected a non-empty string)") }
            return s
        }
        let passwordFile = try string("password_file").map(resolve)
        let tlsText = try string("tls") ?? PostgreSQLState.TLS.disable.rawValue
        guard let tls = PostgreSQLState.TLS(rawValue: tlsText) else {
            throw fail("state.tls", "应为 \(PostgreSQLState.TLS.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: "、")) 之一 (expected one of them) “\(tlsText)”")
        }
        let caFile = try string("ca_file").map(resolve)
        if caFile != nil, tls != .verifyFull {
            throw fail("state.ca_file", "仅用于 tls = \"verify-full\" (only with tls = \"verify-full\"; tls is \"\(tls.rawValue)\")")
        }
        return .postgresql(PostgreSQLState(url: url, passwordFile: passwordFile, tls: tls, caFile: caFile,
                                           setting: "state.url", source: source("state.url")))
    }
}
