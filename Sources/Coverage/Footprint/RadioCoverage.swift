import Foundation

/// 4G footprints of a site list: per site, the link budget per sector and bearing, and the path-loss
/// model chosen for its district's environment and band — over flat earth (a radius per bearing,
/// the model inverted) or, when elevation data are given, over the terrain (``TerrainFootprint``).
public enum RadioCoverage {
    public struct Result: Sendable {
        public var footprints: [Footprint]
        /// Per-site model used (same order as `footprints`).
        public var models: [FootprintModel]
        /// Human-readable warnings (model validity, sites outside the models' distance range, DEM voids).
        public var warnings: [String]
    }

    /// - Parameters:
    ///   - sites: all sites; only those that count toward `settings.technology` get a footprint (``Technology/counts(toward:)``:
    ///     in a 4G run, 4G and 5G NR sites).
    ///   - environments: the environment of each site (from its district), same order as `sites`.
    ///   - terrain: elevation data and terrain settings; nil for flat earth.
    ///   - clutter: the receiver's land class per location (``ClutterMap``); nil for each site's environment
    ///     everywhere it reaches. With a map every flat-earth footprint follows the classes along its radials —
    ///     exactly, segment by segment (``ClutterFootprint``), or at ``CellFootprint`` samples (10 m to 1 km, then 1 % steps) for cells with a vertical pattern or
    ///     their own height or band (``CellFootprint``); `environments` then hold the class at each mast, which
    ///     names the footprint's model and, over terrain, picks the terrain rule (each profile sample then takes its
    ///     class's loss and, with deygout-correction, its environment's model).
    /// - Throws: a model input outside its validity range (naming the site), an invalid budget, or
    ///   (with terrain) a footprint that runs off the DEM or over a long void (naming site and tile).
    public static func footprints(sites: [Site], environments: [Environment], settings s: RadioSettings,
                                  terrain: TerrainCoverage? = nil, clutter: ClutterMap? = nil,
                                  workers: Int = Parallel.defaultWorkers) async throws -> Result {
        let chosen = sites.indices.filter { sites[$0].technology.counts(toward: s.technology) }
        if let terrain {
            // Over terrain a site's path loss along a radial depends on its height and band only: sites whose cells
            // share both go whole (vertical patterns are applied per sample there), the others by groups.
            let oneGroup = { (site: Site) in site.cells.allSatisfy { $0.heightMeters == site.heightMeters && $0.bandMHz == site.bandMHz } }
            if chosen.allSatisfy({ oneGroup(sites[$0]) }) {
                return try await TerrainFootprint.footprints(sites: sites, chosen: chosen, environments: environments,
                                                             settings: s, terrain: terrain, clutter: clutter, workers: workers)
            }
            return try await terrainFootprintsByCellGroup(sites: sites, chosen: chosen, environments: environments, settings: s,
                                                          terrain: terrain, clutter: clutter, workers: workers)
        }
        let bearings = try bearingCount(stepDegrees: s.bearingStepDegrees, key: "radio.bearing_step_deg")
        let chunk = 64
        let chunks = (chosen.count + chunk - 1) / chunk
        let radials = RadialCache(maxRadiusMeters: s.maxRadiusMeters)
        let parts = try await Parallel.map(count: chunks, workers: workers) { c, ctx -> [(Footprint, FootprintModel, [String])] in
            try chosen[(c * chunk)..<min(chosen.count, (c + 1) * chunk)].map { si in
                if sites[si].cellsShareOnePathLoss {
                    if let clutter {
                        return try ClutterFootprint.footprint(site: sites[si], index: si, environment: environments[si], settings: s,
                                                              bearings: bearings, context: ctx, clutter: clutter)
                    }
                    return try footprint(site: sites[si], index: si, environment: environments[si], settings: s, bearings: bearings)
                }
                return try CellFootprint.footprint(site: sites[si], index: si, environment: environments[si], settings: s,
                                                   bearings: bearings, context: ctx, clutter: clutter, radials: radials)
            }
        }
        var result = Result(footprints: [], models: [], warnings: [])
        for part in parts {
            for (f, m, w) in part { result.footprints.append(f); result.models.append(m); result.warnings += w }
        }
        return result
    }

