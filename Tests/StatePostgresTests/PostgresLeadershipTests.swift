import Foundation
import Schedule
import StatePostgres
import Synchronization
import Testing

/// One leader among daemons sharing a PostgreSQL state, the takeover when the leader's lock
/// session ends, and the fencing of a deposed leader's claims.
@Suite struct PostgresLeadershipTests {
    @Test func onlyOneOfTwoHoldsTheLeadership() async throws {
        try await onThread {
            let configuration = try freshConfiguration()
            let a = try PostgresLeadership(configuration: configuration, holder: "xianqi@a", logger: quiet)
            let b = try PostgresLeadership(configuration: configuration, holder: "xianqi@b", logger: quiet)
            #expect(try a.tryAcquire() == 1)
            #expect(try b.tryAcquire() == nil)
            // Asking again changes nothing: the leader keeps its epoch, the follower stays one.
            #expect(try a.tryAcquire() == 1)
            #expect(try b.tryAcquire() == nil)
            #expect(a.epoch == 1 && b.epoch == nil)
            let store = try PostgresStateStore(configuration: configuration, logger: quiet)
            let leader = try #require(try store.leader())
            #expect(leader.epoch == 1 && leader.holder == "xianqi@a")
        }
    }

    /// The daemon asking while its own poll asks: one lock, one epoch.
    @Test func attemptsAtOnceTakeOneEpoch() async throws {
        try await onThread {
            let configuration = try freshConfiguration()
            let a = try PostgresLeadership(configuration: configuration, holder: "a", logger: quiet)
            let results = Mutex<[Int64?]>([])
            let group = DispatchGroup()
            for _ in 0..<4 {
                group.enter()
                Thread {
                    let epoch = try? a.tryAcquire()
                    results.withLock { $0.append(epoch) }
                    group.leave()
                }.start()
            }
            group.wait()
            #expect(results.withLock { $0 } == [1, 1, 1, 1])
            let store = try PostgresStateStore(configuration: configuration, logger: quiet)
            #expect(try store.currentEpoch() == 1)
            let locks = try PostgresServer.shared().psql(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                database: configuration.database)
            #expect(locks.stdout == "1\n", "\(locks.output)")
        }
    }

