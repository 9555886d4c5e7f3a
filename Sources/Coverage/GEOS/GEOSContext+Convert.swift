import CGEOS

/// Conversion between plain Swift geometry values and GEOS geometries.
///
/// Ownership: every `GEOSGeometryRef` returned here is owned by Swift and freed on release.
/// Rings handed to `GEOSGeom_createPolygon_r` and parts handed to `GEOSGeom_createCollection_r`
/// are owned by GEOS from that call on, even when it fails (see GEOS-NOTES), so they are
/// `release()`d before the call and never freed here again.
extension GEOSContext {
    func sequence(_ pts: [Point2]) throws -> OpaquePointer {
        let seq = pts.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: Double.self) { d in
                GEOSCoordSeq_copyFromBuffer_r(handle, d.baseAddress, UInt32(pts.count), 0, 0)
            }
        }
        guard let seq else { throw error("GEOSCoordSeq_copyFromBuffer_r") }
        return seq
    }

    /// A point (`GEOSGeom_createPointFromXY_r`).
    package func point(_ p: Point2) throws -> GEOSGeometryRef {
        try owned(GEOSGeom_createPointFromXY_r(handle, p.x, p.y), "GEOSGeom_createPointFromXY_r")
    }

    /// A line string (`GEOSGeom_createLineString_r`).
    package func lineString(_ l: LineString2) throws -> GEOSGeometryRef {
        try owned(GEOSGeom_createLineString_r(handle, try sequence(l.points)), "GEOSGeom_createLineString_r")
    }

    func ring(_ pts: [Point2]) throws -> GEOSGeometryRef {
        try owned(GEOSGeom_createLinearRing_r(handle, try sequence(pts)), "GEOSGeom_createLinearRing_r")
    }

    /// A polygon (`GEOSGeom_createPolygon_r`). Rings must be closed with at least 4 points.
    package func polygon(_ p: Polygon2) throws -> GEOSGeometryRef {
        let shell = try ring(p.exterior)
        var holes = [OpaquePointer?]()
        holes.reserveCapacity(p.holes.count)
        do {
            for h in p.holes { holes.append(try ring(h).release()) }
        } catch {
            for h in holes { GEOSGeom_destroy_r(handle, h) }
            throw error
        }
        let g = holes.withUnsafeMutableBufferPointer { buf in
            GEOSGeom_createPolygon_r(handle, shell.release(), buf.baseAddress, UInt32(buf.count))
        }
        return try owned(g, "GEOSGeom_createPolygon_r")
    }

    /// The kinds of collection `collection(_:_:)` makes.
    package enum CollectionType: Sendable {
        case multiPoint, multiLineString, multiPolygon, geometryCollection
        var geos: GEOSGeomTypes {
            switch self {
            case .multiPoint: return GEOS_MULTIPOINT
            case .multiLineString: return GEOS_MULTILINESTRING
            case .multiPolygon: return GEOS_MULTIPOLYGON
            case .geometryCollection: return GEOS_GEOMETRYCOLLECTION
            }
        }
    }

    /// A collection of the given type taking ownership of `parts` (`GEOSGeom_createCollection_r`).
    package func collection(_ kind: CollectionType, _ parts: [GEOSGeometryRef]) throws -> GEOSGeometryRef {
        let type = kind.geos
        var raw: [OpaquePointer?] = parts.map { $0.release() }
        let g = raw.withUnsafeMutableBufferPointer { buf in
            GEOSGeom_createCollection_r(handle, Int32(type.rawValue), buf.baseAddress, UInt32(buf.count))
        }
        return try owned(g, "GEOSGeom_createCollection_r")
    }

    /// A multipolygon of the given polygons.
    package func multiPolygon(_ ps: [Polygon2]) throws -> GEOSGeometryRef {
        try collection(.multiPolygon, ps.map { try polygon($0) })
    }

    /// Any value geometry.
    package func geometry(_ g: Geometry2) throws -> GEOSGeometryRef {
        switch g {
        case .point(let p): return try point(p)
        case .lineString(let l): return try lineString(l)
        case .polygon(let p): return try polygon(p)
        case .multiPoint(let ps): return try collection(.multiPoint, ps.map { try point($0) })
        case .multiLineString(let ls): return try collection(.multiLineString, ls.map { try lineString($0) })
        case .multiPolygon(let ps): return try multiPolygon(ps)
        }
    }

    /// The largest |x| or |y| `geometry(wkb:)` accepts: 10¹² (metres or degrees). No CRS this
    /// project uses reaches 2.1 × 10⁷ (Web Mercator's edge), so this only rejects garbage.
    package static let maxWKBCoordinate = 1e12

    /// A well-known-binary geometry (`GEOSWKBReader_read_r`). A geometry with a NaN, infinite or
    /// absurdly large (beyond ±`maxWKBCoordinate`) x or y is rejected: WKB can carry any IEEE double,
    /// and GEOS 3.11's make-valid segfaults on a line string with NaN coordinates and runs for more
    /// than 10 s (snap-rounding noding) on a polygon with coordinates near 10²²⁸ (both found by the
    /// geos-wkb fuzz harness; Fuzz/regressions/geos-wkb).
    package func geometry(wkb: [UInt8]) throws -> GEOSGeometryRef {
        guard let reader = GEOSWKBReader_create_r(handle) else { throw error("GEOSWKBReader_create_r") }
        defer { GEOSWKBReader_destroy_r(handle, reader) }
        let g = wkb.withUnsafeBufferPointer { GEOSWKBReader_read_r(handle, reader, $0.baseAddress, $0.count) }
        let geometry = try owned(g, "GEOSWKBReader_read_r")
        guard try geometry.coordinatesAreFinite() else {
            throw CoverageError.geos(operation: "GEOSWKBReader_read_r", message: "the WKB geometry has a NaN, infinite or larger than ±1e12 coordinate")
        }
        return geometry
    }
}

