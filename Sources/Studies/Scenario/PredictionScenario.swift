import Coverage
import Foundation

/// The `predictions:` section of a scenario: prediction rasters (RSRP, best server, overlap, path loss,
/// SINR) as GeoTIFFs, and per-district figures read off them. On when `enabled: true`; every key has its
/// default in data/scenarios/defaults.yaml (sources in the README, "Prediction rasters").
package struct PredictionScenario: Sendable {
    /// The rasters a run can write, by file stem.
    package enum Layer: String, CaseIterable, Sendable {
        case rsrp = "rsrp_dbm", bestServer = "best_server", overlap, pathLoss = "path_loss_db", sinr = "sinr_db"
    }

    var settings: PredictionSettings
    var layers: [Layer]

    static let keys = ["enabled", "resolution_m", "margin_m", "floor_dbm", "overlap_margin_db", "load_factor", "noise_figure_db",
                       "sinr_threshold_db", "coverage_requires_sinr", "rsrp_bands_dbm", "layers"]

    /// Reads the `predictions:` mapping; nil when it is absent or not enabled.
    /// - Throws: `SimError.input` naming file, line and key for an unknown key, a value out of range or an unknown layer.
    static func decode(_ node: YNode?, file: String) throws -> PredictionScenario? {
        guard let node else { return nil }
        if case .null = node.value { return nil }
        let m = try YMap(node, context: "predictions", allowed: keys)
        guard m.has("enabled") ? try m.bool("enabled") : false else { return nil }
        var bands: [Double] = []
        for item in try m.list("rsrp_bands_dbm") {
            guard case .scalar(let s) = item.value, let v = Double(s), v >= -160, v <= -20 else {
                throw SimError.input("\(item.place): predictions.rsrp_bands_dbm must list RSRP levels in dBm between -160 and -20")
            }
            bands.append(v)
        }
        var layers: [Layer] = []
        for item in try m.list("layers") {
            guard case .scalar(let s) = item.value, let layer = Layer(rawValue: s) else {
                throw SimError.input("\(item.place): predictions.layers: each layer must be one of \(Layer.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !layers.contains(layer) { layers.append(layer) }
        }
        let settings = PredictionSettings(
            cellSizeMeters: try m.double("resolution_m", range: 5...5000), marginMeters: try m.double("margin_m", range: 0...100_000),
            floorDBm: try m.double("floor_dbm", range: -200 ... -40), overlapMarginDB: try m.double("overlap_margin_db", range: 0...40),
            loadFactor: try m.double("load_factor", range: 0...1), noiseFigureDB: try m.double("noise_figure_db", range: 0...30),
            sinrThresholdDB: try m.double("sinr_threshold_db", range: -30...50),
            coverageRequiresSINR: try m.bool("coverage_requires_sinr"), rsrpBandsDBm: bands)
        return PredictionScenario(settings: settings, layers: layers)
    }
}
