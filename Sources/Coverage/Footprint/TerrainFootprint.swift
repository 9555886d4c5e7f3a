import Foundation

/// Terrain-aware footprints: per site, radial terrain profiles from the DEM, path loss at every
/// profile sample, the covered stretches of each radial, and the polygon built from them.
///
/// 1. **Radials.** From the site, one radial per `radialStepDegrees` (bearing clockwise from grid
///    north, as the flat footprints), sampled every `sampleSpacingMeters` (default: the DEM's
///    resolution at the site, ≈ 30 m for SRTM 1″) out to `radio.max_radius_m`. Sample positions are
///    laid out in the projected CRS and converted to lon/lat through a per-site lattice of PROJ
///    points (bilinear between lattice points 1/16 of the footprint's width apart: under 0.5 m off
///    for a 25 km radius); elevations are bilinear in the DEM. The profile spacing handed to the
///    models is the ground spacing on the WGS 84 ellipsoid.
/// 2. **Path loss along each radial**, reusing work from one sample to the next:
///    ``ITM/radialLossesDB(hTxMeters:hRxMeters:elevationsMeters:spacingMeters:frequencyMHz:parameters:firstIndex:lossesDB:)``
///    (ITM point to point to every sample; earth curvature from the refractivity) or the
///    site's statistical model at the effective antenna height (``EffectiveAntennaHeight``) plus
///    ``KnifeEdge/radialDeygoutLossesDB(elevationsMeters:spacingMeters:hTxMeters:hRxMeters:frequencyMHz:effectiveEarthRadiusFactor:maxEdges:firstIndex:lossesDB:)``
///    (earth bulge with k = `effectiveEarthRadiusFactor`, 4/3 by default).
/// 3. **Covered intervals.** After a running median of the loss over `medianWindowMeters` along the
///    radial (``TerrainSettings/medianWindowMeters``), a sample is covered when its loss is at most
///    the link budget's allowed loss on that bearing; the ends of each covered run are placed where
///    the loss, interpolated linearly between the two samples, crosses the allowed value. Runs need
///    not start at the site (shadows, then lit slopes beyond a ridge).
/// 4. **Polygons.** Each covered interval [r₀, r₁] of radial k becomes a polar cell: the ring sector
///    between r₀ and r₁ over the radial's angular width (a triangle from the site when r₀ = 0; arcs
///    as chords). Cells do not overlap and share identical edges, so their union is assembled from
///    the edges no two cells share, with GEOS polygonize; it is checked against the sum of the cell
///    areas, with GEOS's unary union as the fallback (see ``cellUnion(center:intervals:stepDegrees:context:overlay:)``).
///
/// Work is shared between workers by chunks of radials (so one site uses every core), then by site
/// for the polygons; results are merged in site and radial order, so output does not depend on the
/// number of workers.
public enum TerrainFootprint {
    /// Lattice cells per side of the lon/lat lattice of a site.
    static let latticeCells = 16
    /// Radials per work item: a site's radials are shared between workers in chunks of this many, so
    /// that even one site uses every core.
    static let radialsPerChunk = 24

    /// - Parameter clutter: with a map, each profile sample takes its class's loss and (deygout-correction) the
    ///   statistical model of its class's environment; `environments` (the class at each mast) pick the rule.
    static func footprints(sites: [Site], chosen: [Int], environments: [Environment], settings s: RadioSettings,
                           terrain: TerrainCoverage, clutter: ClutterMap? = nil, workers: Int) async throws -> RadioCoverage.Result {
        let t = terrain.settings
        let radials = try RadioCoverage.bearingCount(stepDegrees: t.radialStepDegrees, key: "terrain.radial_step_deg")
        // Per site, serially: the model and budget (errors name the first bad site in list order) and the
        // lon/lat lattice (with one PROJ context: PROJ objects belong to one thread).
        let projector = try Projector(terrain.projection)
        let plans = try chosen.map { si in
            try SitePlan(site: sites[si], index: si, environment: environments[si], settings: s, terrain: terrain,
                         radials: radials, projector: projector, clutter: clutter)
        }
        // Path loss and covered intervals, radial chunk by radial chunk, on every core.
        let chunksPerSite = (radials + radialsPerChunk - 1) / radialsPerChunk
        let items = try await Parallel.map(count: plans.count * chunksPerSite, workers: workers) { item, _ -> Result<RadialResults, Error> in
            let plan = plans[item / chunksPerSite]
            let first = (item % chunksPerSite) * radialsPerChunk
            return Result { try plan.radials(first..<min(first + radialsPerChunk, radials), settings: s, terrain: terrain) }
        }
        // The first error in site and radial order, whatever the scheduling was.
        var perSite: [RadialResults] = []
        for p in plans.indices {
            var merged = RadialResults()
            for c in 0..<chunksPerSite {
                switch items[p * chunksPerSite + c] {
                case .success(let r): merged.append(r)
                case .failure(let e): throw RadioCoverage.located(e, site: plans[p].site)
                }
            }
            perSite.append(merged)
        }
        // Polygons, site by site, on every core (one GEOS context per worker).
        let radialResults = perSite
        let parts = try await Parallel.map(count: plans.count, workers: workers) { p, ctx -> Result<(Footprint, FootprintModel, [String]), Error> in
            Result {
                do { return try plans[p].finish(radialResults[p], settings: s, context: ctx) } catch { throw RadioCoverage.located(error, site: plans[p].site) }
            }
        }
        var result = RadioCoverage.Result(footprints: [], models: [], warnings: [])
        for part in parts {
            let (f, m, w) = try part.get()
            result.footprints.append(f); result.models.append(m); result.warnings += w
        }
        return result
    }

