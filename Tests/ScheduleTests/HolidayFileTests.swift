import ChineseDates
import Foundation
import Schedule
import Testing

/// `Config/holidays-cn.toml`, the file that ships with xianqi.
private let bundledPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Config/holidays-cn.toml").path

private func day(_ iso: String) -> CivilDate {
    guard let date = CivilDate(iso) else { preconditionFailure("bad test date \(iso)") }
    return date
}

private func days(_ from: String, _ to: String) -> [CivilDate] {
    let (a, b) = (day(from), day(to))
    return (0...b.days(since: a)).map { a.adding(days: $0) }
}

/// Tests of the bundled file: each table row is a sentence of the State Council notice.
@Suite struct BundledHolidayFileTests {
    let file: HolidayFile
    var calendar: WorkdayCalendar { file.calendar }

    init() throws {
        file = try HolidayFile(contentsOfFile: bundledPath)
    }

    @Test func coversEveryYearFrom2020Through2026() {
        #expect(file.notices.map(\.year) == Array(2020...2026))
        #expect(calendar.coverage == Array(2020...2026))
    }

    @Test(arguments: 2020...2026)
    func eachYearHasTitleNumberDateAndAllSevenFestivals(year: Int) throws {
        let notice = try #require(file.notices.first { $0.year == year })
        #expect(notice.title == "国务院办公厅关于\(year)年部分节假日安排的通知")
        #expect(notice.document?.hasPrefix("国办发明电〔\(year - 1)〕") == true)
        #expect(notice.published.year == year - 1)
        #expect(!notice.sources.isEmpty)
        let singles = notice.festivals.flatMap(\.festivals)
        #expect(singles.sorted() == FestivalArrangement.festivals.sorted())
    }

    // 放假调休 … 共N天: the length of every block, as each notice states it.
    @Test(arguments: [
        (2020, "元旦", 1), (2020, "春节", 10), (2020, "清明节", 3), (2020, "劳动节", 5), (2020, "端午节", 3),
        (2020, "国庆节、中秋节", 8),
        (2021, "元旦", 3), (2021, "春节", 7), (2021, "清明节", 3), (2021, "劳动节", 5), (2021, "端午节", 3),
        (2021, "中秋节", 3), (2021, "国庆节", 7),
        (2022, "元旦", 3), (2022, "春节", 7), (2022, "清明节", 3), (2022, "劳动节", 5), (2022, "端午节", 3),
        (2022, "中秋节", 3), (2022, "国庆节", 7),
        (2023, "元旦", 3), (2023, "春节", 7), (2023, "清明节", 1), (2023, "劳动节", 5), (2023, "端午节", 3),
        (2023, "中秋节、国庆节", 8),
        (2024, "元旦", 1), (2024, "春节", 8), (2024, "清明节", 3), (2024, "劳动节", 5), (2024, "端午节", 1),
        (2024, "中秋节", 3), (2024, "国庆节", 7),
        (2025, "元旦", 1), (2025, "春节", 8), (2025, "清明节", 3), (2025, "劳动节", 5), (2025, "端午节", 3),
        (2025, "国庆节、中秋节", 8),
        (2026, "元旦", 3), (2026, "春节", 9), (2026, "清明节", 3), (2026, "劳动节", 5), (2026, "端午节", 3),
        (2026, "中秋节", 3), (2026, "国庆节", 7),
    ])
    func blockLengthMatchesNotice(year: Int, festival: String, length: Int) throws {
        let notice = try #require(file.notices.first { $0.year == year })
        let block = try #require(notice.festivals.first { $0.name == festival })
        #expect(block.off.end.days(since: block.off.start) + 1 == length)
    }

    @Test(arguments: [
        ("国庆节", days("2024-10-01", "2024-10-07")),
        ("春节", days("2024-02-10", "2024-02-17")),
        ("春节", days("2025-01-28", "2025-02-04")),    // 2025: from 农历除夕, 8 days
        ("春节", days("2026-02-15", "2026-02-23")),
        ("春节", days("2020-01-24", "2020-02-02")),    // as extended by 国办发明电〔2020〕1号
        ("元旦", days("2022-12-31", "2023-01-02")),    // the 2023 notice starts in 2022
        ("国庆节、中秋节", days("2025-10-01", "2025-10-08")),
        ("劳动节", days("2025-05-01", "2025-05-05")),
    ])
    func daysOff(festival: String, dates: [CivilDate]) {
        for date in dates {
            #expect(calendar.holiday(on: date) == festival, "\(date)")
            #expect(!calendar.isWorkday(date), "\(date)")
        }
    }

