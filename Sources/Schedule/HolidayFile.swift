import ChineseDates
import Foundation
import TOMLKit

/// The official holiday arrangements file, `holidays-cn.toml`, loaded and checked.
///
/// The file has one table per notice year and one sub-table per festival; its header comment
/// documents the schema. Loading checks every value and builds a ``WorkdayCalendar``; any error
/// names the file, the key path (`2024.春节.off`) and the offending value.
///
///     let file = try HolidayFile(contentsOfFile: HolidayFile.defaultPath)
///     file.calendar.nextWorkday(onOrAfter: CivilDate("2024-10-05")!)   // 2024-10-08
///     file.notices.last?.title   // "国务院办公厅关于2026年部分节假日安排的通知"
public struct HolidayFile: Hashable, Sendable {
    /// Where an installed xianqi looks for the file unless told otherwise.
    public static let defaultPath = "/etc/xianqi/holidays-cn.toml"

    /// The path it was read from, or the name given to a string parsed by ``init(parsing:path:)``.
    public let path: String
    /// One notice per year, ascending.
    public let notices: [HolidayNotice]
    /// Working days under all the notices.
    public let calendar: WorkdayCalendar

    /// Reads and checks the file at `path` (by default ``defaultPath``).
    public init(contentsOfFile path: String = HolidayFile.defaultPath) throws(HolidayFileError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: Self.reason(error))
        }
        try self.init(parsing: text, path: path)
    }

    /// Checks a whole file's text; `path` only names it in error messages.
    public init(parsing text: String, path: String = "<string>") throws(HolidayFileError) {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            // TOML 1.0 has no non-ASCII bare keys, and an unquoted festival name is the likeliest slip.
            let hint = error.description.contains("bare key")
                ? ";节日名须加引号,如 [2024.\"春节\"] (festival names must be quoted)" : ""
            throw .syntax(path: path, line: error.source.begin.line, column: error.source.begin.column,
                          message: error.description + hint)
        } catch {
            throw .syntax(path: path, line: 0, column: 0, message: "\(error)")
        }

        let notices = try Reader(path: path).notices(in: root)
        let calendar: WorkdayCalendar
        do {
            calendar = try WorkdayCalendar(
                holidays: notices.flatMap { notice in
                    notice.festivals.map { .init(festival: $0.name, year: notice.year, days: $0.off) }
                },
                makeupWorkdays: notices.flatMap { notice in
                    notice.festivals.flatMap { festival in
                        festival.work.map { .init(date: $0, festival: festival.name, year: notice.year) }
                    }
                })
        } catch {
            throw .inconsistent(path: path, keys: Self.keys(for: error, in: notices), error)
        }
        self.path = path
        self.notices = notices
        self.calendar = calendar
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }

    /// The key paths in the file that a calendar error is about.
    private static func keys(for error: WorkdayCalendarError, in notices: [HolidayNotice]) -> [String] {
        func key(_ origin: WorkdayCalendarError.Origin, _ field: String) -> String {
            "\(origin.year).\(origin.festival).\(field)"
        }
        switch error {
        case let .holidayIsMakeupWorkday(_, holiday, makeup): return [key(holiday, "off"), key(makeup, "work")]
        case let .makeupWorkdayNotOnWeekend(_, origin): return [key(origin, "work")]
        case let .overlappingHolidays(_, first, second): return [key(first, "off"), key(second, "off")]
        case let .duplicateMakeupWorkday(_, first, second): return [key(first, "work"), key(second, "work")]
        case let .outsideNoticeYear(date, origin):
            let arrangement = notices.first { $0.year == origin.year }?
                .festivals.first { $0.name == origin.festival }
            return [key(origin, arrangement?.work.contains(date) == true ? "work" : "off")]
        }
    }
}

/// One year's notice: 「国务院办公厅关于YYYY年部分节假日安排的通知」.
public struct HolidayNotice: Hashable, Sendable {
    /// The year the notice arranges.
    public let year: Int
    public let title: String
    /// The document number (发文字号), e.g. `国办发明电〔2023〕7号`, when it has one.
    public let document: String?
    /// The date the notice bears.
    public let published: CivilDate
    /// Where the data was checked.
    public let sources: [String]
    public let note: String?
    /// Later notices that changed this year's arrangement (2020: the Spring Festival extension).
    public let amendments: [Amendment]
    /// The festivals, ordered by first day off.
    public let festivals: [FestivalArrangement]

