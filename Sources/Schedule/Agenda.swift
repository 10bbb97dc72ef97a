import ChineseDates
import Foundation
import Ledger
import Synchronization

/// Every item of the ledgers (measures and milestones), with the audit trail applied: what
/// `overdue`, `upcoming` and the reminder schedule work on.
///
///     let agenda = Agenda(measures: workspace.measures, trail: try store.trail())
///     agenda.overdue(asOf: CivilDate("2024-11-21")!, calendar: calendar)
///     try agenda.resolve("GX-20#2")      // a milestone, by position
public struct Agenda: Sendable {
    /// Measures in ledger order, each followed by its milestones.
    public let items: [ScheduleItem]
    /// The whole trail, oldest first, including entries for items no longer in the ledgers.
    public let trail: [OverrideEntry]
    /// Where each measure id's items start, made on the first lookup by id (the daemon looks
    /// up an item per notice; a scan that makes every item's id would be quadratic).
    private let index = MeasureIndex()

    /// Builds the items of `measures` and applies the trail (docs/state.md). A measure done
    /// after overrides makes its milestones done too.
    public init<Measures: Sequence<Measure>>(measures: Measures, trail: [OverrideEntry] = []) {
        self.init(tables: [MeasureTable(measures)], trail: trail)
    }

    /// The items of ledgers as read, straight from their rows (no ``Measure`` values are made).
    public init(ledgers: [Ledger], trail: [OverrideEntry] = []) {
        self.init(tables: ledgers.map(\.table), trail: trail)
    }

    /// The items of measure tables, in order, with the trail applied.
    public init(tables: [MeasureTable], trail: [OverrideEntry] = []) {
        var items: [ScheduleItem] = []
        items.reserveCapacity(tables.reduce(0) { $0 + $1.count + $1.count / 4 })
        for table in tables where !table.isEmpty {
            let store = MeasureStore(table)
            for i in table.indices { ScheduleItem.append(row: i, of: store, to: &items) }
        }
        self.init(ledgerItems: consume items, trail: trail)
    }

    /// Applies the trail to items as the ledgers state them (``ledgerItems``).
    public init(ledgerItems: consuming [ScheduleItem], trail: [OverrideEntry] = []) {
        var items = ledgerItems
        if !trail.isEmpty {
            var byItem: [String: [OverrideEntry]] = [:]
            for entry in trail { byItem[entry.itemKey, default: []].append(entry) }
            // Only measures the trail names need their keys made: the pool ids of those ids, per table.
            let named = Set(trail.map(\.measureID))
            var idsByStore: [ObjectIdentifier: Set<UInt32>] = [:]
            var start = 0
            while start < items.count {
                var end = start + 1
                while end < items.count, items[end].isMilestone { end += 1 }
                let store = items[start].store
                let ids = idsByStore[ObjectIdentifier(store)] ?? {
                    let found = Set(named.compactMap { store.table.poolID(of: $0) })
                    idsByStore[ObjectIdentifier(store)] = found
                    return found
                }()
                if ids.contains(store.table.idID(Int(items[start].row))) {
                    for i in start..<end {
                        items[i].done = items[i].ledgerDone
                        items[i].timing = items[i].ledgerTiming
                        items[i].overrides = []
                        if let entries = byItem[items[i].reference.key] { OverrideRule.apply(entries, to: &items[i]) }
                    }
                }
                if items[start].done {
                    for i in (start + 1)..<end { items[i].done = true }
                }
                start = end
            }
        } else {
            var i = 0
            var measureDone = false
            while i < items.count {
                if !items[i].isMilestone { measureDone = items[i].ledgerDone }
                else if measureDone { items[i].done = true }
                i += 1
            }
        }
        self.items = items
        self.trail = trail
    }

    /// The items as the ledgers state them, before the trail: what a snapshot keeps.
    public var ledgerItems: [ScheduleItem] {
        items.map { item in
            var item = item
            item.done = item.ledgerDone
            item.timing = item.ledgerTiming
            item.overrides = []
            return item
        }
    }

    /// The item with this ``ItemReference/key`` (the first, if ids repeat across ledgers).
    public func item(_ reference: ItemReference) -> ScheduleItem? {
        item(measureID: reference.measureID, key: reference.key)
    }

    private func item(measureID: String, key: String) -> ScheduleItem? {
        for start in index.starts(of: measureID, in: items) {
            for i in start..<groupEnd(start) where items[i].reference.key == key { return items[i] }
        }
        return nil
    }

    /// The measure item and its milestones, for a measure id (the first measure with it).
    public func items(ofMeasure id: String) -> [ScheduleItem] {
        guard let start = index.starts(of: id, in: items).first else { return [] }
        return Array(items[start..<groupEnd(start)])
    }

    private func hasMeasure(_ id: String) -> Bool {
        !index.starts(of: id, in: items).isEmpty
    }

