import ChineseDates
import Digest
import Foundation
import Ledger
import Schedule
import Testing
import TextLayout

/// The three forms: what they say, that text lines up, and that ledger text cannot break
/// out of markdown or HTML.
@Suite struct RenderingTests {
    /// Ledger text with everything that means something to HTML or markdown.
    static let hostile = "<script>alert('x')</script> & \"引号\" | 管道 *星* _下划线_ [链接](http://evil.example) `代码` #标题"

    static func hostileDigest() -> Digest {
        var measures = Ledger2024.measures
        measures.append(measure("EV-1", hostile, due: "2024-11-10", unit: "<b>单位</b>&", owner: "<i>张</i>", leader: "A|B"))
        measures.append(measure("EV-2", hostile, due: "2024-11-11", unit: "<b>单位</b>&", owner: "<i>张</i>", leader: "A|B"))
        let agenda = Agenda(measures: measures)
        let item = Ledger2024.item(agenda, "EV-1")
        let trail = [entry(1, .extended(to: civil("2024-11-30")), on: item, by: "<img src=x>", asOf: "2024-11-20", note: hostile)]
        return Digest(agenda: Agenda(measures: measures, trail: trail), asOf: sampleDay, calendar: bundledCalendar,
                      timeZone: shanghai, notes: ["台账 <x>.csv 无法读取"])
    }

    // MARK: Text

    @Test func textSaysTheWeekTheCountsAndEachSection() {
        let text = DigestFormat.text.render(Ledger2024.digest())
        #expect(text.hasPrefix("整改工作周报（2024年11月18日—24日）\n截至2024年11月21日：逾期6项（3个单位），两周内到期2项；近7天办结0项、延期0项\n"))
        for heading in ["一、逾期事项（6项，按责任单位）", "二、两周内到期（2024年11月21日—12月5日，2项）",
                        "三、近7天办结与延期（2024年11月14日—21日，0条）", "四、长期坚持与工作频次（简要）", "五、各单位统计"] {
            #expect(text.contains("\n\(heading)\n"), "missing \(heading)")
        }
        #expect(text.contains("区财政局：逾期2项，最长200天"))
        #expect(text.contains("（未填写责任单位）：逾期1项，最长20天"))
        #expect(text.contains("长期坚持 1 项：\n  区建设发展局 1 项：JS-5"))
    }

    @Test func textListsUnitsInTheirOrder() throws {
        let text = DigestFormat.text.render(Ledger2024.digest())
        let caizheng = try #require(text.range(of: "区财政局：逾期"))
        let jianshe = try #require(text.range(of: "区建设发展局：逾期"))
        let none = try #require(text.range(of: "（未填写责任单位）：逾期"))
        #expect(caizheng.lowerBound < jianshe.lowerBound && jianshe.lowerBound < none.lowerBound)
    }

    @Test func textColumnsLineUpWithChineseCells() throws {
        let text = DigestFormat.text.render(Ledger2024.digest())
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The overdue table of 区建设发展局: header, rule, three rows.
        let start = try #require(lines.firstIndex(of: "区建设发展局：逾期3项，最长41天")) + 1
        let table = Array(lines[start..<(start + 5)])
        #expect(table[1].allSatisfy { $0 == "-" || $0 == " " })
        // Each column starts at the same display column on every line: where the rule's dashes start.
        let rule = Array(table[1])
        let starts = rule.indices.filter { rule[$0] == "-" && ($0 == 0 || rule[$0 - 1] == " ") }
        #expect(starts.count == Self.overdueColumns)
        for line in table where line != table[1] {
            for column in starts.dropFirst() {
                let prefix = Self.prefix(of: line, displayWidth: column)
                #expect(prefix.hasSuffix("  "), "column at \(column) not aligned in “\(line)”")
            }
        }
        #expect(table[2].hasPrefix("!!!   JS-1    推进老旧小区改造  张伟"))
        #expect(table[4].hasPrefix("!     JS-2    完善物业管理办法  张伟"))
    }

    /// Marker plus the seven columns of an overdue table.
    static let overdueColumns = 8

    /// The characters of `line` that fill `width` terminal columns.
    static func prefix(of line: String, displayWidth width: Int) -> String {
        var out = ""
        var w = 0
        for ch in line {
            if w >= width { break }
            out.append(ch)
            w += TextTable.displayWidth(String(ch))
        }
        return out
    }

    @Test func textShowsAnExtensionWithTheOriginalDeadline() {
        let agenda = Ledger2024.agenda { a in
            [entry(1, .extended(to: civil("2024-11-28")), on: Ledger2024.item(a, "JS-2"), by: "李娜", asOf: "2024-11-20",
                   note: "等待审批")]
        }
        let text = DigestFormat.text.render(Ledger2024.digest(agenda))
        #expect(text.contains("2024-11-28（原 2024-11-15）"))
        #expect(text.contains("2024-11-15 → 2024-11-28"))
        #expect(text.contains("李娜"))
        #expect(text.contains("等待审批"))
        #expect(text.contains("近7天办结0项、延期1项"))
    }

    // MARK: Markdown

