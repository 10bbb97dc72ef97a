import Foundation
import Testing

/// `tls` of the `[state]` setting against a real server that speaks TLS with a certificate
/// signed by a CA made for the test, and refuses plain connections (`hostnossl … reject`):
/// `disable` is refused by the server, `require` connects, `verify-full` connects with the
/// right `ca_file` and the certificate's host name, and refuses a certificate another CA signed.
@Suite(.serialized) struct PostgresTLSTests {
    /// A CA, and a server certificate for localhost and 127.0.0.1 signed by it.
    static func certificates(in dir: TemporaryDirectory) throws {
        func openssl(_ arguments: [String]) throws {
            let run = try ChildProcess.run("/usr/bin/openssl", arguments, directory: dir.path, timeout: .seconds(60))
            guard run.status == 0 else { throw TestSupportFailure("openssl \(arguments.joined(separator: " ")): \(run.output)") }
        }
        for ca in ["ca", "other-ca"] {
            try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=xianqi test \(ca)",
                         "-keyout", "\(ca).key", "-out", "\(ca).crt"])
        }
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr"])
        try dir.write("san.ext", "subjectAltName = DNS:localhost, IP:127.0.0.1\n")
        try openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
                     "-extfile", "san.ext", "-out", "server.crt"])
    }

    @Test func tlsModesAgainstAServerThatRefusesPlainConnections() async throws {
        try await onThread {
            let certs = TemporaryDirectory("xianqi-tls")
            try Self.certificates(in: certs)
            let server = try PostgresServer.start(label: "pg-tls", certificate: (certs.file("server.crt"), certs.file("server.key")))
            defer { server.stop() }
            _ = try server.createDatabase("xianqi")
            let hba = server.dataDirectory + "/pg_hba.conf"
            let lines = try String(contentsOfFile: hba, encoding: .utf8)
            try ("hostnossl all all 127.0.0.1/32 reject\n" + lines).write(toFile: hba, atomically: false, encoding: .utf8)
            #expect(try server.psql("SELECT pg_reload_conf()", database: "postgres").status == 0)

            func history(_ state: String) throws -> ChildProcess.Run {
                let host = try PostgresCommandTests.Host(state: "\n[state]\n" + state)
                return try host.run(["history", "GX-1"])
            }
            let plain = try history("url = \"postgresql://postgres@localhost:\(server.port)/xianqi\"")
            #expect(plain.status == 2)
            #expect(plain.stderr.contains("error: state.url: ") && plain.stderr.contains("no encryption"), "\(plain.stderr)")

            let required = try history("url = \"postgresql://postgres@localhost:\(server.port)/xianqi\"\ntls = \"require\"")
            #expect(required.status == 0, "\(required.output)")

            let verified = try history("""
                url = "postgresql://postgres@localhost:\(server.port)/xianqi"
                tls = "verify-full"
                ca_file = "\(certs.file("ca.crt"))"
                """)
            #expect(verified.status == 0, "\(verified.output)")

            let otherCA = try history("""
                url = "postgresql://postgres@localhost:\(server.port)/xianqi"
                tls = "verify-full"
                ca_file = "\(certs.file("other-ca.crt"))"
                """)
            #expect(otherCA.status == 2, "\(otherCA.output)")
            #expect(otherCA.stderr.contains("error: state.url: ") && otherCA.stderr.contains("无法连接 (cannot connect)"), "\(otherCA.stderr)")
        }
    }
}
