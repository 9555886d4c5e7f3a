import Foundation

/// How path loss is computed over terrain for a site.
public enum TerrainModel: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The Irregular Terrain Model, point to point, on the profile to every radial sample (``ITM``).
    case itm = "itm"
    /// The site's statistical model (its `radio.models` rule) evaluated with the effective antenna
    /// height above the terrain (``EffectiveAntennaHeight``, ITU-R P.1546 Annex 5 §3), plus Deygout
    /// multiple knife-edge diffraction over the profile (``KnifeEdge``, ITU-R P.526 J(ν)).
    case deygoutCorrection = "deygout-correction"

    public var description: String { rawValue }
}

/// Chooses the terrain model of a site: the first rule whose environment and band range match.
public struct TerrainModelRule: Sendable, Hashable {
    /// The district environment the rule applies to; nil for any.
    public var environment: Environment?
    /// Band range (MHz) the rule applies to, inclusive; nil for open-ended.
    public var minBandMHz: Double?
    public var maxBandMHz: Double?
    public var model: TerrainModel

    public init(environment: Environment?, minBandMHz: Double? = nil, maxBandMHz: Double? = nil, model: TerrainModel) {
        self.environment = environment; self.minBandMHz = minBandMHz; self.maxBandMHz = maxBandMHz; self.model = model
    }

    func matches(_ env: Environment, _ band: Double) -> Bool {
        (environment == nil || environment == env) && band >= (minBandMHz ?? -.infinity) && band <= (maxBandMHz ?? .infinity)
    }
}

/// Every parameter of terrain-aware footprints except the elevation data. Values come from the
/// scenario (`terrain:` section); nothing is assumed here.
public struct TerrainSettings: Sendable, Hashable {
    /// Model per environment and band, first match wins.
    public var modelRules: [TerrainModelRule]
    /// Angle between radials, degrees (360 must be a multiple). Each radial stands for the sector of
    /// this width centred on it.
    public var radialStepDegrees: Double
    /// Distance between profile samples along a radial, metres; nil = the DEM's resolution at the site.
    public var sampleSpacingMeters: Double?
    /// Effective earth radius factor k for the Deygout profile geometry (4/3 for the standard
    /// atmosphere, ITU-R P.452 / P.526). ITM derives its own from the refractivity.
    public var effectiveEarthRadiusFactor: Double
    /// Largest number of knife edges in the Deygout construction (1, 3, 7, …).
    public var maxEdges: Int
    /// Longest run of void DEM samples along a radial that is filled by linear interpolation, metres;
    /// a longer run stops the footprint with an error naming the tile.
    public var voidFillMaxMeters: Double
    /// Width of the running median applied to the path loss along each radial, metres (0 = none): a
    /// sample's loss becomes the median of the losses within ±width/2 along the radial. The link
    /// budget's shadow margin already stands for the variation of the loss from one location to the
    /// next, so the coverage test should compare it with the local median loss rather than with a
    /// point prediction over one bump of the ground; the median keeps steps and monotone trends (a
    /// ridge's shadow edge stays where it is) and removes features narrower than half the window.
    public var medianWindowMeters: Double
    /// ITM's inputs besides heights, frequency and profile.
    public var itm: ITM.Parameters

    public init(modelRules: [TerrainModelRule], radialStepDegrees: Double, sampleSpacingMeters: Double?,
                effectiveEarthRadiusFactor: Double, maxEdges: Int, voidFillMaxMeters: Double,
                medianWindowMeters: Double, itm: ITM.Parameters) {
        self.modelRules = modelRules; self.radialStepDegrees = radialStepDegrees; self.sampleSpacingMeters = sampleSpacingMeters
        self.effectiveEarthRadiusFactor = effectiveEarthRadiusFactor; self.maxEdges = maxEdges
        self.voidFillMaxMeters = voidFillMaxMeters; self.medianWindowMeters = medianWindowMeters; self.itm = itm
    }

    /// The model for a site in `environment` on `bandMHz`.
    /// - Throws: `CoverageError.invalidInput` when no rule matches.
    public func model(environment: Environment, bandMHz: Double) throws -> TerrainModel {
        guard let rule = modelRules.first(where: { $0.matches(environment, bandMHz) }) else {
            throw CoverageError.invalidInput(file: "", location: "terrain.models", message: "no terrain model rule matches environment \(environment.rawValue) at \(bandMHz) MHz; add a rule for it (or a `terrain.model` default)")
        }
        return rule.model
    }
}

/// Elevation data, the projection the footprints are built in, and the terrain settings: what
/// ``RadioCoverage/footprints(sites:environments:settings:terrain:workers:)`` needs to use terrain.
public struct TerrainCoverage: Sendable {
    public var dem: DEM
    public var projection: Projection
    public var settings: TerrainSettings

    public init(dem: DEM, projection: Projection, settings: TerrainSettings) {
        self.dem = dem; self.projection = projection; self.settings = settings
    }
}

/// The model a footprint was computed with, as written in outputs (`footprints.geojson` `model`).
public enum FootprintModel: Sendable, Hashable, CustomStringConvertible {
    /// Flat earth: a statistical model inverted to a radius per bearing.
    case flat(PropagationModel)
    /// ITM over the terrain.
    case itm
    /// A statistical model with effective antenna height and Deygout diffraction over the terrain.
    case deygoutCorrected(PropagationModel)

    /// "cost231-hata:open" (flat), "itm", "cost231-hata:open+deygout".
    public var description: String {
        switch self {
        case .flat(let m): return m.description
        case .itm: return "itm"
        case .deygoutCorrected(let m): return "\(m.description)+deygout"
        }
    }
}

extension PropagationModel {
    /// The published range of the base-station height of the model, metres (its hard tier).
    var txHeightRangeMeters: ClosedRange<Double> {
        switch self {
        case .freeSpace: return 0 ... Double.infinity
        case .okumuraHata: return OkumuraHata.baseHeightRangeMeters
        case .cost231Hata: return Cost231Hata.baseHeightRangeMeters
        case .extendedHata: return ExtendedHata.baseHeightRangeMeters
        case .rma: return TR38901.rmaBSHeightRangeMeters
        case .uma: return TR38901.umaBSHeightRangeMeters
        case .corrected(let base, _): return base.txHeightRangeMeters
        }
    }
}
