import Foundation
import StatePostgres
import Testing
import Workspace

/// The `state` setting of `xianqi.toml`: a URL, or a `[state]` table with a password file and
/// TLS; every mistake named by its key and line.
@Suite struct StateSettingTests {
    static func parse(_ text: String) throws(ConfigurationError) -> Configuration {
        try Configuration(parsing: text, path: "/etc/xianqi/xianqi.toml")
    }

    @Test func withoutStateTheSQLiteFileIsUsed() throws {
        let config = try Self.parse("ledgers = []\n")
        #expect(config.state == .sqlite)
    }

    @Test func aURLStringNamesTheServer() throws {
        let config = try Self.parse("ledgers = []\nstate = \"postgresql://xianqi@db1.office.example:5432/xianqi\"\n")
        let setting = try #require(config.state.postgresql)
        #expect(setting.url == "postgresql://xianqi@db1.office.example:5432/xianqi")
        #expect(setting.setting == "state" && setting.source == "/etc/xianqi/xianqi.toml:2")
        #expect(setting.tls == .disable && setting.passwordFile == nil)
        let pg = try PostgresStateConfiguration(setting)
        #expect(pg.host == "db1.office.example" && pg.port == 5432 && pg.user == "xianqi" && pg.database == "xianqi")
        #expect(pg.tls == .disable)
    }

    @Test func aTableGivesThePasswordFileAndTLSRelativeToTheConfiguration() throws {
        let config = try Self.parse("""
            ledgers = []

            [state]
            url = "postgresql://xianqi@db1:5432/xianqi"
            password_file = "pg-password"
            tls = "verify-full"
            ca_file = "/etc/ssl/ca.pem"
            """)
        let setting = try #require(config.state.postgresql)
        #expect(setting.passwordFile == "/etc/xianqi/pg-password")
        #expect(setting.caFile == "/etc/ssl/ca.pem")
        #expect(setting.tls == .verifyFull)
        #expect(setting.message("x") == "/etc/xianqi/xianqi.toml:4: error: state.url: x")
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let text: String
        let line: Int
        let says: String
        var testDescription: String { says }
    }

    @Test(arguments: [
        Bad(text: "state = 5432", line: 2, says: "state: 应为 URL 字符串或 [state] 表 (expected a URL string or a [state] table)"),
        Bad(text: "state = \"/var/lib/xianqi/state.sqlite\"", line: 2, says: "state: 应为 postgresql://user@host:port/db (expected a postgresql:// URL)"),
        Bad(text: "[state]\npassword_file = \"p\"", line: 2, says: "state: 缺少 url (no url in [state])"),
        Bad(text: "[state]\nurl = \"postgresql://x@h/db\"\nsslmode = \"require\"", line: 4, says: "state.sslmode: 未知配置项 (unknown key)"),
        Bad(text: "[state]\nurl = \"postgresql://x@h/db\"\ntls = \"prefer\"", line: 4, says: "state.tls: 应为 \"disable\"、\"require\"、\"verify-full\" 之一 (expected one of them) “prefer”"),
        Bad(text: "[state]\nurl = \"postgresql://x@h/db\"\nca_file = \"ca.pem\"", line: 4, says: "state.ca_file: 仅用于 tls = \"verify-full\""),
        Bad(text: "[state]\nurl = \"postgresql://x@h/db\"\npassword_file = \"\"", line: 4, says: "state.password_file: 应为非空字符串"),
    ])
    func aBadSettingIsNamedWithItsLine(_ bad: Bad) {
        #expect {
            try Self.parse("ledgers = []\n" + bad.text + "\n")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.line == bad.line && error.message.contains(bad.says)
        }
    }

    /// Mistakes only the URL's parser sees, named with the setting by the message.
    @Test func aPasswordInTheURLIsRefusedWithoutShowingIt() throws {
        let config = try Self.parse("ledgers = []\nstate = \"postgresql://xianqi:s3cret@db1/xianqi\"\n")
        let setting = try #require(config.state.postgresql)
        #expect {
            try PostgresStateConfiguration(setting)
        } throws: { error in
            let message = setting.message(error as! PostgresStateConfiguration.Invalid)
            return message.hasPrefix("/etc/xianqi/xianqi.toml:2: error: state: ")
                && message.contains("no password in the URL") && !message.contains("s3cret")
        }
    }

    @Test func aMissingPasswordFileIsNamed() throws {
        let setting = PostgreSQLState(url: "postgresql://xianqi@db1/xianqi", passwordFile: "/nonexistent/pg-password")
        #expect {
            try PostgresStateConfiguration(setting)
        } throws: { error in
            "\(error)".contains("无法读取密码文件 (cannot read the password file) /nonexistent/pg-password")
        }
    }
}
