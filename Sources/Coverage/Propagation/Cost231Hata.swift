// Default-range check (hand calculation, log = log10), f = 1800 MHz, hb = 35 m, hm = 1.5 m:
//   log f = 3.255273;  log hb = 1.544068
//   a(hm) = (1.1·3.255273 − 0.7)·1.5 − (1.56·3.255273 − 0.8) = 2.880800·1.5 − 4.278225 = 4.321200 − 4.278225 = 0.042975 dB
//   A     = 46.3 + 33.9·3.255273 − 13.82·1.544068 − 0.042975 = 46.3 + 110.353738 − 21.339020 − 0.042975 = 135.271743 dB (loss at 1 km, C = 0)
//   B     = 44.9 − 6.55·1.544068 = 44.9 − 10.113646 = 34.786354 dB/decade
//   suburban correction = 2·(log(1800/28))² + 5.4 = 2·1.808114² + 5.4 = 6.538556 + 5.4 = 11.938556 dB
//   open correction     = 4.78·3.255273² − 18.33·3.255273 + 40.94 = 50.652700 − 59.669145 + 40.94 = 31.923555 dB
//   Distance at which L = 134 dB, d = 10^((134 − L(1 km)) / B) km:
//     medium-city  (C = 0):   L(1 km) = 135.271743  →  d = 10^(−1.271743/34.786354) = 10^(−0.036559) = 0.919 km
//     metropolitan (C = 3):   L(1 km) = 138.271743  →  d = 10^(−0.122799) = 0.754 km
//     suburban:               L(1 km) = 123.333187  →  d = 10^( 0.306638) = 2.026 km
//     open:                   L(1 km) = 103.348188  →  d = 10^( 0.881145) = 7.606 km
//   (≈ 1 km urban, ≈ 2 km suburban, ≈ 7.6 km open, as expected for a 134 dB MAPL at 1800 MHz;
//   the medium-city figure is just below the published 1 km lower distance limit, so it is an extrapolation.)

import Foundation

/// The COST-231 Hata median path-loss model (the Hata model extended to 1500–2000 MHz).
///
/// Source: COST Action 231, "Digital mobile radio towards future generation systems", final report
/// (EUR 18957, 1999), §4.4.1, eq. (4.4.1). With f in MHz, hb and hm in metres, d in km:
///
///     L = 46.3 + 33.9·log f − 13.82·log hb − a(hm) + (44.9 − 6.55·log hb)·log d + C_m
///     a(hm) = (1.1·log f − 0.7)·hm − (1.56·log f − 0.8)          (Hata's medium–small-city correction)
///     C_m = 0 dB for medium-sized cities and suburban centres with moderate tree density,
///           3 dB for metropolitan centres.
///
/// COST 231 itself defines only the two urban cases. For `.suburban` and `.openArea` this
/// implementation follows the ECC SEAMCAT "Extended Hata" model (ECC Report 252, annex on
/// Extended Hata; same formulas in Report ITU-R SM.2028), which applies Hata's suburban and
/// open-area corrections above 1500 MHz with the frequency clamped to f' = min(max(150, f), 2000):
///
///     suburban: L = L(C_m = 0) − 2·(log(f'/28))² − 5.4
///     open:     L = L(C_m = 0) − 4.78·(log f')² + 18.33·log f' − 40.94
///
/// Inside 1500–2000 MHz the clamp changes nothing. This is an extension outside COST 231's published
/// model, so ``PropagationModel/validate(frequencyMHz:txHeightMeters:rxHeightMeters:)`` always
/// warns for these two areas. SEAMCAT's own Extended Hata adds further terms (a distance exponent α
/// beyond 20 km, b(hb) below 30 m, a free-space floor) that lie outside the ranges accepted here and
/// are not implemented.
///
/// Validity (COST 231 §4.4.1): f 1500–2000 MHz, hb 30–200 m, hm 1–10 m, d 1–20 km (2D ground distance).
/// Every constant is a `Double`: a peer implementation that stored its constants in integers was
/// 3.3 dB off (house STYLE §7).
public enum Cost231Hata {
    /// Area categories, with their scenario spellings as raw values.
    public enum Area: String, Sendable, Hashable, CaseIterable {
        /// Metropolitan centre, C_m = 3 dB.
        case metropolitan = "metropolitan"
        /// Medium-sized city or suburban centre with moderate tree density, C_m = 0 dB.
        case mediumCity = "medium-city"
        /// Suburban: C_m = 0 and Hata's suburban correction (SEAMCAT Extended Hata).
        case suburban = "suburban"
        /// Open area: C_m = 0 and Hata's open-area correction (SEAMCAT Extended Hata).
        case openArea = "open"
    }

