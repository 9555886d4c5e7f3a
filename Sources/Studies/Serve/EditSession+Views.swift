import Coverage
import Foundation
import Planner

/// What the page shows and what a session saves: figures per district, the map's geometry, the edited network as
/// files a `sim run` reads.
extension EditSession {
    /// One district's figures in a state: 4G population and area covered (%), fixed-broadband households
    /// reached (%, nil without fixed broadband) — the same numbers as districts.csv's `lte_pop_pct`,
    /// `lte_area_pct` and `fbb_households_pct` (unrounded here).
    package struct DistrictFigures: Sendable, Equatable {
        package var ltePopulationPercent: Double
        package var lteAreaPercent: Double
        package var fbbHouseholdsPercent: Double?
    }

    /// The figures of every district in the current state.
    package var figures: [DistrictFigures] { Self.figures(state) }
    /// The figures when the session started.
    package var startFigures: [DistrictFigures] { Self.figures(initial) }

    static func figures(_ s: State) -> [DistrictFigures] {
        s.stats.districts.indices.map { d in
            DistrictFigures(ltePopulationPercent: s.stats.districts[d].coveredPopulationPercent, lteAreaPercent: s.stats.districts[d].coveredAreaPercent,
                            fbbHouseholdsPercent: s.fixed?.districts[d].householdsPercent)
        }
    }

    /// Province figures: people and area covered and households reached over all districts (%).
    static func provinceFigures(_ s: State) -> DistrictFigures {
        let pop = s.stats.districts.reduce(0) { $0 + $1.population }, cov = s.stats.districts.reduce(0) { $0 + $1.coveredPopulation }
        let area = s.stats.districts.reduce(0) { $0 + $1.areaKm2 }, carea = s.stats.districts.reduce(0) { $0 + $1.coveredAreaKm2 }
        let fbb = s.fixed.map { f -> Double in
            let h = f.districts.reduce(0) { $0 + $1.households }
            return h > 0 ? 100 * f.districts.reduce(0) { $0 + $1.householdsReached } / h : 0
        }
        return DistrictFigures(ltePopulationPercent: pop > 0 ? 100 * cov / pop : 0, lteAreaPercent: area > 0 ? 100 * carea / area : 0, fbbHouseholdsPercent: fbb)
    }

    /// What the session's changes would cost, per district (VND; index D: outside every district), from the
    /// planner's cost table: each added site `new_site`, each 3G site now 4G `upgrade`, each added cable route its
    /// length × `cable_<placement>_per_km` (in the district of its midpoint). Moving or changing an existing site has
    /// no cost item and costs 0 here. Nil without a planner (no cost table).
    package var spend: [Int64]? {
        guard let table = costTable else { return nil }
        var out = [Int64](repeating: 0, count: study.districts.count + 1)
        func add(_ d: Int, _ m: Money) { out[d >= 0 ? d : study.districts.count] += m.vnd }
        let before = Dictionary(initial.raw.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, r) in state.raw.enumerated() {
            if let b = before[r.id] {
                if b.technology != r.technology, r.technology == study.scenario.radio.technology, let c = try? table.cost(.upgrade) { add(state.siteDistrict[i], c) }
            } else if let c = try? table.cost(.newSite) { add(state.siteDistrict[i], c) }
        }
        let oldCables = Set(initial.cables.map(\.id))
        for c in state.cables where !oldCables.contains(c.id) {
            guard let perKm = try? table.cost(PlanCosts.Need.route(c.id, c.placement)) else { continue }
            let mid = c.line.point(atDistance: c.line.length / 2)
            let d = (try? Study.locate([mid], in: study.districts)[0]) ?? -1
            add(d, PlanCosts.perKm(perKm, c.line.length / 1000))
        }
        return out
    }

    // MARK: JSON for the page