    // (星期X)上班: every make-up day of 2020–2026, with the weekday the notice prints.
    @Test(arguments: [
        ("2020-01-19", 7, "春节"), ("2020-04-26", 7, "劳动节"), ("2020-05-09", 6, "劳动节"),
        ("2020-06-28", 7, "端午节"), ("2020-09-27", 7, "国庆节、中秋节"), ("2020-10-10", 6, "国庆节、中秋节"),
        ("2021-02-07", 7, "春节"), ("2021-02-20", 6, "春节"), ("2021-04-25", 7, "劳动节"), ("2021-05-08", 6, "劳动节"),
        ("2021-09-18", 6, "中秋节"), ("2021-09-26", 7, "国庆节"), ("2021-10-09", 6, "国庆节"),
        ("2022-01-29", 6, "春节"), ("2022-01-30", 7, "春节"), ("2022-04-02", 6, "清明节"),
        ("2022-04-24", 7, "劳动节"), ("2022-05-07", 6, "劳动节"), ("2022-10-08", 6, "国庆节"), ("2022-10-09", 7, "国庆节"),
        ("2023-01-28", 6, "春节"), ("2023-01-29", 7, "春节"), ("2023-04-23", 7, "劳动节"), ("2023-05-06", 6, "劳动节"),
        ("2023-06-25", 7, "端午节"), ("2023-10-07", 6, "中秋节、国庆节"), ("2023-10-08", 7, "中秋节、国庆节"),
        ("2024-02-04", 7, "春节"), ("2024-02-18", 7, "春节"), ("2024-04-07", 7, "清明节"),
        ("2024-04-28", 7, "劳动节"), ("2024-05-11", 6, "劳动节"), ("2024-09-14", 6, "中秋节"),
        ("2024-09-29", 7, "国庆节"), ("2024-10-12", 6, "国庆节"),
        ("2025-01-26", 7, "春节"), ("2025-02-08", 6, "春节"), ("2025-04-27", 7, "劳动节"),
        ("2025-09-28", 7, "国庆节、中秋节"), ("2025-10-11", 6, "国庆节、中秋节"),
        ("2026-01-04", 7, "元旦"), ("2026-02-14", 6, "春节"), ("2026-02-28", 6, "春节"), ("2026-05-09", 6, "劳动节"),
        ("2026-09-20", 7, "国庆节"), ("2026-10-10", 6, "国庆节"),
    ])
    func makeupWorkdays(iso: String, weekday: Int, festival: String) {
        let date = day(iso)
        #expect(date.weekday == weekday)
        #expect(calendar.kind(of: date) == .makeupWorkday(festival: festival))
        #expect(calendar.isWorkday(date))
    }

    @Test func listsExactlyTheMakeupDaysAbove() {
        #expect(calendar.makeupWorkdays.count == 46)
    }

    @Test func extensionOf2020CancelledTheMakeupDayOfFebruaryFirst() throws {
        let saturday = day("2020-02-01")
        #expect(!calendar.isWorkday(saturday))
        #expect(calendar.kind(of: saturday) == .holiday(festival: "春节"))
        let notice = try #require(file.notices.first { $0.year == 2020 })
        let springFestival = try #require(notice.festivals.first { $0.name == "春节" })
        #expect(springFestival.work == [day("2020-01-19")])
        #expect(springFestival.cancelledWork == [saturday])
        #expect(notice.amendments.map(\.document) == ["国办发明电〔2020〕1号"])
        #expect(calendar.nextWorkday(onOrAfter: day("2020-01-24")) == day("2020-02-03"))
    }

    @Test func newYearsEveIsOffOnlyFrom2025() {
        #expect(calendar.isWorkday(day("2024-02-09")))  // 除夕 2024: only "encouraged" off
        #expect(calendar.holiday(on: day("2025-01-28")) == "春节")
    }

    @Test func adjacentWeekendIsNotAHoliday() {
        // 2024 端午节: 6月10日放假,与周末连休 — the weekend stays a weekend.
        #expect(calendar.kind(of: day("2024-06-08")) == .weekend)
        #expect(calendar.kind(of: day("2024-06-10")) == .holiday(festival: "端午节"))
    }

    @Test(arguments: [
        // (start, working days, expected): 10 working days from Friday 2024-09-27 across 国庆节
        ("2024-09-27", 10, "2024-10-16"),
        ("2024-09-30", 1, "2024-10-08"),
        ("2024-09-27", 1, "2024-09-29"),   // Sunday make-up day counts
        ("2024-10-08", -1, "2024-09-30"),
        ("2024-10-16", -10, "2024-09-27"),
        ("2025-01-24", 3, "2025-02-05"),   // across 春节 2025
        ("2024-02-08", 3, "2024-02-19"),
        ("2024-10-05", 0, "2024-10-05"),
    ])
    func addingWorkdays(start: String, count: Int, expected: String) {
        #expect(calendar.adding(workdays: count, to: day(start)) == day(expected))
    }

