import CGEOS

/// A prepared geometry (`GEOSPrepare_r`) for fast repeated predicates against one shape.
/// It borrows its base geometry, so it keeps a strong reference to it.
package final class GEOSPrepared {
    package let base: GEOSGeometryRef
    let handle: OpaquePointer

    package init(_ base: GEOSGeometryRef) throws {
        guard let p = GEOSPrepare_r(base.ctx, base.handle) else { throw base.context.error("GEOSPrepare_r") }
        self.base = base
        handle = p
    }

    deinit { GEOSPreparedGeom_destroy_r(base.ctx, handle) }

    private func check(_ r: CChar, _ op: String) throws -> Bool {
        switch r { case 0: return false; case 1: return true; default: throw base.context.error(op) }
    }

    /// `GEOSPreparedContains_r`.
    package func contains(_ g: GEOSGeometryRef) throws -> Bool { try check(GEOSPreparedContains_r(base.ctx, handle, g.handle), "GEOSPreparedContains_r") }
    /// `GEOSPreparedCovers_r`.
    package func covers(_ g: GEOSGeometryRef) throws -> Bool { try check(GEOSPreparedCovers_r(base.ctx, handle, g.handle), "GEOSPreparedCovers_r") }
    /// `GEOSPreparedIntersects_r`.
    package func intersects(_ g: GEOSGeometryRef) throws -> Bool { try check(GEOSPreparedIntersects_r(base.ctx, handle, g.handle), "GEOSPreparedIntersects_r") }

    /// Whether the point (x, y) is covered. GEOS 3.11 has no `…ContainsXY`, so a point geometry is
    /// made per test; callers skip points outside the geometry's bounding box first.
    package func covers(_ p: Point2) throws -> Bool {
        try covers(try base.context.point(p))
    }

    /// `GEOSPreparedDistance_r`: distance from the prepared geometry to `g`.
    package func distance(to g: GEOSGeometryRef) throws -> Double {
        var d = 0.0
        guard GEOSPreparedDistance_r(base.ctx, handle, g.handle, &d) == 1 else { throw base.context.error("GEOSPreparedDistance_r") }
        return d
    }
}

/// A GEOS STRtree over indexed items (`GEOSSTRtree_create_r`). Items are integer indices; the tree
/// keeps the inserted geometries alive because it borrows their envelopes. In GEOS 3.11 the tree
/// is built on the first query, after which no more inserts are allowed.
package final class GEOSSTRtree {
    let context: GEOSContext
    let handle: OpaquePointer
    private var keep: [GEOSGeometryRef] = []

    package init(context: GEOSContext, nodeCapacity: Int = 10) throws {
        guard let t = GEOSSTRtree_create_r(context.handle, nodeCapacity) else { throw context.error("GEOSSTRtree_create_r") }
        self.context = context
        handle = t
    }

    deinit { GEOSSTRtree_destroy_r(context.handle, handle) }

    /// Inserts `geometry` under `index` (stored in the item pointer; never dereferenced).
    package func insert(_ geometry: GEOSGeometryRef, index: Int) {
        keep.append(geometry)
        GEOSSTRtree_insert_r(context.handle, handle, geometry.handle, UnsafeMutableRawPointer(bitPattern: index + 1))
    }

    /// Inserts the envelope of a box under `index`.
    package func insert(_ box: BoundingBox, index: Int) throws {
        insert(try context.polygon(box.polygon), index: index)
    }

    /// Indices of the items whose envelopes intersect the envelope of `geometry`, sorted ascending
    /// (so callers' results never depend on the tree's internal order).
    package func query(_ geometry: GEOSGeometryRef) -> [Int] {
        var out: [Int] = []
        withUnsafeMutablePointer(to: &out) { ptr in
            GEOSSTRtree_query_r(context.handle, handle, geometry.handle, { item, userdata in
                guard let item, let userdata else { return }
                let list = userdata.assumingMemoryBound(to: [Int].self)
                list.pointee.append(Int(bitPattern: item) - 1)
            }, ptr)
        }
        return out.sorted()
    }

    /// As `query(_:)` with a box.
    package func query(_ box: BoundingBox) throws -> [Int] {
        return query(try context.polygon(box.polygon))
    }
}
