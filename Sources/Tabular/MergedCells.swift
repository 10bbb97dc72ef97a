extension Table {
    /// The merged range that covers a cell, if any (row 1-based, column 0-based).
    public func mergedRange(containingRow row: Int, column: Int) -> CellRange? {
        mergedRanges.first { $0.contains(row: row, column: column) }
    }

    /// A copy in which every cell of a merged range holds the value of the range's top-left
    /// cell. A problem written once in a cell merged over three measure rows then reads the
    /// same on all three. Each filled cell keeps its own `ref`.
    ///
    /// Only rows present in the table receive values (a row with nothing at all in it is not
    /// a measure), and a range is filled no further right than the table's widest row.
    ///
    ///     // A3:A5 merged, A3 = "问题一"
    ///     table.fillingMergedCells().rows.map { $0[0] }  // "问题一", "问题一", "问题一"
    public func fillingMergedCells() -> Table {
        guard !mergedRanges.isEmpty else { return self }
        var indexByRow: [Int: Int] = [:]
        for (i, row) in rows.enumerated() { indexByRow[row.position.number] = i }
        let widest = rows.map(\.width).max() ?? 0
        var filled = rows
        for range in mergedRanges {
            guard let originIndex = indexByRow[range.firstRow] else { continue }
            let origin = rows[originIndex][range.firstColumn]
            guard !origin.isEmpty else { continue }
            let lastColumn = min(range.lastColumn, widest - 1)
            guard lastColumn >= range.firstColumn else { continue }
            for rowNumber in range.firstRow...range.lastRow {
                guard let index = indexByRow[rowNumber] else { continue }
                for column in range.firstColumn...lastColumn {
                    filled[index].setValue(origin, column: column)
                }
            }
        }
        var copy = self
        copy.rows = filled
        return copy
    }
}

extension Row {
    /// Sets a column's value, inserting the cell in column order when the row lacks it.
    mutating func setValue(_ value: CellValue, column: Int) {
        let insertAt = cells.firstIndex { $0.column >= column } ?? cells.count
        if insertAt < cells.count, cells[insertAt].column == column {
            cells[insertAt].value = value
        } else {
            cells.insert(Cell(column: column, value: value, ref: ref(column: column)), at: insertAt)
        }
    }
}
