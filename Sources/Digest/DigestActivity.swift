import ChineseDates
import Foundation
import Schedule

/// One entry of the audit trail recorded in the digest's window: an item marked done (办结),
/// its deadline moved (延期) or reopened, with who, when and why (docs/state.md).
public struct DigestActivity: Hashable, Sendable {
    /// What was recorded.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case done, extended, reopened

        /// 办结, 延期, 重新打开.
        public var chineseName: String {
            switch self {
            case .done: "办结"
            case .extended: "延期"
            case .reopened: "重新打开"
            }
        }
    }

    public let entry: OverrideEntry
    /// The item as it stands now; nil when it is no longer in the ledgers (its id or milestone
    /// action changed, or the row was removed).
    public let item: ScheduleItem?
    /// Whether the entry still holds, or the ledger changed the item since.
    public let standing: HistoryLine.Standing

    public var kind: Kind {
        switch entry.action {
        case .done: .done
        case .extended: .extended
        case .reopened: .reopened
        }
    }

    /// The owner unit, when the item is still in the ledgers.
    public var unit: String? { item?.unit }

    /// The item's title, or the key it was recorded under when it is gone.
    public var title: String { item?.title ?? entry.itemKey }

    /// The short id for tables (`HF-2.1.5.20#1`), or the recorded key.
    public var itemID: String { item?.reference.shortForm ?? entry.itemKey }

    /// For an extension: the deadline in effect before it and the new one.
    public var deadlineChange: (from: CivilDate?, to: CivilDate)? {
        if case .extended(let to) = entry.action { return (entry.previousDue, to) }
        return nil
    }

    /// The item's deadline as the ledger states it (shown beside an extension that replaced another).
    public var ledgerDue: CivilDate? { item?.ledgerDue }

    /// When the entry was recorded, as the office reads it: `2024-11-21 09:30` in `zone`. An
    /// entry recorded with another as-of day than the clock's (`--as-of`, a replayed day) is
    /// placed on that day, and `clock` says when it really was.
    public func recorded(in zone: TimeZone) -> (when: String, clock: String?) {
        let local = LocalInstant(entry.at, in: zone)
        if local.day == entry.asOf { return (local.minuteText, nil) }
        return (entry.asOf.description, local.minuteText)
    }

    /// ``recorded(in:)`` as one text: `2024-11-21 09:30`, or `2024-11-20（系统时间 2026-12-01 23:35）`.
    public func recordedText(in zone: TimeZone) -> String {
        let r = recorded(in: zone)
        return r.clock.map { "\(r.when)（系统时间 \($0)）" } ?? r.when
    }

    /// `有效`, `台账已变更，以台账为准`, `已不在台账中`.
    public var standingText: String {
        switch standing {
        case .inEffect: "有效"
        case .supersededByLedger: "台账已变更，以台账为准"
        case .itemGone: "已不在台账中"
        }
    }

    /// The entries of `agenda`'s trail whose as-of day is in `window` and whose item is in
    /// `scope`, by as-of day, and in the order they were recorded within a day.
    static func entries(of agenda: Agenda, in window: DayRange, scope: DigestScope) -> [DigestActivity] {
        let recent = agenda.trail.filter { window.contains($0.asOf) }
        guard !recent.isEmpty else { return [] }
        let keys = Set(recent.map(\.itemKey))
        // By measure id and key, as `Agenda.item(_:)` matches: an id may itself contain `@` or `#`.
        var items: [ItemIdentity: ScheduleItem] = [:]
        for item in agenda.items where keys.contains(item.reference.key) {
            let identity = ItemIdentity(measureID: item.reference.measureID, key: item.reference.key)
            if items[identity] == nil { items[identity] = item }
        }
        var standings: [Int64: HistoryLine.Standing] = [:]
        for key in keys {
            for line in agenda.history(recordedAs: key) { standings[line.entry.sequence] = line.standing }
        }
        return recent.compactMap { entry in
            let item = items[ItemIdentity(measureID: entry.measureID, key: entry.itemKey)]
            guard scope.includes(item?.unit) else { return nil }
            return DigestActivity(entry: entry, item: item, standing: standings[entry.sequence] ?? .itemGone)
        }.sorted { ($0.entry.asOf, $0.entry.sequence) < ($1.entry.asOf, $1.entry.sequence) }
    }
}

private struct ItemIdentity: Hashable {
    let measureID: String
    let key: String
}

/// An instant as a civil day and minute in a time zone.
struct LocalInstant {
    let day: CivilDate
    let hour: Int
    let minute: Int

    init(_ date: Date, in zone: TimeZone) {
        let office = OfficeTime(zone: zone)
        day = office.day(of: date)
        let minutes = office.minutes(of: date)
        hour = minutes / 60
        minute = minutes % 60
    }

    /// `2024-11-21 09:30`.
    var minuteText: String {
        "\(day) \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
    }
}
