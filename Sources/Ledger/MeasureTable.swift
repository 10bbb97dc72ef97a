import ChineseDates

/// The measures of a ledger in compact rows: what a ledger keeps in memory.
///
/// Every text (id, measure, unit, owner, leader, target text, status text, positions' files)
/// is an id into one ``StringPool``, so a text written on many rows is stored once; a target is
/// an index into the distinct targets, and milestones and extra fields live in side arrays. A
/// measure takes about 90 bytes plus its own unique texts, where a ``Measure`` value takes
/// about 330 and a heap object per text. ``Measure`` values are made on demand: by subscript,
/// by ``measures``, or field by field (``id(_:)``, ``unit(_:)``, …) when only a few are shown.
///
///     var table = MeasureTable()
///     table.append(Measure(id: "GX-1", text: "推进XX项目建设", source: SourcePosition(file: "a.csv", line: 2)))
///     table.count        // 1
///     table.unit(0)      // nil
///     table[0].text      // "推进XX项目建设"
public struct MeasureTable: Sendable {
    /// One measure: ids into the pool, and where its parts in the side arrays are.
    struct Row: Sendable {
        var id: UInt32
        var problem: UInt32
        var category: UInt32
        var text: UInt32
        var unit: UInt32
        var owner: UInt32
        var leader: UInt32
        var deadlineText: UInt32
        var statusText: UInt32
        var evidence: UInt32
        var unitEmail: UInt32
        var leaderEmail: UInt32
        var target: UInt32
        var source: Place
        var milestoneStart: UInt32
        var milestoneCount: UInt32
        var extraStart: UInt32
        var extraCount: UInt32
        var status: UInt8
    }

    /// A ``SourcePosition`` as pool ids and numbers (-1 for none).
    struct Place: Sendable, Equatable {
        var file: UInt32
        var sheet: UInt32
        var line: Int32
        var column: Int32
    }

    struct MilestoneRow: Sendable {
        var action: UInt32
        var dateText: UInt32
        var evidence: UInt32
        /// Day number of the last day on time; `Int32.min` when unresolved.
        var due: Int32
        var done: Bool
        var hasSource: Bool
        var source: Place
    }

    private(set) var pool = StringPool()
    private(set) var rows: [Row] = []
    private var milestoneRows: [MilestoneRow] = []
    private var extras: [(name: UInt32, value: UInt32)] = []
    /// Distinct targets; 0 is `.none`.
    private var targets: [Target] = [.none]
    /// Distinct address lists; 0 is the empty list.
    private var addressLists: [[String]] = [[]]
    /// Index of a target text's target, so that a text written on many rows is looked up once.
    private var targetOfText = IDMap<UInt32>()
    /// The file and sheet of the last position stored, and their ids.
    private var lastFile: (text: String, id: UInt32)?
    private var lastSheet: (text: String?, id: UInt32)?

    public init() {}

    public init(_ measures: some Sequence<Measure>) {
        rows.reserveCapacity(measures.underestimatedCount)
        for m in measures { append(m) }
    }

    public var count: Int { rows.count }
    public var isEmpty: Bool { rows.isEmpty }
    public var indices: Range<Int> { rows.indices }

    // MARK: Adding

    /// Room for about `measures` more rows whose texts take about `textBytes` bytes: a reader
    /// that knows its file's size reserves once instead of growing (and copying) the arrays as
    /// it goes. Reserved room that is never written takes no memory.
    public mutating func reserveCapacity(measures: Int, textBytes: Int) {
        rows.reserveCapacity(rows.count + measures)
        // About four texts a row are new, of which one or two are interned (the id, a unit or a date).
        pool.reserveCapacity(bytes: textBytes, count: measures * 4, interned: measures * 3 / 2)
    }

    /// Adds a measure at the end.
    public mutating func append(_ m: Measure) {
        let parts = Parts(
            id: pool.intern(m.id), problem: pool.intern(m.problem), category: pool.intern(m.category),
            text: pool.intern(m.text), unit: pool.intern(m.unit), owner: pool.intern(m.owner), leader: pool.intern(m.leader),
            deadlineText: pool.intern(m.deadlineText), statusText: pool.intern(m.statusText), evidence: pool.intern(m.evidence),
            unitEmail: m.unitEmail, leaderEmail: m.leaderEmail, target: m.target, status: m.status, milestones: m.milestones)
        append(parts, source: m.source, extras: m.extra.map { (pool.intern($0.name), pool.intern($0.value)) })
    }