    /// One site's terrain footprint, computed on the calling thread (no tasks): what
    /// ``RadioCoverage/footprints(sites:environments:settings:terrain:workers:)`` does for each site,
    /// for callers that want a single footprint, and for profilers that do not follow threads.
    /// - Throws: as ``RadioCoverage/footprints(sites:environments:settings:terrain:workers:)``.
    public static func footprint(site: Site, environment: Environment, settings s: RadioSettings,
                                 terrain: TerrainCoverage) throws -> (footprint: Footprint, model: FootprintModel, warnings: [String]) {
        let radials = try RadioCoverage.bearingCount(stepDegrees: terrain.settings.radialStepDegrees, key: "terrain.radial_step_deg")
        let plan = try SitePlan(site: site, index: 0, environment: environment, settings: s, terrain: terrain, radials: radials,
                                projector: try Projector(terrain.projection))
        do {
            let r = try plan.radials(0..<radials, settings: s, terrain: terrain)
            return try plan.finish(r, settings: s, context: GEOSContext())
        } catch {
            throw RadioCoverage.located(error, site: site)
        }
    }

    /// The covered stretches of one radial, metres from the site, in increasing order.
    typealias Intervals = [(start: Double, end: Double)]

    /// What the radials of a chunk found: intervals and farthest coverage per radial, and the counts
    /// behind the site's warnings.
    struct RadialResults {
        var intervals: [Intervals] = []
        var radiiMeters: [Double] = []
        var itmFlags = ITM.WarningFlags()
        var heightBelow = 0, heightAbove = 0, heightSamples = 0
        var profile = ProfileReader.Remarks()

        mutating func append(_ o: RadialResults) {
            intervals += o.intervals
            radiiMeters += o.radiiMeters
            itmFlags.formUnion(o.itmFlags)
            heightBelow += o.heightBelow; heightAbove += o.heightAbove; heightSamples += o.heightSamples
            profile.merge(o.profile)
        }
    }

    /// Everything about one site that does not depend on the radial: model, allowed loss per radial,
    /// sample spacing, lattice.
    struct SitePlan: Sendable {
        let site: Site
        let index: Int
        let choice: TerrainModel
        let model: FootprintModel
        let statistical: PropagationModel?
        /// With a clutter map: the receiver's class per place, and (deygout-correction) the statistical model per
        /// environment of the map (``ClutterMap/environments``).
        let clutter: ClutterMap?
        let statisticalByEnvironment: [PropagationModel]
        let allowedDB: [Double]
        let samples: Int
        let gridSpacing: Double
        let lattice: LonLatLattice
        let warnings: [String]
        let stepDegrees: Double
        /// With cells that have a vertical pattern (a pattern file or a tilt): each cell's link budget and
        /// pattern, so the loss a sample may have follows its depression angle over the terrain; nil otherwise.
        let threeDimensional: [PatternCell]?

