import ChineseDates
import Testing

/// Where a published page says when it was issued: header fields, the page's timestamp, and
/// the signature at the end, including one written under contact details.
@Suite struct DocumentDateTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let date: String
        let source: DocumentDate.Source
        var issuer: String? = nil
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "timestamp before 来源", text: "首页 > 巡视巡察\n2018-09-28 15:08 来源:区纪委监委\n关于巡察整改情况的通报\n",
             date: "2018-09-28", source: .header),
        Case(name: "Chinese timestamp and bar", text: "关于巡察整改进展情况的通报\n2016年07月07日 07:23 | 来源:县纪委\n正文。\n",
             date: "2016-07-07", source: .header),
        Case(name: "timestamp after the site name",
             text: "政务\n四平市铁西区人民政府   2019-05-17 15:15:00   来源: 区人民政府督查室\n整改通知\n四平市铁西区人民政府督查室\n2019年5月15日\n",
             date: "2019-05-17", source: .header),
        Case(name: "发布日期 with a full-width colon", text: "发布日期：2021-03-05\n某县关于巡察整改方案的通知\n", date: "2021-03-05", source: .header),
        Case(name: "field and date on two lines", text: "发布时间:\n2025-12-29 10:38\n信息来源:\n通辽市林业和草原局\n",
             date: "2025-12-29", source: .header),
        Case(name: "field in a flattened table", text: "发布机构: | 生成日期: | 2022-12-02 08:54:33 | |\n文 号: | 六盘水府办发〔2022〕10号\n",
             date: "2022-12-02", source: .header),
        Case(name: "signature under contact lines",
             text: "一、整改情况\n已完成。\n某区委巡察办\n联系人：张某\n联系电话：0551-65732434\n电子邮箱：xcb@163.com\n2021年3月5日\n",
             date: "2021-03-05", source: .signature, issuer: "某区委巡察办"),
        Case(name: "signature under contact lines, issuer above them",
             text: "正文。\n聯系人:樸勇智,聯系電話:2805093,電子郵箱:pjzfdcs@163.com。\n盤錦市人民政府辦公室\n2021年1月25日\n(此件公開發布)\n",
             date: "2021-01-25", source: .signature, issuer: "盤錦市人民政府辦公室"),
        Case(name: "date under a contact field whose name ends in a key (监督电话), no issuer",
             text: "六、整改完成情况\n经核查,已完成。\n监督电话:0557-2666031\n2024年9月29日\n",
             date: "2024-09-29", source: .signature),
        Case(name: "date under 举报邮箱：, no issuer",
             text: "正文。\n举报邮箱：jb@example.cn\n二〇二四年九月二十九日\n",
             date: "2024-09-29", source: .signature),
        Case(name: "date under the attachment list, no issuer",
             text: "一、各牵头单位要…上报区督查组。\n附件:2007年三水区政府工作主要任务分解表\n二○○七年四月十三日\n",
             date: "2007-04-13", source: .signature),
        Case(name: "issuer and date on the last line", text: "整改情况报告\n一、已完成整改3项。\n某某中学 2018.06.15\n",
             date: "2018-06-15", source: .signature, issuer: "某某中学"),
        Case(name: "issuer and a Chinese date on the last line, full-width space",
             text: "正文。\n县委巡察办\u{3000}2024年6月18日\n", date: "2024-06-18", source: .signature, issuer: "县委巡察办"),
        Case(name: "a page flattened to one line, signed at its end",
             text: "整改报告 一、已完成整改3项。 二、下一步将持续推进。 商州区某中学 2018.06.15\n",
             date: "2018-06-15", source: .signature, issuer: "商州区某中学"),
        Case(name: "a bulletin's date in its title", text: "督导工作简报(2018年11月28日)\n今天,督导组…\n", date: "2018-11-28", source: .header),
        Case(name: "a bulletin's date in its title, full-width brackets", text: "\n第5期\n整改督查通报（二〇二四年六月三日）\n正文\n",
             date: "2024-06-03", source: .header),
    ] + datelines

    /// A news item's lead, its year the first the text writes: leads × bylines × years.
    static let datelines: [Case] = {
        var out: [Case] = []
        for (lead, rest) in [("12月7日,", "安义县召开环保督察整改销号工作调度会。"), ("12月7日上午，", "县委召开巡察整改推进会。"),
                             ("12月7日 ", "全县开展安全生产大检查。"), ("12月7日下午,", "市督查组到我县督导。")] {
            for byline in ["", "(通讯员:蔡波、陈寒)", "中国应急安全网(通讯员:蔡波)", "本报讯（记者 李明）"] {
                for (year, body) in [(2020, "会议对整改时限在2020年底须完成的问题进行了部署。"), (2023, "2023年以来，共整改问题12个，2025年底前全部完成。")] {
                    out.append(Case(name: "lead \(byline)\(lead) \(year)", text: "\(byline)\(lead)\(rest)\n\(body)\n",
                                    date: "\(year)-12-07", source: .dateline))
                }
            }
        }
        // Under a title line.
        out.append(Case(name: "lead under its title", text: "我县召开整改推进会\n\n3月15日,县委召开巡察整改推进会。\n要求2024年6月底前完成。\n",
                        date: "2024-03-15", source: .dateline))
        return out
    }()

    @Test(arguments: [
        // No year written anywhere: no date.
        "12月7日,安义县召开环保督察整改销号工作调度会。\n会议对整改工作进行了部署。\n",
        // The day is not the lead: it is in the body.
        "关于整改工作的通报\n一、基本情况\n二、问题\n三、措施\n按照要求，12月7日,县委召开会议，2020年底前完成。\n",
        // A day that opens a deadline, not a lead.
        "12月7日前完成整改，2020年底前全部销号。\n",
    ])
    func noLeadNoDate(_ text: String) {
        #expect(DocumentDate.find(in: text) == nil, "\(text)")
    }

    @Test(arguments: cases)
    func documentDateIsFound(_ c: Case) throws {
        let found = try #require(DocumentDate.find(in: c.text))
        #expect(found.date == CivilDate(c.date))
        #expect(found.source == c.source)
        if c.source == .signature { #expect(found.issuer == c.issuer) }
    }

    @Test func aDateInRunningTextIsNoTimestamp() {
        // "2019年8月1日 10时" is no clock time, and a date inside a paragraph is no signature.
        #expect(DocumentDate.find(in: "截至2019年8月1日 10时，完成整改12项。\n下一步继续推进。\n") == nil)
    }

    @Test func aSentenceEndingInADateIsNoSignatureLine() {
        #expect(DocumentDate.find(in: "一、完成情况\n整改已于 2024年6月18日\n") == nil)
        #expect(DocumentDate.find(in: "一、完成情况\n各单位须在月底前完成，逾期将通报。截止 2024年6月18日\n") == nil)
    }

    @Test func aLastDateLineWithoutContactLinesNeedsAnIssuer() {
        #expect(DocumentDate.find(in: "一、完成情况\n完成验收，用时较长。\n2024年6月18日\n") == nil)
    }
}
