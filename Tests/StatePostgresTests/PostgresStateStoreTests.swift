import ChineseDates
import Foundation
import Schedule
import StatePostgres
import Synchronization
import Testing

/// The PostgreSQL state against a real server (PostgresTestSupport), a database per test.
/// Every store call blocks its thread, so each test runs its body on a thread of its own
/// (`onThread`), never on the Swift concurrency pool.
@Suite struct PostgresStateStoreTests {
    @Test func migrationsAreRecordedOnceAndOpeningAgainAppliesNothing() async throws {
        try await onThread {
            let configuration = try freshConfiguration()
            let store = try PostgresStateStore(configuration: configuration, logger: quiet)
            #expect(try store.appliedMigrations() == ["v1: sent log, audit trail, runs, leadership", "v2: mail delivery log"])
            _ = try PostgresStateStore(configuration: configuration, logger: quiet)
            _ = try PostgresStateStore(configuration: configuration, logger: quiet)
            #expect(try store.appliedMigrations() == ["v1: sent log, audit trail, runs, leadership", "v2: mail delivery log"])
            #expect(try store.currentEpoch() == 0)
        }
    }

    /// Four processes' worth of stores opening one fresh database at the same instant: the
    /// advisory transaction lock makes them take turns, and the schema is made once.
    @Test func storesMigratingAFreshDatabaseAtOnceAllOpenIt() async throws {
        let configuration = try freshConfiguration()
        let failures = Mutex<[String]>([])
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for _ in 0..<4 {
            group.enter()
            Thread {
                start.wait()
                do {
                    _ = try PostgresStateStore(configuration: configuration, logger: quiet)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
                group.leave()
            }.start()
        }
        for _ in 0..<4 { start.signal() }
        try await onThread {
            group.wait()
            #expect(failures.withLock { $0 } == [])
            let store = try PostgresStateStore(configuration: configuration, logger: quiet)
            #expect(try store.appliedMigrations().count == 2)
            let rows = try PostgresServer.shared().psql("SELECT count(*) FROM leadership", database: configuration.database)
            #expect(rows.stdout == "1\n")
        }
    }

    @Test func aSchemaFromANewerXianqiIsRefused() async throws {
        try await onThread {
            let configuration = try freshConfiguration()
            _ = try PostgresStateStore(configuration: configuration, logger: quiet)
            let run = try PostgresServer.shared().psql("INSERT INTO xianqi_migrations (name) VALUES ('v9: from the future')",
                                                       database: configuration.database)
            #expect(run.status == 0, "\(run.output)")
            #expect(throws: StateError.newerSchema(path: configuration.redactedURL, migrations: ["v9: from the future"])) {
                _ = try PostgresStateStore(configuration: configuration, logger: quiet)
            }
        }
    }

    /// Two daemons' stores racing for every event of a schedule, one thread each: each key
    /// is claimed exactly once.
    @Test func twoStoresClaimingTheSameEventsAtOnceClaimEachOnce() async throws {
        let configuration = try freshConfiguration()
        let leadership = try PostgresLeadership(configuration: configuration, holder: "a", logger: quiet)
        let epoch = try #require(try leadership.tryAcquire())
        let all = events(measures: 20)
        #expect(all.count > 100)
        let stores = try (0..<2).map { _ in try PostgresStateStore(configuration: configuration, logger: quiet) }
        let wins = Mutex<[String: Int]>([:])
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        for store in stores {
            group.enter()
            Thread {
                for event in all {
                    do {
                        if try store.claim(event, at: instant("2024-11-01T01:00:00Z"), epoch: epoch) {
                            wins.withLock { $0[event.key, default: 0] += 1 }
                        }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
                group.leave()
            }.start()
        }
        try await onThread { () throws -> Void in
            group.wait()
            #expect(failures.withLock { $0 } == [])
            let counts = wins.withLock { $0 }
            #expect(counts.count == Set(all.map(\.key)).count)
            #expect(counts.values.allSatisfy { $0 == 1 })
            #expect(try stores[0].claimedKeys().count == all.count)
            #expect(try stores[1].claimed(among: all.map(\.key) + ["GX-0|overdue|2024-01-01|1"]) == Set(all.map(\.key)))
            #expect(try stores[1].isClaimed(all[0].key))
            #expect(try !stores[1].isClaimed("GX-0|overdue|2024-01-01|1"))
        }
    }

    @Test(arguments: ["UPDATE override SET \"by\" = 'x'", "DELETE FROM override", "TRUNCATE override"])
    func theAuditTrailRefusesChanges(statement: String) async throws {
        try await onThread {
            let configuration = try freshConfiguration()
            let store = try PostgresStateStore(configuration: configuration, logger: quiet)
            try store.record(.done, for: item("GX-1"), by: "张三", note: nil, asOf: civil("2024-11-21"),
                             at: instant("2024-11-21T01:00:00Z"))
            let run = try PostgresServer.shared().psql(statement, database: configuration.database)
            #expect(run.status != 0)
            #expect(run.stderr.contains("the audit trail is append-only"), "\(run.output)")
            #expect(try store.trail().map(\.by) == ["张三"])
        }
    }

    /// A claim needs the leadership: a store without one, or whose leadership is not held, claims nothing.
    @Test func aStoreThatDoesNotLeadClaimsNothing() async throws {
        try await onThread {
            let configuration = try freshConfiguration()
            let leader = try PostgresLeadership(configuration: configuration, holder: "a", logger: quiet)
            let follower = try PostgresLeadership(configuration: configuration, holder: "b", logger: quiet)
            #expect(try leader.tryAcquire() == 1)
            #expect(try follower.tryAcquire() == nil)
            let event = events(measures: 1)[0]
            let commands = try PostgresStateStore(configuration: configuration, logger: quiet)
            #expect(throws: StateError.notLeader(path: configuration.redactedURL, epoch: nil, current: 1)) {
                try commands.claim(event, at: instant("2024-11-01T01:00:00Z"))
            }
            let followerStore = try PostgresStateStore(configuration: configuration, leadership: follower, logger: quiet)
            #expect(throws: StateError.notLeader(path: configuration.redactedURL, epoch: nil, current: 1)) {
                try followerStore.claim(event, at: instant("2024-11-01T01:00:00Z"))
            }
            let leaderStore = try PostgresStateStore(configuration: configuration, leadership: leader, logger: quiet)
            #expect(try leaderStore.claim(event, at: instant("2024-11-01T01:00:00Z")))
            #expect(try !leaderStore.claim(event, at: instant("2024-11-01T01:00:00Z")))
            #expect(try commands.claimedKeys() == [event.key])
        }
    }

