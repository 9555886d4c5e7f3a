import Foundation

extension TerrainFootprint {
    /// The union of the polar cells of every covered interval, as valid polygons.
    ///
    /// Radial k covers the bearings (k ± ½)·step; its interval [r₀, r₁] is the cell with corners at
    /// r₀ and r₁ on the two boundary rays (one triangle from the site when r₀ = 0). Neighbouring cells
    /// share boundary rays computed once, and each cell also carries, on a shared ray, the ends of
    /// its neighbour's intervals, so common edges consist of identical vertices, bit for bit.
    ///
    /// The union is assembled from the intervals themselves (``polarUnion(center:intervals:stepDegrees:)``:
    /// valid by construction) unless two interval ends on a ray lie within a millimetre of each other.
    /// Then: cells never overlap and their common edges are identical, so their union is what remains
    /// when every edge that two cells share (once in each direction) is cancelled: the boundary.
    /// GEOS then assembles valid polygons from that linework (`GEOSPolygonize_r`, which also finds
    /// holes and separates polygons that touch at a point), and the faces whose interior point lies
    /// in a covered interval are kept. This is what a GEOS unary union of the cells gives, at a small
    /// part of the cost (the overlay of thousands of cells was a quarter of a footprint's time). Two
    /// checks guard it: the kept faces' area must equal the cells' summed area (relative 1e-9) and
    /// the result must be valid; otherwise the cells are united by `GEOSUnaryUnion_r`, checked the same
    /// way, and failing that redone on a 1 mm precision grid (GEOS-NOTES: a floating-point union once
    /// dropped a whole part silently).
    /// - Throws: `CoverageError.geos` if GEOS fails or no method gives the cells' area.
    /// - Parameter overlay: skip the assembly and the boundary method and go straight to `GEOSUnaryUnion_r` (for tests).
    static func cellUnion(center: Point2, intervals: [Intervals], stepDegrees: Double,
                          context ctx: GEOSContext, overlay: Bool = false) throws -> [Polygon2] {
        if !overlay, let union = polarUnion(center: center, intervals: intervals, stepDegrees: stepDegrees) {
            return union.polygons
        }
        let (cells, cellArea) = polarCells(center: center, intervals: intervals, stepDegrees: stepDegrees)
        guard !cells.isEmpty else { return [] }
        func agrees(_ g: GEOSGeometryRef, _ expected: Double) throws -> Bool {
            abs(try g.area() - expected) <= 1e-9 * expected + 1e-6
        }
        if !overlay, let polygons = try boundaryUnion(cells: cells, center: center, intervals: intervals, stepDegrees: stepDegrees, context: ctx),
           try agrees(polygons, cellArea), try polygons.isValid() {
            return try polygons.polygons()
        }
        let collection = try ctx.collection(.geometryCollection, try cells.map { try ctx.polygon(Polygon2(exterior: $0)) })
        var union = try collection.unaryUnion()
        if try !union.isValid() || !agrees(union, cellArea) {
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

    /// The closed rings (counter-clockwise) of the polar cells of every covered interval, and their
    /// summed area (m²).
    static func polarCells(center: Point2, intervals: [Intervals], stepDegrees: Double) -> (rings: [[Point2]], area: Double) {
        let radials = intervals.count
        // Boundary ray b lies at bearing (b − ½)·step.
        let rays: [(Double, Double)] = (0..<radials).map { b in
            let theta = (Double(b) - 0.5) * stepDegrees * Double.pi / 180
            return (sin(theta), cos(theta))
        }
        func point(_ ray: (Double, Double), _ r: Double) -> Point2 { Point2(center.x + r * ray.0, center.y + r * ray.1) }
        /// Ends of the neighbouring radial's intervals strictly between r0 and r1, ascending.
        func ends(of neighbour: Int, between r0: Double, _ r1: Double) -> [Double] {
            var e: [Double] = []
            for (a, b) in intervals[neighbour] {
                if a > r0, a < r1 { e.append(a) }
                if b > r0, b < r1 { e.append(b) }
            }
            return e
        }
        var cells: [[Point2]] = []
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
                cells.append(ring)
            }
        }
        return (cells, cellArea)
    }

