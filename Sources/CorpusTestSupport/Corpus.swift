import Foundation

/// The five published reports the tests read, as the repository ships them in
/// `Config/samples/`. Tests name them by the ids of the shared corpus they were taken from
/// ("000" … "004"), so a clone needs nothing beside it.
public enum Corpus {
    /// The repository's root directory (for Config/ samples).
    public static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let directory: URL = repository.appendingPathComponent("Config/samples")

    /// Corpus id → the sample's file name (the same bytes as ../shared/corpus/ID_*.txt).
    public static let samples: [String: String] = [
        "000": "hefei-gaoxin-2024-11-21.txt",
        "001": "wanzhi-2024-06-18.txt",
        "002": "xiangjiang-2023-12-22.txt",
        "003": "xuancheng-jingkai-2025-07-25.txt",
        "004": "zhuhai-gaoxin-2024-05-22.txt",
    ]

    /// The path of the report with corpus id `id` ("000").
    public static func path(_ id: String) throws -> String {
        guard let name = samples[id] else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: directory.path + "/<\(id)>.txt"])
        }
        return directory.appendingPathComponent(name).path
    }

    /// Every sample report, in corpus-id order.
    public static var files: [URL] {
        samples.keys.sorted().compactMap { samples[$0].map(directory.appendingPathComponent) }
    }

    /// The text of the report with corpus id `id` ("000").
    public static func text(_ id: String) throws -> String {
        try String(contentsOfFile: try path(id), encoding: .utf8)
    }
}
