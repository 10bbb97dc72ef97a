import Foundation
import ProcessTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL 15 server for tests: a fresh cluster (`initdb`, trust authentication) in a
/// temporary directory, started by `pg_ctl` on a free loopback port with its socket in that
/// directory, stopped and removed by ``stop()``.
///
/// PostgreSQL refuses to run as root, and the tests run as root in CI: then `initdb` and
/// `pg_ctl` run as the `postgres` system user (`runuser -u postgres --`), in a directory it
/// owns. Why `pg_ctl -l`: the server's output goes to a log file, not to our pipes, so that
/// reading `pg_ctl`'s output to its end does not wait for the server, which would hold its
/// pipes for ever (and why every descriptor above 2 is closed before `pg_ctl` runs: see
/// `runAsServerUser`).
///
///     let server = try PostgresServer.start()
///     defer { server.stop() }
///     let url = try server.createDatabase("t1")        // postgresql://postgres@127.0.0.1:PORT/t1
public final class PostgresServer: Sendable {
    /// Debian's PostgreSQL 15 (`postgresql` in `.ci/apt-packages`).
    public static let binaries = "/usr/lib/postgresql/15/bin"

    public let directory: String
    public let port: Int
    public let user = "postgres"
    private let asPostgres: Bool

    private init(directory: String, port: Int, asPostgres: Bool) {
        self.directory = directory
        self.port = port
        self.asPostgres = asPostgres
    }

    /// The server's data directory.
    public var dataDirectory: String { directory + "/data" }

    /// `postgresql://postgres@127.0.0.1:PORT/DATABASE`.
    public func url(database: String) -> String { "postgresql://\(user)@127.0.0.1:\(port)/\(database)" }

