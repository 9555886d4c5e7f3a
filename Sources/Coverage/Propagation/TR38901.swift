import Foundation

/// 3GPP TR 38.901 (V16.1.0 / V17.0.0) §7.4.1, Table 7.4.1-1 "Pathloss models": rural macro (RMa)
/// and urban macro (UMa), LOS and NLOS, median values (shadow fading σ_SF not included).
///
/// Notation as in the table: fc is the centre frequency in GHz inside the formulas and in Hz in the
/// breakpoint distances; c = 3.0·10⁸ m/s (table note); d2D the ground distance and
/// d3D = √(d2D² + (hBS − hUT)²) the direct distance, both in metres; log = log10.
///
/// **RMa** (defaults h = 5 m average building height, W = 20 m average street width):
///
///     d_BP = 2π·hBS·hUT·fc/c                                                    (note 5)
///     PL1(d) = 20·log(40π·d·fc/3) + min(0.03·h^1.72, 10)·log(d) − min(0.044·h^1.72, 14.77) + 0.002·log(h)·d
///     LOS:   PL = PL1(d3D)                          for 10 m ≤ d2D ≤ d_BP
///            PL = PL1(d_BP) + 40·log(d3D/d_BP)      for d_BP ≤ d2D ≤ 10 km
///     NLOS': PL' = 161.04 − 7.1·log W + 7.5·log h − (24.37 − 3.7·(h/hBS)²)·log hBS
///                  + (43.42 − 3.1·log hBS)·(log d3D − 3) + 20·log fc − (3.2·(log(11.75·hUT))² − 4.97)
///     NLOS:  PL = max(PL_LOS, PL'),                 for 10 m ≤ d2D ≤ 5 km
///     Applicability: 5 m ≤ h ≤ 50 m, 5 m ≤ W ≤ 50 m, 10 m ≤ hBS ≤ 150 m, 1 m ≤ hUT ≤ 10 m.
///
/// PL1(d_BP) is read literally, PL1 evaluated at distance d_BP (as Sionna does); this leaves a small
/// step at d2D = d_BP because PL1 on the LOS side is evaluated at d3D > d2D. The hUT-dependent parts of
/// RMa are d_BP and the last bracket of PL' (the Hata large-city a(hm), ≥ 400 MHz form).
///
/// **UMa** (hBS = 25 m in the table):
///
///     d'_BP = 4·h'BS·h'UT·fc/c,  h'BS = hBS − hE, h'UT = hUT − hE, hE = 1 m      (note 1)
///     LOS:   PL1 = 28.0 + 22·log d3D + 20·log fc                                      10 m ≤ d2D ≤ d'_BP
///            PL2 = 28.0 + 40·log d3D + 20·log fc − 9·log((d'_BP)² + (hBS − hUT)²)     d'_BP ≤ d2D ≤ 5 km
///     NLOS': PL' = 13.54 + 39.08·log d3D + 20·log fc − 0.6·(hUT − 1.5)
///     NLOS:  PL = max(PL_LOS, PL'),                                                   10 m ≤ d2D ≤ 5 km
///     Applicability: 1.5 m ≤ hUT ≤ 22.5 m.
///
/// The table sets hE = 1 m with probability 1/(1 + C(d2D, hUT)), where C = 0 for hUT < 13 m; for
/// 13 m ≤ hUT ≤ 22.5 m hE is otherwise drawn from {12, 15, …, hUT − 1.5}. This median model always
/// uses hE = 1 m and warns for hUT ≥ 13 m. The UMa hUT-dependent parts are d'_BP, the (hBS − hUT)
/// term of PL2 and the −0.6·(hUT − 1.5) term of PL'.
///
/// Frequency: §7.4.1 covers 0.5–100 GHz; the RMa LOS model is validated up to 7 GHz and stated
/// applicable up to 30 GHz (table note), so RMa accepts 0.5–30 GHz and warns above 7 GHz.
/// UMa with hBS ≠ 25 m is an extension: accepted for 10–150 m (the RMa range, a project choice) with a warning.
public enum TR38901 {
    /// Propagation speed used by TR 38.901 Table 7.4.1-1, m/s (the table's own value, not the exact SI c).
    public static let speedOfLightMetersPerSecond = 3.0e8

