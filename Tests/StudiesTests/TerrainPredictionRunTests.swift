import Coverage
import Foundation
import Testing
import TestSupport
@testable import Studies

/// Prediction rasters over terrain through the whole run (`terrain:` and `predictions:` together): the synthetic
/// ridge tile of TerrainScenarioTests, three sites in Hướng Hóa, 4 km, 250 m pixels.
@Suite(.serialized) struct TerrainPredictionRunTests {
    typealias T = TerrainScenarioTests

    static func scenario(in dir: URL) throws -> String {
        let dem = dir.appendingPathComponent("dem")
        try FileManager.default.createDirectory(at: dem, withIntermediateDirectories: true)
        try T.writeTile(in: dem)
        let path = try T.scenario(in: dir, terrain: "dem: dem\n" + T.coarse)
        let text = try String(contentsOfFile: path, encoding: .utf8) + "\npredictions:\n  enabled: true\n  resolution_m: 250\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every prediction file is the same bytes with 1 and 2 workers; the lookup table names ITM; the cells are followed
    /// to radio.max_radius_m (4000 m) as the terrain footprints; pixels beyond every site's 4 km hold no server.
    @Test func rasterRunOverTerrainIdenticalOnOneOrTwoWorkers() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.scenario(in: dir)
        var runs: [CoverageRun] = []
        for jobs in [1, 2] {
            runs.append(try await ScenarioRun.run(path: path, out: dir.appendingPathComponent("out\(jobs)").path, workers: jobs).coverage)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out1").path).filter { $0.hasPrefix("prediction_") }
        #expect(names.filter { $0.hasSuffix(".tif") }.count == 5)
        for name in names {
            let a = try Data(contentsOf: dir.appendingPathComponent("out1/\(name)")), b = try Data(contentsOf: dir.appendingPathComponent("out2/\(name)"))
            #expect(a == b, "\(name) differs between 1 and 2 workers")
        }
        let table = try String(contentsOf: dir.appendingPathComponent("out1/prediction_cells.csv"), encoding: .utf8)
        let rows = table.split(separator: "\n").dropFirst()
        #expect(rows.count == 5 && rows.allSatisfy { $0.contains(",itm,4000.0") }, "\(table)")
        #expect(runs[0].prediction != nil)
        let best = try GeoTIFF.read(path: dir.appendingPathComponent("out1/prediction_best_server.tif").path)
        let served = best.values.filter { $0 >= 0 }.count
        // Three disks of 4 km: at most 3·π·4²/0.0625 ≈ 2,413 pixels of 250 m (less where they overlap), and most of one.
        #expect(served > 804 && served <= 2413, "\(served) pixels served")
    }
    /// Radial losses beyond 4 GiB are refused before anything is computed, in one line naming the scenario and the keys
    /// to change. By hand, per site: R = 25 km, s = 20 m pixels, samples every 5 m (5,000 a radial): N = 2πR/s = 7854 →
    /// 2ᴸ = 512, N₀ = ⌈15.34⌉ = 16, N = 8192 radials, about 1.36 values per (s × 5 m) of the disk's 1,963 km²:
    /// 26.7 million values, 107 MB; 45 sites (3 cells of one height and band each) hold about 4.5 GiB (> 4).
    @Test func radialLossesBeyondFourGiBAreRefused() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dem = dir.appendingPathComponent("dem")
        try FileManager.default.createDirectory(at: dem, withIntermediateDirectories: true)
        try T.writeTile(in: dem)
        var csv = "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg\n"
        for k in 0..<45 { csv += "S\(k),\(106.6 + Double(k % 9) * 0.05),\(16.55 + Double(k / 9) * 0.05),35,4G,1815,43,0;120;240\n" }
        let path = try T.scenario(in: dir, sites: csv, terrain: "dem: dem\nsample_spacing_m: 5")
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "max_radius_m: 4000", with: "max_radius_m: 25000") + "\npredictions:\n  enabled: true\n  resolution_m: 20\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        // The raster step alone (a whole run would first compute the 45 terrain footprints, which run off the one tile).
        let study = try await Study.load(try Scenario.load(path: path), workers: 2)
        let p = try #require(study.scenario.predictions)
        let m = await errorMessage { _ = try await PredictionRun.execute(study, p, environments: study.siteEnvironments, workers: 2) }
        #expect(m.contains("s.yaml") && m.contains("GiB of radial path losses") && m.contains("45 sites") && m.contains("predictions.resolution_m = 20")
                && m.contains("radio.max_radius_m = 25000") && m.contains("hold 4.5 GiB") && !m.contains("\n"), "\(m)")
    }
}
