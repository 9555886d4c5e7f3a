import Foundation

/// One cell of a prediction: the lookup table behind the `best_server` layer (value = index here).
public struct PredictedCell: Sendable, Hashable {
    /// Index of the cell's site in the site list the prediction was made from.
    public var siteIndex: Int
    public var siteID: String
    public var cellID: String
    /// Downlink carrier (MHz): cells on the same carrier interfere with each other.
    public var bandMHz: Double
    /// The path-loss model its site's environment and band choose (as for the footprints).
    public var model: PropagationModel
    /// Farthest distance (m) the cell is followed to: where its peak-gain median RSRP falls to the floor,
    /// at most `radio.max_radius_m` (over terrain: `radio.max_radius_m`).
    public var reachMeters: Double
    /// Over terrain, the model its path loss comes from (``FootprintModel/itm`` or deygout-corrected); nil on flat earth.
    public var terrainModel: FootprintModel? = nil
}

/// Prediction rasters over flat earth: per pixel centre, the median RSRP every cell of the scenario's
/// technology delivers with the link budget, antenna pattern and path-loss model of the footprints
/// (``RadioCoverage``, ``CellFootprint``), and from them the best server, the overlap and the downlink SINR.
///
/// For pixel centre x and cell c at ground distance d and bearing φ:
///
///     RSRP_c(x) = P_RS,c − L_cable + G_c(φ, θ) + G_rx − L_body − L_indoor − PL_c(d)      (median, dBm)
///
/// with P_RS the reference-signal power per resource element (``LinkBudget``), G_c the cell's 3GPP
/// horizontal pattern or 3D pattern at depression angle θ = atan((h_c − h_rx)/d), and PL_c the model
/// of its site's environment and band, evaluated at max(d, 1 m). Then
///
/// - best server b = argmax_c RSRP_c (ties: the lower cell index, i.e. the earlier site and cell in the input);
/// - covered ⇔ RSRP_b − σ·Φ⁻¹(p) ≥ threshold (the footprints' rule, so raster and polygons agree), and
///   SINR_b ≥ the SINR threshold when one is set;
/// - overlap = #{c : RSRP_c − σ·Φ⁻¹(p) ≥ threshold and RSRP_c ≥ RSRP_b − overlap margin};
/// - SINR = S / (η·Σ_{c ≠ b, f_c = f_b} I_c + N), in linear units (mW per resource element), S = RSRP_b,
///   I_c = RSRP_c of the cells on the best server's carrier, η the load factor and N the noise per resource
///   element (``PredictionSettings/noisePerResourceElementDBm``): the downlink SINR of a resource element,
///   "RS-SINR", with medians (no shadowing) — equal to the wideband C/(I+N) when every cell spreads its power
///   evenly over the same bandwidth.
///
/// A cell is followed out to ``PredictedCell/reachMeters``; below the floor it neither serves nor
/// interferes. Each pixel depends only on its own centre and the cells are summed in input order, so the
/// rasters are the same bit for bit whatever the number of workers.
public struct Prediction: Sendable {
    public var grid: RasterGrid
    public var cells: [PredictedCell]
    /// Median RSRP of the best server (dBm); NaN where no cell reaches above the floor or outside the extent.
    public var rsrpDBm: [Float]
    /// Index into ``cells`` of the best server; −1 where there is none.
    public var bestServer: [Int32]
    /// Number of cells in the overlap; 255 outside the extent.
    public var overlap: [UInt8]
    /// Path loss to the best server (dB); NaN where there is none.
    public var pathLossDB: [Float]
    /// Downlink SINR of the best server (dB); NaN where there is none.
    public var sinrDB: [Float]
    /// Whether the pixel is covered (RSRP with the shadow margin ≥ threshold, and SINR when required).
    public var covered: [Bool]
    /// Pixels inside the extent (districts plus margin).
    public var inExtent: [Bool]

    /// Side of the square tiles the grid is computed in (pixels).
    public static let tilePixels = 256
    /// Side of the blocks within a tile whose pixels share one list of the groups that can reach them (pixels).
    static let cullPixels = 16
    /// Outside-extent value of ``overlap``.
    public static let overlapNoData: UInt8 = 255

