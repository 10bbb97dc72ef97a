import CorpusTestSupport
import ChineseDates
import Testing

@Suite struct CorpusDateTests {
    @Test(arguments: CorpusCases.all)
    func expressionMeansWhatTheReportSays(_ c: CorpusCase) throws {
        let iso = try #require(CorpusCase.references[c.report])
        let ref = try #require(CivilDate(iso))
        let found = DateParser(reference: ref).parse(c.sentence).filter { $0.text == c.expression }
        let e = try #require(found.last, "no expression “\(c.expression)”")
        #expect(e.kind == c.kind)
        #expect(e.interval?.start.description == c.start)
        #expect(e.interval?.end.description == c.end)
        #expect(e.due?.description == c.due)
    }

    @Test func everyCaseSentenceStandsInItsReport() throws {
        for c in CorpusCases.all {
            let text = try Corpus.text(c.report)
            #expect(text.contains(c.sentence), "not in report \(c.report): \(c.sentence)")
        }
    }

    @Test func casesCoverEveryKindAndEveryReport() {
        let kinds = Set(CorpusCases.all.map(\.kind))
        #expect(kinds == Set(DateExpression.Kind.allCases))
        #expect(Set(CorpusCases.all.map(\.report)) == ["000", "001", "002", "003", "004"])
        #expect(CorpusCases.all.count >= 150)
    }

    @Test(arguments: CorpusCase.references.sorted(by: { $0.key < $1.key }))
    func reportDateIsFoundInTheReport(id: String, expected: String) throws {
        let found = try #require(DocumentDate.find(in: try Corpus.text(id)))
        #expect(found.date.description == expected)
        #expect(found.source == (id == "000" ? .header : .signature))
    }

    /// Past facts, measurements and rhythms must never come out as deadlines.
    @Test(arguments: ["000", "001", "002", "003", "004"])
    func noTrapBecomesADeadline(id: String) throws {
        let text = try Corpus.text(id)
        let ref = DocumentDate.find(in: text)?.date
        let traps = ["以来", "至今", "截至", "截止", "同期", "每", "定期", "双周", "长期", "常态", "持续", "近"]
        for e in DateParser(reference: ref).parse(text) where e.kind == .deadline {
            #expect(!traps.contains { e.text.contains($0) }, "trap read as deadline: \(e.text)")
        }
    }

    @Test func milestoneChainIn000HasFourDatedMilestones() throws {
        let text = try Corpus.text("000")
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("下一步一是计划于2024年10月底") })
        let clauses = ClauseExtractor(reference: CivilDate("2024-11-21")).extract(String(line))
        let milestones = clauses.compactMap { c -> (String, String)? in
            guard let due = c.expressions.first(where: { $0.kind == .deadline })?.due else { return nil }
            return (c.action, due.description)
        }
        #expect(milestones.map(\.0) == ["确定设计单位", "确定监理单位", "确定施工单位", "完成全部整改"])
        #expect(milestones.map(\.1) == ["2024-10-31", "2024-12-31", "2025-01-31", "2025-10-31"])
    }
}
