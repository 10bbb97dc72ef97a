import Foundation
import Schedule
#if canImport(Glibc)
import Glibc
#endif

/// One daemon per state directory: an exclusive `flock` on `<state dir>/serve.lock`, held
/// for the life of the process, with the holder's PID written into the file so that the
/// second daemon can say who holds it.
///
/// Two daemons on one state directory would both journal every event (the sent log keeps the
/// mail single, not the journal record). The lock belongs to the open file description, so
/// the kernel releases it when the process ends, however it ends: there is no stale lock to
/// clean up after a crash. The descriptor is `O_CLOEXEC`, so a sendmail child does not keep it.
///
///     let lock = try StateDirectoryLock(directory: "/var/lib/xianqi")   // or .held(pid: 4711)
public final class StateDirectoryLock: Sendable {
    /// The lock file's name inside the state directory.
    public static let fileName = StatePaths.lockName

    public let path: String
    private let descriptor: Int32

    /// Why the lock could not be taken.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// Another process holds it; `pid` as it wrote it, nil if unreadable.
        case held(path: String, pid: Int32?)
        case unavailable(path: String, errno: Int32)

        public var description: String {
            switch self {
            case let .held(path, pid):
                let who = pid.map { "PID \($0)" } ?? "PID 未知 (unknown)"
                return "另一个 xianqi serve 进程（\(who)）正在使用该状态目录，本进程不启动 "
                    + "(another xianqi serve, \(who), holds the state directory; not starting) \(path)"
            case let .unavailable(path, code):
                return "无法锁定状态目录 (cannot lock the state directory) \(path): \(String(cString: strerror(code)))"
            }
        }
    }

    /// Takes the lock, or throws ``Failure/held(path:pid:)`` at once (never waits).
    public init(directory: String) throws(Failure) {
        path = StatePaths(directory: directory).lock
        if mkdir(directory, 0o700) != 0, errno != EEXIST { throw .unavailable(path: path, errno: errno) }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .unavailable(path: path, errno: errno) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            let pid = Self.readPID(fd)
            close(fd)
            if code == EWOULDBLOCK { throw .held(path: path, pid: pid) }
            throw .unavailable(path: path, errno: code)
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
