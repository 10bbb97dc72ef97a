import ChineseDates
import Ledger
import Testing

@Suite struct TargetTests {
    static let ref = CivilDate("2024-11-21")

    @Test(arguments: [
        ("2025年10月底前", "2025-10-31"), ("年底前", "2024-12-31"), ("(2026年内)", "2026-12-31"),
        ("2024年6月30日前完成移交", "2024-06-30"), ("力争2024年7月前投入使用", "2024-06-30"),
        ("2025-03-31", "2025-03-31"), ("2025/3/31", "2025-03-31"), ("3月底前", "2025-03-31"),
        ("２０２５年１２月底前", "2025-12-31"), ("二〇二五年六月底", "2025-06-30"),
        ("2024年10月底前完成设计，12月底前完工", "2024-12-31"),
    ])
    func deadlineFieldResolves(_ text: String, _ due: String) {
        #expect(Target(resolving: text, reference: Self.ref).due == CivilDate(due))
    }

    @Test func ongoingAndCadencesHaveNoDueDate() {
        #expect(Target(resolving: "长期坚持", reference: Self.ref) == .ongoing)
        guard case .cadence(let c) = Target(resolving: "日报告、周汇总、月调度", reference: Self.ref) else {
            Issue.record("not a cadence")
            return
        }
        #expect(c.map(\.period) == [.day, .week, .month])
    }

    @Test func aPastFactIsNotADeadline() {
        guard case .unresolved(let reason) = Target(resolving: "2019年以来", reference: Self.ref) else {
            Issue.record("a since expression was taken as a deadline")
            return
        }
        #expect(reason.contains("以来"))
    }

    @Test func relativeDateWithoutReferenceSaysWhatIsMissing() {
        guard case .unresolved(let reason) = Target(resolving: "年底前", reference: nil) else {
            Issue.record("resolved without a reference")
            return
        }
        #expect(reason.contains("reference"))
    }

    @Test func aChainInTheFieldGivesMilestones() {
        let ms = Target.milestones(in: "2024年10月底前完成设计，12月底前完工", reference: Self.ref)
        #expect(ms.map(\.action) == ["完成设计", "完工"])
        #expect(ms.map(\.due) == [CivilDate("2024-10-31"), CivilDate("2024-12-31")])
    }

    @Test func emptyIsNone() {
        #expect(Target(resolving: "  ", reference: Self.ref) == .none)
    }
}
