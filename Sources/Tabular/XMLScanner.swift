/// A pull tokenizer for the XML inside .xlsx files, working on raw UTF-8 bytes.
///
/// Why not Foundation's XMLParser or XMLCoder: a 100k-row sheet is ~1 million `<c>` elements;
/// XMLParser on Linux builds a `[String: String]` of attributes and a `String` name for each,
/// and XMLCoder builds a whole tree first. Here a tag is a pair of byte ranges and only the
/// values we keep become Strings. The subset is what OOXML producers write: elements,
/// attributes, the five predefined and numeric character references, CDATA, comments,
/// processing instructions. A DOCTYPE is skipped and no entity is ever expanded from it,
/// so there is no entity-expansion or external-entity attack surface.
struct XMLScanner {
    enum Token {
        case open(XMLTag)
        case close(localName: Range<Int>)
        /// Raw character data, entities still encoded.
        case text(Range<Int>)
        /// CDATA content, taken literally.
        case cdata(Range<Int>)
        case end
    }

    struct Failure: Error {
        let offset: Int
        let reason: String
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A UTF-8 byte-order mark may precede the declaration.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    mutating func next() throws(Failure) -> Token {
        let n = bytes.count
        while position < n {
            let start = position
            if bytes[start] != UInt8(ascii: "<") {
                var j = start
                while j < n, bytes[j] != UInt8(ascii: "<") { j += 1 }
                position = j
                return .text(start..<j)
            }
            guard start + 1 < n else { throw Failure(offset: start, reason: "unexpected end after '<'") }
            switch bytes[start + 1] {
            case UInt8(ascii: "?"):
                position = try skip(past: "?>", from: start + 2)
            case UInt8(ascii: "!"):
                if hasPrefix("<!--", at: start) {
                    position = try skip(past: "-->", from: start + 4)
                } else if hasPrefix("<![CDATA[", at: start) {
                    let contentStart = start + 9
                    let after = try skip(past: "]]>", from: contentStart)
                    position = after
                    return .cdata(contentStart..<(after - 3))
                } else {
                    position = try skipDeclaration(from: start + 2)
                }
            case UInt8(ascii: "/"):
                var j = start + 2
                while j < n, bytes[j] != UInt8(ascii: ">") { j += 1 }
                guard j < n else { throw Failure(offset: start, reason: "unterminated end tag") }
                position = j + 1
                var nameEnd = j
                while nameEnd > start + 2, isSpace(bytes[nameEnd - 1]) { nameEnd -= 1 }
                return .close(localName: localName(in: (start + 2)..<nameEnd))
            default:
                return .open(try openTag(at: start))
            }
        }
        return .end
    }

