import ChineseDates
import Foundation
import Ledger
#if canImport(Glibc)
import Glibc
#endif

/// The items of unchanged ledgers, kept between runs so that a command does not read and
/// interpret a large ledger again when not a byte of it changed (docs/reminders.md, benchmark).
///
/// A snapshot holds what scheduling needs of each measure and milestone, as the ledgers state
/// it (the trail is applied afresh on every run), the number of ledger errors for the summary
/// line, and a ``Key``: the snapshot format, the reference date relative deadlines were read
/// against, and each ledger's path and a hash of its whole content. A snapshot whose key differs
/// from the key of the ledgers now is not used, so an edit, a renamed file or another reference
/// date always means reading the ledgers again.
///
///     let key = AgendaSnapshot.Key(ledgers: config.ledgerFiles().files, reference: day)
///     if let snapshot = AgendaSnapshot.read(from: path, key: key) { … snapshot.items … }
///     else { …read the ledgers…; try AgendaSnapshot(items: agenda.ledgerItems, errorCount: n, key: key).write(to: path) }
public struct AgendaSnapshot: Sendable {
    /// What a snapshot was made from.
    public struct Key: Hashable, Sendable {
        public let value: UInt64

        /// The key of these ledger files (with the prefix each gives its ids) read against
        /// `reference`; nil when a file cannot be read.
        public init?(ledgers: [(path: String, prefix: String?)], reference: CivilDate?) {
            var h = ContentHash()
            h.add(AgendaSnapshot.format)
            h.add(UInt64(bitPattern: Int64(reference?.dayNumber ?? Int.min)))
            for (path, prefix) in ledgers {
                h.add(Array(path.utf8))
                h.add(Array((prefix.map { "prefix=" + $0 } ?? "").utf8))
                guard let content = MappedFile.withBytes(of: path, { bytes -> UInt64 in
                    var file = ContentHash()
                    file.add(UInt64(bytes.count))
                    file.add(bytes)
                    return file.value
                }) else { return nil }
                h.add(content)
            }
            value = h.value
        }

        public init(value: UInt64) { self.value = value }
    }

    /// Bumped whenever the encoding or the meaning of an item changes (4: the checksum trailer).
    static let format: UInt64 = 4

    public var items: [ScheduleItem]
    /// Error-level issues of the ledgers it was made from.
    public let errorCount: Int
    public let key: Key

    public init(items: [ScheduleItem], errorCount: Int, key: Key) {
        self.items = items
        self.errorCount = errorCount
        self.key = key
    }

