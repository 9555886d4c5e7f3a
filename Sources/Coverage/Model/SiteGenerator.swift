import Foundation

/// A seeded generator of a plausible 2017 operator network, because no public site list exists
/// for Quảng Trị. Its output is synthetic and must be labelled so (see data/README.md).
///
/// Method (all choices are assumptions, recorded with the output):
/// 1. Sites per district ∝ population^0.7 · area^0.3 (largest remainder, at least one per district):
///    operators build for people, but every district gets coverage sites along its roads.
/// 2. Within a district, candidate positions are population cells drawn with probability ∝ their
///    population (the ancillary-weighted surface puts people along roads and around towns), jittered
///    inside the cell, rejected when closer than the minimum spacing to an earlier site
///    (`townSpacingMeters` within `townRadiusMeters` of a GeoNames town, `ruralSpacingMeters` elsewhere).
/// 3. Technology: 4G with probability `lteShareNearTowns` within `townRadiusMeters` of a town and
///    `lteShareElsewhere` beyond (4G had just launched in 2017, mostly in Đông Hà and district towns); else 3G.
/// 4. Band: 4G on `lteBandMHz` (LTE band 3); 3G on `umtsTownBandMHz` near towns, `umtsRuralBandMHz` elsewhere.
///    Height `townHeightMeters` / `ruralHeightMeters`; power `powerDBm` per sector; three sectors at a
///    random offset and 120° apart.
public enum SiteGenerator {
    public struct Parameters: Sendable, Hashable {
        public var count = 320
        public var seed: UInt64 = 2017
        public var townRadiusMeters = 3000.0
        public var townSpacingMeters = 700.0
        public var ruralSpacingMeters = 2500.0
        public var lteShareNearTowns = 0.7
        public var lteShareElsewhere = 0.05
        public var lteBandMHz = 1815.0
        public var umtsTownBandMHz = 2140.0
        public var umtsRuralBandMHz = 947.5
        public var townHeightMeters = 30.0
        public var ruralHeightMeters = 40.0
        public var powerDBm = 43.0
        public var lteYear = 2017
        public init() {}
    }

    public struct GeneratedSite: Sendable {
        public var position: Point2
        public var districtIndex: Int
        public var technology: Technology
        public var bandMHz: Double
        public var heightMeters: Double
        public var powerDBm: Double
        public var azimuthsDegrees: [Double]
        public var year: Int
    }

    public static func generate(districts: [District], population: PopulationSurface, towns: [Point2],
                                parameters p: Parameters) -> [GeneratedSite] {
        var rng = SeededGenerator(seed: p.seed)
        let cells = population.cellsByDistrict(districtCount: districts.count)
        let areas = districts.map { d in d.polygons.reduce(0.0) { $0 + abs(Rings.signedArea2($1.exterior)) / 2 - $1.holes.reduce(0.0) { $0 + abs(Rings.signedArea2($1)) / 2 } } }
        let weights = districts.indices.map { pow(Double(max(districts[$0].population, 1)), 0.7) * pow(areas[$0] / 1e6, 0.3) }
        var counts = PopulationSurface.largestRemainder(total: max(p.count - districts.count, 0), weights: weights).map { Int($0) + 1 }
        for i in counts.indices where cells[i].isEmpty { counts[i] = 0 }
        let half = (population.cellSizeMeters ?? 0) / 2
        func nearTown(_ q: Point2) -> Bool {
            towns.contains { ($0.x - q.x) * ($0.x - q.x) + ($0.y - q.y) * ($0.y - q.y) <= p.townRadiusMeters * p.townRadiusMeters }
        }
        var out: [GeneratedSite] = []
        for (di, n) in counts.enumerated() where n > 0 {
            let cs = cells[di]
            var cumulative: [Double] = []
            var acc = 0.0
            for c in cs { acc += population.population[c] + 1e-9; cumulative.append(acc) }
            var placed: [Point2] = []
            var attempts = 0
            while placed.count < n && attempts < n * 400 {
                attempts += 1
                let r = rng.unit() * acc
                var lo = 0, hi = cumulative.count - 1
                while lo < hi { let m = (lo + hi) / 2; if cumulative[m] < r { lo = m + 1 } else { hi = m } }
                let c = population.positions[cs[lo]]
                let q = Point2(c.x + (rng.unit() * 2 - 1) * half, c.y + (rng.unit() * 2 - 1) * half)
                let town = nearTown(q)
                let spacing = town ? p.townSpacingMeters : p.ruralSpacingMeters
                // Relax spacing after many failures so small districts still get their sites.
                let relax = attempts > n * 200 ? 0.5 : 1.0
                if placed.contains(where: { ($0.x - q.x) * ($0.x - q.x) + ($0.y - q.y) * ($0.y - q.y) < spacing * spacing * relax * relax }) { continue }
                placed.append(q)
                let lte = rng.unit() < (town ? p.lteShareNearTowns : p.lteShareElsewhere)
                let offset = (rng.unit() * 120).rounded(.down)   // 0…119, so sectors stay below 360°
                let year = lte ? p.lteYear : 2009 + Int(rng.unit() * 8)
                out.append(GeneratedSite(position: q, districtIndex: di, technology: lte ? .lte : .umts,
                                         bandMHz: lte ? p.lteBandMHz : (town ? p.umtsTownBandMHz : p.umtsRuralBandMHz),
                                         heightMeters: town ? p.townHeightMeters : p.ruralHeightMeters, powerDBm: p.powerDBm,
                                         azimuthsDegrees: [offset, offset + 120, offset + 240], year: year))
            }
        }
        return out
    }
}
