import Foundation
import Testing
@testable import Coverage

/// The receiver's environment per place (``ClutterMap``): density classes, footprints and predictions that
/// follow the land under the receiver, and land-cover rasters read through GDAL — by hand.
@Suite struct ClutterTests {
    /// Open land → COST-231 with Hata's open-area correction, forest → COST-231 medium city (defaults.yaml).
    static func settings() -> RadioSettings {
        RadioSettings(technology: .lte, thresholdDBm: -110, bandwidthMHz: 20, antennaGainDBi: 17, beamwidthDegrees: 65,
                      frontToBackDB: 25, cableLossDB: 0, shadowSigmaDB: 0, cellEdgeProbability: 0.75, bodyLossDB: 0,
                      indoorLossDB: 0, rxHeightMeters: 1.5, rxGainDBi: 0, bearingStepDegrees: 1, maxRadiusMeters: 30000,
                      modelRules: [ModelRule(environment: .open, model: .cost231Hata(.openArea)),
                                   ModelRule(environment: .forest, model: .cost231Hata(.mediumCity))])
    }

    /// 50 m pixels over ±20 km: west of x = 0 tree cover (forest); east of it cropland (open), with 10 dB of class
    /// loss north of y = 0 (a test class, "open + 10 dB").
    static func quadrants() -> ClutterMap {
        let grid = RasterGrid(originX: -20_000, originY: 20_000, cellSizeMeters: 50, width: 800, height: 800, epsg: 32648)
        let classes = [ClutterMap.Class(code: 10, name: "tree cover", environment: .forest),
                       ClutterMap.Class(code: 40, name: "cropland", environment: .open),
                       ClutterMap.Class(code: 99, name: "open + 10 dB", environment: .open, lossDB: 10)]
        var slots = [UInt8](repeating: 0, count: grid.pixelCount)
        for r in 0..<grid.height {
            for c in 0..<grid.width {
                let p = grid.center(col: c, row: r)
                slots[r * grid.width + c] = p.x < 0 ? 0 : p.y >= 0 ? 2 : 1
            }
        }
        return ClutterMap(grid: grid, classes: classes, slots: slots, fallback: 1)
    }

    /// An omni site 35 m up at (25, −25), 1800 MHz, 43 dBm, 17 dBi, threshold −110 dBm, no margins:
    ///   P_RS = 43 − 10·log10(1200) = 12.208188 dBm, allowed loss L = 12.208188 + 17 + 110 = 139.208188 dB.
    /// COST-231 at 1800 MHz, h_b 35 m, h_m 1.5 m (Cost231Hata.swift's hand calculation): loss at 1 km
    /// A = 135.271743 dB (C = 0), slope B = 34.786354 dB/decade, open correction 31.923555 dB; radius
    /// d = 10^((L − A + correction − class loss)/B) km:
    ///   west (forest = medium city):  10^(3.936445/34.786354)              = 1.297659 km
    ///   east (open):                  10^((3.936445 + 31.923555)/34.786354) = 10.736531 km
    ///   north (open + 10 dB):         10^((3.936445 + 21.923555)/34.786354) = 5.538535 km
    /// The footprint is evaluated every 10 m along each radial, its edge interpolated between samples.
    @Test func footprintFollowsTheLandUnderTheReceiver() async throws {
        let site = Site(id: "S", lon: 0, lat: 0, position: Point2(25, -25), heightMeters: 35, technology: .lte, bandMHz: 1800,
                        powerDBm: 43, azimuthsDegrees: [])
        let r = try await RadioCoverage.footprints(sites: [site], environments: [.open], settings: Self.settings(),
                                                   clutter: Self.quadrants(), workers: 1)
        let radii = r.footprints[0].radiiMeters
        #expect(abs(radii[270] - 1297.659) < 1, "west \(radii[270])")
        #expect(abs(radii[90] - 10736.531) < 1, "east \(radii[90])")
        #expect(abs(radii[0] - 5538.535) < 1, "north \(radii[0])")
        // Without a map the whole footprint takes the site's environment: open everywhere, 10.74 km on every bearing.
        let plain = try await RadioCoverage.footprints(sites: [site], environments: [.open], settings: Self.settings(), workers: 1)
        #expect(abs(plain.footprints[0].radiiMeters[270] - 10736.531) < 1)
    }

    /// The same figures on the sampled path (every 10 m, ``CellFootprint``) that cells of their own height take: the
    /// site above plus a weaker omni cell 30 m up at 30 dBm, which reaches less far on every class (lower and
    /// 13 dB weaker), so the footprint is still the 35 m cell's. Linear interpolation of the loss between samples
    /// 10 m apart misses the edge by ~0.01 m here (curvature of 34.79·log10 d over 10 m).
    @Test func sampledRadialsAgree() async throws {
        let cells = [Cell(id: "S-hi", azimuthDegrees: nil, heightMeters: 35, bandMHz: 1800, powerDBm: 43),
                     Cell(id: "S-lo", azimuthDegrees: nil, heightMeters: 30, bandMHz: 1800, powerDBm: 30)]
        let site = Site(id: "S", lon: 0, lat: 0, position: Point2(25, -25), technology: .lte, cells: cells)
        #expect(!site.cellsShareOnePathLoss)
        let r = try await RadioCoverage.footprints(sites: [site], environments: [.open], settings: Self.settings(),
                                                   clutter: Self.quadrants(), workers: 1)
        let radii = r.footprints[0].radiiMeters
        #expect(abs(radii[270] - 1297.659) < 1 && abs(radii[90] - 10736.531) < 1 && abs(radii[0] - 5538.535) < 1, "\(radii[270]) \(radii[90]) \(radii[0])")
    }

