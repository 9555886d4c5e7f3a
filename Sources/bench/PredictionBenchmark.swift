import Coverage
import Foundation
import Studies

/// Prediction rasters of a scenario's 4G cells (every site's cells, 3 per sector site on the default data)
/// over the districts plus a 2 km margin: RSRP, best server, overlap, path loss and SINR per pixel, flat earth.
/// Wall-clock medians of `repeats` with 1 and 2 workers; the two results are compared pixel for pixel.
func predictionBenchmark(scenario path: String, label: String, resolutionMeters: Double, repeats: Int = 3) async throws {
    guard FileManager.default.fileExists(atPath: path) else { print("  \(label): \(path) missing (run make bench once to generate it)"); return }
    let study = try await ScenarioRun.load(path: path, workers: 2, progress: Progress())
    let radio = study.scenario.radio
    let settings = PredictionSettings(cellSizeMeters: resolutionMeters, marginMeters: 2000, floorDBm: -140, overlapMarginDB: 5, loadFactor: 1,
                                      noiseFigureDB: 9, sinrThresholdDB: -3, coverageRequiresSINR: false, rsrpBandsDBm: [-85, -95, -105, -115])
    let envs = study.siteEnvironments
    let bounds = study.districts.map(\.bounds).reduce(study.districts[0].bounds) { $0.union($1) }
    let grid = RasterGrid(covering: bounds, marginMeters: 2000, cellSizeMeters: resolutionMeters, epsg: study.projection.epsg)
    var start = Date()
    let mask = try Prediction.extentMask(districts: study.districts, grid: grid, marginMeters: 2000)
    let maskSeconds = Date().timeIntervalSince(start)
    var results: [Int: Prediction] = [:]
    var seconds: [Int: Double] = [:]
    for workers in [1, 2] {
        var t: [Double] = []
        for _ in 0..<repeats {
            start = Date()
            results[workers] = try await Prediction.compute(sites: study.sites, environments: envs, radio: radio, settings: settings, grid: grid,
                                                            inExtent: mask, workers: workers)
            t.append(Date().timeIntervalSince(start))
        }
        seconds[workers] = t.sorted()[t.count / 2]
    }
    let a = results[1]!, b = results[2]!
    let same = a.bestServer == b.bestServer && a.overlap == b.overlap
        && zip(a.rsrpDBm, b.rsrpDBm).allSatisfy { $0.bitPattern == $1.bitPattern } && zip(a.sinrDB, b.sinrDB).allSatisfy { $0.bitPattern == $1.bitPattern }
    let inside = mask.filter { $0 }.count
    print(String(format: "  %@: %d cells, %d × %d pixels at %.0f m (%d inside the extent; mask %.2f s)", label, a.cells.count, grid.width, grid.height,
                 resolutionMeters, inside, maskSeconds))
    print(String(format: "    1 worker %7.2f s   2 workers %7.2f s   (%.2f×; %.2f µs per pixel-worker; rasters %@)", seconds[1]!, seconds[2]!,
                 seconds[1]! / seconds[2]!, seconds[2]! * 2 / Double(inside) * 1e6, same ? "identical" : "DIFFERENT"))
}
