/// Chooses the path-loss model for a site: the first rule whose environment and band range match.
public struct ModelRule: Sendable, Hashable {
    /// The district environment the rule applies to; nil for any.
    public var environment: Environment?
    /// Band range (MHz) the rule applies to, inclusive; nil for open-ended.
    public var minBandMHz: Double?
    public var maxBandMHz: Double?
    public var model: PropagationModel
    /// Measured tuning of the model (scenario keys `offset_db`, `distance_slope_db_per_decade`; both 0 by default):
    /// the rule's loss is L(d) + offset + slope·log10(d / 1 km), see ``ModelCorrection``.
    public var correction: ModelCorrection

    public init(environment: Environment?, minBandMHz: Double? = nil, maxBandMHz: Double? = nil, model: PropagationModel,
                correction: ModelCorrection = .zero) {
        self.environment = environment; self.minBandMHz = minBandMHz; self.maxBandMHz = maxBandMHz; self.model = model
        self.correction = correction
    }

    /// The rule's model with its correction (the bare model when the correction is zero).
    public var correctedModel: PropagationModel { model.corrected(by: correction) }

    /// Whether the rule applies to a site in `env` on `band` MHz.
    public func applies(to env: Environment, bandMHz band: Double) -> Bool { matches(env, band) }

    func matches(_ env: Environment, _ band: Double) -> Bool {
        (environment == nil || environment == env) && band >= (minBandMHz ?? -.infinity) && band <= (maxBandMHz ?? .infinity)
    }
}

/// Every radio parameter of a coverage run. Defaults live in the scenario files and the README,
/// not here: the memberwise initialiser has no default values.
public struct RadioSettings: Sendable, Hashable {
    /// Sites of this technology count as coverage.
    public var technology: Technology
    /// Coverage threshold on RSRP (dBm).
    public var thresholdDBm: Double
    /// LTE channel bandwidth (MHz) for the reference-signal power.
    public var bandwidthMHz: Double
    /// Sector antenna gain (dBi), horizontal half-power beamwidth θ3dB (degrees) and front-to-back limit A_m (dB).
    public var antennaGainDBi: Double
    public var beamwidthDegrees: Double
    public var frontToBackDB: Double
    public var cableLossDB: Double
    public var shadowSigmaDB: Double
    public var cellEdgeProbability: Double
    public var bodyLossDB: Double
    public var indoorLossDB: Double
    /// Mobile antenna height (m) and gain (dBi).
    public var rxHeightMeters: Double
    public var rxGainDBi: Double
    /// Angular step of the footprint polygons (degrees; 360 must be a multiple).
    public var bearingStepDegrees: Double
    /// No footprint reaches farther than this (m).
    public var maxRadiusMeters: Double
    public var modelRules: [ModelRule]

    public init(technology: Technology, thresholdDBm: Double, bandwidthMHz: Double, antennaGainDBi: Double,
                beamwidthDegrees: Double, frontToBackDB: Double, cableLossDB: Double, shadowSigmaDB: Double,
                cellEdgeProbability: Double, bodyLossDB: Double, indoorLossDB: Double, rxHeightMeters: Double,
                rxGainDBi: Double, bearingStepDegrees: Double, maxRadiusMeters: Double, modelRules: [ModelRule]) {
        self.technology = technology; self.thresholdDBm = thresholdDBm; self.bandwidthMHz = bandwidthMHz
        self.antennaGainDBi = antennaGainDBi; self.beamwidthDegrees = beamwidthDegrees; self.frontToBackDB = frontToBackDB
        self.cableLossDB = cableLossDB; self.shadowSigmaDB = shadowSigmaDB; self.cellEdgeProbability = cellEdgeProbability
        self.bodyLossDB = bodyLossDB; self.indoorLossDB = indoorLossDB; self.rxHeightMeters = rxHeightMeters
        self.rxGainDBi = rxGainDBi; self.bearingStepDegrees = bearingStepDegrees; self.maxRadiusMeters = maxRadiusMeters
        self.modelRules = modelRules
    }

    /// The model for a site in `environment` on `bandMHz`: the first matching rule's, with the rule's
    /// correction (``ModelRule/correctedModel``), so every caller (footprints, terrain, prediction) applies it.
    public func model(environment: Environment, bandMHz: Double) throws -> PropagationModel {
        modelRules[try ruleIndex(environment: environment, bandMHz: bandMHz)].correctedModel
    }

    /// Index in ``modelRules`` of the first rule matching a site in `environment` on `bandMHz`.
    /// - Throws: ``CoverageError/invalidInput(file:location:message:)`` when no rule matches.
    public func ruleIndex(environment: Environment, bandMHz: Double) throws -> Int {
        guard let i = modelRules.firstIndex(where: { $0.matches(environment, bandMHz) }) else {
            throw CoverageError.invalidInput(file: "", location: "radio.models", message: "no model rule matches environment \(environment.rawValue) at \(bandMHz) MHz; add a rule for it")
        }
        return i
    }
}
