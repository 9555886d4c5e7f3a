import Foundation
import Testing
@testable import Coverage

// Sources: 3GPP TS 36.101 Table 5.6-1 (N_RB per channel bandwidth); 3GPP TR 36.814 Table A.2.1.1-2
// (sector pattern A(θ) = −min(12(θ/θ3dB)², A_m)); standard normal quantiles from any printed table,
// e.g. Abramowitz & Stegun (1964) Table 26.5: Φ⁻¹(0.75) = 0.6745, Φ⁻¹(0.90) = 1.2816,
// Φ⁻¹(0.95) = 1.6449, Φ⁻¹(0.99) = 2.3263, Φ⁻¹(0.999) = 3.0902.
// Tolerances: 1e-4 for quantiles (the table's 4 decimals), 1e-9 dB for exact dB arithmetic, 0.01 dB for
// hand calculations rounded to 4 decimals.

/// A typical 1800 MHz macro budget used by several tests: 43 dBm over 20 MHz, 0.5 dB cable,
/// σ = 8 dB at p = 0.75, no body or indoor loss, 0 dBi handset.
private func budget(indoor: Double = 0, body: Double = 0) throws -> LinkBudget {
    try LinkBudget(txPowerDBm: 43, bandwidthMHz: 20, cableLossDB: 0.5, shadowSigmaDB: 8, cellEdgeProbability: 0.75,
                   bodyLossDB: body, indoorPenetrationLossDB: indoor, rxAntennaGainDBi: 0)
}

private let sector = SectorAntenna(azimuthDegrees: 120, beamwidthDegrees: 65, maxAttenuationDB: 20, gainDBi: 17)

@Suite("LTE bandwidth (TS 36.101 Table 5.6-1)")
struct LTEBandwidthTests {
    @Test("resource blocks per channel bandwidth",
          arguments: [(1.4, 6), (3.0, 15), (5.0, 25), (10.0, 50), (15.0, 75), (20.0, 100)])
    func table(bandwidthMHz: Double, resourceBlocks: Int) throws {
        #expect(try LTEBandwidth.resourceBlocks(bandwidthMHz: bandwidthMHz) == resourceBlocks)
    }

    @Test("other bandwidths throw", arguments: [0.0, 1.0, 7.0, 25.0, -5.0, Double.nan])
    func others(bandwidthMHz: Double) {
        #expect(throws: CoverageError.self) { try LTEBandwidth.resourceBlocks(bandwidthMHz: bandwidthMHz) }
    }
}

@Suite("Sector antenna (TR 36.814 Table A.2.1.1-2)")
struct SectorAntennaTests {
    @Test("0 dB on boresight")
    func boresight() {
        #expect(sector.horizontalGainOffsetDB(bearingDegrees: 120) == 0)
    }

    @Test("−3 dB at θ3dB/2 either side: 12·(32.5/65)² = 12·0.25 = 3")
    func halfPower() {
        #expect(abs(sector.horizontalGainOffsetDB(bearingDegrees: 120 + 32.5) + 3.0) < 1e-9)
        #expect(abs(sector.horizontalGainOffsetDB(bearingDegrees: 120 - 32.5) + 3.0) < 1e-9)
    }

    @Test("−A_m at large angles", arguments: [120.0 + 180, 120.0 - 180, 300.0, 0.0, 240.0, 120.0 + 90])
    func backLobe(bearing: Double) {
        // |θ| ≥ 120° off boresight: 12·(120/65)² = 40.9 > 20 → −20 dB; at 90°: 12·(90/65)² = 23.0 > 20 → −20 dB
        #expect(sector.horizontalGainOffsetDB(bearingDegrees: bearing) == -20)
    }

    @Test("bearing wraps across north")
    func wrap() {
        let north = SectorAntenna(azimuthDegrees: 350, beamwidthDegrees: 65, maxAttenuationDB: 20, gainDBi: 17)
        // bearing 10° is 20° off boresight 350°: −12·(20/65)² = −12·0.094675 = −1.136095 dB
        #expect(abs(north.horizontalGainOffsetDB(bearingDegrees: 10) + 1.136095) < 1e-6)
        #expect(abs(north.horizontalGainOffsetDB(bearingDegrees: 10 + 720) + 1.136095) < 1e-6)
    }

    @Test("meaningless fields are reported")
    func invalid() {
        #expect(sector.validationError() == nil)
        #expect(SectorAntenna(azimuthDegrees: 0, beamwidthDegrees: 0, maxAttenuationDB: 20, gainDBi: 17).validationError() != nil)
        #expect(SectorAntenna(azimuthDegrees: 0, beamwidthDegrees: 65, maxAttenuationDB: -1, gainDBi: 17).validationError() != nil)
        #expect(SectorAntenna(azimuthDegrees: .nan, beamwidthDegrees: 65, maxAttenuationDB: 20, gainDBi: 17).validationError() != nil)
    }
}

@Suite("Normal quantile (Acklam 2003 + Halley step)")
struct NormalDistributionTests {
    @Test("against the printed table",
          arguments: [(0.75, 0.6745), (0.90, 1.2816), (0.95, 1.6449), (0.99, 2.3263), (0.999, 3.0902),
                      (0.5, 0.0), (0.25, -0.6745), (0.01, -2.3263)])
    func table(p: Double, z: Double) {
        #expect(abs(NormalDistribution.quantile(p) - z) < 1e-4)
    }

