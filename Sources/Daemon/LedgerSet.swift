import ChineseDates
import Foundation
import Ledger
import Workspace

/// The ledgers the daemon holds, each with the fingerprint of the bytes it was read from, so
/// that a reload reads again only the files whose content changed.
///
/// What was read from a file depends on more than its bytes: the prefix the configuration
/// gives its ids, the addresses of its `[units]`, the day relative deadlines ("年底前") are read
/// against. So the set also keeps its ``Basis`` — the configuration file's fingerprint and the
/// reference day — and a different basis reads every ledger again (a full reload).
struct LedgerSet: Sendable {
    struct Basis: Hashable, Sendable {
        let configuration: ContentFingerprint?
        let reference: CivilDate
    }

    /// One file as read: the ledger (ids prefixed), the fingerprint of exactly the bytes it
    /// was read from, and the row where each id (by its pool id in the ledger's table) first occurs.
    struct Entry: Sendable {
        let path: String
        let prefix: String?
        let fingerprint: ContentFingerprint
        let ledger: Ledger
        let firstIndex: [UInt32: Int]

        /// The row of the first measure with this id.
        func row(of id: String) -> Int? {
            ledger.table.poolID(of: id).flatMap { firstIndex[$0] }
        }
    }

    let basis: Basis
    /// In the configuration's order (which decides which of two equal ids wins).
    let entries: [Entry]
    /// The distinct measure ids across all ledgers.
    let measureCount: Int
    /// The configuration's `[units]` addresses, filled into a measure where its ledger gives none.
    let unitEmails: [String: [String]]

    var ledgers: [Ledger] { entries.map(\.ledger) }

    /// The first measure with this id, in ledger order, with its unit's addresses.
    func measure(id: String) -> Measure? {
        for entry in entries {
            if let i = entry.row(of: id) { return Workspace.withUnitAddresses(entry.ledger.table[i], from: unitEmails) }
        }
        return nil
    }

    /// The issues of the ledgers at `paths` (those just read), and the ids they share with
    /// the other ledgers, as ``Workspace/issues(of:)`` words them — without going through
    /// the measures of the ledgers kept (a tenth of a reload at 100 000 measures).
    func issues(ofRead paths: [String]) -> [LedgerIssue] {
        let read = Set(paths)
        let fresh = entries.indices.filter { read.contains(entries[$0].path) }
        var out = Workspace.issues(of: fresh.map { entries[$0].ledger })
        for k in fresh {
            let entry = entries[k]
            for (other, kept) in entries.enumerated() where other != k && !read.contains(kept.path) {
                for (id, i) in entry.firstIndex {
                    let text = entry.ledger.table.poolString(id) ?? ""
                    guard let j = kept.row(of: text) else { continue }
                    // The later of the two first occurrences is the duplicate.
                    let (dup, first) = other < k ? ((entry.ledger.table, i), (kept.ledger.table, j))
                        : ((kept.ledger.table, j), (entry.ledger.table, i))
                    out.append(Workspace.duplicateID(text, at: dup.0.source(dup.1), firstAt: first.0.source(first.1)))
                }
            }
        }
        return out
    }

    /// What one load did: the files read (their paths as the configuration names them), the
    /// files kept from the previous set, and the files that could not be read — of which
    /// `stale` are held as last read (the last good copy), the others left out.
    struct Report: Sendable {
        var read: [String] = []
        var kept: [String] = []
        var unreadable: [LedgerReadError] = []
        var stale: [String] = []
        var full = false
    }

    /// Reads the ledgers `config` names, keeping from `previous` every one whose bytes, prefix
    /// and basis are the same. Every file is fingerprinted on every load (a few milliseconds
    /// for 20 MB): inotify only says when to look, and a fingerprint also catches what an
    /// event can miss (a queue overflow, a file behind a symbolic link, a write between the
    /// event and the read).
    static func load(_ config: Configuration, day: CivilDate, previous: LedgerSet?) -> (LedgerSet, Report) {
        let reference = config.reference ?? day
        let basis = Basis(configuration: ContentFingerprint(contentsOf: config.path), reference: reference)
        let reusable = previous.flatMap { $0.basis == basis && basis.configuration != nil ? $0 : nil }
        var report = Report(full: reusable == nil)
        var kept: [String: Entry] = [:]
        for entry in reusable?.entries ?? [] { kept[entry.path] = entry }
        // Only errors are logged: warnings are not made at all (a large ledger has one on most rows).
        let reader = LedgerReader(reference: reference, keepsWarnings: false)
        let (files, unmatched) = config.ledgerFiles()
        report.unreadable = unmatched.map(Workspace.unmatchedPattern(in: config))
        var entries: [Entry] = []
        for (path, prefix) in files {
            if let old = kept[path], old.prefix == prefix,
               ContentFingerprint(contentsOf: path) == old.fingerprint {
                entries.append(old)
                report.kept.append(path)
                continue
            }
            do {
                entries.append(try read(path, prefix: prefix, reader: reader, config: config))
                report.read.append(path)
            } catch {
                // A file being saved, emptied or broken: its last good copy is kept (with the
                // same prefix), whatever else changed, rather than dropping its measures.
                report.unreadable.append(error)
                if let old = previous?.entries.first(where: { $0.path == path && $0.prefix == prefix }) {
                    entries.append(old)
                    report.stale.append(path)
                }
            }
        }
        return (LedgerSet(basis: basis, entries: entries, unitEmails: config.unitEmails), report)
    }

    init(basis: Basis, entries: [Entry], unitEmails: [String: [String]]) {
        self.basis = basis
        self.entries = entries
        self.unitEmails = unitEmails
        var count = 0
        for (k, entry) in entries.enumerated() {
            // Ids of later ledgers that an earlier one has already are one measure (the first).
            count += k == 0 ? entry.firstIndex.count
                : entry.firstIndex.keys.count { id in
                    let text = entry.ledger.table.poolString(id) ?? ""
                    return !entries[..<k].contains { $0.row(of: text) != nil }
                }
        }
        measureCount = count
    }

    /// Reads the file into memory (not mapped: an in-place write must not change the bytes
    /// under the parser) and fingerprints exactly those bytes.
    private static func read(_ path: String, prefix: String?, reader: LedgerReader, config: Configuration) throws(LedgerReadError) -> Entry {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            // The reader words the reason (no such file, a directory, unreadable).
            _ = try reader.read(contentsOf: path)
            throw LedgerReadError(file: path, reason: "无法读取 (\((error as NSError).localizedDescription))")
        }
        let ledger = Workspace.readLedger(try reader.read(data, path: path), prefix: prefix)
        var firstIndex: [UInt32: Int] = [:]
        firstIndex.reserveCapacity(ledger.table.count)
        for i in ledger.table.indices where firstIndex[ledger.table.idID(i)] == nil {
            firstIndex[ledger.table.idID(i)] = i
        }
        return Entry(path: path, prefix: prefix, fingerprint: ContentFingerprint(data), ledger: ledger, firstIndex: firstIndex)
    }
}