        /// A cell of a site with vertical patterns, for ``allowedDB(radial:sample:depressionDegrees:)``.
        struct PatternCell: Sendable {
            /// The cell's allowed path loss with a 0 dBi antenna (its power and bandwidth), dB.
            let base: Double
            /// Its pattern (``CellFootprint/pattern(_:settings:)``), or nil for a cell with the horizontal-only
            /// 3GPP sector antenna.
            let pattern: AntennaPattern?
            /// Per radial: with a pattern and no mechanical tilt, A_H(φ) − A_H(0); without a pattern, the sector's
            /// gain offset (``SectorAntenna/horizontalGainOffsetDB(bearingDegrees:)``) plus its gain.
            let horizontal: [Double]
            let azimuthDegrees: Double
            let mechanicalTiltDegrees: Double
            let electricalTiltDegrees: Double
        }

        init(site: Site, index: Int, environment: Environment, settings s: RadioSettings, terrain: TerrainCoverage,
             radials: Int, projector: Projector, clutter: ClutterMap? = nil) throws {
            do {
                let t = terrain.settings
                self.site = site
                self.index = index
                self.clutter = clutter
                choice = try t.model(environment: environment, bandMHz: site.bandMHz)
                var warnings: [String] = []
                switch choice {
                case .itm:
                    model = .itm
                    statistical = nil
                    statisticalByEnvironment = []
                case .deygoutCorrection:
                    let m = try s.model(environment: environment, bandMHz: site.bandMHz)
                    statistical = m
                    model = .deygoutCorrected(m)
                    statisticalByEnvironment = try clutter.map { try $0.environments.map { try s.model(environment: $0, bandMHz: site.bandMHz) } } ?? [m]
                    // Frequency and mobile height are checked as over flat earth; the base-station height
                    // per sample, as the effective height (clamped into the model's range).
                    for m in statisticalByEnvironment {
                        let range = m.txHeightRangeMeters
                        for w in try m.validate(frequencyMHz: site.bandMHz,
                                                txHeightMeters: min(max(site.heightMeters, range.lowerBound), range.upperBound),
                                                rxHeightMeters: s.rxHeightMeters) where !w.contains("tx_height_m") && !warnings.contains(w) {
                            warnings.append(w)
                        }
                    }
                }
                if choice == .itm {
                    // ITM's inputs are the same on every radial: check them once, here, so the error names the site.
                    var none: [Double] = []
                    try ITM.radialLossesDB(hTxMeters: site.heightMeters, hRxMeters: s.rxHeightMeters, elevationsMeters: [0, 0],
                                           spacingMeters: 1, frequencyMHz: site.bandMHz, parameters: t.itm, firstIndex: 2, lossesDB: &none)
                }
                self.warnings = warnings
                stepDegrees = t.radialStepDegrees
                allowedDB = try RadioCoverage.allowedPathLossDB(site: site, settings: s, bearings: radials, stepDegrees: stepDegrees)
                threeDimensional = try Self.patternCells(site: site, settings: s, radials: radials, stepDegrees: stepDegrees)
                let radius = s.maxRadiusMeters
                let wanted = t.sampleSpacingMeters ?? terrain.dem.resolutionMeters(atLatitude: site.lat)
                guard wanted.isFinite, wanted > 0 else {
                    throw CoverageError.invalidInput(file: "", location: "terrain.sample_spacing_m", message: "sample spacing \(wanted) m must be > 0")
                }
                samples = max(1, Int((radius / wanted).rounded(.up)))
                gridSpacing = radius / Double(samples)
                lattice = try LonLatLattice(center: site.position, halfWidthMeters: radius * 1.05, cells: latticeCells, projector: projector)
            } catch {
                throw RadioCoverage.located(error, site: site)
            }
        }

