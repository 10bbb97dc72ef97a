// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "xianqi",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ChineseDates", targets: ["ChineseDates"]),
        .library(name: "Schedule", targets: ["Schedule"]),
        .executable(name: "xianqi", targets: ["xianqi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // Pure: text → typed date expressions; resolution; no I/O.
        .target(name: "ChineseDates"),
        .executableTarget(
            name: "xianqi",
            dependencies: [
                "ChineseDates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Scheduling: loads the holiday file (TOML) into a WorkdayCalendar.
        .target(
            name: "Schedule",
            dependencies: [
                "ChineseDates",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .testTarget(
            name: "ScheduleTests",
            dependencies: ["Schedule", "ChineseDates"]
        ),
        .testTarget(
            name: "ChineseDatesTests",
            dependencies: [
                "ChineseDates",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
