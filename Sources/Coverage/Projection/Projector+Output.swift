import Foundation

extension Projector {
    /// Unprojects polygons (metres) to WGS 84 lon/lat on a 10⁻⁶° grid that keeps them valid — so the polygons
    /// stay valid after they are written with 6 decimals (RFC 7946 output). Each coordinate is rounded to the
    /// grid as GEOS's precision model rounds (⌊v/g + ½⌋·g) and repeated vertices dropped; when GEOS finds the result
    /// valid (`GEOSisValid_r`: what a footprint star or a district's coverage almost always is) it is kept as it
    /// is, else the unrounded polygons are snap-rounded by GEOS (`GEOSGeom_setPrecision_r`), which keeps the result
    /// valid. (Snap-rounding every polygon was a fifth of the national peer run's CPU in `perf record`; checking
    /// instead took that run from 33.8 to 22.6 s, README "Benchmarks".) Empty input gives empty output.
    /// The GEOS context is this projector's own (a projector belongs to one task, like its PROJ context).
    public func lonLatPolygons(_ polys: [Polygon2], gridDegrees: Double = 1e-6) throws -> [Polygon2] {
        guard !polys.isEmpty else { return [] }
        let ctx = geometryContext
        let ll = try polys.map { p in Polygon2(exterior: try inverse(p.exterior), holes: try p.holes.map { try inverse($0) }) }
        let rounded = ll.map { p in Polygon2(exterior: Self.snapped(p.exterior, grid: gridDegrees), holes: p.holes.map { Self.snapped($0, grid: gridDegrees) }) }
        if rounded.allSatisfy({ $0.exterior.count >= 4 && $0.holes.allSatisfy { $0.count >= 4 } }), try ctx.multiPolygon(rounded).isValid() {
            return rounded
        }
        return try ctx.multiPolygon(ll).settingPrecision(gridDegrees).polygons()
    }

    /// A closed ring's vertices rounded to multiples of `grid` (⌊v/grid + ½⌋·grid, GEOS's rounding), consecutive
    /// repeats dropped (the ring stays closed).
    static func snapped(_ ring: [Point2], grid: Double) -> [Point2] {
        let scale = 1 / grid
        var out: [Point2] = []
        out.reserveCapacity(ring.count)
        for p in ring {
            let q = Point2((p.x * scale + 0.5).rounded(.down) / scale, (p.y * scale + 0.5).rounded(.down) / scale)
            if out.last != q { out.append(q) }
        }
        return out
    }
}

extension Projection {
    /// ``Projector/lonLatPolygons(_:gridDegrees:)`` of many polygon sets on `workers` threads, each with a projector
    /// of its own; results in input order, the same whatever `workers` is.
    /// - Throws: the first error of the lowest-numbered item that failed.
    public func lonLatPolygons(_ items: [[Polygon2]], workers: Int, gridDegrees: Double = 1e-6) throws -> [[Polygon2]] {
        let chunks = max(1, min(workers * 4, items.count / 16, items.count))
        let results = LonLatResults(count: items.count)
        // Chunk c holds items c·n/chunks ..< (c+1)·n/chunks: all within range (a rounded-up chunk size overshoots the
        // last chunks when chunks does not divide n, e.g. 513 items in 32 chunks of 17 on 8 workers).
        let n = items.count
        let work: @Sendable (Int) -> Void = { c in
            let range = (c * n / chunks)..<((c + 1) * n / chunks)
            do {
                let projector = try Projector(self)
                for i in range { results.set(i, Result { try projector.lonLatPolygons(items[i], gridDegrees: gridDegrees) }) }
            } catch {
                for i in range { results.set(i, .failure(error)) }
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
