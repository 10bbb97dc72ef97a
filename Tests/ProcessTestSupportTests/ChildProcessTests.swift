import Foundation
import ProcessTestSupport
import Testing

/// The runner every test target uses to run the binary.
@Suite struct ChildProcessTests {
    /// The copies this runner replaced read standard output to its end before standard error:
    /// past 64 KiB of standard error the child blocks on the full pipe, never closes standard
    /// output, and the test waits until the watchdog kills it.
    @Test func twoHundredKiBOfStandardErrorDoNotDeadlock() throws {
        let run = try ChildProcess.run("/bin/sh", ["-c", "head -c 204800 /dev/zero | tr '\\000' e >&2; echo done"],
                                       timeout: .seconds(20))
        #expect(!run.timedOut)
        #expect(run.status == 0)
        #expect(run.stderr.utf8.count == 204_800)
        #expect(run.stdout == "done\n")
    }

    @Test func aLargeStandardInputIsWrittenWhileTheChildPrints() throws {
        let input = String(repeating: "输入\n", count: 50_000)
        let run = try ChildProcess.run("/bin/cat", [], stdin: input, timeout: .seconds(20))
        #expect(run.status == 0)
        #expect(run.stdout == input)
    }

    @Test func aChildThatOutlivesItsTimeoutIsKilled() throws {
        let run = try ChildProcess.run("/bin/sleep", ["30"], timeout: .milliseconds(200))
        #expect(run.timedOut)
        #expect(run.status == SIGKILL)
    }

    @Test func aTemporaryDirectoryIsGoneWithItsLastReference() throws {
        var path = ""
        do {
            let dir = TemporaryDirectory("child-process")
            try dir.write("a.txt", "甲")
            path = dir.path
            #expect(FileManager.default.fileExists(atPath: dir.file("a.txt")))
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
