import Foundation

/// A median path-loss model, chosen by name in a scenario file.
///
/// Each case dispatches to one model type, which names its source and validity ranges:
/// - ``FreeSpace`` — ITU-R P.525-4 §2.2, eq. (6), on the 3D path length.
/// - ``OkumuraHata`` — Hata (1980), IEEE Trans. Veh. Tech. VT-29(3), 317–325, eqs. (4)–(8); 150–1500 MHz.
/// - ``Cost231Hata`` — COST Action 231 final report (1999) §4.4.1, eq. (4.4.1); 1500–2000 MHz.
/// - ``TR38901`` — 3GPP TR 38.901 (V16/V17) Table 7.4.1-1, RMa and UMa, LOS and NLOS.
///
/// Inputs are checked in two tiers, as in NTIA's ITM: ``validate(frequencyMHz:txHeightMeters:rxHeightMeters:)``
/// throws ``CoverageError/modelInputOutOfRange(model:parameter:value:validRange:)`` outside a model's
/// published range (the hard tier) and returns human-readable warnings inside it, near its edges
/// (within 10 % of a limit's value) or where the project uses an extension beyond the original
/// publication (the soft tier). Distance is not part of `validate`: coverage grids sweep it and
/// extrapolate, see ``validDistanceMeters(frequencyMHz:txHeightMeters:rxHeightMeters:)``.
///
/// Heights are antenna heights above local ground: `txHeightMeters` is the base station (hb, hBS),
/// `rxHeightMeters` the mobile (hm, hUT). Distances are 2D ground distances in metres; models that
/// use the 3D distance compute it as d3D = √(d2D² + (hTx − hRx)²).
public enum PropagationModel: Sendable, Hashable, CustomStringConvertible {
    /// Free-space basic transmission loss, ITU-R P.525.
    case freeSpace
    /// Okumura-Hata (Hata 1980) for the given area type.
    case okumuraHata(OkumuraHata.Area)
    /// COST-231 Hata for the given area type (suburban and open use the SEAMCAT Extended Hata corrections).
    case cost231Hata(Cost231Hata.Area)
    /// Extended Hata (SEAMCAT; Report ITU-R SM.2028-2), 150–3000 MHz.
    case extendedHata(ExtendedHata.Area)
    /// 3GPP TR 38.901 rural macro (RMa), line of sight or not.
    case rma(los: Bool)
    /// 3GPP TR 38.901 urban macro (UMa), line of sight or not.
    case uma(los: Bool)
    /// A base model tuned to measurements (``ModelCorrection``): L'(d) = L(d) + offset + slope·log10(d / 1 km).
    /// Made by ``RadioSettings/model(environment:bandMHz:)`` only for a rule with a non-zero correction, so an
    /// uncorrected scenario never sees this case.
    indirect case corrected(PropagationModel, ModelCorrection)

    /// Every model in the order of ``allNames``.
    public static let allCases: [PropagationModel] =
        [.freeSpace]
        + OkumuraHata.Area.allCases.map { .okumuraHata($0) }
        + Cost231Hata.Area.allCases.map { .cost231Hata($0) }
        + ExtendedHata.Area.allCases.map { .extendedHata($0) }
        + [.rma(los: true), .rma(los: false), .uma(los: true), .uma(los: false)]

    /// Every accepted scenario spelling, e.g. "free-space", "okumura-hata:urban-large", "3gpp-uma:nlos".
    public static var allNames: [String] { allCases.map(\.description) }

