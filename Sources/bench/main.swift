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

/// `bench [SECTION…]` runs only the named sections (selection, itm, reach); no argument runs all.
let only = Set(CommandLine.arguments.dropFirst())
func wanted(_ section: String) -> Bool { only.isEmpty || only.contains(section) }

if wanted("selection") {
print("== planner selection (Sources/Planner/Selection/SelectionBenchmark.swift)")
print(SelectionBenchmark.run())
}

if wanted("itm") {
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
}

if wanted("reach") {
    print("== fixed-broadband reach, national scale (Sources/bench/ReachBenchmark.swift)")
    try await reachBenchmark()
}
