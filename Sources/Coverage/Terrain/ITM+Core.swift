import Foundation

// The ITM 1.2.2 algorithm shared by point-to-point and area mode. Each function names the NTIA/itm
// source file whose published algorithm it follows and the equations cited there.

extension ITM {
    /// Mean earth radius used by Vogler's smooth-earth method, metres (NTIA `a_0__meter`).
    static let earthRadiusMeters = 6370e3
    /// Effective earth radius used for the variability effective distance, metres (NTIA `a_9000__meter`).
    static let radius9000Meters = 9000e3

    // MARK: Minimal complex arithmetic (ground impedance and reflection coefficient)

    struct Complex: Sendable {
        var re: Double
        var im: Double
        init(_ re: Double, _ im: Double) { self.re = re; self.im = im }
        var magnitude: Double { (re * re + im * im).squareRoot() }
        static func + (a: Complex, b: Complex) -> Complex { Complex(a.re + b.re, a.im + b.im) }
        static func - (a: Complex, b: Complex) -> Complex { Complex(a.re - b.re, a.im - b.im) }
        static func * (a: Complex, b: Complex) -> Complex {
            Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
        }
        static func * (a: Complex, s: Double) -> Complex { Complex(a.re * s, a.im * s) }
        static func / (a: Complex, b: Complex) -> Complex {
            let d = b.re * b.re + b.im * b.im
            return Complex((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d)
        }
        /// Principal square root (branch cut on the negative real axis, as C++ `std::sqrt`).
        var squareRoot: Complex {
            let r = magnitude
            let real = ((r + re) / 2).squareRoot()
            let imag = ((r - re) / 2).squareRoot()
            return Complex(real, im.sign == .minus ? -imag : imag)
        }
    }

    // MARK: Initialisation

    struct Ground: Sendable {
        var zG: Complex
        var gammaE: Double
        var nS: Double
    }

    /// Ground impedance, effective earth curvature and surface refractivity
    /// (NTIA `InitializePointToPoint.cpp`; [TN101, Eq. 4.3, 4.4]).
    static func initializePointToPoint(
        frequencyMHz: Double, hSysMeters: Double, n0: Double, polarization: Polarization,
        epsilon: Double, sigma: Double
    ) -> Ground {
        let gammaA = 157e-9  // curvature of the actual earth, ≈ 1 / 6370 km
        let nS = hSysMeters == 0 ? n0 : n0 * exp(-hSysMeters / 9460)
        let gammaE = gammaA * (1 - 0.04665 * exp(nS / 179.3))
        let epR = Complex(epsilon, 18_000 * sigma / frequencyMHz)
        var zG = (epR - Complex(1, 0)).squareRoot
        if polarization == .vertical { zG = zG / epR }
        return Ground(zG: zG, gammaE: gammaE, nS: nS)
    }

    // MARK: Terrain profile analysis

    struct PathGeometry: Sendable {
        var thetaHorizon: [Double]
        var dHorizonMeters: [Double]
        var hEffectiveMeters: [Double]
        var deltaHMeters: Double
        var dMeters: Double
    }

    /// Horizons, effective heights and terrain irregularity of a profile (NTIA `QuickPfl.cpp`).
    static func quickProfile(_ profile: TerrainProfile, gammaE: Double, hMeters: [Double]) -> PathGeometry {
        let z = profile.elevationsMeters
        let xi = profile.spacingMeters
        let np = profile.intervalCount
        let d = Double(np) * xi
        let aE = 1 / gammaE

        var (theta, dHorizon) = findHorizons(z: z, xi: xi, aE: aE, hMeters: hMeters)

        // Terrain is considered from min(15 × tower height, 10 % of horizon distance) [Hufford 1982, p. 25].
        let dStart = min(15 * hMeters[0], 0.1 * dHorizon[0])
        let dEnd = d - min(15 * hMeters[1], 0.1 * dHorizon[1])
        let deltaH = computeDeltaH(z: z, xi: xi, dStart: dStart, dEnd: dEnd)

        var hE = [0.0, 0.0]
        if dHorizon[0] + dHorizon[1] > 1.5 * d {
            // Well within line of sight: horizons from a smooth-earth estimate.
            let fit = linearLeastSquaresFit(z: z, xi: xi, dStart: dStart, dEnd: dEnd)
            hE[0] = hMeters[0] + max(z[0] - fit.y1, 0)
            hE[1] = hMeters[1] + max(z[np] - fit.y2, 0)
            for i in 0..<2 {
                dHorizon[i] = (2 * hE[i] * aE).squareRoot() * exp(-0.07 * (deltaH / max(hE[i], 5)).squareRoot())
            }
            let combined = dHorizon[0] + dHorizon[1]
            if combined <= d {
                let q = pow(d / combined, 2)
                for i in 0..<2 {
                    hE[i] *= q
                    dHorizon[i] = (2 * hE[i] * aE).squareRoot() * exp(-0.07 * (deltaH / max(hE[i], 5)).squareRoot())
                }
            }
            for i in 0..<2 {
                let q = (2 * hE[i] * aE).squareRoot()
                theta[i] = (0.65 * deltaH * (q / dHorizon[i] - 1) - 2 * hE[i]) / q
            }
        } else {
            let fitTx = linearLeastSquaresFit(z: z, xi: xi, dStart: dStart, dEnd: 0.9 * dHorizon[0])
            hE[0] = hMeters[0] + max(z[0] - fitTx.y1, 0)
            let fitRx = linearLeastSquaresFit(z: z, xi: xi, dStart: d - 0.9 * dHorizon[1], dEnd: dEnd)
            hE[1] = hMeters[1] + max(z[np] - fitRx.y2, 0)
        }
        return PathGeometry(thetaHorizon: theta, dHorizonMeters: dHorizon, hEffectiveMeters: hE,
                            deltaHMeters: deltaH, dMeters: d)
    }

