import CGDAL
import Foundation

/// One band of raster values, row by row as ``RasterGrid`` orders them (index = row·width + col),
/// with the value that marks pixels without data.
public enum RasterBand: Sendable {
    /// Continuous values (e.g. received power in dBm) as IEEE 32-bit floats.
    case float32([Float], noData: Float)
    /// Categorical values (e.g. a serving-cell or district index) as 32-bit signed integers.
    case int32([Int32], noData: Int32)
    /// Categorical values with at most 256 classes (e.g. a coverage class).
    case uint8([UInt8], noData: UInt8)

    var count: Int {
        switch self {
        case .float32(let v, _): return v.count
        case .int32(let v, _): return v.count
        case .uint8(let v, _): return v.count
        }
    }

    var dataType: GDALDataType {
        switch self {
        case .float32: return GDT_Float32
        case .int32: return GDT_Int32
        case .uint8: return GDT_Byte
        }
    }

    var noDataValue: Double {
        switch self {
        case .float32(_, let n): return Double(n)
        case .int32(_, let n): return Double(n)
        case .uint8(_, let n): return Double(n)
        }
    }

    /// The values' bytes in the band's ``dataType``, for the duration of `body`.
    func withBytes<T>(_ body: (UnsafeRawPointer) throws -> T) rethrows -> T {
        switch self {
        case .float32(let v, _): return try v.withUnsafeBytes { try body($0.baseAddress!) }
        case .int32(let v, _): return try v.withUnsafeBytes { try body($0.baseAddress!) }
        case .uint8(let v, _): return try v.withUnsafeBytes { try body($0.baseAddress!) }
        }
    }
}

/// Cloud-Optimized GeoTIFF output and input through GDAL.
///
/// Files are written by GDAL's COG driver (https://gdal.org/drivers/raster/cog.html): tiled
/// 256 × 256, DEFLATE-compressed, with internal overviews, and laid out so that a reader over
/// HTTP range requests fetches only the tiles it needs; any GeoTIFF reader opens them as plain
/// GeoTIFFs. With the same GDAL and zlib, the same grid and values always give the same bytes:
/// GDAL writes no timestamp, and compresses on one thread (`NUM_THREADS` is left unset).
public enum GeoTIFF {
    /// The COG driver's creation options for `band`: DEFLATE with the floating-point predictor
    /// (`PREDICTOR=YES` selects predictor 3 for floats) for continuous values and without one for
    /// categorical values, whose long runs DEFLATE already packs; 256-pixel tiles; overviews down
    /// to one tile (`OVERVIEWS=AUTO`), resampled by `AVERAGE` for continuous values and `NEAREST`
    /// for categorical ones (an average of two class indices is no class).
    static func creationOptions(for band: RasterBand) -> [String] {
        let common = ["COMPRESS=DEFLATE", "BLOCKSIZE=256", "OVERVIEWS=AUTO"]
        if case .float32 = band { return common + ["PREDICTOR=YES", "RESAMPLING=AVERAGE"] }
        return common + ["RESAMPLING=NEAREST"]
    }

