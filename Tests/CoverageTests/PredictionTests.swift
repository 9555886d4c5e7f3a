import Foundation
import Testing
@testable import Coverage

/// Prediction rasters: pixels worked out by hand for a two-cell layout, the noise power by hand, the tie
/// rule, no-data outside the extent, and a 19-site, 57-cell hexagonal layout checked against a plain
/// calculation written here.
@Suite struct PredictionTests {
    static func radio(model: PropagationModel, gain: Double = 15, beamwidth: Double = 70, frontToBack: Double = 20,
                      sigma: Double = 0) -> RadioSettings {
        RadioSettings(technology: .lte, thresholdDBm: -110, bandwidthMHz: 20, antennaGainDBi: gain, beamwidthDegrees: beamwidth,
                      frontToBackDB: frontToBack, cableLossDB: 0, shadowSigmaDB: sigma, cellEdgeProbability: 0.75, bodyLossDB: 0,
                      indoorLossDB: 0, rxHeightMeters: 1.5, rxGainDBi: 0, bearingStepDegrees: 1, maxRadiusMeters: 30000,
                      modelRules: [ModelRule(environment: nil, model: model)])
    }

    static func settings(load: Double = 1, cellSize: Double = 50, requireSINR: Bool = false) -> PredictionSettings {
        PredictionSettings(cellSizeMeters: cellSize, marginMeters: 0, floorDBm: -140, overlapMarginDB: 5, loadFactor: load,
                           noiseFigureDB: 9, sinrThresholdDB: -3, coverageRequiresSINR: requireSINR, rsrpBandsDBm: [-85, -95, -105, -115])
    }

    static func omni(_ id: String, x: Double, band: Double = 1800) -> Site {
        Site(id: id, lon: 0, lat: 0, position: Point2(x, 0), heightMeters: 1.5, technology: .lte, bandMHz: band, powerDBm: 46, azimuthsDegrees: [])
    }

    /// One row of 50 m pixels whose centres are x = 0, 50, …, 2000 m on y = 0.
    static let row = RasterGrid(originX: -25, originY: 25, cellSizeMeters: 50, width: 41, height: 1, epsg: 32648)

    /// Noise in one resource element with NF = 9 dB, by hand:
    ///   k·T·1 mW⁻¹ = 1.380649e−23 · 290 · 1000 = 4.00388e−18 → 10·log10 = −173.9752 dBm/Hz
    ///   + 10·log10(15 000 Hz) = 41.7609 dB  + 9 dB  = −123.2143 dBm.
    @Test func noisePerResourceElement() {
        #expect(abs(Self.settings().noisePerResourceElementDBm - (-123.2143)) < 1e-4)
    }