    /// Radio horizon angles and distances of both terminals (NTIA `FindHorizons.cpp`; [TN101, Eq. 6.15]).
    ///
    /// NTIA accumulates the distances (`d_tx += xi`, `d_rx -= xi`); they are computed here as i·xi and
    /// (np − i)·xi, the same numbers up to the last bits, so that ``radialLossesDB(hTxMeters:hRxMeters:elevationsMeters:spacingMeters:frequencyMHz:parameters:firstIndex:lossesDB:)``
    /// can reproduce them exactly (ITM truncates distances to sample indices further on, where a
    /// last-bit difference can move a fit by one sample).
    static func findHorizons(z: [Double], xi: Double, aE: Double, hMeters: [Double]) -> ([Double], [Double]) {
        let np = z.count - 1
        let d = Double(np) * xi
        let zTx = z[0] + hMeters[0]
        let zRx = z[np] + hMeters[1]
        var theta = [(zRx - zTx) / d - d / (2 * aE), -(zRx - zTx) / d - d / (2 * aE)]
        var dHorizon = [d, d]
        if np > 1 {
            for i in 1..<np {
                let dTx = Double(i) * xi
                let dRx = Double(np - i) * xi
                let thetaTx = (z[i] - zTx) / dTx - dTx / (2 * aE)
                let thetaRx = -(zRx - z[i]) / dRx - dRx / (2 * aE)
                if thetaTx > theta[0] { theta[0] = thetaTx; dHorizon[0] = dTx }
                if thetaRx > theta[1] { theta[1] = thetaRx; dHorizon[1] = dRx }
            }
        }
        return (theta, dHorizon)
    }

    /// Least-squares straight line through the elevations between two distances; returns its heights
    /// at the start (y1) and end (y2) of the whole profile (NTIA `LinearLeastSquaresFit.cpp`).
    static func linearLeastSquaresFit(z: [Double], xi: Double, dStart: Double, dEnd: Double) -> (y1: Double, y2: Double) {
        z.withUnsafeBufferPointer { linearLeastSquaresFit(z: $0, np: z.count - 1, xi: xi, dStart: dStart, dEnd: dEnd) }
    }

    /// The same fit over the first `np + 1` elevations of `z`.
    static func linearLeastSquaresFit(z: UnsafeBufferPointer<Double>, np: Int, xi: Double, dStart: Double,
                                      dEnd: Double) -> (y1: Double, y2: Double) {
        let npD = Double(np)
        var iStart = Int(max(dStart / xi, 0))
        var iEnd = np - Int(max(npD - dEnd / xi, 0))
        if iEnd <= iStart {
            iStart = Int(max(Double(iStart) - 1, 0))
            iEnd = np - Int(max(npD - (Double(iEnd) + 1), 0))
        }
        let xLength = Double(iEnd - iStart)
        var midShiftedIndex = -0.5 * xLength
        let midShiftedEnd = Double(iEnd) + midShiftedIndex
        var sumY = 0.5 * (z[iStart] + z[iEnd])
        var scaledSumY = 0.5 * (z[iStart] - z[iEnd]) * midShiftedIndex
        var i = 2
        while Double(i) <= xLength {
            iStart += 1
            midShiftedIndex += 1
            sumY += z[iStart]
            scaledSumY += z[iStart] * midShiftedIndex
            i += 1
        }
        sumY /= xLength
        scaledSumY = scaledSumY * 12 / ((xLength * xLength + 2) * xLength)
        return (sumY - scaledSumY * midShiftedEnd, sumY + scaledSumY * (npD - midShiftedEnd))
    }

    /// Terrain irregularity parameter Δh: the interdecile range of the terrain about a straight-line
    /// fit, corrected to an infinite path (NTIA `ComputeDeltaH.cpp`; [ERL 79-ITS 67, Eq. 3], inverted).
    static func computeDeltaH(z: [Double], xi: Double, dStart: Double, dEnd: Double) -> Double {
        z.withUnsafeBufferPointer { computeDeltaH(z: $0, np: z.count - 1, xi: xi, dStart: dStart, dEnd: dEnd) }
    }

