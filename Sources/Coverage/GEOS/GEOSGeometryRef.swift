import CGEOS

/// An owned GEOS geometry (`GEOSGeometry*`), destroyed with `GEOSGeom_destroy_r` when released.
/// Tied to the context that made it; not `Sendable`.
package final class GEOSGeometryRef {
    package let context: GEOSContext
    let handle: OpaquePointer
    /// When false, ownership was handed to GEOS (e.g. into a collection) and deinit must not free it.
    var owns = true

    init(context: GEOSContext, handle: OpaquePointer) {
        self.context = context
        self.handle = handle
    }

    deinit { if owns { GEOSGeom_destroy_r(context.handle, handle) } }

    /// Gives the handle to a GEOS call that takes ownership (createPolygon, createCollection, …).
    /// GEOS takes ownership even when that call fails, so this is final either way.
    func release() -> OpaquePointer { owns = false; return handle }

    var ctx: GEOSContextHandle_t { context.handle }

    // MARK: Measures (GEOSArea_r, GEOSLength_r: 1 on success, 0 on error)

    /// Planar area in squared coordinate units (`GEOSArea_r`).
    package func area() throws -> Double {
        var a = 0.0
        guard GEOSArea_r(ctx, handle, &a) == 1 else { throw context.error("GEOSArea_r") }
        return a
    }

    /// Planar length in coordinate units (`GEOSLength_r`).
    package func length() throws -> Double {
        var l = 0.0
        guard GEOSLength_r(ctx, handle, &l) == 1 else { throw context.error("GEOSLength_r") }
        return l
    }

    /// Distance to another geometry (`GEOSDistance_r`).
    package func distance(to other: GEOSGeometryRef) throws -> Double {
        var d = 0.0
        guard GEOSDistance_r(ctx, handle, other.handle, &d) == 1 else { throw context.error("GEOSDistance_r") }
        return d
    }

    // MARK: Predicates (0/1, and 2 on error)

    private func predicate(_ r: CChar, _ op: String) throws -> Bool {
        switch r { case 0: return false; case 1: return true; default: throw context.error(op) }
    }

    /// `GEOSisValid_r`.
    package func isValid() throws -> Bool { try predicate(GEOSisValid_r(ctx, handle), "GEOSisValid_r") }
    /// `GEOSisEmpty_r`.
    package func isEmpty() throws -> Bool { try predicate(GEOSisEmpty_r(ctx, handle), "GEOSisEmpty_r") }
    /// `GEOSIntersects_r`.
    package func intersects(_ o: GEOSGeometryRef) throws -> Bool { try predicate(GEOSIntersects_r(ctx, handle, o.handle), "GEOSIntersects_r") }

    /// Why the geometry is invalid, e.g. "Self-intersection[x y]" (`GEOSisValidReason_r`).
    package func validReason() -> String {
        guard let s = GEOSisValidReason_r(ctx, handle) else { return "unknown" }
        defer { GEOSFree_r(ctx, s) }
        return String(cString: s)
    }

    // MARK: Operations returning new geometries

    /// `GEOSMakeValid_r`: repairs an invalid geometry, keeping all its area.
    package func makeValid() throws -> GEOSGeometryRef { try context.owned(GEOSMakeValid_r(ctx, handle), "GEOSMakeValid_r") }
    /// `GEOSUnaryUnion_r`: the union of all parts of this geometry (use on a collection instead of binary-union chains).
    package func unaryUnion() throws -> GEOSGeometryRef { try context.owned(GEOSUnaryUnion_r(ctx, handle), "GEOSUnaryUnion_r") }
    /// `GEOSIntersection_r`.
    package func intersection(_ o: GEOSGeometryRef) throws -> GEOSGeometryRef { try context.owned(GEOSIntersection_r(ctx, handle, o.handle), "GEOSIntersection_r") }
    /// `GEOSDifference_r`.
    package func difference(_ o: GEOSGeometryRef) throws -> GEOSGeometryRef { try context.owned(GEOSDifference_r(ctx, handle, o.handle), "GEOSDifference_r") }
    /// `GEOSBuffer_r` with round caps; `quadrantSegments` segments per quarter circle.
    package func buffer(_ width: Double, quadrantSegments: Int32 = 8) throws -> GEOSGeometryRef {
        try context.owned(GEOSBuffer_r(ctx, handle, width, quadrantSegments), "GEOSBuffer_r")
    }
    /// `GEOSGeom_setPrecision_r`: snaps coordinates to a grid of `gridSize` and keeps the result valid.
    package func settingPrecision(_ gridSize: Double) throws -> GEOSGeometryRef {
        try context.owned(GEOSGeom_setPrecision_r(ctx, handle, gridSize, 0), "GEOSGeom_setPrecision_r")
    }
    /// `GEOSNode_r`: nodes a set of lines, splitting them at every intersection.
    package func noded() throws -> GEOSGeometryRef { try context.owned(GEOSNode_r(ctx, handle), "GEOSNode_r") }
    /// `GEOSLineMerge_r`.
    package func lineMerged() throws -> GEOSGeometryRef { try context.owned(GEOSLineMerge_r(ctx, handle), "GEOSLineMerge_r") }
    /// `GEOSGeom_clone_r`.
    package func clone() throws -> GEOSGeometryRef { try context.owned(GEOSGeom_clone_r(ctx, handle), "GEOSGeom_clone_r") }
    /// `GEOSEnvelope_r`.
    package func envelope() throws -> GEOSGeometryRef { try context.owned(GEOSEnvelope_r(ctx, handle), "GEOSEnvelope_r") }
    /// `GEOSSimplify_r` (Douglas–Peucker).
    package func simplified(tolerance: Double) throws -> GEOSGeometryRef { try context.owned(GEOSSimplify_r(ctx, handle, tolerance), "GEOSSimplify_r") }

    /// Bounding box (`GEOSGeom_getXMin_r` …); nil for an empty geometry.
    package func bounds() throws -> BoundingBox? {
        if try isEmpty() { return nil }
        var a = 0.0, b = 0.0, c = 0.0, d = 0.0
        guard GEOSGeom_getXMin_r(ctx, handle, &a) == 1, GEOSGeom_getYMin_r(ctx, handle, &b) == 1,
              GEOSGeom_getXMax_r(ctx, handle, &c) == 1, GEOSGeom_getYMax_r(ctx, handle, &d) == 1
        else { throw context.error("GEOSGeom_getXMin_r") }
        return BoundingBox(minX: a, minY: b, maxX: c, maxY: d)
    }

    // MARK: Linear referencing

    /// Distance along this line of the point on it nearest `point` (`GEOSProject_r`).
    package func project(_ point: GEOSGeometryRef) throws -> Double {
        let d = GEOSProject_r(ctx, handle, point.handle)
        guard d >= 0 else { throw context.error("GEOSProject_r") }
        return d
    }
}

extension GEOSGeometryRef {
    /// A point guaranteed to lie in the geometry (`GEOSPointOnSurface_r`).
    package func pointOnSurface() throws -> Point2 {
        let p = try context.owned(GEOSPointOnSurface_r(ctx, handle), "GEOSPointOnSurface_r")
        var x = 0.0, y = 0.0
        guard GEOSGeomGetX_r(ctx, p.handle, &x) == 1, GEOSGeomGetY_r(ctx, p.handle, &y) == 1 else { throw context.error("GEOSGeomGetX_r") }
        return Point2(x, y)
    }
}