    /// Two omni cells 2 km apart on one carrier, free space, antennas at the handset's height (so the 3D
    /// distance is the ground distance), 46 dBm, 20 MHz, 15 dBi, no losses, σ = 0. By hand:
    ///   P_RS = 46 − 10·log10(12·100) = 46 − 30.7918 = 15.2082 dBm; + 15 dBi = 30.2082 dBm at 0 dB path loss.
    ///   Free space at 1800 MHz (ITU-R P.525): L = 20·log10(d m) + 20·log10(1800) − 27.5522 = 20·log10(d) + 37.5532 dB.
    ///   x = 500 m: d_A = 500 → L = 53.9794 + 37.5532 = 91.5326 → RSRP_A = −61.3244 dBm;
    ///              d_B = 1500 → L = 63.5218 + 37.5532 = 101.0751 → RSRP_B = −70.8669 dBm.
    ///   S/I = (1500/500)² = 9 exactly; noise (−123.21 dBm) is 62 dB below S, so SINR = 10·log10(9) = 9.5424 dB
    ///   (with noise: 9.5424 dB to 4 decimals); with load 0.5: 10·log10(18) = 12.5527 dB.
    ///   Overlap: RSRP_B is 9.54 dB below RSRP_A, outside the 5 dB margin → 1 cell.
    ///   x = 1000 m: both −67.3450 dBm: tie → the first cell (index 0), overlap 2, SINR = 10·log10(1/(1 + N/S)) = −0.0000 dB.
    @Test func twoCellsByHand() async throws {
        let sites = [Self.omni("A", x: 0), Self.omni("B", x: 2000)]
        let mask = [Bool](repeating: true, count: Self.row.pixelCount)
        let p = try await Prediction.compute(sites: sites, environments: [.rural, .rural], radio: Self.radio(model: .freeSpace),
                                             settings: Self.settings(), grid: Self.row, inExtent: mask, workers: 2)
        #expect(p.cells.map(\.cellID) == ["A", "B"])
        let at500 = 10, at1000 = 20, at1500 = 30
        #expect(abs(Double(p.rsrpDBm[at500]) - (-61.3244)) < 1e-3)
        #expect(p.bestServer[at500] == 0 && p.overlap[at500] == 1)
        #expect(abs(Double(p.pathLossDB[at500]) - 91.5326) < 1e-3)
        #expect(abs(Double(p.sinrDB[at500]) - 9.5424) < 1e-3)
        #expect(p.bestServer[at1500] == 1 && abs(Double(p.sinrDB[at1500]) - 9.5424) < 1e-3)
        #expect(abs(Double(p.rsrpDBm[at1000]) - (-67.3450)) < 1e-3)
        #expect(p.bestServer[at1000] == 0, "tie: the lower cell index serves")
        #expect(p.overlap[at1000] == 2 && abs(Double(p.sinrDB[at1000])) < 1e-3)
        #expect(p.covered.allSatisfy { $0 })
        let half = try await Prediction.compute(sites: sites, environments: [.rural, .rural], radio: Self.radio(model: .freeSpace),
                                                settings: Self.settings(load: 0.5), grid: Self.row, inExtent: mask, workers: 1)
        #expect(abs(Double(half.sinrDB[at500]) - 12.5527) < 1e-3)
        // Same pixels whatever the number of workers.
        #expect(half.rsrpDBm == p.rsrpDBm && half.bestServer == p.bestServer)
    }

    /// Cell B on another carrier does not interfere: SINR = RSRP_A − N = −61.3244 + 123.2143 = 61.8899 dB at x = 500 m.
    /// Requiring SINR ≥ −3 dB for coverage then changes nothing; at the midpoint of two co-channel cells (SINR 0 dB)
    /// a threshold of 3 dB uncovers the pixel.
    @Test func otherCarrierAndSINRCoverage() async throws {
        let mask = [Bool](repeating: true, count: Self.row.pixelCount)
        let p = try await Prediction.compute(sites: [Self.omni("A", x: 0), Self.omni("B", x: 2000, band: 1815)], environments: [.rural, .rural],
                                             radio: Self.radio(model: .freeSpace), settings: Self.settings(requireSINR: true),
                                             grid: Self.row, inExtent: mask)
        #expect(abs(Double(p.sinrDB[10]) - 61.8899) < 1e-3)
        #expect(p.covered.allSatisfy { $0 })
        var strict = Self.settings(requireSINR: true)
        strict.sinrThresholdDB = 3
        let q = try await Prediction.compute(sites: [Self.omni("A", x: 0), Self.omni("B", x: 2000)], environments: [.rural, .rural],
                                             radio: Self.radio(model: .freeSpace), settings: strict, grid: Self.row, inExtent: mask)
        #expect(!q.covered[20] && q.covered[10])
    }

    /// Outside the extent every layer holds its no-data value; inside, a pixel out of every cell's reach has no server.
    @Test func noDataOutsideExtentAndReach() async throws {
        var mask = [Bool](repeating: true, count: Self.row.pixelCount)
        mask[40] = false
        var radio = Self.radio(model: .freeSpace)
        radio.maxRadiusMeters = 1000
        let p = try await Prediction.compute(sites: [Self.omni("A", x: 0)], environments: [.rural], radio: radio,
                                             settings: Self.settings(), grid: Self.row, inExtent: mask)
        #expect(p.rsrpDBm[40].isNaN && p.bestServer[40] == -1 && p.overlap[40] == Prediction.overlapNoData && p.sinrDB[40].isNaN && !p.covered[40])
        // x = 1050 m lies beyond the 1000 m reach: no server, overlap 0, not covered.
        #expect(p.rsrpDBm[21].isNaN && p.bestServer[21] == -1 && p.overlap[21] == 0 && !p.covered[21])
        #expect(p.bestServer[20] == 0)
    }

