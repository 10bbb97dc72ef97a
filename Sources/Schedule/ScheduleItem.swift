import ChineseDates
import Foundation
import Ledger

/// One deadline to watch: a measure, or one of its milestones, as the ledger states it and as
/// it stands once the recorded overrides (done, reopened, extended) are applied.
///
///     let items = ScheduleItem.items(of: measure)   // the measure first, then each milestone
///     items[0].due          // the deadline in effect
///     items[0].ledgerDue    // the ledger's own deadline (shown as the original when extended)
public struct ScheduleItem: Hashable, Sendable {
    /// How an item falls due.
    public enum Timing: Hashable, Sendable {
        /// A last day on time.
        case deadline(CivilDate)
        /// 长期坚持: no end date, no deadline events.
        case ongoing
        /// A rhythm (日报告/周汇总/月调度) with no end date: report-due reminders only, if configured.
        case cadence([DateExpression.Cadence])
        /// No date that xianqi can use (none written, or not understood).
        case undated
    }

    /// The ledger rows the item reads its texts from, shared by every item of those ledgers.
    let store: MeasureStore
    /// The measure's row in `store`.
    let row: UInt32
    /// 0 for the measure itself, else the milestone's 1-based position.
    let step: UInt16
    /// The milestone's action names it in its ``reference`` (written, and unique in the measure).
    private let actionNamesStep: Bool

    /// Which item this is: `ID`, `ID#N` or `ID@action`.
    public var reference: ItemReference {
        let id = store.table.id(Int(row))
        guard step > 0 else { return .measure(id) }
        let action = actionNamesStep ? store.table.milestoneAction(Int(row), Int(step) - 1).trimmingSpaces : nil
        return ItemReference(measureID: id, step: .init(index: Int(step), action: action))
    }
    /// The measure text, or the milestone's action (its date text when no action is written).
    public var title: String {
        guard step > 0 else { return store.table.text(Int(row)) }
        let action = store.table.milestoneAction(Int(row), Int(step) - 1).trimmingSpaces
        return action.isEmpty ? store.table.milestoneDateText(Int(row), Int(step) - 1) : action
    }
    /// The measure text (the same as `title` for a measure).
    public var measureText: String { store.table.text(Int(row)) }
    public var category: String? { store.table.category(Int(row)) }
    public var unit: String? { store.table.unit(Int(row)) }
    public var owner: String? { store.table.owner(Int(row)) }
    public var leader: String? { store.table.leader(Int(row)) }
    /// The deadline as written (完成时限, or the milestone's date).
    public var deadlineText: String? {
        step > 0 ? store.table.milestoneDateText(Int(row), Int(step) - 1) : store.table.deadlineText(Int(row))
    }
    /// Names the written deadline without making its text: equal keys are the same text of the
    /// same ledger (a cache key for what a command derives from the text, once per text).
    public var deadlineTextKey: TextKey {
        TextKey(store: ObjectIdentifier(store),
                id: step > 0 ? store.table.milestoneDateTextID(Int(row), Int(step) - 1) : store.table.deadlineTextID(Int(row)))
    }

    public struct TextKey: Hashable, Sendable {
        let store: ObjectIdentifier
        let id: UInt32
    }

    /// Where the ledger defines it.
    public var source: SourcePosition? {
        step > 0 ? store.table.milestoneSource(Int(row), Int(step) - 1) : store.table.source(Int(row))
    }

    /// The ledger's status, for a measure; nil for a milestone.
    public let ledgerStatus: Status?
    /// Whether the ledger says it is done: the measure's status, or the milestone's own mark.
    public let ledgerDone: Bool
    /// How the ledger says it falls due.
    public let ledgerTiming: Timing
    /// A milestone whose date is its measure's own deadline: the measure's entry stands for it.
    public let coincidesWithMeasure: Bool
    /// The ledger's status and deadline in one text: overrides recorded against another
    /// fingerprint no longer apply (docs/state.md).
    public var fingerprint: String {
        Self.fingerprint(status: ledgerStatus, done: ledgerDone, timing: ledgerTiming)
    }

    /// Done, after overrides (for a milestone: also when its measure is done).
    public internal(set) var done: Bool
    /// How it falls due, after overrides (an extension moves the deadline).
    public internal(set) var timing: Timing
    /// The overrides in effect, oldest first.
    public internal(set) var overrides: [OverrideEntry]

    /// The deadline in effect, if it has one.
    public var due: CivilDate? {
        if case .deadline(let d) = timing { return d }
        return nil
    }

    /// The ledger's own deadline.
    public var ledgerDue: CivilDate? {
        if case .deadline(let d) = ledgerTiming { return d }
        return nil
    }

    /// Moved by an extension still in effect.
    public var isExtended: Bool { due != ledgerDue }

    /// Not done, after overrides.
    public var isOpen: Bool { !done }

