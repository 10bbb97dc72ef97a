import Foundation
import ProcessTestSupport
import Testing

/// What a child started by ``SpawnedProcess`` gets from the test process, and what it does not.
@Suite struct SpawnedProcessTests {
    /// A daemon one test starts must not hold the pipe another test is reading, or that reader
    /// waits until the daemon ends: the child has its three streams and nothing else.
    @Test func aChildHasOnlyItsThreeStreamsOpen() throws {
        let stray = try SpawnedProcess.pipe()
        let unflagged = open("/dev/null", O_RDONLY)   // without O_CLOEXEC, as Foundation opens files
        defer { close(stray.read); close(stray.write); close(unflagged) }
        let run = try ChildProcess.run("/bin/sh", ["-c", "ls /proc/$$/fd"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n") == ["0", "1", "2"])
    }

    /// The test process ignores SIGPIPE (a child that closes its stdin early must not kill it),
    /// and its threads block signals for Dispatch's sources: a child starts with neither. (Of
    /// the signals from 32 up, glibc keeps its own two, SIGCANCEL and SIGSETXID, as it likes.)
    @Test func aChildStartsWithDefaultSignalsAndNoneBlocked() throws {
        let run = try ChildProcess.run("/bin/grep", ["-E", "^Sig(Ign|Blk):", "/proc/self/status"])
        let masks = Dictionary(uniqueKeysWithValues: run.stdout.split(separator: "\n").map {
            let field = $0.split(separator: ":\t")
            return (String(field[0]), UInt64(field[1], radix: 16) ?? .max)
        })
        #expect(masks["SigBlk"] == 0, "\(run.stdout)")
        #expect(masks["SigIgn"].map { $0 & 0x7fff_ffff } == 0, "\(run.stdout)")
    }

    @Test func aChildThatClosesItsStandardInputEarlyDoesNotKillTheWriter() throws {
        let input = String(repeating: "x", count: 1 << 20)
        let run = try ChildProcess.run("/bin/true", [], stdin: input, timeout: .seconds(20))
        #expect(run.status == 0)
    }

    @Test func statusAndReasonAreThoseOfTheExitOrTheSignal() throws {
        let exited = try SpawnedProcess.spawn("/bin/sh", ["-c", "exit 3"])
        exited.waitUntilExit()
        #expect(exited.terminationStatus == 3 && exited.terminationReason == .exit)
        #expect(!exited.isRunning)

        let killed = try SpawnedProcess.spawn("/bin/sleep", ["30"])
        #expect(killed.isRunning)
        killed.terminate()
        killed.waitUntilExit()
        #expect(killed.terminationStatus == SIGTERM && killed.terminationReason == .uncaughtSignal)
    }

    @Test func outputToAFileIsAppendedAndTheDirectoryIsTheOneAsked() throws {
        let dir = TemporaryDirectory("spawned")
        try dir.write("log", "before\n")
        let child = try SpawnedProcess.spawn("/bin/sh", ["-c", "pwd; echo err >&2"], directory: dir.path,
                                             standardOutput: .file(dir.file("log")), standardError: .file(dir.file("log")))
        child.waitUntilExit()
        let realPath = URL(fileURLWithPath: dir.path).resolvingSymlinksInPath().path
        #expect(try String(contentsOfFile: dir.file("log"), encoding: .utf8) == "before\n\(realPath)\nerr\n")
    }

    @Test func anExecutableThatIsMissingIsAnError() {
        #expect(throws: TestSupportFailure.self) { try SpawnedProcess.spawn("/nonexistent/xianqi", []) }
    }

    /// Two threads waiting for the same child both return, with its status.
    @Test func waitingFromTwoThreadsAtOnce() async throws {
        let child = try SpawnedProcess.spawn("/bin/sh", ["-c", "sleep 0.2; exit 7"])
        async let a: Int32 = Task.detached { child.waitUntilExit(); return child.terminationStatus }.value
        async let b: Int32 = Task.detached { child.waitUntilExit(); return child.terminationStatus }.value
        #expect(await [a, b] == [7, 7])
    }
}
