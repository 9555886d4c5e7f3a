import Coverage
import Foundation
import Testing
import TestSupport
@testable import Studies

/// `terrain:` in a scenario, end to end on the real Quảng Trị districts with a synthetic SRTM tile
/// (no real DEM ships with the repository): outputs, determinism, and bad elevation data — each bad
/// case must stop with one message naming the file (and site), and leave no output behind.
@Suite(.serialized) struct TerrainScenarioTests {
    /// A 3″ SRTM tile N16E106 (1201 × 1201 big-endian Int16, north row first): a north–south ridge
    /// 400 m high along 106.75° E over ground at 50 m.
    static func writeTile(in dir: URL, name: String = "N16E106.hgt") throws {
        let side = 1201
        var data = Data(count: side * side * 2)
        data.withUnsafeMutableBytes { raw in
            let b = raw.bindMemory(to: UInt8.self)
            for c in 0..<side {
                let lon = 106 + Double(c) / 1200
                let z = UInt16(bitPattern: Int16(50 + 400 * exp(-pow((lon - 106.75) / 0.02, 2))))
                for r in 0..<side {
                    b[2 * (r * side + c)] = UInt8(z >> 8)
                    b[2 * (r * side + c) + 1] = UInt8(z & 0xff)
                }
            }
        }
        try data.write(to: dir.appendingPathComponent(name))
    }

    static let sitesCSV = """
        id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg
        H1,106.70,16.62,35,4G,1815,43,0;120;240
        H2,106.80,16.63,35,4G,1815,43,
        H3,106.74,16.70,35,4G,1815,43,90
        """