    /// A milestone, not the measure itself.
    public var isMilestone: Bool { step > 0 }

    /// The status after overrides, for a measure: done, reopened, or the ledger's.
    public var status: Status? {
        guard let ledgerStatus else { return nil }
        if done { return .done }
        return ledgerStatus == .done ? .inProgress : ledgerStatus
    }

    private init(store: MeasureStore, row: Int, step: Int, actionNamesStep: Bool,
                 ledgerStatus: Status?, ledgerDone: Bool, timing: Timing, coincidesWithMeasure: Bool) {
        self.store = store
        self.row = UInt32(row)
        self.step = UInt16(clamping: step)
        self.actionNamesStep = actionNamesStep
        self.ledgerStatus = ledgerStatus
        self.ledgerDone = ledgerDone
        self.ledgerTiming = timing
        self.coincidesWithMeasure = coincidesWithMeasure
        self.done = ledgerDone
        self.timing = timing
        self.overrides = []
    }

    /// The items of a measure: the measure itself, then each milestone in ledger order.
    public static func items(of measure: Measure) -> [ScheduleItem] {
        var out: [ScheduleItem] = []
        append(row: 0, of: MeasureStore(MeasureTable([measure])), to: &out)
        return out
    }

    /// Appends the items of row `i` of `store`: the measure, then its milestones.
    static func append(row i: Int, of store: MeasureStore, to out: inout [ScheduleItem]) {
        let table = store.table
        let status = table.status(i)
        let measureDone = status.isClosed
        let target = table.target(i)
        let timing: Timing
        switch target {
        case .deadline(let due, _) where status != .ongoing: timing = .deadline(due)
        case .ongoing, .deadline: timing = .ongoing
        case .cadence(let c): timing = status == .ongoing ? .ongoing : .cadence(c)
        case .none, .unresolved: timing = status == .ongoing ? .ongoing : .undated
        }
        out.append(ScheduleItem(store: store, row: i, step: 0, actionNamesStep: false, ledgerStatus: status,
                                ledgerDone: measureDone, timing: timing, coincidesWithMeasure: false))
        let count = table.milestoneCount(i)
        guard count > 0 else { return }

        let measureDue = target.due
        for n in 0..<count {
            let actionID = table.milestoneActionID(i, n)
            let action = table.milestoneAction(i, n)
            let trimmed = action.trimmingSpaces
            // (On the UTF-8 bytes: Foundation's String.contains(String) is a search with a locale.)
            let unique = !trimmed.isEmpty && !trimmed.utf8.contains(UInt8(ascii: "|"))
                && !(0..<count).contains { $0 != n && table.milestoneActionID(i, $0) == actionID }
            let due = table.milestoneDue(i, n)
            out.append(ScheduleItem(
                store: store, row: i, step: n + 1, actionNamesStep: unique, ledgerStatus: nil,
                ledgerDone: table.milestoneDone(i, n), timing: due.map(Timing.deadline) ?? .undated,
                coincidesWithMeasure: due != nil && due == measureDue))
        }
    }

    public static func == (a: ScheduleItem, b: ScheduleItem) -> Bool {
        a.reference == b.reference && a.title == b.title && a.unit == b.unit && a.owner == b.owner
            && a.leader == b.leader && a.category == b.category && a.deadlineText == b.deadlineText
            && a.source == b.source && a.ledgerStatus == b.ledgerStatus && a.ledgerDone == b.ledgerDone
            && a.ledgerTiming == b.ledgerTiming && a.coincidesWithMeasure == b.coincidesWithMeasure
            && a.done == b.done && a.timing == b.timing && a.overrides == b.overrides
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(reference)
        hasher.combine(done)
        hasher.combine(timing)
    }

    /// `status=in-progress;due=2024-10-31` for a measure, `done=false;due=2024-10-31` for a milestone.
    static func fingerprint(status: Status?, done: Bool, timing: Timing) -> String {
        let head = status.map { "status=\($0.englishName)" } ?? "done=\(done)"
        let due: String
        switch timing {
        case .deadline(let d): due = d.description
        case .ongoing: due = "ongoing"
        case .cadence: due = "cadence"
        case .undated: due = "none"
        }
        return "\(head);due=\(due)"
    }
}

/// The ledger rows items read their texts from: one reference per item, not a string per field.
final class MeasureStore: Sendable {
    let table: MeasureTable

    init(_ table: MeasureTable) { self.table = table }
}

extension String {
    /// Without leading and trailing spaces and tabs: what `trimmingCharacters(in: .whitespaces)`
    /// removes (general category Zs and U+0009), answered without Foundation when, as almost
    /// always, there is nothing to remove.
    var trimmingSpaces: String { trimming(where: \.isSpaceOrTab) }
}

extension Unicode.Scalar {
    /// U+0009 or a space separator (Zs).
    var isSpaceOrTab: Bool {
        switch value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
