import Foundation
import Testing
@testable import Coverage
@testable import Studies
import TestSupport

/// Model calibration (`sim calibrate`) and its synthetic drive tests (`sim generate drivetest`): residuals of a
/// three-point case by hand, the measurement reader's messages, calibrated.yaml read back as a scenario, and the
/// recovery of a known correction from generated drive tests (issue 17's acceptance).
@Suite struct CalibrationTests {
    static func radio(model: PropagationModel, environment: Environment? = nil, gain: Double = 15) -> RadioSettings {
        RadioSettings(technology: .lte, thresholdDBm: -110, bandwidthMHz: 20, antennaGainDBi: gain, beamwidthDegrees: 65,
                      frontToBackDB: 25, cableLossDB: 0, shadowSigmaDB: 8, cellEdgeProbability: 0.75, bodyLossDB: 0,
                      indoorLossDB: 0, rxHeightMeters: 1.5, rxGainDBi: 0, bearingStepDegrees: 1, maxRadiusMeters: 30000,
                      modelRules: [ModelRule(environment: environment, model: model)])
    }

    // MARK: three points by hand

    /// One omni site at the origin (30 m, 46 dBm, 1800 MHz, 15 dBi), free space (ITU-R P.525) on the 3D path,
    /// receiver 1.5 m. By hand: P_RS = 46 − 10·log10(12·100) = 15.208188 dBm; constant 20·log10(4π·10⁶/c) = −27.552217 dB;
    ///   d = 200 m:   d3D = √(200² + 28.5²) = 202.0204 m, L = 46.108706 + 65.105450 − 27.552217 = 83.661139 dB (sum shown rounded)
    ///   d = 1 km:    L = 97.556759 dB;   d = 10 km: L = 117.553269 dB
    ///   predicted = 15.208188 + 15 − L = −53.452951, −67.348572, −87.345081 dBm.
    /// The measurements are predicted − (2 + 3·log10(d / 1 km)) rounded to 0.01 dB: −53.36, −69.35, −92.35 dBm, so the
    /// residuals (measured − predicted) are +0.092951, −2.001428, −5.004919 dB and the fit should find an offset of
    /// 2 dB and a slope of 3 dB/decade (within the 0.005 dB rounding).
    static let handMeasured = [(200.0, -53.36), (1000.0, -69.35), (10000.0, -92.35)]
    static let handResiduals = [0.092951, -2.001428, -5.004919]

    static func handCase(minBins: Int) throws -> CalibrationResult {
        let site = Site(id: "A", lon: 0, lat: 0, position: Point2(0, 0), heightMeters: 30, technology: .lte, bandMHz: 1800, powerDBm: 46, azimuthsDegrees: [])
        let ms = handMeasured.enumerated().map { i, m in
            Measurement(lon: 0, lat: 0, position: Point2(m.0, 0), rsrpDBm: m.1, cellID: "A", route: nil, line: i + 2)
        }
        var settings = CalibrationSettings()
        settings.minBinsPerClass = minBins
        return try Calibration.run(ms, sites: [site], environments: [.rural], radio: radio(model: .freeSpace), settings: settings)
    }

    @Test func threePointResidualsByHand() throws {
        let r = try Self.handCase(minBins: 3)
        for (p, e) in zip(r.points, Self.handResiduals) {
            let before = try #require(p.predictedDBm.map { p.measurement.rsrpDBm - $0 })
            #expect(abs(before - e) < 1e-5, "residual before \(before), hand \(e)")
            let after = try #require(p.predictedAfterDBm.map { p.measurement.rsrpDBm - $0 })
            #expect(abs(after) < 0.01, "residual after \(after): the three residuals lie on a line up to rounding")
            #expect(p.dropped == nil)
        }
        let c = r.classes[0]
        #expect(c.tuned)
        #expect(abs(c.delta.offsetDB - 2) < 0.01 && abs(c.delta.slopeDBPerDecade - 3) < 0.01, "\(c.delta)")
        // Too few bins: untuned, said so, after = before.
        let u = try Self.handCase(minBins: 30)
        #expect(!u.classes[0].tuned && u.classes[0].note?.contains("fewer than the 30") == true)
        #expect(u.points.allSatisfy { $0.predictedAfterDBm == $0.predictedDBm })
        // The CSV row of the first point.
        let csv = Calibration.pointsCSV(r).split(separator: "\n")
        #expect(csv[1].hasPrefix("2,0,0,,A,200,any free-space,-53.36,-53.45,"), "\(csv[1])")
    }

