import Collections  // re-exports HeapModule (`Heap`); the main package depends on the Collections product only

/// One noded piece of cable and how much of it the OLTs reach.
public struct ReachSegment: Sendable, Hashable {
    /// The piece's geometry (metres), between two graph nodes (crossings, cable ends, OLTs).
    public var line: LineString2
    /// Id of the cable the piece belongs to.
    public var cableID: String
    public var lengthMeters: Double
    /// Network (along-cable) distance from the nearest OLT to the piece's first point, metres;
    /// nil when no OLT is connected.
    public var startDistanceMeters: Double?
    /// As `startDistanceMeters` for the piece's last point.
    public var endDistanceMeters: Double?
    /// Optical budget left at the piece's first point, metres: max over OLTs of (reach − network
    /// distance); negative or nil when no OLT reaches it. A new cable attached at distance t
    /// along the piece has `max(startBudget − t, endBudget − (length − t))` left.
    public var startBudgetMeters: Double?
    /// As `startBudgetMeters` for the piece's last point.
    public var endBudgetMeters: Double?
    /// Length within some OLT's reach, metres (0 ≤ served ≤ `lengthMeters`).
    public var servedLengthMeters: Double
    /// The served parts: empty, the whole piece, or one or two end pieces cut by linear referencing.
    public var servedParts: [LineString2]
    /// Whether any of the piece is served.
    public var isServed: Bool { servedLengthMeters > 0 }
    /// Whether all of the piece is served.
    public var isFullyServed: Bool
}

/// Fixed-broadband reach per district.
public struct DistrictReach: Sendable, Hashable {
    public var districtIndex: Int
    public var districtID: String
    /// Area within the drop distance of a served cable, clipped to the district, km².
    public var reachAreaKm2: Double
    /// Persons per household used for this district.
    public var householdSize: Double
    /// Persons on the district's population cells (the census total when it has none).
    public var population: Double
    /// Households, a whole number: the sum of the district's cells' whole households
    /// (``FixedReach/wholeHouseholds(persons:householdSize:)``), which is `population / householdSize`
    /// rounded half up; for a district without cells its census population ÷ household size, rounded alike.
    public var households: Double
    /// Households on cells whose centre lies in the reach area, a whole number: the sum of those
    /// cells' whole households (so 0 ≤ householdsReached ≤ households).
    public var householdsReached: Double
    /// 100 · householdsReached / households (0 for an empty district).
    public var householdsPercent: Double
    /// Aerial cable inside the district (clipped with GEOS), km.
    public var cableAerialKm: Double
    /// Underground and duct cable inside the district, km.
    public var cableUndergroundKm: Double
    /// The reach area inside the district (metres), for output.
    public var reach: [Polygon2]
}

/// Fixed-broadband (FTTH/GPON) reach over a cable network.
///
/// Model: a home is reachable when it lies within `dropDistanceMeters` (straight line) of a
/// cable point whose fibre distance along the network from some OLT is at most that OLT's reach.
/// This is the "distance to fibre" coverage proxy used in broadband mapping (e.g. Ofcom Connected
/// Nations and the EU Broadband Mapping guidelines measure premises passed within a drop distance
/// of the network); the reach limit follows GPON's 20 km logical reach (ITU-T G.984.1 §8).
/// Assumptions: every crossing or shared end point of two cables is a splice point (optimistic for
/// real networks, where crossing cables need a closure); fibre count and split-ratio capacity are
/// not limits; the drop follows a straight line.
public enum FixedReach {
    public struct Result: Sendable {
        /// Every noded cable piece, in a deterministic order (cable noding order, OLT splits inline).
        public var segments: [ReachSegment]
        /// Per district, in input order.
        public var districts: [DistrictReach]
        /// Per population cell: whether its centre lies in its district's reach area.
        public var cellReached: [Bool]
        /// Per population cell: its whole households (``FixedReach/wholeHouseholds(population:districts:settings:)``),
        /// 0 for cells outside every district. The planner counts households with these figures too.
        public var cellHouseholds: [Double]
        /// Connected parts of the network holding no OLT (not served; not an error).
        public var disconnectedPieces: Int
        /// Cable length in those parts, km.
        public var disconnectedKm: Double
        /// Total served cable length, km.
        public var servedKm: Double
        /// Total cable length after noding, km.
        public var totalKm: Double
        public var warnings: [String]
        /// Wall-clock seconds per computation phase, in order (for the benchmark; not output).
        public var phaseSeconds: [PhaseTime] = []
    }

