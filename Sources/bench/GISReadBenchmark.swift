import Coverage
import Foundation

/// Reading the 692-district national layer (2019, simplified; 83,139 vertices) four ways: our RFC 7946
/// GeoJSON reader (JSONDecoder, checked fallback), and GDAL (`GDALVector.read`) on the same GeoJSON, on a
/// GeoPackage and on a Shapefile written from it into a temporary folder. Median of 5 reads each.
func gisReadBenchmark() throws {
    let national = "data/vietnam/vietnam_districts_2019_simplified.geojson"
    guard FileManager.default.fileExists(atPath: national) else { print("  \(national) not found; skipped"); return }
    let feats = try GeoJSON.readFeatures(try Data(contentsOf: URL(fileURLWithPath: national)), file: national)
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
        ("GeoJSON, our reader (JSONDecoder)", { try GeoJSON.readFeatures(Data(contentsOf: URL(fileURLWithPath: national)), file: national).count }),
        ("GeoJSON through GDAL", { try GDALVector.read(national).features.count }),
        ("GeoPackage through GDAL", { try GDALVector.read(gpkg).features.count }),
        ("Shapefile through GDAL", { try GDALVector.read(shp + "/districts.shp").features.count }),
    ]
    for (label, body) in cases {
        var n = 0
        let t = try median(5) { n = try body() }
        print("  " + label.padding(toLength: 42, withPad: " ", startingAt: 0)
              + String(format: "%4d districts, %6d vertices: %7.1f ms (median of 5)", n, vertices, t * 1000))
    }
}
