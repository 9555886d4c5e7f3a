import Foundation
import Testing
@testable import Coverage

// 5G NR cells, every number worked by hand from its source:
// - NR-ARFCN: 3GPP TS 38.104 §5.4.2.1 Table 5.4.2.1-1, F_REF = F_REF-Offs + ΔF_Global·(N_REF − N_REF-Offs):
//   0–3000 MHz ΔF_Global = 5 kHz, F_REF-Offs = 0, N_REF-Offs = 0; 3000–24250 MHz 15 kHz, 3000 MHz, 600000.
// - Bands: TS 38.104 Table 5.2-1 (downlink ranges). N_RB: TS 38.104 Table 5.3.2-1 (FR1).
// - UMa NLOS: 3GPP TR 38.901 Table 7.4.1-1, PL' = 13.54 + 39.08·log10(d3D) + 20·log10(fc/GHz) − 0.6·(hUT − 1.5).

@Suite struct NRCarrierTests {
    @Test func nrARFCNToFrequency() throws {
        let cases: [(n: Int, mhz: Double, band: Int)] = [
            (632_628, 3000 + 0.015 * 32_628, 78),   // 3000 + 489.42 = 3489.42 MHz (n78, also inside n77)
            (620_000, 3000 + 0.015 * 20_000, 78),   // 3300.00: the lower edge of n78
            (428_000, 0.005 * 428_000, 1),          // 2140.00: the centre of n1's 2110–2170
            (151_600, 0.005 * 151_600, 28),         // 758.00: the lower edge of n28
            (185_000, 0.005 * 185_000, 8),          // 925.00: the lower edge of n8
            (368_500, 0.005 * 368_500, 3),          // 1842.50: n3 (1805–1880)
        ]
        for c in cases {
            let carrier = try #require(ChannelNumber.nr(arfcn: c.n), "NR-ARFCN \(c.n)")
            #expect(abs(carrier.frequencyMHz - c.mhz) < 1e-9, "NR-ARFCN \(c.n): \(carrier.frequencyMHz)")
            #expect(ChannelNumber.nrBands(containing: carrier.frequencyMHz).first?.band == c.band, "NR-ARFCN \(c.n)")
        }
        #expect(abs(3489.42 - (3000 + 0.015 * 32_628)) < 1e-9)
        #expect(ChannelNumber.nr(arfcn: 3_279_166) == nil)
        #expect(ChannelNumber.nr(arfcn: -1) == nil)
        // 3489.42 MHz is in n78 (3300–3800) and n77 (3300–4200); 2650 MHz in n7 FDD and n41 TDD; 3000 MHz in none.
        #expect(ChannelNumber.nrBands(containing: 3489.42).map(\.band) == [78, 77])
        #expect(ChannelNumber.nrBands(containing: 2650).map(\.band) == [7, 41])
        #expect(ChannelNumber.nrBands(containing: 3000).isEmpty)
        #expect(ChannelNumber.nrBands(containing: 4000).map(\.band) == [77])
    }

    @Test func defaultSubcarrierSpacingByDuplex() {
        let scs = Dictionary(uniqueKeysWithValues: ChannelNumber.nrBands.map { ($0.band, $0.defaultSubcarrierSpacingKHz) })
        #expect(scs == [1: 15, 3: 15, 7: 15, 8: 15, 28: 15, 41: 30, 77: 30, 78: 30])
    }

    @Test("N_RB per bandwidth and spacing (TS 38.104 Table 5.3.2-1)",
          arguments: [(100.0, 30.0, 273), (20.0, 15.0, 106), (40.0, 30.0, 106), (5.0, 15.0, 25), (10.0, 15.0, 52),
                      (50.0, 15.0, 270), (20.0, 30.0, 51), (60.0, 30.0, 162), (80.0, 30.0, 217), (100.0, 60.0, 135)])
    func resourceBlocks(bandwidthMHz: Double, scs: Double, nRB: Int) throws {
        #expect(try NRBandwidth.resourceBlocks(bandwidthMHz: bandwidthMHz, subcarrierSpacingKHz: scs) == nRB)
    }

    @Test("combinations not in the table throw", arguments: [(100.0, 15.0), (60.0, 15.0), (5.0, 60.0), (7.0, 30.0), (20.0, 120.0), (20.0, 0.0)])
    func refused(bandwidthMHz: Double, scs: Double) {
        #expect(throws: CoverageError.self) { try NRBandwidth.resourceBlocks(bandwidthMHz: bandwidthMHz, subcarrierSpacingKHz: scs) }
    }

