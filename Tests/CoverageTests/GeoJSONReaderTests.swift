@testable import Coverage
import Foundation
import Testing

/// `GeoJSON.readFeatures` reads valid files through `JSONDecoder` (``GeoJSON/decodeFeatures(_:)``) and falls back
/// to the checked `JSONSerialization` path for anything else. The two must agree: the fast path may accept only
/// what the checked path accepts, with the same features, so the error messages and the accepted files stay as
/// they were. (The GeoJSON fuzz harness asserts the same on every input it makes.)
struct GeoJSONReaderTests {
    static func same(_ a: [GeoFeature], _ b: [GeoFeature]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.index == $1.index && $0.geometry == $1.geometry && $0.properties == $1.properties }
    }

    static var repoRoot: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    /// Every GeoJSON file the project ships (data/, the fuzz seeds and the fuzzers' finds) reads the same both ways, or is refused by both.
    @Test func fastAndCheckedAgreeOnTheShippedFiles() throws {
        var files: [URL] = []
        for folder in ["data", "Fuzz/corpus/geojson", "Fuzz/regressions/geojson"] {
            let e = FileManager.default.enumerator(at: Self.repoRoot.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let u = e?.nextObject() as? URL { if u.pathExtension == "geojson" { files.append(u) } }
        }
        #expect(files.count >= 10)
        var dataFiles = 0, dataFast = 0
        for u in files {
            let shipped = u.path.contains("/data/")
            if shipped { dataFiles += 1 }
            let data = try Data(contentsOf: u)
            let checked = try? GeoJSON.checkedFeatures(data, file: u.lastPathComponent)
            let fast = GeoJSON.decodeFeatures(data)
            if let fast {
                if shipped { dataFast += 1 }
                #expect(checked.map { Self.same(fast, $0) } == true, "\(u.path)")
            } else {
                #expect(checked == nil, "the fast path refused \(u.path), which the checked path reads")
            }
        }
        // The districts, roads, places, cables… files are valid: all of them take the fast path.
        #expect(dataFiles >= 5 && dataFast == dataFiles)
    }

    /// Inputs at the edges of the rules: each is either refused by both paths (the message is the checked one's) or
    /// read the same way; `fastReads` says whether the fast path takes it.
    @Test(arguments: [
        // accepted by both
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":[106.5,16.75,12.5]}}]}"#, true),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-180,-90]}}]}"#, true),
        // a trailing comma: this toolchain's JSONSerialization and JSONDecoder both accept it
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[0,0]}},]}"#, true),
        // keys that repeat only in different objects
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":{"a":1},"b":[{"a":2},{"a":3}]},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#, true),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"b":true,"a":[1,"x",null,{"z":1e3}],"c":-0},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}]}"#, true),
        (#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[]}"#, true),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":"Đông Hà \u0041"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]],[[0.1,0.1],[0.2,0.1],[0.2,0.2],[0.1,0.1]]]}}]}"#, true),
        // refused by both
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[16.75,106.5]}}]}"#, false),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}]}"#, false),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}}]}"#, false),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0]]}}]}"#, false),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[]}}]}"#, false),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null}]}"#, false),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[]}}]}"#, false),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1e999,0]}}]}"#, false),
        (#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:32648"}},"features":[]}"#, false),
        (#"{"type":"Feature","geometry":{"type":"Point","coordinates":[0,0]}}"#, false),
        // a bad value in a member the reader does not use (JSONDecoder would not look at it unless decoded)
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","note":"\x41","geometry":{"type":"Point","coordinates":[0,0]}}]}"#, false),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","bbox":[01],"coordinates":[0,0]}}]}"#, false),
        (#"{"type":"FeatureCollection","name":1e999,"features":[]}"#, false),
        (#"{"type":"FeatureCollection","name":"\ud800","features":[]}"#, false),
        (#"{"type":"FeatureCollection","name":-,"features":[]}"#, false),
        // accepted by the checked path only (an extra ordinate that is not a number, a MultiPoint without
        // coordinates, a member given twice — JSONSerialization keeps the last): the fallback reads it
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"MultiPoint"}}]}"#, false),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1,"b":{"c":2},"a":3},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#, false),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[0,0]},"geometry":{"type":"Point","coordinates":[1,1]}}]}"#, false),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1,"\u0061":3},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#, false),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2,"m"]}}]}"#, false),
    ])
    func edgeCasesAgree(_ text: String, fastReads: Bool) {
        let data = Data(text.utf8)
        #expect((GeoJSON.decodeFeatures(data) != nil) == fastReads)
        var checkedError = ""
        let checked: [GeoFeature]?
        do { checked = try GeoJSON.checkedFeatures(data, file: "t.geojson") } catch { checked = nil; checkedError = "\(error)" }
        if let fast = GeoJSON.decodeFeatures(data) {
            #expect(checked.map { Self.same(fast, $0) } == true)
        }
        // The public reader gives the checked path's answer, error message included.
        do {
            let read = try GeoJSON.readFeatures(data, file: "t.geojson")
            #expect(checked.map { Self.same(read, $0) } == true)
        } catch {
            #expect(checked == nil)
            #expect("\(error)" == checkedError)
        }
    }

    /// Invalid UTF-8 in a member the reader does not use (found by the GeoJSON fuzz harness): refused by both paths.
    @Test func invalidUTF8AnywhereIsRefused() {
        var data = Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","note":""#.utf8)
        data.append(contentsOf: [0xC3, 0x28])
        data.append(contentsOf: Array(#"","geometry":{"type":"Point","coordinates":[0,0]}}]}"#.utf8))
        #expect(GeoJSON.decodeFeatures(data) == nil)
        #expect(throws: (any Error).self) { try GeoJSON.readFeatures(data, file: "t.geojson") }
    }

    /// Property values as JSONSerialization gives them: keys sorted, numbers as doubles, booleans as booleans.
    @Test func propertiesDecodeAsTheCheckedPathGivesThem() throws {
        let text = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"z":1,"a":true,"m":[2.5,"s"],"n":null},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#
        let f = try #require(GeoJSON.decodeFeatures(Data(text.utf8)))
        #expect(f[0].properties == .object([("a", .bool(true)), ("m", .array([.number(2.5), .string("s")])), ("n", .null), ("z", .number(1))]))
        #expect(f[0].geometry == .point(Point2(1, 2)))
    }
}
