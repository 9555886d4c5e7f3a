import Foundation

extension ITM {
    /// With `deltaHStride` > 1, receivers nearer than this many samples still get their own Δh.
    static let deltaHExactBelow = 100

    /// Everything an ITM point-to-point prediction needs besides the terminals' heights, the
    /// frequency and the terrain profile.
    public struct Parameters: Sendable, Hashable {
        /// Radio climate.
        public var climate: Climate
        /// NTIA's `N_0`: refractivity **at sea level**, N-units (250…400). Point-to-point ITM scales it
        /// to the path's mean height h by N_s = N_0·exp(−h / 9460 m) [TN101, Eq. 4.3].
        public var seaLevelRefractivityNUnits: Double
        /// Antenna polarization.
        public var polarization: Polarization
        /// Relative permittivity of the ground ε_r (≥ 1; 15 for average ground).
        public var epsilon: Double
        /// Ground conductivity σ, S/m (> 0; 0.005 for average ground).
        public var sigma: Double
        /// Mode of variability.
        public var mdvar: ModeOfVariability
        /// Time, location and situation percentages, each in (0, 100).
        public var timePercent: Double
        public var locationPercent: Double
        public var situationPercent: Double

        /// Creates the parameters; nothing is assumed (every value is passed in).
        public init(climate: Climate, seaLevelRefractivityNUnits: Double, polarization: Polarization,
                    epsilon: Double, sigma: Double, mdvar: ModeOfVariability,
                    timePercent: Double, locationPercent: Double, situationPercent: Double) {
            self.climate = climate
            self.seaLevelRefractivityNUnits = seaLevelRefractivityNUnits
            self.polarization = polarization
            self.epsilon = epsilon
            self.sigma = sigma
            self.mdvar = mdvar
            self.timePercent = timePercent
            self.locationPercent = locationPercent
            self.situationPercent = situationPercent
        }
    }

