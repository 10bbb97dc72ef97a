public import Logging
public import Notify

/// A message xianqi stopped trying to deliver.
public struct GaveUpMessage: Sendable, Hashable {
    public var messageID: String
    public var eventKey: String
    public var subject: String
    public var recipients: String
    /// Its file name, now in `failed/`.
    public var fileName: String
    public var attempts: Int
    public var lastError: String
    /// `X-Xianqi-Measure-Id` and `X-Xianqi-Unit`, when the message had them.
    public var measureID: String?
    public var unit: String?

    public init(
        messageID: String, eventKey: String, subject: String, recipients: String, fileName: String,
        attempts: Int, lastError: String, measureID: String? = nil, unit: String? = nil
    ) {
        self.messageID = messageID
        self.eventKey = eventKey
        self.subject = subject
        self.recipients = recipients
        self.fileName = fileName
        self.attempts = attempts
        self.lastError = lastError
        self.measureID = measureID
        self.unit = unit
    }

    /// The journal record: `delivery-gave-up`, priority err, with the mail's own fields.
    public func eventRecord(extraFields: [JournalField] = []) -> EventRecord {
        EventRecord(
            kind: .deliveryGaveUp,
            message: "邮件投递失败，已放弃：「\(subject)」→ \(recipients)，共尝试 \(attempts) 次（\(lastError)）",
            measureID: measureID,
            unit: unit,
            extraFields: [
                JournalField("XIANQI_MAIL_MESSAGE_ID", messageID),
                JournalField("XIANQI_MAIL_EVENT_KEY", eventKey),
                JournalField("XIANQI_MAIL_RECIPIENTS", recipients),
                JournalField("XIANQI_MAIL_FILE", fileName),
                JournalField("XIANQI_MAIL_ATTEMPTS", String(attempts)),
                JournalField("XIANQI_MAIL_ERROR", lastError),
            ] + extraFields
        )
    }
}

/// Tells the operator that a message was given up: an err-level journal record
/// (`MESSAGE_ID` of ``EventKind/deliveryGaveUp``), or, when journald does not take it,
/// an error through swift-log (stderr by default) that says why the journal failed.
public struct GiveUpReporter: Sendable {
    private let send: @Sendable (EventRecord) throws(JournalError) -> Void
    private let fallback: Logger
    private let extraFields: [JournalField]

    /// Reports through `journal`, falling back to `fallback`. `extraFields` go on every
    /// record (tests tag their records with them).
    public init(
        journal: Journal = Journal(),
        extraFields: [JournalField] = [],
        fallback: Logger = Logger(label: "xianqi.mail", factory: { StreamLogHandler.standardError(label: $0) })
    ) {
        self.init(extraFields: extraFields, fallback: fallback) { (record: EventRecord) throws(JournalError) in
            try journal.send(record)
        }
    }

    /// Reports through `send`, falling back to `fallback` when it throws.
    public init(
        extraFields: [JournalField] = [],
        fallback: Logger,
        send: @escaping @Sendable (EventRecord) throws(JournalError) -> Void
    ) {
        self.send = send
        self.fallback = fallback
        self.extraFields = extraFields
    }

    /// Sends the record; never throws, since the message is already safe in `failed/`.
    public func report(_ message: GaveUpMessage) {
        let record = message.eventRecord(extraFields: extraFields)
        do {
            try send(record)
        } catch {
            fallback.error(
                "\(record.message)",
                metadata: [
                    "message_id": "\(message.messageID)",
                    "event_key": "\(message.eventKey)",
                    "file": "\(message.fileName)",
                    "journal-error": "\(error.description)",
                ])
        }
    }
}
