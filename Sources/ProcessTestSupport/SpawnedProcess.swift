import Foundation
internal import CSpawn

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn(3): what every test starts (``ChildProcess``,
/// ``XianqiProcess``, the servers in the test-support targets), with the members of
/// Foundation's `Process` that tests use (`isRunning`, `processIdentifier`, `waitUntilExit()`,
/// `terminationStatus`, `terminationReason`, `terminate()`).
///
/// Why hand-written, not Foundation's `Process`: in the Swift 6.3.1 toolchain, `Process.run()`
/// finds the highest open descriptor by reading `/proc/self/fd`, and copies each dirent's whole
/// 256-byte name (swift-corelibs-foundation, fixed upstream in PR #5472). When the record sits at
/// the end of readdir's buffer the copy reads past the mapping, and the test process died of
/// SIGSEGV in about one full run in five. Not swift-subprocess (which the Mail target uses):
/// its API is async only, and these runners are called from synchronous tests and watchdogs.
///
/// What the child gets: the three streams as asked, every other descriptor closed
/// (`posix_spawn_file_actions_addclosefrom_np`: a pipe another test is reading must not stay
/// open in a daemon this test started, or that reader never sees its end), every signal at its
/// default disposition and none blocked (the test process ignores SIGPIPE and its threads block
/// signals for Dispatch sources; a child must not inherit either).
///
///     let (r, w) = try SpawnedProcess.pipe()
///     let child = try SpawnedProcess.spawn("/bin/echo", ["hi"], standardOutput: .descriptor(w))
///     close(w)
///     let text = String(decoding: readAll(r), as: UTF8.self)   // "hi\n"
///     child.waitUntilExit()
public final class SpawnedProcess: @unchecked Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// /dev/null.
        case null
        /// A file, created if missing; output is appended to it.
        case file(String)
        /// A descriptor of the test process (a pipe's end); the caller closes its copy.
        case descriptor(Int32)
    }

    /// How the child ended.
    public enum TerminationReason: Sendable, Equatable {
        case exit, uncaughtSignal
    }

    public let processIdentifier: Int32
    /// The raw wait status once the child has been reaped (by whichever thread got there first).
    private let state = NSLock()
    private var waitStatus: Int32?

    private init(processIdentifier: Int32) {
        self.processIdentifier = processIdentifier
    }

    /// A pipe whose two ends close on exec: only the end given to a child as one of its streams
    /// (dup2 clears the flag there) reaches it.
    public static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe2(&fds, O_CLOEXEC) == 0 else {
            throw TestSupportFailure("pipe2: \(String(cString: strerror(errno)))")
        }
        return (fds[0], fds[1])
    }

    /// Starts `executable` (a path, not searched for) with `arguments`; `environment` nil keeps
    /// the test process's own, and `directory` nil its working directory.
    public static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             directory: String? = nil, standardInput: Stream = .null,
                             standardOutput: Stream = .null, standardError: Stream = .null) throws -> SpawnedProcess {
        ignoreBrokenPipes
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (stream, target) in [(standardInput, Int32(0)), (standardOutput, 1), (standardError, 2)] {
            let rc: Int32
            switch stream {
            case .null:
                rc = posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .file(let path):
                rc = target == 0
                    ? posix_spawn_file_actions_addopen(&actions, target, path, O_RDONLY, 0)
                    : posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            case .descriptor(let fd):
                rc = posix_spawn_file_actions_adddup2(&actions, fd, target)
            }
            guard rc == 0 else { throw failure(rc, "a file action for descriptor \(target)", executable) }
        }
        var rc = posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        guard rc == 0 else { throw failure(rc, "closefrom", executable) }
        if let directory {
            rc = posix_spawn_file_actions_addchdir_np(&actions, directory)
            guard rc == 0 else { throw failure(rc, "chdir \(directory)", executable) }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = CStrings([executable] + arguments)
        let envp = environment.map { CStrings($0.map { "\($0.key)=\($0.value)" }) }
        var pid: Int32 = 0
        rc = posix_spawn(&pid, executable, &actions, &attributes, argv.pointers, envp?.pointers ?? environ)
        guard rc == 0 else { throw failure(rc, "posix_spawn", executable) }
        return SpawnedProcess(processIdentifier: pid)
    }

    /// Whether the child has not ended yet (reaps it when it has).
    public var isRunning: Bool {
        state.lock()
        defer { state.unlock() }
        if waitStatus != nil { return false }
        var status: Int32 = 0
        let rc = waitpid(processIdentifier, &status, WNOHANG)
        if rc == processIdentifier {
            waitStatus = status
            return false
        }
        // -1 with ECHILD: another thread's waitUntilExit has just reaped it.
        return rc == 0
    }

    /// Blocks until the child has ended.
    public func waitUntilExit() {
        while true {
            if state.withLock({ waitStatus != nil }) { return }
            var status: Int32 = 0
            let rc = waitpid(processIdentifier, &status, 0)
            if rc == processIdentifier {
                state.withLock { waitStatus = status }
                return
            }
            if rc == -1 && errno == ECHILD {
                // Reaped by another thread, which records the status in a moment.
                usleep(1_000)
            }
        }
    }

    /// The exit status, or the number of the signal that ended it (as Foundation's `Process`
    /// gives it); only after ``waitUntilExit()``.
    public var terminationStatus: Int32 {
        let status = state.withLock { waitStatus } ?? 0
        return status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
    }

    public var terminationReason: TerminationReason {
        let status = state.withLock { waitStatus } ?? 0
        return status & 0x7f == 0 ? .exit : .uncaughtSignal
    }

    /// Sends SIGTERM.
    public func terminate() {
        signal(SIGTERM)
    }

    /// Sends `signal` while the child has not been reaped (a reaped pid may belong to another
    /// process by now).
    public func signal(_ signal: Int32) {
        state.withLock {
            if waitStatus == nil { _ = kill(processIdentifier, signal) }
        }
    }

    private static func failure(_ rc: Int32, _ step: String, _ executable: String) -> TestSupportFailure {
        TestSupportFailure("cannot start \(executable): \(step): \(String(cString: strerror(rc)))")
    }

    /// A child's stdin closed early must show up as EPIPE in the writer, not kill the test
    /// process; children get SIGPIPE back at its default (POSIX_SPAWN_SETSIGDEF).
    private static let ignoreBrokenPipes: Void = {
        _ = Glibc.signal(SIGPIPE, SIG_IGN)
    }()
}

/// Everything until end of file on `fd`, reading again when a signal interrupts a read; closes
/// `fd`.
public func readAll(_ fd: Int32) -> Data {
    defer { close(fd) }
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
            data.append(contentsOf: buffer[..<n])
        } else if n == 0 || errno != EINTR {
            return data
        }
    }
}

/// Writes all of `data` to `fd` (again after a signal or a short write), then closes it; stops
/// quietly when the reader has gone (EPIPE).
public func writeAll(_ data: Data, to fd: Int32) {
    defer { close(fd) }
    data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
        var offset = 0
        while offset < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n > 0 {
                offset += n
            } else if n < 0 && errno != EINTR {
                return
            }
        }
    }
}

/// A NUL-terminated array of C strings that lives as long as the value.
private final class CStrings {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    init(_ strings: [String]) {
        pointers = .allocate(capacity: strings.count + 1)
        for (i, s) in strings.enumerated() { pointers[i] = strdup(s) }
        pointers[strings.count] = nil
    }

    deinit {
        var p = pointers
        while let s = p.pointee {
            free(s)
            p += 1
        }
        pointers.deallocate()
    }
}