    /// Largest number of resampled points ``computeDeltaH(z:np:xi:dStart:dEnd:)`` uses (10 · 25 − 5).
    static let deltaHMaximumSamples = 245

    /// Δh over the first `np + 1` elevations of `z`.
    ///
    /// NTIA sorts the n residuals and reads the p10-th largest and the p10-th smallest (n = 10·p10 − 5,
    /// index p90 = n − p10 of the descending order); this keeps only those two order statistics, in two
    /// sorted buffers of p10 ≤ 25 values, which gives the same two numbers without sorting all n.
    static func computeDeltaH(z: UnsafeBufferPointer<Double>, np: Int, xi: Double, dStart: Double, dEnd: Double) -> Double {
        var xStart = dStart / xi
        var xEnd = dEnd / xi
        if xEnd - xStart < 2 { return 0 }

        let p10 = min(max(4, Int(0.1 * (xEnd - xStart + 8))), 25)  // 10 % index
        let n = 10 * p10 - 5
        let npS = Double(n - 1)

        return withUnsafeTemporaryAllocation(of: Double.self, capacity: deltaHMaximumSamples + 50) { scratch in
            // Resample the considered part of the profile at n equally spaced points.
            let s = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
            xEnd = (xEnd - xStart) / npS
            var i = Int(xStart)
            xStart -= Double(Float(Double(i) + 1))
            for j in 0..<n {
                while xStart > 0, i + 1 < np {
                    xStart -= 1
                    i += 1
                }
                s[j] = z[i + 1] + (z[i + 1] - z[i]) * xStart
                xStart += xEnd
            }

            var (y1, y2) = linearLeastSquaresFit(z: UnsafeBufferPointer(s), np: n - 1, xi: 1, dStart: 0, dEnd: npS)
            y2 = (y2 - y1) / npS
            // The p10 largest residuals (descending) and the p10 smallest (ascending).
            let top = UnsafeMutableBufferPointer(rebasing: scratch[deltaHMaximumSamples..<(deltaHMaximumSamples + p10)])
            let bottom = UnsafeMutableBufferPointer(rebasing: scratch[(deltaHMaximumSamples + 25)..<(deltaHMaximumSamples + 25 + p10)])
            var count = 0
            for j in 0..<n {
                let v = s[j] - y1
                y1 += y2
                if count < p10 {
                    var k = count
                    while k > 0, top[k - 1] < v { top[k] = top[k - 1]; k -= 1 }
                    top[k] = v
                    k = count
                    while k > 0, bottom[k - 1] > v { bottom[k] = bottom[k - 1]; k -= 1 }
                    bottom[k] = v
                    count += 1
                    continue
                }
                if v > top[p10 - 1] {
                    var k = p10 - 1
                    while k > 0, top[k - 1] < v { top[k] = top[k - 1]; k -= 1 }
                    top[k] = v
                }
                if v < bottom[p10 - 1] {
                    var k = p10 - 1
                    while k > 0, bottom[k - 1] > v { bottom[k] = bottom[k - 1]; k -= 1 }
                    bottom[k] = v
                }
            }
            let q10 = top[p10 - 1]
            let q90 = bottom[p10 - 1]
            return (q10 - q90) / (1 - 0.8 * exp(-(dEnd - dStart) / 50e3))
        }
    }

    // MARK: Reference attenuation