    /// The page's whole view: districts (outline, figures now and at the start, cost), coverage per district,
    /// sites, cables, OLTs, in the run's projected CRS (metres, rounded to 1 m for drawing).
    package func viewJSON(geometry: Bool = true) -> JSONValue {
        let now = figures, start = startFigures, cost = spend
        func pct(_ d: Double?) -> JSONValue { d.map { JSONValue.rounded($0, 3) } ?? .null }
        var districts: [JSONValue] = []
        for (d, district) in study.districts.enumerated() {
            var kv: [(String, JSONValue)] = [("id", .string(district.id)), ("name", .string(district.name)),
                                             ("lte_pop_pct", pct(now[d].ltePopulationPercent)), ("lte_area_pct", pct(now[d].lteAreaPercent)),
                                             ("fbb_households_pct", pct(now[d].fbbHouseholdsPercent)),
                                             ("start_lte_pop_pct", pct(start[d].ltePopulationPercent)), ("start_lte_area_pct", pct(start[d].lteAreaPercent)),
                                             ("start_fbb_households_pct", pct(start[d].fbbHouseholdsPercent)),
                                             ("cost_vnd", cost.map { .number(Double($0[d])) } ?? .null)]
            if geometry { kv.append(("outline", Self.polygonsJSON(district.polygons))) }
            if geometry || state.touched.contains(d) { kv.append(("coverage", Self.polygonsJSON(state.stats.districts[d].coverage))) }
            districts.append(.object(kv))
        }
        let p = Self.provinceFigures(state), p0 = Self.provinceFigures(initial)
        // The start's site technologies by id, once (a site list may hold 20,000 sites: no scan per site).
        let startTechnology = Dictionary(initial.raw.map { ($0.id, $0.technology) }, uniquingKeysWith: { a, _ in a })
        let sites: [JSONValue] = state.raw.indices.map { i in
            let r = state.raw[i], s = state.sites[i]
            return .object([("id", .string(r.id)), ("x", .number(s.position.x.rounded())), ("y", .number(s.position.y.rounded())),
                            ("lon", .number(r.lon)), ("lat", .number(r.lat)), ("technology", .string(r.technology.rawValue)),
                            ("height_m", .number(r.heightMeters)), ("band_mhz", .number(r.bandMHz)), ("power_dbm", .number(r.powerDBm)),
                            ("azimuths_deg", .array(r.azimuths.map { .number($0) })),
                            ("added", .bool(startTechnology[r.id] == nil)),
                            ("upgradable", .bool(startTechnology[r.id].map { $0 != study.scenario.radio.technology } ?? false))])
        }
        let served = Set((state.fixed?.segments ?? []).filter(\.isServed).map(\.cableID))
        let oldCables = Set(initial.cables.map(\.id))
        let cables: [JSONValue] = state.cables.map { c in
            .object([("id", .string(c.id)), ("placement", .string(c.placement.rawValue)), ("served", .bool(served.contains(c.id))),
                     ("added", .bool(!oldCables.contains(c.id))), ("line", Self.lineJSON(c.line.points))])
        }
        let olts: [JSONValue] = study.olts.map { .array([.number($0.position.x.rounded()), .number($0.position.y.rounded())]) }
        return .object([
            ("scenario", .string(study.scenario.name)), ("epsg", .number(Double(study.projection.epsg))),
            ("province", .object([("lte_pop_pct", pct(p.ltePopulationPercent)), ("lte_area_pct", pct(p.lteAreaPercent)),
                                  ("fbb_households_pct", pct(p.fbbHouseholdsPercent)),
                                  ("start_lte_pop_pct", pct(p0.ltePopulationPercent)), ("start_lte_area_pct", pct(p0.lteAreaPercent)),
                                  ("start_fbb_households_pct", pct(p0.fbbHouseholdsPercent)),
                                  ("cost_vnd", cost.map { .number(Double($0.reduce(0, +))) } ?? .null)])),
            ("districts", .array(districts)), ("sites", .array(sites)), ("cables", .array(cables)), ("olts", .array(olts)),
            ("fixed_broadband", .bool(study.scenario.fixed.enabled)), ("planner", .bool(study.scenario.planner != nil)),
            ("can_undo", .bool(canUndo)), ("can_redo", .bool(canRedo)),
            ("defaults", .object([("height_m", .number(defaults.heightMeters)), ("band_mhz", .number(defaults.bandMHz)),
                                  ("power_dbm", .number(defaults.powerDBm)), ("azimuths_deg", .array(defaults.azimuths.map { .number($0) }))])),
        ])
    }

    /// Polygons as [[ring as flat x0,y0,x1,y1…], …] per polygon, metres rounded to 1 m, consecutive repeats dropped.
    static func polygonsJSON(_ polys: [Polygon2]) -> JSONValue {
        .array(polys.map { p in .array(([p.exterior] + p.holes).map(lineJSON)) })
    }

    static func lineJSON(_ pts: [Point2]) -> JSONValue {
        var out: [JSONValue] = []
        var last: (Double, Double)? = nil
        for p in pts {
            let q = (p.x.rounded(), p.y.rounded())
            if let l = last, l == q { continue }
            out.append(.number(q.0)); out.append(.number(q.1)); last = q
        }
        return .array(out)
    }

    // MARK: Saving

    /// Writes the session as a scenario into `folder` (replaced only when an earlier `sim` wrote it):
    /// `scenario.yaml` extending the original with `inputs.sites: sites.csv` (every site, edited) and, with
    /// fixed broadband, `inputs.cables: cables.geojson` (every cable, added ones too). Positions and values are
    /// written with every digit, so `sim run folder/scenario.yaml` reads back exactly the session's network.
    package func saveScenario(into folder: String) throws {
        let original = URL(fileURLWithPath: study.scenario.file).standardizedFileURL.path
        var yaml = "# Saved by `sim serve` from \(original): the original scenario with the network edited in the browser.\n"
        yaml += "extends: \(Self.yamlQuoted(original))\n"
        yaml += "name: \(Self.yamlQuoted(study.scenario.name + " (sim serve)"))\n"
        yaml += "inputs:\n  sites: \"sites.csv\"\n"
        if study.scenario.fixed.enabled { yaml += "  cables: \"cables.geojson\"\n" }
        var csv = Inputs.siteColumns.joined(separator: ",") + ",year\n"
        for r in state.raw {
            let fields = [r.id, JSONValue.format(r.lon), JSONValue.format(r.lat), JSONValue.format(r.heightMeters), r.technology.rawValue,
                          JSONValue.format(r.bandMHz), JSONValue.format(r.powerDBm), r.azimuths.map { JSONValue.format($0) }.joined(separator: ";"),
                          r.year.map(String.init) ?? ""]
            csv += fields.map(CSVTable.field).joined(separator: ",") + "\n"
        }
        // Geometry with every digit (JSONValue numbers), not the outputs' 6 decimals: the run must read the same doubles.
        let features: [JSONValue] = state.cableFeatures.map { f in
            .object([("type", .string("Feature")), ("properties", f.properties), ("geometry", Self.geometryJSON(f.geometry))])
        }
        let geojson = JSONValue.object([("type", .string("FeatureCollection")), ("features", .array(features))]).serialized() + "\n"
        try OutputFolder.produce(folder, inputs: study.scenario.inputPaths) { out in
            try out.write("scenario.yaml", yaml)
            try out.write("sites.csv", csv)
            if study.scenario.fixed.enabled { try out.write("cables.geojson", geojson) }
        }
    }

