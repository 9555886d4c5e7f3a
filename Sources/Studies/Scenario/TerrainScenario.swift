import Coverage
import Foundation

/// The `terrain:` section of a scenario: where the elevation data are and how footprints use them.
/// Without the section coverage is computed over flat earth, exactly as before.
///
/// Terrain is on when `terrain.dem` is set. Every other key has its default in
/// data/scenarios/defaults.yaml (sources there and in the README, "Terrain"); a scenario that sets
/// terrain keys but no `dem` is an error. Paths are relative to the file that names them.
package struct TerrainScenario: Sendable {
    /// A folder of SRTM `.hgt` / ESRI `.asc` tiles, or one such file.
    var demPath: String
    var settings: TerrainSettings

    static let keys = ["dem", "model", "models", "radial_step_deg", "sample_spacing_m", "k_factor", "max_edges",
                       "void_fill_max_m", "median_window_m", "itm"]
    static let itmKeys = ["climate", "refractivity_n0", "epsilon", "sigma_s_per_m", "polarization", "mdvar",
                          "time_pct", "location_pct", "situation_pct"]
    /// Scenario spellings of ITM's radio climates, in NTIA's order (1…7).
    package static let climateNames = ["equatorial", "continental-subtropical", "maritime-subtropical", "desert",
                               "continental-temperate", "maritime-temperate-land", "maritime-temperate-sea"]

    /// Reads the `terrain:` mapping; nil when it has no `dem` (flat earth).
    /// - Parameter ownFile: the scenario's own file: terrain keys set there without a `dem` are an error
    ///   (keys from the files it extends, such as defaults.yaml, are settings waiting for a DEM).
    /// - Throws: `SimError.input` naming file, line and key for unknown keys, a missing `dem`, an
    ///   unknown model or climate, or a value out of range.
    static func decode(_ node: YNode?, file: String) throws -> TerrainScenario? {
        guard let node else { return nil }
        if case .null = node.value { return nil }
        let m = try YMap(node, context: "terrain", allowed: keys)
        guard let dem = try m.path("dem") else {
            if m.entries.contains(where: { $0.value.file == file }) {
                throw SimError.input("\(file): missing key 'terrain.dem' (a folder of SRTM .hgt / ESRI .asc tiles, or one such file)")
            }
            return nil
        }
        func model(_ map: YMap, _ key: String) throws -> TerrainModel? {
            guard let name = try map.optionalString(key) else { return nil }
            guard let parsed = TerrainModel(rawValue: name) else {
                throw SimError.input("\(map.child(key)!.place): terrain model '\(name)' must be one of \(TerrainModel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return parsed
        }
        func requiredModel(_ map: YMap, _ key: String) throws -> TerrainModel {
            guard let m = try model(map, key) else { throw SimError.input("\(file): missing key 'terrain.\(key)' (\(TerrainModel.allCases.map(\.rawValue).joined(separator: " or ")))") }
            return m
        }
        var rules: [TerrainModelRule] = []
        for (i, item) in try m.list("models").enumerated() {
            let r = try YMap(item, context: "terrain.models[\(i)]", allowed: ["environment", "min_band_mhz", "max_band_mhz", "model"])
            var env: Environment? = nil
            if let e = try r.optionalString("environment") {
                guard let parsed = Environment(rawValue: e) else { throw SimError.input("\(item.place): environment '\(e)' must be one of urban, suburban, rural") }
                env = parsed
            }
            guard let chosen = try model(r, "model") else { throw SimError.input("\(item.place): terrain.models[\(i)] needs a 'model' (\(TerrainModel.allCases.map(\.rawValue).joined(separator: " or ")))") }
            rules.append(TerrainModelRule(environment: env, minBandMHz: try r.optionalDouble("min_band_mhz", range: 0...1e6),
                                          maxBandMHz: try r.optionalDouble("max_band_mhz", range: 0...1e6), model: chosen))
        }
        rules.append(TerrainModelRule(environment: nil, model: try requiredModel(m, "model")))

        let i = try m.map("itm", allowed: itmKeys)
        let climate: ITM.Climate
        do {
            let name = try i.string("climate")
            guard let index = climateNames.firstIndex(of: name), let c = ITM.Climate(rawValue: index + 1) else {
                throw SimError.input("\(i.child("climate")!.place): terrain.itm.climate '\(name)' must be one of \(climateNames.joined(separator: ", "))")
            }
            climate = c
        }
        let polarization: ITM.Polarization
        do {
            let name = try i.string("polarization")
            switch name {
            case "horizontal": polarization = .horizontal
            case "vertical": polarization = .vertical
            default: throw SimError.input("\(i.child("polarization")!.place): terrain.itm.polarization '\(name)' must be horizontal or vertical")
            }
        }
        let mdvarCode = try i.int("mdvar", range: 0...33)
        let mdvar: ITM.ModeOfVariability
        do { mdvar = try ITM.ModeOfVariability(mdvar: mdvarCode) } catch {
            throw SimError.input("\(i.child("mdvar")?.place ?? file): terrain.itm.mdvar = \(mdvarCode) must be 0…3 plus 10 (no location variability) and/or 20 (no situation variability)")
        }
        let open = 1e-9...(100 - 1e-9)
        let itm = ITM.Parameters(
            climate: climate, seaLevelRefractivityNUnits: try i.double("refractivity_n0", range: 250...400),
            polarization: polarization, epsilon: try i.double("epsilon", range: 1...100),
            sigma: try i.double("sigma_s_per_m", range: 1e-6...100), mdvar: mdvar,
            timePercent: try i.double("time_pct", range: open),
            locationPercent: try i.double("location_pct", range: open),
            situationPercent: try i.double("situation_pct", range: open))
        let maxEdges = try m.int("max_edges", range: 1...63)
        let settings = TerrainSettings(
            modelRules: rules, radialStepDegrees: try m.double("radial_step_deg", range: 0.1...45),
            sampleSpacingMeters: try m.optionalDouble("sample_spacing_m", range: 1...1000),
            effectiveEarthRadiusFactor: try m.double("k_factor", range: 0.5...10),
            maxEdges: maxEdges, voidFillMaxMeters: try m.double("void_fill_max_m", range: 0...100_000),
            medianWindowMeters: try m.double("median_window_m", range: 0...10_000),
            itm: itm)
        return TerrainScenario(demPath: dem, settings: settings)
    }
}