    /// The snapshot at `path` if it was made from ledgers with this key; nil when there is none,
    /// it is stale, or it cannot be read (it is then simply made again).
    ///
    /// The last eight bytes are a ``ContentHash`` of all before them: a damaged byte (a bad
    /// sector, a flipped bit) makes the snapshot unused rather than read as another deadline or
    /// status, which the key alone did not catch (6 of 300 single-byte flips gave wrong
    /// `overdue` output).
    public static func read(from path: String, key: Key) -> AgendaSnapshot? {
        MappedFile.withBytes(of: path) { raw -> AgendaSnapshot? in
            guard raw.count >= 8 else { return nil }
            let body = UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - 8)])
            var hash = ContentHash()
            hash.add(body)
            guard raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self) == hash.value.littleEndian else { return nil }
            var reader = SnapshotReader(body)
            return reader.snapshot(expecting: key)
        } ?? nil
    }

    /// Writes the snapshot atomically (a reader sees the old file or the new one), the file 0600
    /// and its directory 0700 whatever the umask: it holds the measures' text, owners and leaders.
    public func write(to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        _ = chmod(directory, 0o700)
        let temporary = path + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary]) }
        let bytes = encoded()
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        _ = fchmod(fd, 0o600)
        close(fd)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// The bytes of the snapshot, ending in the checksum of the rest.
    public func encoded() -> [UInt8] {
        var bytes = unsummed()
        var hash = ContentHash()
        hash.add(bytes)
        withUnsafeBytes(of: hash.value.littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    private func unsummed() -> [UInt8] {
        var w = SnapshotWriter()
        w.u64(Self.magic)
        w.u64(Self.format)
        w.u64(key.value)
        w.u64(UInt64(errorCount))
        w.u64(UInt64(items.count))
        for item in items {
            w.string(item.reference.measureID)
            w.u32(UInt32(item.reference.step?.index ?? 0))
            w.optional(item.reference.step?.action)
            w.string(item.title)
            if item.reference.step == nil {
                // A measure's details; its milestones (which follow it) share them.
                w.string(item.measureText)
                w.optional(item.category)
                w.optional(item.unit)
                w.optional(item.owner)
                w.optional(item.leader)
            }
            w.optional(item.deadlineText)
            if let s = item.source {
                w.u8(1)
                w.string(s.file)
                w.i64(Int64(s.line ?? -1))
                w.i64(Int64(s.column ?? -1))
                w.optional(s.sheet)
            } else {
                w.u8(0)
            }
            w.u8(item.ledgerStatus.flatMap { s in Status.allCases.firstIndex(of: s).map { UInt8($0 + 1) } } ?? 0)
            w.u8((item.ledgerDone ? 1 : 0) | (item.coincidesWithMeasure ? 2 : 0))
            switch item.ledgerTiming {
            case .deadline(let d):
                w.u8(1)
                w.i64(Int64(d.dayNumber))
            case .ongoing:
                w.u8(2)
            case .cadence(let cadences):
                w.u8(3)
                w.u32(UInt32(cadences.count))
                for c in cadences {
                    w.u8(c.period.flatMap { p in Self.periods.firstIndex(of: p).map { UInt8($0 + 1) } } ?? 0)
                    w.i64(Int64(c.every))
                }
            case .undated:
                w.u8(4)
            }
        }
        return w.finish()
    }

    static let magic: UInt64 = 0x5851_5348_4F54_0001   // "XQSHOT" + 1
    static let periods: [DateExpression.Period] = [.day, .week, .xun, .month, .quarter, .half, .year]
}

/// A 64-bit hash of bytes, eight at a time: to tell whether a ledger changed, not a defence
/// against someone forging one.
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

/// Strings go to a table, once each: units, leaders and deadline texts repeat across rows.
private struct SnapshotWriter {
    private var body: [UInt8] = []
    private var table: [BytesKey: UInt32] = [:]
    private var strings: [UInt8] = []
    private var stringCount: UInt32 = 0

    mutating func u8(_ v: UInt8) { body.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { body.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { body.append(contentsOf: $0) } }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }

    mutating func string(_ s: String) { u32(index(s) + 1) }
    mutating func optional(_ s: String?) { u32(s.map { index($0) + 1 } ?? 0) }

    private mutating func index(_ s: String) -> UInt32 {
        let key = BytesKey(s)
        if let i = table[key] { return i }
        let i = stringCount
        table[key] = i
        stringCount += 1
        var copy = s
        copy.withUTF8 { utf8 in
            withUnsafeBytes(of: UInt32(utf8.count).littleEndian) { strings.append(contentsOf: $0) }
            strings.append(contentsOf: utf8)
        }
        return i
    }

    /// The header fields, then the string table, then the items.
    func finish() -> [UInt8] {
        let header = body.prefix(40)
        var out = [UInt8](header)
        withUnsafeBytes(of: stringCount.littleEndian) { out.append(contentsOf: $0) }
        out += strings
        out += body.dropFirst(40)
        return out
    }
}

/// A string compared and hashed by its UTF-8 bytes: String's own hashing normalises Unicode
/// first, which costs more than writing the whole snapshot, and the snapshot keeps bytes anyway.
private struct BytesKey: Hashable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (a: BytesKey, b: BytesKey) -> Bool { a.string.utf8.elementsEqual(b.string.utf8) }

    func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

private struct SnapshotReader {
    private let bytes: UnsafeRawBufferPointer
    private var at = 0
    private var strings: [String] = []
    private var failed = false

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func snapshot(expecting key: AgendaSnapshot.Key) -> AgendaSnapshot? {
        guard u64() == AgendaSnapshot.magic, u64() == AgendaSnapshot.format, u64() == key.value else { return nil }
        let errorCount = Int(u64())
        let count = Int(u64())
        let stringCount = Int(u32())
        guard !failed, count <= bytes.count, stringCount <= bytes.count else { return nil }
        strings.reserveCapacity(stringCount)
        for _ in 0..<stringCount {
            let n = Int(u32())
            guard !failed, at + n <= bytes.count else { return nil }
            strings.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[at..<at + n]), as: UTF8.self))
            at += n
        }
        var items: [ScheduleItem] = []
        items.reserveCapacity(count)
        for _ in 0..<count {
            guard let item = item() else { return nil }
            items.append(item)
        }
        guard !failed, at == bytes.count else { return nil }
        return AgendaSnapshot(items: items, errorCount: errorCount, key: key)
    }

    private var details: MeasureDetails?

    private mutating func item() -> ScheduleItem? {
        let id = string()
        let index = Int(u32())
        let action = optional()
        let title = string()
        var text = "", category: String?, unit: String?, owner: String?, leader: String?
        if index == 0 {
            text = string()
            category = optional()
            unit = optional()
            owner = optional()
            leader = optional()
        }
        let deadline = optional()
        var source: SourcePosition?
        if u8() == 1 {
            let file = string()
            let line = i64(), column = i64()
            let sheet = optional()
            source = SourcePosition(file: file, line: line < 0 ? nil : Int(line), column: column < 0 ? nil : Int(column), sheet: sheet)
        }
        if index == 0 {
            details = MeasureDetails(text: text, category: category, unit: unit, owner: owner, leader: leader, source: source)
        }
        guard let details else { return nil }   // a milestone before any measure
        let statusIndex = Int(u8())
        let flags = u8()
        let timing: ScheduleItem.Timing
        switch u8() {
        case 1: timing = .deadline(CivilDate(dayNumber: Int(i64())))
        case 2: timing = .ongoing
        case 3:
            let n = Int(u32())
            guard n <= 64 else { return nil }
            var cadences: [DateExpression.Cadence] = []
            for _ in 0..<n {
                let p = Int(u8())
                let every = Int(i64())
                cadences.append(.init(period: p == 0 || p > AgendaSnapshot.periods.count ? nil : AgendaSnapshot.periods[p - 1], every: every))
            }
            timing = .cadence(cadences)
        case 4: timing = .undated
        default: return nil
        }
        guard !failed, statusIndex <= Status.allCases.count else { return nil }
        let status = statusIndex == 0 ? nil : Status.allCases[statusIndex - 1]
        let reference = ItemReference(measureID: id, step: index == 0 ? nil : .init(index: index, action: action))
        return ScheduleItem(reference: reference, title: title, details: details, deadlineText: deadline, source: source, ledgerStatus: status,
                            ledgerDone: flags & 1 != 0, timing: timing, coincidesWithMeasure: flags & 2 != 0)
    }

    private mutating func take(_ n: Int) -> Int? {
        guard !failed, at + n <= bytes.count else {
            failed = true
            return nil
        }
        defer { at += n }
        return at
    }

    mutating func u8() -> UInt8 { take(1).map { bytes[$0] } ?? 0 }
    mutating func u32() -> UInt32 { take(4).map { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0, as: UInt32.self)) } ?? 0 }
    mutating func u64() -> UInt64 { take(8).map { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: $0, as: UInt64.self)) } ?? 0 }
    mutating func i64() -> Int64 { Int64(bitPattern: u64()) }

    mutating func string() -> String { optional() ?? "" }

    mutating func optional() -> String? {
        let i = Int(u32())
        guard i > 0, i <= strings.count else {
            if i > strings.count { failed = true }
            return nil
        }
        return strings[i - 1]
    }
}