    /// One past the last milestone of the measure item at `start`.
    private func groupEnd(_ start: Int) -> Int {
        var end = start + 1
        while end < items.count, items[end].isMilestone { end += 1 }
        return end
    }

    // MARK: Looking items up

    /// Reads what a user typed: `ID`, `ID#N` or `ID@action` (see ``ItemReference``).
    ///
    /// A whole text that is a measure id wins, so ids that contain `#` or `@` still work.
    /// `ID@action` also accepts a part of the action when only one milestone contains it.
    /// - Throws: ``LookupError`` naming close ids or the measure's milestones.
    public func resolve(_ text: String) throws(LookupError) -> ScheduleItem {
        let input = text.trimmingCharacters(in: .whitespaces)
        if let start = index.starts(of: input, in: items).first { return items[start] }
        if let hash = input.lastIndex(of: "#"), let n = Int(input[input.index(after: hash)...]) {
            let id = String(input[..<hash])
            if hasMeasure(id) {
                let steps = Array(items(ofMeasure: id).dropFirst())
                guard let step = steps.first(where: { $0.reference.step?.index == n }) else {
                    throw .noSuchMilestone(input: input, measureID: id, milestones: steps.map(Self.describe))
                }
                return step
            }
        }
        if let at = input.firstIndex(of: "@") {
            let id = String(input[..<at])
            let action = String(input[input.index(after: at)...])
            if hasMeasure(id) {
                let steps = Array(items(ofMeasure: id).dropFirst())
                if let exact = steps.first(where: { $0.reference.step?.action == action }) { return exact }
                let partial = steps.filter { !action.isEmpty && $0.title.contains(action) }
                if partial.count == 1 { return partial[0] }
                if partial.count > 1 {
                    throw .ambiguousMilestone(input: input, matches: partial.map(Self.describe))
                }
                throw .noSuchMilestone(input: input, measureID: id, milestones: steps.map(Self.describe))
            }
        }
        let id = input.split(whereSeparator: { $0 == "#" || $0 == "@" }).first.map(String.init) ?? input
        throw .unknownMeasure(input: input, suggestions: suggestions(for: id))
    }

    /// Up to five measure ids close to `text`: the same up to a few edits, or containing it.
    public func suggestions(for text: String, limit: Int = 5) -> [String] {
        let target = Array(text.lowercased().unicodeScalars)
        guard !target.isEmpty else { return [] }
        let allowed = max(1, target.count / 3)
        var scored: [(Int, String)] = []
        var seen = Set<String>()
        for item in items where !item.reference.isMilestone && seen.insert(item.reference.measureID).inserted {
            let id = item.reference.measureID
            let candidate = Array(id.lowercased().unicodeScalars)
            if abs(candidate.count - target.count) <= allowed,
               let d = EditDistance.within(allowed, candidate, target) {
                scored.append((d, id))
            } else if id.lowercased().contains(text.lowercased()) || (candidate.count >= 2 && text.lowercased().contains(id.lowercased())) {
                scored.append((allowed + 1, id))
            }
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : IDOrder.less($0.1, $1.1) }.prefix(limit).map(\.1)
    }

    private static func describe(_ item: ScheduleItem) -> String {
        "\(item.reference.shortForm) \(item.title)\(item.due.map { " (\($0))" } ?? "")"
    }

    // MARK: Lists

    /// Open items whose deadline in effect is before `asOf`, most overdue first, then in ledger order.
    ///
    /// A milestone whose date is its measure's deadline is left out: the measure stands for it.
    /// - Parameter unit: only items of owner units whose name is `unit` or contains it.
    public func overdue(asOf: CivilDate, calendar: WorkdayCalendar, unit: String? = nil) -> [OverdueItem] {
        var found: [(index: Int, due: Int)] = []
        var earliest = asOf.dayNumber
        let today = asOf.dayNumber
        for (i, item) in items.enumerated() where item.isOpen && !item.coincidesWithMeasure {
            guard case .deadline(let due) = item.timing else { continue }
            let n = due.dayNumber
            guard n < today, Self.matches(item, unit: unit) else { continue }
            found.append((i, n))
            earliest = min(earliest, n)
        }
        guard !found.isEmpty else { return [] }
        // Most overdue first, then in ledger order; sorting pairs of ints, not items.
        found.sort { $0.due != $1.due ? $0.due < $1.due : $0.index < $1.index }
        let counter = WorkdayCounter(calendar: calendar, covering: CivilDate(dayNumber: earliest), through: asOf)
        return found.map { f in
            OverdueItem(item: items[f.index], days: today - f.due,
                        workdays: counter.workdays(fromDayNumber: f.due, toDayNumber: today))
        }
    }

