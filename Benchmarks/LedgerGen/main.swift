// LedgerGen: writes a synthetic rectification ledger of N measures, the xianqi.toml that
// names it, and the same deadlines as a Taskwarrior import file, for benchmarks.
//
//     swift run -c release LedgerGen 100000 /tmp/bench-100k [--format csv|toml] [--as-of DATE] [--seed N]
//
// Writes DIR/ledger.csv (or .toml), DIR/xianqi.toml and DIR/tasks.json (one JSON object per
// line, for `task import`), and prints how many items are overdue as of the as-of day (by
// construction), which `xianqi overdue` and `task +OVERDUE count` must both report.
//
// The mix follows real ledgers: most deadlines are month ends written "2025年3月底前", some
// are days, ISO dates, year ends or quarters, a tenth are 长期坚持 and a twentieth rhythms
// (每月调度); a third of
// the measures are done; one in ten has two dated steps (阶段目标) before its deadline. Deadlines
// spread from 18 months before the as-of day to 24 months after it.
import ChineseDates
import Foundation
import Tabular

struct Options {
    var count = 1000
    var directory = "bench-ledger"
    var format = "csv"
    var asOf: CivilDate
    var seed: UInt64 = 20241121

    init(_ arguments: [String]) {
        let now = Date()
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = utc.dateComponents([.year, .month, .day], from: now)
        asOf = CivilDate(year: c.year ?? 2024, month: c.month ?? 11, day: c.day ?? 21) ?? CivilDate(dayNumber: 20_000)
        var positional: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            func value() -> String {
                i += 1
                guard i < arguments.count else { Self.usage("\(a) needs a value") }
                return arguments[i]
            }
            switch a {
            case "--format": format = value()
            case "--as-of":
                let text = value()
                guard let d = CivilDate(text) else { Self.usage("--as-of must be YYYY-MM-DD: \(text)") }
                asOf = d
            case "--seed":
                let text = value()
                guard let s = UInt64(text) else { Self.usage("--seed must be a whole number: \(text)") }
                seed = s
            case "-h", "--help": Self.usage(nil)
            default: positional.append(a)
            }
            i += 1
        }
        if let first = positional.first {
            guard let n = Int(first.replacingOccurrences(of: "_", with: "")), n > 0 else { Self.usage("count must be a positive number: \(first)") }
            count = n
        }
        if positional.count > 1 { directory = positional[1] }
        guard ["csv", "toml"].contains(format) else { Self.usage("--format must be csv or toml") }
    }

    static func usage(_ problem: String?) -> Never {
        if let problem { FileHandle.standardError.write(Data("LedgerGen: \(problem)\n".utf8)) }
        print("usage: LedgerGen COUNT DIR [--format csv|toml] [--as-of YYYY-MM-DD] [--seed N]")
        exit(problem == nil ? 0 : 64)
    }
}

/// SplitMix64: the same seed gives the same ledger on every machine.
struct Random {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ list: [T]) -> T { list[below(list.count)] }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

let units = ["区建设发展局", "区财政局", "区经贸局", "区科技局", "区教育体育局", "区卫生健康委", "区市场监管局", "区应急管理局",
             "区城市管理局", "区自然资源分局", "区生态环境分局", "区人社局", "区民政局", "区审计局", "区党政办", "区组织部",
             "区宣传部", "区纪工委", "区社会事业局", "区招商局", "区投资促进中心", "区数据资源局", "区住房保障中心", "区国资公司",
             "蜀麓街道", "南岗街道", "天乐社区", "柏堰湖社区", "区政务服务中心", "区档案馆", "区统计局", "区法治办",
             "区信访局", "区农业农村局", "区交通运输局", "区水务局", "区消防大队", "区公安分局", "区税务局", "区总工会"]
