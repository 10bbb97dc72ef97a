import CorpusTestSupport
import Foundation
import ProcessTestSupport
import Testing

/// The conventions every command keeps (issue 16): --version, the date forms of date options,
/// an unknown unit as an error, CSV that opens right in Excel and WPS, "did you mean".
@Suite struct ConventionTests {
    static let config = LedgerCommandTests.config

    /// `command` on the sample configuration, with a state directory of its own.
    static func onSample(_ arguments: [String]) throws -> CLITests.Run {
        guard arguments.first != "list" else { return try CLITests.run(arguments + ["-c", config]) }
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("xianqi-conv-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        return try CLITests.run(arguments + ["-c", config, "--state-dir", state])
    }

    // MARK: --version

    @Test func versionNamesTheReleaseAndTheCommitBuiltFrom() throws {
        let r = try CLITests.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("xianqi 0."))
        let git = try ChildProcess.run("/usr/bin/env", ["git", "-C", Corpus.repository.path, "rev-parse", "HEAD"])
        let head = git.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // In a checkout the commit is HEAD's; from a tarball without git it is "unknown".
        let expected = git.status == 0 ? head : "unknown"
        #expect(r.stdout == "xianqi 0.1.0 (commit \(expected))\n")
    }

    // MARK: dates

    @Test(arguments: ["2024-11-21", "2024/11/21", "2024.11.21", "2024年11月21日", "2024-11-21 ", "２０２４年１１月２１日"])
    func asOfTakesTheFormsAnOfficeWrites(_ day: String) throws {
        let r = try Self.onSample(["overdue", "--as-of", day, "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.hasPrefix(#"{"as_of":"2024-11-21","#))
    }

    @Test func everyDateOptionTakesTheChineseForm() throws {
        let iso = try Self.onSample(["list", "--due-before", "2024-01-01", "--format", "json"])
        let chinese = try Self.onSample(["list", "--due-before", "2024年1月1日", "--format", "json"])
        #expect(chinese.status == 0 && chinese.stdout == iso.stdout)
        let parse = try CLITests.run(["parse", "--ref", "2024/11/21", "--format", "json", "年底前"])
        #expect(parse.status == 0)
        #expect(parse.stdout.contains(#""due":"2024-12-31""#))
    }

    @Test(arguments: ["2024-02-30", "2023年2月29日", "2024/04/31"])
    func anImpossibleDayIsSaidToBeImpossible(_ day: String) throws {
        let r = try Self.onSample(["overdue", "--as-of", day])
        #expect(r.status == 64)
        #expect(r.stderr.contains("日期不存在"))
        #expect(r.stderr.contains("no such date"))
    }

    @Test(arguments: ["2024-13-01", "下周一", "2024-11", "24-11-21"])
    func aTextThatIsNoDayNamesTheForms(_ day: String) throws {
        let r = try Self.onSample(["overdue", "--as-of", day])
        #expect(r.status == 64)
        #expect(r.stderr.contains("2024年11月21日") || r.stderr.contains("1–12"))
    }

    // MARK: --unit

    @Test(arguments: [["overdue"], ["upcoming"], ["list"], ["digest", "--stdout"]])
    func anUnknownUnitIsAnErrorNamingTheNearest(_ command: [String]) throws {
        let r = try Self.onSample(command + ["--unit", "中共湾沚区"])
        #expect(r.status == 0 || r.status == 1, "a unit that a name contains is known: \(r.stderr)")
        let bad = try Self.onSample(command + ["--unit", "中共湾址区委"])
        #expect(bad.status == 2)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr.contains("未知责任单位 “中共湾址区委” (unknown unit)"))
        #expect(bad.stderr.contains("nearest): 中共湾沚区委"))
    }

    @Test func aUnitLikeNoneStillNamesSome() throws {
        let r = try Self.onSample(["overdue", "--unit", "不存在的单位"])
        #expect(r.status == 2)
        #expect(!r.stdout.contains("没有逾期事项"))
        #expect(r.stderr.contains("nearest): "))
    }

    // MARK: CSV for people

    static let bom = "\u{FEFF}"

    @Test func overdueCSVHasABOMAndChineseHeaders() throws {
        let r = try Self.onSample(["overdue", "--format", "csv"])
        #expect(r.status == 1)
        let header = r.stdout.prefix(while: { $0 != "\r\n" })
        #expect(header == Self.bom + "编号,键,措施编号,节点序号,事项,责任单位,责任人,责任领导,类别,到期日,原到期日,已延期,状态,完成时限,位置,逾期天数,逾期工作日")
    }

    @Test func headerEnAndNoBOMGiveTheScriptsShape() throws {
        let r = try Self.onSample(["overdue", "--format", "csv", "--header", "en", "--no-bom"])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("id,key,measure,milestone,title,unit,owner,leader,category,due,original_due,extended,status,deadline_text,source,days_overdue,workdays_overdue\r\n"))
        let upcoming = try Self.onSample(["upcoming", "--within", "60d", "--format", "csv", "--header", "en", "--no-bom"])
        #expect(upcoming.stdout.prefix(while: { $0 != "\r\n" }).hasSuffix(",days_left,workdays_left"))
        let list = try Self.onSample(["list", "--format", "csv", "--header", "en"])
        #expect(list.stdout.hasPrefix(Self.bom + "id,unit,owner,leader,deadline,due,status,measure,source\r\n"))
    }

    @Test func upcomingAndListCSVAreChineseByDefault() throws {
        let upcoming = try Self.onSample(["upcoming", "--within", "60d", "--format", "csv"])
        #expect(upcoming.stdout.hasPrefix(Self.bom + "编号,键,"))
        #expect(upcoming.stdout.prefix(while: { $0 != "\r\n" }).hasSuffix(",剩余天数,剩余工作日"))
        let list = try Self.onSample(["list", "--format", "csv"])
        #expect(list.stdout.hasPrefix(Self.bom + "编号,责任单位,责任人,责任领导,完成时限,到期日,状态,整改措施,位置\r\n"))
    }

    @Test func jsonHasNoBOM() throws {
        let r = try Self.onSample(["overdue", "--format", "json"])
        #expect(r.stdout.hasPrefix("{"))
    }

    // MARK: did you mean

    @Test(arguments: [("ovedue", "overdue"), ("upcomming", "upcoming"), ("histroy", "history"), ("chek", "check")])
    func aMistypedCommandGetsTheNearest(_ typed: String, _ meant: String) throws {
        let r = try CLITests.run([typed])
        #expect(r.status == 64)
        #expect(r.stderr.contains("未知命令 “\(typed)” (unknown command)"))
        #expect(r.stderr.contains("did you mean): \(meant)"))
    }

    @Test func aWordLikeNoCommandPointsToHelp() throws {
        let r = try CLITests.run(["zzzzzzzz"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("xianqi --help"))
    }
}
