/// The header row found in a table, the columns it names, and the rows below it.
public struct HeaderMatch<Field: Hashable & Sendable>: Sendable {
    public let headerRow: Row
    /// The 0-based column of each recognised field. When two columns name the same field
    /// the first wins and the second is reported in `issues`.
    public let columns: [Field: Int]
    /// Header cells that matched no alias, by column, as written.
    public let unrecognised: [Int: String]
    /// Rows after the header row, as they are in the table.
    public let dataRows: [Row]
    /// Duplicated titles and the like: worth telling the user, not worth refusing the file.
    public let issues: [TableIssue]
}

extension Table {
    /// Finds the header row: among the first `searchLimit` rows, the one whose cells name the
    /// most distinct fields, with at least `minimumMatches` of them. Title rows above it
    /// ("某某区巡察整改台账", a date line) are skipped. Titles are compared after
    /// `HeaderText.normalized(_:)`.
    ///
    /// The alias knowledge belongs to the caller:
    ///
    ///     let match = try table.locateHeader(aliases: ["整改措施": Field.measure, "措施": .measure,
    ///                                                  "完成时限": .due, "Deadline": .due])
    ///     match.columns[.due]   // 4
    public func locateHeader<Field: Hashable & Sendable>(
        aliases: [String: Field],
        minimumMatches: Int = 2,
        searchLimit: Int = 30
    ) throws(TabularError) -> HeaderMatch<Field> {
        var normalizedAliases: [String: Field] = [:]
        for (alias, field) in aliases {
            let key = HeaderText.normalized(alias)
            if !key.isEmpty, normalizedAliases[key] == nil { normalizedAliases[key] = field }
        }
        let distinctFields = Set(normalizedAliases.values).count
        let required = max(1, min(minimumMatches, distinctFields))

        var best: (index: Int, matched: Int)?
        for (index, row) in rows.prefix(searchLimit).enumerated() {
            var fields = Set<Field>()
            for cell in row.cells {
                if let field = normalizedAliases[HeaderText.normalized(cell.displayText)] { fields.insert(field) }
            }
            if fields.count >= required, fields.count > (best?.matched ?? 0) {
                best = (index, fields.count)
            }
        }
        guard let best else {
            throw .headerNotFound(
                table: name, searchedRows: min(searchLimit, rows.count),
                expected: aliases.keys.sorted())
        }

        let header = rows[best.index]
        var columns: [Field: Int] = [:]
        var unrecognised: [Int: String] = [:]
        var issues: [TableIssue] = []
        for cell in header.cells where !cell.value.isEmpty {
            let title = cell.displayText
            guard let field = normalizedAliases[HeaderText.normalized(title)] else {
                unrecognised[cell.column] = title
                continue
            }
            if let first = columns[field] {
                issues.append(TableIssue(
                    location: cell.ref.description,
                    message: "表头“\(title)”与 \(ColumnName.letters(for: first)) 列重复，已使用前者 (duplicate column title)"))
            } else {
                columns[field] = cell.column
            }
        }
        return HeaderMatch(
            headerRow: header, columns: columns, unrecognised: unrecognised,
            dataRows: Array(rows[(best.index + 1)...]), issues: issues)
    }

    /// `locateHeader(aliases:)` for plain titles: each title is its own field.
    public func locateHeader(
        recognising titles: Set<String>,
        minimumMatches: Int = 2,
        searchLimit: Int = 30
    ) throws(TabularError) -> HeaderMatch<String> {
        var aliases: [String: String] = [:]
        for title in titles { aliases[title] = title }
        return try locateHeader(aliases: aliases, minimumMatches: minimumMatches, searchLimit: searchLimit)
    }
}

/// How column titles are compared.
public enum HeaderText {
    /// Full-width ASCII becomes half-width (`（` → `(`, `Ａ` → `a`), all whitespace goes
    /// (titles are often wrapped: "完成\n时限"), Latin letters are lower-cased, and trailing
    /// colons, the `*` that templates put on required columns and a trailing note in brackets
    /// (how to fill the column in: "（年月日）", "【必填】") are dropped.
    ///
    ///     HeaderText.normalized(" *完成　时限：")  // "完成时限"
    ///     HeaderText.normalized("Ｄｅａｄｌｉｎｅ") // "deadline"
    ///     HeaderText.normalized("完成时限（年月日）") // "完成时限"
    public static func normalized(_ title: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in title.unicodeScalars {
            var v = scalar.value
            if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 }
            guard let s = Unicode.Scalar(v) else { continue }
            if s.properties.isWhitespace || v == 0x200B || v == 0xFEFF { continue }
            if (0x41...0x5A).contains(v), let lower = Unicode.Scalar(v + 32) {
                out.append(lower)
            } else {
                out.append(s)
            }
        }
        var text = String(out)
        while let last = text.last, last == ":" || last == "*" { text.removeLast() }
        while let first = text.first, first == "*" { text.removeFirst() }
        if let note = trailingNote(in: text) { text.removeSubrange(note) }
        while let last = text.last, last == ":" || last == "*" { text.removeLast() }
        return text
    }

    private static let closers: [Character: Character] = [")": "(", "]": "[", "】": "【", "〕": "〔", "〉": "〈"]

    /// The bracketed group that ends `text`, when something stands before it.
    private static func trailingNote(in text: String) -> Range<String.Index>? {
        guard let last = text.last, let opener = closers[last],
              let open = text.lastIndex(of: opener), open != text.startIndex
        else { return nil }
        return open..<text.endIndex
    }
}