    /// Computes every layer.
    /// - Parameters:
    ///   - sites: all sites; cells of those of `radio.technology` are predicted.
    ///   - environments: the environment of each site (its district's), same order as `sites`.
    ///   - clutter: the receiver's land class per location: its environment's model and its loss apply at each
    ///     point (``ClutterMap``); nil for each site's environment everywhere.
    ///   - inExtent: per pixel of `grid`, whether to compute it (see ``extentMask(districts:grid:marginMeters:)``).
    ///   - terrain: with elevation data, each group's path loss comes from its terrain model (ITM or
    ///     deygout-correction, as the footprints) on radials from the mast (``TerrainLossField``: the rule per pixel
    ///     is stated there), followed out to `radio.max_radius_m`; with a clutter map the receiver's class loss is
    ///     added at the pixel (ITM only). Nil: flat earth.
    /// - Throws: a model input outside its validity range or an invalid budget (naming the site), or a floor
    ///   above the coverage threshold less the shadow margin (the coverage rule could not be applied); over
    ///   terrain, DEM errors naming the tile and the site, or deygout-correction with a clutter map (not built).
    public static func compute(sites: [Site], environments: [Environment], radio s: RadioSettings,
                               settings p: PredictionSettings, grid: RasterGrid, inExtent: [Bool], clutter: ClutterMap? = nil,
                               terrain: TerrainCoverage? = nil, workers: Int = Parallel.defaultWorkers) async throws -> Prediction {
        precondition(inExtent.count == grid.pixelCount, "one extent flag per pixel")
        let network = try await Network.prepare(sites: sites, environments: environments, radio: s, settings: p, grid: grid,
                                                clutter: clutter, terrain: terrain, workers: workers)
        let n = Self.tilePixels, tilesX = network.tilesX
        let tiles = try await Parallel.map(count: tilesX * network.tilesY, workers: workers) { t -> Tile in
            network.tile(col0: (t % tilesX) * n, row0: (t / tilesX) * n, mask: inExtent, maskRow0: 0)
        }
        var out = Prediction(grid: grid, cells: network.cells,
                             rsrpDBm: [Float](repeating: .nan, count: grid.pixelCount), bestServer: [Int32](repeating: -1, count: grid.pixelCount),
                             overlap: [UInt8](repeating: overlapNoData, count: grid.pixelCount), pathLossDB: [Float](repeating: .nan, count: grid.pixelCount),
                             sinrDB: [Float](repeating: .nan, count: grid.pixelCount), covered: [Bool](repeating: false, count: grid.pixelCount),
                             inExtent: inExtent)
        for (t, tile) in tiles.enumerated() {
            let col0 = (t % tilesX) * n, row0 = (t / tilesX) * n
            for r in 0..<tile.rows {
                let src = r * tile.cols, dst = (row0 + r) * grid.width + col0
                for c in 0..<tile.cols {
                    out.rsrpDBm[dst + c] = tile.rsrp[src + c]; out.bestServer[dst + c] = tile.best[src + c]
                    out.overlap[dst + c] = tile.overlap[src + c]; out.pathLossDB[dst + c] = tile.pathLoss[src + c]
                    out.sinrDB[dst + c] = tile.sinr[src + c]; out.covered[dst + c] = tile.covered[src + c]
                }
            }
        }
        return out
    }

    /// Everything the pixel loop needs, built once per prediction: the cells as emitter groups (flat tables), the
    /// terrain fields, and per tile of ``tilePixels`` the groups whose reach meets it.
    struct Network: Sendable {
        var grid: RasterGrid
        var groups: [EmitterGroup]
        var cells: [PredictedCell]
        var flat: FlatNetwork
        var fields: [TerrainLossField]?
        var groupsOfTile: [[Int]]
        var tilesX: Int, tilesY: Int
        var radio: RadioSettings, settings: PredictionSettings, marginDB: Double, noiseMW: Double
        var clutter: ClutterMap?

