import Foundation
import MailTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `xianqi board` as a process on a free loopback port, queried with curl: the sample ledgers
/// and one hostile ledger, in a temporary state directory.
@Suite(.serialized) struct BoardServerProcessTests {
    static let hostileText = "<script>alert(1)</script>\"'&\r\nATTENDEE:mailto:evil@example.com\nEND:VEVENT;,\\ 整改"
    static let hostileUnit = "区<b>恶意</b>局"

    /// A configuration over the five sample ledgers plus `hostile.toml`, and the server on it.
    final class Site {
        let dir: TemporaryDirectory
        let process: SpawnedProcess
        let port: Int
        var base: String { "http://127.0.0.1:\(port)" }
        var config: String { dir.appending("xianqi.toml") }

        init(extraConfig: String = "", expectFailure: Bool = false) throws {
            dir = try TemporaryDirectory("xianqi-board")
            let root = repositoryRoot.path
            try FileManager.default.createDirectory(atPath: dir.appending("state"), withIntermediateDirectories: true)
            try Self.writeHostile(to: dir.appending("hostile.toml"), due: "2024-11-01")
            let ledgers = ["hefei-gaoxin.toml", "wanzhi.yaml", "xiangjiang.xlsx", "xuancheng-jingkai.csv", "zhuhai-gaoxin-gb18030.csv"]
                .map { "\"\(root)/Config/ledgers/\($0)\"" } + ["\"hostile.toml\""]
            try """
            timezone = "Asia/Shanghai"
            today = 2024-11-21
            state_directory = "state"
            holidays = "\(root)/Config/holidays-cn.toml"
            ledgers = [\(ledgers.joined(separator: ", "))]
            \(extraConfig)
            """.write(toFile: dir.appending("xianqi.toml"), atomically: true, encoding: .utf8)
            let log = dir.appending("board.log")
            process = try XianqiProcess.start(["board", "-c", dir.appending("xianqi.toml"), "--listen", "127.0.0.1:0"], log: log)
            var found: Int?
            for _ in 0..<600 where found == nil && process.isRunning {
                usleep(50_000)
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                if let r = text.range(of: "listening on http://127.0.0.1:") {
                    found = Int(text[r.upperBound...].prefix { $0.isNumber })
                }
            }
            if !expectFailure { guard found != nil else { throw TestSupportFailure("board did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")") } }
            else { process.waitUntilExit() }
            port = found ?? 0
        }

        static func writeHostile(to path: String, due: String) throws {
            try """
            reference = 2024-11-21

            [[measure]]
            id = "EV-1"
            measure = \(tomlString(BoardServerProcessTests.hostileText))
            unit = \(tomlString(BoardServerProcessTests.hostileUnit))
            leader = "<i>领导</i>"
            deadline = "\(due)"
            """.write(toFile: path, atomically: true, encoding: .utf8)
        }

        static func tomlString(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n") + "\""
        }

        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGTERM); process.waitUntilExit() }
            dir.remove()
        }
    }

    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// curl, with the path percent-encoded as a browser sends it.
    static func get(_ url: String, headers: [String] = [], method: String = "GET") throws -> Reply {
        let bodyFile = NSTemporaryDirectory() + "board-body-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: bodyFile) }
        let head = try ChildProcess.run("/usr/bin/curl", ["-s", "-g", "-X", method, "-D", "-", "-o", bodyFile, "--max-time", "30"]
                                            + headers.flatMap { ["-H", $0] } + [url]).stdout
        let lines = head.components(separatedBy: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Reply(status: status, headers: fields, body: (try? Data(contentsOf: URL(fileURLWithPath: bodyFile))) ?? Data())
    }

    /// Every byte but ASCII letters and digits percent-encoded, as a browser sends a path.
    static func encoded(_ s: String) -> String {
        s.utf8.map { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                ? String(UnicodeScalar(b)) : String(format: "%%%02X", b)
        }.joined()
    }

    @Test func servesTheBoardUnitAndMeasurePages() throws {
        let site = try Site()
        defer { site.stop() }
        let index = try Self.get(site.base + "/")
        #expect(index.status == 200)
        #expect(index.headers["content-type"] == "text/html; charset=utf-8")
        #expect(index.text.contains("按期办结率"))
        #expect(index.text.contains("宣城经开区党工委"))
        let unit = try Self.get(site.base + "/unit/" + Self.encoded("宣城经开区党工委"))
        #expect(unit.status == 200)
        #expect(unit.text.contains("剩余/逾期"))
        let measure = try Self.get(site.base + "/measure/EV-1")
        #expect(measure.status == 200)
        #expect(measure.text.contains("hostile.toml:"))     // the source, file:line
        #expect(try Self.get(site.base + "/healthz").text == "ok\n")
        #expect(try Self.get(site.base + "/unit/" + Self.encoded("没有这个单位")).status == 404)
        #expect(try Self.get(site.base + "/api/v1/overdue", headers: ["X-HTTP-Method-Override: DELETE"]).status == 200)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.dir.appending("state")).isEmpty, "the board wrote to the state directory")
    }

    @Test func theAPIMatchesTheCLIsJSON() throws {
        let site = try Site()
        defer { site.stop() }
        let api = try Self.get(site.base + "/api/v1/overdue")
        let cli = try XianqiProcess.run(["overdue", "-c", site.config, "--format", "json"])
        #expect(api.status == 200)
        #expect(api.text == cli.stdout)
        let upcoming = try Self.get(site.base + "/api/v1/upcoming?within=2w")
        let cliUpcoming = try XianqiProcess.run(["upcoming", "-c", site.config, "--within", "2w", "--format", "json"])
        #expect(upcoming.text == cliUpcoming.stdout)
        let measures = try Self.get(site.base + "/api/v1/measures?unit=" + Self.encoded("宣城") + "&status=" + Self.encoded("推进中"))
        let cliMeasures = try XianqiProcess.run(["list", "-c", site.config, "--unit", "宣城", "--status", "推进中", "--format", "json"])
        #expect(measures.text == cliMeasures.stdout)
        let units = try JSONSerialization.jsonObject(with: try Self.get(site.base + "/api/v1/units").body) as? [String: Any]
        #expect((units?["units"] as? [Any])?.isEmpty == false)
        #expect(try Self.get(site.base + "/api/v1/measures?status=nonsense").status == 400)
    }

    @Test func etagsRoundTripAndFollowLedgerEdits() throws {
        let site = try Site()
        defer { site.stop() }
        for path in ["/", "/api/v1/overdue", "/calendar/all.ics", "/healthz"] {
            let first = try Self.get(site.base + path)
            let tag = try #require(first.headers["etag"])
            let again = try Self.get(site.base + path, headers: ["If-None-Match: \(tag)"])
            #expect(again.status == 304, "\(path)")
            #expect(again.body.isEmpty)
            #expect(again.headers["etag"] == tag)
        }
        let before = try Self.get(site.base + "/api/v1/overdue")
        // The hostile item moves from overdue to next year: the board reads the ledger again.
        try Site.writeHostile(to: site.dir.appending("hostile.toml"), due: "2025-12-31")
        let after = try Self.get(site.base + "/api/v1/overdue", headers: ["If-None-Match: \(before.headers["etag"] ?? "")"])
        #expect(after.status == 200)
        #expect(after.headers["etag"] != before.headers["etag"])
        #expect(before.text.contains("EV-1"))
        #expect(!after.text.contains("EV-1"))
    }

    @Test func anExtensionRecordedByTheCLIBumpsTheSequenceAndTheTrail() throws {
        let site = try Site()
        defer { site.stop() }
        let before = try Self.get(site.base + "/calendar/all.ics")
        #expect(before.text.contains("SEQUENCE:0"))
        let extend = try XianqiProcess.run(["extend", "EV-1", "--to", "2024-12-31", "--reason", "等待<b>批复</b>", "-c", site.config])
        #expect(extend.status == 0, "\(extend.stderr)")
        let feed = try Self.get(site.base + "/calendar/" + Self.encoded(Self.hostileUnit) + ".ics", headers: ["If-None-Match: \(before.headers["etag"] ?? "")"])
        #expect(feed.status == 200)
        #expect(feed.text.contains("SEQUENCE:1"))
        #expect(feed.text.contains("DTSTART;VALUE=DATE:20241231"))
        let page = try Self.get(site.base + "/measure/EV-1")
        #expect(page.text.contains("延期至 2024-12-31"))
        #expect(page.text.contains("等待&lt;b&gt;批复&lt;/b&gt;"))
        let units = try Self.get(site.base + "/api/v1/units")
        #expect(units.text.contains("\"extended\":1"))
        #expect(try Self.get(site.base + "/api/v1/overdue", method: "POST").status == 405)
        #expect(try Self.get(site.base + "/api/v1/overdue", method: "DELETE").status == 405)
    }

    @Test func hostileLedgerTextIsHarmlessInHTMLAndJSON() throws {
        let site = try Site()
        defer { site.stop() }
        for path in ["/", "/unit/" + Self.encoded(Self.hostileUnit), "/measure/EV-1"] {
            let page = try Self.get(site.base + path)
            #expect(page.status == 200, "\(path)")
            #expect(!page.text.contains("<script>"))
            #expect(!page.text.contains("<b>恶意"))
            #expect(!page.text.contains("<i>领导"))
        }
        #expect(try Self.get(site.base + "/measure/EV-1").text.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"))
        let json = try Self.get(site.base + "/api/v1/measures?unit=" + Self.encoded("恶意"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: json.body) as? [[String: Any]])
        #expect(parsed.first?["measure"] as? String == Self.hostileText)
        #expect(json.headers["content-security-policy"]?.contains("default-src 'none'") == true)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Python.debian)))
    func calendarFeedsParseWithIcalendar() throws {
        let site = try Site()
        defer { site.stop() }
        let all = try Self.get(site.base + "/calendar/all.ics")
        #expect(all.status == 200)
        #expect(all.headers["content-type"] == "text/calendar; charset=utf-8")
        for line in all.text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        let unit = try Self.get(site.base + "/calendar/" + Self.encoded(Self.hostileUnit) + ".ics")
        let file = site.dir.appending("unit.ics")
        try unit.body.write(to: URL(fileURLWithPath: file))
        try all.body.write(to: URL(fileURLWithPath: site.dir.appending("all.ics")))
        let script = """
            import sys, icalendar
            allcal = icalendar.Calendar.from_ical(open(sys.argv[2], 'rb').read())
            events = [c for c in allcal.walk('VEVENT')]
            assert len(events) > 10, len(events)
            assert len({str(e['UID']) for e in events}) == len(events), 'UIDs repeat'
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            ev = [c for c in cal.walk('VEVENT')]
            assert len(ev) == 1, len(ev)
            e = ev[0]
            assert 'ATTENDEE' not in e, 'injected property'
            assert str(e['SUMMARY']).endswith(sys.argv[3]), repr(str(e['SUMMARY']))
            assert e['DTSTART'].dt.isoformat() == '2024-11-01', e['DTSTART'].dt
            assert len(list(e.walk('VALARM'))) == 1, 'an open item has its alarm'
            import datetime
            trigger = list(e.walk('VALARM'))[0]['TRIGGER'].dt
            assert trigger == -datetime.timedelta(hours=711), trigger   # 30 days before, 09:00
            print('ok', len(events))
            """
        // The summary keeps the text; the CRLF became one line break (\\n).
        let python = try ChildProcess.run(Python.executable, ["-c", script, file, site.dir.appending("all.ics"),
                                                              Self.hostileText.replacingOccurrences(of: "\r\n", with: "\n")])
        let text = python.output
        #expect(python.status == 0, "\(text)")
        #expect(text.hasPrefix("ok"))
    }

    @Test func aTokenFileOthersCanReadIsRefused() throws {
        let dir = try TemporaryDirectory("xianqi-board-token")
        defer { dir.remove() }
        let path = dir.appending("token")
        try "0123456789abcdef0123".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
        let site = try Site(extraConfig: "[board]\ntoken_file = \"\(path)\"", expectFailure: true)
        defer { site.stop() }
        #expect(site.process.terminationStatus == 2)
        #expect(try String(contentsOfFile: site.dir.appending("board.log"), encoding: .utf8).contains("readable by others"))
    }

    @Test func aTokenIsAskedForEverywhereButHealthz() throws {
        let dir = try TemporaryDirectory("xianqi-board-token")
        defer { dir.remove() }
        let path = dir.appending("token")
        try "0123456789abcdef0123\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        let site = try Site(extraConfig: "[board]\ntoken_file = \"\(path)\"")
        defer { site.stop() }
        #expect(try Self.get(site.base + "/").status == 401)
        #expect(try Self.get(site.base + "/api/v1/units", headers: ["Authorization: Bearer wrong-token-wrong-token"]).status == 401)
        #expect(try Self.get(site.base + "/api/v1/units", headers: ["Authorization: Bearer 0123456789abcdef0123"]).status == 200)
        #expect(try Self.get(site.base + "/healthz").status == 200)
    }

    /// A unit's own token sees that unit and nothing else; the office's sees everything.
    @Test func aUnitsTokenSeesThatUnitOnly() throws {
        let dir = try TemporaryDirectory("xianqi-board-token")
        defer { dir.remove() }
        let own = "宣城经开区党工委"
        let office = dir.appending("office"), unit = dir.appending("unit")
        try "office-token-0123456789".write(toFile: office, atomically: true, encoding: .utf8)
        try "unit-token-abcdefghijkl".write(toFile: unit, atomically: true, encoding: .utf8)
        chmod(office, 0o600)
        chmod(unit, 0o600)
        let site = try Site(extraConfig: """
            [board]
            token_file = "\(office)"

            [units."\(own)"]
            board_token_file = "\(unit)"
            """)
        defer { site.stop() }
        let asUnit = ["Authorization: Bearer unit-token-abcdefghijkl"]
        let asOffice = ["Authorization: Bearer office-token-0123456789"]

        let index = try Self.get(site.base + "/", headers: asUnit)
        #expect(index.status == 200)
        #expect(index.text.contains(own) && index.text.contains("剩余/逾期"), "the unit's own page at /")
        #expect(!index.text.contains("恶意"))
        let units = try JSONSerialization.jsonObject(with: Self.get(site.base + "/api/v1/units", headers: asUnit).body) as? [String: Any]
        #expect(units?["count"] as? Int == 1)
        #expect((units?["units"] as? [[String: Any]])?.first?["unit"] as? String == own)
        let measures = try JSONSerialization.jsonObject(with: Self.get(site.base + "/api/v1/measures", headers: asUnit).body) as? [[String: Any]] ?? []
        #expect(!measures.isEmpty)
        #expect(measures.allSatisfy { $0["unit"] as? String == own })
        let overdue = try Self.get(site.base + "/api/v1/overdue", headers: asUnit)
        #expect(overdue.status == 200)
        #expect(!overdue.text.contains("恶意"))
        if let id = measures.first?["id"] as? String {
            #expect(try Self.get(site.base + "/measure/" + Self.encoded(id), headers: asUnit).status == 200)
        }
        #expect(try Self.get(site.base + "/calendar/" + Self.encoded(own) + ".ics", headers: asUnit).status == 200)

        // Everything of another unit, or of all, is out of its reach.
        #expect(try Self.get(site.base + "/measure/EV-1", headers: asUnit).status == 404)
        #expect(try Self.get(site.base + "/unit/" + Self.encoded(Self.hostileUnit), headers: asUnit).status == 403)
        #expect(try Self.get(site.base + "/calendar/all.ics", headers: asUnit).status == 403)
        #expect(try Self.get(site.base + "/api/v1/overdue?unit=" + Self.encoded(Self.hostileUnit), headers: asUnit).status == 403)

        // The office's token still sees every unit, and the hostile one's measure.
        let all = try JSONSerialization.jsonObject(with: Self.get(site.base + "/api/v1/units", headers: asOffice).body) as? [String: Any]
        #expect((all?["count"] as? Int ?? 0) > 1)
        #expect(try Self.get(site.base + "/measure/EV-1", headers: asOffice).status == 200)
        #expect(try Self.get(site.base + "/", headers: ["Authorization: Bearer unit-token-abcdefghijkX"]).status == 401)
    }

    @Test func aTokenUsedTwiceIsRefused() throws {
        let dir = try TemporaryDirectory("xianqi-board-token")
        defer { dir.remove() }
        let office = dir.appending("office"), unit = dir.appending("unit")
        for path in [office, unit] {
            try "same-token-0123456789".write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o600)
        }
        let site = try Site(extraConfig: "[board]\ntoken_file = \"\(office)\"\n\n[units.\"区财政局\"]\nboard_token_file = \"\(unit)\"",
                            expectFailure: true)
        defer { site.stop() }
        #expect(site.process.terminationStatus == 2)
        #expect(try String(contentsOfFile: site.dir.appending("board.log"), encoding: .utf8).contains("each unit needs its own"))
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: chromium != nil))
    func aHeadlessBrowserRendersTheBoardAndAUnitPage() throws {
        let site = try Site()
        defer { site.stop() }
        for (path, expected) in [("/", "各责任单位"), ("/unit/" + Self.encoded("宣城经开区党工委"), "剩余/逾期")] {
            // A browser that hangs (no display, a profile lock) must fail the test, not stall CI.
            let dom = try ChildProcess.run(Self.chromium ?? "", ["--headless", "--no-sandbox", "--disable-gpu",
                                                                 "--user-data-dir=" + site.dir.appending("chromium"),
                                                                 "--dump-dom", site.base + path], timeout: .seconds(90)).stdout
            #expect(dom.contains(expected), "\(path)")
            #expect(dom.contains("宣城经开区党工委"))
        }
    }
}
