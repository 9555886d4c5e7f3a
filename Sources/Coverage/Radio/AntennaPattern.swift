import Foundation

/// A base-station antenna's radiation pattern as two 2D cuts — horizontal and vertical — tabulated at
/// whole degrees, as in an MSI/Planet pattern file (``parseMSI(_:file:)``, ``msiText()``), with the 3D gain
/// built from them by the 3GPP summing method (``gainDBi(azimuthOffBoresightDegrees:elevationDownDegrees:)``).
///
/// **Angle conventions** (those of the MSI/Planet format: RF::Antenna::Planet::MSI::Format documentation,
/// https://metacpan.org/pod/RF::Antenna::Planet::MSI::Format, "horizontal" and "vertical"; format
/// definition http://radiomobile.pe1mew.nl/?The_program___Definitions___MSI):
/// - horizontal table: index = azimuth in degrees **clockwise from boresight** seen from above, 0…359;
/// - vertical table: index = angle in the vertical plane through boresight, 0 = boresight at the horizon,
///   increasing **downwards**: 90 = straight down (nadir), 180 = the horizon behind the antenna,
///   270 = straight up. An elevation θ° *below* the horizon in front is index θ; θ° *above* is 360 − θ.
/// - values are attenuations in dB **below the boresight gain**, ≥ 0 (the format writes losses without a
///   minus sign).
///
/// Between whole degrees the tables are interpolated linearly (wrapping from 359° to 0°).
public struct AntennaPattern: Sendable, Hashable {
    /// Antenna name (the file's NAME line).
    public let name: String
    /// Manufacturer (MAKE), if given.
    public let make: String?
    /// Frequency the pattern was measured or modelled at, MHz (FREQUENCY), if given.
    public let frequencyMHz: Double?
    /// Boresight (maximum) gain, dBi. MSI files in dBd are converted with dBi = dBd + 2.15.
    public let gainDBi: Double
    /// Electrical downtilt already built into the vertical table, degrees (TILT; 0 if absent). Information
    /// only: the table is used as it stands; ``gainDBi(azimuthOffBoresightDegrees:elevationDownDegrees:mechanicalTiltDegrees:electricalTiltDegrees:)``
    /// adds tilt *relative* to it.
    public let electricalTiltDegrees: Double
    /// Horizontal half-power beamwidth, degrees (H_WIDTH), if given. Information only.
    public let horizontalBeamwidthDegrees: Double?
    /// Vertical half-power beamwidth, degrees (V_WIDTH), if given. Information only.
    public let verticalBeamwidthDegrees: Double?
    /// Front-to-back ratio, dB (FRONT_TO_BACK), if given. Information only (the summing cap is ``maxAttenuationDB``).
    public let frontToBackDB: Double?
    /// Polarization text (POLARIZATION), if given.
    public let polarization: String?
    /// Comment text (COMMENT), if given.
    public let comment: String?
    /// Horizontal cut: 360 attenuations in dB ≥ 0, index = degrees clockwise from boresight.
    public let horizontalAttenuationDB: [Double]
    /// Vertical cut: 360 attenuations in dB ≥ 0, index = degrees below the horizon (MSI convention, see the type's doc).
    public let verticalAttenuationDB: [Double]