    @Test func markdownHasHeadingsAndTables() {
        let md = DigestFormat.markdown.render(Ledger2024.digest())
        #expect(md.hasPrefix("# 整改工作周报（2024年11月18日—24日）\n"))
        #expect(md.contains("\n## 一、逾期事项（6项，按责任单位）\n"))
        #expect(md.contains("\n### 区财政局：逾期2项，最长200天\n"))
        #expect(md.contains("| 标记 | 编号 | 事项 | 责任人 | 责任领导 | 完成时限 | 逾期天数 | 工作日 |\n| --- |"))
        #expect(md.contains("| `!!!!` | CZ-1 | 清理历史欠款 | 李明 | 陈刚 | 2024-05-05 | 200 |"))
    }

    @Test func markdownEscapesLedgerTextSoNoCellOrTagBreaksOut() throws {
        let md = DigestFormat.markdown.render(Self.hostileDigest())
        #expect(!md.contains("<script>") && !md.contains("<b>") && !md.contains("<img"))
        #expect(md.contains("&lt;script&gt;"))
        // The brackets of a link are escaped, so it stays text.
        #expect(md.contains("\\[链接\\](http://evil.example)"))
        #expect(!md.contains("[链接]("))
        // Every row of the unit's overdue table has as many cell separators as its header.
        let lines = md.split(separator: "\n").map(String.init)
        let heading = try #require(lines.firstIndex { $0.hasPrefix("### &lt;b&gt;单位&lt;/b&gt;&amp;") })
        let header = lines[heading + 1], row = lines[heading + 3]
        func separators(_ s: String) -> Int {
            var n = 0
            var escaped = false
            for ch in s {
                if ch == "|" && !escaped { n += 1 }
                escaped = ch == "\\" && !escaped
            }
            return n
        }
        #expect(separators(row) == separators(header))
        #expect(row.contains("A\\|B"))
    }

    // MARK: HTML

    @Test func htmlIsOneSelfContainedPage() {
        let html = DigestFormat.html.render(Ledger2024.digest())
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.hasSuffix("</html>\n"))
        for forbidden in ["<script", "<link", "<img", "<style", "src=", "href=", "url(", "@import", "javascript:", "http://", "https://"] {
            #expect(!html.lowercased().contains(forbidden), "found \(forbidden)")
        }
        #expect(html.contains("<h1 style="))
        #expect(html.contains(">一、逾期事项（6项，按责任单位）</h2>"))
        #expect(html.contains(">五、各单位统计</h2>"))
    }

    @Test func htmlColoursOverdueRowsBySeverity() throws {
        let html = DigestFormat.html.render(Ledger2024.digest())
        func row(_ id: String) throws -> Substring {
            let cell = try #require(html.range(of: ">\(id)</td>"))
            let start = try #require(html[..<cell.lowerBound].range(of: "<tr", options: .backwards))
            return html[start.lowerBound..<cell.lowerBound]
        }
        #expect(try row("CZ-1").contains("background:#ffc2c2"))   // 200 days: critical
        #expect(try row("JS-1").contains("background:#ffd5c2"))   // 41 days: serious
        #expect(try row("JS-4#1").contains("background:#ffe8cc")) // 21 days: escalated
        #expect(try row("JS-2").contains("background:#fff9db"))   // 6 days: recent
    }

    @Test func htmlEscapesEveryLedgerAndTrailText() {
        let html = DigestFormat.html.render(Self.hostileDigest())
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>单位") && !html.contains("<i>张") && !html.contains("<img src=x>"))
        #expect(!html.contains("<x>.csv"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;引号&quot;"))
        #expect(html.contains("&lt;b&gt;单位&lt;/b&gt;&amp;"))
        #expect(html.contains("&lt;img src=x&gt;"))
        #expect(html.contains("注意：台账 &lt;x&gt;.csv 无法读取"))
        // The only tags are the renderer's own.
        let tags = Set(html.matches(of: /<\/?([a-zA-Z0-9!]+)/).map { String($0.output.1).lowercased() })
        #expect(tags.isSubset(of: ["!doctype", "html", "head", "meta", "title", "body", "div", "h1", "h2", "h3", "p",
                                   "table", "thead", "tbody", "tr", "th", "td", "span", "br"]), "\(tags)")
    }

    @Test func htmlAndTextAgreeOnTheCounts() {
        let d = Ledger2024.digest()
        let html = DigestFormat.html.render(d)
        let text = DigestFormat.text.render(d)
        #expect(html.contains(">6</div><div style=\"font-size:13px;color:#627d98\">逾期</div>"))
        #expect(html.contains(">2</div><div style=\"font-size:13px;color:#627d98\">两周内到期</div>"))
        #expect(text.contains("合计"))
        #expect(html.contains(">合计</td>"))
    }

    @Test func anEmptyDigestSaysThereIsNothing() {
        let d = Digest(agenda: Agenda(measures: []), asOf: sampleDay, calendar: bundledCalendar, timeZone: shanghai)
        let text = DigestFormat.text.render(d)
        #expect(text.contains("无逾期事项。"))
        #expect(text.contains("无办结、延期登记。"))
        #expect(DigestFormat.html.render(d).contains("无逾期事项。"))
        #expect(DigestFormat.markdown.render(d).contains("无逾期事项。"))
    }
}