    /// Parses the scenario spelling, e.g. "free-space", "okumura-hata:urban-large", "okumura-hata:urban-small",
    /// "okumura-hata:suburban", "okumura-hata:open", "cost231-hata:metropolitan", "cost231-hata:medium-city",
    /// "cost231-hata:suburban", "cost231-hata:open", "3gpp-rma:los", "3gpp-rma:nlos", "3gpp-uma:los", "3gpp-uma:nlos".
    ///
    /// Matching ignores case and surrounding white space.
    /// - Throws: ``CoverageError/unknownName(kind:name:expected:)`` listing ``allNames``.
    ///
    /// A corrected model's ``description`` (e.g. "cost231-hata:open offset_db=6 distance_slope_db_per_decade=-5")
    /// parses back to the same model: the base name, then the two `key=value` terms separated by spaces.
    public init(parsing name: String) throws {
        let key = name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let words = key.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if words.count > 1 {
            var c = ModelCorrection(offsetDB: 0, slopeDBPerDecade: 0)
            var seen: Set<String> = []
            for w in words.dropFirst() {
                let kv = w.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2, let v = Double(kv[1]), v.isFinite, !seen.contains(kv[0]) else {
                    throw CoverageError.unknownName(kind: "propagation model", name: name, expected: Self.allNames)
                }
                seen.insert(kv[0])
                switch kv[0] {
                case ModelCorrection.offsetKey: c.offsetDB = v
                case ModelCorrection.slopeKey: c.slopeDBPerDecade = v
                default: throw CoverageError.unknownName(kind: "propagation model", name: name, expected: Self.allNames)
                }
            }
            self = try PropagationModel(parsing: words[0]).corrected(by: c)
            return
        }
        guard let model = Self.allCases.first(where: { $0.description == key }) else {
            throw CoverageError.unknownName(kind: "propagation model", name: name, expected: Self.allNames)
        }
        self = model
    }

    /// The scenario spelling, the same string ``init(parsing:)`` accepts.
    public var description: String {
        switch self {
        case .freeSpace: return "free-space"
        case .okumuraHata(let area): return "okumura-hata:\(area.rawValue)"
        case .cost231Hata(let area): return "cost231-hata:\(area.rawValue)"
        case .extendedHata(let area): return "extended-hata:\(area.rawValue)"
        case .rma(let los): return los ? "3gpp-rma:los" : "3gpp-rma:nlos"
        case .uma(let los): return los ? "3gpp-uma:los" : "3gpp-uma:nlos"
        case .corrected(let base, let c):
            return "\(base.description) \(ModelCorrection.offsetKey)=\(JSONValue.format(c.offsetDB)) \(ModelCorrection.slopeKey)=\(JSONValue.format(c.slopeDBPerDecade))"
        }
    }

    /// This model with `correction` added: the model itself when the correction is zero (so defaults keep
    /// every output unchanged), and corrections on a corrected model add up (the correction is linear).
    public func corrected(by correction: ModelCorrection) -> PropagationModel {
        if case .corrected(let base, let c) = self {
            return base.corrected(by: ModelCorrection(offsetDB: c.offsetDB + correction.offsetDB,
                                                      slopeDBPerDecade: c.slopeDBPerDecade + correction.slopeDBPerDecade))
        }
        return correction.isZero ? self : .corrected(self, correction)
    }

    /// The model without its correction (itself for an uncorrected model).
    public var base: PropagationModel {
        if case .corrected(let b, _) = self { return b }
        return self
    }

    /// Checks frequency and heights against the model's validity range: throws outside (hard tier),
    /// returns human-readable warnings near the edges (soft tier, e.g. within 10 % of a limit, or an
    /// extension outside the original model's published range). Does not check distance.
    ///
    /// - Parameters:
    ///   - frequencyMHz: carrier frequency in MHz.
    ///   - txHeightMeters: base-station antenna height above ground, metres.
    ///   - rxHeightMeters: mobile antenna height above ground, metres.
    /// - Returns: warnings, empty when the inputs sit comfortably inside the published range.
    /// - Throws: ``CoverageError/modelInputOutOfRange(model:parameter:value:validRange:)`` naming the first
    ///   input outside the hard range (NaN is always outside).
    public func validate(frequencyMHz: Double, txHeightMeters: Double, rxHeightMeters: Double) throws -> [String] {
        switch self {
        case .freeSpace:
            return try FreeSpace.validate(frequencyMHz: frequencyMHz, txHeightMeters: txHeightMeters,
                                          rxHeightMeters: rxHeightMeters)
        case .okumuraHata(let area):
            return try OkumuraHata.validate(area: area, frequencyMHz: frequencyMHz,
                                            baseHeightMeters: txHeightMeters, mobileHeightMeters: rxHeightMeters)
        case .cost231Hata(let area):
            return try Cost231Hata.validate(area: area, frequencyMHz: frequencyMHz,
                                            baseHeightMeters: txHeightMeters, mobileHeightMeters: rxHeightMeters)
        case .extendedHata(let area):
            return try ExtendedHata.validate(area: area, frequencyMHz: frequencyMHz,
                                             baseHeightMeters: txHeightMeters, mobileHeightMeters: rxHeightMeters)
        case .rma(let los):
            return try TR38901.validateRMa(los: los, frequencyMHz: frequencyMHz,
                                           bsHeightMeters: txHeightMeters, utHeightMeters: rxHeightMeters)
        case .uma(let los):
            return try TR38901.validateUMa(los: los, frequencyMHz: frequencyMHz,
                                           bsHeightMeters: txHeightMeters, utHeightMeters: rxHeightMeters)
        case .corrected(let base, _):
            return try base.validate(frequencyMHz: frequencyMHz, txHeightMeters: txHeightMeters, rxHeightMeters: rxHeightMeters)
        }
    }

