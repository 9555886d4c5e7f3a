import Foundation

/// The Extended Hata model (SEAMCAT; Report ITU-R SM.2028-2, Annex 1 §3, "Hata model extended"):
/// Hata's formulas carried to 3 GHz, which is what makes every LTE band up to band 7 (2620–2690 MHz)
/// plannable with the same family as 900 and 1800 MHz. With f in MHz, d in km, H_b and H_m in metres,
/// log = log10, for 0.1 km ≤ d:
///
///     urban, 150 < f ≤ 1500:   L = 69.6 + 26.2·log f − 13.82·log max(30, H_b) + [44.9 − 6.55·log max(30, H_b)]·(log d)^α − a(H_m) − b(H_b)
///     urban, 1500 < f ≤ 2000:  L = 46.3 + 33.9·log f − 13.82·log max(30, H_b) + […]·(log d)^α − a(H_m) − b(H_b)
///     urban, 2000 < f ≤ 3000:  L = 46.3 + 33.9·log 2000 + 10·log(f/2000) − 13.82·log max(30, H_b) + […]·(log d)^α − a(H_m) − b(H_b)
///     suburban:                L = L(urban) − 2·{log[min(max(150, f), 2000)/28]}² − 5.4
///     open area:               L = L(urban) − 4.78·{log[min(max(150, f), 2000)]}² + 18.33·log[min(max(150, f), 2000)] − 40.94
///     a(H_m) = (1.1·log f − 0.7)·min(10, H_m) − (1.56·log f − 0.8) + max(0, 20·log(H_m/10))
///     b(H_b) = min(0, 20·log(H_b/30))
///     α = 1 for d ≤ 20 km; 1 + (0.14 + 1.87·10⁻⁴·f + 1.07·10⁻³·H_b′)·[log(d/20)]^0.8 beyond, H_b′ = H_b/√(1 + 7·10⁻⁶·H_b²)
///
/// For d ≤ 0.04 km the loss is free space (ITU-R P.525) on the 3D distance, and between 0.04 and 0.1 km
/// it is interpolated linearly in log d between the two. Within 1500–2000 MHz and for H_b ≥ 30 m,
/// H_m ≤ 10 m, d ≤ 20 km the urban formula is COST-231 Hata's (``Cost231Hata``) term for term, so a rule
/// boundary at 2000 MHz between the two is continuous. Validity used here: f 150–3000 MHz, H_b 1–200 m,
/// H_m 1–10 m, d up to 100 km.
public enum ExtendedHata {
    public enum Area: String, Sendable, Hashable, CaseIterable {
        case urban = "urban"
        case suburban = "suburban"
        case openArea = "open"
    }

    public static let frequencyRangeMHz: ClosedRange<Double> = 150.0 ... 3000.0
    public static let baseHeightRangeMeters: ClosedRange<Double> = 1.0 ... 200.0
    public static let mobileHeightRangeMeters: ClosedRange<Double> = 1.0 ... 10.0
    public static let distanceRangeMeters: ClosedRange<Double> = 1.0 ... 100_000.0

    /// The Hata-form loss at `dKm` ≥ 0.1 km (no free-space part).
    static func hataDB(area: Area, dKm: Double, f: Double, hb: Double, hm: Double) -> Double {
        let lf = log10(f)
        let hbc = Swift.max(30.0, hb)
        let a = (1.1 * lf - 0.7) * Swift.min(10.0, hm) - (1.56 * lf - 0.8) + Swift.max(0.0, 20.0 * log10(hm / 10.0))
        let b = Swift.min(0.0, 20.0 * log10(hb / 30.0))
        var alpha = 1.0
        if dKm > 20 {
            let hbPrime = hb / (1 + 7e-6 * hb * hb).squareRoot()
            alpha = 1 + (0.14 + 1.87e-4 * f + 1.07e-3 * hbPrime) * pow(log10(dKm / 20), 0.8)
        }
        let frequencyTerm: Double
        if f <= 1500 { frequencyTerm = 69.6 + 26.2 * lf }
        else if f <= 2000 { frequencyTerm = 46.3 + 33.9 * lf }
        else { frequencyTerm = 46.3 + 33.9 * log10(2000.0) + 10.0 * log10(f / 2000.0) }
        let urban = frequencyTerm - 13.82 * log10(hbc) + (44.9 - 6.55 * log10(hbc)) * pow(log10(dKm), alpha) - a - b
        let fc = Swift.min(Swift.max(150.0, f), 2000.0)
        switch area {
        case .urban: return urban
        case .suburban: return urban - OkumuraHata.suburbanCorrectionDB(frequencyMHz: fc)
        case .openArea: return urban - OkumuraHata.openAreaCorrectionDB(frequencyMHz: fc)
        }
    }

    /// Median path loss in dB (see the type's documentation).
    public static func pathLossDB(area: Area, distanceMeters: Double, frequencyMHz f: Double,
                                  baseHeightMeters hb: Double, mobileHeightMeters hm: Double) -> Double {
        let dKm = distanceMeters / 1000
        if dKm >= 0.1 { return hataDB(area: area, dKm: dKm, f: f, hb: hb, hm: hm) }
        let free = { (m: Double) in FreeSpace.pathLossDB(distanceMeters: m, frequencyMHz: f, txHeightMeters: hb, rxHeightMeters: hm) }
        if dKm <= 0.04 { return free(distanceMeters) }
        let l04 = free(40), l10 = hataDB(area: area, dKm: 0.1, f: f, hb: hb, hm: hm)
        return l04 + (log10(dKm) - log10(0.04)) / (log10(0.1) - log10(0.04)) * (l10 - l04)
    }

    static func validate(area: Area, frequencyMHz: Double, baseHeightMeters: Double, mobileHeightMeters: Double) throws -> [String] {
        let model = PropagationModel.extendedHata(area).description
        var warnings: [String] = []
        for (limit, value) in [(ModelLimit(model: model, parameter: "frequency_mhz", range: frequencyRangeMHz), frequencyMHz),
                               (ModelLimit(model: model, parameter: "tx_height_m", range: baseHeightRangeMeters), baseHeightMeters),
                               (ModelLimit(model: model, parameter: "rx_height_m", range: mobileHeightRangeMeters), mobileHeightMeters)] {
            if let w = try limit.check(value) { warnings.append(w) }
        }
        return warnings
    }
}
