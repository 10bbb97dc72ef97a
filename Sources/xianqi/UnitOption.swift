import ArgumentParser
import Ledger
import Schedule
import Workspace

/// Checks a `--unit` value against the owner units the ledgers and `[units]` name, so that a
/// mistyped unit is an error (exit 2) naming the nearest units, not an empty list and exit 0.
///
/// A value matches when a unit is it or contains it (the commands' substring match).
///
///     try UnitOption.check("建设发展", in: workspace)   // fine: 区建设发展局 contains it
enum UnitOption {
    /// Throws exit status 2, after saying which units come nearest, when `unit` matches none
    /// of the measures' units or the configuration's `[units]`.
    static func check(_ unit: String?, in workspace: Workspace) throws {
        guard let unit, !unit.isEmpty else { return }
        try check(unit, known: Set(workspace.ledgers.flatMap(\.table.units)), configuration: workspace.configuration)
    }

    /// The same for a scheduling command.
    static func check(_ unit: String?, in context: ScheduleContext) throws {
        try check(unit, in: context.workspace)
    }

    private static func check(_ unit: String?, known units: Set<String>, configuration: Configuration) throws {
        guard let unit, !unit.isEmpty else { return }
        let known = units.union(configuration.unitEmails.keys)
        guard !known.contains(where: { $0 == unit || $0.contains(unit) }) else { return }
        let near = nearest(to: unit, among: known)
        let list = near.isEmpty ? "台账中没有任何责任单位 (the ledgers name no owner unit)" : "最接近的 (nearest): " + near.joined(separator: "、")
        throw Diagnostics.fail("未知责任单位 “\(unit)” (unknown unit); \(list)")
    }

    /// Up to three units, fewest edits first (characters, so a Chinese name counts per character).
    static func nearest(to unit: String, among known: Set<String>, limit: Int = 3) -> [String] {
        let target = Array(unit)
        return known.map { ($0, distance(target, Array($0))) }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .prefix(limit)
            .map(\.0)
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
