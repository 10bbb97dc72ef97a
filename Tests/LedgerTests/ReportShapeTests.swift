import ChineseDates
import Foundation
import Ledger
import Testing

/// The shapes of published text the importer reads beyond the numbered outline of the five
/// samples, one test a shape. The sentences are from the documents in Fixtures/unseen where
/// one shows the shape; the layouts without such a document are written after the forms the
/// brief of this importer lists (a 整改方案 with field headings, a flattened table).
@Suite struct ReportShapeTests {
    static func importing(_ text: String, reference: String) -> Ledger {
        ReportImporter(reference: CivilDate(reference)).importReport(text, path: "t.txt")
    }

    @Test func unnumberedTextIsReadParagraphByParagraph() {
        let text = """
            向阳区开展巡察整改专项督查
            11月4日,巡察工作领导小组组长对10家整改不力的单位负责人进行了约谈。
            12月10日前,被巡察党组织和单位将整改情况上报。此次整改完成后,将择机抽查检查。
            """
        let ledger = Self.importing(text, reference: "2020-11-20")
        #expect(ledger.measures.map(\.id) == ["P1"])
        #expect(ledger.measures[0].due == CivilDate("2020-12-10"))
        #expect(ledger.measures[0].source.line == 3)
    }

    @Test func severalHeadingsOnOneLineAreSeveralItems() {
        let text = """
            一、整改措施
            1.2024年5月前,制定主城区中水回用设施及管网工程施工方案。 2.督促市水权公司积极开展项目用地和项目报建工作。
            """
        let ledger = Self.importing(text, reference: "2024-01-10")
        #expect(ledger.measures.map(\.id) == ["1.1", "1.2"])
        #expect(ledger.measures[0].due == CivilDate("2024-04-30"))
    }

    @Test func aDateOpeningItsClauseTimesTheClauseAfter() {
        let clauses = ClauseExtractor(reference: CivilDate("2024-01-10"))
            .extract("1.2024年5月前,制定主城区中水回用设施及管网工程施工方案,按周明确工程任务量。")
        #expect(clauses.first?.action == "制定主城区中水回用设施及管网工程施工方案")
    }

    @Test(arguments: [
        ("到2025年,全市新增残疾人就业800人以上。", "2025-12-31"),
        ("到2024年,全市累计建成5G基站1万个。", "2024-12-31"),
        ("至2025年,基本建成城乡一体的供水体系。", "2025-12-31"),
    ])
    func aYearStillToComeAfter到IsATarget(_ sentence: String, _ due: String) {
        let clauses = ClauseExtractor(reference: CivilDate("2023-03-21")).extract(sentence)
        #expect(clauses.flatMap(\.expressions).map(\.due) == [CivilDate(due)])
    }

    @Test func aYearAlreadyPastAfter到IsStillAMeasurement() {
        let clauses = ClauseExtractor(reference: CivilDate("2023-03-21")).extract("到2020年,全市累计建成5G基站1万个。")
        #expect(clauses.flatMap(\.expressions).allSatisfy { $0.kind != .deadline })
    }

    @Test func aPlanDatesWhatIsStillToBeDone() {
        let plan = ClauseExtractor(reference: CivilDate("2021-01-25"), reading: .plan)
        #expect(plan.extract("年底逐一績效對賬。").flatMap(\.expressions).map(\.due) == [CivilDate("2021-12-31")])
        #expect(plan.extract("2022年,全市新建5G基站2600个以上。").flatMap(\.expressions).map(\.due) == [CivilDate("2022-12-31")])
        // A year naming a document, and a date inside 《》, are not targets.
        #expect(plan.extract("附件:2021年政府工作主要任务分解表").flatMap(\.expressions).allSatisfy { $0.kind != .deadline })
        #expect(plan.extract("印发《行动方案(2022—2024年)》。").isEmpty)
        let report = ClauseExtractor(reference: CivilDate("2021-01-25"))
        #expect(report.extract("年底逐一績效對賬。").flatMap(\.expressions).allSatisfy { $0.kind != .deadline })
    }

