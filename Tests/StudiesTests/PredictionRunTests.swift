import Foundation
import Testing
@testable import Coverage
@testable import Studies
import TestSupport

/// Prediction rasters through the whole run: agreement with the polygon footprints, identical files
/// whatever the number of workers, and the scenario keys' checks.
@Suite struct PredictionRunTests {
    static func predictions(resolution: Double) -> PredictionScenario {
        PredictionScenario(settings: PredictionSettings(cellSizeMeters: resolution, marginMeters: 2000, floorDBm: -140, overlapMarginDB: 5,
                                                        loadFactor: 1, noiseFigureDB: 9, sinrThresholdDB: -3, coverageRequiresSINR: false,
                                                        rsrpBandsDBm: [-85, -95, -105, -115]),
                           layers: PredictionScenario.Layer.allCases)
    }

    /// With omni sites, flat earth and SINR off, the covered area the 50 m raster gives each district agrees with
    /// the polygon path within 1 % (issue 15): both apply RSRP − σ·Φ⁻¹(p) ≥ threshold; the polygons are 1° stars
    /// (inscribed 360-gons, 0.005 % short of the circle) and the raster counts pixel centres.
    @Test func rasterAgreesWithFootprintsPerDistrict() async throws {
        let scenario = try lightScenario { $0.radio.bearingStepDegrees = 1; $0.predictions = Self.predictions(resolution: 50) }
        var study = try await Study.load(scenario, workers: 2)
        for i in study.sites.indices { study.sites[i].azimuthsDegrees = [] }
        let run = try await CoverageRun.execute(study, workers: 2, progress: Progress())
        guard let raster = run.prediction?.districts else { Issue.record("no prediction"); return }
        var compared = 0
        for (i, polygon) in run.stats.districts.enumerated() where polygon.coveredAreaKm2 > 1 {
            let rasterKm2 = raster[i].coveredAreaPercent / 100 * polygon.areaKm2
            #expect(abs(rasterKm2 - polygon.coveredAreaKm2) <= 0.01 * polygon.coveredAreaKm2,
                    "\(study.districts[i].name): raster \(rasterKm2) km², polygons \(polygon.coveredAreaKm2) km²")
            compared += 1
        }
        #expect(compared >= 9)
        // The report shows both rasters as embedded images with their legends.
        let html = try RunReport.predictionSection(run.prediction!, Messages(.en))
        #expect(html.components(separatedBy: "src=\"data:image/png;base64,").count == 3)
        #expect(html.contains("Best-server RSRP (dBm)") && html.contains("Downlink SINR (dB)") && html.contains("≥ −85 dBm"))
    }

    /// The GeoTIFFs, styles and tables are the same bytes with 1 and 2 workers.
    @Test func filesIdenticalAcrossWorkers() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try lightScenario { $0.predictions = Self.predictions(resolution: 250) }
        for workers in [1, 2] { _ = try await runDefault(scenario, out: dir.appendingPathComponent("j\(workers)").path, workers: workers) }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("j1").path)
            .filter { $0.hasPrefix("prediction_") || $0 == "districts.csv" }
        #expect(names.count == 12)
        for name in names {
            let a = try Data(contentsOf: dir.appendingPathComponent("j1/\(name)")), b = try Data(contentsOf: dir.appendingPathComponent("j2/\(name)"))
            #expect(a == b, "\(name)")
        }
    }

    /// Streamed in blocks of 5 rows (81 blocks at 250 m) on 1 and 2 workers, and in blocks of a tile row: every GeoTIFF holds,
    /// pixel for pixel, the whole-grid computation (``Prediction/compute``, extent and districts rasterised over the whole
    /// grid) with NaN written as −9999; the files are the same bytes in every case; the district figures and the
    /// population points' coverage equal the whole grid's.
    @Test func streamedBlocksEqualTheWholeGrid() async throws {
        let scenario = try lightScenario { $0.predictions = Self.predictions(resolution: 250) }
        let study = try await Study.load(scenario, workers: 2)
        let p = try #require(scenario.predictions)
        let bounds = study.districts.map(\.bounds).reduce(study.districts[0].bounds) { $0.union($1) }
        let grid = RasterGrid(covering: bounds, marginMeters: 2000, cellSizeMeters: 250, epsg: study.projection.epsg)
        let mask = try Prediction.extentMask(districts: study.districts, grid: grid, marginMeters: 2000)
        let whole = try await Prediction.compute(sites: study.sites, environments: study.siteEnvironments, radio: scenario.radio, settings: p.settings,
                                                 grid: grid, inExtent: mask, clutter: study.clutter, workers: 2)
        let expected = whole.districtStatistics(districtCount: study.districts.count,
                                                districtOfPixel: try Rasterize.polygonIndex(study.districts.map(\.polygons), grid: grid),
                                                population: study.population, settings: p.settings)
        #expect(grid.height > 300 && whole.covered.contains(true) && whole.rsrpDBm.contains(where: \.isNaN))
        func file(_ v: [Float]) -> [Double] { v.map { $0.isNaN ? -9999 : Double($0) } }
        let layers: [(String, [Double])] = [("rsrp_dbm", file(whole.rsrpDBm)), ("best_server", whole.bestServer.map(Double.init)),
                                            ("overlap", whole.overlap.map(Double.init)), ("path_loss_db", file(whole.pathLossDB)), ("sinr_db", file(whole.sinrDB))]
        var first: [String: Data] = [:]
        for (rows, workers) in [(5, 1), (5, 2), (256, 2)] {
            let run = try await PredictionRun.execute(study, p, environments: study.siteEnvironments, workers: workers, blockRows: rows)
            let label = "blocks of \(rows) rows, \(workers) workers"
            #expect(run.grid == grid && run.cells == whole.cells && run.districts == expected, "\(label)")
            #expect(run.pointCovered == (0..<study.population.count).map { c in
                grid.pixel(of: study.population.positions[c]).map { whole.covered[$0.row * grid.width + $0.col] } ?? false }, "\(label)")
            for (name, values) in layers {
                let path = run.files.path("prediction_\(name).tif")
                let back = try GeoTIFF.read(path: path)
                #expect(back.grid == grid && back.values == values, "\(name), \(label)")
                let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                if let a = first[name] { #expect(a == bytes, "\(name), \(label)") } else { first[name] = bytes }
            }
        }
    }

    /// A grid beyond the bound (2·10⁹ pixels) is refused before anything is computed, in one line: Quảng Trị at 2 m is
    /// about 48,600 × 50,400 pixels (2.4·10⁹; 1945 × 2014 at 50 m, by hand × 25 each way).
    @Test func hugeGridIsRefused() async throws {
        let m = await errorMessage { _ = try await execute(try lightScenario { $0.predictions = Self.predictions(resolution: 2) }) }
        #expect(m.contains("predictions.resolution_m = 2") && m.contains("choose a coarser resolution") && !m.contains("\n"), "\(m)")
    }

    /// Scenario keys: off unless enabled (and then absent from the recorded parameters), checked ranges, and
    /// SINR-defined coverage refused with the planner.
    @Test func scenarioKeys() async throws {
        let plain = try Scenario.load(path: defaultScenario)
        #expect(plain.predictions == nil)
        #expect(!plain.resolved.json.serialized().contains("predictions"))
        let on = try Scenario.load(path: repoPath("data/scenarios/quang-tri-2017-predictions.yaml"))
        #expect(on.predictions?.settings.cellSizeMeters == 50 && on.predictions?.layers.count == 5)
        let bad = tempFile("bad.yaml", "extends: \(repoPath("data/scenarios/quang-tri-2017.yaml"))\npredictions:\n  enabled: true\n  layers: [rsrp_dbm, snr]\n")
        let m = await errorMessage { _ = try Scenario.load(path: bad) }
        #expect(m.contains("bad.yaml:4") && m.contains("predictions.layers") && m.contains("sinr_db"), "\(m)")
        let planned = tempFile("plan.yaml", "extends: \(planScenario)\npredictions:\n  enabled: true\n  coverage_requires_sinr: true\n")
        let p = await errorMessage { _ = try Scenario.load(path: planned) }
        #expect(p.contains("coverage_requires_sinr") && p.contains("planner"), "\(p)")
    }
}
