import ChineseDates
import Foundation
import Mail
import Schedule

/// The digest messages of one week: the full digest to the office, and each owner unit's own
/// digest (only its items) to the unit, with its leaders copied where an item has been
/// escalated. Each message's event key is `digest|<week>|<recipient>`, so its Message-ID is the
/// same however often the week's digests are built: the mail queue spools it once.
///
///     let mailing = DigestMailing(agenda: agenda, full: digest, calendar: calendar,
///                                 settings: digestSettings, reminders: reminderSettings,
///                                 book: book, selection: .configured(units: nil))
///     for envelope in mailing.envelopes {
///         try queue.enqueue(try envelope.message(from: sender, date: now))
///     }
public struct DigestMailing: Sendable {
    /// Who a message is for: what, with the week, names it.
    public enum Audience: Hashable, Sendable, CustomStringConvertible {
        /// The rectification office: the full digest.
        case office
        /// One owner unit: its own digest.
        case unit(String)
        /// Addresses given on the command line (`--to`), with the scope they were sent.
        case addresses([String], scope: DigestScope)

        /// The recipient part of the event key: `office`, `unit:中共湾沚区委`, `to:a@x,b@y`.
        public var keyPart: String {
            switch self {
            case .office: return "office"
            case .unit(let name): return "unit:\(name)"
            case let .addresses(list, scope):
                let to = "to:" + list.map { $0.lowercased() }.sorted().joined(separator: ",")
                switch scope {
                case .all: return to
                case .unit(let name): return "\(to)|unit:\(name)"
                case .unitsMatching(let text): return "\(to)|units~\(text)"
                }
            }
        }

        public var description: String {
            switch self {
            case .office: "整改办 (office)"
            case .unit(let name): name
            case .addresses(let list, _): list.joined(separator: ", ")
            }
        }
    }

    /// What recipients are wanted.
    public enum Selection: Hashable, Sendable {
        /// As configured: the office (unless `units` narrows it) and each unit with news.
        /// `units` keeps only owner units whose name is or contains it, and no office digest.
        case configured(units: String?)
        /// One digest to these addresses instead, of every unit or of those matching `units`.
        case addresses([String], units: String?)
    }

    /// One message to be spooled.
    public struct Envelope: Sendable {
        public let audience: Audience
        /// What the message says: the full digest, or the unit's.
        public let digest: Digest
        public let to: [MailAddress]
        public let cc: [MailAddress]
        /// The largest message: fewer items per unit are listed until it fits (``message(from:date:)``).
        public var maxBytes = 1_000_000

        init(audience: Audience, digest: Digest, to: [MailAddress], cc: [MailAddress], maxBytes: Int = 1_000_000) {
            self.audience = audience
            self.digest = digest
            self.to = to
            self.cc = cc
            self.maxBytes = maxBytes
        }

        /// `digest|2024-W47|office`: the Message-ID is derived from it.
        public var eventKey: String { "digest|\(digest.week.identifier)|\(audience.keyPart)" }

        /// `【整改周报】2024年11月18日—24日：逾期14项，两周内到期5项`.
        public var subject: String { DigestWording.subject(digest) }

        /// The message: text and HTML alternatives of the same digest, at most ``maxBytes`` as
        /// spooled (``spooledSize(text:html:)``). Over it, each list shows half as many items per unit, down to counts only
        /// (with the board's links); the heading counts are always the whole.
        public func message(from sender: MailAddress, date: Date) -> OutgoingMessage {
            var headers: [ExtraHeader] = [.xianqi("Digest-Week", digest.week.identifier)]
            if case .unit(let name) = audience { headers.append(.xianqi("Unit", name)) }
            let (text, html, _) = bodies()
            return OutgoingMessage(
                eventKey: eventKey, from: sender, to: to, cc: cc, subject: subject,
                textBody: text, htmlBody: html, extraHeaders: headers, date: date)
        }

        /// About how many bytes the message takes as spooled and sent: both parts base64-encoded
        /// (what Chinese text gets, 4 bytes for 3, in lines of 76 with CRLF), and 4 KiB of
        /// headers and MIME boundaries. Never less than the real size: quoted-printable is
        /// chosen only when shorter.
        public static func spooledSize(text: String, html: String) -> Int {
            func base64(_ n: Int) -> Int {
                let encoded = (n + 2) / 3 * 4
                return encoded + (encoded / 76 + 1) * 2
            }
            return base64(text.utf8.count) + base64(html.utf8.count) + 4096
        }

