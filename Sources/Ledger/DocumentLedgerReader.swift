import ChineseDates

/// Reads the TOML and YAML ledger schema (docs/ledger.md):
///
///     title = "合肥高新区巡察整改台账"
///     reference = 2024-11-21        # relative dates ("年底前") are read against it
///
///     [[measure]]
///     id = "GX-20"
///     problem = "…"
///     measure = "…"
///     unit = "区建设发展局"
///     deadline = "2025年10月底前"
///     status = "推进中"
///
///     [[measure.milestone]]
///     action = "确定设计单位"
///     deadline = "2024年10月底"
///     status = "已完成"
///
/// Keys may also be the Chinese column titles (`完成时限 = "…"`). Unknown keys are kept as
/// extra fields, with a warning in case they are typos.
struct DocumentLedgerReader {
    let path: String
    let format: Ledger.Format
    /// Used when the file states no `reference` of its own.
    let defaultReference: CivilDate?
    /// False: the warnings of single measures are not made (``LedgerReader/keepsWarnings``).
    var keepsWarnings = true

    func read(_ root: DocValue) throws(LedgerReadError) -> Ledger {
        guard case .map = root else {
            throw LedgerReadError(file: path, line: root.position.line,
                                  reason: "顶层应为键值表 (top level must be a table of keys)")
        }
        var ledger = Ledger(path: path, format: format)
        ledger.title = root["title"]?.text
        ledger.reference = defaultReference
        if let r = root["reference"] {
            if let text = r.text, let date = CivilDate(text) {
                ledger.reference = date
            } else {
                ledger.issues.append(LedgerIssue(.error, at: r.position, field: "reference",
                                                 "参照日期应为 YYYY-MM-DD (reference must be a date)", text: r.text))
            }
        }
        guard let list = root["measure"] ?? root["measures"] else {
            ledger.issues.append(LedgerIssue(.warning, at: root.position, "台账中没有整改措施 (no [[measure]] entries)",
                                             suggestion: "每项措施写一个 [[measure]] 表"))
            return ledger
        }
        guard case .list(let items, _) = list else {
            throw LedgerReadError(file: path, line: list.position.line,
                                  reason: "measure 应为数组（TOML 用 [[measure]]，YAML 用 - 列表） (measure must be an array)")
        }
        var builder = MeasureBuilder(reference: ledger.reference, keepsWarnings: keepsWarnings)
        var raws: [RawMeasure] = []
        for item in items {
            guard case .map(let pairs, let position) = item else {
                ledger.issues.append(LedgerIssue(.error, at: item.position, "每项措施应为键值表 (each measure must be a table)"))
                continue
            }
            raws.append(rawMeasure(pairs, at: position, issues: &ledger.issues))
        }
        // No measure with a deadline key at all: one issue for the file, not one per measure. A
        // warning, not the error a sheet without the column gets: keys have fixed names (a
        // misspelt one is reported as unknown), and a ledger imported from a report that names
        // no dates is faithful to it — the office has still to add them.
        if !raws.isEmpty, !raws.contains(where: { $0.fields[.deadline] != nil || $0.fields[.milestones] != nil || !$0.milestones.isEmpty }) {
            builder.deadlineColumnMissing = true
            ledger.missingDeadlines.append(list.position)
            ledger.issues.append(LedgerIssue(.warning, at: list.position, field: MeasureField.deadline.rawValue,
                                             "没有一项措施写了完成时限，这些措施不会到期，也不会有提醒 (no measure has a deadline: none falls due)",
                                             suggestion: "每项措施写 deadline = \"2025年10月底前\"（或“完成时限”）"))
        }
        for raw in raws {
            _ = builder.build(raw, into: &ledger.table, issues: &ledger.issues)
        }
        return ledger
    }

    private static let milestoneKeys: Set<String> = ["milestone", "阶段目标节点"]

    private func rawMeasure(_ pairs: [(key: String, value: DocValue)], at position: SourcePosition,
                            issues: inout [LedgerIssue]) -> RawMeasure {
        var raw = RawMeasure(position: position)
        for (key, value) in pairs {
            if Self.milestoneKeys.contains(key) {
                raw.milestones += milestones(value, issues: &issues)
                continue
            }
            if key == "extra" {
                if case .map(let extras, _) = value {
                    raw.extra += extras.map { ExtraField(name: $0.key, value: $0.value.text ?? "") }
                } else {
                    issues.append(LedgerIssue(.error, at: value.position, field: key, "extra 应为键值表 (extra must be a table)"))
                }
                continue
            }
            let field = MeasureField(rawValue: key) ?? MeasureField.aliases[key.lowercased()]
            guard let field else {
                issues.append(LedgerIssue(.warning, at: value.position, field: key,
                                          "未知字段，已作为附加字段保留 (unknown key: kept as an extra field)",
                                          suggestion: "已知字段：" + MeasureField.allCases.map(\.rawValue).joined(separator: ", ")))
                raw.extra.append(ExtraField(name: key, value: flatText(value)))
                continue
            }
            raw.fields[field] = RawValue(text: flatText(value), position: value.position, name: key)
        }
        return raw
    }

    /// Scalars as written; a list of addresses or milestones as one text, joined.
    private func flatText(_ value: DocValue) -> String {
        switch value {
        case .scalar(let s, _): s
        case .list(let items, _): items.map(flatText).joined(separator: ", ")
        case .map(let pairs, _): pairs.map { "\($0.key)=\(flatText($0.value))" }.joined(separator: ", ")
        }
    }

    private func milestones(_ value: DocValue, issues: inout [LedgerIssue]) -> [RawMilestone] {
        guard case .list(let items, _) = value else {
            issues.append(LedgerIssue(.error, at: value.position, field: "milestone",
                                      "milestone 应为数组（TOML 用 [[measure.milestone]]） (milestone must be an array)"))
            return []
        }
        return items.compactMap { item in
            guard case .map = item else {
                issues.append(LedgerIssue(.error, at: item.position, field: "milestone", "每个阶段目标应为键值表 (each milestone must be a table)"))
                return nil
            }
            func raw(_ key: String, _ alias: String) -> RawValue? {
                guard let v = item[key] ?? item[alias] else { return nil }
                return RawValue(text: flatText(v), position: v.position, name: "milestone.\(key)")
            }
            return RawMilestone(position: item.position, action: raw("action", "事项"), deadline: raw("deadline", "完成时限"),
                                status: raw("status", "状态"), evidence: raw("evidence", "原文"))
        }
    }
}