    /// Writes `band` on `grid` as a Cloud-Optimized GeoTIFF at `path` (replacing a file there):
    /// geotransform from ``RasterGrid/geoTransform`` (metres), CRS EPSG:`grid.epsg`, GDAL no-data
    /// value, and `description` as the band's description (shown by `gdalinfo` and as the band
    /// name in QGIS). The file is built next to `path` under a temporary name and renamed into
    /// place, so `path` never holds a partial file.
    ///
    /// - Throws: ``CoverageError/invalidInput(file:location:message:)`` when the band does not
    ///   have `grid.pixelCount` values; ``CoverageError/gdal(operation:message:)`` with GDAL's
    ///   message when the CRS is unknown or the file cannot be written.
    public static func write(path: String, grid: RasterGrid, band: RasterBand, description: String) throws {
        guard band.count == grid.pixelCount else {
            throw CoverageError.invalidInput(file: path, location: "",
                                             message: "\(band.count) values for a \(grid.width) × \(grid.height) grid of \(grid.pixelCount) pixels")
        }
        try GDALMessages.capture { messages in
            guard let cog = GDALGetDriverByName("COG") else {
                throw CoverageError.gdal(operation: "GDALGetDriverByName(COG)", message: "this GDAL build has no COG driver (GDAL ≥ 3.1 has)")
            }
            let source = try createMEMDataset(width: grid.width, height: grid.height, bands: 1, type: band.dataType, messages: messages)
            defer { GDALClose(source) }
            var transform = grid.geoTransform
            guard GDALSetGeoTransform(source, &transform) == CE_None else {
                throw CoverageError.gdal(operation: "GDALSetGeoTransform", message: messages.lastError)
            }
            guard let srs = GDALSpatialReference.userInput("EPSG:\(grid.epsg)"), GDALSetSpatialRef(source, srs.handle) == CE_None else {
                throw CoverageError.gdal(operation: "set CRS EPSG:\(grid.epsg) on \(path)", message: messages.lastError)
            }
            let b = GDALGetRasterBand(source, 1)
            GDALSetDescription(b, description)
            let w = Int32(grid.width), h = Int32(grid.height)
            guard GDALSetRasterNoDataValue(b, band.noDataValue) == CE_None,
                  band.withBytes({ GDALRasterIO(b, GF_Write, 0, 0, w, h, UnsafeMutableRawPointer(mutating: $0), w, h, band.dataType, 0, 0) }) == CE_None else {
                throw CoverageError.gdal(operation: "fill the MEM band for \(path)", message: messages.lastError)
            }
            try copyAsCOG(source, driver: cog, to: path, options: creationOptions(for: band), messages: messages)
        }
    }

