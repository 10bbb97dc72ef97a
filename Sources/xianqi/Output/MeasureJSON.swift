import ChineseDates
import Ledger

extension Measure {
    /// The JSON shape of `xianqi list --format json`, one object per measure.
    var json: JSON {
        .object([
            ("id", .string(id)),
            ("category", .optional(category)),
            ("problem", .optional(problem)),
            ("measure", .string(text)),
            ("unit", .optional(unit)),
            ("owner", .optional(owner)),
            ("leader", .optional(leader)),
            ("unit_email", .array(unitEmail.map(JSON.string))),
            ("leader_email", .array(leaderEmail.map(JSON.string))),
            ("deadline", .optional(deadlineText)),
            ("due", .optional(due?.description)),
            ("target", .string(target.name)),
            ("status", .string(status.englishName)),
            ("status_text", .optional(statusText ?? status.rawValue)),
            ("milestones", .array(milestones.map(\.json))),
            ("source", .string(source.description)),
            ("extra", .object(extra.map { ($0.name, JSON.string($0.value)) })),
        ])
    }
}

extension Milestone {
    var json: JSON {
        .object([
            ("action", .string(action)),
            ("deadline", .string(dateText)),
            ("due", .optional(due?.description)),
            ("done", .bool(done)),
        ])
    }
}

extension Target {
    /// deadline, ongoing, cadence, none or unresolved.
    var name: String {
        switch self {
        case .none: "none"
        case .deadline: "deadline"
        case .ongoing: "ongoing"
        case .cadence: "cadence"
        case .unresolved: "unresolved"
        }
    }
}
