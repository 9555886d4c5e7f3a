import Foundation
import Testing
@testable import Coverage

/// The GeoJSON writer: the text by hand for two features, and the same text whatever the number of threads.
@Suite struct GeoJSONWriterTests {
    /// A point and a square, by hand: coordinates rounded to 6 decimals (1.0000004 → 1, −0.0000004 → 0, not −0),
    /// whole numbers without a fraction, the exterior ring counter-clockwise (RFC 7946 §3.1.6: the clockwise
    /// input is reversed), one feature per line.
    @Test func textByHand() {
        let square = Polygon2(exterior: [Point2(0, 0), Point2(0, 1), Point2(1, 1), Point2(1, 0), Point2(0, 0)])
        let text = GeoJSON.featureCollection([
            (geometry: .point(Point2(105.1234567, -0.0000004)), properties: [("id", .string("a"))]),
            (geometry: .polygon(square), properties: [("n", .number(2.5))]),
        ], extra: [("name", .string("t"))])
        #expect(text == """
        {"type":"FeatureCollection","name":"t","features":[
        {"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Point","coordinates":[105.123457,0]}},
        {"type":"Feature","properties":{"n":2.5},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}
        ]}

        """)
    }

    /// 3,001 features (so the chunks are uneven) written with 1, 2 and 7 threads: the same bytes.
    @Test func sameTextOnAnyNumberOfThreads() {
        var rng = SeededGenerator(seed: 7)
        let features = (0..<3001).map { i -> (geometry: Geometry2, properties: [(String, JSONValue)]) in
            let x = Double(rng.next() % 1_000_000) / 7, y = Double(rng.next() % 1_000_000) / 13
            return (geometry: .lineString(LineString2([Point2(x, y), Point2(x + 1.5, y - 0.25)])), properties: [("i", .number(Double(i)))])
        }
        let one = GeoJSON.featureCollection(features)
        #expect(GeoJSON.featureCollection(features, workers: 2) == one)
        #expect(GeoJSON.featureCollection(features, workers: 7) == one)
        #expect(one.components(separatedBy: "\n").count == 3001 + 3)
    }
}
