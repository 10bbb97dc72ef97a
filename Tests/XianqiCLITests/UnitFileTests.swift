import CorpusTestSupport
import Foundation
import Testing

/// The systemd units in Units/, checked by systemd itself: `systemd-analyze verify` must be
/// silent and `systemd-analyze security` must rate the daemon at most 2.0.
@Suite struct UnitFileTests {
    static let units = Corpus.repository.appendingPathComponent("Units")

    static func analyze(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The units with /usr/local/bin/xianqi replaced by the binary under test (verify checks
    /// that ExecStart= names an executable), in a temporary directory.
    static func unitsForBuiltBinary() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: units.path)
        where name.hasSuffix(".service") || name.hasSuffix(".timer") || name.hasSuffix(".path") {
            let text = try String(contentsOf: units.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "/usr/local/bin/xianqi", with: CLITests.binary.path)
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }
        return dir
    }

    @Test func unitsVerifyClean() throws {
        let dir = try Self.unitsForBuiltBinary()
        defer { try? FileManager.default.removeItem(at: dir) }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names.contains("xianqi.service") && names.contains("xianqi-mail.path"))
        let r = try Self.analyze(["verify"] + names.map { "./" + $0 }, in: dir)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.isEmpty, "\(r.output)")
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
}
