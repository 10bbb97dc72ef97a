// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "xianqi",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ChineseDates", targets: ["ChineseDates"]),
        .library(name: "Tabular", targets: ["Tabular"]),
        .executable(name: "xianqi", targets: ["xianqi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Pure: text → typed date expressions; resolution; no I/O.
        .target(name: "ChineseDates"),
        // Bytes → tables: CSV (any encoding Excel exports) and .xlsx; no ledger knowledge.
        .target(
            name: "Tabular",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .executableTarget(
            name: "TabularBench",
            dependencies: ["Tabular"],
            path: "Benchmarks/TabularBench"
        ),
        .executableTarget(
            name: "xianqi",
            dependencies: [
                "ChineseDates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ChineseDatesTests",
            dependencies: [
                "ChineseDates",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "TabularTests",
            dependencies: [
                "Tabular",
                // Only to build deliberately odd .xlsx fixtures from raw XML.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
