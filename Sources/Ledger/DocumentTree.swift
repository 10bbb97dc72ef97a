import Foundation
import TOMLKit
import Yams

/// A TOML or YAML ledger as a tree of values that know their line, so one reader
/// interprets both formats and every message names the line of the offending key.
indirect enum DocValue: Sendable {
    case scalar(String, SourcePosition)
    case list([DocValue], SourcePosition)
    case map([(key: String, value: DocValue)], SourcePosition)

    var position: SourcePosition {
        switch self {
        case .scalar(_, let p), .list(_, let p), .map(_, let p): p
        }
    }

    var text: String? {
        if case .scalar(let s, _) = self { return s }
        return nil
    }

    subscript(key: String) -> DocValue? {
        guard case .map(let pairs, _) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }
}

// MARK: - YAML

enum YAMLTree {
    static func parse(_ text: String, file: String) throws(LedgerReadError) -> DocValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.readError(error, file: file)
        } catch {
            throw LedgerReadError(file: file, reason: "YAML 语法错误 (YAML syntax error): \(error)")
        }
        guard let node else { throw LedgerReadError(file: file, reason: "文件为空 (empty file)") }
        try checkExpansion(node, budget: nodeBudget(byteCount: text.utf8.count), file: file)
        return value(node, file: file)
    }

    private static func value(_ node: Node, file: String) -> DocValue {
        let position = SourcePosition(file: file, line: node.mark?.line, column: node.mark?.column)
        switch node {
        case .scalar(let s):
            return .scalar(s.string, position)
        case .sequence(let seq):
            return .list(seq.map { value($0, file: file) }, position)
        case .mapping(let map):
            return .map(map.map { (key: $0.key.string ?? "\($0.key)", value: value($0.value, file: file)) }, position)
        case .alias:
            return .scalar("", position)
        }
    }

    private static func readError(_ error: YamlError, file: String) -> LedgerReadError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return LedgerReadError(file: file, line: mark.line, column: mark.column,
                                   reason: "YAML 语法错误 (YAML syntax error): \(problem)")
        case .composer(_, let problem, let mark, _):
            return LedgerReadError(file: file, line: mark.line, column: mark.column,
                                   reason: "YAML 语法错误 (YAML syntax error): \(problem)")
        default:
            return LedgerReadError(file: file, reason: "YAML 语法错误 (YAML syntax error): \(error)")
        }
    }
}

// MARK: - TOML

