import Foundation
import Ledger
import Testing

/// `xianqi check` on target dates that cannot be meant, on deadline columns under other
/// titles and on ledgers without one: run as a user runs it, on a ledger or a configuration.
@Suite struct CheckLedgerTests {
    typealias Directory = LedgerCommandTests.Directory

    /// The five bad cells of the issue, with the message each must give.
    static let bad: [(cell: String, message: String)] = [
        ("2025年13月底前", "error: 月份13无效 (month 13 does not exist)"),
        ("2025年1O月底前", "error: 数字中有字母O，应为10? (letter O among digits: did you mean 10?)"),
        ("20245年6月底前", "error: 年份“20245”有5位数字 (year 20245 has 5 digits)"),
        ("2025年6月31日前", "error: 6月没有31日"),
        ("6月低前", "error: “低”应为“底”?"),
    ]

    static let csv = "序号,整改措施,责任单位,完成时间节点\n" + bad.enumerated().map { "\($0.offset + 1),措施,区财政局,\($0.element.cell)\n" }.joined()

    @Test func checkOfACSVLedgerNamesEachBadCellAndExitsOne() throws {
        let dir = try Directory()
        try dir.write("台账.csv", Self.csv)
        let r = try CLITests.run(["check", "--strict", "--as-of", "2024-11-21", dir.path("台账.csv")])
        #expect(r.status == 1)
        for (row, (_, message)) in Self.bad.enumerated() {
            #expect(r.stdout.contains("台账.csv:\(row + 2):4: \(message)"), "\(r.stdout)")
        }
        #expect(!r.stdout.contains("表头中没有完成时限列"), "完成时间节点 is a deadline column")
        #expect(r.stderr.contains("5 errors"))
    }

    @Test func checkOfAnXLSXLedgerNamesTheSheetCell() throws {
        let dir = try Directory()
        let measures = Self.bad.enumerated().map { i, bad in
            Measure(id: "\(i + 1)", text: "措施", unit: "区财政局", deadlineText: bad.cell, source: SourcePosition(file: "l.xlsx"))
        }
        let data = try LedgerWriter().xlsx(Ledger(path: "l.xlsx", format: .xlsx, measures: measures))
        try data.write(to: URL(fileURLWithPath: dir.path("l.xlsx")))
        let r = try CLITests.run(["check", "--strict", dir.path("l.xlsx")])
        #expect(r.status == 1)
        for (row, (_, message)) in Self.bad.enumerated() {
            #expect(r.stdout.contains("l.xlsx:整改台账!J\(row + 2): \(message)"), "\(r.stdout)")
        }
    }

    @Test func checkOfAConfigurationReportsTheBadCellsToo() throws {
        let dir = try Directory()
        try dir.write("xianqi.toml", "ledgers = [\"台账.csv\"]\ntoday = 2024-11-21\n")
        try dir.write("台账.csv", Self.csv)
        let r = try CLITests.run(["check", "--strict", dir.path("xianqi.toml")])
        #expect(r.status == 1)
        #expect(r.stdout.contains("台账.csv:2:4: error: 月份13无效"))
    }

    @Test func aLedgerWithoutADeadlineColumnIsAnErrorInCheckAndAWarningElsewhere() throws {
        let dir = try Directory()
        try dir.write("xianqi.toml", "ledgers = [\"n.csv\"]\ntoday = 2024-11-21\n")
        try dir.write("n.csv", "序号,整改措施,责任单位,完成节点说明\n1,措施一,区财政局,抓紧\n")
        let check = try CLITests.run(["check", dir.path("xianqi.toml")])
        #expect(check.status == 1)
        #expect(check.stdout.contains("n.csv:1: error: 表头中没有完成时限列"), "\(check.stdout)")
        let list = try CLITests.run(["list", "-c", dir.path("xianqi.toml")])
        #expect(list.status == 0)
        #expect(list.stderr.contains("警告：") && list.stderr.contains("n.csv:1: 没有完成时限列"), "\(list.stderr)")
        // Every run, not only the one that reads the ledgers before the agenda is cached.
        for _ in 0..<2 {
            let overdue = try CLITests.run(["overdue", "-c", dir.path("xianqi.toml"), "--state-dir", dir.path("state")])
            #expect(overdue.stderr.contains("n.csv:1: 没有完成时限列"), "\(overdue.stderr)")
        }
    }

    @Test func aTOMLLedgerIsCheckedAsALedgerAndAConfigurationAsAConfiguration() throws {
        let dir = try Directory()
        try dir.write("l.toml", "[[measure]]\nid = \"1\"\nmeasure = \"措施\"\nunit = \"区财政局\"\ndeadline = \"2025年13月底前\"\n")
        let r = try CLITests.run(["check", dir.path("l.toml")])
        #expect(r.status == 1)
        #expect(r.stdout.contains("l.toml:5: error: 月份13无效"), "\(r.stdout)\(r.stderr)")
        try dir.write("xianqi.toml", "ledgers = [\"l.toml\"]\n")
        let c = try CLITests.run(["check", dir.path("xianqi.toml")])
        #expect(c.stdout.contains("== \(dir.path("l.toml")) (toml): 1 项措施，1 个错误"), "\(c.stdout)")
    }
}
