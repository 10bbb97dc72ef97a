#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings Excel's "Save as CSV" produces on Chinese systems.
public enum TextEncoding: String, Hashable, Sendable, CustomStringConvertible {
    case utf8 = "UTF-8"
    case utf16LittleEndian = "UTF-16LE"
    case utf16BigEndian = "UTF-16BE"
    /// GB18030, a superset of GBK and GB2312: what "CSV (逗号分隔)" writes on Chinese Windows.
    case gb18030 = "GB18030"

    public var description: String { rawValue }
}

/// Turns file bytes into UTF-8, detecting the encoding when none is given.
///
/// Detection: a byte-order mark decides (UTF-8, UTF-16 LE/BE). Without one, bytes that are
/// valid UTF-8 are UTF-8. Otherwise the file is GB18030, unless it is mostly valid UTF-8
/// (many well-formed multi-byte sequences, few bad bytes): that is a damaged UTF-8 file, and
/// decoding it as GB18030 would silently produce mojibake, so the bad byte is reported instead.
enum TextDecoder {
    struct Decoded {
        let encoding: TextEncoding
        /// The text as UTF-8, without a byte-order mark; nil when the input already is that
        /// from `offset` on (UTF-8 is never copied).
        let converted: [UInt8]?
        /// Where the UTF-8 text starts in the input (after a byte-order mark), when not converted.
        var offset: Int = 0

        /// The text as UTF-8, copied out of `input` if it was not converted.
        func utf8(of input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
            converted ?? Array(input[offset...])
        }
    }

    static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, as forced: TextEncoding?, file: String
    ) throws(TabularError) -> Decoded {
        let (bomEncoding, bomLength) = byteOrderMark(bytes)
        let body = UnsafeBufferPointer(rebasing: bytes[bomLength...])
        let encoding: TextEncoding
        if let forced {
            encoding = forced
        } else if let bomEncoding {
            encoding = bomEncoding
        } else {
            let scan = UTF8Scan(body)
            if scan.firstInvalid == nil {
                return Decoded(encoding: .utf8, converted: nil, offset: bomLength)
            }
            if let bad = scan.firstInvalid, scan.validMultibyte >= 8 * max(scan.invalidCount, 1) {
                throw .invalidEncoding(file: file, line: line(ofByte: bad, in: body), encoding: .utf8)
            }
            encoding = .gb18030
        }
        switch encoding {
        case .utf8:
            if let bad = UTF8Scan(body).firstInvalid {
                throw .invalidEncoding(file: file, line: line(ofByte: bad, in: body), encoding: .utf8)
            }
            return Decoded(encoding: .utf8, converted: nil, offset: bomLength)
        case .utf16LittleEndian, .utf16BigEndian:
            return Decoded(encoding: encoding, converted: try decodeUTF16(body, bigEndian: encoding == .utf16BigEndian, file: file))
        case .gb18030:
            return Decoded(encoding: .gb18030, converted: try Iconv.toUTF8(body, from: "GB18030", file: file))
        }
    }

    static func byteOrderMark(_ b: UnsafeBufferPointer<UInt8>) -> (TextEncoding?, Int) {
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { return (.utf8, 3) }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { return (.utf16LittleEndian, 2) }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return (.utf16BigEndian, 2) }
        return (nil, 0)
    }

    /// The 1-based line holding byte `offset` of an ASCII-compatible text. Safe for GB18030
    /// too: its trail bytes never fall on CR or LF. CRLF, LF and CR each end one line.
    static func line(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
            } else if b == 0x0D {
                line += 1
                if i + 1 < end, bytes[i + 1] == 0x0A { i += 1 }
            }
            i += 1
        }
        return line
    }

    private static func decodeUTF16(
        _ body: UnsafeBufferPointer<UInt8>, bigEndian: Bool, file: String
    ) throws(TabularError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count * 3 / 2)
        var line = 1
        var i = 0
        var previousWasCR = false
        func unit(at j: Int) -> UInt16 {
            bigEndian ? UInt16(body[j]) << 8 | UInt16(body[j + 1]) : UInt16(body[j + 1]) << 8 | UInt16(body[j])
        }
        while i + 1 < body.count {
            let u = unit(at: i)
            i += 2
            let scalar: UInt32
            if u >= 0xD800, u < 0xDC00 {
                guard i + 1 < body.count else {
                    throw .invalidEncoding(file: file, line: line, encoding: bigEndian ? .utf16BigEndian : .utf16LittleEndian)
                }
                let low = unit(at: i)
                guard low >= 0xDC00, low < 0xE000 else {
                    throw .invalidEncoding(file: file, line: line, encoding: bigEndian ? .utf16BigEndian : .utf16LittleEndian)
                }
                i += 2
                scalar = 0x10000 + (UInt32(u - 0xD800) << 10) + UInt32(low - 0xDC00)
            } else if u >= 0xDC00, u < 0xE000 {
                throw .invalidEncoding(file: file, line: line, encoding: bigEndian ? .utf16BigEndian : .utf16LittleEndian)
            } else {
                scalar = UInt32(u)
            }
            if scalar == 0x0A {
                if !previousWasCR { line += 1 }
            } else if scalar == 0x0D {
                line += 1
            }
            previousWasCR = scalar == 0x0D
            appendUTF8(scalar, to: &out)
        }
        if i < body.count {
            throw .invalidEncoding(file: file, line: line, encoding: bigEndian ? .utf16BigEndian : .utf16LittleEndian)
        }
        return out
    }
}

