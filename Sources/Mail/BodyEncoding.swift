import Foundation

/// Text bodies in base64 or quoted-printable (RFC 2045), lines at most 76 characters,
/// CRLF line breaks. The text is first put in MIME canonical form: every line break
/// (`\n`, `\r\n`, a lone `\r`) becomes CRLF.
enum BodyEncoding {
    /// The longest encoded line, without its CRLF (RFC 2045 §6.7 and §6.8).
    static let lineLimit = 76

    /// The body, and the encoding that was used (never `.automatic`).
    static func encode(_ text: String, as preference: TransferEncoding) -> (encoding: TransferEncoding, bytes: [UInt8]) {
        let canonical = CanonicalText(text)
        switch preference {
        case .base64:
            return (.base64, base64(canonical.bytes))
        case .quotedPrintable:
            return (.quotedPrintable, quotedPrintable(canonical))
        case .automatic:
            let q = quotedPrintable(canonical)
            let b = base64(canonical.bytes)
            return q.count <= b.count ? (.quotedPrintable, q) : (.base64, b)
        }
    }

    /// Base64 in lines of 76 characters, each ending in CRLF.
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        let encoded = Array(Data(bytes).base64EncodedString().utf8)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / lineLimit * 2 + 2)
        var start = 0
        while start < encoded.count {
            let end = min(start + lineLimit, encoded.count)
            out.append(contentsOf: encoded[start..<end])
            out.append(contentsOf: ASCII.crlf)
            start = end
        }
        return out
    }

    /// Quoted-printable. A line that starts with `.` or `From ` has that first byte
    /// encoded, so that no MTA or mbox writer along the way alters it. When the text
    /// does not end in a line break, the last line ends in a soft break (`=` CRLF), so
    /// that the decoded text is exactly the original.
    static func quotedPrintable(_ text: CanonicalText) -> [UInt8] {
        var out: [UInt8] = []
        let lines = text.endsWithLineBreak ? text.lines.dropLast() : text.lines[...]
        for (index, line) in zip(lines.indices, lines) {
            let endsInSoftBreak = index == lines.indices.last && !text.endsWithLineBreak
            if endsInSoftBreak && line.isEmpty { break }
            appendQuotedPrintable(line, to: &out)
            if endsInSoftBreak { out.append(UInt8(ascii: "=")) }
            out.append(contentsOf: ASCII.crlf)
        }
        return out
    }

    private static func appendQuotedPrintable(_ line: [UInt8], to out: inout [UInt8]) {
        var current: [UInt8] = []
        for (i, byte) in line.enumerated() {
            var token = quotedPrintableToken(byte, at: i, in: line, startsOutputLine: current.isEmpty)
            if current.count + token.count > lineLimit - 1 {
                out.append(contentsOf: current)
                out.append(UInt8(ascii: "="))
                out.append(contentsOf: ASCII.crlf)
                current = []
                token = quotedPrintableToken(byte, at: i, in: line, startsOutputLine: true)
            }
            current.append(contentsOf: token)
        }
        out.append(contentsOf: current)
    }

    private static let fromSpace = Array("From ".utf8)

    private static func quotedPrintableToken(_ byte: UInt8, at i: Int, in line: [UInt8], startsOutputLine: Bool) -> [UInt8] {
        let isLastOfLine = i == line.count - 1
        if startsOutputLine && (byte == UInt8(ascii: ".") || line[i...].starts(with: fromSpace)) {
            return ASCII.percentEquals(byte)
        }
        switch byte {
        case ASCII.space, ASCII.tab:
            return isLastOfLine ? ASCII.percentEquals(byte) : [byte]
        case UInt8(ascii: "="):
            return ASCII.percentEquals(byte)
        case 33...126:
            return [byte]
        default:
            return ASCII.percentEquals(byte)
        }
    }
}

/// Text in MIME canonical form: lines of UTF-8 bytes that were separated by any line break.
struct CanonicalText {
    /// The lines, without their breaks; one empty line for empty text.
    let lines: [[UInt8]]
    /// Whether the text ended with a line break (then the last of `lines` is empty).
    let endsWithLineBreak: Bool

    init(_ text: String) {
        var lines: [[UInt8]] = [[]]
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == ASCII.lf && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = byte == ASCII.cr
            if byte == ASCII.cr || byte == ASCII.lf {
                lines.append([])
            } else {
                lines[lines.count - 1].append(byte)
            }
        }
        self.lines = lines
        self.endsWithLineBreak = lines.count > 1 && lines[lines.count - 1].isEmpty
    }

    /// The text with CRLF line breaks.
    var bytes: [UInt8] {
        Array(lines.joined(separator: ASCII.crlf))
    }
}
