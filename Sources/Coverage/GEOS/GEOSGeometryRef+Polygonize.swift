import CGEOS

extension GEOSGeometryRef {
    /// The polygons formed by noded linework (`GEOSPolygonize_r`): every face of the planar graph the
    /// lines of this geometry make, holes included, as a geometry collection of polygons. The input
    /// must be noded (lines meet only at their end points); edges that do not close a face are left out.
    ///
    /// Ownership: GEOS reads the input through a borrowed pointer array (`const GEOSGeometry* const[]`)
    /// and returns a new collection, which the returned reference owns.
    package func polygonized() throws -> GEOSGeometryRef {
        var input: OpaquePointer? = handle
        let result = withUnsafePointer(to: &input) { GEOSPolygonize_r(ctx, $0, 1) }
        return try context.owned(result, "GEOSPolygonize_r")
    }
}
