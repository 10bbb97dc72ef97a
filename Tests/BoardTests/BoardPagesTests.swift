import Board
import ChineseDates
import Ledger
import Schedule
import Testing

@Suite struct BoardPagesTests {
    @Test func escapesEveryMarkupCharacter() {
        #expect(HTML.escape("<script>alert('x')</script>&\"") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;")
    }

    @Test func pathSegmentsArePercentEncoded() {
        #expect(HTML.pathSegment("区财政局") == "%E5%8C%BA%E8%B4%A2%E6%94%BF%E5%B1%80")
        #expect(HTML.pathSegment("a\"/b") == "a%22%2Fb")
    }

    @Test func hostileLedgerTextIsEscapedOnEveryPage() {
        let hostile = "<img src=x onerror=alert(1)>\"'"
        let m = measure("<u>1</u>", due: "2024-11-01", unit: "区<i>局</i>", text: hostile)
        let agenda = Agenda(measures: [m])
        let board = BoardModel(agenda: agenda, today: civil("2024-11-21"), calendar: bundledCalendar, reminders: settings(), board: BoardSettings())
        let pages = [BoardPages.index(board),
                     BoardPages.unit(board.units[0], board: board),
                     BoardPages.measure(board.items, history: [], board: board, timeZone: shanghai)]
        for page in pages {
            #expect(!page.contains("<img"))
            #expect(!page.contains("<i>"))
            #expect(!page.contains("<u>"))
        }
        #expect(pages[2].contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;"))
    }

    @Test func theBoardStatesItsRules() {
        let board = BoardModel(agenda: Agenda(measures: [measure("1", due: "2024-11-01")]), today: civil("2024-11-21"),
                               calendar: bundledCalendar, reminders: settings(), board: BoardSettings(yellowWithin: 5))
        let page = BoardPages.index(board)
        #expect(page.contains("不超过 5 个工作日"))
        #expect(page.contains("不超过 30 天"))
        #expect(page.contains("按期办结率</b> = 在完成时限当日或之前办结的事项数 ÷ 截至今日已到完成时限的事项数"))
    }
}
