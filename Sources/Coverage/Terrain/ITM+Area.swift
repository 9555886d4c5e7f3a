import Foundation

extension ITM {
    /// Area-mode ITM with variability given as time, location and situation percentages
    /// (NTIA `ITM_AREA_TLS`, `src/itm_area.cpp`; terminal geometry from `InitializeArea.cpp`,
    /// [Algorithm, Eqs. 3.2–3.4]). Used when no terrain profile is available: the terrain is described
    /// only by its irregularity Δh.
    ///
    /// - Parameters:
    ///   - hTxMeters, hRxMeters: structural heights, metres (throws outside 0.5…3000, warns outside 1…1000).
    ///   - txSiting, rxSiting: how carefully each terminal was sited.
    ///   - distanceKm: path distance, km, > 0.
    ///   - deltaHMeters: terrain irregularity parameter Δh, metres, ≥ 0 (e.g. 90 for hills, 30 for plains).
    ///   - climate: radio climate.
    ///   - surfaceRefractivityNUnits: `N_0`, N-units, 250…400. Area mode uses it unscaled as the surface
    ///     refractivity N_s (NTIA passes a mean height of 0 m).
    ///   - frequencyMHz: MHz (throws outside 20…20000, warns outside 40…10000).
    ///   - polarization, epsilon, sigma, mdvar: as for point-to-point mode.
    ///   - timePercent, locationPercent, situationPercent: quantiles, each 0 < p < 100.
    /// - Throws: `CoverageError.modelInputOutOfRange` for an input outside the model's limits.
    public static func areaLossTLS(
        hTxMeters: Double, hRxMeters: Double, txSiting: SitingCriteria, rxSiting: SitingCriteria,
        distanceKm: Double, deltaHMeters: Double, climate: Climate, surfaceRefractivityNUnits: Double,
        frequencyMHz: Double, polarization: Polarization, epsilon: Double, sigma: Double,
        mdvar: ModeOfVariability, timePercent: Double, locationPercent: Double, situationPercent: Double
    ) throws -> Result {
        var warnings = Warnings()
        try validateCommonInputs(
            hTxMeters: hTxMeters, hRxMeters: hRxMeters, refractivityNUnits: surfaceRefractivityNUnits,
            frequencyMHz: frequencyMHz, epsilon: epsilon, sigma: sigma,
            time: ("time_percent", timePercent), location: ("location_percent", locationPercent),
            situation: ("situation_percent", situationPercent), warnings: &warnings)
        return try area(
            hTxMeters: hTxMeters, hRxMeters: hRxMeters, txSiting: txSiting, rxSiting: rxSiting,
            distanceKm: distanceKm, deltaHMeters: deltaHMeters, climate: climate, n0: surfaceRefractivityNUnits,
            frequencyMHz: frequencyMHz, polarization: polarization, epsilon: epsilon, sigma: sigma, mdvar: mdvar,
            time: timePercent, location: locationPercent, situation: situationPercent, warnings: warnings)
    }

    /// Area-mode ITM with confidence and reliability (NTIA `ITM_AREA_CR`): the TLS model with
    /// time = reliability, location = 50 % and situation = confidence. Parameters as for
    /// ``areaLossTLS(hTxMeters:hRxMeters:txSiting:rxSiting:distanceKm:deltaHMeters:climate:surfaceRefractivityNUnits:frequencyMHz:polarization:epsilon:sigma:mdvar:timePercent:locationPercent:situationPercent:)``.
    /// - Throws: `CoverageError.modelInputOutOfRange`.
    public static func areaLossCR(
        hTxMeters: Double, hRxMeters: Double, txSiting: SitingCriteria, rxSiting: SitingCriteria,
        distanceKm: Double, deltaHMeters: Double, climate: Climate, surfaceRefractivityNUnits: Double,
        frequencyMHz: Double, polarization: Polarization, epsilon: Double, sigma: Double,
        mdvar: ModeOfVariability, confidence: Double, reliability: Double
    ) throws -> Result {
        var warnings = Warnings()
        try validateCommonInputs(
            hTxMeters: hTxMeters, hRxMeters: hRxMeters, refractivityNUnits: surfaceRefractivityNUnits,
            frequencyMHz: frequencyMHz, epsilon: epsilon, sigma: sigma,
            time: ("reliability_percent", reliability), location: ("location_percent", 50),
            situation: ("confidence_percent", confidence), warnings: &warnings)
        return try area(
            hTxMeters: hTxMeters, hRxMeters: hRxMeters, txSiting: txSiting, rxSiting: rxSiting,
            distanceKm: distanceKm, deltaHMeters: deltaHMeters, climate: climate, n0: surfaceRefractivityNUnits,
            frequencyMHz: frequencyMHz, polarization: polarization, epsilon: epsilon, sigma: sigma, mdvar: mdvar,
            time: reliability, location: 50, situation: confidence, warnings: warnings)
    }

