import Board
import ChineseDates
import Foundation
import Ledger
import Schedule
import Testing

@Suite struct ICalendarTests {
    @Test(arguments: [
        ("a;b,c\\d", "a\\;b\\,c\\\\d"),
        ("第一行\r\nDTSTART:19700101", "第一行\\nDTSTART:19700101"),
        ("bare\rCR and \n LF", "bare\\nCR and \\n LF"),
        ("tab\tand\u{0}nul", "tab and nul"),
    ])
    func escapesText(input: String, expected: String) {
        #expect(ICalendar.escape(input) == expected)
    }

    @Test func foldsAt75OctetsWithoutSplittingCharacters() {
        let line = "SUMMARY:" + String(repeating: "整改", count: 40)   // 8 + 240 octets
        let folded = ICalendar.fold(line)
        let physical = folded.components(separatedBy: "\r\n").dropLast()
        #expect(physical.count > 3)
        for p in physical {
            #expect(p.utf8.count <= 75)
            #expect(String(validatingUTF8: p) != nil)
        }
        // Unfolding gives the line back.
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line + "\r\n")
    }

    @Test func uidIsStableAndSequenceCountsExtensions() {
        let m = measure("GX-1", due: "2024-10-31")
        let item = ScheduleItem.items(of: m)[0]
        #expect(ICalendar.uid(item.reference) == ICalendar.uid(ScheduleItem.items(of: m)[0].reference))
        let trail = [entry(1, item, .extended(to: civil("2024-12-31")), asOf: "2024-10-20")]
        let second = OverrideEntry(sequence: 2, itemKey: item.reference.key, measureID: "GX-1", action: .extended(to: civil("2025-01-31")),
                                   by: "测试", at: Date(), asOf: civil("2024-12-20"), note: nil, fingerprint: item.fingerprint,
                                   previousDue: civil("2024-12-31"))
        let agenda = Agenda(measures: [m], trail: trail + [second])
        #expect(ICalendar.sequence(agenda.items[0]) == 2)
        #expect(agenda.items[0].due == civil("2025-01-31"))
    }

    @Test func hostileTextMakesNoProperty() {
        let m = measure("X", due: "2024-12-31", text: "整改\r\nATTENDEE:mailto:evil@example.com\nEND:VEVENT;,\\")
        let agenda = Agenda(measures: [m])
        let board = BoardModel(agenda: agenda, today: civil("2024-11-21"), calendar: bundledCalendar, reminders: settings(), board: BoardSettings())
        let text = ICalendar.feed(name: "x", items: board.items, reminders: settings(), calendar: bundledCalendar, stamp: Date())
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        let lines = unfolded.components(separatedBy: "\r\n")
        #expect(!lines.contains { $0.hasPrefix("ATTENDEE") })
        #expect(lines.filter { $0 == "END:VEVENT" }.count == 1)
        #expect(lines.contains("TRIGGER:-PT711H"))     // 30 days before, at 09:00
        // Every line break is CRLF: no bare CR or LF from the ledger text.
        let bytes = Array(text.utf8)
        for i in bytes.indices where bytes[i] == 0x0A { #expect(i > 0 && bytes[i - 1] == 0x0D) }
        for i in bytes.indices where bytes[i] == 0x0D { #expect(i + 1 < bytes.count && bytes[i + 1] == 0x0A) }
    }
}
