import ChineseDates
import Foundation
import Tabular

/// Reads ledgers kept as spreadsheets: .xlsx (every sheet with a header row) and CSV in
/// any encoding Excel exports. Columns are found by their titles (``MeasureField/aliases``)
/// wherever the header row is; a problem written once in a merged cell, or once above blank
/// cells in a CSV export of one, carries down to the measures below it.
struct TableLedgerReader {
    let path: String
    let reference: CivilDate?
    /// False: the warnings of single rows and cells are not made (``LedgerReader/keepsWarnings``).
    var keepsWarnings = true
    /// ``LedgerReader/progress``.
    var progress: (@Sendable (ReadProgress) -> Void)? = nil
    /// True: a CSV file's records after the first rows are read as bytes (``CSVRecord``);
    /// false: as rows of cells, as a sheet's are. The two give the same ledger (the tests
    /// hold them equal); the first makes no cell and no `String` per field.
    var readsRecords = true

    /// Where a table's rows come from: a sheet read whole, or a CSV file record by record.
    enum Source {
        case table(Table)
        case csv(CSVRows)
    }

    func read(_ tables: [Table], format: Ledger.Format) throws(LedgerReadError) -> Ledger {
        try read(sources: tables.map(Source.table), format: format)
    }

    /// Reads each source's header and then its rows one at a time: a CSV ledger is never held
    /// as rows of cells, only the first rows are kept to find the header and to tell which
    /// untitled columns hold dates (``lookahead``).
    func read(sources: [Source], format: Ledger.Format) throws(LedgerReadError) -> Ledger {
        var ledger = Ledger(path: path, format: format, reference: reference)
        var headerErrors: [String] = []
        var found = 0
        for source in sources {
            var stream = RowStream(source)
            let head = stream.take(Self.headerSearchRows)
            let table = Table(source: stream.table?.source ?? path, sheet: stream.sheet, rows: head,
                              mergedRanges: stream.table?.mergedRanges ?? [])
            let match: HeaderMatch<MeasureField>
            do {
                match = try table.locateHeader(aliases: MeasureField.aliases, minimumMatches: 2, searchLimit: Self.headerSearchRows)
            } catch {
                headerErrors.append(error.description)
                continue
            }
            found += 1
            let above = head.filter { $0.position.number < match.headerRow.position.number }
            if found == 1 {
                ledger.title = Self.title(in: above)
                if let stated = Self.statedDate(in: above) { ledger.reference = stated }
            }
            var builder = MeasureBuilder(reference: ledger.reference, keepsWarnings: keepsWarnings)
            // The table's own warnings come first; a CSV file's are known once it is read.
            let warningsAt = ledger.issues.count
            for issue in match.issues {
                ledger.issues.append(LedgerIssue(.warning, at: position(of: match.headerRow, column: nil, sheet: stream.sheet),
                                                 "\(issue.location): \(issue.message)"))
            }
            if match.columns[.measure] == nil && match.columns[.problem] == nil {
                ledger.issues.append(LedgerIssue(.error, at: position(of: match.headerRow, column: nil, sheet: stream.sheet),
                                                 "表头中没有“整改措施”或“存在问题”列 (no measure column in the header)",
                                                 suggestion: "列名可用：整改措施、措施、整改任务、measure"))
                insertWarnings(of: &stream, into: &ledger, at: warningsAt)
                continue
            }
            let columns = Columns(match)
            let headerAt = position(of: match.headerRow, column: nil, sheet: stream.sheet)
            var lookahead = match.dataRows
            stream.extend(&lookahead, untilFilled: columns.unrecognised.keys.sorted(), cells: Self.dateSampleCells,
                          rowLimit: Self.lookaheadRows)
            let dateColumns = columns.unrecognised.keys.sorted().filter { Self.readsAsDates($0, in: lookahead) }
            if match.columns[.deadline] == nil && match.columns[.milestones] == nil {
                builder.deadlineColumnMissing = true
                ledger.missingDeadlines.append(headerAt)
                let likely = dateColumns.compactMap { columns.unrecognised[$0] }.map { "“\($0)”" }.joined(separator: "、")
                ledger.issues.append(LedgerIssue(.error, at: headerAt, field: MeasureField.deadline.title,
                                                 "表头中没有完成时限列，这些措施不会到期，也不会有提醒 (no deadline column: no measure falls due)",
                                                 suggestion: (likely.isEmpty ? "" : "\(likely)列像是完成时限；") + "列名可用：" + Self.deadlineTitles))
            }
            // A CSV file's size bounds its texts; its first rows tell about how many rows it has.
            if let total = stream.byteCount, !lookahead.isEmpty {
                let sampled = lookahead.reduce(0) { $0 + $1.cells.reduce(0) { $0 + $1.displayText.utf8.count + 1 } }
                ledger.table.reserveCapacity(measures: min(total / max(sampled / lookahead.count, 1) * 11 / 10, total / 8),
                                             textBytes: total)
            }
            var previous: FieldRow?
            var pending = lookahead[...]
            var rowsRead = 0
            let sheet = stream.sheet
            let readsRecords = self.readsRecords && stream.readsRecords
            while true {
                // The rows taken ahead as cells; then a CSV file's records as bytes, interned
                // straight into the table's pool, or a sheet's rows.
                var fields: FieldRow
                if let row = pending.popFirst() ?? (readsRecords ? nil : stream.next()) {
                    rowsRead += 1
                    reportProgress(rowsRead, of: stream)
                    guard !row.isEmpty else { continue }
                    fields = self.fields(of: row, columns: columns, table: stream.table, into: &ledger.table, issues: &ledger.issues)
                } else if readsRecords, let record = stream.nextRecord() {
                    rowsRead += 1
                    reportProgress(rowsRead, of: stream)
                    fields = self.fields(of: record, columns: columns, after: previous, into: &ledger.table, issues: &ledger.issues)
                } else {
                    break
                }
                carryDown(into: &fields, from: previous, isCSV: sheet == nil)
                let line = fields.position.line
                _ = builder.build(fields, into: &ledger.table, issues: &ledger.issues) { field in
                    let column = columns.column(of: field)
                    return FieldSite(position: SourcePosition(file: path, line: line, column: column.map { $0 + 1 }, sheet: sheet),
                                     name: column.flatMap(columns.title) ?? field.title)
                }
                previous = fields
            }
            if let problem = stream.readProblem {
                throw LedgerReadError(file: path, reason: problem)
            }
            insertWarnings(of: &stream, into: &ledger, at: warningsAt)
            for column in dateColumns {
                let title = columns.unrecognised[column] ?? ""
                ledger.issues.append(LedgerIssue(.warning, at: position(of: match.headerRow, column: column, sheet: stream.sheet), field: title,
                                                 "“\(title)”列的内容大多是日期，但列名不是完成时限的列名，未作为完成时限读取 (column of dates with a title not known as a deadline: not read as one)",
                                                 suggestion: "若此列是完成时限，把列名改为“完成时限” (if it is the deadline, title it 完成时限)"))
            }
        }
        if found == 0 {
            throw LedgerReadError(file: path, reason: headerErrors.first ?? "没有工作表 (no sheets)")
        }
        return ledger
    }

