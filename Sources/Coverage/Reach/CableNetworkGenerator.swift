import Foundation

/// A synthetic 2017 baseline fibre network for Quảng Trị.
///
/// There is no public map of VNPT's or Viettel's cables, so the baseline is synthesised from
/// public layers, with every choice below an assumption (recorded in the run summary through
/// `Parameters`), not data:
/// - backbone: the national-road geometry itself (trunk fibre follows QL1A, QL9 and the Hồ Chí
///   Minh road on poles or in roadside ducts), cut into pieces of a few km;
/// - one OLT per district, at the GeoNames town inside the district nearest the district's point on
///   surface; a district without a town gets it at its most populous population cell (or at its
///   point on surface when no population is given);
/// - a feeder cable from each OLT in a straight line to the nearest backbone point (overshooting
///   the backbone by `feederOvershootMeters` so the noding sees a proper crossing);
/// - a star of distribution cables around each OLT;
/// - placement: a share `aerialShare` of the length aerial (Vietnamese access networks were
///   mostly strung on poles in 2017; the 70–80 % band is an assumption, not a published figure),
///   the rest underground or in duct, assigned by a seeded greedy quota so the realised share is
///   within half the longest cable of the target;
/// - years built uniform in `firstYear...baselineYear` (≤ 2017).
///
/// Deterministic: the same inputs and seed give identical output (`SeededGenerator`, fixed loop order).
public enum CableNetworkGenerator {
    /// Generator parameters; every default is an assumption documented on its field.
    public struct Parameters: Sendable, Hashable {
        /// Mean backbone piece length, metres (pieces are 0.5–1.5 × this). Default 3 km.
        public var backbonePieceMeters: Double
        /// Target aerial share of total cable length, 0...1. Default 0.75 (assumed band 0.70–0.80).
        public var aerialShare: Double
        /// Of the non-aerial length, the share in duct (the rest direct-buried). Default 0.5.
        public var ductShareOfUnderground: Double
        /// Distribution arms per OLT. Default 4 (a star).
        public var distributionArms: Int
        /// Length of each distribution arm, metres. Default 1 km (so ≈ 4 km per town).
        public var distributionArmMeters: Double
        /// How far a feeder continues past the backbone so that noding connects it, metres. Default 1 m.
        public var feederOvershootMeters: Double
        /// OLT reach, metres. Default 20 km (GPON logical reach, ITU-T G.984.1 §8).
        public var oltReachMeters: Double
        /// Split ratio recorded on the OLTs. Default 32 (1:32, a common GPON class B+ split).
        public var splitRatio: Int
        /// Fibre counts per kind. Defaults 48 / 24 / 12.
        public var backboneFibres: Int, feederFibres: Int, distributionFibres: Int
        /// Years built are drawn uniformly in `firstYear...baselineYear`. Defaults 2008 and 2017.
        public var firstYear: Int, baselineYear: Int

        public init(backbonePieceMeters: Double = 3000, aerialShare: Double = 0.75, ductShareOfUnderground: Double = 0.5,
                    distributionArms: Int = 4, distributionArmMeters: Double = 1000, feederOvershootMeters: Double = 1,
                    oltReachMeters: Double = 20_000, splitRatio: Int = 32,
                    backboneFibres: Int = 48, feederFibres: Int = 24, distributionFibres: Int = 12,
                    firstYear: Int = 2008, baselineYear: Int = 2017) {
            self.backbonePieceMeters = backbonePieceMeters; self.aerialShare = aerialShare
            self.ductShareOfUnderground = ductShareOfUnderground
            self.distributionArms = distributionArms; self.distributionArmMeters = distributionArmMeters
            self.feederOvershootMeters = feederOvershootMeters; self.oltReachMeters = oltReachMeters
            self.splitRatio = splitRatio; self.backboneFibres = backboneFibres; self.feederFibres = feederFibres
            self.distributionFibres = distributionFibres; self.firstYear = firstYear; self.baselineYear = baselineYear
        }
    }

