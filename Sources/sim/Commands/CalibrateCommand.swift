import ArgumentParser
import Coverage
import Foundation
import Studies

struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Tune the scenario's path-loss models to drive-test measurements (offset and distance slope per model rule).",
        discussion: """
        Measurements: CSV lon,lat,rsrp_dbm,cell_id[,route] (WGS 84, dBm, the serving cell's id as in the scenario).
        Writes calibration.csv, calibration.json, residuals.geojson, calibration.html and calibrated.yaml (a scenario that extends the calibrated one) into --out.
        Method and sources: README "Calibration". Example:
          sim generate drivetest data/scenarios/quang-tri-2017.yaml --seed 1 --offset-db 6 --slope-db-per-decade -5 --environment rural --output dt.csv
          sim calibrate data/scenarios/quang-tri-2017.yaml --measurements dt.csv --out calib
        """
    )

    @Argument(help: "Scenario whose sites and models are calibrated.") var scenario: String
    @Option(help: "Measurement CSV: lon,lat,rsrp_dbm,cell_id[,route].") var measurements: String
    @Option(help: "Output folder (replaced only if sim wrote it).") var out: String
    @Option(help: "Drop samples nearer their cell than this (m).") var minDistanceM: Double = 100
    @Option(help: "Drop samples farther from their cell than this (m).") var maxDistanceM: Double = 20_000
    @Option(parsing: .unconditional, help: "Drop samples measured below this RSRP (dBm).") var minRsrpDbm: Double = -130
    @Option(help: "Drop samples whose predicted RSRP is less than this above --min-rsrp-dbm (dB; 0 = off).") var floorMarginDb: Double = 0
    @Option(help: "Bin side (m): samples of one route and cell in a bin are averaged in dB.") var binM: Double = 50
    @Option(help: "A model rule with fewer bins is left untuned.") var minBins: Int = 30
    @Option(help: "Cross-validation folds (by route, else by blocks of the file).") var folds: Int = 5

    func run() async throws {
        try await reportingErrors {
            var settings = CalibrationSettings()
            guard minDistanceM >= 0, maxDistanceM > minDistanceM else { throw SimError.input("--min-distance-m \(minDistanceM) / --max-distance-m \(maxDistanceM): give 0 ≤ min < max") }
            guard binM > 0, binM.isFinite else { throw SimError.input("--bin-m \(binM): give a positive bin side in metres") }
            guard minBins >= 3 else { throw SimError.input("--min-bins \(minBins): give at least 3") }
            guard folds >= 2 else { throw SimError.input("--folds \(folds): give at least 2") }
            settings.minDistanceMeters = minDistanceM; settings.maxDistanceMeters = maxDistanceM; settings.minRSRPDBm = minRsrpDbm
            guard floorMarginDb >= 0, floorMarginDb <= 60 else { throw SimError.input("--floor-margin-db \(floorMarginDb): give 0 to 60 dB") }
            settings.binMeters = binM; settings.minBinsPerClass = minBins; settings.folds = folds; settings.floorMarginDB = floorMarginDb
            let s = try Scenario.load(path: scenario)
            let study = try await Study.load(s, workers: Parallel.defaultWorkers)
            warn(study.warnings)
            let projector = try Projector(study.projection)
            let samples = try Calibration.readMeasurements(measurements, projector: projector)
            let envs = study.siteEnvironments
            let result = try Calibration.run(samples, sites: study.sites, environments: envs, radio: s.radio, settings: settings, clutter: study.clutter)
            let unknown = result.points.filter { $0.dropped == "unknown_cell" }
            if let first = unknown.first {
                warn(["\(measurements):\(first.measurement.line): cell_id '\(first.measurement.cellID)' is not a \(s.radio.technology.rawValue) cell of the scenario; \(unknown.count) such samples dropped"])
            }
            try Calibration.writeOutputs(result, to: out, scenarioPath: scenario, measurementsPath: measurements,
                                         rules: s.radio.modelRules, inputs: s.inputPaths + [measurements])
            func f(_ d: Double?) -> String { d.map { String(format: "%.2f", $0) } ?? "–" }
            print("\(result.points.count) samples, \(result.points.filter { $0.dropped == nil }.count) kept in \(result.bins.count) bins")
            for c in result.classes where c.bins > 0 {
                print("  \(c.label): \(c.bins) bins, " + (c.tuned
                    ? "offset \(f(c.delta.offsetDB)) dB, slope \(f(c.delta.slopeDBPerDecade)) dB/decade, RMSE \(f(c.before.rmseDB)) → \(f(c.after.rmseDB)) dB"
                    : "untuned (\(c.note ?? ""))"))
            }
            print("overall RMSE \(f(result.before.rmseDB)) → \(f(result.after.rmseDB)) dB, cross-validated \(f(result.crossValidatedRMSEDB)) dB; "
                  + "remaining σ \(f(result.after.stdDB)) dB (radio.shadow_sigma_db \(f(result.shadowSigmaDB)))")
            print("wrote \(out)/calibration.csv, calibration.json, residuals.geojson, calibration.html, calibrated.yaml")
        }
    }
}
