import Foundation

/// Free-space basic transmission loss.
///
/// Source: ITU-R P.525-4 (2019) §2.2, eq. (6), L_bf = 20·log10(4π·d/λ) dB, written here with
/// d in metres and f in MHz as
///
///     L_bf = 20·log10(d) + 20·log10(f) + 20·log10(4π·10⁶ / c)
///          = 20·log10(d) + 20·log10(f) − 27.5522 dB,      c = 299 792 458 m/s,
///
/// which is P.525's 32.45 + 20·log10(f MHz) + 20·log10(d km) written with d in metres.
/// d is the 3D path length √(d2D² + (hTx − hRx)²), since P.525 defines the loss over the path.
///
/// Validity: P.525 holds in the far field for any frequency; this project accepts any finite positive
/// frequency and non-negative heights. There is no published distance limit; ``distanceRangeMeters``
/// starts at 1 m and is unbounded above.
public enum FreeSpace {
    /// Speed of light in vacuum, m/s (exact, SI).
    public static let speedOfLightMetersPerSecond = 299_792_458.0

    /// Distance range, metres: 1 m to infinity (no published limit).
    public static let distanceRangeMeters: ClosedRange<Double> = 1.0 ... Double.infinity

    /// The frequency-and-constant term 20·log10(4π·10⁶/c) = −27.5522 dB for f in MHz and d in metres.
    static let constantDB = 20.0 * log10(4.0 * Double.pi * 1.0e6 / speedOfLightMetersPerSecond)

    /// Free-space loss in dB over the 3D path.
    /// - Parameters:
    ///   - distanceMeters: 2D ground distance, metres (> 0).
    ///   - frequencyMHz: frequency, MHz (> 0).
    ///   - txHeightMeters: transmitter height above ground, metres.
    ///   - rxHeightMeters: receiver height above ground, metres.
    public static func pathLossDB(distanceMeters: Double, frequencyMHz: Double,
                                  txHeightMeters: Double, rxHeightMeters: Double) -> Double {
        let dh = txHeightMeters - rxHeightMeters
        let d3D = (distanceMeters * distanceMeters + dh * dh).squareRoot()
        return 20.0 * log10(d3D) + 20.0 * log10(frequencyMHz) + constantDB
    }

    /// Hard checks only: finite positive frequency, finite non-negative heights. Never warns.
    static func validate(frequencyMHz: Double, txHeightMeters: Double, rxHeightMeters: Double) throws -> [String] {
        let model = PropagationModel.freeSpace.description
        guard frequencyMHz.isFinite, frequencyMHz > 0 else {
            throw CoverageError.modelInputOutOfRange(model: model, parameter: "frequency_mhz",
                                                     value: frequencyMHz, validRange: "> 0 MHz")
        }
        for (name, h) in [("tx_height_m", txHeightMeters), ("rx_height_m", rxHeightMeters)] {
            guard h.isFinite, h >= 0 else {
                throw CoverageError.modelInputOutOfRange(model: model, parameter: name, value: h, validRange: "≥ 0 m")
            }
        }
        return []
    }
}