    /// The header is looked for in the first rows of a table.
    static let headerSearchRows = 30
    /// Filled cells of an untitled column sampled to tell whether it holds dates.
    static let dateSampleCells = 200
    /// Rows read ahead for that sample at most: a sparse column is judged on what they hold.
    static let lookaheadRows = 2_000

    /// The table's warnings (for CSV, all the parser found) where they belong: before the rows'.
    private func insertWarnings(of stream: inout RowStream, into ledger: inout Ledger, at index: Int) {
        let issues = stream.warnings.map {
            LedgerIssue(.warning, at: SourcePosition(file: path, sheet: stream.sheet), "\($0.location): \($0.message)")
        }
        ledger.issues.insert(contentsOf: issues, at: index)
    }

    /// The usual deadline titles, for suggestions (docs/ledger.md lists them all).
    static let deadlineTitles = "完成时限、整改时限、完成时间、完成时间节点、截止日期等 (a deadline title such as 完成时限)"

    /// True when most of the first 200 filled cells of a column read in full as dates (at least two).
    static func readsAsDates(_ column: Int, in rows: [Row]) -> Bool {
        var filled = 0
        var dates = 0
        var seen: [String: Bool] = [:]
        for row in rows where filled < 200 {
            guard let cell = row.cells.first(where: { $0.column == column }), !cell.value.isEmpty else { continue }
            filled += 1
            if case .date = cell.value {
                dates += 1
                continue
            }
            let text = cell.displayText
            let isDate = seen[text] ?? {
                let r = FieldReading.read(text, reference: nil)
                return r.isValid && r.isFullyRead && r.expressions.contains { $0.interval != nil || $0.kind == .deadline }
            }()
            seen[text] = isDate
            if isDate { dates += 1 }
        }
        return dates >= 2 && dates * 2 > filled
    }

