/// Population on points: grid-cell centres of a synthesised surface, or the user's own points
/// (e.g. WorldPop cells). Stored as parallel arrays (structure of arrays) for the hot loops.
public struct PopulationSurface: Sendable {
    /// Cells per side of the blocks tested whole against a district before its cell centres (``synthesize``): 8 × 8
    /// cells, 2 km at 250 m.
    static let containmentBlock = 8
    /// Cell centre in the projected CRS (metres).
    public var positions: [Point2]
    /// Cell centre in WGS 84 lon/lat (degrees).
    public var lonLat: [Point2]
    /// Index of the district holding the cell centre, −1 when none does.
    public var district: [Int32]
    /// Persons in the cell.
    public var population: [Double]
    /// Grid spacing in metres when synthesised on a grid; nil for user points.
    public var cellSizeMeters: Double?

    public init(positions: [Point2], lonLat: [Point2], district: [Int32], population: [Double], cellSizeMeters: Double?) {
        self.positions = positions; self.lonLat = lonLat; self.district = district
        self.population = population; self.cellSizeMeters = cellSizeMeters
    }

    public var count: Int { positions.count }

    /// Cell indices per district, in ascending order.
    public func cellsByDistrict(districtCount: Int) -> [[Int]] {
        var out = [[Int]](repeating: [], count: districtCount)
        for (i, d) in district.enumerated() where d >= 0 { out[Int(d)].append(i) }
        return out
    }
}

/// The documented ancillary weighting that spreads a district's census total over its grid cells:
///
///     w(cell) = base + road · exp(−d_road / roadDecay) + Σ_towns town · exp(−d_town / townDecay)
///
/// with d_road the distance (m) from the cell centre to the nearest national road and d_town the
/// distance to each GeoNames populated place. People live along roads and around towns, not
/// uniformly over the Trường Sơn mountains; `base` keeps scattered rural settlement everywhere.
/// The defaults are assumptions (not fitted to data) and are recorded in every run's summary.
public struct AncillaryWeights: Sendable, Hashable, Codable {
    public var base: Double
    public var road: Double
    public var roadDecayMeters: Double
    public var town: Double
    public var townDecayMeters: Double

    public init(base: Double = 0.05, road: Double = 1.0, roadDecayMeters: Double = 1500,
                town: Double = 4.0, townDecayMeters: Double = 2500) {
        self.base = base; self.road = road; self.roadDecayMeters = roadDecayMeters
        self.town = town; self.townDecayMeters = townDecayMeters
    }
}

