import ArgumentParser
import Board
import Foundation
import Workspace

struct BoardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Serve the read-only office board (督办看板), its JSON API and calendar feeds.",
        discussion: """
            An HTTP server (127.0.0.1:8080 unless --listen or [board] listen says otherwise) with the board \
            at /, a page per owner unit (/unit/NAME) and per measure (/measure/ID), the JSON API under \
            /api/v1/ (overdue, upcoming, measures, units; the shapes of the CLI's --format json, docs/api.md), \
            calendar feeds /calendar/NAME.ics and /calendar/all.ics, and /healthz. It reads the same ledgers \
            and state as the other commands and reads them again when a ledger, the configuration or the \
            state database changes. It never writes. With [board] token_file, every path but /healthz \
            asks for `Authorization: Bearer TOKEN`; a unit's own token ([units."NAME"] board_token_file) \
            shows that unit only: its page (also at /), its items in the API, its calendar. A token file \
            that others can read, or a token used twice, is refused.

            Exit status: 0 stopped by SIGINT or SIGTERM; 2 the configuration, the ledgers or the token file \
            cannot be used, or the address cannot be bound. A malformed command line exits with 64.

            Examples:
              xianqi board -c Config/xianqi.toml --state-dir /tmp/xianqi-sample
              xianqi board --listen 127.0.0.1:0  (a free port, printed on standard error)
              curl -s localhost:8080/api/v1/overdue | jq .count
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var state: StateOptions

    @Option(name: .long, help: ArgumentHelp("Address to listen on, host:port (port 0: any free one).", valueName: "HOST:PORT"))
    var listen: String?

    func validate() throws {
        if let listen, ListenAddress(listen) == nil {
            throw ValidationError("--listen 应为 主机:端口，如 127.0.0.1:8080 (expected host:port): \(listen)")
        }
    }

    func run() async throws {
        let config: Configuration
        let settings: BoardSettings
        do {
            config = try Configuration(contentsOf: workspace.config)
            settings = try BoardSettings(section: config.section("board"), units: config.section("units"), path: config.path,
                                         resolve: config.resolve)
        } catch let error as ConfigurationError {
            throw Diagnostics.fail(error.description)
        } catch let error as BoardSettingsError {
            throw Diagnostics.fail(error.description)
        }
        let access: BoardAccess
        do { access = try BoardAccess.load(settings) } catch { throw Diagnostics.fail(error.description) }
        let source = BoardSource(options: workspace, state: state, settings: settings)
        _ = try source.current()   // a first load that fails exits 2 with the reasons, before listening
        guard let address = ListenAddress(listen ?? settings.listen) else {
            throw Diagnostics.fail("无效的监听地址 (invalid address): \(listen ?? settings.listen)")
        }
        let server = BoardServer(source: source, access: access)
        do {
            try await server.run(host: address.host, port: address.port) { port in
                Diagnostics.warn("xianqi board: listening on http://\(address.host.contains(":") ? "[\(address.host)]" : address.host):\(port)/")
            }
        } catch {
            throw Diagnostics.fail("无法提供服务 (cannot serve) on \(address.host):\(address.port): \(error)")
        }
    }
}