let leaders = ["王建国", "李红", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周涛", "吴芳", "徐斌", "孙丽", "马超", "朱琳", "胡军"]
let surnames = Array("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞宇浩然")
let categories = ["贯彻落实党中央决策部署方面", "统筹高质量发展方面", "践行以人民为中心理念方面", "履行全面从严治党主体责任方面",
                  "落实中央八项规定精神方面", "选人用人和干部队伍建设方面", "基层党组织建设方面", "巡视巡察整改方面",
                  "审计整改方面", "意识形态工作方面"]
let verbs = ["完善", "健全", "推进", "落实", "规范", "加强", "开展", "建立", "优化", "压实"]
let objects = ["项目审批流程", "资金使用管理制度", "招标采购监督机制", "政策兑现台账", "专项资金绩效评价", "干部选拔任用程序",
               "党建工作责任清单", "安全生产检查制度", "信访矛盾化解机制", "国有资产管理办法", "公共卫生服务体系", "产业用地供应流程",
               "企业服务专员制度", "民生实事项目进度", "内部控制制度", "档案管理规范"]
let tails = ["，确保整改到位。", "，形成长效机制。", "，定期调度推进。", "，建立问题清单逐项销号。", "，按月报送整改进展。"]
let steps = ["确定设计单位", "确定监理单位", "完成招标", "开工建设", "完成验收", "出台实施方案", "完成摸底排查", "完成制度修订"]

struct Item {
    let description: String
    let project: String
    let due: CivilDate?
    let done: Bool
}

struct Generated {
    var rows: [[String]] = []
    var milestones: [[(action: String, date: String)]] = []
    var tasks: [Item] = []
    var overdue = 0
}

func monthEnd(_ d: CivilDate) -> CivilDate { CivilDate.lastDay(year: d.year, month: d.month) }

func generate(_ options: Options) -> Generated {
    var rng = Random(seed: options.seed)
    var out = Generated()
    out.rows.reserveCapacity(options.count)
    let asOf = options.asOf
    for n in 1...options.count {
        let id = "ZG-\(String(format: "%06d", n))"
        let unit = rng.pick(units)
        let owner = String(rng.pick(surnames)) + String(rng.pick(given)) + (rng.chance(50) ? String(rng.pick(given)) : "")
        let leader = rng.pick(leaders)
        let text = rng.pick(verbs) + rng.pick(objects) + rng.pick(tails)
        let problem = rng.pick(objects) + "存在薄弱环节"
        let category = rng.pick(categories)
        // Deadlines from 18 months before to 24 months after the as-of day.
        let day = asOf.adding(days: rng.below(42 * 30) - 18 * 30)
        let deadline: String
        var due: CivilDate?
        switch rng.below(100) {
        case 0..<55:
            due = monthEnd(day)
            deadline = "\(day.year)年\(day.month)月底前"
        case 55..<68:
            due = day
            deadline = "\(day.year)年\(day.month)月\(day.day)日前"
        case 68..<75:
            due = day
            deadline = day.description
        case 75..<80:
            due = CivilDate.lastDay(year: day.year, month: 12)
            deadline = "\(day.year)年底前"
        case 80..<85:
            let quarter = (day.month - 1) / 3 + 1
            due = CivilDate.lastDay(year: day.year, month: quarter * 3)
            deadline = "\(day.year)年第\(quarter)季度"
        case 85..<95:
            deadline = "长期坚持"
        default:
            deadline = rng.pick(["每月调度", "每季度报送", "每周汇总"])
        }
        let ongoing = deadline == "长期坚持"
        let status: String
        let roll = rng.below(100)
        if ongoing {
            status = "长期坚持"
        } else if roll < 33 {
            status = "已完成"
        } else if roll < 43 {
            status = "阶段性完成"
        } else if roll < 53 {
            status = "未开始"
        } else {
            status = "推进中"
        }
        let done = status == "已完成"
        var dated: [(action: String, date: String)] = []
        if let d = due, !ongoing, rng.chance(10) {
            // Two steps before the deadline, each at a month end.
            let first = monthEnd(d.adding(months: -4)), second = monthEnd(d.adding(months: -2))
            var actions = [rng.pick(steps), rng.pick(steps)]
            if actions[0] == actions[1] { actions[1] += "二期" }
            for (action, stepDue) in zip(actions, [first, second]) {
                dated.append((action, "\(stepDue.year)年\(stepDue.month)月底前"))
                out.tasks.append(Item(description: "\(id) \(action)", project: unit, due: stepDue, done: done))
                if !done && stepDue < asOf { out.overdue += 1 }
            }
        }
        out.tasks.append(Item(description: "\(id) \(text)", project: unit, due: ongoing ? nil : due, done: done))
        if let d = due, !done, !ongoing, d < asOf { out.overdue += 1 }
        out.rows.append([id, category, problem, text, unit, owner, leader, deadline,
                         dated.map { "\($0.date)\($0.action)" }.joined(separator: "；"), status])
        out.milestones.append(dated)
    }
    return out
}

func writeCSV(_ g: Generated, to path: String) throws {
    var text = CSVWriter.row(["序号", "问题类别", "存在问题", "整改措施", "责任单位", "责任人", "责任领导", "完成时限", "阶段目标", "整改状态"])
    text.reserveCapacity(g.rows.count * 220)
    for row in g.rows { text += CSVWriter.row(row) }
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

func tomlString(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

func writeTOML(_ g: Generated, asOf: CivilDate, to path: String) throws {
    var text = "title = \"生成的整改台账 (synthetic ledger)\"\nreference = \(asOf)\n"
    text.reserveCapacity(g.rows.count * 300)
    let keys = ["id", "category", "problem", "measure", "unit", "owner", "leader", "deadline"]
    for (row, steps) in zip(g.rows, g.milestones) {
        text += "\n[[measure]]\n"
        for (k, v) in zip(keys, row) { text += "\(k) = \(tomlString(v))\n" }
        text += "status = \(tomlString(row[9]))\n"
        for s in steps {
            text += "\n[[measure.milestone]]\naction = \(tomlString(s.action))\ndeadline = \(tomlString(s.date))\n"
        }
    }
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// Taskwarrior's import format: one JSON object per line. A deadline D is due at the end of
/// D (00:00 UTC of the next day), so `+OVERDUE` (due before now) means D before today.
func writeTasks(_ g: Generated, asOf: CivilDate, to path: String) throws {
    func stamp(_ d: CivilDate) -> String { "\(d.description.replacingOccurrences(of: "-", with: ""))T000000Z" }
    let entry = stamp(asOf.adding(days: -600))
    var text = ""
    text.reserveCapacity(g.tasks.count * 200)
    for (n, t) in g.tasks.enumerated() {
        let uuid = String(format: "00000000-0000-4000-8000-%012x", n + 1)
        var fields = ["\"uuid\":\"\(uuid)\"", "\"description\":\(jsonString(t.description))", "\"entry\":\"\(entry)\"",
                      "\"project\":\(jsonString(t.project))"]
        fields.append(t.done ? "\"status\":\"completed\",\"end\":\"\(stamp(asOf.adding(days: -1)))\"" : "\"status\":\"pending\"")
        if let due = t.due { fields.append("\"due\":\"\(stamp(due.adding(days: 1)))\"") }
        text += "{" + fields.joined(separator: ",") + "}\n"
    }
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

func jsonString(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
do {
    try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
    let g = generate(options)
    let ledger = "ledger.\(options.format)"
    let ledgerPath = (options.directory as NSString).appendingPathComponent(ledger)
    if options.format == "csv" {
        try writeCSV(g, to: ledgerPath)
    } else {
        try writeTOML(g, asOf: options.asOf, to: ledgerPath)
    }
    let holidays = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/holidays-cn.toml").path
    try """
        # Written by LedgerGen: \(options.count) measures, as of \(options.asOf), seed \(options.seed).
        ledgers = ["\(ledger)"]
        reference = \(options.asOf)
        state_directory = "state"
        holidays = "\(holidays)"
        """.write(toFile: (options.directory as NSString).appendingPathComponent("xianqi.toml"), atomically: true, encoding: .utf8)
    try writeTasks(g, asOf: options.asOf, to: (options.directory as NSString).appendingPathComponent("tasks.json"))
    print("\(options.count) measures, \(g.tasks.count) dated or open items, \(g.overdue) overdue as of \(options.asOf) → \(ledgerPath)")
} catch {
    FileHandle.standardError.write(Data("LedgerGen: \(error)\n".utf8))
    exit(1)
}
