import Foundation
import Glibc
import Tabular
import ZIPFoundation

/// A temporary directory removed when the test is done with it.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tabular-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

enum Fixture {
    /// Text encoded by glibc iconv, e.g. GB18030 as Excel on Chinese Windows saves it.
    static func encode(_ text: String, as encoding: String) -> [UInt8] {
        let cd = iconv_open(encoding, "UTF-8")
        precondition(cd != iconv_t(bitPattern: -1), "iconv cannot encode \(encoding)")
        defer { iconv_close(cd) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let produced = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                precondition(rc != -1, "iconv failed")
                return outBuf.count - outLeft
            }
        }
        return Array(output.prefix(produced))
    }

    /// A zip archive of the given parts, for workbooks the writer would never produce.
    static func zip(_ parts: [String: String], compression: CompressionMethod = .deflate) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: compression) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return archive.data!
    }

    static let mainNS = #"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#

    /// A hand-made workbook with one sheet whose `<sheetData>…` body, shared strings and
    /// styles are given as raw XML.
    static func workbook(
        sheetXML: String, sharedStrings: [String]? = nil, stylesXML: String? = nil,
        workbookPr: String = "", sheetName: String = "Sheet1", compression: CompressionMethod = .deflate
    ) throws -> Data {
        var parts: [String: String] = [
            "[Content_Types].xml": #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
            "_rels/.rels": #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
            "xl/workbook.xml": "<workbook \(mainNS)>\(workbookPr)<sheets><sheet name=\"\(sheetName)\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            "xl/worksheets/sheet1.xml": "<worksheet \(mainNS)>\(sheetXML)</worksheet>",
        ]
        var rels = #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#
        if let sharedStrings {
            parts["xl/sharedStrings.xml"] = "<sst \(mainNS)>" + sharedStrings.joined() + "</sst>"
            rels += #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
        }
        if let stylesXML {
            parts["xl/styles.xml"] = "<styleSheet \(mainNS)>\(stylesXML)</styleSheet>"
            rels += #"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/>"#
        }
        parts["xl/_rels/workbook.xml.rels"] = rels + "</Relationships>"
        return try zip(parts, compression: compression)
    }
}

extension Table {
    /// Each row's display texts, for compact expectations.
    var texts: [[String]] { rows.map { $0.cells.map(\.displayText) } }
}

/// The error a throwing expression raised, for asserting on its case and message.
func tabularError(_ body: () throws -> Void) -> TabularError? {
    do {
        try body()
        return nil
    } catch {
        return error as? TabularError
    }
}