/// Surrogates never reach here: they were paired or rejected by the caller.
private func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
    switch v {
    case 0..<0x80:
        out.append(UInt8(v))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | v >> 6))
        out.append(UInt8(0x80 | v & 0x3F))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | v >> 12))
        out.append(UInt8(0x80 | v >> 6 & 0x3F))
        out.append(UInt8(0x80 | v & 0x3F))
    default:
        out.append(UInt8(0xF0 | v >> 18))
        out.append(UInt8(0x80 | v >> 12 & 0x3F))
        out.append(UInt8(0x80 | v >> 6 & 0x3F))
        out.append(UInt8(0x80 | v & 0x3F))
    }
}

/// One pass over bytes as UTF-8: where the first bad byte is, and how UTF-8-like the rest is.
struct UTF8Scan {
    var firstInvalid: Int?
    var invalidCount = 0
    var validMultibyte = 0

    init(_ b: UnsafeBufferPointer<UInt8>) {
        var i = 0
        let n = b.count
        let raw = UnsafeRawBufferPointer(b)
        while i < n {
            // Runs of ASCII eight bytes at a time, and the three-byte sequences of Chinese text
            // (leads E1–EC, EE, EF: any continuation bytes are valid) without the general check.
            while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let lead = b[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            if lead >= 0xE1, lead <= 0xEF, lead != 0xED, i + 3 <= n, b[i + 1] & 0xC0 == 0x80, b[i + 2] & 0xC0 == 0x80 {
                validMultibyte += 1
                i += 3
                continue
            }
            let length: Int
            var minSecond: UInt8 = 0x80
            var maxSecond: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; minSecond = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; maxSecond = 0x9F
            case 0xF0: length = 4; minSecond = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; maxSecond = 0x8F
            default: length = 0
            }
            var ok = length > 0 && i + length <= n
            if ok {
                ok = b[i + 1] >= minSecond && b[i + 1] <= maxSecond
                var k = 2
                while ok, k < length {
                    ok = b[i + k] & 0xC0 == 0x80
                    k += 1
                }
            }
            if ok {
                validMultibyte += 1
                i += length
            } else {
                if firstInvalid == nil { firstInvalid = i }
                invalidCount += 1
                i += 1
            }
        }
    }
}

/// glibc iconv, for GB18030. Foundation on Linux can decode GB18030 too (raw encoding
/// 0x8000_0632), but it only answers nil for a bad byte; iconv says where, so the user is
/// told which line to fix.
enum Iconv {
    static func toUTF8(
        _ input: UnsafeBufferPointer<UInt8>, from encoding: String, file: String
    ) throws(TabularError) -> [UInt8] {
        // GB18030 → UTF-8 grows at most 3/2 (2 bytes → 3; 4-byte sequences stay 4): twice is ample.
        try convert(input, from: encoding, to: "UTF-8", growth: 2, file: file)
    }

    /// UTF-8 to another encoding; a character the encoding cannot hold is an error naming its line.
    static func fromUTF8(_ input: [UInt8], to encoding: String, file: String) throws(TabularError) -> [UInt8] {
        // GB18030 needs at most 4 bytes per character, and UTF-8 at least 1.
        try input.withUnsafeBufferPointer { buffer throws(TabularError) in
            try convert(buffer, from: "UTF-8", to: encoding, growth: 4, file: file)
        }
    }

    /// `growth` times the input (plus a little) is room enough for any output, so iconv never
    /// stops for want of room and a stop always means a bad byte.
    private static func convert(
        _ input: UnsafeBufferPointer<UInt8>, from source: String, to target: String, growth: Int, file: String
    ) throws(TabularError) -> [UInt8] {
        let cd = iconv_open(target, source)
        guard cd != iconv_t(bitPattern: -1) else {
            throw .unsupportedEncoding(file: file, encoding: source == "UTF-8" ? target : source)
        }
        defer { iconv_close(cd) }
        guard let base = input.baseAddress, input.count > 0 else { return [] }
        var output = [UInt8](repeating: 0, count: input.count * growth + 16)
        var failedAt: Int?
        var produced = 0
        output.withUnsafeMutableBufferPointer { out in
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base)
                .assumingMemoryBound(to: CChar.self)
            var inLeft = input.count
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.baseAddress)?
                .assumingMemoryBound(to: CChar.self)
            var outLeft = out.count
            let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            produced = out.count - outLeft
            // EILSEQ (bad sequence) or EINVAL (sequence cut off at the end): inPtr stops there.
            if result == -1 || inLeft > 0 { failedAt = input.count - inLeft }
        }
        if let failedAt {
            throw .invalidEncoding(file: file, line: TextDecoder.line(ofByte: failedAt, in: input), encoding: .gb18030)
        }
        output.removeSubrange(produced...)
        return output
    }
}
