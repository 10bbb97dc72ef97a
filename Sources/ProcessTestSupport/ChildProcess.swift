import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process run to the end by a test, with standard output and standard error read at
/// the same time.
///
/// Why both at once: a pipe holds 64 KiB. A runner that reads standard output to its end
/// before it reads standard error waits for ever once the child has written 64 KiB to standard
/// error, because the child blocks on the full pipe and never closes standard output.
///
///     let run = try ChildProcess.run("/usr/bin/python3", ["-c", "print(1)"])
///     #expect(run.status == 0 && run.stdout == "1\n")
public enum ChildProcess {
    /// What a finished run printed, and its exit status (the signal's number when a signal
    /// ended it, as ``SpawnedProcess/terminationStatus`` gives it).
    public struct Run: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// Whether the timeout killed it.
        public let timedOut: Bool

        /// Standard output and standard error, one after the other, for messages.
        public var output: String { stdout + stderr }
    }

    /// A child started with its output in pipes, to be ended with ``finish(timeout:)``.
    public final class Started: @unchecked Sendable {
        public let process: SpawnedProcess
        private let out: Int32
        private let err: Int32

        fileprivate init(process: SpawnedProcess, out: Int32, err: Int32) {
            self.process = process
            self.out = out
            self.err = err
        }

        /// Reads both pipes to their ends at once, waits for the exit (SIGKILL after
        /// `timeout`) and returns what it printed.
        public func finish(timeout: Duration = .seconds(120)) -> Run {
            let killed = Flag()
            let process = self.process
            let watchdog = DispatchWorkItem {
                if process.isRunning {
                    killed.set()
                    process.signal(SIGKILL)
                }
            }
            let (seconds, attoseconds) = timeout.components
            DispatchQueue.global().asyncAfter(deadline: .now() + Double(seconds) + Double(attoseconds) / 1e18, execute: watchdog)
            let errors = Collected()
            let reader = DispatchGroup()
            let err = self.err
            DispatchQueue.global().async(group: reader) { errors.set(readAll(err)) }
            let o = readAll(out)
            reader.wait()
            process.waitUntilExit()
            watchdog.cancel()
            return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                       stderr: String(decoding: errors.get(), as: UTF8.self), timedOut: killed.get())
        }
    }

    /// Starts `executable` with `arguments`; `stdin` is written and closed (else /dev/null).
    public static func start(_ executable: String, _ arguments: [String], stdin: String? = nil,
                             environment: [String: String]? = nil, directory: String? = nil) throws -> Started {
        let out = try SpawnedProcess.pipe(), err = try SpawnedProcess.pipe()
        let input = try stdin.map { _ in try SpawnedProcess.pipe() }
        let process: SpawnedProcess
        do {
            process = try SpawnedProcess.spawn(executable, arguments, environment: environment, directory: directory,
                                               standardInput: input.map { .descriptor($0.read) } ?? .null,
                                               standardOutput: .descriptor(out.write), standardError: .descriptor(err.write))
        } catch {
            for fd in [out.read, out.write, err.read, err.write, input?.read ?? -1, input?.write ?? -1] where fd >= 0 { close(fd) }
            throw error
        }
        close(out.write)
        close(err.write)
        if let input, let stdin {
            close(input.read)
            // Written on a thread of its own: a child that prints before it has read all of a
            // large input would otherwise block us both.
            let data = Data(stdin.utf8)
            DispatchQueue.global().async { writeAll(data, to: input.write) }
        }
        return Started(process: process, out: out.read, err: err.read)
    }

    /// Runs `executable` to the end (SIGKILL after `timeout`) and returns what it printed.
    public static func run(_ executable: String, _ arguments: [String], stdin: String? = nil,
                           environment: [String: String]? = nil, directory: String? = nil,
                           timeout: Duration = .seconds(120)) throws -> Run {
        try start(executable, arguments, stdin: stdin, environment: environment, directory: directory).finish(timeout: timeout)
    }
}

/// A value one thread sets and another reads after it has joined.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    func get() -> Bool { lock.withLock { value } }
}