        /// See ``Prediction/compute(sites:environments:radio:settings:grid:inExtent:clutter:terrain:workers:)`` for the
        /// parameters and what is thrown.
        static func prepare(sites: [Site], environments: [Environment], radio s: RadioSettings, settings p: PredictionSettings,
                            grid: RasterGrid, clutter: ClutterMap?, terrain: TerrainCoverage?, workers: Int) async throws -> Network {
            let margin = try RadioCoverage.linkBudget(powerDBm: 0, settings: s).shadowMarginDB
            guard p.floorDBm <= s.thresholdDBm - margin else {
                throw CoverageError.invalidInput(file: "", location: "predictions.floor_dbm",
                                                 message: "floor \(p.floorDBm) dBm must be at most the coverage threshold less the shadow margin (\(JSONValue.format(s.thresholdDBm - margin)) dBm)")
            }
            var built = try emitterGroups(sites: sites, environments: environments, radio: s, floorDBm: p.floorDBm, clutter: clutter,
                                           overTerrain: terrain != nil)
            var fields: [TerrainLossField]? = nil
            if let terrain {
                for (gi, g) in built.enumerated() {
                    let si = g.cells[0].info.siteIndex
                    let choice: TerrainModel
                    do { choice = try terrain.settings.model(environment: environments[si], bandMHz: g.bandMHz) } catch { throw RadioCoverage.located(error, site: sites[si]) }
                    if clutter != nil, choice == .deygoutCorrection {
                        throw CoverageError.invalidInput(file: "", location: "site \(sites[si].id)",
                                                         message: "prediction rasters over terrain with a clutter map are built for ITM only, not deygout-correction; use terrain model itm, remove clutter, or set predictions.enabled: false")
                    }
                    let model: FootprintModel = choice == .itm ? .itm : .deygoutCorrected(g.model)
                    for c in built[gi].cells.indices { built[gi].cells[c].info.terrainModel = model }
                }
                fields = try await TerrainLossField.build(groups: built, sites: sites, environments: environments, radio: s, terrain: terrain,
                                                          pixelMeters: grid.cellSizeMeters, workers: workers)
            }
            let groups = built
            let n = Prediction.tilePixels
            let tilesX = (grid.width + n - 1) / n, tilesY = (grid.height + n - 1) / n
            // Groups whose reach circle meets each tile (bounding-box test), in group order.
            var byTile = [[Int]](repeating: [], count: tilesX * tilesY)
            let tileSide = Double(n) * grid.cellSizeMeters
            for (gi, g) in groups.enumerated() {
                let c0 = max(0, Int(((g.x - g.reach - grid.originX) / tileSide).rounded(.down)))
                let c1 = min(tilesX - 1, Int(((g.x + g.reach - grid.originX) / tileSide).rounded(.down)))
                let r0 = max(0, Int(((grid.originY - g.y - g.reach) / tileSide).rounded(.down)))
                let r1 = min(tilesY - 1, Int(((grid.originY - g.y + g.reach) / tileSide).rounded(.down)))
                guard c0 <= c1, r0 <= r1 else { continue }
                for r in r0...r1 { for c in c0...c1 { byTile[r * tilesX + c].append(gi) } }
            }
            return Network(grid: grid, groups: groups, cells: groups.flatMap { g in g.cells.map(\.info) }, flat: FlatNetwork(groups),
                           fields: fields, groupsOfTile: byTile, tilesX: tilesX, tilesY: tilesY, radio: s, settings: p, marginDB: margin,
                           noiseMW: pow(10, p.noisePerResourceElementDBm / 10), clutter: clutter)
        }

        /// The tile whose top-left pixel is (col0, row0), or its first `rows` rows (a tile's piece: row0 need not be a
        /// multiple of ``Prediction/tilePixels``, but the piece stays within one tile row); `mask` holds the extent
        /// flags of whole grid rows from `maskRow0` on.
        func tile(col0: Int, row0: Int, rows: Int = Prediction.tilePixels, mask: [Bool], maskRow0: Int) -> Tile {
            let n = Prediction.tilePixels
            return Tile.compute(col0: col0, row0: row0, side: n, rows: rows, grid: grid, inExtent: mask, maskRow0: maskRow0,
                                groupIndices: groupsOfTile[(row0 / n) * tilesX + col0 / n], network: flat, groups: groups, radio: radio,
                                settings: settings, marginDB: marginDB, noiseMW: noiseMW, clutter: clutter, fields: fields)
        }
    }

    // MARK: Emitters

