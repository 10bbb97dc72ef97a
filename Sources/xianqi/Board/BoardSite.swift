import Board
import ChineseDates
import Foundation
import Ledger
import Schedule

/// A response of the board before HTTP: status, type and bytes. The server adds the ETag.
struct SiteResponse: Sendable {
    var status: Int
    var contentType: String
    var body: [UInt8]

    static func html(_ text: String, status: Int = 200) -> SiteResponse {
        SiteResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(text.utf8))
    }

    static func json(_ value: JSON, status: Int = 200) -> SiteResponse {
        SiteResponse(status: status, contentType: "application/json; charset=utf-8", body: Array((value.serialized() + "\n").utf8))
    }

    static func error(_ status: Int, _ message: String, api: Bool) -> SiteResponse {
        api ? json(.object([("error", .string(message))]), status: status)
            : html(BoardPages.message(status == 404 ? "未找到" : "出错了", message), status: status)
    }
}

/// What each path of the board serves, from the data as loaded. Paths arrive percent-decoded.
///
///     BoardSite.respond(path: "/unit/区财政局", query: [:], data: data)
///
/// A unit's token (`BoardScope.unit`) sees that unit only: `/` is its page, the API lists its
/// items (a `unit=` naming another is refused), its calendar is served and no other; anything
/// else is 403, and a measure of another unit is 404, as if it did not exist.
enum BoardSite {
    static func respond(path: String, query: [String: String], data: BoardData, scope: BoardScope = .office) -> SiteResponse {
        guard case .unit(let own) = scope else { return respond(path: path, query: query, data: data) }
        let api = path.hasPrefix("/api/")
        if let asked = query["unit"], !asked.isEmpty, asked != own {
            return .error(403, "此令牌只能查看“\(own)” (this token sees one unit only)", api: api)
        }
        switch path {
        case "/", "/index.html", "/unit/" + own:
            return unitPage(own, data)
        case "/healthz":
            return respond(path: path, query: query, data: data)
        case "/api/v1/overdue":
            return overdue(data, unit: own, exact: true)
        case "/api/v1/upcoming":
            return upcoming(query, data, unit: own, exact: true)
        case "/api/v1/measures":
            var q = query
            q["unit"] = own
            return measures(q, data, exact: true)
        case "/api/v1/units":
            return .json(units(data, only: own))
        case "/calendar/" + own + ".ics":
            return unitCalendar(own, data)
        default:
            break
        }
        if let id = path.dropPrefix("/measure/") {
            guard data.agenda.items(ofMeasure: id).contains(where: { $0.unit == own }) else {
                return .error(404, "没有编号为“\(id)”的措施", api: false)
            }
            return respond(path: path, query: query, data: data)
        }
        return .error(403, "此令牌只能查看“\(own)” (this token sees one unit only)", api: api)
    }

    static func respond(path: String, query: [String: String], data: BoardData) -> SiteResponse {
        let api = path.hasPrefix("/api/")
        switch path {
        case "/", "/index.html":
            return .html(BoardPages.index(data.board))
        case "/healthz":
            return SiteResponse(status: 200, contentType: "text/plain; charset=utf-8", body: Array("ok\n".utf8))
        case "/api/v1/overdue":
            guard let unit = unitFilter(query, data) else { return unknownUnit(query, api: true) }
            return overdue(data, unit: unit, exact: false)
        case "/api/v1/upcoming":
            guard let unit = unitFilter(query, data) else { return unknownUnit(query, api: true) }
            return upcoming(query, data, unit: unit, exact: false)
        case "/api/v1/measures":
            return measures(query, data)
        case "/api/v1/units":
            return .json(units(data))
        case "/calendar/all.ics":
            return ics(name: "整改事项", items: data.board.items, data: data)
        default:
            break
        }
        if let name = path.dropPrefix("/unit/") { return unitPage(name, data) }
        if let id = path.dropPrefix("/measure/") {
            let items = data.agenda.items(ofMeasure: id)
            guard let first = items.first else { return .error(404, "没有编号为“\(id)”的措施", api: false) }
            let byKey = Dictionary(data.board.items.map { ($0.item.reference.key, $0) }, uniquingKeysWith: { a, _ in a })
            let entries = items.compactMap { byKey[$0.reference.key] ?? Self.entry($0, data) }
            return .html(BoardPages.measure(entries, history: data.agenda.history(of: first.reference), board: data.board,
                                            timeZone: data.reminders.timeZone))
        }
        if let file = path.dropPrefix("/calendar/"), file.hasSuffix(".ics") { return unitCalendar(String(file.dropLast(4)), data) }
        return .error(404, "没有这个页面: \(path)", api: api)
    }

    /// `/api/v1/overdue`; `exact`: only the items of `unit` named in full (a unit's token), not
    /// the CLI's `--unit`, which also matches a part of a name.
    static func overdue(_ data: BoardData, unit: String?, exact: Bool) -> SiteResponse {
        let found = data.agenda.overdue(asOf: data.today, calendar: data.calendar, unit: unit).filter { !exact || $0.item.unit == unit }
        return .json(Overdue.json(found, asOf: data.today))
    }

    /// `/api/v1/upcoming?within=…`, `exact` as for `overdue`.
    static func upcoming(_ query: [String: String], _ data: BoardData, unit: String?, exact: Bool) -> SiteResponse {
        let within = query["within"].map { LookAhead($0) } ?? .days(14)
        guard let within else { return .error(400, "within 应为 14d、2w 或 10workdays (expected 14d, 2w or 10workdays)", api: true) }
        let last = within.lastDay(after: data.today, calendar: data.calendar)
        let found = data.agenda.upcoming(asOf: data.today, through: last, calendar: data.calendar, unit: unit)
            .filter { !exact || $0.item.unit == unit }
        return .json(Upcoming.json(found, asOf: data.today, through: last))
    }

