import Foundation
import Testing
@testable import Coverage

/// Footprints of sites given as cells: a listed twin of a shorthand site, and the near-site null of a
/// downtilted beam found by hand.
@Suite struct CellFootprintTests {
    static func settings(thresholdDBm: Double, model: PropagationModel, maxRadius: Double = 30000) -> RadioSettings {
        RadioSettings(technology: .lte, thresholdDBm: thresholdDBm, bandwidthMHz: 20, antennaGainDBi: 17, beamwidthDegrees: 65,
                      frontToBackDB: 25, cableLossDB: 0, shadowSigmaDB: 0, cellEdgeProbability: 0.75, bodyLossDB: 0,
                      indoorLossDB: 0, rxHeightMeters: 1.5, rxGainDBi: 0, bearingStepDegrees: 1, maxRadiusMeters: maxRadius,
                      modelRules: [ModelRule(environment: nil, model: model)])
    }

    /// A site listed as its three cells (same height, band, power, no pattern) has the footprint of its shorthand row, bit for bit.
    @Test func listedCellsEqualShorthand() async throws {
        let s = Self.settings(thresholdDBm: -110, model: .cost231Hata(.mediumCity))
        let short = Site(id: "A", lon: 0, lat: 0, position: Point2(100, 200), heightMeters: 35, technology: .lte, bandMHz: 1800,
                         powerDBm: 43, azimuthsDegrees: [0, 120, 240])
        let listed = Site(id: "A", lon: 0, lat: 0, position: Point2(100, 200), technology: .lte, cells: short.cells)
        #expect(listed.listedCells?.map(\.id) == ["A-1", "A-2", "A-3"] && listed.cellsShareOnePathLoss)
        let a = try await RadioCoverage.footprints(sites: [short], environments: [.urban], settings: s, workers: 1)
        let b = try await RadioCoverage.footprints(sites: [listed], environments: [.urban], settings: s, workers: 1)
        #expect(a.footprints[0].radiiMeters == b.footprints[0].radiiMeters)
        #expect(a.footprints[0].polygons == b.footprints[0].polygons)
        // One cell with 3 dB less power shrinks only its own sector: 120° bearing (cell 2's boresight) shorter.
        var weaker = short.cells
        weaker[1].powerDBm = 40
        let c = try await RadioCoverage.footprints(sites: [Site(id: "A", lon: 0, lat: 0, position: Point2(100, 200), technology: .lte, cells: weaker)],
                                                   environments: [.urban], settings: s, workers: 1)
        #expect(c.footprints[0].radiiMeters[0] == a.footprints[0].radiiMeters[0])
        // COST-231 slope 44.9 − 6.55·log10(35) = 34.786 dB/decade: −3 dB is a factor 10^(−3/34.786) = 0.8197 in radius.
        #expect(abs(c.footprints[0].radiiMeters[120] / a.footprints[0].radiiMeters[120] - pow(10, -3 / 34.78635)) < 1e-3)
    }

    /// The margin along boresight worked out by hand for a cell 30 m up, tilted `tilt`° down electrically,
    /// with the 3GPP TR 36.814 panel (17 dBi; A_V = min(12((θ − tilt)/10)², 20), A_m = 25) over free space:
    ///   P_RS = 43 − 10·log10(1200) = 12.20819 dBm; threshold −60 dBm ⇒ base = 72.20819 dB (0 dBi),
    ///   θ(d) = atan(28.5/d), FSPL = 20·log10(d3D/1 m) + 20·log10(1800) − 27.55 dB (ITU-R P.525),
    ///   margin(d) = base + 17 − A_V(θ(d)) − FSPL(√(d² + 28.5²)).
    static func handMargin(_ d: Double, tilt: Double) -> Double {
        let theta = atan(28.5 / d) * 180 / .pi
        let t = (theta - tilt) / 10
        let fspl = 20 * log10((d * d + 28.5 * 28.5).squareRoot()) + 20 * log10(1800) - 27.55
        return 72.20819 + 17 - min(12 * t * t, 20) - fspl
    }

