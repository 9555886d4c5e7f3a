import Foundation

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

extension Projection {
    /// ``Projector/lonLatPolygons(_:gridDegrees:)`` of many polygon sets on `workers` threads, each with a projector
    /// of its own; results in input order, the same whatever `workers` is.
    /// - Throws: the first error of the lowest-numbered item that failed.
    public func lonLatPolygons(_ items: [[Polygon2]], workers: Int, gridDegrees: Double = 1e-6) throws -> [[Polygon2]] {
        let chunks = max(1, min(workers * 4, items.count / 16, items.count))
        let results = LonLatResults(count: items.count)
        let size = (items.count + chunks - 1) / max(chunks, 1)
        let work: @Sendable (Int) -> Void = { c in
            do {
                let projector = try Projector(self)
                for i in (c * size)..<min(items.count, (c + 1) * size) {
                    results.set(i, Result { try projector.lonLatPolygons(items[i], gridDegrees: gridDegrees) })
                }
            } catch {
                for i in (c * size)..<min(items.count, (c + 1) * size) { results.set(i, .failure(error)) }
            }
        }
        if workers <= 1 || chunks == 1 { for c in 0..<chunks { work(c) } } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: work) }
        return try results.values.map { try $0!.get() }
    }
}

/// The per-item results of ``Projection/lonLatPolygons(_:workers:gridDegrees:)``, each set once by its thread.
private final class LonLatResults: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Result<[Polygon2], Error>?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<[Polygon2], Error>) { lock.withLock { values[i] = r } }
}
