import Foundation

/// The path loss of one emitter group (a site's cells of one mast height and carrier) over terrain, on a
/// polar grid of radials from the mast, for the prediction rasters — the Signal-Server / SPLAT! approach:
/// one terrain profile per radial and the model evaluated incrementally along it, each pixel then reading
/// the loss of its radial and distance instead of a profile of its own.
///
/// **Radials.** N = N₀·2ᴸ radials, equally spaced from grid north (clockwise), with 2ᴸ the largest power of
/// two for which N₀ = ⌈2πR / (s·2ᴸ)⌉ ≥ 8 (R the reach, s the pixel side): neighbouring radials are at most one
/// pixel apart at the far edge. Nearer the mast, fewer are needed: at distance r the *active* radials are those
/// whose index is a multiple of 2ᵐ⁽ʳ⁾, m(r) the largest m ≤ L with r·(2π/N)·2ᵐ ≤ s, so active radials are
/// always between half a pixel and a pixel apart (closer only within 0.64 s of the mast, where the 8·… coarsest
/// set is). Radial k is therefore only needed beyond r₀(k) = s·N / (2π·2^(t+1)), t the number of trailing zero
/// bits of k (at most L; t = L never stops), and the model is evaluated from the sample before r₀(k) outwards.
///
/// **Samples.** Along each radial the terrain is read as for the footprints (``TerrainFootprint``: samples at the
/// DEM's resolution or `terrain.sample_spacing_m`, lon/lat through the site's PROJ lattice, bilinear in the DEM,
/// short voids filled) and the loss is the footprints' model at every sample: ITM point to point to the sample
/// (``ITM/radialLossesDB(hTxMeters:hRxMeters:elevationsMeters:spacingMeters:frequencyMHz:parameters:firstIndex:lossesDB:deltaHStride:)``,
/// with Δh refreshed every ``deltaHStride`` samples beyond the first 100) or the statistical model at the effective
/// height plus Deygout (deygout-correction). No running median: a
/// raster pixel carries the point-to-point loss (the footprints' median only smooths their coverage edge).
///
/// **Rule per pixel.** A pixel centre at grid distance d and bearing φ takes the active radial nearest in angle
/// at d (ties: the lower index) and, along it, the loss linearly interpolated in dB between the two samples
/// around d (the first sample's loss within one sample of the mast, the last sample's at the reach). The ground
/// under the pixel (for the depression angle of a 3D pattern) is interpolated the same way.
///
/// Everything depends only on the site, the DEM and the settings; radials are computed in chunks on every
/// core and assembled in radial order, so the field is the same bit for bit whatever the number of workers.
public struct TerrainLossField: Sendable {
    let x: Double, y: Double
    /// N, and L (active radial sets: multiples of 2ᵐ, m = 0…L).
    let radials: Int, levels: Int
    /// Along-radial sample spacing in the projected plane (m) and the index of the last sample (at the reach).
    let gridSpacing: Double, samples: Int
    let pixelMeters: Double
    /// Ground elevation at the mast (m).
    let siteGroundMeters: Double
    /// Per radial: first stored sample and offset of that sample's value in `lossDB` / `groundMeters`; the path loss
    /// (dB) of samples first[k]…samples of each radial, radial after radial; the ground elevation (m) at the same
    /// samples (empty unless a cell of the group has a 3D pattern).
    let storage: Storage

    /// The field's values in memory of its own, read through plain pointers in the pixel loop (Swift arrays read from
    /// two threads there would be retained and released per pixel, on shared counters).
    final class Storage: @unchecked Sendable {
        let first: UnsafeMutableBufferPointer<Int32>, offset: UnsafeMutableBufferPointer<Int>
        let lossDB: UnsafeMutableBufferPointer<Float>, groundMeters: UnsafeMutableBufferPointer<Float>