    /// Median attenuation relative to free space from the line-of-sight, diffraction and troposcatter
    /// lines (NTIA `LongleyRice.cpp`; [ERL 79-ITS 67, Eqs. 3.16–3.21]).
    static func longleyRice(
        thetaHorizon: [Double], frequencyMHz f: Double, zG: Complex, dHorizonMeters dHzn: [Double],
        hEffectiveMeters hE: [Double], gammaE: Double, nS: Double, deltaHMeters deltaH: Double,
        hMeters h: [Double], dMeters d: Double, isAreaMode: Bool, warnings: inout Warnings
    ) throws -> (aRefDB: Double, mode: PropagationMode) {
        let aE = 1 / gammaE
        let dHznSmooth = [(2 * hE[0] * aE).squareRoot(), (2 * hE[1] * aE).squareRoot()]
        let dSML = dHznSmooth[0] + dHznSmooth[1]  // smooth-earth maximum line-of-sight distance
        let dML = dHzn[0] + dHzn[1]  // actual maximum line-of-sight distance
        let thetaLOS = -max(thetaHorizon[0] + thetaHorizon[1], -dML / aE)

        for i in 0..<2 {
            if abs(thetaHorizon[i]) > 200e-3 { warnings.add(i == 0 ? .txHorizonAngle : .rxHorizonAngle, thetaHorizon[i]) }
            if dHzn[i] < 0.1 * dHznSmooth[i] { warnings.add(i == 0 ? .txHorizonShort : .rxHorizonShort) }
            if dHzn[i] > 3 * dHznSmooth[i] { warnings.add(i == 0 ? .txHorizonLong : .rxHorizonLong) }
        }
        guard nS >= 150, nS <= 400 else {
            throw CoverageError.modelInputOutOfRange(
                model: "ITM", parameter: "surface_refractivity_ns_n_units", value: nS, validRange: "150…400 N-units")
        }
        if nS < 250 { warnings.add(.lowSurfaceRefractivity, nS) }
        guard aE >= 4_000_000, aE <= 13_333_333 else {
            throw CoverageError.modelInputOutOfRange(
                model: "ITM", parameter: "effective_earth_radius_meters", value: aE, validRange: "4e6…1.3333333e7 m")
        }
        guard zG.re > abs(zG.im) else {
            throw CoverageError.modelInputOutOfRange(
                model: "ITM", parameter: "ground_impedance_real_part", value: zG.re,
                validRange: "> |imaginary part| = \(abs(zG.im))")
        }

        // Two distances far into the diffraction region define the diffraction line.
        let scale = pow(aE * aE / f, 1.0 / 3.0)
        let d3 = max(dSML, dML + 5 * scale)
        let d4 = d3 + 10 * scale
        let a3 = diffractionLoss(d3, dHzn, hE, zG, aE, deltaH, h, isAreaMode, thetaLOS, dSML, f)
        let a4 = diffractionLoss(d4, dHzn, hE, zG, aE, deltaH, h, isAreaMode, thetaLOS, dSML, f)
        let mD = (a4 - a3) / (d4 - d3)
        let aD0 = a3 - mD * d3

        let dMin = abs(hE[0] - hE[1]) / 200e-3
        if d < dMin { warnings.add(.pathShorterThanHeightDifference, d) }
        if d < 1e3 { warnings.add(.pathUnder1km, d) }
        if d > 1000e3 { warnings.add(.pathOver1000km, d) }
        if d > 2000e3 { warnings.add(.pathOver2000km, d) }

        var aRef: Double
        let mode: PropagationMode
        if d < dSML {
            // Line-of-sight region.
            let aSML = dSML * mD + aD0
            var d0 = 0.04 * f * hE[0] * hE[1]  // [ERL 79-ITS 67, Eq. 3.16a], metres
            let d1: Double
            if aD0 >= 0 {
                d0 = min(d0, 0.5 * dML)
                d1 = d0 + 0.25 * (dML - d0)  // [ERL 79-ITS 67, Eq. 3.16d]
            } else {
                d1 = max(-aD0 / mD, 0.25 * dML)
            }
            let a1 = lineOfSightLoss(d1, hE, zG, deltaH, mD, aD0, dSML, f)
            var useTwoPoint = false
            var k1 = 0.0
            var k2 = 0.0
            if d0 < d1 {
                let a0 = lineOfSightLoss(d0, hE, zG, deltaH, mD, aD0, dSML, f)
                let q = log(dSML / d0)
                // [ERL 79-ITS 67, Eq. 3.20]
                k2 = max(0, ((dSML - d0) * (a1 - a0) - (d1 - d0) * (aSML - a0))
                            / ((dSML - d0) * log(d1 / d0) - (d1 - d0) * q))
                useTwoPoint = aD0 > 0 || k2 > 0
                if useTwoPoint {
                    k1 = (aSML - a0 - k2 * q) / (dSML - d0)  // [ERL 79-ITS 67, Eq. 3.21]
                    if k1 < 0 {
                        k1 = 0
                        k2 = max(aSML - a0, 0) / q
                        if k2 == 0 { k1 = mD }
                    }
                }
            }
            if !useTwoPoint {
                k1 = max(aSML - a1, 0) / (dSML - d1)
                k2 = 0
                if k1 == 0 { k1 = mD }
            }
            let aO = aSML - k1 * dSML - k2 * log(dSML)
            aRef = aO + k1 * d + k2 * log(d)  // [ERL 79-ITS 67, Eq. 3.19]
            mode = .lineOfSight
        } else {
            // Trans-horizon: diffraction or troposcatter, whichever line applies at this distance.
            let d5 = dML + 200e3
            let d6 = dML + 400e3
            var h0 = -1.0
            let a6 = troposcatterLoss(d6, thetaHorizon, dHzn, hE, aE, nS, f, thetaLOS, &h0)
            let a5 = troposcatterLoss(d5, thetaHorizon, dHzn, hE, aE, nS, f, thetaLOS, &h0)
            let mS: Double
            let aS0: Double
            let dX: Double
            if a5 < 1000 {
                mS = (a6 - a5) / 200e3
                dX = max(max(dSML, dML + 1.088 * scale * log(f)), (a5 - aD0 - mS * d5) / (mD - mS))
                aS0 = (mD - mS) * dX + aD0
            } else {
                mS = mD
                aS0 = aD0
                dX = 10e6
            }
            if d > dX {
                aRef = mS * d + aS0
                mode = .troposcatter
            } else {
                aRef = mD * d + aD0
                mode = .diffraction
            }
        }
        aRef = max(aRef, 0)
        return (aRef, mode)
    }

