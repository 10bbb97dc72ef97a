import ChineseDates
import Glibc
import Ledger
import Schedule
import Tabular

/// The columns `overdue` and `upcoming` print for an item, in table, JSON and CSV form.
enum ItemOutput {
    /// Field names of JSON and CSV, in order; the list's own counts come after them.
    static let fields = ["id", "key", "measure", "milestone", "title", "unit", "owner", "leader", "category",
                         "due", "original_due", "extended", "status", "deadline_text", "source"]
    /// The CSV headers for people, in the order of ``fields``.
    static let chineseFields = ["编号", "键", "措施编号", "节点序号", "事项", "责任单位", "责任人", "责任领导", "类别",
                                "到期日", "原到期日", "已延期", "状态", "完成时限", "位置"]

    static func json(_ item: ScheduleItem, extra: [(String, JSON)]) -> JSON {
        .object([
            ("id", .string(item.reference.shortForm)),
            ("key", .string(item.reference.key)),
            ("measure", .string(item.reference.measureID)),
            ("milestone", item.reference.step.map { .int($0.index) } ?? .null),
            ("title", .string(item.title)),
            ("unit", .optional(item.unit)),
            ("owner", .optional(item.owner)),
            ("leader", .optional(item.leader)),
            ("category", .optional(item.category)),
            ("due", .optional(item.due.map(iso))),
            ("original_due", item.isExtended ? .optional(item.ledgerDue.map(iso)) : .null),
            ("extended", .bool(item.isExtended)),
            ("status", .optional(item.status?.englishName)),
            ("deadline_text", .optional(item.deadlineText)),
            ("source", .optional(item.source?.description)),
        ] + extra)
    }

    static func csvCells(_ item: ScheduleItem) -> [String] {
        [item.reference.shortForm, item.reference.key, item.reference.measureID,
         item.reference.step.map { String($0.index) } ?? "", item.title, item.unit ?? "", item.owner ?? "",
         item.leader ?? "", item.category ?? "", item.due.map(iso) ?? "",
         item.isExtended ? item.ledgerDue.map(iso) ?? "" : "", item.isExtended ? "true" : "false",
         item.status?.englishName ?? "", item.deadlineText ?? "", item.source?.description ?? ""]
    }

    /// RFC 4180 rows (as `CSVWriter.row` writes them), written as they are made, with the
    /// header and byte order mark `options` ask for; cells a spreadsheet would run as formulas
    /// are written as `formulas` says.
    static func csv(header extra: [String], chinese extraChinese: [String], rows: some Sequence<[String]>, options: CSVOptions,
                    formulas: CSVWriter.Formulas, to out: inout StandardOutput) {
        out.write(options.prefix)
        csvRow(options.header(english: fields + extra, chinese: chineseFields + extraChinese), formulas: formulas, to: &out)
        for row in rows { csvRow(row, formulas: formulas, to: &out) }
    }

    /// One record and its CRLF.
    static func csvRow(_ row: [String], formulas: CSVWriter.Formulas, to out: inout StandardOutput) {
        for (i, field) in row.enumerated() {
            if i > 0 { out.write(0x2C) }
            out.write(CSVWriter.field(field, formulas: formulas))
        }
        out.write(0x0D)
        out.write(0x0A)
    }

    /// `2024-12-31`, `2024-12-31 (原 2024-10-31)` for an extension, `2024-12-31 (立行立改)` for a
    /// problem to be put right at once (due on the ledger's date). `immediate` remembers which
    /// target texts say 立行立改, so that a long listing reads each distinct text once.
    static func dueCell(_ item: ScheduleItem, immediate: inout [ScheduleItem.TextKey: Bool]) -> String {
        guard let due = item.due else { return "" }
        guard item.isExtended, let original = item.ledgerDue else {
            let key = item.deadlineTextKey
            let marked = immediate[key] ?? {
                let found = item.deadlineText.map(isImmediate) ?? false
                immediate[key] = found
                return found
            }()
            return marked ? iso(due) + " (立行立改)" : iso(due)
        }
        return iso(due) + " (原 " + iso(original) + ")"
    }

    /// The ledger wrote 立行立改 (or 即知即改 …) as the item's time limit.
    static func isImmediate(_ deadlineText: String) -> Bool {
        DateParser(reference: nil, role: .deadlineField).parse(deadlineText).contains { $0.flags.contains(.immediate) }
    }

    /// `YYYY-MM-DD`, as `CivilDate.description` writes it, without its intermediate strings.
    static func iso(_ d: CivilDate) -> String {
        guard (0...9999).contains(d.year) else { return d.description }
        let digits: [UInt8] = [
            UInt8(48 + d.year / 1000), UInt8(48 + d.year / 100 % 10), UInt8(48 + d.year / 10 % 10), UInt8(48 + d.year % 10), 0x2D,
            UInt8(48 + d.month / 10), UInt8(48 + d.month % 10), 0x2D, UInt8(48 + d.day / 10), UInt8(48 + d.day % 10),
        ]
        return String(decoding: digits, as: UTF8.self)
    }

    static func personCell(_ item: ScheduleItem) -> String {
        switch (item.owner, item.leader) {
        case let (owner?, leader?): owner + " / 领导 " + leader
        case let (owner?, nil): owner
        case let (nil, leader?): "领导 " + leader
        case (nil, nil): ""
        }
    }

    /// A warning when working-day counts rest on years the holiday file does not cover.
    static func coverageWarning(_ calendar: WorkdayCalendar, from: CivilDate?, through: CivilDate) -> String? {
        guard let from, calendar != .plainWeekdays else { return nil }
        let missing = calendar.uncoveredYears(from: from, through: through)
        guard !missing.isEmpty else { return nil }
        let years = missing.map(String.init).joined(separator: ", ")
        return "警告：节假日文件不含 \(years) 年，这些年份的工作日按周一至周五计算 (warning: no holiday data for \(years); working days there are Monday–Friday)"
    }
}

/// Standard output for large listings: the bytes in one write, after anything `print` buffered.
enum Output {
    static func write(_ bytes: [UInt8]) {
        fflush(nil)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(1, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return   // a closed pipe (| head): nothing more to say
                }
                offset += n
            }
        }
    }
}

/// Standard output written in 64 KiB blocks as a listing is made, so that a long listing is
/// never held whole (a 1M-measure `list --format json` is hundreds of megabytes). It flushes
/// what `print` buffered first, and the rest when it goes out of scope.
struct StandardOutput: ~Copyable {
    private var buffer: [UInt8] = []
    private static let block = 1 << 16

    init() {
        fflush(nil)
        buffer.reserveCapacity(Self.block + 4096)
    }

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.block { flush() }
    }

    mutating func write(_ byte: UInt8) {
        buffer.append(byte)
        if buffer.count >= Self.block { flush() }
    }

    mutating func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.block { flush() }
    }

    mutating func flush() {
        Output.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { Output.write(buffer) }
}