    /// One cell, ready for the pixel loop.
    struct Emitter: Sendable {
        var info: PredictedCell
        /// Global cell index (order of ``Prediction/cells``).
        var index: Int32
        /// P_RS − cable + G_rx − body − indoor (dBm): the median RSRP at 0 dB path loss through a 0 dBi antenna.
        var head: Double
        /// The 3D pattern with the cell's azimuth and tilts, or the 3GPP horizontal pattern.
        var pattern: AntennaPattern?
        var sector: SectorAntenna
        var azimuth: Double, mechanicalTilt: Double, electricalTilt: Double
        var reach2: Double
        /// 10^(head/10): the cell's power in linear units (mW per resource element at 0 dB loss, 0 dBi).
        var headLinear: Double
        /// Linear gain of the horizontal-only pattern against the direction (``horizontalTable(_:)``); nil for a 3D
        /// pattern (evaluated exactly per pixel).
        var bearingGain: [Float]?
        /// Cells with equal horizontal antennas (same ``SectorAntenna``, azimuth included) share one table: its index.
        var bearingKey = -1
    }

    /// Table positions per quadrant of the horizontal patterns' direction tables (``horizontalTable(_:)``).
    static let quadrantSteps = 1200

    /// The direction from a cell to a pixel `dx, dy` metres east and north of it as a position in its horizontal
    /// pattern's table: the "diamond angle" p ∈ [0, 4) — in each quadrant the share of the east–north offsets
    /// (|dx| / (|dx| + |dy|) from north in the first), clockwise from north like the bearing and monotone in it —
    /// times ``quadrantSteps``. It costs one division where the bearing costs an `atan2` (a quarter of the pixel
    /// loop's time before, `perf record` of `bench predict`). The pixel of the cell itself reads north (0).
    @inline(__always) static func directionPosition(dx: Double, dy: Double) -> Double {
        let ax = abs(dx), ay = abs(dy), sum = ax + ay
        guard sum > 0 else { return 0 }
        let p: Double
        if dx >= 0 { p = dy >= 0 ? ax / sum : 1 + ay / sum }
        else { p = dy < 0 ? 2 + ax / sum : 3 + ay / sum }
        return p * Double(quadrantSteps)
    }

    /// A horizontal pattern's linear gain at table positions k = 0 … 4·``quadrantSteps`` (the last closes the
    /// circle): position k lies in quadrant q = ⌊k / steps⌋ at share t = k / steps − q, which is the bearing
    /// 90°·q + atan2(t, 1 − t). Read with linear interpolation between positions (``horizontalGain(_:at:)``). The
    /// positions are at most 0.0955° apart (2/steps rad where t = ½, half that at the axes), finer than the 0.1°
    /// bearing table this replaced; against the exact pattern within 0.013 dB (at the kink where the 3GPP sector
    /// pattern meets its floor; PredictionTests.horizontalTableMatchesPattern).
    static func horizontalTable(_ sector: SectorAntenna) -> [Float] {
        let steps = quadrantSteps
        return (0...(4 * steps)).map { k in
            let q = k / steps, t = Double(k - q * steps) / Double(steps)
            let bearing = 90 * Double(q) + atan2(t, 1 - t) * 180 / .pi
            return Float(pow(10, (sector.gainDBi + sector.horizontalGainOffsetDB(bearingDegrees: bearing)) / 10))
        }
    }

    /// The gain of a ``horizontalTable(_:)`` stored from `offset` in `table`, at direction position `u` (``directionPosition(dx:dy:)``).
    @inline(__always) static func horizontalGain(_ table: UnsafeBufferPointer<Float>, offset: Int, at u: Double) -> Double {
        let last = 4 * quadrantSteps
        let i = min(Int(u), last - 1), w = u - Double(i)
        let a = Double(table[offset + i]), b = Double(table[offset + i + 1])
        return a + w * (b - a)
    }

    /// The cells of one site that share a mast height and carrier, hence one path loss per pixel (per
    /// receiver environment, with a clutter map).
    struct EmitterGroup: Sendable {
        var x: Double, y: Double, reach: Double, reach2: Double
        /// The model of the site's own environment (named in the outputs).
        var model: PropagationModel
        /// The model per environment of the clutter map (``ClutterMap/environments``), or `[model]` without one.
        var models: [PropagationModel]
        var bandMHz: Double, heightMeters: Double
        var needsBearing: Bool
        var cells: [Emitter]
        /// One table per entry of `models`.
        var pathGains: [PathGainTable]
        /// Groups with the same models, carrier and mast height share their tables (built to the farthest reach
        /// among them: a longer table holds the same values): its index.
        var pathGainKey = -1
    }