    /// Diffraction attenuation at distance `d`: a weighted blend of double knife-edge and smooth-earth
    /// diffraction plus a clutter term (NTIA `DiffractionLoss.cpp`; [ERL 79-ITS 67, Eqs. 3.23, 3.38c]).
    static func diffractionLoss(
        _ d: Double, _ dHzn: [Double], _ hE: [Double], _ zG: Complex, _ aE: Double, _ deltaH: Double,
        _ h: [Double], _ isAreaMode: Bool, _ thetaLOS: Double, _ dSML: Double, _ f: Double
    ) -> Double {
        let aK = knifeEdgeDiffraction(d, f, aE, thetaLOS, dHzn)
        let aSE = smoothEarthDiffraction(d, f, aE, thetaLOS, dHzn, hE, zG)
        let sigmaHD = sigmaH(terrainRoughness(dSML, deltaH))
        let aFO = min(15, 5 * log10(1 + 1e-5 * h[0] * h[1] * f * sigmaHD))  // clutter factor
        let deltaHD = terrainRoughness(d, deltaH)
        var q = h[0] * h[1]
        let qk = hE[0] * hE[1] - q
        if !isAreaMode { q += 10 }  // C ≈ 10 for low antennas with known path [ERL 79-ITS 67, p. 3-8]
        let term1 = (1 + qk / q).squareRoot()
        let dML = dHzn[0] + dHzn[1]
        q = (term1 + (-thetaLOS * aE + dML) / d) * min(deltaHD * f / 47.7, 6283.2)
        let w = 25.1 / (25.1 + q.squareRoot())
        return w * aSE + (1 - w) * aK + aFO
    }

    /// Double knife-edge attenuation over the two horizons (NTIA `KnifeEdgeDiffraction.cpp`; [TN101, Eq. I.7, I.1]).
    static func knifeEdgeDiffraction(_ d: Double, _ f: Double, _ aE: Double, _ thetaLOS: Double, _ dHzn: [Double]) -> Double {
        let dML = dHzn[0] + dHzn[1]
        let thetaNLOS = d / aE - thetaLOS
        let dNLOS = d - dML
        let common = 0.0795775 * (f / 47.7) * thetaNLOS * thetaNLOS * dNLOS  // 1/(4π) = 0.0795775
        let v1 = common * dHzn[0] / (dNLOS + dHzn[0])
        let v2 = common * dHzn[1] / (dNLOS + dHzn[1])
        return fresnelIntegral(v1) + fresnelIntegral(v2)
    }

    /// Approximate knife-edge loss A(v, 0) from v² ([TN101v2, Eq. III.24b, III.24c]).
    static func fresnelIntegral(_ v2: Double) -> Double {
        v2 < 5.76 ? 6.02 + 9.11 * v2.squareRoot() - 1.27 * v2 : 12.953 + 10 * log10(v2)
    }

    /// Smooth-earth diffraction by Vogler's three-radii method
    /// (NTIA `SmoothEarthDiffraction.cpp`; [Vogler 1964], [TN101, Eq. 8.4], [Algorithm, Eq. 4.20]).
    static func smoothEarthDiffraction(
        _ d: Double, _ f: Double, _ aE: Double, _ thetaLOS: Double, _ dHzn: [Double], _ hE: [Double], _ zG: Complex
    ) -> Double {
        let thetaNLOS = d / aE - thetaLOS
        let dML = dHzn[0] + dHzn[1]
        let radii = [(d - dML) / (d / aE - thetaLOS), 0.5 * dHzn[0] * dHzn[0] / hE[0], 0.5 * dHzn[1] * dHzn[1] / hE[1]]
        let dKm = [radii[0] * thetaNLOS / 1000, dHzn[0] / 1000, dHzn[1] / 1000]
        var c0 = [0.0, 0.0, 0.0]
        var k = [0.0, 0.0, 0.0]
        var b0 = [0.0, 0.0, 0.0]
        for i in 0..<3 {
            c0[i] = pow((4.0 / 3.0) * earthRadiusMeters / radii[i], 1.0 / 3.0)  // [Vogler 1964, Eq. 2]
            k[i] = 0.017778 * c0[i] * pow(f, -1.0 / 3.0) / zG.magnitude  // [Vogler 1964, Eq. 6a/7a]
            b0[i] = 1.607 - k[i]  // [Vogler 1964, Fig. 4]
        }
        var xKm = [0.0, 0.0, 0.0]
        xKm[1] = b0[1] * c0[1] * c0[1] * pow(f, 1.0 / 3.0) * dKm[1]
        xKm[2] = b0[2] * c0[2] * c0[2] * pow(f, 1.0 / 3.0) * dKm[2]
        xKm[0] = b0[0] * c0[0] * c0[0] * pow(f, 1.0 / 3.0) * dKm[0] + xKm[1] + xKm[2]
        let f1 = heightFunction(xKm[1], k[1])
        let f2 = heightFunction(xKm[2], k[2])
        let g = 0.05751 * xKm[0] - 10 * log10(xKm[0])
        return g - f1 - f2 - 20
    }