    static func yamlQuoted(_ s: String) -> String { JSONValue.string(s).serialized() }

    static func geometryJSON(_ g: Geometry2) -> JSONValue {
        func pos(_ p: Point2) -> JSONValue { .array([.number(p.x), .number(p.y)]) }
        func line(_ l: [Point2]) -> JSONValue { .array(l.map(pos)) }
        func poly(_ p: Polygon2) -> JSONValue { .array(([p.exterior] + p.holes).map(line)) }
        switch g {
        case .point(let p): return .object([("type", .string("Point")), ("coordinates", pos(p))])
        case .multiPoint(let ps): return .object([("type", .string("MultiPoint")), ("coordinates", line(ps))])
        case .lineString(let l): return .object([("type", .string("LineString")), ("coordinates", line(l.points))])
        case .multiLineString(let ls): return .object([("type", .string("MultiLineString")), ("coordinates", .array(ls.map { line($0.points) }))])
        case .polygon(let p): return .object([("type", .string("Polygon")), ("coordinates", poly(p))])
        case .multiPolygon(let ps): return .object([("type", .string("MultiPolygon")), ("coordinates", .array(ps.map(poly)))])
        }
    }

    // MARK: Downloads

    /// The current state as vector layers (lon/lat, 6 decimals as every output): `sites`, `coverage` (per district)
    /// and, with fixed broadband, `cables`.
    package func layers() throws -> [(name: String, features: [(geometry: Geometry2, properties: [(String, JSONValue)])])] {
        var sites: [(geometry: Geometry2, properties: [(String, JSONValue)])] = []
        for (i, r) in state.raw.enumerated() {
            sites.append((.point(Point2(r.lon, r.lat)), [("id", .string(r.id)), ("technology", .string(r.technology.rawValue)),
                                                         ("height_m", .number(r.heightMeters)), ("band_mhz", .number(r.bandMHz)),
                                                         ("power_dbm", .number(r.powerDBm)),
                                                         ("azimuths_deg", .string(r.azimuths.map { JSONValue.format($0) }.joined(separator: ";"))),
                                                         ("district_id", state.siteDistrict[i] >= 0 ? .string(study.districts[state.siteDistrict[i]].id) : .null)]))
        }
        var coverage: [(geometry: Geometry2, properties: [(String, JSONValue)])] = []
        let now = figures
        for (d, c) in state.stats.districts.enumerated() where !c.coverage.isEmpty {
            let ll = try projector.lonLatPolygons(c.coverage)
            coverage.append((.multiPolygon(ll), [("district_id", .string(study.districts[d].id)), ("district_name", .string(study.districts[d].name)),
                                                 ("lte_pop_pct", .rounded(now[d].ltePopulationPercent, 2)), ("lte_area_pct", .rounded(now[d].lteAreaPercent, 2))]))
        }
        var out = [("sites", sites), ("coverage", coverage)]
        if study.scenario.fixed.enabled {
            out.append(("cables", state.cableFeatures.map { f in
                (f.geometry, { if case .object(let kv) = f.properties { return kv }; return [] }())
            }))
        }
        return out
    }

    // MARK: The edited study

    /// The study with the session's network: what a run of the saved scenario loads.
    package var editedStudy: Study {
        var s = study
        s.sites = state.sites; s.siteDistrict = state.siteDistrict; s.cables = state.cables
        return s
    }
}

extension EditSession {
    /// ``viewJSON(geometry:)`` with the edit latency so far.
    package func stateJSON(geometry: Bool) -> JSONValue {
        guard case .object(var kv) = viewJSON(geometry: geometry) else { return viewJSON(geometry: geometry) }
        if let l = editLatency {
            kv.append(("latency", .object([("p50_ms", .rounded(l.p50, 1)), ("p95_ms", .rounded(l.p95, 1)), ("edits", .number(Double(l.count))),
                                           ("last_ms", .rounded(editMilliseconds.last ?? 0, 1))])))
        }
        return .object(kv)
    }
}
