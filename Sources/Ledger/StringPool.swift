/// Distinct texts stored once, in one byte buffer, named by small integer ids.
///
/// A ledger of 100 000 measures writes the same few hundred units, owners, statuses and
/// target texts again and again; a `String` per cell costs a heap object and a reference count
/// each. The pool keeps each distinct text once, as UTF-8 bytes in one array, and hands out a
/// `UInt32` id for it; id 0 stands for "nothing written" (nil).
///
///     var pool = StringPool()
///     let a = pool.intern("区财政局")      // 1
///     let b = pool.intern("区财政局")      // 1 again
///     pool.string(a)                      // "区财政局"
///     pool.string(0)                      // nil
///
/// Why hand-written: a `[String: UInt32]` dictionary needs a `String` to look a text up, which
/// is the allocation the pool exists to avoid; this table hashes the bytes where they lie.
public struct StringPool: Sendable {
    /// Every distinct text, back to back.
    private var bytes: [UInt8] = []
    /// `ends[id]` is where text `id` ends in `bytes`; it starts where `id - 1` ends.
    /// `ends[0]` is 0: id 0 is the empty slot for nil.
    private var ends: [UInt32] = [0]
    /// Open addressing over the interned texts, a power of two at least twice their count: a
    /// slot holds the text's id in its low 32 bits and the low 32 bits of its hash above them
    /// (0: free), so that a probe compares bytes only when the hashes agree, and growing needs
    /// no text hashed again.
    private var slots: [UInt64] = Array(repeating: 0, count: 64)
    /// Texts in `slots` (``intern(_:)``); ``append(bytes:)`` adds texts that are not.
    private var interned = 0

    public init() {}

    /// How many distinct texts are stored.
    public var count: Int { ends.count - 1 }

    /// The bytes the pool holds, for memory accounting.
    public var byteCount: Int { bytes.count + ends.count * 4 + slots.count * 8 }

    /// Room for `bytes` more bytes of text, and `count` more texts, without growing meanwhile
    /// (growing a large array copies it, and for a moment holds both copies).
    /// `interned` of them looked up (``intern(_:)``; all of them when not given).
    public mutating func reserveCapacity(bytes extra: Int, count extraCount: Int, interned extraInterned: Int? = nil) {
        bytes.reserveCapacity(bytes.count + extra)
        ends.reserveCapacity(ends.count + extraCount)
        var size = slots.count
        while size < (interned + (extraInterned ?? extraCount)) * 2 { size *= 2 }
        if size > slots.count { rehash(into: size) }
    }

    /// The id of `text`, adding it if new; 0 for nil.
    public mutating func intern(_ text: String?) -> UInt32 {
        guard var text else { return 0 }
        return text.withUTF8 { intern(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The id of the text in `raw` (UTF-8), adding it if new.
    public mutating func intern(bytes raw: UnsafeRawBufferPointer) -> UInt32 {
        let hash = Self.hash(raw)
        let tag = UInt64(UInt32(truncatingIfNeeded: hash)) << 32
        let mask = slots.count - 1
        var slot = hash & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == tag, equals(Int(UInt32(truncatingIfNeeded: entry)), raw) {
                return UInt32(truncatingIfNeeded: entry)
            }
            slot = (slot + 1) & mask
        }
        let id = append(bytes: raw)
        slots[slot] = tag | UInt64(id)
        interned += 1
        if interned * 2 > slots.count { grow() }
        return id
    }

    /// Adds the text in `raw` under a new id without looking for it, and without entering it
    /// where ``intern(_:)`` and ``lookup(_:)`` look: for a text that is seldom written twice
    /// (a measure's own wording), whose hashing would cost more than a second copy.
    public mutating func append(bytes raw: UnsafeRawBufferPointer) -> UInt32 {
        precondition(bytes.count + raw.count <= Int(UInt32.max), "string pool over 4 GiB")
        bytes.append(contentsOf: raw)
        ends.append(UInt32(bytes.count))
        return UInt32(ends.count - 1)
    }

    /// The text of `id`; nil for 0.
    public func string(_ id: UInt32) -> String? {
        guard id != 0 else { return nil }
        return withBytes(id) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the UTF-8 bytes of `id` (none for 0), without making a `String`.
    public func withBytes<R>(_ id: UInt32, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        guard id != 0 else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        let start = Int(ends[Int(id) - 1])
        let end = Int(ends[Int(id)])
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    /// The id of `text` if it is stored, without adding it.
    public func lookup(_ text: String) -> UInt32? {
        var text = text
        return text.withUTF8 { utf8 -> UInt32? in
            let raw = UnsafeRawBufferPointer(utf8)
            let hash = Self.hash(raw)
            let tag = UInt64(UInt32(truncatingIfNeeded: hash)) << 32
            let mask = slots.count - 1
            var slot = hash & mask
            while true {
                let entry = slots[slot]
                if entry == 0 { return nil }
                if entry & 0xFFFF_FFFF_0000_0000 == tag, equals(Int(UInt32(truncatingIfNeeded: entry)), raw) {
                    return UInt32(truncatingIfNeeded: entry)
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private func equals(_ id: Int, _ raw: UnsafeRawBufferPointer) -> Bool {
        let start = Int(ends[id - 1])
        let length = Int(ends[id]) - start
        guard length == raw.count else { return false }
        guard length > 0 else { return true }
        return bytes.withUnsafeBytes { memcmp($0.baseAddress! + start, raw.baseAddress!, length) == 0 }
    }

    private mutating func grow() {
        rehash(into: slots.count * 2)
    }

    private mutating func rehash(into size: Int) {
        // The slot comes from the hash's low bits, which the entry keeps (size ≤ 2³²).
        precondition(size <= 1 << 32, "string pool over 2³¹ texts")
        var bigger = [UInt64](repeating: 0, count: size)
        let mask = UInt64(bigger.count - 1)
        for entry in slots where entry != 0 {
            var slot = Int((entry >> 32) & mask)
            while bigger[slot] != 0 { slot = (slot + 1) & Int(mask) }
            bigger[slot] = entry
        }
        slots = bigger
    }

    /// FNV-1a over the bytes, eight at a time: the pool lives within one process, so the hash
    /// needs no seed, only speed and spread.
    private static func hash(_ raw: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        var i = 0
        while i + 8 <= raw.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100_0000_01B3
            h ^= h >> 29
            i += 8
        }
        while i < raw.count {
            h = (h ^ UInt64(raw[i])) &* 0x100_0000_01B3
            i += 1
        }
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