    /// The distance range (2D ground distance, metres) over which the model is published as valid for these inputs.
    ///
    /// Okumura-Hata and COST-231: 1–20 km. TR 38.901 RMa: 10 m–10 km LOS, 10 m–5 km NLOS; UMa: 10 m–5 km.
    /// Free space has no published limit: 1 m up to `Double.infinity`.
    public func validDistanceMeters(frequencyMHz: Double, txHeightMeters: Double, rxHeightMeters: Double) -> ClosedRange<Double> {
        switch self {
        case .freeSpace: return FreeSpace.distanceRangeMeters
        case .okumuraHata: return OkumuraHata.distanceRangeMeters
        case .cost231Hata: return Cost231Hata.distanceRangeMeters
        case .extendedHata: return ExtendedHata.distanceRangeMeters
        case .rma(let los): return los ? TR38901.rmaLOSDistanceRangeMeters : TR38901.rmaNLOSDistanceRangeMeters
        case .uma: return TR38901.umaDistanceRangeMeters
        case .corrected(let base, _):
            return base.validDistanceMeters(frequencyMHz: frequencyMHz, txHeightMeters: txHeightMeters, rxHeightMeters: rxHeightMeters)
        }
    }

    /// Median basic path loss in dB. Fast and non-throwing: callers validated the inputs with `validate`.
    /// Distance outside validDistanceMeters is extrapolated with the same formula (callers warn).
    ///
    /// - Parameters:
    ///   - distanceMeters: 2D ground distance in metres. Values below 1 m (including 0, a site's own
    ///     grid cell) are evaluated at 1 m so the result stays finite.
    ///   - frequencyMHz: carrier frequency in MHz.
    ///   - txHeightMeters: base-station antenna height above ground, metres.
    ///   - rxHeightMeters: mobile antenna height above ground, metres.
    /// - Returns: the median path loss in dB (no shadowing margin).
    /// - Complexity: O(1), a handful of logarithms.
    public func pathLossDB(distanceMeters: Double, frequencyMHz: Double, txHeightMeters: Double, rxHeightMeters: Double) -> Double {
        let d = Swift.max(distanceMeters, Self.minimumEvaluatedDistanceMeters)
        switch self {
        case .freeSpace:
            return FreeSpace.pathLossDB(distanceMeters: d, frequencyMHz: frequencyMHz,
                                        txHeightMeters: txHeightMeters, rxHeightMeters: rxHeightMeters)
        case .okumuraHata(let area):
            return OkumuraHata.pathLossDB(area: area, distanceMeters: d, frequencyMHz: frequencyMHz,
                                          baseHeightMeters: txHeightMeters, mobileHeightMeters: rxHeightMeters)
        case .cost231Hata(let area):
            return Cost231Hata.pathLossDB(area: area, distanceMeters: d, frequencyMHz: frequencyMHz,
                                          baseHeightMeters: txHeightMeters, mobileHeightMeters: rxHeightMeters)
        case .extendedHata(let area):
            return ExtendedHata.pathLossDB(area: area, distanceMeters: d, frequencyMHz: frequencyMHz,
                                           baseHeightMeters: txHeightMeters, mobileHeightMeters: rxHeightMeters)
        case .rma(let los):
            return los
                ? TR38901.rmaLOSPathLossDB(distance2DMeters: d, frequencyMHz: frequencyMHz,
                                           bsHeightMeters: txHeightMeters, utHeightMeters: rxHeightMeters)
                : TR38901.rmaNLOSPathLossDB(distance2DMeters: d, frequencyMHz: frequencyMHz,
                                            bsHeightMeters: txHeightMeters, utHeightMeters: rxHeightMeters)
        case .uma(let los):
            return los
                ? TR38901.umaLOSPathLossDB(distance2DMeters: d, frequencyMHz: frequencyMHz,
                                           bsHeightMeters: txHeightMeters, utHeightMeters: rxHeightMeters)
                : TR38901.umaNLOSPathLossDB(distance2DMeters: d, frequencyMHz: frequencyMHz,
                                            bsHeightMeters: txHeightMeters, utHeightMeters: rxHeightMeters)
        case .corrected(let base, let c):
            return base.pathLossDB(distanceMeters: d, frequencyMHz: frequencyMHz, txHeightMeters: txHeightMeters,
                                   rxHeightMeters: rxHeightMeters) + c.correctionDB(distanceMeters: d)
        }
    }

