import Coverage
import Foundation
import Studies

/// Footprints of cells with 3D antenna patterns against today's site footprints, on the same sites:
/// every 4G site of a scenario as its listed cells (one per azimuth, same height, band and power) with the
/// TR 36.814 model panel (data/antennas/3gpp-tr36814-h65-v10-t00.msi) and 4° electrical tilt, so every
/// footprint is computed along radials (CellFootprint) instead of the one-curve star. Medians of `repeats`, 2 workers.
func cellBenchmark(scenario path: String, label: String, repeats: Int = 3) async throws {
    guard FileManager.default.fileExists(atPath: path) else { print("  \(label): \(path) missing (run make bench once to generate it)"); return }
    let workers = 2
    let study = try await ScenarioRun.load(path: path, workers: workers, progress: Progress())
    let radio = study.scenario.radio
    let panel = try AntennaPattern.readMSI(path: "data/antennas/3gpp-tr36814-h65-v10-t00.msi")
    let envs = study.siteEnvironments
    let patterned = study.sites.map { s -> Site in
        let cells = s.cells.map { c -> Cell in
            var c = c
            if c.azimuthDegrees != nil { c.antenna = panel; c.electricalTiltDegrees = 4 }
            return c
        }
        return Site(id: s.id, lon: s.lon, lat: s.lat, position: s.position, technology: s.technology, cells: cells, year: s.year)
    }
    let lte = study.sites.filter { $0.technology.counts(toward: radio.technology) }
    let cellCount = lte.reduce(0) { $0 + $1.cells.count }
    func time(_ sites: [Site], clutter: ClutterMap? = nil) async throws -> (Double, Int) {
        var t: [Double] = []
        var n = 0
        for _ in 0..<repeats {
            let start = Date()
            let r = try await RadioCoverage.footprints(sites: sites, environments: envs, settings: radio, clutter: clutter, workers: workers)
            t.append(Date().timeIntervalSince(start))
            n = r.footprints.reduce(0) { $0 + $1.polygons.reduce(0) { $0 + $1.vertexCount } }
        }
        return (t.sorted()[t.count / 2], n)
    }
    let (flat, v0) = try await time(study.sites)
    let (cells, v1) = try await time(patterned)
    let (flatClutter, v2) = study.clutter == nil ? (0, 0) : try await time(study.sites, clutter: study.clutter)
    let (cellsClutter, v3) = study.clutter == nil ? (0, 0) : try await time(patterned, clutter: study.clutter)
    print(String(format: "  %@: %d 4G sites, %d cells", label, lte.count, cellCount))
    print(String(format: "    site footprints (star per site, horizontal pattern)   %7.3f s  %9d vertices", flat, v0))
    print(String(format: "    cell footprints (3D panel, 4° e-tilt, radials /10 m)   %7.3f s  %9d vertices  (%.1f× the site footprints)", cells, v1, cells / flat))
    if let map = study.clutter {
        print(String(format: "    with the clutter map (%@, %.0f m): the phone's class along every radial", study.scenario.clutter.source.rawValue, map.grid.cellSizeMeters))
        print(String(format: "    site footprints, horizontal pattern                    %7.3f s  %9d vertices  (%.1f× the site footprints)", flatClutter, v2, flatClutter / flat))
        print(String(format: "    cell footprints, 3D panel, 4° e-tilt                   %7.3f s  %9d vertices  (%.1f× the site footprints)", cellsClutter, v3, cellsClutter / flat))
    }
}
