import Foundation

/// The `xianqi` binary the package builds, run as a child process by every test target that
/// tests a command through the binary (XianqiCLITests, ScheduleTests, MailTests, DigestTests,
/// DaemonTests).
public enum XianqiProcess {
    /// What a finished run printed, and its exit status.
    public typealias Run = ChildProcess.Run

    /// `xianqi` beside the test bundle.
    public static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("xianqi").path
    }

    /// Runs to completion (at most `timeout`, then SIGKILL) and returns what it printed, both
    /// pipes read at once (``ChildProcess``).
    public static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil,
                           timeout: Duration = .seconds(60)) throws -> Run {
        try ChildProcess.run(binary, arguments, stdin: stdin, environment: environment, timeout: timeout)
    }

    /// ``run(_:stdin:environment:timeout:)`` on a thread of its own, for async tests.
    public static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil,
                           timeout: Duration = .seconds(60)) async throws -> Run {
        try await onThread { try run(arguments, stdin: stdin, environment: environment, timeout: timeout) }
    }

    /// Runs with `streams` on a pseudo-terminal (``PseudoTerminal``), the others in pipes.
    public static func run(_ arguments: [String], terminal streams: PseudoTerminal.Streams,
                           environment: [String: String]? = nil, timeout: Duration = .seconds(60)) throws -> PseudoTerminal.Run {
        try PseudoTerminal.run(binary, arguments, on: streams, environment: environment, timeout: timeout)
    }

    /// Starts with both pipes, to be ended with ``ChildProcess/Started/finish(timeout:)``.
    public static func start(_ arguments: [String], environment: [String: String]? = nil) throws -> ChildProcess.Started {
        try ChildProcess.start(binary, arguments, environment: environment)
    }

    /// Starts without waiting; both output streams are appended to `log`.
    public static func start(_ arguments: [String], log: String, environment: [String: String]? = nil) throws -> SpawnedProcess {
        try SpawnedProcess.spawn(binary, arguments, environment: environment, standardOutput: .file(log), standardError: .file(log))
    }
}
