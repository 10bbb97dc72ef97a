// In-process benchmarks of the public APIs of ChineseDates, Tabular, Ledger and Schedule.
//
//     swift package --package-path Benchmarks/InProcess benchmark
//
// Inputs:
// - the reports in Config/samples (the date grammar's corpus: parse and extract);
// - a generated ledger: XIANQI_BENCH_LEDGER, or $XIANQI_BENCH_DIR/10000/ledger.csv
//   (XIANQI_BENCH_DIR defaults to /tmp/xianqi-bench), as Benchmarks/run.sh writes it with
//   LedgerGen; XIANQI_BENCH_AS_OF (YYYY-MM-DD, default today in UTC) is the day for overdue.
// The ledger benchmarks are skipped, with a message, when the ledger is missing.
//
// Besides time, throughput (iterations/s) and mallocs, the parse and load benchmarks report
// `input bytes/s` (shown in M: MB/s of the input).
//
// (`Workspace` is not a product of the xianqi package, so this package cannot use it: the
// load benchmarks call LedgerReader and HolidayFile as Workspace.load does.)
import Benchmark
import ChineseDates
import Foundation
import Ledger
import Schedule
import Tabular

// Benchmarks/InProcess/Benchmarks/XianqiBenchmarks/ → the repository.
let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

struct Samples: @unchecked Sendable {
    let texts: [String]
    let references: [CivilDate?]
    let bytes: Int

    static func load() -> Samples {
        let directory = repository.appendingPathComponent("Config/samples")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted()
        let texts = names.compactMap { try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8) }
        return Samples(texts: texts, references: texts.map { DocumentDate.find(in: $0)?.date },
                       bytes: texts.reduce(0) { $0 + $1.utf8.count })
    }
}

enum Inputs {
    static let environment = ProcessInfo.processInfo.environment
    static var ledgerPath: String {
        if let path = environment["XIANQI_BENCH_LEDGER"], !path.isEmpty { return path }
        return (environment["XIANQI_BENCH_DIR"] ?? "/tmp/xianqi-bench") + "/10000/ledger.csv"
    }
    static var asOf: CivilDate {
        if let text = environment["XIANQI_BENCH_AS_OF"], let day = CivilDate(text) { return day }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = utc.dateComponents([.year, .month, .day], from: Date())
        return CivilDate(year: c.year ?? 2026, month: c.month ?? 1, day: c.day ?? 1) ?? CivilDate(dayNumber: 20_000)
    }
    static var holidays: String { repository.appendingPathComponent("Config/holidays-cn.toml").path }
}

/// The reader the scheduling commands use.
func reader(_ asOf: CivilDate) -> LedgerReader {
#if READER_KEEPS_WARNINGS
    LedgerReader(reference: asOf, keepsWarnings: false)
#else
    LedgerReader(reference: asOf)
#endif
}

/// Input bytes per second of one iteration, as a custom metric (the table shows it scaled:
/// "(M)" is MB/s).
func bytesPerSecond(_ bytes: Int, _ elapsed: Duration) -> Int {
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return seconds > 0 ? Int(Double(bytes) / seconds) : 0
}

let throughputMetric = BenchmarkMetric.custom("input bytes/s", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
        warmupIterations: 1,
        maxDuration: .seconds(5),
        maxIterations: 50
    )
    let clock = ContinuousClock()

    let samples = Samples.load()
    let parseConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, throughputMetric],
        warmupIterations: 1, maxDuration: .seconds(5), maxIterations: 100)

    Benchmark("DateParser.parse, Config/samples (\(samples.texts.count) reports, \(samples.bytes / 1000) kB)",
              configuration: parseConfiguration) { benchmark in
        let start = clock.now
        var n = 0
        for (text, reference) in zip(samples.texts, samples.references) {
            n += DateParser(reference: reference).parse(text).count
        }
        blackHole(n)
        benchmark.measurement(throughputMetric, bytesPerSecond(samples.bytes, clock.now - start))
    }

    Benchmark("ClauseExtractor.extract, Config/samples (\(samples.texts.count) reports, \(samples.bytes / 1000) kB)",
              configuration: parseConfiguration) { benchmark in
        let start = clock.now
        var n = 0
        for (text, reference) in zip(samples.texts, samples.references) {
            n += ClauseExtractor(reference: reference).extract(text).reduce(0) { $0 + $1.expressions.count }
        }
        blackHole(n)
        benchmark.measurement(throughputMetric, bytesPerSecond(samples.bytes, clock.now - start))
    }

    let path = Inputs.ledgerPath
    guard let data = FileManager.default.contents(atPath: path) else {
        print("XianqiBenchmarks: no ledger at \(path) (run Benchmarks/run.sh, or LedgerGen 10000 DIR and set XIANQI_BENCH_LEDGER): the ledger benchmarks are skipped")
        return
    }
    let asOf = Inputs.asOf
    let ledgerBytes = data.count
    let loadConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal, throughputMetric],
        warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 20)

    Benchmark("CSVReader.read, ledger.csv (\(ledgerBytes / 1000) kB)", configuration: loadConfiguration) { benchmark in
        let start = clock.now
        let table = try CSVReader().read(data, name: path)
        blackHole(table)
        benchmark.measurement(throughputMetric, bytesPerSecond(ledgerBytes, clock.now - start))
    }

    Benchmark("LedgerReader.read, ledger.csv (\(ledgerBytes / 1000) kB)", configuration: loadConfiguration) { benchmark in
        let start = clock.now
        let ledger = try reader(asOf).read(data, path: path)
        blackHole(ledger.measures.count)
        benchmark.measurement(throughputMetric, bytesPerSecond(ledgerBytes, clock.now - start))
    }

    // Loaded once, outside the measurement: what the overdue list starts from.
    guard let ledger = try? reader(asOf).read(data, path: path),
          let calendar = try? HolidayFile(contentsOfFile: Inputs.holidays).calendar else {
        print("XianqiBenchmarks: \(path) or \(Inputs.holidays) could not be read: the agenda benchmarks are skipped")
        return
    }
#if AGENDA_FROM_LEDGERS
    Benchmark("Agenda(ledgers:), \(ledger.measures.count) measures", configuration: loadConfiguration) { _ in
        blackHole(Agenda(ledgers: [ledger]).items.count)
    }
    let agenda = Agenda(ledgers: [ledger])
#else
    let measures = ledger.measures
    Benchmark("Agenda(measures:), \(measures.count) measures", configuration: loadConfiguration) { _ in
        blackHole(Agenda(measures: measures).items.count)
    }
    let agenda = Agenda(measures: measures)
#endif
    Benchmark("Agenda.overdue(asOf:), \(agenda.items.count) items", configuration: .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 1, maxDuration: .seconds(5), maxIterations: 200)
    ) { _ in
        blackHole(agenda.overdue(asOf: asOf, calendar: calendar).count)
    }
}