        init(first: [Int32], offset: [Int], lossDB: [Float], groundMeters: [Float]) {
            func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
                let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(a.count, 1))
                _ = b.initialize(from: a)
                return UnsafeMutableBufferPointer(rebasing: b[0..<a.count])
            }
            self.first = copy(first); self.offset = copy(offset); self.lossDB = copy(lossDB); self.groundMeters = copy(groundMeters)
        }

        deinit { first.deallocate(); offset.deallocate(); lossDB.deallocate(); groundMeters.deallocate() }
    }

    /// The field as plain values and pointers into its storage, valid while the field lives.
    struct View {
        let x: Double, y: Double, radials: Int, levels: Int, gridSpacing: Double, samples: Int, pixelMeters: Double
        let siteGroundMeters: Double
        let first: UnsafePointer<Int32>, offset: UnsafePointer<Int>, lossDB: UnsafePointer<Float>, groundMeters: UnsafePointer<Float>?

        /// The loss (dB) and ground (m; the mast's ground when not stored) at grid offset (dx, dy) from the mast, distance d.
        @inline(__always) func sample(dx: Double, dy: Double, distance d: Double) -> (lossDB: Double, groundMeters: Double) {
            let m = TerrainLossField.level(distance: d, radials: radials, levels: levels, pixelMeters: pixelMeters)
            var bearing = atan2(dx, dy)
            if bearing < 0 { bearing += 2 * Double.pi }
            let active = radials >> m
            var j = Int((bearing / (2 * Double.pi) * Double(active)).rounded(.toNearestOrEven))
            if j >= active { j -= active }
            let k = j << m
            let u = d / gridSpacing
            var i = Int(u), w = u - Double(i)
            if i < 1 { i = 1; w = 0 } else if i >= samples { i = samples; w = 0 }
            let f = Int(first[k])
            if i < f { i = f; w = 0 }
            let o = offset[k] + i - f
            let a = Double(lossDB[o])
            let loss = w == 0 ? a : a + w * (Double(lossDB[o + 1]) - a)
            guard let g = groundMeters else { return (loss, siteGroundMeters) }
            let za = Double(g[o])
            return (loss, w == 0 ? za : za + w * (Double(g[o + 1]) - za))
        }
    }

    var view: View {
        View(x: x, y: y, radials: radials, levels: levels, gridSpacing: gridSpacing, samples: samples, pixelMeters: pixelMeters,
             siteGroundMeters: siteGroundMeters, first: UnsafePointer(storage.first.baseAddress!), offset: UnsafePointer(storage.offset.baseAddress!),
             lossDB: UnsafePointer(storage.lossDB.baseAddress!),
             groundMeters: storage.groundMeters.isEmpty ? nil : UnsafePointer(storage.groundMeters.baseAddress!))
    }

    /// Radials per work item.
    static let radialsPerChunk = 64

    /// ITM's terrain irregularity Δh is computed afresh every this many receivers along a radial (beyond the first
    /// 100 samples, which get their own), the receivers in between taking the last one: half of ITM's work per
    /// receiver is Δh (245 resampled points and two order statistics), and over 4 samples (124 m at 31 m) of a path
    /// of 3 km or more it barely moves. Measured on `bench predict-terrain` (one site, 25 km at 30 m): CPU time
    /// 9.2 → 6.1 s, pixels within 1 dB of a full-profile evaluation 88.0 → 87.9 % (hills) and 59.9 → 60.2 % (plain);
    /// every 8: 5.2 s, 87.8 %.
    static let deltaHStride = 4

    /// L and N for a reach and pixel side (see the type's comment).
    static func radialCount(reachMeters: Double, pixelMeters: Double) -> (radials: Int, levels: Int) {
        let needed = 2 * Double.pi * reachMeters / pixelMeters
        var levels = 0
        while needed / Double(1 << (levels + 1)) >= 8 { levels += 1 }
        let n0 = max(8, Int((needed / Double(1 << levels)).rounded(.up)))
        return (n0 << levels, levels)
    }

    /// m(r): radials active at distance r are the multiples of 2ᵐ.
    @inline(__always) static func level(distance r: Double, radials: Int, levels: Int, pixelMeters s: Double) -> Int {
        let unit = r * 2 * Double.pi / Double(radials)   // arc between neighbouring radials at r
        var m = 0
        while m < levels, unit * Double(1 << (m + 1)) <= s { m += 1 }
        return m
    }

    /// First sample radial k is needed at (one sample of slack before r₀(k)).
    static func firstSample(radial k: Int, radials: Int, levels: Int, pixelMeters s: Double, gridSpacing: Double) -> Int {
        let t = k == 0 ? levels : min(levels, k.trailingZeroBitCount)
        guard t < levels else { return 1 }
        let r0 = s * Double(radials) / (2 * Double.pi * Double(1 << (t + 1)))
        return max(1, Int((r0 / gridSpacing).rounded(.down)) - 1)
    }

    /// One chunk of a group's radials.
    struct Chunk: Sendable { var first: [Int32] = [], lossDB: [Float] = [], groundMeters: [Float] = [], siteGround = 0.0 }

    /// What a group needs to compute its radials.
    struct Plan: Sendable {
        let site: Site
        let heightMeters: Double, bandMHz: Double
        let choice: TerrainModel
        let statistical: PropagationModel?
        let radials: Int, levels: Int, samples: Int, gridSpacing: Double, pixelMeters: Double
        let lattice: LonLatLattice
        let keepGround: Bool

        func chunk(_ range: Range<Int>, radio s: RadioSettings, terrain: TerrainCoverage) throws -> Chunk {
            let t = terrain.settings
            var sampler = DEM.Sampler(terrain.dem)
            var reader = ProfileReader(site: site, gridSpacing: gridSpacing, samples: samples, lattice: lattice, voidFillMaxMeters: t.voidFillMaxMeters)
            var out = Chunk()
            var losses: [Double] = [], diffraction: [Double] = []
            for k in range {
                let z = try reader.read(bearingDegrees: Double(k) * 360 / Double(radials), sampler: &sampler)
                let spacing = reader.groundSpacingMeters
                let f = Self.first(k, self)
                switch choice {
                case .itm:
                    try ITM.radialLossesDB(hTxMeters: heightMeters, hRxMeters: s.rxHeightMeters, elevationsMeters: z, spacingMeters: spacing,
                                           frequencyMHz: bandMHz, parameters: t.itm, firstIndex: f, lossesDB: &losses,
                                           deltaHStride: TerrainLossField.deltaHStride)
                case .deygoutCorrection:
                    let m = statistical!, range = m.txHeightRangeMeters
                    KnifeEdge.radialDeygoutLossesDB(elevationsMeters: z, spacingMeters: spacing, hTxMeters: heightMeters, hRxMeters: s.rxHeightMeters,
                                                    frequencyMHz: bandMHz, effectiveEarthRadiusFactor: t.effectiveEarthRadiusFactor,
                                                    maxEdges: t.maxEdges, lossesDB: &diffraction)
                    let heights = EffectiveAntennaHeight.alongRadial(elevationsMeters: z, spacingMeters: spacing, antennaHeightMeters: heightMeters)
                    losses = [Double](repeating: .nan, count: z.count)
                    for i in f..<z.count {
                        let h = min(max(heights[i], range.lowerBound), range.upperBound)
                        losses[i] = m.pathLossDB(distanceMeters: Double(i) * spacing, frequencyMHz: bandMHz, txHeightMeters: h,
                                                 rxHeightMeters: s.rxHeightMeters) + diffraction[i]
                    }
                }
                out.first.append(Int32(f))
                for i in f...samples { out.lossDB.append(Float(losses[i])) }
                if keepGround { for i in f...samples { out.groundMeters.append(Float(z[i])) } }
                out.siteGround = z[0]
            }
            return out
        }

        static func first(_ k: Int, _ p: Plan) -> Int {
            TerrainLossField.firstSample(radial: k, radials: p.radials, levels: p.levels, pixelMeters: p.pixelMeters, gridSpacing: p.gridSpacing)
        }
    }

    /// The number of path-loss values a group's field holds (4 bytes each; twice that with the ground kept for a
    /// 3D pattern) for a reach, pixel side and sample spacing (m): what a run checks before building rasters over terrain.
    public static func storedSamples(reachMeters: Double, pixelMeters: Double, sampleSpacingMeters: Double) -> Int {
        let (n, levels) = radialCount(reachMeters: reachMeters, pixelMeters: pixelMeters)
        let samples = max(1, Int((reachMeters / sampleSpacingMeters).rounded(.up)))
        let spacing = reachMeters / Double(samples)
        return (0..<n).reduce(0) { $0 + samples + 1 - firstSample(radial: $1, radials: n, levels: levels, pixelMeters: pixelMeters, gridSpacing: spacing) }
    }

    /// The fields of every group, radial chunks on `workers` cores.
    /// - Throws: the site's terrain model, DEM or ITM errors, naming the site (the first in group and radial order).
    static func build(groups: [Prediction.EmitterGroup], sites: [Site], environments: [Environment], radio s: RadioSettings,
                      terrain: TerrainCoverage, pixelMeters: Double, workers: Int) async throws -> [TerrainLossField] {
        let projector = try Projector(terrain.projection)
        let t = terrain.settings
        let plans: [Plan] = try groups.map { g in
            let si = g.cells[0].info.siteIndex, site = sites[si]
            do {
                let choice = try t.model(environment: environments[si], bandMHz: g.bandMHz)
                var statistical: PropagationModel? = nil
                if choice == .deygoutCorrection { statistical = try s.model(environment: environments[si], bandMHz: g.bandMHz) }
                if choice == .itm {
                    var none: [Double] = []
                    try ITM.radialLossesDB(hTxMeters: g.heightMeters, hRxMeters: s.rxHeightMeters, elevationsMeters: [0, 0], spacingMeters: 1,
                                           frequencyMHz: g.bandMHz, parameters: t.itm, firstIndex: 2, lossesDB: &none)
                }
                let wanted = t.sampleSpacingMeters ?? terrain.dem.resolutionMeters(atLatitude: site.lat)
                guard wanted.isFinite, wanted > 0 else {
                    throw CoverageError.invalidInput(file: "", location: "terrain.sample_spacing_m", message: "sample spacing \(wanted) m must be > 0")
                }
                let samples = max(1, Int((g.reach / wanted).rounded(.up)))
                let (n, levels) = radialCount(reachMeters: g.reach, pixelMeters: pixelMeters)
                let lattice = try LonLatLattice(center: site.position, halfWidthMeters: g.reach * 1.05, cells: TerrainFootprint.latticeCells, projector: projector)
                return Plan(site: site, heightMeters: g.heightMeters, bandMHz: g.bandMHz, choice: choice, statistical: statistical,
                            radials: n, levels: levels, samples: samples, gridSpacing: g.reach / Double(samples), pixelMeters: pixelMeters,
                            lattice: lattice, keepGround: g.cells.contains { $0.pattern != nil })
            } catch {
                throw RadioCoverage.located(error, site: site)
            }
        }
        var items: [(plan: Int, range: Range<Int>)] = []
        for (p, plan) in plans.enumerated() {
            for a in stride(from: 0, to: plan.radials, by: radialsPerChunk) { items.append((p, a..<min(a + radialsPerChunk, plan.radials))) }
        }
        let work = items
        let chunks = try await Parallel.map(count: work.count, workers: workers) { i -> Result<Chunk, Error> in
            Result { try plans[work[i].plan].chunk(work[i].range, radio: s, terrain: terrain) }
        }
        var fields: [TerrainLossField] = []
        var next = 0
        for plan in plans {
            var first: [Int32] = [], offset: [Int] = [], loss: [Float] = [], ground: [Float] = [], siteGround = 0.0
            while next < work.count, work[next].plan == fields.count {
                let c: Chunk
                do { c = try chunks[next].get() } catch { throw RadioCoverage.located(error, site: plan.site) }
                first += c.first
                loss += c.lossDB; ground += c.groundMeters; siteGround = c.siteGround
                next += 1
            }
            // Offsets from the first samples: radial k holds samples first[k]…samples.
            var o = 0
            for f in first { offset.append(o); o += plan.samples + 1 - Int(f) }
            precondition(o == loss.count, "one stored value per radial sample")
            fields.append(TerrainLossField(x: plan.site.position.x, y: plan.site.position.y, radials: plan.radials, levels: plan.levels,
                                           gridSpacing: plan.gridSpacing, samples: plan.samples, pixelMeters: plan.pixelMeters,
                                           siteGroundMeters: siteGround, storage: Storage(first: first, offset: offset, lossDB: loss, groundMeters: ground)))
        }
        return fields
    }
}
