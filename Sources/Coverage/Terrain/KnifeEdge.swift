import Foundation

/// Knife-edge diffraction: the single-edge loss J(ν) of ITU-R P.526 and the Deygout multiple-edge
/// construction over a terrain profile.
///
/// Sources: Recommendation ITU-R P.526-15 (10/2019), §4.1 (Eq. 31 for J(ν), Eq. 26 for ν from the
/// geometry) and §4.5.1 (effective-earth heights above the chord, Eq. 14 form); J. Deygout,
/// "Multiple knife-edge diffraction of microwaves", IEEE Trans. Antennas Propag. AP-14(4), 1966.
/// Deygout is applied as in the 1966 paper (sum of the principal edge and, recursively, the principal
/// edges of the two sub-paths) without the Causebrook or P.526 §4.5.1 empirical corrections, so for
/// two or more comparable edges it overestimates loss by a few dB (a known property of the method).
/// Sub-paths are examined only below an edge that blocks the line of sight (ν > 0): an edge that only
/// enters the first Fresnel zone (−0.78 < ν ≤ 0) counts its J(ν) alone, since the wave does not pass
/// over its top. (Without this, smooth ground beside a grazing edge adds ≈ 5 dB per level — the
/// artefact that P.526's empirical weight T = 1 − exp(−J(ν_p)/6) of the sub-path terms suppresses
/// smoothly; here it is cut at ν_p = 0, which keeps a single obstructing edge exactly J(ν).)
public enum KnifeEdge {
    /// Speed of light in vacuum, m/s.
    static let speedOfLightMetersPerSecond = 299_792_458.0
    /// Mean earth radius used for the effective-earth bulge, metres (ITU-R P.526 / P.452 use 6371 km).
    public static let earthRadiusMeters = 6_371_000.0

    /// Single knife-edge diffraction loss J(ν), dB (ITU-R P.526-15 Eq. 31):
    /// J(ν) = 6.9 + 20·log10(√((ν − 0.1)² + 1) + ν − 0.1) for ν > −0.78, otherwise 0.
    /// - Parameter nu: Fresnel–Kirchhoff diffraction parameter ν (dimensionless).
    /// - Returns: loss in dB relative to free space (≥ 0 within rounding; J(0) ≈ 6.03 dB).
    public static func j(nu: Double) -> Double {
        guard nu > -0.78 else { return 0 }
        let t = nu - 0.1
        return 6.9 + 20 * log10((t * t + 1).squareRoot() + t)
    }

    /// Diffraction parameter ν = h·√(2/λ · (1/d₁ + 1/d₂)) (ITU-R P.526-15 Eq. 26).
    /// - Parameters:
    ///   - heightAboveLineMeters: height of the edge above the straight line joining the two ends,
    ///     metres (negative when the edge is below the line).
    ///   - d1Meters: distance from the first end to the edge, metres (> 0).
    ///   - d2Meters: distance from the edge to the second end, metres (> 0).
    ///   - wavelengthMeters: wavelength, metres (> 0).
    /// - Returns: ν (dimensionless).
    public static func nu(heightAboveLineMeters: Double, d1Meters: Double, d2Meters: Double,
                          wavelengthMeters: Double) -> Double {
        heightAboveLineMeters * (2 / wavelengthMeters * (1 / d1Meters + 1 / d2Meters)).squareRoot()
    }

    /// Deygout multiple knife-edge diffraction loss over a terrain profile, dB.
    ///
    /// Every interior profile sample is a candidate edge. Its height above the chord of the current
    /// (sub-)path includes the effective-earth bulge d₁·d₂ / (2·k·a) with a = 6371 km. The sample with
    /// the largest ν is the principal edge; if its ν ≤ −0.78 the (sub-)path contributes nothing.
    /// Otherwise the loss is J(ν) plus the Deygout losses of the sub-paths from each end to the edge
    /// top (the edge top being the sub-path's terminal). Recursion stops after
    /// `maxEdges` edges have been counted level by level: 1 → principal edge only, 3 → principal edge
    /// plus one on each side (classic Deygout), 7 → one more level.
    ///
    /// - Parameters:
    ///   - profile: terrain from transmitter to receiver.
    ///   - hTxMeters: transmitter antenna height above the first sample, metres.
    ///   - hRxMeters: receiver antenna height above the last sample, metres.
    ///   - frequencyMHz: frequency, MHz (> 0).
    ///   - effectiveEarthRadiusFactor: k, default 4/3 (standard atmosphere).
    ///   - maxEdges: largest number of edges considered (≥ 1), default 3.
    /// - Returns: diffraction loss in dB, ≥ 0 (0 when no edge reaches ν > −0.78).
    /// - Complexity: O(n · levels) for n samples.
    public static func deygoutLossDB(
        profile: TerrainProfile, hTxMeters: Double, hRxMeters: Double, frequencyMHz: Double,
        effectiveEarthRadiusFactor: Double = 4.0 / 3.0, maxEdges: Int = 3
    ) -> Double {
        let z = profile.elevationsMeters
        let n = z.count
        guard n >= 3, maxEdges >= 1 else { return 0 }
        let wavelength = speedOfLightMetersPerSecond / (frequencyMHz * 1e6)
        let effectiveRadius = effectiveEarthRadiusFactor * earthRadiusMeters
        let xi = profile.spacingMeters
        // Levels of recursion allowed by the edge budget: a full binary tree of L levels has 2^L − 1 edges.
        var levels = 0
        while (1 << (levels + 1)) - 1 <= maxEdges { levels += 1 }

        func loss(from a: Int, heightA: Double, to b: Int, heightB: Double, level: Int) -> Double {
            guard level <= levels, b - a >= 2 else { return 0 }
            let span = Double(b - a) * xi
            var bestNu = -Double.infinity
            var bestIndex = -1
            for i in (a + 1)..<b {
                let d1 = Double(i - a) * xi
                let d2 = span - d1
                let bulge = d1 * d2 / (2 * effectiveRadius)
                let chord = heightA + (heightB - heightA) * d1 / span
                let v = nu(heightAboveLineMeters: z[i] + bulge - chord, d1Meters: d1, d2Meters: d2,
                           wavelengthMeters: wavelength)
                if v > bestNu {
                    bestNu = v
                    bestIndex = i
                }
            }
            guard bestIndex >= 0, bestNu > -0.78 else { return 0 }
            // An edge below the line of sight (ν ≤ 0) only enters the first Fresnel zone: the wave does
            // not go over its top, so there are no sub-paths to examine.
            guard bestNu > 0 else { return j(nu: bestNu) }
            let edgeHeight = z[bestIndex]
            return j(nu: bestNu)
                + loss(from: a, heightA: heightA, to: bestIndex, heightB: edgeHeight, level: level + 1)
                + loss(from: bestIndex, heightA: edgeHeight, to: b, heightB: heightB, level: level + 1)
        }
        return loss(from: 0, heightA: z[0] + hTxMeters, to: n - 1, heightB: z[n - 1] + hRxMeters, level: 1)
    }
}
