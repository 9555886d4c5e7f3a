import Coverage
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
@testable import SimServe
@testable import Studies

/// `sim serve`'s HTTP API in process (Hummingbird's router test client): an edit's figures equal a full run of
/// the saved scenario; undo returns the exact earlier view; bad requests get 4xx and change nothing; the token
/// guards every route; saving writes only the folder given on the command line.
@Suite(.serialized) struct ServeAPITests {
    static let scenario = repoPath("data/scenarios/quang-tri-2020-plan.yaml")
    static let token = "0123456789abcdef0123456789abcdef"

    func withApp<T: Sendable>(save: String = tempDir().appendingPathComponent("save").path,
                              _ body: @Sendable @escaping (EditSession, any TestClientProtocol) async throws -> T) async throws -> T {
        let session = try await EditSession.open(path: Self.scenario, workers: 2)
        let app = Application(router: SimServer.router(session, .init(token: Self.token, saveFolder: save)))
        return try await app.test(.router) { client in try await body(session, client) }
    }

    static func call(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, _ body: String? = nil,
                     token: String? = ServeAPITests.token) async throws -> (status: Int, json: JSONValue?, text: String) {
        // The token in the query (the page sends it in the X-Sim-Token header too; both are accepted).
        let uri = token.map { path + (path.contains("?") ? "&" : "?") + "token=" + $0 } ?? path
        return try await client.execute(uri: uri, method: method, headers: [.contentType: "application/json"], body: body.map { ByteBuffer(string: $0) }) { r in
            let text = String(buffer: r.body)
            return (r.status.code, try? GeoJSON.parseJSON(Data(text.utf8), file: "response"), text)
        }
    }

    static func district(_ view: JSONValue?, _ id: String) -> JSONValue? {
        view?["districts"]?.arrayValue?.first { $0["id"]?.stringValue == id }
    }

