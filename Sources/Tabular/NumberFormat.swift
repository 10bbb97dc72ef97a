import Foundation

/// Which cell styles of a workbook show numbers as dates. In .xlsx a date is only a serial
/// number whose style's number format is a date format; `styles.xml` says which.
struct DateStyles {
    /// Indexed by the cell's `s` attribute (the position in `<cellXfs>`).
    private(set) var isDate: [Bool] = []

    func isDate(style: Int) -> Bool {
        style >= 0 && style < isDate.count && isDate[style]
    }

    static func parse(_ data: Data, file: String, part: String) throws(TabularError) -> DateStyles {
        struct State {
            var customFormats: [Int: String] = [:]
            var xfFormatIDs: [Int] = []
            var inCellXfs = false
        }
        let state = try XMLPart.parse(data, part: part, file: file) { scanner, token, state in
            switch token {
            case .open(let tag):
                if scanner.name(tag.localName, is: "numFmt") {
                    if let id = scanner.attribute("numFmtId", of: tag).flatMap({ Int($0) }),
                       let code = scanner.attribute("formatCode", of: tag) {
                        state.customFormats[id] = code
                    }
                } else if scanner.name(tag.localName, is: "cellXfs") {
                    state.inCellXfs = !tag.selfClosing
                } else if state.inCellXfs, scanner.name(tag.localName, is: "xf") {
                    state.xfFormatIDs.append(scanner.attribute("numFmtId", of: tag).flatMap { Int($0) } ?? 0)
                }
            case .close(let name):
                if scanner.name(name, is: "cellXfs") { state.inCellXfs = false }
            default:
                break
            }
        } initial: { State() }
        var styles = DateStyles()
        styles.isDate = state.xfFormatIDs.map { id in
            if let code = state.customFormats[id] { return NumberFormat.isDateFormat(code) }
            return NumberFormat.isBuiltInDate(id)
        }
        return styles
    }
}

/// Excel number format codes.
public enum NumberFormat {
    /// Built-in formats that show dates or times (ECMA-376 §18.8.30 plus the East Asian
    /// ids 27–36 and 50–58 used by Chinese, Japanese and Korean Excel).
    public static func isBuiltInDate(_ id: Int) -> Bool {
        switch id {
        case 14...22, 27...36, 45...47, 50...58: true
        default: false
        }
    }

    /// Whether a custom format code shows a date: it has a year or day part, or a month
    /// part with no hours or seconds beside it (`mm:ss` is minutes). Quoted text, escaped
    /// characters and bracketed sections (`[Red]`, `[$-804]`, elapsed `[h]`) are ignored.
    ///
    ///     isDateFormat(#"yyyy"年"m"月"d"日""#)  // true
    ///     isDateFormat("[h]:mm:ss")              // false
    ///     isDateFormat(#"0.00"天""#)            // false
    public static func isDateFormat(_ code: String) -> Bool {
        var hasYearOrDay = false
        var hasMonthOrMinute = false
        var hasTime = false
        var iterator = code.unicodeScalars.makeIterator()
        while let c = iterator.next() {
            switch c {
            case "\"":
                while let q = iterator.next(), q != "\"" {}
            case "\\", "_", "*":
                _ = iterator.next()
            case "[":
                var inside = ""
                while let q = iterator.next(), q != "]" { inside.unicodeScalars.append(q) }
                let lower = inside.lowercased()
                if !lower.isEmpty, lower.allSatisfy({ $0 == "h" || $0 == "m" || $0 == "s" }) { hasTime = true }
            case ";":
                // Only the first (positive) section decides.
                return hasYearOrDay || (hasMonthOrMinute && !hasTime)
            default:
                switch c.properties.lowercaseMapping {
                case "y", "d": hasYearOrDay = true
                case "m": hasMonthOrMinute = true
                case "h", "s": hasTime = true
                default: break
                }
            }
        }
        if code.lowercased() == "general" { return false }
        return hasYearOrDay || (hasMonthOrMinute && !hasTime)
    }
}
