internal import CSystemd

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Sends structured records to journald through libsystemd's native protocol.
///
/// Each field travels as its own `iovec`, so values may contain newlines or any bytes;
/// field names are checked first, and a record that journald did not receive throws.
///
///     try Journal().send([
///         ("MESSAGE", "整改措施「台账核对」已逾期 3 天"),
///         ("PRIORITY", "4"),
///         ("XIANQI_UNIT", "区财政局"),
///     ])
public struct Journal: Sendable {
    /// Where libsystemd sends records; fixed in libsystemd, not configurable.
    public static let socketPath = "/run/systemd/journal/socket"

    public init() {}

    /// Sends one record whose fields keep the given order (a name may repeat).
    public func send(_ fields: [JournalField]) throws(JournalError) {
        guard !fields.isEmpty else { throw .emptyRecord }
        for field in fields {
            if let problem = JournalField.problem(withName: field.name) {
                throw .invalidFieldName(field.name, problem)
            }
        }
        try Self.requireSocket()
        let result = Self.sendv(fields)
        if let error = JournalError.fromSendResult(result) { throw error }
    }

    /// Sends one record from (name, value) pairs, in order.
    public func send(_ fields: [(name: String, value: String)]) throws(JournalError) {
        try send(fields.map { JournalField($0.name, $0.value) })
    }

    /// Sends one record from a dictionary; fields go out sorted by name.
    public func send(_ fields: [String: String]) throws(JournalError) {
        try send(fields.sorted { $0.key < $1.key }.map { JournalField($0.key, $0.value) })
    }

    /// libsystemd returns success when the socket file is missing ("fail silently"),
    /// so its absence is checked here: a record sent into nothing must not look delivered.
    private static func requireSocket() throws(JournalError) {
        var info = stat()
        if stat(socketPath, &info) != 0, errno == ENOENT || errno == ENOTDIR {
            throw .journaldUnavailable(errno: ENOENT)
        }
    }

    /// Lays all `NAME=value` entries out in one buffer, points one iovec at each, and
    /// returns what `sd_journal_sendv` returned (internal so tests can show its quirks).
    static func sendv(_ fields: [JournalField]) -> Int32 {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(fields.reduce(0) { $0 + $1.name.utf8.count + 1 + $1.value.count })
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(fields.count)
        for field in fields {
            let start = buffer.count
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: field.value)
            ranges.append(start..<buffer.count)
        }
        return buffer.withUnsafeMutableBytes { raw -> Int32 in
            guard let base = raw.baseAddress else { return -EINVAL }
            var vectors = ranges.map { iovec(iov_base: base + $0.lowerBound, iov_len: $0.count) }
            return sd_journal_sendv(&vectors, Int32(vectors.count))
        }
    }
}
