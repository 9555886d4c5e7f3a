import CPROJ
import Foundation

/// The projected CRS of a scenario, named by its EPSG code. A `Sendable` value; each task makes
/// its own `Projector` from it (PROJ objects, like GEOS contexts, belong to one thread).
public struct Projection: Sendable, Hashable, CustomStringConvertible {
    /// EPSG code of the projected CRS (metres), e.g. 32648 for WGS 84 / UTM zone 48N.
    public let epsg: Int

    public init(epsg: Int) throws {
        self.epsg = epsg
        _ = try Projector(self)   // fails now, with PROJ's message, for an unknown code
    }

    /// The WGS 84 UTM zone holding `lon, lat` (EPSG 326zz north, 327zz south). Zone from
    /// ⌊(lon + 180) / 6⌋ + 1 (the Norway/Svalbard exceptions do not concern Viet Nam).
    public static func utm(lon: Double, lat: Double) throws -> Projection {
        let zone = min(max(Int(((lon + 180) / 6).rounded(.down)) + 1, 1), 60)
        return try Projection(epsg: (lat >= 0 ? 32600 : 32700) + zone)
    }

    public var description: String { "EPSG:\(epsg)" }

    /// The PROJ library version, e.g. "9.1.1".
    public static var projVersion: String { String(cString: proj_info().version) }
}

/// A PROJ transformation between WGS 84 lon/lat (EPSG:4326, in lon-lat order through
/// `proj_normalize_for_visualization`) and a projected CRS. Not `Sendable`: one per task.
public final class Projector {
    let context: OpaquePointer
    let transform: OpaquePointer
    public let projection: Projection
    /// GEOS context for `lonLatPolygons`, made on first use.
    lazy var geometryContext = GEOSContext()

    public init(_ projection: Projection) throws {
        guard let ctx = proj_context_create() else { throw CoverageError.proj(operation: "proj_context_create", message: "out of memory") }
        proj_log_level(ctx, PJ_LOG_NONE)
        guard let raw = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:\(projection.epsg)", nil) else {
            let msg = String(cString: proj_context_errno_string(ctx, proj_context_errno(ctx)))
            proj_context_destroy(ctx)
            throw CoverageError.invalidInput(file: "", location: "crs", message: "EPSG:\(projection.epsg) is not a CRS PROJ knows (\(msg)); use a projected CRS in metres, e.g. 32648 (UTM 48N) or 9212 (VN-2000 TM-3 106°15′)")
        }
        defer { proj_destroy(raw) }
        guard let norm = proj_normalize_for_visualization(ctx, raw) else {
            proj_context_destroy(ctx)
            throw CoverageError.proj(operation: "proj_normalize_for_visualization", message: "failed for EPSG:\(projection.epsg)")
        }
        context = ctx
        transform = norm
        self.projection = projection
    }

    deinit {
        proj_destroy(transform)
        proj_context_destroy(context)
    }

    private func run(_ pts: inout [Point2], _ direction: PJ_DIRECTION) throws {
        guard !pts.isEmpty else { return }
        let n = pts.count
        let stride = MemoryLayout<Point2>.stride
        pts.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: Double.self)
            _ = proj_trans_generic(transform, direction, base, stride, n, base + 1, stride, n, nil, 0, 0, nil, 0, 0)
        }
        for p in pts where !p.x.isFinite || !p.y.isFinite {
            throw CoverageError.proj(operation: "proj_trans_generic", message: "coordinate could not be transformed (outside the CRS's area of use?)")
        }
    }

    /// Projects lon/lat degrees to metres.
    public func forward(_ pts: [Point2]) throws -> [Point2] { var p = pts; try run(&p, PJ_FWD); return p }
    /// Unprojects metres to lon/lat degrees.
    public func inverse(_ pts: [Point2]) throws -> [Point2] { var p = pts; try run(&p, PJ_INV); return p }
    public func forward(_ p: Point2) throws -> Point2 { try forward([p])[0] }
    public func inverse(_ p: Point2) throws -> Point2 { try inverse([p])[0] }

    /// Projects every coordinate of a geometry to metres.
    public func forward(_ g: Geometry2) throws -> Geometry2 { try transformAll(g, PJ_FWD) }
    /// Unprojects every coordinate of a geometry to lon/lat.
    public func inverse(_ g: Geometry2) throws -> Geometry2 { try transformAll(g, PJ_INV) }

    private func transformAll(_ g: Geometry2, _ dir: PJ_DIRECTION) throws -> Geometry2 {
        var flat = g.allPoints
        try run(&flat, dir)
        var i = 0
        return g.mapPoints { _ in defer { i += 1 }; return flat[i] }
    }
}
