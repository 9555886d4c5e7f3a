import Foundation

extension KnifeEdge {
    /// Deygout multiple knife-edge loss (as ``deygoutLossDB(profile:hTxMeters:hRxMeters:frequencyMHz:effectiveEarthRadiusFactor:maxEdges:)``)
    /// from a transmitter at sample 0 of a radial to a receiver at each sample i ≥ `firstIndex`, the
    /// path being samples 0…i. Every value equals the single call on that path (tested exactly).
    ///
    /// What is saved is the search for each edge, the largest ν over a (sub-)path: the samples are
    /// taken in blocks of 16, and a whole block is skipped when an upper bound of its ν — from the
    /// block's highest sample, the largest earth bulge and lowest chord over it, and the largest
    /// Fresnel factor at its ends — stays below the best ν found. The principal edge's search starts
    /// from the previous receiver's principal edge, which is usually still the answer or close to it.
    ///
    /// - Parameters:
    ///   - elevationsMeters: terrain along the radial at equal spacing, metres.
    ///   - spacingMeters: sample spacing, metres (> 0).
    ///   - hTxMeters: transmitter height above sample 0, metres.
    ///   - hRxMeters: receiver height above the receiver's sample, metres.
    ///   - frequencyMHz: frequency, MHz (> 0).
    ///   - effectiveEarthRadiusFactor: k, e.g. 4/3.
    ///   - maxEdges: as in the single call (1, 3, 7, …).
    ///   - firstIndex: first receiver sample (≥ 1).
    ///   - lossesDB: receives the loss (dB) at each sample; NaN below `firstIndex`.
    /// - Complexity: O(n²/16) in the worst case for n samples, typically far less.
    public static func radialDeygoutLossesDB(
        elevationsMeters z: [Double], spacingMeters xi: Double, hTxMeters: Double, hRxMeters: Double,
        frequencyMHz: Double, effectiveEarthRadiusFactor: Double, maxEdges: Int, firstIndex: Int = 1,
        lossesDB: inout [Double]
    ) {
        let n = z.count
        lossesDB = [Double](repeating: .nan, count: n)
        guard n >= 2 else { return }
        let wavelength = speedOfLightMetersPerSecond / (frequencyMHz * 1e6)
        let effectiveRadius = effectiveEarthRadiusFactor * earthRadiusMeters
        var levels = 0
        while (1 << (levels + 1)) - 1 <= maxEdges { levels += 1 }
        let block = 16
        let blockCount = (n + block - 1) / block
        var blockMax = [Double](repeating: -.infinity, count: blockCount)
        for j in 0..<n { blockMax[j / block] = max(blockMax[j / block], z[j]) }

        z.withUnsafeBufferPointer { z in
            blockMax.withUnsafeBufferPointer { blockMax in
                // ν of sample j on the sub-path a…b, computed exactly as `deygoutLossDB` does.
                @inline(__always) func nuAt(_ j: Int, _ a: Int, _ heightA: Double, _ heightB: Double, _ span: Double) -> Double {
                    let d1 = Double(j - a) * xi
                    let d2 = span - d1
                    let bulge = d1 * d2 / (2 * effectiveRadius)
                    let chord = heightA + (heightB - heightA) * d1 / span
                    return nu(heightAboveLineMeters: z[j] + bulge - chord, d1Meters: d1, d2Meters: d2,
                              wavelengthMeters: wavelength)
                }
                /// The first sample with the largest ν on a…b (exclusive), starting from `seed`.
                func principal(_ a: Int, _ heightA: Double, _ b: Int, _ heightB: Double, seed: Int) -> (index: Int, nu: Double) {
                    let span = Double(b - a) * xi
                    var best = -Double.infinity, bestIndex = -1
                    func consider(_ j: Int) {
                        let v = nuAt(j, a, heightA, heightB, span)
                        if v > best || (v == best && j < bestIndex) { best = v; bestIndex = j }
                    }
                    if seed > a, seed < b { consider(seed) }
                    let factorMin = (2 / wavelength * (4 / span)).squareRoot()
                    var j = a + 1
                    while j < b {
                        let blockEnd = min((j / block + 1) * block, b)  // exclusive
                        if j % block == 0, blockEnd - j == block, bestIndex >= 0 {
                            // Bound ν over the whole block.
                            let d1First = Double(j - a) * xi, d1Last = Double(blockEnd - 1 - a) * xi
                            let d1Peak = min(max(span / 2, d1First), d1Last)
                            let bulgeMax = d1Peak * (span - d1Peak) / (2 * effectiveRadius)
                            let chordMin = min(heightA + (heightB - heightA) * d1First / span,
                                               heightA + (heightB - heightA) * d1Last / span)
                            let h = blockMax[j / block] + bulgeMax - chordMin
                            let factorMax = max((2 / wavelength * (1 / d1First + 1 / (span - d1First))).squareRoot(),
                                                (2 / wavelength * (1 / d1Last + 1 / (span - d1Last))).squareRoot())
                            let bound = h >= 0 ? h * factorMax : h * factorMin
                            if bound < best - 1e-9 * (1 + abs(best)) { j = blockEnd; continue }
                        }
                        while j < blockEnd { consider(j); j += 1 }
                    }
                    return (bestIndex, best)
                }
                func loss(_ a: Int, _ heightA: Double, _ b: Int, _ heightB: Double, _ level: Int, seed: Int) -> (Double, Int) {
                    guard level <= levels, b - a >= 2 else { return (0, -1) }
                    let edge = principal(a, heightA, b, heightB, seed: seed)
                    guard edge.index >= 0, edge.nu > -0.78 else { return (0, edge.index) }
                    guard edge.nu > 0 else { return (j(nu: edge.nu), edge.index) }  // no sub-paths below the line of sight
                    let top = z[edge.index]
                    return (j(nu: edge.nu)
                        + loss(a, heightA, edge.index, top, level + 1, seed: -1).0
                        + loss(edge.index, top, b, heightB, level + 1, seed: -1).0, edge.index)
                }
                var seed = -1
                let heightTx = z[0] + hTxMeters
                for i in max(firstIndex, 1)..<n {
                    let (value, edge) = loss(0, heightTx, i, z[i] + hRxMeters, 1, seed: seed)
                    lossesDB[i] = value
                    if edge >= 0 { seed = edge }
                }
            }
        }
    }
}
