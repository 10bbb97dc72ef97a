import Crypto
import Foundation
import Hummingbird
import Logging
import Robots
import Synchronization

/// A real HTTP server on a free loopback port that plays the three robot endpoints and checks
/// each request as the vendor documents it:
///
/// | path | vendor | checked |
/// |---|---|---|
/// | `POST /cgi-bin/webhook/send?key=K` | 企业微信 | body exactly `{"msgtype":"markdown","markdown":{"content":…}}`, content ≤ 4096 bytes |
/// | `POST /robot/send?access_token=T&timestamp=&sign=` | 钉钉 | the signature (HMAC-SHA256 of `timestamp\nsecret` keyed by the secret, Base64, percent-encoded), the timestamp within an hour, `msgtype` markdown with `title` and `text`, `at.isAtAll` false |
/// | `POST /open-apis/bot/v2/hook/T` | 飞书 | `timestamp` and `sign` in the body (HMAC-SHA256 keyed by `timestamp\nsecret` over nothing), `msg_type` post, `content.post.zh_cn` with `title` and rows of `text`/`a` elements, body ≤ 20 KB |
///
/// A request that fails a check is answered with the vendor's own error (钉钉 310000, 飞书
/// 19021 for a bad signature) and kept in ``violations``; one that passes is answered as
/// ``behaviour`` says (success, a rate-limit code, a 5xx, or silence past the client's timeout)
/// and, when answered with success, kept in ``accepted``.
///
///     let sink = try await RobotSink.start(secret: "SECxyz")
///     // … configure "http://127.0.0.1:\(sink.port)/robot/send?access_token=t1" …
///     sink.accepted.count
public final class RobotSink: Sendable {
    /// What the sink answers to a request that passed its checks.
    public enum Behaviour: Sendable, Hashable {
        case success
        /// The vendor's rate-limit reply (企业微信 45009, 钉钉 130101, 飞书 11232).
        case rateLimited
        /// 飞书's other form of it: HTTP 429.
        case tooManyRequests
        case serverError
        /// No answer for this long (longer than the client waits: a timeout).
        case silence(seconds: Double)
    }

    /// One message the sink accepted.
    public struct Message: Sendable, Hashable {
        public var vendor: RobotVendor
        /// The robot's token (`key`, `access_token`, or the hook's last path part).
        public var robot: String
        /// The text a person reads (markdown, or the post's elements joined by lines).
        public var text: String
        /// `编号 …` of the message.
        public var noteID: String?
        /// The whole body as sent.
        public var body: [UInt8]
        public var receivedAt: Date
    }

    public let port: Int
    public let secret: String
    private let state = Mutex(State())
    private let task: Task<Void, any Error>

    struct State {
        var accepted: [Message] = []
        var violations: [String] = []
        var requests = 0
        var script: [Behaviour] = []
        var fallback: Behaviour = .success
        var latency: Double = 0
    }

    private init(port: Int, secret: String, task: Task<Void, any Error>) {
        self.port = port
        self.secret = secret
        self.task = task
    }

    /// Starts the sink; `secret` is the signing secret of every 钉钉 and 飞书 robot it plays.
    public static func start(secret: String = "SEC0123456789abcdef") async throws -> RobotSink {
        let box = SinkBox(secret: secret)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            return await box.respond(path: request.uri.path, query: request.uri.query ?? "", body: Array(body.readableBytesView))
        }
        var logger = Logger(label: "robot-sink")
        logger.logLevel = .critical
        let app = Application(responder: responder,
                              configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
                              logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var port = 0
        for await p in stream { port = p; break }
        let sink = RobotSink(port: port, secret: secret, task: task)
        box.sink.withLock { $0 = sink }
        return sink
    }

    /// Stops the server.
    public func stop() {
        task.cancel()
    }

    deinit { task.cancel() }

    /// The messages answered with success, in the order they came.
    public var accepted: [Message] { state.withLock { $0.accepted } }
    /// Requests that broke the vendor's documented shape or signature.
    public var violations: [String] { state.withLock { $0.violations } }
    /// Every request that reached the sink.
    public var requestCount: Int { state.withLock { $0.requests } }

    /// The answers to the next requests, in order; after them, `fallback`.
    public func script(_ behaviours: [Behaviour], then fallback: Behaviour = .success) {
        state.withLock {
            $0.script = behaviours
            $0.fallback = fallback
        }
    }

    /// Every request from now on answered as `behaviour` (an outage, or its end).
    public func answerAll(_ behaviour: Behaviour) {
        state.withLock {
            $0.script = []
            $0.fallback = behaviour
        }
    }

    /// A wait before every answer, as a vendor far away takes (the message counts as accepted
    /// once answered, so a sender killed during the wait has it accepted but not recorded).
    public func setLatency(seconds: Double) {
        state.withLock { $0.latency = seconds }
    }

