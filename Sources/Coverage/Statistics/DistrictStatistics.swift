/// Covered area and population of one district.
public struct DistrictCoverage: Sendable {
    public var districtIndex: Int
    /// District area (km²) in the projected CRS.
    public var areaKm2: Double
    /// Area covered (km²).
    public var coveredAreaKm2: Double
    /// Population on the district's cells (persons).
    public var population: Double
    /// Population on covered cells (a cell counts when its centre is covered).
    public var coveredPopulation: Double
    /// The covered part of the district, in the projected CRS.
    public var coverage: [Polygon2]

    public var coveredAreaPercent: Double { areaKm2 > 0 ? 100 * coveredAreaKm2 / areaKm2 : 0 }
    public var coveredPopulationPercent: Double { population > 0 ? 100 * coveredPopulation / population : 0 }
}

/// District statistics through GEOS: per district, the footprints that reach it (STRtree query),
/// clipped first (a prepared district passes whole footprints without an overlay and intersects
/// only the crossing ones), one unary union of the pieces, and a prepared covers test of each
/// population cell centre. Districts run in parallel, one GEOS context per worker.
public enum DistrictStatistics {
    public struct Result: Sendable {
        public var districts: [DistrictCoverage]
        /// Per population cell: covered or not.
        public var cellCovered: [Bool]
    }

    /// - Parameters:
    ///   - footprints: covered polygons in the projected CRS (any number; may overlap).
    ///   - keepGeometry: whether to return the covered polygons (needed for map output).
    /// - Complexity: per district, O(k log n) to find the k footprints reaching it plus the overlay.
    public static func compute(districts: [District], footprints: [Polygon2], population: PopulationSurface,
                               keepGeometry: Bool = true, workers: Int = Parallel.defaultWorkers) async throws -> Result {
        let perDistrict = try await compute(districts.indices.map { $0 }, districts: districts, footprints: footprints, population: population,
                                            keepGeometry: keepGeometry, workers: workers)
        var cellCovered = [Bool](repeating: false, count: population.count)
        for d in perDistrict { for c in d.coveredCells { cellCovered[c] = true } }
        return Result(districts: perDistrict.map(\.coverage), cellCovered: cellCovered)
    }

    /// The statistics of the districts `indices` alone, with the covered population cells of each. A district's
    /// figures depend only on the footprints that reach it, in their order, so they equal what ``compute(districts:footprints:population:keepGeometry:workers:)``
    /// gives it: `sim serve` recomputes only the districts an edit touches.
    public static func compute(_ indices: [Int], districts: [District], footprints: [Polygon2], population: PopulationSurface,
                               keepGeometry: Bool = true, workers: Int = Parallel.defaultWorkers) async throws -> [(coverage: DistrictCoverage, coveredCells: [Int])] {
        let boxes = footprints.map { BoundingBox(points: $0.exterior)! }
        // Exactly equal footprints (sites at one place with the same radio) add nothing to the union
        // but each costs an overlay: only the first of each is used. Without duplicates nothing changes.
        var seen = Set<Polygon2>()
        let isDuplicate = footprints.map { !seen.insert($0).inserted }
        let cellsByDistrict = population.cellsByDistrict(districtCount: districts.count)
        return try await Parallel.map(count: indices.count, workers: workers) { k, ctx -> (coverage: DistrictCoverage, coveredCells: [Int]) in
            let di = indices[k], d = districts[di]
            let region = try ctx.multiPolygon(d.polygons)
            let prepared = try GEOSPrepared(region)
            let tree = try TreeCache.tree(ctx, boxes)
            var pieces: [GEOSGeometryRef] = []
            for fi in tree.query(region) where !isDuplicate[fi] {
                let fp = try ctx.polygon(footprints[fi])
                if try prepared.contains(fp) { pieces.append(fp) }
                else if try prepared.intersects(fp) { pieces.append(try region.intersection(fp)) }
            }
            let areaKm2 = try region.area() / 1e6
            let cells = cellsByDistrict[di]
            let pop = cells.reduce(0.0) { $0 + population.population[$1] }
            guard !pieces.isEmpty else {
                return (DistrictCoverage(districtIndex: di, areaKm2: areaKm2, coveredAreaKm2: 0, population: pop, coveredPopulation: 0, coverage: []), [])
            }
            let union = try ctx.collection(.geometryCollection, pieces).unaryUnion()
            let coveredKm2 = try union.area() / 1e6
            let preparedUnion = try GEOSPrepared(union)
            let ub = try union.bounds()
            var covered: [Int] = []
            var coveredPop = 0.0
            for c in cells {
                let p = population.positions[c]
                guard let ub, ub.contains(p) else { continue }
                if try preparedUnion.covers(p) { covered.append(c); coveredPop += population.population[c] }
            }
            let polys = keepGeometry ? try union.polygons() : []
            return (DistrictCoverage(districtIndex: di, areaKm2: areaKm2, coveredAreaKm2: coveredKm2, population: pop,
                                     coveredPopulation: coveredPop, coverage: polys), covered)
        }
    }
}

/// One STRtree of footprint boxes per GEOS context, built on first use by each worker.
/// (GEOS 3.11's tree cannot be shared across threads, and building it per district would repeat work.)
enum TreeCache {
    static func tree(_ ctx: GEOSContext, _ boxes: [BoundingBox]) throws -> GEOSSTRtree {
        if let t = ctx.cachedTree, t.count == boxes.count { return t.tree }
        let t = try GEOSSTRtree(context: ctx)
        for (i, b) in boxes.enumerated() { try t.insert(b, index: i) }
        ctx.cachedTree = (boxes.count, t)
        return t
    }
}
