import CGEOS

/// Linear-referencing and coordinate helpers used by the fixed-broadband reach computation.
extension GEOSGeometryRef {
    /// The point at `distance` metres along this line (`GEOSInterpolate_r`; distances outside
    /// `0...length` are clamped by GEOS). The returned GEOS point is owned here and freed on return.
    /// - Throws: `CoverageError.geos` when GEOS fails (e.g. this is not a line).
    package func interpolate(_ distance: Double) throws -> Point2 {
        let p = try context.owned(GEOSInterpolate_r(ctx, handle, distance), "GEOSInterpolate_r")
        return try p.pointValue()
    }

    /// The coordinates of a point geometry (`GEOSGeomGetX_r`, `GEOSGeomGetY_r`: 1 on success).
    package func pointValue() throws -> Point2 {
        var x = 0.0, y = 0.0
        guard GEOSGeomGetX_r(ctx, handle, &x) == 1 else { throw context.error("GEOSGeomGetX_r") }
        guard GEOSGeomGetY_r(ctx, handle, &y) == 1 else { throw context.error("GEOSGeomGetY_r") }
        return Point2(x, y)
    }
}