    /// The distances along boresight where the hand margin changes sign (scan every 0.01 m to 1 km).
    static func handEdges(tilt: Double) -> [Double] {
        var edges: [Double] = []
        var d = 1.0, prev = handMargin(1, tilt: tilt)
        while d < 1000 {
            let next = handMargin(d + 0.01, tilt: tilt)
            if (prev >= 0) != (next >= 0) { edges.append(d + 0.005) }
            prev = next; d += 0.01
        }
        return edges
    }

    @Test(arguments: [6.0, 8.0])
    func downtiltLeavesANearSiteNull(tilt: Double) async throws {
        let s = Self.settings(thresholdDBm: -60, model: .freeSpace)
        let cell = Cell(id: "A-1", azimuthDegrees: 0, heightMeters: 30, bandMHz: 1800, powerDBm: 43, electricalTiltDegrees: tilt)
        let site = Site(id: "A", lon: 0, lat: 0, position: Point2(0, 0), technology: .lte, cells: [cell])
        let f = try await RadioCoverage.footprints(sites: [site], environments: [.rural], settings: s, workers: 1).footprints[0]
        let edges = Self.handEdges(tilt: tilt)
        // Covered at the mast, a null ring, covered in the beam, then nothing: three sign changes.
        #expect(edges.count == 3, "\(edges)")
        let index = try RegionIndex([f.polygons])
        // Each edge within 3 m: the tables are whole-degree, rounded to 0.01 dB (≤ 0.04 dB off the formula,
        // ≤ 1.5 m where the margin changes slowest, 0.03 dB/m at the outer edge), samples every 10 m.
        for (k, e) in edges.enumerated() {
            let inside = try index.locate([Point2(0, e - 3), Point2(0, e + 3)])
            let coveredBefore = k % 2 == 0   // covered before edges 0 and 2, uncovered before edge 1
            #expect(inside == (coveredBefore ? [0, -1] : [-1, 0]), "edge \(k) at \(e) m, tilt \(tilt)°")
        }
        #expect(abs(f.radiiMeters[0] - edges[2]) < 3)
    }

    /// Tilting 2° further pulls the beam in: every edge moves toward the mast (found by hand above).
    @Test func moreTiltMovesTheNullIn() {
        let six = Self.handEdges(tilt: 6), eight = Self.handEdges(tilt: 8)
        #expect(six.count == 3 && eight.count == 3 && eight[1] < six[1] && eight[2] < six[2])
    }

    /// The bounded loop (each cell evaluated on a bearing only up to the last sample where its best possible margin
    /// is ≥ 0, exact margins beside every change of sign) gives the footprints of the evaluation of every cell at
    /// every sample, bit for bit: three sectors of the TR 36.814 panel at 4° electrical tilt (one also 3° mechanical,
    /// the general path), with and without the clutter quadrants (forest, open, open + 10 dB).
    @Test func boundedLoopEqualsEverySample() throws {
        var s = ClutterTests.settings()
        s.maxRadiusMeters = 6000   // 600 samples a radial, 6° bearings: seconds in a debug build
        let cells = [0.0, 120, 240].enumerated().map { k, az in
            Cell(id: "Q-\(k)", azimuthDegrees: az, heightMeters: 35, bandMHz: 1800, powerDBm: 43,
                 mechanicalTiltDegrees: k == 2 ? 3 : 0, electricalTiltDegrees: 4)
        }
        let site = Site(id: "Q", lon: 0, lat: 0, position: Point2(25, -25), technology: .lte, cells: cells)
        let ctx = GEOSContext()
        for clutter in [nil, ClutterTests.quadrants()] {
            for env in [Environment.open, .forest] {
                let bounded = try CellFootprint.footprint(site: site, index: 0, environment: env, settings: s, bearings: 60, context: ctx, clutter: clutter)
                let full = try CellFootprint.footprint(site: site, index: 0, environment: env, settings: s, bearings: 60, context: ctx,
                                                       clutter: clutter, everySample: true)
                #expect(bounded.0.radiiMeters == full.0.radiiMeters && bounded.0.polygons == full.0.polygons, "clutter \(clutter != nil), \(env)")
            }
        }
    }