    @Test func fieldsWrittenAsHeadingsBelongToOneMeasure() {
        let text = """
            某县关于巡察反馈问题整改方案的通知
            一、问题描述
            2022年8月5日专题研究管网工程，但一直未落地。
            二、整改实施主体
            县住建局
            三、整改措施
            完成管网工程建设，按周调度施工进展。
            四、完成时限
            2025年6月底前
            """
        let ledger = Self.importing(text, reference: "2025-01-10")
        #expect(ledger.measures.count == 1)
        let m = ledger.measures[0]
        #expect(m.unit == "县住建局")
        #expect(m.deadlineText == "2025年6月底前")
        #expect(m.due == CivilDate("2025-06-30"))
        #expect(m.problem == "2022年8月5日专题研究管网工程，但一直未落地。")
        #expect(m.text == "完成管网工程建设，按周调度施工进展。")
        // The date of the problem's description is no step to take.
        #expect(m.milestones.isEmpty)
    }

    @Test func aFieldNameOnItsOwnLineTakesTheNextLine() {
        let text = """
            一、具体问题整改
            1.档案管理不规范。
            责任单位
            区档案馆
            完成时限：
            2025年6月底前
            """
        let m = Self.importing(text, reference: "2025-01-10").measures[0]
        #expect(m.unit == "区档案馆")
        #expect(m.due == CivilDate("2025-06-30"))
    }

    @Test(arguments: ["整改进展情况", "整改完成情况", "进展情况", "整改情况", "完成情况"])
    func statusLabelVariants(_ label: String) {
        let text = """
            一、问题整改
            1.台账不全。
            \(label):已完成。
            """
        let m = Self.importing(text, reference: "2025-01-10").measures[0]
        #expect(m.status == .done)
        #expect(m.statusText == "已完成")
    }

    @Test(arguments: ["\t", "    "])
    func aFlattenedTableGivesOneMeasureARow(_ gap: String) {
        let rows = [
            ["序号", "问题", "整改措施", "责任单位", "完成时限"],
            ["1", "档案管理不规范", "建立档案管理制度", "区档案馆", "2025年6月底前"],
            ["2", "2023年审计发现资金拨付滞后", "建立拨付台账，按月调度", "区财政局", "长期坚持"],
        ]
        let text = "某区巡察整改任务清单\n" + rows.map { $0.joined(separator: gap) }.joined(separator: "\n") + "\n"
        let ledger = Self.importing(text, reference: "2025-01-10")
        #expect(ledger.measures.map(\.id) == ["T1.1", "T1.2"])
        let first = ledger.measures[0]
        #expect(first.problem == "档案管理不规范")
        #expect(first.text == "建立档案管理制度")
        #expect(first.unit == "区档案馆")
        #expect(first.due == CivilDate("2025-06-30"))
        #expect(first.source.line == 3)
        #expect(ledger.measures[1].target == .ongoing)
        #expect(ledger.measures[1].due == nil)
    }

    @Test func pageChromeIsNeitherTitleNorIssuer() {
        let text = """
            首页 > 向阳区 > 巡视巡察
            发布时间:
            2025-12-29 10:38
            索 引 号: | 000014349/2023-91150 | 信息分类: | |
            名 称: | 市人民政府办公室关于印发新型基础设施建设三年行动方案的通知 |
            各市、特区、区人民政府:
            一、主要目标
            到2024年,全市累计建成5G基站1万个。
            """
        let ledger = Self.importing(text, reference: "2022-12-02")
        #expect(ledger.title == "市人民政府办公室关于印发新型基础设施建设三年行动方案的通知")
        #expect(ledger.measures.first?.unit == "市人民政府办公室")
        #expect(ledger.measures.first?.due == CivilDate("2024-12-31"))
    }

    @Test func aTableWrittenACellALineGivesOneMeasureARow() {
        let cells = ["序号", "问题", "整改措施", "责任单位", "完成时限",
                     "1", "档案管理不规范", "建立档案管理制度", "区档案馆", "2025年6月底前",
                     "2", "资金拨付滞后", "建立拨付台账", "区财政局", "立行立改、长期坚持",
                     "欢迎广大干部群众监督。"]
        let ledger = Self.importing("某区巡察整改任务清单\n" + cells.joined(separator: "\n") + "\n", reference: "2025-01-10")
        #expect(ledger.measures.map(\.id) == ["T1.1", "T1.2"])
        #expect(ledger.measures[0].unit == "区档案馆")
        #expect(ledger.measures[0].due == CivilDate("2025-06-30"))
        #expect(ledger.measures[0].source.line == 7)
        #expect(ledger.measures[1].problem == "资金拨付滞后")
    }

