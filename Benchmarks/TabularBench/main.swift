// Generates a 100k-row ledger as CSV (GB18030, as Excel on Chinese Windows saves it) and as
// .xlsx, then times loading each and reports peak RSS.
//
//     swift run -c release TabularBench [rows] [directory]
//
// Each load runs in a child process (this binary with `load-csv`/`load-xlsx`) so the peak
// RSS it reports belongs to that load alone, not to generating the files.
import Foundation
import Tabular

let arguments = CommandLine.arguments
if arguments.count >= 3, arguments[1] == "load-csv" || arguments[1] == "load-xlsx" {
    exit(Bench.load(kind: arguments[1], path: arguments[2]))
}
if arguments.count >= 3, arguments[1] == "dump" {
    // Prints every cell of a file: for checking the readers against files from other producers.
    exit(Bench.dump(path: arguments[2]))
}
let rows = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
// A directory given on the command line keeps the generated files (e.g. to open them in Excel).
let keep = arguments.count > 2
let directory = keep ? arguments[2] : NSTemporaryDirectory() + "tabular-bench-\(getpid())"
exit(Bench.run(rows: rows, directory: directory, keep: keep))

enum Bench {
    static let header = ["序号", "问题类别", "存在问题", "整改措施", "责任单位", "责任人", "完成时限", "整改进展"]
    static let units = ["区财政局", "区教育局", "区卫健委", "区住建局", "区市场监管局", "区人社局"]
    static let people = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊"]
    static let kinds = ["党的建设", "全面从严治党", "选人用人", "巡察整改", "意识形态"]

    static func run(rows: Int, directory: String, keep: Bool) -> Int32 {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let csvPath = directory + "/ledger.csv"
            let xlsxPath = directory + "/ledger.xlsx"

            let start = ContinuousClock.now
            try writeCSV(rows: rows, to: csvPath)
            try XLSXWriter().write([XLSXWriter.Sheet(name: "整改台账", rows: xlsxRows(rows))], to: xlsxPath)
            print("generated \(rows) rows in \(start.duration(to: .now).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2))))")
            print("  \(csvPath): \(size(csvPath)) bytes")
            print("  \(xlsxPath): \(size(xlsxPath)) bytes")

            fflush(nil) // flush all streams: our lines come before the children's
            var failed: Int32 = 0
            for (kind, path) in [("load-csv", csvPath), ("load-xlsx", xlsxPath)] {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
                process.arguments = [kind, path]
                try process.run()
                process.waitUntilExit()
                if process.terminationStatus != 0 { failed = process.terminationStatus }
            }
            if !keep { try? FileManager.default.removeItem(atPath: directory) }
            return failed
        } catch {
            print("TabularBench: \(error)")
            return 1
        }
    }

    static func load(kind: String, path: String) -> Int32 {
        let start = ContinuousClock.now
        do {
            let table: Table
            if kind == "load-csv" {
                table = try CSVReader().read(contentsOf: path)
            } else {
                table = try XLSXReader().read(contentsOf: path).sheets[0]
            }
            let elapsed = start.duration(to: .now)
            let match = try table.locateHeader(recognising: Set(header))
            let cells = table.rows.reduce(0) { $0 + $1.cells.count }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let label = kind == "load-csv" ? "CSV  (GB18030)       " : "XLSX (shared strings)"
            print("\(label): \(table.rows.count) rows, \(cells) cells, \(match.dataRows.count) data rows, "
                + String(format: "%.3f s", seconds) + ", peak RSS \(peakRSS())")
            return 0
        } catch {
            print("\(kind): \(error)")
            return 1
        }
    }

    static func dump(path: String) -> Int32 {
        do {
            let tables = path.lowercased().hasSuffix(".csv")
                ? [try CSVReader().read(contentsOf: path)]
                : try XLSXReader().read(contentsOf: path).sheets
            for table in tables {
                print("== \(table.name) merged: \(table.mergedRanges.map(\.description)) warnings: \(table.warnings.map(\.description))")
                for row in table.rows {
                    print(row.cells.map { "\($0.ref.a1)=\($0.value)" }.joined(separator: " | "))
                }
            }
            return 0
        } catch {
            print(error)
            return 1
        }
    }

    static func record(_ i: Int) -> [String] {
        let unit = units[i % units.count]
        let measure = i % 7 == 0
            ? "一是建立台账；\n二是“定期”复核，确保整改到位（第\(i)项）"
            : "针对第\(i)项问题，\(unit)制定整改方案，明确责任分工，按期销号"
        return [
            String(i), kinds[i % kinds.count], "第\(i)项：制度执行不到位，存在\(i % 13 + 1)处薄弱环节",
            measure, unit, people[i % people.count],
            "2026年\(i % 12 + 1)月\(i % 28 + 1)日前", i % 3 == 0 ? "已完成" : "正在推进",
        ]
    }

    static func writeCSV(rows: Int, to path: String) throws {
        var text = "某某区巡察整改台账\r\n" + header.joined(separator: ",") + "\r\n"
        text.reserveCapacity(rows * 260)
        for i in 1...rows {
            text += record(i).map { $0.contains("\n") || $0.contains(",") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
                .joined(separator: ",") + "\r\n"
        }
        let gb = String.Encoding(rawValue: 0x8000_0632) // GB18030 through Foundation
        guard let data = text.data(using: gb) else { throw CocoaError(.fileWriteInapplicableStringEncoding) }
        try data.write(to: URL(fileURLWithPath: path))
    }

    static func xlsxRows(_ rows: Int) -> [[XLSXWriter.Value]] {
        var out: [[XLSXWriter.Value]] = [[.text("某某区巡察整改台账")], header.map { .text($0) }]
        out.reserveCapacity(rows + 2)
        for i in 1...rows {
            var r = record(i).map { XLSXWriter.Value.text($0) }
            r[0] = .number(Double(i))
            r[6] = .date(CellDate(year: 2026, month: i % 12 + 1, day: i % 28 + 1)!)
            out.append(r)
        }
        return out
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? -1
    }

    /// VmHWM from /proc/self/status: the most resident memory this process has had.
    static func peakRSS() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return "unknown" }
        let kilobytes = Int(line.filter(\.isNumber)) ?? 0
        return String(format: "%.1f MiB", Double(kilobytes) / 1024)
    }
}
