import Testing
@testable import Coverage

@Suite struct GEOSTests {
    @Test func squareAreaAndUnion() throws {
        let ctx = GEOSContext()
        // Two 10 × 10 squares overlapping in a 5 × 10 strip: union area 100 + 100 − 50 = 150 (hand calculation).
        let a = try ctx.polygon(BoundingBox(minX: 0, minY: 0, maxX: 10, maxY: 10).polygon)
        let b = try ctx.polygon(BoundingBox(minX: 5, minY: 0, maxX: 15, maxY: 10).polygon)
        let u = try ctx.collection(.geometryCollection, [a, b]).unaryUnion()
        #expect(abs(try u.area() - 150) < 1e-9)
    }
}