    /// Creates a pattern after checking it.
    /// - Throws: ``CoverageError/modelInputOutOfRange(model:parameter:value:validRange:)`` when a table does not
    ///   have 360 values, holds a negative or non-finite value, or the gain, tilt or frequency is not finite
    ///   (frequency must also be > 0).
    public init(name: String, make: String? = nil, frequencyMHz: Double? = nil, gainDBi: Double,
                electricalTiltDegrees: Double = 0, horizontalAttenuationDB: [Double], verticalAttenuationDB: [Double],
                horizontalBeamwidthDegrees: Double? = nil, verticalBeamwidthDegrees: Double? = nil,
                frontToBackDB: Double? = nil, polarization: String? = nil, comment: String? = nil) throws {
        let model = "antenna pattern \(name)"
        for (parameter, table) in [("horizontal_attenuation_db", horizontalAttenuationDB),
                                   ("vertical_attenuation_db", verticalAttenuationDB)] {
            guard table.count == 360 else {
                throw CoverageError.modelInputOutOfRange(model: model, parameter: parameter + " count",
                                                         value: Double(table.count), validRange: "exactly 360 values (0…359°)")
            }
            if let bad = table.first(where: { !($0.isFinite && $0 >= 0) }) {
                throw CoverageError.modelInputOutOfRange(model: model, parameter: parameter, value: bad, validRange: "finite, ≥ 0 dB")
            }
        }
        for (parameter, value) in [("gain_dbi", gainDBi), ("electrical_tilt_deg", electricalTiltDegrees)] where !value.isFinite {
            throw CoverageError.modelInputOutOfRange(model: model, parameter: parameter, value: value, validRange: "finite")
        }
        if let f = frequencyMHz, !(f.isFinite && f > 0) {
            throw CoverageError.modelInputOutOfRange(model: model, parameter: "frequency_mhz", value: f, validRange: "> 0, finite")
        }
        self.name = name
        self.make = make
        self.frequencyMHz = frequencyMHz
        self.gainDBi = gainDBi
        self.electricalTiltDegrees = electricalTiltDegrees
        self.horizontalAttenuationDB = horizontalAttenuationDB
        self.verticalAttenuationDB = verticalAttenuationDB
        self.horizontalBeamwidthDegrees = horizontalBeamwidthDegrees
        self.verticalBeamwidthDegrees = verticalBeamwidthDegrees
        self.frontToBackDB = frontToBackDB
        self.polarization = polarization
        self.comment = comment
    }

    // MARK: - Cuts

    /// A table value at any angle, degrees: wrapped to [0, 360) and interpolated linearly between whole degrees.
    static func interpolate(_ table: [Double], atDegrees degrees: Double) -> Double {
        // Angles already in [0°, 360°) are left as they are (the remainder would return them unchanged), so the common
        // case costs no division: footprints read the tables once per cell, bearing and sample.
        var x = degrees
        if !(x >= 0 && x < 360) {
            x = x.truncatingRemainder(dividingBy: 360)
            if x < 0 { x += 360 }
        }
        let down = x.rounded(.down)
        var lower = Int(down)
        if lower >= 360 { lower -= 360 }   // x = 360 − ε rounded up to 360 by the addition above
        let t = x - down
        let a = table[lower], b = table[lower == 359 ? 0 : lower + 1]
        return t == 0 ? a : a + t * (b - a)
    }

    /// Horizontal-cut attenuation, dB ≥ 0, at an azimuth in degrees clockwise from boresight (any value, wrapped).
    public func horizontalAttenuation(azimuthOffBoresightDegrees: Double) -> Double {
        Self.interpolate(horizontalAttenuationDB, atDegrees: azimuthOffBoresightDegrees)
    }

    /// Vertical-cut attenuation, dB ≥ 0, at an angle in degrees below the horizon in front of the antenna
    /// (negative = above; values past ±90° continue round the vertical circle, MSI convention).
    public func verticalAttenuation(elevationDownDegrees: Double) -> Double {
        Self.interpolate(verticalAttenuationDB, atDegrees: elevationDownDegrees)
    }

    /// The summing cap A_m, dB: the deepest attenuation in either table. For the generated 3GPP patterns this
    /// is the model's A_m itself (A_H(180°) = A_m, and the back half of the vertical cut is A_m).
    public var maxAttenuationDB: Double {
        Swift.max(horizontalAttenuationDB.max() ?? 0, verticalAttenuationDB.max() ?? 0)
    }

    // MARK: - 3D gain (3GPP summing method)

