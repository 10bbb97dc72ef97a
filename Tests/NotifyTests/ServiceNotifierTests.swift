import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Notify
import NotifyTestSupport
import ProcessTestSupport
import Testing

/// sd_notify against a real AF_UNIX datagram socket. libsystemd reads NOTIFY_SOCKET and
/// WATCHDOG_* from the process environment, so each test runs the calls in `notify-probe`, a
/// child given its own environment: the test process's environment is never changed (setenv
/// while another test starts a child crashed the test run).
@Suite("ServiceNotifier")
struct ServiceNotifierTests {
    /// `notify-probe` beside the test bundle.
    static let probe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("notify-probe").path

    /// Runs the probe with `calls` under `environment` and returns its lines, one per call.
    func probe(_ calls: [String], environment: [String: String]) throws -> [String] {
        let run = try ChildProcess.run(Self.probe, calls, environment: environment, timeout: .seconds(30))
        try #require(run.status == 0, "\(run.output)")
        return run.stdout.split(separator: "\n").map(String.init)
    }

    /// Runs `calls` with NOTIFY_SOCKET pointing at a fresh socket; `body` reads the socket.
    func withSocket(_ calls: [String], _ body: ([String], NotifySocket) throws -> Void) throws {
        let socket = try NotifySocket()
        defer { socket.close() }
        try body(try probe(calls, environment: ["NOTIFY_SOCKET": socket.path]), socket)
    }

    @Test("ready() sends READY=1")
    func ready() throws {
        try withSocket(["ready"]) { results, socket in
            #expect(results == ["sent"])
            #expect(socket.receive() == "READY=1")
        }
    }

    @Test("stopping() sends STOPPING=1")
    func stopping() throws {
        try withSocket(["stopping"]) { results, socket in
            #expect(results == ["sent"])
            #expect(socket.receive() == "STOPPING=1")
        }
    }

    @Test("watchdog() sends WATCHDOG=1")
    func watchdog() throws {
        try withSocket(["watchdog"]) { results, socket in
            #expect(results == ["sent"])
            #expect(socket.receive() == "WATCHDOG=1")
        }
    }

    @Test("status() sends STATUS= with Chinese text on one line")
    func status() throws {
        try withSocket(["status", "监视 42 项整改措施\n下次检查 09:00"]) { results, socket in
            #expect(results == ["sent"])
            #expect(socket.receive() == "STATUS=监视 42 项整改措施 下次检查 09:00")
        }
    }

    @Test("reloading() sends RELOADING=1 and the current MONOTONIC_USEC in one datagram")
    func reloading() throws {
        // CLOCK_MONOTONIC is one clock for every process, so the child's reading lies between these.
        let before = ServiceNotifier.monotonicMicroseconds()
        try withSocket(["reloading"]) { results, socket in
            let after = ServiceNotifier.monotonicMicroseconds()
            #expect(results == ["sent"])
            let datagram = try #require(socket.receive())
            let lines = datagram.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2)
            #expect(lines.first == "RELOADING=1")
            #expect(lines.last?.hasPrefix("MONOTONIC_USEC=") == true)
            let usec = try #require(lines.last.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) })
            #expect((before...after).contains(usec))
        }
    }

    @Test("reloading(monotonicMicroseconds:) sends the given time")
    func reloadingWithTime() throws {
        try withSocket(["reloading-at", "123456789"]) { results, socket in
            #expect(results == ["sent"])
            #expect(socket.receive() == "RELOADING=1\nMONOTONIC_USEC=123456789")
        }
    }

    @Test("each call is its own datagram, in order")
    func sequence() throws {
        try withSocket(["status", "正在加载台账", "ready", "stopping"]) { results, socket in
            #expect(results == ["sent", "sent", "sent"])
            #expect(socket.receive() == "STATUS=正在加载台账")
            #expect(socket.receive() == "READY=1")
            #expect(socket.receive() == "STOPPING=1")
        }
    }

    @Test("without NOTIFY_SOCKET every call is a reported no-op")
    func noSocket() throws {
        let results = try probe(["ready", "reloading", "status", "无", "watchdog", "stopping"], environment: [:])
        #expect(results == Array(repeating: "noNotifySocket", count: 5))
    }

    @Test("a NOTIFY_SOCKET nobody listens on is an error, not success")
    func deadSocket() throws {
        let socket = try NotifySocket()
        let path = socket.path
        socket.close()
        let results = try probe(["ready"], environment: ["NOTIFY_SOCKET": path])
        #expect(results.count == 1)
        #expect(results.first?.hasPrefix("error: sd_notify(\"READY=1\") failed") == true)
    }

    @Test("watchdogInterval() is half of WATCHDOG_USEC when WATCHDOG_PID is the process or unset")
    func watchdogEnabled() throws {
        // The probe's pid is not known before it starts; sd_watchdog_enabled accepts an unset
        // WATCHDOG_PID as "this process".
        #expect(try probe(["interval"], environment: ["WATCHDOG_USEC": "30000000"]) == ["15000000"])
    }

    @Test("watchdogInterval() is nil without WATCHDOG_USEC or for another process's WATCHDOG_PID")
    func watchdogDisabled() throws {
        #expect(try probe(["interval"], environment: [:]) == ["off"])
        // pid 1 is never the probe.
        #expect(try probe(["interval"], environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"]) == ["off"])
    }

    @Test("a malformed WATCHDOG_USEC is an error")
    func watchdogMalformed() throws {
        let results = try probe(["interval"], environment: ["WATCHDOG_USEC": "soon"])
        #expect(results.count == 1)
        #expect(results.first?.hasPrefix("error: sd_watchdog_enabled failed") == true)
    }
}
