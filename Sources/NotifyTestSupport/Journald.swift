import Foundation
import Notify
import ProcessTestSupport
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Makes sure a real journald listens on `/run/systemd/journal/socket` for the tests, and
/// that journalctl can read what it stores.
///
/// When none does and the tests run as root, this starts `/lib/systemd/systemd-journald`
/// by hand (it creates `/run/systemd/journal/` and, with no `/var/log/journal/`, keeps a
/// volatile journal under `/run/log/journal/`; it needs no `/etc/machine-id`), waits for
/// its socket, and stops that process when the test process exits. A journald that was
/// already running is used and left alone.
///
///     @Suite(.enabled(if: Journald.isTestable, "no usable journald and not root"))
///     struct JournalTests {
///         init() throws { try Journald.require() }
///     }
public enum Journald {
    public static let executable = "/lib/systemd/systemd-journald"

    /// True when something accepts datagrams on journald's socket (connect succeeds).
    public static func isListening() -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return withUnixAddress(Journal.socketPath) { address, length in
            connect(fd, address, length) == 0
        } ?? false
    }

    /// Whether the journald tests should run: always as root (where a failure to start
    /// journald is a test failure, see ``require()``), otherwise only when a journald
    /// already listens and this user can read its records back.
    public static var isTestable: Bool {
        geteuid() == 0 || ensureAvailable()
    }

    /// Starts journald once if needed; true when one is listening and its records can be
    /// read back with journalctl. Safe to call from any test.
    public static func ensureAvailable() -> Bool {
        if case .success = startOnce { return isListening() }
        return false
    }

    /// Starts journald once if needed, or throws why it is not usable.
    public static func require() throws(StartFailure) {
        if case .failure(let failure) = startOnce { throw failure }
        guard isListening() else {
            throw StartFailure(reason: "journald stopped listening on \(Journal.socketPath) during the tests")
        }
    }

    /// Why no journald could be had, or nil when one listens.
    public static var unavailableReason: String? {
        switch startOnce {
        case .success: isListening() ? nil : "journald stopped listening during the tests"
        case .failure(let failure): failure.reason
        }
    }

    /// The journald this process started, stopped at exit.
    public static var startedProcessID: pid_t? { started.withLock { $0 } }

    public struct StartFailure: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    private static let started = Mutex<pid_t?>(nil)

    // A static let is initialised once, thread-safely, on first use.
    private static let startOnce: Result<Void, StartFailure> = startAndCheckReadable()

    private static func startAndCheckReadable() -> Result<Void, StartFailure> {
        start().flatMap { _ in
            // Records go in through the socket but come back through journalctl, which
            // must be able to read the journal files (root, or group systemd-journal).
            let tag = JournalReader.newTag()
            do {
                try Journal().send([("MESSAGE", "xianqi tests: journald probe"), (JournalReader.tagField, tag)])
            } catch {
                return .failure(StartFailure(reason: "a probe record was not accepted: \(error)"))
            }
            let wait: Duration = geteuid() == 0 ? .seconds(10) : .seconds(2)
            let found = (try? JournalReader.entries(matching: (JournalReader.tagField, tag), timeout: wait)) ?? []
            return found.isEmpty
                ? .failure(StartFailure(reason: "journald took a probe record but journalctl did not show it within \(wait) as uid \(geteuid()) (root or group systemd-journal can read the journal)"))
                : .success(())
        }
    }

    private static func start() -> Result<Void, StartFailure> {
        if isListening() { return .success(()) }
        guard geteuid() == 0 else {
            return .failure(StartFailure(reason: "no journald listens on \(Journal.socketPath) and the tests are not root, so none can be started"))
        }
        guard access(executable, X_OK) == 0 else {
            return .failure(StartFailure(reason: "\(executable) is missing: install the Debian package systemd"))
        }
        try? FileManager.default.createDirectory(atPath: "/run/systemd/journal", withIntermediateDirectories: true)

        let logURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("xianqi-journald-\(getpid()).log")
        let process: SpawnedProcess
        do {
            // An explicit environment: a NOTIFY_SOCKET the test run itself was started with
            // (under systemd) must not reach journald, or its READY=1 would go to that manager.
            process = try SpawnedProcess.spawn(executable, [], environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"],
                                               standardOutput: .file(logURL.path), standardError: .file(logURL.path))
        } catch {
            return .failure(StartFailure(reason: "could not start \(executable): \(error)"))
        }
        started.withLock { $0 = process.processIdentifier }
        atexit { Journald.stopStarted() }

        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while ContinuousClock.now < deadline {
            if isListening() {
                // journald keeps its descriptor; the name is no longer needed.
                unlink(logURL.path)
                return .success(())
            }
            if !process.isRunning { break }
            usleep(50_000)
        }
        let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        stopStarted()
        unlink(logURL.path)
        return .failure(StartFailure(reason: "\(executable) did not open \(Journal.socketPath) within 10 s; it said: \(output)"))
    }

    /// Stops the journald this process started, and only that one.
    static func stopStarted() {
        guard let pid = started.withLock({ pid -> pid_t? in defer { pid = nil }; return pid }) else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<100 {
            if waitpid(pid, &status, WNOHANG) != 0 { return }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }
}

/// Calls `body` with a `sockaddr_un` for `path`, or returns nil when the path is too long.
func withUnixAddress<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T? {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    guard bytes.count < capacity else { return nil }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
    let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
    return withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
    }
}