    /// Generates the baseline network.
    /// - Parameters:
    ///   - roads: national roads in metres (the backbone routes).
    ///   - towns: GeoNames populated places in metres.
    ///   - districts: boundaries in metres; one OLT each.
    ///   - population: optional surface; a district without a town gets its OLT at its most populous cell.
    ///   - seed: the seed of all random choices.
    /// - Throws: `CoverageError.invalidInput` for parameters out of range; `CoverageError.geos` on a GEOS failure.
    public static func generate(roads: [LineString2], towns: [(name: String, position: Point2)], districts: [District],
                                population: PopulationSurface? = nil, seed: UInt64,
                                parameters p: Parameters = Parameters()) throws -> (cables: [Cable], olts: [AccessNode]) {
        guard p.backbonePieceMeters.isFinite, p.backbonePieceMeters > 0, (0...1).contains(p.aerialShare),
              (0...1).contains(p.ductShareOfUnderground), p.distributionArms >= 0, p.distributionArmMeters >= 0,
              p.oltReachMeters >= 0, p.firstYear <= p.baselineYear, p.feederOvershootMeters >= 0 else {
            throw CoverageError.invalidInput(file: "", location: "cable_generator", message: "parameters out of range: \(p)")
        }
        var rng = SeededGenerator(seed: seed)
        let ctx = GEOSContext()
        var lines: [(id: String, kind: CableKind, line: LineString2, fibres: Int)] = []

        // Backbone: each road cut into pieces of 0.5–1.5 × the mean length.
        for (ri, road) in roads.enumerated() where road.points.count >= 2 && road.length > 0 {
            let total = road.length
            var start = 0.0, k = 0
            while start < total {
                var end = start + p.backbonePieceMeters * (0.5 + rng.unit())
                if total - end < 0.5 * p.backbonePieceMeters { end = total }   // no stub at the end
                lines.append(("BB-\(ri + 1)-\(k + 1)", .backbone, road.substring(from: start, to: end), p.backboneFibres))
                start = end; k += 1
            }
        }

        // OLT per district.
        let cellsByDistrict = population?.cellsByDistrict(districtCount: districts.count)
        var olts: [AccessNode] = []
        for (di, d) in districts.enumerated() where !d.polygons.isEmpty {
            let geom = try ctx.multiPolygon(d.polygons)
            let prepared = try GEOSPrepared(geom)
            let anchor = try geom.pointOnSurface()
            var site: Point2?
            var bestD = Double.infinity
            for t in towns where try prepared.covers(t.position) {
                let dd = hypot2(t.position, anchor)
                if dd < bestD { bestD = dd; site = t.position }
            }
            if site == nil, let population, let cells = cellsByDistrict?[di], !cells.isEmpty {
                let top = cells.max { population.population[$0] < population.population[$1] || (population.population[$0] == population.population[$1] && $0 > $1) }!
                site = population.positions[top]
            }
            let pos = site ?? anchor
            olts.append(AccessNode(id: "OLT-\(d.id)", technology: .gpon, position: pos, reachMeters: p.oltReachMeters, splitRatio: p.splitRatio))

            // Feeder to the nearest backbone point, overshooting slightly.
            if let (q, dist) = nearestPoint(on: roads, to: pos), dist > 1e-6 {
                let ux = (q.x - pos.x) / dist, uy = (q.y - pos.y) / dist
                let end = Point2(q.x + ux * p.feederOvershootMeters, q.y + uy * p.feederOvershootMeters)
                lines.append(("FD-\(d.id)", .feeder, LineString2([pos, end]), p.feederFibres))
            }
            // Distribution star at a random rotation.
            if p.distributionArms > 0 && p.distributionArmMeters > 0 {
                let rot = rng.unit() * 2 * Double.pi
                for a in 0..<p.distributionArms {
                    let ang = rot + 2 * Double.pi * Double(a) / Double(p.distributionArms)
                    let tip = Point2(pos.x + p.distributionArmMeters * cos(ang), pos.y + p.distributionArmMeters * sin(ang))
                    lines.append(("DS-\(d.id)-\(a + 1)", .distribution, LineString2([pos, tip]), p.distributionFibres))
                }
            }
        }

        // Placement by a greedy quota over a seeded shuffle: aerial while that keeps the aerial
        // length nearest the target share of the total.
        let total = lines.reduce(0) { $0 + $1.line.length }
        var order = Array(lines.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        var placement = [CablePlacement](repeating: .aerial, count: lines.count)
        var aerialSoFar = 0.0
        let target = p.aerialShare * total
        for i in order {
            let len = lines[i].line.length
            if aerialSoFar + len / 2 <= target { aerialSoFar += len; placement[i] = .aerial }
            else { placement[i] = rng.unit() < p.ductShareOfUnderground ? .duct : .underground }
        }
        let years = p.baselineYear - p.firstYear + 1
        let cables = lines.enumerated().map { i, l in
            Cable(id: l.id, kind: l.kind, placement: placement[i], yearBuilt: p.firstYear + Int(rng.next() % UInt64(years)),
                  fibres: l.fibres, line: l.line)
        }
        return (cables, olts)
    }

    /// Nearest point on any road to `p`, with its distance; nil without roads.
    static func nearestPoint(on roads: [LineString2], to p: Point2) -> (Point2, Double)? {
        var best: (Point2, Double)?
        for r in roads {
            for i in r.points.indices.dropFirst() {
                let a = r.points[i - 1], b = r.points[i]
                let dx = b.x - a.x, dy = b.y - a.y
                let len2 = dx * dx + dy * dy
                let t = len2 > 0 ? min(max(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0), 1) : 0
                let q = Point2(a.x + t * dx, a.y + t * dy)
                let d = hypot2(p, q)
                if best == nil || d < best!.1 { best = (q, d) }
            }
        }
        return best
    }
}
