import ChineseDates
import Foundation

/// A table of measures that reached the text flattened: one row a line, its cells apart by
/// tabs or runs of spaces, under a header row of field names; or one cell a line, as a web
/// page's table comes out when its markup is stripped.
///
///     序号	问题	整改措施	责任单位	完成时限
///     1	档案管理不规范	建立档案管理制度	区档案馆	2025年6月底前
///
/// Why hand-written: the rows come inside running text, so a CSV reader does not apply; a
/// table is only a header whose cells are all field names, naming a deadline and a problem
/// or measure, and the lines after it that split into as many cells.
struct FlatTable {
    /// The field of each column, nil for one the ledger does not keep.
    let columns: [MeasureField?]
    /// The rows' cells and their 0-based line numbers (the header first).
    let rows: [(cells: [String], line: Int)]
    /// The 0-based lines the table is written on.
    let taken: Set<Int>

    init(columns: [MeasureField?], rows: [(cells: [String], line: Int)], taken: Set<Int>? = nil) {
        self.columns = columns
        self.rows = rows
        self.taken = taken ?? Set(rows.map(\.line))
    }

    /// Column names beside the field names `Label` reads.
    private static let headerNames: [String: MeasureField?] = [
        "序号": .id, "编号": .id, "问题": .problem, "主要问题": .problem, "具体问题": .problem, "问题清单": .problem,
        "措施": .measure, "工作措施": .measure, "整改要求": .measure, "时限": .deadline, "完成时限要求": .deadline,
        "备注": .note, "配合单位": nil, "协同单位": nil, "问题类别": .category, "类别": .category,
    ]

    private static func field(ofHeader cell: String) -> MeasureField?? {
        if let f = Label.alone(cell) { return .some(f) }
        if let f = headerNames[cell] { return .some(f) }
        return nil
    }

    /// The cells of a line split at tabs and at runs of two or more spaces (or one
    /// ideographic space); nil when the line has fewer than three.
    static func cells(_ line: String) -> [String]? {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        var spaces = 0
        func cut() {
            let cell = String(current).trimmingWhitespace
            if !cell.isEmpty { out.append(cell) }
            current = String.UnicodeScalarView()
        }
        for u in line.unicodeScalars {
            if u == "\t" || u == "\u{3000}" {
                cut()
                spaces = 0
            } else if u == " " {
                spaces += 1
                if spaces == 2 { cut() }
            } else {
                if spaces == 1 { current.append(" ") }
                spaces = 0
                current.append(u)
            }
        }
        cut()
        return out.count >= 3 ? out : nil
    }

    /// The columns a header names, when it names a table of measures.
    private static func columns(ofHeader header: [String]) -> [MeasureField?]? {
        var columns: [MeasureField?] = []
        for cell in header {
            guard let column = field(ofHeader: cell) else { return nil }
            columns.append(column)
        }
        guard columns.contains(.deadline), columns.contains(.problem) || columns.contains(.measure) else { return nil }
        return columns
    }

