import Foundation

/// RFC 2047 encoded-words: `=?UTF-8?B?44CQ6YC+5pyf5o+Q6YaS44CR?=`.
///
/// Words are at most 75 characters and never end inside a UTF-8 sequence: each word
/// decodes to whole characters on its own. The Q form uses only the characters RFC 2047
/// §5(3) allows in a phrase, so the same words serve subjects and display names.
enum EncodedWord {
    /// The two encodings RFC 2047 defines.
    enum Scheme: Sendable {
        /// Base64.
        case b
        /// A quoted-printable variant: `_` for space, `=XX` for other bytes.
        case q

        var letter: String { self == .b ? "B" : "Q" }
    }

    /// The longest encoded-word (RFC 2047 §2).
    static let maximumLength = 75
    /// `=?UTF-8?B?` plus `?=`.
    static let overhead = 12

    /// The scheme to write `text` in: the preferred one, or for `.automatic` the shorter.
    static func scheme(for text: String, preference: TransferEncoding) -> Scheme {
        switch preference {
        case .base64: return .b
        case .quotedPrintable: return .q
        case .automatic:
            let bytes = Array(text.utf8)
            let qLength = bytes.reduce(0) { $0 + qCost($1) }
            return qLength <= (bytes.count + 2) / 3 * 4 ? .q : .b
        }
    }

    /// One encoded-word for `bytes`, which the caller has cut at a character boundary.
    static func word(_ bytes: [UInt8], scheme: Scheme) -> String {
        "=?UTF-8?\(scheme.letter)?" + payload(bytes, scheme: scheme) + "?="
    }

    /// The longest prefix of `scalars` whose word is at most `limit` characters long:
    /// the number of scalars taken, 0 when not even one fits.
    static func prefixFitting(_ scalars: ArraySlice<Unicode.Scalar>, limit: Int, scheme: Scheme) -> Int {
        var taken = 0
        var byteCount = 0
        var qLength = 0
        for scalar in scalars {
            let bytes = Array(String(scalar).utf8)
            let length: Int
            switch scheme {
            case .b:
                length = overhead + (byteCount + bytes.count + 2) / 3 * 4
            case .q:
                length = overhead + qLength + bytes.reduce(0) { $0 + qCost($1) }
            }
            guard length <= limit else { break }
            byteCount += bytes.count
            qLength = length - overhead
            taken += 1
        }
        return taken
    }

    private static func payload(_ bytes: [UInt8], scheme: Scheme) -> String {
        switch scheme {
        case .b:
            return Data(bytes).base64EncodedString()
        case .q:
            var out: [UInt8] = []
            for byte in bytes {
                if byte == ASCII.space {
                    out.append(UInt8(ascii: "_"))
                } else if isQLiteral(byte) {
                    out.append(byte)
                } else {
                    out.append(contentsOf: ASCII.percentEquals(byte))
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static let qSymbols = Set("!*+-/".utf8)

    /// The bytes Q may write as themselves in any header context (RFC 2047 §5(3)).
    private static func isQLiteral(_ byte: UInt8) -> Bool {
        ASCII.isLetterOrDigit(byte) || qSymbols.contains(byte)
    }

    private static func qCost(_ byte: UInt8) -> Int {
        byte == ASCII.space || isQLiteral(byte) ? 1 : 3
    }
}

// MARK: - Decoding

extension EncodedWord {
    /// Decodes the encoded-words in an unfolded header value; whitespace between two
    /// encoded-words is dropped, as RFC 2047 §6.2 says. Words in a charset other than
    /// UTF-8 or US-ASCII, and malformed words, are kept as written.
    ///
    ///     EncodedWord.decode("=?UTF-8?B?5Yy66LSi5pS/5bGA?= <czj@example.gov.cn>")
    ///     // "区财政局 <czj@example.gov.cn>"
    static func decode(_ value: String) -> String {
        var out: [UInt8] = []
        var pendingSpace: [UInt8] = []
        var lastWasEncoded = false
        let bytes = Array(value.utf8)
        var i = 0
        while i < bytes.count {
            if let (decoded, end) = decodeWord(in: bytes, at: i) {
                if !lastWasEncoded { out.append(contentsOf: pendingSpace) }
                pendingSpace = []
                out.append(contentsOf: decoded)
                lastWasEncoded = true
                i = end
            } else if bytes[i] == ASCII.space || bytes[i] == ASCII.tab {
                pendingSpace.append(bytes[i])
                i += 1
            } else {
                out.append(contentsOf: pendingSpace)
                pendingSpace = []
                out.append(bytes[i])
                lastWasEncoded = false
                i += 1
            }
        }
        out.append(contentsOf: pendingSpace)
        return String(decoding: out, as: UTF8.self)
    }

    /// The decoded bytes of the encoded-word starting at `start`, and where it ends.
    private static func decodeWord(in bytes: [UInt8], at start: Int) -> ([UInt8], Int)? {
        guard bytes[start...].starts(with: Array("=?".utf8)) else { return nil }
        let parts = bytes[(start + 2)...].split(separator: UInt8(ascii: "?"), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let scheme = parts[1].first, parts[1].count == 1 else { return nil }
        let charset = String(decoding: parts[0], as: UTF8.self).lowercased()
        guard charset == "utf-8" || charset == "us-ascii" else { return nil }
        guard let close = firstIndex(of: Array("?=".utf8), in: bytes, from: parts[2].startIndex) else { return nil }
        let text = Array(bytes[parts[2].startIndex..<close])
        let decoded: [UInt8]?
        switch scheme {
        case UInt8(ascii: "B"), UInt8(ascii: "b"):
            decoded = Data(base64Encoded: Data(text)).map { Array($0) }
        case UInt8(ascii: "Q"), UInt8(ascii: "q"):
            decoded = decodeQ(text)
        default:
            decoded = nil
        }
        return decoded.map { ($0, close + 2) }
    }

    private static func decodeQ(_ text: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var i = 0
        while i < text.count {
            switch text[i] {
            case UInt8(ascii: "_"):
                out.append(ASCII.space)
                i += 1
            case UInt8(ascii: "="):
                guard i + 2 < text.count, let high = ASCII.hexValue(text[i + 1]), let low = ASCII.hexValue(text[i + 2]) else { return nil }
                out.append(high << 4 | low)
                i += 3
            default:
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            if bytes[i] == ASCII.space { return nil }
            i += 1
        }
        return nil
    }
}
