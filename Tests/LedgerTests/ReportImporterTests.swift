import ChineseDates
import CorpusTestSupport
import Foundation
import Ledger
import Testing

@Suite struct ReportImporterTests {
    static func imported(_ id: String) throws -> Ledger {
        ReportImporter().importReport(try Corpus.text(id), path: try Corpus.path(id))
    }

    /// Counts of the status words as the report writes them after "整改结果:".
    static func reportedStatusCounts(_ text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("整改结果") {
            counts[String(line.dropFirst(5)).trimmingCharacters(in: .whitespaces), default: 0] += 1
        }
        return counts
    }

    @Test func statusesOf002MatchTheReport() throws {
        let text = try Corpus.text("002")
        let reported = Self.reportedStatusCounts(text)
        #expect(reported == ["完成": 46, "已完成": 19, "阶段性完成": 75, "未完成": 1])
        let ledger = try Self.imported("002")
        var imported: [String: Int] = [:]
        for m in ledger.measures { if let s = m.statusText { imported[s, default: 0] += 1 } }
        #expect(imported == reported)
        #expect(ledger.measures.filter { $0.statusText == "未完成" }.allSatisfy { $0.status == .notDone })
        #expect(ledger.measures.filter { $0.statusText == "完成" }.allSatisfy { $0.status == .done })
    }

    /// The report's own 公示 period (a window for objections) is no target; a 公示 due as a
    /// step of the work is one.
    @Test func aReportsPublicityPeriodIsNoTarget() {
        let text = """
            关于区环保督察反馈问题整改情况的公示
            一、整改措施
            1.清理外流污泥,2024年10月底前完成。
            2.2024年12月底前完成整改结果公示。
            3.以上整改情况向社会公示。公示时间:2024年12月24日至2024年12月30日,共7天。如有异议,请向区整改办反馈。
            区生态环境分局
            2024年12月10日
            """
        let ledger = ReportImporter().importReport(text, path: "publicity.txt")
        let dues = UnseenDocument.datedTargets(ledger).map(\.due)
        #expect(dues.contains(CivilDate("2024-10-31")!))
        #expect(dues.contains(CivilDate("2024-12-31")!), "the 公示 to be done is a step")
        #expect(!dues.contains(CivilDate("2024-12-30")!), "the publicity window is no target: \(dues)")
    }

    @Test func milestoneChainOf000HasFourDatedSteps() throws {
        let ledger = try Self.imported("000")
        #expect(ledger.reference == CivilDate("2024-11-21"))
        let m = try #require(ledger.measures.first { $0.milestones.contains { $0.action == "确定监理单位" } })
        #expect(m.milestones.map(\.action) == ["确定设计单位", "确定监理单位", "确定施工单位", "完成全部整改"])
        #expect(m.milestones.map(\.due) == ["2024-10-31", "2024-12-31", "2025-01-31", "2025-10-31"].map { CivilDate($0) })
        #expect(m.due == CivilDate("2025-10-31"))
        #expect(m.problem == "以严实作风办好民生实。")
        #expect(m.milestones.allSatisfy { $0.evidence?.contains("确定监理单位") == true })
    }

    @Test func problemsAndMeasuresComeFromTheirLabels() throws {
        let ledger = try Self.imported("002")
        let m = try #require(ledger.measures.first { $0.problem?.hasPrefix("战略性新兴产业规模相对偏小") == true })
        #expect(m.statusText == "阶段性完成")
        #expect(m.text.hasPrefix("制定“2+4+N”现代化产业体系规划"))
        #expect(m.category == "贯彻落实党中央重大决策部署和省委工作要求不实,高质量发展质效不高")
        #expect(m.unit == "中共湖南湘江新区工作委员会")
    }

    @Test func attachmentsAreOwnedByTheirIssuers() throws {
        let ledger = try Self.imported("002")
        let units = Set(ledger.measures.compactMap(\.unit))
        #expect(units.contains("中共湖南湘江新区纪检监察工作委员会"))
        #expect(units.contains("中共湖南湘江新区工作委员会组织工作部"))
        #expect(ledger.measures.contains { $0.id.hasPrefix("F4-") })
    }

