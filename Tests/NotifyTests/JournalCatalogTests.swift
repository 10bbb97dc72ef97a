import Foundation
import Notify
import NotifyTestSupport
import Testing

/// Units/xianqi.catalog must explain exactly the MESSAGE_IDs that EventKind sends.
@Suite("Journal catalog")
struct JournalCatalogTests {
    static let catalogPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Units/xianqi.catalog").path

    struct Entry {
        var id: String
        var headers: [String: String]
        var body: String
    }

    /// Splits the catalog at `-- <id>` lines into header block and body text.
    static func entries() throws -> [Entry] {
        let text = try String(contentsOfFile: catalogPath, encoding: .utf8)
        var entries: [Entry] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- ") {
                entries.append(Entry(id: String(line.dropFirst(3)), headers: [:], body: ""))
            } else if !entries.isEmpty {
                let index = entries.count - 1
                if entries[index].body.isEmpty, let colon = line.firstIndex(of: ":"), !line.hasPrefix(" ") {
                    entries[index].headers[String(line[..<colon])] = line[line.index(after: colon)...]
                        .trimmingCharacters(in: .whitespaces)
                } else if !line.hasPrefix("#") {
                    entries[index].body += line + "\n"
                }
            }
        }
        return entries
    }

    @Test("the catalog has one entry per EventKind and no other")
    func idsMatchEnum() throws {
        let ids = try Self.entries().map(\.id)
        #expect(ids.count == Set(ids).count, "a MESSAGE_ID appears twice")
        #expect(Set(ids) == Set(EventKind.allCases.map(\.messageID)))
    }

    @Test("every entry has Subject, Defined-By, Documentation and a Chinese and English explanation")
    func entriesAreComplete() throws {
        for entry in try Self.entries() {
            #expect(entry.headers["Subject"]?.isEmpty == false, "\(entry.id) has no Subject")
            #expect(entry.headers["Defined-By"] == "xianqi", "\(entry.id)")
            #expect(entry.headers["Documentation"]?.isEmpty == false, "\(entry.id) has no Documentation")
            let body = entry.body
            #expect(body.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(entry.id) has no Chinese text")
            let englishLetters = body.unicodeScalars.filter { ("a"..."z").contains($0) }.count
            #expect(englishLetters > 40, "\(entry.id) has no English text")
        }
    }

    @Test("systemd's own catalog compiler accepts the file and lists every MESSAGE_ID",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/journalctl"), "journalctl is not installed"))
    func journalctlAcceptsCatalog() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-catalog-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let catalogDirectory = root.appendingPathComponent("usr/lib/systemd/catalog")
        try FileManager.default.createDirectory(at: catalogDirectory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.catalogPath, toPath: catalogDirectory.appendingPathComponent("xianqi.catalog").path)

        try JournalReader.run(["--root=\(root.path)", "--update-catalog"])
        let listing = String(decoding: try JournalReader.run(["--root=\(root.path)", "--list-catalog"]), as: UTF8.self)
        let listed = listing.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(Set(listed) == Set(EventKind.allCases.map(\.messageID)))
        #expect(listing.contains("xianqi: 整改节点已逾期 / Rectification milestone overdue"))
    }
}
