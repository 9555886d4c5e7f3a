import Foundation

/// A north-up raster grid in a projected CRS: `width × height` square pixels of `cellSizeMeters`,
/// row 0 at the north edge. Pixel (col, row) covers
/// [originX + col·s, originX + (col+1)·s) × (originY − (row+1)·s, originY − row·s] and is
/// represented by its centre (originX + (col+½)·s, originY − (row+½)·s). Values are stored row by
/// row (index = row·width + col), as GDAL reads and writes them.
public struct RasterGrid: Sendable, Hashable {
    /// West edge (m, easting) and north edge (m, northing) of the grid.
    public var originX: Double
    public var originY: Double
    /// Pixel side (m).
    public var cellSizeMeters: Double
    public var width: Int
    public var height: Int
    /// EPSG code of the projected CRS the coordinates are in.
    public var epsg: Int

    public init(originX: Double, originY: Double, cellSizeMeters: Double, width: Int, height: Int, epsg: Int) {
        self.originX = originX; self.originY = originY; self.cellSizeMeters = cellSizeMeters
        self.width = width; self.height = height; self.epsg = epsg
    }

    /// The grid covering `box` grown by `marginMeters` on every side, with its origin snapped to a
    /// multiple of the cell size (so two runs over nearby extents share pixel edges).
    public init(covering box: BoundingBox, marginMeters: Double, cellSizeMeters s: Double, epsg: Int) {
        let x0 = ((box.minX - marginMeters) / s).rounded(.down) * s
        let y1 = ((box.maxY + marginMeters) / s).rounded(.up) * s
        let x1 = ((box.maxX + marginMeters) / s).rounded(.up) * s
        let y0 = ((box.minY - marginMeters) / s).rounded(.down) * s
        self.init(originX: x0, originY: y1, cellSizeMeters: s, width: max(1, Int(((x1 - x0) / s).rounded())),
                  height: max(1, Int(((y1 - y0) / s).rounded())), epsg: epsg)
    }

    public var pixelCount: Int { width * height }

    /// GDAL's affine geotransform: [originX, s, 0, originY, 0, −s].
    public var geoTransform: [Double] { [originX, cellSizeMeters, 0, originY, 0, -cellSizeMeters] }

    /// Centre of pixel (col, row) in the projected CRS.
    @inlinable public func center(col: Int, row: Int) -> Point2 {
        Point2(originX + (Double(col) + 0.5) * cellSizeMeters, originY - (Double(row) + 0.5) * cellSizeMeters)
    }

    /// The pixel holding `p` as (col, row), or nil outside the grid.
    @inlinable public func pixel(of p: Point2) -> (col: Int, row: Int)? {
        let c = ((p.x - originX) / cellSizeMeters).rounded(.down), r = ((originY - p.y) / cellSizeMeters).rounded(.down)
        guard c >= 0, r >= 0, c < Double(width), r < Double(height) else { return nil }
        return (Int(c), Int(r))
    }

    /// Area of one pixel (m²).
    public var pixelAreaM2: Double { cellSizeMeters * cellSizeMeters }
}