    /// A measure as the pool ids of its texts: what ``MeasureBuilder`` makes of a row, added
    /// without a ``Measure`` value or a `String` per field.
    struct Parts {
        var id: UInt32 = 0
        var problem: UInt32 = 0
        var category: UInt32 = 0
        var text: UInt32 = 0
        var unit: UInt32 = 0
        var owner: UInt32 = 0
        var leader: UInt32 = 0
        var deadlineText: UInt32 = 0
        var statusText: UInt32 = 0
        var evidence: UInt32 = 0
        var unitEmail: [String] = []
        var leaderEmail: [String] = []
        var target: Target = .none
        var status: Status = .inProgress
        var milestones: [Milestone] = []
    }

    /// Adds a measure given as pool ids (``intern(_:)``) at the end; `extras` are (name, value) ids.
    mutating func append(_ m: Parts, source: SourcePosition, extras extraFields: [(name: UInt32, value: UInt32)]) {
        var milestoneStart = UInt32(milestoneRows.count)
        if m.milestones.isEmpty { milestoneStart = 0 }
        for step in m.milestones {
            milestoneRows.append(MilestoneRow(
                action: pool.intern(step.action), dateText: pool.intern(step.dateText), evidence: pool.intern(step.evidence),
                due: step.due.map { Int32(clamping: $0.dayNumber) } ?? .min, done: step.done,
                hasSource: step.source != nil, source: place(step.source ?? source)))
        }
        var extraStart = UInt32(extras.count)
        if extraFields.isEmpty { extraStart = 0 }
        extras.append(contentsOf: extraFields)
        rows.append(Row(
            id: m.id, problem: m.problem, category: m.category, text: m.text, unit: m.unit, owner: m.owner,
            leader: m.leader, deadlineText: m.deadlineText, statusText: m.statusText, evidence: m.evidence,
            unitEmail: addressList(m.unitEmail), leaderEmail: addressList(m.leaderEmail),
            target: target(m.target, text: m.deadlineText), source: place(source),
            milestoneStart: milestoneStart, milestoneCount: UInt32(m.milestones.count),
            extraStart: extraStart, extraCount: UInt32(extraFields.count), status: Self.code(m.status)))
    }

    /// The pool id of a text, adding it if new (0 for nil).
    mutating func intern(_ text: String?) -> UInt32 { pool.intern(text) }

    /// The pool id of UTF-8 bytes, adding them if new.
    mutating func intern(bytes: UnsafeBufferPointer<UInt8>) -> UInt32 { pool.intern(bytes: UnsafeRawBufferPointer(bytes)) }

    /// A new pool id for UTF-8 bytes, not looked for among the texts stored
    /// (``StringPool/append(bytes:)``): for texts no one looks up, which are seldom repeated.
    mutating func add(bytes: UnsafeBufferPointer<UInt8>) -> UInt32 { pool.append(bytes: UnsafeRawBufferPointer(bytes)) }

    /// Calls `body` with the UTF-8 bytes of pool id `id`.
    func poolBytes<R>(_ id: UInt32, _ body: (UnsafeRawBufferPointer) -> R) -> R { pool.withBytes(id, body) }

    public mutating func append(contentsOf measures: some Sequence<Measure>) {
        for m in measures { append(m) }
    }

    /// Writes `prefix-` before every id (a ledger's `prefix` in the configuration).
    public mutating func prefixIDs(with prefix: String) {
        guard !prefix.isEmpty else { return }
        var renamed: [UInt32: UInt32] = [:]
        for i in rows.indices {
            let old = rows[i].id
            if let new = renamed[old] {
                rows[i].id = new
                continue
            }
            let new = pool.intern(prefix + "-" + (pool.string(old) ?? ""))
            renamed[old] = new
            rows[i].id = new
        }
    }