    /// Makes a cluster and starts it. Tries three ports, in case another process takes the
    /// free one between the look and the start.
    ///
    /// With `certificate` (PEM files of a server certificate and its key), the server also
    /// speaks TLS (`ssl = on`), with copies of both in its directory owned by the server user.
    public static func start(label: String = "pg", certificate: (cert: String, key: String)? = nil) throws -> PostgresServer {
        guard FileManager.default.isExecutableFile(atPath: binaries + "/initdb") else {
            throw TestSupportFailure("no PostgreSQL 15 at \(binaries): apt-get install postgresql (.ci/apt-packages)")
        }
        let asPostgres = geteuid() == 0
        stopOrphans(asPostgres: asPostgres)
        let directory = FileManager.default.temporaryDirectory.path + "/xianqi-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try String(getpid()).write(toFile: directory + "/" + ownerFile, atomically: true, encoding: .utf8)
        // /tmp is 1777; the directory itself must be the server user's, and no one else's.
        chmod(directory, 0o700)
        if asPostgres {
            guard let account = getpwnam("postgres") else {
                try? FileManager.default.removeItem(atPath: directory)
                throw TestSupportFailure("no postgres user: apt-get install postgresql")
            }
            chown(directory, account.pointee.pw_uid, account.pointee.pw_gid)
        }
        var tlsOptions = ""
        if let certificate {
            for (source, name) in [(certificate.cert, "server.crt"), (certificate.key, "server.key")] {
                try FileManager.default.copyItem(atPath: source, toPath: directory + "/" + name)
                chmod(directory + "/" + name, 0o600)
                if asPostgres, let account = getpwnam("postgres") {
                    chown(directory + "/" + name, account.pointee.pw_uid, account.pointee.pw_gid)
                }
            }
            tlsOptions = " -c ssl=on -c ssl_cert_file=\(directory)/server.crt -c ssl_key_file=\(directory)/server.key"
        }
        let probe = PostgresServer(directory: directory, port: 0, asPostgres: asPostgres)
        let initdb = try probe.runAsServerUser(binaries + "/initdb",
            ["-D", probe.dataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"])
        guard initdb.status == 0 else {
            try? FileManager.default.removeItem(atPath: directory)
            throw TestSupportFailure("initdb failed (\(initdb.status)): \(initdb.output)")
        }
        var last = ""
        for _ in 0..<3 {
            let port = try freePort()
            let server = PostgresServer(directory: directory, port: port, asPostgres: asPostgres)
            let options = serverOptions(port: port, directory: directory) + tlsOptions
            let started = try server.runAsServerUser(binaries + "/pg_ctl",
                ["-D", server.dataDirectory, "-l", directory + "/server.log", "-w", "-t", "60", "-o", options, "start"])
            if started.status == 0 { return server }
            last = started.output + ((try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? "")
        }
        try? FileManager.default.removeItem(atPath: directory)
        throw TestSupportFailure("pg_ctl start failed: \(last)")
    }

    static func serverOptions(port: Int, directory: String) -> String {
        "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory) -c fsync=off -c max_connections=100"
    }

    /// Stops the server (`-m fast`: every session is ended, as when the postmaster restarts)
    /// and starts it again on the same port and data; waits until it accepts connections.
    public func restart() throws {
        let run = try runAsServerUser(Self.binaries + "/pg_ctl",
            ["-D", dataDirectory, "-l", directory + "/server.log", "-w", "-t", "60", "-m", "fast",
             "-o", Self.serverOptions(port: port, directory: directory), "restart"])
        guard run.status == 0 else { throw TestSupportFailure("pg_ctl restart failed: \(run.output)\n\(log)") }
    }

    /// Beside the cluster: the process id of the test process that made it.
    static let ownerFile = "owner.pid"

    /// Stops and removes the servers that test processes which died (a crash, a kill) left
    /// running, found by their `owner.pid`: nothing else would ever stop them.
    static func stopOrphans(asPostgres: Bool) {
        let temporary = FileManager.default.temporaryDirectory.path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for name in names where name.hasPrefix("xianqi-pg") {
            let directory = temporary + "/" + name
            guard let text = try? String(contentsOfFile: directory + "/" + ownerFile, encoding: .utf8),
                  let owner = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  kill(owner, 0) != 0, errno == ESRCH
            else { continue }
            PostgresServer(directory: directory, port: 0, asPostgres: asPostgres).stop()
        }
    }

    /// Creates a database (`CREATE DATABASE`) and returns its URL.
    public func createDatabase(_ name: String) throws -> String {
        let run = try psql("CREATE DATABASE \"\(name)\"", database: "postgres")
        guard run.status == 0 else { throw TestSupportFailure("CREATE DATABASE \(name): \(run.output)") }
        return url(database: name)
    }

    /// Creates a login role that must give `password` (SCRAM-SHA-256) over TCP, owning
    /// `database`: its line goes first in `pg_hba.conf`, and the server reloads it.
    public func addPasswordRole(_ role: String, password: String, owning database: String) throws {
        let create = try psql("CREATE ROLE \"\(role)\" LOGIN PASSWORD '\(password)'; ALTER DATABASE \"\(database)\" OWNER TO \"\(role)\"",
                              database: "postgres")
        guard create.status == 0 else { throw TestSupportFailure("CREATE ROLE \(role): \(create.output)") }
        let hba = dataDirectory + "/pg_hba.conf"
        let lines = try String(contentsOfFile: hba, encoding: .utf8)
        try ("host all \(role) 127.0.0.1/32 scram-sha-256\n" + lines).write(toFile: hba, atomically: false, encoding: .utf8)
        let reload = try psql("SELECT pg_reload_conf()", database: "postgres")
        guard reload.status == 0 else { throw TestSupportFailure("pg_reload_conf: \(reload.output)") }
    }

    /// Runs SQL with `psql` (stops at the first error, unaligned output without headers).
    public func psql(_ sql: String, database: String) throws -> ChildProcess.Run {
        try ChildProcess.run(Self.binaries + "/psql",
            ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", database, "-c", sql],
            timeout: .seconds(60))
    }

    /// Stops the server at once (`pg_ctl -m immediate`) and removes its directory.
    public func stop() {
        _ = try? runAsServerUser(Self.binaries + "/pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The server's log, for a failing test's message.
    public var log: String { (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? "" }

    /// Runs a PostgreSQL program, as the `postgres` user when we are root, with every file
    /// descriptor above 2 closed first. Why: Foundation's `Process` learns that its child ended
    /// when a socket it gave the child closes; the server that `pg_ctl start` leaves running
    /// would inherit that socket and hold it for its whole life, and the wait would never end.
    private func runAsServerUser(_ executable: String, _ arguments: [String]) throws -> ChildProcess.Run {
        let command = asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments : [executable] + arguments
        return try ChildProcess.run("/usr/bin/python3", ["-c", Self.closeAndExec] + command,
                                    directory: directory, timeout: .seconds(120))
    }

    private static let closeAndExec = "import os, sys; os.closerange(3, 65536); os.execv(sys.argv[1], sys.argv[1:])"

    /// A loopback port nobody listens on now: bound to port 0, read back, closed.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportFailure("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw TestSupportFailure("bind: \(String(cString: strerror(errno)))") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw TestSupportFailure("getsockname: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension PostgresServer {
    /// One server for the whole test process, started at its first use, stopped and removed
    /// when the process exits. Each test takes a database of its own (``freshDatabase()``):
    /// tables and advisory locks are per database, so tests running at once do not meet.
    public static func shared() throws -> PostgresServer {
        try sharedServer.get()
    }

    /// A new, empty database with a name of its own; returns its URL.
    public func freshDatabase() throws -> String {
        try createDatabase("t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))
    }
}

private let sharedServer: Result<PostgresServer, any Error> = {
    let result = Result { try PostgresServer.start(label: "pg-shared") }
    if case .success = result { atexit { stopSharedServer() } }
    return result
}()

private func stopSharedServer() {
    if case .success(let server) = sharedServer { server.stop() }
}