    @Test(arguments: ["000", "001", "002", "003", "004"])
    func everyReportImportsWithUniqueIDsAndAnOwner(_ id: String) throws {
        let ledger = try Self.imported(id)
        #expect(ledger.measures.count >= 10)
        #expect(Set(ledger.measures.map(\.id)).count == ledger.measures.count)
        #expect(ledger.measures.allSatisfy { $0.unit != nil })
        #expect(ledger.measures.allSatisfy { ($0.source.line ?? 0) > 0 })
        #expect(ledger.reference != nil)
    }

    @Test func signatureIssuerOwnsAReportWithoutTitle() throws {
        let ledger = try Self.imported("004")
        #expect(ledger.measures.first?.unit == "中共珠海高新技术产业开发区工作委员会")
    }

    @Test func inlineLabelsGiveOwnerAndDeadline() {
        let text = """
            某区关于巡察整改方案的通报
            一、具体问题整改
            1.问题:档案管理不规范。
            整改措施:建立档案管理制度。(责任单位:区档案馆;责任领导:李四;完成时限:2025年6月底前)
            """
        let ledger = ReportImporter(reference: CivilDate("2025-01-10")).importReport(text, path: "plan.txt")
        let m = ledger.measures[0]
        #expect(m.problem == "档案管理不规范。")
        #expect(m.unit == "区档案馆")
        #expect(m.leader == "李四")
        #expect(m.deadlineText == "2025年6月底前")
        #expect(m.due == CivilDate("2025-06-30"))
        #expect(m.text == "建立档案管理制度。")
    }

    /// A problem list grouped by unit, with one line of fields after each group's last item:
    /// the line is the group's, for each of its items (it used to go to the last item only,
    /// replacing its text).
    @Test(arguments: ["问题整改责任单位", "责任单位", "整改责任单位"])
    func aGroupsTrailingFieldLineIsEveryItemsOwn(_ label: String) throws {
        let text = """
            创文问题清单
            1. 市科技馆
            (1)院内电动车未按指定区域停放;
            (2)灭火器过期未更换;
            (3)意见簿记录不规范。
            \(label):市科技馆 整改时限:3天内
            2. 市第二人民医院
            (1)院内禁烟标识数量不达标;
            (2)宣传牌内容不规范;
            \(label):市卫生健康委员会 整改时限:5天内
            """
        let ledger = ReportImporter(reference: CivilDate("2019-08-30")).importReport(text, path: "list.txt")
        try #require(ledger.measures.count == 5, "\(ledger.measures.map(\.text))")
        for m in ledger.measures.prefix(3) {
            #expect(m.unit == "市科技馆" && m.deadlineText == "3天内" && m.due == CivilDate("2019-09-01"), "\(m.id) \(m.text)")
        }
        for m in ledger.measures.suffix(2) {
            #expect(m.unit == "市卫生健康委员会" && m.due == CivilDate("2019-09-03"), "\(m.id) \(m.text)")
        }
        #expect(ledger.measures.map(\.text).allSatisfy { !$0.contains("责任单位") })
    }

    /// A 公示 of one problem whose parts are numbered sections headed by field names, some
    /// holding a "(一)" item: one measure, the item under a field's heading being its text.
    @Test(arguments: [("一、整改问题", "三、重点措施", "五、完成时限"), ("一、问题描述", "三、主要措施", "五、整改时限")])
    func fieldSectionsWithItemsAreOneMeasure(_ labels: (String, String, String)) throws {
        let text = """
            突出生态环境问题整改验收销号公示
            \(labels.0)
            (一)河道有浮萍及垃圾,污染水体。
            二、整改实施主体
            园区管委会
            \(labels.1)
            (一)对河道开展打捞清理工作。
            四、目标任务
            (一)完成河道浮萍及垃圾的清理工作
            \(labels.2)
            2024年12月底
            监督电话:0557-2666031
            2024年9月29日
            """
        let ledger = ReportImporter().importReport(text, path: "gongshi.txt")
        #expect(ledger.reference == CivilDate("2024-09-29"))
        try #require(ledger.measures.count == 1, "\(ledger.measures.map(\.text))")
        let m = ledger.measures[0]
        #expect(m.problem == "河道有浮萍及垃圾,污染水体。")
        #expect(m.unit == "园区管委会")
        #expect(m.due == CivilDate("2024-12-31"))
        #expect(m.text.contains("对河道开展打捞清理工作") && !m.text.contains("污染水体"))
    }

