import Foundation
import ProcessTestSupport
import Testing

/// The `xianqi` binary run as a user runs it, with bad input as well as good.
@Suite struct CLITests {
    typealias Run = XianqiProcess.Run

    static var binary: URL { URL(fileURLWithPath: XianqiProcess.binary) }

    static func run(_ arguments: [String], stdin: String? = nil) throws -> Run {
        try XianqiProcess.run(arguments, stdin: stdin)
    }

    static func temporaryFile(_ data: Data) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-cli-\(UUID().uuidString).txt")
        try data.write(to: url)
        return url
    }

    @Test func jsonlKeepsItsShape() throws {
        let r = try Self.run(["parse", "--ref", "2024-11-21", "--format", "jsonl", "--stdin"], stdin: "力争2024年7月前投入使用\n截至目前\n")
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == #"{"input":"力争2024年7月前投入使用","expressions":[{"text":"2024年7月前","kind":"deadline","start":"2024-07-01","end":"2024-07-31","due":"2024-06-30","precision":"month","span":[2,10],"flags":["aspirational"]}]}"#)
        #expect(lines[1].contains(#""kind":"asof","start":"2024-11-21""#))
    }

    @Test(arguments: ["2024-13-01", "yesterday", "2024-2-30", ""])
    func anInvalidReferenceIsRefused(_ ref: String) throws {
        let r = try Self.run(["parse", "--ref", ref, "年底前"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--ref"))
    }

    @Test func extractUsesTheReportsOwnDateAndSaysSo() throws {
        let file = try Self.temporaryFile(Data("关于整改进展情况的通报\n发布时间:2024-11-21 09:34\n计划于10月底前完成整改工作。\n".utf8))
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try Self.run(["extract", file.path, "--format", "csv"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("2024-11-21"))
        #expect(r.stderr.contains("发布时间"))
        #expect(r.stdout.contains("10月底前,deadline,2024-10-21,2024-10-31,2024-10-31"))
    }

    @Test func aBinaryFileGetsAClearError() throws {
        let file = try Self.temporaryFile(Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF, 0x10]))
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try Self.run(["extract", file.path])
        #expect(r.status == 2, "an unreadable report is exit 2, as for import")
        #expect(r.stderr.contains(file.path))
        #expect(r.stderr.contains("binary"))
    }

    @Test func gbkTextIsNamedWithItsLine() throws {
        // "年底前" in GB18030, on line 2.
        let file = try Self.temporaryFile(Data("ok\n".utf8) + Data([0xC4, 0xEA, 0xB5, 0xD7, 0xC7, 0xB0]))
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try Self.run(["extract", file.path])
        #expect(r.status == 2, "an unreadable report is exit 2, as for import")
        #expect(r.stderr.contains("line 2"))
    }

    @Test func anEmptyFileIsAnEmptyResult() throws {
        let file = try Self.temporaryFile(Data())
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try Self.run(["extract", file.path, "--format", "json"])
        #expect(r.status == 0)
        #expect(r.stdout.contains(#""clauses":[]"#))
    }

    @Test func aTenMegabyteLineIsExtracted() throws {
        let unit = String(repeating: "认真落实整改责任", count: 30) + "计划于2024年10月底前完成"
        let text = String(repeating: unit, count: 10_000_000 / unit.utf8.count)
        let file = try Self.temporaryFile(Data(text.utf8))
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try Self.run(["extract", file.path, "--ref", "2024-11-21", "--kind", "deadline", "--format", "csv"])
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\r\n").count > 1000)
    }
}
