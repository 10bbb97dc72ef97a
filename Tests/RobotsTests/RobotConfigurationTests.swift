import Foundation
import Robots
import Testing
import Workspace

/// `[units."…"]` with robots beside the address, `[office]` robots, `[robots]`: read by
/// Workspace's one TOML reader, turned into channels by Robots.
struct RobotConfigurationTests {
    static func directory(_ text: String) throws -> RobotDirectory {
        let config = try Configuration(parsing: text, path: "/etc/xianqi/xianqi.toml")
        return try RobotDirectory(units: config.section("units"), office: config.section("office"), robots: config.section("robots"),
                                  digest: config.section("digest"), path: config.path, resolve: config.resolve)
    }

    @Test("a unit's table gives its address and its robots; the office's robots get escalations")
    func unitsAndOffice() throws {
        let text = """
            [units]
            "区建设发展局" = "jsj@example.gov.cn"
            [units."区财政局"]
            email = ["czj@example.gov.cn", "bgs@example.gov.cn"]
            wecom = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K1"
            dingtalk = { url = "https://oapi.dingtalk.com/robot/send?access_token=T1", secret_file = "secrets/ding" }
            [office]
            email = "zgb@example.gov.cn"
            feishu = { url = "https://open.feishu.cn/open-apis/bot/v2/hook/H1", secret_file = "/etc/xianqi/feishu" }
            [digest]
            board_url = "https://zgb.example.gov.cn/board"
            """
        let config = try Configuration(parsing: text, path: "/etc/xianqi/xianqi.toml")
        #expect(config.unitEmails["区财政局"] == ["czj@example.gov.cn", "bgs@example.gov.cn"])
        #expect(config.unitEmails["区建设发展局"] == ["jsj@example.gov.cn"])
        let d = try Self.directory(text)
        #expect(d.units["区财政局"] == [
            RobotEndpoint(vendor: .wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K1"),
            RobotEndpoint(vendor: .dingtalk, url: "https://oapi.dingtalk.com/robot/send?access_token=T1", secretFile: "/etc/xianqi/secrets/ding"),
        ])
        #expect(d.units["区建设发展局"] == nil)
        #expect(d.channels(unit: "区财政局", toOffice: false).map(\.key) == ["wecom:区财政局", "dingtalk:区财政局"])
        #expect(d.channels(unit: "区财政局", toOffice: true).map(\.key) == ["wecom:区财政局", "dingtalk:区财政局", "feishu:整改办"])
        #expect(d.channels(unit: "区建设发展局", toOffice: false).isEmpty)
        #expect(d.settings.boardURL == "https://zgb.example.gov.cn/board")   // [digest] board_url, as [robots] has none
        #expect(d.settings.perMinute == 20 && d.settings.giveUpAfter == .seconds(3 * 86_400))
    }

    @Test("[robots] settings are read and checked", arguments: [
        ("board_url = \"https://dc.example/b\"\ngive_up_after = \"12h\"\nper_minute = 10\ntimeout = \"5s\"", nil),
        ("per_minute = 0", "robots.per_minute"),
        ("give_up_after = \"soon\"", "robots.give_up_after"),
        ("board_url = \"https://dc.example/b)[x](http://evil\"", "robots.board_url"),
        ("timeout = \"10m\"", "robots.timeout"),
        ("rate = 5", "robots.rate"),
    ] as [(String, String?)])
    func robotSettings(body: String, badKey: String?) throws {
        do {
            let d = try Self.directory("[robots]\n" + body)
            #expect(badKey == nil)
            #expect(d.settings == RobotSettings(boardURL: "https://dc.example/b", giveUpAfter: .seconds(12 * 3600), perMinute: 10, timeout: .seconds(5)))
        } catch let error as RobotError {
            let key = try #require(badKey)
            #expect(error.description.contains(key), "\(error)")
        }
    }

    @Test("a robot that is not a URL, or a signed 企业微信 robot, is an error naming the key", arguments: [
        ("[units.\"区财政局\"]\nwecom = \"not a url\"", "units.区财政局.wecom"),
        ("[units.\"区财政局\"]\nwecom = { url = \"https://qyapi.weixin.qq.com/x\", secret_file = \"s\" }", "units.区财政局.wecom"),
        ("[office]\ndingtalk = { url = \"https://oapi.dingtalk.com/robot/send\", secret = \"inline\" }", "office.dingtalk.secret"),
        ("[office]\nfeishu = 3", "office.feishu"),
    ])
    func badRobot(text: String, key: String) {
        #expect {
            _ = try Self.directory(text)
        } throws: { error in
            (error as? RobotError)?.description.contains(key) == true
        }
    }
}