    private static let dateLabels = ["参照日期", "填报日期", "统计日期", "更新日期", "报送日期", "日期", "截至", "截止"]

    /// A date the sheet states above its header: "填报日期：2024年11月21日", "参照日期：2024-11-21".
    static func statedDate(in rows: [Row]) -> CivilDate? {
        for row in rows {
            for cell in row.cells {
                let text = cell.displayText.trimmingCharacters(in: .whitespaces)
                guard dateLabels.contains(where: text.hasPrefix) else { continue }
                for e in DateParser(reference: nil).parse(text) where e.precision == .day {
                    if let day = e.interval?.start { return day }
                }
            }
        }
        return nil
    }

    /// The sheet's title: the first text above the header that is not a date line.
    static func title(in rows: [Row]) -> String? {
        for row in rows {
            for cell in row.cells where !cell.value.isEmpty {
                let text = cell.displayText.trimmingCharacters(in: .whitespaces)
                if !dateLabels.contains(where: text.hasPrefix) { return text }
            }
        }
        return nil
    }

    private func position(of row: Row, column: Int?, sheet: String?) -> SourcePosition {
        switch row.position {
        case .line(_, let line): SourcePosition(file: path, line: line, column: column.map { $0 + 1 })
        case .sheetRow(let sheet, let number): SourcePosition(file: path, line: number, column: column.map { $0 + 1 }, sheet: sheet)
        }
    }

    /// What each column of the header means, looked up once per sheet.
    /// Arrays by column, not dictionaries: every cell of every row is looked up here.
    private struct Columns {
        /// The field of each column of the header (nil: not a field).
        private var fieldOf: [MeasureField?] = []
        /// The title the header gives each column.
        private var titleOf: [String?] = []
        /// Titled columns that are not fields, by column (kept as extra fields).
        var unrecognised: [Int: String]
        private var unrecognisedOf: [String?] = []

        init(_ match: HeaderMatch<MeasureField>) {
            let width = max(match.headerRow.width, (match.columns.values.max() ?? -1) + 1, (match.unrecognised.keys.max() ?? -1) + 1)
            fieldOf = Array(repeating: nil, count: width)
            titleOf = Array(repeating: nil, count: width)
            unrecognisedOf = Array(repeating: nil, count: width)
            for (field, column) in match.columns {
                fieldOf[column] = field
                columnOf[field.slot] = column
            }
            for cell in match.headerRow.cells where titleOf[cell.column] == nil { titleOf[cell.column] = cell.displayText }
            unrecognised = match.unrecognised
            for (column, title) in match.unrecognised { unrecognisedOf[column] = title }
        }

        /// The column of each field, by ``MeasureField/slot``.
        private var columnOf = [Int?](repeating: nil, count: MeasureField.allCases.count)

        func field(_ column: Int) -> MeasureField? { column < fieldOf.count ? fieldOf[column] : nil }
        func column(of field: MeasureField) -> Int? { columnOf[field.slot] }
        func title(_ column: Int) -> String? { column < titleOf.count ? titleOf[column] : nil }
        func unrecognisedTitle(_ column: Int) -> String? { column < unrecognisedOf.count ? unrecognisedOf[column] : nil }
    }

    /// A counter and a test per row; the observer (and its clock) every 4096 rows.
    private func reportProgress(_ rowsRead: Int, of stream: RowStream) {
        guard rowsRead % ReadProgress.interval == 0, let progress else { return }
        progress(ReadProgress(path: path, rows: rowsRead, totalRows: stream.rowCount,
                              bytesRead: stream.bytesRead, totalBytes: stream.byteCount))
    }

