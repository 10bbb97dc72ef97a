import Foundation
import Testing
@testable import Tabular

@Suite("CSVReader")
struct CSVReaderTests {
    let reader = CSVReader()

    @Test("UTF-8 without BOM: cells, rows and line positions")
    func utf8() throws {
        let table = try reader.read(Array("序号,整改措施,完成时限\n1,建立台账,2025年10月31日前\n".utf8), name: "台账.csv")
        #expect(table.texts == [["序号", "整改措施", "完成时限"], ["1", "建立台账", "2025年10月31日前"]])
        #expect(table.encoding == .utf8)
        #expect(table.sheet == nil)
        #expect(table.rows[1].position == .line(file: "台账.csv", line: 2))
        #expect(table.rows[1].cells[2].ref.description == "台账.csv:2 C列")
    }

    @Test("UTF-8 with BOM: the BOM is not part of the first cell")
    func utf8BOM() throws {
        let table = try reader.read([0xEF, 0xBB, 0xBF] + Array("序号,措施\n1,a\n".utf8), name: "a.csv")
        #expect(table.rows[0][0] == .text("序号"))
        #expect(table.encoding == .utf8)
    }

    @Test("GB18030 without BOM, as Excel on Chinese Windows saves it, is detected and decoded")
    func gb18030() throws {
        let text = "某某区巡察整改台账\r\n序号,问题,整改措施\r\n1,台账不全,“补齐”台账\r\n"
        let bytes = Fixture.encode(text, as: "GB18030")
        #expect(bytes != Array(text.utf8))
        let table = try reader.read(bytes, name: "gbk.csv")
        #expect(table.encoding == .gb18030)
        #expect(table.texts == [["某某区巡察整改台账"], ["序号", "问题", "整改措施"], ["1", "台账不全", "“补齐”台账"]])
        #expect(table.rows[2].position.number == 3)
    }

    @Test("GB18030 four-byte sequences (characters outside GBK) decode")
    func gb18030FourByte() throws {
        let text = "名称,备注\n𠀀字,€\n" // U+20000 and the euro sign need 4-byte GB18030
        let table = try reader.read(Fixture.encode(text, as: "GB18030"), name: "gb.csv")
        #expect(table.texts[1] == ["𠀀字", "€"])
    }

    @Test("Foundation's GB18030 decoder and ours agree on the same bytes")
    func foundationAgrees() throws {
        let text = "序号,整改措施,责任单位\n1,建立长效机制,区财政局\n"
        let bytes = Fixture.encode(text, as: "GB18030")
        let viaFoundation = String(data: Data(bytes), encoding: String.Encoding(rawValue: 0x8000_0632))
        #expect(viaFoundation == text)
        let utf8 = try bytes.withUnsafeBufferPointer { buffer in
            try TextDecoder.decode(buffer, as: nil, file: "x.csv").utf8(of: buffer)
        }
        #expect(String(decoding: utf8, as: UTF8.self) == text)
    }

    @Test("UTF-16 LE and BE with BOM")
    func utf16() throws {
        let text = "序号\t措施\n1\t建立台账\n"
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let a = try reader.read(le, name: "le.csv")
        let b = try reader.read(be, name: "be.csv")
        #expect(a.encoding == .utf16LittleEndian)
        #expect(b.encoding == .utf16BigEndian)
        #expect(a.texts == [["序号", "措施"], ["1", "建立台账"]])
        #expect(b.texts == a.texts)
    }

    @Test("Tab-separated text is detected as such")
    func tabSeparated() throws {
        let table = try reader.read(Array("序号\t问题\t措施\n1\t问题, 含逗号\t措施一\n".utf8), name: "t.txt")
        #expect(table.texts[1] == ["1", "问题, 含逗号", "措施一"])
    }

    @Test("Semicolon-separated text is detected, a title row without delimiters does not vote")
    func semicolonWithTitle() throws {
        let table = try reader.read(Array("台账标题\na;b;c\n1;2,5;3\n".utf8), name: "s.csv")
        #expect(table.texts == [["台账标题"], ["a", "b", "c"], ["1", "2,5", "3"]])
    }

