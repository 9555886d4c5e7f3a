import CGDAL
import Foundation

/// Images encoded by GDAL (PNG driver, https://gdal.org/drivers/raster/png.html), in memory.
public enum RasterImage {
    /// `rgba` (4 bytes per pixel — red, green, blue, alpha — row by row from the top) encoded as a
    /// PNG file's bytes: 8-bit RGBA, DEFLATE at the driver's default level. The same pixels always
    /// give the same bytes (the driver writes no time chunk).
    ///
    /// - Throws: ``CoverageError/invalidInput(file:location:message:)`` when `rgba` does not hold
    ///   `width × height × 4` bytes or a side is not positive;
    ///   ``CoverageError/gdal(operation:message:)`` with GDAL's message when encoding fails.
    public static func png(rgba: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        guard width > 0, height > 0, rgba.count == width * height * 4 else {
            throw CoverageError.invalidInput(file: "", location: "", message: "\(rgba.count) bytes for a \(width) × \(height) RGBA image")
        }
        return try GDALMessages.capture { messages in
            guard let png = GDALGetDriverByName("PNG") else {
                throw CoverageError.gdal(operation: "GDALGetDriverByName(PNG)", message: "this GDAL build has no PNG driver")
            }
            let source = try createMEMDataset(width: width, height: height, bands: 4, type: GDT_Byte, messages: messages)
            defer { GDALClose(source) }
            for (i, c) in [GCI_RedBand, GCI_GreenBand, GCI_BlueBand, GCI_AlphaBand].enumerated() {
                GDALSetRasterColorInterpretation(GDALGetRasterBand(source, Int32(i + 1)), c)
            }
            let w = Int32(width), h = Int32(height)
            var bandMap: [Int32] = [1, 2, 3, 4]
            let written = rgba.withUnsafeBytes {
                GDALDatasetRasterIO(source, GF_Write, 0, 0, w, h, UnsafeMutableRawPointer(mutating: $0.baseAddress), w, h, GDT_Byte,
                                    4, &bandMap, 4, 4 * w, 1)
            }
            guard written == CE_None else { throw CoverageError.gdal(operation: "GDALDatasetRasterIO", message: messages.lastError) }
            let path = "/vsimem/coverage-\(UUID().uuidString).png"
            defer { VSIUnlink(path) }
            guard let out = GDALCreateCopy(png, path, source, 0, nil, nil, nil) else {
                throw CoverageError.gdal(operation: "GDALCreateCopy(PNG)", message: messages.lastError)
            }
            try messages.close(out, writing: "(PNG)")
            var length: vsi_l_offset = 0
            guard let bytes = VSIGetMemFileBuffer(path, &length, 0) else {
                throw CoverageError.gdal(operation: "VSIGetMemFileBuffer(PNG)", message: messages.lastError)
            }
            return Array(UnsafeBufferPointer(start: bytes, count: Int(length)))
        }
    }
}