    /// Height-gain function F(x, K) for smooth-earth diffraction (NTIA `SmoothEarthDiffraction.cpp`).
    static func heightFunction(_ xKm: Double, _ k: Double) -> Double {
        if xKm < 200 {
            let w = -log(k)
            if k < 1e-5 || xKm * pow(w, 3) > 5495 {
                return xKm > 1 ? 17.372 * log(xKm) - 117 : -117
            }
            return 2.5e-5 * xKm * xKm / k - 8.686 * w - 15
        }
        var result = 0.05751 * xKm - 4.343 * log(xKm)
        if xKm < 2000 {
            let w = 0.0134 * xKm * exp(-0.005 * xKm)
            result = (1 - w) * result + w * (17.372 * log(xKm) - 117)
        }
        return result
    }

    /// Terrain irregularity over distance d, Δh(d) ([ERL 79-ITS 67, Eq. 3], metres).
    static func terrainRoughness(_ d: Double, _ deltaH: Double) -> Double {
        deltaH * (1 - 0.8 * exp(-d / 50e3))
    }

    /// RMS terrain deviation within the first Fresnel zone, σ_h ([ERL 79-ITS 67, Eq. 3.6a]).
    static func sigmaH(_ deltaH: Double) -> Double {
        0.78 * deltaH * exp(-0.5 * pow(deltaH, 0.25))
    }

    /// Line-of-sight attenuation: two-ray model blended with the extended diffraction line
    /// (NTIA `LineOfSightLoss.cpp`; [Algorithm, Eqs. 4.46–4.50]).
    static func lineOfSightLoss(
        _ d: Double, _ hE: [Double], _ zG: Complex, _ deltaH: Double, _ mD: Double, _ aD0: Double,
        _ dSML: Double, _ f: Double
    ) -> Double {
        let sigmaHD = sigmaH(terrainRoughness(d, deltaH))
        let wn = f / 47.7
        let sumH = hE[0] + hE[1]
        let sinPsi = sumH / (d * d + sumH * sumH).squareRoot()
        let s = Complex(sinPsi, 0)
        var rE = (s - zG) / (s + zG) * exp(-min(10, wn * sigmaHD * sinPsi))
        let q = rE.re * rE.re + rE.im * rE.im
        if q < 0.25 || q < sinPsi { rE = rE * (sinPsi / q).squareRoot() }
        var deltaPhi = wn * 2 * hE[0] * hE[1] / d
        if deltaPhi > Double.pi / 2 { deltaPhi = Double.pi - pow(Double.pi / 2, 2) / deltaPhi }
        let rr = Complex(cos(deltaPhi), -sin(deltaPhi)) + rE
        let aT = -10 * log10(rr.re * rr.re + rr.im * rr.im)
        let aD = mD * d + aD0
        let w = 1 / (1 + f * deltaH / max(10e3, dSML))
        return w * aT + (1 - w) * aD
    }

    /// Troposcatter attenuation (NTIA `TroposcatterLoss.cpp`; [TN101, Eqs. 9.3–9.5], [Algorithm, Eqs. 4.63–4.67]).
    /// `h0` carries the frequency-gain value H₀ between the two calls at d₆ and d₅ (start with −1).
    static func troposcatterLoss(
        _ d: Double, _ thetaHzn: [Double], _ dHzn: [Double], _ hE: [Double], _ aE: Double, _ nS: Double,
        _ f: Double, _ thetaLOS: Double, _ h0: inout Double
    ) -> Double {
        let wn = f / 47.7
        var bigH0: Double
        if h0 > 15 {
            bigH0 = h0
        } else {
            var ad = dHzn[0] - dHzn[1]
            var rr = hE[1] / hE[0]
            if ad < 0 {
                ad = -ad
                rr = 1 / rr
            }
            let theta = thetaHzn[0] + thetaHzn[1] + d / aE
            let r1 = 2 * wn * theta * hE[0]
            let r2 = 2 * wn * theta * hE[1]
            if r1 < 0.2 && r2 < 0.2 { return 1001 }  // A_scat undefined [Algorithm, p. 11]
            var s = (d - ad) / (d + ad)
            let q = min(max(0.1, rr / s), 10)
            s = max(0.1, s)
            let hCross = (d - ad) * (d + ad) * theta * 0.25 / d
            let z0 = 1.7556e3
            let z1 = 8.0e3
            let etaS = (hCross / z0) * (1 + (0.031 - nS * 2.32e-3 + nS * nS * 5.67e-6)
                                         * exp(-pow(min(1.7, hCross / z1), 6)))
            let h00 = (h0Function(r1, etaS) + h0Function(r2, etaS)) / 2
            let deltaH0 = min(h00, 6 * (0.6 - log10(max(etaS, 1))) * log10(s) * log10(q))
            bigH0 = max(h00 + deltaH0, 0)
            if etaS < 1 {
                let sqrt2 = 2.0.squareRoot()
                bigH0 = etaS * bigH0 + (1 - etaS) * 10
                    * log10(pow((1 + sqrt2 / r1) * (1 + sqrt2 / r2), 2) * (r1 + r2) / (r1 + r2 + 2 * sqrt2))
            }
            if bigH0 > 15 && h0 >= 0 { bigH0 = h0 }
        }
        h0 = bigH0
        let th = d / aE - thetaLOS
        return fFunction(th * d) + 10 * log10(wn * 47.7 * pow(th, 4))
            - 0.1 * (nS - 301) * exp(-th * d / 40e3) + bigH0
    }

