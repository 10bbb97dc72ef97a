import Yams

/// Why a budget, not Yams' own loader: libyaml resolves an alias to the node its anchor names,
/// shared, so a 500-byte "billion laughs" ledger (`b: &b [*a, *a, …]`, nine levels deep)
/// composes in microseconds and then expands to 10⁹ nodes when the tree is walked, taking the
/// host into the OOM killer. A document without aliases has at most two nodes per byte of
/// its text (every node but a mapping's empty value takes at least one character), so a
/// walk that meets more nodes than that is expanding aliases: the ledger is refused, naming
/// the line of the node where the budget ran out, before anything large is built.
extension YAMLTree {
    /// The most nodes a walk of a YAML document of `byteCount` bytes may meet.
    static func nodeBudget(byteCount: Int) -> Int { 2 * byteCount + 64 }

    /// Walks `node` depth first, shared nodes once per reference, and throws once the walk
    /// meets more than `budget` nodes. Stops at the first node over budget: bounded by `budget`.
    static func checkExpansion(_ node: Node, budget: Int, file: String) throws(LedgerReadError) {
        var remaining = budget
        var stack: [Node] = [node]
        while let next = stack.popLast() {
            remaining -= 1
            if remaining < 0 {
                throw LedgerReadError(file: file, line: next.mark?.line, column: next.mark?.column,
                                      reason: "YAML 别名（&锚点 / *引用）展开后超过 \(budget) 个节点，台账中不允许这样的别名 "
                                          + "(YAML aliases expand past \(budget) nodes, a billion-laughs document: refused; write the values out)")
            }
            switch next {
            case .scalar, .alias: break
            case .sequence(let seq): stack.append(contentsOf: seq)
            case .mapping(let map):
                for pair in map {
                    stack.append(pair.key)
                    stack.append(pair.value)
                }
            }
        }
    }
}