extension PopulationSurface {
    /// Spreads each district's census total over a regular grid of `cellSizeMeters` in proportion to
    /// `weights`, then rounds to whole persons by the largest-remainder method so every district total
    /// is kept exactly. A cell belongs to a district when the district's interior contains its centre;
    /// a district too small to hold a cell centre gets one cell at its point on surface.
    ///
    /// - Parameters:
    ///   - origin: the grid's corner in the projected CRS (metres): cell (i, j) is centred at
    ///     (origin.x + (i + ½)·cellSizeMeters, origin.y + (j + ½)·cellSizeMeters) for every integer i, j.
    ///     (0, 0) aligns the cells to multiples of the cell size (`population.grid_origin: crs`);
    ///     ``gridOrigin(districtsBounds:)`` gives the corner of the districts' total bounds.
    /// - Complexity: O(cells · (towns + nearby road segments)); districts run in parallel.
    public static func synthesize(districts: [District], towns: [Point2], roads: [LineString2],
                                  cellSizeMeters: Double, weights: AncillaryWeights, origin: Point2 = Point2(0, 0),
                                  projection: Projection, workers: Int = Parallel.defaultWorkers) async throws -> PopulationSurface {
        guard cellSizeMeters.isFinite, cellSizeMeters >= 10 else {
            throw CoverageError.invalidInput(file: "", location: "population.cell_size_m", message: "cell size \(cellSizeMeters) m must be at least 10 m")
        }
        guard origin.x.isFinite, origin.y.isFinite else {
            throw CoverageError.invalidInput(file: "", location: "population.grid_origin", message: "grid origin (\(origin.x), \(origin.y)) must be finite")
        }
        let roadIndex = SegmentGrid(lines: roads, bucketMeters: max(1000, 4 * weights.roadDecayMeters))
        let reach = 6 * weights.roadDecayMeters
        // Largest districts (by the area of their bounds: the cells to test) first, so that no large one is left for
        // last on one worker; the results go back in district order.
        let boxArea = districts.map { ($0.bounds.maxX - $0.bounds.minX) * ($0.bounds.maxY - $0.bounds.minY) }
        let order = districts.indices.sorted { boxArea[$0] != boxArea[$1] ? boxArea[$0] > boxArea[$1] : $0 < $1 }
        let inOrder = try await Parallel.map(count: districts.count, workers: workers) { k, ctx -> ([Point2], [Double]) in
            let di = order[k], d = districts[di]
            let geom = try ctx.multiPolygon(d.polygons)
            let prepared = try GEOSPrepared(geom)
            let b = d.bounds
            let i0 = Int(((b.minX - origin.x) / cellSizeMeters).rounded(.down)), i1 = Int(((b.maxX - origin.x) / cellSizeMeters).rounded(.up))
            let j0 = Int(((b.minY - origin.y) / cellSizeMeters).rounded(.down)), j1 = Int(((b.maxY - origin.y) / cellSizeMeters).rounded(.up))
            // Blocks of cells first: a block whose square the district contains has every centre inside (a centre lies in
            // the square's interior, which is in the district's interior), one that the district does not touch has none;
            // only the centres of the other blocks are tested one by one. The same cells, in the same order, as testing
            // every centre — with a GEOS point made and freed for a fraction of them (each one's reference on GEOS's
            // shared geometry factory is a write both threads contend for).
            let block = Self.containmentBlock
            let columns = i1 - i0 + 1, rows = j1 - j0 + 1
            let blockColumns = (columns + block - 1) / block, blockRows = (rows + block - 1) / block
            var blockState = [Int8](repeating: 0, count: blockColumns * blockRows)   // 1 inside, −1 outside, 0 test each
            for bj in 0..<blockRows {
                for bi in 0..<blockColumns {
                    let x0 = origin.x + Double(i0 + bi * block) * cellSizeMeters, y0 = origin.y + Double(j0 + bj * block) * cellSizeMeters
                    let x1 = origin.x + Double(min(i1 + 1, i0 + (bi + 1) * block)) * cellSizeMeters
                    let y1 = origin.y + Double(min(j1 + 1, j0 + (bj + 1) * block)) * cellSizeMeters
                    let square = try ctx.polygon(Polygon2(exterior: [Point2(x0, y0), Point2(x1, y0), Point2(x1, y1), Point2(x0, y1), Point2(x0, y0)]))
                    blockState[bj * blockColumns + bi] = try prepared.contains(square) ? 1 : try prepared.intersects(square) ? 0 : -1
                }
            }
            var pts: [Point2] = []
            for j in j0...j1 {
                for i in i0...i1 {
                    let state = blockState[((j - j0) / block) * blockColumns + (i - i0) / block]
                    if state < 0 { continue }
                    let p = Point2(origin.x + (Double(i) + 0.5) * cellSizeMeters, origin.y + (Double(j) + 0.5) * cellSizeMeters)
                    if try state > 0 || prepared.contains(try ctx.point(p)) { pts.append(p) }
                }
            }
            if pts.isEmpty {
                let onSurface = try geom.pointOnSurface()
                pts.append(onSurface)
            }
            var w = [Double](repeating: 0, count: pts.count)
            // A zero weight adds exactly 0 (each term is weight × e^(−d/decay) ≤ weight): its distances are skipped.
            let useRoads = weights.road != 0 && !roads.isEmpty, useTowns = weights.town != 0
            for (k, p) in pts.enumerated() {
                var v = weights.base
                if useRoads {
                    let dr = roadIndex.distance(from: p, within: reach)
                    if dr.isFinite { v += weights.road * exp(-dr / weights.roadDecayMeters) }
                }
                for t in towns where useTowns {
                    let dt = ((p.x - t.x) * (p.x - t.x) + (p.y - t.y) * (p.y - t.y)).squareRoot()
                    v += weights.town * exp(-dt / weights.townDecayMeters)
                }
                w[k] = v
            }
            return (pts, largestRemainder(total: d.population, weights: w))
        }
        var perDistrict = inOrder
        for (k, di) in order.enumerated() { perDistrict[di] = inOrder[k] }
        var positions: [Point2] = [], pop: [Double] = [], district: [Int32] = []
        for (di, (pts, p)) in perDistrict.enumerated() {
            positions += pts; pop += p
            district += [Int32](repeating: Int32(di), count: pts.count)
        }
        // Unprojected in chunks on the workers, each with a projector of its own (pointwise: the same values whatever `workers`).
        let chunk = 1 << 16, all = positions
        let lonLat = try await Parallel.map(count: (all.count + chunk - 1) / chunk, workers: workers) { c -> [Point2] in
            try Projector(projection).inverse(Array(all[(c * chunk)..<Swift.min(all.count, (c + 1) * chunk)]))
        }.flatMap { $0 }
        return PopulationSurface(positions: positions, lonLat: lonLat, district: district, population: pop, cellSizeMeters: cellSizeMeters)
    }

    /// The lower-left corner (min x, min y) of the districts' total bounds in the projected CRS, metres: the
    /// grid origin of `population.grid_origin: districts-bounds` (as a GeoPandas grid built from
    /// `total_bounds` is anchored). (0, 0) when there are no districts.
    public static func gridOrigin(districtsBounds districts: [District]) -> Point2 {
        guard let first = districts.first else { return Point2(0, 0) }
        var x = first.bounds.minX, y = first.bounds.minY
        for d in districts.dropFirst() { x = Swift.min(x, d.bounds.minX); y = Swift.min(y, d.bounds.minY) }
        return Point2(x, y)
    }

    /// Whole numbers proportional to `weights` summing exactly to `total` (Hamilton's
    /// largest-remainder method; ties go to the lower index, so the result is deterministic).
    public static func largestRemainder(total: Int, weights: [Double]) -> [Double] {
        guard !weights.isEmpty else { return [] }
        let sum = weights.reduce(0, +)
        let quotas = weights.map { sum > 0 ? Double(total) * $0 / sum : Double(total) / Double(weights.count) }
        var counts = quotas.map { $0.rounded(.down) }
        var left = total - Int(counts.reduce(0, +))
        let order = quotas.indices.sorted { a, b in
            let ra = quotas[a] - counts[a], rb = quotas[b] - counts[b]
            return ra != rb ? ra > rb : a < b
        }
        var k = 0
        while left > 0 { counts[order[k % order.count]] += 1; left -= 1; k += 1 }
        return counts
    }
}

import Foundation