    /// Attenuation in a 3D direction by the 3GPP summing method, dB:
    ///
    ///     A(φ, θ) = min{ [A_H(φ) − A_H(0)] + A_V(θ), A_m }
    ///
    /// (3GPP TR 36.814 V9.2.0 Table A.2.1.1-2, "combining method for 3D antenna pattern":
    /// A(φ, θ) = −min{−[A_H(φ) + A_V(θ)], A_m}, written here with attenuations ≥ 0; the same in TR 38.901
    /// Table 7.3-1). A_V is read from the front half of the vertical cut for every φ, as in the 3GPP model,
    /// where A_V depends on elevation only; the back half of the vertical cut is kept (and written) but not
    /// used. The horizontal cut is re-referenced to its boresight value A_H(0) so that a vendor file whose
    /// horizontal cut is taken at the horizon through a tilted beam (A_H(0) > 0) does not count the tilt
    /// loss twice; for the 3GPP tables A_H(0) = 0. A_m = ``maxAttenuationDB``.
    /// - Parameters:
    ///   - azimuthOffBoresightDegrees: φ, degrees clockwise from boresight (any value, wrapped).
    ///   - elevationDownDegrees: θ, degrees below the horizon (negative = above), clamped to [−90°, 90°].
    public func attenuationDB(azimuthOffBoresightDegrees: Double, elevationDownDegrees: Double) -> Double {
        attenuationDB(azimuth: azimuthOffBoresightDegrees, elevationDown: Self.clampElevation(elevationDownDegrees), extraTilt: 0)
    }

    func attenuationDB(azimuth: Double, elevationDown: Double, extraTilt: Double) -> Double {
        let h = horizontalAttenuation(azimuthOffBoresightDegrees: azimuth) - horizontalAttenuationDB[0]
        let v = verticalAttenuation(elevationDownDegrees: elevationDown - extraTilt)
        return Swift.min(h + v, maxAttenuationDB)
    }

    static func clampElevation(_ degrees: Double) -> Double { Swift.min(Swift.max(degrees, -90), 90) }

    /// Gain in a 3D direction, dBi: ``gainDBi`` − ``attenuationDB(azimuthOffBoresightDegrees:elevationDownDegrees:)``
    /// (3GPP summing method, TR 36.814 V9.2.0 Table A.2.1.1-2).
    /// - Parameters:
    ///   - azimuthOffBoresightDegrees: φ, degrees clockwise from boresight.
    ///   - elevationDownDegrees: θ, degrees below the horizon (positive = down), clamped to [−90°, 90°].
    public func gainDBi(azimuthOffBoresightDegrees: Double, elevationDownDegrees: Double) -> Double {
        gainDBi - attenuationDB(azimuthOffBoresightDegrees: azimuthOffBoresightDegrees, elevationDownDegrees: elevationDownDegrees)
    }

    /// Gain in a 3D direction with extra tilt, dBi (both tilts positive = down, degrees, *in addition to* the
    /// pattern's own ``electricalTiltDegrees``).
    ///
    /// - Electrical tilt e shifts the vertical cut down by e: A_V(θ' − e). It tilts the beam by the same
    ///   amount at every azimuth.
    /// - Mechanical tilt m rotates the whole antenna by m about its horizontal axis perpendicular to
    ///   boresight; the direction is converted into the antenna's own frame by
    ///   ``antennaFrameAngles(azimuthOffBoresightDegrees:elevationDownDegrees:mechanicalTiltDegrees:)``,
    ///   giving (φ′, θ′). On boresight (φ = 0) θ′ = θ − m, the same as electrical tilt; at φ = ±90° the
    ///   tilt has (nearly) no effect, θ′ = asin(sin θ·cos m). (Mechanical tilt "varies over the horizontal
    ///   beamwidth … no tilt 90° from the main beam", ATDI, http://www.atdi.com/tag/mechanical-tilt/.)
    ///
    /// Then A = min{[A_H(φ′) − A_H(0)] + A_V(θ′ − e), A_m} as in ``attenuationDB(azimuthOffBoresightDegrees:elevationDownDegrees:)``.
    public func gainDBi(azimuthOffBoresightDegrees: Double, elevationDownDegrees: Double,
                        mechanicalTiltDegrees: Double, electricalTiltDegrees: Double) -> Double {
        let frame = Self.antennaFrameAngles(azimuthOffBoresightDegrees: azimuthOffBoresightDegrees,
                                            elevationDownDegrees: Self.clampElevation(elevationDownDegrees),
                                            mechanicalTiltDegrees: mechanicalTiltDegrees)
        return gainDBi - attenuationDB(azimuth: frame.azimuthDegrees, elevationDown: frame.elevationDownDegrees,
                                       extraTilt: electricalTiltDegrees)
    }