    /// The same equality where the bounded loop's shortcuts decide the work: three separable sectors strong enough that
    /// the first samples are covered on every bearing (the loop skips them, holding only the ends), footprints that are
    /// stars (no stretch kept) and footprints whose first bearings are stars and a later one is not (the kept stretches
    /// rebuilt from the radii): a lone sector facing 180° with its 8° beam leaving a near-site null there
    /// (`downtiltLeavesANearSiteNull`) while bearing 0, behind it, is covered from the mast out to ~38 m (free space,
    /// −65 dBm: 77.2 + 17 − 25 dB ≥ FSPL).
    @Test(arguments: [(46.0, -110.0, 4.0, 3, 90.0), (43.0, -110.0, 4.0, 3, 90.0), (43.0, -60.0, 8.0, 1, 90.0),
                      (43.0, -60.0, 6.0, 3, 90.0), (43.0, -65.0, 8.0, 1, 180.0)])
    func shortcutsEqualEverySample(power: Double, threshold: Double, tilt: Double, sectors: Int, azimuth: Double) throws {
        var s = ClutterTests.settings()
        s.thresholdDBm = threshold
        s.maxRadiusMeters = 6000
        if threshold > -100 { s.modelRules = [ModelRule(environment: nil, model: .freeSpace)] }
        let cells = (0..<sectors).map { k in
            Cell(id: "P-\(k)", azimuthDegrees: azimuth + Double(k) * 120, heightMeters: 30, bandMHz: 1800, powerDBm: power,
                 electricalTiltDegrees: tilt)
        }
        let site = Site(id: "P", lon: 0, lat: 0, position: Point2(0, 0), technology: .lte, cells: cells)
        let ctx = GEOSContext()
        for bearings in [60, 360] {
            let bounded = try CellFootprint.footprint(site: site, index: 0, environment: .open, settings: s, bearings: bearings, context: ctx)
            let full = try CellFootprint.footprint(site: site, index: 0, environment: .open, settings: s, bearings: bearings, context: ctx,
                                                   everySample: true)
            #expect(bounded.0.radiiMeters == full.0.radiiMeters && bounded.0.polygons == full.0.polygons,
                    "\(power) dBm, \(threshold) dBm, \(tilt)°, \(sectors) sectors, \(bearings) bearings")
        }
    }

    /// Sample distances by hand: every 10 m to 1 km (100 after the mast), then ×1.01: to 1.5 km, 1.01⁴⁰ = 1.48886 ≤ 1.5
    /// < 1.01⁴¹ = 1.50375, so 40 more, the first at 1010 m and the last at 1488.86 m; a 30 km radius needs
    /// ln 30 / ln 1.01 = 341.8 → 341 more (441 after the mast, against 3,000 at an even 10 m).
    @Test func sampleDistancesByHand() {
        let d = CellFootprint.sampleDistances(upTo: 1500)
        #expect(d.count == 141 && d[0] == 0 && d[1] == 10 && d[100] == 1000)
        #expect(abs(d[101] - 1010) < 1e-9 && abs(d[140] - 1488.864) < 1e-3)
        #expect(CellFootprint.sampleDistances(upTo: 30_000).count == 442)
        #expect(CellFootprint.sampleDistances(upTo: 5) == [0, 10])
    }

    @Test func omniCellWithTiltButNoPatternIsRefused() async {
        let s = Self.settings(thresholdDBm: -100, model: .freeSpace)
        let site = Site(id: "B", lon: 0, lat: 0, position: Point2(0, 0), technology: .lte,
                        cells: [Cell(id: "B", azimuthDegrees: nil, heightMeters: 30, bandMHz: 1800, powerDBm: 43, mechanicalTiltDegrees: 4)])
        await #expect { _ = try await RadioCoverage.footprints(sites: [site], environments: [.rural], settings: s, workers: 1) } throws: {
            "\($0)".contains("site B") && "\($0)".contains("omni cell with a tilt needs an antenna pattern")
        }
    }
}