    /// One timed phase of `compute`.
    public struct PhaseTime: Sendable {
        public var name: String
        public var seconds: Double
    }

    /// Computes the reach of `olts` over `cables` and the per-district statistics.
    ///
    /// Steps: validate; node and snap the cables into a graph (`NetworkGraph`); attach each OLT by
    /// projecting it onto its nearest cable piece; a multi-source Dijkstra (binary heap) keeps per
    /// node the best remaining budget b = max over OLTs of (reach − network distance); a piece of
    /// length L with budgets b_A, b_B at its ends is served for min(L, b_A) from A and min(L, b_B)
    /// from B (wholly when the two sum to at least L); the served parts, joined into runs along each
    /// cable, are buffered by the drop distance, clipped and unioned per district (districts in
    /// parallel, one GEOS context each).
    ///
    /// - Parameters:
    ///   - cables: ids unique, each with ≥ 2 distinct points (metres).
    ///   - olts: ids unique, reach ≥ 0, each within `settings.snapToleranceMeters` of a cable.
    ///   - districts: boundaries in metres; `population.district` indexes this array.
    ///   - workers: parallel workers for the per-district step (≥ 1).
    /// - Throws: `CoverageError.invalidInput` naming the bad cable or OLT id (the caller adds the
    ///   file), or for bad settings; `CoverageError.geos` on a GEOS failure.
    /// - Complexity: O(E log E) for the graph search over E noded pieces, plus GEOS noding, one
    ///   union of buffered lines per district and one prepared point test per population cell near the reach area.
    public static func compute(cables: [Cable], olts: [AccessNode], districts: [District], population: PopulationSurface,
                               settings: ReachSettings, workers: Int = Parallel.defaultWorkers) async throws -> Result {
        var clock = PhaseClock()
        try validate(cables: cables, olts: olts, settings: settings)
        clock.lap("validate")
        let ctx = GEOSContext()
        let graph = try NetworkGraph.build(cables: cables, olts: olts, snapTolerance: settings.snapToleranceMeters, context: ctx,
                                           clock: &clock)
        var warnings = graph.warnings
        let distance = nearestOLTDistance(graph: graph)
        let budget = remainingBudget(graph: graph, olts: olts)
        clock.lap("dijkstra")

        var segments: [ReachSegment] = []
        segments.reserveCapacity(graph.edges.count)
        var servedMeters = 0.0, totalMeters = 0.0
        for e in graph.edges {
            let L = e.lengthMeters
            let fromA = min(L, max(0, budget[e.a])), fromB = min(L, max(0, budget[e.b]))
            var parts: [LineString2] = []
            var served = 0.0
            let full = fromA + fromB >= L
            if full {
                parts = [e.line]; served = L
            } else {
                if fromA > 0 { parts.append(e.line.substring(from: 0, to: fromA)) }
                if fromB > 0 { parts.append(e.line.substring(from: L - fromB, to: L)) }
                served = fromA + fromB
            }
            servedMeters += served; totalMeters += L
            segments.append(ReachSegment(line: e.line, cableID: cables[e.cable].id, lengthMeters: L,
                                         startDistanceMeters: distance[e.a].isFinite ? distance[e.a] : nil,
                                         endDistanceMeters: distance[e.b].isFinite ? distance[e.b] : nil,
                                         startBudgetMeters: budget[e.a].isFinite ? budget[e.a] : nil,
                                         endBudgetMeters: budget[e.b].isFinite ? budget[e.b] : nil,
                                         servedLengthMeters: served, servedParts: parts, isFullyServed: full && L > 0))
        }

        // Components without an OLT.
        let component = graph.components()
        var hasOLT = Set<Int>()
        for n in graph.oltNodes { hasOLT.insert(component[n]) }
        var orphanLength: [Int: Double] = [:]
        for e in graph.edges where !hasOLT.contains(component[e.a]) { orphanLength[component[e.a], default: 0] += e.lengthMeters }
        let disconnectedMeters = orphanLength.values.reduce(0, +)
        if !orphanLength.isEmpty {
            warnings.append("\(orphanLength.count) cable piece(s) totalling \(formatMeters(disconnectedMeters)) connect to no OLT and serve nobody")
        }

        clock.lap("served parts")
        let households = wholeHouseholds(population: population, districts: districts, settings: settings)
        let stats = try await districtStatistics(cables: cables, served: servedRuns(segments), districts: districts,
                                                 population: population, cellHouseholds: households, settings: settings, workers: workers)
        var cellReached = [Bool](repeating: false, count: population.count)
        for s in stats { for c in s.reachedCells { cellReached[c] = true } }
        clock.lap("districts")
        for (k, name) in ["districts: cable km (summed over workers)", "districts: reach area (summed)", "districts: cells (summed)"].enumerated() {
            clock.note(name, stats.reduce(0) { $0 + $1.seconds[k] })
        }
        return Result(segments: segments, districts: stats.map(\.reach), cellReached: cellReached, cellHouseholds: households,
                      disconnectedPieces: orphanLength.count, disconnectedKm: disconnectedMeters / 1000,
                      servedKm: servedMeters / 1000, totalKm: totalMeters / 1000, warnings: warnings, phaseSeconds: clock.phases)
    }