    /// A direction given relative to the *untilted* boresight (φ clockwise, θ below the horizon, degrees)
    /// expressed in the frame of an antenna mechanically tilted down by m degrees.
    ///
    /// With x forward (boresight), y to the right, z up, the direction is
    /// d = (cos θ cos φ, cos θ sin φ, −sin θ). The tilted antenna's axes are x′ = (cos m, 0, −sin m),
    /// y′ = y, z′ = (sin m, 0, cos m), so
    ///
    ///     sin θ′ = −d·z′ = sin θ cos m − cos θ cos φ sin m
    ///     φ′     = atan2(d·y′, d·x′) = atan2(cos θ sin φ, cos θ cos φ cos m + sin θ sin m)
    ///
    /// φ = 0 gives θ′ = θ − m; φ = 90° gives θ′ = asin(sin θ cos m) ≈ θ.
    /// - Returns: (φ′ in (−180°, 180°], θ′ in [−90°, 90°]), degrees.
    public static func antennaFrameAngles(azimuthOffBoresightDegrees: Double, elevationDownDegrees: Double,
                                          mechanicalTiltDegrees: Double) -> (azimuthDegrees: Double, elevationDownDegrees: Double) {
        let r = Double.pi / 180
        let phi = azimuthOffBoresightDegrees * r, theta = elevationDownDegrees * r, m = mechanicalTiltDegrees * r
        let sinThetaPrime = sin(theta) * cos(m) - cos(theta) * cos(phi) * sin(m)
        let thetaPrime = asin(Swift.min(1, Swift.max(-1, sinThetaPrime)))
        let phiPrime = atan2(cos(theta) * sin(phi), cos(theta) * cos(phi) * cos(m) + sin(theta) * sin(m))
        return (phiPrime / r, thetaPrime / r)
    }

    /// Depression angle from an antenna down to a receiver, degrees below the horizon:
    /// atan((h_tx − h_rx) / d), over **flat earth** (no earth curvature, no terrain; negative when the
    /// receiver is higher than the antenna).
    /// - Parameters:
    ///   - horizontalDistanceMeters: d, m (0 gives ±90°).
    ///   - antennaHeightMeters: h_tx, m, antenna centre above the ground reference.
    ///   - receiverHeightMeters: h_rx, m, above the same reference.
    public static func depressionAngleDegrees(horizontalDistanceMeters: Double, antennaHeightMeters: Double,
                                              receiverHeightMeters: Double) -> Double {
        atan2(antennaHeightMeters - receiverHeightMeters, horizontalDistanceMeters) * 180 / Double.pi
    }

    // MARK: - 3GPP model panels

