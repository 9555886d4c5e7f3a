// swift-tools-version:6.0
import Foundation
import PackageDescription

// `sim serve` (target SimServe, its tests, Hummingbird and swift-log) is left out when SIM_WITHOUT_SERVE=1: the
// sanitizer/fuzzing build (scripts/instrumented-build.sh) sets it, because instrumenting SwiftNIO and Hummingbird
// more than doubled that build (317 → 838 s on 2 cores) for code that is not ours. Every other build has serve.
let withServe = ProcessInfo.processInfo.environment["SIM_WITHOUT_SERVE"] != "1"

let package = Package(
    name: "QuangTriNetworkSim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sim", targets: ["sim"]),
        .library(name: "Coverage", targets: ["Coverage"]),
        .library(name: "Planner", targets: ["Planner"]),
        .library(name: "Studies", targets: ["Studies"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
    ] + (withServe ? [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ] : []),
    targets: [
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        // GLPK ships no pkg-config file on Debian 12; the module map links -lglpk.
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        // Δh's per-point kernel in C: AVX2 where the processor has it, the same bits on every path.
        .target(name: "CTerrainKernels"),
        .target(
            name: "Coverage",
            dependencies: [
                "CGEOS", "CPROJ", "CGDAL", "CTerrainKernels",
                .product(name: "Collections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "Planner",
            dependencies: [
                "Coverage", "CGLPK",
                .product(name: "Collections", package: "swift-collections"),
            ]

        ),
        // Studies: everything a front end needs to run what `sim` runs — scenarios and their loading,
        // inputs, runs, sweeps, outputs, the report. Files, YAML and CSV live here, not in Planner.
        .target(
            name: "Studies",
            dependencies: [
                "Coverage", "Planner",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        // sim: argument parsing, progress and messages on the terminal, exit codes, the Slurm script text.
        .executableTarget(
            name: "sim",
            dependencies: [
                "Studies", "Coverage", "Planner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ] + (withServe ? ["SimServe"] : []),
            swiftSettings: withServe ? [.define("SIM_SERVE")] : []
        ),
        .executableTarget(name: "bench", dependencies: ["Coverage", "Planner", "Studies"]),
        .testTarget(name: "CoverageTests", dependencies: ["Coverage", "CTerrainKernels"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlannerTests", dependencies: ["Planner", "Coverage"]),
        // Helpers shared by the two test targets below (paths, temporary folders, running the sim binary).
        .target(name: "TestSupport", dependencies: ["Studies", "Coverage"], path: "Tests/TestSupport"),
        .testTarget(name: "StudiesTests", dependencies: ["Studies", "Coverage", "Planner", "TestSupport"]),
        .testTarget(name: "simTests", dependencies: ["sim", "Studies", "Coverage", "Planner", "TestSupport",
                                                     .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    ] + (withServe ? [
        // SimServe: `sim serve`'s HTTP server (Hummingbird) and its page, over the Studies library's EditSession.
        .target(
            name: "SimServe",
            dependencies: [
                "Studies", "Coverage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ServeTests", dependencies: ["SimServe", "Studies", "Coverage", "TestSupport",
                                                       .product(name: "HummingbirdTesting", package: "hummingbird")]),
    ] : []),
    swiftLanguageModes: [.v6]
)
