import Foundation
import ZIPFoundation

/// The zip container of an .xlsx and the OPC relationships that say where its parts are.
struct XLSXPackage {
    let file: String
    let maximumPartSize: Int64
    private let archive: Archive
    private let entries: [String: Entry]

    init(data: Data, file: String, maximumPartSize: Int64) throws(TabularError) {
        self.file = file
        self.maximumPartSize = maximumPartSize
        let magic = [UInt8](data.prefix(4))
        if magic == [0xD0, 0xCF, 0x11, 0xE0] { throw .legacyXLS(file: file) }
        guard magic == [0x50, 0x4B, 0x03, 0x04] || magic == [0x50, 0x4B, 0x05, 0x06] else {
            throw .notZip(file: file)
        }
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw .corruptArchive(file: file, detail: Self.describe(error))
        }
        var entries: [String: Entry] = [:]
        for entry in archive where entries[entry.path] == nil {
            entries[entry.path] = entry
        }
        self.entries = entries
    }

    /// The part's bytes, or nil when the archive has no such part. Part names are
    /// case-insensitive in OPC, and some tools write `xl/SharedStrings.xml`.
    func part(_ path: String) throws(TabularError) -> Data? {
        let name = path.hasPrefix("/") ? String(path.dropFirst()) : path
        guard let entry = entries[name] ?? entries.first(where: { $0.key.lowercased() == name.lowercased() })?.value
        else { return nil }
        guard entry.type == .file else { return nil }
        guard entry.uncompressedSize <= UInt64(maximumPartSize) else {
            throw .partTooLarge(file: file, part: name, bytes: Int64(clamping: entry.uncompressedSize))
        }
        var data = Data()
        data.reserveCapacity(Int(entry.uncompressedSize))
        let checksum: CRC32
        do {
            // ZIPFoundation computes the CRC-32 of what it extracts into a consumer but does not
            // compare it: a stored (uncompressed) part with a damaged byte would read silently,
            // and a 2025 deadline become 2026.
            checksum = try archive.extract(entry, bufferSize: 64 * 1024) { chunk in
                data.append(chunk)
                // The central directory can lie about sizes; stop a zip bomb all the same.
                if Int64(data.count) > maximumPartSize { throw PartTooLarge() }
            }
        } catch is PartTooLarge {
            throw .partTooLarge(file: file, part: name, bytes: Int64(data.count))
        } catch {
            throw .corruptArchive(file: file, detail: "\(name): \(Self.describe(error))")
        }
        guard checksum == entry.checksum else {
            throw .corruptArchive(file: file, detail: "\(name): CRC-32 不符，部件已损坏 (checksum mismatch: the part is damaged)")
        }
        return data
    }

    /// The package again, every part as it was (read and CRC-checked) but `path`, which gets
    /// `bytes`: parts keep their order, names and modification dates.
    func rebuilt(replacing path: String, with bytes: Data) throws(TabularError) -> Data {
        do {
            let out = try Archive(data: Data(), accessMode: .create)
            for entry in archive {
                let date = entry.fileAttributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 1_735_689_600)
                guard entry.type == .file else {
                    if entry.type == .directory {
                        try out.addEntry(with: entry.path, type: .directory, uncompressedSize: Int64(0),
                                         modificationDate: date, provider: { _, _ in Data() })
                    }
                    continue
                }
                let data = entry.path == path ? bytes : (try part(entry.path) ?? Data())
                try out.addEntry(
                    with: entry.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                    compressionMethod: .deflate, bufferSize: 256 * 1024
                ) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            guard let result = out.data else { throw Archive.ArchiveError.unwritableArchive }
            return result
        } catch let error as TabularError {
            throw error
        } catch {
            throw .writeFailed(file: file, reason: Self.describe(error))
        }
    }

    /// Relationships of a part: `xl/workbook.xml` → read `xl/_rels/workbook.xml.rels`.
    func relationships(of partPath: String) throws(TabularError) -> [Relationship] {
        let (directory, fileName) = Self.split(partPath)
        let relsPath = (directory.isEmpty ? "" : directory + "/") + "_rels/" + fileName + ".rels"
        guard let data = try part(relsPath) else { return [] }
        return try XMLPart.parse(data, part: relsPath, file: file) { scanner, token, rels in
            guard case .open(let tag) = token, scanner.name(tag.localName, is: "Relationship") else { return }
            guard scanner.attribute("TargetMode", of: tag) != "External",
                  let id = scanner.attribute("Id", of: tag),
                  let target = scanner.attribute("Target", of: tag)
            else { return }
            rels.append(Relationship(
                id: id, type: scanner.attribute("Type", of: tag) ?? "",
                target: Self.resolve(target, against: directory)))
        } initial: { [Relationship]() }
    }

    struct Relationship {
        let id: String
        /// The full type URI; compare its last path component (`worksheet`, `sharedStrings`).
        let type: String
        /// Absolute part path without a leading slash, e.g. `xl/worksheets/sheet1.xml`.
        let target: String

        var kind: Substring { type.split(separator: "/").last ?? "" }
    }

    private struct PartTooLarge: Error {}

    static func split(_ path: String) -> (directory: String, file: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    /// Resolves a relationship target (`worksheets/sheet1.xml`, `/xl/x.xml`, `../x.xml`).
    static func resolve(_ target: String, against directory: String) -> String {
        var components: [Substring] = target.hasPrefix("/") ? [] : directory.split(separator: "/")
        for part in target.split(separator: "/") {
            if part == ".." {
                _ = components.popLast()
            } else if part != "." {
                components.append(part)
            }
        }
        return components.joined(separator: "/")
    }

    static func describe(_ error: any Error) -> String {
        if let archiveError = error as? Archive.ArchiveError {
            switch archiveError {
            case .missingEndOfCentralDirectoryRecord: return "truncated or damaged zip archive: no end of central directory"
            case .invalidCRC32: return "checksum mismatch"
            case .invalidCompressionMethod: return "unsupported compression method"
            default: return "damaged zip archive: \(archiveError)"
            }
        }
        return String(describing: error)
    }
}

/// Runs a scanner over one part and folds its tokens into a result, mapping scan failures
/// to `TabularError.malformedXML` that names the part.
enum XMLPart {
    static func parse<Result>(
        _ data: Data, part: String, file: String,
        _ handle: (XMLScanner, XMLScanner.Token, inout Result) throws(TabularError) -> Void,
        initial: () -> Result
    ) throws(TabularError) -> Result {
        var result = initial()
        let outcome: TabularError? = data.withUnsafeBytes { raw -> TabularError? in
            var scanner = XMLScanner(raw.bindMemory(to: UInt8.self))
            do {
                while true {
                    let token = try scanner.next()
                    try handle(scanner, token, &result)
                    if case .end = token { return nil }
                }
            } catch let failure as XMLScanner.Failure {
                return .malformedXML(file: file, part: part, detail: "\(failure.reason) at byte \(failure.offset)")
            } catch let error as TabularError {
                return error
            } catch {
                return .malformedXML(file: file, part: part, detail: String(describing: error))
            }
        }
        if let outcome { throw outcome }
        return result
    }
}
