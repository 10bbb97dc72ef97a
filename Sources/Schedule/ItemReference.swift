/// Which deadline something is about: a measure as a whole, or one of its milestones.
///
/// The text form is what the command line accepts and what the state database stores:
///
///     GX-20                 the measure GX-20
///     GX-20#2               its second milestone (1-based, in ledger order)
///     GX-20@确定监理单位      its milestone whose action is 确定监理单位
///
/// ``key`` names a milestone by its action when the action is written and unique within the
/// measure, and by its position otherwise: the action survives a milestone inserted above it,
/// a position does not.
public struct ItemReference: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The measure's stable id (``Ledger/Measure/id``).
    public let measureID: String
    /// The milestone, or nil for the measure itself.
    public let step: Step?

    /// A milestone of a measure.
    public struct Step: Hashable, Sendable {
        /// 1-based position among the measure's milestones.
        public let index: Int
        /// The action, when it is written and no other milestone of the measure has it.
        public let action: String?

        public init(index: Int, action: String?) {
            self.index = index
            self.action = action
        }
    }

    public init(measureID: String, step: Step? = nil) {
        self.measureID = measureID
        self.step = step
    }

    /// The measure itself.
    public static func measure(_ id: String) -> ItemReference { ItemReference(measureID: id) }

    /// The stable text form: `ID`, `ID@action` or `ID#N`.
    public var key: String {
        guard let step else { return measureID }
        if let action = step.action { return "\(measureID)@\(action)" }
        return "\(measureID)#\(step.index)"
    }

    /// The short form for tables: `ID` or `ID#N`.
    public var shortForm: String {
        guard let step else { return measureID }
        return "\(measureID)#\(step.index)"
    }

    public var isMilestone: Bool { step != nil }

    public var description: String { key }

    public static func < (a: ItemReference, b: ItemReference) -> Bool {
        if a.measureID != b.measureID { return IDOrder.less(a.measureID, b.measureID) }
        return (a.step?.index ?? 0) < (b.step?.index ?? 0)
    }
}

/// Orders ids as people number them: `GX-2` before `GX-10`.
enum IDOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        var i = a.unicodeScalars.makeIterator()
        var j = b.unicodeScalars.makeIterator()
        var x = i.next()
        var y = j.next()
        while let cx = x, let cy = y {
            if isDigit(cx) && isDigit(cy) {
                var nx = "", ny = ""
                while let c = x, isDigit(c) { nx.unicodeScalars.append(c); x = i.next() }
                while let c = y, isDigit(c) { ny.unicodeScalars.append(c); y = j.next() }
                let tx = nx.drop(while: { $0 == "0" }), ty = ny.drop(while: { $0 == "0" })
                if tx.count != ty.count { return tx.count < ty.count }
                if tx != ty { return tx < ty }
                continue
            }
            if cx != cy { return cx.value < cy.value }
            x = i.next()
            y = j.next()
        }
        return x == nil && y != nil
    }

    private static func isDigit(_ u: Unicode.Scalar) -> Bool { ("0"..."9").contains(u) }
}
