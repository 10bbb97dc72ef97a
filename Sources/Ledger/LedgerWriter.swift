import ChineseDates
import Foundation
import Tabular

/// Writes a ledger in any format the readers accept, so that reading it back gives the same
/// measures: TOML (for review and hand editing), YAML, CSV (UTF-8 or GB18030) and .xlsx.
/// Files are written atomically: a crash leaves the old file or the new one, never half of one.
public struct LedgerWriter: Sendable {
    /// A comment put at the top of TOML/YAML output.
    public var header: String?

    public init(header: String? = nil) {
        self.header = header
    }

    // MARK: - TOML

    public func toml(_ ledger: Ledger) -> String {
        var out = ""
        if let header { out += header.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)\n" }.joined() + "\n" }
        if let title = ledger.title { out += "title = \(Self.tomlString(title))\n" }
        if let r = ledger.reference { out += "reference = \(r)\n" }
        for m in ledger.measures {
            out += "\n[[measure]]\n"
            for (key, value) in Self.pairs(of: m) { out += "\(key) = \(Self.tomlString(value))\n" }
            for ms in Self.explicitMilestones(of: m) {
                out += "\n[[measure.milestone]]\n"
                out += "action = \(Self.tomlString(ms.action))\n"
                out += "deadline = \(Self.tomlString(Self.standaloneDate(ms, reference: ledger.reference)))\n"
                if ms.done { out += "status = \(Self.tomlString(Status.done.rawValue))\n" }
                if let e = ms.evidence { out += "evidence = \(Self.tomlString(e))\n" }
            }
            if !m.extra.isEmpty {
                out += "\n[measure.extra]\n"
                for e in m.extra { out += "\(Self.tomlString(e.name)) = \(Self.tomlString(e.value))\n" }
            }
        }
        return out
    }

