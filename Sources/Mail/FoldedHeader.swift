/// One header field being written: tokens are laid out on lines of at most 78
/// characters (RFC 5322 §2.1.1), continuation lines starting with a space.
///
/// Only the renderer's own tokens go in: header names it chose, encoded-words,
/// sanitised ASCII words and checked addresses. None can hold CR or LF, so the field
/// ends where the renderer ends it.
struct FoldedHeader {
    /// The longest line, without its CRLF.
    static let lineLimit = 78
    /// The shortest room worth starting an encoded-word in before moving to a new line.
    static let minimumWordRoom = 20

    private var lines: [String]
    private var hasToken = false

    /// A field named `name`, such as `Subject`.
    init(name: String) {
        lines = [name + ":"]
    }

    /// Room for a token on the current line, after the space that precedes it.
    var roomOnCurrentLine: Int { Self.lineLimit - lastLine.utf8.count - 1 }

    private var lastLine: String { lines[lines.count - 1] }

    /// Adds a token, preceded by a space, or on a new line when it does not fit. A token
    /// longer than any line (a 100-character address) stays whole on a line of its own.
    mutating func append(_ token: String) {
        if token.utf8.count <= roomOnCurrentLine || !hasToken {
            lines[lines.count - 1] += " " + token
        } else {
            lines.append(" " + token)
        }
        hasToken = true
    }

    /// Adds `text` as encoded-words, the first sized to the room left on this line.
    ///
    /// With `keepingWhole`, text that fits in one encoded-word goes into one, on a new
    /// line if need be. Display names need this: RFC 2047 says the space between two
    /// encoded-words is dropped, but some decoders (Python's `email` among them) keep it
    /// inside a phrase, so a name split in two would come out with a space in it.
    mutating func appendEncoded(_ text: String, scheme: EncodedWord.Scheme, keepingWhole: Bool = false) {
        var scalars = Array(text.unicodeScalars)[...]
        if keepingWhole, hasToken,
           EncodedWord.prefixFitting(scalars, limit: EncodedWord.maximumLength, scheme: scheme) == scalars.count,
           EncodedWord.prefixFitting(scalars, limit: roomOnCurrentLine, scheme: scheme) < scalars.count {
            lines.append("")
        }
        while !scalars.isEmpty {
            if hasToken && roomOnCurrentLine < Self.minimumWordRoom { lines.append("") }
            let limit = min(EncodedWord.maximumLength, roomOnCurrentLine)
            var count = EncodedWord.prefixFitting(scalars, limit: limit, scheme: scheme)
            if count == 0 {
                // Not even one character fits here: start a new line, where one always does.
                lines.append("")
                count = EncodedWord.prefixFitting(scalars, limit: EncodedWord.maximumLength, scheme: scheme)
            }
            let bytes = Array(String(String.UnicodeScalarView(scalars.prefix(count))).utf8)
            let word = EncodedWord.word(bytes, scheme: scheme)
            lines[lines.count - 1] += " " + word
            hasToken = true
            scalars = scalars.dropFirst(count)
        }
    }

    /// Appends `,` to the last token (between addresses of a list).
    mutating func appendComma() {
        lines[lines.count - 1] += ","
    }

    /// The field, lines joined by CRLF, ending in CRLF.
    var bytes: [UInt8] {
        Array(lines.joined(separator: "\r\n").utf8) + ASCII.crlf
    }
}

/// Header text from the ledger, made safe and compact for one header line.
enum HeaderText {
    /// The text with every line break, tab and other control character replaced by a
    /// space, runs of spaces collapsed and the ends trimmed: a subject or a name is one
    /// line, and a CR or LF in ledger text is the classic way to smuggle in a header.
    ///
    ///     HeaderText.sanitized("逾期提醒\r\nBcc: x@y")   // "逾期提醒 Bcc: x@y"
    static func sanitized(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isBreaking(scalar) || scalar == " " {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.append(scalar)
        }
        return String(out)
    }

    /// Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
    private static func isBreaking(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// Whether sanitised `text` must be written as encoded-words: non-ASCII, something that
    /// looks like an encoded-word already, or a word too long to fold.
    static func needsEncoding(_ text: String) -> Bool {
        if !text.unicodeScalars.allSatisfy(\.isASCII) || text.contains("=?") { return true }
        return text.split(separator: " ").contains { $0.utf8.count > FoldedHeader.lineLimit - 10 }
    }
}
