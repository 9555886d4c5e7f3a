import Coverage
import Foundation
import Planner
import Synchronization

// `make bench`: in-process benchmarks that need no input files. Whole-run figures (wall time and
// peak memory of `sim run`) come from scripts/bench.sh. Times are wall-clock medians on this machine.

/// Runs async work to completion from the synchronous top level. (A top-level `await` would make the
/// whole program start Swift's task threads, which valgrind cannot run here: `bench terrain-profile`
/// must stay runnable under `valgrind --tool=callgrind`.)
func blocking(_ body: @escaping @Sendable () async throws -> Void) throws {
    let done = DispatchSemaphore(value: 0)
    let failure = Mutex<(any Error)?>(nil)
    Task.detached {
        do { try await body() } catch { failure.withLock { $0 = error } }
        done.signal()
    }
    done.wait()
    if let e = failure.withLock({ $0 }) { throw e }
}

func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var t: [Double] = []
    for _ in 0..<runs { let s = Date(); try body(); t.append(Date().timeIntervalSince(s)) }
    return t.sorted()[t.count / 2]
}

/// `bench [SECTION…]` runs only the named sections (selection, itm, itm-radials, plan, cells, predict, predict-national, reach, gis, write, serve, terrain,
/// predict-terrain, terrain-200); no argument runs all but terrain-200. `bench terrain-profile` runs one terrain
/// footprint on the main thread, for callgrind. `bench write-dem DIR` writes the synthetic SRTM tiles
/// of the terrain benchmark into DIR and exits.
let only = Set(CommandLine.arguments.dropFirst())
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "write-dem" {
    try SyntheticTerrain().writeTiles(to: URL(fileURLWithPath: CommandLine.arguments[2]), corners: SyntheticTerrain.quangTriTiles)
    exit(0)
}
func wanted(_ section: String) -> Bool { only.isEmpty || only.contains(section) }

if wanted("selection") {
print("== planner selection (Sources/Planner/Selection/SelectionBenchmark.swift)")
print(SelectionBenchmark.run())
}

let n = 834
if wanted("itm") {
print("== ITM point to point: 25 km profile at 30 m spacing, 360 radials × (one call per profile point)")
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
}

if wanted("itm-radials") {
print("== ITM along radials: 360 radials × 834 samples (30 m, 25 km), one call per radial")
do {
    var losses: [Double] = []
    let params = ITM.Parameters(climate: .maritimeSubtropical, seaLevelRefractivityNUnits: 301, polarization: .vertical, epsilon: 15, sigma: 0.005,
                                mdvar: try ITM.ModeOfVariability(mdvar: 12), timePercent: 50, locationPercent: 50, situationPercent: 50)
    func radialElevation(_ k: Int, _ i: Int) -> Double {
        let wave: Double = 40.0 * sin(Double(i) / (20.0 + Double(k % 17)))
        return 50.0 + wave + Double((i * 7 + k) % 11)
    }
    let radialCount = Int(ProcessInfo.processInfo.environment["BENCH_RADIALS"] ?? "360") ?? 360
    let radials: [[Double]] = (0..<radialCount).map { k in (0...n).map { i in radialElevation(k, i) } }
    let t = try median(3) {
        for z in radials {
            try ITM.radialLossesDB(hTxMeters: 35, hRxMeters: 1.5, elevationsMeters: z, spacingMeters: 30, frequencyMHz: 1815, parameters: params, lossesDB: &losses)
        }
    }
    print(String(format: "  %.3f s per site (%.2f µs per receiver)", t, t / Double(360 * n) * 1e6))
}
}

if wanted("plan") {
    print("== planning pipeline of the default scenario, in process (Sources/bench/PlanBenchmark.swift)")
    try blocking { try await planBenchmark() }
}

if wanted("cells") || only.contains("cells-province") {
    print("== cells with 3D antenna patterns vs site footprints (Sources/bench/CellBenchmark.swift)")
    try blocking { try await cellBenchmark(scenario: "data/scenarios/quang-tri-2017.yaml", label: "Quảng Trị 2017") }
    if wanted("cells") {
        try blocking { try await cellBenchmark(scenario: "data/scenarios/vietnam-national-bench.yaml", label: "national, 30,000 sites", repeats: 1) }
    }
}

if wanted("predict") {
    print("== prediction rasters: RSRP, best server, overlap, path loss, SINR (Sources/bench/PredictionBenchmark.swift)")
    try blocking { try await predictionBenchmark(scenario: "data/scenarios/quang-tri-2017.yaml", label: "Quảng Trị 2017", resolutionMeters: 50) }
}

if wanted("predict-national") {
    print("== prediction rasters, national: 30,000 sites at 100 m, streamed in blocks to GeoTIFF (Sources/bench/PredictionNationalBenchmark.swift)")
    try blocking { try await predictionNationalBenchmark() }
}

if wanted("reach") {
    print("== fixed-broadband reach, national scale (Sources/bench/ReachBenchmark.swift)")
    try blocking { try await reachBenchmark() }
}

if wanted("gis") {
    print("== reading the 692-district national layer (data/vietnam): our GeoJSON reader vs GDAL (Sources/bench/GISReadBenchmark.swift)")
    try gisReadBenchmark()
}

if wanted("write") {
    print("== writing the large outputs against the disk, national size (Sources/bench/WriteBenchmark.swift)")
    for workers in [1, 2] { try WriteBenchmark.run(workers: workers) }
}

if wanted("serve") {
    print("== sim serve: edit latency on the default province (Sources/bench/ServeBenchmark.swift)")
    try blocking { try await serveBenchmark(scenario: "data/scenarios/quang-tri-2020-plan.yaml") }
}

if wanted("terrain") || only.contains("terrain-200") {
    print("== terrain footprints (Sources/bench/TerrainBenchmark.swift; synthetic DEM written to bench-out/dem)")
    try blocking { try await TerrainBenchmark.run(demFolder: URL(fileURLWithPath: "bench-out/dem"), sections: (wanted("terrain"), only.contains("terrain-200"))) }
}

if wanted("predict-terrain") {
    print("== prediction rasters over terrain: the Signal-Server job (Sources/bench/TerrainPredictionBenchmark.swift; synthetic DEM in bench-out/dem)")
    try blocking { try await TerrainPredictionBenchmark.run(demFolder: URL(fileURLWithPath: "bench-out/dem")) }
}

if only.contains("terrain-profile") {
    try TerrainBenchmark.profile(demFolder: URL(fileURLWithPath: "bench-out/dem"))
}
