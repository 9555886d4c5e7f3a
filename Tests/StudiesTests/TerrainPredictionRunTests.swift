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
        guard let p = runs[0].prediction?.prediction else { Issue.record("no prediction"); return }
        let served = p.bestServer.filter { $0 >= 0 }.count
        // Three disks of 4 km: at most 3·π·4²/0.0625 ≈ 2,413 pixels of 250 m (less where they overlap), and most of one.
        #expect(served > 804 && served <= 2413, "\(served) pixels served")
    }
}