    @Test(arguments: [
        ("2024-10-05", "2024-10-08"),   // 国庆节 Saturday
        ("2025-02-01", "2025-02-05"),   // 春节 Saturday
        ("2024-10-12", "2024-10-12"),   // a make-up Saturday is itself a working day
        ("2024-10-13", "2024-10-14"),   // an ordinary Sunday
        ("2024-10-08", "2024-10-08"),
    ])
    func nextWorkday(from: String, expected: String) {
        #expect(calendar.nextWorkday(onOrAfter: day(from)) == day(expected))
    }

    @Test(arguments: [
        ("2024-02-08", "2024-02-19", 3),   // 02-09, 02-18 (Sun, make-up), 02-19
        ("2025-01-24", "2025-02-10", 7),
        ("2024-02-19", "2024-02-08", -3),
        ("2024-02-10", "2024-02-17", 0),   // all of 春节 2024
        ("2024-09-30", "2024-09-30", 0),
    ])
    func countingWorkdaysAcrossFestivals(from: String, to: String, count: Int) {
        #expect(calendar.workdays(from: day(from), to: day(to)) == count)
    }

    @Test func countingUndoesAddingOnEveryCoveredDay() {
        var date = day("2020-01-01")
        while date.year <= 2026 {
            for k in [0, 1, 3, 10, 25] {
                let later = calendar.adding(workdays: k, to: date)
                #expect(calendar.workdays(from: date, to: later) == k, "\(date) + \(k)")
                #expect(calendar.workdays(from: later, to: date) == -k, "\(date) + \(k)")
                if calendar.isWorkday(date) {
                    #expect(calendar.adding(workdays: -k, to: later) == date, "\(date) + \(k)")
                }
            }
            date = date.adding(days: 1)
        }
    }

    @Test func outsideCoverageFallsBackToWeekdaysAndSaysSo() {
        let nationalDay2027 = day("2027-10-01")  // a Friday; no notice for 2027 in the file
        #expect(!calendar.covers(nationalDay2027))
        #expect(calendar.kind(of: nationalDay2027) == .workday)
        #expect(calendar.uncoveredYears(from: day("2026-12-20"), through: day("2027-01-10")) == [2027])
        #expect(calendar.uncoveredYears(from: day("2024-12-20"), through: day("2020-01-10")).isEmpty)
    }

    @Test func defaultPathIsUnderEtc() {
        #expect(HolidayFile.defaultPath == "/etc/xianqi/holidays-cn.toml")
    }
}

/// Tests of what the loader refuses, on small files given as strings.
@Suite struct HolidayFileErrorTests {
    private static let header = """
        [2024]
        title = "国务院办公厅关于2024年部分节假日安排的通知"
        document = "国办发明电〔2023〕7号"
        published = 2023-10-25

        """

    private func load(_ body: String) throws(HolidayFileError) -> HolidayFile {
        try HolidayFile(parsing: Self.header + body, path: "bad.toml")
    }

    @Test func acceptsAMinimalFile() throws {
        let file = try load("""
            ["2024"."国庆节"]
            off = { from = "2024-10-01", to = 2024-10-07 }
            work = [2024-09-29, 2024-10-12]
            """)
        #expect(file.calendar.isWorkday(day("2024-10-12")))
        #expect(file.notices[0].document == "国办发明电〔2023〕7号")
    }