    @Test func filtersSayWhy() throws {
        let site = Site(id: "A", lon: 0, lat: 0, position: Point2(0, 0), heightMeters: 30, technology: .lte, bandMHz: 1800, powerDBm: 46, azimuthsDegrees: [])
        let ms = [(50.0, -40.0, "A"), (25_000, -100, "A"), (1000, -135, "A"), (1000, -70, "B")].enumerated().map { i, m in
            Measurement(lon: 0, lat: 0, position: Point2(m.0, 0), rsrpDBm: m.1, cellID: m.2, route: nil, line: i + 2)
        }
        let r = try Calibration.run(ms, sites: [site], environments: [.rural], radio: Self.radio(model: .freeSpace), settings: CalibrationSettings())
        #expect(r.points.map(\.dropped) == ["too_near", "too_far", "below_floor", "unknown_cell"])
        #expect(r.bins.isEmpty && r.crossValidatedRMSEDB == nil)
        // The floor margin selects on the prediction (free space, 46 dBm, 15 dBi, 30 m mast, 1800 MHz; by hand
        // P_RS + G = 15.2082 + 15 = 30.2082 dBm, FSPL = 20·log10 d3D + 37.5545 dB): −87.35 dBm at 10 km, −67.35 dBm
        // at 1 km; with 50 dB over −130 dBm (−80 dBm) the first is "near_floor" though measured at −100 dBm, the second kept.
        var margin = CalibrationSettings()
        margin.floorMarginDB = 50
        let two = [10_000.0, 1000].enumerated().map { i, d in
            Measurement(lon: 0, lat: 0, position: Point2(d, 0), rsrpDBm: -100, cellID: "A", route: nil, line: i + 2)
        }
        let m = try Calibration.run(two, sites: [site], environments: [.rural], radio: Self.radio(model: .freeSpace), settings: margin)
        #expect(m.points.map(\.dropped) == ["near_floor", nil])
        #expect(abs(m.points[0].predictedDBm! - -87.346) < 0.01 && abs(m.points[1].predictedDBm! - -67.350) < 0.01)
    }

