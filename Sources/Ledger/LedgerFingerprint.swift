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
/// were. Each file's ``ContentFingerprint`` reads the page cache in place (20 MB in a few ms).
///
///     let before = LedgerFingerprint(ledgers: config.ledgerFiles().files, reference: day)
///     …
///     if LedgerFingerprint(ledgers: files, reference: day) != before { reload() }
public struct LedgerFingerprint: Hashable, Sendable {
    public let value: UInt64

    /// The fingerprint of these files; nil when one cannot be read.
    public init?(ledgers: [(path: String, prefix: String?)], reference: CivilDate?) {
        var key: [UInt8] = []
        withUnsafeBytes(of: Int64(reference?.dayNumber ?? Int.min).littleEndian) { key += $0 }
        for (path, prefix) in ledgers {
            guard let content = ContentFingerprint(contentsOf: path) else { return nil }
            key += Array(path.utf8) + [0] + Array((prefix.map { "prefix=" + $0 } ?? "").utf8) + [0]
            withUnsafeBytes(of: Int64(content.size).littleEndian) { key += $0 }
            withUnsafeBytes(of: content.hash.littleEndian) { key += $0 }
        }
        value = key.withUnsafeBytes { ContentFingerprint($0).hash }
    }
}
