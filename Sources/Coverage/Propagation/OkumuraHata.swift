import Foundation

/// The Okumura-Hata median path-loss model.
///
/// Source: M. Hata, "Empirical formula for propagation loss in land mobile radio services",
/// IEEE Trans. Veh. Technol. VT-29(3), Aug. 1980, pp. 317–325, eqs. (4)–(8), fitting Okumura's
/// 1968 curves. With f in MHz, hb and hm in metres, R in km:
///
///     urban  Lp = 69.55 + 26.16·log f − 13.82·log hb − a(hm) + (44.9 − 6.55·log hb)·log R      (4)
///     a(hm), medium–small city  = (1.1·log f − 0.7)·hm − (1.56·log f − 0.8)                      (5)
///     a(hm), large city         = 8.29·(log 1.54·hm)² − 1.1    for f ≤ 200 MHz                   (6)
///                               = 3.2·(log 11.75·hm)² − 4.97   for f ≥ 400 MHz                   (6')
///     suburban  Lps = Lp(urban) − 2·(log(f/28))² − 5.4                                            (7)
///     open      Lpo = Lp(urban) − 4.78·(log f)² + 18.33·log f − 40.94                             (8)
///
/// Suburban and open areas start from the medium–small-city Lp (Hata's convention). Hata gives no
/// large-city a(hm) between 200 and 400 MHz; this implementation uses (6) up to 300 MHz and (6')
/// above, and warns for large cities in 200–400 MHz.
///
/// Validity (Hata 1980, §III): f 150–1500 MHz, hb 30–200 m, hm 1–10 m, R 1–20 km. R is the 2D
/// ground distance. Outside the frequency and height ranges ``PropagationModel/validate(frequencyMHz:txHeightMeters:rxHeightMeters:)``
/// throws; distances outside 1–20 km are extrapolated with a warning from the caller.
public enum OkumuraHata {
    /// Hata's area categories, with their scenario spellings as raw values.
    public enum Area: String, Sendable, Hashable, CaseIterable {
        /// Large city, a(hm) from eq. (6)/(6').
        case urbanLargeCity = "urban-large"
        /// Medium–small city, a(hm) from eq. (5).
        case urbanSmallMediumCity = "urban-small"
        /// Suburban, eq. (7).
        case suburban = "suburban"
        /// Open area, eq. (8).
        case openArea = "open"
    }

    /// Published frequency range, MHz (Hata 1980).
    public static let frequencyRangeMHz: ClosedRange<Double> = 150.0 ... 1500.0
    /// Published base-station antenna height range, metres.
    public static let baseHeightRangeMeters: ClosedRange<Double> = 30.0 ... 200.0
    /// Published mobile antenna height range, metres.
    public static let mobileHeightRangeMeters: ClosedRange<Double> = 1.0 ... 10.0
    /// Published distance range, metres (1–20 km).
    public static let distanceRangeMeters: ClosedRange<Double> = 1_000.0 ... 20_000.0

    /// The frequency at which the large-city a(hm) switches from eq. (6) to eq. (6'), MHz (project choice
    /// in Hata's 200–400 MHz gap).
    static let largeCitySwitchMHz = 300.0

    /// Mobile antenna height correction a(hm) in dB, eqs. (5), (6), (6').
    /// - Parameters:
    ///   - area: the area type; only `.urbanLargeCity` uses eq. (6)/(6').
    ///   - frequencyMHz: frequency, MHz.
    ///   - mobileHeightMeters: mobile antenna height hm, metres.
    public static func mobileHeightCorrectionDB(area: Area, frequencyMHz: Double, mobileHeightMeters hm: Double) -> Double {
        switch area {
        case .urbanLargeCity:
            if frequencyMHz <= largeCitySwitchMHz {
                let x = log10(1.54 * hm)
                return 8.29 * x * x - 1.1
            } else {
                let x = log10(11.75 * hm)
                return 3.2 * x * x - 4.97
            }
        case .urbanSmallMediumCity, .suburban, .openArea:
            let lf = log10(frequencyMHz)
            return (1.1 * lf - 0.7) * hm - (1.56 * lf - 0.8)
        }
    }

    /// Median path loss in dB, eqs. (4)–(8).
    /// - Parameters:
    ///   - area: the area type.
    ///   - distanceMeters: 2D ground distance, metres (published 1–20 km).
    ///   - frequencyMHz: frequency, MHz (published 150–1500).
    ///   - baseHeightMeters: base-station antenna height hb, metres (published 30–200).
    ///   - mobileHeightMeters: mobile antenna height hm, metres (published 1–10).
    public static func pathLossDB(area: Area, distanceMeters: Double, frequencyMHz: Double,
                                  baseHeightMeters hb: Double, mobileHeightMeters hm: Double) -> Double {
        let lf = log10(frequencyMHz)
        let lhb = log10(hb)
        let lr = log10(distanceMeters / 1_000.0)
        let a = mobileHeightCorrectionDB(area: area, frequencyMHz: frequencyMHz, mobileHeightMeters: hm)
        let urban = 69.55 + 26.16 * lf - 13.82 * lhb - a + (44.9 - 6.55 * lhb) * lr
        switch area {
        case .urbanLargeCity, .urbanSmallMediumCity:
            return urban
        case .suburban:
            return urban - suburbanCorrectionDB(frequencyMHz: frequencyMHz)
        case .openArea:
            return urban - openAreaCorrectionDB(frequencyMHz: frequencyMHz)
        }
    }

    /// Hata's suburban correction 2·(log(f/28))² + 5.4 dB, eq. (7), subtracted from the urban loss.
    public static func suburbanCorrectionDB(frequencyMHz: Double) -> Double {
        let x = log10(frequencyMHz / 28.0)
        return 2.0 * x * x + 5.4
    }

    /// Hata's open-area correction 4.78·(log f)² − 18.33·log f + 40.94 dB, eq. (8), subtracted from the urban loss.
    public static func openAreaCorrectionDB(frequencyMHz: Double) -> Double {
        let lf = log10(frequencyMHz)
        return 4.78 * lf * lf - 18.33 * lf + 40.94
    }

    static func validate(area: Area, frequencyMHz: Double, baseHeightMeters: Double, mobileHeightMeters: Double) throws -> [String] {
        let model = PropagationModel.okumuraHata(area).description
        var warnings: [String] = []
        let checks: [(ModelLimit, Double)] = [
            (ModelLimit(model: model, parameter: "frequency_mhz", range: frequencyRangeMHz), frequencyMHz),
            (ModelLimit(model: model, parameter: "tx_height_m", range: baseHeightRangeMeters), baseHeightMeters),
            (ModelLimit(model: model, parameter: "rx_height_m", range: mobileHeightRangeMeters), mobileHeightMeters),
        ]
        for (limit, value) in checks {
            if let w = try limit.check(value) { warnings.append(w) }
        }
        if area == .urbanLargeCity, frequencyMHz > 200.0, frequencyMHz < 400.0 {
            warnings.append("\(model): Hata gives the large-city a(hm) only for f ≤ 200 MHz and f ≥ 400 MHz; "
                + "frequency_mhz = \(frequencyMHz) uses the \(frequencyMHz <= largeCitySwitchMHz ? "≤ 200" : "≥ 400") MHz formula")
        }
        return warnings
    }
}
