import Foundation
import Testing
@testable import Coverage

/// The polygons written to GeoJSON: unprojected and put on the 10⁻⁶° grid (``Projector/lonLatPolygons(_:gridDegrees:)``).
@Suite struct LonLatOutputTests {
    let utm = try! Projection(epsg: 32648)

    /// A 1 km square near Đông Hà: each vertex is PROJ's inverse rounded by hand to ⌊v·10⁶ + ½⌋ / 10⁶ (GEOS's
    /// rounding), the ring stays closed, nothing else changes (the fast path: rounding keeps it valid).
    @Test func roundedWhereRoundingKeepsItValid() throws {
        let projector = try Projector(utm)
        let x0 = 720_000.0, y0 = 1_860_000.0
        let square = Polygon2(exterior: [Point2(x0, y0), Point2(x0 + 1000, y0), Point2(x0 + 1000, y0 + 1000), Point2(x0, y0 + 1000), Point2(x0, y0)])
        let out = try projector.lonLatPolygons([square])
        let exact = try projector.inverse(square.exterior)
        #expect(out.count == 1 && out[0].holes.isEmpty)
        #expect(out[0].exterior == exact.map { Point2(($0.x * 1e6 + 0.5).rounded(.down) / 1e6, ($0.y * 1e6 + 0.5).rounded(.down) / 1e6) })
        #expect(out[0].exterior.first == out[0].exterior.last)
        // Đông Hà lies near 107.1° E, 16.8° N.
        #expect(abs(out[0].exterior[0].x - 107.1) < 0.1 && abs(out[0].exterior[0].y - 16.8) < 0.1)
    }

    /// Two 100 m squares 0.1 mm apart: rounded to the grid, their facing vertices fall on the same grid points and
    /// the parts share an edge — an invalid multipolygon (checked here, so the test exercises the fallback). The
    /// output is GEOS's snap-rounding of the unrounded parts: valid, its vertices on the grid.
    @Test func snapRoundedWhereRoundingBreaksValidity() throws {
        let projector = try Projector(utm)
        let x0 = 720_000.0, y0 = 1_860_000.0, gap = 1e-4
        func square(_ x: Double) -> Polygon2 {
            Polygon2(exterior: [Point2(x, y0), Point2(x + 100, y0), Point2(x + 100, y0 + 100), Point2(x, y0 + 100), Point2(x, y0)])
        }
        let parts = [square(x0), square(x0 + 100 + gap)]
        let ctx = GEOSContext()
        let plain = try parts.map { p in
            Polygon2(exterior: Projector.snapped(try projector.inverse(p.exterior), grid: 1e-6))
        }
        #expect(try ctx.multiPolygon(parts).isValid())
        #expect(try !ctx.multiPolygon(plain).isValid(), "the parts should touch once rounded")
        let out = try projector.lonLatPolygons(parts)
        #expect(try ctx.multiPolygon(out).isValid())
        for p in out { for v in p.exterior { #expect(abs(v.x * 1e6 - (v.x * 1e6).rounded()) < 1e-6 && abs(v.y * 1e6 - (v.y * 1e6).rounded()) < 1e-6) } }
        // Same area as the two squares unprojected (≈ 2 × 100 m × 100 m in degrees², within the grid's rounding).
        let area = try ctx.multiPolygon(out).area(), exactArea = try ctx.multiPolygon(parts.map { Polygon2(exterior: try projector.inverse($0.exterior)) }).area()
        #expect(abs(area - exactArea) / exactArea < 0.01)
    }
}

/// Work split into chunks on many workers: the same result as one worker, for counts that the chunk count does not
/// divide (a rounded-up chunk size once put the last chunks past the end: 513 items in 32 chunks of 17 on 8 workers,
/// 9 items in 8 chunks of 2, 66,561 features on 65 workers).
@Suite struct ChunkedWorkTests {
    @Test func textIsTheSameOnAnyNumberOfWorkers() throws {
        for (count, workers, chunk) in [(9, 2, 1), (66_561, 65, 256), (0, 4, 1), (1, 8, 1), (1000, 3, 7), (513, 8, 16), (40, 2, 3)] {
            // Items 5…9 of every 20 write nothing (empty chunks are skipped with their separator).
            @Sendable func write(_ r: Range<Int>, _ s: TextBuffer) {
                var first = true
                for i in r where !(5..<10).contains(i % 20) { if !first { s.append("," as StaticString) }; s.append(i); first = false }
            }
            let serial = "[" + (0..<count).filter { !(5..<10).contains($0 % 20) }.map(String.init).joined(separator: ",") + "]"
            for text in [ChunkedText(head: "[", count: count, chunkItems: chunk, separator: ",", tail: "]", write),
                         ChunkedText(head: "[", count: count, chunkBytes: 3 * chunk, bytes: { _ in 2 }, separator: ",", tail: "]", write)] {
                var parts: [String] = []
                try text.stream(workers: workers) { parts.append($0.text) }
                #expect(parts.joined() == serial, "\(count) items on \(workers) workers")
                #expect(!parts.contains(""), "no empty part is handed on")
                #expect(text.joined(workers: workers).text == serial)
            }
        }
    }

    /// A writer that fails part-way stops the stream: its error comes out, and no part after it is asked for.
    @Test func streamStopsAtTheWritersError() {
        struct Full: Error {}
        let text = ChunkedText(count: 10_000, chunkItems: 10) { r, s in for i in r { s.append(i) } }
        for workers in [1, 2, 4] {
            var parts = 0
            #expect(throws: Full.self) {
                try text.stream(workers: workers) { _ in parts += 1; if parts == 7 { throw Full() } }
            }
            #expect(parts == 7)
        }
    }

    @Test func lonLatPolygonsAreTheSameOnEightWorkers() throws {
        let utm = try Projection(epsg: 32648)
        let items = (0..<513).map { k -> [Polygon2] in
            let x = 700_000 + Double(k % 23) * 1000, y = 1_850_000 + Double(k / 23) * 1000
            return [Polygon2(exterior: [Point2(x, y), Point2(x + 500, y), Point2(x + 500, y + 500), Point2(x, y + 500), Point2(x, y)])]
        }
        let one = try utm.lonLatPolygons(items, workers: 1), eight = try utm.lonLatPolygons(items, workers: 8)
        #expect(one.count == 513 && one == eight)
    }
}