    @Test("Quoted cells hold delimiters, doubled quotes and line breaks; lines are counted physically")
    func quotedMultiline() throws {
        let text = "序号,措施,时限\n1,\"第一步；\n第二步，\"\"加快\"\"\n第三步\",2025年底\n2,简单措施,长期坚持\n"
        let table = try reader.read(Array(text.utf8), name: "m.csv")
        #expect(table.rows.count == 3)
        #expect(table.rows[1][1] == .text("第一步；\n第二步，\"加快\"\n第三步"))
        #expect(table.rows[1].position.number == 2)
        #expect(table.rows[1].cells[2].ref.description == "m.csv:4 C列") // starts on line 4
        #expect(table.rows[2].position.number == 5)
    }

    @Test("CRLF, LF and CR line ends each count one line; CRLF inside a quoted cell becomes LF")
    func lineEnds() throws {
        let table = try reader.read(Array("a,b\r\n1,\"x\r\ny\"\r\n2,z\r3,w\n4,v".utf8), name: "e.csv")
        #expect(table.texts == [["a", "b"], ["1", "x\ny"], ["2", "z"], ["3", "w"], ["4", "v"]])
        #expect(table.rows.map(\.position.number) == [1, 2, 4, 5, 6])
    }

    @Test("Blank lines are skipped but still counted")
    func blankLines() throws {
        let table = try reader.read(Array("a,b\n\n,\n1,2\n".utf8), name: "b.csv")
        #expect(table.rows.map(\.position.number) == [1, 4])
    }

    @Test("An empty file is an error that names the file")
    func emptyFile() {
        #expect(tabularError { _ = try reader.read([UInt8](), name: "空.csv") } == .emptyFile(file: "空.csv"))
        #expect(tabularError { _ = try reader.read([0xEF, 0xBB, 0xBF, 0x0D, 0x0A], name: "bom.csv") } == .emptyFile(file: "bom.csv"))
        #expect(TabularError.emptyFile(file: "空.csv").description == "空.csv: 文件为空 (empty file)")
    }

    @Test("A 10 MB cell loads whole")
    func hugeCell() throws {
        let big = String(repeating: "整改", count: 10 * 1024 * 1024 / 6)
        let text = "a,b\n1,\"\(big)\"\n2,x\n"
        let table = try reader.read(Array(text.utf8), name: "big.csv")
        #expect(table.rows[1][1].text?.utf8.count == big.utf8.count)
        #expect(table.rows[2].position.number == 3)
    }

    @Test("A row with more cells than the header keeps its extra cells")
    func extraCells() throws {
        let table = try reader.read(Array("a,b\n1,2,3,4\n".utf8), name: "x.csv")
        #expect(table.rows[1].cells.count == 4)
        #expect(table.rows[1][3] == .text("4"))
    }

    @Test("Invalid bytes in a UTF-8 file: the error names the line")
    func invalidUTF8() {
        let bytes = Array("序号,措施\n1,建立台账制度\n2,完善".utf8) + [0xFF] + Array("机制\n3,加强监督\n".utf8)
        let error = tabularError { _ = try reader.read(bytes, name: "bad.csv") }
        #expect(error == .invalidEncoding(file: "bad.csv", line: 3, encoding: .utf8))
        #expect(error?.description.hasPrefix("bad.csv:3: 第 3 行") == true)
    }

    @Test("Invalid bytes in a GB18030 file: the error names the line")
    func invalidGB18030() {
        let bytes = Fixture.encode("序号,措施\r\n1,台账\r\n", as: "GB18030") + [0x81, 0x20] + Fixture.encode("坏\r\n", as: "GB18030")
        #expect(tabularError { _ = try reader.read(bytes, name: "bad.csv") } == .invalidEncoding(file: "bad.csv", line: 3, encoding: .gb18030))
    }

    @Test("A GB18030 file read as forced UTF-8 fails at the first line with Chinese text")
    func wrongForcedEncoding() {
        let bytes = Fixture.encode("id,name\n1,整改\n", as: "GB18030")
        let forced = CSVReader(encoding: .utf8)
        #expect(tabularError { _ = try forced.read(bytes, name: "w.csv") } == .invalidEncoding(file: "w.csv", line: 2, encoding: .utf8))
    }