    /// The path gain 10^(−PL/10) of a group against ground distance: the model itself below
    /// ``exactBelowMeters``, else a table every 1 m to 2 km and every 10 m beyond, read with linear
    /// interpolation. Measured against the model (PredictionTests.pathGainTableMatchesModel): within
    /// 0.001 dB for the Hata family and free space at every distance.
    struct PathGainTable: Sendable {
        static let exactBelowMeters = 200.0, nearStep = 1.0, nearEnd = 2000.0, farStep = 10.0
        let near: [Float], far: [Float]
        let loss: @Sendable (Double) -> Double

        init(reachMeters: Double, loss: @escaping @Sendable (Double) -> Double) {
            self.loss = loss
            let nearCount = Int(Self.nearEnd / Self.nearStep) + 2, farCount = Int(max(reachMeters, Self.nearEnd) / Self.farStep) + 2
            near = (0..<nearCount).map { Float(pow(10, -loss(Double($0) * Self.nearStep) / 10)) }
            far = (0..<farCount).map { Float(pow(10, -loss(Double($0) * Self.farStep) / 10)) }
        }

        @inline(__always) func gain(_ d: Double) -> Double {
            if d < Self.exactBelowMeters { return pow(10, -loss(d) / 10) }
            let (table, x) = d < Self.nearEnd ? (near, d / Self.nearStep) : (far, d / Self.farStep)
            let i = min(Int(x), table.count - 2), t = x - Double(i)
            return Double(table[i]) + t * (Double(table[i + 1]) - Double(table[i]))
        }
    }

    /// - Parameter overTerrain: the groups' path loss will come from ``TerrainLossField``: every cell is followed to
    ///   `radio.max_radius_m` (as the terrain footprints), the flat model is neither validated nor tabulated.
    static func emitterGroups(sites: [Site], environments: [Environment], radio s: RadioSettings, floorDBm: Double,
                              clutter: ClutterMap? = nil, overTerrain: Bool = false) throws -> [EmitterGroup] {
        var groups: [EmitterGroup] = []
        var index: Int32 = 0
        var bearingKeys: [SectorAntenna: Int] = [:], bearingTables: [[Float]] = []
        for (si, site) in sites.enumerated() where site.technology.counts(toward: s.technology) {
            do {
                for c in site.cells {
                    let model = try s.model(environment: environments[si], bandMHz: c.bandMHz)
                    let models = try clutter.map { try $0.environments.map { try s.model(environment: $0, bandMHz: c.bandMHz) } } ?? [model]
                    if !overTerrain {
                        for m in models { _ = try m.validate(frequencyMHz: c.bandMHz, txHeightMeters: c.heightMeters, rxHeightMeters: s.rxHeightMeters) }
                    }
                    let isotropic = SectorAntenna(azimuthDegrees: 0, beamwidthDegrees: 360, maxAttenuationDB: 0, gainDBi: 0)
                    let head = try RadioCoverage.linkBudget(cell: c, settings: s)
                        .rsrpDBm(pathLossDB: 0, antenna: isotropic, bearingDegrees: 0)
                    let pattern = try CellFootprint.pattern(c, settings: s)
                    let sector = RadioCoverage.sectorAntenna(c, settings: s)
                    if let bad = sector.validationError() { throw bad }
                    let peak = pattern.map { p in p.gainDBi - min(p.verticalAttenuationDB.min() ?? 0, p.maxAttenuationDB) } ?? sector.gainDBi
                    let f = c.bandMHz, h = c.heightMeters, rx = s.rxHeightMeters
                    // Class losses are ≥ 0: the most favourable environment bounds the reach.
                    let reach = overTerrain ? s.maxRadiusMeters : models.map { m in FootprintSolver.radii(maxPathLossDB: [head + peak - floorDBm],
                                                      pathLossDB: { m.pathLossDB(distanceMeters: $0, frequencyMHz: f, txHeightMeters: h, rxHeightMeters: rx) },
                                                      minRadiusMeters: 1, maxRadiusMeters: s.maxRadiusMeters)[0] }.max()!
                    // One table per distinct antenna (a national network has a few hundred azimuths for 90,000 cells).
                    var table: [Float]? = nil, bearingKey = -1
                    if pattern == nil {
                        if let k = bearingKeys[sector] { bearingKey = k } else { bearingKey = bearingTables.count; bearingKeys[sector] = bearingKey
                            bearingTables.append(horizontalTable(sector)) }
                        table = bearingTables[bearingKey]
                    }
                    let e = Emitter(info: PredictedCell(siteIndex: si, siteID: site.id, cellID: c.id, bandMHz: f, model: model, reachMeters: reach),
                                    index: index, head: head, pattern: pattern, sector: sector, azimuth: c.azimuthDegrees ?? 0,
                                    mechanicalTilt: c.mechanicalTiltDegrees, electricalTilt: c.electricalTiltDegrees, reach2: reach * reach,
                                    headLinear: pow(10, head / 10), bearingGain: table, bearingKey: bearingKey)
                    index += 1
                    if let last = groups.indices.last, groups[last].cells[0].info.siteIndex == si,
                       groups[last].heightMeters == h, groups[last].bandMHz == f {
                        groups[last].cells.append(e)
                        groups[last].reach = max(groups[last].reach, reach)
                        groups[last].reach2 = groups[last].reach * groups[last].reach
                        groups[last].needsBearing = groups[last].needsBearing || c.azimuthDegrees != nil
                    } else {
                        groups.append(EmitterGroup(x: site.position.x, y: site.position.y, reach: reach, reach2: reach * reach, model: model, models: models,
                                                   bandMHz: f, heightMeters: h, needsBearing: c.azimuthDegrees != nil, cells: [e], pathGains: []))
                    }
                }
            } catch {
                throw RadioCoverage.located(error, site: site)
            }
        }
        // One path-gain table per environment for each set of groups with the same models, carrier and mast height,
        // out to the farthest cell among them (the values do not depend on the table's length).
        struct TableKey: Hashable { var models: [PropagationModel]; var bandMHz: Double, heightMeters: Double }
        var keyOf: [TableKey: Int] = [:], reachOf: [Double] = []
        for g in groups.indices where !overTerrain {
            let key = TableKey(models: groups[g].models, bandMHz: groups[g].bandMHz, heightMeters: groups[g].heightMeters)
            if let k = keyOf[key] { groups[g].pathGainKey = k; reachOf[k] = max(reachOf[k], groups[g].reach) }
            else { groups[g].pathGainKey = reachOf.count; keyOf[key] = reachOf.count; reachOf.append(groups[g].reach) }
        }
        var shared: [[PathGainTable]?] = reachOf.map { _ in nil }
        for g in groups.indices where !overTerrain {
            let k = groups[g].pathGainKey
            if shared[k] == nil {
                let f = groups[g].bandMHz, h = groups[g].heightMeters, rx = s.rxHeightMeters
                shared[k] = groups[g].models.map { m in
                    PathGainTable(reachMeters: reachOf[k]) { m.pathLossDB(distanceMeters: $0, frequencyMHz: f, txHeightMeters: h, rxHeightMeters: rx) }
                }
            }
            groups[g].pathGains = shared[k]!
        }
        return groups
    }

