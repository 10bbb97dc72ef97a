import Board
import ChineseDates
import Foundation
import Ledger
import Schedule
import StatePostgres
import Synchronization
import Workspace

/// Everything the board serves, loaded once per change of the ledgers, the state or the day:
/// the same loading as `overdue`/`upcoming`/`list` (``ScheduleContext``), kept as values.
struct BoardData: Sendable {
    let agenda: Agenda
    let measures: [Measure]
    let reminders: ReminderSettings
    let calendar: WorkdayCalendar
    let today: CivilDate
    let board: BoardModel
    let unreadable: Int
    /// When it was loaded: the feeds' DTSTAMP.
    let loadedAt: Date
    /// Unit names of the ledgers and of `[units]`, for the filters' check.
    let knownUnits: Set<String>

    init(_ context: ScheduleContext, settings: BoardSettings) {
        agenda = context.agenda
        measures = context.workspace.measures
        reminders = context.settings
        calendar = context.calendar
        today = context.today
        board = BoardModel(agenda: context.agenda, today: context.today, calendar: context.calendar,
                           reminders: context.settings, board: settings)
        unreadable = context.workspace.unreadable.count
        loadedAt = context.now
        knownUnits = Set(context.agenda.items.compactMap(\.unit)).union(context.workspace.configuration.unitEmails.keys)
    }
}

/// The data behind the board, read again when a ledger, the configuration, the state database
/// or the day changes. Each request checks a key: the configuration's bytes, each ledger's
/// path and content hash (``LedgerFingerprint``), the state database's (and its WAL's) size
/// and modification time — with `state` on PostgreSQL, the trail's head on the server
/// (``StateStoring/trailHead()``: a `done` on another host moves it) — and the day. Hashing is
/// a few milliseconds for 20 MB of ledgers; loading again happens only when the key moves.
final class BoardSource: Sendable {
    private struct Cached {
        var key: [UInt64]
        var data: BoardData
        /// Responses rendered from `data`, by path and query: dropped with it.
        var responses: [String: SiteResponse] = [:]
    }

    /// Enough for every page of a large office; past it the rendered responses start over.
    static let responseLimit = 512

    private let options: WorkspaceOptions
    private let state: StateOptions
    private let settings: BoardSettings
    private let cache: Mutex<Cached?>
    /// The server's store, kept open between requests, with the URL it was opened for.
    private let server = Mutex<(url: String, store: any StateStoring)?>(nil)

    init(options: WorkspaceOptions, state: StateOptions, settings: BoardSettings) {
        self.options = options
        self.state = state
        self.settings = settings
        self.cache = Mutex(nil)
    }

    /// The data as of now: the cached copy when nothing changed, else loaded afresh. When a
    /// reload fails (a configuration saved half-way), the last good copy is served.
    func current() throws -> BoardData {
        try cache.withLock { cached in
            let key = currentKey()
            if let cached, let key, cached.key == key { return cached.data }
            do {
                let context = try ScheduleContext.load(options, state, writable: false)
                let data = BoardData(context, settings: settings)
                // A key taken before the load: a change during the load is seen by the next request.
                if let key { cached = Cached(key: key, data: data) } else { cached = nil }
                return data
            } catch {
                if let cached { return cached.data }
                throw error
            }
        }
    }

    /// The response for `request` (path and query), rendered once per load of the data.
    func response(for request: String, render: (BoardData) -> SiteResponse) throws -> SiteResponse {
        let data = try current()
        return cache.withLock { cached in
            guard cached?.data.loadedAt == data.loadedAt else { return render(data) }
            if let hit = cached?.responses[request] { return hit }
            let made = render(data)
            if (cached?.responses.count ?? 0) >= Self.responseLimit { cached?.responses = [:] }
            cached?.responses[request] = made
            return made
        }
    }

    /// The key of what the board shows; nil when the configuration cannot be read.
    private func currentKey() -> [UInt64]? {
        guard let text = try? String(contentsOfFile: options.config, encoding: .utf8),
              let config = try? Configuration(parsing: text, path: options.config) else { return nil }
        var key: [UInt64] = [Self.fnv(Array(text.utf8))]
        let today = options.asOf ?? config.today ?? CivilDate(Date(), in: config.timeZone)
        key.append(UInt64(bitPattern: Int64(today.dayNumber)))
        let (files, unmatched) = config.ledgerFiles()
        key.append(Self.fnv(Array(unmatched.joined(separator: "\n").utf8)))
        guard let ledgers = LedgerFingerprint(ledgers: files, reference: config.reference ?? today) else { return nil }
        key.append(ledgers.value)
        if let setting = config.state.postgresql {
            // Unreachable: the key stays, and the copy loaded last is served.
            key.append(UInt64(bitPattern: trailHead(setting) ?? 0))
            return key + holidaysKey(config)
        }
        let directory = state.stateDirectory ?? config.resolve(config.stateDirectory)
        for name in ["state.sqlite", "state.sqlite-wal"] {
            var st = stat()
            let path = (directory as NSString).appendingPathComponent(name)
            if stat(path, &st) == 0 {
                key += [UInt64(bitPattern: Int64(st.st_size)), UInt64(bitPattern: Int64(st.st_mtim.tv_sec)),
                        UInt64(bitPattern: Int64(st.st_mtim.tv_nsec)), UInt64(st.st_ino)]
            } else {
                key.append(0)
            }
        }
        return key + holidaysKey(config)
    }

    private func holidaysKey(_ config: Configuration) -> [UInt64] {
        (try? Data(contentsOf: URL(fileURLWithPath: config.holidayFilePath))).map { [Self.fnv(Array($0))] } ?? []
    }

    /// The trail's head on the server; the store is opened once and again after a failure.
    private func trailHead(_ setting: PostgreSQLState) -> Int64? {
        server.withLock { open in
            let url = setting.url
            if open?.url != url { open = nil }
            if open == nil, let store = try? ConfiguredState.openPostgreSQL(setting) { open = (url, store) }
            guard let store = open?.store else { return nil }
            do {
                return try store.trailHead()
            } catch {
                open = nil
                return nil
            }
        }
    }

    static func fnv(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
