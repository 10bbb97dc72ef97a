import Foundation
import Logging
public import Schedule
public import Workspace

/// The state store `xianqi.toml` names, for the commands and the daemon: the SQLite file in
/// the state directory when there is no `state` setting, else the PostgreSQL server. Here,
/// beside the PostgreSQL store, so that the daemon and the CLI choose through one function and
/// neither imports PostgresNIO or GRDB for it.
///
/// A configured server that cannot be used is an error naming the setting (file, line, key),
/// never a silent fall back to the local file, which other hosts would not see.
///
///     let store = try ConfiguredState.open(config, directory: "/var/lib/xianqi", writable: true)
///     try store?.record(.done, for: item, by: "张三", note: nil, asOf: today, at: now)
public enum ConfiguredState {
    /// Opens the store. For SQLite, `writable` opens (and creates) it, otherwise an existing
    /// one is read and nil means none yet. A PostgreSQL store is always opened (connected and
    /// its schema brought up to date), for reading or writing alike.
    public static func open(_ configuration: Configuration, directory: String, writable: Bool,
                            logger: Logger = Logger(label: "xianqi.state")) throws(ConfiguredStateError) -> (any StateStoring)? {
        switch configuration.state {
        case .sqlite:
            do {
                return writable ? try StateStore(directory: directory) : try StateStore.existing(in: directory)
            } catch {
                throw ConfiguredStateError(message: error.description, setting: nil)
            }
        case .postgresql(let setting):
            return try openPostgreSQL(setting, logger: logger)
        }
    }

    /// The PostgreSQL store of a setting; `leadership` for a daemon that claims.
    public static func openPostgreSQL(_ setting: PostgreSQLState, leadership: PostgresLeadership? = nil,
                                      logger: Logger = Logger(label: "xianqi.state")) throws(ConfiguredStateError) -> PostgresStateStore {
        let configuration = try postgresConfiguration(setting)
        do {
            return try PostgresStateStore(configuration: configuration, leadership: leadership, logger: logger)
        } catch {
            throw ConfiguredStateError(message: setting.message(error), setting: setting)
        }
    }

    /// The connection settings of `setting`, or an error naming it.
    public static func postgresConfiguration(_ setting: PostgreSQLState) throws(ConfiguredStateError) -> PostgresStateConfiguration {
        do {
            return try PostgresStateConfiguration(setting)
        } catch {
            throw ConfiguredStateError(message: setting.message(error), setting: setting)
        }
    }
}

/// A state store that could not be opened: the message names the file, or the setting and
/// the server.
public struct ConfiguredStateError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// The PostgreSQL setting it is about; nil for the SQLite file.
    public let setting: PostgreSQLState?
    public var description: String { message }

    public init(message: String, setting: PostgreSQLState?) {
        self.message = message
        self.setting = setting
    }
}
