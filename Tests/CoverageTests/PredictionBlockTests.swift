import Foundation
import Testing
@testable import Coverage

/// The streaming path of big prediction grids: blocks of rows equal the whole-grid computation pixel for pixel
/// whatever the block size and the number of workers, the district figures gathered block by block equal the
/// whole grid's, and a GeoTIFF written a band of rows at a time is the same file as one written whole.
@Suite struct PredictionBlockTests {
    /// The 19-site hexagonal layout of ``PredictionTests/hexagonalNineteenSites()`` on a 300 × 270 grid of 10 m
    /// (two tile columns, two tile rows: blocks of 7 rows cross the tile boundary at row 256).
    static let grid = RasterGrid(originX: -1500.3, originY: 1350.7, cellSizeMeters: 10, width: 300, height: 270, epsg: 32648)

    static func sites() -> [Site] {
        var sites: [Site] = []
        for q in -2...2 { for r in -2...2 where abs(q + r) <= 2 {
            let x = 500 * (Double(q) + Double(r) / 2), y = 500 * Double(r) * 3.0.squareRoot() / 2
            sites.append(Site(id: "S\(sites.count)", lon: 0, lat: 0, position: Point2(x, y), heightMeters: 30, technology: .lte,
                              bandMHz: 1800, powerDBm: 46, azimuthsDegrees: [30, 150, 270]))
        } }
        return sites
    }

    /// Two districts (a square and a triangle, vertices off the pixel edges) and the extent: within 1,200 m of the origin.
    static let districts: [[Polygon2]] = [
        [Polygon2(exterior: [Point2(-1203.7, -1001.1), Point2(-2.9, -1001.1), Point2(-2.9, 1103.3), Point2(-1203.7, 1103.3), Point2(-1203.7, -1001.1)])],
        [Polygon2(exterior: [Point2(-2.9, -1001.1), Point2(1301.3, 7.7), Point2(-2.9, 1103.3), Point2(-2.9, -1001.1)])]]

    static func extent(_ g: RasterGrid) -> [Bool] {
        (0..<g.pixelCount).map { i in let p = g.center(col: i % g.width, row: i / g.width); return p.x * p.x + p.y * p.y <= 1200 * 1200 }
    }