        /// Path loss along radials `range` and their covered intervals.
        func radials(_ range: Range<Int>, settings s: RadioSettings, terrain: TerrainCoverage) throws -> RadialResults {
            let t = terrain.settings
            var sampler = DEM.Sampler(terrain.dem)
            var reader = ProfileReader(site: site, gridSpacing: gridSpacing, samples: samples, lattice: lattice,
                                       voidFillMaxMeters: t.voidFillMaxMeters)
            var out = RadialResults()
            var losses: [Double] = []
            var diffraction: [Double] = []
            var window: [Double] = []
            var classAt: [Int] = []
            for k in range {
                let z = try reader.read(bearingDegrees: Double(k) * stepDegrees, sampler: &sampler)
                let spacing = reader.groundSpacingMeters
                if let map = clutter {
                    // The class under each profile sample (grid metres along the radial, as the covered intervals).
                    let theta = Double(k) * stepDegrees * .pi / 180, ux = sin(theta) * gridSpacing, uy = cos(theta) * gridSpacing
                    classAt = (0..<z.count).map { map.classIndex(x: site.position.x + Double($0) * ux, y: site.position.y + Double($0) * uy) }
                }
                switch choice {
                case .itm:
                    out.itmFlags.formUnion(try ITM.radialLossesDB(
                        hTxMeters: site.heightMeters, hRxMeters: s.rxHeightMeters, elevationsMeters: z,
                        spacingMeters: spacing, frequencyMHz: site.bandMHz, parameters: t.itm, lossesDB: &losses))
                case .deygoutCorrection:
                    let m = statistical!
                    let range = m.txHeightRangeMeters
                    KnifeEdge.radialDeygoutLossesDB(
                        elevationsMeters: z, spacingMeters: spacing, hTxMeters: site.heightMeters, hRxMeters: s.rxHeightMeters,
                        frequencyMHz: site.bandMHz, effectiveEarthRadiusFactor: t.effectiveEarthRadiusFactor,
                        maxEdges: t.maxEdges, lossesDB: &diffraction)
                    let heights = EffectiveAntennaHeight.alongRadial(elevationsMeters: z, spacingMeters: spacing,
                                                                     antennaHeightMeters: site.heightMeters)
                    losses = [Double](repeating: .nan, count: z.count)
                    for i in 1..<z.count {
                        var h = heights[i]
                        if h < range.lowerBound { h = range.lowerBound; out.heightBelow += 1 }
                        if h > range.upperBound { h = range.upperBound; out.heightAbove += 1 }
                        out.heightSamples += 1
                        let mi = clutter.map { statisticalByEnvironment[$0.environmentSlot[classAt[i]]] } ?? m
                        losses[i] = mi.pathLossDB(distanceMeters: Double(i) * spacing, frequencyMHz: site.bandMHz,
                                                  txHeightMeters: h, rxHeightMeters: s.rxHeightMeters) + diffraction[i]
                    }
                }
                let halfWindow = Int((t.medianWindowMeters / 2 / gridSpacing + 1e-9).rounded(.down))
                if halfWindow >= 1 { runningMedian(&losses, halfWindow: halfWindow, scratch: &window) }
                // Class losses after the median, so a class edge stays where the map puts it.
                if let map = clutter { for i in 1..<losses.count { losses[i] += map.classes[classAt[i]].lossDB } }
                var allowed = allowedDB[k]
                if threeDimensional != nil {
                    // Vertical patterns: the loss each sample may have depends on its depression angle, seen from the
                    // antenna top (ground + height) to the receiver (ground + rx height) over the profile; what is
                    // compared with 0 is the shortfall, loss − allowed.
                    let top = z[0] + site.heightMeters
                    for i in 1..<losses.count {
                        let depression = atan2(top - z[i] - s.rxHeightMeters, Double(i) * spacing) * 180 / .pi
                        losses[i] -= allowedDB(radial: k, depressionDegrees: depression)
                    }
                    allowed = 0
                }
                let covered = coveredIntervals(lossesDB: losses, allowedDB: allowed, spacingMeters: gridSpacing)
                out.radiiMeters.append(covered.last?.end ?? 0)
                out.intervals.append(covered)
            }
            out.profile = reader.remarks
            return out
        }

        /// The cells of a site with vertical patterns (nil when none has one): budgets, patterns and horizontal terms.
        static func patternCells(site: Site, settings s: RadioSettings, radials: Int, stepDegrees: Double) throws -> [PatternCell]? {
            guard site.cells.contains(where: \.isThreeDimensional) else { return nil }
            let isotropic = SectorAntenna(azimuthDegrees: 0, beamwidthDegrees: 360, maxAttenuationDB: 0, gainDBi: 0)
            return try site.cells.map { c in
                let base = try RadioCoverage.linkBudget(cell: c, settings: s)
                    .maxPathLossDB(thresholdDBm: s.thresholdDBm, antenna: isotropic, bearingDegrees: 0)
                let az = c.azimuthDegrees ?? 0
                let pattern = try CellFootprint.pattern(c, settings: s)
                let horizontal: [Double]
                if let p = pattern {
                    let h0 = p.horizontalAttenuationDB[0]
                    horizontal = (0..<radials).map { k in p.horizontalAttenuation(azimuthOffBoresightDegrees: Double(k) * stepDegrees - az) - h0 }
                } else {
                    let sector = RadioCoverage.sectorAntenna(c, settings: s)
                    if let bad = sector.validationError() { throw bad }
                    horizontal = (0..<radials).map { k in sector.gainDBi + sector.horizontalGainOffsetDB(bearingDegrees: Double(k) * stepDegrees) }
                }
                return PatternCell(base: base, pattern: pattern, horizontal: horizontal, azimuthDegrees: az,
                                   mechanicalTiltDegrees: c.mechanicalTiltDegrees, electricalTiltDegrees: c.electricalTiltDegrees)
            }
        }

