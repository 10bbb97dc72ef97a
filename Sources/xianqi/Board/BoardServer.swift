import Board
import Foundation
import Hummingbird
import Logging

/// The HTTP side of the board: GET and HEAD only, the optional bearer tokens, an ETag on every
/// response (a hash of its bytes) and 304 for a matching `If-None-Match`.
struct BoardServer: Sendable {
    let source: BoardSource
    /// Who may see what: open, or the office's and the units' tokens; `/healthz` needs none.
    let access: BoardAccess

    func respond(to request: Request) -> Response {
        guard request.method == .get || request.method == .head else {
            var headers = HTTPFields()
            headers[.allow] = "GET, HEAD"
            return finish(SiteResponse(status: 405, contentType: "text/plain; charset=utf-8", body: Array("只读 (read only)\n".utf8)),
                          request: request, extra: headers)
        }
        let rawPath = request.uri.path
        let path = rawPath.removingPercentEncoding ?? rawPath
        let scope: BoardScope
        if path == "/healthz" {
            scope = .office
        } else if let s = access.scope(for: request.headers[.authorization]) {
            scope = s
        } else {
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = "Bearer realm=\"xianqi\""
            return finish(.error(401, "需要令牌 (a bearer token is required)", api: path.hasPrefix("/api/")), request: request, extra: headers)
        }
        var query: [String: String] = [:]
        // Hummingbird has percent-decoded the values already.
        for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
        let site: SiteResponse
        do {
            // The scope is part of the key: a unit's token must never be served the office's page.
            let request = scope.key + " " + path + "?" + query.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }.joined(separator: "&")
            site = try source.response(for: request) { BoardSite.respond(path: path, query: query, data: $0, scope: scope) }
        } catch {
            site = .error(503, "台账或配置暂时无法读取 (the ledgers or the configuration cannot be read)", api: path.hasPrefix("/api/"))
        }
        return finish(site, request: request)
    }

    private func finish(_ site: SiteResponse, request: Request, extra: HTTPFields = HTTPFields()) -> Response {
        var headers = extra
        let etag = Self.etag(site)
        headers[.eTag] = etag
        headers[.contentType] = site.contentType
        headers[.cacheControl] = "no-cache"
        headers[.xContentTypeOptions] = "nosniff"
        // No script anywhere; the style sheet is inline.
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        if let name = HTTPFields.Element.Name("Referrer-Policy") { headers[name] = "no-referrer" }
        if (200..<300).contains(site.status), Self.matches(request.headers[.ifNoneMatch], etag: etag) {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(site.body.count)
        let body = request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: site.body))
        return Response(status: HTTPResponse.Status(code: site.status), headers: headers, body: body)
    }

    /// A strong validator: 64-bit FNV-1a of the type and the bytes.
    static func etag(_ site: SiteResponse) -> String {
        let h = BoardSource.fnv(Array(site.contentType.utf8) + [0] + site.body)
        let hex = String(h, radix: 16)
        return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }

    /// `If-None-Match`: `*`, or a list of tags, weak ones compared weakly (RFC 9110 §13.1.2).
    static func matches(_ header: String?, etag: String) -> Bool {
        guard let header else { return false }
        for part in header.split(separator: ",") {
            var tag = part.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            if tag == etag { return true }
        }
        return false
    }


    /// Serves until SIGINT or SIGTERM. `onRunning` gets the bound port (port 0 picks a free one).
    func run(host: String, port: Int, onRunning: @escaping @Sendable (Int) -> Void) async throws {
        let responder = CallbackResponder<BasicRequestContext> { request, _ in self.respond(to: request) }
        var logger = Logger(label: "xianqi-board")
        logger.logLevel = .warning
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
        try await app.runService()
    }
}

/// What a request may see: everything (the office, or a board with no token) or one unit.
enum BoardScope: Sendable, Equatable {
    case office
    case unit(String)

    var key: String {
        switch self {
        case .office: "office"
        case .unit(let name): "unit:" + name
        }
    }
}

/// The board's tokens: none (open, on loopback by default), the office's (`[board] token_file`),
/// and each unit's (`[units."区财政局"] board_token_file`). With any token configured, every
/// path but /healthz asks for one.
struct BoardAccess: Sendable {
    let office: String?
    let units: [(token: String, unit: String)]

    static let open = BoardAccess(office: nil, units: [])

    /// Reads the token files the settings name; a file others can read, or a token given twice,
    /// is refused.
    static func load(_ settings: BoardSettings) throws(BoardTokenError) -> BoardAccess {
        var office: String?
        if let path = settings.tokenFile { office = try BoardToken.read(path) }
        var units: [(token: String, unit: String)] = []
        for (unit, path) in settings.unitTokenFiles.sorted(by: { $0.key < $1.key }) {
            let token = try BoardToken.read(path)
            if token == office || units.contains(where: { $0.token == token }) { throw .shared(path: path) }
            units.append((token, unit))
        }
        return BoardAccess(office: office, units: units)
    }

    /// The scope of a request's `Authorization` header; nil: refused.
    func scope(for header: String?) -> BoardScope? {
        guard office != nil || !units.isEmpty else { return .office }
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        let given = Array(header.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)
        if let office, Self.equal(given, Array(office.utf8)) { return .office }
        // Every unit's token is compared, so the time taken does not say which one matched.
        var found: String?
        for (token, unit) in units where Self.equal(given, Array(token.utf8)) { found = found ?? unit }
        return found.map { .unit($0) }
    }

    /// Compared in constant time for tokens of the same length.
    static func equal(_ given: [UInt8], _ wanted: [UInt8]) -> Bool {
        var diff = given.count ^ wanted.count
        for i in 0..<wanted.count { diff |= Int((i < given.count ? given[i] : 0) ^ wanted[i]) }
        return diff == 0
    }
}

/// A token file of the board: refused when others can read it (mode must deny group and other).
enum BoardToken {
    static func read(_ path: String) throws(BoardTokenError) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard st.st_mode & 0o077 == 0 else { throw .tooOpen(path: path, mode: String(st.st_mode & 0o777, radix: 8)) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "不是 UTF-8 文本 (not UTF-8 text)")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.count >= 16, !token.contains(where: { $0.isWhitespace }) else { throw .tooShort(path: path) }
        return token
    }
}

enum BoardTokenError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case tooOpen(path: String, mode: String)
    case tooShort(path: String)
    case shared(path: String)

    var description: String {
        switch self {
        case let .unreadable(path, reason): "\(path): 令牌文件无法读取 (token file unreadable): \(reason)"
        case let .tooOpen(path, mode): "\(path): 令牌文件权限 \(mode) 过宽，其他用户可读 (token file readable by others); 请 chmod 600"
        case let .tooShort(path): "\(path): 令牌应为至少 16 个字符、不含空白 (the token must be 16 or more characters, no spaces)"
        case let .shared(path): "\(path): 令牌与另一个令牌相同，每个单位须有自己的令牌 (the token is the same as another one; each unit needs its own)"
        }
    }
}
