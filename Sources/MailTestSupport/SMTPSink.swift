import Foundation
import ProcessTestSupport
import Synchronization

/// A real SMTP server on 127.0.0.1 (Python's aiosmtpd) that writes every message it
/// accepts to a directory, one file per message, exactly as received.
///
/// It can refuse recipients with `451 4.3.0` (a temporary failure, as a busy relay would)
/// while ``refusing`` is on, and be stopped and started again on the same port to play
/// an MTA outage. It exits by itself when the test process goes away (it watches its stdin).
///
///     let sink = try SMTPSink.start(in: directory)
///     defer { sink.stop() }
///     let command = try MSMTP.command(for: sink, in: directory)
public final class SMTPSink: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int
    /// Where received messages are written (`*.eml`).
    public let inbox: String
    private let refuseFlag: String
    private let process: SpawnedProcess
    /// The write end of its stdin, closed once by ``stop()``.
    private let stdin: Mutex<Int32>

    private init(port: Int, inbox: String, refuseFlag: String, process: SpawnedProcess, stdin: Int32) {
        self.port = port
        self.inbox = inbox
        self.refuseFlag = refuseFlag
        self.process = process
        self.stdin = Mutex(stdin)
    }

    /// Starts a sink writing into `<directory>/inbox`; on `port`, or a free one when nil.
    public static func start(in directory: String, port: Int? = nil) throws -> SMTPSink {
        let inbox = directory + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let script = directory + "/smtp-sink.py"
        try Data(sinkScript.utf8).write(to: URL(fileURLWithPath: script))
        let portFile = directory + "/smtp-sink.port"
        try? FileManager.default.removeItem(atPath: portFile)
        let stdin = try SpawnedProcess.pipe()
        let process: SpawnedProcess
        do {
            process = try SpawnedProcess.spawn(
                Python.executable,
                [script, "--inbox", inbox, "--port", String(port ?? 0), "--port-file", portFile,
                 "--refuse-flag", directory + "/smtp-sink.refuse"],
                standardInput: .descriptor(stdin.read), standardError: .file(directory + "/smtp-sink.log"))
        } catch {
            close(stdin.read)
            close(stdin.write)
            throw error
        }
        close(stdin.read)
        let started = waitUntil(timeout: .seconds(15)) {
            !process.isRunning || (try? String(contentsOfFile: portFile, encoding: .utf8))?.hasSuffix("\n") == true
        }
        guard started, process.isRunning,
              let text = try? String(contentsOfFile: portFile, encoding: .utf8),
              let bound = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            close(stdin.write)
            process.terminate()
            process.waitUntilExit()
            let log = (try? String(contentsOfFile: directory + "/smtp-sink.log", encoding: .utf8)) ?? ""
            throw TestSupportFailure("the aiosmtpd sink did not start (is python3-aiosmtpd installed for \(Python.executable)? bash .ci/setup): \(log)")
        }
        return SMTPSink(port: bound, inbox: inbox, refuseFlag: directory + "/smtp-sink.refuse", process: process, stdin: stdin.write)
    }

    /// While true, every recipient is refused with `451 4.3.0`.
    public var refusing: Bool {
        get { FileManager.default.fileExists(atPath: refuseFlag) }
        set {
            if newValue {
                _ = FileManager.default.createFile(atPath: refuseFlag, contents: nil)
            } else {
                try? FileManager.default.removeItem(atPath: refuseFlag)
            }
        }
    }

    /// Stops the server (closing its stdin, then SIGTERM if it lingers) and waits for it.
    public func stop() {
        stdin.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
        if !waitUntil(timeout: .seconds(5), { !process.isRunning }) {
            process.terminate()
        }
        process.waitUntilExit()
    }

    /// One message as the sink received it.
    public struct Received: Sendable {
        /// The message, byte for byte.
        public let bytes: [UInt8]
        /// `MAIL FROM` and `RCPT TO`: where the MTA actually sent it.
        public let envelopeSender: String
        public let envelopeRecipients: [String]
    }

    /// The messages received so far, oldest first.
    public func received() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: inbox).filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }.sorted()
        return try names.map { name in
            let path = inbox + "/" + name
            let envelope = try String(contentsOfFile: path.replacingOccurrences(of: ".eml", with: ".envelope"), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            return Received(
                bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))),
                envelopeSender: envelope.first ?? "", envelopeRecipients: Array(envelope.dropFirst()))
        }
    }

    /// Waits until at least `count` messages arrived; returns whether they did in time.
    public func waitForMessages(_ count: Int, timeout: Duration = .seconds(20)) -> Bool {
        waitUntil(timeout: timeout) { ((try? received().count) ?? 0) >= count }
    }

    static let sinkScript = #"""
        # SMTP sink for xianqi's tests: aiosmtpd on 127.0.0.1, one .eml file per message.
        import argparse, asyncio, os, socket, sys, time, uuid
        from aiosmtpd.smtp import SMTP

        class Handler:
            def __init__(self, inbox, refuse_flag):
                self.inbox, self.refuse_flag = inbox, refuse_flag

            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if os.path.exists(self.refuse_flag):
                    return "451 4.3.0 sink is refusing mail for now"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                name = "%d-%s.eml" % (time.time_ns(), uuid.uuid4().hex)
                with open(os.path.join(self.inbox, name[:-4] + ".envelope"), "w") as f:
                    f.write("\n".join([envelope.mail_from] + envelope.rcpt_tos) + "\n")
                temporary = os.path.join(self.inbox, "." + name)
                with open(temporary, "wb") as f:
                    f.write(envelope.original_content)
                    f.flush()
                    os.fsync(f.fileno())
                os.rename(temporary, os.path.join(self.inbox, name))
                return "250 2.0.0 OK " + name

        class NoDelaySMTP(SMTP):
            # Replies go out at once, as a real MTA's do, instead of waiting out Nagle's
            # algorithm against the client's delayed ACK (40 ms per multi-line reply).
            def connection_made(self, transport):
                transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                super().connection_made(transport)

        async def main():
            p = argparse.ArgumentParser()
            p.add_argument("--inbox"); p.add_argument("--port", type=int)
            p.add_argument("--port-file"); p.add_argument("--refuse-flag")
            a = p.parse_args()
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", a.port))
            sock.listen(64)
            loop = asyncio.get_running_loop()
            handler = Handler(a.inbox, a.refuse_flag)
            server = await loop.create_server(lambda: NoDelaySMTP(handler, hostname="sink.test", decode_data=False), sock=sock)
            with open(a.port_file + ".tmp", "w") as f:
                f.write("%d\n" % sock.getsockname()[1])
            os.rename(a.port_file + ".tmp", a.port_file)
            done = asyncio.Event()
            def on_stdin():
                if not os.read(sys.stdin.fileno(), 4096):
                    done.set()
            loop.add_reader(sys.stdin.fileno(), on_stdin)
            await done.wait()
            server.close()
            await server.wait_closed()

        asyncio.run(main())
        """#
}