        /// The largest path loss any cell allows toward radial k at a depression angle (degrees below the
        /// horizontal): the cell's budget plus its 3D gain (3GPP summing method, as ``CellFootprint``:
        /// G − min{[A_H(φ) − A_H(0)] + A_V(θ − e), A_m}, or the tilted pattern's gain with a mechanical tilt).
        func allowedDB(radial k: Int, depressionDegrees: Double) -> Double {
            var best = -Double.infinity
            for c in threeDimensional! {
                let gain: Double
                if let p = c.pattern {
                    if c.mechanicalTiltDegrees == 0 {
                        let v = p.verticalAttenuation(elevationDownDegrees: AntennaPattern.clampElevation(depressionDegrees) - c.electricalTiltDegrees)
                        gain = p.gainDBi - min(c.horizontal[k] + v, p.maxAttenuationDB)
                    } else {
                        gain = p.gainDBi(azimuthOffBoresightDegrees: Double(k) * stepDegrees - c.azimuthDegrees, elevationDownDegrees: depressionDegrees,
                                         mechanicalTiltDegrees: c.mechanicalTiltDegrees, electricalTiltDegrees: c.electricalTiltDegrees)
                    }
                } else {
                    gain = c.horizontal[k]
                }
                best = max(best, c.base + gain)
            }
            return best
        }

        /// The footprint from all radials' results: polygons and the site's warnings.
        func finish(_ r: RadialResults, settings s: RadioSettings, context ctx: GEOSContext) throws -> (Footprint, FootprintModel, [String]) {
            var warnings = self.warnings + r.profile.warnings(site: site)
            if !r.itmFlags.isEmpty {
                warnings.append("ITM soft limits met on some radials (results extrapolated): \(r.itmFlags.summaries.joined(separator: "; "))")
            }
            if let m = statistical {
                let range = m.txHeightRangeMeters
                if r.heightBelow > 0 {
                    warnings.append("effective antenna height above the terrain below \(m)'s \(ModelLimit.format(range)) m range on \(percent(r.heightBelow, r.heightSamples)) of profile samples; raised to \(Int(range.lowerBound)) m there")
                }
                if r.heightAbove > 0 {
                    warnings.append("effective antenna height above the terrain beyond \(m)'s \(ModelLimit.format(range)) m range on \(percent(r.heightAbove, r.heightSamples)) of profile samples; lowered to \(Int(range.upperBound)) m there")
                }
                let valid = m.validDistanceMeters(frequencyMHz: site.bandMHz, txHeightMeters: site.heightMeters, rxHeightMeters: s.rxHeightMeters)
                if let far = r.radiiMeters.max(), far > valid.upperBound * 1.0001 {
                    warnings.append("footprint reaches \(Int(far)) m, beyond \(m)'s valid range (≤ \(Int(valid.upperBound)) m); extrapolated")
                }
            }
            let polygons = try cellUnion(center: site.position, intervals: r.intervals, stepDegrees: stepDegrees, context: ctx)
            return (Footprint(siteIndex: index, center: site.position, radiiMeters: r.radiiMeters, polygons: polygons), model,
                    warnings.map { "site \(site.id): \($0)" })
        }
    }

