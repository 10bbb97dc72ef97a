import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A service manager's end of `sd_notify`: an `AF_UNIX` datagram socket in a fresh
/// temporary directory, removed again by ``close()``.
public final class NotifySocket {
    /// The socket's path, the value for `NOTIFY_SOCKET`.
    public let path: String
    private let directory: String
    private var fd: Int32

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public init() throws {
        var template = Array("/tmp/xianqi-notify-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkdtemp($0) != nil } ?? false
        }
        guard made else { throw Failure(description: "mkdtemp failed: errno \(errno)") }
        directory = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        path = directory + "/notify.sock"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            rmdir(directory)
            throw Failure(description: "socket failed: errno \(errno)")
        }
        let bound = withUnixAddress(path) { address, length in bind(fd, address, length) } ?? -1
        guard bound == 0 else {
            let code = errno
            Glibc.close(fd)
            rmdir(directory)
            throw Failure(description: "bind \(path) failed: errno \(code)")
        }
    }

    /// The next datagram as text, or nil when none arrives within `timeout`.
    public func receive(timeout: Duration = .seconds(2)) -> String? {
        let (seconds, attoseconds) = timeout.components
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Closes the socket and removes it and its directory.
    public func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
        unlink(path)
        rmdir(directory)
    }

    deinit { close() }
}
