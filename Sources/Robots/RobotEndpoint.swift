import Foundation
public import Settings

/// One group robot: its vendor, its webhook address and, for 钉钉 and 飞书 with signing on,
/// the file that holds its secret (read when a message is signed, so the secret stays out of
/// the configuration file and of every log).
///
///     wecom = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
///     dingtalk = { url = "https://oapi.dingtalk.com/robot/send?access_token=…", secret_file = "/etc/xianqi/dingtalk.secret" }
///     feishu = { url = "https://open.feishu.cn/open-apis/bot/v2/hook/…", secret_file = "…" }
public struct RobotEndpoint: Hashable, Sendable {
    public var vendor: RobotVendor
    public var url: String
    public var secretFile: String?

    public init(vendor: RobotVendor, url: String, secretFile: String? = nil) {
        self.vendor = vendor
        self.url = url
        self.secretFile = secretFile
    }

    /// The robot's secret, without the line break an editor leaves at the end; nil when it has none.
    public func secret() throws(RobotError) -> String? {
        guard let secretFile else { return nil }
        guard let data = FileManager.default.contents(atPath: secretFile), let text = String(data: data, encoding: .utf8) else {
            throw .secretUnreadable(file: secretFile)
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A channel a notice goes out on: the recipient (an owner unit, or the office) and its robot.
/// ``key`` names it in the outbox, so that a message waiting to be sent follows the robot's
/// address when the configuration changes it.
public struct RobotChannel: Hashable, Sendable {
    /// The owner unit's name, or ``office``.
    public var recipient: String
    public var endpoint: RobotEndpoint

    /// The recipient name of the rectification office's own robots.
    public static let office = "整改办"

    public init(recipient: String, endpoint: RobotEndpoint) {
        self.recipient = recipient
        self.endpoint = endpoint
    }

    /// `wecom:区财政局`.
    public var key: String { "\(endpoint.vendor.rawValue):\(recipient)" }
}

/// The robots of the configuration: each unit's (`[units."区财政局"] wecom = …`) and the
/// office's (`[office] wecom = …`), with the `[robots]` settings.
///
///     [units."区财政局"]
///     email = "czj@example.gov.cn"
///     wecom = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
///
///     [robots]
///     board_url = "https://dc.example.gov.cn/board"   # the link under each 催办单 and digest
///     give_up_after = "3d"                              # then an err journal record
///     per_minute = 20                                   # per robot, the vendors' limit
///     timeout = "10s"                                   # no answer: retried later
public struct RobotDirectory: Hashable, Sendable {
    public var units: [String: [RobotEndpoint]]
    public var office: [RobotEndpoint]
    public var settings: RobotSettings

    public init(units: [String: [RobotEndpoint]] = [:], office: [RobotEndpoint] = [], settings: RobotSettings = RobotSettings()) {
        self.units = units
        self.office = office
        self.settings = settings
    }

    /// Whether any robot is configured.
    public var isEmpty: Bool { office.isEmpty && units.values.allSatisfy(\.isEmpty) }

    /// The channels of a unit's notices: the unit's robots, and the office's as well when
    /// `toOffice` (escalations).
    public func channels(unit: String, toOffice: Bool) -> [RobotChannel] {
        var result = (units[unit] ?? []).map { RobotChannel(recipient: unit, endpoint: $0) }
        if toOffice { result += office.map { RobotChannel(recipient: RobotChannel.office, endpoint: $0) } }
        return result
    }

    /// Every channel, the office's first.
    public var allChannels: [RobotChannel] {
        office.map { RobotChannel(recipient: RobotChannel.office, endpoint: $0) }
            + units.keys.sorted().flatMap { unit in units[unit, default: []].map { RobotChannel(recipient: unit, endpoint: $0) } }
    }

    /// The channel of an outbox key, as the configuration has it now; nil when it was removed.
    public func channel(key: String) -> RobotChannel? {
        allChannels.first { $0.key == key }
    }

    /// Reads the robots from the `units`, `office` and `robots` sections; `resolve` makes a
    /// secret file's path absolute against the configuration's folder. Without
    /// `robots.board_url`, the board link is `digest`'s `board_url` (the same board).
    public init(units: SettingsTable?, office: SettingsTable?, robots: SettingsTable?, digest: SettingsTable? = nil,
                path: String, resolve: (String) -> String) throws(RobotError) {
        self.init()
        settings = try RobotSettings(section: robots, path: path)
        if settings.boardURL == nil, let url = digest?["board_url"]?.string { settings.boardURL = BoardLink(url)?.url }
        for unit in units?.keys ?? [] {
            guard let table = units?[unit]?.table else { continue }
            let endpoints = try Self.endpoints(in: table, at: "units.\(unit)", path: path, resolve: resolve)
            if !endpoints.isEmpty { self.units[unit] = endpoints }
        }
        if let office {
            self.office = try Self.endpoints(in: office, at: "office", path: path, resolve: resolve)
        }
    }

    private static func endpoints(in table: SettingsTable, at keyPath: String, path: String,
                                  resolve: (String) -> String) throws(RobotError) -> [RobotEndpoint] {
        var result: [RobotEndpoint] = []
        for vendor in RobotVendor.allCases {
            guard let value = table[vendor.rawValue] else { continue }
            let key = "\(keyPath).\(vendor.rawValue)"
            let url: String, secret: String?
            if let s = value.string {
                (url, secret) = (s, nil)
            } else if let t = value.table, let s = t["url"]?.string {
                for k in t.keys where !["url", "secret_file"].contains(k) {
                    throw .invalidSetting(path: path, key: "\(key).\(k)", message: "未知配置项 (unknown key); 可用: url, secret_file")
                }
                url = s
                secret = t["secret_file"]?.string.map(resolve)
            } else {
                throw .invalidSetting(path: path, key: key, message: "应为网址，或 { url = \"…\", secret_file = \"…\" } (expected a URL or a table)")
            }
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw .invalidSetting(path: path, key: key, message: "网址无效 (not an http(s) URL) “\(url)”")
            }
            if vendor == .wecom, secret != nil {
                throw .invalidSetting(path: path, key: key, message: "企业微信群机器人没有签名密钥，请去掉 secret_file (WeCom robots are not signed)")
            }
            result.append(RobotEndpoint(vendor: vendor, url: url, secretFile: secret))
        }
        return result
    }
}

/// The `[robots]` section: the board's address for links, the give-up age, the rate limit.
public struct RobotSettings: Hashable, Sendable {
    /// The board (`xianqi board` behind the office's proxy) that each 催办单 and digest links to.
    public var boardURL: String?
    /// A message still unsent this long after it was composed is given up (an err journal record).
    public var giveUpAfter: Duration
    /// Messages per robot per minute (企业微信 and 钉钉 document 20; 飞书 100 and 5 a second).
    public var perMinute: Int
    /// How long to wait for a robot's answer before counting the attempt as a timeout.
    public var timeout: Duration

    public init(boardURL: String? = nil, giveUpAfter: Duration = .seconds(3 * 86_400), perMinute: Int = 20,
                timeout: Duration = .seconds(10)) {
        self.boardURL = boardURL
        self.giveUpAfter = giveUpAfter
        self.perMinute = perMinute
        self.timeout = timeout
    }

    init(section: SettingsTable?, path: String) throws(RobotError) {
        self.init()
        guard let section else { return }
        for key in section.keys where !["board_url", "give_up_after", "per_minute", "timeout"].contains(key) {
            throw .invalidSetting(path: path, key: "robots.\(key)", message: "未知配置项 (unknown key); 可用: board_url, give_up_after, per_minute, timeout")
        }
        if let v = section["board_url"] {
            guard let s = v.string, let link = BoardLink(s) else {
                throw .invalidSetting(path: path, key: "robots.board_url", message: "应为 http(s) 网址，不含空格和括号 (an http(s) URL without spaces or brackets)")
            }
            boardURL = link.url
        }
        if let v = section["give_up_after"] {
            guard let s = v.string, let d = Self.duration(s) else {
                throw .invalidSetting(path: path, key: "robots.give_up_after", message: "应为时长，如 \"3d\"、\"12h\"、\"90m\" (a duration)")
            }
            giveUpAfter = d
        }
        if let v = section["timeout"] {
            guard let s = v.string, let d = Self.duration(s), d <= .seconds(120) else {
                throw .invalidSetting(path: path, key: "robots.timeout", message: "应为不超过 120 秒的时长，如 \"10s\" (a duration up to 120 s)")
            }
            timeout = d
        }
        if let v = section["per_minute"] {
            guard let n = v.int, (1...100).contains(n) else {
                throw .invalidSetting(path: path, key: "robots.per_minute", message: "应为 1 到 100 的整数 (1–100)")
            }
            perMinute = n
        }
    }

    /// `3d`, `12h`, `90m`, `30s`.
    static func duration(_ text: String) -> Duration? {
        guard let unit = text.last, let n = Int(text.dropLast()), n > 0 else { return nil }
        switch unit {
        case "d": return .seconds(n * 86_400)
        case "h": return .seconds(n * 3600)
        case "m": return .seconds(n * 60)
        case "s": return .seconds(n)
        default: return nil
        }
    }
}
