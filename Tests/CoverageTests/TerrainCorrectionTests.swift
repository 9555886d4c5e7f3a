import Foundation
import Testing
@testable import Coverage

/// The radial Deygout and effective-height code. The radial Deygout must equal the single-path
/// `KnifeEdge.deygoutLossDB` (itself checked against hand-computed P.526 J(ν) in KnifeEdgeTests) at
/// every sample, exactly (same arithmetic on the same samples; only whole blocks whose bound is
/// below the best ν are skipped). Effective heights are checked against hand averages.
@Suite("Terrain correction along a radial: Deygout, effective antenna height")
struct TerrainCorrectionTests {
    static func profiles() -> [(String, [Double])] {
        var rng = ITMRadialTests.LCG(state: 3)
        var walk = [Double](repeating: 0, count: 300)
        var level = 80.0
        for i in 0..<300 { level += (rng.next() - 0.5) * 30; walk[i] = level }
        return [
            ("flat", [Double](repeating: 10, count: 300)),
            ("ridge at 3 km", (0..<300).map { 20 + 150 * exp(-pow((Double($0) * 30 - 3000) / 200, 2)) }),
            ("two ridges", (0..<300).map { i -> Double in
                let x = Double(i) * 30
                return 20 + 120 * exp(-pow((x - 2500) / 150, 2)) + 90 * exp(-pow((x - 6000) / 150, 2))
            }),
            ("cone, site on top", (0..<300).map { max(0, 500 - Double($0) * 30 * 0.06) }),
            ("valley", (0..<300).map { 40 + 200 * pow((Double($0) - 150) / 150, 2) }),
            ("random walk", walk),
        ]
    }

    @Test("radial Deygout equals the single-path Deygout at every sample", arguments: [1, 3, 7])
    func radialDeygoutMatches(maxEdges: Int) throws {
        for (name, z) in Self.profiles() {
            var radial: [Double] = []
            KnifeEdge.radialDeygoutLossesDB(elevationsMeters: z, spacingMeters: 30, hTxMeters: 35, hRxMeters: 1.5,
                                            frequencyMHz: 1815, effectiveEarthRadiusFactor: 4.0 / 3.0, maxEdges: maxEdges,
                                            lossesDB: &radial)
            for i in 1..<z.count {
                let single = KnifeEdge.deygoutLossDB(
                    profile: try TerrainProfile(spacingMeters: 30, elevationsMeters: Array(z[0...i])),
                    hTxMeters: 35, hRxMeters: 1.5, frequencyMHz: 1815, maxEdges: maxEdges)
                #expect(radial[i] == single, "\(name), sample \(i), maxEdges \(maxEdges): \(radial[i]) vs \(single)")
            }
        }
    }

    @Test("effective height on flat ground is the mast height")
    func effectiveHeightFlat() {
        let h = EffectiveAntennaHeight.alongRadial(elevationsMeters: [Double](repeating: 7, count: 1001), spacingMeters: 30,
                                                   antennaHeightMeters: 35)
        #expect(h[0].isNaN)
        for i in 1...1000 { #expect(abs(h[i] - 35) < 1e-9) }
    }

    /// Terrain falling 20 m per km from the site (z = 100 − 0.02·x, x in metres).
    /// d = 5 km: average over 1…5 km (samples 1000/30 → 34 … 166, i.e. x = 1020 … 4980 m):
    ///   mean x = (1020 + 4980)/2 = 3000 m → mean z = 100 − 60 = 40 m; h_eff = 100 + 35 − 40 = 95 m.
    /// d = 21 km (≥ 15 km, P.1546 §3.2): average over 3…15 km (samples 100 … 500, x = 3000 … 15000 m):
    ///   mean x = 9000 m → mean z = 100 − 180 = −80 m; h_eff = 135 + 80 = 215 m.
    @Test("effective height over falling ground: P.1546 Annex 5 §3 averages by hand")
    func effectiveHeightSlope() {
        let z = (0...700).map { 100 - 0.02 * Double($0) * 30 }
        let h = EffectiveAntennaHeight.alongRadial(elevationsMeters: z, spacingMeters: 30, antennaHeightMeters: 35)
        #expect(abs(h[166] - (135 - (100 - 0.02 * (1020 + 4980) / 2))) < 1e-9)
        #expect(abs(h[166] - 95) < 1e-9)
        #expect(abs(h[700] - 215) < 1e-9)
    }
}
