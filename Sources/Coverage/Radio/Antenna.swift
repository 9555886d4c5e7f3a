import Foundation

/// A sector (panel) base-station antenna: boresight azimuth, horizontal half-power beamwidth,
/// front-to-back limit and boresight gain.
///
/// Horizontal pattern from 3GPP TR 36.814 V9.2.0 Table A.2.1.1-2 (also TR 36.942 §4.2.1):
/// A(θ) = −min(12·(θ/θ3dB)², A_m) dB, θ the angle off boresight in degrees wrapped to [−180°, 180°].
/// TR 36.814 uses θ3dB = 70°, A_m = 20 dB; TR 36.942 uses θ3dB = 65°, A_m = 20 dB. No value is assumed
/// here: every parameter is passed in. The vertical pattern (tilt) is not modelled.
public struct SectorAntenna: Sendable, Hashable {
    /// Boresight azimuth, degrees clockwise from true north.
    public var azimuthDegrees: Double
    /// Horizontal half-power (3 dB) beamwidth θ3dB, degrees, in (0, 360].
    public var beamwidthDegrees: Double
    /// Maximum attenuation A_m (front-to-back limit), dB, ≥ 0.
    public var maxAttenuationDB: Double
    /// Boresight gain, dBi.
    public var gainDBi: Double

    /// Creates an antenna. Values are not checked here; ``validationError()`` reports a meaningless one,
    /// and ``LinkBudget`` throws it before using the antenna.
    /// - Parameters:
    ///   - azimuthDegrees: boresight azimuth, degrees clockwise from north (any value, wrapped).
    ///   - beamwidthDegrees: θ3dB, degrees, in (0, 360].
    ///   - maxAttenuationDB: A_m, dB, ≥ 0.
    ///   - gainDBi: boresight gain, dBi.
    public init(azimuthDegrees: Double, beamwidthDegrees: Double, maxAttenuationDB: Double, gainDBi: Double) {
        self.azimuthDegrees = azimuthDegrees
        self.beamwidthDegrees = beamwidthDegrees
        self.maxAttenuationDB = maxAttenuationDB
        self.gainDBi = gainDBi
    }

    /// 3GPP TR 36.814 Table A.2.1.1-2 / TR 36.942 horizontal pattern: A(θ) = −min(12·(θ/θ3dB)², A_m), θ = angle off boresight wrapped to [−180,180]. Returns attenuation in dB as a non-positive number.
    /// - Parameter bearingDegrees: bearing from the antenna to the receiver, degrees clockwise from north.
    /// - Returns: A(θ) in dB, in [−A_m, 0].
    public func horizontalGainOffsetDB(bearingDegrees: Double) -> Double {
        let theta = Self.wrappedDegrees(bearingDegrees - azimuthDegrees)
        let ratio = theta / beamwidthDegrees
        return -Swift.min(12.0 * ratio * ratio, maxAttenuationDB)
    }

    /// `degrees` wrapped to [−180, 180].
    static func wrappedDegrees(_ degrees: Double) -> Double {
        var x = degrees.truncatingRemainder(dividingBy: 360.0)
        if x > 180.0 { x -= 360.0 }
        if x < -180.0 { x += 360.0 }
        return x
    }

    /// The first meaningless field as an error, or `nil` when the antenna is usable.
    public func validationError() -> CoverageError? {
        let model = "sector antenna"
        if !azimuthDegrees.isFinite {
            return .modelInputOutOfRange(model: model, parameter: "azimuth_deg", value: azimuthDegrees, validRange: "finite")
        }
        if !(beamwidthDegrees > 0 && beamwidthDegrees <= 360) {
            return .modelInputOutOfRange(model: model, parameter: "beamwidth_deg", value: beamwidthDegrees, validRange: "(0, 360]")
        }
        if !(maxAttenuationDB >= 0 && maxAttenuationDB.isFinite) {
            return .modelInputOutOfRange(model: model, parameter: "max_attenuation_db", value: maxAttenuationDB, validRange: "≥ 0 dB")
        }
        if !gainDBi.isFinite {
            return .modelInputOutOfRange(model: model, parameter: "gain_dbi", value: gainDBi, validRange: "finite")
        }
        return nil
    }
}