    /// The tables of `text`, in order: a row a line, or a cell a line (as a web page's
    /// table comes out when its markup is stripped).
    static func tables(in text: String) -> [FlatTable] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var tables: [FlatTable] = []
        var i = 0
        while i < lines.count {
            if let (table, end) = cellPerLine(lines, at: i) {
                tables.append(table)
                i = end
                continue
            }
            guard let header = cells(lines[i]) else { i += 1; continue }
            guard let columns = columns(ofHeader: header) else { i += 1; continue }
            var rows: [(cells: [String], line: Int)] = []
            var j = i + 1
            while j < lines.count {
                if lines[j].trimmingWhitespace.isEmpty { j += 1; continue }
                guard let row = cells(lines[j]), row.count == columns.count else { break }
                rows.append((row, j))
                j += 1
            }
            if !rows.isEmpty {
                tables.append(FlatTable(columns: columns, rows: [(header, i)] + rows))
            }
            i = j
        }
        return tables
    }

    /// A table written a cell a line: the header's names on consecutive lines, then rows of
    /// as many lines. A row is taken while its 序号 counts on (or, without a 序号 column, while
    /// its deadline cell reads as one), so that a cell broken over two lines ends the table
    /// rather than shifting every cell after it.
    private static func cellPerLine(_ lines: [String], at start: Int) -> (FlatTable, Int)? {
        var header: [(String, Int)] = []
        var i = start
        while i < lines.count {
            let cell = lines[i].trimmingWhitespace
            guard !cell.isEmpty, cell.unicodeScalars.count <= 8, field(ofHeader: cell) != nil else { break }
            header.append((cell, i))
            i += 1
        }
        guard header.count >= 3, let columns = columns(ofHeader: header.map(\.0)) else { return nil }
        var rows: [(cells: [String], line: Int)] = [(header.map(\.0), start)]
        var taken = header.map(\.1)
        while true {
            var cells: [String] = []
            var cellLines: [Int] = []
            var j = i
            while j < lines.count, cells.count < columns.count {
                let cell = lines[j].trimmingWhitespace
                if !cell.isEmpty {
                    cells.append(cell)
                    cellLines.append(j)
                }
                j += 1
            }
            guard cells.count == columns.count, Self.isRow(cells, columns: columns, after: rows.count - 1) else { break }
            rows.append((cells, cellLines[0]))
            taken.append(contentsOf: cellLines)
            i = j
        }
        guard rows.count > 1 else { return nil }
        return (FlatTable(columns: columns, rows: rows, taken: Set(taken)), i)
    }

    private static func isRow(_ cells: [String], columns: [MeasureField?], after previous: Int) -> Bool {
        if let k = columns.firstIndex(of: .id) {
            return ChineseNumber.leading(in: cells[k]).map { $0.value == previous + 1 && $0.length == cells[k].unicodeScalars.count } ?? false
        }
        guard let k = columns.firstIndex(of: .deadline) else { return false }
        switch Target(resolving: cells[k], reference: nil) {
        case .none, .unresolved: return false
        default: return true
        }
    }

    /// The text with the tables' lines left empty, so that line numbers stay.
    static func blankingRows(of tables: [FlatTable], in text: String) -> String {
        guard !tables.isEmpty else { return text }
        let taken = Set(tables.flatMap(\.taken))
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { taken.contains($0.offset) ? "" : String($0.element) }
            .joined(separator: "\n")
    }

    /// One measure a row (the header is the first of `rows`), with ids "T1.1", "T1.2"….
    func measures(number: Int, issuer: String?, extractor: ClauseExtractor, reference: CivilDate?,
                  file: String, idPrefix: String?) -> [Measure] {
        var out: [Measure] = []
        for (n, row) in rows.dropFirst().enumerated() {
            var cells: [MeasureField: String] = [:]
            for (field, cell) in zip(columns, row.cells) {
                if let field, cells[field] == nil { cells[field] = cell }
            }
            var id = "T\(number).\(cells[.id] ?? String(n + 1))"
            if let idPrefix, !idPrefix.isEmpty { id = "\(idPrefix)-\(id)" }
            let text = cells[.measure] ?? cells[.problem] ?? ""
            var m = Measure(id: id, text: text, source: SourcePosition(file: file, line: row.line + 1))
            m.problem = cells[.problem]
            m.category = cells[.category]
            m.unit = cells[.unit] ?? issuer
            m.owner = cells[.owner]
            m.leader = cells[.leader]
            m.evidence = "\(file):\(row.line + 1)"
            if let deadline = cells[.deadline] {
                m.deadlineText = deadline
                m.target = Target(resolving: deadline, reference: reference)
            }
            // Steps dated in the measure's own cell.
            let steps = extractor.extract(cells[.measure] ?? "").flatMap { clause in
                clause.expressions.filter { $0.kind == .deadline }.compactMap { e in
                    e.due.map { Milestone(action: clause.action, dateText: e.text, due: $0,
                                          done: e.flags.contains(.done), evidence: clause.sentence) }
                }
            }
            if steps.count > 1 { m.milestones = steps }
            if let s = cells[.status] {
                m.statusText = s
                m.status = Status(parsing: s) ?? .inProgress
            }
            out.append(m)
        }
        return out
    }
}