    /// Published frequency range, MHz (COST 231 §4.4.1).
    public static let frequencyRangeMHz: ClosedRange<Double> = 1500.0 ... 2000.0
    /// Published base-station antenna height range, metres.
    public static let baseHeightRangeMeters: ClosedRange<Double> = 30.0 ... 200.0
    /// Published mobile antenna height range, metres.
    public static let mobileHeightRangeMeters: ClosedRange<Double> = 1.0 ... 10.0
    /// Published distance range, metres (1–20 km).
    public static let distanceRangeMeters: ClosedRange<Double> = 1_000.0 ... 20_000.0

    /// The area correction C_m in dB: 3 for metropolitan centres, 0 otherwise.
    public static func cityCorrectionDB(area: Area) -> Double {
        area == .metropolitan ? 3.0 : 0.0
    }

    /// Median path loss in dB, COST 231 eq. (4.4.1), with the SEAMCAT suburban/open corrections.
    /// - Parameters:
    ///   - area: the area type.
    ///   - distanceMeters: 2D ground distance, metres (published 1–20 km).
    ///   - frequencyMHz: frequency, MHz (published 1500–2000).
    ///   - baseHeightMeters: base-station antenna height hb, metres (published 30–200).
    ///   - mobileHeightMeters: mobile antenna height hm, metres (published 1–10).
    public static func pathLossDB(area: Area, distanceMeters: Double, frequencyMHz: Double,
                                  baseHeightMeters hb: Double, mobileHeightMeters hm: Double) -> Double {
        let lf = log10(frequencyMHz)
        let lhb = log10(hb)
        let ld = log10(distanceMeters / 1_000.0)
        let a = (1.1 * lf - 0.7) * hm - (1.56 * lf - 0.8)
        let urban = 46.3 + 33.9 * lf - 13.82 * lhb - a + (44.9 - 6.55 * lhb) * ld + cityCorrectionDB(area: area)
        let clampedMHz = Swift.min(Swift.max(150.0, frequencyMHz), 2000.0)
        switch area {
        case .metropolitan, .mediumCity:
            return urban
        case .suburban:
            return urban - OkumuraHata.suburbanCorrectionDB(frequencyMHz: clampedMHz)
        case .openArea:
            return urban - OkumuraHata.openAreaCorrectionDB(frequencyMHz: clampedMHz)
        }
    }

    static func validate(area: Area, frequencyMHz: Double, baseHeightMeters: Double, mobileHeightMeters: Double) throws -> [String] {
        let model = PropagationModel.cost231Hata(area).description
        var warnings: [String] = []
        let checks: [(ModelLimit, Double)] = [
            (ModelLimit(model: model, parameter: "frequency_mhz", range: frequencyRangeMHz), frequencyMHz),
            (ModelLimit(model: model, parameter: "tx_height_m", range: baseHeightRangeMeters), baseHeightMeters),
            (ModelLimit(model: model, parameter: "rx_height_m", range: mobileHeightRangeMeters), mobileHeightMeters),
        ]
        for (limit, value) in checks {
            if let w = try limit.check(value) { warnings.append(w) }
        }
        if area == .suburban || area == .openArea {
            warnings.append("\(model): COST 231 defines only urban areas; the \(area.rawValue) correction is Hata's, "
                + "applied above 1500 MHz as in the ECC SEAMCAT Extended Hata model (an extension)")
        }
        return warnings
    }
}