    @Test func makeupDayOnAWeekdayNamesKeyAndDate() {
        #expect {
            try load("""
                [2024."国庆节"]
                off = { from = 2024-10-01, to = 2024-10-07 }
                work = [2024-10-11]
                """)
        } throws: { error in
            guard case let .inconsistent(path, keys, .makeupWorkdayNotOnWeekend(date, origin)) = error as? HolidayFileError
            else { return false }
            let text = "\(error)"
            return path == "bad.toml" && keys == ["2024.国庆节.work"] && date == day("2024-10-11")
                && origin.festival == "国庆节" && text.contains("星期五") && text.contains("(make-up working day")
        }
    }

    @Test func dayBothOffAndWorked() {
        #expect {
            try load("""
                [2024."国庆节"]
                off = { from = 2024-10-01, to = 2024-10-07 }
                work = [2024-10-05]
                """)
        } throws: { error in
            guard case let .inconsistent(_, keys, .holidayIsMakeupWorkday(date, _, _)) = error as? HolidayFileError
            else { return false }
            return keys == ["2024.国庆节.off", "2024.国庆节.work"] && date == day("2024-10-05")
        }
    }

    @Test func overlappingFestivals() {
        #expect {
            try load("""
                [2024."中秋节"]
                off = { from = 2024-09-15, to = 2024-10-02 }
                [2024."国庆节"]
                off = { from = 2024-10-01, to = 2024-10-07 }
                """)
        } throws: { error in
            guard case let .inconsistent(_, keys, .overlappingHolidays(date, _, _)) = error as? HolidayFileError
            else { return false }
            return Set(keys) == ["2024.中秋节.off", "2024.国庆节.off"] && date == day("2024-10-01")
        }
    }

    @Test func dateOutsideTheNoticeYear() {
        #expect {
            try load("""
                [2024."春节"]
                off = { from = 2023-02-10, to = 2023-02-17 }
                """)
        } throws: { error in
            guard case let .inconsistent(_, keys, .outsideNoticeYear(date, _)) = error as? HolidayFileError
            else { return false }
            return keys == ["2024.春节.off"] && date == day("2023-02-10")
        }
    }

    @Test(arguments: [
        // (festival table body, key path, offending value)
        (#"off = { from = "2024-02-30", to = 2024-02-17 }"#, "2024.春节.off.from", #""2024-02-30""#),
        ("off = { from = 2024-02-17, to = 2024-02-10 }", "2024.春节.off", "{ from = 2024-02-17, to = 2024-02-10 }"),
        ("off = 8", "2024.春节.off", "8"),
        (#"off = 2024-02-10\#nwork = ["2024-02-04", "Feb 18"]"#, "2024.春节.work[1]", #""Feb 18""#),
        ("off = 2024-02-10\nwork = 2024-02-04", "2024.春节.work", "2024-02-04"),
    ])
    func invalidValueNamesKeyPathAndValue(body: String, key: String, value: String) {
        #expect {
            try load("[2024.\"春节\"]\n" + body)
        } throws: { error in
            guard case let .invalid(path, k, v, _) = error as? HolidayFileError else { return false }
            return path == "bad.toml" && k == key && v == value
                && "\(error)".contains(key) && "\(error)".contains("(expected")
        }
    }

    @Test func unknownFestivalName() {
        #expect {
            try load("[2024.\"五一\"]\noff = 2024-05-01")
        } throws: { error in
            guard case let .invalid(_, key, value, _) = error as? HolidayFileError else { return false }
            return key == "2024.五一" && value == "\"五一\""
        }
    }

    @Test func festivalListedTwiceInOneYear() {
        #expect {
            try load("""
                [2024."中秋节"]
                off = 2024-09-17
                [2024."国庆节、中秋节"]
                off = { from = 2024-10-01, to = 2024-10-07 }
                """)
        } throws: { error in
            guard case let .invalid(_, key, _, _) = error as? HolidayFileError else { return false }
            return key == "2024.国庆节、中秋节" || key == "2024.中秋节"
        }
    }

    @Test func misspelledKey() {
        #expect {
            try load("[2024.\"春节\"]\noff = 2024-02-10\nwrok = [2024-02-04]")
        } throws: { error in
            error as? HolidayFileError == .unknownKey(path: "bad.toml", key: "2024.春节.wrok")
        }
    }

    @Test func missingTitle() {
        #expect(throws: HolidayFileError.missing(path: "x.toml", key: "2024.title")) {
            try HolidayFile(parsing: "[2024]\npublished = 2023-10-25\n[2024.\"元旦\"]\noff = 2024-01-01", path: "x.toml")
        }
    }

    @Test func missingDaysOff() {
        #expect(throws: HolidayFileError.missing(path: "bad.toml", key: "2024.春节.off")) {
            try load("[2024.\"春节\"]\nwork = [2024-02-04]")
        }
    }

    @Test func tomlSyntaxErrorGivesLine() {
        #expect {
            try HolidayFile(parsing: "[2024]\ntitle = \"unterminated\n", path: "bad.toml")
        } throws: { error in
            guard case let .syntax(path, line, _, _) = error as? HolidayFileError else { return false }
            return path == "bad.toml" && line == 2
        }
    }

    @Test func unreadableFileNamesPath() {
        #expect {
            try HolidayFile(contentsOfFile: "/nonexistent/holidays-cn.toml")
        } throws: { error in
            guard case let .unreadable(path, _) = error as? HolidayFileError else { return false }
            return path == "/nonexistent/holidays-cn.toml" && "\(error)".contains("无法读取")
        }
    }
}