    /// A later notice that changed the year's arrangement.
    public struct Amendment: Hashable, Sendable {
        public let title: String
        public let document: String?
        public let published: CivilDate
        public let note: String?
    }
}

/// One item of a notice: a festival's days off and its make-up working days.
public struct FestivalArrangement: Hashable, Sendable {
    /// `春节`, or a combined block as the notice writes it (`国庆节、中秋节`).
    public let name: String
    /// The days off, inclusive.
    public let off: DayRange
    /// The Saturdays and Sundays worked in exchange (调休上班), ascending.
    public let work: [CivilDate]
    /// Make-up days a later notice cancelled; they are not working days.
    public let cancelledWork: [CivilDate]
    public let note: String?

    /// The seven public festivals of 《全国年节及纪念日放假办法》, in calendar order.
    public static let festivals = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]

    /// The single festivals a name stands for: `国庆节、中秋节` → [国庆节, 中秋节].
    public var festivals: [String] {
        name.split(separator: "、").map(String.init)
    }
}

/// Why a holiday file could not be used. Messages are in Chinese with English in parentheses.
public enum HolidayFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The text is not valid TOML.
    case syntax(path: String, line: Int, column: Int, message: String)
    /// A required key is absent.
    case missing(path: String, key: String)
    /// A key's value is of the wrong type or out of range. `expected` is already bilingual.
    case invalid(path: String, key: String, value: String, expected: String)
    /// A key the schema does not know (often a typo).
    case unknownKey(path: String, key: String)
    /// The values are well-formed but contradict each other.
    case inconsistent(path: String, keys: [String], WorkdayCalendarError)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            "\(path): 无法读取节假日文件 (cannot read the holiday file): \(reason)"
        case let .syntax(path, line, column, message):
            "\(path):\(line):\(column): TOML 语法错误 (TOML syntax error): \(message)"
        case let .missing(path, key):
            "\(path): 缺少 \(key) (missing key \(key))"
        case let .invalid(path, key, value, expected):
            "\(path): \(key) 的值 \(value) 无效:\(expected)"
        case let .unknownKey(path, key):
            "\(path): 未知的键 \(key),请检查拼写 (unknown key \(key); check the spelling)"
        case let .inconsistent(path, keys, error):
            "\(path): \(keys.joined(separator: ", ")): \(error)"
        }
    }
}

// MARK: - Reading the TOML tree

/// Walks the parsed tree, turning each value into a typed one or a ``HolidayFileError``.
private struct Reader {
    let path: String

    func notices(in root: TOMLTable) throws(HolidayFileError) -> [HolidayNotice] {
        var notices: [HolidayNotice] = []
        for key in root.keys {
            guard key.count == 4, key.allSatisfy(\.isASCII), let year = Int(key), (1949...9999).contains(year)
            else {
                throw .invalid(path: path, key: key, value: quoted(key),
                               expected: "顶层的键应为四位年份,如 [2024] (top-level keys must be years such as [2024])")
            }
            guard let table = root[key]?.table else {
                throw invalid(key, root[key], "应为表 [\(key)] (expected a table [\(key)])")
            }
            notices.append(try notice(year: year, table))
        }
        if notices.isEmpty {
            throw .missing(path: path, key: "[YYYY]")
        }
        return notices.sorted { $0.year < $1.year }
    }

