import ChineseDates
import CorpusTestSupport
import Foundation
import Mail
import MailTestSupport
import NotifyTestSupport
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A real `xianqi serve` process on a configuration and ledger written for the test, with
/// its own state directory and a notify socket the test listens on.
final class DaemonFixture {
    let directory: URL
    let tag: String
    let notify: NotifySocket
    var process: SpawnedProcess?
    /// The read end of the pipe the current process writes to, when it has no log file.
    private var output: Int32 = -1
    /// Every notify message received, read continuously: a datagram socket holds only a few,
    /// and a daemon whose sd_notify blocks on a full socket would never stop.
    private let inbox = Inbox()
    private var reader: Thread?

    final class Inbox: Sendable {
        let messages = Mutex<[String]>([])
        let reading = Atomic<Bool>(true)
    }
    /// Where the current process's messages start in `messages`.
    private var firstMessage = 0

    static var binary: URL { URL(fileURLWithPath: XianqiProcess.binary) }

    static var zone: TimeZone { TimeZone(identifier: "Asia/Shanghai")! }

    static func today() -> CivilDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return CivilDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    init(window: String = "00:00-23:59") throws {
        tag = String(UUID().uuidString.prefix(8)).lowercased()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-daemon-\(tag)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        notify = try NotifySocket()
        try writeConfig(window: window)
        nonisolated(unsafe) let socket = notify
        let inbox = self.inbox
        let thread = Thread {
            while inbox.reading.load(ordering: .relaxed) {
                if let m = socket.receive(timeout: .milliseconds(100)) { inbox.messages.withLock { $0.append(m) } }
            }
        }
        thread.start()
        reader = thread
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        inbox.reading.store(false, ordering: .relaxed)
        usleep(200_000)
        try? FileManager.default.removeItem(at: directory)
    }

    var stateDirectory: URL { directory.appendingPathComponent("state") }
    var ledger: URL { directory.appendingPathComponent("ledger.csv") }
    var config: URL { directory.appendingPathComponent("xianqi.toml") }

    func writeConfig(window: String, extra: String = "") throws {
        let holidays = Corpus.repository.appendingPathComponent("Config/holidays-cn.toml").path
        let text = """
            timezone = "Asia/Shanghai"
            state_directory = "\(stateDirectory.path)"
            holidays = "\(holidays)"
            ledgers = ["*.csv"]
            \(extra)
            [office]
            from = "xianqi@example.gov.cn"

            [reminders]
            send_window = "\(window)"
            working_days_only = false

            """
        try Data(text.utf8).write(to: config)
    }

    /// Measures `id` due `days` from today (negative: overdue), one row each.
    func writeLedger(_ rows: [(id: String, due: Int)], unitEmail: String = "unit@example.gov.cn",
                     file: String = "ledger.csv") throws {
        var text = "序号,整改措施,责任单位,完成时限,联系邮箱\n"
        let today = Self.today()
        for row in rows {
            text += "\(tag)-\(row.id),措施\(row.id),测试单位\(tag),\(today.adding(days: row.due)),\(unitEmail)\n"
        }
        let tmp = directory.appendingPathComponent(".\(file).tmp")
        try Data(text.utf8).write(to: tmp)
        _ = rename(tmp.path, directory.appendingPathComponent(file).path)
    }

    /// Starts `xianqi serve`. Its output goes to a pipe read by ``wait()``, or, with `log`, to
    /// that file: a daemon that writes more than a pipe holds (64 KiB: thousands of events with
    /// no journald) would block on it before the test reads.
    func start(environment extra: [String: String] = [:], log: URL? = nil) throws {
        // Messages of an earlier process must not pass for this one's.
        firstMessage = inbox.messages.withLock { $0.count }
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = notify.path
        for (k, v) in extra { env[k] = v }
        logFile = log
        if let log {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process = try SpawnedProcess.spawn(Self.binary.path, ["serve", "-c", config.path], environment: env,
                                               standardOutput: .file(log.path), standardError: .file(log.path))
        } else {
            let pipe = try SpawnedProcess.pipe()
            defer { close(pipe.write) }
            do {
                process = try SpawnedProcess.spawn(Self.binary.path, ["serve", "-c", config.path], environment: env,
                                                   standardOutput: .descriptor(pipe.write), standardError: .descriptor(pipe.write))
            } catch {
                close(pipe.read)
                throw error
            }
            output = pipe.read
        }
    }

