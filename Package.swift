// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "xianqi",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ChineseDates", targets: ["ChineseDates"]),
        .library(name: "Notify", targets: ["Notify"]),
        .executable(name: "xianqi", targets: ["xianqi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Pure: text → typed date expressions; resolution; no I/O.
        .target(name: "ChineseDates"),
        // libsystemd, as the C module the Notify target wraps (never re-exported).
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // journald records, a swift-log handler, sd_notify: the daemon's voice to systemd.
        .target(
            name: "Notify",
            dependencies: [
                "CSystemd",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Real journald and a real notify socket for tests: started, read back, cleaned up.
        .target(
            name: "NotifyTestSupport",
            dependencies: ["Notify"]
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
            name: "NotifyTests",
            dependencies: [
                "Notify",
                "NotifyTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
