import Foundation

/// What a prediction grid computes beyond the link budget (``RadioSettings``), and how coverage is
/// judged on it. Every value comes from the scenario's `predictions:` section (defaults and their
/// sources in data/scenarios/defaults.yaml and the README, "Prediction rasters").
public struct PredictionSettings: Sendable, Hashable {
    /// Pixel side (m).
    public var cellSizeMeters: Double
    /// The grid covers the districts grown by this distance (m); pixels farther from every district are no-data.
    public var marginMeters: Double
    /// Weakest median RSRP a cell is followed to (dBm): beyond the distance where its peak-gain median RSRP
    /// falls below this, a cell neither serves nor interferes. Also the floor of the `rsrp_dbm` layer.
    public var floorDBm: Double
    /// A cell counts in `overlap` when its RSRP is at least the coverage threshold and within this many dB
    /// of the best server's.
    public var overlapMarginDB: Double
    /// Fraction of resource elements on which a co-channel cell transmits (0…1): the interference it causes
    /// is its full RSRP times this factor.
    public var loadFactor: Double
    /// Receiver noise figure (dB) of the handset.
    public var noiseFigureDB: Double
    /// SINR threshold (dB) of the statistics ("area and people with SINR ≥ this") and, when
    /// ``coverageRequiresSINR``, of coverage.
    public var sinrThresholdDB: Double
    /// Coverage needs SINR ≥ ``sinrThresholdDB`` as well as RSRP ≥ the threshold; false: RSRP only (the footprints' rule).
    public var coverageRequiresSINR: Bool
    /// RSRP levels (dBm) for the per-district statistics, e.g. [−85, −95, −105, −115].
    public var rsrpBandsDBm: [Double]

    public init(cellSizeMeters: Double, marginMeters: Double, floorDBm: Double, overlapMarginDB: Double,
                loadFactor: Double, noiseFigureDB: Double, sinrThresholdDB: Double, coverageRequiresSINR: Bool,
                rsrpBandsDBm: [Double]) {
        self.cellSizeMeters = cellSizeMeters; self.marginMeters = marginMeters; self.floorDBm = floorDBm
        self.overlapMarginDB = overlapMarginDB; self.loadFactor = loadFactor; self.noiseFigureDB = noiseFigureDB
        self.sinrThresholdDB = sinrThresholdDB; self.coverageRequiresSINR = coverageRequiresSINR; self.rsrpBandsDBm = rsrpBandsDBm
    }

    /// Thermal noise density at 290 K, dBm/Hz: 10·log10(k·T·1000) = −173.98 (k = 1.380649·10⁻²³ J/K,
    /// the exact SI value); planning texts round it to −174.
    public static let thermalNoiseDensityDBmPerHz = 10 * log10(1.380649e-23 * 290 * 1000)

    /// LTE subcarrier spacing Δf = 15 kHz (3GPP TS 36.211 §6.2.3 Table 6.2.3-1, normal cyclic prefix):
    /// the bandwidth of one resource element, over which RSRP is measured (TS 36.214 §5.1.1).
    public static let subcarrierSpacingHz = 15_000.0

    /// Noise power in one resource element at the handset, dBm: N = −173.98 + 10·log10(15 000) + NF
    /// (= −132.22 dBm + NF; with NF = 9 dB, −123.22 dBm).
    public var noisePerResourceElementDBm: Double {
        Self.thermalNoiseDensityDBmPerHz + 10 * log10(Self.subcarrierSpacingHz) + noiseFigureDB
    }
}
