import Foundation

/// The Irregular Terrain Model (ITM, Longley–Rice), version 1.2.2 as published by NTIA/ITS.
///
/// Source: the NTIA/ITS reference implementation, github.com/NTIA/itm (C++, `src/itm_p2p.cpp`,
/// `src/itm_area.cpp`, `src/LongleyRice.cpp` and the helpers they call), which in turn cites
/// Hufford, "The ITS Irregular Terrain Model, version 1.2.2: the Algorithm" (1985) [Algorithm],
/// Longley & Rice, ERL 79-ITS 67 (1968) and Rice et al., NBS Technical Note 101 (1967) [TN101].
/// This is an independent Swift implementation of that published algorithm; it reproduces NTIA's
/// test vectors (`Tests/CoverageTests/Fixtures/itm`) to within 0.1 dB.
///
/// Inputs are validated in NTIA's two tiers: a value outside the model's limits throws
/// `CoverageError.modelInputOutOfRange`; a value inside the limits but outside the range the model
/// was built for gives a result plus entries in `Result.warnings`.
public enum ITM {
    /// Antenna polarization (NTIA `pol`).
    public enum Polarization: Int, Sendable, CaseIterable {
        case horizontal = 0
        case vertical = 1
    }

    /// Radio climate (NTIA `climate`, [Algorithm, Table 5.1]).
    public enum Climate: Int, Sendable, CaseIterable {
        case equatorial = 1
        case continentalSubtropical
        case maritimeSubtropical
        case desert
        case continentalTemperate
        case maritimeTemperateOverLand
        case maritimeTemperateOverSea
    }

    /// Terminal siting criteria for area mode (NTIA `tx_site_criteria`, `rx_site_criteria`).
    public enum SitingCriteria: Int, Sendable, CaseIterable {
        case random = 0
        case careful = 1
        case veryCareful = 2
    }

    /// Mode of variability (NTIA `mdvar`): how time, location and situation variability are combined
    /// [Hufford 1982, ITM 1.2.2 `Variability.cpp`].
    ///
    /// NTIA encodes this as one integer: `base` (0…3), plus 10 to eliminate location variability
    /// (`eliminatesLocationVariability`, for point-to-point links whose path is known exactly), plus 20
    /// to eliminate direct situation variability (`eliminatesSituationVariability`, for interference
    /// studies).
    public struct ModeOfVariability: Sendable, Hashable {
        /// The four basic modes.
        public enum Base: Int, Sendable, CaseIterable {
            /// Single-message mode: time, location and situation variability are confounded.
            case singleMessage = 0
            /// Accidental mode: location and situation variability are confounded.
            case accidental = 1
            /// Mobile mode: time and location variability are confounded.
            case mobile = 2
            /// Broadcast mode: time, location and situation variabilities are kept apart.
            case broadcast = 3
        }

        /// The basic mode.
        public var base: Base
        /// NTIA's "+10": location variability is set to zero.
        public var eliminatesLocationVariability: Bool
        /// NTIA's "+20": direct situation variability is set to zero.
        public var eliminatesSituationVariability: Bool

        /// Single-message mode without flags (NTIA `mdvar = 0`).
        public static let singleMessage = ModeOfVariability(.singleMessage)
        /// Accidental mode without flags (NTIA `mdvar = 1`).
        public static let accidental = ModeOfVariability(.accidental)
        /// Mobile mode without flags (NTIA `mdvar = 2`).
        public static let mobile = ModeOfVariability(.mobile)
        /// Broadcast mode without flags (NTIA `mdvar = 3`).
        public static let broadcast = ModeOfVariability(.broadcast)

        /// Creates a mode from its parts.
        public init(_ base: Base, eliminatesLocationVariability: Bool = false,
                    eliminatesSituationVariability: Bool = false) {
            self.base = base
            self.eliminatesLocationVariability = eliminatesLocationVariability
            self.eliminatesSituationVariability = eliminatesSituationVariability
        }

