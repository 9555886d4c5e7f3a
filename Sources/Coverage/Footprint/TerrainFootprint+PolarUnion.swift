import Foundation

extension TerrainFootprint {
    /// Least distance (m) between two different interval ends on one boundary ray, and least positive
    /// interval start, for which ``polarUnion(center:intervals:stepDegrees:)`` assembles the union
    /// itself: a millimetre is ten million times the rounding of a UTM coordinate (≈ 1e-10 m), so
    /// edges that do not meet in exact arithmetic cannot meet or cross in floating point.
    static let polarUnionMinimumGapMeters = 1e-3

    /// The union of the polar cells of every covered interval (as ``polarCells(center:intervals:stepDegrees:)``
    /// draws them), assembled from the intervals themselves: valid polygons by construction, without
    /// an overlay, polygonize or a validity check (those were a fifth of a footprint's time on the plain).
    ///
    /// The boundary of the union is
    /// - on boundary ray b, which is the right side of radial b − 1 and the left side of radial b, the
    ///   stretches covered by exactly one of the two: outward where radial b − 1 covers, inward where
    ///   radial b does;
    /// - in radial k, once touching intervals are merged, the chord at each interval's end (from the
    ///   right ray to the left one) and at each positive start (left to right).
    ///
    /// Every vertex is an interval end on a ray, its point computed once (the site is one vertex for
    /// every ray), so edges meet exactly and the covered region lies left of every edge. Rings are traced by
    /// leaving each vertex on the first outgoing edge clockwise from the edge arrived on — the
    /// tightest turn around the region, so parts that touch at a vertex are traced apart — and a walk
    /// that still passes a vertex twice (a hole touching its shell there) is cut there into simple
    /// rings. Counter-clockwise rings are shells, clockwise ones holes; a hole belongs to the shell
    /// traced in the same walk, or else to the smallest shell around it.
    ///
    /// - Returns: the polygons (closed rings, shells counter-clockwise) and their area (m²), or nil —
    ///   the caller then unites the cells through GEOS — when fewer than three radials, an end is not
    ///   finite, two different ends on one ray (or a start and the site) are less than
    ///   ``polarUnionMinimumGapMeters`` apart, or, as a guard, the rings' area differs from the cells'
    ///   (relative 1e-9) or the tracing finds a walk it does not expect.
    static func polarUnion(center: Point2, intervals: [Intervals], stepDegrees: Double) -> (polygons: [Polygon2], area: Double)? {
        let radials = intervals.count
        guard radials >= 3 else { return nil }
        let gap = polarUnionMinimumGapMeters
        // Each radial's intervals in order, touching or overlapping ones merged.
        var runs: [Intervals] = []
        runs.reserveCapacity(radials)
        var cellArea = 0.0
        let wedge = 0.5 * sin(stepDegrees * Double.pi / 180)
        for list in intervals {
            var sorted = list
            if !zip(list, list.dropFirst()).allSatisfy({ $0.start <= $1.start }) { sorted.sort { $0.start < $1.start } }
            var merged: Intervals = []
            for iv in sorted {
                guard iv.start.isFinite, iv.end.isFinite, iv.start >= 0 else { return nil }
                guard iv.end > iv.start else { continue }
                if let last = merged.last, iv.start <= last.end {
                    merged[merged.count - 1].end = max(last.end, iv.end)
                } else {
                    merged.append(iv)
                }
            }
            for iv in merged { cellArea += wedge * (iv.end * iv.end - iv.start * iv.start) }
            runs.append(merged)
        }
        guard cellArea > 0 else { return ([], 0) }

        // The vertices: on ray b the ends of radials b − 1 and b, ascending; vertex 0 is the site.
        var points: [Point2] = [center]
        var radii: [[Double]] = []   // per ray, ascending
        var ids: [[Int]] = []        // per ray, the vertex of each radius
        radii.reserveCapacity(radials)
        ids.reserveCapacity(radials)
        for b in 0..<radials {
            let theta = (Double(b) - 0.5) * stepDegrees * Double.pi / 180
            let ray = (sin(theta), cos(theta))
            var ends: [Double] = []
            for iv in runs[(b + radials - 1) % radials] { ends.append(iv.start); ends.append(iv.end) }
            for iv in runs[b] { ends.append(iv.start); ends.append(iv.end) }
            ends.sort()
            var unique: [Double] = [], vertices: [Int] = []
            unique.reserveCapacity(ends.count)
            vertices.reserveCapacity(ends.count)
            for r in ends where unique.last != r {
                guard r - (unique.last ?? 0) >= gap || (unique.isEmpty && r == 0) else { return nil }
                unique.append(r)
                if r == 0 {
                    vertices.append(0)
                } else {
                    vertices.append(points.count)
                    points.append(Point2(center.x + r * ray.0, center.y + r * ray.1))
                }
            }
            radii.append(unique)
            ids.append(vertices)
        }
        /// The vertex at distance r on ray b (r is one of that ray's ends).
        func vertex(_ b: Int, _ r: Double) -> Int {
            let list = radii[b]
            var lo = 0, hi = list.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if list[mid] < r { lo = mid + 1 } else { hi = mid }
            }
            return ids[b][lo]
        }

