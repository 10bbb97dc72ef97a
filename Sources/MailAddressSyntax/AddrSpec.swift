/// The one rule for the addresses xianqi sends to, shared by `xianqi check` (the ledger and
/// configuration readers) and the mail builder, so that an address `check` accepts is one
/// the message can carry: a plain ASCII dot-atom `local@domain.tld`.
///
/// A module of its own so that Ledger and Workspace can use it without depending on Mail
/// (and through it on SQLite and subprocesses).
///
///     AddrSpec.problem(with: "zhang.wei@example.gov.cn")   // nil
///     AddrSpec.problem(with: "x@-b.com")                   // .invalidDomain
///     AddrSpec.problem(with: "a..b@b.com")                 // .invalidLocalPart
public enum AddrSpec {
    /// The longest address SMTP carries (RFC 5321 path limit less the angle brackets).
    public static let maximumLength = 254
    /// RFC 5321 §4.5.3.1.1.
    public static let maximumLocalPartLength = 64
    /// RFC 1035 §2.3.4.
    public static let maximumLabelLength = 63

    /// Why `address` is not a deliverable addr-spec, or nil when it is.
    ///
    /// Only the dot-atom form is accepted: no quoted local parts, no comments, no domain
    /// literals. Anything that could end a header (CR, LF) or add an address (`,`, `<`)
    /// is outside that form, which is what makes address fields injection-proof. The
    /// domain needs a dot: `zgb@localhost` reaches no office mailbox.
    public static func problem(with address: String) -> AddressProblem? {
        guard !address.isEmpty else { return .empty }
        guard address.unicodeScalars.allSatisfy(\.isASCII) else { return .nonASCII }
        let bytes = Array(address.utf8)
        guard bytes.count <= maximumLength else { return .tooLong(bytes.count) }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return .missingAt }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard local.count <= maximumLocalPartLength else { return .localPartTooLong(local.count) }
        guard isDotAtom(local) else { return .invalidLocalPart }
        guard isDomain(domain) else { return .invalidDomain }
        guard domain.contains(UInt8(ascii: ".")) else { return .missingDot }
        return nil
    }

    private static func isDotAtom(_ bytes: ArraySlice<UInt8>) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(isAtext) }
    }

    private static func isDomain(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count <= 253 else { return false }
        let labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return !labels.isEmpty && labels.allSatisfy { label in
            guard let first = label.first, let last = label.last, label.count <= maximumLabelLength else { return false }
            return first != UInt8(ascii: "-") && last != UInt8(ascii: "-") && label.allSatisfy(isLetterDigitHyphen)
        }
    }

    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    /// RFC 5322 `atext`.
    private static func isAtext(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || atextSymbols.contains(byte)
    }

    private static func isLetterDigitHyphen(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || byte == UInt8(ascii: "-")
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

/// What is wrong with an address, in Chinese with English in parentheses.
public enum AddressProblem: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case nonASCII
    case missingAt
    case invalidLocalPart
    case localPartTooLong(Int)
    case invalidDomain
    case missingDot
    case tooLong(Int)

    public var description: String {
        switch self {
        case .empty: "为空 (empty)"
        case .nonASCII: "含非 ASCII 字符 (non-ASCII character; write the domain in its xn-- form)"
        case .missingAt: "缺少 @ (no @)"
        case .invalidLocalPart: "@ 前的部分含不允许的字符 (invalid local part: only letters, digits, . and !#$%&'*+-/=?^_`{|}~, no leading, trailing or double dot)"
        case .localPartTooLong(let n): "@ 前的部分长度 \(n) 超过 64 (local part longer than 64 characters)"
        case .invalidDomain: "域名无效 (invalid domain: labels of letters, digits and -, at most 63 each, not starting or ending with -)"
        case .missingDot: "域名缺少“.” (the domain has no dot)"
        case .tooLong(let n): "长度 \(n) 超过 254 (longer than 254 characters)"
        }
    }
}