    /// RMa default average building height h, metres (Table 7.4.1-1).
    public static let rmaDefaultBuildingHeightMeters = 5.0
    /// RMa default average street width W, metres (Table 7.4.1-1).
    public static let rmaDefaultStreetWidthMeters = 20.0
    /// UMa effective environment height hE for hUT < 13 m, metres (Table 7.4.1-1 note 1).
    public static let umaEffectiveEnvironmentHeightMeters = 1.0
    /// UMa nominal base-station height, metres (Table 7.4.1-1).
    public static let umaNominalBSHeightMeters = 25.0

    /// RMa frequency range accepted, MHz (0.5–30 GHz).
    public static let rmaFrequencyRangeMHz: ClosedRange<Double> = 500.0 ... 30_000.0
    /// RMa frequency up to which the model is validated, MHz (7 GHz).
    public static let rmaValidatedFrequencyMHz = 7_000.0
    /// RMa base-station height range, metres.
    public static let rmaBSHeightRangeMeters: ClosedRange<Double> = 10.0 ... 150.0
    /// RMa user-terminal height range, metres.
    public static let rmaUTHeightRangeMeters: ClosedRange<Double> = 1.0 ... 10.0
    /// RMa LOS 2D distance range, metres.
    public static let rmaLOSDistanceRangeMeters: ClosedRange<Double> = 10.0 ... 10_000.0
    /// RMa NLOS 2D distance range, metres.
    public static let rmaNLOSDistanceRangeMeters: ClosedRange<Double> = 10.0 ... 5_000.0

    /// UMa frequency range accepted, MHz (0.5–100 GHz).
    public static let umaFrequencyRangeMHz: ClosedRange<Double> = 500.0 ... 100_000.0
    /// UMa base-station heights accepted, metres (project extension around the nominal 25 m).
    public static let umaBSHeightRangeMeters: ClosedRange<Double> = 10.0 ... 150.0
    /// UMa user-terminal height range, metres.
    public static let umaUTHeightRangeMeters: ClosedRange<Double> = 1.5 ... 22.5
    /// UMa 2D distance range (LOS and NLOS), metres.
    public static let umaDistanceRangeMeters: ClosedRange<Double> = 10.0 ... 5_000.0

    // MARK: RMa

    /// RMa breakpoint distance d_BP = 2π·hBS·hUT·fc/c in metres (fc in Hz).
    public static func rmaBreakpointMeters(frequencyMHz: Double, bsHeightMeters: Double, utHeightMeters: Double) -> Double {
        2.0 * Double.pi * bsHeightMeters * utHeightMeters * (frequencyMHz * 1.0e6) / speedOfLightMetersPerSecond
    }

    /// The RMa PL1 formula at distance `d` metres (fc in GHz inside).
    static func rmaPL1DB(distanceMeters d: Double, frequencyGHz fc: Double, buildingHeightMeters h: Double) -> Double {
        let h172 = pow(h, 1.72)
        return 20.0 * log10(40.0 * Double.pi * d * fc / 3.0)
            + Swift.min(0.03 * h172, 10.0) * log10(d)
            - Swift.min(0.044 * h172, 14.77)
            + 0.002 * log10(h) * d
    }