    /// The served parts joined into runs: consecutive parts (in segment order) of the same cable,
    /// where one ends exactly where the next starts, become one line. The same point set as the
    /// parts, in about one line per cable instead of one per noded piece (GEOSNode keeps each
    /// cable's pieces in order along it), which makes the buffer-and-union step far cheaper.
    static func servedRuns(_ segments: [ReachSegment]) -> [LineString2] {
        var out: [LineString2] = []
        var cable = ""
        for s in segments {
            for part in s.servedParts {
                if let last = out.last?.points.last, s.cableID == cable, last == part.points.first! {
                    out[out.count - 1].points.append(contentsOf: part.points.dropFirst())
                } else {
                    out.append(part); cable = s.cableID
                }
            }
        }
        return out
    }

    /// Input checks: settings, each cable and OLT, and duplicate ids.
    static func validate(cables: [Cable], olts: [AccessNode], settings: ReachSettings) throws {
        try settings.validate()
        var seen = Set<String>()
        for c in cables {
            try c.validate()
            guard seen.insert(c.id).inserted else {
                throw CoverageError.invalidInput(file: "", location: "cable \(c.id)", message: "duplicate cable id '\(c.id)'")
            }
        }
        seen = []
        for o in olts {
            try o.validate()
            guard seen.insert(o.id).inserted else {
                throw CoverageError.invalidInput(file: "", location: "olt \(o.id)", message: "duplicate OLT id '\(o.id)'")
            }
        }
    }

    /// Multi-source Dijkstra (Dijkstra 1959, with a binary heap): per node the best remaining
    /// budget max over OLTs of (reach − network distance), −∞ when no OLT has budget ≥ 0 there.
    /// Budgets below zero are not propagated (they can serve nothing further on).
    static func remainingBudget(graph: NetworkGraph, olts: [AccessNode]) -> [Double] {
        var best = [Double](repeating: -.infinity, count: graph.nodes.count)
        var heap = Heap<HeapEntry>()
        for (i, o) in olts.enumerated() where o.reachMeters > best[graph.oltNodes[i]] {
            best[graph.oltNodes[i]] = o.reachMeters
        }
        for (n, b) in best.enumerated() where b >= 0 { heap.insert(HeapEntry(key: b, node: n)) }
        while let top = heap.popMax() {
            guard top.key == best[top.node] else { continue }   // stale entry
            for (edge, other) in graph.adjacency[top.node] {
                let nb = top.key - graph.edges[edge].lengthMeters
                if nb >= 0 && nb > best[other] {
                    best[other] = nb
                    heap.insert(HeapEntry(key: nb, node: other))
                }
            }
        }
        return best
    }

