import Foundation

/// Reader for SRTM `.hgt` tiles (NASA/USGS Shuttle Radar Topography Mission, version 2.1/3 layout).
///
/// Format (SRTM Topography documentation, USGS, "SRTM_Topo.pdf", §"DEM File (.HGT)"): a tile
/// covers one degree; its name gives the latitude and longitude of the south-west corner, e.g.
/// `N16E106.hgt` covers 16…17 °N, 106…107 °E. Samples are big-endian signed 16-bit integers (metres
/// above the EGM96 geoid), row by row from north to south, each row west to east; edge samples lie
/// on the tile boundary and repeat in the neighbouring tile. 1″ tiles are 3601 × 3601 samples,
/// 3″ tiles 1201 × 1201; the file size decides which. Voids are −32768.
public enum SRTMTile {
    /// Value marking a void sample.
    public static let voidValue: Int16 = -32768
    /// Samples per side of a 1″ (SRTM1) tile.
    public static let samplesPerSide1ArcSecond = 3601
    /// Samples per side of a 3″ (SRTM3) tile.
    public static let samplesPerSide3ArcSecond = 1201

    /// Name of the tile containing a point, e.g. `tileName(lon: 106.5, lat: 16.8) == "N16E106.hgt"`.
    public static func tileName(lon: Double, lat: Double) -> String {
        let latFloor = Int(lat.rounded(.down))
        let lonFloor = Int(lon.rounded(.down))
        let ns = latFloor < 0 ? "S" : "N"
        let ew = lonFloor < 0 ? "W" : "E"
        return ns + String(format: "%02d", abs(latFloor)) + ew + String(format: "%03d", abs(lonFloor)) + ".hgt"
    }

    /// South-west corner from a tile name such as "N16E106.hgt" (case-insensitive; path allowed).
    /// - Throws: `CoverageError.invalidInput` if the name does not follow the pattern.
    public static func southWestCorner(fileName: String) throws -> (lat: Int, lon: Int) {
        // The last non-empty "/"-separated component, by hand: swift-corelibs-foundation's
        // NSString.lastPathComponent traps on some names made mostly of slashes (terrain fuzz
        // harness; Fuzz/regressions/terrain).
        let base = (fileName.split(separator: "/").last.map(String.init) ?? "").uppercased()
        let chars = Array(base)
        guard chars.count >= 7, "NS".contains(chars[0]), "EW".contains(chars[3]),
              let lat = Int(String(chars[1...2])), let lon = Int(String(chars[4...6])),
              lat <= 90, lon <= 180
        else {
            throw CoverageError.invalidInput(
                file: fileName, location: "file name",
                message: "SRTM tile names look like N16E106.hgt (south-west corner)")
        }
        return (chars[0] == "S" ? -lat : lat, chars[3] == "W" ? -lon : lon)
    }

    /// Reads a tile from disk.
    /// - Throws: `CoverageError.invalidInput` naming the file if it cannot be read, its name does not
    ///   give a corner, or its size matches neither SRTM1 nor SRTM3.
    public static func read(url: URL) throws -> ElevationGrid {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw CoverageError.invalidInput(file: url.path, location: "", message: "cannot read SRTM tile: \(error.localizedDescription)")
        }
        return try parse(data: data, fileName: url.lastPathComponent)
    }

    /// Parses the bytes of a tile.
    /// - Parameters:
    ///   - data: the whole `.hgt` file.
    ///   - fileName: its name, which gives the south-west corner (e.g. "N16E106.hgt").
    /// - Throws: `CoverageError.invalidInput` as for ``read(url:)``.
    public static func parse(data: Data, fileName: String) throws -> ElevationGrid {
        let corner = try southWestCorner(fileName: fileName)
        let size1 = samplesPerSide1ArcSecond * samplesPerSide1ArcSecond * 2
        let size3 = samplesPerSide3ArcSecond * samplesPerSide3ArcSecond * 2
        let side: Int
        switch data.count {
        case size1: side = samplesPerSide1ArcSecond
        case size3: side = samplesPerSide3ArcSecond
        default:
            throw CoverageError.invalidInput(
                file: fileName, location: "file size",
                message: "\(data.count) bytes; an SRTM tile has \(size1) bytes (1″, 3601×3601) or \(size3) bytes (3″, 1201×1201)")
        }
        let count = side * side
        let values = data.withUnsafeBytes { raw -> [Int16] in
            let bytes = raw.bindMemory(to: UInt8.self)
            return [Int16](unsafeUninitializedCapacity: count) { buffer, initialized in
                for i in 0..<count {
                    buffer[i] = Int16(bitPattern: UInt16(bytes[2 * i]) << 8 | UInt16(bytes[2 * i + 1]))
                }
                initialized = count
            }
        }
        let step = 1.0 / Double(side - 1)
        return ElevationGrid(
            name: fileName, columns: side, rows: side, firstLongitude: Double(corner.lon),
            firstLatitude: Double(corner.lat + 1), longitudeStepDegrees: step, latitudeStepDegrees: step,
            marginDegrees: 0, storage: .int16(values, void: voidValue))
    }
}
