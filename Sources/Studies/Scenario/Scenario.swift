import Coverage
import Foundation

/// A scenario file, fully resolved: every key checked, every path absolute, no defaults in code
/// (they live in data/scenarios/defaults.yaml, which scenarios extend).
package struct Scenario: Sendable {
    package struct Inputs: Sendable {
        var districts: String
        /// The site list (one row per site; the shorthand of cells); nil when only `cells` is given.
        package var sites: String?
        /// The cell list (one row per cell: Atoll and vendor exports, README "Cells").
        package var cells: String?
        /// Folder of antenna pattern files (.msi) that cells name.
        var antennas: String?
        var roads: String?
        var places: String?
        /// User population points (CSV lon,lat,population or GeoJSON points); nil = synthesise.
        var population: String?
        var cables: String?
        var olts: String?
        /// Land-cover raster (GeoTIFF or any raster GDAL reads) of class codes; nil = classes from density.
        var clutter: String?
        /// Layer name / CRS of inputs given as `{path, layer, crs_epsg}`, by input key (LayerOptions.swift).
        var layerOptions: [String: LayerOptions] = [:]
        /// `--crs`: the EPSG code of input files that declare no CRS.
        package var fallbackCRSEPSG: Int? = nil
    }

    struct PopulationSettings: Sendable {
        var cellSizeMeters: Double
        var weights: AncillaryWeights
        /// Where the synthesised grid is anchored (`population.grid_origin`).
        var gridOrigin: GridOrigin

        /// `population.grid_origin`: `crs` aligns cells to multiples of the cell size in the projected CRS;
        /// `districts-bounds` starts the grid at the lower-left corner of the projected districts' total bounds.
        enum GridOrigin: String, Sendable, CaseIterable {
            case crs = "crs"
            case districtsBounds = "districts-bounds"
        }
    }

    /// Per-subset overrides of site parameters (e.g. all sites in one district 10 m higher).
    struct SiteOverride: Sendable {
        var district: String?
        var technology: Technology?
        var heightAddMeters: Double
        var heightMeters: Double?
        var powerDBm: Double?
        var bandMHz: Double?
    }

    package struct FixedSettings: Sendable {
        package var enabled: Bool
        var snapToleranceMeters: Double
        var dropDistanceMeters: Double
        var defaultReachKm: Double
        var householdSize: [String: Double]
        var defaultHouseholdSize: Double
    }

    var file: String
    package var name: String
    var crsEPSG: Int?
    package var inputs: Inputs
    var population: PopulationSettings
    package var radio: RadioSettings
    /// The quick-study `disk` radio model: every site covers a disk of this radius (m); nil = link budget.
    var diskRadiusMeters: Double?
    /// `radio.cell_footprints`: also write one footprint per cell.
    var cellFootprints: Bool
    package var defaultEnvironment: Environment
    var environments: [String: Environment]
    /// Where the receiver's environment comes from, per place (`clutter:`).
    package var clutter: ClutterScenario
    var overrides: [SiteOverride]
    package var fixed: FixedSettings
    /// The investment planner's settings (nil when the scenario has no `planner:` section).
    package var planner: PlannerScenario?
    /// Terrain-aware coverage (nil when the scenario has no `terrain:` section: flat earth).
    var terrain: TerrainScenario?
    /// Prediction rasters (nil unless `predictions.enabled`).
    var predictions: PredictionScenario?
    /// `sim calibrate`'s filters and fitting rules (`calibration:`; not recorded in `resolved`).
    package var calibration = CalibrationSettings()
    /// What the model corrections were calibrated on (`calibration_result:`, written by `sim calibrate` into
    /// calibrated.yaml); nil for an uncalibrated scenario.
    package var calibrationResult: CalibrationRecord? = nil
    /// The merged YAML, recorded in summary.json as "every parameter used".
    var resolved: YNode

    static let topKeys = ["name", "crs_epsg", "inputs", "population", "radio", "environments", "site_overrides", "fixed_broadband", "planner", "terrain", "predictions", "clutter",
                          "calibration", "calibration_result"]

    /// Loads and checks a scenario file (following `extends`).
    package static func load(path: String) throws -> Scenario {
        try decode(try YNode.load(path: path), file: path)
    }

    /// Checks a merged YAML tree.
    static func decode(_ node: YNode, file: String) throws -> Scenario {
        let top = try YMap(node, context: "", allowed: topKeys)
        let inp = try top.map("inputs", allowed: ["districts", "sites", "cells", "antennas", "roads", "places", "population", "cables", "olts", "clutter"])
        var layerOptions: [String: LayerOptions] = [:]
        func input(_ key: String) throws -> String? {
            let (path, options) = try inp.layerInput(key)
            if let options { layerOptions[key] = options }
            return path
        }
        guard let districts = try input("districts") else { throw SimError.input("\(file): missing key 'inputs.districts' (a GIS layer of district polygons)") }
        let sites = try input("sites"), cells = try input("cells")
        if sites == nil && cells == nil { throw SimError.input("\(file): missing key 'inputs.sites' (a CSV of sites) or 'inputs.cells' (a cell list)") }
        let inputs = Inputs(districts: districts, sites: sites, cells: cells, antennas: try inp.path("antennas"), roads: try input("roads"), places: try input("places"),
                            population: try input("population"), cables: try input("cables"), olts: try input("olts"), clutter: try inp.path("clutter"),
                            layerOptions: layerOptions)

        let pop = try top.map("population", allowed: ["cell_size_m", "grid_origin", "base_weight", "road_weight", "road_decay_m", "town_weight", "town_decay_m"])
        let originName = try pop.string("grid_origin")
        guard let gridOrigin = PopulationSettings.GridOrigin(rawValue: originName) else {
            throw SimError.input("\(pop.child("grid_origin")!.place): population.grid_origin '\(originName)' must be one of \(PopulationSettings.GridOrigin.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let population = PopulationSettings(
            cellSizeMeters: try pop.double("cell_size_m", range: 10...10_000),
            weights: AncillaryWeights(base: try pop.double("base_weight", range: 0...1e6), road: try pop.double("road_weight", range: 0...1e6),
                                      roadDecayMeters: try pop.double("road_decay_m", range: 1...1e6), town: try pop.double("town_weight", range: 0...1e6),
                                      townDecayMeters: try pop.double("town_decay_m", range: 1...1e6)),
            gridOrigin: gridOrigin)

        let r = try top.map("radio", allowed: ["technology", "threshold_dbm", "bandwidth_mhz", "antenna_gain_dbi", "beamwidth_deg", "front_to_back_db",
                                               "cable_loss_db", "shadow_sigma_db", "cell_edge_probability", "body_loss_db", "indoor_loss_db",
                                               "rx_height_m", "rx_gain_dbi", "bearing_step_deg", "max_radius_m", "models", "disk_radius_m", "cell_footprints"])
        let techName = try r.string("technology")
        guard let tech = Technology(rawValue: techName), tech != .nr else { throw SimError.input("\(r.child("technology")!.place): radio.technology '\(techName)' must be 3G or 4G\(techName == Technology.nr.rawValue ? " (a 4G run counts 5G NR cells of inputs.cells as 4G-or-better coverage)" : "")") }
        var rules: [ModelRule] = []
        for (i, item) in try r.list("models").enumerated() {
            let m = try YMap(item, context: "radio.models[\(i)]", allowed: ["environment", "min_band_mhz", "max_band_mhz", "model",
                                                                            ModelCorrection.offsetKey, ModelCorrection.slopeKey])
            var env: Environment? = nil
            if let e = try m.optionalString("environment") {
                guard let parsed = Environment(rawValue: e) else { throw SimError.input("\(item.place): environment '\(e)' must be one of \(Environment.allCases.map(\.rawValue).joined(separator: ", "))") }
                env = parsed
            }
            let modelName = try m.string("model")
            let model: PropagationModel
            do { model = try PropagationModel(parsing: modelName) } catch { throw SimError.input("\(m.child("model")!.place): \(error)") }
            rules.append(ModelRule(environment: env, minBandMHz: try m.optionalDouble("min_band_mhz", range: 0...1e6),
                                   maxBandMHz: try m.optionalDouble("max_band_mhz", range: 0...1e6), model: model,
                                   correction: ModelCorrection(offsetDB: try m.optionalDouble(ModelCorrection.offsetKey, range: -60...60) ?? 0,
                                                               slopeDBPerDecade: try m.optionalDouble(ModelCorrection.slopeKey, range: -60...60) ?? 0)))
        }
        if rules.isEmpty { throw SimError.input("\(file): radio.models is empty; list at least one {environment, model} rule") }
        let radio = RadioSettings(
            technology: tech, thresholdDBm: try r.double("threshold_dbm", range: -150 ... -40),
            bandwidthMHz: try r.double("bandwidth_mhz", range: 1.4...20), antennaGainDBi: try r.double("antenna_gain_dbi", range: -10...30),
            beamwidthDegrees: try r.double("beamwidth_deg", range: 1...360), frontToBackDB: try r.double("front_to_back_db", range: 0...60),
            cableLossDB: try r.double("cable_loss_db", range: 0...30), shadowSigmaDB: try r.double("shadow_sigma_db", range: 0...20),
            cellEdgeProbability: try r.double("cell_edge_probability", range: 0.01...0.99), bodyLossDB: try r.double("body_loss_db", range: 0...30),
            indoorLossDB: try r.double("indoor_loss_db", range: 0...40), rxHeightMeters: try r.double("rx_height_m", range: 0.5...30),
            rxGainDBi: try r.double("rx_gain_dbi", range: -10...20), bearingStepDegrees: try r.double("bearing_step_deg", range: 0.1...45),
            maxRadiusMeters: try r.double("max_radius_m", range: 100...200_000), modelRules: rules)

        var envs: [String: Environment] = [:]
        var defaultEnv = Environment.rural
        if let envNode = top.child("environments") {
            guard case .map(let entries) = envNode.value else { throw SimError.input("\(envNode.place): 'environments' must map district ids (or 'default') to \(Environment.allCases.map(\.rawValue).joined(separator: "/"))") }
            for e in entries {
                guard case .scalar(let v) = e.value.value, let env = Environment(rawValue: v) else {
                    throw SimError.input("\(e.value.file):\(e.line): environments.\(e.key) must be one of \(Environment.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if e.key == "default" { defaultEnv = env } else { envs[e.key] = env }
            }
        }

        var overrides: [SiteOverride] = []
        for (i, item) in try top.list("site_overrides").enumerated() {
            let m = try YMap(item, context: "site_overrides[\(i)]", allowed: ["district", "technology", "height_add_m", "height_m", "power_dbm", "band_mhz"])
            var t: Technology? = nil
            if let ts = try m.optionalString("technology") {
                guard let tt = Technology(rawValue: ts) else { throw SimError.input("\(item.place): technology must be 3G, 4G or 5G") }
                t = tt
            }
            overrides.append(SiteOverride(district: try m.optionalString("district"), technology: t,
                                          heightAddMeters: try m.optionalDouble("height_add_m", range: -100...300) ?? 0,
                                          heightMeters: try m.optionalDouble("height_m", range: 1...300),
                                          powerDBm: try m.optionalDouble("power_dbm", range: 0...70), bandMHz: try m.optionalDouble("band_mhz", range: 100...6000)))
        }

        let fb = try top.map("fixed_broadband", allowed: ["enabled", "snap_tolerance_m", "drop_distance_m", "default_reach_km", "household_size", "default_household_size"])
        var hh: [String: Double] = [:]
        if let hn = fb.child("household_size"), case .map(let entries) = hn.value {
            for e in entries {
                guard case .scalar(let v) = e.value.value, let d = Double(v), d >= 1, d <= 20 else {
                    throw SimError.input("\(e.value.file):\(e.line): fixed_broadband.household_size.\(e.key) must be persons per household between 1 and 20")
                }
                hh[e.key] = d
            }
        }
        let fixed = FixedSettings(enabled: fb.has("enabled") ? try fb.bool("enabled") : false,
                                  snapToleranceMeters: try fb.optionalDouble("snap_tolerance_m", range: 0...10_000) ?? 0,
                                  dropDistanceMeters: try fb.optionalDouble("drop_distance_m", range: 0...10_000) ?? 0,
                                  defaultReachKm: try fb.optionalDouble("default_reach_km", range: 0...200) ?? 0,
                                  householdSize: hh, defaultHouseholdSize: try fb.optionalDouble("default_household_size", range: 1...20) ?? 1)

        let clutter = try ClutterScenario.decode(try top.map("clutter", allowed: ClutterScenario.keys), file: file, rasterGiven: inputs.clutter != nil)
        if clutter.source != .districts, let key = envs.keys.sorted().first {
            throw SimError.input("\(file): environments.\(key) sets a district's environment, which applies only with clutter.source: districts (now \(clutter.source.rawValue): the environment comes from each place's class); remove it or set clutter.source: districts")
        }
        for env in clutter.environmentsUsed where !radio.modelRules.contains(where: { $0.environment == nil || $0.environment == env }) {
            throw SimError.input("\(file): clutter uses environment \(env.rawValue), but radio.models has no rule for it; add rules {environment: \(env.rawValue), model: …} (defaults.yaml has them)")
        }
        let terrain = try TerrainScenario.decode(top.child("terrain"), file: file)
        let predictions = try PredictionScenario.decode(top.child("predictions"), file: file)
        var resolved = node
        if terrain == nil { resolved = resolved.removing("terrain") }
        if predictions == nil { resolved = resolved.removing("predictions") }
        let calibration = try CalibrationScenario.decode(top.child("calibration"), file: file)
        let calibrationResult = try CalibrationRecord.decode(top.child("calibration_result"))
        resolved = resolved.removing("calibration")   // sim calibrate's settings, not a parameter of a run
        let planner = try PlannerScenario.decode(top.child("planner"), file: file)
        if planner != nil, predictions?.settings.coverageRequiresSINR == true {
            throw SimError.input("\(file): predictions.coverage_requires_sinr is not available with the planner (its coverage sets are RSRP footprints); set it to false or planner.enabled: false")
        }
        var scenario = Scenario(file: file, name: try top.string("name"), crsEPSG: try top.optionalInt("crs_epsg", range: 1024...999_999), inputs: inputs,
                        population: population, radio: radio, diskRadiusMeters: try r.optionalDouble("disk_radius_m", range: 1...200_000),
                        cellFootprints: r.has("cell_footprints") ? try r.bool("cell_footprints") : false,
                        defaultEnvironment: defaultEnv, environments: envs, clutter: clutter,
                        overrides: overrides, fixed: fixed, planner: planner,
                        terrain: terrain, predictions: predictions, resolved: resolved)
        scenario.calibration = calibration
        scenario.calibrationResult = calibrationResult
        return scenario
    }

    /// The merged tree without the sections defaults.yaml carries for features a scenario leaves off: a
    /// `terrain:` section with no `dem` (settings waiting for a DEM), a `predictions:` section without
    /// `enabled: true`, and the `calibration:` section (settings of `sim calibrate` only). Scenarios record and sweep exactly the keys they use.
    static func withoutIdleSections(_ node: YNode) -> YNode {
        guard case .map(let entries) = node.value else { return node }
        func value(_ section: String, _ key: String) -> String?? {
            guard let t = entries.first(where: { $0.key == section })?.value else { return nil }
            guard case .map(let keys) = t.value, let v = keys.first(where: { $0.key == key })?.value, case .scalar(let s) = v.value else { return .some(nil) }
            return .some(s)
        }
        var out = node
        if case .some(nil) = value("terrain", "dem") { out = out.removing("terrain") }
        if case .some(let enabled) = value("predictions", "enabled"), enabled != "true" { out = out.removing("predictions") }
        out = out.removing("calibration")
        return out
    }

    func environment(ofDistrict id: String) -> Environment { environments[id] ?? defaultEnvironment }

    /// Every file and folder the scenario reads: its YAML files (the `extends` chain), input layers,
    /// the planner's tables and candidate files, the DEM. An output folder may hold none of them.
    package var inputPaths: [String] {
        var files: [String] = [file]
        func walk(_ n: YNode) {
            if !files.contains(n.file) { files.append(n.file) }
            switch n.value {
            case .map(let e): e.forEach { walk($0.value) }
            case .seq(let items): items.forEach(walk)
            case .scalar, .null: break
            }
        }
        walk(resolved)
        files += [inputs.districts] + [inputs.sites, inputs.cells, inputs.antennas, inputs.roads, inputs.places, inputs.population, inputs.cables, inputs.olts, inputs.clutter].compactMap { $0 }
        if let p = planner { files += [p.costsPath, p.targetsPath] + [p.candidateSitesPath, p.candidateRoutesPath].compactMap { $0 } }
        if let t = terrain { files.append(t.demPath) }
        return files
    }
}
