import CGDAL
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Coverage

/// Raster outputs through GDAL: Cloud-Optimized GeoTIFFs (round trips, determinism, layout),
/// polygon rasterization, QGIS raster styles and PNG encoding.
@Suite struct RasterOutputTests {
    func tempDir() -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("rastertests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    /// A UTM 48N grid (EPSG:32648, the zone of Quảng Trị's west) of 100 m pixels.
    func grid(width: Int, height: Int) -> RasterGrid {
        RasterGrid(originX: 600_000, originY: 1_860_000, cellSizeMeters: 100, width: width, height: height, epsg: 32648)
    }

    func files(in dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    // MARK: GeoTIFF

    /// Each band type comes back with its values, geotransform, EPSG code and no-data value; the
    /// folder holds only the written file (no temporary file, no .aux.xml sidecar).
    @Test func roundTripEachBandType() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = grid(width: 7, height: 5)
        let floats = (0..<g.pixelCount).map { $0 == 3 ? -9999 : Float($0) * 0.25 - 120.5 }
        let ints = (0..<g.pixelCount).map { $0 == 4 ? -1 : Int32($0 * 1000 - 7) }
        let bytes = (0..<g.pixelCount).map { $0 == 5 ? 255 : UInt8($0 % 7) }
        let cases: [(RasterBand, [Double], Double)] = [
            (.float32(floats, noData: -9999), floats.map(Double.init), -9999),
            (.int32(ints, noData: -1), ints.map(Double.init), -1),
            (.uint8(bytes, noData: 255), bytes.map(Double.init), 255),
        ]
        for (i, (band, expected, noData)) in cases.enumerated() {
            let path = dir.appendingPathComponent("b\(i).tif").path
            try GeoTIFF.write(path: path, grid: g, band: band, description: "band \(i)")
            let back = try GeoTIFF.read(path: path)
            #expect(back.grid == g)
            #expect(back.grid.geoTransform == [600_000, 100, 0, 1_860_000, 0, -100])
            #expect(back.values == expected)
            #expect(back.noData == noData)
        }
        #expect(files(in: dir) == ["b0.tif", "b1.tif", "b2.tif"])
    }

    /// Writing the same raster twice (through different temporary names) gives the same bytes,
    /// overviews included; writing over an existing file replaces it.
    @Test func repeatWritesAreByteIdentical() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = grid(width: 600, height: 400)
        let values: [Float] = (0..<g.pixelCount).map { (i: Int) -> Float in
            let col = i % 600, row = i / 600
            return -60 - 0.01 * Float(col * row % 5000)
        }
        let categories: [Int32] = (0..<g.pixelCount).map { (i: Int) -> Int32 in Int32(i % 600 / 37 + i / 600 / 53) }
        for (name, band) in [("f", RasterBand.float32(values, noData: -9999)), ("i", RasterBand.int32(categories, noData: -1))] {
            let a = dir.appendingPathComponent("\(name)a.tif").path, b = dir.appendingPathComponent("\(name)b.tif").path
            try GeoTIFF.write(path: a, grid: g, band: band, description: "rsrp_dbm")
            try GeoTIFF.write(path: b, grid: g, band: band, description: "rsrp_dbm")
            #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)), "\(name)")
            try GeoTIFF.write(path: b, grid: g, band: band, description: "rsrp_dbm")
            #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)), "\(name) rewritten")
        }
        #expect(files(in: dir) == ["fa.tif", "fb.tif", "ia.tif", "ib.tif"])
    }

