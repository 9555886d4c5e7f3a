import Coverage
import Foundation
import Testing
import TestSupport
@testable import sim
@testable import Studies

@Suite(.serialized) struct EndToEndTests {
    /// The default Quảng Trị run: district populations equal the GSO 2019 census (GSO, "Completed
    /// results of the 2019 Viet Nam Population and Housing Census"; data/SOURCES.md §2a), the province
    /// total is 632,375, and the output is byte-identical with 1 and 2 workers.
    @Test func defaultScenarioEndToEnd() async throws {
        let s = try Scenario.load(path: defaultScenario)
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r1 = try await runDefault(s, out: dir.appendingPathComponent("a").path, workers: 1)
        _ = try await runDefault(s, out: dir.appendingPathComponent("b").path, workers: 2)
        let census = ["461": 95_658, "462": 23_356, "464": 87_451, "465": 90_918, "466": 75_276,
                      "467": 43_208, "468": 47_777, "469": 88_852, "470": 79_533, "471": 346]
        for (i, d) in r1.study.districts.enumerated() {
            #expect(r1.stats.districts[i].population == Double(census[d.id]!), "district \(d.id)")
            #expect((0...100).contains(r1.stats.districts[i].coveredPopulationPercent))
            #expect(r1.stats.districts[i].coveredAreaKm2 <= r1.stats.districts[i].areaKm2 + 1e-9)
        }
        #expect(r1.study.population.population.reduce(0, +) == 632_375)
        // Area of the simplified districts in UTM 48N vs the geodesic 4,731.94 km² (data/VALIDATION.txt):
        // UTM scale error near 107°E (central meridian 105°E) is ≈ +0.03 %, so agree within 0.1 %.
        let area = r1.stats.districts.reduce(0) { $0 + $1.areaKm2 }
        #expect(abs(area - 4731.94) / 4731.94 < 0.001)
        for f in ["districts.geojson", "districts.csv", "coverage.geojson", "footprints.geojson", "sites.geojson", "population.csv", "summary.json"] {
            let a = try Data(contentsOf: dir.appendingPathComponent("a/\(f)"))
            let b = try Data(contentsOf: dir.appendingPathComponent("b/\(f)"))
            #expect(a == b, "\(f) differs between 1 and 2 workers")
            #expect(!a.isEmpty)
        }
        // Every written polygon is valid after rounding, and exteriors are counter-clockwise (RFC 7946 §3.1.6).
        let ctx = GEOSContext()
        for f in ["districts.geojson", "coverage.geojson", "footprints.geojson"] {
            for feat in try GeoJSON.readFeatures(try Data(contentsOf: dir.appendingPathComponent("a/\(f)")), file: f) {
                #expect(try ctx.geometry(feat.geometry).isValid(), "\(f) feature \(feat.index)")
                for p in feat.geometry.polygons { #expect(Rings.signedArea2(p.exterior) > 0) }
            }
        }
    }

    /// Sites 10 m taller in one district can only grow that district's coverage.
    @Test func overrideRaisesCoverage() async throws {
        let base = try Scenario.load(path: defaultScenario)
        var taller = base
        taller.overrides = [.init(district: "465", technology: nil, heightAddMeters: 10, heightMeters: nil, powerDBm: nil, bandMHz: nil)]
        let a = try await CoverageRun.execute(try await Study.load(base, workers: 2), workers: 2, progress: Progress())
        let b = try await CoverageRun.execute(try await Study.load(taller, workers: 2), workers: 2, progress: Progress())
        let i = a.study.districts.firstIndex { $0.id == "465" }!
        #expect(b.stats.districts[i].coveredAreaKm2 > a.stats.districts[i].coveredAreaKm2)
    }
}

@Suite struct BadInputTests {
    func write(_ text: String, _ name: String, in dir: URL) -> String {
        let p = dir.appendingPathComponent(name).path
        try! text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func scenario(_ body: String, in dir: URL) -> String {
        write("extends: \(repoPath("data/scenarios/quang-tri-2017.yaml"))\n" + body, "s.yaml", in: dir)
    }

    func message(_ body: () async throws -> Void) async -> String {
        do { try await body(); return "" } catch { return "\(error)" }
    }

    @Test func unknownKeySuggestsTheClosest() async {
        let dir = tempDir()
        let m = await message { _ = try Scenario.load(path: scenario("radio:\n  treshold_dbm: -100\n", in: dir)) }
        #expect(m.contains("s.yaml:3"))
        #expect(m.contains("did you mean 'threshold_dbm'"))
    }

    @Test func wrongTypeAndRange() async {
        let dir = tempDir()
        let m1 = await message { _ = try Scenario.load(path: scenario("radio:\n  threshold_dbm: loud\n", in: dir)) }
        #expect(m1.contains("threshold_dbm") && m1.contains("finite number"))
        let m2 = await message { _ = try Scenario.load(path: scenario("radio:\n  cell_edge_probability: 1.5\n", in: dir)) }
        #expect(m2.contains("cell_edge_probability") && m2.contains("outside"))
    }

    @Test func malformedYAMLNamesTheFile() async {
        let dir = tempDir()
        let m = await message { _ = try Scenario.load(path: write("radio: [unclosed\n", "bad.yaml", in: dir)) }
        #expect(m.contains("bad.yaml") && m.contains("malformed YAML"))
    }

    @Test func extendsCycleIsAnError() async {
        let dir = tempDir()
        _ = write("extends: b.yaml\n", "a.yaml", in: dir)
        _ = write("extends: a.yaml\n", "b.yaml", in: dir)
        let m = await message { _ = try Scenario.load(path: dir.appendingPathComponent("a.yaml").path) }
        #expect(m.contains("cycle"))
    }

    @Test func malformedGeoJSONGivesLineAndColumn() async {
        let dir = tempDir()
        let p = write("{\"type\": \"FeatureCollection\",\n \"features\": [ x ]}", "d.geojson", in: dir)
        let m = await message { _ = try Inputs.districts(p) }
        #expect(m.contains("d.geojson") && m.contains("line 2"))
    }

    @Test func swappedLonLatInGeoJSON() async {
        let dir = tempDir()
        let p = write(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"1"},"geometry":{"type":"Polygon","coordinates":[[[16.8,107.1],[16.9,107.1],[16.9,107.2],[16.8,107.1]]]}}]}"#, "d.geojson", in: dir)
        let m = await message { _ = try Inputs.districts(p) }
        #expect(m.contains("feature 0") && m.contains("swapped"))
    }

    @Test func unclosedRingAndDuplicateDistrict() async {
        let dir = tempDir()
        let ring = "[[[107.0,16.8],[107.1,16.8],[107.1,16.9],[107.0,16.9]]]"
        let p = write(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"1"},"geometry":{"type":"Polygon","coordinates":"# + ring + "}}]}", "d.geojson", in: dir)
        #expect(await message { _ = try Inputs.districts(p) }.contains("not closed"))
        let closed = "[[[107.0,16.8],[107.1,16.8],[107.1,16.9],[107.0,16.8]]]"
        let f = #"{"type":"Feature","properties":{"id":"1"},"geometry":{"type":"Polygon","coordinates":"# + closed + "}}"
        let q = write(#"{"type":"FeatureCollection","features":["# + f + "," + f + "]}", "d2.geojson", in: dir)
        #expect(await message { _ = try Inputs.districts(q) }.contains("duplicate district id '1'"))
    }

    @Test func badSiteRows() async {
        let dir = tempDir()
        let h = "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg\n"
        let dup = write(h + "A,107.1,16.8,30,4G,1815,43,0\nA,107.2,16.8,30,4G,1815,43,0\n", "dup.csv", in: dir)
        #expect(await message { _ = try Inputs.sites(dup) }.contains("dup.csv:3: duplicate site id 'A'"))
        let nan = write(h + "A,107.1,16.8,nan,4G,1815,43,0\n", "nan.csv", in: dir)
        #expect(await message { _ = try Inputs.sites(nan) }.contains("nan.csv:2: column 'height_m'"))
        let neg = write(h + "A,107.1,16.8,30,4G,1815,-5,0\n", "neg.csv", in: dir)
        #expect(await message { _ = try Inputs.sites(neg) }.contains("power_dbm"))
        let range = write(h + "A,16.8,107.1,30,4G,1815,43,0\n", "swap.csv", in: dir)
        #expect(await message { _ = try Inputs.sites(range) }.contains("swapped"))
        let short = write(h + "A,107.1,16.8\n", "short.csv", in: dir)
        #expect(await message { _ = try Inputs.sites(short) }.contains("short.csv:2: 3 fields"))
    }

    /// A site outside every district is a warning naming the file and line, not an error.
    @Test func siteOutsideAllDistrictsWarns() async throws {
        let dir = tempDir()
        let sites = write("id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg\nS1,106.0,16.0,30,4G,1815,43,0\n", "sites.csv", in: dir)
        var s = try Scenario.load(path: defaultScenario)
        s.inputs.sites = sites
        let study = try await Study.load(s, workers: 1)
        #expect(study.warnings.contains { $0.contains("sites.csv:2") && $0.contains("outside all districts") })
    }

    @Test func unknownEPSG() async {
        let dir = tempDir()
        let m = await message { let s = try Scenario.load(path: scenario("crs_epsg: 999999\n", in: dir)); _ = try await Study.load(s, workers: 1) }
        #expect(m.contains("999999"))
    }

    /// A failing run leaves an existing output folder exactly as it was.
    @Test func failedRunLeavesOutputUntouched() async throws {
        let dir = tempDir()
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try "keep".write(to: out.appendingPathComponent("old.txt"), atomically: true, encoding: .utf8)
        try OutputFolder.markerText.write(to: out.appendingPathComponent(OutputFolder.markerName), atomically: true, encoding: .utf8)
        let bad = scenario("radio:\n  models:\n    - { environment: rural, model: \"okumura-hata:open\" }\n", in: dir)
        let cmd = try RunCommand.parse([bad, "--out", out.path])
        await #expect(throws: (any Error).self) { try await cmd.run() }
        _ = cmd
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(Set(names) == ["old.txt", OutputFolder.markerName])
        let siblings = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".out") }
        #expect(siblings.isEmpty, "temporary folder left behind: \(siblings)")
    }
}