    // MARK: Tiles

    /// The groups and cells as plain values with every table in one buffer, so the pixel loop touches no
    /// reference-counted storage (Swift arrays inside the loop's structs would be retained per pixel and cell).
    struct FlatNetwork: Sendable {
        /// `near`/`far`: offsets of the first environment's tables; environment e's are `e · stride` further.
        struct Group { var x, y, reach2, heightMeters: Double; var near, nearCount, far, farCount, stride, firstCell, endCell: Int; var needsBearing: Bool }
        /// `bearingGain`: offset of the cell's horizontal table in `tables`, −1 for a 3D pattern.
        struct Cell { var headLinear, reach2, bandMHz: Double; var bearingGain: Int; var index: Int32; var group: Int, member: Int }
        var groups: [Group] = [], cells: [Cell] = [], tables: [Float] = []

        init(_ source: [EmitterGroup]) {
            // Shared tables are copied once: offsets per path-gain key and per bearing key.
            var pathGainOffset: [Int: Int] = [:], bearingOffset: [Int: Int] = [:]
            for (gi, g) in source.enumerated() {
                // Over terrain a group has no path-gain tables (its loss is a TerrainLossField).
                let nearCount = g.pathGains.first?.near.count ?? 0, farCount = g.pathGains.first?.far.count ?? 0
                let near: Int
                if g.pathGainKey >= 0, let o = pathGainOffset[g.pathGainKey] { near = o } else {
                    near = tables.count
                    if g.pathGainKey >= 0 { pathGainOffset[g.pathGainKey] = near }
                    for table in g.pathGains { tables += table.near; tables += table.far }
                }
                let far = near + nearCount
                let stride = nearCount + farCount
                let first = cells.count
                for (m, e) in g.cells.enumerated() {
                    var offset = -1
                    if let t = e.bearingGain {
                        if e.bearingKey >= 0, let o = bearingOffset[e.bearingKey] { offset = o } else {
                            offset = tables.count; tables += t
                            if e.bearingKey >= 0 { bearingOffset[e.bearingKey] = offset }
                        }
                    }
                    cells.append(Cell(headLinear: e.headLinear, reach2: e.reach2, bandMHz: g.bandMHz, bearingGain: offset, index: e.index, group: gi, member: m))
                }
                groups.append(Group(x: g.x, y: g.y, reach2: g.reach2, heightMeters: g.heightMeters, near: near, nearCount: nearCount,
                                    far: far, farCount: farCount, stride: stride, firstCell: first, endCell: cells.count,
                                    needsBearing: g.needsBearing))
            }
        }
    }

