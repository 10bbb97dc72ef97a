import ArgumentParser
import Board
import Foundation
import Glibc
import Schedule

/// `--color auto|always|never` of the listings: overdue rows red, rows due within the board's
/// yellow window yellow, by the board's own rule (``Colour/of(_:today:calendar:policy:yellowWithin:)``).
///
/// `auto` colours only when standard output is a terminal and `NO_COLOR` is unset or empty
/// (no-color.org: any non-empty value turns colour off); `always` and `never` decide
/// whatever the environment says, as a command-line choice overrides `NO_COLOR`.
struct ColourOptions: ParsableArguments {
    enum When: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(name: .customLong("color"),
            help: ArgumentHelp("Red for overdue rows, yellow for rows due within [board] yellow_within: auto (on a terminal, unless NO_COLOR is set), always or never.",
                               valueName: "WHEN"))
    var when: When = .auto

    /// Whether to write colour, for standard output (`isTerminal`) in `environment`.
    func isOn(environment: [String: String] = ProcessInfo.processInfo.environment,
              isTerminal: Bool = isatty(1) == 1) -> Bool {
        switch when {
        case .always: true
        case .never: false
        case .auto: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
        }
    }

    /// The SGR colour of each row (`"31"` red, `"33"` yellow, nil for none), by the board's
    /// rule with the configuration's `[board] yellow_within`; nil when colour is off.
    func rowColour(_ context: ScheduleContext) -> ((ScheduleItem) -> String?)? {
        guard isOn() else { return nil }
        let config = context.workspace.configuration
        let board: BoardSettings
        do {
            board = try BoardSettings(section: config.section("board"), path: config.path, resolve: config.resolve)
        } catch {
            Diagnostics.warn("警告：[board] 设置无效，按默认的 3 个工作日标黄 (warning: [board] unusable; yellow within 3 working days): \(error)")
            board = BoardSettings()
        }
        let today = context.today, calendar = context.calendar, reminders = context.settings
        return { item in
            let policy = reminders.policy(category: item.category, unit: item.unit)
            switch Colour.of(item, today: today, calendar: calendar, policy: policy, yellowWithin: board.yellowWithin) {
            case .red: return "31"
            case .yellow: return "33"
            default: return nil
            }
        }
    }
}
