import CorpusTestSupport
import Foundation
import ProcessTestSupport
import Testing

/// The systemd units in Units/, checked by systemd itself: `systemd-analyze verify` must be
/// silent and `systemd-analyze security` must rate the daemon at most 2.0.
@Suite struct UnitFileTests {
    static let units = Corpus.repository.appendingPathComponent("Units")

    static func analyze(_ arguments: [String], in directory: URL? = nil,
                        environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        let run = try ChildProcess.run("/usr/bin/systemd-analyze", arguments, environment: environment, directory: directory?.path)
        return (run.status, run.output)
    }

    /// The units with /usr/bin/xianqi replaced by the binary under test (verify checks
    /// that ExecStart= names an executable), in a temporary directory.
    static func unitsForBuiltBinary() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: units.path)
        where name.hasSuffix(".service") || name.hasSuffix(".timer") || name.hasSuffix(".path") {
            let text = try String(contentsOf: units.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "/usr/bin/xianqi", with: CLITests.binary.path)
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }
        return dir
    }

    @Test func unitsVerifyClean() throws {
        let dir = try Self.unitsForBuiltBinary()
        defer { try? FileManager.default.removeItem(at: dir) }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names.contains("xianqi.service") && names.contains("xianqi-mail.path"))
        #expect(names.contains("xianqi-digest.service") && names.contains("xianqi-digest.timer"))
        let r = try Self.analyze(["verify"] + names.map { "./" + $0 }, in: dir)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.isEmpty, "\(r.output)")
    }

    /// During an MTA outage `DirectoryNotEmpty=` restarted `xianqi flush` the moment it ended,
    /// and systemd's start limit then put the path unit into "failed": nothing was delivered
    /// until an operator stepped in (issue 13). Now the path fires on changes only, without a
    /// trigger limit; the service has no start limit; a timer retries what waits.
    @Test func mailUnitsCannotHitAStartOrTriggerLimit() throws {
        let path = try Self.unitText("xianqi-mail.path")
        #expect(path.contains("\nPathModified=/var/lib/xianqi/mail/new\n"))
        #expect(!path.contains("\nDirectoryNotEmpty="))
        #expect(path.contains("\nTriggerLimitIntervalSec=0\n"))
        let service = try Self.unitText("xianqi-mail.service")
        #expect(service.contains("\nStartLimitIntervalSec=0\n"))
        #expect(service.contains("\nSuccessExitStatus=75\n"))
        #expect(!service.contains("--ignore-backoff"), "the units' flush must honour the backoff")
        let timer = try Self.unitText("xianqi-mail.timer")
        for directive in ["OnUnitInactiveSec=1min", "Unit=xianqi-mail.service", "WantedBy=timers.target"] {
            #expect(timer.contains("\n\(directive)\n"), "missing \(directive)")
        }
    }

    @Test(arguments: ["xianqi.service", "xianqi-mail.service", "xianqi-digest.service", "xianqi-board.service"])
    func everyServiceHasAMemoryLimit(unit: String) throws {
        #expect(try Self.unitText(unit).contains("\nMemoryMax="), "\(unit): a runaway parse must not take the host")
    }

    static func exposure(_ unit: String) throws -> Double {
        let r = try analyze(["security", "--offline=yes", units.appendingPathComponent(unit).path])
        let line = try #require(r.output.split(separator: "\n").last { $0.contains("Overall exposure level") })
        let words = line.split(separator: " ")
        let index = try #require(words.firstIndex { $0.hasSuffix(":") && $0.contains(unit) })
        return try #require(Double(words[words.index(after: index)]))
    }

    @Test func daemonIsLockedDown() throws {
        let score = try Self.exposure("xianqi.service")
        #expect(score <= 2.0, "systemd-analyze security: \(score)")
    }

    @Test func mailDeliveryUnitIsLockedDownAsFarAsAnMTAAllows() throws {
        #expect(try Self.exposure("xianqi-mail.service") <= 2.5)
    }

    @Test func daemonUnitDeclaresWhatTheServiceReliesOn() throws {
        let text = try String(contentsOf: Self.units.appendingPathComponent("xianqi.service"), encoding: .utf8)
        for directive in ["Type=notify", "WatchdogSec=", "Restart=on-failure", "StateDirectory=xianqi",
                          "ConfigurationDirectory=xianqi", "ProtectSystem=strict", "NoNewPrivileges=yes",
                          "RestrictAddressFamilies=AF_UNIX", "SystemCallFilter=@system-service", "CapabilityBoundingSet="] {
            #expect(text.contains("\n\(directive)"), "missing \(directive)")
        }
    }

    @Test func boardIsLockedDownAndReadOnly() throws {
        let score = try Self.exposure("xianqi-board.service")
        #expect(score <= 2.5, "systemd-analyze security: \(score)")
        let text = try Self.unitText("xianqi-board.service")
        for directive in ["ReadOnlyPaths=/var/lib/xianqi", "ProtectSystem=strict", "IPAddressAllow=localhost", "IPAddressDeny=any",
                          "--listen 127.0.0.1:8080"] {
            #expect(text.contains(directive), "missing \(directive)")
        }
        #expect(!text.contains("StateDirectory="), "the board must not own (or write) the state directory")
    }

    @Test func digestServiceIsLockedDown() throws {
        let score = try Self.exposure("xianqi-digest.service")
        #expect(score <= 2.0, "systemd-analyze security: \(score)")
    }

    static func unitText(_ name: String) throws -> String {
        try String(contentsOf: units.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func digestServiceOnlySpoolsAsTheDaemonsUser() throws {
        let text = try Self.unitText("xianqi-digest.service")
        for directive in ["Type=oneshot", "ExecStart=/usr/bin/xianqi digest --send -c /etc/xianqi/xianqi.toml",
                          "User=xianqi", "Group=xianqi", "StateDirectory=xianqi", "RestrictAddressFamilies=AF_UNIX",
                          "PrivateNetwork=yes", "ProtectSystem=strict", "NoNewPrivileges=yes", "Wants=xianqi-mail.path"] {
            #expect(text.contains("\n\(directive)\n"), "missing \(directive)")
        }
        #expect(!text.contains("\nRestart="), "a oneshot that failed should wait for the next week, not loop")
    }

    @Test func digestTimerFiresOnMondaysAtHalfPastEightInShanghai() throws {
        let text = try Self.unitText("xianqi-digest.timer")
        for directive in ["OnCalendar=Mon *-*-* 08:30:00 Asia/Shanghai", "Persistent=true", "Unit=xianqi-digest.service",
                          "WantedBy=timers.target"] {
            #expect(text.contains("\n\(directive)\n"), "missing \(directive)")
        }
        // systemd's own reading of the expression, on a clock in UTC: 08:30 CST is 00:30 UTC.
        let r = try Self.analyze(["calendar", "--iterations=3", "Mon *-*-* 08:30:00 Asia/Shanghai"],
                                 environment: ["TZ": "UTC", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"])
        #expect(r.status == 0, "\(r.output)")
        let elapses = r.output.split(separator: "\n").filter { $0.contains("Next elapse:") || $0.contains("Iter. #") }
        #expect(elapses.count == 3, "\(r.output)")
        for line in elapses {
            #expect(line.contains(": Mon ") && line.hasSuffix(" 00:30:00 UTC"), "\(line)")
        }
    }

    @Test func cronExampleRunsTheServicesCommandOnMondaysAsTheSameUser() throws {
        let cron = try String(contentsOf: Corpus.repository.appendingPathComponent("Config/cron.d/xianqi"), encoding: .utf8)
        let lines = cron.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let settings = lines.filter { $0.range(of: #"^[A-Z_]+="#, options: .regularExpression) != nil }
        let jobs = lines.filter { !settings.contains($0) }
        #expect(jobs.count == 1, "\(jobs)")
        let fields = try #require(jobs.first).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(Array(fields.prefix(6)) == ["30", "8", "*", "*", "1", "xianqi"])
        let service = try Self.unitText("xianqi-digest.service")
        let exec = try #require(service.split(separator: "\n").first { $0.hasPrefix("ExecStart=") }).dropFirst("ExecStart=".count)
        #expect(fields.dropFirst(6).joined(separator: " ").hasPrefix(String(exec)))
        // Debian's cron has no CRON_TZ: it is documented, not set.
        #expect(!settings.contains { $0.hasPrefix("CRON_TZ=") })
        #expect(cron.contains("#CRON_TZ=Asia/Shanghai"))
    }
}
