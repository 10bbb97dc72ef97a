import CorpusTestSupport
import Foundation
import Schedule
import Testing

/// `xianqi overdue` on the ledger imported from a published report: the answer a
/// rectification office gets for the day the report was published.
@Suite struct CorpusOverdueTests {
    /// Report 000 (合肥高新区, published 2024-11-21): every deadline before 2024-11-21 that is
    /// not reported done, with its days overdue in calendar and working days. Working days:
    /// July 23, August 22, September 21 (中秋 09-16/17 off, 09-14 and 09-29 worked), October 19
    /// (国庆 off, 10-12 worked), November 1–21 15. 2.3.14.35 ("各基层党支部已按要求于8月底前完成
    /// 整改") is a target reported met: a fact, not a deadline.
    static let expected: [(id: String, due: String, days: Int, workdays: Int)] = [
        ("2.1.2.4#1", "2024-06-30", 144, 100),   // 6月底前将…纳入新型研发机构绩效考评
        ("2.1.4.16#1", "2024-10-31", 21, 15),    // 10月份出台《高新区公共卫生服务岗位补贴方案》
        ("2.1.5.20#1", "2024-10-31", 21, 15),    // 2024年10月底确定设计单位
        ("2.3.16.41", "2024-10-31", 21, 15),     // 2024年10月底前
        ("2.4.18.44", "2024-10-31", 21, 15),     // 10月底前
    ]

    @Test func theImportedLedgerOfReport000ListsExactlyTheDeadlinesMissedBy20241121() throws {
        let dir = TemporaryDirectory("xianqi-corpus")
        let holidays = repositoryRoot.appendingPathComponent("Config/holidays-cn.toml").path
        try dir.write("xianqi.toml", "ledgers = [\"ledger.toml\"]\nstate_directory = \"state\"\nholidays = \"\(holidays)\"\n")
        let imported = try CommandTests.run([CommandTests.binary, "import", try Corpus.path("000"), "-o", dir.file("ledger.toml")])
        #expect(imported.status == 0, "\(imported.stderr)")
        let r = try CommandTests.run([CommandTests.binary, "overdue", "-c", dir.file("xianqi.toml"), "--as-of", "2024-11-21",
                                      "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let items = try #require(object["items"] as? [[String: Any]])
        let found = items.map { ($0["id"] as? String ?? "", $0["due"] as? String ?? "", $0["days_overdue"] as? Int ?? -1,
                                 $0["workdays_overdue"] as? Int ?? -1) }
        #expect(found.map(\.0) == Self.expected.map(\.id))
        #expect(found.map(\.1) == Self.expected.map(\.due))
        #expect(found.map(\.2) == Self.expected.map(\.days))
        #expect(found.map(\.3) == Self.expected.map(\.workdays))
        // The day before the first deadline passed, nothing was overdue.
        let before = try CommandTests.run([CommandTests.binary, "overdue", "-c", dir.file("xianqi.toml"), "--as-of", "2024-06-30"])
        #expect(before.status == 0)
    }
}