        /// Creates a mode from NTIA's integer code.
        /// - Parameter mdvar: 0…3, 10…13, 20…23 or 30…33.
        /// - Throws: `CoverageError.modelInputOutOfRange` for any other value.
        public init(mdvar: Int) throws {
            let flags = mdvar / 10
            guard mdvar >= 0, mdvar <= 33, let base = Base(rawValue: mdvar % 10) else {
                throw CoverageError.modelInputOutOfRange(
                    model: "ITM", parameter: "mdvar", value: Double(mdvar),
                    validRange: "0…3, 10…13, 20…23, 30…33")
            }
            self.init(base, eliminatesLocationVariability: flags == 1 || flags == 3,
                      eliminatesSituationVariability: flags >= 2)
        }

        /// NTIA's integer code.
        public var mdvar: Int {
            base.rawValue + (eliminatesLocationVariability ? 10 : 0) + (eliminatesSituationVariability ? 20 : 0)
        }
    }

    /// The propagation mode that determined the reference attenuation.
    public enum PropagationMode: Int, Sendable {
        case lineOfSight = 1
        case diffraction = 2
        case troposcatter = 3
    }

    /// The outcome of one ITM prediction.
    public struct Result: Sendable, Equatable {
        /// Basic transmission loss, dB (free-space loss plus the attenuation at the requested quantiles).
        public var lossDB: Double
        /// Soft-tier validation messages (inputs inside the model's limits but outside its design
        /// range); empty when none apply.
        public var warnings: [String]
        /// Propagation mode of the reference attenuation.
        public var mode: PropagationMode
        /// Free-space basic transmission loss, dB.
        public var freeSpaceLossDB: Double
        /// Median reference attenuation relative to free space, dB (`A_ref`).
        public var referenceAttenuationDB: Double
        /// Path distance, metres.
        public var distanceMeters: Double
        /// Terrain irregularity parameter Δh, metres.
        public var deltaHMeters: Double
        /// Surface refractivity N_s actually used, N-units.
        public var surfaceRefractivityNUnits: Double
        /// Effective antenna heights (transmitter, receiver), metres.
        public var effectiveHeightsMeters: [Double]
        /// Horizon distances (transmitter, receiver), metres.
        public var horizonDistancesMeters: [Double]
        /// Horizon elevation angles (transmitter, receiver), radians.
        public var horizonAnglesRadians: [Double]
    }

    // MARK: Point-to-point

    /// Point-to-point ITM with variability given as time, location and situation percentages
    /// (NTIA `ITM_P2P_TLS`).
    ///
    /// - Parameters:
    ///   - hTxMeters: transmitter structural height above ground, metres. Throws outside 0.5…3000,
    ///     warns outside 1…1000.
    ///   - hRxMeters: receiver structural height above ground, metres. Same limits.
    ///   - profile: terrain from transmitter to receiver at equal spacing.
    ///   - climate: radio climate.
    ///   - surfaceRefractivityNUnits: NTIA's `N_0`, the refractivity **at sea level**, N-units; throws
    ///     outside 250…400. As NTIA does in point-to-point mode, it is scaled to the mean path height
    ///     h by N_s = N_0·exp(−h / 9460 m) [TN101, Eq. 4.3]; the scaled value is in `Result`.
    ///   - frequencyMHz: carrier frequency, MHz. Throws outside 20…20000, warns outside 40…10000.
    ///   - polarization: antenna polarization.
    ///   - epsilon: relative permittivity of the ground, ≥ 1 (typically 15).
    ///   - sigma: ground conductivity, S/m, > 0 (typically 0.005).
    ///   - mdvar: mode of variability.
    ///   - timePercent: time percentage, 0 < t < 100.
    ///   - locationPercent: location percentage, 0 < l < 100.
    ///   - situationPercent: situation percentage, 0 < s < 100.
    /// - Returns: basic transmission loss and intermediate values.
    /// - Throws: `CoverageError.modelInputOutOfRange` for an input outside the model's limits (also for
    ///   a surface refractivity, effective earth radius or ground impedance found out of range during
    ///   the computation).
    public static func pointToPointLossTLS(
        hTxMeters: Double, hRxMeters: Double, profile: TerrainProfile, climate: Climate,
        surfaceRefractivityNUnits: Double, frequencyMHz: Double, polarization: Polarization,
        epsilon: Double, sigma: Double, mdvar: ModeOfVariability,
        timePercent: Double, locationPercent: Double, situationPercent: Double
    ) throws -> Result {
        var warnings = Warnings()
        try validateCommonInputs(
            hTxMeters: hTxMeters, hRxMeters: hRxMeters, refractivityNUnits: surfaceRefractivityNUnits,
            frequencyMHz: frequencyMHz, epsilon: epsilon, sigma: sigma,
            time: ("time_percent", timePercent), location: ("location_percent", locationPercent),
            situation: ("situation_percent", situationPercent), warnings: &warnings)
        return try pointToPoint(
            hTxMeters: hTxMeters, hRxMeters: hRxMeters, profile: profile, climate: climate,
            n0: surfaceRefractivityNUnits, frequencyMHz: frequencyMHz, polarization: polarization,
            epsilon: epsilon, sigma: sigma, mdvar: mdvar, time: timePercent, location: locationPercent,
            situation: situationPercent, warnings: warnings)
    }

