import Foundation

/// A child run with standard output, standard error or both on a pseudo-terminal, for the
/// behaviour a command has only on a terminal (colour, progress on standard error).
///
/// Python's `pty` module makes the terminal (Debian's python3 has it; so does any other):
/// a raw one, so that what the child writes arrives byte for byte (no `\n` → `\r\n`), 80
/// columns wide. What went to the terminal comes back as ``Run/terminal``; a stream not on
/// the terminal is a pipe, as in ``ChildProcess``.
///
///     let r = try PseudoTerminal.run(XianqiProcess.binary, ["overdue"], on: .standardOutput)
///     #expect(r.terminal.contains("\u{1B}[31m"))
public enum PseudoTerminal {
    /// Which of the child's streams are the terminal.
    public enum Streams: String, Sendable {
        case standardOutput = "out", standardError = "err", both
    }

    /// What the child wrote, to the terminal and to the pipes, and its exit status.
    public struct Run: Sendable {
        public let status: Int32
        /// Everything written to the terminal (both streams, when both are on it).
        public let terminal: String
        /// A stream not on the terminal; empty for one that is.
        public let stdout: String
        public let stderr: String
    }

    static let script = #"""
    import json, os, pty, subprocess, sys, threading, tty, fcntl, struct, termios
    which = sys.argv[1]
    master, slave = pty.openpty()
    tty.setraw(slave)
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    out = slave if which in ("out", "both") else subprocess.PIPE
    err = slave if which in ("err", "both") else subprocess.PIPE
    p = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    os.close(slave)
    got = {"terminal": b"", "stdout": b"", "stderr": b""}
    def drain(name, f):
        got[name] = f.read()
    threads = []
    if p.stdout: threads.append(threading.Thread(target=drain, args=("stdout", p.stdout)))
    if p.stderr: threads.append(threading.Thread(target=drain, args=("stderr", p.stderr)))
    for t in threads: t.start()
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    got["terminal"] = b"".join(chunks)
    for t in threads: t.join()
    status = p.wait()
    print(json.dumps({"status": status, **{k: v.decode("utf-8", "replace") for k, v in got.items()}}))
    """#

    /// Runs `executable` with `streams` on a new terminal and the others in pipes.
    public static func run(_ executable: String, _ arguments: [String], on streams: Streams,
                           environment: [String: String]? = nil, timeout: Duration = .seconds(120)) throws -> Run {
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        let run = try ChildProcess.run(python == "python3" ? "/usr/bin/env" : python,
                                       (python == "python3" ? ["python3"] : []) + ["-c", script, streams.rawValue, executable] + arguments,
                                       environment: environment, timeout: timeout)
        guard run.status == 0, let data = run.stdout.data(using: .utf8),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let status = object["status"] as? Int else {
            throw TestSupportFailure("the pseudo-terminal runner failed (\(run.status)): \(run.stderr)")
        }
        return Run(status: Int32(status), terminal: object["terminal"] as? String ?? "",
                   stdout: object["stdout"] as? String ?? "", stderr: object["stderr"] as? String ?? "")
    }
}
