/// Re-importing a report into a ledger a person has edited: the person's edits win.
public enum LedgerMerge {
    public struct Result: Sendable {
        public let ledger: Ledger
        /// Measures kept from the existing ledger as they were.
        public let kept: Int
        /// Measures new in the report, appended.
        public let added: Int
        /// Ids in the existing ledger that the report no longer has (kept all the same).
        public let notInReport: [String]
    }

    /// Existing measures stay as they are, in their order; imported measures whose id is not
    /// in the existing ledger are appended. Nothing is removed.
    public static func merge(existing: Ledger, imported: Ledger) -> Result {
        let existingIDs = Set(existing.measures.map(\.id))
        let importedIDs = Set(imported.measures.map(\.id))
        let new = imported.measures.filter { !existingIDs.contains($0.id) }
        var ledger = existing
        ledger.title = existing.title ?? imported.title
        ledger.reference = existing.reference ?? imported.reference
        ledger.measures += new
        return Result(ledger: ledger, kept: existing.measures.count, added: new.count,
                      notInReport: existing.measures.map(\.id).filter { !importedIDs.contains($0) })
    }
}