    /// The 3GPP-style layout: 19 sites on a hexagonal grid (inter-site distance 500 m: the centre and two rings),
    /// three 70° sectors each at 30°, 150° and 270° (TR 36.814 Table A.2.1.1-2 horizontal pattern, A_m = 20 dB,
    /// 15 dBi), 30 m masts, 46 dBm, 1800 MHz, COST-231 Hata medium city, no shadowing, full load. Over the
    /// centre site's hexagon (pixels nearer to it than to any other site) the engine's SINR statistics must
    /// equal those of the plain calculation below (formulas written out, every cell summed) to 0.001 dB.
    @Test func hexagonalNineteenSites() async throws {
        let isd = 500.0, h = 30.0, f = 1800.0
        var sites: [Site] = []
        for q in -2...2 { for r in -2...2 where abs(q + r) <= 2 {
            let x = isd * (Double(q) + Double(r) / 2), y = isd * Double(r) * 3.0.squareRoot() / 2
            sites.append(Site(id: "S\(sites.count)", lon: 0, lat: 0, position: Point2(x, y), heightMeters: h, technology: .lte,
                              bandMHz: f, powerDBm: 46, azimuthsDegrees: [30, 150, 270]))
        } }
        #expect(sites.count == 19)
        let grid = RasterGrid(originX: -300, originY: 300, cellSizeMeters: 25, width: 24, height: 24, epsg: 32648)
        let radio = Self.radio(model: .cost231Hata(.mediumCity))
        let p = try await Prediction.compute(sites: sites, environments: sites.map { _ in .urban }, radio: radio, settings: Self.settings(),
                                             grid: grid, inExtent: [Bool](repeating: true, count: grid.pixelCount))
        #expect(p.cells.count == 57)

        // The plain calculation.
        let lf = log10(f), lh = log10(h), hm = 1.5
        let a = (1.1 * lf - 0.7) * hm - (1.56 * lf - 0.8)
        func loss(_ d: Double) -> Double { 46.3 + 33.9 * lf - 13.82 * lh - a + (44.9 - 6.55 * lh) * log10(max(d, 1) / 1000) }
        let head = 46 - 10 * log10(1200.0) + 15       // P_RS + boresight gain, dBm
        let noise = pow(10, -123.2143 / 10)
        var engine: [Double] = [], plain: [Double] = []
        for row in 0..<grid.height { for col in 0..<grid.width {
            let x = grid.center(col: col, row: row)
            let nearest = sites.indices.min { hypot(x.x - sites[$0].position.x, x.y - sites[$0].position.y) < hypot(x.x - sites[$1].position.x, x.y - sites[$1].position.y) }!
            guard nearest == sites.firstIndex(where: { $0.position == Point2(0, 0) }) else { continue }
            var levels: [Double] = []
            for s in sites {
                let dx = x.x - s.position.x, dy = x.y - s.position.y, d = hypot(dx, dy)
                let bearing = atan2(dx, dy) * 180 / .pi
                for az in [30.0, 150.0, 270.0] {
                    var off = (bearing - az).truncatingRemainder(dividingBy: 360)
                    if off > 180 { off -= 360 } else if off < -180 { off += 360 }
                    levels.append(head - min(12 * (off / 70) * (off / 70), 20) - loss(d))
                }
            }
            let s = levels.max()!
            let i = levels.map { pow(10, $0 / 10) }.reduce(0, +) - pow(10, s / 10)
            plain.append(10 * log10(pow(10, s / 10) / (i + noise)))
            engine.append(Double(p.sinrDB[row * grid.width + col]))
        } }
        #expect(engine.count > 300)
        func stats(_ v: [Double]) -> [Double] {
            let s = v.sorted()
            return [v.reduce(0, +) / Double(v.count), s[s.count / 20], s[s.count / 2], s[s.count * 19 / 20]]
        }
        let e = stats(engine), q = stats(plain)
        for k in e.indices { #expect(abs(e[k] - q[k]) < 1e-3, "statistic \(k): engine \(e[k]) dB, plain \(q[k]) dB") }
        // Pixel by pixel too (Float storage: ~1e-5 dB).
        #expect(zip(engine, plain).allSatisfy { abs($0 - $1) < 1e-3 })
    }

    /// The tabulated path gain against the model it tabulates, every 0.37 m from 1 m to 30 km (points off the
    /// table's nodes): within 0.001 dB for free space and the Hata family at 1800 MHz, 30 m mast. (Interpolation
    /// error of a power law d^−n between nodes h apart is about n(n+1)h²/(8d²) relative: at 200 m with 1 m
    /// nodes and n = 3.5, 5·10⁻⁵, 0.0002 dB; at 2 km with 10 m nodes the same.)
    @Test func pathGainTableMatchesModel() {
        for model: PropagationModel in [.freeSpace, .cost231Hata(.mediumCity), .okumuraHata(.openArea), .extendedHata(.urban)] {
            let f = model == .okumuraHata(.openArea) ? 900.0 : 1800.0
            let loss: @Sendable (Double) -> Double = { model.pathLossDB(distanceMeters: $0, frequencyMHz: f, txHeightMeters: 30, rxHeightMeters: 1.5) }
            let table = Prediction.PathGainTable(reachMeters: 30000, loss: loss)
            var worst = 0.0
            for d in stride(from: 1.0, through: 30000, by: 0.37) { worst = max(worst, abs(-10 * log10(table.gain(d)) - loss(d))) }
            #expect(worst < 1e-3, "\(model): worst \(worst) dB")
        }
    }

    /// The direction table of the horizontal patterns. Positions by hand: north (0, 1) → 0; east → 1200; south →
    /// 2400; west → 3600; north-east (1, 1) → 600 (t = ½); bearing 30° (sin 30°, cos 30°) → t = 0.5 / (0.5 + 0.866025)
    /// = 0.366025, 439.230 (and back: atan2(t, 1 − t) = atan(0.57735) = 30°); the cell's own pixel → 0.
    /// Gains: the 3GPP sector pattern A(θ) = −min(12(θ/65)², 25) dB with 17 dBi, azimuth 30°, against the table every
    /// 0.0137° (off the nodes) round the circle. Worst case by hand: the kink where A meets its 25 dB floor,
    /// θ = 65·√(25/12) = 93.82°, slope 24θ/65² = 0.533 dB/°; linear interpolation across a kink between nodes h apart
    /// errs by at most slope·h/4, and h ≤ 0.0955° (2/1200 rad), so ≤ 0.0127 dB; elsewhere the curvature term
    /// h²/8·24/65² = 7·10⁻⁶ dB and Float storage (~3·10⁻⁷ dB). Measured: 0.0116 dB at bearing 123.82° (= 30° + 93.82°).
    @Test func horizontalTableMatchesPattern() {
        #expect(Prediction.directionPosition(dx: 0, dy: 1) == 0)
        #expect(Prediction.directionPosition(dx: 1, dy: 0) == 1200)
        #expect(Prediction.directionPosition(dx: 0, dy: -1) == 2400)
        #expect(Prediction.directionPosition(dx: -1, dy: 0) == 3600)
        #expect(Prediction.directionPosition(dx: 1, dy: 1) == 600)
        #expect(Prediction.directionPosition(dx: 0, dy: 0) == 0)
        #expect(abs(Prediction.directionPosition(dx: sin(Double.pi / 6), dy: cos(Double.pi / 6)) - 439.230) < 1e-3)
        let sector = SectorAntenna(azimuthDegrees: 30, beamwidthDegrees: 65, maxAttenuationDB: 25, gainDBi: 17)
        let table = Prediction.horizontalTable(sector)
        #expect(table.count == 4801)
        var worst = 0.0, at = 0.0
        table.withUnsafeBufferPointer { T in
            for b in stride(from: 0.0, to: 360, by: 0.0137) {
                let r = b * .pi / 180
                let u = Prediction.directionPosition(dx: sin(r), dy: cos(r))
                let got = 10 * log10(Prediction.horizontalGain(T, offset: 0, at: u))
                let exact = sector.gainDBi + sector.horizontalGainOffsetDB(bearingDegrees: b)
                if abs(got - exact) > worst { worst = abs(got - exact); at = b }
            }
        }
        #expect(worst <= 0.0128, "worst \(worst) dB at bearing \(at)°")
    }
}