    /// Open items whose deadline in effect is `asOf` or later and no later than `through`, soonest first.
    public func upcoming(asOf: CivilDate, through: CivilDate, calendar: WorkdayCalendar, unit: String? = nil) -> [UpcomingItem] {
        var found: [(index: Int, due: Int)] = []
        let (first, last) = (asOf.dayNumber, through.dayNumber)
        for (i, item) in items.enumerated() where item.isOpen && !item.coincidesWithMeasure {
            guard case .deadline(let due) = item.timing else { continue }
            let n = due.dayNumber
            guard first <= n, n <= last, Self.matches(item, unit: unit) else { continue }
            found.append((i, n))
        }
        guard !found.isEmpty else { return [] }
        found.sort { $0.due != $1.due ? $0.due < $1.due : $0.index < $1.index }
        let counter = WorkdayCounter(calendar: calendar, covering: asOf, through: max(asOf, through))
        return found.map { f in
            UpcomingItem(item: items[f.index], days: f.due - first, workdays: counter.workdays(fromDayNumber: first, toDayNumber: f.due))
        }
    }

    /// The trail of a measure (its own entries and its milestones'), or of one milestone, with
    /// whether each entry holds now.
    public func history(of reference: ItemReference) -> [HistoryLine] {
        if reference.isMilestone { return history { $0.itemKey == reference.key } }
        return history { $0.measureID == reference.measureID }
    }

    /// The entries recorded under `text` as a measure id or an item key, for items that may no
    /// longer be in the ledgers (renamed, or the row removed): the trail outlives the row.
    public func history(recordedAs text: String) -> [HistoryLine] {
        history { $0.itemKey == text || $0.measureID == text }
    }

    private func history(_ selected: (OverrideEntry) -> Bool) -> [HistoryLine] {
        var byItem: [String: [OverrideEntry]] = [:]
        for e in trail where selected(e) { byItem[e.itemKey, default: []].append(e) }
        var lines: [HistoryLine] = []
        for (key, entries) in byItem {
            let measureID = entries[0].measureID
            lines += OverrideRule.history(entries, current: item(measureID: measureID, key: key))
        }
        return lines.sorted { $0.entry.sequence < $1.entry.sequence }
    }

    static func matches(_ item: ScheduleItem, unit: String?) -> Bool {
        guard let unit, !unit.isEmpty else { return true }
        guard let own = item.unit else { return false }
        return own == unit || own.contains(unit)
    }
}

/// An overdue item: how many calendar days and working days past its deadline.
public struct OverdueItem: Hashable, Sendable {
    public let item: ScheduleItem
    /// Calendar days from the deadline to the as-of day (1 the day after the deadline).
    public let days: Int
    /// Working days in `(deadline, as-of]`.
    public let workdays: Int
}

/// An item falling due soon: how many calendar days and working days are left.
public struct UpcomingItem: Hashable, Sendable {
    public let item: ScheduleItem
    /// Calendar days from the as-of day to the deadline (0 when due today).
    public let days: Int
    /// Working days in `(as-of, deadline]`.
    public let workdays: Int
}

/// Why what a user typed names no item.
public enum LookupError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownMeasure(input: String, suggestions: [String])
    case noSuchMilestone(input: String, measureID: String, milestones: [String])
    case ambiguousMilestone(input: String, matches: [String])

    public var description: String {
        switch self {
        case let .unknownMeasure(input, suggestions):
            let hint = suggestions.isEmpty ? "" : "；相近的编号 (did you mean): \(suggestions.joined(separator: ", "))"
            return "台账中没有编号为“\(input)”的措施 (no measure with id \(input))\(hint)"
        case let .noSuchMilestone(input, id, milestones):
            let list = milestones.isEmpty
                ? "措施 \(id) 没有阶段目标 (measure \(id) has no milestones)"
                : "措施 \(id) 的阶段目标 (its milestones): \(milestones.joined(separator: "; "))"
            return "没有“\(input)”这个阶段目标 (no such milestone); \(list)"
        case let .ambiguousMilestone(input, matches):
            return "“\(input)”对应多个阶段目标，请用 ID#N 指定 (matches several milestones; use ID#N): \(matches.joined(separator: "; "))"
        }
    }
}

/// Levenshtein distance with an early exit, over Unicode scalars.
enum EditDistance {
    /// The distance between `a` and `b` when it is at most `limit`, else nil.
    static func within(_ limit: Int, _ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int? {
        if a == b { return 0 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= limit ? max(a.count, b.count) : nil }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return nil }
            swap(&previous, &current)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}

/// The positions of each measure id's measure items in an agenda, built once on first use.
final class MeasureIndex: Sendable {
    private let starts = Mutex<[String: [Int]]?>(nil)

    /// The indices of the measure items with this id, in order.
    func starts(of id: String, in items: [ScheduleItem]) -> [Int] {
        starts.withLock { built in
            if built == nil {
                var index: [String: [Int]] = [:]
                index.reserveCapacity(items.count)
                for i in items.indices where !items[i].isMilestone {
                    index[items[i].store.table.id(Int(items[i].row)), default: []].append(i)
                }
                built = index
            }
            return built?[id] ?? []
        }
    }
}