    /// Terrain footprints of sites whose cells differ in height or band: each group of a site's cells sharing both is
    /// a site of its own over the terrain (one path loss per sample), and the site's footprint is the union of its
    /// groups' — a place is covered when some cell covers it — with the largest radius per bearing; the model named
    /// is the first group's.
    static func terrainFootprintsByCellGroup(sites: [Site], chosen: [Int], environments: [Environment], settings s: RadioSettings,
                                             terrain: TerrainCoverage, clutter: ClutterMap?, workers: Int) async throws -> Result {
        var parts: [Site] = [], partEnvironments: [Environment] = []
        var partsOf: [[Int]] = []   // per chosen site, its parts' indices
        for si in chosen {
            let site = sites[si]
            var groups: [[Cell]] = []
            for c in site.cells {
                if let g = groups.firstIndex(where: { $0[0].heightMeters == c.heightMeters && $0[0].bandMHz == c.bandMHz }) { groups[g].append(c) } else { groups.append([c]) }
            }
            partsOf.append(groups.map { g in
                parts.append(Site(id: site.id, lon: site.lon, lat: site.lat, position: site.position, technology: site.technology, cells: g, year: site.year))
                partEnvironments.append(environments[si])
                return parts.count - 1
            })
        }
        let r = try await TerrainFootprint.footprints(sites: parts, chosen: Array(parts.indices), environments: partEnvironments,
                                                      settings: s, terrain: terrain, clutter: clutter, workers: workers)
        let groupsOf = partsOf
        let united = try await Parallel.map(count: chosen.count, workers: workers) { n, ctx -> Footprint in
            let mine = groupsOf[n].map { r.footprints[$0] }
            guard mine.count > 1 else { var f = mine[0]; f.siteIndex = chosen[n]; return f }
            let radii = mine[0].radiiMeters.indices.map { k in mine.map { $0.radiiMeters[k] }.max()! }
            let union = try ctx.collection(.geometryCollection, try mine.map { try ctx.multiPolygon($0.polygons) }).unaryUnion()
            return Footprint(siteIndex: chosen[n], center: sites[chosen[n]].position, radiiMeters: radii, polygons: try union.polygons())
        }
        var warnings: [String] = []
        for w in r.warnings where !warnings.contains(w) { warnings.append(w) }
        return Result(footprints: united, models: partsOf.map { r.models[$0[0]] }, warnings: warnings)
    }

    /// Number of bearings for an angular step that must divide 360° and be at most 45°.
    static func bearingCount(stepDegrees: Double, key: String) throws -> Int {
        let bearings = Int((360 / stepDegrees).rounded())
        guard bearings >= 8, abs(Double(bearings) * stepDegrees - 360) < 1e-9 else {
            throw CoverageError.invalidInput(file: "", location: key, message: "bearing step \(stepDegrees)° must divide 360 and be at most 45°")
        }
        return bearings
    }

    /// The largest allowed path loss per bearing (k · step degrees): the boresight link budget plus
    /// the best sector's horizontal pattern offset on that bearing. An omni site has one antenna with
    /// an isotropic horizontal pattern (A_m = 0).
    static func allowedPathLossDB(site: Site, settings s: RadioSettings, bearings: Int, stepDegrees: Double) throws -> [Double] {
        // Per cell: its boresight budget (its own power and bandwidth), then on each bearing the best cell's
        // budget plus its pattern offset. For a site-list row every cell has the same boresight budget, so this is
        // that budget plus the best offset, to the last bit (adding one number to each offset keeps their order).
        let perCell = try site.cells.map { c -> (boresight: Double, antenna: SectorAntenna) in
            let a = sectorAntenna(c, settings: s)
            if let bad = a.validationError() { throw bad }
            return (try linkBudget(cell: c, settings: s).maxPathLossDB(thresholdDBm: s.thresholdDBm, antenna: a, bearingDegrees: a.azimuthDegrees), a)
        }
        return (0..<bearings).map { k -> Double in
            let b = Double(k) * stepDegrees
            return perCell.map { $0.boresight + $0.antenna.horizontalGainOffsetDB(bearingDegrees: b) }.max()!
        }
    }

