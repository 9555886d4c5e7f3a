import Coverage
import Foundation
import Studies

/// `bench write` (issue 18: "the writing phase at the speed of the disk"): the two kinds of large output of a national
/// run, at its size — 30,000 footprint polygons of 361 lon/lat vertices as GeoJSON (about the 253 MB of the peer job's
/// footprints.geojson) and 5.1 million population.csv rows (191 MB) — each formatted by the run's own code
/// (``GeoJSON/featureCollectionText(_:decimals:extra:)``, ``CoverageOutputs/populationCSV(_:districtIDs:covered:)``)
/// and written through ``OutputFolder`` as it is formatted, beside `cat` of the same file into another file on the same disk. The
/// geometry is synthetic (seeded); the text's shape (digits per coordinate, properties) is the run's.
enum WriteBenchmark {
    /// Bytes of a file, or of the files in a folder (FlatGeobuf writes one file per layer into a folder).
    static func size(_ path: String) -> Int {
        var folder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &folder) else { return 0 }
        if !folder.boolValue { return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).reduce(0) { $0 + size(path + "/" + $1) }
    }

    static func run(workers: Int) throws {
        let root = URL(fileURLWithPath: "bench-out/write")
        try? FileManager.default.removeItem(at: root)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }

        var rng = SeededGenerator(seed: 18)
        let features: [(geometry: Geometry2, properties: [(String, JSONValue)])] = (0..<30_000).map { k in
            let lon = Double.random(in: 102.2...109.4, using: &rng), lat = Double.random(in: 8.6...23.3, using: &rng)
            let r = Double.random(in: 0.01...0.06, using: &rng), phase = Double.random(in: 0...6.28, using: &rng)
            var ring = (0..<360).map { b -> Point2 in
                let a = Double(b) * .pi / 180, rr = r * (1 + 0.2 * sin(5 * a + phase))
                return Point2(lon + rr * sin(a) / cos(lat * .pi / 180), lat + rr * cos(a))
            }
            ring.reverse(); ring.append(ring[0])
            return (.multiPolygon([Polygon2(exterior: ring)]), [("site_id", .string(String(format: "S%05d", k))), ("model", "cost231-hata:medium-city"),
                                                          ("max_radius_m", .number((r * 111_000).rounded())), ("fill", "#2b83ba"),
                                                          ("fill-opacity", 0.15), ("stroke", "#2b83ba"), ("stroke-width", 0.5)])
        }
        let cells = 5_144_612
        let population = PopulationSurface(positions: [], lonLat: (0..<cells).map { i in Point2(102.2 + Double(i % 2900) * 0.0024, 8.6 + Double(i / 2900) * 0.0083) },
                                           district: (0..<cells).map { Int32($0 / 7435) }, population: (0..<cells).map { Double(($0 * 7919) % 3000) },
                                           cellSizeMeters: 250)
        let ids = (0..<692).map { String(format: "%03d", $0 + 1) }, covered = (0..<cells).map { $0 % 7 < 2 }

        print(String(format: "  %d worker%@; MB = 10⁶ bytes; text = formatting only (each chunk dropped), file = formatted and written as it goes, closed", workers, workers == 1 ? "" : "s"))
        for (name, make) in [("footprints.geojson (30,000 polygons × 361 vertices)", { GeoJSON.featureCollectionText(features, extra: [("name", "footprints")]) }),
                             ("population.csv (5,144,612 rows)", { CoverageOutputs.populationCSV(population, districtIDs: ids, covered: covered) })]
            as [(String, () -> ChunkedText)] {
            let fileName = name.hasPrefix("footprints") ? "footprints.geojson" : "population.csv"
            var bytes = 0
            let text = try median(3) { bytes = 0; try make().stream(workers: workers) { bytes += $0.count } }
            // Each timing starts with no earlier file to replace (removing a 250 MB file costs the kernel ~0.1 s).
            let out = root.appendingPathComponent("out").path
            var whole: [Double] = []
            for _ in 0..<3 {
                try? FileManager.default.removeItem(atPath: out)
                let start = Date()
                try OutputFolder.produce(out) { try $0.write(fileName, make(), workers: workers) }
                whole.append(Date().timeIntervalSince(start))
            }
            let written = root.appendingPathComponent("out/\(fileName)").path, copy = root.appendingPathComponent("copy").path
            var cats: [Double] = []
            for _ in 0..<3 {
                try? FileManager.default.removeItem(atPath: copy)
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/bin/sh")
                p.arguments = ["-c", "cat \"$0\" > \"$1\"", written, copy]
                let start = Date()
                try p.run(); p.waitUntilExit()
                cats.append(Date().timeIntervalSince(start))
            }
            let file = whole.sorted()[1], cat = cats.sorted()[1]
            let mb = Double(bytes) / 1e6
            print(String(format: "  %-52@ %6.1f MB: text %.2f s (%.0f MB/s), file %.2f s (%.0f MB/s); cat of the file %.2f s (%.0f MB/s)",
                         name as NSString, mb, text, mb / text, file, mb / file, cat, mb / cat))
        }
        // The same footprints through GDAL (`sim run --format fgb|gpkg`; one thread: GDAL's writers take one feature at a time).
        guard workers == 1 else { return }
        for format in [GDALVector.Format.flatGeobuf, .geoPackage] {
            let path = root.appendingPathComponent("footprints.\(format.rawValue)").path
            var times: [Double] = []
            for _ in 0..<3 {
                try? FileManager.default.removeItem(atPath: path)
                let start = Date()
                _ = try GDALVector.write([GDALVector.OutputLayer(name: "footprints", features: features)], to: path, format: format)
                times.append(Date().timeIntervalSince(start))
            }
            let t = times.sorted()[1], mb = Double(size(path)) / 1e6
            print(String(format: "  %-52@ %6.1f MB: GDAL %@ driver %.2f s (%.0f MB/s)", "footprints as \(format.rawValue) (the same features)" as NSString, mb,
                         format.rawValue, t, mb / t))
        }
    }
}
