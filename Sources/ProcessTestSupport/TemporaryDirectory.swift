import Foundation

/// A fresh directory under the system's temporary directory, removed when the last reference
/// to it goes (or at once by ``remove()``).
///
///     let dir = TemporaryDirectory("digest")     // /tmp/xianqi-digest-1a2b3c4d
///     try dir.write("xianqi.toml", "ledgers = []")
///     run(["check", dir.file("xianqi.toml")])
public final class TemporaryDirectory: Sendable {
    public let path: String

    /// Creates `/tmp/xianqi-<label>-<uuid>`. A test cannot go on without it, so a directory
    /// that cannot be made stops the test process with the reason.
    public init(_ label: String = "test") {
        let name = label.hasPrefix("xianqi") ? label : "xianqi-" + label
        path = FileManager.default.temporaryDirectory.path + "/\(name)-\(UUID().uuidString.prefix(8))"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            preconditionFailure("cannot create \(path): \(error)")
        }
    }

    /// A path inside the directory.
    public func file(_ name: String) -> String {
        path + "/" + name
    }

    /// A path inside the directory (the same as ``file(_:)``).
    public func appending(_ component: String) -> String {
        file(component)
    }

    /// Writes `text` as UTF-8 to `name` inside the directory.
    public func write(_ name: String, _ text: String) throws {
        try text.write(toFile: file(name), atomically: true, encoding: .utf8)
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Why a test helper could not do its job (a missing tool, a child that did not start).
public struct TestSupportFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
public func waitUntil(timeout: Duration, _ condition: () throws -> Bool) rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}

/// Runs blocking work (waiting for child processes, polling) on a thread of its own, so
/// that it does not hold one of the few threads Swift concurrency runs every test on.
public func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
