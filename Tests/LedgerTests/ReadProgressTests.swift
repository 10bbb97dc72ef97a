import Foundation
import Ledger
import Synchronization
import Testing

/// `LedgerReader.progress`: told at the start of a file, then every 4096 rows, with how far
/// through a CSV file's bytes (or a sheet's rows) the reading is.
@Suite struct ReadProgressTests {
    final class Reports: Sendable {
        let list = Mutex<[ReadProgress]>([])
        func add(_ p: ReadProgress) { list.withLock { $0.append(p) } }
    }

    static func csvLedger(rows: Int) throws -> String {
        var text = "编号,整改措施,责任单位,完成时限\n"
        for i in 0..<rows { text += "M\(i),落实整改措施\(i),单位\(i % 7),2025年\(i % 12 + 1)月28日\n" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-progress-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aCSVFileIsReportedEvery4096RowsWithItsBytes() throws {
        let path = try Self.csvLedger(rows: 10_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reports = Reports()
        let ledger = try LedgerReader(progress: reports.add).read(contentsOf: path)
        #expect(ledger.measures.count == 10_000)
        let got = reports.list.withLock { $0 }
        #expect(got.map(\.rows) == [0, 4096, 8192])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(got.dropFirst().allSatisfy { $0.totalBytes == size && $0.totalRows == nil })
        let read = got.dropFirst().compactMap(\.bytesRead)
        #expect(read.count == 2 && read[0] < read[1] && read[1] < size)
        // 8192 of 10 000 rows of nearly equal length: about 82% of the bytes.
        #expect(abs(Double(read[1]) / Double(size) - 0.82) < 0.03)
    }

    @Test func aReaderWithoutAnObserverReadsTheSame() throws {
        let path = try Self.csvLedger(rows: 5_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let observed = try LedgerReader(progress: { _ in }).read(contentsOf: path)
        let plain = try LedgerReader().read(contentsOf: path)
        #expect(observed.measures == plain.measures)
    }

    @Test func anXLSXSheetIsReportedWhileParsedAndWhileRead() throws {
        let csv = try Self.csvLedger(rows: 10_000)
        defer { try? FileManager.default.removeItem(atPath: csv) }
        let xlsx = csv.replacingOccurrences(of: ".csv", with: ".xlsx")
        defer { try? FileManager.default.removeItem(atPath: xlsx) }
        try LedgerWriter().write(try LedgerReader().read(contentsOf: csv), to: xlsx)
        let reports = Reports()
        let ledger = try LedgerReader(progress: reports.add).read(contentsOf: xlsx)
        #expect(ledger.measures.count == 10_000)
        let got = reports.list.withLock { $0 }
        let parsing = got.filter { $0.parsingSheet != nil }
        #expect(parsing.map(\.rows) == [4096, 8192])
        #expect(parsing.allSatisfy { ($0.bytesRead ?? 0) < ($0.totalBytes ?? 0) })
        let reading = got.filter { $0.parsingSheet == nil && $0.rows > 0 }
        // The header row is a row of the sheet too.
        #expect(reading.map(\.rows) == [4096, 8192])
        #expect(reading.allSatisfy { $0.totalRows == 10_001 })
    }
}