    /// A 3GPP parabolic model pattern tabulated at whole degrees (values rounded to 0.01 dB, like vendor files):
    ///
    ///     A_H(φ) = min[12 (φ/φ3dB)², A_m]                       (φ wrapped to [−180°, 180°])
    ///     A_V(θ) = min[12 ((θ − θ_etilt)/θ3dB)², SLA_v]         (θ below the horizon, [−90°, 90°])
    ///     A(φ, θ) = min[A_H(φ) + A_V(θ), A_m]
    ///
    /// 3GPP TR 36.814 V9.2.0 Table A.2.1.1-2 (3D pattern: φ3dB = 70°, A_m = 25 dB, θ3dB = 10°, SLA_v = 20 dB,
    /// written there as −min[…] gains). The horizontal table is A_H(φ); the vertical table is the cut
    /// through boresight: A_V(θ) in front (indices 0…90 and 270…359) and A(180°, θ_back) behind
    /// (index i in 91…269 looks behind at θ_back = 180° − i below the horizon).
    /// - Throws: when a parameter is not finite or a beamwidth is ≤ 0.
    public static func threeGPPModel(name: String, horizontalBeamwidthDegrees phi3dB: Double, maxAttenuationDB am: Double,
                                     verticalBeamwidthDegrees theta3dB: Double, sideLobeLevelDB sla: Double,
                                     electricalTiltDegrees tilt: Double, gainDBi: Double,
                                     make: String? = nil, comment: String? = nil) throws -> AntennaPattern {
        let model = "3GPP model antenna pattern"
        for (parameter, value) in [("horizontal_beamwidth_deg", phi3dB), ("vertical_beamwidth_deg", theta3dB)] where !(value.isFinite && value > 0) {
            throw CoverageError.modelInputOutOfRange(model: model, parameter: parameter, value: value, validRange: "> 0, finite")
        }
        for (parameter, value) in [("max_attenuation_db", am), ("side_lobe_level_db", sla)] where !(value.isFinite && value >= 0) {
            throw CoverageError.modelInputOutOfRange(model: model, parameter: parameter, value: value, validRange: "≥ 0 dB, finite")
        }
        func aH(_ phi: Double) -> Double {
            let p = SectorAntenna.wrappedDegrees(phi) / phi3dB
            return Swift.min(12 * p * p, am)
        }
        func aV(_ thetaDown: Double) -> Double {
            let t = (thetaDown - tilt) / theta3dB
            return Swift.min(12 * t * t, sla)
        }
        func round(_ x: Double) -> Double { (x * 100).rounded() / 100 + 0.0 }
        let horizontal = (0..<360).map { round(aH(Double($0))) }
        let vertical = (0..<360).map { i -> Double in
            if i <= 90 { return round(aV(Double(i))) }
            if i >= 270 { return round(aV(Double(i - 360))) }
            return round(Swift.min(aH(180) + aV(Double(180 - i)), am))
        }
        return try AntennaPattern(name: name, make: make, frequencyMHz: nil, gainDBi: gainDBi, electricalTiltDegrees: tilt,
                                  horizontalAttenuationDB: horizontal, verticalAttenuationDB: vertical,
                                  horizontalBeamwidthDegrees: phi3dB, verticalBeamwidthDegrees: theta3dB,
                                  frontToBackDB: round(aH(180)), polarization: nil, comment: comment)
    }

    /// The TR 36.814 3D model panel (3GPP TR 36.814 V9.2.0 Table A.2.1.1-2: A_m = 25 dB, θ3dB = 10°,
    /// SLA_v = 20 dB), named like `3GPP-TR36814-H65-V10-T06`.
    /// - Parameters:
    ///   - horizontalBeamwidthDegrees: φ3dB: 70° in TR 36.814; 65° as in TR 36.942 §4.2.1.
    ///   - electricalTiltDegrees: θ_etilt, degrees below the horizon.
    ///   - gainDBi: boresight gain; 17 dBi is this project's choice for a typical macro panel, not a 3GPP value.
    public static func tr36814Panel(horizontalBeamwidthDegrees: Double = 70, electricalTiltDegrees: Double,
                                    gainDBi: Double = 17) throws -> AntennaPattern {
        let id = "3GPP-TR36814-H\(label(horizontalBeamwidthDegrees))-V10-T\(label(electricalTiltDegrees, width: 2))"
        return try threeGPPModel(
            name: id + " (3GPP TR 36.814 model pattern generated by this project; not a vendor antenna)",
            horizontalBeamwidthDegrees: horizontalBeamwidthDegrees, maxAttenuationDB: 25,
            verticalBeamwidthDegrees: 10, sideLobeLevelDB: 20, electricalTiltDegrees: electricalTiltDegrees, gainDBi: gainDBi,
            make: "none (3GPP model, not a vendor antenna)",
            comment: "3GPP TR 36.814 V9.2.0 Table A.2.1.1-2: A_H=min(12(phi/\(label(horizontalBeamwidthDegrees)))^2,25), "
                + "A_V=min(12((theta-\(label(electricalTiltDegrees)))/10)^2,20), A=min(A_H+A_V,25) dB; "
                + "theta below horizon; values rounded to 0.01 dB")
    }