    /// Point-to-point ITM with variability given as confidence and reliability (NTIA `ITM_P2P_CR`):
    /// the TLS model with time = reliability, location = 50 % and situation = confidence.
    ///
    /// Parameters as for ``pointToPointLossTLS(hTxMeters:hRxMeters:profile:climate:surfaceRefractivityNUnits:frequencyMHz:polarization:epsilon:sigma:mdvar:timePercent:locationPercent:situationPercent:)``, and:
    ///   - confidence: confidence percentage, 0 < c < 100.
    ///   - reliability: reliability percentage, 0 < r < 100.
    /// - Throws: `CoverageError.modelInputOutOfRange`, naming `confidence_percent` or
    ///   `reliability_percent` when those are out of range.
    public static func pointToPointLossCR(
        hTxMeters: Double, hRxMeters: Double, profile: TerrainProfile, climate: Climate,
        surfaceRefractivityNUnits: Double, frequencyMHz: Double, polarization: Polarization,
        epsilon: Double, sigma: Double, mdvar: ModeOfVariability,
        confidence: Double, reliability: Double
    ) throws -> Result {
        var warnings = Warnings()
        try validateCommonInputs(
            hTxMeters: hTxMeters, hRxMeters: hRxMeters, refractivityNUnits: surfaceRefractivityNUnits,
            frequencyMHz: frequencyMHz, epsilon: epsilon, sigma: sigma,
            time: ("reliability_percent", reliability), location: ("location_percent", 50),
            situation: ("confidence_percent", confidence), warnings: &warnings)
        return try pointToPoint(
            hTxMeters: hTxMeters, hRxMeters: hRxMeters, profile: profile, climate: climate,
            n0: surfaceRefractivityNUnits, frequencyMHz: frequencyMHz, polarization: polarization,
            epsilon: epsilon, sigma: sigma, mdvar: mdvar, time: reliability, location: 50,
            situation: confidence, warnings: warnings)
    }

