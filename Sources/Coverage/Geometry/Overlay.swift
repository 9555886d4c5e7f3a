/// Value-level planar overlays for the other modules: polygons and lines go in as `Polygon2` /
/// `LineString2`, answers come out as indices, points and lines. GEOS stays inside Coverage —
/// each function makes and frees its own context, so callers never hold a GEOS handle.

/// The region (district) holding each point: an STRtree over the regions' envelopes, then a
/// prepared-geometry `covers` test (`GEOSPreparedCovers_r`: a point on a boundary belongs to the
/// first region, in input order, that covers it).
public final class RegionIndex {
    private let context = GEOSContext()
    private let tree: GEOSSTRtree
    private var prepared: [GEOSPrepared] = []

    /// - Parameter regions: one polygon set per region, in the CRS of the points to locate.
    public init(_ regions: [[Polygon2]]) throws {
        tree = try GEOSSTRtree(context: context)
        for (i, polygons) in regions.enumerated() {
            let g = try context.multiPolygon(polygons)
            tree.insert(g, index: i)
            prepared.append(try GEOSPrepared(g))
        }
    }

    /// Index of the first region covering each point, −1 for none.
    public func locate(_ points: [Point2]) throws -> [Int] {
        try points.map { p in
            let pt = try context.point(p)
            for i in tree.query(pt) where try prepared[i].covers(pt) { return i }
            return -1
        }
    }
}

public enum Overlay {
    /// A point guaranteed to lie inside the polygons (`GEOSPointOnSurface_r`), e.g. for a label.
    public static func pointOnSurface(_ polygons: [Polygon2]) throws -> Point2 {
        try GEOSContext().multiPolygon(polygons).pointOnSurface()
    }

    /// The pieces of `line` inside `polygons` (`GEOSIntersection_r`), as line strings of two or more points.
    public static func pieces(of line: LineString2, in polygons: [Polygon2]) throws -> [LineString2] {
        let ctx = GEOSContext()
        return try ctx.multiPolygon(polygons).intersection(try ctx.lineString(line)).lineStrings().filter { $0.points.count >= 2 }
    }

    /// `polygons` unchanged when GEOS finds them valid; otherwise the reason GEOS gives
    /// (`GEOSisValidReason_r`) and the repair (`GEOSMakeValid_r`, its polygonal parts, possibly none).
    public static func validated(_ polygons: [Polygon2]) throws -> (polygons: [Polygon2], invalidReason: String?) {
        let g = try GEOSContext().multiPolygon(polygons)
        if try g.isValid() { return (polygons, nil) }
        return (try g.makeValid().polygons(), g.validReason())
    }

    /// Indices among `candidates` of the points `footprint` covers (boundary included; a bounding-box
    /// test first, then `GEOSPreparedCovers_r`), in the order of `candidates`.
    public static func covered(_ points: [Point2], candidates: [Int], by footprint: Footprint) throws -> [Int] {
        let prepared = try GEOSPrepared(try footprint.geometry(in: GEOSContext()))
        var hits: [Int] = []
        for c in candidates where footprint.bounds.contains(points[c]) {
            if try prepared.covers(points[c]) { hits.append(c) }
        }
        return hits
    }
}

/// Versions of the C libraries under Coverage, for provenance in outputs.
public enum LibraryVersions {
    /// GEOS's version string (`GEOSversion()`), e.g. "3.11.1-CAPI-1.17.1".
    public static var geos: String { GEOSContext.version }
    /// PROJ's version (`proj_info().release`).
    public static var proj: String { Projection.projVersion }
    /// GDAL's release name (`GDALVersionInfo("RELEASE_NAME")`).
    public static var gdal: String { GDALVector.version }
}
