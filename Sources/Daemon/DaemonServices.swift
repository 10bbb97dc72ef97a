import Logging
import ServiceLifecycle
import UnixSignals

/// The daemon as a swift-service-lifecycle `ServiceGroup`: the reminder service, the mail
/// hand-over when the daemon delivers mail itself, and the reload signal. The signals are
/// configuration here, not code in each service:
///
/// | signal | does |
/// |---|---|
/// | SIGTERM, SIGINT | graceful shutdown: the send in progress finishes, the run is recorded, the store is closed |
/// | SIGHUP | reload (``ReminderService/reload(reason:)``) |
///
///     let reminders = ReminderService(options: options, mailDelivery: delivery)
///     try await DaemonServices(reminders: reminders, mailDelivery: delivery).run()
public struct DaemonServices: Sendable {
    /// How long a graceful shutdown may take before the group cancels what is still running:
    /// the event being sent when SIGTERM came (a spool write, a journal record, a claim that
    /// may wait up to its 5 s busy timeout) and a mail hand-over in progress. After it, the
    /// group cancels; `Units/xianqi.service` gives systemd's `TimeoutStopSec=` 10 s more than
    /// this, so that systemd's SIGKILL comes only when cancellation did not end the process.
    public static let maximumGracefulShutdownDuration: Duration = .seconds(20)
    /// The signals that stop the daemon gracefully.
    public static let shutdownSignals: [UnixSignal] = [.sigterm, .sigint]
    /// The signals that reload the configuration and the ledgers.
    public static let reloadSignals: [UnixSignal] = [.sighup]

    /// The reminder service.
    public let reminders: ReminderService
    /// The mail hand-over, when the daemon delivers mail itself (`--deliver-mail`).
    public let mailDelivery: MailDeliveryService?
    /// The robots' sender (IM group robots, docs/robots.md).
    public let robotDelivery: RobotDeliveryService?

    /// The services of one daemon: `mailDelivery` and `robotDelivery` must be the ones
    /// `reminders` was made with.
    public init(reminders: ReminderService, mailDelivery: MailDeliveryService?, robotDelivery: RobotDeliveryService? = nil) {
        self.reminders = reminders
        self.mailDelivery = mailDelivery
        self.robotDelivery = robotDelivery
    }

    /// Runs the services until a shutdown signal (or, with `--once`, until the reminder service
    /// is done), then shuts them down in reverse order: the reload signal first, then the
    /// reminders, the mail hand-over last. Throws what made a service fail (the configuration,
    /// a ledger, the state at start).
    public func run() async throws {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let mailDelivery {
            services.append(.init(service: mailDelivery, serviceName: "mail"))
        }
        if let robotDelivery {
            services.append(.init(service: robotDelivery, serviceName: "robots"))
        }
        // The reminder service returning (`--once`) shuts the group down gracefully; its
        // error cancels the group and is thrown by `run`.
        services.append(.init(service: reminders, successTerminationBehavior: .gracefullyShutdownGroup,
                              serviceName: "reminders"))
        let reminders = self.reminders
        services.append(.init(service: ReloadSignalService(signals: Self.reloadSignals) { signal in
            reminders.reload(reason: "\(signal)")
        }, serviceName: "reload"))
        var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: Self.shutdownSignals,
                                                      logger: Logger(label: "xianqi.services"))
        configuration.maximumGracefulShutdownDuration = Self.maximumGracefulShutdownDuration
        try await ServiceGroup(configuration: configuration).run()
    }
}
