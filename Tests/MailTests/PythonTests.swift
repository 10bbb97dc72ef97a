import Foundation
import MailTestSupport
import Testing

/// Which python3 the mail tests run: Debian's, which has the apt packages, before PATH's.
@Suite struct PythonTests {
    @Test func debianPythonWinsOverAnEarlierOneOnPath() {
        let chosen = Python.executable(environment: ["PATH": "/root/.pyenv/shims:/usr/bin"],
                                       isExecutable: { ["/root/.pyenv/shims/python3", "/usr/bin/python3"].contains($0) })
        #expect(chosen == "/usr/bin/python3")
    }

    @Test func pathIsTheFallbackWithoutDebianPython() {
        let chosen = Python.executable(environment: ["PATH": "/opt/py/bin:/usr/local/bin"],
                                       isExecutable: { $0 == "/usr/local/bin/python3" })
        #expect(chosen == "/usr/local/bin/python3")
    }

    @Test func theEnvironmentOverrides() {
        let chosen = Python.executable(environment: ["XIANQI_TEST_PYTHON": "/opt/py/bin/python3"], isExecutable: { _ in true })
        #expect(chosen == "/opt/py/bin/python3")
    }

    @Test func theChosenPythonHasAiosmtpd() throws {
        let run = try ChildProcess.run(Python.executable, ["-c", "import aiosmtpd"])
        #expect(run.status == 0, "\(Python.executable) cannot import aiosmtpd: bash .ci/setup installs python3-aiosmtpd")
    }
}
