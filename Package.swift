// swift-tools-version: 6.1
import PackageDescription

// Data flows one way: text/ledger → measures → schedule → notifications.
let package = Package(
    name: "xianqi",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ChineseDates", targets: ["ChineseDates"]),
        .library(name: "Tabular", targets: ["Tabular"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "Schedule", targets: ["Schedule"]),
        .library(name: "Notify", targets: ["Notify"]),
        .library(name: "Mail", targets: ["Mail"]),
        .library(name: "Digest", targets: ["Digest"]),
        .library(name: "Robots", targets: ["Robots"]),
        .executable(name: "xianqi", targets: ["xianqi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Services run in a ServiceGroup: signals as configuration, a bounded graceful shutdown.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // The state on PostgreSQL, for two or more daemons with one leader (docs/ha.md).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // IM group robots (企业微信, 钉钉, 飞书): HTTPS webhooks, and the HMAC of their signatures
        // (swift-crypto is in the graph already, through postgres-nio).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Pure: text → typed date expressions; resolution; working-day calendar; no I/O.
        // Data/ holds the source of a generated table (TraditionalScriptTable.swift), not resources.
        .target(name: "ChineseDates", exclude: ["Data"]),
        // Bytes → tables: CSV (any encoding Excel exports) and .xlsx; no ledger knowledge.
        .target(
            name: "Tabular",
            dependencies: ["ChineseDates", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Measures: the model, the ledger formats offices keep (TOML, YAML, CSV, .xlsx), report import.
        .target(
            name: "Ledger",
            dependencies: [
                "ChineseDates", "Tabular", "MailAddressSyntax",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Scheduling: the holiday file, the reminder policy, due events and their keys, overdue and
        // upcoming lists, and the durable state (sent log, audit trail of overrides) in SQLite.
        // Pure but for the state store, which takes its directory as a parameter.
        // A configuration section as plain values (keys in order, TOML's scalar kinds), so that
        // only Workspace knows the TOML parser. Pure, no dependencies.
        .target(name: "Settings"),
        .target(
            name: "Schedule",
            dependencies: [
                "ChineseDates", "Ledger", "Settings",
                // The holiday file (holidays-cn.toml) only; the configuration's sections come as Settings values.
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The state on PostgreSQL (sent log, audit trail, runs, leadership with an epoch that fences
        // a deposed leader's claims), behind Schedule's StateStoring, for a daemon in a
        // high-availability pair. Not wired into the daemon or the CLI yet (docs/ha.md).
        .target(
            name: "StatePostgres",
            dependencies: [
                "Schedule", "Workspace",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A real PostgreSQL server (initdb, pg_ctl as the postgres user) in a temporary directory,
        // on a free loopback port: for the StatePostgres tests.
        .target(
            name: "PostgresTestSupport",
            dependencies: ["ProcessTestSupport"]
        ),
        // The configuration file and everything a command works on: ledgers, calendar, today.
        .target(
            name: "Workspace",
            dependencies: [
                "ChineseDates", "Ledger", "Schedule", "Settings",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
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
            dependencies: ["Notify", "ProcessTestSupport"]
        ),
        // Chinese email: RFC 5322/MIME messages, a Maildir spool, delivery through sendmail
        // with a SQLite delivery log, so that an MTA outage delays mail and never loses it.
        .target(
            name: "Mail",
            dependencies: [
                "Notify", "MailAddressSyntax",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The one rule for an email address, shared by `check` (Ledger, Workspace) and Mail; pure.
        .target(name: "MailAddressSyntax"),
        // A real SMTP sink (aiosmtpd), msmtp configured for it, Python's email parser:
        // for the tests and the benchmark.
        .target(
            name: "MailTestSupport",
            dependencies: ["Mail", "ProcessTestSupport"]
        ),
        // The process runner (both pipes read at once, a timeout), the built `xianqi` binary and
        // a temporary directory: for every test target that runs a child process.
        .target(name: "ProcessTestSupport", dependencies: ["CSpawn"]),
        // <spawn.h> with the GNU file actions (close from N up, change directory) and pipe2 that Swift's
        // Glibc module leaves out: ProcessTestSupport starts children with them.
        .systemLibrary(name: "CSpawn"),
        // Plain-text columns that line up when cells hold Chinese (East Asian width).
        .target(name: "TextLayout"),
        // The weekly digest (整改周报): what is overdue, due soon, done and extended, as text,
        // markdown and HTML, and the messages that carry it. Pure: takes the agenda, the day, the
        // calendar and the addresses; the command does the loading, spooling and journal.
        .target(
            name: "Digest",
            dependencies: [
                "ChineseDates", "Ledger", "Schedule", "Mail", "Notify", "TextLayout", "Settings", "Robots",
            ]
        ),
        // What a reminder event says: the journal record, the email's subject, body and
        // recipients. Pure: takes the event, its item and its measure.
        .target(
            name: "Notices",
            dependencies: ["ChineseDates", "Ledger", "Schedule", "Mail", "Notify"]
        ),
        // The daemon's machinery: wall-clock alarm, directory watch, the services (reminders,
        // mail hand-over) run in a ServiceGroup. The only place that touches signals and the
        // clock; the libraries take instants as parameters.
        .target(
            name: "Daemon",
            dependencies: [
                "CTimerFD", "ChineseDates", "Ledger", "Workspace", "Schedule", "StatePostgres", "Mail", "Notify", "Notices", "Robots",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The office board (督办看板): colours, counts per unit, 按期办结率, the pages' HTML and the
        // calendar feeds (RFC 5545), from the agenda and the reminder policy. Pure: takes the day,
        // the calendar and the items; the server in the CLI does the loading and the HTTP.
        .target(
            name: "Board",
            dependencies: ["ChineseDates", "Ledger", "Schedule", "Settings"]
        ),
        // IM group robots as a channel beside email: each vendor's message shape, size limit,
        // signature and reply codes; the 催办单 that batches a day's events per recipient; the
        // durable outbox (SQLite) and its delivery through async-http-client. Policy is pure and
        // takes instants as parameters; the outbox takes its directory.
        .target(
            name: "Robots",
            dependencies: [
                "Notify", "Settings",
                // RetryPolicy: the backoff of the mail queue, the same rule.
                "Mail",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A real HTTP server (Hummingbird, on a free loopback port) that plays the three robot
        // endpoints, checks signatures and message shapes as the vendors document them, and
        // answers with success, rate-limit codes or silence: for the Robots tests.
        .target(
            name: "RobotTestSupport",
            dependencies: [
                "Robots",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // <sys/timerfd.h>, part of glibc but not of Swift's Glibc module.
        .systemLibrary(name: "CTimerFD"),
        // The holiday calendar, zone and dates the Schedule and Digest tests share.
        .target(name: "ScheduleTestSupport", dependencies: ["Schedule", "ChineseDates", "CorpusTestSupport"]),
        // The published reports in ../shared/corpus, for the tests of every module that reads them.
        .target(name: "CorpusTestSupport"),
        // BuildInfo.swift with the commit a binary was built from, for `xianqi --version`.
        .plugin(name: "BuildInfo", capability: .buildTool()),
        .executableTarget(
            name: "xianqi",
            dependencies: [
                "ChineseDates", "Tabular", "Ledger", "Workspace", "Schedule", "StatePostgres", "Mail", "Daemon", "Notify", "Digest", "TextLayout", "Board", "Robots",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            plugins: ["BuildInfo"]
        ),
        // Runs ServiceNotifier calls in a child with its own NOTIFY_SOCKET/WATCHDOG_*, for NotifyTests.
        .executableTarget(name: "notify-probe", dependencies: ["Notify"], path: "Sources/NotifyProbe"),
        .executableTarget(
            name: "ChineseDatesBench",
            dependencies: ["ChineseDates"],
            path: "Benchmarks/ChineseDatesBench"
        ),
        .executableTarget(
            name: "MailBench",
            dependencies: ["Mail", "MailTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Benchmarks/MailBench"
        ),
        .executableTarget(
            name: "TabularBench",
            dependencies: ["Tabular"],
            path: "Benchmarks/TabularBench"
        ),
        // Writes synthetic ledgers (CSV or TOML) with a matching config and Taskwarrior import file.
        .executableTarget(
            name: "LedgerGen",
            dependencies: ["ChineseDates", "Tabular"],
            path: "Benchmarks/LedgerGen"
        ),
        // Times the phases of `xianqi overdue` in process (load, items, overdue, events).
        .executableTarget(
            name: "ScheduleBench",
            dependencies: ["ChineseDates", "Ledger", "Schedule", "Workspace"],
            path: "Benchmarks/ScheduleBench",
            exclude: ["compare.sh"]
        ),
        // Messages per day before and after the 催办单 (Benchmarks/robots-per-day.sh).
        .executableTarget(
            name: "RobotBench",
            dependencies: ["ChineseDates", "Schedule", "Workspace", "Robots"],
            path: "Benchmarks/RobotBench"
        ),
        .executableTarget(
            name: "LedgerBench",
            dependencies: ["Ledger", "Tabular", "ChineseDates"],
            path: "Benchmarks/LedgerBench"
        ),
        .testTarget(
            name: "ChineseDatesTests",
            dependencies: [
                "ChineseDates", "CorpusTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "ProcessTestSupportTests", dependencies: ["ProcessTestSupport"]),
        .testTarget(
            name: "XianqiCLITests",
            dependencies: ["xianqi", "CorpusTestSupport", "ProcessTestSupport", "Ledger", "TextLayout"]
        ),
        .testTarget(
            name: "TabularTests",
            dependencies: [
                "Tabular",
                // Only to build deliberately odd .xlsx fixtures from raw XML.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(
            name: "DaemonTests",
            // MailTestSupport: for its Python (the state database read back with sqlite3).
            dependencies: ["Daemon", "xianqi", "NotifyTestSupport", "MailTestSupport", "ProcessTestSupport", "CorpusTestSupport", "ChineseDates"]
        ),
        .testTarget(
            name: "LedgerTests",
            dependencies: ["Ledger", "Workspace", "ChineseDates", "Tabular", "CorpusTestSupport"],
            // Published documents the tests read by path (see Fixtures/unseen/README.md).
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ScheduleTests",
            // "xianqi": the tests run the built binary (two `done` at once, exit codes, faults).
            dependencies: ["Schedule", "ChineseDates", "Ledger", "Workspace", "xianqi", "CorpusTestSupport", "ScheduleTestSupport", "ProcessTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "StatePostgresTests",
            dependencies: [
                // "xianqi": the commands and `serve` run as built, against the shared server.
                "StatePostgres", "Schedule", "Workspace", "PostgresTestSupport", "ProcessTestSupport", "ChineseDates", "Ledger", "xianqi",
                // An SMTP sink and msmtp: the mail a migrated SQLite state delivered.
                "MailTestSupport",
                "ScheduleTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "BoardTests",
            // "xianqi": the tests start the built `xianqi board` and query it over loopback.
            dependencies: ["Board", "ChineseDates", "Ledger", "Schedule", "Workspace", "xianqi", "ScheduleTestSupport",
                           "MailTestSupport"]
        ),
        .testTarget(
            name: "NotifyTests",
            // "notify-probe": the sd_notify tests run it with their own environment.
            dependencies: [
                "Notify",
                "NotifyTestSupport",
                "ProcessTestSupport",
                "notify-probe",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "DigestTests",
            // "xianqi": the tests run the built binary (send twice, flush through msmtp).
            dependencies: [
                "Digest", "ChineseDates", "Ledger", "Schedule", "Workspace", "Mail", "MailTestSupport", "Notify", "ScheduleTestSupport",
                "NotifyTestSupport", "ProcessTestSupport", "xianqi", "Robots",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "NoticesTests",
            dependencies: ["Notices", "ChineseDates", "Ledger", "Schedule", "Mail", "Notify", "ScheduleTestSupport"]
        ),
        .testTarget(
            name: "RobotsTests",
            // "xianqi": the crash test kills a real `xianqi serve` and counts at the sink.
            dependencies: ["Robots", "RobotTestSupport", "ProcessTestSupport", "xianqi", "Notify", "Workspace",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "MailTests",
            dependencies: [
                "Mail",
                "MailTestSupport",
                "ProcessTestSupport",
                "Notify",
                "NotifyTestSupport",
                // The crash and concurrency tests kill and race real `xianqi flush` processes.
                "xianqi",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