    @Test func anEditOverHTTPEqualsAFullRunOfTheSavedScenario() async throws {
        let save = tempDir().appendingPathComponent("save").path
        let view = try await withApp(save: save) { _, client -> JSONValue? in
            let r = try await Self.call(client, .post, "/api/edit", #"{"op":"add_site","lon":106.8,"lat":16.55}"#)
            #expect(r.status == 200, "\(r.text)")
            #expect(r.json?["latency"]?["edits"]?.doubleValue == 1)
            let s = try await Self.call(client, .post, "/api/save")
            #expect(s.status == 200, "\(s.text)")
            return r.json
        }
        let study = try await ScenarioRun.load(path: save + "/scenario.yaml", workers: 2, progress: Progress())
        let run = try await CoverageRun.execute(study, workers: 2, progress: Progress())
        #expect(study.sites.contains { $0.id == "WEB001" })
        var changed = 0
        for (d, district) in study.districts.enumerated() {
            let page = try #require(Self.district(view, district.id))
            // The view rounds to 3 decimals; the run's unrounded figure rounds to the same.
            #expect(page["lte_pop_pct"]?.doubleValue == JSONValue.rounded(run.stats.districts[d].coveredPopulationPercent, 3).doubleValue, "\(district.name)")
            #expect(page["lte_area_pct"]?.doubleValue == JSONValue.rounded(run.stats.districts[d].coveredAreaPercent, 3).doubleValue, "\(district.name)")
            if page["lte_pop_pct"] != page["start_lte_pop_pct"] { changed += 1 }
        }
        #expect(changed >= 1, "the new site changes some district's 4G population")
    }

    @Test func undoReturnsTheExactEarlierView() async throws {
        try await withApp { _, client in
            let before = try await Self.call(client, .get, "/api/state")
            _ = try await Self.call(client, .post, "/api/edit", #"{"op":"move_site","id":"QT0012","lon":107.15,"lat":16.78}"#)
            let undone = try await Self.call(client, .post, "/api/undo")
            #expect(undone.status == 200)
            let after = try await Self.call(client, .get, "/api/state")
            func strip(_ v: JSONValue?) -> String {   // the same view apart from the undo/redo flags and the latency line
                guard case .object(let kv)? = v else { return "" }
                return JSONValue.object(kv.filter { !["can_undo", "can_redo", "latency"].contains($0.0) }).serialized()
            }
            #expect(strip(after.json) == strip(before.json))
            #expect(after.json?["can_redo"] == .bool(true))
            let nothing = try await Self.call(client, .post, "/api/undo")
            #expect(nothing.status == 409, "nothing left to undo")
        }
    }

    @Test func badRequestsGet4xxAndLeaveTheStateUnchanged() async throws {
        try await withApp { _, client in
            let before = try await Self.call(client, .get, "/api/state").text
            let cases: [(String, String?, String?, Int)] = [
                ("/api/state", nil, nil, 403),                                             // no token
                ("/api/state", nil, "wrong-token-of-the-same-length-!", 403),
                ("/api/edit", #"{"op":"move_site","id":"NO-SUCH","lon":107,"lat":16.7}"#, Self.token, 404),
                ("/api/edit", #"{"op":"add_site","lon":"NaN","lat":16.7}"#, Self.token, 400),
                ("/api/edit", #"{"op":"add_site","lon":1e999,"lat":16.7}"#, Self.token, 400),
                ("/api/edit", #"{"op":"add_site","lon":107,"lat":16.7,"height_m":-5}"#, Self.token, 400),
                ("/api/edit", #"{"op":"launch"}"#, Self.token, 400),
                ("/api/edit", "not json", Self.token, 400),
                ("/api/edit", String(repeating: " ", count: 100 << 20), Self.token, 413),   // 100 MB
                ("/api/export/../../etc/passwd", nil, Self.token, 404),
            ]
            for (path, body, token, status) in cases {
                let r = try await Self.call(client, body == nil ? .get : .post, path, body, token: token)
                #expect(r.status == status, "\(path) \(body?.prefix(60) ?? "") → \(r.status) \(r.text.prefix(200))")
            }
            let after = try await Self.call(client, .get, "/api/state").text
            #expect(after == before)
        }
    }

    @Test func saveReplacesOnlyAFolderSimMade() async throws {
        let dir = tempDir()
        let mine = dir.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try "my notes".write(to: mine.appendingPathComponent("todo.txt"), atomically: true, encoding: .utf8)
        try await withApp(save: mine.path) { _, client in
            let r = try await Self.call(client, .post, "/api/save")
            #expect(r.status == 500 && r.text.contains("notes"), "\(r.text)")
        }
        #expect(try String(contentsOf: mine.appendingPathComponent("todo.txt"), encoding: .utf8) == "my notes")
    }

    @Test func exportsOpenAsGeoJSONAndGeoPackage() async throws {
        try await withApp { _, client in
            for name in ["sites", "coverage", "cables"] {
                let r = try await Self.call(client, .get, "/api/export/\(name).geojson")
                #expect(r.status == 200)
                let features = try GeoJSON.readFeatures(Data(r.text.utf8), file: name)
                #expect(!features.isEmpty, "\(name)")
            }
            let g = try await Self.call(client, .get, "/api/export/state.gpkg")
            #expect(g.status == 200 && g.text.hasPrefix("SQLite format 3"))
            let page = try await Self.call(client, .get, "/")
            #expect(page.status == 200 && page.text.contains("<html lang=\"vi\">") && !page.text.contains("src=\"http") && !page.text.contains("href=\"http"))
        }
    }
}

/// "Plan from here" runs in the background and its picks are those of `sim run` of the saved scenario.
@Suite(.serialized) struct ServePlanTests {
    @Test func planFromHereEqualsThePlanOfTheSavedScenario() async throws {
        let save = tempDir().appendingPathComponent("save").path
        let picks = try await ServeAPITests().withApp(save: save) { _, client -> [String] in
            _ = try await ServeAPITests.call(client, .post, "/api/edit", #"{"op":"add_site","lon":106.8,"lat":16.55}"#)
            _ = try await ServeAPITests.call(client, .post, "/api/save")
            let started = try await ServeAPITests.call(client, .post, "/api/plan")
            #expect(started.status == 200 && started.json?["state"] == .string("running"), "\(started.text)")
            let again = try await ServeAPITests.call(client, .post, "/api/plan")
            #expect(again.status == 409, "one plan at a time")
            // The page stays usable while the plan runs: the state answers.
            #expect(try await ServeAPITests.call(client, .get, "/api/state").status == 200)
            for _ in 0..<1200 {
                let p = try await ServeAPITests.call(client, .get, "/api/plan")
                if p.json?["state"] == .string("done") {
                    #expect(p.json?["stale"] == .bool(false))
                    return p.json?["plan"]?["picks"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                }
                #expect(p.json?["state"] == .string("running"), "\(p.text.prefix(300))")
                try await Task.sleep(for: .milliseconds(250))
            }
            Issue.record("the plan did not finish in 300 s")
            return []
        }
        let study = try await ScenarioRun.load(path: save + "/scenario.yaml", workers: 2, progress: Progress())
        let run = try await ScenarioRun.execute(study, planning: true, workers: 2, progress: Progress())
        let plan = try #require(run.plan)
        #expect(!picks.isEmpty)
        #expect(picks == plan.steps.map { plan.candidates[$0.candidate].id })
    }
}
