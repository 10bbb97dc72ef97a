import ChineseDates
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a set of ledger files holds, as one 64-bit value: their paths, the prefix each gives its
/// ids, the reference date relative deadlines are read against, and a hash of every byte of
/// every file. Two equal fingerprints mean the ledgers read the same; a changed byte, a renamed
/// file, another prefix or another reference date gives another fingerprint.
///
/// Size, modification time and inode are not enough: an editor that rewrites a file within the
/// same second, or a copy that keeps the time (`cp -p`, `rsync -t`), leaves them all as they
/// were. Hashing reads the page cache in place (20 MB in about 5 ms).
///
///     let before = LedgerFingerprint(ledgers: config.ledgerFiles().files, reference: day)
///     …
///     if LedgerFingerprint(ledgers: files, reference: day) != before { reload() }
public struct LedgerFingerprint: Hashable, Sendable {
    public let value: UInt64

    /// The fingerprint of these files; nil when one cannot be read.
    public init?(ledgers: [(path: String, prefix: String?)], reference: CivilDate?) {
        var h = ContentHash()
        h.add(UInt64(bitPattern: Int64(reference?.dayNumber ?? Int.min)))
        for (path, prefix) in ledgers {
            h.add(Array(path.utf8))
            h.add(Array((prefix.map { "prefix=" + $0 } ?? "").utf8))
            guard let content = Self.contentHash(ofFile: path) else { return nil }
            h.add(content)
        }
        value = h.value
    }

    /// A hash of the size and every byte of one file; nil when it cannot be opened or mapped.
    public static func contentHash(ofFile path: String) -> UInt64? {
        MappedFile.withBytes(of: path) { bytes -> UInt64 in
            var file = ContentHash()
            file.add(UInt64(bytes.count))
            file.add(bytes)
            return file.value
        }
    }
}

/// A fast 64-bit hash over words (a multiply-xorshift per 8 bytes); not cryptographic: it tells
/// an edited file from an unedited one, not a forged one from a true one.
struct ContentHash {
    private(set) var value: UInt64 = 0x9E37_79B9_7F4A_7C15

    mutating func add(_ word: UInt64) {
        value = (value ^ word) &* 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 32
    }

    mutating func add(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { add($0) }
    }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
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
    }
}

/// A file's bytes mapped read-only into memory for the duration of a closure: hashing a
/// 20 MB ledger then reads the page cache in place, with no copy.
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