    /// validate + distance check + pathLossDB, for the `sim pathloss` command: throws outside the hard range,
    /// returns the loss and all warnings (including a warning when distance is outside the valid range).
    ///
    /// - Throws: ``CoverageError/modelInputOutOfRange(model:parameter:value:validRange:)`` for frequency or
    ///   heights outside the hard range, or a distance that is not a finite positive number.
    public func checkedPathLossDB(distanceMeters: Double, frequencyMHz: Double, txHeightMeters: Double, rxHeightMeters: Double) throws -> (lossDB: Double, warnings: [String]) {
        var warnings = try validate(frequencyMHz: frequencyMHz, txHeightMeters: txHeightMeters, rxHeightMeters: rxHeightMeters)
        guard distanceMeters.isFinite, distanceMeters > 0 else {
            throw CoverageError.modelInputOutOfRange(model: description, parameter: "distance_m",
                                                     value: distanceMeters, validRange: "> 0 m")
        }
        let range = validDistanceMeters(frequencyMHz: frequencyMHz, txHeightMeters: txHeightMeters, rxHeightMeters: rxHeightMeters)
        if !range.contains(distanceMeters) {
            warnings.append("\(description): distance_m = \(distanceMeters) is outside the published range "
                + "\(ModelLimit.format(range)) m; the formula is extrapolated")
        }
        let loss = pathLossDB(distanceMeters: distanceMeters, frequencyMHz: frequencyMHz,
                              txHeightMeters: txHeightMeters, rxHeightMeters: rxHeightMeters)
        return (loss, warnings)
    }

    /// Distances below this are evaluated at this value by ``pathLossDB(distanceMeters:frequencyMHz:txHeightMeters:rxHeightMeters:)``.
    static let minimumEvaluatedDistanceMeters = 1.0
}

/// One input's published validity range, shared by the model files: the hard check and the soft
/// (near-edge) warning. Kept beside the dispatch so every model words its messages the same way.
struct ModelLimit {
    /// The model's scenario spelling, e.g. "okumura-hata:urban-large".
    var model: String
    /// The input's name with its unit, e.g. "frequency_mhz".
    var parameter: String
    /// The published (hard) range.
    var range: ClosedRange<Double>
    /// The fraction of a limit's value within which a warning is given (0.1 = 10 %).
    var edgeFraction: Double = 0.1

    /// Throws when `value` is outside `range` (NaN included); otherwise returns a warning when `value`
    /// lies within `edgeFraction` of a finite limit's value, or `nil`.
    func check(_ value: Double) throws -> String? {
        guard range.contains(value) else {
            throw CoverageError.modelInputOutOfRange(model: model, parameter: parameter, value: value,
                                                     validRange: Self.format(range))
        }
        let lower = range.lowerBound, upper = range.upperBound
        if lower > 0, lower.isFinite, value < lower * (1 + edgeFraction), value != upper {
            return "\(model): \(parameter) = \(value) is within \(Int(edgeFraction * 100)) % of the lower limit \(lower) of \(Self.format(range))"
        }
        if upper > 0, upper.isFinite, value > upper * (1 - edgeFraction), value != lower {
            return "\(model): \(parameter) = \(value) is within \(Int(edgeFraction * 100)) % of the upper limit \(upper) of \(Self.format(range))"
        }
        return nil
    }

    /// "150–1500" style text for a range, trimming ".0".
    static func format(_ range: ClosedRange<Double>) -> String {
        func text(_ x: Double) -> String {
            if x == .infinity { return "∞" }
            return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
        }
        return "\(text(range.lowerBound))–\(text(range.upperBound))"
    }
}
