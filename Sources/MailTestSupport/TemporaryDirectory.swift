import Foundation

/// A fresh directory under the system's temporary directory, removed by ``remove()``.
public struct TemporaryDirectory: Sendable {
    public let path: String

    /// Creates `/tmp/xianqi-<label>-<uuid>`.
    public init(_ label: String) throws {
        path = FileManager.default.temporaryDirectory.path + "/xianqi-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    public func appending(_ component: String) -> String {
        path + "/" + component
    }

    public func remove() {
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
