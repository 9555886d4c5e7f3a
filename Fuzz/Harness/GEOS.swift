@testable import Coverage
import Foundation

/// The GEOS boundary: geometry from WKB or GeoJSON through make-valid, union and intersection,
/// and back to Swift values. One context per process, reused (as the product does per worker).
enum FuzzGEOS {
    nonisolated(unsafe) static let ctx = GEOSContext()
    /// A fixed 1 × 1 square the input is intersected with.
    nonisolated(unsafe) static let square = try! ctx.polygon(Polygon2(exterior: [Point2(0, 0), Point2(1, 0), Point2(1, 1), Point2(0, 1), Point2(0, 0)], holes: []))

    static func exercise(_ g: GEOSGeometryRef) {
        _ = try? g.isValid()
        _ = g.validReason()
        _ = try? g.area()
        _ = try? g.bounds()
        _ = try? g.polygons()
        _ = try? g.lineStrings()
        guard let v = try? g.makeValid() else { return }
        _ = try? v.polygons()
        if let u = try? v.unaryUnion() { _ = try? u.area(); _ = try? u.wkb() }
        if let i = try? v.intersection(square) { _ = try? i.polygons(); _ = try? i.area() }
        if let i = try? square.intersection(v) { _ = try? i.lineStrings() }
    }

    static func wkb(_ data: Data) {
        guard let g = try? ctx.geometry(wkb: [UInt8](data)) else { return }
        exercise(g)
    }

    static func geojson(_ data: Data) {
        guard let features = try? GeoJSON.readFeatures(data, file: "fuzz.geojson") else { return }
        var parts: [GEOSGeometryRef] = []
        for f in features {
            guard let g = try? ctx.geometry(f.geometry) else { continue }
            exercise(g)
            parts.append(g)
        }
        if parts.count > 1, let all = try? ctx.collection(.geometryCollection, parts), let v = try? all.makeValid() {
            _ = try? v.unaryUnion()
        }
    }
}
