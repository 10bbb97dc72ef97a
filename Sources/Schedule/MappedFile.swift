import Foundation

/// A file's bytes mapped read-only into memory for the duration of a closure: hashing a
/// 20 MB ledger or decoding a snapshot then reads the page cache in place, with no copy.
enum MappedFile {
    /// Calls `body` with the file's bytes, or returns nil when it cannot be opened or mapped.
    static func withBytes<T>(of path: String, _ body: (UnsafeRawBufferPointer) -> T) -> T? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        guard size > 0 else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else { return nil }
        defer { munmap(address, size) }
        return body(UnsafeRawBufferPointer(start: address, count: size))
    }
}
