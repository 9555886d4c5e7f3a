import Foundation
import Testing
@testable import Coverage

/// The radial ITM evaluator against the single-path ITM (itself validated on NTIA's vectors in
/// ITMTests): at every receiver sample i the radial value must equal `pointToPointLossTLS` on the
/// profile of samples 0…i. Tolerance 1e-6 dB: the radial code sums with prefix sums and computes
/// distances as j·spacing instead of by repeated addition, which changes only the last bits.
@Suite("ITM along a radial equals ITM per path")
struct ITMRadialTests {
    static let parameters = ITM.Parameters(
        climate: .maritimeSubtropical, seaLevelRefractivityNUnits: 301, polarization: .vertical,
        epsilon: 15, sigma: 0.005, mdvar: try! ITM.ModeOfVariability(mdvar: 12),
        timePercent: 50, locationPercent: 50, situationPercent: 50)

    /// Deterministic pseudo-random numbers in [0, 1) (a 64-bit LCG; Knuth's MMIX constants).
    struct LCG {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    static func profiles() -> [(String, [Double], Double)] {
        let n = 260
        var rng = LCG(state: 7)
        var rough = [Double](repeating: 0, count: n)
        var level = 120.0
        for i in 0..<n { level += (rng.next() - 0.5) * 24; rough[i] = level }
        return [
            ("flat", [Double](repeating: 12, count: n), 30),
            ("single ridge at 3 km", (0..<n).map { 20 + 180 * exp(-pow((Double($0) * 30 - 3000) / 300, 2)) }, 30),
            ("cone (site on the summit)", (0..<n).map { max(0, 600 - Double($0) * 30 * 0.08) }, 30),
            ("valley (site on one flank)", (0..<n).map { 50 + 300 * pow((Double($0) - 130) / 130, 2) }, 30),
            ("random walk", rough, 30),
            ("random walk, 90 m spacing", rough, 90),
        ]
    }

    @Test("every receiver sample matches the single-path call", arguments: [35.0, 60.0])
    func matchesSinglePath(hTx: Double) throws {
        let p = Self.parameters
        for (name, z, xi) in Self.profiles() {
            var radial: [Double] = []
            let flags = try ITM.radialLossesDB(hTxMeters: hTx, hRxMeters: 1.5, elevationsMeters: z, spacingMeters: xi,
                                               frequencyMHz: 1815, parameters: p, lossesDB: &radial)
            #expect(radial[0].isNaN)
            var union = ITM.WarningFlags()
            for i in 1..<z.count {
                let single = try ITM.pointToPointLossTLS(
                    hTxMeters: hTx, hRxMeters: 1.5, profile: try TerrainProfile(spacingMeters: xi, elevationsMeters: Array(z[0...i])),
                    climate: p.climate, surfaceRefractivityNUnits: p.seaLevelRefractivityNUnits, frequencyMHz: 1815,
                    polarization: p.polarization, epsilon: p.epsilon, sigma: p.sigma, mdvar: p.mdvar,
                    timePercent: p.timePercent, locationPercent: p.locationPercent, situationPercent: p.situationPercent)
                #expect(abs(radial[i] - single.lossDB) <= 1e-6, "\(name), sample \(i): radial \(radial[i]) dB, single \(single.lossDB) dB")
                union.insert(Self.flags(single.warnings))
            }
            #expect(flags == union, "\(name): warning flags")
        }
    }

    @Test("NTIA's own profiles (first 300 samples) match the single-path call")
    func ntiaProfiles() throws {
        let p = Self.parameters
        for profile in try ITMTests.profiles() {
            let z = Array(profile.elevationsMeters.prefix(300))
            var radial: [Double] = []
            try ITM.radialLossesDB(hTxMeters: 10, hRxMeters: 2, elevationsMeters: z, spacingMeters: profile.spacingMeters,
                                   frequencyMHz: 900, parameters: p, firstIndex: 5, lossesDB: &radial)
            #expect(radial[4].isNaN)
            for i in 5..<z.count {
                let single = try ITM.pointToPointLossTLS(
                    hTxMeters: 10, hRxMeters: 2, profile: try TerrainProfile(spacingMeters: profile.spacingMeters, elevationsMeters: Array(z[0...i])),
                    climate: p.climate, surfaceRefractivityNUnits: 301, frequencyMHz: 900, polarization: .vertical,
                    epsilon: 15, sigma: 0.005, mdvar: p.mdvar, timePercent: 50, locationPercent: 50, situationPercent: 50)
                #expect(abs(radial[i] - single.lossDB) <= 1e-6, "sample \(i): radial \(radial[i]), single \(single.lossDB)")
            }
        }
    }