    /// A 1024 × 1024 raster is written as a COG: 256 × 256 tiles, DEFLATE (with the floating-point
    /// predictor for floats), overviews 512 and 256 (OVERVIEWS=AUTO stops at one tile), the band
    /// description kept in the file. Overview resampling: the float ramp (col + row)·−0.05 averages
    /// over the top-left 2 × 2 block to −0.05 (nearest would give 0 or −0.1); the categorical
    /// stripes 0/10 (odd columns 10) stay 0 or 10 (an average would give 5).
    @Test func cogLayout() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = grid(width: 1024, height: 1024)
        let ramp: [Float] = (0..<g.pixelCount).map { (i: Int) -> Float in Float(i % 1024 + i / 1024) * -0.05 }
        let stripes: [UInt8] = (0..<g.pixelCount).map { (i: Int) -> UInt8 in UInt8(i % 2 * 10) }
        let bands: [(String, RasterBand, String?, Set<Double>)] = [("f.tif", .float32(ramp, noData: -9999), "3", [Double(Float(-0.05))]),
                                                                   ("u.tif", .uint8(stripes, noData: 255), nil, [0, 10])]
        for (name, band, predictor, overviewCorner) in bands {
            let path = dir.appendingPathComponent(name).path
            try GeoTIFF.write(path: path, grid: g, band: band, description: "coverage class")
            let ds = try #require(GDALOpen(path, GA_ReadOnly))
            defer { GDALClose(ds) }
            #expect(GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE").map { String(cString: $0) } == "DEFLATE")
            #expect(GDALGetMetadataItem(ds, "LAYOUT", "IMAGE_STRUCTURE").map { String(cString: $0) } == "COG")
            #expect(GDALGetMetadataItem(ds, "PREDICTOR", "IMAGE_STRUCTURE").map { String(cString: $0) } == predictor)
            let b = try #require(GDALGetRasterBand(ds, 1))
            var bx: Int32 = 0, by: Int32 = 0
            GDALGetBlockSize(b, &bx, &by)
            #expect(bx == 256 && by == 256)
            #expect(GDALGetOverviewCount(b) == 2)
            #expect(GDALGetRasterBandXSize(GDALGetOverview(b, 1)) == 256)
            #expect(String(cString: GDALGetDescription(b)) == "coverage class")
            var corner = 0.0
            #expect(GDALRasterIO(GDALGetOverview(b, 0), GF_Read, 0, 0, 1, 1, &corner, 1, 1, GDT_Float64, 0, 0) == CE_None)
            #expect(overviewCorner.contains(corner), "\(name): \(corner)")
        }
        #expect(files(in: dir) == ["f.tif", "u.tif"])
    }

    /// A band whose value count is not the grid's pixel count is refused before GDAL runs.
    @Test func wrongValueCountIsInvalidInput() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("never-written-\(UUID().uuidString).tif").path
        #expect(throws: CoverageError.invalidInput(file: path, location: "", message: "5 values for a 2 × 3 grid of 6 pixels")) {
            try GeoTIFF.write(path: path, grid: grid(width: 2, height: 3), band: .uint8([1, 2, 3, 4, 5], noData: 0), description: "")
        }
    }

    /// GDAL's failures come back as `CoverageError.gdal` with GDAL's message, and leave no file:
    /// a folder that does not exist, a CRS code PROJ does not know.
    @Test func gdalFailuresAreReported() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let band = RasterBand.uint8([1, 2, 3, 4], noData: 0)
        for (path, epsg) in [(dir.appendingPathComponent("missing/x.tif").path, 32648), (dir.appendingPathComponent("x.tif").path, 999_999)] {
            var g = grid(width: 2, height: 2)
            g.epsg = epsg
            do {
                try GeoTIFF.write(path: path, grid: g, band: band, description: "")
                Issue.record("no error for \(path), EPSG:\(epsg)")
            } catch CoverageError.gdal(_, let message) {
                #expect(!message.isEmpty && message != "GDAL gave no message", "\(message)")
            }
        }
        #expect(files(in: dir).isEmpty)
        #expect(throws: CoverageError.self) { try GeoTIFF.read(path: dir.appendingPathComponent("none.tif").path) }
    }

    // MARK: Rasterize

    /// A 10 m grid over −20…120 m (14 × 14 pixels, centres at −15, −5, 5, …, 115):
    /// - a square 0…100 m with a hole 40…60 m: centres 5…95 are inside the square (10 × 10 = 100),
    ///   those at 45 and 55 in both axes inside the hole (2 × 2 = 4), so 100 − 4 = 96 pixels get 0;
    ///   the ring of 14² − 10² = 96 pixels around and the 4 in the hole get −1;
    /// - two squares 0…50 and 50…100 (sharing the edge x = 50, where no centre lies): 5 × 10 = 50
    ///   pixels each, indices 0 and 1;
    /// - overlapping regions: the later index wins.
    @Test func polygonIndexHandCounts() throws {
        let g = RasterGrid(originX: -20, originY: 120, cellSizeMeters: 10, width: 14, height: 14, epsg: 32648)
        func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [Point2] {
            [Point2(x0, y0), Point2(x1, y0), Point2(x1, y1), Point2(x0, y1), Point2(x0, y0)]
        }
        let holed = try Rasterize.polygonIndex([[Polygon2(exterior: square(0, 0, 100, 100), holes: [square(40, 40, 60, 60)])]], grid: g)
        #expect(holed.count == 196)
        #expect(holed.filter { $0 == 0 }.count == 96)
        #expect(holed.filter { $0 == -1 }.count == 100)
        #expect(holed[g.pixel(of: Point2(50, 50))!.row * 14 + g.pixel(of: Point2(50, 50))!.col] == -1)
        #expect(holed[0] == -1)   // pixel centre (−15, 115)

        let halves = try Rasterize.polygonIndex([[Polygon2(exterior: square(0, 0, 50, 100))], [Polygon2(exterior: square(50, 0, 100, 100))]], grid: g)
        #expect(halves.filter { $0 == 0 }.count == 50 && halves.filter { $0 == 1 }.count == 50)
        for (p, expected) in [(Point2(45, 5), Int32(0)), (Point2(55, 95), 1), (Point2(-5, 50), -1), (Point2(105, 50), -1)] {
            let px = g.pixel(of: p)!
            #expect(halves[px.row * g.width + px.col] == expected, "\(p)")
        }

        // Region 1 (a 20 × 20 m square over 4 pixels) lies on region 0 and wins there.
        let overlap = try Rasterize.polygonIndex([[Polygon2(exterior: square(0, 0, 100, 100))], [Polygon2(exterior: square(20, 20, 40, 40))]], grid: g)
        #expect(overlap.filter { $0 == 1 }.count == 4 && overlap.filter { $0 == 0 }.count == 96)
        #expect(try Rasterize.polygonIndex([], grid: g) == [Int32](repeating: -1, count: 196))
    }

    // MARK: QGIS styles

    func parse(_ qml: String) throws -> XMLElement {
        try #require(try XMLDocument(xmlString: qml, options: []).rootElement())
    }

    func items(_ root: XMLElement, _ path: String) throws -> [[String: String]] {
        try root.nodes(forXPath: path).compactMap { $0 as? XMLElement }.map { e in
            Dictionary(uniqueKeysWithValues: (e.attributes ?? []).map { ($0.name ?? "", $0.stringValue ?? "") })
        }
    }

    /// DISCRETE: one item per class, upper bounds as values, the last one "inf"; labels escaped.
    @Test func discreteStyle() throws {
        let qml = RasterStyle.discrete(classes: [(-110, "#d7191c", "< -110 dBm"), (-100, "#fdae61", "-110 … -100 & \"fair\""),
                                                 (-90.5, "#a6d96a", "it's good"), (-44, "#1a9641", "> -90.5 dBm")])
        let root = try parse(qml)
        #expect(root.name == "qgis" && root.attribute(forName: "styleCategories")?.stringValue == "AllStyleCategories")
        let renderer = try items(root, "/qgis/pipe/rasterrenderer")
        #expect(renderer.count == 1 && renderer[0]["type"] == "singlebandpseudocolor" && renderer[0]["band"] == "1")
        let shader = try items(root, "/qgis/pipe/rasterrenderer/rastershader/colorrampshader")
        #expect(shader.first?["colorRampType"] == "DISCRETE" && shader.first?["clip"] == "0")
        let its = try items(root, "/qgis/pipe/rasterrenderer/rastershader/colorrampshader/item")
        #expect(its.map { $0["value"] } == ["-110", "-100", "-90.5", "inf"])
        #expect(its.map { $0["label"] } == ["< -110 dBm", "-110 … -100 & \"fair\"", "it's good", "> -90.5 dBm"])
        #expect(its.map { $0["color"] } == ["#d7191c", "#fdae61", "#a6d96a", "#1a9641"])
        #expect(its.allSatisfy { $0["alpha"] == "255" })
        #expect(qml.contains("label=\"&lt; -110 dBm\"") && qml.contains("&amp; &quot;fair&quot;") && qml.contains("it&apos;s"))
    }

    @Test func interpolatedStyle() throws {
        let root = try parse(RasterStyle.interpolated(stops: [(-120, "#000004", "-120"), (-80.25, "#b63679", "-80.25"), (-44, "#fcfdbf", "-44")]))
        let shader = try items(root, "/qgis/pipe/rasterrenderer/rastershader/colorrampshader")
        #expect(shader.first?["colorRampType"] == "INTERPOLATED" && shader.first?["minimumValue"] == "-120" && shader.first?["maximumValue"] == "-44")
        #expect(try items(root, "//item").map { $0["value"] } == ["-120", "-80.25", "-44"])
    }

    @Test func palettedStyle() throws {
        let entries = (0..<5).map { (value: $0, color: RasterStyle.categoricalColor($0), label: "cell <\($0)>") }
        let root = try parse(RasterStyle.paletted(entries: entries))
        #expect(try items(root, "/qgis/pipe/rasterrenderer").first?["type"] == "paletted")
        let palette = try items(root, "/qgis/pipe/rasterrenderer/colorPalette/paletteEntry")
        #expect(palette.map { $0["value"] } == ["0", "1", "2", "3", "4"])
        #expect(palette.map { $0["label"] } == entries.map(\.label))
        #expect(palette.map { $0["color"] } == entries.map(\.color))
    }

    /// Golden-angle colours: "#rrggbb", fixed (index 0 is hue 0 at S 0.65, V 0.9: (230, 80, 80)),
    /// all distinct over the first hundred indices.
    @Test func categoricalColors() {
        let colors = (0..<100).map(RasterStyle.categoricalColor)
        #expect(colors[0] == "#e65050")
        #expect(colors.allSatisfy { $0.count == 7 && $0.hasPrefix("#") && $0.dropFirst().allSatisfy(\.isHexDigit) })
        #expect(Set(colors).count == 100)
        #expect(RasterStyle.categoricalColor(-3) != RasterStyle.categoricalColor(3))
    }

    // MARK: PNG

    /// The bytes are a PNG (signature), identical on a second call, and GDAL reads back the same
    /// size and pixels; the in-memory file is removed.
    @Test func pngEncoding() throws {
        let w = 37, h = 11
        let rgba: [UInt8] = (0..<(w * h)).flatMap { (i: Int) -> [UInt8] in
            let r = UInt8(i % 256), g = UInt8(i * 7 % 256), b = UInt8(i / w * 20), a = UInt8(255 - i % 200)
            return [r, g, b, a]
        }
        let png = try RasterImage.png(rgba: rgba, width: w, height: h)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(try RasterImage.png(rgba: rgba, width: w, height: h) == png)

        let path = "/vsimem/rastertests-\(UUID().uuidString).png"
        var copy = png
        try copy.withUnsafeMutableBufferPointer { buffer in
            let file = try #require(VSIFileFromMemBuffer(path, buffer.baseAddress, vsi_l_offset(buffer.count), 0))
            VSIFCloseL(file)
            defer { VSIUnlink(path) }
            let ds = try #require(GDALOpen(path, GA_ReadOnly))
            defer { GDALClose(ds) }
            #expect(GDALGetRasterXSize(ds) == Int32(w) && GDALGetRasterYSize(ds) == Int32(h) && GDALGetRasterCount(ds) == 4)
            var back = [UInt8](repeating: 0, count: rgba.count)
            var bandMap: [Int32] = [1, 2, 3, 4]
            let err = back.withUnsafeMutableBytes {
                GDALDatasetRasterIO(ds, GF_Read, 0, 0, Int32(w), Int32(h), $0.baseAddress, Int32(w), Int32(h), GDT_Byte, 4, &bandMap, 4, Int32(4 * w), 1)
            }
            #expect(err == CE_None && back == rgba)
        }
        #expect(throws: CoverageError.self) { try RasterImage.png(rgba: [1, 2, 3], width: 1, height: 1) }
        // Nothing is left in /vsimem (neither the PNG nor a PAM .aux.xml beside it).
        let listing = VSIReadDir("/vsimem")
        defer { CSLDestroy(listing) }
        let left = (0..<Int(CSLCount(listing))).map { String(cString: listing![$0]!) }
        #expect(!left.contains { $0.hasPrefix("coverage-") }, "\(left)")
    }
}