    /// Union by cancelling shared edges, then `GEOSPolygonize_r`; nil when there is no boundary.
    static func boundaryUnion(cells: [[Point2]], center: Point2, intervals: [Intervals], stepDegrees: Double,
                              context ctx: GEOSContext) throws -> GEOSGeometryRef? {
        struct Edge: Hashable {
            let ax: UInt64, ay: UInt64, bx: UInt64, by: UInt64
            init(_ a: Point2, _ b: Point2) {
                ax = a.x.bitPattern; ay = a.y.bitPattern; bx = b.x.bitPattern; by = b.y.bitPattern
            }
            var reversed: Edge { Edge(bx: bx, by: by, ax: ax, ay: ay) }
            init(bx: UInt64, by: UInt64, ax: UInt64, ay: UInt64) { self.ax = bx; self.ay = by; self.bx = ax; self.by = ay }
        }
        // Directed edges that no other cell runs the other way.
        var boundary = Set<Edge>()
        var order: [Edge] = []
        for ring in cells {
            for i in 0..<(ring.count - 1) where ring[i] != ring[i + 1] {
                let e = Edge(ring[i], ring[i + 1])
                if boundary.remove(e.reversed) == nil {
                    boundary.insert(e)
                    order.append(e)
                }
            }
        }
        // Chain the boundary edges into lines (fewer, longer lines are cheaper for GEOS), following
        // each edge by the one boundary edge that leaves its end; a chain stops where none or several
        // do (a vertex where the region touches itself). Edges are taken in the order first met, so
        // the output does not depend on hashing.
        let remaining = order.filter { boundary.contains($0) }
        struct Vertex: Hashable { let x: UInt64, y: UInt64 }
        var leaving: [Vertex: [Int]] = [:]
        for (i, e) in remaining.enumerated() { leaving[Vertex(x: e.ax, y: e.ay), default: []].append(i) }
        var used = [Bool](repeating: false, count: remaining.count)
        var lines: [LineString2] = []
        func point(_ x: UInt64, _ y: UInt64) -> Point2 { Point2(Double(bitPattern: x), Double(bitPattern: y)) }
        for start in remaining.indices where !used[start] {
            used[start] = true
            var e = remaining[start]
            var points = [point(e.ax, e.ay), point(e.bx, e.by)]
            while let next = leaving[Vertex(x: e.bx, y: e.by)], next.count == 1, !used[next[0]] {
                used[next[0]] = true
                e = remaining[next[0]]
                points.append(point(e.bx, e.by))
            }
            lines.append(LineString2(points))
        }
        guard !lines.isEmpty else { return nil }
        let linework = try ctx.collection(.multiLineString, try lines.map { try ctx.lineString($0) })
        let faces = try linework.polygonized().polygons()
        // Keep the faces whose interior lies in a covered interval of its radial. A cell's ends are
        // chords, so "between r₀ and r₁" is measured along the radial's direction and divided by
        // cos(step/2): the distance the chord through the point stands for.
        let radials = intervals.count
        let halfStep = cos(stepDegrees / 2 * Double.pi / 180)
        var kept: [Polygon2] = []
        for face in faces {
            let inside = try ctx.polygon(face).pointOnSurface()
            let dx = inside.x - center.x, dy = inside.y - center.y
            var bearing = atan2(dx, dy) * 180 / Double.pi
            if bearing < 0 { bearing += 360 }
            let k = Int((bearing / stepDegrees).rounded()) % radials
            let theta = Double(k) * stepDegrees * Double.pi / 180
            let r = (dx * sin(theta) + dy * cos(theta)) / halfStep
            // (A face around the site may offer the site itself as its interior point: r = 0.)
            if intervals[k].contains(where: { (r > $0.start || $0.start == 0) && r < $0.end }) { kept.append(face) }
        }
        return try ctx.multiPolygon(kept)
    }
}
