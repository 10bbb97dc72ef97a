#if canImport(Glibc)
import Glibc
#endif
import NotifyTestSupport
import Testing

extension Trait where Self == ConditionTrait {
    /// For tests that send to the real journald and read back with journalctl; such a test
    /// starts with `try Journald.require()`. Skipped only when not root and no journald is
    /// usable; as root, a journald that cannot be started fails the tests instead.
    static var needsJournald: Self {
        .enabled(
            "needs a journald whose records this user can read back: none is usable and the tests are not root, so none can be started"
        ) {
            Journald.isTestable
        }
    }

    /// For tests that hide journald from one thread with a private mount namespace.
    static var needsRoot: Self {
        .enabled(if: geteuid() == 0, "needs root to set up a private mount namespace")
    }
}
