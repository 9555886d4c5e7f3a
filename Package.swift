// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "QuangTriNetworkSim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sim", targets: ["sim"]),
        .library(name: "Coverage", targets: ["Coverage"]),
        .library(name: "Planner", targets: ["Planner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        // GLPK ships no pkg-config file on Debian 12; the module map links -lglpk.
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        .target(
            name: "Coverage",
            dependencies: [
                "CGEOS", "CPROJ", "CGDAL",
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
        .executableTarget(
            name: "sim",
            dependencies: [
                "Coverage", "Planner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        .executableTarget(name: "bench", dependencies: ["Coverage", "Planner"]),
        .testTarget(name: "CoverageTests", dependencies: ["Coverage"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlannerTests", dependencies: ["Planner", "Coverage"]),
        .testTarget(name: "simTests", dependencies: ["sim", "Coverage", "Planner", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    ],
    swiftLanguageModes: [.v6]
)
