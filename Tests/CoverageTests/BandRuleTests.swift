import Foundation
import Testing
@testable import Coverage

/// Extended Hata above 2 GHz by hand, and the default model rules across the LTE bands.
@Suite struct BandRuleTests {
    /// f = 2600 MHz, H_b = 35 m, H_m = 1.5 m, d = 5 km (Report ITU-R SM.2028-2 Annex 1 §3; log = log10):
    ///   frequency term 46.3 + 33.9·log 2000 + 10·log(2600/2000) = 46.3 + 111.904917 + 1.139434 = 159.344351
    ///   −13.82·log 35 = −21.339020
    ///   a(H_m) = (1.1·3.414973 − 0.7)·1.5 − (1.56·3.414973 − 0.8) = 4.584706 − 4.527358 = 0.057348
    ///   (44.9 − 6.55·log 35)·log 5 = 34.786354·0.698970 = 24.314612;   b(H_b) = 0 (H_b ≥ 30)
    ///   urban = 159.344351 − 21.339020 + 24.314612 − 0.057348 = 162.262595 dB
    ///   suburban: − [2·(log(2000/28))² + 5.4] = − [2·1.853872² + 5.4] = − 12.273684 → 149.988911 dB
    ///   open: − [4.78·3.301030² − 18.33·3.301030 + 40.94] = − [52.086700 − 60.507880 + 40.94] = − 32.518820 → 129.743775 dB
    @Test func extendedHataAbove2GHzByHand() {
        func l(_ a: ExtendedHata.Area) -> Double {
            ExtendedHata.pathLossDB(area: a, distanceMeters: 5000, frequencyMHz: 2600, baseHeightMeters: 35, mobileHeightMeters: 1.5)
        }
        #expect(abs(l(.urban) - 162.262595) < 1e-3)
        #expect(abs(l(.suburban) - 149.988911) < 1e-3)
        #expect(abs(l(.openArea) - 129.743775) < 1e-3)
    }

    /// Within 1500–2000 MHz (H_b ≥ 30 m, d ≤ 20 km) Extended Hata is COST-231 Hata term for term.
    @Test func extendedHataEqualsCost231Within1500To2000() {
        for f in [1500.5, 1815, 2000] {
            for (e, c) in [(ExtendedHata.Area.urban, Cost231Hata.Area.mediumCity), (.suburban, .suburban), (.openArea, .openArea)] {
                let x = ExtendedHata.pathLossDB(area: e, distanceMeters: 3000, frequencyMHz: f, baseHeightMeters: 35, mobileHeightMeters: 1.5)
                let y = Cost231Hata.pathLossDB(area: c, distanceMeters: 3000, frequencyMHz: f, baseHeightMeters: 35, mobileHeightMeters: 1.5)
                #expect(abs(x - y) < 1e-9, "\(e) at \(f) MHz")
            }
        }
    }

    /// The default rules (data/scenarios/defaults.yaml `radio.models`), written out here.
    static let defaultRules: [ModelRule] = [
        ModelRule(environment: .urban, minBandMHz: 1500, maxBandMHz: 2000, model: .cost231Hata(.mediumCity)),
        ModelRule(environment: .suburban, minBandMHz: 1500, maxBandMHz: 2000, model: .cost231Hata(.suburban)),
        ModelRule(environment: .rural, minBandMHz: 1500, maxBandMHz: 2000, model: .cost231Hata(.openArea)),
        ModelRule(environment: .urban, maxBandMHz: 1500, model: .okumuraHata(.urbanSmallMediumCity)),
        ModelRule(environment: .suburban, maxBandMHz: 1500, model: .okumuraHata(.suburban)),
        ModelRule(environment: .rural, maxBandMHz: 1500, model: .okumuraHata(.openArea)),
        ModelRule(environment: .urban, minBandMHz: 2000, maxBandMHz: 3000, model: .extendedHata(.urban)),
        ModelRule(environment: .suburban, minBandMHz: 2000, maxBandMHz: 3000, model: .extendedHata(.suburban)),
        ModelRule(environment: .rural, minBandMHz: 2000, maxBandMHz: 3000, model: .extendedHata(.openArea)),
    ]

    static func settings() -> RadioSettings {
        RadioSettings(technology: .lte, thresholdDBm: -110, bandwidthMHz: 20, antennaGainDBi: 17, beamwidthDegrees: 65,
                      frontToBackDB: 25, cableLossDB: 0.5, shadowSigmaDB: 8, cellEdgeProbability: 0.75, bodyLossDB: 0,
                      indoorLossDB: 0, rxHeightMeters: 1.5, rxGainDBi: 0, bearingStepDegrees: 45, maxRadiusMeters: 30000,
                      modelRules: defaultRules)
    }

    /// In every environment, the omni radius of a 35 m, 43 dBm site falls as the band rises from 700 to 2600 MHz
    /// (every 25 MHz) with no model outside its published frequency range; across the rule boundaries at 1500
    /// and 2000 MHz the loss at 3 km jumps by no more than a model's own frequency term over the band step
    /// either side — Hata 26.16·log(1500/1475) = 0.19 dB, COST-231 33.9·log(1525/1500) = 0.24 dB — plus the
    /// known 1.2–1.4 dB offset between Hata's and COST-231's constants at 1500 MHz (69.55 + 26.16·log 1500 =
    /// 152.63 vs 46.3 + 33.9·log 1500 = 153.97 dB); at 2000 MHz Extended Hata continues COST-231 exactly.
    @Test(arguments: [Environment.urban, .suburban, .rural])
    func radiusFallsWithBandAndRulesMeetAtTheirBoundaries(env: Environment) async throws {
        let s = Self.settings()
        var last = Double.infinity
        for f in stride(from: 700.0, through: 2600.0, by: 25.0) {
            let model = try s.model(environment: env, bandMHz: f)
            _ = try model.validate(frequencyMHz: f, txHeightMeters: 35, rxHeightMeters: 1.5)   // throws outside the published range
            let site = Site(id: "S", lon: 0, lat: 0, position: Point2(0, 0), heightMeters: 35, technology: .lte, bandMHz: f, powerDBm: 43, azimuthsDegrees: [])
            let r = try await RadioCoverage.footprints(sites: [site], environments: [env], settings: s, workers: 1).footprints[0].radiiMeters[0]
            #expect(r < last, "\(env) \(f) MHz: radius \(r) m not below \(last) m")
            last = r
        }
        func loss(_ f: Double) throws -> Double {
            try s.model(environment: env, bandMHz: f).pathLossDB(distanceMeters: 3000, frequencyMHz: f, txHeightMeters: 35, rxHeightMeters: 1.5)
        }
        let at1500 = try loss(1500.001) - loss(1499.999)
        #expect(at1500 > 0 && at1500 < 1.5, "\(env): \(at1500) dB at 1500 MHz")
        #expect(abs(try loss(2000.001) - loss(2000)) < 1e-3, "\(env): step at 2000 MHz")
    }

    /// No silent fall-through: a band above every rule is an error naming the environment and band.
    @Test func bandOutsideEveryRuleIsAnError() {
        #expect { _ = try Self.settings().model(environment: .rural, bandMHz: 3500) } throws: {
            "\($0)".contains("no model rule matches environment rural at 3500.0 MHz")
        }
    }
}
