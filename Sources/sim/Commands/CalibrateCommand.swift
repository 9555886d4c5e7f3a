import ArgumentParser
import Coverage
import Foundation
import Studies

struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Tune the scenario's path-loss models to drive-test measurements (offset and distance slope per model rule).",
        discussion: """
        Measurements: a CSV/Excel table lon,lat,rsrp_dbm,cell_id[,route] or any GIS point layer (WGS 84, dBm; the serving cell's id as in the scenario, or pci and earfcn).
        Filters: the scenario's calibration: section (defaults.yaml), each overridden by its flag.
        Writes calibration.csv, calibration.json, residuals.geojson, calibration.html and calibrated.yaml (a scenario that extends the calibrated one) into --out.
        Method and sources: README "Calibration". Example:
          sim generate drivetest data/scenarios/quang-tri-2017.yaml --seed 1 --offset-db 6 --slope-db-per-decade -5 --environment rural --output dt.csv
          sim calibrate data/scenarios/quang-tri-2017.yaml --measurements dt.csv --out calib
        """
    )

    @Argument(help: "Scenario whose sites and models are calibrated.") var scenario: String
    @Option(help: "Measurements: a CSV or Excel table lon,lat,rsrp_dbm,cell_id[,route] (or pci,earfcn for cell_id), or a GIS point layer (GeoPackage, GeoJSON, …) with those fields.") var measurements: String
    @Option(help: "Output folder (replaced only if sim wrote it).") var out: String
    @Option(help: "Drop samples nearer their cell than this (m; scenario calibration.min_distance_m, default 100).") var minDistanceM: Double?
    @Option(help: "Drop samples farther from their cell than this (m; calibration.max_distance_m, default 20000).") var maxDistanceM: Double?
    @Option(parsing: .unconditional, help: "Drop samples measured below this RSRP (dBm; calibration.min_rsrp_dbm, default -130).") var minRsrpDbm: Double?
    @Option(help: "Drop samples whose predicted RSRP is less than this above the RSRP floor (dB; 0 = off; calibration.floor_margin_db).") var floorMarginDb: Double?
    @Option(help: "Bin side (m): samples of one route and cell in a bin are averaged in dB (calibration.bin_m, default 50).") var binM: Double?
    @Option(help: "A model rule with fewer bins is left untuned (calibration.min_bins, default 30).") var minBins: Int?
    @Option(help: "Cross-validation folds, by route, else by blocks of the file (calibration.folds, default 5).") var folds: Int?
    @Option(help: "Drop samples toward which the serving cell's horizontal pattern attenuates more than this (dB; calibration.max_back_attenuation_db, default 20).") var maxBackAttenuationDb: Double?

    /// The scenario's `calibration:` settings with the flags given on the command line put over them.
    /// - Throws: `SimError.input` naming the flag (or the pair) for a value out of range.
    func settings(over base: CalibrationSettings) throws -> CalibrationSettings {
        var settings = base
        if let v = minDistanceM { settings.minDistanceMeters = v }
        if let v = maxDistanceM { settings.maxDistanceMeters = v }
        guard settings.minDistanceMeters >= 0, settings.maxDistanceMeters > settings.minDistanceMeters else {
            throw SimError.input("--min-distance-m \(JSONValue.format(settings.minDistanceMeters)) / --max-distance-m \(JSONValue.format(settings.maxDistanceMeters)): give 0 ≤ min < max")
        }
        if let v = minRsrpDbm {
            guard (-150 ... -30).contains(v) else { throw SimError.input("--min-rsrp-dbm \(JSONValue.format(v)): give -150 to -30 dBm") }
            settings.minRSRPDBm = v
        }
        if let v = binM {
            guard v > 0, v.isFinite else { throw SimError.input("--bin-m \(v): give a positive bin side in metres") }
            settings.binMeters = v
        }
        if let v = minBins {
            guard v >= 3 else { throw SimError.input("--min-bins \(v): give at least 3") }
            settings.minBinsPerClass = v
        }
        if let v = folds {
            guard v >= 2 else { throw SimError.input("--folds \(v): give at least 2") }
            settings.folds = v
        }
        if let v = floorMarginDb {
            guard v >= 0, v <= 60 else { throw SimError.input("--floor-margin-db \(v): give 0 to 60 dB") }
            settings.floorMarginDB = v
        }
        if let v = maxBackAttenuationDb {
            guard v >= 0, v <= 100 else { throw SimError.input("--max-back-attenuation-db \(v): give 0 to 100 dB") }
            settings.maxBackAttenuationDB = v
        }
        return settings
    }

    func run() async throws {
        try await reportingErrors {
            let s = try Scenario.load(path: scenario)
            let settings = try settings(over: s.calibration)
            let study = try await Study.load(s, workers: Parallel.defaultWorkers)
            warn(study.warnings)
            let projector = try Projector(study.projection)
            let samples = try Calibration.readMeasurements(measurements, projector: projector)
            let envs = study.siteEnvironments
            let result = try Calibration.run(samples, sites: study.sites, environments: envs, radio: s.radio, settings: settings, clutter: study.clutter,
                                             districts: study.districts.map(\.polygons))
            for (why, what) in [("outside_districts", "lies outside the scenario's districts"),
                                ("unknown_cell", "names a serving cell the scenario does not have"),
                                ("ambiguous_cell", "names by PCI and EARFCN more than one cell of the scenario")] {
                let dropped = result.points.filter { $0.dropped == why }
                guard let first = dropped.first?.measurement else { continue }
                let named = why == "outside_districts" ? "the sample (lon \(JSONValue.format(first.lon)), lat \(JSONValue.format(first.lat)))"
                    : first.cellID.isEmpty ? "pci \(first.pci.map(String.init) ?? "") earfcn \(first.earfcn.map(String.init) ?? "")" : "cell_id '\(first.cellID)'"
                let cells = why == "outside_districts" ? "" : " (\(s.radio.technology.rawValue) cells)"
                warn(["\(first.place.isEmpty ? measurements : first.place): \(named) \(what)\(cells); \(dropped.count) such samples dropped (\(why))"])
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
