import Foundation

/// A digital elevation model: a mosaic of elevation grids (SRTM tiles and/or ESRI ASCII grids) in
/// WGS84 longitude/latitude.
///
/// Lookups use the finest grid that contains the point (so a 1″ tile wins over a 3″ tile covering
/// the same place) and interpolate bilinearly between its four surrounding samples.
public struct DEM: Sendable {
    /// The loaded grids, finest first.
    public private(set) var grids: [ElevationGrid]
    /// Where the grids were loaded from (a folder or file path; empty for grids made in memory),
    /// named in errors about missing tiles.
    public var source: String = ""

    /// Mean earth radius for great-circle distances, metres (IUGG mean radius R₁).
    public static let earthRadiusMeters = 6_371_008.8

    /// Creates a mosaic from grids in any order.
    public init(grids: [ElevationGrid]) {
        self.grids = grids.sorted { $0.latitudeStepDegrees < $1.latitudeStepDegrees }
    }

    /// Loads every `.hgt` and `.asc` file (extension case-insensitive) directly inside a folder.
    /// - Throws: `CoverageError.invalidInput` if the folder cannot be listed, holds no such file, or a
    ///   file is malformed (the error names the file).
    public static func load(folder: URL) throws -> DEM {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        } catch {
            throw CoverageError.invalidInput(file: folder.path, location: "", message: "cannot list DEM folder: \(error.localizedDescription)")
        }
        var grids: [ElevationGrid] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            if let grid = try read(file: url) { grids.append(grid) }
        }
        guard !grids.isEmpty else {
            throw CoverageError.invalidInput(file: folder.path, location: "", message: "no .hgt or .asc files in the DEM folder")
        }
        var dem = DEM(grids: grids)
        dem.source = folder.path
        return dem
    }

    /// Loads a DEM from a folder of tiles (see ``load(folder:)``) or from one `.hgt` / `.asc` file.
    /// - Throws: `CoverageError.invalidInput` naming the path if it does not exist, is a file of
    ///   another kind, or a tile is malformed.
    public static func load(path: String) throws -> DEM {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CoverageError.invalidInput(file: path, location: "", message: "no such DEM file or folder")
        }
        let url = URL(fileURLWithPath: path)
        if isFolder.boolValue { return try load(folder: url) }
        guard let grid = try read(file: url) else {
            throw CoverageError.invalidInput(file: path, location: "", message: "a DEM is a folder of SRTM .hgt / ESRI .asc tiles, or one such file")
        }
        var dem = DEM(grids: [grid])
        dem.source = path
        return dem
    }

    /// One tile by its extension (`.hgt` SRTM, `.asc` ESRI); nil for any other file.
    static func read(file url: URL) throws -> ElevationGrid? {
        let ext = url.pathExtension.lowercased()
        if ext == "hgt" || ext == "asc" { try InputFile.check(url.path, limitBytes: InputFile.demTileLimitBytes, what: "DEM tile") }
        switch ext {
        case "hgt": return try SRTMTile.read(url: url)
        case "asc": return try ESRIASCIIGrid.read(url: url)
        default: return nil
        }
    }

    /// Remarks about the loaded grids: tiles that are entirely void (no data at all) and tiles with
    /// voids (named with their share of void samples). Footprints that cross voids fill short gaps
    /// along each radial and stop with an error on long ones (see `TerrainSettings.voidFillMaxMeters`).
    public var warnings: [String] {
        grids.compactMap { g in
            if g.isAllVoid { return "DEM tile \(g.name) holds no data (every sample is void); footprints reaching it stop with an error — use a void-filled tile (e.g. SRTM v3 / NASADEM)" }
            let voids = g.voidCount
            guard voids > 0 else { return nil }
            let share = 100 * Double(voids) / Double(g.columns * g.rows)
            return "DEM tile \(g.name) has \(voids) void samples (\(String(format: "%.3f", share)) %); short gaps along a footprint's radials are filled by interpolation"
        }
    }

    /// Sample spacing of the finest grid at a latitude, metres: the larger of its north–south and
    /// east–west spacings on the sphere of radius ``earthRadiusMeters`` (≈ 30.9 m for SRTM 1″,
    /// 92.6 m for 3″).
    public func resolutionMeters(atLatitude lat: Double) -> Double {
        guard let g = grids.first else { return .nan }
        let metresPerDegree = Self.earthRadiusMeters * Double.pi / 180
        return max(g.latitudeStepDegrees, g.longitudeStepDegrees * cos(lat * Double.pi / 180)) * metresPerDegree
    }

    /// The name of the loaded grid that answers for a point (the finest one), or nil.
    public func gridName(lon: Double, lat: Double) -> String? {
        grids.first(where: { $0.contains(lon: lon, lat: lat) })?.name
    }

    /// A reader of many nearby points: remembers the grid of the last point, so that a run of points
    /// along a radial costs one bilinear interpolation each.
    public struct Sampler {
        let dem: DEM
        var last = -1

        public init(_ dem: DEM) { self.dem = dem }

        /// Elevation (metres) at a point, bilinearly interpolated in the finest grid containing it;
        /// NaN on a void.
        /// - Throws: `CoverageError.invalidInput` naming the SRTM tile that would cover the point
        ///   when no loaded grid does.
        public mutating func elevationMeters(lon: Double, lat: Double) throws -> Double {
            // The cached grid answers only if no finer grid (earlier in the list) also contains the point.
            if last >= 0, dem.grids[last].contains(lon: lon, lat: lat),
               last == 0 || !dem.grids[0..<last].contains(where: { $0.contains(lon: lon, lat: lat) }) {
                return dem.grids[last].interpolatedMeters(lon: lon, lat: lat)
            }
            guard let i = dem.grids.firstIndex(where: { $0.contains(lon: lon, lat: lat) }) else {
                let tile = SRTMTile.tileName(lon: lon, lat: lat)
                let folder = dem.source.isEmpty ? "the DEM folder" : dem.source
                throw CoverageError.invalidInput(
                    file: tile, location: String(format: "lon %.6f, lat %.6f", lon, lat),
                    message: "no loaded DEM tile covers this point; add \(tile) to \(folder)")
            }
            last = i
            return dem.grids[i].interpolatedMeters(lon: lon, lat: lat)
        }
    }

    /// Elevation at a point, bilinearly interpolated.
    /// - Parameters:
    ///   - lon: longitude, degrees east.
    ///   - lat: latitude, degrees north.
    /// - Returns: metres above the grid's vertical datum (EGM96 for SRTM), or nil where the DEM has a
    ///   void next to the point.
    /// - Throws: `CoverageError.invalidInput` whose `file` is the SRTM tile that would cover the point
    ///   (e.g. "N17E106.hgt") when no loaded grid does.
    public func elevationMeters(lon: Double, lat: Double) throws -> Double? {
        guard let grid = grids.first(where: { $0.contains(lon: lon, lat: lat) }) else {
            throw CoverageError.invalidInput(
                file: SRTMTile.tileName(lon: lon, lat: lat), location: "lon \(lon), lat \(lat)",
                message: "no loaded DEM tile covers this point; add \(SRTMTile.tileName(lon: lon, lat: lat)) to the DEM folder")
        }
        return grid.elevationMeters(lon: lon, lat: lat)
    }

    /// Great-circle distance by the haversine formula, metres, on a sphere of radius ``earthRadiusMeters``.
    public static func greatCircleDistanceMeters(fromLon: Double, fromLat: Double, toLon: Double, toLat: Double) -> Double {
        let rad = Double.pi / 180
        let dLat = (toLat - fromLat) * rad
        let dLon = (toLon - fromLon) * rad
        let a = pow(sin(dLat / 2), 2) + cos(fromLat * rad) * cos(toLat * rad) * pow(sin(dLon / 2), 2)
        return 2 * earthRadiusMeters * asin(min(1, a.squareRoot()))
    }

    /// Terrain profile along the great circle between two points.
    ///
    /// The path (haversine length D on a sphere of radius ``earthRadiusMeters``) is cut into
    /// n = ⌈D / spacingMeters⌉ equal intervals, so the actual spacing D / n is at most the requested
    /// one; sample points are found by spherical linear interpolation of the end points' unit vectors,
    /// and each is interpolated bilinearly in the DEM. (A sphere rather than the WGS84 ellipsoid: the
    /// length differs by < 0.5 %, well inside what ITM's profile spacing resolves.)
    /// - Parameters:
    ///   - fromLon, fromLat: transmitter position, degrees.
    ///   - toLon, toLat: receiver position, degrees.
    ///   - spacingMeters: largest wanted sample spacing, metres (> 0).
    /// - Returns: a profile from transmitter to receiver.
    /// - Throws: `CoverageError.invalidInput` if the two points coincide, the spacing is not positive,
    ///   a sample falls off the loaded tiles (naming the missing tile) or on a void.
    public func profile(fromLon: Double, fromLat: Double, toLon: Double, toLat: Double,
                        spacingMeters: Double) throws -> TerrainProfile {
        guard spacingMeters > 0, spacingMeters.isFinite else {
            throw CoverageError.invalidInput(file: "", location: "profile", message: "spacing_meters = \(spacingMeters) must be > 0")
        }
        let distance = Self.greatCircleDistanceMeters(fromLon: fromLon, fromLat: fromLat, toLon: toLon, toLat: toLat)
        guard distance > 0 else {
            throw CoverageError.invalidInput(file: "", location: "profile", message: "start and end points coincide")
        }
        let n = max(1, Int((distance / spacingMeters).rounded(.up)))
        let rad = Double.pi / 180
        func unit(_ lon: Double, _ lat: Double) -> (Double, Double, Double) {
            (cos(lat * rad) * cos(lon * rad), cos(lat * rad) * sin(lon * rad), sin(lat * rad))
        }
        let p = unit(fromLon, fromLat)
        let q = unit(toLon, toLat)
        let omega = distance / Self.earthRadiusMeters  // central angle
        let sinOmega = sin(omega)
        var elevations = [Double]()
        elevations.reserveCapacity(n + 1)
        for i in 0...n {
            let t = Double(i) / Double(n)
            let (lon, lat): (Double, Double)
            if i == 0 {
                (lon, lat) = (fromLon, fromLat)
            } else if i == n {
                (lon, lat) = (toLon, toLat)
            } else {
                let a = sin((1 - t) * omega) / sinOmega
                let b = sin(t * omega) / sinOmega
                let x = a * p.0 + b * q.0
                let y = a * p.1 + b * q.1
                let z = a * p.2 + b * q.2
                (lon, lat) = (atan2(y, x) / rad, atan2(z, (x * x + y * y).squareRoot()) / rad)
            }
            guard let h = try elevationMeters(lon: lon, lat: lat) else {
                throw CoverageError.invalidInput(
                    file: "", location: "profile sample \(i) at lon \(lon), lat \(lat)",
                    message: "the DEM has a void here; fill voids (e.g. SRTM void-filled v3) before computing profiles")
            }
            elevations.append(h)
        }
        return try TerrainProfile(spacingMeters: distance / Double(n), elevationsMeters: elevations)
    }
}
