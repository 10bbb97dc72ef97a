public import Settings

/// The `[board]` section of xianqi.toml: when an item turns yellow, and the optional tokens:
/// the office's, which sees everything, and each unit's, which sees only that unit.
///
///     [board]
///     yellow_within = 3                          # working days before the due date
///     token_file = "/etc/xianqi/board.token"     # optional; mode 0600 or 0400, else refused
///     listen = "127.0.0.1:8080"
///
///     [units."区财政局"]
///     board_token_file = "/etc/xianqi/board-czj.token"   # optional: this unit's pages only
public struct BoardSettings: Hashable, Sendable {
    /// Yellow when this many working days or fewer are left (the due day itself counts as 0).
    public var yellowWithin: Int
    /// A file holding the bearer token; nil: no token asked.
    public var tokenFile: String?
    /// Where to listen when `--listen` is not given.
    public var listen: String
    /// Each unit's token file (`[units."区财政局"] board_token_file`), by unit name.
    public var unitTokenFiles: [String: String] = [:]

    public init(yellowWithin: Int = 3, tokenFile: String? = nil, listen: String = "127.0.0.1:8080") {
        self.yellowWithin = yellowWithin
        self.tokenFile = tokenFile
        self.listen = listen
    }

    /// Reads the section and the units' `board_token_file`; `resolve` makes a path of the file
    /// absolute against the config's folder.
    public init(section: SettingsTable?, units: SettingsTable? = nil, path: String, resolve: (String) -> String) throws(BoardSettingsError) {
        self.init()
        for unit in units?.keys ?? [] {
            guard let v = units?[unit]?.table?["board_token_file"] else { continue }
            let key = "units.\(unit).board_token_file"
            guard let s = v.string, !s.isEmpty else { throw .invalid(path: path, key: key, value: "\(v)", expected: "文件路径 (a file path)") }
            unitTokenFiles[unit] = resolve(s)
        }
        guard let section else { return }
        for key in section.keys where !["yellow_within", "token_file", "listen"].contains(key) {
            throw .unknownKey(path: path, key: "board." + key)
        }
        if let v = section["yellow_within"] {
            guard let n = v.int, (0...60).contains(n) else { throw .invalid(path: path, key: "board.yellow_within", value: "\(v)", expected: "0 到 60 之间的工作日数 (working days, 0–60)") }
            yellowWithin = n
        }
        if let v = section["token_file"] {
            guard let s = v.string, !s.isEmpty else { throw .invalid(path: path, key: "board.token_file", value: "\(v)", expected: "文件路径 (a file path)") }
            tokenFile = resolve(s)
        }
        if let v = section["listen"] {
            guard let s = v.string, ListenAddress(s) != nil else { throw .invalid(path: path, key: "board.listen", value: "\(v)", expected: "主机:端口，如 127.0.0.1:8080 (host:port)") }
            listen = s
        }
    }
}

/// `127.0.0.1:8080`, `[::1]:8080`.
public struct ListenAddress: Hashable, Sendable {
    public let host: String
    public let port: Int

    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }
}

/// A `[board]` section that cannot be used.
public enum BoardSettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownKey(path: String, key: String)
    case invalid(path: String, key: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .unknownKey(path, key): "\(path): 未知配置项 (unknown key) \(key)"
        case let .invalid(path, key, value, expected): "\(path): \(key) 的值 \(value) 无效 (invalid value): 应为 \(expected)"
        }
    }
}