    /// Shared body of the point-to-point entry points (NTIA `ITM_P2P_TLS_Ex`), inputs already validated.
    static func pointToPoint(
        hTxMeters: Double, hRxMeters: Double, profile: TerrainProfile, climate: Climate, n0: Double,
        frequencyMHz: Double, polarization: Polarization, epsilon: Double, sigma: Double,
        mdvar: ModeOfVariability, time: Double, location: Double, situation: Double, warnings: Warnings
    ) throws -> Result {
        var warnings = warnings
        let z = profile.elevationsMeters
        let np = profile.intervalCount

        // Mean path height above sea level, ignoring the first and last 10 % of the path.
        let p10 = Int(0.1 * Double(np))
        var hSysMeters = 0.0
        for i in p10...(np - p10) { hSysMeters += z[i] }
        hSysMeters /= Double(np - 2 * p10 + 1)

        let ground = initializePointToPoint(
            frequencyMHz: frequencyMHz, hSysMeters: hSysMeters, n0: n0, polarization: polarization,
            epsilon: epsilon, sigma: sigma)
        let h = Pair(hTxMeters, hRxMeters)
        let geometry = quickProfile(profile, gammaE: ground.gammaE, hMeters: h)

        let reference = try longleyRice(
            thetaHorizon: geometry.thetaHorizon, frequency: Frequency(frequencyMHz), zG: ground.zG,
            dHorizonMeters: geometry.dHorizonMeters, hEffectiveMeters: geometry.hEffectiveMeters,
            gammaE: ground.gammaE, nS: ground.nS, deltaHMeters: geometry.deltaHMeters, hMeters: h,
            dMeters: geometry.dMeters, isAreaMode: false, warnings: &warnings)

        let aFreeSpace = freeSpaceLossDB(distanceMeters: geometry.dMeters, frequencyMHz: frequencyMHz)
        let aVariability = variability(
            time: time, location: location, situation: situation, hEffectiveMeters: geometry.hEffectiveMeters,
            deltaHMeters: geometry.deltaHMeters, frequencyMHz: frequencyMHz, dMeters: geometry.dMeters,
            aRefDB: reference.aRefDB, climate: climate, mdvar: mdvar, warnings: &warnings)

        return Result(
            lossDB: aVariability + aFreeSpace, warnings: warnings.messages, mode: reference.mode,
            freeSpaceLossDB: aFreeSpace, referenceAttenuationDB: reference.aRefDB,
            distanceMeters: geometry.dMeters, deltaHMeters: geometry.deltaHMeters,
            surfaceRefractivityNUnits: ground.nS, effectiveHeightsMeters: [geometry.hEffectiveMeters[0], geometry.hEffectiveMeters[1]],
            horizonDistancesMeters: [geometry.dHorizonMeters[0], geometry.dHorizonMeters[1]],
            horizonAnglesRadians: [geometry.thetaHorizon[0], geometry.thetaHorizon[1]])
    }

    // MARK: Validation

    /// Input checks shared by point-to-point and area mode (NTIA `ValidateInputs.cpp`), in NTIA's order.
    static func validateCommonInputs(
        hTxMeters: Double, hRxMeters: Double, refractivityNUnits: Double, frequencyMHz: Double,
        epsilon: Double, sigma: Double, time: (String, Double), location: (String, Double),
        situation: (String, Double), warnings: inout Warnings
    ) throws {
        func outOfRange(_ parameter: String, _ value: Double, _ range: String) -> CoverageError {
            .modelInputOutOfRange(model: "ITM", parameter: parameter, value: value, validRange: range)
        }
        if !(hTxMeters >= 1 && hTxMeters <= 1000) {
            warnings.add(.txHeight, hTxMeters)
        }
        guard hTxMeters >= 0.5, hTxMeters <= 3000 else { throw outOfRange("h_tx_meters", hTxMeters, "0.5…3000 m") }
        if !(hRxMeters >= 1 && hRxMeters <= 1000) {
            warnings.add(.rxHeight, hRxMeters)
        }
        guard hRxMeters >= 0.5, hRxMeters <= 3000 else { throw outOfRange("h_rx_meters", hRxMeters, "0.5…3000 m") }
        guard refractivityNUnits >= 250, refractivityNUnits <= 400 else {
            throw outOfRange("surface_refractivity_n_units", refractivityNUnits, "250…400 N-units")
        }
        if !(frequencyMHz >= 40 && frequencyMHz <= 10_000) {
            warnings.add(.frequency, frequencyMHz)
        }
        guard frequencyMHz >= 20, frequencyMHz <= 20_000 else {
            throw outOfRange("frequency_mhz", frequencyMHz, "20…20000 MHz")
        }
        guard epsilon >= 1 else { throw outOfRange("epsilon", epsilon, "≥ 1") }
        guard sigma > 0 else { throw outOfRange("sigma_s_per_m", sigma, "> 0 S/m") }
        for (name, value) in [situation, time, location] {
            guard value > 0, value < 100 else { throw outOfRange(name, value, "0 < p < 100 %") }
        }
    }
}