    /// Multi-source Dijkstra: network distance from the nearest OLT to every node (+∞ when none
    /// is connected), regardless of reach.
    static func nearestOLTDistance(graph: NetworkGraph) -> [Double] {
        var dist = [Double](repeating: .infinity, count: graph.nodes.count)
        var heap = Heap<HeapEntry>()
        for n in graph.oltNodes where dist[n] != 0 { dist[n] = 0; heap.insert(HeapEntry(key: 0, node: n)) }
        while let top = heap.popMin() {
            guard top.key == dist[top.node] else { continue }
            for (edge, other) in graph.adjacency[top.node] {
                let nd = top.key + graph.edges[edge].lengthMeters
                if nd < dist[other] { dist[other] = nd; heap.insert(HeapEntry(key: nd, node: other)) }
            }
        }
        return dist
    }

    struct HeapEntry: Comparable {
        var key: Double
        var node: Int
        static func < (l: HeapEntry, r: HeapEntry) -> Bool { l.key != r.key ? l.key < r.key : l.node > r.node }
    }

    struct DistrictOutcome: Sendable {
        var reach: DistrictReach
        var reachedCells: [Int]
        /// Seconds spent on: cable km, reach area (union, buffer, clip), cell tests.
        var seconds: [Double] = [0, 0, 0]
    }

