import Foundation

/// Flat-earth footprints of sites whose cells differ in height or band, or have a vertical pattern
/// (a 3D antenna pattern or a tilt). The received power along a bearing is then no longer monotone in
/// distance — a downtilted beam leaves a weaker ring near the mast — so the footprint comes from the
/// link budget evaluated along each radial, as over terrain: a sample is covered when some cell's
///
///     P_RS + G(φ, θ) − cable + G_rx − body − indoor − margin − PL(d) ≥ threshold
///
/// with G the cell's 3D gain (3GPP summing method, ``AntennaPattern``) at azimuth φ off its boresight and
/// depression angle θ = atan((h_cell − h_rx)/d) (flat earth), and PL the model its environment and band
/// choose. Covered intervals (ends interpolated where the margin crosses 0) become polar cells whose union
/// is the footprint (``TerrainFootprint/cellUnion(center:intervals:stepDegrees:context:overlay:)``); when
/// every radial is covered from the mast to a single edge, the footprint is the star polygon of the edges,
/// as over flat earth.
public enum CellFootprint {
    /// Spacing of the samples along each radial near the mast (m): a 10° vertical beam tilted 6° from a 30 m mast
    /// lights the ground between 165 m and 1.4 km, so 10 m resolves its near-site edge to ±5 m.
    public static let sampleSpacingMeters = 10.0
    /// Where the samples stop being evenly spaced (m): from here each sample lies ``sampleGrowth`` farther out than
    /// the one before (1 % of the distance). The depression angle θ = atan(h/d) changes by h/d² per metre, so past
    /// 1 km a 1 % step moves it by under 0.02° from a 35 m mast, and the path loss, linear in log d, changes
    /// evenly: an edge interpolated between such samples is off the curve by under 0.2 m at 10 km.
    public static let evenSamplesUpToMeters = 1000.0
    /// Ratio of consecutive sample distances past ``evenSamplesUpToMeters``.
    public static let sampleGrowth = 1.01

    /// The sample distances along a radial (m): 0, then every ``sampleSpacingMeters`` to ``evenSamplesUpToMeters``,
    /// then growing by ``sampleGrowth``; none beyond `maxMeters`, at least one after 0.
    static func sampleDistances(upTo maxMeters: Double) -> [Double] {
        var d: [Double] = [0]
        let even = Int((min(maxMeters, evenSamplesUpToMeters) / sampleSpacingMeters + 1e-9).rounded(.down))
        for i in 1...max(1, even) { d.append(Double(i) * sampleSpacingMeters) }
        var k = 1
        while evenSamplesUpToMeters * pow(sampleGrowth, Double(k)) <= maxMeters {
            d.append(evenSamplesUpToMeters * pow(sampleGrowth, Double(k))); k += 1
        }
        return d
    }

    /// The pattern a cell radiates with: its own, or — for a cell with a tilt but no pattern file — the
    /// 3GPP TR 36.814 model panel with the scenario's gain, horizontal beamwidth and front-to-back ratio
    /// (vertical θ3dB 10°, SLA_v 20 dB), so a tilt is never ignored.
    static func pattern(_ c: Cell, settings s: RadioSettings) throws -> AntennaPattern? {
        if let p = c.antenna { return p }
        guard c.isThreeDimensional else { return nil }
        guard c.azimuthDegrees != nil else {
            throw CoverageError.invalidInput(file: "", location: "cell \(c.id)", message: "an omni cell with a tilt needs an antenna pattern file (the model panel is a sector antenna)")
        }
        return try AntennaPattern.threeGPPModel(name: "3GPP TR 36.814 model panel (radio.* gain and beamwidth)",
                                                horizontalBeamwidthDegrees: s.beamwidthDegrees, maxAttenuationDB: s.frontToBackDB,
                                                verticalBeamwidthDegrees: 10, sideLobeLevelDB: 20, electricalTiltDegrees: 0, gainDBi: s.antennaGainDBi)
    }

