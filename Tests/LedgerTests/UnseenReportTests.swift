import ChineseDates
import CorpusTestSupport
import Foundation
import Ledger
import Testing

/// Eleven published documents the importer was not written against (Fixtures/unseen, sources in
/// its README.md), with their dated targets counted by hand. A target is found when the
/// ledger has a measure or milestone with the hand-counted due date whose action, text or
/// source sentence contains the fragment.
struct UnseenDocument: CustomTestStringConvertible, Sendable {
    struct Expected: Sendable {
        let fragment: String
        let due: String
        /// Why the importer does not find it yet; nil when it must be found.
        var knownMiss: String? = nil
    }

    let file: String
    /// The date the document speaks from, as its header or signature gives it.
    let reference: String
    let targets: [Expected]

    var testDescription: String { file }

    static let directory = Corpus.repository.appendingPathComponent("Tests/LedgerTests/Fixtures/unseen")

    func imported() throws -> Ledger {
        let path = Self.directory.appendingPathComponent(file).path
        return ReportImporter().importReport(try String(contentsOfFile: path, encoding: .utf8), path: path)
    }

    /// Every dated target in the ledger: a measure's milestones, or its own deadline.
    static func datedTargets(_ ledger: Ledger) -> [(texts: [String], due: CivilDate)] {
        var out: [(texts: [String], due: CivilDate)] = []
        for m in ledger.measures {
            let own = [m.text, m.problem ?? ""]
            if m.milestones.isEmpty {
                if let due = m.due { out.append((own, due)) }
            } else {
                for s in m.milestones {
                    if let due = s.due { out.append(([s.action, s.evidence ?? ""] + own, due)) }
                }
            }
        }
        return out
    }

    /// The expected targets the ledger has, each matched to a different dated target.
    func found(in ledger: Ledger) -> [Bool] {
        var pool = Self.datedTargets(ledger)
        return targets.map { t in
            guard let i = pool.firstIndex(where: { $0.due == CivilDate(t.due) && $0.texts.contains { $0.contains(t.fragment) } })
            else { return false }
            pool.remove(at: i)
            return true
        }
    }
}

extension UnseenDocument {
    static let all: [UnseenDocument] = [
        UnseenDocument(file: "tongliao-lcj-2025-12-29.txt", reference: "2025-12-29", targets: [
            .init(fragment: "制定主城区中水回用设施及管网工程2024年度施工方案", due: "2024-04-30"),
        ]),
        UnseenDocument(file: "liupanshui-2022-12-02.txt", reference: "2022-12-02", targets: [
            .init(fragment: "全市新建5G基站2600个以上", due: "2022-12-31"),
            .init(fragment: "全市累计建成5G基站1万个", due: "2024-12-31"),
        ]),
        UnseenDocument(file: "dongyang-2023-03-21.txt", reference: "2023-03-21", targets: [
            .init(fragment: "全市新增残疾人就业800人以上", due: "2025-12-31"),
        ]),
        UnseenDocument(file: "guobanhan-2015-65.txt", reference: "2015-08-27", targets: [
            .init(fragment: "整改方案請于2015年8月15日前報國務", due: "2015-08-15"),
            .init(fragment: "整改報告請于2015年12月31日前報國務", due: "2015-12-31"),
        ]),
        UnseenDocument(file: "panjin-2021-01-25.txt", reference: "2021-01-25", targets: [
            .init(fragment: "具體推進實施方案", due: "2021-02-03"),
            .init(fragment: "報送市政府", due: "2021-02-07"),
            .init(fragment: "績效對賬", due: "2021-12-31"),
        ]),
        UnseenDocument(file: "sanshui-2007-04-13.txt", reference: "2007-04-13", targets: [
            .init(fragment: "上报区督查组", due: "2007-04-20"),
        ]),
        UnseenDocument(file: "xiangyang-2020-12-10.txt", reference: "2020-12-10", targets: [
            .init(fragment: "被巡察党组织和单位将整改情况上报", due: "2020-12-10"),
        ]),
        UnseenDocument(file: "tongzhou-2021-12-24.txt", reference: "2021-12-24", targets: [
            .init(fragment: "全面完成整治提升", due: "2024-12-31"),
        ]),
        UnseenDocument(file: "tiexi-siping-2019-05-15.txt", reference: "2019-05-17", targets: [
            .init(fragment: "将问题整改完成", due: "2019-05-20"),
        ]),
        UnseenDocument(file: "guangyuan-2024-03-07.txt", reference: "2024-03-07", targets: [
            .init(fragment: "报市安办备案", due: "2024-03-15"),
        ]),
        UnseenDocument(file: "huanbaole-2025-09-05.txt", reference: "2025-09-05", targets: [
            .init(fragment: "完成42项具体整改任务", due: "2024-07-31"),
            .init(fragment: "完成历史遗留问题整改", due: "2026-12-31"),
        ]),
    ]
}

@Suite struct UnseenReportTests {
    @Test(arguments: UnseenDocument.all)
    func referenceDateComesFromTheDocument(_ doc: UnseenDocument) throws {
        #expect(try doc.imported().reference == CivilDate(doc.reference))
    }

    @Test(arguments: UnseenDocument.all)
    func handCountedTargetsAreFoundWithTheirDues(_ doc: UnseenDocument) throws {
        let ledger = try doc.imported()
        for (target, found) in zip(doc.targets, doc.found(in: ledger)) {
            if target.knownMiss == nil {
                #expect(found, "\(doc.file): \(target.fragment) → \(target.due)")
            }
        }
    }

    @Test func contactLinesAndTheTrailerStayOutOfMeasures() throws {
        let doc = try #require(UnseenDocument.all.first { $0.file.hasPrefix("panjin") })
        for m in try doc.imported().measures {
            #expect(!m.text.contains("聯系人") && !m.text.contains("此件公開發布"), "\(m.id)")
        }
    }

    /// Recall over the documents, printed so a change can be measured.
    @Test func recallOverAllDocuments() throws {
        var found = 0
        var total = 0
        for doc in UnseenDocument.all {
            let hits = doc.found(in: try doc.imported()).filter { $0 }.count
            print("recall \(doc.file): \(hits)/\(doc.targets.count)")
            found += hits
            total += doc.targets.count
        }
        print("recall all: \(found)/\(total)")
        let misses = UnseenDocument.all.flatMap(\.targets).filter { $0.knownMiss != nil }.count
        #expect(found >= total - misses)
    }
}