extension GEOSGeometryRef {
    /// GEOS geometry type id (`GEOSGeomTypeId_r`).
    package var typeID: Int32 { GEOSGeomTypeId_r(ctx, handle) }

    func points(ofSequenceOwner g: OpaquePointer) throws -> [Point2] {
        guard let seq = GEOSGeom_getCoordSeq_r(ctx, g) else { throw context.error("GEOSGeom_getCoordSeq_r") }
        var n: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(ctx, seq, &n) != 0 else { throw context.error("GEOSCoordSeq_getSize_r") }
        var out = [Point2](repeating: Point2(0, 0), count: Int(n))
        let ok = out.withUnsafeMutableBufferPointer { buf in
            buf.withMemoryRebound(to: Double.self) { d in GEOSCoordSeq_copyToBuffer_r(ctx, seq, d.baseAddress, 0, 0) }
        }
        guard ok != 0 else { throw context.error("GEOSCoordSeq_copyToBuffer_r") }
        return out
    }

    /// True when every x and y of the geometry (all parts, all rings) is finite and within
    /// ±`GEOSContext.maxWKBCoordinate`.
    func coordinatesAreFinite() throws -> Bool {
        func finite(_ g: OpaquePointer) throws -> Bool {
            let t = GEOSGeomTypeId_r(ctx, g)
            if t == Int32(GEOS_POINT.rawValue) || t == Int32(GEOS_LINESTRING.rawValue) || t == Int32(GEOS_LINEARRING.rawValue) {
                if GEOSisEmpty_r(ctx, g) != 0 { return true }
                let limit = GEOSContext.maxWKBCoordinate   // false for NaN, since NaN <= limit is false
                return try points(ofSequenceOwner: g).allSatisfy { abs($0.x) <= limit && abs($0.y) <= limit }
            }
            if t == Int32(GEOS_POLYGON.rawValue) {
                if GEOSisEmpty_r(ctx, g) != 0 { return true }
                guard let ext = GEOSGetExteriorRing_r(ctx, g) else { throw context.error("GEOSGetExteriorRing_r") }
                guard try finite(ext) else { return false }
                for i in 0..<max(GEOSGetNumInteriorRings_r(ctx, g), 0) {
                    guard let r = GEOSGetInteriorRingN_r(ctx, g, i) else { throw context.error("GEOSGetInteriorRingN_r") }
                    guard try finite(r) else { return false }
                }
                return true
            }
            let collections = [GEOS_MULTIPOINT, GEOS_MULTILINESTRING, GEOS_MULTIPOLYGON, GEOS_GEOMETRYCOLLECTION].map { Int32($0.rawValue) }
            guard collections.contains(t) else { return true }
            for i in 0..<max(GEOSGetNumGeometries_r(ctx, g), 0) {
                guard let part = GEOSGetGeometryN_r(ctx, g, i) else { throw context.error("GEOSGetGeometryN_r") }
                guard try finite(part) else { return false }
            }
            return true
        }
        return try finite(handle)
    }

