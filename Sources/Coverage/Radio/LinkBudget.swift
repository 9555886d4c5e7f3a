import Foundation

/// An LTE downlink link budget for RSRP coverage: the largest path loss at which a location still
/// receives a reference-signal power above a threshold with the chosen cell-edge probability.
///
///     P_RS    = P_tx − 10·log10(12·N_RB)                                   (dBm per resource element)
///     RSRP    = P_RS + G_tx + A(θ) − L_cable + G_rx − L_body − L_indoor − PL      (median, dBm)
///     margin  = σ_SF · Φ⁻¹(p)                                              (log-normal shadowing)
///     PL_max  = P_RS + G_tx + A(θ) − L_cable + G_rx − L_body − L_indoor − margin − RSRP_threshold
///
/// P_RS spreads the sector's total transmit power evenly over the 12·N_RB subcarriers (no RS power
/// boost), the usual planning assumption; RSRP is defined per resource element in 3GPP TS 36.214 §5.1.1.
/// N_RB comes from TS 36.101 Table 5.6-1 via ``LTEBandwidth``. The shadow margin is the one-sided
/// location-probability margin at the cell edge (e.g. p = 0.75 gives 0.674·σ); A(θ) is the sector
/// antenna's horizontal pattern, ``SectorAntenna/horizontalGainOffsetDB(bearingDegrees:)``.
///
/// For a 5G NR cell (``subcarrierSpacingKHz`` set) the same budget gives SS-RSRP, which is also defined per
/// resource element (3GPP TS 38.215 §5.1.1): P_RE = P_tx − 10·log10(12·N_RB) with N_RB from the channel bandwidth
/// and subcarrier spacing (TS 38.104 Table 5.3.2-1, ``NRBandwidth``), the SS block at the same EPRE as the data.
///
/// Every value is passed in; nothing is assumed in code.
public struct LinkBudget: Sendable, Hashable {
    /// Total transmit power per sector over all resource blocks, dBm, at the antenna connector before cable loss.
    public var txPowerDBm: Double
    /// Channel bandwidth, MHz: one of 1.4, 3, 5, 10, 15, 20 (TS 36.101 Table 5.6-1).
    public var bandwidthMHz: Double
    /// Feeder/cable and connector loss between transmitter and antenna, dB (≥ 0).
    public var cableLossDB: Double
    /// Standard deviation of log-normal shadow fading, dB (≥ 0).
    public var shadowSigmaDB: Double
    /// Probability that RSRP exceeds the threshold at a cell-edge location, in (0, 1), e.g. 0.75; margin = σ·Φ⁻¹(p).
    public var cellEdgeProbability: Double
    /// Body loss at the handset, dB (≥ 0).
    public var bodyLossDB: Double
    /// Building (indoor) penetration loss, dB (≥ 0); 0 for outdoor coverage.
    public var indoorPenetrationLossDB: Double
    /// Receive antenna gain, dBi (often 0 for a handset; may be negative).
    public var rxAntennaGainDBi: Double
    /// NR subcarrier spacing, kHz (15, 30 or 60); nil for an LTE carrier. When set, ``bandwidthMHz`` is an NR
    /// channel bandwidth and N_RB comes from TS 38.104 Table 5.3.2-1 (``NRBandwidth``).
    public var subcarrierSpacingKHz: Double? = nil

    /// Creates a link budget after checking every value.
    /// - Parameters: see the properties; units in the names.
    /// - Throws: ``CoverageError/modelInputOutOfRange(model:parameter:value:validRange:)`` for NaN or infinite
    ///   values, negative losses or σ, a bandwidth that is not an LTE channel bandwidth, or p outside (0, 1).
    public init(txPowerDBm: Double, bandwidthMHz: Double, cableLossDB: Double, shadowSigmaDB: Double,
                cellEdgeProbability: Double, bodyLossDB: Double, indoorPenetrationLossDB: Double,
                rxAntennaGainDBi: Double, subcarrierSpacingKHz: Double? = nil) throws {
        self.txPowerDBm = txPowerDBm
        self.bandwidthMHz = bandwidthMHz
        self.cableLossDB = cableLossDB
        self.shadowSigmaDB = shadowSigmaDB
        self.cellEdgeProbability = cellEdgeProbability
        self.bodyLossDB = bodyLossDB
        self.indoorPenetrationLossDB = indoorPenetrationLossDB
        self.rxAntennaGainDBi = rxAntennaGainDBi
        self.subcarrierSpacingKHz = subcarrierSpacingKHz
        try check()
    }