    private static func area(
        hTxMeters: Double, hRxMeters: Double, txSiting: SitingCriteria, rxSiting: SitingCriteria,
        distanceKm: Double, deltaHMeters: Double, climate: Climate, n0: Double, frequencyMHz: Double,
        polarization: Polarization, epsilon: Double, sigma: Double, mdvar: ModeOfVariability,
        time: Double, location: Double, situation: Double, warnings: Warnings
    ) throws -> Result {
        var warnings = warnings
        guard distanceKm > 0, distanceKm.isFinite else {
            throw CoverageError.modelInputOutOfRange(
                model: "ITM", parameter: "distance_km", value: distanceKm, validRange: "> 0 km")
        }
        guard deltaHMeters >= 0, deltaHMeters.isFinite else {
            throw CoverageError.modelInputOutOfRange(
                model: "ITM", parameter: "delta_h_meters", value: deltaHMeters, validRange: "≥ 0 m")
        }
        let ground = initializePointToPoint(
            frequencyMHz: frequencyMHz, hSysMeters: 0, n0: n0, polarization: polarization,
            epsilon: epsilon, sigma: sigma)
        let h = Pair(hTxMeters, hRxMeters)
        let siting = [txSiting, rxSiting]
        var hE = Pair(0, 0)
        var dHorizon = Pair(0, 0)
        var theta = Pair(0, 0)
        for i in 0..<2 {
            if siting[i] == .random {
                hE[i] = h[i]
            } else {
                var b = siting[i] == .careful ? 4.0 : 9.0
                if h[i] < 5 { b *= sin(0.1 * Double.pi * h[i]) }
                hE[i] = h[i] + (1 + b) * exp(-min(20, 2 * h[i] / max(1e-3, deltaHMeters)))  // [Algorithm, Eq. 3.2]
            }
            let dLs = (2 * hE[i] / ground.gammaE).squareRoot()
            dHorizon[i] = dLs * exp(-0.07 * (deltaHMeters / max(hE[i], 5)).squareRoot())  // [Algorithm, Eq. 3.3]
            theta[i] = (0.65 * deltaHMeters * (dLs / dHorizon[i] - 1) - 2 * hE[i]) / dLs  // [Algorithm, Eq. 3.4]
        }
        let d = distanceKm * 1000
        let reference = try longleyRice(
            thetaHorizon: theta, frequency: Frequency(frequencyMHz), zG: ground.zG, dHorizonMeters: dHorizon,
            hEffectiveMeters: hE, gammaE: ground.gammaE, nS: ground.nS, deltaHMeters: deltaHMeters, hMeters: h,
            dMeters: d, isAreaMode: true, warnings: &warnings)
        let aFreeSpace = freeSpaceLossDB(distanceMeters: d, frequencyMHz: frequencyMHz)
        let aVariability = variability(
            time: time, location: location, situation: situation, hEffectiveMeters: hE, deltaHMeters: deltaHMeters,
            frequencyMHz: frequencyMHz, dMeters: d, aRefDB: reference.aRefDB, climate: climate, mdvar: mdvar,
            warnings: &warnings)
        return Result(
            lossDB: aFreeSpace + aVariability, warnings: warnings.messages, mode: reference.mode,
            freeSpaceLossDB: aFreeSpace, referenceAttenuationDB: reference.aRefDB, distanceMeters: d,
            deltaHMeters: deltaHMeters, surfaceRefractivityNUnits: ground.nS, effectiveHeightsMeters: [hE[0], hE[1]],
            horizonDistancesMeters: [dHorizon[0], dHorizon[1]], horizonAnglesRadians: [theta[0], theta[1]])
    }
}
