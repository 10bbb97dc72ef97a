import Ledger

/// Who the digests go to, as the configuration and the ledgers give it: the office, each
/// owner unit's addresses, and the responsible leader of each measure.
///
///     let book = DigestAddressBook(measures: workspace.measures, unitEmails: config.unitEmails,
///                                  office: config.officeEmail, sender: config.mailFrom)
///     book.units["中共湖南湘江新区工作委员会"]   // ["zgb@xiangjiang…", "dzb@xiangjiang…"]
public struct DigestAddressBook: Hashable, Sendable {
    /// The rectification office (`[office] email`): receives the full digest.
    public var office: [String]
    /// The sender (`[office] from`).
    public var sender: String?
    /// Owner unit → addresses: `[units]` of the configuration first, then every address a
    /// ledger row of the unit gives (联系邮箱), each once.
    public var units: [String: [String]]
    /// Measure id → its responsible leader (责任领导) and the leader's addresses (领导邮箱),
    /// for measures whose row gives an address.
    public var leaders: [String: Leader]

    /// A responsible leader as a ledger row names them.
    public struct Leader: Hashable, Sendable {
        public var name: String?
        public var addresses: [String]

        public init(name: String?, addresses: [String]) {
            self.name = name
            self.addresses = addresses
        }
    }

    public init(office: [String], sender: String?, units: [String: [String]], leaders: [String: Leader] = [:]) {
        self.office = office
        self.sender = sender
        self.units = units
        self.leaders = leaders
    }

    /// The book of a configuration's `[office]` and `[units]` and of the ledgers' rows.
    public init(measures: some Sequence<Measure>, unitEmails: [String: [String]], office: [String], sender: String?) {
        var units = unitEmails.mapValues(Self.unique)
        var leaders: [String: Leader] = [:]
        for m in measures {
            if let unit = m.unit, !m.unitEmail.isEmpty {
                units[unit] = Self.unique(units[unit, default: []] + m.unitEmail)
            }
            if !m.leaderEmail.isEmpty {
                leaders[m.id] = Leader(name: m.leader, addresses: Self.unique(m.leaderEmail))
            }
        }
        self.init(office: Self.unique(office), sender: sender, units: units, leaders: leaders)
    }

    /// Each address once, in order, compared without case.
    static func unique(_ addresses: [String]) -> [String] {
        var seen = Set<String>()
        return addresses.filter { seen.insert($0.lowercased()).inserted }
    }
}
