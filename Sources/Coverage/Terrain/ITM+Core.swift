import CTerrainKernels
import Foundation

// The ITM 1.2.2 algorithm shared by point-to-point and area mode. Each function names the NTIA/itm
// source file whose published algorithm it follows and the equations cited there.

extension ITM {
    /// Mean earth radius used by Vogler's smooth-earth method, metres (NTIA `a_0__meter`).
    static let earthRadiusMeters = 6370e3
    /// Effective earth radius used for the variability effective distance, metres (NTIA `a_9000__meter`).
    static let radius9000Meters = 9000e3

    /// A (transmitter, receiver) pair of values. A SIMD pair rather than a two-element array, so the
    /// millions of predictions of a footprint allocate nothing.
    typealias Pair = SIMD2<Double>

    /// The frequency and the powers of it the model uses, computed once per prediction (or radial).
    struct Frequency: Sendable {
        /// MHz.
        var mhz: Double
        /// ∛f, MHz^(1/3).
        var cubeRoot: Double
        /// Wave number f / 47.7 MHz·m (NTIA `wn`), per metre.
        var waveNumber: Double
        /// ln f.
        var logarithm: Double
        init(_ mhz: Double) {
            self.mhz = mhz
            cubeRoot = cbrt(mhz)
            waveNumber = mhz / 47.7
            logarithm = log(mhz)
        }
    }

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
        let refraction = refraction(hSysMeters: hSysMeters, n0: n0)
        return Ground(zG: groundImpedance(frequencyMHz: frequencyMHz, polarization: polarization, epsilon: epsilon, sigma: sigma),
                      gammaE: refraction.gammaE, nS: refraction.nS)
    }

    /// Surface refractivity N_s at the mean path height and the effective earth curvature γ_e
    /// (NTIA `InitializePointToPoint.cpp`; [TN101, Eq. 4.3, 4.4]).
    @inline(__always)
    static func refraction(hSysMeters: Double, n0: Double) -> (nS: Double, gammaE: Double) {
        let gammaA = 157e-9  // curvature of the actual earth, ≈ 1 / 6370 km
        let nS = hSysMeters == 0 ? n0 : n0 * exp(-hSysMeters / 9460)
        return (nS, gammaA * (1 - 0.04665 * exp(nS / 179.3)))
    }

    /// Ground transfer impedance Z_g from ε_r, σ and the polarization (NTIA `InitializePointToPoint.cpp`).
    static func groundImpedance(frequencyMHz: Double, polarization: Polarization, epsilon: Double, sigma: Double) -> Complex {
        let epR = Complex(epsilon, 18_000 * sigma / frequencyMHz)
        var zG = (epR - Complex(1, 0)).squareRoot
        if polarization == .vertical { zG = zG / epR }
        return zG
    }

    // MARK: Terrain profile analysis

    struct PathGeometry: Sendable {
        var thetaHorizon: Pair
        var dHorizonMeters: Pair
        var hEffectiveMeters: Pair
        var deltaHMeters: Double
        var dMeters: Double
    }

    /// Horizons, effective heights and terrain irregularity of a profile (NTIA `QuickPfl.cpp`).
    static func quickProfile(_ profile: TerrainProfile, gammaE: Double, hMeters: Pair) -> PathGeometry {
        let z = profile.elevationsMeters
        let xi = profile.spacingMeters
        let np = profile.intervalCount
        let d = Double(np) * xi
        let aE = 1 / gammaE
        let (theta, dHorizon) = findHorizons(z: z, xi: xi, aE: aE, hMeters: hMeters)
        let workspace = DeltaHWorkspace()
        return z.withUnsafeBufferPointer { z in
            completeGeometry(z: z, np: np, xi: xi, d: d, aE: aE, hMeters: hMeters, theta: theta, dHorizon: dHorizon,
                             workspace: workspace) {
                linearLeastSquaresFit(z: z, np: np, xi: xi, dStart: $0, dEnd: $1)
            }
        }
    }

    /// The part of `QuickPfl.cpp` after the horizons: Δh, then effective heights from straight-line
    /// fits (`fit(dStart, dEnd)`, NTIA `LinearLeastSquaresFit`), and in line of sight the smooth-earth
    /// horizons. Shared by the single-path and the radial code, which differ only in how they fit.
    @inline(__always)
    static func completeGeometry(
        z: UnsafeBufferPointer<Double>, np: Int, xi: Double, d: Double, aE: Double, hMeters: Pair,
        theta: Pair, dHorizon: Pair, workspace: DeltaHWorkspace, deltaHMeters known: Double? = nil,
        fit: (Double, Double) -> (y1: Double, y2: Double)
    ) -> PathGeometry {
        var theta = theta
        var dHorizon = dHorizon
        // Terrain is considered from min(15 × tower height, 10 % of horizon distance) [Hufford 1982, p. 25].
        let dStart = min(15 * hMeters[0], 0.1 * dHorizon[0])
        let dEnd = d - min(15 * hMeters[1], 0.1 * dHorizon[1])
        let deltaH = known ?? computeDeltaH(z: z, np: np, xi: xi, dStart: dStart, dEnd: dEnd, workspace: workspace)

        var hE = Pair(0, 0)
        if dHorizon[0] + dHorizon[1] > 1.5 * d {
            // Well within line of sight: horizons from a smooth-earth estimate.
            let line = fit(dStart, dEnd)
            hE[0] = hMeters[0] + max(z[0] - line.y1, 0)
            hE[1] = hMeters[1] + max(z[np] - line.y2, 0)
            for i in 0..<2 {
                dHorizon[i] = (2 * hE[i] * aE).squareRoot() * exp(-0.07 * (deltaH / max(hE[i], 5)).squareRoot())
            }
            let combined = dHorizon[0] + dHorizon[1]
            if combined <= d {
                let ratio = d / combined
                let q = ratio * ratio
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
            hE[0] = hMeters[0] + max(z[0] - fit(dStart, 0.9 * dHorizon[0]).y1, 0)
            hE[1] = hMeters[1] + max(z[np] - fit(d - 0.9 * dHorizon[1], dEnd).y2, 0)
        }
        return PathGeometry(thetaHorizon: theta, dHorizonMeters: dHorizon, hEffectiveMeters: hE,
                            deltaHMeters: deltaH, dMeters: d)
    }

    /// Radio horizon angles and distances of both terminals (NTIA `FindHorizons.cpp`; [TN101, Eq. 6.15]).
    ///
    /// NTIA accumulates the distances (`d_tx += xi`, `d_rx -= xi`); they are computed here as i·xi and
    /// (np − i)·xi, the same numbers up to the last bits, so that the radial code can reproduce them
    /// exactly (ITM truncates distances to sample indices further on, where a last-bit difference can
    /// move a fit by one sample).
    static func findHorizons(z: [Double], xi: Double, aE: Double, hMeters: Pair) -> (theta: Pair, dHorizon: Pair) {
        let np = z.count - 1
        let d = Double(np) * xi
        let zTx = z[0] + hMeters[0]
        let zRx = z[np] + hMeters[1]
        var theta = Pair((zRx - zTx) / d - d / (2 * aE), -(zRx - zTx) / d - d / (2 * aE))
        var dHorizon = Pair(d, d)
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

    /// The elevation indices LinearLeastSquaresFit.cpp fits between for the distances `dStart`…`dEnd`
    /// (m) on a profile of `np` intervals of `xi` m, widened by one on each side when they meet.
    @inline(__always)
    static func fitIndexRange(np: Int, xi: Double, dStart: Double, dEnd: Double) -> (iStart: Int, iEnd: Int) {
        let npD = Double(np)
        var iStart = Int(max(dStart / xi, 0))
        var iEnd = np - Int(max(npD - dEnd / xi, 0))
        if iEnd <= iStart {
            iStart = Int(max(Double(iStart) - 1, 0))
            iEnd = np - Int(max(npD - (Double(iEnd) + 1), 0))
        }
        return (iStart, iEnd)
    }

    /// The same fit over the first `np + 1` elevations of `z`.
    static func linearLeastSquaresFit(z: UnsafeBufferPointer<Double>, np: Int, xi: Double, dStart: Double,
                                      dEnd: Double) -> (y1: Double, y2: Double) {
        let npD = Double(np)
        var (iStart, iEnd) = fitIndexRange(np: np, xi: xi, dStart: dStart, dEnd: dEnd)
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
        let workspace = DeltaHWorkspace()
        return z.withUnsafeBufferPointer { computeDeltaH(z: $0, np: z.count - 1, xi: xi, dStart: dStart, dEnd: dEnd, workspace: workspace) }
    }

    /// Largest number of resampled points Δh uses (n = 10·p10 − 5 with p10 ≤ 25).
    static let deltaHMaximumSamples = 245

    /// Working memory of ``computeDeltaH(z:np:xi:dStart:dEnd:workspace:)``, reused from one receiver to
    /// the next along a radial: room for the resampled profile and the residuals kept for selection,
    /// and the two residual deciles of the previous Δh, which are nearly the next ones and so make good
    /// pivots for the next selection. None of it changes a result, only the work.
    ///
    /// Owns `scratch` (allocated here, freed in `deinit`); one per thread.
    final class DeltaHWorkspace {
        var upper = Double.nan
        var lower = Double.nan
        /// The slack below the previous upper decile (and above the lower one), as a fraction of
        /// their difference (plus 1 mm): doubled after the hint fell short, halved after it let
        /// through four or more residuals beyond the rank (the short sorted lists cost in proportion
        /// to the rank; measured on `bench terrain-profile`, 4 beat 8 by ≈ 3 % in the hills).
        var upperSlack = 0.02
        var lowerSlack = 0.02

        static func adapted(_ slack: Double, surplus: Int) -> Double {
            if surplus < 0 { return min(2 * slack, 0.32) }
            if surplus >= 4 { return max(0.5 * slack, 0.0025) }
            return slack
        }
        /// Doubles in each of the three parts of `scratch` (profile and residuals, above, below):
        /// room for the kernel's whole groups of four or eight.
        let room = 256
        let scratch: UnsafeMutableBufferPointer<Double>
        init() {
            precondition(room >= deltah_kernel_room(ITM.deltaHMaximumSamples))
            scratch = .allocate(capacity: 3 * room)
        }
        deinit { scratch.deallocate() }
    }

    /// Δh over the first `np + 1` elevations of `z`.
    ///
    /// As NTIA: the considered part of the profile (dStart…dEnd) is resampled at n = 10·p10 − 5
    /// equally spaced points by linear interpolation, a least-squares line is fitted, and Δh is the
    /// difference between the p10-th largest and the p10-th smallest residual (NTIA sorts all n and
    /// reads indices p10 − 1 and n − p10 of the descending order), divided by 1 − 0.8·e^(−(dEnd − dStart)/50 km).
    ///
    /// Three changes of method that give the same numbers up to rounding: each resampling position
    /// is computed from its index (x_start + j·step) rather than walked one step at a time; the fit's
    /// sums are kept in four partial sums (the C kernel `deltah_residuals`, AVX2 where the processor has
    /// it, with the same bits on every path); and the two order statistics are selected rather than
    /// sorted: the kernel's pass also keeps the residuals above and below the previous receiver's
    /// deciles (less a little slack), the rank is found among those few (a short sorted list for the
    /// usual small ranks), and among the rest when the hint falls short.
    static func computeDeltaH(z: UnsafeBufferPointer<Double>, np: Int, xi: Double, dStart: Double, dEnd: Double,
                              workspace: DeltaHWorkspace) -> Double {
        let xStart = dStart / xi
        let xEnd = dEnd / xi
        if xEnd - xStart < 2 { return 0 }

        let p10 = min(max(4, Int(0.1 * (xEnd - xStart + 8))), 25)  // 10 % index
        let n = 10 * p10 - 5
        let npS = Double(n - 1)

        // Resampling, fit and residuals in the C kernel (AVX2 where the processor has it); with them,
        // the residuals at or above the previous upper decile (less a little slack), and those at or
        // below the previous lower one.
        let room = workspace.room
        let s = UnsafeMutableBufferPointer(rebasing: workspace.scratch[0..<n])
        let above = UnsafeMutableBufferPointer(rebasing: workspace.scratch[room..<(room + n)])
        let below = UnsafeMutableBufferPointer(rebasing: workspace.scratch[(2 * room)..<(2 * room + n)])
        let range = workspace.upper - workspace.lower
        let upper = workspace.upper.isNaN ? -Double.infinity : workspace.upper - (workspace.upperSlack * range + 1e-3)
        let lower = workspace.lower.isNaN ? Double.infinity : workspace.lower + (workspace.lowerSlack * range + 1e-3)
        var nAbove = 0, nBelow = 0
        deltah_residuals(z.baseAddress!, np, xStart, (xEnd - xStart) / npS, n, upper, lower,
                         workspace.scratch.baseAddress!, above.baseAddress!, &nAbove, below.baseAddress!, &nBelow)
        // The p10-th largest: among `above` if at least p10 residuals reach the old decile (the
        // (nAbove − p10)-th smallest of them), else among the rest.
        let q10: Double
        if nAbove >= p10 {
            q10 = orderStatistic(UnsafeMutableBufferPointer(rebasing: above[0..<nAbove]), smallest: nAbove - p10)
        } else if p10 - nAbove <= smallRank {
            q10 = largest(p10 - 1 - nAbove, of: UnsafeBufferPointer(s), below: upper)
        } else {
            let copy = UnsafeMutableBufferPointer(rebasing: above[0..<n])
            _ = copy.initialize(from: s)
            select(copy, rankFromTop: p10 - 1)
            q10 = copy[p10 - 1]
        }
        // The p10-th smallest, likewise (rank n − p10 from the top).
        let q90: Double
        if nBelow >= p10 {
            q90 = orderStatistic(UnsafeMutableBufferPointer(rebasing: below[0..<nBelow]), largest: nBelow - p10)
        } else if p10 - nBelow <= smallRank {
            q90 = smallest(p10 - 1 - nBelow, of: UnsafeBufferPointer(s), above: lower)
        } else {
            select(s, rankFromTop: n - p10)
            q90 = s[n - p10]
        }
        workspace.upper = q10
        workspace.lower = q90
        workspace.upperSlack = DeltaHWorkspace.adapted(workspace.upperSlack, surplus: nAbove - p10)
        workspace.lowerSlack = DeltaHWorkspace.adapted(workspace.lowerSlack, surplus: nBelow - p10)
        return (q10 - q90) / (1 - 0.8 * exp(-(dEnd - dStart) / 50e3))
    }

    /// Ranks up to which ``largest(_:of:below:)`` and ``smallest(_:of:above:)`` serve: a list of at
    /// most this many values kept in order, each value merged in with min/max (no branch).
    static let smallRank = 8

    /// The value at 0-based rank `r` (< ``smallRank``) of the values of `v` under `bound`, largest
    /// first; -∞ if fewer than r + 1 are.
    @inline(__always)
    static func largest(_ r: Int, of v: UnsafeBufferPointer<Double>, below bound: Double) -> Double {
        ranked(r, of: v, below: bound, sign: 1)
    }

    /// The value at 0-based rank `r` (< ``smallRank``) of the values of `v` over `bound`, smallest
    /// first; +∞ if fewer than r + 1 are.
    @inline(__always)
    static func smallest(_ r: Int, of v: UnsafeBufferPointer<Double>, above bound: Double) -> Double {
        -ranked(r, of: v, below: -bound, sign: -1)
    }

    /// ``largest(_:of:below:)`` of the values times `sign` (±1, so exact), by the C kernel
    /// `deltah_ranked` (AVX2 where the processor has it, the same bits on every path): four lanes each
    /// keep the r + 1 largest they have seen under the bound (rounded up to 1, 2, 4 or 8) in order,
    /// merging each value x in without a branch — k_i ← max(k_i, min(k_(i−1), x)) from the last one
    /// up, then k0 ← max(k0, x) — and the r-th largest is taken from the heads of the four lists. (Four lanes
    /// rather than one: each merge waits for the one before it in its lane.)
    @inline(__always)
    private static func ranked(_ r: Int, of v: UnsafeBufferPointer<Double>, below bound: Double, sign: Double) -> Double {
        precondition(r >= 0 && r < smallRank)
        guard let base = v.baseAddress, !v.isEmpty else { return -.infinity }
        return deltah_ranked(base, v.count, r, bound, sign)
    }

    /// The value at 0-based rank `r` of `v` counted from its smallest: by ``smallest(_:of:above:)``
    /// for a small rank, else by ``select(_:rankFromTop:)`` (which rearranges `v`).
    @inline(__always)
    static func orderStatistic(_ v: UnsafeMutableBufferPointer<Double>, smallest r: Int) -> Double {
        if r < smallRank { return smallest(r, of: UnsafeBufferPointer(v), above: -.infinity) }
        select(v, rankFromTop: v.count - 1 - r)
        return v[v.count - 1 - r]
    }

    /// The value at 0-based rank `r` of `v` counted from its largest.
    @inline(__always)
    static func orderStatistic(_ v: UnsafeMutableBufferPointer<Double>, largest r: Int) -> Double {
        if r < smallRank { return largest(r, of: UnsafeBufferPointer(v), below: .infinity) }
        select(v, rankFromTop: r)
        return v[r]
    }

    /// Rearranges `v` so that `v[k]` holds the value a descending sort would put there, with no
    /// smaller value before it and no larger after it (Hoare's FIND with a median-of-three pivot).
    static func select(_ v: UnsafeMutableBufferPointer<Double>, rankFromTop k: Int) {
        var lo = 0, hi = v.count - 1
        while hi > lo {
            let mid = lo + (hi - lo) / 2
            // Median of three, ordered descending into lo, mid, hi.
            if v[mid] > v[lo] { v.swapAt(mid, lo) }
            if v[hi] > v[lo] { v.swapAt(hi, lo) }
            if v[hi] > v[mid] { v.swapAt(hi, mid) }
            let pivot = v[mid]
            var i = lo, j = hi
            while i <= j {
                while v[i] > pivot { i += 1 }
                while v[j] < pivot { j -= 1 }
                if i <= j { v.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }

    // MARK: Reference attenuation

    /// Median attenuation relative to free space from the line-of-sight, diffraction and troposcatter
    /// lines (NTIA `LongleyRice.cpp`; [ERL 79-ITS 67, Eqs. 3.16–3.21]).
    static func longleyRice(
        thetaHorizon: Pair, frequency fr: Frequency, zG: Complex, dHorizonMeters dHzn: Pair,
        hEffectiveMeters hE: Pair, gammaE: Double, nS: Double, deltaHMeters deltaH: Double,
        hMeters h: Pair, dMeters d: Double, isAreaMode: Bool, warnings: inout Warnings
    ) throws -> (aRefDB: Double, mode: PropagationMode) {
        let f = fr.mhz
        let aE = 1 / gammaE
        let dHznSmooth = Pair((2 * hE[0] * aE).squareRoot(), (2 * hE[1] * aE).squareRoot())
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
        let scale = cbrt(aE * aE / f)
        let d3 = max(dSML, dML + 5 * scale)
        let d4 = d3 + 10 * scale
        let diffraction = DiffractionTerms(dHzn: dHzn, hE: hE, zG: zG, aE: aE, deltaH: deltaH, h: h,
                                           isAreaMode: isAreaMode, thetaLOS: thetaLOS, dSML: dSML, frequency: fr)
        let a3 = diffraction.loss(d3)
        let a4 = diffraction.loss(d4)
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
            let a1 = lineOfSightLoss(d1, hE, zG, deltaH, mD, aD0, dSML, fr)
            var useTwoPoint = false
            var k1 = 0.0
            var k2 = 0.0
            if d0 < d1 {
                let a0 = lineOfSightLoss(d0, hE, zG, deltaH, mD, aD0, dSML, fr)
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
            // [ERL 79-ITS 67, Eq. 3.19]: A_o + k1·d + k2·ln d with A_o = A_sML − k1·d_sML − k2·ln d_sML.
            // (k2 = 0 whenever the two-point form is not used, so its logarithms are skipped then.)
            aRef = k2 == 0 ? aSML - k1 * dSML + k1 * d : aSML - k1 * dSML - k2 * log(dSML) + k1 * d + k2 * log(d)
            mode = .lineOfSight
        } else if d <= min(max(dSML, dML + 1.088 * scale * fr.logarithm), 10e6) {
            // Trans-horizon, nearer than the smallest distance at which the troposcatter line can take
            // over (d_x below is never less than this, and is 10,000 km when the scatter line is out of
            // reach): the diffraction line, without evaluating troposcatter at d_ML + 200 and 400 km.
            aRef = mD * d + aD0
            mode = .diffraction
        } else {
            // Trans-horizon: diffraction or troposcatter, whichever line applies at this distance.
            let d5 = dML + 200e3
            let d6 = dML + 400e3
            var h0 = -1.0
            let a6 = troposcatterLoss(d6, thetaHorizon, dHzn, hE, aE, nS, fr, thetaLOS, &h0)
            let a5 = troposcatterLoss(d5, thetaHorizon, dHzn, hE, aE, nS, fr, thetaLOS, &h0)
            let mS: Double
            let aS0: Double
            let dX: Double
            if a5 < 1000 {
                mS = (a6 - a5) / 200e3
                dX = max(max(dSML, dML + 1.088 * scale * fr.logarithm), (a5 - aD0 - mS * d5) / (mD - mS))
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

    /// Diffraction attenuation at a distance d: a weighted blend of double knife-edge and
    /// smooth-earth diffraction plus a clutter term (NTIA `DiffractionLoss.cpp`; [ERL 79-ITS 67,
    /// Eqs. 3.23, 3.38c]). The terms that do not depend on d are computed once for the two distances
    /// that define the diffraction line.
    struct DiffractionTerms {
        let dHzn: Pair, hE: Pair, aE: Double, thetaLOS: Double, fr: Frequency
        /// Clutter factor A_fo.
        let aFO: Double
        /// √(1 + q_k / q) and the d-independent part of the weight's argument.
        let term1: Double, deltaH: Double
        /// Smooth-earth terms of the two horizons (Vogler 1964): x₁ + x₂ (km) and F(x, K) of each terminal.
        let x12: Double, f1: Double, f2: Double, zGMagnitude: Double

        init(dHzn: Pair, hE: Pair, zG: Complex, aE: Double, deltaH: Double, h: Pair, isAreaMode: Bool,
             thetaLOS: Double, dSML: Double, frequency fr: Frequency) {
            self.dHzn = dHzn; self.hE = hE; self.aE = aE; self.thetaLOS = thetaLOS; self.fr = fr; self.deltaH = deltaH
            let sigmaHD = ITM.sigmaH(ITM.terrainRoughness(dSML, deltaH))
            aFO = min(15, 5 * log10(1 + 1e-5 * h[0] * h[1] * fr.mhz * sigmaHD))  // clutter factor
            var q = h[0] * h[1]
            let qk = hE[0] * hE[1] - q
            if !isAreaMode { q += 10 }  // C ≈ 10 for low antennas with known path [ERL 79-ITS 67, p. 3-8]
            term1 = (1 + qk / q).squareRoot()
            zGMagnitude = zG.magnitude
            // Terminal radii and smooth-earth heights of the horizons [Vogler 1964, Eq. 2, 6a/7a; Fig. 4].
            var c0 = Pair(0, 0), k = Pair(0, 0), b = Pair(0, 0)
            for i in 0..<2 {
                let radius = 0.5 * dHzn[i] * dHzn[i] / hE[i]
                c0[i] = cbrt((4.0 / 3.0) * ITM.earthRadiusMeters / radius)
                k[i] = 0.017778 * c0[i] / fr.cubeRoot / zGMagnitude
                b[i] = 1.607 - k[i]
            }
            let x1 = b[0] * c0[0] * c0[0] * fr.cubeRoot * (dHzn[0] / 1000)
            let x2 = b[1] * c0[1] * c0[1] * fr.cubeRoot * (dHzn[1] / 1000)
            x12 = x1 + x2
            f1 = ITM.heightFunction(x1, k[0])
            f2 = ITM.heightFunction(x2, k[1])
        }

        func loss(_ d: Double) -> Double {
            let aK = ITM.knifeEdgeDiffraction(d, fr.mhz, aE, thetaLOS, dHzn)
            let aSE = smoothEarth(d)
            let deltaHD = ITM.terrainRoughness(d, deltaH)
            let dML = dHzn[0] + dHzn[1]
            let q = (term1 + (-thetaLOS * aE + dML) / d) * min(deltaHD * fr.mhz / 47.7, 6283.2)
            let w = 25.1 / (25.1 + q.squareRoot())
            return w * aSE + (1 - w) * aK + aFO
        }

        /// Smooth-earth diffraction by Vogler's three-radii method
        /// (NTIA `SmoothEarthDiffraction.cpp`; [Vogler 1964], [TN101, Eq. 8.4], [Algorithm, Eq. 4.20]).
        func smoothEarth(_ d: Double) -> Double {
            let thetaNLOS = d / aE - thetaLOS
            let dML = dHzn[0] + dHzn[1]
            let radius = (d - dML) / (d / aE - thetaLOS)
            let c0 = cbrt((4.0 / 3.0) * ITM.earthRadiusMeters / radius)  // [Vogler 1964, Eq. 2]
            let k = 0.017778 * c0 / fr.cubeRoot / zGMagnitude  // [Vogler 1964, Eq. 6a/7a]
            let b0 = 1.607 - k  // [Vogler 1964, Fig. 4]
            let x0 = b0 * c0 * c0 * fr.cubeRoot * (radius * thetaNLOS / 1000) + x12
            let g = 0.05751 * x0 - 10 * log10(x0)
            return g - f1 - f2 - 20
        }
    }

    /// Diffraction attenuation at distance `d` (NTIA `DiffractionLoss.cpp`), for callers with one distance.
    static func diffractionLoss(
        _ d: Double, _ dHzn: Pair, _ hE: Pair, _ zG: Complex, _ aE: Double, _ deltaH: Double,
        _ h: Pair, _ isAreaMode: Bool, _ thetaLOS: Double, _ dSML: Double, _ f: Double
    ) -> Double {
        DiffractionTerms(dHzn: dHzn, hE: hE, zG: zG, aE: aE, deltaH: deltaH, h: h, isAreaMode: isAreaMode,
                         thetaLOS: thetaLOS, dSML: dSML, frequency: Frequency(f)).loss(d)
    }

    /// Double knife-edge attenuation over the two horizons (NTIA `KnifeEdgeDiffraction.cpp`; [TN101, Eq. I.7, I.1]).
    static func knifeEdgeDiffraction(_ d: Double, _ f: Double, _ aE: Double, _ thetaLOS: Double, _ dHzn: Pair) -> Double {
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

    /// Height-gain function F(x, K) for smooth-earth diffraction (NTIA `SmoothEarthDiffraction.cpp`).
    static func heightFunction(_ xKm: Double, _ k: Double) -> Double {
        if xKm < 200 {
            let w = -log(k)
            if k < 1e-5 || xKm * w * w * w > 5495 {
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
    @inline(__always)
    static func terrainRoughness(_ d: Double, _ deltaH: Double) -> Double {
        deltaH * (1 - 0.8 * exp(-d / 50e3))
    }

    /// RMS terrain deviation within the first Fresnel zone, σ_h ([ERL 79-ITS 67, Eq. 3.6a]).
    @inline(__always)
    static func sigmaH(_ deltaH: Double) -> Double {
        0.78 * deltaH * exp(-0.5 * deltaH.squareRoot().squareRoot())  // Δh^0.25 as two square roots
    }

    /// Line-of-sight attenuation: two-ray model blended with the extended diffraction line
    /// (NTIA `LineOfSightLoss.cpp`; [Algorithm, Eqs. 4.46–4.50]).
    static func lineOfSightLoss(
        _ d: Double, _ hE: Pair, _ zG: Complex, _ deltaH: Double, _ mD: Double, _ aD0: Double,
        _ dSML: Double, _ fr: Frequency
    ) -> Double {
        let sigmaHD = sigmaH(terrainRoughness(d, deltaH))
        let wn = fr.waveNumber
        let sumH = hE[0] + hE[1]
        let sinPsi = sumH / (d * d + sumH * sumH).squareRoot()
        let s = Complex(sinPsi, 0)
        var rE = (s - zG) / (s + zG) * exp(-min(10, wn * sigmaHD * sinPsi))
        let q = rE.re * rE.re + rE.im * rE.im
        if q < 0.25 || q < sinPsi { rE = rE * (sinPsi / q).squareRoot() }
        var deltaPhi = wn * 2 * hE[0] * hE[1] / d
        if deltaPhi > Double.pi / 2 { deltaPhi = Double.pi - (Double.pi / 2) * (Double.pi / 2) / deltaPhi }
        let rr = Complex(cos(deltaPhi), -sin(deltaPhi)) + rE
        let aT = -10 * log10(rr.re * rr.re + rr.im * rr.im)
        let aD = mD * d + aD0
        let w = 1 / (1 + fr.mhz * deltaH / max(10e3, dSML))
        return w * aT + (1 - w) * aD
    }

    /// Troposcatter attenuation (NTIA `TroposcatterLoss.cpp`; [TN101, Eqs. 9.3–9.5], [Algorithm, Eqs. 4.63–4.67]).
    /// `h0` carries the frequency-gain value H₀ between the two calls at d₆ and d₅ (start with −1).
    static func troposcatterLoss(
        _ d: Double, _ thetaHzn: Pair, _ dHzn: Pair, _ hE: Pair, _ aE: Double, _ nS: Double,
        _ fr: Frequency, _ thetaLOS: Double, _ h0: inout Double
    ) -> Double {
        let wn = fr.waveNumber
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
            let ratio = min(1.7, hCross / z1)
            let ratio2 = ratio * ratio
            let etaS = (hCross / z0) * (1 + (0.031 - nS * 2.32e-3 + nS * nS * 5.67e-6)
                                         * exp(-(ratio2 * ratio2 * ratio2)))
            let h00 = (h0Function(r1, etaS) + h0Function(r2, etaS)) / 2
            let deltaH0 = min(h00, 6 * (0.6 - log10(max(etaS, 1))) * log10(s) * log10(q))
            bigH0 = max(h00 + deltaH0, 0)
            if etaS < 1 {
                let sqrt2 = 2.0.squareRoot()
                let product = (1 + sqrt2 / r1) * (1 + sqrt2 / r2)
                bigH0 = etaS * bigH0 + (1 - etaS) * 10
                    * log10(product * product * (r1 + r2) / (r1 + r2 + 2 * sqrt2))
            }
            if bigH0 > 15 && h0 >= 0 { bigH0 = h0 }
        }
        h0 = bigH0
        let th = d / aE - thetaLOS
        let th2 = th * th
        return fFunction(th * d) + 10 * log10(wn * 47.7 * th2 * th2)
            - 0.1 * (nS - 301) * exp(-th * d / 40e3) + bigH0
    }

    /// Attenuation function F(θd) for troposcatter ([Algorithm, Eq. 6.9]).
    static func fFunction(_ td: Double) -> Double {
        if td <= 10e3 { return 133.4 + 0.332e-3 * td - 10 * log10(td) }
        if td <= 70e3 { return 104.6 + 0.212e-3 * td - 2.5 * log10(td) }
        return 71.8 + 0.157e-3 * td + 5.0 * log10(td)
    }

    /// Troposcatter frequency-gain function H₀(r, η_s), interpolated between the curves of
    /// [Algorithm, Eq. 6.13] (NTIA `H0Function.cpp`).
    static func h0Function(_ r: Double, _ etaS: Double) -> Double {
        let a: (Double, Double, Double, Double, Double) = (25.0, 80.0, 177.0, 395.0, 705.0)
        let b: (Double, Double, Double, Double, Double) = (24.0, 45.0, 68.0, 80.0, 105.0)
        let r2 = 1 / (r * r)
        func curve(_ j: Int) -> Double {
            let (aj, bj): (Double, Double)
            switch j {
            case 0: (aj, bj) = (a.0, b.0)
            case 1: (aj, bj) = (a.1, b.1)
            case 2: (aj, bj) = (a.2, b.2)
            case 3: (aj, bj) = (a.3, b.3)
            default: (aj, bj) = (a.4, b.4)
            }
            return 10 * log10(1 + aj * r2 * r2 + bj * r2)
        }
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
    @inline(__always)
    private static func curve(_ c1: Double, _ c2: Double, _ x1: Double, _ x2: Double, _ x3: Double, _ dE: Double) -> Double {
        let t1 = dE / x1, t2 = (dE - x2) / x3
        let r = t1 * t1
        return (c1 + c2 / (1 + t2 * t2)) * r / (1 + r)
    }

    /// Per-climate constants of [Algorithm, §5, Table 5.1] and [TN101, Fig. 10.13] (NTIA `Variability.cpp`),
    /// index = climate − 1.
    private enum ClimateTable {
        static let allYear: [[Double]] = [
            [-9.67, -0.62, 1.26, -9.21, -0.62, -0.39, 3.15],
            [12.7, 9.19, 15.5, 9.05, 9.19, 2.86, 857.9],
            [144.9e3, 228.9e3, 262.6e3, 84.1e3, 228.9e3, 141.7e3, 2222e3],
            [190.3e3, 205.2e3, 185.2e3, 101.1e3, 205.2e3, 315.9e3, 164.8e3],
            [133.8e3, 143.6e3, 99.8e3, 98.6e3, 143.6e3, 167.4e3, 116.3e3],
        ]
        static let bsm1 = [2.13, 2.66, 6.11, 1.98, 2.68, 6.86, 8.51]
        static let bsm2 = [159.5, 7.67, 6.65, 13.11, 7.16, 10.38, 169.8]
        static let xsm1 = [762.2e3, 100.4e3, 138.2e3, 139.1e3, 93.7e3, 187.8e3, 609.8e3]
        static let xsm2 = [123.6e3, 172.5e3, 242.2e3, 132.7e3, 186.8e3, 169.6e3, 119.9e3]
        static let xsm3 = [94.5e3, 136.4e3, 178.6e3, 193.5e3, 133.5e3, 108.9e3, 106.6e3]
        static let bsp1 = [2.11, 6.87, 10.08, 3.68, 4.75, 8.58, 8.43]
        static let bsp2 = [102.3, 15.53, 9.60, 159.3, 8.12, 13.97, 8.19]
        static let xsp1 = [636.9e3, 138.7e3, 165.3e3, 464.4e3, 93.2e3, 216.0e3, 136.2e3]
        static let xsp2 = [134.8e3, 143.7e3, 225.7e3, 93.1e3, 135.9e3, 152.0e3, 188.5e3]
        static let xsp3 = [95.6e3, 98.6e3, 129.7e3, 94.2e3, 113.4e3, 122.7e3, 122.9e3]
        static let cD = [1.224, 0.801, 1.380, 1.000, 1.224, 1.518, 1.518]  // [Algorithm, Table 5.1]
        static let zD = [1.282, 2.161, 1.282, 20.0, 1.282, 1.282, 1.282]  // [Algorithm, Table 5.1]
        static let bfm1 = [1.0, 1.0, 1.0, 1.0, 0.92, 1.0, 1.0]
        static let bfm2 = [0.0, 0.0, 0.0, 0.0, 0.25, 0.0, 0.0]
        static let bfm3 = [0.0, 0.0, 0.0, 0.0, 1.77, 0.0, 0.0]
        static let bfp1 = [1.0, 0.93, 1.0, 0.93, 0.93, 1.0, 1.0]
        static let bfp2 = [0.0, 0.31, 0.0, 0.19, 0.31, 0.0, 0.0]
        static let bfp3 = [0.0, 2.00, 0.0, 1.79, 2.00, 0.0, 0.0]
    }

    /// The variability computation of NTIA `Variability.cpp` ([Algorithm, §5]) split in two: what
    /// depends only on the quantiles, climate, frequency and mode (computed once), and
    /// ``attenuationDB(hEffectiveMeters:deltaHMeters:dMeters:aRefDB:)`` per path.
    struct Variability: Sendable {
        let zT: Double, zL: Double, zS: Double
        let climateIndex: Int
        let waveNumber: Double
        let mdvar: ModeOfVariability
        /// ∛(575.7e12 / wn), the frequency term of the effective distance [Algorithm, Eq. 5.3].
        let frequencyDistance: Double
        let gMinus: Double, gPlus: Double
        let allYear: (Double, Double, Double, Double, Double)
        let sm: (Double, Double, Double, Double, Double)
        let sp: (Double, Double, Double, Double, Double)
        let cD: Double, zD: Double

        init(time: Double, location: Double, situation: Double, climate: Climate, frequencyMHz f: Double,
             mdvar: ModeOfVariability, warnings: inout Warnings) {
            var zT = inverseComplementaryCDF(time / 100)
            var zL = inverseComplementaryCDF(location / 100)
            let zS = inverseComplementaryCDF(situation / 100)
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
            self.zT = zT; self.zL = zL; self.zS = zS
            self.mdvar = mdvar
            let c = climate.rawValue - 1
            climateIndex = c
            let wn = f / 47.7
            waveNumber = wn
            frequencyDistance = cbrt(575.7e12 / wn)
            typealias T = ClimateTable
            let q = log(0.133 * wn)
            let m = T.bfm3[c] * q, pl = T.bfp3[c] * q
            gMinus = T.bfm1[c] + T.bfm2[c] / (m * m + 1)
            gPlus = T.bfp1[c] + T.bfp2[c] / (pl * pl + 1)
            allYear = (T.allYear[0][c], T.allYear[1][c], T.allYear[2][c], T.allYear[3][c], T.allYear[4][c])
            sm = (T.bsm1[c], T.bsm2[c], T.xsm1[c], T.xsm2[c], T.xsm3[c])
            sp = (T.bsp1[c], T.bsp2[c], T.xsp1[c], T.xsp2[c], T.xsp3[c])
            cD = T.cD[c]
            zD = T.zD[c]
        }

        /// Attenuation at the requested quantiles relative to free space, dB.
        func attenuationDB(hEffectiveMeters hE: Pair, deltaHMeters deltaH: Double, dMeters d: Double, aRefDB: Double) -> Double {
            let wn = waveNumber
            // Effective distance [Algorithm, Eq. 5.3].
            let dEx = (2 * radius9000Meters * hE[0]).squareRoot() + (2 * radius9000Meters * hE[1]).squareRoot()
                + frequencyDistance
            let dE = d < dEx ? 130e3 * d / dEx : 130e3 + d - dEx

            // [Algorithm, Eq. 5.10]. σ_S enters the result only through y_S, a finite root times z_S: at the
            // median situation (z_S = 0) y_S is 0 whatever σ_S is, so its exponential is not taken.
            let sigmaS = mdvar.eliminatesSituationVariability || zS == 0 ? 0 : 5 + 3 * exp(-dE / 100e3)
            let vMed = curve(allYear.0, allYear.1, allYear.2, allYear.3, allYear.4, dE)

            let sigmaL: Double
            if mdvar.eliminatesLocationVariability {
                sigmaL = 0
            } else {
                let deltaHD = terrainRoughness(d, deltaH)
                sigmaL = 10 * wn * deltaHD / (wn * deltaHD + 13)  // context of [Algorithm, Eq. 5.9]
            }
            let yL = sigmaL * zL

            let sigmaTMinus = curve(sm.0, sm.1, sm.2, sm.3, sm.4, dE) * gMinus
            let sigmaTPlus = curve(sp.0, sp.1, sp.2, sp.3, sp.4, dE) * gPlus
            let sigmaTD = cD * sigmaTPlus
            let tgtd = (sigmaTPlus - sigmaTD) * zD
            let sigmaT: Double
            if zT < 0 {
                sigmaT = sigmaTMinus
            } else if zT <= zD {
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

    /// Attenuation at the requested time/location/situation quantiles, relative to free space
    /// (NTIA `Variability.cpp`), for a single prediction.
    static func variability(
        time: Double, location: Double, situation: Double, hEffectiveMeters hE: Pair, deltaHMeters deltaH: Double,
        frequencyMHz f: Double, dMeters d: Double, aRefDB: Double, climate: Climate, mdvar: ModeOfVariability,
        warnings: inout Warnings
    ) -> Double {
        Variability(time: time, location: location, situation: situation, climate: climate, frequencyMHz: f,
                    mdvar: mdvar, warnings: &warnings)
            .attenuationDB(hEffectiveMeters: hE, deltaHMeters: deltaH, dMeters: d, aRefDB: aRefDB)
    }
}
