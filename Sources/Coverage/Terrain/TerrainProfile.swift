import Foundation

/// Terrain elevations sampled at equal spacing along a path, from the transmitter (index 0) to the
/// receiver (last index).
///
/// This is the information in NTIA's "pfl" array used by the Irregular Terrain Model
/// (NTIA/itm, `ITM_P2P_TLS`): `pfl[0]` is the number of intervals `np`, `pfl[1]` the spacing in metres,
/// and `pfl[2...np+2]` the `np + 1` elevations in metres.
public struct TerrainProfile: Sendable, Equatable {
    /// Distance between consecutive samples, metres (> 0).
    public var spacingMeters: Double
    /// Terrain elevations above mean sea level, metres, from transmitter to receiver (at least 2).
    public var elevationsMeters: [Double]

    /// Creates a profile from samples at equal spacing.
    /// - Parameters:
    ///   - spacingMeters: distance between samples, metres; finite and > 0.
    ///   - elevationsMeters: at least two finite elevations, metres above mean sea level.
    /// - Throws: `CoverageError.invalidInput` if the spacing or an elevation is not finite or positive
    ///   as required, or there are fewer than two samples.
    public init(spacingMeters: Double, elevationsMeters: [Double]) throws {
        guard spacingMeters.isFinite, spacingMeters > 0 else {
            throw CoverageError.invalidInput(
                file: "", location: "terrain profile",
                message: "spacing_meters = \(spacingMeters) must be finite and > 0")
        }
        guard elevationsMeters.count >= 2 else {
            throw CoverageError.invalidInput(
                file: "", location: "terrain profile",
                message: "needs at least 2 elevations, got \(elevationsMeters.count)")
        }
        if let bad = elevationsMeters.firstIndex(where: { !$0.isFinite }) {
            throw CoverageError.invalidInput(
                file: "", location: "terrain profile sample \(bad)",
                message: "elevation \(elevationsMeters[bad]) m is not finite")
        }
        self.spacingMeters = spacingMeters
        self.elevationsMeters = elevationsMeters
    }

    /// Creates a profile from NTIA's pfl array `[np, xi, z0, z1, ..., z_np]`.
    /// - Parameter pfl: `np` (number of intervals, a whole number ≥ 1), `xi` (spacing, metres), then
    ///   exactly `np + 1` elevations in metres.
    /// - Throws: `CoverageError.invalidInput` naming the inconsistency.
    public init(pfl: [Double]) throws {
        guard pfl.count >= 4 else {
            throw CoverageError.invalidInput(
                file: "", location: "pfl", message: "needs [np, xi, z0, ..., z_np]; got \(pfl.count) values")
        }
        let np = pfl[0]
        guard np.isFinite, np >= 1, np == np.rounded() else {
            throw CoverageError.invalidInput(
                file: "", location: "pfl[0]", message: "np = \(np) must be a whole number ≥ 1")
        }
        // Compared as Doubles first: np can be any whole number (1e30 would trap in Int()).
        guard np + 3 == Double(pfl.count) else {
            throw CoverageError.invalidInput(
                file: "", location: "pfl",
                message: "np = \(JSONValue.format(np)) needs \(JSONValue.format(np + 1)) elevations, got \(pfl.count - 2)")
        }
        try self.init(spacingMeters: pfl[1], elevationsMeters: Array(pfl[2...]))
    }

    /// The profile in NTIA's pfl layout `[np, xi, z0, ..., z_np]`.
    public var pfl: [Double] { [Double(intervalCount), spacingMeters] + elevationsMeters }

    /// Number of intervals (`np` in NTIA's notation): one less than the number of samples.
    public var intervalCount: Int { elevationsMeters.count - 1 }

    /// Path length, metres (`np × xi`).
    public var distanceMeters: Double { Double(intervalCount) * spacingMeters }
}
