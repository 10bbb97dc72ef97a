import ChineseDates

extension DateExpression {
    /// The stable JSON shape of `xianqi parse --format json|jsonl`:
    /// `{"text","kind","start","end","due","precision","span":[i,j],"flags":[…]}`.
    var json: JSON {
        .object([
            ("text", .string(text)),
            ("kind", .string(kind.rawValue)),
            ("start", .optional(start?.description)),
            ("end", .optional(end?.description)),
            ("due", .optional(due?.description)),
            ("precision", .optional(precision?.rawValue)),
            ("span", .array([.int(span.lowerBound), .int(span.upperBound)])),
            ("flags", .array(flags.names.map(JSON.string))),
        ] + detailJSON)
    }

    private var detailJSON: [(String, JSON)] {
        switch meaning {
        case .cadence(let c):
            return [("cadence", .object([("period", .optional(c.period?.rawValue)), ("every", .int(c.every))]))]
        case .duration(let s):
            var fields: [(String, JSON)] = [("amount", .int(s.amount)), ("unit", .string(s.unit.rawValue))]
            if s.days != 0 { fields.append(("days", .int(s.days))) }
            return [("duration", .object(fields))]
        default:
            return []
        }
    }
}