    /// The TR 38.901 single-element pattern (3GPP TR 38.901 V16 Table 7.3-1: φ3dB = 65°, A_max = 30 dB,
    /// θ3dB = 65°, SLA_V = 30 dB, G_E,max = 8 dBi). 38.901 writes A_V with the zenith angle θ″ (90° = horizon):
    /// A_V = −min[12((θ″ − 90°)/θ3dB)², SLA_V]; θ″ − 90° is the angle below the horizon used here. 38.901 tilts
    /// by rotating the panel (§7.1.3) or by array weights, not in the element; `electricalTiltDegrees`
    /// (default 0) shifts the vertical cut as this project's extension.
    public static func tr38901Element(electricalTiltDegrees: Double = 0) throws -> AntennaPattern {
        let id = "3GPP-TR38901-ELEMENT-H65-V65-T\(label(electricalTiltDegrees, width: 2))"
        return try threeGPPModel(
            name: id + " (3GPP TR 38.901 element model pattern generated by this project; not a vendor antenna)",
            horizontalBeamwidthDegrees: 65, maxAttenuationDB: 30, verticalBeamwidthDegrees: 65, sideLobeLevelDB: 30,
            electricalTiltDegrees: electricalTiltDegrees, gainDBi: 8,
            make: "none (3GPP model, not a vendor antenna)",
            comment: "3GPP TR 38.901 V16 Table 7.3-1: A_H=min(12(phi/65)^2,30), A_V=min(12((theta-\(label(electricalTiltDegrees)))/65)^2,30), "
                + "A=min(A_H+A_V,30) dB; theta below horizon = zenith angle - 90; values rounded to 0.01 dB")
    }

    /// The model patterns shipped in `data/antennas/`, with their file names: the TR 36.814 panel with
    /// φ3dB 65° and 70°, 17 dBi, electrical tilt 0, 2, 4, 6, 8, 10°, and the TR 38.901 element at 0°.
    public static func modelLibrary() throws -> [(fileName: String, pattern: AntennaPattern)] {
        var out: [(fileName: String, pattern: AntennaPattern)] = []
        for beamwidth in [65.0, 70.0] {
            for tilt in stride(from: 0.0, through: 10.0, by: 2.0) {
                out.append(try entry(tr36814Panel(horizontalBeamwidthDegrees: beamwidth, electricalTiltDegrees: tilt)))
            }
        }
        out.append(try entry(tr38901Element()))
        return out
    }

    private static func entry(_ pattern: AntennaPattern) -> (fileName: String, pattern: AntennaPattern) {
        let id = pattern.name.split(separator: " ").first.map(String.init) ?? pattern.name
        return (id.lowercased() + ".msi", pattern)
    }

    /// A number for a name: whole numbers without decimals (zero-padded to `width`), others as written.
    private static func label(_ x: Double, width: Int = 1) -> String {
        guard x == x.rounded(), abs(x) < 1e6 else { return "\(x)" }
        let s = String(Int(x))
        return String(repeating: "0", count: Swift.max(0, width - s.count)) + s
    }
}