    private func notice(year: Int, _ table: TOMLTable) throws(HolidayFileError) -> HolidayNotice {
        let prefix = "\(year)"
        let fields: Set = ["title", "document", "published", "sources", "note", "amendments"]
        var festivals: [FestivalArrangement] = []
        var seen: [String: String] = [:]  // single festival → key it appeared under
        for key in table.keys where !fields.contains(key) {
            let keyPath = "\(prefix).\(key)"
            guard let sub = table[key]?.table else {
                if key.allSatisfy(\.isASCII) { throw .unknownKey(path: path, key: keyPath) }
                throw invalid(keyPath, table[key], "应为节日表 [\(prefix).\"\(key)\"] (expected a festival table)")
            }
            let arrangement = try festival(name: key, keyPath: keyPath, sub)
            for single in arrangement.festivals {
                if let other = seen[single] {
                    throw .invalid(path: path, key: keyPath, value: quoted(key),
                                   expected: "\(single) 已出现在 \(prefix).\(other) 中 (\(single) already appears under \(prefix).\(other))")
                }
                seen[single] = key
            }
            festivals.append(arrangement)
        }
        if festivals.isEmpty {
            throw .missing(path: path, key: "\(prefix).<节日>")
        }

        let published = try date(in: table, "published", prefix)
        guard (year - 1...year).contains(published.year) else {
            throw .invalid(path: path, key: "\(prefix).published", value: "\(published)",
                           expected: "发布日期应在\(year - 1)年或\(year)年 (a notice for \(year) is published in \(year - 1) or \(year))")
        }
        return HolidayNotice(
            year: year,
            title: try string(in: table, "title", prefix),
            document: try optionalString(in: table, "document", prefix),
            published: published,
            sources: try strings(in: table, "sources", prefix),
            note: try optionalString(in: table, "note", prefix),
            amendments: try amendments(in: table, prefix),
            festivals: festivals.sorted { $0.off.start < $1.off.start })
    }

    private func amendments(in table: TOMLTable, _ prefix: String) throws(HolidayFileError) -> [HolidayNotice.Amendment] {
        guard let value = table["amendments"] else { return [] }
        let keyPath = "\(prefix).amendments"
        guard let array = value.array else {
            throw invalid(keyPath, value, "应为 [[\(keyPath)]] 表数组 (expected an array of tables [[\(keyPath)]])")
        }
        var result: [HolidayNotice.Amendment] = []
        for (index, element) in array.enumerated() {
            let itemPath = "\(keyPath)[\(index)]"
            guard let item = element.table else {
                throw invalid(itemPath, element, "应为表 (expected a table)")
            }
            try rejectUnknownKeys(item, allowed: ["title", "document", "published", "note"], itemPath)
            result.append(.init(
                title: try string(in: item, "title", itemPath),
                document: try optionalString(in: item, "document", itemPath),
                published: try date(in: item, "published", itemPath),
                note: try optionalString(in: item, "note", itemPath)))
        }
        return result
    }

    private func festival(name: String, keyPath: String, _ table: TOMLTable) throws(HolidayFileError) -> FestivalArrangement {
        let parts = name.split(separator: "、", omittingEmptySubsequences: false).map(String.init)
        let known = FestivalArrangement.festivals
        guard parts.allSatisfy(known.contains), Set(parts).count == parts.count else {
            throw .invalid(path: path, key: keyPath, value: quoted(name),
                           expected: "节日名应为 \(known.joined(separator: " ")) 之一,合并放假用“、”连接,如 \"国庆节、中秋节\""
                               + " (a festival must be one of the seven names, or several joined by 、)")
        }
        try rejectUnknownKeys(table, allowed: ["off", "work", "cancelled_work", "note"], keyPath)

        guard let offValue = table["off"] else { throw .missing(path: path, key: "\(keyPath).off") }
        let off = try dayRange(offValue, "\(keyPath).off")
        let work = try dates(in: table, "work", keyPath)
        let cancelled = try dates(in: table, "cancelled_work", keyPath)
        for day in cancelled where work.contains(day) {
            throw .invalid(path: path, key: "\(keyPath).cancelled_work", value: "\(day)",
                           expected: "已取消的调休上班日不能同时列在 work 中 (a cancelled make-up day cannot also be listed under work)")
        }
        return FestivalArrangement(
            name: name, off: off, work: work.sorted(), cancelledWork: cancelled.sorted(),
            note: try optionalString(in: table, "note", keyPath))
    }

    // MARK: Values

