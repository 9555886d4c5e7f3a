import Coverage
import Foundation

/// The `calibration:` section of a scenario: the filters and fitting rules of `sim calibrate`
/// (``CalibrationSettings``; every key has its default in data/scenarios/defaults.yaml, sources in the README,
/// "Calibration"). Each key is overridden by the command-line flag of the same name. The section only
/// configures `sim calibrate`: `sim run` ignores it and does not record it among the parameters used.
package enum CalibrationScenario {
    static let keys = ["min_distance_m", "max_distance_m", "min_rsrp_dbm", "floor_margin_db", "bin_m", "min_bins", "min_cell_bins",
                       "folds", "max_back_attenuation_db"]

    /// Reads the `calibration:` mapping over ``CalibrationSettings``' values (a key left out keeps its value there).
    /// - Throws: `SimError.input` naming file, line and key for an unknown key or a value out of range, and for
    ///   `min_distance_m` not below `max_distance_m`.
    static func decode(_ node: YNode?, file: String) throws -> CalibrationSettings {
        var s = CalibrationSettings()
        guard let node else { return s }
        if case .null = node.value { return s }
        let m = try YMap(node, context: "calibration", allowed: keys)
        s.minDistanceMeters = try m.optionalDouble("min_distance_m", range: 0...100_000) ?? s.minDistanceMeters
        s.maxDistanceMeters = try m.optionalDouble("max_distance_m", range: 1...200_000) ?? s.maxDistanceMeters
        s.minRSRPDBm = try m.optionalDouble("min_rsrp_dbm", range: -150 ... -30) ?? s.minRSRPDBm
        s.floorMarginDB = try m.optionalDouble("floor_margin_db", range: 0...60) ?? s.floorMarginDB
        s.binMeters = try m.optionalDouble("bin_m", range: 1...10_000) ?? s.binMeters
        s.minBinsPerClass = try m.optionalInt("min_bins", range: 3...1_000_000) ?? s.minBinsPerClass
        s.minBinsPerCell = try m.optionalInt("min_cell_bins", range: 1...1_000_000) ?? s.minBinsPerCell
        s.folds = try m.optionalInt("folds", range: 2...100) ?? s.folds
        s.maxBackAttenuationDB = try m.optionalDouble("max_back_attenuation_db", range: 0...100) ?? s.maxBackAttenuationDB
        guard s.minDistanceMeters < s.maxDistanceMeters else {
            throw SimError.input("\(m.child("min_distance_m")?.place ?? file): calibration.min_distance_m \(JSONValue.format(s.minDistanceMeters)) must be below calibration.max_distance_m \(JSONValue.format(s.maxDistanceMeters))")
        }
        return s
    }
}

/// The `calibration_result:` section `sim calibrate` writes into calibrated.yaml: what the scenario's model
/// corrections were fitted on and how well they fit. The run report's "what these figures rest on" box and
/// summary.json (among the parameters used) carry it.
package struct CalibrationRecord: Sendable, Equatable {
    /// The measurement file's name (no folder).
    package var measurements: String
    /// Kept bins the fit used.
    package var bins: Int
    /// RMSE of measured − predicted over the bins before and after calibration, dB.
    package var rmseBeforeDB: Double
    package var rmseAfterDB: Double
    /// Cross-validated RMSE (by route), dB; nil when it could not run.
    package var rmseCrossValidatedDB: Double?
    /// Standard deviation of the residuals after calibration (what `radio.shadow_sigma_db` should use), dB.
    package var stdAfterDB: Double

    package init(measurements: String, bins: Int, rmseBeforeDB: Double, rmseAfterDB: Double, rmseCrossValidatedDB: Double?, stdAfterDB: Double) {
        self.measurements = measurements; self.bins = bins; self.rmseBeforeDB = rmseBeforeDB; self.rmseAfterDB = rmseAfterDB
        self.rmseCrossValidatedDB = rmseCrossValidatedDB; self.stdAfterDB = stdAfterDB
    }

    static let keys = ["measurements", "bins", "rmse_before_db", "rmse_after_db", "rmse_cv_db", "std_after_db"]

    /// Reads the `calibration_result:` mapping; nil when absent.
    /// - Throws: `SimError.input` naming file, line and key for an unknown or missing key or a value out of range.
    static func decode(_ node: YNode?) throws -> CalibrationRecord? {
        guard let node else { return nil }
        if case .null = node.value { return nil }
        let m = try YMap(node, context: "calibration_result", allowed: keys)
        return CalibrationRecord(measurements: try m.string("measurements"), bins: try m.int("bins", range: 1...100_000_000),
                                 rmseBeforeDB: try m.double("rmse_before_db", range: 0...200), rmseAfterDB: try m.double("rmse_after_db", range: 0...200),
                                 rmseCrossValidatedDB: try m.optionalDouble("rmse_cv_db", range: 0...200),
                                 stdAfterDB: try m.double("std_after_db", range: 0...200))
    }
}
