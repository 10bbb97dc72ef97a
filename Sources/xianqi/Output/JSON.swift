/// A JSON value whose objects keep their keys in the order written, so that output
/// other tools read has a stable shape.
enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

    static func optional(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }

    /// Compact, one line, UTF-8 kept as is (no \u escapes for Chinese).
    func serialized() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let items):
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (n, (k, v)) in members.enumerated() {
                if n > 0 { out += "," }
                JSON.quote(k, into: &out)
                out += ":"
                v.write(to: &out)
            }
            out += "}"
        }
    }

    private static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape: copy them whole (U+2028/2029 are E2 80 A8/A9 in UTF-8).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }
}

extension JSON {
    /// Writes `{members…, "key": [items…]}` and a newline, an item at a time: the bytes
    /// `print(JSON.object(members + [(key, .array(items))]).serialized())` writes, without the
    /// whole listing held as one value or one string.
    static func stream(_ members: [(String, JSON)], arrayKey key: String, items: some Sequence<JSON>,
                       to out: inout StandardOutput) {
        // The members as the serializer writes them, without the closing brace.
        var head = JSON.object(members).serialized()
        head.removeLast()
        if !members.isEmpty { head += "," }
        quote(key, into: &head)
        head += ":["
        out.write(head)
        streamItems(items, to: &out)
        out.write("]}\n")
    }

    /// Writes `[items…]` and a newline, an item at a time.
    static func streamArray(_ items: some Sequence<JSON>, to out: inout StandardOutput) {
        out.write("[")
        streamItems(items, to: &out)
        out.write("]\n")
    }

    private static func streamItems(_ items: some Sequence<JSON>, to out: inout StandardOutput) {
        var first = true
        for item in items {
            if !first { out.write(",") }
            first = false
            out.write(item.serialized())
        }
    }
}