    /// The leader's lock session is ended by the server (`pg_terminate_backend`, as when its
    /// host dies and the server drops the connection): the polling follower takes over with
    /// the next epoch, and the old leader's claim under its stale epoch is refused. The
    /// failover time goes to the test's output.
    @Test func theFollowerTakesOverWhenTheLeadersSessionEnds() async throws {
        try await onThread {
            let server = try PostgresServer.shared()
            let configuration = try freshConfiguration()
            let a = try PostgresLeadership(configuration: configuration, holder: "xianqi@a", logger: quiet)
            let b = try PostgresLeadership(configuration: configuration, holder: "xianqi@b", logger: quiet)
            let first = try #require(try a.tryAcquire())
            let changes = Mutex<[Int64?]>([])
            let aChanges = Mutex<[Int64?]>([])
            a.start(every: .seconds(1)) { epoch in aChanges.withLock { $0.append(epoch) } }
            b.start(every: .seconds(1)) { epoch in changes.withLock { $0.append(epoch) } }
            defer {
                a.stop()
                b.stop()
            }
            let oldStore = try PostgresStateStore(configuration: configuration, leadership: a, logger: quiet)
            let all = events(measures: 2)
            #expect(try oldStore.claim(all[0], at: instant("2024-11-01T01:00:00Z")))
            Thread.sleep(forTimeInterval: 1.5)
            #expect(b.epoch == nil, "the follower must not lead while the leader's session lives")

            let pid = try a.lockSessionPID()
            let clock = ContinuousClock()
            let killed = try server.psql("SELECT pg_terminate_backend(\(pid))", database: configuration.database)
            #expect(killed.stdout == "t\n", "\(killed.output)")
            let terminated = clock.now
            let tookOver = waitUntil(timeout: .seconds(15)) { b.epoch != nil }
            let failover = clock.now - terminated
            print("StatePostgres: failover after pg_terminate_backend of the leader's lock session: \(failover) (follower polls every 1 s)")
            #expect(tookOver, "the follower did not take over within 15 s")
            #expect(b.epoch == first + 1)
            #expect(waitUntil(timeout: .seconds(2)) { changes.withLock { $0 } == [first + 1] })
            #expect(waitUntil(timeout: .seconds(5)) { a.epoch == nil }, "the old leader did not hear that it lost")
            #expect(waitUntil(timeout: .seconds(2)) { aChanges.withLock { $0 } == [nil] })

            // A leader paused through all this wakes up and claims with the epoch it had.
            #expect(throws: StateError.notLeader(path: configuration.redactedURL, epoch: first, current: first + 1)) {
                try oldStore.claim(all[1], at: instant("2024-11-01T01:00:05Z"), epoch: first)
            }
            // What it learns through its leadership: it holds none.
            #expect(throws: StateError.notLeader(path: configuration.redactedURL, epoch: nil, current: first + 1)) {
                try oldStore.claim(all[1], at: instant("2024-11-01T01:00:05Z"))
            }
            let newStore = try PostgresStateStore(configuration: configuration, leadership: b, logger: quiet)
            #expect(try !newStore.isClaimed(all[1].key))
            #expect(try newStore.claim(all[1], at: instant("2024-11-01T01:00:06Z")))
            // An event the old leader claimed is not claimed again by the new one.
            #expect(try !newStore.claim(all[0], at: instant("2024-11-01T01:00:06Z")))
            let leader = try #require(try newStore.leader())
            #expect(leader.epoch == first + 1 && leader.holder == "xianqi@b")
            // The old leader keeps polling and stays a follower.
            Thread.sleep(forTimeInterval: 1.5)
            #expect(a.epoch == nil && b.epoch == first + 1)
        }
    }

    /// The takeover while the old leader is in the middle of a batch: it goes on claiming (as a
    /// leader that has not noticed yet), the new one sends the whole batch too. Every event is
    /// sent exactly once between them, and once the new epoch is in place the old leader's
    /// claims are all refused.
    @Test func aTakeoverInTheMiddleOfABatchSendsEachEventOnce() async throws {
        try await onThread {
            let server = try PostgresServer.shared()
            let configuration = try freshConfiguration()
            let a = try PostgresLeadership(configuration: configuration, holder: "a", logger: quiet)
            let b = try PostgresLeadership(configuration: configuration, holder: "b", logger: quiet)
            let old = try #require(try a.tryAcquire())
            let oldStore = try PostgresStateStore(configuration: configuration, logger: quiet)
            let newStore = try PostgresStateStore(configuration: configuration, leadership: b, logger: quiet)
            let batch = events(measures: 40)
            let sends = Mutex<[String: Int]>([:])
            let refusedAfterTakeover = Mutex(0)
            let unexpected = Mutex<[String]>([])
            let halfway = DispatchSemaphore(value: 0)
            let finished = DispatchSemaphore(value: 0)
            Thread {
                for (index, event) in batch.enumerated() {
                    if index == batch.count / 4 { halfway.signal() }
                    do {
                        if try oldStore.claim(event, at: instant("2024-11-01T01:00:00Z"), epoch: old) {
                            sends.withLock { $0[event.key, default: 0] += 1 }
                        }
                    } catch StateError.notLeader(_, epoch: old, current: old + 1) {
                        refusedAfterTakeover.withLock { $0 += 1 }
                    } catch {
                        unexpected.withLock { $0.append("\(error)") }
                    }
                }
                finished.signal()
            }.start()
            halfway.wait()
            let pid = try a.lockSessionPID()
            #expect(try server.psql("SELECT pg_terminate_backend(\(pid))", database: configuration.database).stdout == "t\n")
            #expect(waitUntil(timeout: .seconds(15)) { (try? b.tryAcquire()) == old + 1 })
            for event in batch where try newStore.claim(event, at: instant("2024-11-01T01:00:01Z")) {
                sends.withLock { $0[event.key, default: 0] += 1 }
            }
            finished.wait()
            #expect(unexpected.withLock { $0 } == [])
            let counts = sends.withLock { $0 }
            #expect(counts.count == batch.count, "every event sent")
            #expect(counts.values.allSatisfy { $0 == 1 }, "no event sent twice")
            // The new leader claimed the rest of the batch, so the old one was refused at least
            // for what it reached after the takeover (unless it had finished first).
            let byOld = try server.psql("SELECT count(*) FROM sent WHERE epoch = \(old)", database: configuration.database)
            let claimedByOld = Int(byOld.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            #expect(claimedByOld + refusedAfterTakeover.withLock { $0 } <= batch.count)
            print("StatePostgres: takeover mid-batch: \(batch.count) events, \(claimedByOld) claimed by the old leader, "
                + "\(refusedAfterTakeover.withLock { $0 }) of its claims refused, \(batch.count - claimedByOld) by the new one")
            a.stop()
            b.stop()
        }
    }

    /// A leader that stops (the daemon's graceful shutdown) releases the lock at once.
    @Test func aStoppedLeaderHandsOverAtTheFollowersNextPoll() async throws {
        try await onThread {
            let configuration = try freshConfiguration()
            let a = try PostgresLeadership(configuration: configuration, holder: "a", logger: quiet)
            let b = try PostgresLeadership(configuration: configuration, holder: "b", logger: quiet)
            #expect(try a.tryAcquire() == 1)
            b.start(every: .milliseconds(200))
            defer { b.stop() }
            a.stop()
            #expect(a.epoch == nil)
            #expect(waitUntil(timeout: .seconds(15)) { b.epoch == 2 })
        }
    }
}
