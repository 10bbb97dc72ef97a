import Foundation
import Mail

/// msmtp, the sendmail-compatible client from Debian's `msmtp` package, configured to
/// relay to an ``SMTPSink`` (plain SMTP on 127.0.0.1, no TLS, no auth).
public enum MSMTP {
    public static let executable = "/usr/bin/msmtp"

    /// Writes `<directory>/msmtprc` for `port` and returns the command that uses it:
    /// `msmtp -C <rc> --read-envelope-from -t -i`, the same shape as `sendmail -i -t`.
    public static func command(port: Int, in directory: String, timeout: Duration = .seconds(30)) throws -> SendmailCommand {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw TestSupportFailure("\(executable) is missing: install msmtp (bash .ci/setup)")
        }
        let rc = directory + "/msmtprc"
        let config = """
            defaults
            auth off
            tls off
            timeout 10
            logfile \(directory)/msmtp.log
            account default
            host 127.0.0.1
            port \(port)
            from xianqi@example.gov.cn

            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: rc))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: rc)
        return SendmailCommand([executable, "-C", rc, "--read-envelope-from", "-t", "-i"], timeout: timeout)
    }

    /// The command for a running sink.
    public static func command(for sink: SMTPSink, in directory: String) throws -> SendmailCommand {
        try command(port: sink.port, in: directory)
    }
}
