// Loads a big ledger through the Ledger readers — the whole path `xianqi list` takes: bytes →
// table → header mapping → every field checked, every 完成时限 parsed — and reports time and
// peak RSS for CSV (UTF-8 and GB18030), .xlsx and TOML.
//
//     swift run -c release LedgerBench [rows] [directory]
//
// Each load runs in a child process (this binary with `load PATH`) so the peak RSS it reports
// belongs to that load alone.
import ChineseDates
import Foundation
import Ledger
import Tabular

let arguments = CommandLine.arguments
if arguments.count >= 3, arguments[1] == "load" {
    exit(Bench.load(path: arguments[2]))
}
let rows = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
let keep = arguments.count > 2
let directory = keep ? arguments[2] : NSTemporaryDirectory() + "ledger-bench-\(getpid())"
exit(Bench.run(rows: rows, directory: directory, keep: keep))

enum Bench {
    static let units = ["区财政局", "区教育局", "区卫健委", "区住建局", "区市场监管局", "区人社局"]
    static let people = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊"]
    static let deadlines = ["2025年10月底前", "年底前", "2026年6月30日前", "力争2025年7月前投入使用", "长期坚持",
                            "(2026年内)", "2025年第三季度末", "每月", "2025-12-31", "2025年上半年"]
    static let statuses = ["推进中", "已完成", "阶段性完成", "未开始", "长期坚持"]

    /// A deterministic ledger of `rows` measures, in the shape real ledgers have.
    static func ledger(rows: Int) -> Ledger {
        var measures: [Measure] = []
        measures.reserveCapacity(rows)
        for i in 0..<rows {
            measures.append(Measure(
                id: String(i + 1), problem: "第\(i / 3 + 1)个问题：落实整改主体责任不到位，台账管理不规范",
                category: "全面从严治党", text: "建立问题清单、任务清单、责任清单，逐项明确整改措施、责任单位和完成时限，第\(i + 1)项",
                unit: units[i % units.count], owner: people[i % people.count], leader: people[(i + 3) % people.count],
                unitEmail: ["unit\(i % units.count)@example.gov.cn"], deadlineText: deadlines[i % deadlines.count],
                statusText: statuses[i % statuses.count], source: SourcePosition(file: "bench")))
        }
        return Ledger(path: "bench", format: .toml, title: "整改台账（基准）", reference: CivilDate("2024-11-21"), measures: measures)
    }

    static func run(rows: Int, directory: String, keep: Bool) -> Int32 {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let start = ContinuousClock.now
            let ledger = ledger(rows: rows)
            var paths: [String] = []
            for (name, encoding) in [("ledger.csv", TextEncoding.utf8), ("ledger-gb18030.csv", .gb18030),
                                     ("ledger.xlsx", .utf8), ("ledger.toml", .utf8)] {
                let path = directory + "/" + name
                try LedgerWriter().write(ledger, to: path, csvEncoding: encoding)
                paths.append(path)
            }
            print("generated \(rows) measures in \(seconds(start.duration(to: .now))) s")
            fflush(nil)
            var failed: Int32 = 0
            for path in paths {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
                process.arguments = ["load", path]
                try process.run()
                process.waitUntilExit()
                if process.terminationStatus != 0 { failed = process.terminationStatus }
            }
            if !keep { try? FileManager.default.removeItem(atPath: directory) }
            return failed
        } catch {
            print("LedgerBench: \(error)")
            return 1
        }
    }

    static func load(path: String) -> Int32 {
        let start = ContinuousClock.now
        do {
            let ledger = try LedgerReader().read(contentsOf: path)
            let elapsed = seconds(start.duration(to: .now))
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let due = ledger.measures.filter { $0.due != nil }.count
            let name = (path as NSString).lastPathComponent.padding(toLength: 20, withPad: " ", startingAt: 0)
            print("\(name) \(size / 1024) KiB: \(ledger.measures.count) measures (\(due) with a due date), "
                + "\(ledger.issues.count) issues, \(elapsed) s, peak RSS \(peakRSS())")
            return 0
        } catch {
            print("\(path): \(error)")
            return 1
        }
    }

    static func seconds(_ d: Duration) -> String {
        String(format: "%.3f", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }

    static func peakRSS() -> String {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return "\(usage.ru_maxrss / 1024) MiB"
    }
}
