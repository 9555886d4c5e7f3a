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

    /// A grid too large to hold is refused before anything is computed (Quảng Trị at 5 m: 19,450 × 20,140 pixels).
    @Test func hugeGridIsRefused() async throws {
        let m = await errorMessage { _ = try await execute(try lightScenario { $0.predictions = Self.predictions(resolution: 5) }) }
        #expect(m.contains("predictions.resolution_m = 5") && m.contains("choose a coarser resolution"), "\(m)")
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