    /// A row of cells as fields: the fields' texts trimmed, the other titled columns as extra
    /// fields, cells beyond the header as extra fields named by their column letters.
    private func fields(of row: Row, columns: Columns, table: Table?, into measures: inout MeasureTable,
                        issues: inout [LedgerIssue]) -> FieldRow {
        var fields = FieldRow(position: position(of: row, column: nil, sheet: table?.sheet))
        for cell in row.cells where !cell.value.isEmpty {
            if let field = columns.field(cell.column) {
                let text = self.text(of: cell.value, field: field, issues: &issues) {
                    position(of: row, column: cell.column, sheet: table?.sheet)
                }.trimmingWhitespace
                fields.fields.set(field, text.isEmpty ? 0 : measures.intern(text))
                if let table, table.sheet != nil, let sheetRow = Optional(row.position.number),
                   let range = table.mergedRange(containingRow: sheetRow, column: cell.column), range.firstRow != sheetRow {
                    fields.carried.insert(field)
                }
            } else {
                extra(cell.displayText, column: cell.column, columns: columns, into: &fields, measures: &measures, issues: &issues) {
                    position(of: row, column: cell.column, sheet: table?.sheet)
                }
            }
        }
        return fields
    }

    /// A CSV record as fields, as ``fields(of:columns:table:into:issues:)`` reads a row, with
    /// no cell and no `String` made for a field that needs neither trimming nor unquoting.
    ///
    /// A measure's own wording, its problem and its source text are seldom written twice
    /// except on the row just above (a merged problem): they are compared with that row's
    /// and otherwise added to the pool without hashing them (``MeasureTable/add(bytes:)``).
    private func fields(of record: CSVRecord, columns: Columns, after previous: FieldRow?, into measures: inout MeasureTable,
                        issues: inout [LedgerIssue]) -> FieldRow {
        var fields = FieldRow(position: SourcePosition(file: path, line: record.line))
        for k in 0..<record.count where !record.isEmpty(k) {
            // xianqi's own CSV (convert) puts a ' before cells a spreadsheet would run as formulas.
            let quoted = record.withField(k) { $0[0] == UInt8(ascii: "'") }
            if let field = columns.field(k) {
                let id: UInt32 = record.withField(k) { bytes in
                    guard quoted || CellBytes.mayHaveSpaceAtEnds(bytes) else {
                        guard Self.seldomRepeated(field) else { return measures.intern(bytes: bytes) }
                        if let above = previous?.fields[field], above != 0,
                           measures.poolBytes(above, { CellBytes.equal($0, UnsafeRawBufferPointer(bytes)) }) {
                            return above
                        }
                        return measures.add(bytes: bytes)
                    }
                    let text = Self.unquoted(record.text(k), quoted).trimmingWhitespace
                    return text.isEmpty ? 0 : measures.intern(text)
                }
                fields.fields.set(field, id)
            } else {
                extra(Self.unquoted(record.text(k), quoted), column: k, columns: columns, into: &fields, measures: &measures,
                      issues: &issues) {
                    SourcePosition(file: path, line: record.line, column: k + 1)
                }
            }
        }
        return fields
    }

    /// Fields whose texts are a row's own: never looked up by text, seldom repeated.
    private static func seldomRepeated(_ field: MeasureField) -> Bool {
        field == .measure || field == .problem || field == .evidence
    }

    private static func unquoted(_ text: String, _ quoted: Bool) -> String {
        quoted ? CSVWriter.removingNeutralization(text) : text
    }

    /// A cell in no field's column: an extra field under its column's title, or, beyond the
    /// header, under its column letters (with a warning).
    private func extra(_ text: String, column: Int, columns: Columns, into fields: inout FieldRow, measures: inout MeasureTable,
                       issues: inout [LedgerIssue], at position: () -> SourcePosition) {
        if let title = columns.unrecognisedTitle(column) {
            fields.extras.append((measures.intern(title), measures.intern(text)))
            return
        }
        let name = "\(SourcePosition.letters(for: column))列"
        if keepsWarnings { issues.append(LedgerIssue(.warning, at: position(), field: name,
                                                     "此列没有表头，内容已作为附加字段保留 (cell beyond the header: kept as an extra field)",
                                                     text: text)) }
        fields.extras.append((measures.intern(name), measures.intern(text)))
    }