    @Test func ssRSRPResourceElementPower() throws {
        // 49 dBm over 100 MHz at 30 kHz: N_RB = 273, 12·273 = 3276 subcarriers, 10·log10(3276) = 35.1534 dB,
        // P_RE = 49 − 35.1534 = 13.8466 dBm. The same power over LTE 20 MHz (100 RB): 49 − 10·log10(1200) = 49 − 30.7918 = 18.2082.
        let nr = try LinkBudget(txPowerDBm: 49, bandwidthMHz: 100, cableLossDB: 0, shadowSigmaDB: 0, cellEdgeProbability: 0.5,
                                bodyLossDB: 0, indoorPenetrationLossDB: 0, rxAntennaGainDBi: 0, subcarrierSpacingKHz: 30)
        #expect(abs(try nr.referenceSignalPowerDBm() - 13.8466) < 1e-3)
        let lte = try LinkBudget(txPowerDBm: 49, bandwidthMHz: 20, cableLossDB: 0, shadowSigmaDB: 0, cellEdgeProbability: 0.5,
                                 bodyLossDB: 0, indoorPenetrationLossDB: 0, rxAntennaGainDBi: 0)
        #expect(abs(try lte.referenceSignalPowerDBm() - 18.2082) < 1e-3)
        // 100 MHz is not an LTE bandwidth, nor an NR one at 15 kHz.
        #expect(throws: CoverageError.self) {
            try LinkBudget(txPowerDBm: 49, bandwidthMHz: 100, cableLossDB: 0, shadowSigmaDB: 0, cellEdgeProbability: 0.5,
                           bodyLossDB: 0, indoorPenetrationLossDB: 0, rxAntennaGainDBi: 0, subcarrierSpacingKHz: 15)
        }
    }

    @Test func technologyCountsTowardRun() {
        #expect(Technology.nr.counts(toward: .lte) && Technology.nr.counts(toward: .nr))
        #expect(!Technology.nr.counts(toward: .umts) && !Technology.lte.counts(toward: .umts) && !Technology.umts.counts(toward: .lte))
        #expect(Technology.lte.counts(toward: .lte) && Technology.umts.counts(toward: .umts))
        #expect(!Technology.lte.counts(toward: .nr))
        #expect(RadioAccess(spelling: "New Radio") == .nr && RadioAccess(spelling: "5G NR") == .nr)
    }

    /// An omni n78 cell on flat earth under UMa NLOS, its radius by hand:
    /// P_RE = 49 − 10·log10(12·273) = 13.8466 dBm; allowed loss = 13.8466 + 17 dBi − 0.5 cable + 0 rx − 0 margin (σ = 0)
    /// − (−110) = 140.3466 dB. UMa NLOS' at fc = 3.5 GHz, hUT = 1.5 m: 13.54 + 39.08·log10(d3D) + 20·log10(3.5)
    /// (= 10.8814) = 140.3466 → log10(d3D) = 115.9252 / 39.08 = 2.966356 → d3D = 925.46 m; d2D = √(925.46² − 23.5²)
    /// = 925.16 m (hBS 25 m). The LOS branch there is lower: d'_BP = 4·24·0.5·3.5e9/3e8 = 560 m, PL2 = 28 +
    /// 40·log10(925.46) + 10.88 − 9·log10(560² + 23.5²) = 108.1 dB < 140.3, so NLOS' is the max.
    @Test func nrCellFootprintRadiusByHand() async throws {
        let s = RadioSettings(technology: .lte, thresholdDBm: -110, bandwidthMHz: 20, antennaGainDBi: 17, beamwidthDegrees: 65,
                              frontToBackDB: 25, cableLossDB: 0.5, shadowSigmaDB: 0, cellEdgeProbability: 0.75, bodyLossDB: 0,
                              indoorLossDB: 0, rxHeightMeters: 1.5, rxGainDBi: 0, bearingStepDegrees: 1, maxRadiusMeters: 30000,
                              modelRules: [ModelRule(environment: nil, minBandMHz: 3000, maxBandMHz: 6000, model: .uma(los: false))])
        let cell = Cell(id: "N1", azimuthDegrees: nil, heightMeters: 25, bandMHz: 3500, powerDBm: 49, bandwidthMHz: 100,
                        subcarrierSpacingKHz: 30)
        let site = Site(id: "G1", lon: 0, lat: 0, position: Point2(0, 0), technology: .nr, cells: [cell])
        let r = try await RadioCoverage.footprints(sites: [site], environments: [.urban], settings: s, workers: 1)
        #expect(r.footprints.count == 1)   // a 5G site counts in a 4G run
        let radii = try #require(r.footprints.first?.radiiMeters)
        #expect(radii.count == 360)
        for d in radii { #expect(abs(d - 925.16) < 0.5, "\(d)") }
        // The same cell read as LTE bandwidth would throw (100 MHz is no LTE channel): the NR table was used.
        var lteCell = cell; lteCell.subcarrierSpacingKHz = nil
        await #expect(throws: (any Error).self) {
            _ = try await RadioCoverage.footprints(sites: [Site(id: "G1", lon: 0, lat: 0, position: Point2(0, 0), technology: .lte, cells: [lteCell])],
                                                   environments: [.urban], settings: s, workers: 1)
        }
        // In a 3G run the 5G site has no footprint.
        var s3 = s; s3.technology = .umts
        #expect(try await RadioCoverage.footprints(sites: [site], environments: [.urban], settings: s3, workers: 1).footprints.isEmpty)
    }
}