    /// Checks every field (fields are `var`, so methods check again before use).
    func check() throws {
        let model = "link budget"
        for (name, value) in [("tx_power_dbm", txPowerDBm), ("rx_antenna_gain_dbi", rxAntennaGainDBi)] {
            guard value.isFinite else {
                throw CoverageError.modelInputOutOfRange(model: model, parameter: name, value: value, validRange: "finite")
            }
        }
        for (name, value) in [("cable_loss_db", cableLossDB), ("shadow_sigma_db", shadowSigmaDB),
                              ("body_loss_db", bodyLossDB), ("indoor_penetration_loss_db", indoorPenetrationLossDB)] {
            guard value.isFinite, value >= 0 else {
                throw CoverageError.modelInputOutOfRange(model: model, parameter: name, value: value, validRange: "≥ 0 dB")
            }
        }
        guard cellEdgeProbability > 0, cellEdgeProbability < 1 else {
            throw CoverageError.modelInputOutOfRange(model: model, parameter: "cell_edge_probability",
                                                     value: cellEdgeProbability, validRange: "(0, 1)")
        }
        _ = try resourceBlocks()
    }

    /// N_RB of the carrier: TS 36.101 Table 5.6-1 for LTE, TS 38.104 Table 5.3.2-1 for NR.
    func resourceBlocks() throws -> Int {
        if let scs = subcarrierSpacingKHz { return try NRBandwidth.resourceBlocks(bandwidthMHz: bandwidthMHz, subcarrierSpacingKHz: scs) }
        return try LTEBandwidth.resourceBlocks(bandwidthMHz: bandwidthMHz)
    }

    /// Reference-signal power per resource element, P_RS = P_tx − 10·log10(12·N_RB), dBm (the SS-RSRP
    /// resource-element power of an NR carrier).
    /// - Throws: when ``bandwidthMHz`` is not an LTE channel bandwidth, or for NR not in TS 38.104 Table 5.3.2-1.
    public func referenceSignalPowerDBm() throws -> Double {
        let nRB = try resourceBlocks()
        return txPowerDBm - 10.0 * log10(12.0 * Double(nRB))
    }

    /// Shadow-fading margin σ_SF·Φ⁻¹(p), dB (negative for p < 0.5).
    public var shadowMarginDB: Double {
        shadowSigmaDB * NormalDistribution.quantile(cellEdgeProbability)
    }

    /// Largest path loss (dB) at which RSRP ≥ thresholdDBm for a sector antenna seen at bearing:
    /// P_RS + G_tx + A(θ) − cable + G_rx − body − indoor − margin − threshold.
    /// - Parameters:
    ///   - thresholdDBm: RSRP threshold, dBm (e.g. −110).
    ///   - antenna: the serving sector antenna.
    ///   - bearingDegrees: bearing from the site to the location, degrees clockwise from north.
    /// - Throws: for an invalid budget field or antenna, or a non-finite threshold.
    public func maxPathLossDB(thresholdDBm: Double, antenna: SectorAntenna, bearingDegrees: Double) throws -> Double {
        guard thresholdDBm.isFinite else {
            throw CoverageError.modelInputOutOfRange(model: "link budget", parameter: "rsrp_threshold_dbm",
                                                     value: thresholdDBm, validRange: "finite")
        }
        return try receivedAtZeroPathLossDBm(antenna: antenna, bearingDegrees: bearingDegrees) - shadowMarginDB - thresholdDBm
    }

    /// Median RSRP in dBm (no shadow margin) after `pathLossDB`:
    /// P_RS + G_tx + A(θ) − cable + G_rx − body − indoor − PL.
    /// So `rsrpDBm(pathLossDB: maxPathLossDB(thresholdDBm: t, …), …) − shadowMarginDB == t`.
    /// - Throws: for an invalid budget field or antenna, or a non-finite path loss.
    public func rsrpDBm(pathLossDB: Double, antenna: SectorAntenna, bearingDegrees: Double) throws -> Double {
        guard pathLossDB.isFinite else {
            throw CoverageError.modelInputOutOfRange(model: "link budget", parameter: "path_loss_db",
                                                     value: pathLossDB, validRange: "finite")
        }
        return try receivedAtZeroPathLossDBm(antenna: antenna, bearingDegrees: bearingDegrees) - pathLossDB
    }

    /// P_RS + G_tx + A(θ) − cable + G_rx − body − indoor, dBm.
    func receivedAtZeroPathLossDBm(antenna: SectorAntenna, bearingDegrees: Double) throws -> Double {
        try check()
        if let error = antenna.validationError() { throw error }
        guard bearingDegrees.isFinite else {
            throw CoverageError.modelInputOutOfRange(model: "link budget", parameter: "bearing_deg",
                                                     value: bearingDegrees, validRange: "finite")
        }
        return try referenceSignalPowerDBm() + antenna.gainDBi + antenna.horizontalGainOffsetDB(bearingDegrees: bearingDegrees)
            - cableLossDB + rxAntennaGainDBi - bodyLossDB - indoorPenetrationLossDB
    }
}

/// LTE channel bandwidths and their transmission bandwidth in resource blocks.
public enum LTEBandwidth {
    /// (channel bandwidth MHz, N_RB), 3GPP TS 36.101 Table 5.6-1.
    public static let table: [(bandwidthMHz: Double, resourceBlocks: Int)] =
        [(1.4, 6), (3.0, 15), (5.0, 25), (10.0, 50), (15.0, 75), (20.0, 100)]