    private mutating func target(_ target: Target, text: UInt32) -> UInt32 {
        if target == .none { return 0 }
        if text != 0, let known = targetOfText[text], targets[Int(known)] == target { return known }
        let index: UInt32
        if let last = targets.last, last == target {
            index = UInt32(targets.count - 1)
        } else if targets.count < 64, let existing = targets.firstIndex(of: target) {  // (the count first: a search of thousands per text)
            index = UInt32(existing)
        } else {
            targets.append(target)
            index = UInt32(targets.count - 1)
        }
        if text != 0 { targetOfText[text] = index }
        return index
    }

    private mutating func addressList(_ list: [String]) -> UInt32 {
        guard !list.isEmpty else { return 0 }
        if let last = addressLists.last, last == list { return UInt32(addressLists.count - 1) }
        addressLists.append(list)
        return UInt32(addressLists.count - 1)
    }

    private mutating func place(_ p: SourcePosition) -> Place {
        // Every row of a ledger names the same file (and sheet): compared, not hashed, again.
        let file = lastFile.flatMap { $0.text == p.file ? $0.id : nil } ?? pool.intern(p.file)
        let sheet = lastSheet.flatMap { $0.text == p.sheet ? $0.id : nil } ?? pool.intern(p.sheet)
        lastFile = (p.file, file)
        lastSheet = (p.sheet, sheet)
        return Place(file: file, sheet: sheet,
                     line: p.line.map { Int32(clamping: $0) } ?? -1, column: p.column.map { Int32(clamping: $0) } ?? -1)
    }

    // MARK: Reading fields

    public subscript(i: Int) -> Measure {
        let r = rows[i]
        return Measure(
            id: pool.string(r.id) ?? "", problem: pool.string(r.problem), category: pool.string(r.category),
            text: pool.string(r.text) ?? "", unit: pool.string(r.unit), owner: pool.string(r.owner),
            leader: pool.string(r.leader), unitEmail: addressLists[Int(r.unitEmail)],
            leaderEmail: addressLists[Int(r.leaderEmail)], deadlineText: pool.string(r.deadlineText),
            target: targets[Int(r.target)], milestones: milestones(i), status: status(i),
            statusText: pool.string(r.statusText), evidence: pool.string(r.evidence), source: position(r.source),
            extra: (0..<Int(r.extraCount)).map { k in
                let e = extras[Int(r.extraStart) + k]
                return ExtraField(name: pool.string(e.name) ?? "", value: pool.string(e.value) ?? "")
            })
    }

    /// Every measure, as values.
    public var measures: [Measure] { rows.indices.map { self[$0] } }

    public func id(_ i: Int) -> String { pool.string(rows[i].id) ?? "" }
    public func text(_ i: Int) -> String { pool.string(rows[i].text) ?? "" }
    public func category(_ i: Int) -> String? { pool.string(rows[i].category) }
    public func unit(_ i: Int) -> String? { pool.string(rows[i].unit) }
    public func owner(_ i: Int) -> String? { pool.string(rows[i].owner) }
    public func leader(_ i: Int) -> String? { pool.string(rows[i].leader) }
    public func deadlineText(_ i: Int) -> String? { pool.string(rows[i].deadlineText) }
    public func statusText(_ i: Int) -> String? { pool.string(rows[i].statusText) }
    public func unitEmail(_ i: Int) -> [String] { addressLists[Int(rows[i].unitEmail)] }
    public func leaderEmail(_ i: Int) -> [String] { addressLists[Int(rows[i].leaderEmail)] }
    public func target(_ i: Int) -> Target { targets[Int(rows[i].target)] }
    public func status(_ i: Int) -> Status { Status.allCases[Int(rows[i].status)] }
    public func source(_ i: Int) -> SourcePosition { position(rows[i].source) }
    public func milestoneCount(_ i: Int) -> Int { Int(rows[i].milestoneCount) }

    /// The last day measure `i` as a whole is on time (``Measure/due``), without making the value.
    public func due(_ i: Int) -> CivilDate? {
        if case .deadline(let due, _) = target(i) { return due }
        return (0..<milestoneCount(i)).compactMap { milestoneDue(i, $0) }.max()
    }