    @Test func aTimeLimitSetAtADateIsATarget() throws {
        let text = "会议对整改时限在2025年底须完成的3个问题的销号工作进行了部署。\n"
        let ledger = ReportImporter().importReport(text, path: "news.txt")
        try #require(ledger.measures.count == 1)
        #expect(ledger.measures[0].due == CivilDate("2025-12-31"))
    }

    @Test func anItemsOwnFieldLineStaysItsOwn() throws {
        let text = """
            整改方案
            一、问题
            1.档案管理不规范。
            责任单位:区档案馆 完成时限:2025年6月底前
            2.经费使用不规范。
            责任单位:区财政局 完成时限:2025年9月底前
            """
        let ledger = ReportImporter(reference: CivilDate("2025-01-10")).importReport(text, path: "plan.txt")
        try #require(ledger.measures.count == 2)
        #expect(ledger.measures[0].unit == "区档案馆" && ledger.measures[0].due == CivilDate("2025-06-30"))
        #expect(ledger.measures[1].unit == "区财政局" && ledger.measures[1].due == CivilDate("2025-09-30"))
    }

    @Test func amountsAndDatesAfterANumberAreNotHeadings() {
        let text = """
            一、情况
            1.5亿元资金已拨付。
            2023.10完成验收。
            4.2019年至2022年，占比超过32%。
            """
        let outline = ReportImporter(reference: CivilDate("2024-01-01")).importReport(text, path: "t.txt")
        #expect(outline.measures.map(\.id) == ["1.4"])
    }

    @Test func reimportKeepsTheUsersEdits() throws {
        let original = try Self.imported("000")
        var edited = original
        edited.measures[0].unit = "区财政局"
        edited.measures.removeLast()
        let merged = LedgerMerge.merge(existing: edited, imported: original)
        #expect(merged.ledger.measures[0].unit == "区财政局")
        #expect(merged.kept == original.measures.count - 1)
        #expect(merged.added == 1)
        #expect(merged.ledger.measures.count == original.measures.count)
        #expect(merged.notInReport.isEmpty)
    }

    @Test(arguments: ["001", "002", "003", "004"])
    func closingFormulaAndSignaturesStayOutOfMeasures(_ id: String) throws {
        let ledger = try Self.imported(id)
        for m in ledger.measures {
            #expect(!m.text.contains("欢迎广大"), "\(m.id)")
            #expect(!m.text.hasSuffix("2023年12月22日") && !m.text.hasSuffix("2024年6月18日"), "\(m.id)")
            #expect(!m.text.contains("联系电话") && !m.text.contains("邮政信箱"), "\(m.id)")
        }
    }

    @Test func labelsWithinOneLineAreFieldsToo() {
        let text = """
            某县关于巡察整改进展情况的通报
            一、问题整改
            (一)党建方面
            1.支部活动不规范。整改措施:制定活动计划，逐月检查。责任单位:县委组织部。整改时限:2025年6月底前。整改进展:推进中。
            2.台账不全。整改结果:已完成。整改情况:补齐台账12本。
            """
        let ledger = ReportImporter(reference: CivilDate("2025-01-10")).importReport(text, path: "one-line.txt")
        #expect(ledger.measures.count == 2)
        let first = ledger.measures[0]
        #expect(first.problem == "支部活动不规范。")
        #expect(first.text == "制定活动计划，逐月检查。")
        #expect(first.unit == "县委组织部")
        #expect(first.deadlineText == "2025年6月底前")
        #expect(first.statusText == "推进中")
        #expect(first.category == "党建方面")
        #expect(ledger.measures[1].status == .done)
        #expect(ledger.measures[1].text == "补齐台账12本。")
    }
}