    /// Point-to-point ITM (as ``pointToPointLossTLS(hTxMeters:hRxMeters:profile:climate:surfaceRefractivityNUnits:frequencyMHz:polarization:epsilon:sigma:mdvar:timePercent:locationPercent:situationPercent:)``)
    /// from a transmitter at sample 0 of a radial to a receiver at each sample i ≥ `firstIndex`, the
    /// path being samples 0…i.
    ///
    /// Every prediction equals the single call on the profile of samples 0…i (tested to 10⁻⁶ dB); what
    /// changes is the work: the mean path height and the least-squares fits come from prefix sums
    /// (O(1) per receiver instead of O(i)); the transmitter's horizon from a short list of candidate
    /// samples, kept because each could be the horizon for some effective earth radius the path can
    /// have (a sample beaten at both ends of that range never can); the receiver's horizon from a
    /// backwards scan that stops as soon as no farther sample can rise above the best angle found
    /// (bounded with the running maximum elevation). Δh is NTIA's interdecile range over at most 245
    /// resampled points per receiver. Signal-Server-style raster tools recompute all of this per pixel.
    ///
    /// - Parameters:
    ///   - hTxMeters: transmitter height above the ground at sample 0, metres.
    ///   - hRxMeters: receiver height above the ground, metres.
    ///   - elevationsMeters: terrain along the radial at equal spacing, metres above sea level.
    ///   - spacingMeters: sample spacing, metres (> 0).
    ///   - frequencyMHz: frequency, MHz.
    ///   - parameters: the remaining ITM inputs.
    ///   - firstIndex: first receiver sample (≥ 1).
    ///   - lossesDB: receives the basic transmission loss (dB) at each sample; entries below
    ///     `firstIndex` are set to NaN. Resized to `elevationsMeters.count`.
    ///   - deltaHStride: 1 (the default) computes Δh for every receiver, so every loss is exactly the single call's;
    ///     k > 1 computes it afresh only at receivers 100 + j·k (and at the first receiver) from sample 100 on and
    ///     lets the receivers in between take the last one (the prediction rasters' approximation: Δh, the terrain's interdecile range
    ///     over the whole path, barely moves over a few samples of a long path, and it is half the work).
    /// - Returns: the soft-tier conditions met by any of the predictions.
    /// - Throws: `CoverageError.modelInputOutOfRange` as the single call does (checked once: the inputs
    ///   are the same for every receiver), or if the spacing or index is invalid.
    /// - Complexity: O(n · (245 + k + r)) for n samples, k candidate transmitter horizons (usually a
    ///   handful) and r samples scanned back for the receiver horizon (usually a few).
    @discardableResult
    public static func radialLossesDB(
        hTxMeters: Double, hRxMeters: Double, elevationsMeters z: [Double], spacingMeters xi: Double,
        frequencyMHz: Double, parameters p: Parameters, firstIndex: Int = 1, lossesDB: inout [Double], deltaHStride: Int = 1
    ) throws -> WarningFlags {
        var warnings = Warnings()
        try validateCommonInputs(
            hTxMeters: hTxMeters, hRxMeters: hRxMeters, refractivityNUnits: p.seaLevelRefractivityNUnits,
            frequencyMHz: frequencyMHz, epsilon: p.epsilon, sigma: p.sigma,
            time: ("time_percent", p.timePercent), location: ("location_percent", p.locationPercent),
            situation: ("situation_percent", p.situationPercent), warnings: &warnings)
        guard xi.isFinite, xi > 0 else {
            throw CoverageError.modelInputOutOfRange(model: "ITM", parameter: "spacing_m", value: xi, validRange: "> 0 m")
        }
        guard firstIndex >= 1 else {
            throw CoverageError.modelInputOutOfRange(model: "ITM", parameter: "first_index", value: Double(firstIndex), validRange: "≥ 1")
        }
        let n = z.count
        lossesDB = [Double](repeating: .nan, count: n)
        guard n >= 2, firstIndex < n else { return warnings.flags }

        let zG = groundImpedance(frequencyMHz: frequencyMHz, polarization: p.polarization, epsilon: p.epsilon, sigma: p.sigma)
        let frequency = Frequency(frequencyMHz)
        let variability = Variability(time: p.timePercent, location: p.locationPercent, situation: p.situationPercent,
                                      climate: p.climate, frequencyMHz: frequencyMHz, mdvar: p.mdvar, warnings: &warnings)
        let aFreeSpaceAt1km = 32.45 + 20 * log10(frequencyMHz)
        let h = Pair(hTxMeters, hRxMeters)

        // Prefix sums of z and of j·z, and the running maximum of z[1...j].
        var sum0 = [Double](repeating: 0, count: n + 1)
        var sum1 = [Double](repeating: 0, count: n + 1)
        var runningMax = [Double](repeating: -.infinity, count: n)
        // Highest sample of each block of `radialBlock` samples (block b: samples b·16 … b·16 + 15).
        let radialBlock = 16
        var blockMax = [Double](repeating: -.infinity, count: (n + radialBlock - 1) / radialBlock)
        var zMin = Double.infinity, zMax = -Double.infinity
        for j in 0..<n {
            sum0[j + 1] = sum0[j] + z[j]
            sum1[j + 1] = sum1[j] + Double(j) * z[j]
            if j >= 2 { runningMax[j] = max(runningMax[j - 1], z[j]) } else if j == 1 { runningMax[1] = z[1] }
            blockMax[j / radialBlock] = max(blockMax[j / radialBlock], z[j])
            zMin = min(zMin, z[j])
            zMax = max(zMax, z[j])
        }
        // Effective earth radius at the lowest and highest mean path heights the radial allows (it
        // shrinks as the path rises, N_s falling with height).
        let aEAtLow = 1 / refraction(hSysMeters: zMin, n0: p.seaLevelRefractivityNUnits).gammaE
        let aEAtHigh = 1 / refraction(hSysMeters: zMax, n0: p.seaLevelRefractivityNUnits).gammaE

        try z.withUnsafeBufferPointer { z in
            try sum0.withUnsafeBufferPointer { sum0 in
            try sum1.withUnsafeBufferPointer { sum1 in
            try runningMax.withUnsafeBufferPointer { runningMax in
            try blockMax.withUnsafeBufferPointer { blockMax in
            let zTx = z[0] + hTxMeters
            @inline(__always) func thetaTx(_ j: Int, _ aE: Double) -> Double {
                let dTx = Double(j) * xi
                return (z[j] - zTx) / dTx - dTx / (2 * aE)
            }
            // Transmitter horizon candidates, ascending. c beats j if it is higher at both ends of
            // the radius range (the angle is linear in 1/a_e), by a margin far above rounding so a
            // near-tie is kept and resolved as NTIA does (first maximum wins).
            // Each candidate keeps its angles at the two ends (computed once, not at every comparison).
            struct Candidate { let index: Int, lo: Double, hi: Double }
            var candidates: [Candidate] = []
            let workspace = DeltaHWorkspace()
            func beats(_ c: Candidate, _ j: Candidate) -> Bool {
                let eps = 1e-12 * (1 + abs(c.lo) + abs(c.hi))
                return c.lo >= j.lo + eps && c.hi >= j.hi + eps
            }

            var lastDeltaH = 0.0, lastDeltaHAt = Int.min / 2
            var lastRxHorizon = 0  // the sample that was the previous receiver's highest (0: none)
            for i in 1..<n {
                if i >= 2 {
                    let j = Candidate(index: i - 1, lo: thetaTx(i - 1, aEAtLow), hi: thetaTx(i - 1, aEAtHigh))
                    if !candidates.contains(where: { beats($0, j) }) {
                        candidates.removeAll { beats(j, $0) }
                        candidates.append(j)
                    }
                }
                guard i >= firstIndex else { continue }
                let np = i
                let npD = Double(np)
                let d = npD * xi

                // Mean path height, ignoring the first and last 10 % (as `pointToPoint`).
                let p10 = Int(0.1 * npD)
                let hSys = (sum0[np - p10 + 1] - sum0[p10]) / Double(np - 2 * p10 + 1)
                let (nS, gammaE) = refraction(hSysMeters: hSys, n0: p.seaLevelRefractivityNUnits)
                let aE = 1 / gammaE

                // Horizons (FindHorizons.cpp), incrementally.
                let zRx = z[np] + hRxMeters
                var theta = Pair((zRx - zTx) / d - d / (2 * aE), -(zRx - zTx) / d - d / (2 * aE))
                var dHorizon = Pair(d, d)
                for c in candidates {
                    let v = thetaTx(c.index, aE)
                    if v > theta[0] { theta[0] = v; dHorizon[0] = Double(c.index) * xi }
                }
                // Receiver horizon: scan back from the receiver in blocks of 16 samples. The scan stops
                // when even the highest ground before the block (running maximum) could not rise above
                // the best angle, and skips a block whose own highest sample could not (seen from the
                // block's far end when the block lies wholly below the receiver: before the seed below, on
                // the plain this scanned 24 samples a receiver instead of 64, in the hills 59 instead of 77).
                // The scan starts from the previous receiver's highest sample (the horizon moves little
                // from one receiver to the next), so that blocks are skipped from the start (with it, 20
                // samples and 10 block tests a receiver on the plain, 42 and 13 in the hills, counted on
                // `bench terrain-profile`); ties still go to the sample nearest the transmitter, as NTIA's
                // forward loop has it.
                var bestRx = -Double.infinity, bestRxIndex = 0
                if lastRxHorizon > 0, lastRxHorizon < np {
                    let dRxJ = Double(np - lastRxHorizon) * xi
                    bestRx = -(zRx - z[lastRxHorizon]) / dRxJ - dRxJ / (2 * aE)
                    bestRxIndex = lastRxHorizon
                }
                // The largest rise angle (z − z_rx)/D of a block whose highest sample is `rise` above the
                // receiver and whose samples lie dNear…dFar away: rise/dNear when it rises, rise/dFar (the
                // nearest to level) when the whole block lies below the receiver.
                @inline(__always) func blockRiseBound(_ rise: Double, _ dNear: Double, _ dFar: Double) -> Double {
                    rise >= 0 ? rise / dNear : rise / dFar
                }
                var j = np - 1
                while j >= 1 {
                    let dRx = Double(np - j) * xi
                    let best = max(bestRx, theta[1])
                    let margin = 1e-12 * (1 + abs(best))
                    if max(0, runningMax[j] - zRx) / dRx - dRx / (2 * aE) + margin < best { break }
                    let blockStart = (j / radialBlock) * radialBlock  // samples blockStart…j
                    if blockStart >= 1, j - blockStart == radialBlock - 1,
                       blockRiseBound(blockMax[j / radialBlock] - zRx, dRx, Double(np - blockStart) * xi) - dRx / (2 * aE) + margin < best {
                        j = blockStart - 1
                        continue
                    }
                    while j >= max(blockStart, 1) {
                        let dRxJ = Double(np - j) * xi
                        let v = -(zRx - z[j]) / dRxJ - dRxJ / (2 * aE)
                        if v > bestRx || (v == bestRx && j < bestRxIndex) { bestRx = v; bestRxIndex = j }
                        j -= 1
                    }
                }
                lastRxHorizon = bestRxIndex
                if bestRxIndex > 0, bestRx > theta[1] { theta[1] = bestRx; dHorizon[1] = Double(np - bestRxIndex) * xi }

                // The rest of QuickPfl.cpp, with straight-line fits from the prefix sums.
                // Fresh at sample deltaHExactBelow + j·stride (and at the first receiver); the last one in between.
                let reuse = deltaHStride > 1 && np >= deltaHExactBelow && (np - deltaHExactBelow) % deltaHStride != 0
                    && np - lastDeltaHAt < deltaHStride
                let geometry = completeGeometry(z: z, np: np, xi: xi, d: d, aE: aE, hMeters: h, theta: theta,
                                                dHorizon: dHorizon, workspace: workspace, deltaHMeters: reuse ? lastDeltaH : nil) { dStart, dEnd in
                    // LinearLeastSquaresFit.cpp: the interior sums Σz and Σ(k − iStart − L/2)·z in O(1).
                    let (iStart, iEnd) = ITM.fitIndexRange(np: np, xi: xi, dStart: dStart, dEnd: dEnd)
                    let xLength = Double(iEnd - iStart)
                    let midShiftedIndex = -0.5 * xLength
                    let midShiftedEnd = Double(iEnd) + midShiftedIndex
                    var sumY = 0.5 * (z[iStart] + z[iEnd])
                    var scaledSumY = 0.5 * (z[iStart] - z[iEnd]) * midShiftedIndex
                    if iEnd - iStart >= 2 {
                        let s0 = sum0[iEnd] - sum0[iStart + 1]
                        let s1 = sum1[iEnd] - sum1[iStart + 1]
                        sumY += s0
                        scaledSumY += s1 - (Double(iStart) + 0.5 * xLength) * s0
                    }
                    sumY /= xLength
                    scaledSumY = scaledSumY * 12 / ((xLength * xLength + 2) * xLength)
                    return (sumY - scaledSumY * midShiftedEnd, sumY + scaledSumY * (npD - midShiftedEnd))
                }

                if !reuse { lastDeltaH = geometry.deltaHMeters; lastDeltaHAt = np }
                let reference = try longleyRice(
                    thetaHorizon: geometry.thetaHorizon, frequency: frequency, zG: zG,
                    dHorizonMeters: geometry.dHorizonMeters, hEffectiveMeters: geometry.hEffectiveMeters,
                    gammaE: gammaE, nS: nS, deltaHMeters: geometry.deltaHMeters, hMeters: h,
                    dMeters: d, isAreaMode: false, warnings: &warnings)
                let aFreeSpace = aFreeSpaceAt1km + 20 * log10(d / 1000)
                let aVariability = variability.attenuationDB(
                    hEffectiveMeters: geometry.hEffectiveMeters, deltaHMeters: geometry.deltaHMeters, dMeters: d,
                    aRefDB: reference.aRefDB)
                lossesDB[np] = aVariability + aFreeSpace
            }
            }
            }
            }
            }
        }
        return warnings.flags
    }
}