    /// The server ends the store's session (a restart, a failover of the server, an admin):
    /// the call that meets the dead connection fails (an error, never "claimed" or "not
    /// claimed"), and the next one opens a new connection and finds everything as it was.
    @Test func aStoreWhoseSessionTheServerEndedReconnects() async throws {
        try await onThread {
            let configuration = try freshConfiguration()
            let leadership = try PostgresLeadership(configuration: configuration, holder: "a", logger: quiet)
            let epoch = try #require(try leadership.tryAcquire())
            let store = try PostgresStateStore(configuration: configuration, logger: quiet)
            let batch = events(measures: 2)
            #expect(try store.claim(batch[0], at: instant("2024-11-01T01:00:00Z"), epoch: epoch))
            let killed = try PostgresServer.shared().psql("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = 'xianqi' AND pid <> pg_backend_pid()
                """, database: configuration.database)
            #expect(killed.stdout == "2\n", "\(killed.output)")
            var failures = 0
            let answered = waitUntil(timeout: .seconds(10)) {
                do {
                    return try store.isClaimed(batch[0].key)
                } catch {
                    failures += 1
                    return false
                }
            }
            #expect(answered)
            #expect(failures <= 1)
            #expect(try store.claimedKeys() == [batch[0].key])
            // The leadership's session was ended too: it knows it no longer leads.
            #expect(waitUntil(timeout: .seconds(5)) { leadership.epoch == nil })
            #expect(try leadership.tryAcquire() == epoch + 1)
            #expect(try store.claim(batch[1], at: instant("2024-11-01T01:00:01Z"), epoch: epoch + 1))
        }
    }

    /// A statement with no answer in time (a server that hangs, a network that stopped
    /// carrying) fails its call instead of holding the caller's thread; the next call works.
    @Test func aStatementWithNoAnswerInTimeFailsAndTheNextCallWorks() async throws {
        try await onThread {
            var configuration = try freshConfiguration()
            configuration.queryTimeout = .seconds(1)
            let store = try PostgresStateStore(configuration: configuration, logger: quiet)
            let server = try PostgresServer.shared()
            // Another session holds the leadership row's lock, so a claim's FOR SHARE waits (for
            // lock_timeout, 5 s: longer than the 1 s the store allows a statement).
            let holder = try ChildProcess.start(PostgresServer.binaries + "/psql",
                ["-X", "-q", "-h", "127.0.0.1", "-p", String(server.port), "-U", server.user, "-d", configuration.database,
                 "-c", "BEGIN; UPDATE leadership SET holder = 'held' WHERE id = 1; SELECT pg_sleep(4); COMMIT;"])
            #expect(waitUntil(timeout: .seconds(5)) {
                (try? server.psql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(4)%' AND state = 'active' AND pid <> pg_backend_pid()",
                                  database: configuration.database).stdout) == "1\n"
            })
            let clock = ContinuousClock()
            let started = clock.now
            #expect(throws: StateError.self) {
                try store.claim(events(measures: 1)[0], at: instant("2024-11-01T01:00:00Z"), epoch: 0)
            }
            #expect(clock.now - started < .seconds(3))
            _ = holder.finish(timeout: .seconds(10))
            // The server cancelled it (statement_timeout): rolled back, not claimed.
            #expect(try store.claimedKeys() == [])
        }
    }

    /// A server process that stops answering altogether (SIGSTOP: as a hung host or a cut
    /// network looks from the client): the client closes the connection, the call fails, and
    /// the next one opens a new connection.
    @Test func aServerThatStopsAnsweringFailsTheCallAndTheNextOneReconnects() async throws {
        try await onThread {
            var configuration = try freshConfiguration()
            configuration.queryTimeout = .seconds(1)
            let store = try PostgresStateStore(configuration: configuration, logger: quiet)
            let server = try PostgresServer.shared()
            let found = try server.psql("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'xianqi'",
                                        database: configuration.database)
            let pid = try #require(pid_t(found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(found.output)")
            #expect(kill(pid, SIGSTOP) == 0)
            let clock = ContinuousClock()
            let started = clock.now
            #expect(throws: StateError.self) { try store.isClaimed("GX-1|overdue|2024-11-15|1") }
            let waited = clock.now - started
            #expect(kill(pid, SIGCONT) == 0)
            #expect(waited < .seconds(4), "waited \(waited)")
            #expect(try !store.isClaimed("GX-1|overdue|2024-11-15|1"))
        }
    }

    /// A server that wants a password (SCRAM-SHA-256): the one in the password file opens
    /// the store; a wrong one is refused with the server's reason, and nothing is recorded.
    @Test func thePasswordFromItsFileLogsIn() async throws {
        try await onThread {
            let server = try PostgresServer.shared()
            let url = try server.freshDatabase()
            let database = try PostgresStateConfiguration(url: url).database
            let role = "office_" + database.suffix(6)
            try server.addPasswordRole(role, password: "正确 horse", owning: database)
            let dir = TemporaryDirectory("pgpass")
            try dir.write("right", "正确 horse\n")
            try dir.write("wrong", "wrong horse\n")
            let target = "postgresql://\(role)@127.0.0.1:\(server.port)/\(database)"
            let store = try PostgresStateStore(configuration: PostgresStateConfiguration(url: target, passwordFile: dir.file("right")),
                                               logger: quiet)
            #expect(try store.appliedMigrations().count == 2)
            do {
                _ = try PostgresStateStore(configuration: PostgresStateConfiguration(url: target, passwordFile: dir.file("wrong")),
                                           logger: quiet)
                Issue.record("a wrong password opened the store")
            } catch {
                #expect("\(error)".contains("password authentication failed"), "\(error)")
                #expect(!"\(error)".contains("wrong horse"))
            }
        }
    }

    /// A thousand claims, one after another, from one store (the daemon's way: one serial
    /// queue): the figure goes to the test's output.
    @Test func aThousandClaims() async throws {
        try await onThread {
            let configuration = try freshConfiguration()
            let leadership = try PostgresLeadership(configuration: configuration, holder: "a", logger: quiet)
            let epoch = try #require(try leadership.tryAcquire())
            let store = try PostgresStateStore(configuration: configuration, leadership: leadership, logger: quiet)
            let batch = Array(events(measures: 100).prefix(1000))
            #expect(batch.count == 1000)
            let clock = ContinuousClock()
            let started = clock.now
            var claimed = 0
            for event in batch where try store.claim(event, at: instant("2024-11-01T01:00:00Z"), epoch: epoch) { claimed += 1 }
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("StatePostgres: 1000 claims in \(String(format: "%.3f", seconds)) s = \(Int(1000 / seconds)) claims/s (one connection, loopback, fsync=off)")
            #expect(claimed == 1000)
            let readStarted = clock.now
            #expect(try store.claimed(among: batch.map(\.key)).count == 1000)
            print("StatePostgres: claimed(among:) of 1000 keys in \(clock.now - readStarted)")
        }
    }
}

@Suite struct PostgresStateConfigurationTests {
    @Test func aURLGivesHostPortUserAndDatabase() throws {
        let c = try PostgresStateConfiguration(url: "postgresql://xianqi@db1.office.example:5433/state")
        #expect(c == PostgresStateConfiguration(host: "db1.office.example", port: 5433, user: "xianqi", database: "state"))
        #expect(c.redactedURL == "postgresql://xianqi@db1.office.example:5433/state")
        let defaults = try PostgresStateConfiguration(url: "postgres://xianqi@db1")
        #expect(defaults.port == 5432 && defaults.database == "xianqi")
    }

    @Test func thePasswordIsTheFirstLineOfItsFile() throws {
        let dir = TemporaryDirectory("pgpass")
        try dir.write("password", "s3cret 密码\nignored\n")
        let c = try PostgresStateConfiguration(url: "postgresql://xianqi@127.0.0.1/x", passwordFile: dir.file("password"))
        #expect(c.password == "s3cret 密码")
        #expect(!c.redactedURL.contains("s3cret"))
    }

    @Test(arguments: ["mysql://x@h/d", "postgresql:///d", "postgresql://h/d", "postgresql://u:pw@h/d", "postgresql://u@h/d?sslmode=require"])
    func aURLThatCannotBeUsedIsRefused(url: String) throws {
        #expect(throws: PostgresStateConfiguration.Invalid.self) { try PostgresStateConfiguration(url: url) }
    }

    @Test func aMissingPasswordFileIsRefused() throws {
        #expect(throws: PostgresStateConfiguration.Invalid.self) {
            try PostgresStateConfiguration(url: "postgresql://u@h/d", passwordFile: "/nonexistent/xianqi-password")
        }
    }
}
