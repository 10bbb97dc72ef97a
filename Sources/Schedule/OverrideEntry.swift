import ChineseDates
import Foundation

/// One entry of the audit trail: someone marked an item done (验收销号), reopened it, or moved
/// its deadline (延期), with when, why, and what the ledger said at the time.
///
/// Entries are never changed or deleted. Which of them are in effect follows one rule
/// (docs/state.md): an override holds whatever the ledger says, until the ledger itself
/// changes the item's status or deadline, that is until the item's ``ScheduleItem/fingerprint``
/// differs from the one recorded here. Then the ledger wins again.
public struct OverrideEntry: Hashable, Sendable, Identifiable {
    /// What was done to the item.
    public enum Action: Hashable, Sendable {
        /// Marked done: 验收销号.
        case done
        /// Marked not done again.
        case reopened
        /// The deadline moved to a new last day on time: 延期.
        case extended(to: CivilDate)

        /// `done`, `reopen`, `extend`: the word stored in the database.
        public var name: String {
            switch self {
            case .done: "done"
            case .reopened: "reopen"
            case .extended: "extend"
            }
        }

        /// 办结 / 重新打开 / 延期至 YYYY-MM-DD.
        public var chineseName: String {
            switch self {
            case .done: "办结"
            case .reopened: "重新打开"
            case .extended(let to): "延期至 \(to)"
            }
        }
    }

    /// Position in the trail: entries apply in this order, whatever the clock said.
    public let sequence: Int64
    /// ``ItemReference/key`` of the item.
    public let itemKey: String
    public let measureID: String
    public let action: Action
    /// Who recorded it: the OS user name, or `--by`.
    public let by: String
    /// When it was recorded.
    public let at: Date
    /// The day xianqi took as today when it was recorded.
    public let asOf: CivilDate
    /// The note or, for an extension, the reason.
    public let note: String?
    /// The ledger's status and deadline at the time (``ScheduleItem/fingerprint``).
    public let fingerprint: String
    /// The deadline in effect before this entry: the original one is shown beside an extension.
    public let previousDue: CivilDate?

    public var id: Int64 { sequence }

    public init(sequence: Int64, itemKey: String, measureID: String, action: Action, by: String, at: Date,
                asOf: CivilDate, note: String?, fingerprint: String, previousDue: CivilDate?) {
        self.sequence = sequence
        self.itemKey = itemKey
        self.measureID = measureID
        self.action = action
        self.by = by
        self.at = at
        self.asOf = asOf
        self.note = note
        self.fingerprint = fingerprint
        self.previousDue = previousDue
    }
}

/// An entry of the trail with whether it holds now, for `xianqi history`.
public struct HistoryLine: Hashable, Sendable {
    public enum Standing: Hashable, Sendable {
        /// Part of the run of entries that hold (see ``OverrideEntry``).
        case inEffect
        /// The ledger changed the item's status or deadline after it: `now` is the ledger's fingerprint.
        case supersededByLedger(now: String)
        /// Its item is no longer in the ledger (id or milestone action changed, or row removed).
        case itemGone
    }

    public let entry: OverrideEntry
    public let standing: Standing
}

enum OverrideRule {
    /// The entries that hold for an item whose ledger fingerprint is `fingerprint`: the last
    /// entries of its trail recorded against that same fingerprint, in order. An entry recorded
    /// against another fingerprint ends the run, so the ledger that changed since wins.
    static func inEffect(_ trail: [OverrideEntry], fingerprint: String) -> ArraySlice<OverrideEntry> {
        var start = trail.endIndex
        while start > trail.startIndex, trail[start - 1].fingerprint == fingerprint { start -= 1 }
        return trail[start...]
    }

    /// Applies the entries that hold to an item (its own done state and deadline).
    static func apply(_ trail: [OverrideEntry], to item: inout ScheduleItem) {
        let holding = inEffect(trail, fingerprint: item.fingerprint)
        for entry in holding {
            switch entry.action {
            case .done: item.done = true
            case .reopened: item.done = false
            case .extended(let to): item.timing = .deadline(to)
            }
        }
        item.overrides = Array(holding)
    }

    /// Every entry of a trail with whether it holds now.
    static func history(_ trail: [OverrideEntry], current: ScheduleItem?) -> [HistoryLine] {
        guard let current else { return trail.map { HistoryLine(entry: $0, standing: .itemGone) } }
        let holding = Set(inEffect(trail, fingerprint: current.fingerprint).map(\.sequence))
        return trail.map { entry in
            HistoryLine(entry: entry, standing: holding.contains(entry.sequence)
                ? .inEffect : .supersededByLedger(now: current.fingerprint))
        }
    }
}

/// Why an override is not recorded: it would not mean anything, or would rewrite the past.
public enum OverrideRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// Extending to a day before the as-of day.
    case extensionInThePast(item: String, to: CivilDate, today: CivilDate)
    /// Extending to the deadline already in effect.
    case extensionToSameDate(item: String, date: CivilDate)
    /// Extending an item that has no deadline (ongoing, cadence, undated).
    case nothingToExtend(item: String)
    /// Extending an item that is done.
    case extendingDoneItem(item: String)
    /// Reopening an item that is not done.
    case notDone(item: String)

    /// Checks an override against the item as it stands and the as-of day.
    public static func check(_ action: OverrideEntry.Action, for item: ScheduleItem, asOf: CivilDate) throws(OverrideRefusal) {
        let name = item.reference.shortForm
        switch action {
        case .done:
            return
        case .reopened:
            if !item.done { throw .notDone(item: name) }
        case .extended(let to):
            if item.done { throw .extendingDoneItem(item: name) }
            guard let due = item.due else { throw .nothingToExtend(item: name) }
            if to < asOf { throw .extensionInThePast(item: name, to: to, today: asOf) }
            if to == due { throw .extensionToSameDate(item: name, date: to) }
        }
    }

    public var description: String {
        switch self {
        case let .extensionInThePast(item, to, today):
            "不能把 \(item) 延期到今天之前：\(to) 早于 \(today)，未记录 (cannot extend \(item) to \(to), a day before today \(today); nothing recorded)"
        case let .extensionToSameDate(item, date):
            "\(item) 的完成时限已是 \(date)，未记录 (the deadline of \(item) is already \(date); nothing recorded)"
        case let .nothingToExtend(item):
            "\(item) 没有完成时限（长期坚持、工作频次或未写日期），无法延期，未记录 (\(item) has no deadline to extend; nothing recorded)"
        case let .extendingDoneItem(item):
            "\(item) 已办结，无需延期；如需重新整改请先 xianqi reopen \(item)，未记录 (\(item) is done: reopen it first; nothing recorded)"
        case let .notDone(item):
            "\(item) 未办结，无需重新打开，未记录 (\(item) is not done: nothing to reopen; nothing recorded)"
        }
    }
}