    /// Attenuation function F(θd) for troposcatter ([Algorithm, Eq. 6.9]).
    static func fFunction(_ td: Double) -> Double {
        let a = [133.4, 104.6, 71.8]
        let b = [0.332e-3, 0.212e-3, 0.157e-3]
        let c = [-10, -2.5, 5.0]
        let i = td <= 10e3 ? 0 : (td <= 70e3 ? 1 : 2)
        return a[i] + b[i] * td + c[i] * log10(td)
    }

    /// Troposcatter frequency-gain function H₀(r, η_s), interpolated between the curves of
    /// [Algorithm, Eq. 6.13] (NTIA `H0Function.cpp`).
    static func h0Function(_ r: Double, _ etaS: Double) -> Double {
        let a = [25.0, 80.0, 177.0, 395.0, 705.0]
        let b = [24.0, 45.0, 68.0, 80.0, 105.0]
        func curve(_ j: Int) -> Double { 10 * log10(1 + a[j] * pow(1 / r, 4) + b[j] * pow(1 / r, 2)) }
        let eta = min(max(etaS, 1), 5)
        let i = Int(eta)
        let q = eta - Double(i)
        var result = curve(i - 1)
        if q != 0 { result = (1 - q) * result + q * curve(i) }
        return result
    }

    /// Free-space basic transmission loss, dB (NTIA `FreeSpaceLoss.cpp`).
    static func freeSpaceLossDB(distanceMeters: Double, frequencyMHz: Double) -> Double {
        32.45 + 20 * log10(frequencyMHz) + 20 * log10(distanceMeters / 1000)
    }

    // MARK: Variability

    /// Inverse complementary normal CDF, Q⁻¹(q), by Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4)
    /// (NTIA `InverseComplementaryCumulativeDistributionFunction.cpp`).
    static func inverseComplementaryCDF(_ q: Double) -> Double {
        let x = q > 0.5 ? 1 - q : q
        let t = (-2 * log(x)).squareRoot()
        let zeta = ((0.010328 * t + 0.802853) * t + 2.515516) / (((0.001308 * t + 0.189269) * t + 1.432788) * t + 1)
        return q > 0.5 ? -(t - zeta) : t - zeta
    }

    /// Climate curve of [TN101v2, Eqs. III.69, III.70].
    private static func curve(_ c1: Double, _ c2: Double, _ x1: Double, _ x2: Double, _ x3: Double, _ dE: Double) -> Double {
        let r = pow(dE / x1, 2)
        return (c1 + c2 / (1 + pow((dE - x2) / x3, 2))) * r / (1 + r)
    }

