import Foundation
import Testing
@testable import Coverage

/// DEM readers and profile extraction on synthetic DEMs written to a temporary folder.
/// Expected values are hand calculations from the generating formulas (stated per test); the
/// SRTM layout follows the USGS SRTM documentation (big-endian Int16, north row first, void −32768).
/// Tolerances: 1e-6 m for values the bilinear interpolation reproduces exactly (linear fields),
/// 0.5 m (0.01 %) for great-circle lengths.
@Suite("DEM: SRTM .hgt, ESRI .asc, profiles")
struct DEMTests {
    static let side3 = 1201

    /// A temporary folder removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dem-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Bytes of a 3″ tile whose sample (row, column) is `value(row, column)`.
    static func hgtBytes(side: Int = side3, _ value: (Int, Int) -> Int16) -> Data {
        var data = Data(count: side * side * 2)
        data.withUnsafeMutableBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            for r in 0..<side {
                for c in 0..<side {
                    let v = UInt16(bitPattern: value(r, c))
                    bytes[2 * (r * side + c)] = UInt8(v >> 8)
                    bytes[2 * (r * side + c) + 1] = UInt8(v & 0xff)
                }
            }
        }
        return data
    }

    @Test("tile names: south-west corner, zero-padded")
    func tileNames() throws {
        #expect(SRTMTile.tileName(lon: 106.5, lat: 16.8) == "N16E106.hgt")
        #expect(SRTMTile.tileName(lon: -0.5, lat: -0.5) == "S01W001.hgt")
        #expect(try SRTMTile.southWestCorner(fileName: "N16E106.hgt") == (16, 106))
        #expect(throws: CoverageError.self) { _ = try SRTMTile.southWestCorner(fileName: "tile.hgt") }
    }

    @Test("flat 3″ tile: 100 m everywhere, corners included")
    func flatTile() throws {
        let grid = try SRTMTile.parse(data: Self.hgtBytes { _, _ in 100 }, fileName: "N16E106.hgt")
        #expect(grid.columns == 1201 && grid.rows == 1201)
        let dem = DEM(grids: [grid])
        for (lon, lat) in [(106.0, 16.0), (107.0, 17.0), (106.5, 16.5), (106.123, 16.987)] {
            #expect(try dem.elevationMeters(lon: lon, lat: lat) == 100)
        }
    }

    @Test("bilinear interpolation is exact on a linear ramp (z = column + 2·row)")
    func rampBilinear() throws {
        let grid = try SRTMTile.parse(data: Self.hgtBytes { r, c in Int16(c + 2 * r) }, fileName: "N16E106.hgt")
        let dem = DEM(grids: [grid])
        // lon 106.5 → column 600; lat 16.75 → row (17 − 16.75)·1200 = 300: z = 600 + 600 = 1200.
        #expect(abs(try #require(try dem.elevationMeters(lon: 106.5, lat: 16.75)) - 1200) < 1e-6)
        // Between samples: column 600.25, row 300.5 → 600.25 + 601 = 1201.25.
        let lon = 106 + 600.25 / 1200
        let lat = 17 - 300.5 / 1200
        #expect(abs(try #require(try dem.elevationMeters(lon: lon, lat: lat)) - 1201.25) < 1e-6)
        // North-west corner is row 0, column 0.
        #expect(try dem.elevationMeters(lon: 106, lat: 17) == 0)
    }

    @Test("1″ tile recognised by its size (3601×3601)")
    func oneArcSecond() throws {
        let grid = try SRTMTile.parse(data: Self.hgtBytes(side: 3601) { _, c in Int16(c) }, fileName: "N16E106.hgt")
        #expect(grid.columns == 3601)
        // lon 106.5 → column 1800.
        #expect(abs(try #require(grid.elevationMeters(lon: 106.5, lat: 16.5)) - 1800) < 1e-6)
    }

    @Test("truncated tile: error names the file and the two valid sizes")
    func truncatedTile() throws {
        let data = Self.hgtBytes { _, _ in 1 }.prefix(1000)
        do {
            _ = try SRTMTile.parse(data: Data(data), fileName: "N16E106.hgt")
            Issue.record("expected an error")
        } catch let CoverageError.invalidInput(file, _, message) {
            #expect(file == "N16E106.hgt")
            #expect(message.contains("25934402") && message.contains("2884802") && message.contains("1000"))
        }
    }

    @Test("voids: nil at and next to a −32768 sample, values elsewhere; profile over a void throws")
    func voids() throws {
        // Void at row 600, column 600 (lon 106.5, lat 16.5).
        let grid = try SRTMTile.parse(
            data: Self.hgtBytes { r, c in r == 600 && c == 600 ? SRTMTile.voidValue : 50 }, fileName: "N16E106.hgt")
        let dem = DEM(grids: [grid])
        #expect(try dem.elevationMeters(lon: 106.5, lat: 16.5) == nil)
        #expect(try dem.elevationMeters(lon: 106.5 + 0.4 / 1200, lat: 16.5) == nil)  // neighbour cell uses the void
        #expect(try dem.elevationMeters(lon: 106.5 + 1.5 / 1200, lat: 16.5) == 50)
        #expect(throws: CoverageError.self) {
            _ = try dem.profile(fromLon: 106.4, fromLat: 16.5, toLon: 106.6, toLat: 16.5, spacingMeters: 30)
        }
    }

    @Test("mosaic of two tiles; a point off the tiles names the missing tile")
    func mosaicAndMissingTile() throws {
        let west = try SRTMTile.parse(data: Self.hgtBytes { _, _ in 10 }, fileName: "N16E106.hgt")
        let east = try SRTMTile.parse(data: Self.hgtBytes { _, _ in 20 }, fileName: "N16E107.hgt")
        let dem = DEM(grids: [west, east])
        #expect(try dem.elevationMeters(lon: 106.5, lat: 16.5) == 10)
        #expect(try dem.elevationMeters(lon: 107.5, lat: 16.5) == 20)
        let profile = try dem.profile(fromLon: 106.9, fromLat: 16.5, toLon: 107.1, toLat: 16.5, spacingMeters: 100)
        #expect(profile.elevationsMeters.first == 10 && profile.elevationsMeters.last == 20)
        do {
            _ = try dem.elevationMeters(lon: 106.5, lat: 17.2)
            Issue.record("expected an error")
        } catch let CoverageError.invalidInput(file, _, message) {
            #expect(file == "N17E106.hgt")
            #expect(message.contains("N17E106.hgt"))
        }
    }

    @Test("cone: profile through the summit peaks mid-path and is symmetric; length is the haversine distance")
    func coneProfile() throws {
        // Cone centred on (106.5, 16.5) = row 600, column 600: z = max(0, 1000 − 2·(sample distance)).
        let grid = try SRTMTile.parse(data: Self.hgtBytes { r, c in
            let d = Double((r - 600) * (r - 600) + (c - 600) * (c - 600)).squareRoot()
            return Int16(max(0, 1000 - 2 * d).rounded())
        }, fileName: "N16E106.hgt")
        let dem = DEM(grids: [grid])
        let profile = try dem.profile(fromLon: 106.4, fromLat: 16.5, toLon: 106.6, toLat: 16.5, spacingMeters: 90)
        let z = profile.elevationsMeters
        let peak = try #require(z.indices.max { z[$0] < z[$1] })
        #expect(abs(peak - z.count / 2) <= 1)
        #expect(abs(z[z.count / 2] - 1000) < 2)  // a great circle bulges < 1e-4° north of the parallel
        #expect(abs(z.first! - z.last!) < 1e-6)
        // Hand: same-latitude haversine d = 2R·asin(cos 16.5° · sin(0.1°)) = 2 · 6371008.8 · asin(0.958820 · 0.00174533)
        //       = 2 · 6371008.8 · 0.00167346 = 21 323.3 m.
        #expect(abs(profile.distanceMeters - 21_323.3) < 0.5)
        #expect(profile.spacingMeters <= 90)
    }

    static let ascText = """
        ncols 4
        nrows 3
        xllcorner 106.0
        yllcorner 16.0
        cellsize 0.1
        NODATA_value -9999
        30 20 20 30
        20 10 10 20
        25 -9999 15 25
        """

    @Test("ESRI ASCII grid: header, north-first rows, cell centres, NODATA")
    func asciiGrid() throws {
        let grid = try ESRIASCIIGrid.parse(text: Self.ascText, fileName: "valley.asc")
        let dem = DEM(grids: [grid])
        // Cell centres: columns at 106.05, 106.15, 106.25, 106.35; rows (north first) at 16.25, 16.15, 16.05.
        #expect(try dem.elevationMeters(lon: 106.05, lat: 16.25) == 30)
        #expect(try dem.elevationMeters(lon: 106.15, lat: 16.15) == 10)
        #expect(try dem.elevationMeters(lon: 106.15, lat: 16.05) == nil)
        // Valley floor between the two 10 m cells; halfway between 10 (row 1) and 20 (row 0) → 15.
        #expect(abs(try #require(try dem.elevationMeters(lon: 106.2, lat: 16.2)) - 15) < 1e-6)
        // Outer edge (half a cell beyond the centres) is answered by clamping.
        #expect(try dem.elevationMeters(lon: 106.0, lat: 16.3) == 30)
        #expect(throws: CoverageError.self) { _ = try dem.elevationMeters(lon: 106.45, lat: 16.2) }
    }

    @Test("ESRI ASCII grid: xllcenter variant shifts by half a cell")
    func asciiCenter() throws {
        let text = Self.ascText.replacingOccurrences(of: "xllcorner 106.0", with: "xllcenter 106.05")
            .replacingOccurrences(of: "yllcorner 16.0", with: "yllcenter 16.05")
        let grid = try ESRIASCIIGrid.parse(text: text, fileName: "c.asc")
        #expect(grid.elevationMeters(lon: 106.15, lat: 16.15) == 10)
    }

    @Test("malformed ESRI header: error carries the line number")
    func asciiMalformed() throws {
        let bad = Self.ascText.replacingOccurrences(of: "xllcorner 106.0", with: "xllcorner abc")
        do {
            _ = try ESRIASCIIGrid.parse(text: bad, fileName: "bad.asc")
            Issue.record("expected an error")
        } catch let CoverageError.invalidInput(file, location, _) {
            #expect(file == "bad.asc" && location == "line 3")
        }
        let missing = Self.ascText.replacingOccurrences(of: "cellsize 0.1\n", with: "")
        #expect(throws: CoverageError.self) { _ = try ESRIASCIIGrid.parse(text: missing, fileName: "m.asc") }
        let short = Self.ascText.replacingOccurrences(of: "25 -9999 15 25", with: "25 -9999 15")
        #expect(throws: CoverageError.self) { _ = try ESRIASCIIGrid.parse(text: short, fileName: "s.asc") }
    }

    @Test("load(folder:) reads .hgt and .asc files; finer grid wins")
    func loadFolder() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.hgtBytes { _, _ in 7 }.write(to: folder.appendingPathComponent("N16E106.hgt"))
        try Self.ascText.write(to: folder.appendingPathComponent("valley.asc"), atomically: true, encoding: .utf8)
        try "ignore me".write(to: folder.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
        let dem = try DEM.load(folder: folder)
        #expect(dem.grids.count == 2)
        #expect(dem.grids.first?.name == "N16E106.hgt")  // 3″ is finer than 0.1°
        #expect(try dem.elevationMeters(lon: 106.15, lat: 16.15) == 7)
        #expect(try dem.elevationMeters(lon: 106.8, lat: 16.8) == 7)

        let truncated = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: truncated) }
        try Data(count: 10).write(to: truncated.appendingPathComponent("N16E107.hgt"))
        #expect(throws: CoverageError.self) { _ = try DEM.load(folder: truncated) }
    }

    @Test("valley profile across an ASCII grid feeds ITM-ready spacing")
    func valleyProfile() throws {
        let dem = DEM(grids: [try ESRIASCIIGrid.parse(text: Self.ascText, fileName: "valley.asc")])
        let profile = try dem.profile(fromLon: 106.05, fromLat: 16.15, toLon: 106.35, toLat: 16.15, spacingMeters: 500)
        let z = profile.elevationsMeters
        #expect(z.first == 20 && z.last == 20)
        // The great circle runs < 1e-4° north of the 16.15° row, where the valley floor is 10 m.
        #expect(abs(try #require(z.min()) - 10) < 0.05)
    }
}
