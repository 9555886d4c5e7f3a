// Built when the package has `sim serve` (Package.swift: not with SIM_WITHOUT_SERVE=1, the sanitizer build).
#if SIM_SERVE
import ArgumentParser
import Coverage
import Foundation
import SimServe
import Studies

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Interactive what-if in the browser: add, move and change sites, upgrade 3G, draw cable routes, see each district's figures change; plan from there; save as a scenario.",
        discussion: """
        Loads the scenario once (default: data/scenarios/quang-tri-2020-plan.yaml), serves a page and a JSON API on
        localhost and prints the URL with a random session token; requests without it are refused. Each edit
        recomputes only what it touches, and its figures equal `sim run` of the saved scenario. "Save scenario" writes
        scenario.yaml (extending the original), sites.csv and cables.geojson into --save (replaced only when sim made it).

        Example: sim serve --port 8080
        """
    )

    @Argument(help: "Scenario YAML file.") var scenario: String?
    @Option(name: .long, help: "Port (0: any free port).") var port: Int = 8080
    @Option(name: .long, help: "Address to listen on. The default serves this machine only; anything else shows the page to the network (the token still guards it).") var host = "127.0.0.1"
    @Option(name: .long, help: "Folder the page's Save writes (replaced only when an earlier sim wrote it).") var save = "serve-out"
    @Option(name: .long, help: "Worker threads (default: all cores). Figures do not depend on it.") var jobs: Int?
    @Option(name: .long, help: ArgumentHelp("Page language: vi (default) or en; the page can switch.", valueName: "vi|en")) var lang = "vi"

    func run() async throws {
        try await reportingErrors {
            _ = try ReportLanguage(option: lang)
            guard (0...65_535).contains(port) else { throw SimError.input("--port \(port): give a port in 0…65535") }
            let path = scenario ?? defaultScenarioPath()
            let workers = workerCount(jobs)
            let session = try await EditSession.open(path: path, workers: workers, progress: terminalProgress())
            let options = SimServer.Options(token: SimServer.newToken(), saveFolder: save, language: lang)
            let shownHost = host.contains(":") ? "[\(host)]" : host
            try await SimServer.run(session, options, host: host, port: port) { bound in
                // Unbuffered: a script reading the URL from a pipe sees it at once.
                let text = "sim serve: \(session.study.scenario.name) at http://\(shownHost):\(bound)/?token=\(options.token)\n"
                    + "(Ctrl-C stops; Save writes \(save)/)\n"
                FileHandle.standardOutput.write(text.data(using: .utf8)!)
            }
        }
    }
}
#endif
