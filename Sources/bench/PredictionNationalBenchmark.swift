import Coverage
import Foundation
import Studies

/// The national case: the prediction rasters (all five layers, written as GeoTIFFs) of the 30,000 synthetic
/// sites of data/scenarios/vietnam-national-bench.yaml at 100 m, flat earth, on 2 workers, streamed in blocks
/// (``PredictionRun``). Prints the grid, the wall time of the raster step (computing, district figures, writing and
/// compressing the files) and the process's peak resident memory (VmHWM, ``peakResidentMiB()``), before and after.
func predictionNationalBenchmark(resolutionMeters: Double = 100) async throws {
    let base = "data/scenarios/vietnam-national-bench.yaml"
    guard FileManager.default.fileExists(atPath: "bench-out/national-sites.csv") else {
        print("  bench-out/national-sites.csv missing (scripts/bench.sh generates it: run make bench once)"); return
    }
    let path = "bench-out/national-predictions.yaml"
    try "extends: ../\(base)\npredictions:\n  enabled: true\n  resolution_m: \(JSONValue.format(resolutionMeters))\n".write(toFile: path, atomically: true, encoding: .utf8)
    let study = try await ScenarioRun.load(path: path, workers: 2, progress: Progress())
    let before = peakResidentMiB()
    let start = Date()
    guard let run = try await PredictionRun.execute(study, workers: 2) else { print("  \(path): predictions not enabled"); return }
    let seconds = Date().timeIntervalSince(start)
    let g = run.grid
    let bytes = try FileManager.default.contentsOfDirectory(atPath: run.files.folder.path)
        .reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: run.files.path($1))[.size] as? Int) ?? 0) }
    print(String(format: "  national, %d sites, %d cells, %.0f m: %d × %d = %.1f M pixels; 5 GeoTIFFs %.0f MB", study.sites.count, run.cells.count,
                 resolutionMeters, g.width, g.height, Double(g.pixelCount) / 1e6, Double(bytes) / 1e6))
    print(String(format: "    2 workers %.1f s (target ≤ 180 s); peak resident %.0f MiB (%.0f MiB after loading the study; target ≤ 2048 MiB)",
                 seconds, peakResidentMiB(), before))
}
