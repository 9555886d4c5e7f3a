import CGDAL
import Foundation

extension ClutterMap {
    /// The most pixels a clutter grid may hold (1 byte each): 400 million, e.g. a 200 km square at 10 m.
    public static let maxPixels = 400_000_000

    /// Reads band 1 of a land-cover raster (any format and CRS GDAL reads, e.g. an ESA WorldCover GeoTIFF
    /// in EPSG:4326) onto `grid`: GDAL warps it into the grid's CRS and pixels, each output pixel taking
    /// the most frequent source class under it (`gdalwarp -r mode`). A pixel without data (outside the
    /// raster or its no-data value) gets the `fallback` class, appended to the classes.
    ///
    /// - Throws: ``CoverageError/invalidInput(file:location:message:)`` naming the file for a missing or
    ///   special file, a grid over ``maxPixels``, or a class value found in the raster but not in `classes`
    ///   (listing the values seen, so the class table can be completed); ``CoverageError/gdal(operation:message:)``
    ///   when GDAL cannot open or warp it.
    public static func read(path: String, classes: [Class], fallback: Class, grid: RasterGrid) throws -> ClutterMap {
        try InputFile.check(path, limitBytes: InputFile.demTileLimitBytes * 8, what: "land-cover raster")
        guard grid.pixelCount <= maxPixels else {
            throw CoverageError.invalidInput(file: path, location: "", message: "a clutter grid of \(grid.width) × \(grid.height) pixels is over the limit of \(maxPixels); set a coarser clutter.resolution_m")
        }
        guard classes.count <= 254 else {
            throw CoverageError.invalidInput(file: path, location: "clutter.classes", message: "\(classes.count) classes; at most 254")
        }
        let noData: UInt8 = 255
        let values: [UInt8] = try GDALMessages.capture { messages in
            guard let src = GDALOpenEx(path, UInt32(GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR), nil, nil, nil) else {
                throw CoverageError.invalidInput(file: path, location: "", message: "GDAL cannot read it as a raster (\(messages.lastError)); give a GeoTIFF, or any raster GDAL reads, of land-cover class codes")
            }
            defer { GDALClose(src) }
            guard GDALGetRasterCount(src) >= 1 else { throw CoverageError.invalidInput(file: path, location: "band 1", message: "the raster has no band") }
            guard GDALGetSpatialRef(src) != nil else {
                throw CoverageError.invalidInput(file: path, location: "CRS", message: "the raster has no CRS; assign one (gdal_edit.py -a_srs EPSG:4326)")
            }
            let dst = try createMEMDataset(width: grid.width, height: grid.height, bands: 1, type: GDT_Int32, messages: messages)
            defer { GDALClose(dst) }
            var transform = grid.geoTransform
            guard GDALSetGeoTransform(dst, &transform) == CE_None,
                  let srs = GDALSpatialReference.userInput("EPSG:\(grid.epsg)"), GDALSetSpatialRef(dst, srs.handle) == CE_None else {
                throw CoverageError.gdal(operation: "clutter grid EPSG:\(grid.epsg)", message: messages.lastError)
            }
            let band = GDALGetRasterBand(dst, 1)
            guard GDALSetRasterNoDataValue(band, -1) == CE_None, GDALFillRaster(band, -1, 0) == CE_None else {
                throw CoverageError.gdal(operation: "clutter grid no-data", message: messages.lastError)
            }
            // Mode resampling keeps a class (an average of two class codes is no class); -dstnodata −1 leaves
            // uncovered pixels marked; the source's own no-data value is honoured by default.
            let args = ["-r", "mode", "-dstnodata", "-1", "-ot", "Int32"]
            let options = withMutableCStringList(args) { GDALWarpAppOptionsNew($0, nil) }
            guard let options else { throw CoverageError.gdal(operation: "GDALWarpAppOptionsNew", message: messages.lastError) }
            defer { GDALWarpAppOptionsFree(options) }
            var sources: [GDALDatasetH?] = [src]
            var usageError: Int32 = 0
            guard sources.withUnsafeMutableBufferPointer({ GDALWarp(nil, dst, 1, $0.baseAddress, options, &usageError) }) != nil else {
                throw CoverageError.gdal(operation: "GDALWarp \(path) → EPSG:\(grid.epsg)", message: messages.lastError)
            }
            var raw = [Int32](repeating: 0, count: grid.pixelCount)
            let w = Int32(grid.width), h = Int32(grid.height)
            guard raw.withUnsafeMutableBytes({ GDALRasterIO(band, GF_Read, 0, 0, w, h, $0.baseAddress, w, h, GDT_Int32, 0, 0) }) == CE_None else {
                throw CoverageError.gdal(operation: "GDALRasterIO (warped \(path))", message: messages.lastError)
            }
            var slotOf: [Int32: UInt8] = [:]
            for (i, c) in classes.enumerated() { slotOf[Int32(c.code)] = UInt8(i) }
            var unknown = Set<Int32>()
            let out = raw.map { v -> UInt8 in
                if v == -1 { return noData }
                if let s = slotOf[v] { return s }
                unknown.insert(v); return noData
            }
            if !unknown.isEmpty {
                let seen = unknown.sorted().prefix(12).map(String.init).joined(separator: ", ")
                throw CoverageError.invalidInput(file: path, location: "band 1", message: "class values \(seen) are not in clutter.classes (codes \(classes.map { String($0.code) }.joined(separator: ", "))); add them to the class table")
            }
            return out
        }
        let f = UInt8(classes.count)
        return ClutterMap(grid: grid, classes: classes + [fallback], slots: values.map { $0 == noData ? f : $0 }, fallback: Int(f))
    }
}