    func polygonValue(_ g: OpaquePointer) throws -> Polygon2 {
        // Rings from GEOSGetExteriorRing_r / GEOSGetInteriorRingN_r are borrowed.
        guard let ext = GEOSGetExteriorRing_r(ctx, g) else { throw context.error("GEOSGetExteriorRing_r") }
        let n = GEOSGetNumInteriorRings_r(ctx, g)
        guard n >= 0 else { throw context.error("GEOSGetNumInteriorRings_r") }
        var holes: [[Point2]] = []
        for i in 0..<n {
            guard let r = GEOSGetInteriorRingN_r(ctx, g, i) else { throw context.error("GEOSGetInteriorRingN_r") }
            holes.append(try points(ofSequenceOwner: r))
        }
        return Polygon2(exterior: try points(ofSequenceOwner: ext), holes: holes)
    }

    /// All polygons of a polygonal or mixed geometry, recursing into collections; points and lines
    /// (e.g. slivers left by an intersection) are dropped. Empty polygons are skipped.
    package func polygons() throws -> [Polygon2] {
        var out: [Polygon2] = []
        func walk(_ g: OpaquePointer) throws {
            let t = GEOSGeomTypeId_r(ctx, g)
            if t == Int32(GEOS_POLYGON.rawValue) {
                if GEOSisEmpty_r(ctx, g) == 0 { out.append(try polygonValue(g)) }
            } else if t == Int32(GEOS_MULTIPOLYGON.rawValue) || t == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) {
                let n = GEOSGetNumGeometries_r(ctx, g)
                for i in 0..<max(n, 0) {
                    guard let part = GEOSGetGeometryN_r(ctx, g, i) else { throw context.error("GEOSGetGeometryN_r") }
                    try walk(part)   // borrowed pointer
                }
            }
        }
        try walk(handle)
        return out
    }

    /// All line strings of a linear or mixed geometry, recursing into collections.
    package func lineStrings() throws -> [LineString2] {
        var out: [LineString2] = []
        func walk(_ g: OpaquePointer) throws {
            let t = GEOSGeomTypeId_r(ctx, g)
            if t == Int32(GEOS_LINESTRING.rawValue) || t == Int32(GEOS_LINEARRING.rawValue) {
                if GEOSisEmpty_r(ctx, g) == 0 { out.append(LineString2(try points(ofSequenceOwner: g))) }
            } else if t == Int32(GEOS_MULTILINESTRING.rawValue) || t == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) {
                let n = GEOSGetNumGeometries_r(ctx, g)
                for i in 0..<max(n, 0) {
                    guard let part = GEOSGetGeometryN_r(ctx, g, i) else { throw context.error("GEOSGetGeometryN_r") }
                    try walk(part)
                }
            }
        }
        try walk(handle)
        return out
    }

    /// Well-known binary (`GEOSWKBWriter_write_r`; the buffer is freed with `GEOSFree_r`).
    package func wkb() throws -> [UInt8] {
        guard let w = GEOSWKBWriter_create_r(ctx) else { throw context.error("GEOSWKBWriter_create_r") }
        defer { GEOSWKBWriter_destroy_r(ctx, w) }
        var size = 0
        guard let buf = GEOSWKBWriter_write_r(ctx, w, handle, &size) else { throw context.error("GEOSWKBWriter_write_r") }
        defer { GEOSFree_r(ctx, buf) }
        return Array(UnsafeBufferPointer(start: buf, count: size))
    }
}
