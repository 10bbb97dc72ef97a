import Foundation
import ProcessTestSupport

/// One record as `journalctl -o json` prints it: every field with all its values, as bytes.
public struct JournalEntry: Sendable, Equatable {
    /// Field name → values (a field may repeat in one record).
    public var fields: [String: [[UInt8]]]

    /// The first value of `name` as UTF-8 text, or nil.
    public subscript(name: String) -> String? {
        fields[name]?.first.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The first value of `name` as raw bytes, or nil.
    public func bytes(_ name: String) -> [UInt8]? { fields[name]?.first }

    /// Every value of `name` as text, in the order journalctl gave them.
    public func values(_ name: String) -> [String] {
        (fields[name] ?? []).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Reads records back with the real `journalctl`, the way an operator would.
public enum JournalReader {
    /// The field tests put on their records to find exactly those again.
    public static let tagField = "XIANQI_TEST_TAG"

    /// A value for ``tagField`` that no other record has.
    public static func newTag() -> String { UUID().uuidString.lowercased() }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Records matching `NAME=value`, retried until `count` have arrived or `timeout` passes
    /// (journald writes asynchronously; `journalctl --sync` asks it to flush first).
    ///
    ///     try JournalReader.entries(matching: ("XIANQI_TEST_TAG", tag), count: 1)
    public static func entries(
        matching match: (name: String, value: String),
        count: Int = 1,
        outputFields: [String] = [],
        timeout: Duration = .seconds(10)
    ) throws -> [JournalEntry] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var found: [JournalEntry] = []
        repeat {
            _ = try? run(["--sync"])
            var arguments = ["-o", "json", "--all", "--no-pager", "--quiet"]
            if !outputFields.isEmpty {
                arguments.append("--output-fields=" + outputFields.joined(separator: ","))
            }
            arguments.append("\(match.name)=\(match.value)")
            let output = try run(arguments)
            found = try output.split(separator: UInt8(ascii: "\n")).map { try parse(Array($0)) }
            if found.count >= count { return found }
            usleep(100_000)
        } while ContinuousClock.now < deadline
        return found
    }

    /// Parses one line of `journalctl -o json`: a value is a string, an array of bytes
    /// (for non-printable or non-UTF-8 data), or an array of either for repeated fields.
    static func parse(_ line: [UInt8]) throws -> JournalEntry {
        guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
            throw Failure(description: "journalctl printed a line that is not a JSON object")
        }
        var fields: [String: [[UInt8]]] = [:]
        for (name, value) in object {
            fields[name] = values(of: value)
        }
        return JournalEntry(fields: fields)
    }

    private static func values(of json: Any) -> [[UInt8]] {
        if let text = json as? String { return [Array(text.utf8)] }
        if let bytes = byteArray(json) { return [bytes] }
        if let list = json as? [Any] { return list.flatMap(values(of:)) }
        return []
    }

    private static func byteArray(_ json: Any) -> [UInt8]? {
        guard let list = json as? [Any], !list.isEmpty else { return nil }
        var bytes: [UInt8] = []
        for element in list {
            guard let number = element as? NSNumber, !(element is String),
                  let byte = UInt8(exactly: number.intValue) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    /// Runs journalctl with a fixed environment (the test run's own may hold anything, a
    /// pager included) and returns its standard output.
    @discardableResult
    public static func run(_ arguments: [String]) throws -> [UInt8] {
        let run = try ChildProcess.run("/usr/bin/journalctl", arguments,
                                       environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", "SYSTEMD_PAGER": ""])
        guard run.status == 0 else {
            throw Failure(description: "journalctl \(arguments.joined(separator: " ")) exited \(run.status): \(run.stderr)")
        }
        return Array(run.stdout.utf8)
    }
}
