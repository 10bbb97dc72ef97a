import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs code where journald cannot be reached, without touching the real journald.
///
/// libsystemd always sends to `/run/systemd/journal/socket`. Mount namespaces are
/// per-thread on Linux, so a fresh thread can `unshare(CLONE_NEWNS)`, make its mounts
/// private (nothing propagates back), and mount an empty tmpfs over
/// `/run/systemd/journal`. Only that thread sees the empty directory; the namespace
/// disappears when the thread ends. Needs `CAP_SYS_ADMIN` (root, and a container that
/// allows mounts).
public enum WithoutJournald {
    /// What the thread finds at journald's socket path.
    public enum Socket: Sendable {
        /// No file at all: libsystemd's `sendmsg` gets `ENOENT`.
        case missing
        /// A socket file nobody listens on: `sendmsg` gets `ECONNREFUSED`.
        case refusing
    }

    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `body` on a new thread in a private mount namespace where journald's socket is
    /// `socket`; throws ``Unavailable`` when the namespace cannot be set up.
    public static func run<T: Sendable>(socket: Socket, _ body: @escaping @Sendable () -> T) throws -> T {
        let outcome = Mutex<Result<T, Unavailable>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let parentNamespace = mountNamespace()
        let thread = Thread {
            let result: Result<T, Unavailable>
            do {
                try enterPrivateNamespace(leaving: parentNamespace)
                try shadowJournalDirectory(with: socket)
                result = .success(body())
            } catch let error as Unavailable {
                result = .failure(error)
            } catch {
                result = .failure(Unavailable(description: "\(error)"))
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        thread.start()
        done.wait()
        guard let result = outcome.withLock({ $0 }) else {
            throw Unavailable(description: "the namespace thread returned nothing")
        }
        return try result.get()
    }

    private static func enterPrivateNamespace(leaving parent: String?) throws(Unavailable) {
        guard let unshare = unshareFunction() else {
            throw Unavailable(description: "unshare(2) not found in libc")
        }
        guard unshare(cloneNewNamespace) == 0 else {
            throw Unavailable(description: "unshare(CLONE_NEWNS) failed: \(String(cString: strerror(errno)))")
        }
        // Never mount anything unless this thread really has its own namespace now.
        guard let parent, let mine = mountNamespace(), mine != parent else {
            throw Unavailable(description: "the thread did not get a mount namespace of its own")
        }
        guard mount(nil, "/", nil, UInt(MS_REC | MS_PRIVATE), nil) == 0 else {
            throw Unavailable(description: "making / private failed: \(String(cString: strerror(errno)))")
        }
    }

    private static func shadowJournalDirectory(with socket: Socket) throws(Unavailable) {
        let directory = "/run/systemd/journal"
        mkdir("/run/systemd", 0o755)
        mkdir(directory, 0o755)
        guard mount("tmpfs", directory, "tmpfs", 0, "mode=0755") == 0 else {
            throw Unavailable(description: "mounting a tmpfs on \(directory) failed: \(String(cString: strerror(errno)))")
        }
        guard case .refusing = socket else { return }
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Unavailable(description: "socket failed") }
        let bound = withUnixAddress(directory + "/socket") { address, length in bind(fd, address, length) } ?? -1
        // Closing the bound socket leaves its file behind with no one reading it.
        close(fd)
        guard bound == 0 else { throw Unavailable(description: "binding a stale socket failed") }
    }

    /// `/proc/thread-self/ns/mnt`, e.g. `mnt:[4026531841]`.
    private static func mountNamespace() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = readlink("/proc/thread-self/ns/mnt", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static let cloneNewNamespace: Int32 = 0x0002_0000  // CLONE_NEWNS

    /// Glibc declares unshare(2) only under _GNU_SOURCE, which Swift's Glibc module does not
    /// set, so it is looked up at run time.
    private static func unshareFunction() -> (@convention(c) (Int32) -> Int32)? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "unshare") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
    }
}