    private func dayRange(_ value: any TOMLValueConvertible, _ keyPath: String) throws(HolidayFileError) -> DayRange {
        if let single = civilDate(value) { return .day(single) }
        let expected = "应为日期或 { from = YYYY-MM-DD, to = YYYY-MM-DD } (expected a date or { from = …, to = … })"
        guard let table = value.table else { throw invalid(keyPath, value, expected) }
        try rejectUnknownKeys(table, allowed: ["from", "to"], keyPath)
        let from = try date(in: table, "from", keyPath)
        let to = try date(in: table, "to", keyPath)
        guard from <= to else {
            throw invalid(keyPath, value, "结束日期早于开始日期 (expected from ≤ to: to is before from)")
        }
        return DayRange(start: from, end: to)
    }

    private func date(in table: TOMLTable, _ key: String, _ prefix: String) throws(HolidayFileError) -> CivilDate {
        let keyPath = "\(prefix).\(key)"
        guard let value = table[key] else { throw .missing(path: path, key: keyPath) }
        guard let date = civilDate(value) else {
            throw invalid(keyPath, value, "应为日期 YYYY-MM-DD (expected a date YYYY-MM-DD)")
        }
        return date
    }

    private func dates(in table: TOMLTable, _ key: String, _ prefix: String) throws(HolidayFileError) -> [CivilDate] {
        let keyPath = "\(prefix).\(key)"
        guard let value = table[key] else { return [] }
        guard let array = value.array else {
            throw invalid(keyPath, value, "应为日期数组 [YYYY-MM-DD, …] (expected an array of dates)")
        }
        var result: [CivilDate] = []
        for (index, element) in array.enumerated() {
            guard let date = civilDate(element) else {
                throw invalid("\(keyPath)[\(index)]", element, "应为日期 YYYY-MM-DD (expected a date YYYY-MM-DD)")
            }
            result.append(date)
        }
        return result
    }

    /// A TOML local date, or a string in `YYYY-MM-DD` form.
    private func civilDate(_ value: any TOMLValueConvertible) -> CivilDate? {
        if let date = value.date { return CivilDate(year: date.year, month: date.month, day: date.day) }
        if let text = value.string { return CivilDate(text) }
        return nil
    }

    private func string(in table: TOMLTable, _ key: String, _ prefix: String) throws(HolidayFileError) -> String {
        guard let text = try optionalString(in: table, key, prefix) else {
            throw .missing(path: path, key: "\(prefix).\(key)")
        }
        return text
    }

    private func optionalString(in table: TOMLTable, _ key: String, _ prefix: String) throws(HolidayFileError) -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw invalid("\(prefix).\(key)", value, "应为非空字符串 (expected a non-empty string)")
        }
        return text
    }

    private func strings(in table: TOMLTable, _ key: String, _ prefix: String) throws(HolidayFileError) -> [String] {
        let keyPath = "\(prefix).\(key)"
        guard let value = table[key] else { return [] }
        guard let array = value.array else {
            throw invalid(keyPath, value, "应为字符串数组 (expected an array of strings)")
        }
        var result: [String] = []
        for (index, element) in array.enumerated() {
            guard let text = element.string else {
                throw invalid("\(keyPath)[\(index)]", element, "应为字符串 (expected a string)")
            }
            result.append(text)
        }
        return result
    }

    private func rejectUnknownKeys(_ table: TOMLTable, allowed: Set<String>, _ prefix: String) throws(HolidayFileError) {
        if let unknown = table.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .unknownKey(path: path, key: "\(prefix).\(unknown)")
        }
    }

    private func invalid(_ keyPath: String, _ value: (any TOMLValueConvertible)?, _ expected: String) -> HolidayFileError {
        .invalid(path: path, key: keyPath, value: value.map(render) ?? "(无)", expected: expected)
    }

    /// The value as TOML would write it, on one line.
    private func render(_ value: any TOMLValueConvertible) -> String {
        if let text = value.string { return quoted(text) }
        if let date = value.date { return CivilDate(year: date.year, month: date.month, day: date.day)?.description ?? value.debugDescription }
        return value.debugDescription.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    private func quoted(_ text: String) -> String { "\"\(text)\"" }
}
