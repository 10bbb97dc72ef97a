#if canImport(Glibc)
import Glibc
#endif
import NotifyTestSupport
import Testing

extension Trait where Self == ConditionTrait {
    /// For tests that send to the real journald and read back with journalctl. Skipped only
    /// when none listens and the tests are not root (so none can be started), or when
    /// journalctl cannot read the journal as this user.
    static var needsJournald: Self {
        .enabled(
            "needs a journald that listens and a journal this user can read: none runs and the tests are not root, or this user is not in group systemd-journal"
        ) {
            Journald.ensureAvailable()
        }
    }

    /// For tests that hide journald from one thread with a private mount namespace.
    static var needsRoot: Self {
        .enabled(if: geteuid() == 0, "needs root to set up a private mount namespace")
    }
}
