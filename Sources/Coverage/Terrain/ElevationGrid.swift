import Foundation

/// One elevation raster in WGS84 longitude/latitude: samples on a regular lattice, row 0 at the north.
///
/// Both readers produce this: an SRTM `.hgt` tile (``SRTMTile``) and an ESRI ASCII grid
/// (``ESRIASCIIGrid``). Sample (row r, column c) sits at
/// longitude `firstLongitude + c · longitudeStepDegrees`, latitude `firstLatitude − r · latitudeStepDegrees`.
public struct ElevationGrid: Sendable {
    /// Sample storage: SRTM keeps its 16-bit integers (half the memory of `Float`).
    enum Storage: Sendable {
        case int16([Int16], void: Int16?)
        case float([Float], noData: Float?)
    }

    /// The file the grid came from (e.g. "N16E106.hgt"), used in error messages.
    public var name: String
    /// Number of columns (west → east).
    public var columns: Int
    /// Number of rows (north → south).
    public var rows: Int
    /// Longitude of the centre of column 0, degrees east.
    public var firstLongitude: Double
    /// Latitude of the centre of row 0 (the northernmost row), degrees north.
    public var firstLatitude: Double
    /// Column spacing, degrees.
    public var longitudeStepDegrees: Double
    /// Row spacing, degrees.
    public var latitudeStepDegrees: Double
    /// How far beyond the outermost sample centres the grid answers (by clamping), degrees: 0 for SRTM
    /// (whose edge samples lie on the tile boundary), half a cell for ESRI grids (whose cells have area).
    public var marginDegrees: Double
    var storage: Storage

    /// Elevation of one sample, metres, or nil for a void / no-data sample.
    public func sample(row: Int, column: Int) -> Double? {
        let index = row * columns + column
        switch storage {
        case let .int16(values, void):
            let v = values[index]
            return v == void ? nil : Double(v)
        case let .float(values, noData):
            let v = values[index]
            return v == noData || v.isNaN ? nil : Double(v)
        }
    }

    /// Westernmost longitude answered, degrees.
    public var westLongitude: Double { firstLongitude - marginDegrees }
    /// Easternmost longitude answered, degrees.
    public var eastLongitude: Double { firstLongitude + Double(columns - 1) * longitudeStepDegrees + marginDegrees }
    /// Northernmost latitude answered, degrees.
    public var northLatitude: Double { firstLatitude + marginDegrees }
    /// Southernmost latitude answered, degrees.
    public var southLatitude: Double { firstLatitude - Double(rows - 1) * latitudeStepDegrees - marginDegrees }

    /// Whether the grid answers for this point (edges included, with a 1e-9° tolerance).
    public func contains(lon: Double, lat: Double) -> Bool {
        let eps = 1e-9
        return lon >= westLongitude - eps && lon <= eastLongitude + eps
            && lat >= southLatitude - eps && lat <= northLatitude + eps
    }

    /// Bilinear interpolation between the four surrounding samples.
    /// - Returns: metres, or nil if a sample with non-zero weight is void; nil also if the point is
    ///   outside the grid (check ``contains(lon:lat:)`` first).
    public func elevationMeters(lon: Double, lat: Double) -> Double? {
        guard contains(lon: lon, lat: lat) else { return nil }
        let v = interpolatedMeters(lon: lon, lat: lat)
        return v.isNaN ? nil : v
    }

    /// Bilinear interpolation for a point the grid contains, without allocating: NaN when a sample
    /// with non-zero weight is void. (The footprint code samples millions of points.)
    ///
    /// Positions within 1e-6 of a sample are snapped to it, so that rounding in the degree arithmetic
    /// does not give a neighbouring (possibly void) sample a vanishing weight.
    @inline(__always)
    func interpolatedMeters(lon: Double, lat: Double) -> Double {
        @inline(__always) func snapped(_ v: Double) -> Double {
            let r = v.rounded()
            return abs(v - r) < 1e-6 ? r : v
        }
        let x = min(max(snapped((lon - firstLongitude) / longitudeStepDegrees), 0), Double(columns - 1))
        let y = min(max(snapped((firstLatitude - lat) / latitudeStepDegrees), 0), Double(rows - 1))
        let c0 = min(Int(x), max(columns - 2, 0))
        let r0 = min(Int(y), max(rows - 2, 0))
        let fx = columns > 1 ? x - Double(c0) : 0
        let fy = rows > 1 ? y - Double(r0) : 0
        let c1 = min(c0 + 1, columns - 1), r1 = min(r0 + 1, rows - 1)
        let i00 = r0 * columns + c0, i01 = r0 * columns + c1, i10 = r1 * columns + c0, i11 = r1 * columns + c1
        let w00 = (1 - fy) * (1 - fx), w01 = (1 - fy) * fx, w10 = fy * (1 - fx), w11 = fy * fx
        switch storage {
        case let .int16(values, void):
            return values.withUnsafeBufferPointer { v in
                @inline(__always) func term(_ i: Int, _ w: Double) -> Double {
                    guard w > 0 else { return 0 }
                    return v[i] == void ? .nan : w * Double(v[i])
                }
                return term(i00, w00) + term(i01, w01) + term(i10, w10) + term(i11, w11)
            }
        case let .float(values, noData):
            return values.withUnsafeBufferPointer { v in
                @inline(__always) func term(_ i: Int, _ w: Double) -> Double {
                    guard w > 0 else { return 0 }
                    return v[i] == noData || v[i].isNaN ? .nan : w * Double(v[i])
                }
                return term(i00, w00) + term(i01, w01) + term(i10, w10) + term(i11, w11)
            }
        }
    }

    /// Whether every sample is void (a tile that holds no data).
    public var isAllVoid: Bool {
        switch storage {
        case let .int16(values, void): return void != nil && !values.contains { $0 != void }
        case let .float(values, noData): return !values.contains { !($0 == noData || $0.isNaN) }
        }
    }

    /// Number of void samples.
    public var voidCount: Int {
        switch storage {
        case let .int16(values, void): return void == nil ? 0 : values.reduce(0) { $0 + ($1 == void ? 1 : 0) }
        case let .float(values, noData): return values.reduce(0) { $0 + ($1 == noData || $1.isNaN ? 1 : 0) }
        }
    }
}
