import Foundation

extension TerrainFootprint {
    /// The union of the polar cells of every covered interval, as valid polygons.
    ///
    /// Radial k covers the bearings (k ± ½)·step; its interval [r₀, r₁] is the cell with corners at
    /// r₀ and r₁ on the two boundary rays (one triangle from the site when r₀ = 0). Neighbouring cells
    /// share boundary rays computed once, and each cell also carries, on a shared ray, the ends of
    /// its neighbour's intervals, so common edges consist of identical vertices. Cells never
    /// overlap, so the union's area must equal the sum of the cells' areas; it is checked (relative
    /// 1e-9), and a union that fails the check is redone on a 1 mm precision grid
    /// (`GEOSGeom_setPrecision_r`, then `GEOSUnaryUnion_r`), as GEOS-NOTES advises.
    /// - Throws: `CoverageError.geos` if GEOS fails or both unions disagree with the cells' area.
    static func cellUnion(center: Point2, intervals: [Intervals], stepDegrees: Double,
                          context ctx: GEOSContext) throws -> [Polygon2] {
        let radials = intervals.count
        // Boundary ray b lies at bearing (b − ½)·step.
        let rays: [(Double, Double)] = (0..<radials).map { b in
            let theta = (Double(b) - 0.5) * stepDegrees * Double.pi / 180
            return (sin(theta), cos(theta))
        }
        func point(_ ray: (Double, Double), _ r: Double) -> Point2 { Point2(center.x + r * ray.0, center.y + r * ray.1) }
        /// Ends of the neighbouring radial's intervals strictly between r0 and r1, ascending: a cell
        /// carries them as vertices on the ray it shares with that neighbour, so both cells have the
        /// very same vertices (bit for bit) along their common edge and the union dissolves it exactly.
        func ends(of neighbour: Int, between r0: Double, _ r1: Double) -> [Double] {
            var e: [Double] = []
            for (a, b) in intervals[neighbour] {
                if a > r0, a < r1 { e.append(a) }
                if b > r0, b < r1 { e.append(b) }
            }
            return e
        }
        var cells: [GEOSGeometryRef] = []
        var cellArea = 0.0
        for k in 0..<radials {
            let left = rays[k], right = rays[(k + 1) % radials]
            let previous = (k + radials - 1) % radials, next = (k + 1) % radials
            for (r0, r1) in intervals[k] {
                // Counter-clockwise: bearings grow clockwise, so out along the right ray, back along the left.
                var ring: [Point2] = [r0 == 0 ? center : point(right, r0)]
                ring += ends(of: next, between: r0, r1).map { point(right, $0) }
                ring.append(point(right, r1))
                ring.append(point(left, r1))
                ring += ends(of: previous, between: r0, r1).reversed().map { point(left, $0) }
                if r0 > 0 { ring.append(point(left, r0)) }
                ring.append(ring[0])
                cellArea += Rings.signedArea2(ring) / 2
                cells.append(try ctx.polygon(Polygon2(exterior: ring)))
            }
        }
        guard !cells.isEmpty else { return [] }
        let collection = try ctx.collection(.geometryCollection, cells)
        func agrees(_ g: GEOSGeometryRef, _ expected: Double) throws -> Bool {
            abs(try g.area() - expected) <= 1e-9 * expected + 1e-6
        }
        var union = try collection.unaryUnion()
        let valid = try union.isValid()
        if try !valid || !agrees(union, cellArea) {
            // The cells snapped to 1 mm (their summed area is the collection's area), then united again.
            let snapped = try collection.settingPrecision(1e-3)
            let snappedArea = try snapped.area()
            union = try snapped.unaryUnion()
            guard try agrees(union, snappedArea) else {
                throw CoverageError.geos(operation: "GEOSUnaryUnion_r",
                                         message: "the union of \(cells.count) footprint cells has area \(try union.area()) m², not the cells' \(snappedArea) m²")
            }
            if try !union.isValid() { union = try union.makeValid() }
        }
        return try union.polygons()
    }
}
