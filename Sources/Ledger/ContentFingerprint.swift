import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a file holds, in 16 bytes: its size and a 64-bit hash of every byte.
///
/// The daemon keeps each ledger's fingerprint with what it read from it, and a reload reads
/// again only the files whose fingerprint changed. The modification time alone would not do:
/// it has the granularity of the file system (whole seconds, or two, on the SMB and FAT shares
/// offices keep spreadsheets on; a kernel tick elsewhere), so a second save within it keeps
/// the time; copies (`cp -p`, `rsync -t`, unpacking an archive, restoring a backup) carry the
/// old time with new content; and a save that changes nothing (Excel's, `touch`) changes the
/// time and would read a 100 000-row ledger for nothing.
///
/// The hash is FNV-1a's xor-then-multiply over 8-byte words (with MurmurHash3's multiplier and
/// a xorshift, since one word carries eight bytes): one multiply per word,
/// about 2 ms for a 20 MB ledger read from the page cache. It tells edits apart, not
/// adversaries (nobody gains by forging a ledger that hashes like the old one: they can write
/// the ledger).
public struct ContentFingerprint: Hashable, Sendable, CustomStringConvertible {
    public let size: Int
    public let hash: UInt64

    /// The fingerprint of these bytes.
    public init(_ bytes: UnsafeRawBufferPointer) {
        size = bytes.count
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func add(_ word: UInt64) {
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
        }
        let count = bytes.count
        var i = 0
        while i + 8 <= count {
            add(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        add(tail ^ UInt64(count))
        hash = h
    }

    public init(_ data: Data) {
        self = data.withUnsafeBytes { ContentFingerprint($0) }
    }

    /// The fingerprint of the file at `path` as it is now (mapped, not copied), or nil when it
    /// cannot be opened or is not a regular file.
    public init?(contentsOf path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        guard size > 0 else {
            self.init(UnsafeRawBufferPointer(start: nil, count: 0))
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else { return nil }
        defer { munmap(address, size) }
        self.init(UnsafeRawBufferPointer(start: address, count: size))
    }

    public var description: String { "\(size) B, \(String(hash, radix: 16))" }
}
