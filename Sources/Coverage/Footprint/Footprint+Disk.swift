extension Footprint {
    /// The `disk` radio model of quick studies: the site covers every point within a fixed
    /// distance, whatever its antennas and the terrain ("which p of these candidate sites cover the
    /// most people with a 5 km radius?" — the maximum covering location problem of Church & ReVelle
    /// 1974, Papers of the Regional Science Association 32, 101–118).
    ///
    /// The polygon has one vertex per bearing on the circle of radius `radiusMeters`, so it is
    /// inscribed in the circle: a point at distance ≤ r·cos(π/n) from the centre (n vertices) is
    /// always inside, a point beyond r never is.
    /// - Parameters:
    ///   - siteIndex: index of the site in the caller's list.
    ///   - center: the site position (metres).
    ///   - radiusMeters: coverage radius, > 0.
    ///   - bearingStepDegrees: angle between vertices; 360 / step vertices (rounded).
    public static func disk(siteIndex: Int, center: Point2, radiusMeters: Double, bearingStepDegrees: Double) -> Footprint {
        let n = max(8, Int((360 / bearingStepDegrees).rounded()))
        return Footprint(siteIndex: siteIndex, center: center, radiiMeters: [Double](repeating: radiusMeters, count: n))
    }
}

extension RadioCoverage {
    /// Disk footprints (``Footprint/disk(siteIndex:center:radiusMeters:bearingStepDegrees:)``) of the sites of
    /// `technology`, as a ``Result`` with no propagation model and no warnings.
    public static func disks(sites: [Site], technology: Technology, radiusMeters: Double, bearingStepDegrees: Double) -> Result {
        let fps = sites.indices.filter { sites[$0].technology.counts(toward: technology) }.map {
            Footprint.disk(siteIndex: $0, center: sites[$0].position, radiusMeters: radiusMeters, bearingStepDegrees: bearingStepDegrees)
        }
        return Result(footprints: fps, models: [], warnings: [])
    }
}