    /// A scenario over the default one with three sites in Hướng Hóa, a 4 km radius, coarse radials
    /// (fast in a debug build) and the given `terrain:` lines.
    static func scenario(in dir: URL, sites: String = sitesCSV, terrain: String) throws -> String {
        try sites.write(to: dir.appendingPathComponent("sites.csv"), atomically: true, encoding: .utf8)
        let text = """
            extends: \(repoPath("data/scenarios/quang-tri-2017.yaml"))
            inputs:
              sites: sites.csv
            fixed_broadband:
              enabled: false
            radio:
              max_radius_m: 4000
            terrain:
            \(terrain.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            """
        let p = dir.appendingPathComponent("s.yaml").path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    static let coarse = "radial_step_deg: 10\nsample_spacing_m: 200"

    @Test func terrainRunWritesOutputsIdenticallyWithOneOrTwoWorkers() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dem = dir.appendingPathComponent("dem")
        try FileManager.default.createDirectory(at: dem, withIntermediateDirectories: true)
        try Self.writeTile(in: dem)
        let s = try Scenario.load(path: try Self.scenario(in: dir, terrain: "dem: dem\n" + Self.coarse))
        #expect(s.terrain?.demPath == dem.standardizedFileURL.path)
        for jobs in ["1", "2"] {
            _ = try await ScenarioRun.run(path: s.file, out: dir.appendingPathComponent("out\(jobs)").path, workers: Int(jobs)!)
        }
        for f in ["footprints.geojson", "coverage.geojson", "districts.csv", "summary.json"] {
            let a = try Data(contentsOf: dir.appendingPathComponent("out1/\(f)"))
            let b = try Data(contentsOf: dir.appendingPathComponent("out2/\(f)"))
            #expect(a == b, "\(f) differs between 1 and 2 workers")
        }
        let fp = try String(contentsOf: dir.appendingPathComponent("out1/footprints.geojson"), encoding: .utf8)
        #expect(fp.contains("\"model\":\"itm\""))
        let summary = try String(contentsOf: dir.appendingPathComponent("out1/summary.json"), encoding: .utf8)
        #expect(summary.contains("\"terrain\""))
        // Every footprint is valid and the ridge at 106.75° E leaves H1 (west of it, 35 m mast on 50 m
        // ground) nothing east of the 450 m crest: 106.78° E, 16.62° N is not covered by H1.
        let feats = try GeoJSON.readFeatures(try Data(contentsOf: dir.appendingPathComponent("out1/footprints.geojson")), file: "footprints.geojson")
        let ctx = GEOSContext()
        for feat in feats { #expect(try ctx.geometry(feat.geometry).isValid()) }
        let h1 = try #require(feats.first { $0.properties["site_id"] == .string("H1") })
        let behind = try ctx.point(Point2(106.78, 16.62))
        #expect(try !GEOSPrepared(ctx.geometry(h1.geometry)).covers(behind))
        #expect(try GEOSPrepared(ctx.geometry(h1.geometry)).covers(try ctx.point(Point2(106.69, 16.62))))
    }

    func failure(_ path: String, out: URL) async -> String {
        do {
            _ = try await ScenarioRun.run(path: path, out: out.path, workers: 1)
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// Runs a scenario that must fail through the command's error path and returns stderr's message.
    func errorLine(_ scenario: String, dir: URL) async throws -> String {
        let s = try Scenario.load(path: scenario)
        do {
            let study = try await Study.load(s, workers: 1)
            _ = try await CoverageRun.execute(study, workers: 1, progress: Progress())
            return ""
        } catch { return "\(error)" }
    }

    @Test func footprintOffTheTilesNamesTheMissingTileAndSite() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dem = dir.appendingPathComponent("dem")
        try FileManager.default.createDirectory(at: dem, withIntermediateDirectories: true)
        try Self.writeTile(in: dem)
        // E1 at 106.99° E: its 4 km footprint crosses 107° E, into tile N16E107.
        let sites = "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg\nE1,106.99,16.75,35,4G,1815,43,\n"
        let path = try Self.scenario(in: dir, sites: sites, terrain: "dem: dem\n" + Self.coarse)
        let m = try await errorLine(path, dir: dir)
        #expect(m.contains("site E1") && m.contains("N16E107.hgt") && m.contains("add N16E107.hgt to"), "\(m)")
        // Through the command: non-zero exit and no output folder.
        let out = dir.appendingPathComponent("out")
        _ = await failure(path, out: out)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func truncatedTileIsAnErrorNamingIt() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dem = dir.appendingPathComponent("dem")
        try FileManager.default.createDirectory(at: dem, withIntermediateDirectories: true)
        try Data(count: 1000).write(to: dem.appendingPathComponent("N16E106.hgt"))
        let m = try await errorLine(try Self.scenario(in: dir, terrain: "dem: dem"), dir: dir)
        #expect(m.contains("s.yaml: terrain.dem") && m.contains("N16E106.hgt") && m.contains("1000 bytes"), "\(m)")
    }

    @Test func wronglySizedASCIIGridIsAnErrorNamingFileAndLine() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let asc = "ncols 3\nnrows 3\nxllcorner 106.5\nyllcorner 16.5\ncellsize 0.1\n1 2 3\n4 5 6\n"
        try asc.write(to: dir.appendingPathComponent("area.asc"), atomically: true, encoding: .utf8)
        let m = try await errorLine(try Self.scenario(in: dir, terrain: "dem: area.asc"), dir: dir)
        #expect(m.contains("terrain.dem") && m.contains("area.asc") && m.contains("expected 3 × 3 = 9 values, found 6"), "\(m)")
    }

    @Test func missingDEMAndUnknownKeys() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let m1 = try await errorLine(try Self.scenario(in: dir, terrain: "dem: nowhere"), dir: dir)
        #expect(m1.contains("terrain.dem") && m1.contains("nowhere") && m1.contains("no such DEM"), "\(m1)")
        do {
            _ = try Scenario.load(path: try Self.scenario(in: dir, terrain: "dem: x\nradial_stp_deg: 2"))
            Issue.record("expected an error")
        } catch { #expect("\(error)".contains("did you mean 'radial_step_deg'")) }
        do {
            _ = try Scenario.load(path: try Self.scenario(in: dir, terrain: "dem: x\nmodel: hata"))
            Issue.record("expected an error")
        } catch { #expect("\(error)".contains("itm, deygout-correction")) }
        do {
            _ = try Scenario.load(path: try Self.scenario(in: dir, terrain: "dem: x\nitm:\n  climate: tropical"))
            Issue.record("expected an error")
        } catch { #expect("\(error)".contains("maritime-subtropical")) }
        do {
            _ = try Scenario.load(path: try Self.scenario(in: dir, terrain: "model: itm"))
            Issue.record("expected an error")
        } catch { #expect("\(error)".contains("terrain.dem")) }
    }

    /// The example scenario parses; without the tiles it names the missing DEM folder and the key.
    @Test func exampleTerrainScenario() async throws {
        let s = try Scenario.load(path: repoPath("data/scenarios/quang-tri-2017-terrain.yaml"))
        let t = try #require(s.terrain)
        #expect(t.demPath.hasSuffix("data/dem/quang-tri"))
        #expect(t.settings.modelRules.map(\.model) == [.deygoutCorrection, .deygoutCorrection, .itm])
        #expect(t.settings.medianWindowMeters == 200)
        if !FileManager.default.fileExists(atPath: t.demPath) {
            do { _ = try await Study.load(s, workers: 1); Issue.record("expected an error") } catch {
                #expect("\(error)".contains("terrain.dem") && "\(error)".contains("no such DEM"))
            }
        }
    }

    /// No `terrain.dem`: flat earth, as before; defaults.yaml's terrain settings are neither
    /// recorded nor sweepable until a DEM is named.
    @Test func noTerrainSectionMeansFlatEarth() throws {
        let s = try Scenario.load(path: defaultScenario)
        #expect(s.terrain == nil)
        #expect(s.resolved.json["terrain"] == nil, "a flat run records no terrain keys")
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sweep = dir.appendingPathComponent("s.yaml").path
        try "base: \(defaultScenario)\naxes:\n  terrain.k_factor: [1, 2]\n".write(toFile: sweep, atomically: true, encoding: .utf8)
        do { _ = try SweepFile.load(path: sweep); Issue.record("expected an error") } catch {
            #expect("\(error)".contains("unknown axis key 'terrain.k_factor'"), "\(error)")
        }
    }

    /// The terrain defaults come from data/scenarios/defaults.yaml and are the values the README
    /// table gives with their sources (k = 4/3 of ITU-R P.452; TN101 climate 3; average ground
    /// ε_r = 15, σ = 0.005 S/m; NTIA mdvar 12; medians).
    @Test func terrainDefaultsComeFromDefaultsFile() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try #require(try Scenario.load(path: try Self.scenario(in: dir, terrain: "dem: dem")).terrain)
        let st = t.settings
        #expect(st.modelRules.map(\.model) == [.itm])
        #expect(st.radialStepDegrees == 1 && st.sampleSpacingMeters == nil && st.effectiveEarthRadiusFactor == 4.0 / 3.0)
        #expect(st.maxEdges == 3 && st.voidFillMaxMeters == 500 && st.medianWindowMeters == 200)
        #expect(st.itm == ITM.Parameters(climate: .maritimeSubtropical, seaLevelRefractivityNUnits: 301, polarization: .vertical,
                                         epsilon: 15, sigma: 0.005, mdvar: try ITM.ModeOfVariability(mdvar: 12),
                                         timePercent: 50, locationPercent: 50, situationPercent: 50))
    }
}
