import Mail
import Schedule
public import Settings

/// The `[digest]` section of `xianqi.toml`; every key is optional:
///
///     [digest]
///     upcoming = "2w"          # how far ahead "due soon" looks: 14d, 2w, 10workdays
///     per_unit = true          # also send each owner unit its own digest
///     cc_leaders = true        # copy responsible leaders on their unit's digest (see below)
///     items_per_unit = 20      # list each unit's 20 worst items; the rest as counts and a board link
///     max_bytes = 1000000      # no message over 1 MB: fewer items are listed until it fits
///     board_url = "https://zgb.example.gov.cn/board"   # the office board, for those links
///
///     [digest.leaders]         # leaders' addresses by owner unit, for ledgers that give none
///     "中共湾沚区委" = "shuji@wanzhi.example.gov.cn"
///
/// A leader is copied on a unit's digest for the unit's items overdue long enough to have been
/// escalated under the `[reminders]` policy (`escalate_after`, 7 days by default): the leader
/// the ledger names for that item (its 领导邮箱), and the unit's `[digest.leaders]` addresses.
public struct DigestSettings: Hashable, Sendable {
    /// How far ahead "due soon" looks.
    public var lookAhead: LookAhead
    /// Whether each owner unit with news gets its own digest besides the office's.
    public var perUnit: Bool
    /// Whether leaders are copied on their unit's digest.
    public var ccLeaders: Bool
    /// Owner unit → leader addresses (`[digest.leaders]`).
    public var leaders: [String: [String]]
    /// How many items of each unit each list shows (``Digest/listLimit``); 0: counts only.
    public var itemsPerUnit: Int
    /// The largest message, in bytes (text and HTML parts as rendered).
    public var maxBytes: Int
    /// The office board, for the links to what is not listed.
    public var boardURL: String?

    public init(lookAhead: LookAhead = .weeks(2), perUnit: Bool = true, ccLeaders: Bool = true,
                leaders: [String: [String]] = [:], itemsPerUnit: Int = 20, maxBytes: Int = 1_000_000,
                boardURL: String? = nil) {
        self.lookAhead = lookAhead
        self.perUnit = perUnit
        self.ccLeaders = ccLeaders
        self.leaders = leaders
        self.itemsPerUnit = itemsPerUnit
        self.maxBytes = maxBytes
        self.boardURL = boardURL
    }

    static let keys: Set<String> = ["upcoming", "per_unit", "cc_leaders", "leaders", "items_per_unit", "max_bytes", "board_url"]

    /// Reads the section; nil gives the defaults.
    ///
    /// - Parameters:
    ///   - section: `configuration.section("digest")`.
    ///   - path: the configuration file, for messages.
    ///   - line: the line of a key path (`digest.upcoming`): `configuration.line(of:)`.
    /// - Throws: ``DigestSettingsError`` naming the file, line and key.
    public init(section: SettingsTable?, path: String, line: (String) -> Int? = { _ in nil }) throws(DigestSettingsError) {
        self.init()
        guard let section else { return }
        func invalid(_ key: String, _ value: SettingsValue, _ expected: String) -> DigestSettingsError {
            .invalid(path: path, line: line(key), key: key,
                     value: value.string.map { "\"\($0)\"" } ?? value.debugDescription, expected: expected)
        }
        if let unknown = section.keys.sorted().first(where: { !Self.keys.contains($0) }) {
            throw .unknownKey(path: path, line: line("digest.\(unknown)"), key: "digest.\(unknown)", allowed: Self.keys.sorted())
        }
        if let v = section["upcoming"] {
            guard let text = v.string, let span = LookAhead(text) else {
                throw invalid("digest.upcoming", v, "应为 14d、2w 或 10workdays 这样的时长 (expected a span such as 14d, 2w or 10workdays)")
            }
            lookAhead = span
        }
        for (key, keyPath) in [("per_unit", \DigestSettings.perUnit), ("cc_leaders", \DigestSettings.ccLeaders)] {
            guard let v = section[key] else { continue }
            guard let flag = v.bool else { throw invalid("digest.\(key)", v, "应为 true 或 false (expected true or false)") }
            self[keyPath: keyPath] = flag
        }
        if let v = section["items_per_unit"] {
            guard let n = v.int, (0...10_000).contains(n) else {
                throw invalid("digest.items_per_unit", v, "应为 0 到 10000 之间的整数 (expected a whole number, 0–10000)")
            }
            itemsPerUnit = n
        }
        if let v = section["max_bytes"] {
            guard let n = v.int, (20_000...50_000_000).contains(n) else {
                throw invalid("digest.max_bytes", v, "应为 20000 到 50000000 之间的字节数 (expected bytes, 20000–50000000)")
            }
            maxBytes = n
        }
        if let v = section["board_url"] {
            guard let url = v.string, url.hasPrefix("https://") || url.hasPrefix("http://"), !url.contains(where: \.isWhitespace) else {
                throw invalid("digest.board_url", v, "应为 http:// 或 https:// 开头的网址 (expected an http(s) URL)")
            }
            boardURL = url
        }
        if let v = section["leaders"] {
            guard let table = v.table else {
                throw invalid("digest.leaders", v, "应为表 [digest.leaders]：责任单位 = 邮箱 (expected a table: unit = address or [addresses])")
            }
            for unit in table.keys.sorted() {
                let key = "digest.leaders.\(unit)"
                guard let value = table[unit] else { continue }
                let addresses = value.string.map { [$0] } ?? value.array?.compactMap(\.string)
                guard let addresses, !addresses.isEmpty, value.array.map({ $0.count == addresses.count }) ?? true else {
                    throw invalid(key, value, "应为邮箱或邮箱数组 (expected an address or an array of addresses)")
                }
                for address in addresses {
                    if let problem = MailAddress.problem(with: address) {
                        throw .invalid(path: path, line: line(key), key: key, value: "\"\(address)\"",
                                       expected: "邮箱地址无效 (invalid email address): \(problem)")
                    }
                }
                leaders[unit] = addresses
            }
        }
    }
}

/// Why the `[digest]` section cannot be used. Messages are Chinese with English in parentheses.
public enum DigestSettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A key the section does not know, often a typo.
    case unknownKey(path: String, line: Int?, key: String, allowed: [String])
    /// A value of the wrong type; `expected` is bilingual.
    case invalid(path: String, line: Int?, key: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .unknownKey(path, line, key, allowed):
            "\(path)\(line.map { ":\($0)" } ?? ""): 未知的周报配置项 \(key) (unknown key \(key)); 可用 (allowed): \(allowed.joined(separator: ", "))"
        case let .invalid(path, line, key, value, expected):
            "\(path)\(line.map { ":\($0)" } ?? ""): \(key) 的值 \(value) 无效 (invalid value): \(expected)"
        }
    }
}