    struct Tile: Sendable {
        var cols: Int, rows: Int
        var rsrp: [Float], best: [Int32], overlap: [UInt8], pathLoss: [Float], sinr: [Float], covered: [Bool]

        static func compute(col0: Int, row0: Int, side: Int, rows rowLimit: Int? = nil, grid: RasterGrid, inExtent: [Bool], maskRow0: Int = 0, groupIndices: [Int], network: FlatNetwork,
                            groups: [EmitterGroup], radio s: RadioSettings, settings p: PredictionSettings, marginDB: Double, noiseMW: Double,
                            clutter: ClutterMap?, fields: [TerrainLossField]? = nil) -> Tile {
            let cols = min(side, grid.width - col0), rows = min(rowLimit ?? side, grid.height - row0), count = cols * rows
            var t = Tile(cols: cols, rows: rows, rsrp: [Float](repeating: .nan, count: count), best: [Int32](repeating: -1, count: count),
                         overlap: [UInt8](repeating: Prediction.overlapNoData, count: count), pathLoss: [Float](repeating: .nan, count: count),
                         sinr: [Float](repeating: .nan, count: count), covered: [Bool](repeating: false, count: count))
            let rx = s.rxHeightMeters
            // Thresholds in linear units (mW per resource element), compared with the cells' linear levels.
            let floor = pow(10, p.floorDBm / 10), cover = pow(10, (s.thresholdDBm + marginDB) / 10), overlapRatio = pow(10, -p.overlapMarginDB / 10)
            let exactBelow = PathGainTable.exactBelowMeters, nearStep = PathGainTable.nearStep, nearEnd = PathGainTable.nearEnd, farStep = PathGainTable.farStep
            // The cells that reach one pixel: (index, level mW, path gain, carrier MHz), in cell order.
            var heard: [(index: Int32, level: Double, pathGain: Double, band: Double)] = []
            heard.reserveCapacity(64)
            // Per clutter class: the linear factor of its loss.
            let classFactor = clutter?.classes.map { pow(10, -$0.lossDB / 10) } ?? []
            let views = fields?.map(\.view) ?? []
            withExtendedLifetime(fields) {
            views.withUnsafeBufferPointer { V in
            network.groups.withUnsafeBufferPointer { G in
            network.cells.withUnsafeBufferPointer { C in
            network.tables.withUnsafeBufferPointer { T in
            groupIndices.withUnsafeBufferPointer { all in
            // Blocks of ``cullPixels``² pixels: the groups whose reach meets the rectangle of the block's pixel centres
            // (a superset of those that reach any of its pixels, kept in order), so a pixel tests the groups around it
            // rather than every group whose reach meets the tile. The per-pixel test below decides as before.
            let side = Prediction.cullPixels
            var near: [Int] = []
            near.reserveCapacity(all.count)
            for br in stride(from: 0, to: rows, by: side) { for bc in stride(from: 0, to: cols, by: side) {
            let r1 = min(br + side, rows), c1 = min(bc + side, cols)
            let topLeft = grid.center(col: col0 + bc, row: row0 + br), bottomRight = grid.center(col: col0 + c1 - 1, row: row0 + r1 - 1)
            near.removeAll(keepingCapacity: true)
            for gi in all {
                let g = G[gi]
                let ex = max(topLeft.x - g.x, 0, g.x - bottomRight.x), ey = max(bottomRight.y - g.y, 0, g.y - topLeft.y)
                if ex * ex + ey * ey <= g.reach2 * (1 + 1e-9) + 1e-6 { near.append(gi) }
            }
            near.withUnsafeBufferPointer { mine in
            for r in br..<r1 {
                for c in bc..<c1 {
                    let k = r * cols + c
                    guard inExtent[(row0 - maskRow0 + r) * grid.width + col0 + c] else { continue }
                    let x = grid.center(col: col0 + c, row: row0 + r)
                    heard.removeAll(keepingCapacity: true)
                    var env = 0, factor = 1.0
                    if let map = clutter {
                        let cls = map.classIndex(x: x.x, y: x.y)
                        env = map.environmentSlot[cls]; factor = classFactor[cls]
                    }
                    for gi in mine {
                        let g = G[gi]
                        let dx = x.x - g.x, dy = x.y - g.y, d2 = dx * dx + dy * dy
                        guard d2 <= g.reach2 else { continue }
                        let d = d2.squareRoot()
                        var pathGain: Double
                        // Over terrain: the field's loss and the ground under the pixel (for 3D patterns' depression).
                        var ground = 0.0
                        if !V.isEmpty {
                            let f = V[gi].sample(dx: dx, dy: dy, distance: d)
                            pathGain = pow(10, -f.lossDB / 10); ground = f.groundMeters
                        } else if d < exactBelow {
                            pathGain = groups[gi].pathGains[env].gain(d)
                        } else {
                            let (base, n, u) = d < nearEnd ? (g.near, g.nearCount, d / nearStep) : (g.far, g.farCount, d / farStep)
                            let i = min(Int(u), n - 2), w = u - Double(i), o = base + env * g.stride
                            pathGain = Double(T[o + i]) + w * (Double(T[o + i + 1]) - Double(T[o + i]))
                        }
                        if clutter != nil { pathGain *= factor }
                        let u = g.needsBearing ? Prediction.directionPosition(dx: dx, dy: dy) : 0
                        var bearing = -1.0  // degrees from north, for 3D patterns: computed at their first cell
                        for ci in g.firstCell..<g.endCell {
                            let e = C[ci]
                            guard d2 <= e.reach2 else { continue }
                            let gain: Double
                            if e.bearingGain >= 0 {
                                gain = Prediction.horizontalGain(T, offset: e.bearingGain, at: u)
                            } else {
                                if bearing < 0, g.needsBearing { bearing = atan2(dx, dy) * 180 / .pi; if bearing < 0 { bearing += 360 } }
                                if bearing < 0 { bearing = 0 }
                                let cell = groups[e.group].cells[e.member]
                                // Over terrain, seen from the antenna top to the receiver over the ground (as the footprints).
                                let depression = !V.isEmpty ? atan2(V[gi].siteGroundMeters + g.heightMeters - ground - rx, max(d, 1e-9)) * 180 / .pi
                                    : AntennaPattern.depressionAngleDegrees(horizontalDistanceMeters: d, antennaHeightMeters: g.heightMeters, receiverHeightMeters: rx)
                                gain = pow(10, cell.pattern!.gainDBi(azimuthOffBoresightDegrees: bearing - cell.azimuth, elevationDownDegrees: depression,
                                                                    mechanicalTiltDegrees: cell.mechanicalTilt, electricalTiltDegrees: cell.electricalTilt) / 10)
                            }
                            let level = e.headLinear * gain * pathGain
                            if level >= floor { heard.append((e.index, level, pathGain, e.bandMHz)) }
                        }
                    }
                    t.overlap[k] = 0
                    guard var b = heard.first else { continue }
                    for h in heard.dropFirst() where h.level > b.level { b = h }
                    var overlap = 0, interference = 0.0
                    let near = b.level * overlapRatio
                    for h in heard {
                        if h.level >= cover && h.level >= near { overlap += 1 }
                        if h.index != b.index && h.band == b.band { interference += h.level }
                    }
                    let sinr = 10 * log10(b.level / (p.loadFactor * interference + noiseMW))
                    t.rsrp[k] = Float(10 * log10(b.level)); t.best[k] = b.index; t.pathLoss[k] = Float(-10 * log10(b.pathGain)); t.sinr[k] = Float(sinr)
                    t.overlap[k] = UInt8(min(overlap, 254))
                    t.covered[k] = b.level >= cover && (!p.coverageRequiresSINR || sinr >= p.sinrThresholdDB)
                }
            }
            } } }
            } } } } } }
            return t
        }
    }
}
