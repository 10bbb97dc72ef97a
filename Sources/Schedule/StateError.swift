import Foundation
import GRDB

/// Why the state database (`<state dir>/state.sqlite`) could not be used. Every message says
/// what was and was not recorded: a failed command records nothing, and the file is never
/// changed or removed to recover from an error.
public enum StateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The state directory does not exist and cannot be created.
    case directoryUnavailable(directory: String, reason: String)
    /// The state directory (or the file) cannot be written: a read-only mount, or permissions.
    case readOnly(directory: String, reason: String)
    /// The file is not an SQLite database, or its pages are damaged.
    case corrupted(path: String, detail: String)
    /// Another process held the write lock for longer than the busy timeout.
    case locked(path: String, seconds: Double)
    /// A newer xianqi has changed the schema: this one will not write to it.
    case newerSchema(path: String, migrations: [String])
    /// Any other SQLite failure (disk full, I/O error).
    case database(path: String, detail: String)
    /// The database is missing or empty (`empty`: a 0-byte file) while the mail spool beside it
    /// holds mail of earlier runs: the sent log was lost. `evidence` lists the spool folders.
    case lost(path: String, empty: Bool, evidence: [String])
    /// A store shared by several daemons (PostgreSQL, docs/ha.md) refused a claim: the claim
    /// was made under leadership `epoch` (nil: this process holds none) while the database's
    /// is `current`, so another daemon leads now. Nothing was recorded; the event is not sent.
    case notLeader(path: String, epoch: Int64?, current: Int64?)

    public var description: String {
        switch self {
        case let .directoryUnavailable(directory, reason):
            "无法创建状态目录 (cannot create the state directory) \(directory): \(reason)。未记录任何内容；"
                + "请创建该目录或用 --state-dir 指定其他目录 (nothing was recorded; create it or pass --state-dir)"
        case let .readOnly(directory, reason):
            "状态目录不可写 (the state directory is read-only) \(directory): \(reason)。未记录任何内容，已有记录未受影响；"
                + "请检查挂载与权限，或用 --state-dir 指定可写目录 (nothing was recorded and nothing was lost; check the mount and permissions, or pass --state-dir)"
        case let .corrupted(path, detail):
            "状态数据库已损坏 (the state database is damaged) \(path): \(detail)。文件原样保留，未做任何改动；"
                + "请从备份恢复，或将其移走后重新运行以新建 (the file is left untouched; restore it from a backup, or move it aside to start a new one)"
        case let .locked(path, seconds):
            "状态数据库正被另一个 xianqi 进程写入，等待 \(Self.seconds(seconds)) 秒后仍被锁定 (the state database is locked by another xianqi process; still locked after \(Self.seconds(seconds)) s) \(path)。"
                + "本次操作未记录，请稍后重试 (nothing was recorded; try again)"
        case let .newerSchema(path, migrations):
            "状态数据库由更新版本的 xianqi 创建 (the state database was upgraded by a newer xianqi) \(path): \(migrations.joined(separator: ", "))。"
                + "本版本不写入该文件，请升级 xianqi (this version will not write to it; upgrade xianqi)"
        case let .database(path, detail):
            "状态数据库出错 (state database error) \(path): \(detail)。本次操作未记录 (nothing was recorded)"
        case let .lost(path, empty, evidence):
            "状态数据库\(empty ? "为空文件" : "不存在")，但邮件队列中有以前发送的邮件 (the state database is \(empty ? "an empty file" : "missing"), "
                + "but the mail spool holds mail of earlier runs) \(path); 邮件 (mail): \(evidence.joined(separator: ", "))。"
                + "发送记录与审计记录已丢失，为免重复发送，不新建数据库；请停止服务后运行 xianqi state rebuild 从邮件队列重建，"
                + "或从备份恢复 state.sqlite，步骤见 docs/state.md "
                + "(the sent log and the audit trail are gone: to send nothing twice, no new database is created; stop the daemon and run "
                + "`xianqi state rebuild` to rebuild it from the spool, or restore state.sqlite from a backup: docs/state.md)"
        case let .notLeader(path, epoch, current):
            "本进程不是主节点，未记录发送 (this daemon is not the leader: nothing was claimed) \(path): "
                + "本进程任期 (claimed under epoch) \(epoch.map(String.init) ?? "无 (none)")，"
                + "数据库任期 (the database's epoch) \(current.map(String.init) ?? "无 (none)")；由主节点发送 (the leader sends it)"
        }
    }

    private static func seconds(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s)
    }

    /// Classifies an error thrown by GRDB or SQLite.
    static func from(_ error: any Error, path: String, busyTimeout: Double) -> StateError {
        if let e = error as? StateError { return e }
        guard let db = error as? DatabaseError else {
            return .database(path: path, detail: "\(error)")
        }
        let detail = db.message ?? "\(db.resultCode)"
        let directory = (path as NSString).deletingLastPathComponent
        switch db.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .locked(path: path, seconds: busyTimeout)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .corrupted(path: path, detail: detail)
        case .SQLITE_READONLY: return .readOnly(directory: directory, reason: detail)
        case .SQLITE_CANTOPEN:
            return access(directory, W_OK) != 0
                ? .readOnly(directory: directory, reason: String(cString: strerror(errno)))
                : .database(path: path, detail: detail)
        default: return .database(path: path, detail: detail)
        }
    }
}