    /// Tolerance 1e-9 relative: the resampling positions are computed rather than accumulated (the
    /// same points up to rounding); the selected order statistics are exactly those of the sort.
    @Test("Δh equals NTIA's ComputeDeltaH (walked resampling, full sort) written out here")
    func deltaHOrderStatistics() {
        var rng = LCG(state: 99)
        for trial in 0..<50 {
            let n = 30 + trial * 37
            // Odd trials: a smooth slope (long sorted runs of residuals); even: noise. Every third trial
            // starts exactly on a sample (an integer walk length, the edge of NTIA's `x > 0` loop).
            let z = (0..<n).map { i in trial % 2 == 1 ? 3 * Double(i) + 40 * sin(Double(i) / 9) : rng.next() * 500 }
            let dStart = trial % 3 == 0 ? Double(trial % 7) * 30 : rng.next() * 300
            let dEnd = Double(n - 1) * 30 - (trial % 3 == 0 ? 0 : rng.next() * 300)
            let fast = ITM.computeDeltaH(z: z, xi: 30, dStart: dStart, dEnd: dEnd)
            let sorted = Self.deltaHBySorting(z: z, xi: 30, dStart: dStart, dEnd: dEnd)
            #expect(abs(fast - sorted) <= 1e-9 * max(1, abs(sorted)), "trial \(trial): \(fast) vs \(sorted)")
        }
    }

    /// NTIA `ComputeDeltaH.cpp` as published: resample, fit, sort all residuals descending.
    static func deltaHBySorting(z: [Double], xi: Double, dStart: Double, dEnd: Double) -> Double {
        let np = z.count - 1
        var xStart = dStart / xi, xEnd = dEnd / xi
        if xEnd - xStart < 2 { return 0 }
        let p10 = min(max(4, Int(0.1 * (xEnd - xStart + 8))), 25)
        let n = 10 * p10 - 5, p90 = n - p10
        let npS = Double(n - 1)
        var s = [Double](repeating: 0, count: n)
        xEnd = (xEnd - xStart) / npS
        var i = Int(xStart)
        xStart -= Double(Float(Double(i) + 1))
        for j in 0..<n {
            while xStart > 0, i + 1 < np { xStart -= 1; i += 1 }
            s[j] = z[i + 1] + (z[i + 1] - z[i]) * xStart
            xStart += xEnd
        }
        var (y1, y2) = ITM.linearLeastSquaresFit(z: s, xi: 1, dStart: 0, dEnd: npS)
        y2 = (y2 - y1) / npS
        var diffs = s.map { v -> Double in defer { y1 += y2 }; return v - y1 }
        diffs.sort(by: >)
        return (diffs[p10 - 1] - diffs[p90]) / (1 - 0.8 * exp(-(dEnd - dStart) / 50e3))
    }

    static func flags(_ messages: [String]) -> ITM.WarningFlags {
        var f = ITM.WarningFlags()
        for bit in 0..<ITM.WarningFlags.count {
            let stem = ITM.Warnings.text(bit: bit, value: nil)
            // Match by the message's fixed words (values differ): compare with the value-free text.
            if messages.contains(where: { Self.stripNumbers($0) == Self.stripNumbers(stem) }) {
                f.insert(ITM.WarningFlags(rawValue: 1 << UInt32(bit)))
            }
        }
        return f
    }

    static func stripNumbers(_ s: String) -> String {
        s.split(separator: " ").filter { Double($0) == nil && $0 != "=" }.joined(separator: " ")
            .replacingOccurrences(of: " rad exceeds", with: " exceeds").replacingOccurrences(of: " m is", with: " is")
    }
}
