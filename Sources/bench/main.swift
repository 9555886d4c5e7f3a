import Coverage
import Foundation
import Planner

// `make bench`: in-process benchmarks that need no input files. Whole-run figures (wall time and
// peak memory of `sim run`) come from scripts/bench.sh. Times are wall-clock medians on this machine.

func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var t: [Double] = []
    for _ in 0..<runs { let s = Date(); try body(); t.append(Date().timeIntervalSince(s)) }
    return t.sorted()[t.count / 2]
}

print("== planner selection (Sources/Planner/Selection/SelectionBenchmark.swift)")
print(SelectionBenchmark.run())

print("== ITM point to point: 25 km profile at 30 m spacing, 360 radials × (one call per profile point)")
let n = 834
func elevation(_ i: Int) -> Double {
    let x = Double(i)
    return 50.0 + 40.0 * sin(x / 37.0) + Double(i % 7)
}
let profile = try TerrainProfile(spacingMeters: 30, elevationsMeters: (0...n).map(elevation))
var calls = 0
let secs = try median(3) {
    calls = 0
    for _ in 0..<36 {
        for k in stride(from: 34, through: n, by: 8) {
            let sub = try TerrainProfile(spacingMeters: 30, elevationsMeters: Array(profile.elevationsMeters[0...k]))
            _ = try ITM.pointToPointLossTLS(hTxMeters: 35, hRxMeters: 1.5, profile: sub, climate: .equatorial, surfaceRefractivityNUnits: 360,
                                            frequencyMHz: 1815, polarization: .vertical, epsilon: 15, sigma: 0.005, mdvar: .mobile,
                                            timePercent: 50, locationPercent: 50, situationPercent: 50)
            calls += 1
        }
    }
}
print(String(format: "  %d ITM p2p calls in %.3f s (%.1f µs per call)", calls, secs, secs / Double(calls) * 1e6))

print("== reading the 692-district national layer (data/vietnam): our GeoJSON reader vs GDAL")
let national = "data/vietnam/vietnam_districts_2019_simplified.geojson"
if FileManager.default.fileExists(atPath: national) {
    let nationalData = try Data(contentsOf: URL(fileURLWithPath: national))
    let feats = try GeoJSON.readFeatures(nationalData, file: national)
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("bench-gdal-\(getpid())")
    try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: tmp) }
    let layer = GDALVector.OutputLayer(name: "districts", features: feats.map { f in
        guard case .object(let kv) = f.properties else { return (f.geometry, []) }
        return (f.geometry, kv)
    })
    let gpkg = tmp.appendingPathComponent("national.gpkg").path, shp = tmp.appendingPathComponent("shp").path
    try GDALVector.write([layer], to: gpkg, format: .geoPackage)
    try GDALVector.write([layer], to: shp, format: .shapefile)
    let vertices = feats.reduce(0) { $0 + $1.geometry.allPoints.count }
    let cases: [(String, () throws -> Int)] = [
        ("GeoJSON, our reader (JSONSerialization)", { try GeoJSON.readFeatures(Data(contentsOf: URL(fileURLWithPath: national)), file: national).count }),
        ("GeoJSON through GDAL", { try GDALVector.read(national).features.count }),
        ("GeoPackage through GDAL", { try GDALVector.read(gpkg).features.count }),
        ("Shapefile through GDAL", { try GDALVector.read(shp + "/districts.shp").features.count }),
    ]
    for (label, body) in cases {
        var n = 0
        let t = try median(5) { n = try body() }
        print("  " + label.padding(toLength: 42, withPad: " ", startingAt: 0) + String(format: "%4d districts, %6d vertices: %7.1f ms (median of 5)", n, vertices, t * 1000))
    }
}
