import MailAddressSyntax

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
    public static let maximumLength = AddrSpec.maximumLength

    /// Why `address` cannot be written into a header, or nil when it can: ``AddrSpec``, the
    /// rule `xianqi check` applies to ledgers and the configuration too.
    ///
    ///     MailAddress.problem(with: "zhang.wei@example.gov.cn")   // nil
    ///     MailAddress.problem(with: "x@y\r\nBcc: z@w")            // .invalidDomain
    public static func problem(with address: String) -> MailError.AddressProblem? {
        AddrSpec.problem(with: address)
    }

    /// Throws the problem of `address`, if any.
    public static func validate(_ address: String) throws(MailError.AddressProblem) {
        if let problem = problem(with: address) { throw problem }
    }

    /// The domain part, e.g. `example.gov.cn` (used for Message-IDs).
    var domain: Substring? {
        address.lastIndex(of: "@").map { address[address.index(after: $0)...] }
    }
}