    /// Per district (in parallel, one GEOS context per worker): cut the served lines near the district
    /// to its box grown by twice the drop distance, buffer each by the drop distance, clip the
    /// buffers to the district, union them, measure the area, test
    /// the district's cells against it (prepared geometry, bounding-box pre-check), and clip the
    /// cables for the aerial/underground km.
    static func districtStatistics(cables: [Cable], served: [LineString2], districts: [District], population: PopulationSurface,
                                   cellHouseholds: [Double], settings: ReachSettings, workers: Int) async throws -> [DistrictOutcome] {
        let drop = settings.dropDistanceMeters
        let servedBoxes = served.map { BoundingBox(points: $0.points)! }
        let cableBoxes = cables.map { BoundingBox(points: $0.line.points)! }
        let cells = population.cellsByDistrict(districtCount: districts.count)
        return try await Parallel.map(count: districts.count, workers: max(1, workers)) { di, ctx -> DistrictOutcome in
            let d = districts[di]
            let hh = settings.householdSize(of: d.id)
            var out = DistrictReach(districtIndex: di, districtID: d.id, reachAreaKm2: 0, householdSize: hh, population: 0,
                                    households: 0, householdsReached: 0, householdsPercent: 0, cableAerialKm: 0,
                                    cableUndergroundKm: 0, reach: [])
            let myCells = cells[di]
            out.population = myCells.isEmpty ? Double(d.population) : myCells.reduce(0) { $0 + population.population[$1] }
            out.households = myCells.isEmpty ? roundHalfUp(out.population / hh) : myCells.reduce(0) { $0 + cellHouseholds[$1] }
            guard !d.polygons.isEmpty else { return DistrictOutcome(reach: out, reachedCells: []) }
            let box = d.bounds
            let districtGeom = try ctx.multiPolygon(d.polygons)
            let prepared = try GEOSPrepared(districtGeom)

            var lap = PhaseClock()
            // Cable km inside the district.
            var aerial = 0.0, underground = 0.0
            for (ci, c) in cables.enumerated() where cableBoxes[ci].intersects(box) {
                let g = try ctx.lineString(c.line)
                let inside: Double
                if try prepared.contains(g) { inside = c.line.length }
                else if try prepared.intersects(g) { inside = try districtGeom.intersection(g).length() }
                else { continue }
                if c.placement.isUnderground { underground += inside } else { aerial += inside }
            }
            out.cableAerialKm = aerial / 1000
            out.cableUndergroundKm = underground / 1000
            lap.lap("cable km")

            // Reach area. Only the served lines within 2·drop of the district's box can reach it
            // (|Δx|, |Δy| ≤ distance); cutting them there keeps the cut ends' round caps at least
            // `drop` outside the box, so the clipped area is that of the uncut lines.
            let grown = BoundingBox(minX: box.minX - drop, minY: box.minY - drop, maxX: box.maxX + drop, maxY: box.maxY + drop)
            let cut = BoundingBox(minX: box.minX - 2 * drop, minY: box.minY - 2 * drop, maxX: box.maxX + 2 * drop, maxY: box.maxY + 2 * drop)
            let near = drop > 0 ? served.indices.filter { servedBoxes[$0].intersects(grown) }.flatMap { clip(served[$0], to: cut) } : []
            var reached: [Int] = []
            if !near.isEmpty {
                // Buffer each line; keep the buffers inside the district whole and clip the ones
                // crossing its boundary; then one unary (cascaded) union. On the benchmark's
                // overlapping lattices this was about 2× faster than union-then-clip and about 20×
                // faster than buffering the union of the lines (GEOS 3.11; GEOS-NOTES "clip-first").
                var pieces: [GEOSGeometryRef] = []
                for line in near {
                    let b = try ctx.lineString(line).buffer(drop, quadrantSegments: 8)
                    if try prepared.contains(b) { pieces.append(b) } else if try prepared.intersects(b) { pieces.append(try b.intersection(districtGeom)) }
                }
                let clipped = try ctx.collection(.geometryCollection, pieces).unaryUnion()
                out.reachAreaKm2 = try clipped.area() / 1e6
                out.reach = try clipped.polygons()
                lap.lap("reach area")
                if let rb = try clipped.bounds() {
                    let reachPrepared = try GEOSPrepared(clipped)
                    var households = 0.0
                    for c in myCells where rb.contains(population.positions[c]) {
                        if try reachPrepared.covers(population.positions[c]) { reached.append(c); households += cellHouseholds[c] }
                    }
                    out.householdsReached = households
                }
                lap.lap("cells")
            }
            out.householdsPercent = out.households > 0 ? 100 * out.householdsReached / out.households : 0
            var secs = [0.0, 0.0, 0.0]
            for (k, p) in lap.phases.enumerated() where k < 3 { secs[k] = p.seconds }
            return DistrictOutcome(reach: out, reachedCells: reached, seconds: secs)
        }
    }
}

extension FixedReach {
    /// `x` rounded to the nearest whole number, halves up (x ≥ 0): ⌊x + ½⌋.
    static func roundHalfUp(_ x: Double) -> Double { (x + 0.5).rounded(.down) }

