import Foundation

/// The published reports in ../shared/corpus (beside the repository).
enum Corpus {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus")

    static var files: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// The text of the report whose file name starts with `id` ("000").
    static func text(_ id: String) throws -> String {
        guard let url = files.first(where: { $0.lastPathComponent.hasPrefix(id + "_") }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: directory.path + "/\(id)_*.txt"])
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
