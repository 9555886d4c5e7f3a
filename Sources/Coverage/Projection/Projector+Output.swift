extension Projector {
    /// Unprojects polygons (metres) to WGS 84 lon/lat and snaps them to a 10⁻⁶° grid with GEOS
    /// (`GEOSGeom_setPrecision_r`), which keeps the result valid — so the polygons stay valid after
    /// they are written with 6 decimals (RFC 7946 output). Empty input gives empty output.
    /// The GEOS context is this projector's own (a projector belongs to one task, like its PROJ context).
    public func lonLatPolygons(_ polys: [Polygon2], gridDegrees: Double = 1e-6) throws -> [Polygon2] {
        guard !polys.isEmpty else { return [] }
        let ctx = geometryContext
        let ll = try polys.map { p in Polygon2(exterior: try inverse(p.exterior), holes: try p.holes.map { try inverse($0) }) }
        return try ctx.multiPolygon(ll).settingPrecision(gridDegrees).polygons()
    }
}
