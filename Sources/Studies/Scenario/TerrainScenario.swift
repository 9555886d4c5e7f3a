import Coverage
import Foundation

/// The `terrain:` section of a scenario: where the elevation data are and how footprints use them.
/// Without the section coverage is computed over flat earth, exactly as before.
///
/// Like the planner section, the section is optional as a whole, so its technical keys have
/// defaults here (``Defaults``), listed with their sources in the README ("Terrain"); only `dem`
/// must be given. Paths are relative to the file that names them.
package struct TerrainScenario: Sendable {
    /// A folder of SRTM `.hgt` / ESRI `.asc` tiles, or one such file.
    var demPath: String
    var settings: TerrainSettings

    enum Defaults {
        /// ITM wherever no `models` rule matches.
        static let model = TerrainModel.itm
        /// The same angular resolution as the flat footprints' default `radio.bearing_step_deg`.
        static let radialStepDegrees = 1.0
        /// k = 4/3, the standard-atmosphere effective earth radius factor (ITU-R P.452, P.526 §1).
        static let effectiveEarthRadiusFactor = 4.0 / 3.0
        /// Principal edge plus one on each side: classic Deygout (1966).
        static let maxEdges = 3
        /// Five 3″ samples or sixteen 1″ ones: longer gaps are missing data, not noise.
        static let voidFillMaxMeters = 500.0
        /// The default population cell (200 m): coverage is decided on the local median loss over
        /// ±100 m along the radial (7 samples of 1″, 3 of 3″), as the shadow margin expects.
        static let medianWindowMeters = 200.0
        /// TN101 climate 3 (maritime subtropical: monsoon coasts 20–40° from the equator and the
        /// coastal tropics), the closest of ITM's seven to central Viet Nam's coast; the choice matters
        /// little at 50 % of time over paths under 100 km.
        static let climate = ITM.Climate.maritimeSubtropical
        /// 301 N-units at sea level: the standard value used with ITM (NTIA, SPLAT!), which gives
        /// ITM's effective earth radius ≈ 4/3 of the actual one at sea level.
        static let refractivityN0 = 301.0
        /// "Average ground" (ITM/SPLAT! tables): ε_r = 15, σ = 0.005 S/m.
        static let epsilon = 15.0
        static let sigma = 0.005
        /// Base-station antennas for LTE are cross-polarised (±45°); vertical is ITM's usual choice
        /// for mobile services.
        static let polarization = ITM.Polarization.vertical
        /// Mobile mode with location variability removed (12): the link budget already holds the
        /// shadow margin σ·Φ⁻¹(p), so ITM should give the median.
        static let mdvar = 12
        /// Medians (50 % of time, locations, situations), as the link budget expects.
        static let timePercent = 50.0
        static let locationPercent = 50.0
        static let situationPercent = 50.0
    }

    static let keys = ["dem", "model", "models", "radial_step_deg", "sample_spacing_m", "k_factor", "max_edges",
                       "void_fill_max_m", "median_window_m", "itm"]
    static let itmKeys = ["climate", "refractivity_n0", "epsilon", "sigma_s_per_m", "polarization", "mdvar",
                          "time_pct", "location_pct", "situation_pct"]
    /// Scenario spellings of ITM's radio climates, in NTIA's order (1…7).
    package static let climateNames = ["equatorial", "continental-subtropical", "maritime-subtropical", "desert",
                               "continental-temperate", "maritime-temperate-land", "maritime-temperate-sea"]

    /// Reads the `terrain:` mapping; nil when the scenario has none.
    /// - Throws: `SimError.input` naming file, line and key for unknown keys, a missing `dem`, an
    ///   unknown model or climate, or a value out of range.
    static func decode(_ node: YNode?, file: String) throws -> TerrainScenario? {
        guard let node else { return nil }
        if case .null = node.value { return nil }
        let m = try YMap(node, context: "terrain", allowed: keys)
        guard let dem = try m.path("dem") else {
            throw SimError.input("\(file): missing key 'terrain.dem' (a folder of SRTM .hgt / ESRI .asc tiles, or one such file)")
        }
        func model(_ map: YMap, _ key: String) throws -> TerrainModel? {
            guard let name = try map.optionalString(key) else { return nil }
            guard let parsed = TerrainModel(rawValue: name) else {
                throw SimError.input("\(map.child(key)!.place): terrain model '\(name)' must be one of \(TerrainModel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return parsed
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
        rules.append(TerrainModelRule(environment: nil, model: try model(m, "model") ?? Defaults.model))

        let i = try m.map("itm", allowed: itmKeys)
        var climate = Defaults.climate
        if let name = try i.optionalString("climate") {
            guard let index = climateNames.firstIndex(of: name), let c = ITM.Climate(rawValue: index + 1) else {
                throw SimError.input("\(i.child("climate")!.place): terrain.itm.climate '\(name)' must be one of \(climateNames.joined(separator: ", "))")
            }
            climate = c
        }
        var polarization = Defaults.polarization
        if let name = try i.optionalString("polarization") {
            switch name {
            case "horizontal": polarization = .horizontal
            case "vertical": polarization = .vertical
            default: throw SimError.input("\(i.child("polarization")!.place): terrain.itm.polarization '\(name)' must be horizontal or vertical")
            }
        }
        let mdvarCode = try i.optionalInt("mdvar", range: 0...33) ?? Defaults.mdvar
        let mdvar: ITM.ModeOfVariability
        do { mdvar = try ITM.ModeOfVariability(mdvar: mdvarCode) } catch {
            throw SimError.input("\(i.child("mdvar")?.place ?? file): terrain.itm.mdvar = \(mdvarCode) must be 0…3 plus 10 (no location variability) and/or 20 (no situation variability)")
        }
        let open = 1e-9...(100 - 1e-9)
        let itm = ITM.Parameters(
            climate: climate, seaLevelRefractivityNUnits: try i.optionalDouble("refractivity_n0", range: 250...400) ?? Defaults.refractivityN0,
            polarization: polarization, epsilon: try i.optionalDouble("epsilon", range: 1...100) ?? Defaults.epsilon,
            sigma: try i.optionalDouble("sigma_s_per_m", range: 1e-6...100) ?? Defaults.sigma, mdvar: mdvar,
            timePercent: try i.optionalDouble("time_pct", range: open) ?? Defaults.timePercent,
            locationPercent: try i.optionalDouble("location_pct", range: open) ?? Defaults.locationPercent,
            situationPercent: try i.optionalDouble("situation_pct", range: open) ?? Defaults.situationPercent)
        let maxEdges = try m.optionalInt("max_edges", range: 1...63) ?? Defaults.maxEdges
        let settings = TerrainSettings(
            modelRules: rules, radialStepDegrees: try m.optionalDouble("radial_step_deg", range: 0.1...45) ?? Defaults.radialStepDegrees,
            sampleSpacingMeters: try m.optionalDouble("sample_spacing_m", range: 1...1000),
            effectiveEarthRadiusFactor: try m.optionalDouble("k_factor", range: 0.5...10) ?? Defaults.effectiveEarthRadiusFactor,
            maxEdges: maxEdges, voidFillMaxMeters: try m.optionalDouble("void_fill_max_m", range: 0...100_000) ?? Defaults.voidFillMaxMeters,
            medianWindowMeters: try m.optionalDouble("median_window_m", range: 0...10_000) ?? Defaults.medianWindowMeters,
            itm: itm)
        return TerrainScenario(demPath: dem, settings: settings)
    }
}