    /// Attenuation at the requested time/location/situation quantiles, relative to free space
    /// (NTIA `Variability.cpp`; [Algorithm, §5, Table 5.1], [TN101, Fig. 10.13]).
    static func variability(
        time: Double, location: Double, situation: Double, hEffectiveMeters hE: [Double], deltaHMeters deltaH: Double,
        frequencyMHz f: Double, dMeters d: Double, aRefDB: Double, climate: Climate, mdvar: ModeOfVariability,
        warnings: inout Warnings
    ) -> Double {
        // Per-climate constants, index = climate − 1.
        let allYear: [[Double]] = [
            [-9.67, -0.62, 1.26, -9.21, -0.62, -0.39, 3.15],
            [12.7, 9.19, 15.5, 9.05, 9.19, 2.86, 857.9],
            [144.9e3, 228.9e3, 262.6e3, 84.1e3, 228.9e3, 141.7e3, 2222e3],
            [190.3e3, 205.2e3, 185.2e3, 101.1e3, 205.2e3, 315.9e3, 164.8e3],
            [133.8e3, 143.6e3, 99.8e3, 98.6e3, 143.6e3, 167.4e3, 116.3e3],
        ]
        let bsm1 = [2.13, 2.66, 6.11, 1.98, 2.68, 6.86, 8.51]
        let bsm2 = [159.5, 7.67, 6.65, 13.11, 7.16, 10.38, 169.8]
        let xsm1 = [762.2e3, 100.4e3, 138.2e3, 139.1e3, 93.7e3, 187.8e3, 609.8e3]
        let xsm2 = [123.6e3, 172.5e3, 242.2e3, 132.7e3, 186.8e3, 169.6e3, 119.9e3]
        let xsm3 = [94.5e3, 136.4e3, 178.6e3, 193.5e3, 133.5e3, 108.9e3, 106.6e3]
        let bsp1 = [2.11, 6.87, 10.08, 3.68, 4.75, 8.58, 8.43]
        let bsp2 = [102.3, 15.53, 9.60, 159.3, 8.12, 13.97, 8.19]
        let xsp1 = [636.9e3, 138.7e3, 165.3e3, 464.4e3, 93.2e3, 216.0e3, 136.2e3]
        let xsp2 = [134.8e3, 143.7e3, 225.7e3, 93.1e3, 135.9e3, 152.0e3, 188.5e3]
        let xsp3 = [95.6e3, 98.6e3, 129.7e3, 94.2e3, 113.4e3, 122.7e3, 122.9e3]
        let cD = [1.224, 0.801, 1.380, 1.000, 1.224, 1.518, 1.518]  // [Algorithm, Table 5.1]
        let zD = [1.282, 2.161, 1.282, 20.0, 1.282, 1.282, 1.282]  // [Algorithm, Table 5.1]
        let bfm1 = [1.0, 1.0, 1.0, 1.0, 0.92, 1.0, 1.0]
        let bfm2 = [0.0, 0.0, 0.0, 0.0, 0.25, 0.0, 0.0]
        let bfm3 = [0.0, 0.0, 0.0, 0.0, 1.77, 0.0, 0.0]
        let bfp1 = [1.0, 0.93, 1.0, 0.93, 0.93, 1.0, 1.0]
        let bfp2 = [0.0, 0.31, 0.0, 0.19, 0.31, 0.0, 0.0]
        let bfp3 = [0.0, 2.00, 0.0, 1.79, 2.00, 0.0, 0.0]

        var zT = inverseComplementaryCDF(time / 100)
        var zL = inverseComplementaryCDF(location / 100)
        let zS = inverseComplementaryCDF(situation / 100)
        let c = climate.rawValue - 1
        let wn = f / 47.7

        // Effective distance [Algorithm, Eq. 5.3].
        let dEx = (2 * radius9000Meters * hE[0]).squareRoot() + (2 * radius9000Meters * hE[1]).squareRoot()
            + pow(575.7e12 / wn, 1.0 / 3.0)
        let dE = d < dEx ? 130e3 * d / dEx : 130e3 + d - dEx

        let sigmaS = mdvar.eliminatesSituationVariability ? 0 : 5 + 3 * exp(-dE / 100e3)  // [Algorithm, Eq. 5.10]
        let vMed = curve(allYear[0][c], allYear[1][c], allYear[2][c], allYear[3][c], allYear[4][c], dE)

        switch mdvar.base {
        case .singleMessage:
            zT = zS
            zL = zS
        case .accidental:
            zL = zS
        case .mobile:
            zL = zT
        case .broadcast:
            break
        }
        if abs(zT) > 3.10 || abs(zL) > 3.10 || abs(zS) > 3.10 {
            warnings.add(.extremeVariabilities)
        }

        let sigmaL: Double
        if mdvar.eliminatesLocationVariability {
            sigmaL = 0
        } else {
            let deltaHD = terrainRoughness(d, deltaH)
            sigmaL = 10 * wn * deltaHD / (wn * deltaHD + 13)  // context of [Algorithm, Eq. 5.9]
        }
        let yL = sigmaL * zL

        let q = log(0.133 * wn)
        let gMinus = bfm1[c] + bfm2[c] / (pow(bfm3[c] * q, 2) + 1)
        let gPlus = bfp1[c] + bfp2[c] / (pow(bfp3[c] * q, 2) + 1)
        let sigmaTMinus = curve(bsm1[c], bsm2[c], xsm1[c], xsm2[c], xsm3[c], dE) * gMinus
        let sigmaTPlus = curve(bsp1[c], bsp2[c], xsp1[c], xsp2[c], xsp3[c], dE) * gPlus
        let sigmaTD = cD[c] * sigmaTPlus
        let tgtd = (sigmaTPlus - sigmaTD) * zD[c]
        let sigmaT: Double
        if zT < 0 {
            sigmaT = sigmaTMinus
        } else if zT <= zD[c] {
            sigmaT = sigmaTPlus
        } else {
            sigmaT = sigmaTD + tgtd / zT
        }
        let yT = sigmaT * zT

        let ySTemp = sigmaS * sigmaS + yT * yT / (7.8 + zS * zS) + yL * yL / (24 + zS * zS)  // [Algorithm, Eq. 5.11]
        let yR: Double
        let yS: Double
        switch mdvar.base {
        case .singleMessage:
            yR = 0
            yS = (sigmaT * sigmaT + sigmaL * sigmaL + ySTemp).squareRoot() * zS
        case .accidental:
            yR = yT
            yS = (sigmaL * sigmaL + ySTemp).squareRoot() * zS
        case .mobile:
            yR = (sigmaT * sigmaT + sigmaL * sigmaL).squareRoot() * zT
            yS = ySTemp.squareRoot() * zS
        case .broadcast:
            yR = yT + yL
            yS = ySTemp.squareRoot() * zS
        }
        var result = aRefDB - vMed - yR - yS
        if result < 0 { result = result * (29 - result) / (29 - 10 * result) }  // [Algorithm, Eq. 52]
        return result
    }
}
