import Foundation

/// Reading a report a user names on the command line, with errors that say what is wrong.
enum ReportFile {
    struct ReadError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "\(path): \(reason)" }
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
                throw ReadError(path: path, reason: isDir.boolValue ? "是目录，不是文件 (is a directory)" : "无法读取 (permission denied)")
            }
            throw ReadError(path: path, reason: "文件不存在 (no such file)")
        }
        if data.isEmpty { return "" }
        if data.prefix(8192).contains(0) {
            throw ReadError(path: path, reason: "不是文本文件：含有 NUL 字节 (binary file, not text)")
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8(in: Array(bytes))
            throw ReadError(path: path, reason: "不是有效的 UTF-8 文本，第 \(offset.line) 行 (invalid UTF-8 at line \(offset.line), byte \(offset.byte)); 如为 GBK/GB18030 编码请先转换: iconv -f GB18030 -t UTF-8")
        }
        return text
    }

    private static func firstInvalidUTF8(in bytes: [UInt8]) -> (line: Int, byte: Int) {
        var line = 1
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let n = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            if n == 0 || i + n > bytes.count || String(validating: bytes[i..<(i + n)], as: UTF8.self) == nil {
                return (line, i)
            }
            if b == 0x0A { line += 1 }
            i += n
        }
        return (line, i)
    }
}