    @Test func readerNamesFileLineAndColumn() throws {
        let projector = try Projector(try Projection(epsg: 32648))
        let good = tempFile("m.csv", "# drive 1\nlon,lat,rsrp_dbm,cell_id,route\n107.1,16.8,-95.5,QT0001-1,r1\n107.2,16.8,-99,QT0001-2,\n")
        let ms = try Calibration.readMeasurements(good, projector: projector)
        #expect(ms.count == 2 && ms[0].route == "r1" && ms[1].route == nil && ms[0].line == 3)
        let bad = tempFile("m.csv", "lon,lat,rsrp_dbm,cell_id\n107.1,16.8,-95.5,QT0001-1\n107.1,16.8,-12,QT0001-1\n")
        #expect(throws: SimError.input("\(bad):3: column 'rsrp_dbm' = -12 is outside -150…-30 (RSRP in dBm)")) {
            try Calibration.readMeasurements(bad, projector: projector)
        }
        let dup = tempFile("m.csv", "lon,lat,rsrp_dbm,cell_id\n107.1,16.8,-95.5,X\n107.1,16.8,-95.5,X\n")
        #expect(throws: SimError.input("\(dup):3: repeats line 2 (same lon, lat, cell_id and rsrp_dbm); remove the duplicate row")) {
            try Calibration.readMeasurements(dup, projector: projector)
        }
    }

    // MARK: recovery of a known correction

    /// Nine three-sector rural sites 8 km apart (35 m, 43 dBm, 1800 MHz, COST-231 open) and six roads: five east–west
    /// at y = −6000, −3000, 500, 3500, 7000 m from x = −10 to +10 km and one diagonal through three sites: 128 km,
    /// 2,565 samples at 50 m.
    static let sites: [Site] = (0..<9).map { (i: Int) -> Site in
        let x: Double = Double(i % 3 - 1) * 8000, y: Double = Double(i / 3 - 1) * 8000
        let az: [Double] = [0, 120, 240]
        return Site(id: "S\(i + 1)", lon: 0, lat: 0, position: Point2(x, y), heightMeters: 35,
                    technology: .lte, bandMHz: 1800, powerDBm: 43, azimuthsDegrees: az)
    }
    static let roads: [LineString2] = {
        let ys: [Double] = [-6000, -3000, 500, 3500, 7000]
        var out: [LineString2] = ys.map { (y: Double) -> LineString2 in LineString2([Point2(-10_000, y), Point2(10_000, y)]) }
        out.append(LineString2([Point2(-10_000, -10_000), Point2(10_000, 10_000)]))
        return out
    }()

    static func recover(seed: UInt64, offset: Double, slope: Double) throws -> CalibrationResult {
        var p = DriveTest.Parameters()
        p.seed = seed; p.sigmaDB = 8; p.decorrelationMeters = 50; p.spacingMeters = 50; p.offsetDB = offset; p.slopeDBPerDecade = slope
        p.environment = .rural
        let radio = radio(model: .cost231Hata(.openArea), environment: .rural, gain: 17)
        let envs = [Environment](repeating: .rural, count: sites.count)
        let samples = try DriveTest.generate(roads: roads, sites: sites, environments: envs, radio: radio, parameters: p)
        let ms = samples.enumerated().map { i, s in
            Measurement(lon: 0, lat: 0, position: s.position, rsrpDBm: s.rsrpDBm, cellID: s.cellID, route: s.route, line: i + 3)
        }
        return try Calibration.run(ms, sites: sites, environments: envs, radio: radio, settings: CalibrationSettings())
    }

    /// Seed spread, measured once over seeds 1…40 with `CALIBRATION_SEED_SWEEP=1 swift test --filter seedSweep`
    /// (defaults: bins of 50 m, −130 dBm floor, 100 m–20 km, Huber k = 1.345σ̂):
    ///   offset +6, slope −5: offset mean 5.956, sd 0.345, range 5.215…6.898 dB; slope mean −4.918, sd 0.723,
    ///                        range −6.717…−3.287 dB/decade; after-RMSE mean 7.843, sd 0.134, range 7.614…8.166 dB;
    ///                        cross-validated − in-sample RMSE 0.006…0.061 dB; 2,326–2,327 bins.
    ///   no bias:             offset mean −0.021, sd 0.356, range −0.784…0.965 dB; slope mean 0.033, sd 0.763,
    ///                        range −1.917…1.746 dB/decade; after-RMSE 7.614…8.182 dB.
    /// So the tolerances (offset ±1 dB ≈ 2.9 sd, slope ±2 dB/decade ≈ 2.7 sd, RMSE within 0.5 dB of σ, CV within
    /// 1 dB) held for all 40 seeds, with the no-bias extremes close to the limits; the estimates are unbiased (means
    /// within 0.1 of the truth). The fixed seeds 1, 2, 3 below were not chosen; about 0.9 s each in debug.
    /// Re-measured with the behind_antenna filter (max_back_attenuation_db 20): the same figures to the digits above
    /// (the best server of a drive-test sample is never more than 83.9° off its boresight on this layout).
    @Test(arguments: [UInt64(1), 2, 3]) func recoversKnownCorrection(seed: UInt64) throws {
        let r = try Self.recover(seed: seed, offset: 6, slope: -5)
        let c = r.classes[0]
        #expect(r.points.count > 1800 && r.points.count < 2600, "\(r.points.count) samples")
        #expect(c.tuned)
        #expect(abs(c.delta.offsetDB - 6) <= 1, "offset \(c.delta.offsetDB)")
        #expect(abs(c.delta.slopeDBPerDecade + 5) <= 2, "slope \(c.delta.slopeDBPerDecade)")
        #expect(abs(r.after.rmseDB - 8) <= 0.5, "after RMSE \(r.after.rmseDB)")
        let cv = try #require(r.crossValidatedRMSEDB)
        #expect(r.crossValidationBy == "route" && abs(cv - r.after.rmseDB) <= 1, "cross-validated \(cv), in-sample \(r.after.rmseDB)")
        #expect(r.before.rmseDB > r.after.rmseDB)
    }

    @Test(arguments: [UInt64(1), 2, 3]) func noBiasGivesNoCorrection(seed: UInt64) throws {
        let c = try Self.recover(seed: seed, offset: 0, slope: 0).classes[0]
        #expect(abs(c.delta.offsetDB) <= 1 && abs(c.delta.slopeDBPerDecade) <= 2, "\(c.delta)")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["CALIBRATION_SEED_SWEEP"] != nil))
    func seedSweep() throws {
        for (offset, slope) in [(6.0, -5.0), (0, 0)] {
            var o: [Double] = [], s: [Double] = [], rm: [Double] = [], cv: [Double] = [], n: [Double] = []
            for seed in UInt64(1)...40 {
                let r = try Self.recover(seed: seed, offset: offset, slope: slope)
                o.append(r.classes[0].delta.offsetDB); s.append(r.classes[0].delta.slopeDBPerDecade)
                rm.append(r.after.rmseDB); cv.append((r.crossValidatedRMSEDB ?? .nan) - r.after.rmseDB); n.append(Double(r.bins.count))
            }
            func d(_ v: [Double]) -> String {
                let m = v.reduce(0, +) / Double(v.count), sd = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
                return String(format: "mean %.3f sd %.3f min %.3f max %.3f", m, sd, v.min()!, v.max()!)
            }
            print("SWEEP offset \(offset) slope \(slope): offset [\(d(o))] slope [\(d(s))] rmse_after [\(d(rm))] cv−in [\(d(cv))] bins [\(d(n))]")
        }
    }

    // MARK: calibrated.yaml read back

    @Test func calibratedYAMLExtendsAndLoads() throws {
        let s = try Scenario.load(path: defaultScenario)
        let rules = s.radio.modelRules
        var r = try Self.handCase(minBins: 3)
        // Pretend the fit was for the scenario's rule 3 (rural, 1500–2000 MHz) and add room for every rule.
        let fit = r.classes[0]
        r.classes = rules.indices.map { i in
            var c = fit
            c.ruleIndex = i; c.tuned = i == 2
            c.total = i == 2 ? ModelCorrection(offsetDB: 6.25, slopeDBPerDecade: -4.5) : rules[i].correction
            return c
        }
        let dir = tempDir()
        let yaml = Calibration.calibratedYAML(r, rules: rules, extendsPath: Calibration.relativePath(defaultScenario, from: dir.path), measurements: "dt \"1\".csv")
        let path = dir.appendingPathComponent("calibrated.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try Scenario.load(path: path)
        #expect(loaded.radio.modelRules.count == rules.count)
        for (i, rule) in loaded.radio.modelRules.enumerated() {
            #expect(rule.model == rules[i].model && rule.environment == rules[i].environment)
            #expect(rule.correction == (i == 2 ? ModelCorrection(offsetDB: 6.25, slopeDBPerDecade: -4.5) : .zero))
        }
        #expect(try loaded.radio.model(environment: rules[2].environment!, bandMHz: 1800)
                == .corrected(rules[2].model, ModelCorrection(offsetDB: 6.25, slopeDBPerDecade: -4.5)))
    }

    @Test func scenarioRejectsBadCorrection() throws {
        let dir = tempDir()
        let path = dir.appendingPathComponent("s.yaml").path
        let yaml = "extends: \"\(defaultScenario)\"\nradio:\n  models:\n    - model: \"cost231-hata:open\"\n      offset_db: 99\n"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SimError.self) { try Scenario.load(path: path) }
    }
}