    fileprivate var latency: Double { state.withLock { $0.latency } }

    /// The 钉钉 URL of robot `token` at this sink.
    public func dingtalkURL(_ token: String) -> String { "http://127.0.0.1:\(port)/robot/send?access_token=\(token)" }
    public func wecomURL(_ key: String) -> String { "http://127.0.0.1:\(port)/cgi-bin/webhook/send?key=\(key)" }
    public func feishuURL(_ hook: String) -> String { "http://127.0.0.1:\(port)/open-apis/bot/v2/hook/\(hook)" }

    fileprivate func nextBehaviour() -> Behaviour {
        state.withLock { s in
            s.requests += 1
            return s.script.isEmpty ? s.fallback : s.script.removeFirst()
        }
    }

    fileprivate func violation(_ text: String) {
        state.withLock { $0.violations.append(text) }
    }

    fileprivate func accept(_ message: Message) {
        state.withLock { $0.accepted.append(message) }
    }
}

/// Holds the sink for the responder, which is made before the port is known.
private final class SinkBox: Sendable {
    let secret: String
    let sink = Mutex<RobotSink?>(nil)

    init(secret: String) { self.secret = secret }

    func respond(path: String, query: String, body: [UInt8]) async -> Response {
        guard let sink = sink.withLock({ $0 }) else { return Self.json(503, #"{"errcode":-1,"errmsg":"starting"}"#) }
        let params = Self.query(query)
        let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        let vendor: RobotVendor, robot: String
        var problems: [String] = []
        var text = ""
        if path == "/cgi-bin/webhook/send" {
            vendor = .wecom
            robot = params["key"] ?? ""
            text = Self.checkWeCom(json, problems: &problems)
        } else if path == "/robot/send" {
            vendor = .dingtalk
            robot = params["access_token"] ?? ""
            Self.checkDingTalkSignature(params, rawQuery: query, secret: secret, problems: &problems)
            text = Self.checkDingTalk(json, problems: &problems)
        } else if path.hasPrefix("/open-apis/bot/v2/hook/") {
            vendor = .feishu
            robot = String(path.dropFirst("/open-apis/bot/v2/hook/".count))
            if body.count > 20 * 1024 { problems.append("飞书: body \(body.count) bytes > 20 KB") }
            text = Self.checkFeishu(json, secret: secret, problems: &problems)
        } else {
            return Self.json(404, #"{"errcode":404,"errmsg":"no such robot"}"#)
        }
        if robot.isEmpty { problems.append("\(vendor): no robot token") }
        let behaviour = sink.nextBehaviour()
        let latency = sink.latency
        if latency > 0 { try? await Task.sleep(for: .milliseconds(Int(latency * 1000))) }
        if !problems.isEmpty {
            sink.violation("\(vendor.rawValue) \(robot): " + problems.joined(separator: "; "))
            switch vendor {
            case .wecom: return Self.json(200, #"{"errcode":40058,"errmsg":"invalid message"}"#)
            case .dingtalk: return Self.json(200, #"{"errcode":310000,"errmsg":"sign not match"}"#)
            case .feishu: return Self.json(200, #"{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}"#)
            }
        }
        switch behaviour {
        case .success:
            let noteID = text.range(of: "编号 ").map { String(text[$0.upperBound...].prefix { $0.isLetter || $0.isNumber }) }
            sink.accept(.init(vendor: vendor, robot: robot, text: text, noteID: noteID, body: body, receivedAt: Date()))
            switch vendor {
            case .wecom, .dingtalk: return Self.json(200, #"{"errcode":0,"errmsg":"ok"}"#)
            case .feishu: return Self.json(200, #"{"code":0,"data":{},"msg":"success"}"#)
            }
        case .rateLimited:
            switch vendor {
            case .wecom: return Self.json(200, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#)
            case .dingtalk: return Self.json(200, #"{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}"#)
            case .feishu: return Self.json(200, #"{"code":11232,"msg":"frequency limited psm[lark.oapi.app_platform_runtime]appID[1]"}"#)
            }
        case .tooManyRequests:
            return Self.json(429, #"{"code":11232,"msg":"too many requests"}"#)
        case .serverError:
            return Self.json(502, #"{"errcode":-1,"errmsg":"bad gateway"}"#)
        case .silence(let seconds):
            try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            return Self.json(504, #"{"errcode":-1,"errmsg":"late"}"#)
        }
    }

    static func json(_ status: Int, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: HTTPResponse.Status(code: status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: Array(text.utf8))))
    }

    /// Query values, percent-decoded once (as the vendors decode them).
    static func query(_ raw: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in raw.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard let k = parts.first else { continue }
            out[String(k)] = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
        }
        return out
    }

    static func keys(_ object: [String: Any]?) -> Set<String> { Set(object?.keys.map { $0 } ?? []) }

    static func checkWeCom(_ json: [String: Any]?, problems: inout [String]) -> String {
        if keys(json) != ["msgtype", "markdown"] { problems.append("企业微信: top-level keys \(keys(json).sorted())") }
        if json?["msgtype"] as? String != "markdown" { problems.append("企业微信: msgtype is not markdown") }
        let markdown = json?["markdown"] as? [String: Any]
        if keys(markdown) != ["content"] { problems.append("企业微信: markdown keys \(keys(markdown).sorted())") }
        guard let content = markdown?["content"] as? String, !content.isEmpty else {
            problems.append("企业微信: no markdown.content")
            return ""
        }
        if content.utf8.count > 4096 { problems.append("企业微信: content \(content.utf8.count) bytes > 4096") }
        return content
    }

    static func checkDingTalkSignature(_ params: [String: String], rawQuery: String, secret: String, problems: inout [String]) {
        guard let ts = params["timestamp"], let ms = Int64(ts), let sign = params["sign"] else {
            problems.append("钉钉: no timestamp or sign in the URL")
            return
        }
        if abs(Date().timeIntervalSince1970 * 1000 - Double(ms)) > 3_600_000 { problems.append("钉钉: timestamp more than an hour off") }
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(ts)\n\(secret)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        let expected = Data(mac).base64EncodedString()
        if sign != expected { problems.append("钉钉: sign does not match") }
        // The raw query must carry the Base64 percent-encoded: a bare "+" would read as a space.
        if let raw = rawQuery.split(separator: "&").first(where: { $0.hasPrefix("sign=") }), raw.contains("+") || raw.contains("/") {
            problems.append("钉钉: sign not percent-encoded")
        }
    }

    static func checkDingTalk(_ json: [String: Any]?, problems: inout [String]) -> String {
        if !keys(json).isSubset(of: ["msgtype", "markdown", "at"]) || !keys(json).isSuperset(of: ["msgtype", "markdown"]) {
            problems.append("钉钉: top-level keys \(keys(json).sorted())")
        }
        if json?["msgtype"] as? String != "markdown" { problems.append("钉钉: msgtype is not markdown") }
        let markdown = json?["markdown"] as? [String: Any]
        if keys(markdown) != ["title", "text"] { problems.append("钉钉: markdown keys \(keys(markdown).sorted())") }
        if let at = json?["at"] as? [String: Any] {
            if (at["isAtAll"] as? Bool) == true { problems.append("钉钉: isAtAll") }
            if let mobiles = at["atMobiles"] as? [Any], !mobiles.isEmpty { problems.append("钉钉: atMobiles") }
            if let ids = at["atUserIds"] as? [Any], !ids.isEmpty { problems.append("钉钉: atUserIds") }
        }
        guard let text = markdown?["text"] as? String, !text.isEmpty, (markdown?["title"] as? String)?.isEmpty == false else {
            problems.append("钉钉: no markdown.title or text")
            return ""
        }
        if text.utf8.count > 20000 { problems.append("钉钉: text \(text.utf8.count) bytes > 20000") }
        return text
    }

    static func checkFeishu(_ json: [String: Any]?, secret: String, problems: inout [String]) -> String {
        if keys(json) != ["timestamp", "sign", "msg_type", "content"] { problems.append("飞书: top-level keys \(keys(json).sorted())") }
        if let ts = json?["timestamp"] as? String, let seconds = Int64(ts), let sign = json?["sign"] as? String {
            if abs(Date().timeIntervalSince1970 - Double(seconds)) > 3600 { problems.append("飞书: timestamp more than an hour off") }
            let mac = HMAC<SHA256>.authenticationCode(for: Data(), using: SymmetricKey(data: Data("\(ts)\n\(secret)".utf8)))
            if sign != Data(mac).base64EncodedString() { problems.append("飞书: sign does not match") }
        } else {
            problems.append("飞书: timestamp (a string of seconds) or sign missing")
        }
        if json?["msg_type"] as? String != "post" { problems.append("飞书: msg_type is not post") }
        let post = ((json?["content"] as? [String: Any])?["post"] as? [String: Any])?["zh_cn"] as? [String: Any]
        guard let title = post?["title"] as? String, let rows = post?["content"] as? [[[String: Any]]] else {
            problems.append("飞书: no content.post.zh_cn title and content rows")
            return ""
        }
        var lines = [title]
        for row in rows {
            var line = ""
            for element in row {
                switch element["tag"] as? String {
                case "text":
                    if keys(element) != ["tag", "text"] { problems.append("飞书: text element keys \(keys(element).sorted())") }
                    line += element["text"] as? String ?? ""
                case "a":
                    if keys(element) != ["tag", "text", "href"] { problems.append("飞书: a element keys \(keys(element).sorted())") }
                    line += "[\(element["text"] as? String ?? "")](\(element["href"] as? String ?? ""))"
                default:
                    problems.append("飞书: element tag \(element["tag"] ?? "none")")
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
