import Foundation
import Testing
@testable import Coverage

/// Knife-edge diffraction checked against ITU-R P.526-15 §4.1 and hand calculations written out below.
/// Tolerances: 0.01 dB for J(ν) from the closed form, 0.02 dB against P.526's quoted 6.02 dB at ν = 0
/// (the closed form gives 6.0329 dB; P.526 Fig. 9 shows ≈ 6 dB), 0.01 for ν.
@Suite("Knife-edge diffraction (ITU-R P.526, Deygout)")
struct KnifeEdgeTests {
    @Test("J(0) ≈ 6.02 dB (P.526 §4.1: a grazing edge costs about 6 dB)")
    func jAtZero() {
        // Hand: 6.9 + 20·log10(√(0.01 + 1) − 0.1) = 6.9 + 20·log10(0.904988) = 6.9 − 0.8671 = 6.0329 dB.
        #expect(abs(KnifeEdge.j(nu: 0) - 6.02) <= 0.02)
        #expect(abs(KnifeEdge.j(nu: 0) - 6.0329) <= 0.01)
    }

    @Test("J(−0.78) ≈ 0 and J = 0 below −0.78 (P.526 Eq. 31 validity)")
    func jAtThreshold() {
        // Hand: 6.9 + 20·log10(√(0.7744 + 1) − 0.88) = 6.9 + 20·log10(0.452067) = 0.0040 dB.
        #expect(abs(KnifeEdge.j(nu: -0.78)) <= 0.01)
        #expect(KnifeEdge.j(nu: -0.79) == 0)
        #expect(KnifeEdge.j(nu: -5) == 0)
    }

    @Test("J(1) = 13.93 dB (hand: 6.9 + 20·log10(√1.81 + 0.9) = 6.9 + 20·log10(2.245362))")
    func jAtOne() {
        #expect(abs(KnifeEdge.j(nu: 1) - 13.9257) <= 0.01)
    }

    @Test("ν from geometry (P.526 Eq. 26)")
    func nuFromGeometry() {
        // h = 10 m, d1 = d2 = 1000 m, λ = 1 m: ν = 10·√(2·(0.001 + 0.001)) = 10·√0.004 = 0.63246.
        let v = KnifeEdge.nu(heightAboveLineMeters: 10, d1Meters: 1000, d2Meters: 1000, wavelengthMeters: 1)
        #expect(abs(v - 0.63246) <= 1e-4)
    }

    static func ridgeProfile(ridgeHeightMeters: Double) throws -> TerrainProfile {
        var z = [Double](repeating: 0, count: 101)  // 10 km at 100 m spacing
        z[50] = ridgeHeightMeters
        return try TerrainProfile(spacingMeters: 100, elevationsMeters: z)
    }

    @Test("single ridge: Deygout loss equals J(ν) of the ridge, computed by hand")
    func singleRidge() throws {
        // 10 km path, flat at 0 m except a 50 m ridge at 5 km; antennas 10 m; 900 MHz; k = 4/3.
        // λ = 299792458 / 900e6 = 0.3331027 m
        // bulge = d1·d2 / (2·k·a) = 5000·5000 / (2 · 4/3 · 6371000) = 1.4715115 m
        // h = 50 + 1.4715115 − 10 (chord height at mid-path) = 41.4715115 m
        // ν = h·√(2/λ·(1/5000 + 1/5000)) = 41.4715115 · √(0.0024017) = 2.0323840
        // J = 6.9 + 20·log10(√(1.932384² + 1) + 1.932384) = 6.9 + 20·log10(4.108193) = 19.1730 dB
        // Secondary edges: the largest ν on either sub-path is −1.53 (< −0.78), so they add 0 dB.
        let loss = KnifeEdge.deygoutLossDB(
            profile: try Self.ridgeProfile(ridgeHeightMeters: 50), hTxMeters: 10, hRxMeters: 10, frequencyMHz: 900)
        #expect(abs(loss - 19.1730) <= 0.01)
    }

    @Test("flat profile with clear line of sight gives 0 dB")
    func flatProfile() throws {
        // Mid-path bulge 1.47 m, antennas 30 m: the terrain is 28.5 m below the chord, ν ≈ −2.8 < −0.78.
        let flat = try TerrainProfile(spacingMeters: 100, elevationsMeters: [Double](repeating: 0, count: 101))
        #expect(KnifeEdge.deygoutLossDB(profile: flat, hTxMeters: 30, hRxMeters: 30, frequencyMHz: 900) == 0)
    }

    @Test("two ridges: secondary edge adds loss when maxEdges allows it; never negative")
    func twoRidges() throws {
        var z = [Double](repeating: 0, count: 101)
        z[30] = 60
        z[70] = 55
        let profile = try TerrainProfile(spacingMeters: 100, elevationsMeters: z)
        let one = KnifeEdge.deygoutLossDB(profile: profile, hTxMeters: 10, hRxMeters: 10, frequencyMHz: 900, maxEdges: 1)
        let three = KnifeEdge.deygoutLossDB(profile: profile, hTxMeters: 10, hRxMeters: 10, frequencyMHz: 900)
        #expect(one > 0)
        #expect(three > one)
    }

    /// An edge that only enters the first Fresnel zone (ν ≤ 0) counts alone: no sub-paths below it.
    /// Profile: 10 km at 100 m spacing, ground 0 m except a plateau of 8 m from 4.5 to 5.5 km; both
    /// antennas 10 m; 900 MHz (λ = 0.3331027 m); k = 4/3 (kR = 8 494 666.7 m).
    /// Principal edge, the plateau's centre (5 km): bulge = 5000² / (2·8 494 666.7) = 1.471515 m,
    /// h = 8 + 1.471515 − 10 = −0.528485 m, ν = −0.528485·√(2/0.3331027·(2/5000)) = −0.528485·0.0490067
    /// = −0.025899 (at 4.5 km: h = −0.543220 m, ν = −0.026755, lower); J = 6.9 + 20·log10(√(0.125899² + 1)
    /// − 0.125899) = 6.9 + 20·log10(0.881995) = 5.8093 dB. Sub-paths would have added about 6 dB each:
    /// on the sub-path to the plateau's centre the plateau sample at 4.9 km has ν = −0.0028 (J ≈ 6.0 dB).
    @Test("an edge below the line of sight counts alone (J = 5.81 dB, by hand)")
    func grazingEdgeHasNoSubPaths() throws {
        var z = [Double](repeating: 0, count: 101)
        for i in 45...55 { z[i] = 8 }
        let profile = try TerrainProfile(spacingMeters: 100, elevationsMeters: z)
        let loss = KnifeEdge.deygoutLossDB(profile: profile, hTxMeters: 10, hRxMeters: 10, frequencyMHz: 900)
        #expect(abs(loss - 5.8093) <= 0.01)
        var radial: [Double] = []
        KnifeEdge.radialDeygoutLossesDB(elevationsMeters: z, spacingMeters: 100, hTxMeters: 10, hRxMeters: 10, frequencyMHz: 900,
                                        effectiveEarthRadiusFactor: 4.0 / 3.0, maxEdges: 3, lossesDB: &radial)
        #expect(radial[100] == loss)
    }
}
