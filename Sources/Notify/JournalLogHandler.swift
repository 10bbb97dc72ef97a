public import Logging

/// A swift-log `LogHandler` that writes each message as a structured journal record.
///
/// - the level becomes `PRIORITY` (``priority(for:)``),
/// - the label becomes `SYSLOG_IDENTIFIER`,
/// - metadata becomes fields: `unit` → `XIANQI_UNIT`, `measureId` and `measure_id` →
///   `XIANQI_MEASURE_ID`, a nested `["a": ["b": …]]` → `XIANQI_A_B`, an array → the
///   same field repeated (``fieldName(forMetadataKey:)``),
/// - the event's `error` becomes `XIANQI_ERROR` and `XIANQI_ERROR_TYPE`,
/// - the call site becomes `CODE_FILE`, `CODE_LINE`, `CODE_FUNC`.
///
/// When journald does not take the record, the message goes to the fallback handler
/// (stderr by default) with the reason in `journal-error`, so nothing is lost silently.
///
///     LoggingSystem.bootstrap { JournalLogHandler(label: $0) }
///     logger.warning("整改措施逾期", metadata: ["measure_id": "ZG-2025-017", "unit": "区财政局"])
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info

    /// Sent as `SYSLOG_IDENTIFIER`.
    public let label: String

    private let send: @Sendable ([JournalField]) throws(JournalError) -> Void
    private let fallback: any LogHandler

    /// A handler writing to journald, falling back to `fallback` (stderr when nil).
    public init(
        label: String,
        metadataProvider: Logger.MetadataProvider? = nil,
        fallback: (any LogHandler)? = nil
    ) {
        let journal = Journal()
        self.init(label: label, metadataProvider: metadataProvider, fallback: fallback) {
            (fields: [JournalField]) throws(JournalError) in try journal.send(fields)
        }
    }

    /// For tests: a handler with its own way of sending records.
    init(
        label: String,
        metadataProvider: Logger.MetadataProvider? = nil,
        fallback: (any LogHandler)? = nil,
        send: @escaping @Sendable ([JournalField]) throws(JournalError) -> Void
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        var fallback = fallback ?? StreamLogHandler.standardError(label: label)
        fallback.logLevel = .trace
        fallback.metadataProvider = nil
        self.fallback = fallback
        self.send = send
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = effectiveMetadata(explicit: event.metadata)
        let fields = Self.fields(for: event, label: label, metadata: merged)
        do {
            try send(fields)
        } catch {
            var rescued = event
            var rescuedMetadata = merged
            rescuedMetadata["journal-error"] = .string(error.description)
            rescued.metadata = rescuedMetadata
            fallback.log(event: rescued)
        }
    }

    private func effectiveMetadata(explicit: Logger.Metadata?) -> Logger.Metadata {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let explicit, !explicit.isEmpty {
            merged.merge(explicit) { _, new in new }
        }
        return merged
    }

    /// The record for one log event, in sending order.
    static func fields(for event: LogEvent, label: String, metadata: Logger.Metadata) -> [JournalField] {
        var fields = [
            JournalField("MESSAGE", event.message.description),
            priority(for: event.level).field,
            JournalField("SYSLOG_IDENTIFIER", label),
        ]
        for key in metadata.keys.sorted() {
            if let value = metadata[key] {
                appendFields(named: fieldName(forMetadataKey: key), value: value, to: &fields)
            }
        }
        if let error = event.error {
            fields.append(JournalField("XIANQI_ERROR", String(describing: error)))
            fields.append(JournalField("XIANQI_ERROR_TYPE", String(reflecting: type(of: error))))
        }
        fields.append(contentsOf: codeLocationFields(fileID: event.file, line: Int(event.line), function: event.function))
        return fields
    }

    private static func appendFields(named name: String, value: Logger.MetadataValue, to fields: inout [JournalField]) {
        switch value {
        case .string(let text):
            fields.append(JournalField(name, text))
        case .stringConvertible(let convertible):
            fields.append(JournalField(name, convertible.description))
        case .array(let elements):
            for element in elements {
                appendFields(named: name, value: element, to: &fields)
            }
        case .dictionary(let nested):
            for key in nested.keys.sorted() {
                if let inner = nested[key] {
                    appendFields(named: joinedFieldName(name, key), value: inner, to: &fields)
                }
            }
        }
    }

    /// swift-log levels as syslog priorities; `trace` and `debug` share `debug`.
    public static func priority(for level: Logger.Level) -> JournalPriority {
        switch level {
        case .trace, .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }

    /// Fields a caller may set through metadata under their own journal name.
    public static let passThroughFields: Set<String> = [
        "MESSAGE_ID", "ERRNO", "DOCUMENTATION", "SYSLOG_FACILITY", "TID",
    ]

    /// The journal field a metadata key is written to.
    ///
    ///     fieldName(forMetadataKey: "unit")          // "XIANQI_UNIT"
    ///     fieldName(forMetadataKey: "measureId")     // "XIANQI_MEASURE_ID"
    ///     fieldName(forMetadataKey: "error.message") // "XIANQI_ERROR_MESSAGE"
    ///     fieldName(forMetadataKey: "XIANQI_DUE")    // "XIANQI_DUE"
    ///     fieldName(forMetadataKey: "MESSAGE_ID")    // "MESSAGE_ID"
    ///     fieldName(forMetadataKey: "MESSAGE")       // "XIANQI_MESSAGE": the handler sets MESSAGE
    public static func fieldName(forMetadataKey key: String) -> String {
        let snake = upperSnake(key)
        if passThroughFields.contains(snake) || snake.hasPrefix(prefix) {
            return truncated(snake)
        }
        return truncated(snake.isEmpty ? prefix + "METADATA" : prefix + snake)
    }

    private static let prefix = "XIANQI_"

    private static func joinedFieldName(_ parent: String, _ key: String) -> String {
        let snake = upperSnake(key)
        return truncated(snake.isEmpty ? parent : parent + "_" + snake)
    }

    /// `measureId`, `measure-id`, `measure.id`, `Measure ID` → `MEASURE_ID`; characters
    /// outside A–Z, 0–9 become `_`, runs of `_` collapse, leading and trailing ones go.
    static func upperSnake(_ key: String) -> String {
        var out = ""
        var previous: Unicode.Scalar?
        for scalar in key.unicodeScalars {
            let isUpper = ("A"..."Z").contains(scalar)
            let isLower = ("a"..."z").contains(scalar)
            let isDigit = ("0"..."9").contains(scalar)
            if isUpper, let previous, ("a"..."z").contains(previous) || ("0"..."9").contains(previous) {
                out.append("_")
            }
            if isUpper || isDigit {
                out.unicodeScalars.append(scalar)
            } else if isLower {
                out += String(scalar).uppercased()
            } else if !out.hasSuffix("_") {
                out.append("_")
            }
            previous = scalar
        }
        while out.hasPrefix("_") { out.removeFirst() }
        while out.hasSuffix("_") { out.removeLast() }
        return out
    }

    private static func truncated(_ name: String) -> String {
        var name = String(name.prefix(JournalField.maximumNameLength))
        while name.hasSuffix("_") { name.removeLast() }
        return name
    }
}