    /// Copies `source` through the COG driver into a hidden temporary file beside `path`, then renames it over `path`
    /// (a reader never sees half a file; the temporary is removed on failure).
    static func copyAsCOG(_ source: GDALDatasetH, driver cog: GDALDriverH, to path: String, options: [String], messages: GDALMessages) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        do {
            guard let out = withMutableCStringList(options, { GDALCreateCopy(cog, temporary, source, 0, $0, nil, nil) }) else {
                throw CoverageError.gdal(operation: "GDALCreateCopy(COG) \(path)", message: messages.lastError)
            }
            try messages.close(out, writing: path)
            guard rename(temporary, path) == 0 else {
                throw CoverageError.gdal(operation: "rename into \(path)", message: String(cString: strerror(errno)))
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Reads band 1 of the raster at `path` (any format GDAL opens) as doubles, row by row, with
    /// its grid (the CRS's EPSG code from its authority code) and no-data value.
    ///
    /// - Throws: ``CoverageError/gdal(operation:message:)`` when GDAL cannot open or read it;
    ///   ``CoverageError/invalidInput(file:location:message:)`` when it is not a north-up grid of
    ///   square pixels or its CRS has no EPSG code.
    public static func read(path: String) throws -> (grid: RasterGrid, values: [Double], noData: Double?) {
        try GDALMessages.capture { messages in
            guard let ds = GDALOpenEx(path, UInt32(GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR), nil, nil, nil) else {
                throw CoverageError.gdal(operation: "GDALOpenEx \(path)", message: messages.lastError)
            }
            defer { GDALClose(ds) }
            var t = [Double](repeating: 0, count: 6)
            guard GDALGetGeoTransform(ds, &t) == CE_None, t[1] > 0, t[2] == 0, t[4] == 0, t[5] == -t[1] else {
                throw CoverageError.invalidInput(file: path, location: "geotransform", message: "not a north-up grid of square pixels: \(t)")
            }
            guard let srs = GDALGetSpatialRef(ds), let code = OSRGetAuthorityCode(srs, nil), let epsg = Int(String(cString: code)) else {
                throw CoverageError.invalidInput(file: path, location: "CRS", message: "the CRS has no EPSG code")
            }
            let w = GDALGetRasterXSize(ds), h = GDALGetRasterYSize(ds)
            guard let band = GDALGetRasterBand(ds, 1) else {
                throw CoverageError.invalidInput(file: path, location: "band 1", message: "the raster has no band")
            }
            var values = [Double](repeating: 0, count: Int(w) * Int(h))
            guard values.withUnsafeMutableBytes({ GDALRasterIO(band, GF_Read, 0, 0, w, h, $0.baseAddress, w, h, GDT_Float64, 0, 0) }) == CE_None else {
                throw CoverageError.gdal(operation: "GDALRasterIO \(path)", message: messages.lastError)
            }
            var hasNoData: Int32 = 0
            let noData = GDALGetRasterNoDataValue(band, &hasNoData)
            let grid = RasterGrid(originX: t[0], originY: t[3], cellSizeMeters: t[1], width: Int(w), height: Int(h), epsg: epsg)
            return (grid, values, hasNoData != 0 ? noData : nil)
        }
    }
}

/// A new in-memory dataset (GDAL's MEM driver) of `bands` bands of `type`, pixels zeroed; the
/// caller closes it with `GDALClose`. Must run inside ``GDALMessages/capture(_:)``.
func createMEMDataset(width: Int, height: Int, bands: Int, type: GDALDataType, messages: GDALMessages) throws -> GDALDatasetH {
    guard let mem = GDALGetDriverByName("MEM") else {
        throw CoverageError.gdal(operation: "GDALGetDriverByName(MEM)", message: "this GDAL build has no MEM driver")
    }
    guard let ds = GDALCreate(mem, "", Int32(width), Int32(height), Int32(bands), type, nil) else {
        throw CoverageError.gdal(operation: "GDALCreate(MEM, \(width) × \(height) × \(bands))", message: messages.lastError)
    }
    return ds
}

/// A GeoTIFF written band by band of rows, for grids too large to hold (``GeoTIFF/write(path:grid:band:description:)``
/// holds the whole grid twice). Rows are written, in any order, into a tiled GTiff (256 × 256, DEFLATE level 1,
/// 4 bytes or 1 a pixel before compression, BigTIFF when it could pass 4 GB) under a temporary name beside `path`; each
/// band of rows leaves GDAL's block cache as it is written. ``finish()`` then copies it through GDAL's COG driver with
/// ``GeoTIFF/creationOptions(for:)`` — the same options, hence the same bytes, as ``GeoTIFF/write(path:grid:band:description:)``
/// for the same values (test `streamedGeoTIFFEqualsWholeGrid`) — reading the rows back through the block cache, and
/// renames the result into place: `path` never holds a partial file.
///
/// Not thread-safe: one thread writes one file (several writers may run on different threads).
public final class GeoTIFFWriter {
    public let path: String
    public let grid: RasterGrid
    let kind: RasterBand
    let description: String
    private var dataset: GDALDatasetH?
    private let staging: String

    /// Creates the staging file for a band like `kind` (its type and no-data value; its values are not read).
    /// - Throws: ``CoverageError/gdal(operation:message:)`` when GDAL cannot create it or the CRS is unknown.
    public init(path: String, grid: RasterGrid, like kind: RasterBand, description: String) throws {
        self.path = path; self.grid = grid; self.kind = kind; self.description = description
        let url = URL(fileURLWithPath: path)
        staging = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).rows.tmp").path
        dataset = try GDALMessages.capture { messages -> GDALDatasetH in
            guard let gtiff = GDALGetDriverByName("GTiff") else {
                throw CoverageError.gdal(operation: "GDALGetDriverByName(GTiff)", message: "this GDAL build has no GTiff driver")
            }
            let options = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE", "ZLEVEL=1", "BIGTIFF=IF_SAFER"]
            guard let ds = withMutableCStringList(options, { GDALCreate(gtiff, staging, Int32(grid.width), Int32(grid.height), 1, kind.dataType, $0) }) else {
                throw CoverageError.gdal(operation: "GDALCreate(GTiff) \(path)", message: messages.lastError)
            }
            var transform = grid.geoTransform
            let b = GDALGetRasterBand(ds, 1)
            guard GDALSetGeoTransform(ds, &transform) == CE_None, GDALSetRasterNoDataValue(b, kind.noDataValue) == CE_None else {
                GDALClose(ds); unlink(staging)
                throw CoverageError.gdal(operation: "set up \(path)", message: messages.lastError)
            }
            guard let srs = GDALSpatialReference.userInput("EPSG:\(grid.epsg)"), GDALSetSpatialRef(ds, srs.handle) == CE_None else {
                GDALClose(ds); unlink(staging)
                throw CoverageError.gdal(operation: "set CRS EPSG:\(grid.epsg) on \(path)", message: messages.lastError)
            }
            GDALSetDescription(b, description)
            return ds
        }
    }

    deinit {
        if let dataset { GDALClose(dataset) }
        unlink(staging)
    }

    /// Writes `values` (whole rows from `row0` on, `values.count / grid.width` of them) and drops them from GDAL's cache.
    /// - Throws: ``CoverageError/invalidInput(file:location:message:)`` for a count that is not whole rows inside the
    ///   grid or a band of another type; ``CoverageError/gdal(operation:message:)`` when GDAL cannot write.
    public func write(row0: Int, _ values: RasterBand) throws {
        guard let ds = dataset else { throw CoverageError.invalidInput(file: path, location: "", message: "written after finish()") }
        let rows = values.count / grid.width
        guard values.dataType == kind.dataType, rows * grid.width == values.count, row0 >= 0, row0 + rows <= grid.height else {
            throw CoverageError.invalidInput(file: path, location: "row \(row0)", message: "\(values.count) values are not whole rows of the \(grid.width) × \(grid.height) grid's type")
        }
        guard rows > 0 else { return }
        try GDALMessages.capture { messages in
            let b = GDALGetRasterBand(ds, 1), w = Int32(grid.width)
            guard values.withBytes({ GDALRasterIO(b, GF_Write, 0, Int32(row0), w, Int32(rows), UnsafeMutableRawPointer(mutating: $0), w, Int32(rows),
                                                  values.dataType, 0, 0) }) == CE_None else {
                throw CoverageError.gdal(operation: "GDALRasterIO \(path) rows \(row0)…", message: messages.lastError)
            }
            // Blocks complete on these rows are compressed and written, and their memory recovered.
            guard GDALFlushRasterCache(b) == CE_None else { throw CoverageError.gdal(operation: "GDALFlushRasterCache \(path)", message: messages.lastError) }
        }
    }

    /// Closes the staging file, copies it through the COG driver into `path` (overviews, final compression) and
    /// removes it. Rows never written hold 0.
    /// - Throws: ``CoverageError/gdal(operation:message:)`` with GDAL's message.
    public func finish() throws {
        guard let ds = dataset else { return }
        dataset = nil
        try GDALMessages.capture { messages in
            try messages.close(ds, writing: staging)
            guard let cog = GDALGetDriverByName("COG") else {
                throw CoverageError.gdal(operation: "GDALGetDriverByName(COG)", message: "this GDAL build has no COG driver (GDAL ≥ 3.1 has)")
            }
            guard let source = GDALOpenEx(staging, UInt32(GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR), nil, nil, nil) else {
                throw CoverageError.gdal(operation: "GDALOpenEx \(staging)", message: messages.lastError)
            }
            defer { GDALClose(source) }
            try GeoTIFF.copyAsCOG(source, driver: cog, to: path, options: GeoTIFF.creationOptions(for: kind), messages: messages)
        }
    }
}
