public import Foundation
public import GRDB

/// A message in the spool as `xianqi mailq` shows it: where it is, what it says, and how
/// its delivery is going.
public struct SpooledMessage: Sendable, Hashable {
    /// Where a message is.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// In `new/`: waiting for its next attempt.
        case queued
        /// In `cur/`: being handed to sendmail now (or left by a crashed process, until recovery).
        case delivering
        /// In `failed/`: given up.
        case failed
        /// In `sent/`: delivered, kept for the retention period.
        case sent

        var folder: MailSpool.Folder {
            switch self {
            case .queued: .new
            case .delivering: .cur
            case .failed: .failed
            case .sent: .sent
            }
        }
    }

    public var status: Status
    public var fileName: String
    public var messageID: String?
    /// Decoded from the spooled header.
    public var subject: String?
    /// The To and Cc fields, display names decoded.
    public var recipients: [String]
    public var eventKey: String?
    /// Every event the message carries (a 催办单's many, else its own).
    public var carriedEventKeys: [String] = []
    /// From the delivery log's queue row; nil when the database has none.
    public var enqueuedAt: Date?
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
}

extension MailSpool {
    /// The messages in the given folders, oldest first within each, joined with their
    /// queue rows when `database` is given (a spool can be listed without one).
    public func contents(
        _ statuses: [SpooledMessage.Status] = [.queued, .delivering, .failed],
        database: (any DatabaseReader)? = nil
    ) throws(MailError) -> [SpooledMessage] {
        var listed: [SpooledMessage] = []
        for status in statuses {
            for name in try names(in: status.folder) {
                // A file that moved on while being listed is simply not listed.
                guard let bytes = try? POSIXFile.read(path(status.folder, name)) else { continue }
                listed.append(try describe(name, status: status, headers: MessageHeaders(parsing: bytes), database: database))
            }
        }
        return listed
    }

    private func describe(
        _ name: String, status: SpooledMessage.Status, headers: MessageHeaders, database: (any DatabaseReader)?
    ) throws(MailError) -> SpooledMessage {
        let row = try database.flatMap { reader throws(MailError) in try Self.queueRow(fileName: name, in: reader) }
        return SpooledMessage(
            status: status, fileName: name, messageID: headers.messageID, subject: headers.subject,
            recipients: [headers.to, headers.cc].compactMap { $0 }, eventKey: headers.eventKey,
            carriedEventKeys: headers.carriedEventKeys,
            enqueuedAt: row?.enqueuedAt, attempts: row?.attempts ?? 0,
            nextAttemptAt: status == .queued ? row?.nextAttemptAt : nil, lastError: row?.lastError)
    }

    private static func queueRow(fileName: String, in reader: any DatabaseReader) throws(MailError) -> QueueEntry? {
        do {
            return try reader.read { db in
                guard try MailDeliveryLog.isMigrated(db) else { return nil }
                return try QueueEntry.filter(Column("file_name") == fileName).fetchOne(db)
            }
        } catch {
            throw .database("\(error)")
        }
    }
}
