// swift-tools-version: 6.1
// In-process benchmarks of xianqi's libraries with ordo-one's package-benchmark.
// A package of its own, so the project's build and CI never build it:
//
//     swift package --package-path Benchmarks/InProcess benchmark
//
// (Benchmarks/run.sh runs it, after writing the ledger it reads.) See docs/benchmarks.md.
import Foundation
import PackageDescription

// `.package(path:)` takes its identity from the folder's name (the clone's or worktree's),
// not from the manifest's `name:`; work it out so that products can be named.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().deletingLastPathComponent()
let xianqi = root.lastPathComponent.lowercased()

// The benchmarks follow the API of the checkout they are built against: where the sources have
// them, the agenda is built from the ledgers' tables (Agenda(ledgers:), since 55e6a77) and the
// ledger read without per-row warnings (LedgerReader keepsWarnings:, since 213c281), as the
// `overdue` command does.
func source(_ path: String) -> String {
    (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
}
var defines: [SwiftSetting] = []
if source("Sources/Schedule/Agenda.swift").contains("public init(ledgers:") { defines.append(.define("AGENDA_FROM_LEDGERS")) }
if source("Sources/Ledger/LedgerReader.swift").contains("keepsWarnings: Bool") { defines.append(.define("READER_KEEPS_WARNINGS")) }

let package = Package(
    name: "xianqi-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../.."),
        // MallocInterposer alone: the malloc counts; not the 6.3 runtime interposer.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "XianqiBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ChineseDates", package: xianqi),
                .product(name: "Tabular", package: xianqi),
                .product(name: "Ledger", package: xianqi),
                .product(name: "Schedule", package: xianqi),
            ],
            path: "Benchmarks/XianqiBenchmarks",
            swiftSettings: defines,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