    /// The footprint of a site's covered stretches along `intervals.count` radials: when every radial is covered from
    /// the mast out to one edge (no near-site null, no island), the star polygon of the edges, as for flat footprints;
    /// otherwise the union of the stretches' polar cells (``TerrainFootprint/cellUnion(center:intervals:stepDegrees:context:overlay:)``).
    static func footprint(index: Int, center: Point2, intervals: [TerrainFootprint.Intervals], stepDegrees step: Double,
                          context ctx: GEOSContext) throws -> Footprint {
        let radii = intervals.map { $0.last?.end ?? 0 }
        if intervals.allSatisfy({ $0.count == 1 && $0[0].start == 0 && $0[0].end > 0 }) {
            return Footprint(siteIndex: index, center: center, radiiMeters: radii)
        }
        return Footprint(siteIndex: index, center: center, radiiMeters: radii,
                         polygons: try TerrainFootprint.cellUnion(center: center, intervals: intervals, stepDegrees: step, context: ctx))
    }

    /// ``TerrainFootprint/coveredIntervals(lossesDB:allowedDB:at:)`` of the shortfalls −margin against 0 dB over samples
    /// 0…`last`, the same numbers (a sample is covered when its margin is ≥ 0; an edge is interpolated between the two
    /// samples beside it), with every sample of `skipping` and of 1…`prefix` covered and only their two ends held in
    /// `margins`.
    /// `result` is emptied first (its storage is kept: one buffer serves every bearing).
    static func coveredIntervals(margins: UnsafeMutableBufferPointer<Double>, last n: Int, skipping run: ClosedRange<Int>?, coveredThrough prefix: Int = 0,
                                 into result: inout TerrainFootprint.Intervals, at position: (Int, Double) -> Double) {
        result.removeAll(keepingCapacity: true)
        guard n >= 1 else { return }
        func covered(_ i: Int) -> Bool { -margins[i == 0 ? 1 : i] <= 0 }
        func crossing(_ i: Int) -> Double {
            let a = -margins[max(i, 1)], b = -margins[i + 1]
            guard i >= 1, a.isFinite, b.isFinite, a != b else { return position(i, 0.5) }
            return position(i, min(max((0 - a) / (b - a), 0), 1))
        }
        var i = 0
        while i <= n {
            guard covered(i) else { i += 1; continue }
            let start = i == 0 ? 0 : crossing(i - 1)
            var j = i
            while true {
                if j >= 1, j < prefix { j = prefix; continue }
                if let run, j >= run.lowerBound, j < run.upperBound { j = run.upperBound; continue }
                guard j < n, covered(j + 1) else { break }
                j += 1
            }
            let end = j == n ? position(n, 0) : crossing(j)
            if end > start { result.append((start, end)) }
            i = j + 1
        }
    }