        // Directed boundary edges, and the edges leaving each vertex as linked lists.
        var from: [Int] = [], to: [Int] = []
        var firstOut = [Int](repeating: -1, count: points.count), nextOut: [Int] = []
        func edge(_ a: Int, _ b: Int) {
            nextOut.append(firstOut[a])
            firstOut[a] = from.count
            from.append(a)
            to.append(b)
        }
        for b in 0..<radials {
            // The ray is the right side of the radial before it and the left side of the one after.
            let before = runs[(b + radials - 1) % radials], after = runs[b]
            let list = radii[b]
            var pB = 0, pA = 0
            for i in 0..<max(list.count - 1, 0) {
                let r = list[i]
                while pB < before.count, before[pB].end <= r { pB += 1 }
                while pA < after.count, after[pA].end <= r { pA += 1 }
                let coveredBefore = pB < before.count && before[pB].start <= r
                let coveredAfter = pA < after.count && after[pA].start <= r
                if coveredBefore != coveredAfter {
                    let a = ids[b][i], c = ids[b][i + 1]
                    if coveredBefore { edge(a, c) } else { edge(c, a) }
                }
            }
        }
        for k in 0..<radials {
            let rightRay = (k + 1) % radials
            for iv in runs[k] {
                edge(vertex(rightRay, iv.end), vertex(k, iv.end))
                if iv.start > 0 { edge(vertex(k, iv.start), vertex(rightRay, iv.start)) }
            }
        }

        /// The edge to leave `to[e]` by: its only outgoing edge, or the first one clockwise from the
        /// direction back along e.
        func successor(_ e: Int) -> Int {
            let v = to[e]
            let first = firstOut[v]
            guard first >= 0, nextOut[first] >= 0 else { return first }
            let p = points[v]
            let back = atan2(points[from[e]].y - p.y, points[from[e]].x - p.x)
            var best = -1, bestTurn = Double.infinity
            var o = first
            while o >= 0 {
                var turn = back - atan2(points[to[o]].y - p.y, points[to[o]].x - p.x)
                while turn <= 0 { turn += 2 * Double.pi }
                if turn < bestTurn { bestTurn = turn; best = o }
                o = nextOut[o]
            }
            return best
        }

        // Trace the walks and cut them into simple rings.
        struct Ring { var points: [Point2]; var area: Double; var walk: Int }
        var rings: [Ring] = []
        var used = [Bool](repeating: false, count: from.count)
        var position = [Int](repeating: -1, count: points.count)
        var walkCount = 0
        func close(_ ids: ArraySlice<Int>, walk: Int) {
            var ring = ids.map { points[$0] }
            ring.append(ring[0])
            var a = 0.0
            for i in 0..<(ring.count - 1) {
                let (x0, y0) = (ring[i].x - center.x, ring[i].y - center.y)
                let (x1, y1) = (ring[i + 1].x - center.x, ring[i + 1].y - center.y)
                a += x0 * y1 - x1 * y0
            }
            rings.append(Ring(points: ring, area: a / 2, walk: walk))
        }
        for start in 0..<from.count where !used[start] {
            var stack: [Int] = []
            var e = start
            repeat {
                guard e >= 0, !used[e] else { return nil }
                used[e] = true
                let v = from[e]
                if position[v] >= 0 {
                    let p = position[v]
                    for u in stack[(p + 1)...] { position[u] = -1 }
                    close(stack[p...], walk: walkCount)
                    stack.removeSubrange((p + 1)...)
                } else {
                    position[v] = stack.count
                    stack.append(v)
                }
                e = successor(e)
            } while e != start
            for u in stack { position[u] = -1 }
            close(stack[...], walk: walkCount)
            walkCount += 1
        }