    /// A cell as text. An .xlsx date is ISO text, which the date grammar reads as a day; a
    /// bare number in the deadline column that looks like an Excel serial day is taken as one.
    private func text(of value: CellValue, field: MeasureField, issues: inout [LedgerIssue], at: () -> SourcePosition) -> String {
        if field == .deadline, case .number(let n, _) = value, n >= 20_000, n < 80_000, n == n.rounded(),
           let date = CellDate(serial: n, date1904: false) {
            let iso = String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
            if keepsWarnings { issues.append(LedgerIssue(.warning, at: at(), field: field.title,
                                      "完成时限是数字 \(NumberText(n))，按 Excel 日期序号读作 \(iso) (number read as an Excel serial date)",
                                      suggestion: "把单元格格式设为日期")) }
            return iso
        }
        if case .date(let d) = value { return String(format: "%04d-%02d-%02d", d.year, d.month, d.day) }
        return value.displayText
    }

    /// Continuation rows of a merged problem: in a CSV export the merged cells are blank below
    /// their first row. The problem and category carry down; so does the id when the problem did.
    private func carryDown(into row: inout FieldRow, from previous: FieldRow?, isCSV: Bool) {
        guard isCSV, let previous, row.fields[.measure] != 0, row.fields[.problem] == 0, previous.fields[.problem] != 0 else { return }
        for field in [MeasureField.problem, .category, .id] where row.fields[field] == 0 && previous.fields.has(field) {
            row.fields.set(field, previous.fields[field])
            row.carried.insert(field)
        }
    }
}

private func NumberText(_ n: Double) -> String {
    n == n.rounded() ? String(Int(n)) : String(n)
}

/// The rows of one source in order, with the first ones taken ahead.
private struct RowStream {
    /// The sheet, with merged cells filled, when the source is a whole table.
    let table: Table?
    private var csv: CSVRows?
    private var position = 0

    init(_ source: TableLedgerReader.Source) {
        switch source {
        case .table(let t):
            table = t.fillingMergedCells()
            csv = nil
        case .csv(let rows):
            table = nil
            csv = rows
        }
    }

    var sheet: String? { table?.sheet }

    /// The size of a CSV source's text; nil for a sheet.
    var byteCount: Int? { csv?.byteCount }

    /// How much of a CSV source's text is read; nil for a sheet.
    var bytesRead: Int? { csv?.bytesRead }

    /// The rows of a sheet; nil for a CSV source.
    var rowCount: Int? { table?.rows.count }

    var warnings: [TableIssue] { table?.warnings ?? csv?.warnings ?? [] }

    /// Why the rows read are not the file's, once the last is read: a read that failed, or a
    /// file rewritten while it was read in pieces.
    var readProblem: String? {
        guard let csv else { return nil }
        if let failure = csv.failure { return failure.description }
        return csv.changed ? "读取期间文件被改写，未采用读到的内容，请稍后重试 (the file changed while it was read; not used)" : nil
    }

    mutating func next() -> Row? {
        if let table {
            guard position < table.rows.count else { return nil }
            position += 1
            return table.rows[position - 1]
        }
        guard var row = csv?.next() else { return nil }
        // xianqi's own CSV (convert) puts a ' before cells a spreadsheet would run as formulas.
        for c in row.cells.indices {
            if case .text(let s) = row.cells[c].value, s.utf8.first == UInt8(ascii: "'") {
                row.cells[c].value = .text(CSVWriter.removingNeutralization(s))
            }
        }
        return row
    }

    /// A CSV source, whose records after those taken ahead are read as bytes (``advance()``).
    var readsRecords: Bool { csv != nil }

    /// A CSV source's next record, valid until the next call; nil at the end.
    mutating func nextRecord() -> CSVRecord? {
        guard csv?.advance() == true else { return nil }
        return csv?.record
    }

    mutating func take(_ n: Int) -> [Row] {
        var rows: [Row] = []
        while rows.count < n, let row = next() { rows.append(row) }
        return rows
    }

    /// Appends rows to `rows` until each of `columns` has `cells` filled cells in it, the
    /// stream ends, or `rowLimit` rows are held.
    mutating func extend(_ rows: inout [Row], untilFilled columns: [Int], cells: Int, rowLimit: Int) {
        guard !columns.isEmpty else { return }
        func filled(_ column: Int) -> Int { rows.reduce(0) { $0 + ($1.cell(at: column).map { $0.value.isEmpty ? 0 : 1 } ?? 0) } }
        var counts = columns.map(filled)
        while counts.contains(where: { $0 < cells }), rows.count < rowLimit, let row = next() {
            rows.append(row)
            for (k, column) in columns.enumerated() where row.cell(at: column).map({ !$0.value.isEmpty }) ?? false { counts[k] += 1 }
        }
    }
}