    @Test func problemsNumberedByTheirLabelAreItems() {
        let text = """
            某局关于巡察反馈问题的整改方案
            一、党建方面
            问题1：理论学习不深入。
            整改措施：制定年度学习计划。
            责任单位：办公室
            完成时限：2025年6月底前
            问题2：支部活动不规范。
            整改措施：逐月检查支部活动。
            完成时限：长期坚持
            """
        let ledger = Self.importing(text, reference: "2025-01-10")
        #expect(ledger.measures.map(\.id) == ["1.1", "1.2"])
        #expect(ledger.measures[0].problem == "理论学习不深入。")
        #expect(ledger.measures[0].unit == "办公室")
        #expect(ledger.measures[0].due == CivilDate("2025-06-30"))
        #expect(ledger.measures[1].target == .ongoing)
    }

    @Test func stepsListedUnder整改措施AreOneMeasure() {
        let text = """
            一、具体问题整改
            1.学习不深入的问题。
            整改措施：
            (1)2025年3月底前制定学习计划。
            (2)开展专题学习。
            责任单位：办公室
            完成时限：2025年6月底前
            """
        let ledger = Self.importing(text, reference: "2025-01-10")
        #expect(ledger.measures.map(\.id) == ["1.1"])
        let m = ledger.measures[0]
        #expect(m.unit == "办公室")
        #expect(m.due == CivilDate("2025-06-30"))
        #expect(m.text.contains("制定学习计划") && m.text.contains("开展专题学习"))
    }

    @Test func aReportFlattenedIntoOneLineIsCutIntoItsHeadings() {
        let text = "某县关于巡察整改进展情况的通报\n"
            + "根据县委统一部署，现将整改进展情况通报如下：一、整改工作总体情况。县委高度重视。"
            + "二、具体问题整改情况 （一）党建方面 1.支部活动不规范。整改措施：制定活动计划。完成时限：2025年6月底前。"
            + "2.台账不全。整改结果：已完成。（二）作风方面 1.会议偏多。整改措施：精简会议。完成时限：2025年3月底前。\n"
        let ledger = Self.importing(text, reference: "2025-01-10")
        #expect(ledger.measures.map(\.id) == ["2.1.1", "2.1.2", "2.2.1"])
        #expect(ledger.measures.map(\.due) == [CivilDate("2025-06-30"), nil, CivilDate("2025-03-31")])
        #expect(ledger.measures[1].status == .done)
    }

    @Test func aSectionsOwnTargetIsAMeasureBesideItsItems() {
        let text = """
            某县关于巡察反馈问题的整改方案
            二、整改目标
            2025年6月底前，全面完成巡察反馈问题整改任务。
            (一)立行立改问题
            1.台账不全，补齐台账。
            """
        let ledger = Self.importing(text, reference: "2025-01-10")
        #expect(ledger.measures.map(\.id) == ["2", "2.1.1"])
        #expect(ledger.measures[0].due == CivilDate("2025-06-30"))
        #expect(ledger.measures[0].text == "2025年6月底前，全面完成巡察反馈问题整改任务。")
    }

    @Test func aTableRowFlattenedIntoALineGivesItsField() {
        let text = """
            一、问题整改
            1.主城区中水回用设施及管网工程未落地。
            | 责任单位 | 市生态保护和修复重大项目推进中心 |
            | 完成时限 | 2025年6月底前 |
            """
        let m = Self.importing(text, reference: "2025-01-10").measures[0]
        #expect(m.unit == "市生态保护和修复重大项目推进中心")
        #expect(m.due == CivilDate("2025-06-30"))
    }

    @Test(arguments: [
        "整改措施:建立档案管理制度。【责任单位】区档案馆【完成时限】2025年6月底前",
        "整改措施:建立档案管理制度。主责单位:区档案馆;时间节点:2025年6月底前",
    ])
    func labelsInBracketsAndTheirOtherNames(_ line: String) {
        let text = "一、具体问题整改\n1.档案管理不规范。\n" + line + "\n"
        let m = Self.importing(text, reference: "2025-01-10").measures[0]
        #expect(m.unit == "区档案馆")
        #expect(m.due == CivilDate("2025-06-30"))
        #expect(m.text == "建立档案管理制度。")
    }

    @Test func problemsNumberingTheirPartsAfreshKeepDistinctIDs() {
        let block = "一、问题描述\n台账不全。\n二、整改措施\n补齐台账。\n三、完成时限\n2025年6月底前\n"
        let ledger = Self.importing("某局巡察整改方案\n" + block + block, reference: "2025-01-10")
        #expect(ledger.measures.map(\.id) == ["1", "1-2"])
    }
}