    /// The distinct owner units, in order of first appearance.
    public var units: [String] {
        var seen = Set<UInt32>()
        return rows.compactMap { seen.insert($0.unit).inserted ? pool.string($0.unit) : nil }
    }

    /// The pool id of measure `i`'s unit (0: none), to compare units without making strings.
    public func unitID(_ i: Int) -> UInt32 { rows[i].unit }
    /// The pool id of measure `i`'s id text.
    public func idID(_ i: Int) -> UInt32 { rows[i].id }
    /// The pool id of measure `i`'s written deadline (0: none), and of its step `k`'s date text.
    public func deadlineTextID(_ i: Int) -> UInt32 { rows[i].deadlineText }
    public func milestoneDateTextID(_ i: Int, _ k: Int) -> UInt32 { milestoneRows[Int(rows[i].milestoneStart) + k].dateText }
    /// The id `text` has in the pool, if any measure's field holds it.
    public func poolID(of text: String) -> UInt32? { pool.lookup(text) }
    /// The text of a pool id.
    public func poolString(_ id: UInt32) -> String? { pool.string(id) }

    /// The milestones of measure `i`, in ledger order.
    public func milestones(_ i: Int) -> [Milestone] {
        (0..<milestoneCount(i)).map { milestone(i, $0) }
    }

    /// Milestone `k` (0-based) of measure `i`.
    public func milestone(_ i: Int, _ k: Int) -> Milestone {
        let m = milestoneRows[Int(rows[i].milestoneStart) + k]
        return Milestone(action: pool.string(m.action) ?? "", dateText: pool.string(m.dateText) ?? "",
                         due: m.due == .min ? nil : CivilDate(dayNumber: Int(m.due)), done: m.done,
                         evidence: pool.string(m.evidence), source: m.hasSource ? position(m.source) : nil)
    }

    /// Parts of milestone `k` of measure `i`, without making the whole value.
    public func milestoneAction(_ i: Int, _ k: Int) -> String { pool.string(milestoneRows[Int(rows[i].milestoneStart) + k].action) ?? "" }
    public func milestoneActionID(_ i: Int, _ k: Int) -> UInt32 { milestoneRows[Int(rows[i].milestoneStart) + k].action }
    public func milestoneDateText(_ i: Int, _ k: Int) -> String { pool.string(milestoneRows[Int(rows[i].milestoneStart) + k].dateText) ?? "" }
    public func milestoneDue(_ i: Int, _ k: Int) -> CivilDate? {
        let due = milestoneRows[Int(rows[i].milestoneStart) + k].due
        return due == .min ? nil : CivilDate(dayNumber: Int(due))
    }
    public func milestoneDone(_ i: Int, _ k: Int) -> Bool { milestoneRows[Int(rows[i].milestoneStart) + k].done }
    public func milestoneSource(_ i: Int, _ k: Int) -> SourcePosition {
        let m = milestoneRows[Int(rows[i].milestoneStart) + k]
        return position(m.hasSource ? m.source : rows[i].source)
    }

    private func position(_ p: Place) -> SourcePosition {
        SourcePosition(file: pool.string(p.file) ?? "", line: p.line < 0 ? nil : Int(p.line),
                       column: p.column < 0 ? nil : Int(p.column), sheet: pool.string(p.sheet))
    }

    private static func code(_ status: Status) -> UInt8 {
        UInt8(Status.allCases.firstIndex(of: status) ?? 0)
    }

    /// Bytes held, for memory accounting in benchmarks.
    public var byteCount: Int {
        pool.byteCount + rows.count * MemoryLayout<Row>.stride + milestoneRows.count * MemoryLayout<MilestoneRow>.stride
            + extras.count * 8
    }
}

extension MeasureTable: Hashable {
    public static func == (a: MeasureTable, b: MeasureTable) -> Bool {
        a.count == b.count && a.indices.allSatisfy { a[$0] == b[$0] }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for i in indices { hasher.combine(rows[i].id == 0 ? "" : id(i)) }
    }
}