    /// Replaces each loss (samples 1…n; sample 0 is the site and has none) by the median of the losses
    /// within `halfWindow` samples on either side. Near the ends of the radial the window shrinks to
    /// stay centred (sample 1 and sample n keep their own value), so a monotone stretch is unchanged.
    ///
    /// The window is kept sorted in `scratch`: sorted afresh where it shrinks, and where it has its full
    /// width, slid one sample on by taking out the loss that leaves and inserting the one that comes
    /// (the same sorted values, so the same median). With a NaN among the losses of samples 1…n every
    /// window is sorted afresh, as NaN has no place in an order.
    static func runningMedian(_ losses: inout [Double], halfWindow: Int, scratch: inout [Double]) {
        let n = losses.count - 1
        guard n >= 3, halfWindow >= 1 else { return }
        let source = losses
        let slides = !source[1...].contains { $0.isNaN }
        @inline(__always) func insert(_ v: Double) {
            var k = scratch.count
            scratch.append(v)
            while k > 0, scratch[k - 1] > v { scratch[k] = scratch[k - 1]; k -= 1 }
            scratch[k] = v
        }
        var full = false  // whether `scratch` holds the full window of the previous sample
        for i in 2..<n {
            let h = min(halfWindow, i - 1, n - i)
            if slides, full, h == halfWindow {
                // The window moved from i − 1 to i: source[i − 1 − h] leaves, source[i + h] comes.
                let leaving = source[i - 1 - h].bitPattern
                let at = scratch.firstIndex { $0.bitPattern == leaving }!
                scratch.remove(at: at)
                insert(source[i + h])
            } else {
                scratch.removeAll(keepingCapacity: true)
                for j in (i - h)...(i + h) { insert(source[j]) }
            }
            full = h == halfWindow
            losses[i] = scratch[h]
        }
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        String(format: "%.1f %%", 100 * Double(part) / Double(max(whole, 1)))
    }

    /// The covered runs of a radial: samples whose loss is at most `allowedDB`, with each run's ends
    /// moved to where the loss, linear between neighbouring samples, crosses `allowedDB`. Sample 0 (the
    /// site) has no loss and is covered with sample 1.
    /// - Parameters:
    ///   - lossesDB: path loss at samples 0…n (entry 0 ignored).
    ///   - spacingMeters: distance between samples (along the radial, in the footprint's plane).
    static func coveredIntervals(lossesDB: [Double], allowedDB: Double, spacingMeters: Double) -> Intervals {
        coveredIntervals(lossesDB: lossesDB, allowedDB: allowedDB) { i, f in (Double(i) + f) * spacingMeters }
    }

    /// ``coveredIntervals(lossesDB:allowedDB:spacingMeters:)`` for samples at any distances: `at(i, f)` is the distance
    /// a fraction f of the way from sample i to sample i + 1 (f = 0 at the last sample).
    static func coveredIntervals(lossesDB: [Double], allowedDB: Double, at position: (Int, Double) -> Double) -> Intervals {
        let n = lossesDB.count - 1
        guard n >= 1 else { return [] }
        func covered(_ i: Int) -> Bool { lossesDB[i == 0 ? 1 : i] <= allowedDB }
        /// Distance where the loss crosses the allowed value between samples i and i + 1.
        func crossing(_ i: Int) -> Double {
            let a = lossesDB[max(i, 1)], b = lossesDB[i + 1]
            guard i >= 1, a.isFinite, b.isFinite, a != b else { return position(i, 0.5) }
            let f = min(max((allowedDB - a) / (b - a), 0), 1)
            return position(i, f)
        }
        var result: Intervals = []
        var i = 0
        while i <= n {
            guard covered(i) else { i += 1; continue }
            let start = i == 0 ? 0 : crossing(i - 1)
            var j = i
            while j < n, covered(j + 1) { j += 1 }
            let end = j == n ? position(n, 0) : crossing(j)
            if end > start { result.append((start, end)) }
            i = j + 1
        }
        return result
    }
}

/// A site's lattice of lon/lat points over the square its footprint can reach, for converting
/// projected positions to lon/lat without a PROJ call per profile sample.
struct LonLatLattice: Sendable {
    let minX: Double, minY: Double, cellMeters: Double, cells: Int
    /// Longitude and latitude at lattice node (row r from minY, column c from minX), index r·(cells+1)+c.
    let lon: [Double], lat: [Double]

    init(center: Point2, halfWidthMeters: Double, cells: Int, projector: Projector) throws {
        minX = center.x - halfWidthMeters
        minY = center.y - halfWidthMeters
        cellMeters = 2 * halfWidthMeters / Double(cells)
        self.cells = cells
        var nodes: [Point2] = []
        nodes.reserveCapacity((cells + 1) * (cells + 1))
        for r in 0...cells {
            for c in 0...cells { nodes.append(Point2(minX + Double(c) * cellMeters, minY + Double(r) * cellMeters)) }
        }
        let ll = try projector.inverse(nodes)
        lon = ll.map(\.x)
        lat = ll.map(\.y)
    }

