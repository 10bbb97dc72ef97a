/// Where a measure stands, normalised from the words ledgers and reports use.
///
///     Status(parsing: "整改结果：阶段性完成")  // nil — give the value, not the label
///     Status(parsing: "阶段性完成")            // .partlyDone
///     Status(parsing: "已办结")                // .done
public enum Status: String, Hashable, Sendable, CaseIterable, Codable {
    case notStarted = "未开始"
    case inProgress = "推进中"
    /// 阶段性完成: the planned step is done; the work goes on.
    case partlyDone = "阶段性完成"
    case done = "已完成"
    /// 长期坚持: long-term work with no end date.
    case ongoing = "长期坚持"
    /// 未完成: reported as not done at the end of a rectification period.
    case notDone = "未完成"

    /// English names accepted in ledgers and printed in JSON.
    public var englishName: String {
        switch self {
        case .notStarted: "not-started"
        case .inProgress: "in-progress"
        case .partlyDone: "partly-done"
        case .done: "done"
        case .ongoing: "ongoing"
        case .notDone: "not-done"
        }
    }

    /// Closed measures need no reminders.
    public var isClosed: Bool { self == .done }

    /// Reads a status word as ledgers and reports write it. Longer words are tried first, so
    /// "阶段性完成" is not read as "完成" and "未完成" not as "完成".
    public init?(parsing text: String) {
        let t = Self.normalize(text)
        guard !t.isEmpty else { return nil }
        if let exact = Self.words[t] {
            self = exact
            return
        }
        // A status cell often says more: "已完成（2024年6月）", "推进中，完成60%".
        for (word, status) in Self.wordsLongestFirst where t.hasPrefix(word) {
            self = status
            return
        }
        return nil
    }

    /// The words understood, for messages that suggest one.
    public static var acceptedWords: [String] { allCases.map(\.rawValue) }

    private static func normalize(_ text: String) -> String {
        var s = text.unicodeScalars.filter { !$0.properties.isWhitespace }
        while let last = s.last, "。.;；,，".unicodeScalars.contains(last) { s.removeLast() }
        return String(String.UnicodeScalarView(s)).lowercased()
    }

    private static let words: [String: Status] = {
        var w: [String: Status] = [:]
        let table: [(Status, [String])] = [
            (.notStarted, ["未开始", "未启动", "尚未开始", "尚未启动", "not-started", "notstarted", "todo", "open"]),
            (.inProgress, ["推进中", "正在推进", "进行中", "整改中", "正在整改", "持续推进", "在推进", "按期推进",
                           "in-progress", "inprogress", "started", "doing"]),
            (.partlyDone, ["阶段性完成", "基本完成", "部分完成", "初见成效", "取得阶段性成效", "partly-done", "partial"]),
            (.done, ["已完成", "完成", "已整改", "整改完成", "已办结", "办结", "已销号", "销号", "已整改到位", "done",
                     "completed", "closed"]),
            (.ongoing, ["长期坚持", "长期整改", "持续整改", "长期推进", "常态化", "ongoing", "long-term"]),
            (.notDone, ["未完成", "未整改", "尚未完成", "未整改到位", "not-done", "notdone"]),
        ]
        for (status, list) in table { for word in list { w[word] = status } }
        return w
    }()

    private static let wordsLongestFirst: [(String, Status)] =
        words.sorted { ($0.key.unicodeScalars.count, $0.key) > ($1.key.unicodeScalars.count, $1.key) }
            .map { ($0.key, $0.value) }
}
