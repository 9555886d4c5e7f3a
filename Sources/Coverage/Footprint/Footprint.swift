import Foundation

/// The covered region of one site, in the projected CRS (metres).
///
/// Over flat earth it is a star-shaped polygon around the site with one vertex per bearing, at the
/// largest distance where the best sector still meets the RSRP threshold (the sectors share the
/// site's centre, so the per-bearing maximum over sectors gives one simple polygon, valid as long as
/// every radius is positive). Over terrain it is the union of the covered stretches of every radial
/// — possibly several polygons (islands on lit slopes) with holes (shadows behind ridges).
public struct Footprint: Sendable {
    public var siteIndex: Int
    /// Farthest covered distance (m) along each bearing; bearing k is k · 360/count degrees clockwise
    /// from north. (Over terrain, nearer stretches of a bearing may be uncovered.)
    public var radiiMeters: [Double]
    /// The covered region: valid, non-overlapping polygons (one for a flat-earth footprint; none if
    /// nothing is covered).
    public var polygons: [Polygon2]
    /// Bounding box of the polygons (the site's position when there are none).
    public var bounds: BoundingBox

    /// A flat-earth footprint: the star polygon of the radii around `center`.
    public init(siteIndex: Int, center: Point2, radiiMeters: [Double]) {
        self.siteIndex = siteIndex
        self.radiiMeters = radiiMeters
        let n = radiiMeters.count
        var ring: [Point2] = []
        ring.reserveCapacity(n + 1)
        for k in 0..<n {
            let theta = Double(k) * 2 * .pi / Double(n)
            ring.append(Point2(center.x + radiiMeters[k] * sin(theta), center.y + radiiMeters[k] * cos(theta)))
        }
        ring.append(ring[0])
        polygons = [Polygon2(exterior: ring)]
        bounds = BoundingBox(points: ring)!
    }

    /// A footprint from its polygons (terrain-aware footprints).
    public init(siteIndex: Int, center: Point2, radiiMeters: [Double], polygons: [Polygon2]) {
        self.siteIndex = siteIndex
        self.radiiMeters = radiiMeters
        self.polygons = polygons
        bounds = BoundingBox(points: polygons.lazy.flatMap(\.exterior))
            ?? BoundingBox(minX: center.x, minY: center.y, maxX: center.x, maxY: center.y)
    }

    /// Largest radius in metres.
    public var maxRadiusMeters: Double { radiiMeters.max() ?? 0 }

    /// The footprint as one GEOS geometry (a polygon, or a multipolygon when it has several parts or none).
    package func geometry(in ctx: GEOSContext) throws -> GEOSGeometryRef {
        polygons.count == 1 ? try ctx.polygon(polygons[0]) : try ctx.multiPolygon(polygons)
    }
}

/// Inverts a path-loss curve: for each bearing, the distance at which the loss reaches the
/// largest loss the link budget allows on that bearing.
public enum FootprintSolver {
    /// Radii per bearing.
    /// - Parameters:
    ///   - maxPathLossDB: the largest allowed path loss (dB) for each bearing (the link budget
    ///     with the best sector's antenna gain on that bearing).
    ///   - pathLossDB: median path loss (dB) as a function of ground distance (m); must be
    ///     non-decreasing (true of every flat-terrain model here). Sampled at `samples`
    ///     log-spaced distances from `minRadiusMeters` to `maxRadiusMeters` and interpolated
    ///     linearly in log-distance, which is exact for Hata-type laws L = A + B·log10(d).
    ///   - minRadiusMeters: floor of every radius (keeps the polygon valid where nothing is covered).
    /// - Complexity: O(samples + bearings · log samples) evaluations and comparisons.
    public static func radii(maxPathLossDB: [Double], pathLossDB: (Double) -> Double,
                             minRadiusMeters: Double, maxRadiusMeters: Double, samples: Int = 512) -> [Double] {
        let lo = log10(minRadiusMeters), hi = log10(maxRadiusMeters)
        var logD = [Double](repeating: 0, count: samples)
        var loss = [Double](repeating: 0, count: samples)
        var running = -Double.infinity
        for k in 0..<samples {
            logD[k] = lo + (hi - lo) * Double(k) / Double(samples - 1)
            running = max(running, pathLossDB(pow(10, logD[k])))   // enforce monotonicity
            loss[k] = running
        }
        return maxPathLossDB.map { allowed in
            if allowed >= loss[samples - 1] { return maxRadiusMeters }
            if allowed < loss[0] { return minRadiusMeters }
            // first index with loss > allowed
            var a = 0, b = samples - 1
            while b - a > 1 { let m = (a + b) / 2; if loss[m] > allowed { b = m } else { a = m } }
            let t = loss[b] > loss[a] ? (allowed - loss[a]) / (loss[b] - loss[a]) : 0
            return max(minRadiusMeters, pow(10, logD[a] + t * (logD[b] - logD[a])))
        }
    }
}
