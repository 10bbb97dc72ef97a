import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The file-system calls the spool is built from, each failing with a ``MailError``
/// that names the call and the path. Thin on purpose: the spool's guarantees come from
/// using exactly these calls (`O_EXCL`, `fsync`, `rename`, `flock`) in the right order.
enum POSIXFile {
    /// Creates a directory with `mode` if missing, and sets `mode` if it exists.
    static func makeDirectory(_ path: String, mode: mode_t) throws(MailError) {
        if mkdir(path, mode) != 0 && errno != EEXIST { throw failure("mkdir", path) }
        if chmod(path, mode) != 0 { throw failure("chmod", path) }
    }

    /// Writes a new file (never an existing one), flushes it to disk and closes it.
    static func writeSynced(_ bytes: [UInt8], to path: String, mode: mode_t) throws(MailError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("open", path) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("write", path)
            }
            written += n
        }
        if fsync(fd) != 0 { throw failure("fsync", path) }
    }

    /// Flushes a directory's entries, so that a file created or renamed into it survives a crash.
    static func syncDirectory(_ path: String) throws(MailError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", path) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw failure("fsync", path) }
    }

    /// Renames atomically; false when the source is gone (another process moved it).
    static func rename(_ source: String, to destination: String) throws(MailError) -> Bool {
        if Glibc.rename(source, destination) == 0 { return true }
        if errno == ENOENT { return false }
        throw failure("rename", source + " → " + destination)
    }

    /// Removes a file; false when it was already gone.
    @discardableResult
    static func remove(_ path: String) throws(MailError) -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw failure("unlink", path)
    }

    /// The names in a directory, without `.`-files, sorted (Maildir names sort by time).
    static func names(in directory: String) throws(MailError) -> [String] {
        guard let dir = opendir(directory) else { throw failure("opendir", directory) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }

    /// Whether something exists at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// The last status change of a file (a rename counts), or nil when it is gone.
    static func statusChangeTime(_ path: String) -> Date? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(info.st_ctim.tv_sec) + TimeInterval(info.st_ctim.tv_nsec) / 1e9)
    }

    /// The whole file.
    static func read(_ path: String) throws(MailError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", path) }
        defer { close(fd) }
        return try readAll(fd, path: path)
    }

    /// The whole file behind `fd`, read with `pread` so the descriptor's offset stays at 0
    /// (the descriptor becomes the sendmail command's standard input afterwards).
    static func readAll(_ fd: Int32, path: String) throws(MailError) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(bytes.count)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<n])
        }
    }

    static func failure(_ operation: String, _ path: String) -> MailError {
        .spool(operation: operation, path: path, errno: errno)
    }
}

/// An open spool file with an exclusive `flock`: the mark of a process working on it.
///
/// The lock belongs to the open file, not the process: a sendmail child that inherited
/// the descriptor as its standard input keeps the message locked until it exits, even
/// if xianqi itself was killed. The kernel drops the lock when the last holder goes,
/// which is how a crashed claim is told from a live one.
final class LockedFile: Sendable {
    let descriptor: Int32
    let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Opens and locks `path`: nil when it is gone or another process holds it.
    ///
    /// A held lock is tried again a few times over about 20 ms before giving up: when any
    /// thread of this process forks (to start sendmail, say), the child holds a copy of every
    /// descriptor until its `exec` closes them, and with it, for that moment, our locks.
    static func lock(_ path: String) throws(MailError) -> LockedFile? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw POSIXFile.failure("open", path)
        }
        for attempt in 0..<5 {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return LockedFile(descriptor: fd, path: path) }
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(fd)
                throw .spool(operation: "flock", path: path, errno: code)
            }
            if attempt < 4 { usleep(5_000) }
        }
        close(fd)
        return nil
    }

    /// The file's bytes (through `pread`: the offset stays at 0).
    func contents() throws(MailError) -> [UInt8] {
        try POSIXFile.readAll(descriptor, path: path)
    }

    deinit {
        close(descriptor)
    }
}

/// `strerror` text for an errno value.
func errorText(_ code: Int32) -> String {
    String(cString: strerror(code))
}
