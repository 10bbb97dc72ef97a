// Throughput of the date grammar over real reports.
//
//   swift run -c release ChineseDatesBench [DIR-OR-FILES…] [--rounds N]
//
// Reads every .txt report (default: ../shared/corpus), then parses and extracts each one
// N times (default 50), resolving against the report's own date. Prints expressions per
// second, MB/s of UTF-8 input, and the process's peak resident memory (VmHWM).
import ChineseDates
import Foundation

var paths: [String] = []
var roundsArgument = 50
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    if a == "--rounds", let n = args.popFirst().flatMap(Int.init) { roundsArgument = n } else { paths.append(a) }
}
if paths.isEmpty { paths = ["../shared/corpus"] }

var files: [String] = []
for p in paths {
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []
        files += names.filter { $0.hasSuffix(".txt") }.sorted().map { p + "/" + $0 }
    } else {
        files.append(p)
    }
}
let texts = files.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
guard !texts.isEmpty else {
    FileHandle.standardError.write(Data("no reports found in \(paths)\n".utf8))
    exit(2)
}
let rounds = roundsArgument
let bytes = texts.reduce(0) { $0 + $1.utf8.count }
let refs = texts.map { DocumentDate.find(in: $0)?.date }

@MainActor func peakRSS() -> String {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "?" }
    return status.split(separator: "\n").first { $0.hasPrefix("VmHWM") }.map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().joined(separator: " ") } ?? "?"
}

@MainActor func measure(_ name: String, _ body: () -> Int) {
    let clock = ContinuousClock()
    var count = 0
    let elapsed = clock.measure {
        for _ in 0..<rounds { count += body() }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let mb = Double(bytes * rounds) / 1_000_000 / seconds
    print(String(format: "%-8@ %6d files %8.3f MB x %3d rounds  %8.3f s  %10.0f expressions/s  %7.2f MB/s",
                 name as NSString, texts.count, Double(bytes) / 1e6, rounds, seconds, Double(count) / seconds, mb))
}

measure("parse") {
    var n = 0
    for (text, ref) in zip(texts, refs) { n += DateParser(reference: ref).parse(text).count }
    return n
}
measure("extract") {
    var n = 0
    for (text, ref) in zip(texts, refs) { n += ClauseExtractor(reference: ref).extract(text).reduce(0) { $0 + $1.expressions.count } }
    return n
}
print("peak RSS (VmHWM): \(peakRSS())")