    static func unitPage(_ name: String, _ data: BoardData) -> SiteResponse {
        guard let row = data.board.unit(named: name) else { return .error(404, "没有名为“\(name)”的责任单位", api: false) }
        return .html(BoardPages.unit(row, board: data.board))
    }

    static func unitCalendar(_ name: String, _ data: BoardData) -> SiteResponse {
        guard let row = data.board.unit(named: name) else { return .error(404, "没有名为“\(name)”的责任单位", api: false) }
        return ics(name: "整改事项 — " + name, items: row.items, data: data)
    }

    /// A milestone that coincides with its measure is not on the board; its measure page still shows it.
    /// Not inlined: inlined into `respond`, Swift 6.3.1's optimiser (CopyPropagation) failed its
    /// own ownership check on the item and crashed the release build.
    @inline(never)
    static func entry(_ item: ScheduleItem, _ data: BoardData) -> BoardItem {
        let policy = data.reminders.policy(category: item.category, unit: item.unit)
        return BoardItem(item: item, colour: Colour.of(item, today: data.today, calendar: data.calendar, policy: policy,
                                                       yellowWithin: data.board.yellowWithin),
                         daysLeft: item.due.map { $0.days(since: data.today) },
                         workdaysLeft: item.due.map { data.calendar.workdays(from: data.today, to: $0) })
    }

    /// `unit=` as the CLI's `--unit`: nil (no filter) stays `.some(nil)`; a unit no ledger names is nil.
    static func unitFilter(_ query: [String: String], _ data: BoardData) -> String?? {
        guard let unit = query["unit"], !unit.isEmpty else { return .some(nil) }
        return data.knownUnits.contains { $0 == unit || $0.contains(unit) } ? .some(unit) : nil
    }

    static func unknownUnit(_ query: [String: String], api: Bool) -> SiteResponse {
        .error(404, "未知责任单位 “\(query["unit"] ?? "")” (unknown unit)", api: api)
    }

    /// The shape of `xianqi list --format json`, with its filters.
    /// `exact`: the unit named in full (a unit's token), not as a part of a name.
    static func measures(_ query: [String: String], _ data: BoardData, exact: Bool = false) -> SiteResponse {
        guard let unitOption = unitFilter(query, data) else { return unknownUnit(query, api: true) }
        var status: Status?
        if let s = query["status"], !s.isEmpty {
            guard let parsed = Status(parsing: s) else {
                return .error(400, "未知状态 (unknown status) “\(s)”; 可用: \(Status.acceptedWords.joined(separator: "、"))", api: true)
            }
            status = parsed
        }
        var before: CivilDate?
        if let d = query["due_before"], !d.isEmpty {
            guard let parsed = try? DateOption.parse(d) else { return .error(400, "due_before 不是日期 (not a date): \(d)", api: true) }
            before = parsed
        }
        let selected = data.measures.filter { m in
            (unitOption.map { u in exact ? m.unit == u : m.unit?.contains(u) ?? false } ?? true)
                && (status.map { $0 == m.status } ?? true)
                && (before.map { d in m.due.map { $0 < d } ?? false } ?? true)
        }
        return .json(.array(selected.map(\.json)))
    }

    /// `/api/v1/units`: the board's rows, worst first (`only`: one unit's row, its totals).
    static func units(_ data: BoardData, only: String? = nil) -> JSON {
        func counts(_ c: BoardCounts) -> [(String, JSON)] {
            [("red", .int(c.red)), ("yellow", .int(c.yellow)), ("blue", .int(c.blue)),
             ("done_this_week", .int(c.doneThisWeek)), ("extended", .int(c.extended)), ("long_term", .int(c.longTerm)),
             ("open", .int(c.open)), ("total", .int(c.total)), ("due_so_far", .int(c.dueSoFar)),
             ("done_on_time", .int(c.doneOnTime)),
             ("on_time_rate", c.onTimeRate.map { .string(String(format: "%.4f", $0)) } ?? .null)]
        }
        let rows = data.board.units.filter { row in only.map { row.unit == $0 } ?? true }
        return .object([
            ("as_of", .string(data.today.description)),
            ("count", .int(rows.count)),
            ("totals", .object(counts(only == nil ? data.board.counts : rows.first?.counts ?? BoardCounts()))),
            ("units", .array(rows.map { row in
                .object([("unit", .string(row.unit)),
                         ("worst", row.worst.map { .string($0.colour.name) } ?? .null),
                         ("worst_id", row.worst.map { .string($0.item.reference.shortForm) } ?? .null)]
                        + counts(row.counts))
            })),
        ])
    }

    static func ics(name: String, items: [BoardItem], data: BoardData) -> SiteResponse {
        let text = ICalendar.feed(name: name, items: items, reminders: data.reminders, calendar: data.calendar, stamp: data.loadedAt)
        return SiteResponse(status: 200, contentType: "text/calendar; charset=utf-8", body: Array(text.utf8))
    }
}

extension String {
    /// The rest after `prefix`, when the string starts with it and something follows.
    func dropPrefix(_ prefix: String) -> String? {
        guard hasPrefix(prefix), count > prefix.count else { return nil }
        return String(dropFirst(prefix.count))
    }
}