    @Test("An .xlsx handed to the CSV reader is refused, not read as garbage")
    func spreadsheetAsCSV() throws {
        let xlsx = try XLSXWriter().data(for: [.init(name: "S", rows: [[.text("a")]])])
        #expect(tabularError { _ = try reader.read(xlsx, name: "台账.csv") } == .spreadsheetGivenAsCSV(file: "台账.csv"))
    }

    @Test("An unterminated quote keeps the text and warns with the line it started on")
    func unterminatedQuote() throws {
        let table = try reader.read(Array("a,b\n1,\"open\n2,x\n".utf8), name: "q.csv")
        #expect(table.rows.count == 2)
        #expect(table.rows[1][1] == .text("open\n2,x\n"))
        #expect(table.warnings.map(\.location) == ["q.csv:2"])
    }

    @Test("Text after a closing quote is kept, with a warning")
    func strayQuote() throws {
        let table = try reader.read(Array("a,b\n\"x\"y,2\n".utf8), name: "s.csv")
        #expect(table.rows[1][0] == .text("xy"))
        #expect(table.warnings.count == 1)
    }

    @Test("Reading from a file path names the table after the file")
    func fromPath() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("整改台账.csv")
        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: path))
        let table = try reader.read(contentsOf: path)
        #expect(table.source == "整改台账.csv")
        #expect(table.rows.count == 2)
        let missing = tabularError { _ = try reader.read(contentsOf: dir.file("无.csv")) }
        if case .unreadable(let file, _) = missing { #expect(file == "无.csv") } else { Issue.record("expected unreadable, got \(String(describing: missing))") }
    }
}

/// OWASP's CSV-injection rule as CSVWriter applies it: a cell a spreadsheet would run gets a `'`.
@Suite struct CSVFormulaTests {
    @Test(arguments: [
        ("=1+1", "'=1+1"), ("+1+cmd", "'+1+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"), ("\r=1", "\"'\r=1\""), ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
        ("'=1", "''=1"),
        // Plain numbers cannot call anything: a negative day count stays a number.
        ("-3", "-3"), ("+12", "+12"), ("-2.5", "-2.5"), ("-", "'-"), ("-.5", "'-.5"),
        ("建立台账", "建立台账"), ("'abc", "'abc"), ("a=b", "a=b"), ("", ""),
    ])
    func neutralised(cell: String, written: String) {
        #expect(CSVWriter.field(cell) == written)
    }

    @Test(arguments: ["=1+1", "'=1", "''@x", "-2+3", "-3", "'abc", "abc", "\t=1"])
    func readsBackWhatWasWritten(cell: String) {
        let written = CSVWriter.needsNeutralizing(cell) ? "'" + cell : cell
        #expect(CSVWriter.removingNeutralization(written) == cell)
    }

    @Test func rawWritesCellsAsTheyAre() {
        #expect(CSVWriter.field("=1+1", formulas: .raw) == "=1+1")
        #expect(CSVWriter.row(["=1", "@a"], formulas: .raw) == "=1,@a\r\n")
    }
}

/// Records one at a time give the same rows, positions and warnings as the whole table.
@Suite struct CSVRowsTests {
    static let samples: [String] = [
        "序号,整改措施,责任单位\r\n1,\"建立\"\"长效\"\"机制\",区财政局\r\n\r\n2,\"跨\n两行\",区教育局\r\n",
        "\u{FEFF}a;b;c\n1;2;3\n4;5;6",
        "a,b\n\"unterminated,x\n1,2\n",
        "a,b\n\"x\"y,2\n3,4\n",
        "标题行\n序号\t措施\t单位\n1\t措施一\t单位一\n",
    ]