    /// - Parameter clutter: the receiver's land class per location; nil for `environment` everywhere. With a map, the
    ///   loss at each sample is that of the model its class's environment selects plus the class's loss, and
    ///   `environment` (the class at the mast) only names the footprint's model in the outputs.
    ///   `everySample: true` evaluates every cell at every sample of every bearing (the reference the bounded loop
    ///   must equal, bit for bit; tests).
    ///   `radials`: the path loss and depression angle per sample of the sites before (one per run, shared by its
    ///   threads); nil computes this site's alone.
    static func footprint(site: Site, index: Int, environment: Environment, settings s: RadioSettings,
                          bearings: Int, context ctx: GEOSContext, clutter: ClutterMap? = nil,
                          everySample: Bool = false, radials: RadialCache? = nil) throws -> (Footprint, FootprintModel, [String]) {
        do {
            let step = 360 / Double(bearings), rx = s.rxHeightMeters
            let cache = radials ?? RadialCache(maxRadiusMeters: s.maxRadiusMeters)
            let distance = cache.distance
            var warnings: [String] = []
            var firstModel: PropagationModel? = nil
            /// Per cell, flattened for the inner loop: margin(k, i) = head[i] − min(horizontal[k] + vertical[i], cap)
            /// with head[i] = budget at 0 dBi + peak gain − PL(d_i); or, with a mechanical tilt (not separable),
            /// `general(k, i)` = the 3D gain, margin = budget + gain − PL.
            /// With a clutter map, `head` and `loss` hold one run of n + 1 samples per environment of the map.
            struct Prepared {
                var head: [Double]; var vertical: [Double]; var horizontal: [Double]; var cap: Double
                var base: Double; var loss: [Double]; var general: ((Int, Int) -> Double)?
                /// Separable cells: per sample i, the largest head at or beyond i over every environment, and the
                /// smallest vertical attenuation; beyond the last i where it reaches min(A_H + that, A_m) on a bearing
                /// the cell's margin is negative there, so the bearing's loop stops after it (`reach`).
                var headBeyond: [Double] = []; var verticalMin: Double = 0
                /// Without a clutter map: the first sample from which `head` never rises and `vertical` never falls (past
                /// a tilted beam's main lobe), so the margin never rises on any bearing and is ≥ 0 on one stretch
                /// from here at most, found by bisection (``monotoneFrom`` > every sample: no such stretch).
                var monotoneFrom = Int.max
                /// Without a clutter map: the last sample of the run 1… where `head` alone outweighs the deepest attenuation
                /// the cell can have on any bearing (min(max A_H + max A_V, A_m)), so its margin is ≥ 0 there on every
                /// bearing (0: none).
                var alwaysCovered = 0
            }
            var prepared: [Prepared] = []
            var samples = 1
            let environments = clutter?.environments ?? [environment]
            /// What a cell's height and band give (its models per environment, checked once), and what they give with
            /// its best possible allowed loss (reach, sample count, loss per sample, depression angles): the cells of a
            /// site usually share all of it, so it is computed once per distinct key and reused, value for value.
            var modelsOf: [[Double]: [PropagationModel]] = [:]
            /// A pattern's deepest attenuation A_m and its peak gain (gain less its shallowest attenuation), once per site.
            var depthOf: [(pattern: AntennaPattern, deepest: Double, peak: Double)] = []
            /// The vertical attenuation per sample of a pattern at an electrical tilt on a radial, once per site.
            var verticalOf: [(AntennaPattern, Double, RadialCache.Key, [Double])] = []
            func verticalCut(_ p: AntennaPattern, _ elec: Double, _ key: RadialCache.Key, _ depression: [Double]) -> [Double] {
                if let known = verticalOf.first(where: { $0.1 == elec && $0.2 == key && $0.0 == p }) { return known.3 }
                let v = depression.map { p.verticalAttenuation(elevationDownDegrees: AntennaPattern.clampElevation($0) - elec) }
                verticalOf.append((p, elec, key, v))
                return v
            }
            for c in site.cells {
                let f = c.bandMHz, h = c.heightMeters
                let model = try s.model(environment: environment, bandMHz: f)
                if firstModel == nil { firstModel = model }
                let models: [PropagationModel]
                if let known = modelsOf[[h, f]] { models = known } else {
                    models = try environments.map { try s.model(environment: $0, bandMHz: f) }
                    for m in models {
                        // Once per site: cells of one height and band (and environments sharing a model) say the same thing.
                        for w in try m.validate(frequencyMHz: f, txHeightMeters: h, rxHeightMeters: rx) where !warnings.contains(w) { warnings.append(w) }
                    }
                    modelsOf[[h, f]] = models
                }
                let isotropic = SectorAntenna(azimuthDegrees: 0, beamwidthDegrees: 360, maxAttenuationDB: 0, gainDBi: 0)
                let base = try RadioCoverage.linkBudget(cell: c, settings: s).maxPathLossDB(thresholdDBm: s.thresholdDBm, antenna: isotropic, bearingDegrees: 0)
                let pattern = try pattern(c, settings: s)
                let sector = RadioCoverage.sectorAntenna(c, settings: s)
                if let bad = sector.validationError() { throw bad }
                // Its cells usually share one pattern.
                let depth = pattern.map { p in
                    if let known = depthOf.first(where: { $0.pattern == p }) { return known }
                    let deepest = p.maxAttenuationDB
                    depthOf.append((p, deepest, p.gainDBi - min(p.verticalAttenuationDB.min() ?? 0, deepest)))
                    return depthOf[depthOf.count - 1]
                }
                let peak = depth?.peak ?? sector.gainDBi
                let key = RadialCache.Key(heightMeters: h, bandMHz: f, allowedLossDB: base + peak, environment: clutter == nil ? environment : nil)
                let radial = try cache.radial(key) { () throws -> RadialCache.Radial in
                    // Farthest reach: the boresight allowed loss at the pattern's peak gain, inverted through the model.
                    // (Class losses are ≥ 0, so the most favourable environment without one bounds the reach.)
                    let pls = models.map { m in { (d: Double) in m.pathLossDB(distanceMeters: d, frequencyMHz: f, txHeightMeters: h, rxHeightMeters: rx) } }
                    let reach = pls.map { FootprintSolver.radii(maxPathLossDB: [base + peak], pathLossDB: $0, minRadiusMeters: 1, maxRadiusMeters: s.maxRadiusMeters)[0] }.max()!
                    // Samples to the first one at or past the reach (the margin is negative beyond), within the radius.
                    let n = max(1, min(distance.count - 1, (distance.firstIndex { $0 >= reach } ?? distance.count - 1)))
                    return RadialCache.Radial(n: n, loss: pls.flatMap { pl -> [Double] in [0] + (1...n).map { pl(distance[$0]) } },
                                              depression: [0] + (1...n).map { AntennaPattern.depressionAngleDegrees(horizontalDistanceMeters: distance[$0], antennaHeightMeters: h, receiverHeightMeters: rx) })
                }
                let n = radial.n, loss = radial.loss, depression = radial.depression
                samples = max(samples, n)
                if let p = pattern {
                    let az = c.azimuthDegrees ?? 0
                    let mech = c.mechanicalTiltDegrees, elec = c.electricalTiltDegrees
                    if mech == 0 {
                        // Separable: A = min{[A_H(φ) − A_H(0)] + A_V(θ − e), A_m}, each cut read once per bearing / sample.
                        let h0 = p.horizontalAttenuationDB[0]
                        prepared.append(Prepared(
                            head: loss.map { base + p.gainDBi - $0 },
                            vertical: verticalCut(p, elec, key, depression),
                            horizontal: (0..<bearings).map { k in p.horizontalAttenuation(azimuthOffBoresightDegrees: Double(k) * step - az) - h0 },
                            cap: depth!.deepest, base: base, loss: loss, general: nil))
                    } else {
                        prepared.append(Prepared(head: [], vertical: [], horizontal: [], cap: 0, base: base, loss: loss, general: { k, i in
                            p.gainDBi(azimuthOffBoresightDegrees: Double(k) * step - az, elevationDownDegrees: depression[i],
                                      mechanicalTiltDegrees: mech, electricalTiltDegrees: elec) }))
                    }
                } else {
                    // The horizontal-only 3GPP pattern: no vertical term, no cap beyond its own A_m.
                    prepared.append(Prepared(
                        head: loss.map { base + sector.gainDBi - $0 }, vertical: [Double](repeating: 0, count: n + 1),
                        horizontal: (0..<bearings).map { k in -sector.horizontalGainOffsetDB(bearingDegrees: Double(k) * step) },
                        cap: .infinity, base: base, loss: loss, general: nil))
                }
            }
            for j in prepared.indices where prepared[j].general == nil {
                let n = prepared[j].loss.count / environments.count - 1
                var beyond = [Double](repeating: -.infinity, count: n + 1)
                var running = -Double.infinity
                for i in stride(from: n, through: 1, by: -1) {
                    for e in 0..<environments.count { running = max(running, prepared[j].head[e * (n + 1) + i]) }
                    beyond[i] = running
                }
                beyond[0] = running
                prepared[j].headBeyond = beyond
                prepared[j].verticalMin = prepared[j].vertical.dropFirst().min() ?? 0
                if clutter == nil {
                    let head = prepared[j].head, vertical = prepared[j].vertical
                    var from = max(n, 1)
                    while from > 1, head[from - 1] >= head[from], vertical[from - 1] <= vertical[from] { from -= 1 }
                    prepared[j].monotoneFrom = from
                    let deepest = min((prepared[j].horizontal.max() ?? 0) + (vertical.dropFirst().max() ?? 0), prepared[j].cap)
                    var m = 0
                    while m < n, head[m + 1] - deepest >= 0 { m += 1 }
                    prepared[j].alwaysCovered = m
                }
            }
            // The cells as plain values over one buffer of doubles (offsets into `store`), so the bearing loop copies no
            // arrays (copying a `Prepared` per cell and bearing retained and released its five arrays: 14 % of
            // `bench cells` in `perf record`).
            struct Flat { var head, vertical, horizontal, loss, headBeyond, n: Int; var cap, base, verticalMin: Double; var monotoneFrom: Int; var general: Int }
            var store: [Double] = [], flats: [Flat] = [], generals: [(Int, Int) -> Double] = []
            for c in prepared {
                func put(_ a: [Double]) -> Int { defer { store += a }; return store.count }
                var g = -1
                if let general = c.general { g = generals.count; generals.append(general) }
                flats.append(Flat(head: put(c.head), vertical: put(c.vertical), horizontal: put(c.horizontal), loss: put(c.loss),
                                  headBeyond: put(c.headBeyond), n: c.loss.count / environments.count, cap: c.cap, base: c.base,
                                  verticalMin: c.verticalMin, monotoneFrom: c.monotoneFrom, general: g))
            }
            // Samples 1…prefix are covered on every bearing by some cell (its margin is ≥ 0 there whatever the bearing): the
            // bearing loop skips them, as it skips the far run, holding only the ends (the reference evaluates them all).
            let prefix = clutter != nil || everySample ? 0 : min(samples, prepared.filter { $0.general == nil }.map(\.alwaysCovered).max() ?? 0)
            var intervals: [TerrainFootprint.Intervals] = []   // per bearing, once one is not a star's (below)
            var radii: [Double] = []
            var covered: TerrainFootprint.Intervals = [], keeping = false
            // Buffers the bearing loop writes in place (allocated once per footprint; plain pointers, so no copy-on-write or
            // uniqueness checks per write and nothing to retain when they are passed on).
            let best = UnsafeMutableBufferPointer<Double>.allocate(capacity: samples + 1)
            best.initialize(repeating: -.infinity)
            // With clutter: per sample of the current radial, its environment's index and its class's loss.
            let envAt = UnsafeMutableBufferPointer<Int>.allocate(capacity: samples + 1), extraAt = UnsafeMutableBufferPointer<Double>.allocate(capacity: samples + 1)
            envAt.initialize(repeating: 0); extraAt.initialize(repeating: 0)
            defer { best.deallocate(); envAt.deallocate(); extraAt.deallocate() }
            // The entries of `best` the last bearing wrote (the rest are −∞): 0…written, and `writtenAlso`.
            var written = 0, writtenAlso = (-1, -1)
            // Per bearing, the cells' monotone stretches found covered: samples from…to.
            var stretches: [(from: Int, to: Int)] = []
            // Copies that live to the end of the function: no closure scope, so the loop's variables stay plain locals.
            let S = UnsafeMutableBufferPointer<Double>.allocate(capacity: store.count), F = UnsafeMutableBufferPointer<Flat>.allocate(capacity: flats.count)
            _ = S.initialize(from: store); _ = F.initialize(from: flats)
            // Per cell, its reach on the bearing before (``reach(_:bearing:samples:hint:)``).
            let hints = UnsafeMutableBufferPointer<Int>.allocate(capacity: flats.count)
            hints.initialize(repeating: 0)
            defer { S.deallocate(); F.deallocate(); hints.deallocate() }
            /// The samples 1…r worth evaluating on bearing k (r ≤ n) of a separable cell: every sample past r has a
            /// negative margin.
            /// `hint`: the cell's answer on the bearing before (the horizontal pattern changes little from one bearing to the
            /// next, so the answer is usually a few samples away: searched outwards from it in doubling steps, then bisected).
            func reach(_ c: Flat, bearing k: Int, samples n: Int, hint: inout Int) -> Int {
                guard c.general < 0 else { return n }
                let bound = min(S[c.horizontal + k] + c.verticalMin, c.cap)
                // headBeyond is non-increasing: the last i in 0…n with headBeyond[i] ≥ bound (0 when there is none).
                @inline(__always) func reaches(_ i: Int) -> Bool { S[c.headBeyond + i] >= bound }
                var lo: Int, hi: Int   // the answer lies in lo…hi
                let h = min(max(hint, 0), n)
                if reaches(h) {
                    lo = h; var step = 1
                    while lo + step <= n, reaches(lo + step) { lo += step; step *= 2 }
                    hi = min(n, lo + step - 1)
                } else {
                    hi = h - 1; var step = 1
                    while hi - step >= 0, !reaches(hi - step + 1) { hi -= step; step *= 2 }
                    lo = max(0, hi - step + 1)
                    if hi < 0 { hi = 0 }
                }
                while lo < hi { let mid = (lo + hi + 1) / 2; if reaches(mid) { lo = mid } else { hi = mid - 1 } }
                hint = lo
                return min(n, lo + 1)
            }
            /// The exact best margin at sample i of bearing k (every cell), for the samples beside a change of sign.
            func exactBest(_ k: Int, _ i: Int) -> Double {
                var b = -Double.infinity
                for c in F {
                    let n = c.n
                    guard i < n else { continue }
                    let e = clutter == nil ? 0 : envAt[i], extra = clutter == nil ? 0 : extraAt[i]
                    if c.general >= 0 { b = max(b, c.base + generals[c.general](k, i) - S[c.loss + e * n + i] - extra) }
                    else { b = max(b, S[c.head + e * n + i] - extra - min(S[c.horizontal + k] + S[c.vertical + i], c.cap)) }
                }
                return b
            }
            for k in 0..<bearings {
                for i in 0...written { best[i] = -.infinity }
                if writtenAlso.0 >= 0 { best[writtenAlso.0] = -.infinity; best[writtenAlso.1] = -.infinity }
                writtenAlso = (-1, -1)
                stretches.removeAll(keepingCapacity: true)
                // best[1…dense] holds every cell's margin where the cell was evaluated (−∞ where it was skipped: its
                // margin is below 0 there); past `dense` only the stretches are covered.
                var dense = 0
                if let map = clutter {
                    let theta = Double(k) * step * .pi / 180, ux = sin(theta), uy = cos(theta)
                    for i in 1...samples {
                        let cls = map.classIndex(x: site.position.x + distance[i] * ux, y: site.position.y + distance[i] * uy)
                        envAt[i] = map.environmentSlot[cls]; extraAt[i] = map.classes[cls].lossDB
                    }
                    for (ci, c) in F.enumerated() {
                        let n = c.n
                        if c.general >= 0 {
                            let g = generals[c.general]
                            dense = max(dense, n - 1)
                            for i in 1..<n { best[i] = max(best[i], c.base + g(k, i) - S[c.loss + envAt[i] * n + i] - extraAt[i]) }
                        } else {
                            let hk = S[c.horizontal + k], cap = c.cap
                            let r = everySample ? n - 1 : reach(c, bearing: k, samples: n - 1, hint: &hints[ci])
                            guard r >= 1 else { continue }
                            dense = max(dense, r)
                            for i in 1...r { best[i] = max(best[i], S[c.head + envAt[i] * n + i] - extraAt[i] - min(hk + S[c.vertical + i], cap)) }
                        }
                    }
                } else {
                    for (ci, c) in F.enumerated() {
                        let n = c.n
                        if c.general >= 0 {
                            let g = generals[c.general]
                            dense = max(dense, n - 1)
                            for i in 1..<n { best[i] = max(best[i], c.base + g(k, i) - S[c.loss + i]) }
                        } else {
                            let hk = S[c.horizontal + k], cap = c.cap
                            let r = everySample ? n - 1 : reach(c, bearing: k, samples: n - 1, hint: &hints[ci])
                            guard r >= 1 else { continue }
                            // Every sample before the monotone stretch; on it, only where the margin turns negative.
                            let own = everySample ? r : min(r, c.monotoneFrom - 1)
                            dense = max(dense, own)
                            let head = c.head, vertical = c.vertical
                            @inline(__always) func margin(_ i: Int) -> Double { S[head + i] - min(hk + S[vertical + i], cap) }
                            if own > prefix { for i in (prefix + 1)...own { best[i] = max(best[i], margin(i)) } }
                            if own < r, margin(own + 1) >= 0 {
                                // The last sample of the stretch with a margin ≥ 0 (bisection: the margin only falls).
                                var lo = own + 1, hi = r
                                while lo < hi { let mid = (lo + hi + 1) / 2; if margin(mid) >= 0 { lo = mid } else { hi = mid - 1 } }
                                stretches.append((own + 1, lo))
                            }
                        }
                    }
                }
                if prefix >= 1 {
                    dense = max(dense, prefix)
                    best[1] = max(best[1], 0)
                    best[prefix] = max(best[prefix], 0)
                }
                // Stretches within the dense part mark their samples covered there (0 stands for a margin ≥ 0: only signs
                // matter, and the samples beside a change of sign get their exact margins below). Past `dense` every
                // stretch starts at dense + 1 or before, so the covered samples there are dense + 1 … the farthest end:
                // one run, held by its two ends.
                var runEnd = 0
                for (from, to) in stretches {
                    if from <= dense { for i in from...min(to, dense) { best[i] = max(best[i], 0) } }
                    runEnd = max(runEnd, to)
                }
                let run = runEnd > dense
                if run {
                    best[dense + 1] = 0
                    best[runEnd] = 0
                }
                // Past the dense part (and the run) every cell's margin is below 0: the radial ends at the next sample.
                let last = min(samples, (run ? runEnd : dense) + 1)
                // Samples a cell skipped have that cell's margin below 0, so every sign is right; the samples beside a
                // change of sign get their exact best margin, so the interpolated edges are those of a full evaluation.
                // (Inside the prefix every sample is covered: no change of sign.)
                func fix(_ i: Int) {
                    guard (best[i] >= 0) != (best[i + 1] >= 0) else { return }
                    best[i] = exactBest(k, i)
                    best[i + 1] = exactBest(k, i + 1)
                }
                let fixEnd = run ? dense + 1 : last
                if fixEnd > max(1, prefix) {
                    for i in max(1, prefix)..<fixEnd where (best[i] >= 0) != (best[i + 1] >= 0) { fix(i) }
                }
                if run, runEnd < last { fix(runEnd) }
                written = run ? dense + 1 : last
                if run { writtenAlso = (runEnd, last) }
                coveredIntervals(margins: best, last: last, skipping: run ? (dense + 1)...runEnd : nil, coveredThrough: prefix,
                                 into: &covered) { i, f in
                    i < samples ? distance[i] + f * (distance[i + 1] - distance[i]) : distance[i]
                }
                radii.append(covered.last?.end ?? 0)
                // While every bearing so far is one stretch from the mast (the footprint is then the star of the radii),
                // the stretches are not kept; the first other bearing brings the earlier ones back from their radii.
                let star = covered.count == 1 && covered[0].start == 0 && covered[0].end > 0
                if !star && !keeping { intervals = radii.dropLast().map { [(0, $0)] }; keeping = true }
                if keeping { intervals.append(covered) }
            }
            if let m = firstModel, let rmax = radii.max() {
                let valid = m.validDistanceMeters(frequencyMHz: site.bandMHz, txHeightMeters: site.heightMeters, rxHeightMeters: rx)
                if rmax > valid.upperBound * 1.0001 { warnings.append("footprint reaches \(Int(rmax)) m, beyond \(m)'s valid range (≤ \(Int(valid.upperBound)) m); extrapolated") }
            }
            if !keeping { return (Footprint(siteIndex: index, center: site.position, radiiMeters: radii), .flat(firstModel!), warnings.map { "site \(site.id): \($0)" }) }
            return (try footprint(index: index, center: site.position, intervals: intervals, stepDegrees: step, context: ctx),
                    .flat(firstModel!), warnings.map { "site \(site.id): \($0)" })
        } catch {
            throw RadioCoverage.located(error, site: site)
        }
    }
}

/// The samples of a radial that a cell's height, band and best allowed loss give — where it can reach, the path loss
/// per sample (per environment of the clutter map, or the site's one) and the depression angle per sample — computed
/// once per run for all the sites that share them (a national network has a few mast heights and bands, not one per
/// site). Values do not depend on which site or thread computes them first; at most ``capacity`` are kept.
final class RadialCache: @unchecked Sendable {
    struct Key: Hashable { var heightMeters, bandMHz, allowedLossDB: Double; var environment: Environment? }
    struct Radial: Sendable { var n: Int; var loss: [Double]; var depression: [Double] }
    /// ``CellFootprint/sampleDistances(upTo:)`` of the run's radius.
    let distance: [Double]
    static let capacity = 4096
    private var radials: [Key: Radial] = [:]
    private let lock = NSLock()
    init(maxRadiusMeters: Double) { distance = CellFootprint.sampleDistances(upTo: maxRadiusMeters) }

    func radial(_ key: Key, make: () throws -> Radial) rethrows -> Radial {
        if let known = lock.withLock({ radials[key] }) { return known }
        let r = try make()
        lock.withLock { if radials.count < Self.capacity { radials[key] = r } }
        return r
    }
}
