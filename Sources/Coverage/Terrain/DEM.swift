import Foundation

/// A digital elevation model: a mosaic of elevation grids (SRTM tiles and/or ESRI ASCII grids) in
/// WGS84 longitude/latitude.
///
/// Lookups use the finest grid that contains the point (so a 1″ tile wins over a 3″ tile covering
/// the same place) and interpolate bilinearly between its four surrounding samples.
public struct DEM: Sendable {
    /// The loaded grids, finest first.
    public private(set) var grids: [ElevationGrid]

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
            switch url.pathExtension.lowercased() {
            case "hgt": grids.append(try SRTMTile.read(url: url))
            case "asc": grids.append(try ESRIASCIIGrid.read(url: url))
            default: continue
            }
        }
        guard !grids.isEmpty else {
            throw CoverageError.invalidInput(file: folder.path, location: "", message: "no .hgt or .asc files in the DEM folder")
        }
        return DEM(grids: grids)
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
