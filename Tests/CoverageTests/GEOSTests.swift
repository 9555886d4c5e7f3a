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

/// JSONValue.fixed against the C library's printf ("%.6f"), the reference it replaces, on values
/// typical of population.csv and on edge cases (negatives, rounding carry, zero, values below 1e-6).
@Test(arguments: [107.078756, 16.8267094, -0.0000004, -12.5, 0, 1e-7, 99.9999996, 106.25, -106.1234565, 17.000000499])
func fixedMatchesPrintf(value: Double) {
    #expect(JSONValue.fixed(value, digits: 6) == String(format: "%.6f", value) || abs(value) < 1e-6 && JSONValue.fixed(value, digits: 6) == "0.000000")
    #expect(JSONValue.fixed(value, digits: 2) == String(format: "%.2f", value) || abs(value) < 0.005 && JSONValue.fixed(value, digits: 2) == "0.00")
}
