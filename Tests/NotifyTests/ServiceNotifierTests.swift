#if canImport(Glibc)
import Glibc
#endif
import Notify
import NotifyTestSupport
import Testing

/// sd_notify against a real AF_UNIX datagram socket. libsystemd reads NOTIFY_SOCKET and
/// WATCHDOG_* from the process environment, which is global: the suite is serialized.
@Suite("ServiceNotifier", .serialized)
struct ServiceNotifierTests {
    let notifier = ServiceNotifier()

    /// Runs `body` with NOTIFY_SOCKET pointing at a fresh socket, then removes it.
    func withSocket(_ body: (NotifySocket) throws -> Void) throws {
        let socket = try NotifySocket()
        defer { socket.close() }
        try withEnvironment(["NOTIFY_SOCKET": socket.path]) { try body(socket) }
    }

    @Test("ready() sends READY=1")
    func ready() throws {
        try withSocket { socket throws in
            #expect(try notifier.ready() == .sent)
            #expect(socket.receive() == "READY=1")
        }
    }

    @Test("stopping() sends STOPPING=1")
    func stopping() throws {
        try withSocket { socket throws in
            #expect(try notifier.stopping() == .sent)
            #expect(socket.receive() == "STOPPING=1")
        }
    }

    @Test("watchdog() sends WATCHDOG=1")
    func watchdog() throws {
        try withSocket { socket throws in
            #expect(try notifier.watchdog() == .sent)
            #expect(socket.receive() == "WATCHDOG=1")
        }
    }

    @Test("status() sends STATUS= with Chinese text on one line")
    func status() throws {
        try withSocket { socket throws in
            #expect(try notifier.status("监视 42 项整改措施\n下次检查 09:00") == .sent)
            #expect(socket.receive() == "STATUS=监视 42 项整改措施 下次检查 09:00")
        }
    }

    @Test("reloading() sends RELOADING=1 and the current MONOTONIC_USEC in one datagram")
    func reloading() throws {
        try withSocket { socket throws in
            let before = ServiceNotifier.monotonicMicroseconds()
            #expect(try notifier.reloading() == .sent)
            let after = ServiceNotifier.monotonicMicroseconds()
            let datagram = try #require(socket.receive())
            let lines = datagram.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2)
            #expect(lines.first == "RELOADING=1")
            let usec = try #require(lines.last.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) })
            #expect(lines.last?.hasPrefix("MONOTONIC_USEC=") == true)
            #expect((before...after).contains(usec))
        }
    }

    @Test("reloading(monotonicMicroseconds:) sends the given time")
    func reloadingWithTime() throws {
        try withSocket { socket throws in
            try notifier.reloading(monotonicMicroseconds: 123_456_789)
            #expect(socket.receive() == "RELOADING=1\nMONOTONIC_USEC=123456789")
        }
    }

    @Test("each call is its own datagram, in order")
    func sequence() throws {
        try withSocket { socket throws in
            try notifier.status("正在加载台账")
            try notifier.ready()
            try notifier.stopping()
            #expect(socket.receive() == "STATUS=正在加载台账")
            #expect(socket.receive() == "READY=1")
            #expect(socket.receive() == "STOPPING=1")
        }
    }

    @Test("without NOTIFY_SOCKET every call is a reported no-op")
    func noSocket() throws {
        try withEnvironment(["NOTIFY_SOCKET": nil]) { () throws in
            #expect(try notifier.ready() == .noNotifySocket)
            #expect(try notifier.reloading() == .noNotifySocket)
            #expect(try notifier.status("无") == .noNotifySocket)
            #expect(try notifier.watchdog() == .noNotifySocket)
            #expect(try notifier.stopping() == .noNotifySocket)
        }
    }

    @Test("a NOTIFY_SOCKET nobody listens on is an error, not success")
    func deadSocket() throws {
        let socket = try NotifySocket()
        let path = socket.path
        socket.close()
        try withEnvironment(["NOTIFY_SOCKET": path]) { () throws in
            #expect(throws: NotifyError.self) { try notifier.ready() }
        }
    }

    @Test("watchdogInterval() is half of WATCHDOG_USEC when WATCHDOG_PID is this process")
    func watchdogEnabled() throws {
        try withEnvironment(["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": String(getpid())]) { () throws in
            #expect(try notifier.watchdogInterval() == .seconds(15))
        }
    }

    @Test("watchdogInterval() is nil without WATCHDOG_USEC or for another process's WATCHDOG_PID")
    func watchdogDisabled() throws {
        try withEnvironment(["WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]) { () throws in
            #expect(try notifier.watchdogInterval() == nil)
        }
        try withEnvironment(["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": String(getpid() + 1)]) { () throws in
            #expect(try notifier.watchdogInterval() == nil)
        }
    }

    @Test("a malformed WATCHDOG_USEC is an error")
    func watchdogMalformed() throws {
        try withEnvironment(["WATCHDOG_USEC": "soon", "WATCHDOG_PID": nil]) { () throws in
            #expect(throws: NotifyError.self) { try notifier.watchdogInterval() }
        }
    }
}
