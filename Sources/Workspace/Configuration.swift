import ChineseDates
import Foundation
import Ledger
public import Settings
import TOMLKit

/// `xianqi.toml`: where the ledgers are, whose they are, and how the office works.
/// The documented example is `Config/xianqi.toml`; paths in it are relative to the file.
public struct Configuration: Sendable {
    /// The file it was read from.
    public let path: String
    /// The directory relative paths are resolved against.
    public let directory: String
    /// IANA time zone of the office (default Asia/Shanghai).
    public var timeZone: TimeZone
    /// A fixed "today" for testing and for replaying a past day; nil means the clock.
    public var today: CivilDate?
    /// What relative dates in ledgers that state no date of their own are read against.
    public var reference: CivilDate?
    /// Ledger files and glob patterns, as written, with the prefix each gives its ids.
    public var ledgerSources: [LedgerSource]
    /// Owner unit → addresses, for units whose ledger rows give none.
    public var unitEmails: [String: [String]]
    /// The rectification office (整改办): receives the full digest.
    public var officeEmail: [String]
    /// The sender of xianqi's mail.
    public var mailFrom: String?
    /// Where state lives (the database, the mail spool); default `/var/lib/xianqi`. With the
    /// state on PostgreSQL (``state``), the host's own mail spool and queue.
    public var stateDirectory: String
    /// Where the sent log and the audit trail live: the SQLite file in ``stateDirectory``
    /// (no `state` key), or a PostgreSQL server shared by several hosts.
    public var state: StateSetting
    /// The holiday file; default `holidays-cn.toml` beside the configuration, else `/etc/xianqi/holidays-cn.toml`.
    public var holidayFile: String?
    /// The file's text, for naming its lines in messages (``line(of:)``).
    public let text: String
    /// Addresses in `[units]` that cannot be mailed. Each is left out of ``unitEmails`` (its unit
    /// keeps its other addresses), so one typo does not stop every command; `check` reports them
    /// as errors, the other commands as warnings.
    public let addressProblems: [ConfigurationError]
    /// The whole file as plain values, parsed once: other modules read their own sections
    /// (`[reminders]`, `[digest]`, `[board]`) from it with ``section(_:)``.
    private let root: SettingsTable
    private let lines: KeyLines

    public static let defaultPath = "/etc/xianqi/xianqi.toml"
    public static let defaultStateDirectory = "/var/lib/xianqi"

    static let knownKeys: Set<String> = ["timezone", "today", "reference", "state_directory", "holidays",
                                         "ledgers", "units", "office", "reminders", "mail", "digest", "board", "state", "robots"]

