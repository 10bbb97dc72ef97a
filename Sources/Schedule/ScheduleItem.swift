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

    public let reference: ItemReference
    /// The measure text, or the milestone's action.
    public let title: String
    /// What a measure and its milestones share, stored once (a ledger of 100 000 measures
    /// makes as many items, and each copy of an item is then one reference, not five strings).
    let details: MeasureDetails
    /// The measure text (the same as `title` for a measure).
    public var measureText: String { details.text }
    public var category: String? { details.category }
    public var unit: String? { details.unit }
    public var owner: String? { details.owner }
    public var leader: String? { details.leader }
    /// The deadline as written (完成时限, or the milestone's date).
    public let deadlineText: String?
    /// Where the ledger defines it.
    public var source: SourcePosition? { ownSource?.position ?? details.source }
    /// A milestone's own position, when it differs from its measure's (boxed: most items have none).
    private let ownSource: SourceBox?

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

    /// The status after overrides, for a measure: done, reopened, or the ledger's.
    public var status: Status? {
        guard let ledgerStatus else { return nil }
        if done { return .done }
        return ledgerStatus == .done ? .inProgress : ledgerStatus
    }

    init(reference: ItemReference, title: String, details: MeasureDetails, deadlineText: String?, source: SourcePosition?,
         ledgerStatus: Status?, ledgerDone: Bool, timing: Timing, coincidesWithMeasure: Bool) {
        self.reference = reference
        self.title = title
        self.details = details
        self.deadlineText = deadlineText
        self.ownSource = source == details.source ? nil : source.map(SourceBox.init)
        self.ledgerStatus = ledgerStatus
        self.ledgerDone = ledgerDone
        self.ledgerTiming = timing
        self.coincidesWithMeasure = coincidesWithMeasure
        self.done = ledgerDone
        self.timing = timing
        self.overrides = []
    }

    /// An item as the ledger states it, from its parts (``AgendaSnapshot`` reads them back).
    /// The items of a measure: the measure itself, then each milestone in ledger order.
    public static func items(of measure: Measure) -> [ScheduleItem] {
        var out: [ScheduleItem] = []
        append(measure, to: &out)
        return out
    }

    /// Appends the items of a measure, without an array per measure.
    static func append(_ measure: Measure, to out: inout [ScheduleItem]) {
        let measureDone = measure.status.isClosed
        let timing: Timing
        switch measure.target {
        case .deadline(let due, _) where measure.status != .ongoing: timing = .deadline(due)
        case .ongoing, .deadline: timing = .ongoing
        case .cadence(let c): timing = measure.status == .ongoing ? .ongoing : .cadence(c)
        case .none, .unresolved: timing = measure.status == .ongoing ? .ongoing : .undated
        }
        let details = MeasureDetails(text: measure.text, category: measure.category, unit: measure.unit,
                                     owner: measure.owner, leader: measure.leader, source: measure.source)
        out.append(ScheduleItem(
            reference: .measure(measure.id), title: measure.text, details: details,
            deadlineText: measure.deadlineText, source: measure.source, ledgerStatus: measure.status,
            ledgerDone: measureDone, timing: timing, coincidesWithMeasure: false))
        guard !measure.milestones.isEmpty else { return }

        let measureDue = measure.target.due
        for (n, m) in measure.milestones.enumerated() {
            let action = m.action.trimmingCharacters(in: .whitespaces)
            let unique = !action.isEmpty && !action.contains("|")
                && !measure.milestones.indices.contains { $0 != n && measure.milestones[$0].action == m.action }
            let reference = ItemReference(measureID: measure.id, step: .init(index: n + 1, action: unique ? action : nil))
            out.append(ScheduleItem(
                reference: reference, title: action.isEmpty ? m.dateText : action, details: details,
                deadlineText: m.dateText, source: m.source ?? measure.source, ledgerStatus: nil,
                ledgerDone: m.done, timing: m.due.map(Timing.deadline) ?? .undated,
                coincidesWithMeasure: m.due != nil && m.due == measureDue))
        }
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

/// The fields of a measure its items share.
final class MeasureDetails: Hashable, Sendable {
    let text: String
    let category: String?
    let unit: String?
    let owner: String?
    let leader: String?
    /// Where the measure is defined.
    let source: SourcePosition?

    init(text: String, category: String?, unit: String?, owner: String?, leader: String?, source: SourcePosition?) {
        self.text = text
        self.category = category
        self.unit = unit
        self.owner = owner
        self.leader = leader
        self.source = source
    }

    static func == (a: MeasureDetails, b: MeasureDetails) -> Bool {
        a === b || (a.text == b.text && a.category == b.category && a.unit == b.unit && a.owner == b.owner
                    && a.leader == b.leader && a.source == b.source)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(unit)
    }
}

/// A source position on the heap, so that an item without one of its own stays small.
final class SourceBox: Hashable, Sendable {
    let position: SourcePosition

    init(_ position: SourcePosition) { self.position = position }

    static func == (a: SourceBox, b: SourceBox) -> Bool { a.position == b.position }
    func hash(into hasher: inout Hasher) { hasher.combine(position) }
}