    /// Lon/lat (degrees) of a projected point, bilinear between the four lattice nodes around it.
    @inline(__always)
    func lonLat(x: Double, y: Double) -> (lon: Double, lat: Double) {
        let u = (x - minX) / cellMeters, v = (y - minY) / cellMeters
        let c = min(max(Int(u), 0), cells - 1), r = min(max(Int(v), 0), cells - 1)
        let fu = u - Double(c), fv = v - Double(r)
        let i00 = r * (cells + 1) + c, i01 = i00 + 1, i10 = i00 + cells + 1, i11 = i10 + 1
        let w00 = (1 - fu) * (1 - fv), w01 = fu * (1 - fv), w10 = (1 - fu) * fv, w11 = fu * fv
        return (lon[i00] * w00 + lon[i01] * w01 + lon[i10] * w10 + lon[i11] * w11,
                lat[i00] * w00 + lat[i01] * w01 + lat[i10] * w10 + lat[i11] * w11)
    }
}

/// Reads the terrain under the radials of one site, filling short runs of voids.
struct ProfileReader {
    let site: Site
    let gridSpacing: Double
    let samples: Int
    let lattice: LonLatLattice
    let voidFillMaxMeters: Double
    /// Ground (great-circle) spacing of the last radial read, metres.
    private(set) var groundSpacingMeters = 0.0
    private var elevations: [Double]
    /// What the radials read so far met: filled voids and a sign of the site standing below the terrain.
    struct Remarks {
        var filled = 0
        var filledTiles: [String] = []
        var belowTerrain: (bearing: Double, distance: Double, ground: Double, siteGround: Double, tile: String)? = nil

        /// Adds the remarks of later radials (the first sign of a site below the terrain is kept).
        mutating func merge(_ o: Remarks) {
            filled += o.filled
            for t in o.filledTiles where !filledTiles.contains(t) { filledTiles.append(t) }
            if belowTerrain == nil { belowTerrain = o.belowTerrain }
        }

        func warnings(site: Site) -> [String] {
            var w: [String] = []
            if filled > 0 {
                w.append("\(filled) void elevation samples (in \(filledTiles.sorted().joined(separator: ", "))) filled by interpolation along the radials")
            }
            if let b = belowTerrain {
                w.append("the ground \(Int(b.distance)) m from the site on bearing \(fmt(b.bearing))° is \(fmt(b.ground)) m high, above the antenna's top (ground \(fmt(b.siteGround)) m + mast \(fmt(site.heightMeters)) m): the site seems to stand below the terrain (\(b.tile.isEmpty ? "DEM" : b.tile)); check its position and height")
            }
            return w
        }
    }
    private(set) var remarks = Remarks()

    init(site: Site, gridSpacing: Double, samples: Int, lattice: LonLatLattice, voidFillMaxMeters: Double) {
        self.site = site; self.gridSpacing = gridSpacing; self.samples = samples; self.lattice = lattice
        self.voidFillMaxMeters = voidFillMaxMeters
        elevations = [Double](repeating: 0, count: samples + 1)
    }

    /// Distance on the WGS 84 ellipsoid between two nearby points (up to a few tens of km), metres:
    /// √((M·Δφ)² + (N·cos φ·Δλ)²) with the meridional and prime-vertical radii of curvature M and N at
    /// the mean latitude φ (e.g. Torge & Müller, Geodesy, §4.2). Relative error of order (d / R)², under
    /// 10⁻⁵ at 25 km; a sphere would be up to 0.5 % off at 17° N, which moves a footprint's edge by metres.
    static func groundDistanceMeters(fromLon: Double, fromLat: Double, toLon: Double, toLat: Double) -> Double {
        let a = 6_378_137.0, f = 1 / 298.257223563
        let e2 = f * (2 - f)
        let rad = Double.pi / 180
        let phi = (fromLat + toLat) / 2 * rad
        let w = 1 - e2 * sin(phi) * sin(phi)
        let m = a * (1 - e2) / (w * w.squareRoot())
        let n = a / w.squareRoot()
        let north = m * (toLat - fromLat) * rad
        let east = n * cos(phi) * (toLon - fromLon) * rad
        return (north * north + east * east).squareRoot()
    }

    /// Distance within which terrain higher than the antenna's top means the site sits below the terrain.
    static let nearFieldMeters = 100.0