    /// The link budget of a cell of `powerDBm` under the scenario's radio settings (`subcarrierSpacingKHz` set for
    /// a 5G NR carrier, whose `bandwidthMHz` is then an NR channel bandwidth).
    static func linkBudget(powerDBm: Double, bandwidthMHz: Double? = nil, subcarrierSpacingKHz: Double? = nil,
                           settings s: RadioSettings) throws -> LinkBudget {
        try LinkBudget(txPowerDBm: powerDBm, bandwidthMHz: bandwidthMHz ?? s.bandwidthMHz, cableLossDB: s.cableLossDB,
                       shadowSigmaDB: s.shadowSigmaDB, cellEdgeProbability: s.cellEdgeProbability,
                       bodyLossDB: s.bodyLossDB, indoorPenetrationLossDB: s.indoorLossDB, rxAntennaGainDBi: s.rxGainDBi,
                       subcarrierSpacingKHz: subcarrierSpacingKHz)
    }

    /// The link budget of a cell: its power, its bandwidth (or `radio.bandwidth_mhz`) and, for 5G NR, its
    /// subcarrier spacing (SS-RSRP per resource element, ``LinkBudget``).
    static func linkBudget(cell c: Cell, settings s: RadioSettings) throws -> LinkBudget {
        try linkBudget(powerDBm: c.powerDBm, bandwidthMHz: c.bandwidthMHz, subcarrierSpacingKHz: c.subcarrierSpacingKHz, settings: s)
    }

    /// The scenario's horizontal-only 3GPP antenna for a cell (isotropic in azimuth for an omni cell).
    static func sectorAntenna(_ c: Cell, settings s: RadioSettings) -> SectorAntenna {
        guard let az = c.azimuthDegrees else { return SectorAntenna(azimuthDegrees: 0, beamwidthDegrees: 360, maxAttenuationDB: 0, gainDBi: s.antennaGainDBi) }
        return SectorAntenna(azimuthDegrees: az, beamwidthDegrees: s.beamwidthDegrees, maxAttenuationDB: s.frontToBackDB, gainDBi: s.antennaGainDBi)
    }

    /// A coverage error re-stated with the site it concerns.
    static func located(_ e: Error, site: Site) -> Error {
        if let ce = e as? CoverageError { return CoverageError.invalidInput(file: "", location: "site \(site.id)", message: ce.description) }
        return e
    }

    static func footprint(site: Site, index: Int, environment: Environment, settings s: RadioSettings,
                          bearings: Int) throws -> (Footprint, FootprintModel, [String]) {
        do {
            let model = try s.model(environment: environment, bandMHz: site.bandMHz)
            var warnings = try model.validate(frequencyMHz: site.bandMHz, txHeightMeters: site.heightMeters, rxHeightMeters: s.rxHeightMeters)
                .map { "site \(site.id): \($0)" }
            let maxLoss = try allowedPathLossDB(site: site, settings: s, bearings: bearings, stepDegrees: s.bearingStepDegrees)
            let f = site.bandMHz, h = site.heightMeters, rx = s.rxHeightMeters
            let radii = FootprintSolver.radii(maxPathLossDB: maxLoss,
                                              pathLossDB: { model.pathLossDB(distanceMeters: $0, frequencyMHz: f, txHeightMeters: h, rxHeightMeters: rx) },
                                              minRadiusMeters: 1, maxRadiusMeters: s.maxRadiusMeters)
            let valid = model.validDistanceMeters(frequencyMHz: f, txHeightMeters: h, rxHeightMeters: rx)
            let rmax = radii.max() ?? 0
            if rmax > valid.upperBound * 1.0001 {
                warnings.append("site \(site.id): footprint reaches \(Int(rmax)) m, beyond \(model)'s valid range (≤ \(Int(valid.upperBound)) m); extrapolated")
            }
            return (Footprint(siteIndex: index, center: site.position, radiiMeters: radii), .flat(model), warnings)
        } catch {
            throw located(error, site: site)
        }
    }
}