    /// A forest island 2–3 km east of the site (x in [2000, 3000)) on open land: the radial east is covered out to
    /// 2 km (open), not over the island (forest reaches 1.3 km), and again from 3 km to 10.74 km — a footprint
    /// with a hole, whose area is the disk's less the hole's cells (checked against the polar cells' own sum).
    @Test func forestIslandMakesAHole() async throws {
        let grid = RasterGrid(originX: -20_000, originY: 20_000, cellSizeMeters: 50, width: 800, height: 800, epsg: 32648)
        let classes = [ClutterMap.Class(code: 10, name: "tree cover", environment: .forest),
                       ClutterMap.Class(code: 40, name: "cropland", environment: .open)]
        var slots = [UInt8](repeating: 1, count: grid.pixelCount)
        for r in 0..<grid.height {
            for c in 0..<grid.width {
                let p = grid.center(col: c, row: r)
                if p.x >= 2000, p.x < 3000, abs(p.y) < 1000 { slots[r * grid.width + c] = 0 }
            }
        }
        let map = ClutterMap(grid: grid, classes: classes, slots: slots, fallback: 1)
        let site = Site(id: "S", lon: 0, lat: 0, position: Point2(25, -25), heightMeters: 35, technology: .lte, bandMHz: 1800,
                        powerDBm: 43, azimuthsDegrees: [])
        let r = try await RadioCoverage.footprints(sites: [site], environments: [.open], settings: Self.settings(), clutter: map, workers: 1)
        let f = r.footprints[0]
        #expect(abs(f.radiiMeters[90] - 10736.531) < 1)
        #expect(f.polygons.count == 1 && f.polygons[0].holes.count == 1, "\(f.polygons.count) polygons")
        // The hole lies between 2 and 3 km east of the site, up to the polar cells' half-degree width (a bearing's edge
        // at t = 1975 m / sin θ is drawn on rays ±0.5° either side: ≤ 1975·0.5·cot 63.4°·π/180 ≈ 8.6 m off in x).
        let xs = f.polygons[0].holes.flatMap { $0 }.map(\.x)
        #expect(xs.min()! >= 2000 - 10 && xs.max()! <= 3000 + 10, "\(xs.min()!) … \(xs.max()!)")
    }

    /// At 3 km from the same site, a receiver on forest hears it 31.923555 dB weaker than one on open land (the
    /// open-area correction), and one on "open + 10 dB" 10 dB weaker; RSRP on open land by hand:
    ///   12.208188 + 17 − (135.271743 + 34.786354·log10 3 − 31.923555) = 29.208188 − 119.945497 = −90.737310 dBm
    ///   (34.786354·log10 3 = 34.786354·0.477121 = 16.597309).
    @Test func predictionReadsTheClassAtEachPoint() throws {
        let site = Site(id: "S", lon: 0, lat: 0, position: Point2(25, -25), heightMeters: 35, technology: .lte, bandMHz: 1800,
                        powerDBm: 43, azimuthsDegrees: [])
        let points = [Point2(3025, -25), Point2(-2975, -25), Point2(25, 2975)]   // east (open), west (forest), north (open + 10 dB)
        let levels = try Prediction.levels(at: points, sites: [site], environments: [.open], radio: Self.settings(), floorDBm: -200,
                                           clutter: Self.quadrants())
        let east = levels.levels[0][0].rsrpDBm, west = levels.levels[1][0].rsrpDBm, north = levels.levels[2][0].rsrpDBm
        #expect(abs(east - -90.737310) < 1e-5, "\(east)")
        #expect(abs((east - west) - 31.923555) < 1e-4)
        #expect(abs((east - north) - 10) < 1e-9)
    }

    /// The rasters agree with the points: a 100 m grid's pixel centres 3 km east and west of the site.
    @Test func rasterPixelsTakeTheirClass() async throws {
        let site = Site(id: "S", lon: 0, lat: 0, position: Point2(50, -50), heightMeters: 35, technology: .lte, bandMHz: 1800,
                        powerDBm: 43, azimuthsDegrees: [])
        let grid = RasterGrid(originX: -4000, originY: 4000, cellSizeMeters: 100, width: 80, height: 80, epsg: 32648)
        let settings = PredictionSettings(cellSizeMeters: 100, marginMeters: 0, floorDBm: -140, overlapMarginDB: 5, loadFactor: 1,
                                          noiseFigureDB: 9, sinrThresholdDB: -3, coverageRequiresSINR: false, rsrpBandsDBm: [])
        let p = try await Prediction.compute(sites: [site], environments: [.open], radio: Self.settings(), settings: settings, grid: grid,
                                             inExtent: [Bool](repeating: true, count: grid.pixelCount), clutter: Self.quadrants(), workers: 1)
        let east = grid.pixel(of: Point2(3050, -50))!, west = grid.pixel(of: Point2(-2950, -50))!
        let e = Double(p.rsrpDBm[east.row * grid.width + east.col]), w = Double(p.rsrpDBm[west.row * grid.width + west.col])
        #expect(abs(e - -90.737310) < 1e-3, "\(e)")   // Float storage and the path-gain table: ≤ 0.001 dB
        #expect(abs((e - w) - 31.923555) < 2e-3)
    }