enum TOMLTree {
    static func parse(_ text: String, file: String) throws(LedgerReadError) -> DocValue {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw LedgerReadError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                                  reason: "TOML 语法错误 (TOML syntax error): \(error.description)"
                                      + (error.description.contains("bare key") ? "；中文键名须加引号，如 \"备注\" = \"…\"" : ""))
        } catch {
            throw LedgerReadError(file: file, reason: "TOML 语法错误 (TOML syntax error): \(error)")
        }
        let lines = LineIndex(text)
        return table(root, path: "", file: file, lines: lines, line: 1)
    }

    private static func table(_ t: TOMLTable, path: String, file: String, lines: LineIndex, line: Int) -> DocValue {
        var pairs: [(key: String, value: DocValue)] = []
        for key in lines.orderedKeys(of: path, among: t.keys) {
            guard let v = t[key] else { continue }
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            pairs.append((key, value(v, path: keyPath, file: file, lines: lines)))
        }
        return .map(pairs, SourcePosition(file: file, line: lines.line(of: path) ?? line))
    }

    private static func value(_ v: any TOMLValueConvertible, path: String, file: String, lines: LineIndex) -> DocValue {
        let position = SourcePosition(file: file, line: lines.line(of: path))
        if let t = v.table { return table(t, path: path, file: file, lines: lines, line: position.line ?? 1) }
        if let a = v.array {
            return .list(a.enumerated().map { i, element in
                value(element, path: "\(path)[\(i)]", file: file, lines: lines)
            }, position)
        }
        if let s = v.string { return .scalar(s, position) }
        if let d = v.date { return .scalar(String(format: "%04d-%02d-%02d", d.year, d.month, d.day), position) }
        if let i = v.int { return .scalar(String(i), position) }
        if let b = v.bool { return .scalar(b ? "true" : "false", position) }
        if let f = v.double { return .scalar(String(f), position) }
        return .scalar(v.debugDescription, position)
    }

    /// Lines of keys and table headers: `measure[3].milestone[1].deadline` → 41.
    /// TOMLKit keeps no positions, so the text is scanned for headers and `key =` lines.
    struct LineIndex {
        private var lines: [String: Int] = [:]
        private var order: [String: [String]] = [:]

        init(_ text: String) {
            var counters: [String: Int] = [:]
            var section = ""
            var lineNumber = 0
            var inMultiline: String?
            for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
                lineNumber += 1
                let line = String(rawLine).trimmingWhitespace
                if let quote = inMultiline {
                    if line.contains(quote) { inMultiline = nil }
                    continue
                }
                if line.hasPrefix("[[") {
                    let name = Self.headerName(line, brackets: 2)
                    let parent = Self.arrayParent(of: name, section: section)
                    let base = parent.isEmpty ? Self.lastComponent(name, dropping: "") : "\(parent).\(Self.lastComponent(name, dropping: parent))"
                    let index = counters[base, default: 0]
                    counters[base] = index + 1
                    section = "\(base)[\(index)]"
                    lines[section] = lineNumber
                    continue
                }
                if line.hasPrefix("[") {
                    let name = Self.headerName(line, brackets: 1)
                    let parent = Self.arrayParent(of: name, section: section)
                    section = parent.isEmpty ? name : "\(parent).\(Self.lastComponent(name, dropping: parent))"
                    lines[section] = lineNumber
                    continue
                }
                guard !line.hasPrefix("#"), let eq = Self.keyEnd(line) else { continue }
                let key = Self.unquote(String(line[..<eq]).trimmingWhitespace)
                let path = section.isEmpty ? key : "\(section).\(key)"
                if lines[path] == nil { lines[path] = lineNumber }
                order[section, default: []].append(key)
                let rest = String(line[line.index(after: eq)...]).trimmingWhitespace
                for quote in ["\"\"\"", "'''"] where rest.hasPrefix(quote) && !rest.dropFirst(3).contains(quote) {
                    inMultiline = quote
                }
            }
        }

        func line(of path: String) -> Int? { lines[path] }

        /// Keys in the order the file writes them (tables last, as TOML places them).
        func orderedKeys(of path: String, among keys: [String]) -> [String] {
            let written = order[path] ?? []
            let rest = keys.filter { !written.contains($0) }.sorted()
            return written.filter(keys.contains) + rest
        }

        private static func headerName(_ line: String, brackets: Int) -> String {
            var s = Substring(line).dropFirst(brackets)
            if let end = s.firstIndex(of: "]") { s = s[..<end] }
            return s.split(separator: ".").map { unquote(String($0).trimmingWhitespace) }.joined(separator: ".")
        }

        /// For `measure.milestone` inside `measure[2]`: `measure[2]`.
        private static func arrayParent(of name: String, section: String) -> String {
            let components = name.split(separator: ".")
            guard components.count > 1 else { return "" }
            let parentName = components.dropLast().joined(separator: ".")
            var candidate = section
            while !candidate.isEmpty {
                let stripped = Self.withoutIndexes(candidate)
                if stripped == parentName { return candidate }
                guard let dot = candidate.lastIndex(of: ".") else { break }
                candidate = String(candidate[..<dot])
            }
            return parentName
        }

        /// `measure[2].milestone[0]` → `measure.milestone`.
        private static func withoutIndexes(_ path: String) -> String {
            var out = ""
            var inIndex = false
            for c in path {
                if c == "[" { inIndex = true } else if c == "]" { inIndex = false } else if !inIndex { out.append(c) }
            }
            return out
        }

        private static func lastComponent(_ name: String, dropping parent: String) -> String {
            String(name.split(separator: ".").last ?? Substring(name))
        }

        /// The `=` that ends a key, outside quotes.
        private static func keyEnd(_ line: String) -> String.Index? {
            var quote: Character?
            for i in line.indices {
                let c = line[i]
                if let q = quote {
                    if c == q { quote = nil }
                } else if c == "\"" || c == "'" {
                    quote = c
                } else if c == "=" {
                    return i
                }
            }
            return nil
        }

        private static func unquote(_ s: String) -> String {
            if s.count >= 2, let f = s.first, f == s.last, f == "\"" || f == "'" { return String(s.dropFirst().dropLast()) }
            return s
        }
    }
}
