import Coverage
import Foundation

/// The `clutter:` section of a scenario: where the receiver's environment (the model rule) and clutter
/// loss come from, per place (README "Clutter"). Defaults in data/scenarios/defaults.yaml.
package struct ClutterScenario: Sendable {
    package enum Source: String, CaseIterable, Sendable {
        /// Classes from the population surface's density (urban / suburban / the fallback).
        case density
        /// Classes from `inputs.clutter`, a land-cover raster, through `classes`.
        case raster
        /// The environment of each site's district (`environments:`) wherever the site reaches: the behaviour
        /// before clutter, kept for comparison.
        case districts
    }

    package var source: Source
    /// Pixel side of the clutter grid (m); nil = the population cell (density) or 50 m (raster).
    var resolutionMeters: Double?
    /// Margin around the districts the raster is read over (m); beyond it, the fallback class.
    var marginMeters: Double
    var thresholds: ClutterMap.DensityThresholds
    /// Environment and loss where the map has no data (and of thinly peopled land, with `density`).
    var fallback: ClutterMap.Class
    /// Class table of a raster (default: ESA WorldCover).
    var classes: [ClutterMap.Class]

    static let keys = ["source", "resolution_m", "margin_m", "urban_density_per_km2", "suburban_density_per_km2",
                       "fallback_environment", "fallback_loss_db", "classes"]

    /// Reads the `clutter:` mapping. Without a `source`, `raster` when `inputs.clutter` is given, else `density`.
    /// - Throws: `SimError.input` naming file, line and key for an unknown key, a value out of range, an unknown
    ///   environment or source, a repeated class code, or a source that does not match `inputs.clutter`.
    static func decode(_ m: YMap, file: String, rasterGiven: Bool) throws -> ClutterScenario {
        let source: Source
        if let s = try m.optionalString("source") {
            guard let parsed = Source(rawValue: s) else {
                throw SimError.input("\(m.child("source")!.place): clutter.source '\(s)' must be one of \(Source.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            source = parsed
        } else {
            source = rasterGiven ? .raster : .density
        }
        if source == .raster, !rasterGiven { throw SimError.input("\(file): clutter.source is raster but inputs.clutter (a land-cover GeoTIFF) is missing") }
        if source != .raster, rasterGiven { throw SimError.input("\(file): inputs.clutter is given but clutter.source is \(source.rawValue); set clutter.source: raster or drop inputs.clutter") }

        func environment(_ key: String, in map: YMap, context: String) throws -> Environment {
            let e = try map.string(key)
            guard let env = Environment(rawValue: e) else {
                throw SimError.input("\(map.child(key)!.place): \(context).\(key) '\(e)' must be one of \(Environment.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return env
        }
        let fallbackEnv = m.has("fallback_environment") ? try environment("fallback_environment", in: m, context: "clutter") : .rural
        let fallbackLoss = try m.optionalDouble("fallback_loss_db", range: 0...100) ?? 0
        var classes: [ClutterMap.Class] = ClutterMap.worldCoverClasses
        if m.has("classes") {
            classes = []
            for (i, item) in try m.list("classes").enumerated() {
                let c = try YMap(item, context: "clutter.classes[\(i)]", allowed: ["code", "name", "environment", "loss_db"])
                let code = try c.int("code", range: 0...65_535)
                if classes.contains(where: { $0.code == code }) { throw SimError.input("\(item.place): clutter.classes lists code \(code) twice") }
                classes.append(ClutterMap.Class(code: code, name: try c.optionalString("name") ?? "class \(code)",
                                                environment: try environment("environment", in: c, context: "clutter.classes[\(i)]"),
                                                lossDB: try c.optionalDouble("loss_db", range: 0...100) ?? 0))
            }
            if classes.isEmpty { throw SimError.input("\(m.child("classes")!.place): clutter.classes is empty; list {code, environment} per land class") }
            if classes.count > 254 { throw SimError.input("\(m.child("classes")!.place): clutter.classes has \(classes.count) classes; at most 254") }
        }
        let thresholds = ClutterMap.DensityThresholds(urbanPerKm2: try m.optionalDouble("urban_density_per_km2", range: 1...1e6) ?? 1500,
                                                      suburbanPerKm2: try m.optionalDouble("suburban_density_per_km2", range: 1...1e6) ?? 300)
        guard thresholds.urbanPerKm2 > thresholds.suburbanPerKm2 else {
            throw SimError.input("\(file): clutter.urban_density_per_km2 (\(JSONValue.format(thresholds.urbanPerKm2))) must exceed clutter.suburban_density_per_km2 (\(JSONValue.format(thresholds.suburbanPerKm2)))")
        }
        let fallbackName = source == .density ? "\(fallbackEnv.rawValue) (< \(JSONValue.format(thresholds.suburbanPerKm2)) /km²)" : "no data (\(fallbackEnv.rawValue))"
        return ClutterScenario(source: source, resolutionMeters: try m.optionalDouble("resolution_m", range: 5...5000),
                               marginMeters: try m.optionalDouble("margin_m", range: 0...200_000) ?? 20_000, thresholds: thresholds,
                               fallback: ClutterMap.Class(code: -1, name: fallbackName, environment: fallbackEnv, lossDB: fallbackLoss),
                               classes: classes)
    }

    /// The environments a run with this section can use (each needs model rules for the bands in use).
    var environmentsUsed: [Environment] {
        switch source {
        case .districts: return []
        case .density: return [fallback.environment, .suburban, .urban]
        case .raster: return classes.map(\.environment) + [fallback.environment]
        }
    }
}