    @Test func blocksEqualTheWholeGrid() async throws {
        let sites = Self.sites(), envs = sites.map { _ in Environment.urban }
        let radio = PredictionTests.radio(model: .cost231Hata(.mediumCity), sigma: 8)
        let settings = PredictionTests.settings(cellSize: 10)
        let whole = try await Prediction.compute(sites: sites, environments: envs, radio: radio, settings: settings, grid: Self.grid,
                                                 inExtent: Self.extent(Self.grid), workers: 2)
        // The extent holds pixels both served and not (beyond 1,200 m is no-data).
        #expect(whole.bestServer.contains(-1) && whole.bestServer.contains(where: { $0 >= 0 }) && whole.covered.contains(true))
        // Population points: one every 37 m inside the grid, 1.5 persons each, district by the polygons.
        var positions: [Point2] = [], district: [Int32] = []
        for i in 0..<70 { for j in 0..<80 {
            let p = Point2(-1480 + Double(j) * 37, 1330 - Double(i) * 37.5)
            positions.append(p); district.append(p.x < -2.9 ? 0 : 1)
        } }
        let population = PopulationSurface(positions: positions, lonLat: positions, district: district,
                                           population: positions.map { _ in 1.5 }, cellSizeMeters: nil)
        let districtOfPixel = try Rasterize.polygonIndex(Self.districts, grid: Self.grid)
        let expected = whole.districtStatistics(districtCount: 2, districtOfPixel: districtOfPixel, population: population, settings: settings)
        #expect(expected[0].areaKm2 > 1 && expected[1].coveredPopulation > 0)
        for (rows, workers) in [(7, 1), (7, 2), (256, 2), (100, 1)] {
            var rsrp: [Float] = [], best: [Int32] = [], overlap: [UInt8] = [], loss: [Float] = [], sinr: [Float] = [], covered: [Bool] = []
            var tally = PredictionTally(districtCount: 2, grid: Self.grid, population: population, settings: settings)
            var next = 0
            let cells = try await Prediction.stream(sites: sites, environments: envs, radio: radio, settings: settings, grid: Self.grid,
                                                    extent: { Self.extent($0) }, blockRows: rows, workers: workers) { b in
                #expect(b.row0 == next && b.rows == min(rows, Self.grid.height - next) && b.window == Self.grid.rows(b.row0, count: b.rows))
                next += b.rows
                rsrp += b.rsrpDBm; best += b.bestServer; overlap += b.overlap; loss += b.pathLossDB; sinr += b.sinrDB; covered += b.covered
                tally.add(row0: b.row0, rows: b.rows, districtOfPixel: try Rasterize.polygonIndex(Self.districts, grid: b.window),
                          rsrpDBm: b.rsrpDBm, sinrDB: b.sinrDB, covered: b.covered)
            }
            #expect(next == Self.grid.height && cells == whole.cells)
            func same(_ a: [Float], _ b: [Float]) -> Bool { a.map(\.bitPattern) == b.map(\.bitPattern) }
            #expect(same(rsrp, whole.rsrpDBm) && best == whole.bestServer && overlap == whole.overlap && same(loss, whole.pathLossDB)
                    && same(sinr, whole.sinrDB) && covered == whole.covered, "blocks of \(rows) rows on \(workers) workers")
            #expect(tally.result(population: population) == expected, "blocks of \(rows) rows on \(workers) workers")
        }
    }

    /// A GeoTIFF written in bands of 7, 256 and 1000 rows, in order or not, is byte for byte the one ``GeoTIFF/write(path:grid:band:description:)``
    /// writes from the whole grid, for each type of band.
    @Test func streamedGeoTIFFEqualsWholeGrid() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("geotiff-rows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = RasterGrid(originX: 500_000, originY: 1_800_000, cellSizeMeters: 100, width: 300, height: 520, epsg: 32648)
        let n = g.pixelCount
        var floats = [Float](repeating: -9999, count: n), ints = [Int32](repeating: -1, count: n), bytes = [UInt8](repeating: 255, count: n)
        for i in 0..<n {
            let value: Double = -140 + Double((i * 7919) % 9001) / 100
            if i % 97 != 0 { floats[i] = Float(value) }
            let column: Int = i % 300, row: Int = i / 300
            if i % 89 != 0 { ints[i] = Int32((row + column) / 40) }
            if i % 83 != 0 { bytes[i] = UInt8((i / 1000) % 6) }
        }
        func band(_ k: Int, _ r: Range<Int>) -> RasterBand {
            switch k {
            case 0: return .float32(Array(floats[r]), noData: -9999)
            case 1: return .int32(Array(ints[r]), noData: -1)
            default: return .uint8(Array(bytes[r]), noData: 255)
            }
        }
        for k in 0..<3 {
            let whole = dir.appendingPathComponent("whole\(k).tif").path
            try GeoTIFF.write(path: whole, grid: g, band: band(k, 0..<n), description: "layer \(k)")
            for rows in [7, 256, 1000] {
                let path = dir.appendingPathComponent("rows\(k)-\(rows).tif").path
                let w = try GeoTIFFWriter(path: path, grid: g, like: band(k, 0..<0), description: "layer \(k)")
                var starts = Array(stride(from: 0, to: g.height, by: rows))
                if rows == 7 { starts.reverse() }
                for r0 in starts { try w.write(row0: r0, band(k, r0 * g.width ..< min(g.height, r0 + rows) * g.width)) }
                try w.finish()
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(contentsOf: URL(fileURLWithPath: whole)), "type \(k), \(rows) rows")
                let back = try GeoTIFF.read(path: path)
                #expect(back.grid == g && back.values[0] == Double(band(k, 0..<1).noDataValue) && back.noData == band(k, 0..<1).noDataValue)
            }
        }
        // Only the finished files are left: no staging file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.hasPrefix(".") })
    }
}