    /// The scalar fields of a measure in schema order, present ones only.
    static func pairs(of m: Measure) -> [(String, String)] {
        var p: [(String, String?)] = [
            ("id", m.id), ("category", m.category), ("problem", m.problem), ("measure", m.text),
            ("unit", m.unit), ("owner", m.owner), ("leader", m.leader),
            ("unit_email", m.unitEmail.isEmpty ? nil : m.unitEmail.joined(separator: ", ")),
            ("leader_email", m.leaderEmail.isEmpty ? nil : m.leaderEmail.joined(separator: ", ")),
            ("deadline", m.deadlineText),
        ]
        p.append(("status", m.statusText ?? m.status.rawValue))
        p.append(("evidence", m.evidence))
        return p.compactMap { k, v in v.map { (k, $0) } }
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    static func tomlString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    out += String(format: "\\u%04X", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    // MARK: - YAML

    public func yaml(_ ledger: Ledger) -> String {
        var out = ""
        if let header { out += header.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)\n" }.joined() }
        if let title = ledger.title { out += "title: \(Self.yamlString(title))\n" }
        if let r = ledger.reference { out += "reference: \(r)\n" }
        out += "measures:\n"
        for m in ledger.measures {
            var first = true
            for (key, value) in Self.pairs(of: m) {
                out += (first ? "  - " : "    ") + "\(key): \(Self.yamlString(value))\n"
                first = false
            }
            let milestones = Self.explicitMilestones(of: m)
            if !milestones.isEmpty {
                out += "    milestone:\n"
                for ms in milestones {
                    out += "      - action: \(Self.yamlString(ms.action))\n"
                    out += "        deadline: \(Self.yamlString(Self.standaloneDate(ms, reference: ledger.reference)))\n"
                    if ms.done { out += "        status: \(Self.yamlString(Status.done.rawValue))\n" }
                    if let e = ms.evidence { out += "        evidence: \(Self.yamlString(e))\n" }
                }
            }
            if !m.extra.isEmpty {
                out += "    extra:\n"
                for e in m.extra { out += "      \(Self.yamlString(e.name)): \(Self.yamlString(e.value))\n" }
            }
        }
        return out
    }

    /// A YAML double-quoted scalar (JSON-compatible escapes): never read as a number, date or bool.
    static func yamlString(_ s: String) -> String { tomlString(s) }

    // MARK: - Tables

    /// The columns of a spreadsheet export: the standard ones, then each extra field name.
    public func tableRows(_ ledger: Ledger) -> [[String]] {
        let extraNames = ledger.measures.flatMap { $0.extra.map(\.name) }.reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        let fields: [MeasureField] = [.id, .category, .problem, .measure, .unit, .owner, .leader, .unitEmail,
                                      .leaderEmail, .deadline, .milestones, .status, .evidence]
        var rows: [[String]] = []
        if let title = ledger.title { rows.append([title]) }
        if let r = ledger.reference { rows.append(["参照日期：\(r)"]) }
        rows.append(fields.map(\.title) + extraNames)
        for m in ledger.measures {
            var row: [String] = fields.map { Self.cellText($0, of: m, reference: ledger.reference) }
            row += extraNames.map { name in m.extra.first { $0.name == name }?.value ?? "" }
            rows.append(row)
        }
        return rows
    }

    /// What a measure's cell of `field` says in a spreadsheet export.
    static func cellText(_ field: MeasureField, of m: Measure, reference: CivilDate?) -> String {
        switch field {
        case .id: m.id
        case .category: m.category ?? ""
        case .problem: m.problem ?? ""
        case .measure: m.text
        case .unit: m.unit ?? ""
        case .owner: m.owner ?? ""
        case .leader: m.leader ?? ""
        case .unitEmail: m.unitEmail.joined(separator: ", ")
        case .leaderEmail: m.leaderEmail.joined(separator: ", ")
        case .deadline: m.deadlineText ?? ""
        case .milestones: milestoneText(m, reference: reference)
        case .status: m.statusText ?? m.status.rawValue
        case .evidence: m.evidence ?? ""
        case .note: ""
        }
    }

    /// Milestones that are not already written in the deadline text, as one cell, one sentence
    /// each so that no step lends its year to the next:
    /// "已于2024年10月底确定设计单位。12月底前确定监理单位".
    static func milestoneText(_ m: Measure, reference: CivilDate?) -> String {
        explicitMilestones(of: m).map { ms in
            (ms.done ? "已于" : "") + standaloneDate(ms, reference: reference) + ms.action
        }.joined(separator: "。")
    }

    /// The milestones not implied by the deadline text (those the reader derives again).
    static func explicitMilestones(of m: Measure) -> ArraySlice<Milestone> {
        let implied = m.deadlineText.map { Target.milestones(in: $0, reference: nil).count } ?? 0
        return m.milestones.dropFirst(implied)
    }

    /// A milestone's date as a text that means the same day on its own, away from the sentence
    /// that gave it its year: "12月底前" after "2024年10月底" becomes "2024年12月底前".
    static func standaloneDate(_ ms: Milestone, reference: CivilDate?) -> String {
        guard let due = ms.due else { return ms.dateText }
        // The text must read as one expression, whole, so that it means the same inside a cell
        // of several steps as it does alone.
        func means(_ text: String) -> Bool {
            let found = DateParser(reference: reference, role: .deadlineField).parse(text)
            return found.count == 1 && found[0].text == text && found[0].due == due
        }
        if means(ms.dateText) { return ms.dateText }
        let withYear = "\(due.year)年" + ms.dateText
        if means(withYear) { return withYear }
        return due.description
    }

    /// The ledger as CSV; cells a spreadsheet would run as formulas get a leading `'` unless
    /// `formulas` is `.raw` (``CSVWriter/Formulas``).
    public func csv(_ ledger: Ledger, encoding: TextEncoding = .utf8,
                    formulas: CSVWriter.Formulas = .neutralized) throws(LedgerReadError) -> [UInt8] {
        do {
            return try CSVWriter.encode(tableRows(ledger), as: encoding, formulas: formulas, name: ledger.path)
        } catch {
            throw LedgerReadError(file: ledger.path, reason: error.description)
        }
    }

    public func xlsx(_ ledger: Ledger, sheetName: String = "整改台账") throws(LedgerReadError) -> Data {
        let rows = tableRows(ledger).map { $0.map { $0.isEmpty ? XLSXWriter.Value.empty : .text($0) } }
        do {
            return try XLSXWriter().data(for: [XLSXWriter.Sheet(name: sheetName, rows: rows)], name: ledger.path)
        } catch {
            throw LedgerReadError(file: ledger.path, reason: error.description)
        }
    }

    /// What ``update(workbookAt:appending:ledger:)`` did.
    public enum WorkbookUpdate: Hashable, Sendable {
        /// The rows were appended to the ledger sheet in place; nothing else in the file changed.
        case appended(rows: Int, sheet: String)
        /// The file could not be changed safely (why): the whole ledger went to a new file beside it.
        case wroteSibling(path: String, reason: String)
    }

    /// Appends `measures` (the new ones of a re-import) to the ledger sheet of the .xlsx at
    /// `path` in place, each field in the column the sheet gives it, so that the workbook keeps
    /// its other sheets, styles, column widths and merged cells (``XLSXAppend``). When that cannot
    /// be done safely — the sheet has no column for a field a new measure fills, an Excel table,
    /// content or merged cells below the ledger — `ledger` (the merged whole) is written to
    /// `<name>.imported.xlsx` beside it and the file is left as it was.
    public func update(workbookAt path: String, appending measures: [Measure], ledger: Ledger) throws(LedgerReadError) -> WorkbookUpdate {
        let name = (path as NSString).lastPathComponent
        let data: Data
        let workbook: Workbook
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
            workbook = try XLSXReader().read(data, name: name)
        } catch let error as TabularError {
            throw LedgerReadError(file: path, reason: error.description)
        } catch {
            throw LedgerReadError(file: path, reason: "无法读取 (\((error as NSError).localizedDescription))")
        }
        var located: (table: Table, match: HeaderMatch<MeasureField>)?
        for table in workbook.sheets {
            if let match = try? table.locateHeader(aliases: MeasureField.aliases, minimumMatches: 2,
                                                   searchLimit: TableLedgerReader.headerSearchRows) {
                located = (table, match)
                break
            }
        }
        func sibling(_ reason: String) throws(LedgerReadError) -> WorkbookUpdate {
            let base = (path as NSString).deletingPathExtension
            let other = base + ".imported.xlsx"
            try AtomicFile.write(try xlsx(ledger), to: other)
            return .wroteSibling(path: other, reason: reason)
        }
        guard let (table, match) = located, let sheet = table.sheet else {
            return try sibling("找不到台账表头 (no ledger header in any sheet)")
        }
        guard !measures.isEmpty else { return .appended(rows: 0, sheet: sheet) }
        let extraColumns = Dictionary(match.unrecognised.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        var rows: [[Int: String]] = []
        for m in measures {
            var cells: [Int: String] = [:]
            for field in MeasureField.allCases {
                let text = Self.cellText(field, of: m, reference: ledger.reference)
                guard !text.isEmpty else { continue }
                guard let column = match.columns[field] else {
                    return try sibling("工作表“\(sheet)”没有“\(field.title)”列，措施 \(m.id) 的这一项无处可写 (no column for \(field.title))")
                }
                cells[column] = text
            }
            for extra in m.extra where !extra.value.isEmpty {
                guard let column = extraColumns[extra.name] else {
                    return try sibling("工作表“\(sheet)”没有“\(extra.name)”列 (no column for \(extra.name))")
                }
                cells[column] = extra.value
            }
            rows.append(cells)
        }
        // Below the last measure read from this sheet (not below a footer or notes: those are
        // content below the ledger, and refused).
        let lastRow = ledger.measures.compactMap { $0.source.sheet == sheet ? $0.source.line : nil }.max()
            ?? match.headerRow.position.number
        let result: Result<Data, XLSXAppend.Refusal>
        do {
            result = try XLSXAppend.appending(rows: rows, toSheet: sheet, after: lastRow, in: data, name: name)
        } catch {
            throw LedgerReadError(file: path, reason: error.description)
        }
        switch result {
        case .success(let patched):
            var info = stat()
            let mode = stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0o644
            try AtomicFile.write(patched, to: path, mode: mode)
            return .appended(rows: rows.count, sheet: sheet)
        case .failure(let refusal):
            return try sibling(refusal.description)
        }
    }

    /// Writes `ledger` to `path` in the format its extension names (`.toml`, `.yaml`, `.csv`,
    /// `.xlsx`), atomically.
    public func write(_ ledger: Ledger, to path: String, csvEncoding: TextEncoding = .utf8,
                      csvFormulas: CSVWriter.Formulas = .neutralized) throws(LedgerReadError) {
        let data: Data
        switch LedgerReader.format(ofPath: path) {
        case .toml: data = Data(toml(ledger).utf8)
        case .yaml: data = Data(yaml(ledger).utf8)
        case .csv: data = Data(try csv(ledger, encoding: csvEncoding, formulas: csvFormulas))
        case .xlsx: data = try xlsx(ledger)
        }
        try AtomicFile.write(data, to: path)
    }
}

/// Write to a temporary file beside the target, fsync, rename over it, fsync the directory.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws(LedgerReadError) {
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw LedgerReadError(file: path, reason: "无法写入 (\(String(cString: strerror(errno))))") }
        var ok = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        let saved = errno
        close(fd)
        guard ok, rename(tmp, path) == 0 else {
            let reason = String(cString: strerror(ok ? errno : saved))
            unlink(tmp)
            throw LedgerReadError(file: path, reason: "无法写入 (\(reason))")
        }
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }
}
