import Coverage
import Foundation
import Hummingbird
import Logging
import Studies

/// `sim serve`: the page and a JSON API over an ``EditSession``.
///
/// Safety: every request carries the session token (query `token=` or header `X-Sim-Token`) or gets 403;
/// request bodies are limited (``Options/maxBodyBytes``, 413 above); no file path ever comes from the client —
/// saving writes the folder given on the command line; edits run one at a time (the session is an actor); a
/// malformed request gets a 4xx with a one-line message and changes nothing.
///
/// API (JSON; positions in WGS 84 degrees):
/// - `GET /` the page; `GET /api/state` the whole view (districts with outlines, figures now and at the start,
///   coverage, sites, cables, OLTs); `GET /api/plan` the background plan's status and picks.
/// - `POST /api/edit` `{"op": "add_site", "lon", "lat", "height_m"?, "band_mhz"?, "power_dbm"?, "azimuths_deg"?}`,
///   `{"op": "move_site", "id", "lon", "lat"}`, `{"op": "change_site", "id", …}`, `{"op": "delete_site", "id"}`,
///   `{"op": "toggle_upgrade", "id"}`, `{"op": "add_cable", "points": [[lon, lat], …], "placement", "snap_start"?}`,
///   `{"op": "delete_cable", "id"}` → the view without unchanged geometry, plus `edit_ms` and the latency so far.
/// - `POST /api/undo`, `POST /api/redo`, `POST /api/plan` (start), `POST /api/save` (into the save folder).
/// - `GET /api/export/{sites,coverage,cables}.geojson`, `GET /api/export/state.gpkg`.
package enum SimServer {
    package struct Options: Sendable {
        package var token: String
        /// Folder `POST /api/save` writes (replaced only when an earlier save or run made it).
        package var saveFolder: String
        package var maxBodyBytes = 1 << 20
        /// Page language: "vi" (default) or "en"; the page can switch.
        package var language = "vi"
        package init(token: String, saveFolder: String, maxBodyBytes: Int = 1 << 20, language: String = "vi") {
            (self.token, self.saveFolder, self.maxBodyBytes, self.language) = (token, saveFolder, maxBodyBytes, language)
        }
    }

    /// A random 128-bit token, hex.
    package static func newToken() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(format: "%016llx", g.next() as UInt64) }.joined()
    }

    /// The routes over `session`.
    package static func router(_ session: EditSession, _ options: Options) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: TokenMiddleware(token: options.token))
        router.get("/") { _, _ in
            html(Page.html(language: options.language))
        }
        router.get("/api/state") { _, _ in
            json(await session.stateJSON(geometry: true))
        }
        router.post("/api/edit") { request, context in
            let body = try await bodyJSON(request, context, options)
            let projector = try Projector(session.study.projection)
            let edit = try parseEdit(body) { x, y in try projector.inverse(Point2(x, y)) }
            do {
                try await session.apply(edit)
            } catch let e as EditSession.EditError {
                switch e {
                case .notFound(let m): throw HTTPError(.notFound, message: m)
                case .invalid(let m): throw HTTPError(.badRequest, message: m)
                }
            } catch let e as SimError {
                throw HTTPError(.badRequest, message: e.message)
            }
            return json(await session.stateJSON(geometry: false))
        }
        router.post("/api/undo") { _, _ in
            guard await session.undo() else { throw HTTPError(.conflict, message: "nothing to undo") }
            return json(await session.stateJSON(geometry: false))
        }
        router.post("/api/redo") { _, _ in
            guard await session.redo() else { throw HTTPError(.conflict, message: "nothing to redo") }
            return json(await session.stateJSON(geometry: false))
        }
        router.post("/api/plan") { _, _ in
            guard await session.startPlan() else { throw HTTPError(.conflict, message: "a plan is running already, or the scenario has no planner section") }
            return json(await session.planJSON)
        }
        router.get("/api/plan") { _, _ in json(await session.planJSON) }
        router.post("/api/save") { _, _ in
            do { try await session.saveScenario(into: options.saveFolder) } catch let e as SimError {
                throw HTTPError(.internalServerError, message: e.message)
            }
            let folder = URL(fileURLWithPath: options.saveFolder).standardizedFileURL.path
            return json(.object([("folder", .string(folder)), ("scenario", .string(folder + "/scenario.yaml")),
                                 ("run", .string("sim run \(folder)/scenario.yaml --out out"))]))
        }
        router.get("/api/export/:file") { _, context in
            let file = context.parameters.get("file") ?? ""
            let layers = try await session.layers()
            if file == "state.gpkg" {
                let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("sim-serve-\(UUID().uuidString).gpkg")
                defer { try? FileManager.default.removeItem(at: tmp) }
                _ = try GDALVector.write(layers.map { GDALVector.OutputLayer(name: $0.name, features: $0.features) }, to: tmp.path, format: .geoPackage)
                let data = try Data(contentsOf: tmp)
                return Response(status: .ok, headers: [.contentType: "application/geopackage+sqlite3", .contentDisposition: "attachment; filename=\"state.gpkg\""],
                                body: .init(byteBuffer: ByteBuffer(bytes: data)))
            }
            guard file.hasSuffix(".geojson"), let layer = layers.first(where: { $0.name + ".geojson" == file }) else {
                throw HTTPError(.notFound, message: "no export '\(file)'; choose \(layers.map { $0.name + ".geojson" }.joined(separator: ", ")) or state.gpkg")
            }
            let text = GeoJSON.featureCollection(layer.features, extra: [("name", .string(layer.name))])
            return Response(status: .ok, headers: [.contentType: "application/geo+json", .contentDisposition: "attachment; filename=\"\(file)\""],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }

    /// Serves until interrupted. `onStart` gets the bound port (useful with port 0).
    package static func run(_ session: EditSession, _ options: Options, host: String, port: Int,
                            onStart: @escaping @Sendable (Int) -> Void) async throws {
        var logger = Logger(label: "sim serve")
        logger.logLevel = .warning   // the terminal shows the URL and problems, not every start-up step
        let app = Application(router: router(session, options), configuration: .init(address: .hostname(host, port: port), serverName: "sim serve"),
                              onServerRunning: { channel in onStart(channel.localAddress?.port ?? port) }, logger: logger)
        try await app.runService()
    }

    // MARK: Requests and responses

    static func json(_ v: JSONValue) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: v.serialized())))
    }

    static func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The request body as JSON, at most `maxBodyBytes` (413 above; 400 when it is not JSON).
    static func bodyJSON(_ request: Request, _ context: BasicRequestContext, _ options: Options) async throws -> JSONValue {
        var request = request
        let buffer = try await request.collectBody(upTo: options.maxBodyBytes)
        do { return try GeoJSON.parseJSON(Data(buffer.readableBytesView), file: "request body") } catch {
            throw HTTPError(.badRequest, message: "the request body is not JSON (\(error))")
        }
    }

    /// One edit from its JSON (400 with what is wrong). Positions are `lon`/`lat` (WGS 84 degrees) or `x`/`y`
    /// (metres in the session's projected CRS, what the page sends; `unproject` turns them into lon/lat); cable
    /// points `points` as [lon, lat] or `xy` as [x, y] pairs.
    static func parseEdit(_ b: JSONValue, unproject: (Double, Double) throws -> Point2) throws -> EditSession.Edit {
        func bad(_ m: String) -> HTTPError { HTTPError(.badRequest, message: m) }
        guard case .object = b else { throw bad("the body must be a JSON object with an \"op\"") }
        func string(_ k: String) throws -> String {
            guard let s = b[k]?.stringValue, !s.isEmpty else { throw bad("'\(k)' must be a non-empty string") }
            return s
        }
        func number(_ k: String) throws -> Double {
            guard let d = b[k]?.doubleValue, d.isFinite else { throw bad("'\(k)' must be a finite number") }
            return d
        }
        func optional(_ k: String) throws -> Double? { b[k] == nil || b[k] == .null ? nil : try number(k) }
        func position() throws -> (lon: Double, lat: Double) {
            if b["lon"] == nil, b["x"] != nil {
                let p = try unproject(try number("x"), try number("y"))
                return (p.x, p.y)
            }
            return (try number("lon"), try number("lat"))
        }
        func settings() throws -> EditSession.SiteSettings {
            var az: [Double]? = nil
            if let a = b["azimuths_deg"], a != .null {
                guard let arr = a.arrayValue, arr.count <= 12 else { throw bad("'azimuths_deg' must be a list of at most 12 numbers") }
                az = try arr.map { guard let d = $0.doubleValue, d.isFinite else { throw bad("'azimuths_deg' must hold numbers") }; return d }
            }
            return .init(heightMeters: try optional("height_m"), bandMHz: try optional("band_mhz"), powerDBm: try optional("power_dbm"), azimuthsDegrees: az)
        }
        switch try string("op") {
        case "add_site": let p = try position(); return .addSite(lon: p.lon, lat: p.lat, try settings())
        case "move_site": let id = try string("id"), p = try position(); return .moveSite(id: id, lon: p.lon, lat: p.lat)
        case "change_site": return .changeSite(id: try string("id"), try settings())
        case "delete_site": return .deleteSite(id: try string("id"))
        case "toggle_upgrade": return .toggleUpgrade(id: try string("id"))
        case "delete_cable": return .deleteCable(id: try string("id"))
        case "add_cable":
            let projected = b["points"] == nil && b["xy"] != nil
            guard let pts = b[projected ? "xy" : "points"]?.arrayValue, pts.count <= 2_000 else { throw bad("'points' must be a list of at most 2000 [lon, lat]") }
            let points = try pts.map { p -> Point2 in
                guard let xy = p.arrayValue, xy.count == 2, let x = xy[0].doubleValue, let y = xy[1].doubleValue, x.isFinite, y.isFinite else {
                    throw bad("'points' must be a list of [lon, lat] pairs of finite numbers")
                }
                return projected ? try unproject(x, y) : Point2(x, y)
            }
            guard let placement = CablePlacement(rawValue: (try? string("placement")) ?? "underground") else {
                throw bad("'placement' must be aerial or underground")
            }
            var snap = true
            if let s = b["snap_start"], s != .null { guard case .bool(let v) = s else { throw bad("'snap_start' must be true or false") }; snap = v }
            return .addCable(points: points, placement: placement, snapStart: snap)
        case let op: throw bad("unknown op '\(op)'; choose add_site, move_site, change_site, delete_site, toggle_upgrade, add_cable or delete_cable")
        }
    }
}

/// Refuses (403) every request without the session token, as `token=` in the query or the `X-Sim-Token` header.
struct TokenMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let token: String

    /// Constant-time comparison: the time taken does not tell how much of a guess was right.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let header = request.headers.first { $0.name.canonicalName == "x-sim-token" }?.value
        let given = header ?? request.uri.queryParameters["token"].map(String.init)
        guard let given, Self.same(given, token) else {
            throw HTTPError(.forbidden, message: "missing or wrong session token; open the URL sim serve printed")
        }
        return try await next(request, context)
    }
}
