import Foundation
import Mail
import MailTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The `xianqi` binary the package builds, run as a child process.
struct XianqiProcess {
    struct Run: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("xianqi").path
    }

    /// `xianqi flush` arguments for a fixture's spool, database and sendmail command.
    static func flushArguments(_ fixture: QueueFixture, command: SendmailCommand) -> [String] {
        ["flush", "--spool", fixture.spool.directory, "--database", fixture.directory.appending("state.sqlite"),
         "--sendmail", command.description]
    }

    /// Runs to completion (at most `timeout`, then SIGKILL) and returns what it printed.
    static func run(_ arguments: [String], timeout: Duration = .seconds(60)) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout.seconds, execute: watchdog)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// ``run(_:timeout:)`` on a thread of its own, for async tests.
    static func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> Run {
        try await onThread { try run(arguments, timeout: timeout) }
    }

    /// Starts without waiting; output goes to `log`.
    static func start(_ arguments: [String], log: String) throws -> Process {
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

extension Duration {
    /// Seconds as a `Double`, for Dispatch deadlines.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
