import Coverage
import Foundation

/// The terrain-footprint benchmark: one site, 25 km radius, 1° radials, ITM on the synthetic 30 m
/// (1″) DEM, on one core and on two; then 200 sites the same way on two cores.
enum TerrainBenchmark {
    /// One site on the calling thread, once, for `valgrind --tool=callgrind` (which cannot follow
    /// Swift's task threads here): `BENCH_RADIAL_STEP=10 valgrind --tool=callgrind .build/release/bench terrain-profile`.
    static func profile(demFolder: URL) throws {
        let (terrain, radio, site) = try setUp(demFolder: demFolder)
        // BENCH_SITE="lon,lat" moves the site (default: Khe Sanh, in the hills).
        let at = (ProcessInfo.processInfo.environment["BENCH_SITE"] ?? "106.735,16.63").split(separator: ",").compactMap { Double($0) }
        let start = Date(), cpu = threadCPUSeconds()
        let f = try TerrainFootprint.footprint(site: site("KS", at[0], at[1]), environment: .rural, settings: radio, terrain: terrain)
        print(String(format: "  one site on this thread: %.3f s wall, %.3f s CPU, %d polygons",
                     Date().timeIntervalSince(start), threadCPUSeconds() - cpu, f.footprint.polygons.count))
    }

    static func setUp(demFolder: URL) throws -> (TerrainCoverage, RadioSettings, (String, Double, Double) throws -> Site) {
        let terrainModel = SyntheticTerrain()
        try terrainModel.writeTiles(to: demFolder, corners: SyntheticTerrain.quangTriTiles)
        let dem = try DEM.load(folder: demFolder)
        let projection = try Projection(epsg: 32648)
        let projector = try Projector(projection)
        let itm = ITM.Parameters(climate: .maritimeSubtropical, seaLevelRefractivityNUnits: 301, polarization: .vertical, epsilon: 15,
                                 sigma: 0.005, mdvar: try ITM.ModeOfVariability(mdvar: 12), timePercent: 50, locationPercent: 50,
                                 situationPercent: 50)
        let terrain = TerrainCoverage(dem: dem, projection: projection, settings: TerrainSettings(
            // BENCH_RADIAL_STEP (degrees) shrinks the case for profiling (valgrind --tool=callgrind).
            modelRules: [TerrainModelRule(environment: nil, model: .itm)],
            radialStepDegrees: Double(ProcessInfo.processInfo.environment["BENCH_RADIAL_STEP"] ?? "1") ?? 1, sampleSpacingMeters: nil,
            effectiveEarthRadiusFactor: 4.0 / 3.0, maxEdges: 3, voidFillMaxMeters: 500,
            medianWindowMeters: 200, itm: itm))
        let radio = RadioSettings(technology: .lte, thresholdDBm: -110, bandwidthMHz: 20, antennaGainDBi: 17, beamwidthDegrees: 65,
                                  frontToBackDB: 25, cableLossDB: 0.5, shadowSigmaDB: 8, cellEdgeProbability: 0.75, bodyLossDB: 0,
                                  indoorLossDB: 0, rxHeightMeters: 1.5, rxGainDBi: 0, bearingStepDegrees: 1, maxRadiusMeters: 25_000,
                                  modelRules: [ModelRule(environment: nil, model: .cost231Hata(.openArea))])
        func site(_ id: String, _ lon: Double, _ lat: Double) throws -> Site {
            Site(id: id, lon: lon, lat: lat, position: try projector.forward(Point2(lon, lat)), heightMeters: 35, technology: .lte,
                 bandMHz: 1815, powerDBm: 43, azimuthsDegrees: [0, 120, 240])
        }
        return (terrain, radio, site)
    }

    static func run(demFolder: URL, sections: (one: Bool, many: Bool)) async throws {
        let (terrain, radio, site) = try setUp(demFolder: demFolder)
        let dem = terrain.dem
        // Khe Sanh, in the hills of Hướng Hóa, and a site on the coastal plain east of Đông Hà.
        let places: [(String, Double, Double)] = [("hills (Khe Sanh)", 106.735, 16.63), ("coastal plain", 107.2, 16.7)]
        let samples = Int((25_000 / dem.resolutionMeters(atLatitude: 16.63)).rounded(.up))
        print("  DEM: \(dem.grids.count) synthetic 1″ tiles (\(String(format: "%.1f", dem.resolutionMeters(atLatitude: 16.63))) m); 360 radials × \(samples) samples = \(360 * samples) ITM predictions per site")
        for (name, lon, lat) in places where sections.one {
            let one = [try site("S", lon, lat)]
            var area = 0.0, parts = 0
            for workers in [1, 2] {
                var r: RadioCoverage.Result? = nil
                let t = try await medianAsync(ProcessInfo.processInfo.environment["BENCH_RADIAL_STEP"] == nil ? 3 : 1) {
                    r = try await RadioCoverage.footprints(sites: one, environments: [.rural], settings: radio, terrain: terrain, workers: workers)
                }
                if workers == 1 {
                    area = try r!.footprints[0].geometry(in: GEOSContext()).area() / 1e6
                    parts = r!.footprints[0].polygons.count
                }
                print(String(format: "  one site, %@, 25 km, 1° radials, ITM, %d worker%@: %.3f s", name, workers, workers == 1 ? "" : "s", t))
            }
            print(String(format: "    (footprint %.1f km² in %d parts)", area, parts))
            var corrected = terrain
            corrected.settings.modelRules = [TerrainModelRule(environment: nil, model: .deygoutCorrection)]
            let t = try await medianAsync(3) {
                _ = try await RadioCoverage.footprints(sites: one, environments: [.rural], settings: radio, terrain: corrected, workers: 1)
            }
            print(String(format: "  one site, %@, COST-231 open + effective height + Deygout, 1 worker: %.3f s", name, t))
        }
        guard sections.many else { return }
        // 200 sites on a 14 × 15 grid over the hills and the plain (3.5 km apart).
        var many: [Site] = []
        for k in 0..<200 {
            let lon = 106.55 + Double(k % 14) * 0.055, lat = 16.45 + Double(k / 14) * 0.045
            many.append(try site(String(format: "G%03d", k), lon, lat))
        }
        let start = Date()
        let r = try await RadioCoverage.footprints(sites: many, environments: [Environment](repeating: .rural, count: many.count),
                                                   settings: radio, terrain: terrain, workers: 2)
        let t = Date().timeIntervalSince(start)
        print(String(format: "  200 sites, 25 km, 1° radials, ITM, 2 workers: %.1f s (%.3f s per site), %d footprints",
                     t, t / 200, r.footprints.count))
    }

    /// CPU time of the calling thread, seconds (CLOCK_THREAD_CPUTIME_ID): what one core spent, however
    /// busy the machine's other processes keep it.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    static func medianAsync(_ runs: Int, _ body: () async throws -> Void) async rethrows -> Double {
        var t: [Double] = []
        for _ in 0..<runs { let s = Date(); try await body(); t.append(Date().timeIntervalSince(s)) }
        return t.sorted()[t.count / 2]
    }
}
