import ArgumentParser

/// "Did you mean" for a mistyped subcommand (`xianqi ovedue`). swift-argument-parser suggests
/// the nearest option for an unknown `--flag`, but for an unknown first word says only
/// "Unexpected argument", so the root command checks that word before parsing.
///
///     CommandSuggestion.message(for: ["ovedue"], commands: ["overdue", "upcoming"])
///     // 未知命令 “ovedue” (unknown command); 您是否要 (did you mean): overdue
enum CommandSuggestion {
    /// The message for an unknown first word, or nil when it is a command, an option or absent.
    static func message(for arguments: [String], commands: [String]) -> String? {
        guard let word = arguments.first, !word.hasPrefix("-"), word != "help", !commands.contains(word) else { return nil }
        let typed = Array(word)
        let allowed = max(2, typed.count / 3)
        var scored: [(name: String, edits: Int)] = []
        for name in commands {
            let edits = UnitOption.distance(typed, Array(name))
            if edits <= allowed || name.hasPrefix(word) { scored.append((name, edits)) }
        }
        scored.sort { $0.edits != $1.edits ? $0.edits < $1.edits : $0.name < $1.name }
        let near = scored.prefix(3).map(\.name)
        let hint = near.isEmpty ? "命令列表见 (see) xianqi --help" : "您是否要 (did you mean): " + near.joined(separator: ", ")
        return "未知命令 “\(word)” (unknown command); \(hint)"
    }

    /// The names (and aliases) of `command`'s subcommands.
    static func names(of command: any ParsableCommand.Type) -> [String] {
        command.configuration.subcommands.flatMap { sub in
            [sub.configuration.commandName ?? sub._commandName] + sub.configuration.aliases
        }
    }
}