    private mutating func openTag(at start: Int) throws(Failure) -> XMLTag {
        let n = bytes.count
        var j = start + 1
        while j < n, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "/") { j += 1 }
        let name = (start + 1)..<j
        guard !name.isEmpty else { throw Failure(offset: start, reason: "empty element name") }
        let attributesStart = j
        var quote: UInt8 = 0
        while j < n {
            let b = bytes[j]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: ">") {
                break
            }
            j += 1
        }
        guard j < n else { throw Failure(offset: start, reason: "unterminated start tag") }
        let selfClosing = j > attributesStart && bytes[j - 1] == UInt8(ascii: "/")
        position = j + 1
        return XMLTag(
            localName: localName(in: name),
            attributes: attributesStart..<(selfClosing ? j - 1 : j),
            selfClosing: selfClosing)
    }

    private func localName(in range: Range<Int>) -> Range<Int> {
        var k = range.upperBound
        while k > range.lowerBound, bytes[k - 1] != UInt8(ascii: ":") { k -= 1 }
        return k..<range.upperBound
    }

    private func hasPrefix(_ s: StaticString, at i: Int) -> Bool {
        let count = s.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        let p = s.utf8Start
        for k in 0..<count where bytes[i + k] != p[k] { return false }
        return true
    }

    private func skip(past terminator: StaticString, from i: Int) throws(Failure) -> Int {
        let first = terminator.utf8Start[0]
        var j = i
        while j < bytes.count {
            if bytes[j] == first, hasPrefix(terminator, at: j) { return j + terminator.utf8CodeUnitCount }
            j += 1
        }
        throw Failure(offset: i, reason: "unterminated markup, expected \(terminator)")
    }

    /// `<!DOCTYPE …>` possibly with an internal subset in brackets; skipped, never interpreted.
    private func skipDeclaration(from i: Int) throws(Failure) -> Int {
        var depth = 0
        var j = i
        while j < bytes.count {
            switch bytes[j] {
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: ">") where depth <= 0: return j + 1
            default: break
            }
            j += 1
        }
        throw Failure(offset: i, reason: "unterminated declaration")
    }

    // MARK: Reading tags and text

    func name(_ range: Range<Int>, is expected: StaticString) -> Bool {
        let count = expected.utf8CodeUnitCount
        guard range.count == count else { return false }
        let p = expected.utf8Start
        var k = 0
        for i in range {
            if bytes[i] != p[k] { return false }
            k += 1
        }
        return true
    }

    /// Calls `body` with each attribute's local name range and raw value range.
    func forEachAttribute(of tag: XMLTag, _ body: (_ localName: Range<Int>, _ value: Range<Int>) -> Void) {
        var j = tag.attributes.lowerBound
        let end = tag.attributes.upperBound
        while j < end {
            while j < end, isSpace(bytes[j]) { j += 1 }
            let nameStart = j
            while j < end, bytes[j] != UInt8(ascii: "="), !isSpace(bytes[j]) { j += 1 }
            let qualified = nameStart..<j
            while j < end, bytes[j] != UInt8(ascii: "\""), bytes[j] != UInt8(ascii: "'") {
                if bytes[j] != UInt8(ascii: "=") && !isSpace(bytes[j]) { break }
                j += 1
            }
            guard j < end, bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") else {
                // A name without a value is not XML; skip the junk and go on.
                if j == nameStart { j += 1 }
                continue
            }
            let quote = bytes[j]
            let valueStart = j + 1
            j = valueStart
            while j < end, bytes[j] != quote { j += 1 }
            if !qualified.isEmpty { body(localName(in: qualified), valueStart..<j) }
            j += 1
        }
    }

    /// The decoded value of the first attribute with this local name (`r:id` matches `id`).
    func attribute(_ local: StaticString, of tag: XMLTag) -> String? {
        var found: Range<Int>?
        forEachAttribute(of: tag) { name, value in
            if found == nil, self.name(name, is: local) { found = value }
        }
        return found.map { string($0) }
    }

    /// Appends text with entities decoded.
    func appendDecoded(_ range: Range<Int>, to out: inout [UInt8]) {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            var j = i
            while j < end, bytes[j] != UInt8(ascii: "&") { j += 1 }
            if j > i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j])) }
            guard j < end else { return }
            var semi = j + 1
            while semi < end, semi - j <= 12, bytes[semi] != UInt8(ascii: ";") { semi += 1 }
            if semi < end, bytes[semi] == UInt8(ascii: ";"), let decoded = entity((j + 1)..<semi) {
                out.append(contentsOf: decoded)
                i = semi + 1
            } else {
                out.append(UInt8(ascii: "&")) // a bare ampersand: keep it
                i = j + 1
            }
        }
    }

    func string(_ range: Range<Int>) -> String {
        if !bytes[range].contains(UInt8(ascii: "&")) {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        appendDecoded(range, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func entity(_ r: Range<Int>) -> [UInt8]? {
        if name(r, is: "lt") { return [0x3C] }
        if name(r, is: "gt") { return [0x3E] }
        if name(r, is: "amp") { return [0x26] }
        if name(r, is: "quot") { return [0x22] }
        if name(r, is: "apos") { return [0x27] }
        guard r.count >= 2, bytes[r.lowerBound] == UInt8(ascii: "#") else { return nil }
        var value: UInt32 = 0
        let hex = bytes[r.lowerBound + 1] | 0x20 == UInt8(ascii: "x")
        for i in (r.lowerBound + (hex ? 2 : 1))..<r.upperBound {
            let b = bytes[i]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x61...0x66 where hex: digit = UInt32(b - 0x61 + 10)
            case 0x41...0x46 where hex: digit = UInt32(b - 0x41 + 10)
            default: return nil
            }
            value = value * (hex ? 16 : 10) + digit
            if value > 0x10FFFF { return nil }
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return Array(String(Character(scalar)).utf8)
    }
}

struct XMLTag {
    let localName: Range<Int>
    let attributes: Range<Int>
    let selfClosing: Bool
}

@inline(__always)
private func isSpace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
}
