public import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where xianqi's logs go: journald under systemd, stderr everywhere else.
public enum LogDestination: Sendable, Equatable {
    /// Structured records through ``JournalLogHandler``.
    case journal
    /// swift-log's `StreamLogHandler` on stderr.
    case standardError

    /// Picks the journal when the process runs under systemd: `JOURNAL_STREAM` names the
    /// file stderr is connected to (systemd.exec(5): "device:inode" in decimal), or the
    /// service manager set `INVOCATION_ID`. The environment and stderr's identity are
    /// parameters so that the choice can be tested.
    ///
    ///     LogDestination.detect(environment: ["INVOCATION_ID": "4f…"])   // .journal
    ///     LogDestination.detect(environment: [:])                        // .standardError
    public static func detect(
        environment: [String: String],
        standardError: FileIdentity? = .standardError()
    ) -> LogDestination {
        if let stream = environment["JOURNAL_STREAM"].flatMap(FileIdentity.init(journalStream:)),
           stream == standardError {
            return .journal
        }
        if let invocation = environment["INVOCATION_ID"], !invocation.isEmpty {
            return .journal
        }
        return .standardError
    }

    /// A handler for `label` writing to this destination.
    public func makeHandler(label: String, metadataProvider: Logger.MetadataProvider? = nil) -> any LogHandler {
        switch self {
        case .journal:
            JournalLogHandler(label: label, metadataProvider: metadataProvider)
        case .standardError:
            StreamLogHandler.standardError(label: label, metadataProvider: metadataProvider)
        }
    }

    /// Detects the destination and bootstraps swift-log with it; returns the choice so the
    /// daemon can say where its logs go. Call once, early in `main`.
    ///
    ///     let destination = LogDestination.bootstrap(environment: ProcessInfo.processInfo.environment)
    @discardableResult
    public static func bootstrap(
        environment: [String: String],
        standardError: FileIdentity? = .standardError(),
        metadataProvider: Logger.MetadataProvider? = nil
    ) -> LogDestination {
        let destination = detect(environment: environment, standardError: standardError)
        LoggingSystem.bootstrap({ label, provider in
            destination.makeHandler(label: label, metadataProvider: provider)
        }, metadataProvider: metadataProvider)
        return destination
    }
}

/// A file's device and inode numbers, as `JOURNAL_STREAM` gives them.
public struct FileIdentity: Hashable, Sendable, CustomStringConvertible {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    /// Parses `JOURNAL_STREAM`'s `"<device>:<inode>"`, or nil when malformed.
    public init?(journalStream: String) {
        let parts = journalStream.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else {
            return nil
        }
        self.init(device: device, inode: inode)
    }

    /// The identity of an open file descriptor, or nil when `fstat` fails.
    public init?(fileDescriptor: Int32) {
        var info = stat()
        guard fstat(fileDescriptor, &info) == 0 else { return nil }
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The identity of this process's stderr.
    public static func standardError() -> FileIdentity? {
        FileIdentity(fileDescriptor: STDERR_FILENO)
    }

    /// `"<device>:<inode>"`, the `JOURNAL_STREAM` form.
    public var description: String { "\(device):\(inode)" }
}