    /// Where the current process's output goes, when not to the pipe.
    private var logFile: URL?

    /// Runs `xianqi serve --once` to the end (at most `timeout`), its output standard output then standard error,
    /// outside systemd (no notify socket): its status and output.
    func runOnce(_ arguments: [String] = [], timeout: Duration = .seconds(60)) throws -> (status: Int32, output: String) {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        let run = try XianqiProcess.run(["serve", "--once", "-c", config.path] + arguments, environment: environment,
                                        timeout: timeout)
        return (run.status, run.output)
    }

    /// The current process's notify messages, once one containing `text` has arrived (or the timeout passed).
    func waitForNotify(_ text: String, timeout: Duration = .seconds(15)) -> [String] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        repeat {
            let seen = inbox.messages.withLock { Array($0.dropFirst(firstMessage)) }
            if seen.contains(where: { $0.contains(text) }) { return seen }
            usleep(50_000)
        } while ContinuousClock.now < deadline
        return inbox.messages.withLock { Array($0.dropFirst(firstMessage)) }
    }

    /// The current process's notify messages, once `count` of them are exactly `text` (or the timeout passed).
    @discardableResult
    func waitForNotify(_ text: String, count: Int, timeout: Duration = .seconds(30)) -> Int {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var seen = 0
        repeat {
            seen = inbox.messages.withLock { $0.dropFirst(firstMessage).filter { $0.split(separator: "\n").contains { $0 == text } }.count }
            if seen >= count { return seen }
            usleep(50_000)
        } while ContinuousClock.now < deadline
        return seen
    }

    func signal(_ signal: Int32) {
        if let process { kill(process.processIdentifier, signal) }
    }

    /// Waits for the process to end and returns its status and output.
    func wait() -> (status: Int32, output: String) {
        guard let process else { return (-1, "") }
        if let logFile {
            process.waitUntilExit()
            return (process.terminationStatus, (try? String(contentsOf: logFile, encoding: .utf8)) ?? "")
        }
        let data = output >= 0 ? readAll(output) : Data()
        output = -1
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func stop() -> (status: Int32, output: String) {
        signal(SIGTERM)
        return wait()
    }

    /// Rows of the sent log.
    func sentKeys() throws -> [String] {
        try sqlite("SELECT key FROM sent ORDER BY key;")
    }

    func sqlite(_ sql: String) throws -> [String] {
        let run = try ChildProcess.run(Python.executable, [
            "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); [print('|'.join(map(str,r))) for r in c.execute(sys.argv[2])]",
            stateDirectory.appendingPathComponent("state.sqlite").path, sql])
        return run.stdout.split(separator: "\n").map(String.init)
    }

    func spooled() -> [String] {
        let dir = stateDirectory.appendingPathComponent("mail/new").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    /// How many events are in the mail outbox (made into a message or not); 0 before it exists.
    func outboxCount() -> Int {
        (try? sqlite("SELECT COUNT(*) FROM mail_item;").first.flatMap { Int($0) }) ?? 0
    }

    /// The events the spooled messages carry (in new/, cur/ and sent/), each as often as it is
    /// carried: one message per unit and day carries many (a 催办单, X-Xianqi-Events).
    func mailed() -> [String] {
        let spool = MailSpool(directory: stateDirectory.appendingPathComponent("mail").path)
        return ((try? spool.contents([.queued, .delivering, .sent])) ?? []).flatMap(\.carriedEventKeys).sorted()
    }

    /// Journal records of this test's unit.
    func journal(count: Int, timeout: Duration = .seconds(10)) throws -> [JournalEntry] {
        try JournalReader.entries(matching: ("XIANQI_UNIT", "测试单位\(tag)"), count: count, timeout: timeout)
    }
}
