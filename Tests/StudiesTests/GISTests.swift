import Coverage
import Foundation
import Testing
import TestSupport
@testable import Studies

/// GIS formats through GDAL at the level of `sim`: VN-2000 inputs, scenario keys, `--crs`,
/// `--format gpkg,kml`, sites from a GeoPackage.
@Suite(.serialized) struct GISTests {
    func message(_ body: () async throws -> Void) async -> String {
        do { try await body(); return "" } catch { return "\(error)" }
    }

    /// Rings of a district normalised for comparison: right-handed, parts ordered by first vertex.
    func normalised(_ polys: [Polygon2]) -> [Polygon2] {
        polys.map(Rings.rightHanded).sorted { ($0.exterior[0].x, $0.exterior[0].y) < ($1.exterior[0].x, $1.exterior[0].y) }
    }

    /// The VN-2000 Shapefile (EPSG:9212, made from the WGS 84 GeoJSON with ogr2ogr; see
    /// data/quang-tri/vn2000/README.md) gives the same statistics as its WGS 84 twin: every
    /// district's area, covered area, population and covered population within 0.01 %. The
    /// reference is the twin run; its vertices also agree within 1e-7° (≈ 1 cm), far below the
    /// ≈ 200 m datum shift a missing transformation would leave.
    @Test func vn2000LayerGivesTheSameStatistics() async throws {
        let vn = try Inputs.districts(vn2000Districts)
        let wgs = try Inputs.districts(wgs84Districts)
        #expect(vn.map(\.id) == wgs.map(\.id))
        #expect(vn.map(\.name) == wgs.map(\.name))            // name_vi_full, cut to name_vi_fu by dBASE
        #expect(vn.map(\.population) == wgs.map(\.population)) // pop_2019_census, cut to pop_2019_c
        var maxDelta = 0.0
        for (a, b) in zip(vn, wgs) {
            let pa = normalised(a.polygons), pb = normalised(b.polygons)
            #expect(pa.map(\.vertexCount) == pb.map(\.vertexCount), "district \(a.id)")
            for (x, y) in zip(pa, pb) {
                for (p, q) in zip(([x.exterior] + x.holes).joined(), ([y.exterior] + y.holes).joined()) {
                    maxDelta = max(maxDelta, abs(p.x - q.x), abs(p.y - q.y))
                }
            }
        }
        #expect(maxDelta < 1e-7, "largest vertex difference \(maxDelta)°")

        let a = try await execute(try lightScenario(districts: vn2000Districts))
        let b = try await execute(try lightScenario())
        func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-4 * max(abs(y), 1e-9) }
        for (i, d) in b.study.districts.enumerated() {
            let s = a.stats.districts[i], t = b.stats.districts[i]
            #expect(close(s.areaKm2, t.areaKm2), "area \(d.id): \(s.areaKm2) vs \(t.areaKm2)")
            #expect(close(s.coveredAreaKm2, t.coveredAreaKm2) || t.coveredAreaKm2 == 0 && s.coveredAreaKm2 < 1e-9, "covered area \(d.id)")
            #expect(close(s.population, t.population), "population \(d.id)")
            #expect(close(s.coveredPopulation, t.coveredPopulation) || t.coveredPopulation == 0 && s.coveredPopulation == 0, "covered population \(d.id)")
        }
    }

    /// `--format geojson,gpkg,kml`: run.gpkg holds every layer with exactly the GeoJSON's geometry
    /// and properties; run.kml the same geometry. Written twice from the same run, run.gpkg is
    /// byte-identical (the features themselves do not depend on --jobs: EndToEndTests; KML
    /// determinism: GDALTests.kmlFoldersAndStyles).
    @Test func gpkgAndKmlMatchTheGeoJSON() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try await execute(try lightScenario { $0.fixed.enabled = true })
        for (k, formats) in [(1, [OutputFormat.geojson, .gpkg, .kml]), (2, [.gpkg])] {
            try OutputFolder.produce(dir.appendingPathComponent("w\(k)").path) {
                try ScenarioRun(coverage: run, plan: nil).write(into: $0, formats: formats)
            }
        }
        let out = dir.appendingPathComponent("w1")
        #expect(try Data(contentsOf: out.appendingPathComponent("run.gpkg")) == Data(contentsOf: dir.appendingPathComponent("w2/run.gpkg")))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("w2/districts.geojson").path))
        let names = ["districts", "coverage", "footprints", "sites", "reach", "cables", "olts"]
        let gpkg = out.appendingPathComponent("run.gpkg").path, kml = out.appendingPathComponent("run.kml").path
        #expect(try GDALVector.layerNames(gpkg) == names)
        #expect(try GDALVector.layerNames(kml) == names)
        for name in names {
            let json = try GeoJSON.readFeatures(try Data(contentsOf: out.appendingPathComponent("\(name).geojson")), file: name)
            let g = try GDALVector.read(gpkg, layer: name).features
            let k = try GDALVector.read(kml, layer: name).features
            #expect(json.count == g.count && json.count == k.count, "\(name)")
            func dict(_ v: JSONValue) -> [String: JSONValue] {
                guard case .object(let kv) = v else { return [:] }
                return Dictionary(kv, uniquingKeysWith: { a, _ in a })
            }
            for (j, (x, y)) in zip(json, g).enumerated() {
                #expect(x.geometry == y.geometry, "\(name) feature \(j): gpkg geometry")
                #expect(dict(x.properties) == dict(y.properties), "\(name) feature \(j): gpkg properties")
            }
            for (j, (x, y)) in zip(json, k).enumerated() { #expect(x.geometry.allPoints == y.geometry.allPoints, "\(name) feature \(j): kml geometry") }
        }
        let styles = try GDALVector.attributeRows(gpkg, layer: "layer_styles").compactMap { $0["f_table_name"] }
        #expect(styles == names)
    }

    /// Scenario keys: an input (and planner.candidate_sites) may be `{path, layer, crs_epsg}`; unknown
    /// keys get a did-you-mean; a file with several layers and no `layer` lists them.
    @Test func scenarioLayerKeys() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let feats = try Inputs.features(wgs84Districts).map { f -> (geometry: Geometry2, properties: [(String, JSONValue)]) in
            guard case .object(let kv) = f.properties else { return (f.geometry, []) }
            return (f.geometry, kv)
        }
        let gpkg = dir.appendingPathComponent("two.gpkg").path
        try GDALVector.write([.init(name: "boundaries", features: feats), .init(name: "districts", features: feats)], to: gpkg, format: .geoPackage)
        func scenario(_ inputs: String) throws -> String {
            let p = dir.appendingPathComponent("s.yaml").path
            try "extends: \(defaultScenario)\ninputs:\n\(inputs)".write(toFile: p, atomically: true, encoding: .utf8)
            return p
        }
        let s = try Scenario.load(path: try scenario("  districts: {path: two.gpkg, layer: districts, crs_epsg: 4326}\n"))
        #expect(s.inputs.districts == gpkg)
        #expect(s.inputs.options("districts") == LayerOptions(layer: "districts", crsEPSG: 4326))
        #expect(try Inputs.districts(s.inputs.districts, s.inputs.options("districts")).count == 10)

        let typo = await message { _ = try Scenario.load(path: try scenario("  districts: {path: two.gpkg, layr: districts}\n")) }
        #expect(typo.contains("s.yaml:3") && typo.contains("unknown key 'layr' in inputs.districts") && typo.contains("did you mean 'layer'"))
        let noPath = await message { _ = try Scenario.load(path: try scenario("  districts: {layer: districts}\n")) }
        #expect(noPath.contains("needs a 'path'"))
        let ambiguous = await message { let s = try Scenario.load(path: try scenario("  districts: two.gpkg\n")); _ = try await Study.load(s, workers: 1) }
        #expect(ambiguous.contains("two.gpkg: holds 2 layers ('boundaries', 'districts')"))
        let unknown = await message { let s = try Scenario.load(path: try scenario("  districts: {path: two.gpkg, layer: communes}\n")); _ = try await Study.load(s, workers: 1) }
        #expect(unknown.contains("no layer named 'communes'; its layers are 'boundaries', 'districts'"))

        // The planner's candidate sites take the same form.
        let planYAML = dir.appendingPathComponent("p.yaml").path
        try "extends: \(planScenario)\nplanner:\n  candidate_sites: {path: c.gpkg, layer: candidates, crs_epsg: 9212}\n".write(toFile: planYAML, atomically: true, encoding: .utf8)
        let planner = try #require(try Scenario.load(path: planYAML).planner)
        #expect(planner.candidateSitesPath == dir.appendingPathComponent("c.gpkg").path)
        #expect(planner.candidateSitesOptions == LayerOptions(layer: "candidates", crsEPSG: 9212))
    }

    /// Sites from a GeoPackage point layer read as the CSV does (same ids, positions, values);
    /// a bad value names the file, the feature and the field.
    @Test func sitesFromGeoPackage() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try Inputs.sites(repoPath("data/quang-tri/sites-2017.csv"))
        let layer = GDALVector.OutputLayer(name: "sites", features: csv.map { s in
            (.point(Point2(s.lon, s.lat)), [("id", .string(s.id)), ("height_m", .number(s.heightMeters)), ("technology", .string(s.technology.rawValue)),
                                            ("band_mhz", .number(s.bandMHz)), ("power_dbm", .number(s.powerDBm)),
                                            ("azimuths_deg", .string(s.azimuths.map { JSONValue.format($0) }.joined(separator: ";"))),
                                            ("year", s.year.map { .number(Double($0)) } ?? .null)])
        })
        let gpkg = dir.appendingPathComponent("sites.gpkg").path
        try GDALVector.write([layer], to: gpkg, format: .geoPackage)
        let back = try Inputs.sites(gpkg)
        #expect(back.count == csv.count)
        for (a, b) in zip(csv, back) {
            #expect(a.id == b.id && a.lon == b.lon && a.lat == b.lat && a.heightMeters == b.heightMeters && a.technology == b.technology)
            #expect(a.bandMHz == b.bandMHz && a.powerDBm == b.powerDBm && a.azimuths == b.azimuths && a.year == b.year)
        }
        var bad = layer
        bad.features[3].properties[1] = ("height_m", 500)
        let badPath = dir.appendingPathComponent("bad.gpkg").path
        try GDALVector.write([bad], to: badPath, format: .geoPackage)
        var m = ""
        do { _ = try Inputs.sites(badPath) } catch { m = "\(error)" }
        #expect(m.contains("bad.gpkg: feature 3: field 'height_m' = 500 is outside 1…300"))
    }
}