    /// The transmission bandwidth configuration N_RB for an LTE channel bandwidth:
    /// 1.4→6, 3→15, 5→25, 10→50, 15→75, 20→100 (3GPP TS 36.101 Table 5.6-1).
    /// - Parameter bandwidthMHz: channel bandwidth, MHz (matched to within 1e-6 MHz).
    /// - Throws: ``CoverageError/modelInputOutOfRange(model:parameter:value:validRange:)`` for any other value.
    public static func resourceBlocks(bandwidthMHz: Double) throws -> Int {
        if let row = table.first(where: { abs($0.bandwidthMHz - bandwidthMHz) < 1e-6 }) {
            return row.resourceBlocks
        }
        throw CoverageError.modelInputOutOfRange(model: "LTE channel bandwidth", parameter: "bandwidth_mhz",
                                                 value: bandwidthMHz, validRange: "one of 1.4, 3, 5, 10, 15, 20 MHz")
    }
}

/// NR channel bandwidths of FR1 and their transmission bandwidth in resource blocks per subcarrier spacing.
public enum NRBandwidth {
    /// (SCS kHz, [(channel bandwidth MHz, N_RB)]), 3GPP TS 38.104 (V15/V16) Table 5.3.2-1, FR1 (the 35 and 45 MHz
    /// columns of later releases are not included; "N/A" cells are absent, e.g. 15 kHz above 50 MHz, 60 kHz at 5 MHz).
    public static let table: [(subcarrierSpacingKHz: Double, rows: [(bandwidthMHz: Double, resourceBlocks: Int)])] = [
        (15, [(5, 25), (10, 52), (15, 79), (20, 106), (25, 133), (30, 160), (40, 216), (50, 270)]),
        (30, [(5, 11), (10, 24), (15, 38), (20, 51), (25, 65), (30, 78), (40, 106), (50, 133), (60, 162), (70, 189),
              (80, 217), (90, 245), (100, 273)]),
        (60, [(10, 11), (15, 18), (20, 24), (25, 31), (30, 38), (40, 51), (50, 65), (60, 79), (70, 93), (80, 107),
              (90, 121), (100, 135)]),
    ]

    /// The channel bandwidths (MHz) of ``table`` at a subcarrier spacing; empty for a spacing not in it.
    public static func bandwidthsMHz(subcarrierSpacingKHz scs: Double) -> [Double] {
        table.first { abs($0.subcarrierSpacingKHz - scs) < 1e-9 }?.rows.map(\.bandwidthMHz) ?? []
    }

    /// N_RB of an NR FR1 carrier (TS 38.104 Table 5.3.2-1): e.g. 100 MHz at 30 kHz → 273, 20 MHz at 15 kHz → 106.
    /// - Throws: ``CoverageError/modelInputOutOfRange(model:parameter:value:validRange:)`` for a spacing other than
    ///   15, 30, 60 kHz or a bandwidth that the table has no entry for at that spacing.
    public static func resourceBlocks(bandwidthMHz: Double, subcarrierSpacingKHz scs: Double) throws -> Int {
        guard let column = table.first(where: { abs($0.subcarrierSpacingKHz - scs) < 1e-9 }) else {
            throw CoverageError.modelInputOutOfRange(model: "NR channel bandwidth", parameter: "scs_khz", value: scs,
                                                     validRange: "15, 30 or 60 kHz (TS 38.104 Table 5.3.2-1, FR1)")
        }
        if let row = column.rows.first(where: { abs($0.bandwidthMHz - bandwidthMHz) < 1e-6 }) { return row.resourceBlocks }
        let list = column.rows.map { JSONValue.format($0.bandwidthMHz) }.joined(separator: ", ")
        throw CoverageError.modelInputOutOfRange(model: "NR channel bandwidth at \(JSONValue.format(scs)) kHz", parameter: "bandwidth_mhz",
                                                 value: bandwidthMHz, validRange: "one of \(list) MHz (TS 38.104 Table 5.3.2-1)")
    }
}

/// The standard normal distribution's quantile function Φ⁻¹.
public enum NormalDistribution {
    /// Φ⁻¹(p), the standard normal quantile.
    ///
    /// Algorithm: P. J. Acklam, "An algorithm for computing the inverse normal cumulative distribution
    /// function" (2003; rational approximations, relative error < 1.15·10⁻⁹), followed by one Halley
    /// refinement step using `erfc`, as Acklam recommends, which brings it to near double precision.
    /// - Parameter p: probability.
    /// - Returns: Φ⁻¹(p); −∞ for p = 0, +∞ for p = 1, NaN outside [0, 1] or for NaN.
    public static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }

        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                 3.754408661907416e+00]
        let pLow = 0.02425, pHigh = 1 - 0.02425

        var x: Double
        if p < pLow {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= pHigh {
            let q = p - 0.5
            let r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        // One Halley step on Φ(x) − p = 0, Φ(x) = erfc(−x/√2)/2.
        let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
        let u = e * (2.0 * Double.pi).squareRoot() * exp(x * x / 2.0)
        x -= u / (1.0 + x * u / 2.0)
        return x
    }
}
