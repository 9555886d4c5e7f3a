import CTerrainKernels
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

    /// The hints only change the work: one workspace carried along a sequence of paths whose deciles
    /// wander (so the hint is sometimes right, sometimes short by a few, sometimes far off, and its
    /// slack adapts) gives the sorted answer every time, to the same 1e-9.
    @Test("Δh with a workspace carried from path to path equals the sort")
    func deltaHWithHints() {
        var rng = LCG(state: 5)
        let n = 900
        var z = [Double](repeating: 0, count: n)
        var level = 200.0
        for i in 0..<n { level += (rng.next() - 0.5) * 30; z[i] = level + (i % 97 == 0 ? 150 : 0) }
        // Flat stretches with whole-metre heights: many equal residuals at the deciles.
        for i in 300..<420 { z[i] = 57 }
        let workspace = ITM.DeltaHWorkspace()
        z.withUnsafeBufferPointer { zb in
            for np in stride(from: 20, to: n, by: 1) {
                let dStart = min(525, 0.1 * Double(np) * 30), dEnd = Double(np) * 30 - 22.5
                let fast = ITM.computeDeltaH(z: zb, np: np, xi: 30, dStart: dStart, dEnd: dEnd, workspace: workspace)
                let sorted = Self.deltaHBySorting(z: Array(z[0...np]), xi: 30, dStart: dStart, dEnd: dEnd)
                #expect(abs(fast - sorted) <= 1e-9 * max(1, abs(sorted)), "np \(np): \(fast) vs \(sorted)")
            }
        }
    }

    /// The ranking kernel's two paths on 1…7 values and on signed zeros (where min and max may return
    /// either zero): the same bits, and the rank's value.
    @Test("small-rank kernel paths agree on short lists and signed zeros")
    func smallRankPathsAgree() {
        var rng = LCG(state: 5)
        for trial in 0..<600 {
            let count = 1 + trial % 7 + (trial % 3 == 0 ? 8 : 0)
            let v = (0..<count).map { _ in [0.0, -0.0, 1, -1][Int(rng.next() * 4)] }
            let r = trial % ITM.smallRank
            let bound = trial % 2 == 0 ? Double.infinity : 1
            v.withUnsafeBufferPointer { b in
                let fast = deltah_ranked(b.baseAddress!, count, r, bound, 1)
                #expect(fast.bitPattern == deltah_ranked_portable(b.baseAddress!, count, r, bound, 1).bitPattern, "trial \(trial)")
                let under = v.filter { $0 < bound }.sorted(by: >)
                #expect(fast == (r < under.count ? under[r] : -.infinity), "trial \(trial)")
            }
        }
    }

    /// The short sorted lists against a full sort, ranks 0…7, with ties and bounds that exclude values.
    @Test("small-rank order statistics equal the sort")
    func smallRanks() {
        var rng = LCG(state: 11)
        for trial in 0..<400 {
            let count = 8 + trial % 60
            // Whole numbers 0…9 half the time: many ties.
            let v = (0..<count).map { _ in trial % 2 == 0 ? Double(Int(rng.next() * 10)) : rng.next() * 100 - 50 }
            let r = trial % ITM.smallRank
            let bound = trial % 3 == 0 ? Double.infinity : v[trial % count]
            let under = v.filter { $0 < bound }.sorted(by: >)
            v.withUnsafeBufferPointer { b in
                #expect(ITM.largest(r, of: b, below: bound) == (r < under.count ? under[r] : -.infinity), "trial \(trial)")
                // The plain C path gives the same bits as the one this processor takes.
                #expect(deltah_ranked_portable(b.baseAddress!, count, r, bound, -1).bitPattern
                        == deltah_ranked(b.baseAddress!, count, r, bound, -1).bitPattern, "trial \(trial)")
                #expect(ITM.smallest(r, of: b, above: -bound) == {
                    let o = v.filter { $0 > -bound }.sorted()
                    return r < o.count ? o[r] : .infinity
                }(), "trial \(trial)")
            }
            var copy = v
            let ascending = v.sorted()
            copy.withUnsafeMutableBufferPointer { b in
                let k = trial % count
                #expect(ITM.orderStatistic(b, smallest: k) == ascending[k], "trial \(trial), smallest \(k)")
            }
            copy = v
            copy.withUnsafeMutableBufferPointer { b in
                let k = trial % count
                #expect(ITM.orderStatistic(b, largest: k) == ascending[count - 1 - k], "trial \(trial), largest \(k)")
            }
        }
    }

    /// The C kernel's vector paths (AVX2, AVX-512) and its plain path must give the same bits (the
    /// kernel's contract, so that footprints do not depend on the processor). Paths this processor
    /// lacks are not run, and the test says so.
    @Test("Δh kernel: AVX-512, AVX2 and plain C give the same bits")
    func kernelPathsAgree() {
        var rng = LCG(state: 3)
        let level = deltah_kernel_level()
        if level < 2 { print("ITMRadialTests: this processor runs Δh's kernel paths up to level \(level) (2 AVX-512, 1 AVX2, 0 plain); the others are not compared here") }
        for trial in 0..<300 {
            let np = 10 + trial * 3
            let z = (0..<(np + 1)).map { i in trial % 3 == 0 ? Double(Int(rng.next() * 40)) : 100 * sin(Double(i) / 7) + rng.next() * 20 }
            let n = 10 * min(max(4, (np + 8) / 10), 25) - 5
            let xStart = rng.next() * 0.2 * Double(np)
            let step = (Double(np) - 0.4 * rng.next() - xStart) / Double(n - 1)
            let room = deltah_kernel_room(n)
            let zero = [Double](repeating: 0, count: room)
            var s2 = zero, above2 = zero, below2 = zero
            var nAbove2 = 0, nBelow2 = 0
            let upper = rng.next() * 30 - 10, lower = -rng.next() * 30 + 10
            deltah_residuals_portable(z, np, xStart, step, n, upper, lower, &s2, &above2, &nAbove2, &below2, &nBelow2)
            func bits(_ v: [Double], _ k: Int) -> [UInt64] { v.prefix(k).map(\.bitPattern) }
            for vector in stride(from: 1, through: level, by: 1) {
                var s1 = zero, above1 = zero, below1 = zero
                var nAbove1 = 0, nBelow1 = 0
                deltah_residuals_at_level(Int32(vector), z, np, xStart, step, n, upper, lower, &s1, &above1, &nAbove1, &below1, &nBelow1)
                #expect(nAbove1 == nAbove2 && nBelow1 == nBelow2, "trial \(trial), level \(vector): counts")
                #expect(bits(s1, n) == bits(s2, n) && bits(above1, nAbove1) == bits(above2, nAbove2)
                        && bits(below1, nBelow1) == bits(below2, nBelow2), "trial \(trial), level \(vector): residuals differ from the plain path")
            }
            #expect(nAbove2 == s2.prefix(n).filter { $0 >= upper }.count && nBelow2 == s2.prefix(n).filter { $0 <= lower }.count)
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
