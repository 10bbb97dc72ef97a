/// A mailbox: an ASCII address with an optional display name in any script.
///
/// The address is checked when the message is rendered (the error then names the
/// header field); the display name may hold anything, since it is always written
/// as RFC 2047 encoded-words or a plain run of ASCII words, never as raw text.
///
///     MailAddress("caizhengju@example.gov.cn", displayName: "区财政局 张伟")
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The addr-spec, `local@domain`, in ASCII (an internationalised domain in its `xn--` form).
    public var address: String
    /// The person or unit, e.g. `区财政局`; nil or empty for a bare address.
    public var displayName: String?

    /// A mailbox; nothing is checked until the message is rendered.
    public init(_ address: String, displayName: String? = nil) {
        self.address = address
        self.displayName = displayName
    }

    /// `区财政局 <caizhengju@example.gov.cn>`, for people to read (not a header).
    public var description: String {
        guard let displayName, !displayName.isEmpty else { return address }
        return "\(displayName) <\(address)>"
    }

    /// The longest address SMTP carries (RFC 5321 path limit less the angle brackets).
    public static let maximumLength = 254

    /// Why `address` cannot be written into a header, or nil when it can.
    ///
    /// Only the dot-atom form is accepted: no quoted local parts, no comments, no domain
    /// literals. Anything that could end a header (CR, LF) or add an address (`,`, `<`)
    /// is outside that form, which is what makes address fields injection-proof.
    ///
    ///     MailAddress.problem(with: "zhang.wei@example.gov.cn")   // nil
    ///     MailAddress.problem(with: "x@y\r\nBcc: z@w")            // .invalidDomain
    public static func problem(with address: String) -> MailError.AddressProblem? {
        guard !address.isEmpty else { return .empty }
        guard address.unicodeScalars.allSatisfy(\.isASCII) else { return .nonASCII }
        let bytes = Array(address.utf8)
        guard bytes.count <= maximumLength else { return .tooLong(bytes.count) }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return .missingAt }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard local.count <= 64, isDotAtom(local, allowed: isAtext) else { return .invalidLocalPart }
        guard isDomain(domain) else { return .invalidDomain }
        return nil
    }

    /// The domain part, e.g. `example.gov.cn` (used for Message-IDs).
    var domain: Substring? {
        address.lastIndex(of: "@").map { address[address.index(after: $0)...] }
    }

    private static func isDotAtom(_ bytes: ArraySlice<UInt8>, allowed: (UInt8) -> Bool) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(allowed) }
    }

    private static func isDomain(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count <= 253 else { return false }
        let labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return !labels.isEmpty && labels.allSatisfy { label in
            guard let first = label.first, let last = label.last, label.count <= 63 else { return false }
            return first != UInt8(ascii: "-") && last != UInt8(ascii: "-") && label.allSatisfy(isLetterDigitHyphen)
        }
    }

    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    /// RFC 5322 `atext`.
    private static func isAtext(_ byte: UInt8) -> Bool {
        ASCII.isLetterOrDigit(byte) || atextSymbols.contains(byte)
    }

    private static func isLetterDigitHyphen(_ byte: UInt8) -> Bool {
        ASCII.isLetterOrDigit(byte) || byte == UInt8(ascii: "-")
    }
}
