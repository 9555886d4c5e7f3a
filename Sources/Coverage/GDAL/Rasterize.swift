import CGDAL
import Foundation

/// Polygons burnt into a raster grid by GDAL (`GDALRasterizeGeometries`, the algorithm behind
/// `gdal_rasterize`; https://gdal.org/api/gdal_alg.html).
public enum Rasterize {
    /// For each pixel of `grid` (row by row), the index (0-based, in the order given) of the
    /// region whose polygons contain the pixel centre, or −1 where none does.
    ///
    /// GDAL's default rule applies (no `ALL_TOUCHED`): a pixel is burnt when its centre lies inside
    /// a polygon's exterior and outside its holes. Polygon coordinates are in the grid's CRS.
    /// Regions are burnt in order, so where regions overlap the later index wins.
    ///
    /// - Throws: ``CoverageError/gdal(operation:message:)`` with GDAL's message.
    public static func polygonIndex(_ regions: [[Polygon2]], grid: RasterGrid) throws -> [Int32] {
        try GDALMessages.capture { messages in
            let ds = try createMEMDataset(width: grid.width, height: grid.height, bands: 1, type: GDT_Int32, messages: messages)
            defer { GDALClose(ds) }
            var transform = grid.geoTransform
            let band = GDALGetRasterBand(ds, 1)
            guard GDALSetGeoTransform(ds, &transform) == CE_None, GDALFillRaster(band, -1, 0) == CE_None else {
                throw CoverageError.gdal(operation: "set up the MEM raster", message: messages.lastError)
            }
            var geometries: [OGRGeometryH?] = []
            defer { for g in geometries { OGR_G_DestroyGeometry(g) } }
            var burn: [Double] = []
            for (index, region) in regions.enumerated() {
                for polygon in region {
                    geometries.append(try GDALVector.ogrGeometry(.polygon(polygon), promote: wkbPolygon, decimals: nil))
                    burn.append(Double(index))
                }
            }
            let bandList: [Int32] = [1]
            guard GDALRasterizeGeometries(ds, 1, bandList, Int32(geometries.count), &geometries, nil, nil, burn, nil, nil, nil) == CE_None else {
                throw CoverageError.gdal(operation: "GDALRasterizeGeometries", message: messages.lastError)
            }
            var out = [Int32](repeating: -1, count: grid.pixelCount)
            let w = Int32(grid.width), h = Int32(grid.height)
            guard out.withUnsafeMutableBytes({ GDALRasterIO(band, GF_Read, 0, 0, w, h, $0.baseAddress, w, h, GDT_Int32, 0, 0) }) == CE_None else {
                throw CoverageError.gdal(operation: "GDALRasterIO", message: messages.lastError)
            }
            return out
        }
    }
}
