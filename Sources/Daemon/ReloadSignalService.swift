import ServiceLifecycle
import UnixSignals

/// Turns the reload signals of the daemon's configuration (SIGHUP: `systemctl reload xianqi`)
/// into a call, as a service of its `ServiceGroup`: swift-service-lifecycle configures the
/// graceful-shutdown signals but has no reload signal, and the services themselves install no
/// signal handlers.
///
///     ReloadSignalService(signals: [.sighup]) { reminders.reload(reason: "SIGHUP") }
public struct ReloadSignalService: Service {
    /// The signals that reload.
    public let signals: [UnixSignal]
    private let reload: @Sendable (UnixSignal) -> Void

    /// Calls `reload` with each of `signals` received, until graceful shutdown.
    public init(signals: [UnixSignal], reload: @escaping @Sendable (UnixSignal) -> Void) {
        self.signals = signals
        self.reload = reload
    }

    public func run() async {
        for await signal in await UnixSignalsSequence(trapping: signals).cancelOnGracefulShutdown() {
            reload(signal)
        }
    }
}
