import Foundation

/// A correction of a median path-loss model fitted to drive-test measurements (model calibration):
///
///     L'(d) = L(d) + offset + slope·log10(d / 1 km)          (dB; d the 2D ground distance)
///
/// the two-parameter tuning planning tools apply per clutter or environment class (the intercept and the
/// distance term of a Hata-type model: the "standard propagation model" tuning of commercial planners; see
/// e.g. Mogensen & Wigard, COST 231 final report §4.7, on tuning to measurements). A positive offset means more
/// loss; a negative slope means the loss grows more slowly with distance than the model says. The scenario keys are
/// `offset_db` and `distance_slope_db_per_decade` on a `radio.models` rule; both default to 0, which leaves the
/// model exactly as it was (``PropagationModel/corrected(by:)`` returns the model itself).
public struct ModelCorrection: Sendable, Hashable {
    /// Added to the loss at every distance, dB.
    public var offsetDB: Double
    /// Added per decade of distance from 1 km, dB/decade.
    public var slopeDBPerDecade: Double

    /// The scenario key of ``offsetDB``.
    public static let offsetKey = "offset_db"
    /// The scenario key of ``slopeDBPerDecade``.
    public static let slopeKey = "distance_slope_db_per_decade"

    public init(offsetDB: Double, slopeDBPerDecade: Double) {
        self.offsetDB = offsetDB; self.slopeDBPerDecade = slopeDBPerDecade
    }

    /// No correction.
    public static let zero = ModelCorrection(offsetDB: 0, slopeDBPerDecade: 0)

    /// True when both terms are 0.
    public var isZero: Bool { offsetDB == 0 && slopeDBPerDecade == 0 }

    /// offset + slope·log10(d / 1000 m), dB, for a ground distance in metres (> 0).
    @inline(__always) public func correctionDB(distanceMeters d: Double) -> Double {
        offsetDB + slopeDBPerDecade * log10(d / 1_000.0)
    }
}