    /// Density classes on 200 m pixels (0.04 km²), thresholds 1,500 and 300 persons/km²:
    ///   70 persons → 1,750 /km² urban;  60 → 1,500 urban (at the threshold);  20 → 500 suburban;
    ///   12 → 300 suburban;  11 → 275 rural;  no one → rural (the fallback).
    @Test func densityClassesByHand() throws {
        let grid = RasterGrid(originX: 0, originY: 200, cellSizeMeters: 200, width: 6, height: 1, epsg: 32648)
        let people: [Double] = [70, 60, 20, 12, 11]
        // Two points per pixel, splitting its people, so the pixel's sum is what counts.
        var positions: [Point2] = [], population: [Double] = []
        for (i, n) in people.enumerated() {
            positions += [Point2(Double(i) * 200 + 50, 100), Point2(Double(i) * 200 + 150, 150)]
            population += [n * 0.25, n * 0.75]
        }
        let surface = PopulationSurface(positions: positions, lonLat: positions, district: positions.map { _ in 0 }, population: population, cellSizeMeters: nil)
        let map = try ClutterMap.fromDensity(population: surface, grid: grid,
                                             thresholds: ClutterMap.DensityThresholds(urbanPerKm2: 1500, suburbanPerKm2: 300),
                                             fallback: ClutterMap.Class(code: -1, name: "rural", environment: .rural))
        let envs = (0..<6).map { map.class(at: grid.center(col: $0, row: 0)).environment }
        #expect(envs == [.urban, .urban, .suburban, .suburban, .rural, .rural])
        #expect(map.class(at: Point2(-500, 100)).environment == .rural)   // off the grid
        #expect(throws: CoverageError.self) {
            try ClutterMap.fromDensity(population: surface, grid: grid, thresholds: ClutterMap.DensityThresholds(urbanPerKm2: 300, suburbanPerKm2: 300),
                                       fallback: ClutterMap.Class(code: -1, name: "rural", environment: .rural))
        }
    }

    /// A generated land-cover GeoTIFF in EPSG:4326 (0.001° pixels, ESA WorldCover codes: tree cover west of
    /// 107°E, cropland east, a no-data strip north of 16.8°N) read onto a UTM 48N grid: each place gets its class,
    /// no data the fallback; a code missing from the class table is refused with the codes seen.
    @Test func landCoverRasterIsWarpedOntoTheGrid() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clutter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ll = RasterGrid(originX: 106.9, originY: 16.9, cellSizeMeters: 0.001, width: 200, height: 200, epsg: 4326)
        var codes = [UInt8](repeating: 0, count: ll.pixelCount)
        for r in 0..<ll.height {
            for c in 0..<ll.width {
                let p = ll.center(col: c, row: r)
                codes[r * ll.width + c] = p.y > 16.8 ? 0 : p.x < 107 ? 10 : 40
            }
        }
        let path = dir.appendingPathComponent("landcover.tif").path
        try GeoTIFF.write(path: path, grid: ll, band: .uint8(codes, noData: 0), description: "SYNTHETIC land cover (test)")
        let utm = try Projector(try Projection(epsg: 32648))
        let west = try utm.forward(Point2(106.95, 16.75)), east = try utm.forward(Point2(107.05, 16.75)), north = try utm.forward(Point2(107.05, 16.85))
        let box = BoundingBox(points: [west, east, north])!
        let grid = RasterGrid(covering: box, marginMeters: 2000, cellSizeMeters: 50, epsg: 32648)
        let fallback = ClutterMap.Class(code: -1, name: "no data", environment: .rural)
        let map = try ClutterMap.read(path: path, classes: ClutterMap.worldCoverClasses, fallback: fallback, grid: grid)
        #expect(map.class(at: west).code == 10 && map.class(at: west).environment == .forest)
        #expect(map.class(at: east).code == 40 && map.class(at: east).environment == .open)
        #expect(map.class(at: north).code == -1 && map.class(at: north).environment == .rural)
        let onlyTrees = [ClutterMap.Class(code: 10, name: "tree cover", environment: .forest)]
        #expect {
            try ClutterMap.read(path: path, classes: onlyTrees, fallback: fallback, grid: grid)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("class values 40 are not in clutter.classes")
        }
        #expect {
            try ClutterMap.read(path: dir.path, classes: onlyTrees, fallback: fallback, grid: grid)
        } throws: { error in "\(error)".contains(dir.path) }
    }
}
