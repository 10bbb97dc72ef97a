#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why a journal record was not delivered.
///
/// A record either reaches journald or one of these is thrown: a missing or silent
/// journald is never reported as success.
public enum JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong with a field name.
    public enum NameProblem: Equatable, Sendable, CustomStringConvertible {
        case empty
        case tooLong(Int)
        case startsWithUnderscore
        case startsWithDigit
        case invalidCharacter(Character)

        public var description: String {
            switch self {
            case .empty: "is empty"
            case .tooLong(let count): "is \(count) bytes long (at most \(JournalField.maximumNameLength))"
            case .startsWithUnderscore: "starts with '_' (reserved for journald's trusted fields)"
            case .startsWithDigit: "starts with a digit"
            case .invalidCharacter(let c): "contains \(String(reflecting: String(c))) (only A-Z, 0-9 and _ are allowed)"
            }
        }
    }

    /// A field name journald would drop or reject.
    case invalidFieldName(String, NameProblem)
    /// A record needs at least one field.
    case emptyRecord
    /// No journald is listening: its socket is missing (`ENOENT`) or refuses (`ECONNREFUSED`).
    case journaldUnavailable(errno: Int32)
    /// libsystemd reported another failure (a negative errno from `sd_journal_sendv`).
    case sendFailed(errno: Int32)

    /// Maps the return value of `sd_journal_sendv`: nil on success (`>= 0`).
    ///
    /// libsystemd itself returns 0 when the socket file is missing (it "fails silently"),
    /// which is why ``Journal`` checks for the socket before sending.
    static func fromSendResult(_ result: Int32) -> JournalError? {
        guard result < 0 else { return nil }
        let code = -result
        switch code {
        case ENOENT, ECONNREFUSED, ENOTCONN, ECONNRESET, EACCES, EPERM:
            return .journaldUnavailable(errno: code)
        default:
            return .sendFailed(errno: code)
        }
    }

    public var description: String {
        switch self {
        case .invalidFieldName(let name, let problem):
            "journal field name \(String(reflecting: name)) \(problem)"
        case .emptyRecord:
            "a journal record needs at least one field"
        case .journaldUnavailable(let code):
            "journald is not listening on \(Journal.socketPath): \(errorText(code)) (errno \(code))"
        case .sendFailed(let code):
            "sd_journal_sendv failed: \(errorText(code)) (errno \(code))"
        }
    }
}

/// `strerror` text for an errno value.
func errorText(_ code: Int32) -> String {
    String(cString: strerror(code))
}