    @Test(arguments: samples)
    func streamedRowsEqualTheTable(_ text: String) throws {
        let data = Data(text.utf8)
        let table = try CSVReader().read(data, name: "s.csv")
        var stream = try CSVReader().rows(data, name: "s.csv")
        var rows: [Row] = []
        while let row = stream.next() { rows.append(row) }
        #expect(rows.map(\.position) == table.rows.map(\.position))
        #expect(rows.map { $0.cells.map(\.displayText) } == table.rows.map { $0.cells.map(\.displayText) })
        #expect(rows.map { $0.cells.map(\.ref) } == table.rows.map { $0.cells.map(\.ref) })
        #expect(stream.warnings == table.warnings)
        #expect(stream.encoding == table.encoding)
        #expect(stream.next() == nil)
    }

    @Test func gb18030IsConvertedOnce() throws {
        let bytes = Fixture.encode("序号,整改措施\n1,建立长效机制\n", as: "GB18030")
        var stream = try CSVReader().rows(Data(bytes), name: "gb.csv")
        #expect(stream.encoding == .gb18030)
        #expect(stream.next()?.cells.map(\.displayText) == ["序号", "整改措施"])
        #expect(stream.next()?.cells.map(\.displayText) == ["1", "建立长效机制"])
        #expect(stream.next() == nil)
    }
}

/// A CSV file read in pieces gives the rows of the whole file: records and quoted cells that
/// cross a piece boundary, CRLF, a BOM; a rewrite while reading is reported.
@Suite struct CSVFilePiecesTests {
    static func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "xianqi-pieces-\(UInt64.random(in: 0...UInt64.max)).csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func allRows(_ rows: inout CSVRows) -> [Row] {
        var out: [Row] = []
        while let row = rows.next() { out.append(row) }
        return out
    }

    /// About 3 MB, so at least three pieces; cells with quotes, commas and line breaks everywhere.
    static let large: String = "\u{FEFF}序号,整改措施,责任单位\r\n" + (1...40_000).map { n in
        n % 7 == 0 ? "\(n),\"跨行的\n措施，含\"\"引号\"\"\(n)\",区财政局\r\n" : "\(n),建立长效机制第\(n)项,区教育局\r\n"
    }.joined()

    @Test func piecesGiveTheRowsOfTheWholeFile() throws {
        let path = try Self.file(Self.large)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var streamed = try CSVReader().rows(contentsOfFile: path, name: "big.csv")
        let table = try CSVReader().read(Data(contentsOf: URL(fileURLWithPath: path)), name: "big.csv")
        let rows = Self.allRows(&streamed)
        #expect(rows.count == 40_001)
        #expect(rows.map(\.position) == table.rows.map(\.position))
        #expect(rows.map { $0.cells.map(\.displayText) } == table.rows.map { $0.cells.map(\.displayText) })
        #expect(streamed.warnings == table.warnings)
        #expect(!streamed.changed)
    }

    @Test func aFileRewrittenWhileReadIsReported() throws {
        let path = try Self.file(Self.large)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var streamed = try CSVReader().rows(contentsOfFile: path, name: "big.csv")
        _ = streamed.next()
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("40001,追加的一行,区财政局\r\n".utf8))
        try handle.close()
        _ = Self.allRows(&streamed)
        #expect(streamed.changed)
    }

    @Test func aFileNotUTF8IsReadWholeAndConverted() throws {
        let path = NSTemporaryDirectory() + "xianqi-pieces-gb-\(UInt64.random(in: 0...UInt64.max)).csv"
        try Data(Fixture.encode("序号,整改措施\n1,建立长效机制\n", as: "GB18030")).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var streamed = try CSVReader().rows(contentsOfFile: path, name: "gb.csv")
        #expect(streamed.encoding == .gb18030)
        #expect(Self.allRows(&streamed).map { $0.cells.map(\.displayText) } == [["序号", "整改措施"], ["1", "建立长效机制"]])
    }

    @Test func anEmptyOrBlankFileIsTheSameErrorAsWhole() throws {
        for text in ["", "\u{FEFF}", " \r\n\t\n"] {
            let path = try Self.file(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(throws: TabularError.emptyFile(file: "e.csv")) { _ = try CSVReader().rows(contentsOfFile: path, name: "e.csv") }
            #expect(throws: TabularError.emptyFile(file: "e.csv")) { _ = try CSVReader().read(Data(text.utf8), name: "e.csv") }
        }
    }
}
