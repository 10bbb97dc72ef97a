import ChineseDates
import CorpusTestSupport
import Foundation
import Schedule

/// The repository root, found from this file.
public let repositoryRoot = Corpus.repository

/// `Config/holidays-cn.toml`, the official data 2020–2026.
public let bundledCalendar: WorkdayCalendar = {
    do {
        return try HolidayFile(contentsOfFile: repositoryRoot.appendingPathComponent("Config/holidays-cn.toml").path).calendar
    } catch {
        preconditionFailure("the bundled holiday file does not load: \(error)")
    }
}()

/// The office's zone in every test.
public let shanghai: TimeZone = OfficeTime.china.zone

/// A test date written as ISO text.
public func civil(_ iso: String) -> CivilDate {
    guard let date = CivilDate(iso) else { preconditionFailure("bad test date \(iso)") }
    return date
}