        // Shells and holes; a hole joins the shell of its walk, or the smallest shell around it.
        var shellOfWalk = [Int](repeating: -1, count: walkCount)
        var shells: [Int] = []
        for (i, ring) in rings.enumerated() {
            guard ring.points.count >= 4, ring.area != 0 else { return nil }
            if ring.area > 0 {
                guard shellOfWalk[ring.walk] < 0 else { return nil }
                shellOfWalk[ring.walk] = shells.count
                shells.append(i)
            }
        }
        var holes = [[Int]](repeating: [], count: shells.count)
        let bySize = shells.indices.sorted { rings[shells[$0]].area < rings[shells[$1]].area }
        let boxes = shells.map { BoundingBox(points: rings[$0].points)! }
        // Large shells (the main body of a footprint on the plain has thousands of vertices, tested
        // against a thousand holes) get their edges filed by height, so a test reads one band's edges.
        var bands: [Int: RingBands] = [:]
        func inside(_ s: Int, _ q: Point2) -> Bool {
            let ring = rings[shells[s]].points
            guard ring.count >= RingBands.worthFrom else { return Rings.contains(ring, q) }
            if bands[s] == nil { bands[s] = RingBands(ring, box: boxes[s]) }
            return bands[s]!.contains(ring, q)
        }
        var area = 0.0
        for (i, ring) in rings.enumerated() {
            area += ring.area
            guard ring.area < 0 else { continue }
            if shellOfWalk[ring.walk] >= 0 { holes[shellOfWalk[ring.walk]].append(i); continue }
            // The middle of the hole's first edge: on no other ring, as no two rings share an edge.
            let a = ring.points[0], b = ring.points[1]
            let q = Point2((a.x + b.x) / 2, (a.y + b.y) / 2)
            guard let s = bySize.first(where: { boxes[$0].contains(q) && inside($0, q) }) else { return nil }
            holes[s].append(i)
        }
        guard abs(area - cellArea) <= 1e-9 * cellArea else { return nil }
        let polygons = shells.indices.map { s in
            Polygon2(exterior: rings[shells[s]].points, holes: holes[s].map { rings[$0].points })
        }
        return (polygons, area)
    }
}

/// The edges of a closed ring filed in horizontal bands of equal height (an edge in every band its
/// height range meets), for the even–odd test of many points: a point's crossings can only come from
/// the edges of its own band, so the test reads those and gives the same answer as ``Rings/contains(_:_:)``.
struct RingBands {
    /// Rings shorter than this are tested edge by edge.
    static let worthFrom = 256
    let minY: Double, bandHeight: Double, count: Int
    /// Edge i runs from ring[i] to ring[i + 1]; `edges[start[b]..<start[b + 1]]` are band b's.
    let start: [Int], edges: [Int]

    /// The band of height y (clamped to the first and last). Monotone in y, so an edge filed in the bands
    /// of its two ends' heights and all between is in the band of every height it spans.
    func band(_ y: Double) -> Int { Self.band(y, minY, bandHeight, count) }
    static func band(_ y: Double, _ minY: Double, _ height: Double, _ count: Int) -> Int {
        Int(min(max(((y - minY) / height).rounded(.down), 0), Double(count - 1)))
    }

    init(_ ring: [Point2], box: BoundingBox) {
        let count = max(1, (ring.count - 1) / 16), minY = box.minY
        let bandHeight = max((box.maxY - box.minY) / Double(count), .leastNormalMagnitude)
        (self.count, self.minY, self.bandHeight) = (count, minY, bandHeight)
        var counts = [Int](repeating: 0, count: count + 1)
        var spans: [ClosedRange<Int>] = []
        spans.reserveCapacity(ring.count - 1)
        for i in 0..<(ring.count - 1) {
            let (a, b) = (ring[i].y, ring[i + 1].y)
            spans.append(0...0)
            spans[i] = Self.band(min(a, b), minY, bandHeight, count)...Self.band(max(a, b), minY, bandHeight, count)
            for k in spans[i] { counts[k + 1] += 1 }
        }
        for k in 0..<count { counts[k + 1] += counts[k] }
        var fill = counts, edges = [Int](repeating: 0, count: counts[count])
        for (i, span) in spans.enumerated() {
            for k in span { edges[fill[k]] = i; fill[k] += 1 }
        }
        start = counts
        self.edges = edges
    }

    /// Whether q lies inside `ring` (the ring these bands were made from), by the even–odd rule of
    /// ``Rings/contains(_:_:)``, reading only the edges of q's band.
    func contains(_ ring: [Point2], _ q: Point2) -> Bool {
        let b = band(q.y)
        var inside = false
        for e in edges[start[b]..<start[b + 1]] where Rings.crosses(ring[e], ring[e + 1], q) { inside.toggle() }
        return inside
    }
}
