import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The `xianqi` binary the package builds, run as a child process by the tests of the
/// commands that spool and deliver mail (`flush`, `mailq`, `digest`).
public enum XianqiProcess {
    /// What a finished run printed, and its exit status.
    public struct Run: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// `xianqi` beside the test bundle.
    public static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("xianqi").path
    }

    /// Runs to completion (at most `timeout`, then SIGKILL) and returns what it printed.
    public static func run(_ arguments: [String], timeout: Duration = .seconds(60)) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let (seconds, attoseconds) = timeout.components
        DispatchQueue.global().asyncAfter(deadline: .now() + Double(seconds) + Double(attoseconds) / 1e18, execute: watchdog)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// ``run(_:timeout:)`` on a thread of its own, for async tests.
    public static func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> Run {
        try await onThread { try run(arguments, timeout: timeout) }
    }

    /// Starts without waiting; output goes to `log`.
    public static func start(_ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = FileHandle(forWritingAtPath: log)
        handle?.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}
