import Foundation
import Subprocess
import SystemPackage

/// A sendmail-compatible command (postfix, exim, msmtp and nullmailer all install one)
/// run with the message on standard input.
///
/// The command is an argument vector, never a shell string: nothing in it is expanded.
/// `-t` makes the MTA take the recipients from the To and Cc headers, `-i` keeps a line
/// holding a single `.` from ending the message.
///
///     SendmailCommand.standard                                  // /usr/sbin/sendmail -i -t
///     SendmailCommand(["/usr/bin/msmtp", "-C", "/etc/xianqi/msmtprc", "--read-envelope-from", "-t"])
public struct SendmailCommand: Sendable, Hashable, CustomStringConvertible {
    /// The executable's absolute path, then its arguments.
    public var arguments: [String]
    /// How long one hand-over may take before the command is stopped and the attempt counts as failed.
    public var timeout: Duration

    /// `/usr/sbin/sendmail -i -t`, one minute.
    public static let standard = SendmailCommand(["/usr/sbin/sendmail", "-i", "-t"])

    public init(_ arguments: [String], timeout: Duration = .seconds(60)) {
        self.arguments = arguments
        self.timeout = timeout
    }

    /// Splits a command line at whitespace, without any shell quoting rules.
    ///
    ///     SendmailCommand(commandLine: "/usr/bin/msmtp -C /etc/msmtprc -t")
    public init(commandLine: String, timeout: Duration = .seconds(60)) {
        self.init(commandLine.split(whereSeparator: \.isWhitespace).map(String.init), timeout: timeout)
    }

    /// The command as one line, for logs and the delivery log.
    public var description: String { arguments.joined(separator: " ") }

    /// Why the command cannot run at all, or nil.
    public func problem() -> String? {
        guard let executable = arguments.first else { return "empty command" }
        guard executable.hasPrefix("/") else { return "\(executable): not an absolute path" }
        guard FileManager.default.isExecutableFile(atPath: executable) else { return "\(executable): not an executable file" }
        return nil
    }

    /// What happened to one hand-over.
    public enum Outcome: Sendable, Hashable {
        /// Exit status 0: the MTA has the message.
        case accepted
        /// Anything else, with the exit status or signal and what the command printed.
        case failed(String)
    }

    /// Runs the command with `standardInput` (an open spool file at offset 0) as its stdin.
    ///
    /// The descriptor is passed, not copied through a pipe: a command whose parent dies
    /// still reads the whole message, never a truncated one. On timeout the command gets
    /// SIGTERM, then SIGKILL two seconds later.
    func send(standardInput: Int32) async -> Outcome {
        if let problem = problem() { return .failed(problem) }
        do {
            return try await withThrowingTaskGroup(of: Outcome?.self) { group in
                group.addTask { try await run(standardInput: standardInput) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first ?? .failed("timed out after \(timeout)")
            }
        } catch {
            return .failed("\(arguments[0]): \(error)")
        }
    }

    private func run(standardInput: Int32) async throws -> Outcome {
        var options = PlatformOptions()
        options.teardownSequence = [.send(signal: .terminate, allowedDurationToNextStep: .seconds(2))]
        let result = try await Subprocess.run(
            .path(FilePath(arguments[0])),
            arguments: Arguments(Array(arguments.dropFirst())),
            platformOptions: options,
            input: .fileDescriptor(FileDescriptor(rawValue: standardInput), closeAfterSpawningProcess: false),
            output: .bytes(limit: 1 << 20),
            error: .combinedWithOutput
        )
        let printed = String(decoding: result.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        switch result.terminationStatus {
        case .exited(0):
            return .accepted
        case .exited(let code):
            return .failed("exit status \(code)\(Self.sysexitName(code))" + (printed.isEmpty ? "" : ": \(printed.suffix(2000))"))
        case .signaled(let signal):
            return .failed("killed by signal \(signal)" + (printed.isEmpty ? "" : ": \(printed.suffix(2000))"))
        }
    }

    /// sendmail's exit codes (sysexits.h), which every MTA's sendmail uses.
    static func sysexitName(_ code: Int32) -> String {
        let names: [Int32: String] = [
            64: "EX_USAGE", 65: "EX_DATAERR", 66: "EX_NOINPUT", 67: "EX_NOUSER", 68: "EX_NOHOST",
            69: "EX_UNAVAILABLE", 70: "EX_SOFTWARE", 71: "EX_OSERR", 72: "EX_OSFILE", 73: "EX_CANTCREAT",
            74: "EX_IOERR", 75: "EX_TEMPFAIL", 76: "EX_PROTOCOL", 77: "EX_NOPERM", 78: "EX_CONFIG",
        ]
        return names[code].map { " (\($0))" } ?? ""
    }
}