    /// RMa LOS median path loss in dB.
    /// - Parameters:
    ///   - distance2DMeters: d2D, metres (published 10 m–10 km).
    ///   - frequencyMHz: centre frequency, MHz.
    ///   - bsHeightMeters: hBS, metres (10–150).
    ///   - utHeightMeters: hUT, metres (1–10).
    ///   - buildingHeightMeters: average building height h, metres (5–50; default 5).
    ///   - streetWidthMeters: average street width W, metres (5–50; default 20). Unused for LOS, kept for symmetry.
    public static func rmaLOSPathLossDB(distance2DMeters d2D: Double, frequencyMHz: Double,
                                        bsHeightMeters hBS: Double, utHeightMeters hUT: Double,
                                        buildingHeightMeters h: Double = rmaDefaultBuildingHeightMeters,
                                        streetWidthMeters _: Double = rmaDefaultStreetWidthMeters) -> Double {
        let fc = frequencyMHz / 1_000.0
        let dh = hBS - hUT
        let d3D = (d2D * d2D + dh * dh).squareRoot()
        let dBP = rmaBreakpointMeters(frequencyMHz: frequencyMHz, bsHeightMeters: hBS, utHeightMeters: hUT)
        if d2D <= dBP {
            return rmaPL1DB(distanceMeters: d3D, frequencyGHz: fc, buildingHeightMeters: h)
        }
        return rmaPL1DB(distanceMeters: dBP, frequencyGHz: fc, buildingHeightMeters: h) + 40.0 * log10(d3D / dBP)
    }

    /// RMa NLOS median path loss in dB: max(PL_RMa-LOS, PL'_RMa-NLOS).
    /// - Parameters: as ``rmaLOSPathLossDB(distance2DMeters:frequencyMHz:bsHeightMeters:utHeightMeters:buildingHeightMeters:streetWidthMeters:)``;
    ///   published d2D range 10 m–5 km.
    public static func rmaNLOSPathLossDB(distance2DMeters d2D: Double, frequencyMHz: Double,
                                         bsHeightMeters hBS: Double, utHeightMeters hUT: Double,
                                         buildingHeightMeters h: Double = rmaDefaultBuildingHeightMeters,
                                         streetWidthMeters w: Double = rmaDefaultStreetWidthMeters) -> Double {
        let fc = frequencyMHz / 1_000.0
        let dh = hBS - hUT
        let d3D = (d2D * d2D + dh * dh).squareRoot()
        let lhBS = log10(hBS)
        let hRatio = h / hBS
        let aHUT = log10(11.75 * hUT)
        let nlosPrime = 161.04 - 7.1 * log10(w) + 7.5 * log10(h)
            - (24.37 - 3.7 * hRatio * hRatio) * lhBS
            + (43.42 - 3.1 * lhBS) * (log10(d3D) - 3.0)
            + 20.0 * log10(fc)
            - (3.2 * aHUT * aHUT - 4.97)
        let los = rmaLOSPathLossDB(distance2DMeters: d2D, frequencyMHz: frequencyMHz,
                                   bsHeightMeters: hBS, utHeightMeters: hUT, buildingHeightMeters: h, streetWidthMeters: w)
        return Swift.max(los, nlosPrime)
    }

    // MARK: UMa

    /// UMa breakpoint distance d'_BP = 4·(hBS − hE)·(hUT − hE)·fc/c in metres (fc in Hz, hE = 1 m).
    public static func umaBreakpointMeters(frequencyMHz: Double, bsHeightMeters: Double, utHeightMeters: Double) -> Double {
        let hE = umaEffectiveEnvironmentHeightMeters
        return 4.0 * (bsHeightMeters - hE) * (utHeightMeters - hE) * (frequencyMHz * 1.0e6) / speedOfLightMetersPerSecond
    }

    /// UMa LOS median path loss in dB.
    /// - Parameters:
    ///   - distance2DMeters: d2D, metres (published 10 m–5 km).
    ///   - frequencyMHz: centre frequency, MHz.
    ///   - bsHeightMeters: hBS, metres (nominal 25).
    ///   - utHeightMeters: hUT, metres (1.5–22.5).
    public static func umaLOSPathLossDB(distance2DMeters d2D: Double, frequencyMHz: Double,
                                        bsHeightMeters hBS: Double, utHeightMeters hUT: Double) -> Double {
        let fc = frequencyMHz / 1_000.0
        let dh = hBS - hUT
        let d3D = (d2D * d2D + dh * dh).squareRoot()
        let dBP = umaBreakpointMeters(frequencyMHz: frequencyMHz, bsHeightMeters: hBS, utHeightMeters: hUT)
        if d2D <= dBP {
            return 28.0 + 22.0 * log10(d3D) + 20.0 * log10(fc)
        }
        return 28.0 + 40.0 * log10(d3D) + 20.0 * log10(fc) - 9.0 * log10(dBP * dBP + dh * dh)
    }

