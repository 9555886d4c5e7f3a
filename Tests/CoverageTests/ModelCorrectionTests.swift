import Foundation
import Testing
@testable import Coverage

/// The `offset_db` / `distance_slope_db_per_decade` keys of a model rule: L' = L + offset + slope·log10(d / 1 km),
/// checked against hand values, the zero correction leaving the model untouched, and the description round trip.
@Suite struct ModelCorrectionTests {
    /// offset +6 dB, slope −5 dB/decade, by hand: at 100 m 6 + 5 = 11; 1 km 6; 2 km 6 − 5·0.301030 = 4.494850; 10 km 1 dB.
    @Test(arguments: [(100.0, 11.0), (1000, 6), (2000, 4.494850), (10_000, 1)])
    func changesLossByOffsetAndSlope(distance: Double, expected: Double) {
        let base = PropagationModel.cost231Hata(.openArea)
        let m = base.corrected(by: ModelCorrection(offsetDB: 6, slopeDBPerDecade: -5))
        let l0 = base.pathLossDB(distanceMeters: distance, frequencyMHz: 1800, txHeightMeters: 35, rxHeightMeters: 1.5)
        let l1 = m.pathLossDB(distanceMeters: distance, frequencyMHz: 1800, txHeightMeters: 35, rxHeightMeters: 1.5)
        #expect(abs(l1 - l0 - expected) < 1e-6, "\(l1 - l0) vs \(expected)")
    }

    @Test func zeroCorrectionIsTheModelItself() throws {
        for m in PropagationModel.allCases {
            #expect(m.corrected(by: .zero) == m)
            #expect(ModelRule(environment: nil, model: m).correctedModel.description == m.description)
        }
        let s = RadioSettings(technology: .lte, thresholdDBm: -110, bandwidthMHz: 20, antennaGainDBi: 17, beamwidthDegrees: 65, frontToBackDB: 25,
                              cableLossDB: 0, shadowSigmaDB: 8, cellEdgeProbability: 0.75, bodyLossDB: 0, indoorLossDB: 0, rxHeightMeters: 1.5,
                              rxGainDBi: 0, bearingStepDegrees: 1, maxRadiusMeters: 30000,
                              modelRules: [ModelRule(environment: .urban, model: .freeSpace),
                                           ModelRule(environment: .rural, model: .cost231Hata(.openArea), correction: ModelCorrection(offsetDB: 3, slopeDBPerDecade: 0))])
        #expect(try s.model(environment: .urban, bandMHz: 1800) == .freeSpace)
        #expect(try s.model(environment: .rural, bandMHz: 1800) == .corrected(.cost231Hata(.openArea), ModelCorrection(offsetDB: 3, slopeDBPerDecade: 0)))
        #expect(try s.ruleIndex(environment: .rural, bandMHz: 1800) == 1)
    }

    @Test func descriptionRoundTrips() throws {
        let m = PropagationModel.okumuraHata(.openArea).corrected(by: ModelCorrection(offsetDB: 6.25, slopeDBPerDecade: -5))
        #expect(m.description == "okumura-hata:open offset_db=6.25 distance_slope_db_per_decade=-5")
        #expect(try PropagationModel(parsing: m.description) == m)
        #expect(try PropagationModel(parsing: "free-space offset_db=0") == .freeSpace)
        #expect(throws: CoverageError.self) { try PropagationModel(parsing: "free-space offset=3") }
        // Corrections add up; validity and distance range are the base model's.
        #expect(m.corrected(by: ModelCorrection(offsetDB: -6.25, slopeDBPerDecade: 5)) == .okumuraHata(.openArea))
        #expect(m.validDistanceMeters(frequencyMHz: 900, txHeightMeters: 35, rxHeightMeters: 1.5) == OkumuraHata.distanceRangeMeters)
        #expect(throws: CoverageError.self) { try m.validate(frequencyMHz: 1800, txHeightMeters: 35, rxHeightMeters: 1.5) }
    }
}