        /// The text and HTML bodies within ``maxBytes``, and the items per unit they list.
        public func bodies() -> (text: String, html: String, listLimit: Int?) {
            var d = digest
            while true {
                let text = DigestFormat.text.render(d)
                let html = DigestFormat.html.render(d)
                let limit = d.listLimit
                if Self.spooledSize(text: text, html: html) <= maxBytes { return (text, html, limit) }
                if limit != 0 {
                    d.listLimit = (limit ?? d.overdue.map(\.items.count).max() ?? 0) / 2
                } else {
                    // Counts only and still over: fewer rows of the per-unit table, the worst kept.
                    let units = d.unitLimit ?? d.units.count
                    guard units > 10 else { return (text, html, limit) }
                    d.unitLimit = max(10, units / 2)
                }
            }
        }
    }

    /// The messages, the office's first, then units in the digest's order.
    public let envelopes: [Envelope]
    /// Owner units with news whose digest cannot be sent: neither the configuration nor a
    /// ledger row gives them an address.
    public let unaddressed: [String]
    /// The office digest was wanted but `[office] email` is not set.
    public let officeMissing: Bool

    /// Plans the week's messages.
    ///
    /// - Parameters:
    ///   - full: the digest of every unit (or of the units `selection` names), on the day.
    ///   - calendar: for each unit's digest.
    ///   - reminders: the escalation policy, which says from when a leader is copied.
    public init(agenda: Agenda, full: Digest, calendar: WorkdayCalendar, settings: DigestSettings,
                reminders: ReminderSettings, book: DigestAddressBook, selection: Selection) {
        func unitDigest(_ unit: String) -> Digest {
            var digest = Digest(agenda: agenda, asOf: full.asOf, calendar: calendar, timeZone: full.timeZone,
                                lookAhead: full.lookAhead, scope: .unit(unit), notes: full.notes)
            digest.listLimit = full.listLimit
            digest.boardURL = full.boardURL
            return digest
        }
        var envelopes: [Envelope] = []
        var unaddressed: [String] = []
        var officeMissing = false
        switch selection {
        case let .addresses(list, units):
            let scope = units.map(DigestScope.unitsMatching) ?? .all
            envelopes.append(Envelope(audience: .addresses(list, scope: scope), digest: full,
                                      to: list.map { MailAddress($0) }, cc: [], maxBytes: settings.maxBytes))
        case let .configured(units):
            if units == nil {
                if book.office.isEmpty {
                    officeMissing = true
                } else {
                    envelopes.append(Envelope(audience: .office, digest: full,
                                              to: book.office.map { MailAddress($0, displayName: "整改办") }, cc: [],
                                              maxBytes: settings.maxBytes))
                }
            }
            if settings.perUnit || units != nil {
                for summary in full.units {
                    guard let unit = summary.unit, summary.hasNews else { continue }
                    let addresses = book.units[unit] ?? []
                    guard !addresses.isEmpty else {
                        unaddressed.append(unit)
                        continue
                    }
                    let digest = unitDigest(unit)
                    let to = addresses.map { MailAddress($0, displayName: unit) }
                    let cc = settings.ccLeaders
                        ? Self.leaders(of: digest, unit: unit, settings: settings, reminders: reminders, book: book, excluding: addresses)
                        : []
                    envelopes.append(Envelope(audience: .unit(unit), digest: digest, to: to, cc: cc, maxBytes: settings.maxBytes))
                }
            }
        }
        self.envelopes = envelopes
        self.unaddressed = unaddressed
        self.officeMissing = officeMissing
    }

    /// The leaders to copy on a unit's digest: for each item overdue at least as long as its
    /// escalation policy says (`escalate_after`), the ledger's leader of its measure, and the
    /// unit's `[digest.leaders]`. None when nothing has been escalated.
    static func leaders(of digest: Digest, unit: String, settings: DigestSettings, reminders: ReminderSettings,
                        book: DigestAddressBook, excluding to: [String]) -> [MailAddress] {
        var seen = Set(to.map { $0.lowercased() })
        var out: [MailAddress] = []
        var escalated = false
        for o in digest.overdue.flatMap(\.items) {
            let policy = reminders.policy(category: o.item.category, unit: o.item.unit)
            guard let after = policy.escalateAfter, o.days >= after else { continue }
            escalated = true
            guard let leader = book.leaders[o.item.reference.measureID] else { continue }
            for address in leader.addresses where seen.insert(address.lowercased()).inserted {
                out.append(MailAddress(address, displayName: leader.name.map { "责任领导 \($0)" }))
            }
        }
        guard escalated else { return [] }
        for address in settings.leaders[unit] ?? [] where seen.insert(address.lowercased()).inserted {
            out.append(MailAddress(address, displayName: "\(unit) 分管领导"))
        }
        return out
    }
}