    /// Reads and checks a configuration file.
    public init(contentsOf path: String) throws(ConfigurationError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(path: path, line: nil, message: FileManager.default.fileExists(atPath: path)
                ? "无法读取配置文件 (cannot read: \((error as NSError).localizedDescription))"
                : "配置文件不存在 (no such file)")
        }
        try self.init(parsing: text, path: path)
    }

    public init(parsing text: String, path: String) throws(ConfigurationError) {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(path: path, line: error.source.begin.line, message: "TOML 语法错误 (syntax error): \(error.description)")
        } catch {
            throw ConfigurationError(path: path, line: nil, message: "TOML 语法错误 (syntax error): \(error)")
        }
        let lines = KeyLines(text)
        func fail(_ key: String, _ message: String) -> ConfigurationError {
            ConfigurationError(path: path, line: lines[key], message: "\(key): \(message)")
        }
        self.path = path
        let dir = (path as NSString).deletingLastPathComponent
        directory = dir.isEmpty ? "." : dir

        if let unknown = root.keys.sorted().first(where: { !Self.knownKeys.contains($0) }) {
            throw fail(unknown, "未知配置项 (unknown key); 可用: \(Self.knownKeys.sorted().joined(separator: ", "))")
        }
        let zoneName = root["timezone"]?.string ?? "Asia/Shanghai"
        guard let zone = TimeZone(identifier: zoneName) else { throw fail("timezone", "未知时区“\(zoneName)” (unknown time zone)") }
        timeZone = zone
        func date(_ key: String) throws(ConfigurationError) -> CivilDate? {
            guard let v = root[key] else { return nil }
            if let d = v.date, let c = CivilDate(year: d.year, month: d.month, day: d.day) { return c }
            if let s = v.string, let c = CivilDate(s) { return c }
            throw fail(key, "应为日期 YYYY-MM-DD (expected a date)")
        }
        today = try date("today")
        reference = try date("reference")
        stateDirectory = root["state_directory"]?.string ?? Self.defaultStateDirectory
        holidayFile = root["holidays"]?.string
        state = try Self.stateSetting(root["state"], path: path, lines: lines) { file in
            file.hasPrefix("/") ? file : ((dir.isEmpty ? "." : dir) as NSString).appendingPathComponent(file)
        }

        var patterns: [LedgerSource] = []
        if let ledgers = root["ledgers"] {
            let items: [any TOMLValueConvertible]
            if let array = ledgers.array {
                items = Array(array)
            } else if ledgers.string != nil {
                items = [ledgers]
            } else {
                throw fail("ledgers", "应为路径数组，如 ledgers = [\"ledgers/*.xlsx\"] (expected an array of paths)")
            }
            for item in items {
                if let pattern = item.string {
                    patterns.append(LedgerSource(pattern: pattern, prefix: nil))
                } else if let table = item.table, let pattern = table["path"]?.string {
                    patterns.append(LedgerSource(pattern: pattern, prefix: table["prefix"]?.string))
                } else {
                    throw fail("ledgers", "每项应为路径或 { path = \"…\", prefix = \"…\" } (each entry: a path or { path, prefix })")
                }
            }
        }
        ledgerSources = patterns

        var units: [String: [String]] = [:]
        var problems: [ConfigurationError] = []
        if let table = root["units"]?.table {
            for key in table.keys {
                // `"区财政局" = "addr"`, or a table with its robots beside: `[units."区财政局"] email = …, wecom = …`.
                let value = table[key]?.table?["email"] ?? table[key]
                let addresses = value?.string.map { [$0] } ?? value?.array?.compactMap(\.string) ?? []
                units[key] = addresses.filter { address in
                    if EmailAddress.isValid(address) { return true }
                    problems.append(ConfigurationError(
                        path: path, line: lines["units.\(key)"],
                        message: "units.\(key): 邮箱地址无效，已略去 (invalid email address, left out) “\(address)”"))
                    return false
                }
            }
        }
        unitEmails = units
        addressProblems = problems
        let office = root["office"]?.table
        officeEmail = office?["email"]?.string.map { [$0] } ?? office?["email"]?.array?.compactMap(\.string) ?? []
        mailFrom = office?["from"]?.string
        for a in officeEmail + (mailFrom.map { [$0] } ?? []) where !EmailAddress.isValid(a) {
            throw fail("office", "邮箱地址无效 (invalid email address) “\(a)”")
        }
        self.text = text
        self.root = Self.settings(root)
        self.lines = lines
    }

    /// A section of the file (`reminders`, `digest`, `board`), or nil when absent.
    public func section(_ name: String) -> SettingsTable? {
        root[name]?.table
    }

    /// The line of `table.key` in the file, for messages.
    public func line(of keyPath: String) -> Int? { lines[keyPath] }

    /// TOMLKit's tree as plain values, once per file.
    static func settings(_ table: TOMLTable) -> SettingsTable {
        SettingsTable(table.keys.compactMap { key in table[key].map { (key, settingsValue($0)) } })
    }

    private static func settingsValue(_ value: any TOMLValueConvertible) -> SettingsValue {
        if let t = value.table { return .table(settings(t)) }
        if let a = value.array { return .array(a.map(settingsValue)) }
        if let s = value.string { return .string(s) }
        if let b = value.bool { return .boolean(b) }
        if let n = value.int { return .integer(n) }
        if let d = value.double { return .float(d) }
        if let d = value.date { return .dateTime(String(format: "%04d-%02d-%02d", d.year, d.month, d.day)) }
        return .dateTime(value.debugDescription)
    }

    /// A path from the file, made absolute against the file's directory.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
    }

    /// The ledger files the patterns name, in order, each once. A pattern that matches nothing
    /// is reported, not ignored: a renamed file must not silently drop its measures.
    public func ledgerFiles() -> (files: [(path: String, prefix: String?)], unmatched: [String]) {
        var files: [(path: String, prefix: String?)] = []
        var unmatched: [String] = []
        for source in ledgerSources {
            let matches = Glob.expand(resolve(source.pattern))
            if matches.isEmpty { unmatched.append(source.pattern) }
            for m in matches where !files.contains(where: { $0.path == m }) { files.append((m, source.prefix)) }
        }
        return (files, unmatched)
    }

    /// The holiday file to use.
    public var holidayFilePath: String {
        if let holidayFile { return resolve(holidayFile) }
        let beside = resolve("holidays-cn.toml")
        return FileManager.default.fileExists(atPath: beside) ? beside : "/etc/xianqi/holidays-cn.toml"
    }
}

/// A ledger file or glob of the configuration. `prefix` keeps ids unique when several
/// ledgers number their rows 1, 2, 3…: the measure "7" of a ledger with prefix "XJ" is "XJ-7".
public struct LedgerSource: Hashable, Sendable {
    public var pattern: String
    public var prefix: String?
}

/// A configuration that cannot be used, with the file and line.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let message: String

    public var description: String {
        "\(path)\(line.map { ":\($0)" } ?? ""): error: \(message)"
    }

    /// The same, as a warning: for a problem the command worked around (``Configuration/addressProblems``).
    public var warningDescription: String {
        "\(path)\(line.map { ":\($0)" } ?? ""): warning: \(message)"
    }
}

/// First line of each `key =` and `[table]`, as `table.key`, for messages.
struct KeyLines {
    private var lines: [String: Int] = [:]

    init(_ text: String) {
        var section = ""
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("["), let end = line.firstIndex(of: "]") {
                section = line[line.index(after: line.startIndex)..<end].trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                if lines[section] == nil { lines[section] = n + 1 }
            } else if !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") {
                let key = line[..<eq].trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
                let path = section.isEmpty ? key : "\(section).\(key)"
                if lines[path] == nil { lines[path] = n + 1 }
            }
        }
    }

    subscript(key: String) -> Int? { lines[key] }
}

enum Glob {
    /// Paths matching a shell pattern, sorted; a path without wildcards is returned if it exists.
    static func expand(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard glob(pattern, 0, nil, &g) == 0 else { return [] }
        return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