    /// UMa NLOS median path loss in dB: max(PL_UMa-LOS, PL'_UMa-NLOS).
    /// - Parameters: as ``umaLOSPathLossDB(distance2DMeters:frequencyMHz:bsHeightMeters:utHeightMeters:)``.
    public static func umaNLOSPathLossDB(distance2DMeters d2D: Double, frequencyMHz: Double,
                                         bsHeightMeters hBS: Double, utHeightMeters hUT: Double) -> Double {
        let fc = frequencyMHz / 1_000.0
        let dh = hBS - hUT
        let d3D = (d2D * d2D + dh * dh).squareRoot()
        let nlosPrime = 13.54 + 39.08 * log10(d3D) + 20.0 * log10(fc) - 0.6 * (hUT - 1.5)
        let los = umaLOSPathLossDB(distance2DMeters: d2D, frequencyMHz: frequencyMHz,
                                   bsHeightMeters: hBS, utHeightMeters: hUT)
        return Swift.max(los, nlosPrime)
    }

    // MARK: Validity

    static func validateRMa(los: Bool, frequencyMHz: Double, bsHeightMeters: Double, utHeightMeters: Double) throws -> [String] {
        let model = PropagationModel.rma(los: los).description
        var warnings: [String] = []
        let checks: [(ModelLimit, Double)] = [
            (ModelLimit(model: model, parameter: "frequency_mhz", range: rmaFrequencyRangeMHz), frequencyMHz),
            (ModelLimit(model: model, parameter: "tx_height_m", range: rmaBSHeightRangeMeters), bsHeightMeters),
            (ModelLimit(model: model, parameter: "rx_height_m", range: rmaUTHeightRangeMeters), utHeightMeters),
        ]
        for (limit, value) in checks {
            if let w = try limit.check(value) { warnings.append(w) }
        }
        if frequencyMHz > rmaValidatedFrequencyMHz {
            warnings.append("\(model): frequency_mhz = \(frequencyMHz) is above 7000 MHz, the highest frequency "
                + "at which TR 38.901 validated the RMa model (it is stated applicable up to 30 GHz)")
        }
        return warnings
    }

    static func validateUMa(los: Bool, frequencyMHz: Double, bsHeightMeters: Double, utHeightMeters: Double) throws -> [String] {
        let model = PropagationModel.uma(los: los).description
        var warnings: [String] = []
        let checks: [(ModelLimit, Double)] = [
            (ModelLimit(model: model, parameter: "frequency_mhz", range: umaFrequencyRangeMHz), frequencyMHz),
            (ModelLimit(model: model, parameter: "tx_height_m", range: umaBSHeightRangeMeters), bsHeightMeters),
            // No near-edge warning for hUT: 1.5 m, the lower limit, is the table's reference height
            // (the −0.6·(hUT − 1.5) term vanishes there), and hUT ≥ 13 m has its own warning below.
            (ModelLimit(model: model, parameter: "rx_height_m", range: umaUTHeightRangeMeters, edgeFraction: 0), utHeightMeters),
        ]
        for (limit, value) in checks {
            if let w = try limit.check(value) { warnings.append(w) }
        }
        if bsHeightMeters != umaNominalBSHeightMeters {
            warnings.append("\(model): tx_height_m = \(bsHeightMeters) differs from the 25 m for which TR 38.901 "
                + "publishes UMa; the formula is extended")
        }
        if utHeightMeters >= 13.0 {
            warnings.append("\(model): rx_height_m = \(utHeightMeters) ≥ 13 m, where TR 38.901 draws hE at random; "
                + "this median model keeps hE = 1 m")
        }
        return warnings
    }
}