    /// Elevations at samples 0…samples along a bearing (degrees clockwise from grid north).
    /// - Throws: `CoverageError.invalidInput` naming the tile when a sample is off the loaded tiles, the
    ///   site itself is on a void, or a run of voids is longer than `voidFillMaxMeters`.
    mutating func read(bearingDegrees: Double, sampler: inout DEM.Sampler) throws -> [Double] {
        let theta = bearingDegrees * Double.pi / 180
        let dx = sin(theta), dy = cos(theta)
        var endLonLat = (lon: site.lon, lat: site.lat)
        for i in 0...samples {
            let d = Double(i) * gridSpacing
            let (lon, lat) = i == 0 ? (site.lon, site.lat) : lattice.lonLat(x: site.position.x + d * dx, y: site.position.y + d * dy)
            do {
                elevations[i] = try sampler.elevationMeters(lon: lon, lat: lat)
            } catch let e as CoverageError {
                if case let .invalidInput(tile, place, message) = e {
                    throw CoverageError.invalidInput(
                        file: tile, location: place,
                        message: "the footprint runs off the elevation data (bearing \(fmt(bearingDegrees))°, \(Int(d)) m from the site): \(message)")
                }
                throw e
            }
            if i == samples { endLonLat = (lon, lat) }
        }
        let ground = Self.groundDistanceMeters(fromLon: site.lon, fromLat: site.lat, toLon: endLonLat.lon, toLat: endLonLat.lat)
        groundSpacingMeters = ground / Double(samples)
        try fillVoids(bearingDegrees: bearingDegrees, dx: dx, dy: dy, sampler: sampler)

        // The ground near the mast rising above the antenna's top: a mislocated site or a wrong height.
        if remarks.belowTerrain == nil {
            let top = elevations[0] + site.heightMeters
            var i = 1
            while i <= samples, Double(i) * gridSpacing <= Self.nearFieldMeters {
                if elevations[i] > top {
                    let d = Double(i) * gridSpacing
                    let p = lattice.lonLat(x: site.position.x + d * dx, y: site.position.y + d * dy)
                    remarks.belowTerrain = (bearingDegrees, d, elevations[i], elevations[0], sampler.dem.gridName(lon: p.lon, lat: p.lat) ?? "")
                    break
                }
                i += 1
            }
        }
        return elevations
    }

    /// Fills runs of NaN (voids) by linear interpolation between the valid samples around them (or the
    /// nearest valid sample at the end of the radial).
    private mutating func fillVoids(bearingDegrees: Double, dx: Double, dy: Double, sampler: DEM.Sampler) throws {
        func tile(_ i: Int) -> String {
            let d = Double(i) * gridSpacing
            let p = i == 0 ? (lon: site.lon, lat: site.lat) : lattice.lonLat(x: site.position.x + d * dx, y: site.position.y + d * dy)
            return sampler.dem.gridName(lon: p.lon, lat: p.lat) ?? SRTMTile.tileName(lon: p.lon, lat: p.lat)
        }
        if elevations[0].isNaN {
            throw CoverageError.invalidInput(file: tile(0), location: "lon \(site.lon), lat \(site.lat)",
                                             message: "the site stands on a void of the elevation data; use a void-filled DEM (SRTM v3, NASADEM) or move the site")
        }
        var i = 1
        while i <= samples {
            guard elevations[i].isNaN else { i += 1; continue }
            var j = i
            while j < samples, elevations[j + 1].isNaN { j += 1 }
            let length = Double(j - i + 1) * gridSpacing
            if length > voidFillMaxMeters {
                throw CoverageError.invalidInput(
                    file: tile(i), location: "bearing \(fmt(bearingDegrees))°, \(Int(Double(i) * gridSpacing))–\(Int(Double(j) * gridSpacing)) m from the site",
                    message: "\(Int(length)) m of void elevation samples, more than terrain.void_fill_max_m = \(fmt(voidFillMaxMeters)) m; use a void-filled DEM (SRTM v3, NASADEM) for this tile")
            }
            let before = elevations[i - 1]
            let after = j < samples ? elevations[j + 1] : before
            for k in i...j {
                let f = Double(k - i + 1) / Double(j - i + 2)
                elevations[k] = before + (after - before) * f
            }
            remarks.filled += j - i + 1
            let name = tile(i)
            if !remarks.filledTiles.contains(name) { remarks.filledTiles.append(name) }
            i = j + 1
        }
    }

}

/// A number with at most two decimals, trailing zeros dropped.
func fmt(_ x: Double) -> String {
    var s = String(format: "%.2f", x)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
}
