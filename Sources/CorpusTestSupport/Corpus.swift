import Foundation

/// The published reports in ../shared/corpus (beside the repository).
public enum Corpus {
    public static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus")

    /// The repository's root directory (for Config/ samples).
    public static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The path of the report whose file name starts with `id` ("000").
    public static func path(_ id: String) throws -> String {
        guard let url = files.first(where: { $0.lastPathComponent.hasPrefix(id + "_") }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: directory.path + "/\(id)_*.txt"])
        }
        return url.path
    }

    public static var files: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// The text of the report whose file name starts with `id` ("000").
    public static func text(_ id: String) throws -> String {
        guard let url = files.first(where: { $0.lastPathComponent.hasPrefix(id + "_") }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: directory.path + "/\(id)_*.txt"])
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
