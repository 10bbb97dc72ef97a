import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file read in pieces of about a mebibyte, each ending just after a line feed, so that a
/// large CSV file is never held whole: the reader's memory is one piece (or the longest line,
/// when a line is longer), whatever the file's size.
///
///     var pieces = try FilePieces(path: "/srv/台账.csv", name: "台账.csv")
///     while let piece = try pieces.next() { … }
///
/// A piece ends after a line feed, so a UTF-8 sequence, a CRLF and (mostly) a record are never
/// cut; the CSV parser carries a quoted cell across pieces anyway. It reads with `read(2)`,
/// not `mmap`: a file truncated by another program while mapped would kill the reader with
/// SIGBUS. Size and modification time are compared at the end (``changed``): a file rewritten
/// while it was read is reported, not taken as it came.
///
/// A class because it owns the descriptor; `@unchecked Sendable` because its one owner (a
/// ``CSVRows``, itself a single-pass reader) uses it from one thread at a time.
final class FilePieces: @unchecked Sendable {
    let name: String
    private let fd: Int32
    private var carry: [UInt8] = []
    private var atEnd = false
    /// The file's size when opened.
    let startSize: Int
    private let startTime: timespec
    static let pieceSize = 1 << 20

    init(path: String, name: String) throws(TabularError) {
        self.name = name
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(file: name, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw .unreadable(file: name, reason: String(cString: strerror(errno)))
        }
        startSize = Int(info.st_size)
        startTime = info.st_mtim
    }

    deinit { close(fd) }

    /// The next piece, or nil at the end of the file.
    func next() throws(TabularError) -> [UInt8]? {
        var piece = carry
        carry = []
        while !atEnd {
            let before = piece.count
            piece.reserveCapacity(before + Self.pieceSize)
            let n = try readMore(into: &piece)
            if n == 0 {
                atEnd = true
                break
            }
            // Cut after the last line feed of what was just read; none: read on (a long line).
            if let lf = piece[before...].lastIndex(of: 0x0A) {
                carry = Array(piece[(lf + 1)...])
                piece.removeSubrange((lf + 1)...)
                return piece
            }
        }
        return piece.isEmpty ? nil : piece
    }

    private func readMore(into piece: inout [UInt8]) throws(TabularError) -> Int {
        let count = piece.count
        piece.append(contentsOf: repeatElement(0, count: Self.pieceSize))
        var n = 0
        repeat {
            n = piece.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, Self.pieceSize) }
        } while n < 0 && errno == EINTR
        guard n >= 0 else { throw .unreadable(file: name, reason: String(cString: strerror(errno))) }
        piece.removeLast(Self.pieceSize - n)
        return n
    }

    /// True when the file's size or modification time is not what it was when opened.
    var changed: Bool {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return true }
        return Int(info.st_size) != startSize || info.st_mtim.tv_sec != startTime.tv_sec || info.st_mtim.tv_nsec != startTime.tv_nsec
    }
}