    /// Whole households for a run of cells: cell i gets the step of the rounded running total,
    ///
    ///     H_i = R(P_i / s) − R(P_{i−1} / s),   P_i = persons on cells 1…i,   R(x) = ⌊x + ½⌋,
    ///
    /// with s = `householdSize` (persons per household, > 0). Every H_i is a whole number ≥ 0 (P_i
    /// does not decrease) within one of the cell's own P / s; the H_i add up to R(P_n / s), the
    /// run's households rounded half up; and any consecutive cells hold within one household of
    /// their fractional count. ("Cascade" rounding. Largest-remainder (Hamilton) rounding keeps the total
    /// too, but cells of whole persons tie — every 2-person cell has 2 / 3.5 = 0.571 households — and
    /// ties broken by index would heap a district's extra households at one end of it.)
    ///
    /// Example (s = 3.5, persons 2, 2, 2, 2, 2): P / s = 0.571, 1.143, 1.714, 2.286, 2.857, rounded
    /// 1, 1, 2, 2, 3 → households 1, 0, 1, 0, 1 (3 = R(10 / 3.5)).
    /// - Complexity: O(n).
    public static func wholeHouseholds(persons: [Double], householdSize: Double) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(persons.count)
        var running = 0.0, previous = 0.0
        for p in persons {
            running += p
            let r = roundHalfUp(running / householdSize)
            out.append(max(0, r - previous))
            previous = max(previous, r)
        }
        return out
    }

    /// Whole households per population cell, indexed like `population`: each district's cells, in
    /// index order, by ``wholeHouseholds(persons:householdSize:)`` with the district's household size
    /// (`settings.householdSize(of:)`); 0 for cells outside every district. A district's households
    /// (``DistrictReach/households``) are the sum over its cells, its reached households the sum over
    /// its reached cells, and the planner's households per cell are these same numbers — so every
    /// household figure of a run is a whole number and they add up.
    /// - Complexity: O(cells).
    public static func wholeHouseholds(population: PopulationSurface, districts: [District], settings: ReachSettings) -> [Double] {
        var out = [Double](repeating: 0, count: population.count)
        for (di, cells) in population.cellsByDistrict(districtCount: districts.count).enumerated() {
            let h = wholeHouseholds(persons: cells.map { population.population[$0] }, householdSize: settings.householdSize(of: districts[di].id))
            for (k, c) in cells.enumerated() { out[c] = h[k] }
        }
        return out
    }
}

/// Wall-clock lap timer for `FixedReach.Result.phaseSeconds`.
struct PhaseClock {
    private var last = ContinuousClock.now
    private(set) var phases: [FixedReach.PhaseTime] = []
    mutating func lap(_ name: String) {
        let now = ContinuousClock.now
        let d = now - last
        phases.append(FixedReach.PhaseTime(name: name, seconds: Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18))
        last = now
    }
    /// Records a figure measured elsewhere (does not restart the lap).
    mutating func note(_ name: String, _ seconds: Double) { phases.append(FixedReach.PhaseTime(name: name, seconds: seconds)) }
}

/// The parts of `line` inside `box` (Liang–Barsky per segment; consecutive inside segments stay
/// joined). Parts of zero length are dropped.
func clip(_ line: LineString2, to box: BoundingBox) -> [LineString2] {
    let pts = line.points
    if let b = BoundingBox(points: pts), b.minX >= box.minX, b.maxX <= box.maxX, b.minY >= box.minY, b.maxY <= box.maxY { return [line] }
    var out: [LineString2] = []
    var run: [Point2] = []
    func close() {
        if run.count >= 2 && LineString2(run).length > 0 { out.append(LineString2(run)) }
        run = []
    }
    for i in pts.indices.dropFirst() {
        let a = pts[i - 1], b = pts[i]
        let dx = b.x - a.x, dy = b.y - a.y
        var t0 = 0.0, t1 = 1.0
        var empty = false
        for (p, q) in [(-dx, a.x - box.minX), (dx, box.maxX - a.x), (-dy, a.y - box.minY), (dy, box.maxY - a.y)] {
            if p == 0 { if q < 0 { empty = true; break } ; continue }
            let r = q / p
            if p < 0 { if r > t1 { empty = true; break }; if r > t0 { t0 = r } }
            else { if r < t0 { empty = true; break }; if r < t1 { t1 = r } }
        }
        if empty { close(); continue }
        let entry = t0 == 0 ? a : Point2(a.x + t0 * dx, a.y + t0 * dy)
        let exit = t1 == 1 ? b : Point2(a.x + t1 * dx, a.y + t1 * dy)
        if t0 > 0 || run.isEmpty { close(); run = [entry] }
        run.append(exit)
        if t1 < 1 { close() }
    }
    close()
    return out
}
