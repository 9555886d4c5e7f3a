/// Where a new fibre route can join the served network, and what it then reaches: the geometry
/// behind the planner's cable-route candidates. Pure value code (metres, no GEOS).
public enum NetworkAttachment {
    /// The attachment of a new cable to the existing network.
    public struct Point: Sendable, Hashable {
        /// The point on a served cable piece nearest to the target (metres).
        public var position: Point2
        /// Index of the piece in the `segments` passed to ``nearest(to:segments:)``.
        public var segmentIndex: Int
        /// Optical budget left at `position`, metres (> 0).
        public var budgetMeters: Double
    }

    /// The point of the served network nearest to `target` that still has optical budget left.
    ///
    /// A point at distance t along a piece of length L with end budgets b_A, b_B has
    /// max(b_A − t, b_B − (L − t)) left (the better of the two ways back to an OLT); points with
    /// no budget left are skipped. Ties keep the lower segment index (deterministic).
    /// - Complexity: O(total vertices of the pieces).
    public static func nearest(to target: Point2, segments: [ReachSegment]) -> Point? {
        var best: Point? = nil
        var bestDistance = Double.infinity
        for (k, s) in segments.enumerated() where s.isServed {
            let bA = s.startBudgetMeters ?? -.infinity, bB = s.endBudgetMeters ?? -.infinity
            let pts = s.line.points
            var walked = 0.0
            for i in pts.indices.dropFirst() {
                let a = pts[i - 1], b = pts[i]
                let dx = b.x - a.x, dy = b.y - a.y
                let len2 = dx * dx + dy * dy
                let len = len2.squareRoot()
                defer { walked += len }
                guard len > 0 else { continue }
                let u = max(0, min(1, ((target.x - a.x) * dx + (target.y - a.y) * dy) / len2))
                let p = Point2(a.x + u * dx, a.y + u * dy)
                let d = ((p.x - target.x) * (p.x - target.x) + (p.y - target.y) * (p.y - target.y)).squareRoot()
                guard d < bestDistance else { continue }
                let t = walked + u * len
                let budget = max(bA - t, bB - (s.lengthMeters - t))
                guard budget > 0 else { continue }
                best = Point(position: p, segmentIndex: k, budgetMeters: budget)
                bestDistance = d
            }
        }
        return best
    }

    /// Indices (ascending) of `cells` whose position lies within `distanceMeters` of the line.
    /// - Complexity: O(|cells| · segments of the line).
    public static func cells(_ cells: [Int], positions: [Point2], within distanceMeters: Double, of line: LineString2) -> [Int] {
        let r2 = distanceMeters * distanceMeters
        let pts = line.points
        return cells.filter { c in
            let q = positions[c]
            for i in pts.indices.dropFirst() {
                let a = pts[i - 1], b = pts[i]
                let dx = b.x - a.x, dy = b.y - a.y
                let len2 = dx * dx + dy * dy
                let u = len2 > 0 ? max(0, min(1, ((q.x - a.x) * dx + (q.y - a.y) * dy) / len2)) : 0
                let ex = a.x + u * dx - q.x, ey = a.y + u * dy - q.y
                if ex * ex + ey * ey <= r2 { return true }
            }
            return false
        }.sorted()
    }
}
