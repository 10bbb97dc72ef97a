import Notify
import Testing

@Suite("Journal field names")
struct JournalFieldTests {
    @Test("names journald accepts from clients", arguments: [
        "MESSAGE", "PRIORITY", "XIANQI_MEASURE_ID", "XIANQI_DAYS_OVERDUE", "A", "CODE_LINE", "X1_2",
        String(repeating: "N", count: 64),
    ])
    func acceptedName(name: String) {
        #expect(JournalField.problem(withName: name) == nil)
    }

    @Test("names journald would drop, with the reason", arguments: [
        ("", JournalError.NameProblem.empty),
        ("_PID", .startsWithUnderscore),
        ("_XIANQI", .startsWithUnderscore),
        ("1ST_FIELD", .startsWithDigit),
        ("xianqi_unit", .invalidCharacter("x")),
        ("XIANQI-UNIT", .invalidCharacter("-")),
        ("XIANQI UNIT", .invalidCharacter(" ")),
        ("单位", .invalidCharacter("单")),
        ("XIANQI_UNIT=", .invalidCharacter("=")),
        (String(repeating: "N", count: 65), .tooLong(65)),
    ])
    func rejectedName(name: String, problem: JournalError.NameProblem) {
        #expect(JournalField.problem(withName: name) == problem)
    }

    @Test("an invalid name is refused before anything is sent")
    func invalidNameThrows() {
        #expect(throws: JournalError.invalidFieldName("xianqi_unit", .invalidCharacter("x"))) {
            try Journal().send([("MESSAGE", "x"), ("xianqi_unit", "区财政局")])
        }
    }

    @Test("an empty record is refused")
    func emptyRecordThrows() {
        #expect(throws: JournalError.emptyRecord) {
            try Journal().send([JournalField]())
        }
    }

    @Test("an error message names the field and the rule it breaks")
    func errorDescription() {
        let error = JournalError.invalidFieldName("_PID", .startsWithUnderscore)
        #expect(error.description == #"journal field name "_PID" starts with '_' (reserved for journald's trusted fields)"#)
    }
}