    @Test("edges")
    func edges() {
        #expect(NormalDistribution.quantile(0) == -.infinity)
        #expect(NormalDistribution.quantile(1) == .infinity)
        #expect(NormalDistribution.quantile(1.5).isNaN)
        #expect(NormalDistribution.quantile(.nan).isNaN)
    }

    @Test("symmetric: Φ⁻¹(1 − p) = −Φ⁻¹(p)", arguments: [0.001, 0.02, 0.1, 0.3, 0.49])
    func symmetry(p: Double) {
        #expect(abs(NormalDistribution.quantile(1 - p) + NormalDistribution.quantile(p)) < 1e-9)
    }
}

@Suite("Link budget")
struct LinkBudgetTests {
    @Test("P_RS for 43 dBm over 20 MHz = 43 − 10·log10(1200)")
    func referenceSignalPower() throws {
        // N_RB = 100 → 1200 subcarriers; 10·log10(1200) = 30.7918 → 43 − 30.7918 = 12.2082 dBm
        #expect(abs(try budget().referenceSignalPowerDBm() - (43 - 10 * log10(1200.0))) < 1e-9)
        #expect(abs(try budget().referenceSignalPowerDBm() - 12.2082) < 1e-4)
    }

    @Test("shadow margin σ·Φ⁻¹(p): 8 dB · 0.6745 = 5.3959 dB")
    func margin() throws {
        #expect(abs(try budget().shadowMarginDB - 8 * 0.6744898) < 1e-5)
    }

    @Test("maximum path loss on boresight, hand calculation")
    func maxPathLossBoresight() throws {
        // P_RS 12.2082 + G_tx 17 + A(0) 0 − cable 0.5 + G_rx 0 − body 3 − indoor 15 − margin 5.3959 − (−110)
        //   = 12.2082 + 17 − 0.5 − 3 − 15 − 5.3959 + 110 = 115.3123 dB
        let b = try budget(indoor: 15, body: 3)
        #expect(abs(try b.maxPathLossDB(thresholdDBm: -110, antenna: sector, bearingDegrees: 120) - 115.3123) < toleranceDB)
    }

    @Test("maximum path loss off boresight includes A(θ)")
    func maxPathLossOffAxis() throws {
        // outdoor, no body loss, at θ3dB/2 (−3 dB): 12.2082 + 17 − 3 − 0.5 − 5.3959 + 110 = 130.3123 dB
        #expect(abs(try budget().maxPathLossDB(thresholdDBm: -110, antenna: sector, bearingDegrees: 152.5) - 130.3123) < toleranceDB)
    }

    @Test("RSRP at the maximum path loss, less the margin, is the threshold")
    func consistency() throws {
        let b = try budget(indoor: 12, body: 3)
        for bearing in [0.0, 100.0, 120.0, 200.0] {
            let pl = try b.maxPathLossDB(thresholdDBm: -105, antenna: sector, bearingDegrees: bearing)
            let rsrp = try b.rsrpDBm(pathLossDB: pl, antenna: sector, bearingDegrees: bearing)
            #expect(abs(rsrp - b.shadowMarginDB - (-105)) < 1e-9)
        }
    }

    @Test("median RSRP, hand calculation")
    func rsrp() throws {
        // 12.2082 + 17 + 0 − 0.5 + 0 − 0 − 0 − 120 = −91.2918 dBm
        #expect(abs(try budget().rsrpDBm(pathLossDB: 120, antenna: sector, bearingDegrees: 120) - (-91.2918)) < 1e-4)
    }

    @Test("init rejects meaningless values")
    func invalidInit() {
        func make(tx: Double = 43, bw: Double = 20, cable: Double = 0.5, sigma: Double = 8, p: Double = 0.75,
                  body: Double = 0, indoor: Double = 0, rx: Double = 0) throws -> LinkBudget {
            try LinkBudget(txPowerDBm: tx, bandwidthMHz: bw, cableLossDB: cable, shadowSigmaDB: sigma,
                           cellEdgeProbability: p, bodyLossDB: body, indoorPenetrationLossDB: indoor, rxAntennaGainDBi: rx)
        }
        #expect(throws: CoverageError.self) { try make(tx: .nan) }
        #expect(throws: CoverageError.self) { try make(bw: 7) }
        #expect(throws: CoverageError.self) { try make(cable: -1) }
        #expect(throws: CoverageError.self) { try make(sigma: -0.1) }
        #expect(throws: CoverageError.self) { try make(p: 0) }
        #expect(throws: CoverageError.self) { try make(p: 1) }
        #expect(throws: CoverageError.self) { try make(p: .nan) }
        #expect(throws: CoverageError.self) { try make(body: -3) }
        #expect(throws: CoverageError.self) { try make(indoor: .infinity) }
        #expect(throws: CoverageError.self) { try make(rx: .nan) }
        #expect(throws: Never.self) { try make(tx: -10, rx: -2) }  // negative dBm and dBi are meaningful
    }

    @Test("methods re-check fields changed after init, and the antenna")
    func recheck() throws {
        var b = try budget()
        b.bandwidthMHz = 4
        #expect(throws: CoverageError.self) { try b.referenceSignalPowerDBm() }
        let bad = SectorAntenna(azimuthDegrees: 0, beamwidthDegrees: -65, maxAttenuationDB: 20, gainDBi: 17)
        #expect(throws: CoverageError.self) { try budget().maxPathLossDB(thresholdDBm: -110, antenna: bad, bearingDegrees: 0) }
    }
}

/// Tolerance for hand calculations rounded to 4 decimals, dB.
private let toleranceDB = 0.01
