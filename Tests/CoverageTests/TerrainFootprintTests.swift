import Foundation
import Testing
@testable import Coverage

/// Terrain-aware footprints on DEMs generated in the test (TerrainTestSupport): flat, a single ridge,
/// a cone and a valley; knife-edge loss behind a synthetic ridge against ITU-R P.526 J(ν) worked by
/// hand; covered intervals by hand; bad elevation data. Each expected number's derivation and
/// tolerance is written beside it.
@Suite("Terrain footprints on generated DEMs")
struct TerrainFootprintTests {
    typealias S = TerrainTestSupport

    /// A flat DEM (10 m everywhere) with the deygout-correction model must reproduce the flat-earth
    /// footprint of the same statistical model (COST-231 medium city; FootprintTests derives its
    /// radius by hand as 1297.66 m):
    /// - effective height = mast height on flat ground (P.1546 average of a constant);
    /// - Deygout adds nothing: the largest ν on the 1.3 km path is at the sample next to the
    ///   receiver (92.6 m away): h = −(1.5 + 33.5·92.6/1297.7) + 1204.9·92.6/(2·8 494 667) = −3.88 m,
    ///   ν = −3.88·√(2/0.16655·(1/1204.9 + 1/92.6)) = −1.45 < −0.78, so J = 0;
    /// - what remains is the linear interpolation of the loss between samples 92.6 m apart (≤ 1 m for
    ///   the log-law), and the UTM scale factor 0.9996 on the central meridian (ground distance =
    ///   grid distance / 0.9996: 0.5 m at 1.3 km). Tolerance 2 m per bearing.
    /// Areas: polar cells of 2° against the flat star polygon of 1° steps differ, for a circle, by the
    /// factor sin 2° / (2 sin 1°) = cos 1° = 0.99985; tolerance 0.1 %.
    @Test func flatDEMReproducesFlatEarth() async throws {
        let flat = S.grid { _, _ in 10 }
        let site = try S.site()
        let radio = S.radio()
        let terrain = try await RadioCoverage.footprints(sites: [site], environments: [.urban], settings: radio,
                                                         terrain: S.terrain([flat], model: .deygoutCorrection), workers: 1)
        let plain = try await RadioCoverage.footprints(sites: [site], environments: [.urban], settings: radio, workers: 1)
        let t = terrain.footprints[0], f = plain.footprints[0]
        #expect(terrain.models[0].description == "cost231-hata:medium-city+deygout")
        #expect(t.radiiMeters.count == 180)
        for k in 0..<180 {
            #expect(abs(t.radiiMeters[k] - f.radiiMeters[2 * k]) < 2, "bearing \(2 * k)°: \(t.radiiMeters[k]) vs \(f.radiiMeters[2 * k])")
            #expect(abs(t.radiiMeters[k] - 1297.66) < 2)
        }
        let ctx = GEOSContext()
        #expect(t.polygons.count == 1 && t.polygons[0].holes.isEmpty)
        let a = try t.geometry(in: ctx).area(), b = try f.geometry(in: ctx).area()
        #expect(abs(a - b) / b < 1e-3)
        #expect(try t.geometry(in: ctx).isValid())
    }

    /// Over the same flat DEM, a clutter map puts the phone on forest west of the mast (10 dB more loss on the forest
    /// more than 100 m north of it) and on open land east (rules: forest → COST-231 medium city, open → COST-231 open
    /// area): deygout-correction takes each profile sample's environment and class loss. By hand (ClutterTests:
    /// allowed 139.208188 dB, loss at 1 km 135.271743 dB, 34.786354 dB/decade, open correction 31.923555 dB):
    ///   west (270°, forest):            10^(3.936445/34.786354) km        = 1297.66 m
    ///   300° (forest + 10 dB beyond y = +100 m, crossed at 200 m): 10^(−6.063555/34.786354) km = 669.55 m
    ///   east (open): 10.74 km on flat earth, less here — over 10 km the 4/3-earth bulge brings the Fresnel zone
    ///   down onto the ground and Deygout adds loss — so only "far beyond the forest" is checked there.
    /// Tolerance 2 m: sampling (≤ 1 m) and the UTM scale factor (0.5 m at 1.3 km).
    @Test func clutterAlongTerrainRadials() async throws {
        let flat = S.grid { _, _ in 10 }
        let site = try S.site()
        var radio = S.radio(maxRadiusMeters: 12_000)   // the DEM spans ±0.12° (12.8 km east–west)
        radio.modelRules = [ModelRule(environment: .open, model: .cost231Hata(.openArea)), ModelRule(environment: .forest, model: .cost231Hata(.mediumCity))]
        let p = site.position
        let grid = RasterGrid(originX: (p.x / 50).rounded(.down) * 50 - 20_000, originY: (p.y / 50).rounded(.down) * 50 + 20_000,
                              cellSizeMeters: 50, width: 800, height: 800, epsg: 32648)
        var slots = [UInt8](repeating: 1, count: grid.pixelCount)
        for r in 0..<grid.height {
            for c in 0..<grid.width {
                let q = grid.center(col: c, row: r)
                if q.x < p.x { slots[r * grid.width + c] = q.y > p.y + 100 ? 2 : 0 }
            }
        }
        let map = ClutterMap(grid: grid, classes: [ClutterMap.Class(code: 10, name: "tree cover", environment: .forest),
                                                   ClutterMap.Class(code: 40, name: "cropland", environment: .open),
                                                   ClutterMap.Class(code: 99, name: "forest + 10 dB", environment: .forest, lossDB: 10)],
                             slots: slots, fallback: 1)
        let r = try await RadioCoverage.footprints(sites: [site], environments: [.open], settings: radio,
                                                   terrain: S.terrain([flat], model: .deygoutCorrection, radialStepDegrees: 2), clutter: map, workers: 1)
        let radii = r.footprints[0].radiiMeters   // 2° radials: index 45 = 90° (east), 135 = 270° (west), 150 = 300°
        #expect(abs(radii[135] - 1297.66) < 2, "west \(radii[135])")
        #expect(abs(radii[150] - 669.55) < 2, "300° \(radii[150])")
        #expect(radii[45] > 5000, "east \(radii[45])")
    }

    /// A site whose cells differ in height, over terrain: each group of cells of one height and band is a site of its
    /// own, and the site's footprint is their union. Over the ridge DEM, a 35 m omni cell at 43 dBm with a 30 m cell
    /// at 30 dBm beside it (13 dB weaker and lower: inside the first wherever it reaches) gives the 35 m cell's own
    /// terrain footprint — the same radii to the bit and the same area (relative 1e-9) — and a 30 m cell at 46 dBm
    /// (stronger) makes a footprint at least as large as either alone on every radial. A tilt is still refused.
    @Test func cellsOfTwoHeightsUniteOverTerrain() async throws {
        let dem = S.grid { lon, _ in 20 + 100 * exp(-pow((lon - 105.03) / 0.0015, 2)) }
        let terrain = S.terrain([dem], model: .itm, radialStepDegrees: 4)
        let radio = S.radio(maxRadiusMeters: 8000)
        let tall = try S.site()
        func withCells(_ cells: [Cell]) -> Site {
            Site(id: "T1", lon: tall.lon, lat: tall.lat, position: tall.position, technology: .lte, cells: cells)
        }
        let high = Cell(id: "T1-hi", azimuthDegrees: nil, heightMeters: 35, bandMHz: 1800, powerDBm: 43)
        let alone = try await RadioCoverage.footprints(sites: [withCells([high])], environments: [.rural], settings: radio, terrain: terrain, workers: 1)
        let weak = withCells([high, Cell(id: "T1-lo", azimuthDegrees: nil, heightMeters: 30, bandMHz: 1800, powerDBm: 30)])
        #expect(!weak.cellsShareOnePathLoss)
        let both = try await RadioCoverage.footprints(sites: [weak], environments: [.rural], settings: radio, terrain: terrain, workers: 1)
        let ctx = GEOSContext()
        #expect(both.footprints[0].radiiMeters == alone.footprints[0].radiiMeters)
        let a = try both.footprints[0].geometry(in: ctx).area(), b = try alone.footprints[0].geometry(in: ctx).area()
        #expect(abs(a - b) <= 1e-9 * b, "\(a) vs \(b)")
        let strong = withCells([high, Cell(id: "T1-lo", azimuthDegrees: nil, heightMeters: 30, bandMHz: 1800, powerDBm: 46)])
        let lowAlone = try await RadioCoverage.footprints(sites: [withCells([strong.cells[1]])], environments: [.rural], settings: radio, terrain: terrain, workers: 1)
        let s = try await RadioCoverage.footprints(sites: [strong], environments: [.rural], settings: radio, terrain: terrain, workers: 1)
        for k in s.footprints[0].radiiMeters.indices {
            #expect(s.footprints[0].radiiMeters[k] == max(alone.footprints[0].radiiMeters[k], lowAlone.footprints[0].radiiMeters[k]))
        }
        let unionArea = try s.footprints[0].geometry(in: ctx).area(), lowArea = try lowAlone.footprints[0].geometry(in: ctx).area()
        #expect(unionArea >= lowArea - 1e-6)
    }

    /// A downtilted cell over terrain: on a flat DEM (20 m everywhere) with the deygout-correction rule over free
    /// space and 10 m profile samples, the near-site null and the beam's edge along boresight are those worked out
    /// by hand for flat earth (``CellFootprintTests/handEdges(tilt:)``: the antenna top at 20 + 30 m sees the
    /// receiver at 20 + 1.5 m, so θ = atan(28.5/d) as there; no obstacle, so no diffraction loss). Tolerance 4 m:
    /// the flat case's 3 m (pattern tables rounded to 0.01 dB, 10 m samples) plus the difference between grid and
    /// ground metres on the UTM central meridian (scale 0.9996: 0.4 m at 1 km). A mechanical tilt of the same angle
    /// gives the same edges on boresight (the rotation leaves φ = 0 at θ − t), through the general 3D gain path.
    @Test(arguments: [6.0, 8.0])
    func downtiltOverFlatTerrainMatchesTheHandEdges(tilt: Double) async throws {
        let dem = S.grid(halfWidthDegrees: 0.03) { _, _ in 20 }
        let terrain = S.terrain([dem], model: .deygoutCorrection, radialStepDegrees: 2, sampleSpacingMeters: 10)
        let radio = S.radio(thresholdDBm: -60, maxRadiusMeters: 2000, model: .freeSpace)
        let base = try S.site()
        let edges = CellFootprintTests.handEdges(tilt: tilt)
        try #require(edges.count == 3)
        for mechanical in [false, true] {
            let cell = Cell(id: "T1-1", azimuthDegrees: 0, heightMeters: 30, bandMHz: 1800, powerDBm: 43,
                            mechanicalTiltDegrees: mechanical ? tilt : 0, electricalTiltDegrees: mechanical ? 0 : tilt)
            let site = Site(id: "T1", lon: base.lon, lat: base.lat, position: base.position, technology: .lte, cells: [cell])
            let f = try await RadioCoverage.footprints(sites: [site], environments: [.rural], settings: radio, terrain: terrain, workers: 1).footprints[0]
            let index = try RegionIndex([f.polygons])
            for (k, e) in edges.enumerated() {
                let inside = try index.locate([S.point(from: site, bearingDegrees: 0, distance: e - 4), S.point(from: site, bearingDegrees: 0, distance: e + 4)])
                let coveredBefore = k % 2 == 0
                #expect(inside == (coveredBefore ? [0, -1] : [-1, 0]), "edge \(k) at \(e) m, tilt \(tilt)°, mechanical \(mechanical)")
            }
            #expect(abs(f.radiiMeters[0] - edges[2]) < 4, "\(f.radiiMeters[0]) vs \(edges[2])")
        }
    }

    /// A ridge 60 m high 400 m north of a 30 m mast tilted 8° down hides the beam's ground beyond it: with the
    /// pattern and the terrain together, the footprint along boresight ends before the flat-earth edge.
    @Test func tiltedBeamBehindARidge() async throws {
        let flat = S.terrain([S.grid(halfWidthDegrees: 0.03) { _, _ in 20 }], model: .itm, radialStepDegrees: 2, sampleSpacingMeters: 10)
        let ridge = S.terrain([S.grid(halfWidthDegrees: 0.03) { _, north in 20 + 60 * exp(-pow((north - 400) / 40, 2)) }],
                              model: .itm, radialStepDegrees: 2, sampleSpacingMeters: 10)
        let radio = S.radio(thresholdDBm: -80, maxRadiusMeters: 2000)
        let base = try S.site()
        let cell = Cell(id: "T1-1", azimuthDegrees: 0, heightMeters: 30, bandMHz: 1800, powerDBm: 43, electricalTiltDegrees: 8)
        let site = Site(id: "T1", lon: base.lon, lat: base.lat, position: base.position, technology: .lte, cells: [cell])
        let open = try await RadioCoverage.footprints(sites: [site], environments: [.rural], settings: radio, terrain: flat, workers: 1).footprints[0]
        let hidden = try await RadioCoverage.footprints(sites: [site], environments: [.rural], settings: radio, terrain: ridge, workers: 1).footprints[0]
        #expect(open.radiiMeters[0] > 450, "\(open.radiiMeters[0])")
        #expect(hidden.radiiMeters[0] < open.radiiMeters[0] - 20, "\(hidden.radiiMeters[0]) vs \(open.radiiMeters[0])")
    }

    /// A ridge 100 m high (Gaussian cross-section, 150 m wide) 3 km east of the site, 5 km long
    /// (north ±2.5 km), on a plain at 20 m; from 6 km east the ground rises at 10 %. The antenna top
    /// is at 55 m. The ridge top (120 m at 3 km) is seen at (120 − 55)/3000 = 0.0217 rad; the slope is
    /// above that line from about 8.1 km, where 20 + 210 = 230 m gives (230 − 55)/8100 = 0.0216 rad.
    /// So east of the site: covered before the ridge, a shadow behind it, and the lit slope beyond
    /// 8.1 km covered again — with ITM the shadow is enclosed (a hole); the budget allows 139.2 dB
    /// (free space at 9 km, 1800 MHz, is 116.6 dB).
    @Test func ridgeCastsAShadowWithALitSlopeBeyond() async throws {
        let dem = S.grid { east, north in
            let ridge = 100 * exp(-pow((east - 3000) / 150, 2)) * (abs(north) < 2500 ? 1 : 0)
            return 20 + ridge + (east > 6000 ? (east - 6000) * 0.1 : 0)
        }
        let site = try S.site()
        let ctx = GEOSContext()
        for model in [TerrainModel.itm, .deygoutCorrection] {
            let r = try await RadioCoverage.footprints(sites: [site], environments: [.rural], settings: S.radio(model: .cost231Hata(.openArea)),
                                                       terrain: S.terrain([dem], model: model), workers: 1)
            let f = r.footprints[0]
            let g = try f.geometry(in: ctx)
            #expect(try g.isValid(), "\(model)")
            let covers = try GEOSPrepared(g)
            func covered(_ d: Double) throws -> Bool { try covers.covers(S.point(from: site, bearingDegrees: 90, distance: d)) }
            #expect(try covered(1_000) && covered(2_500), "\(model): before the ridge")
            #expect(try !covered(3_500) && !covered(5_000) && !covered(7_000), "\(model): the shadow")
            #expect(try covered(9_000) && covered(9_500), "\(model): the lit slope")
            #expect(try covered(5_000) == false)
            // North, where the plain is open, coverage is continuous from the site.
            #expect(try covers.covers(S.point(from: site, bearingDegrees: 0, distance: 5_000)))
            if model == .itm {
                // One polygon whose hole holds the shadow.
                #expect(f.polygons.count == 1)
                let holes = try f.polygons[0].holes.map { try GEOSPrepared(try ctx.polygon(Polygon2(exterior: $0))) }
                #expect(try holes.contains { try $0.covers(S.point(from: site, bearingDegrees: 90, distance: 5_000)) })
            } else {
                // The lit slope is an island apart from the part around the site.
                #expect(f.polygons.count >= 2)
                let island = try f.polygons.first { try GEOSPrepared(try ctx.polygon($0)).covers(S.point(from: site, bearingDegrees: 90, distance: 9_000)) }
                #expect(try island.map { try !GEOSPrepared(try ctx.polygon($0)).covers(site.position) } == true)
            }
        }
    }

    /// ITU-R P.526-15 §4.1: behind a single knife edge the loss is J(ν), Eq. 31, with ν from Eq. 26.
    /// Profile: 100 m samples, ground at 0 m, one ridge sample 60 m high at 2 km; mast 35 m, mobile
    /// 1.5 m, 1800 MHz (λ = 299 792 458 / 1.8e9 = 0.1665514 m), k = 4/3 (kR = 8 494 666.7 m).
    /// Receiver at 5 km (d1 = 2000 m, d2 = 3000 m):
    ///   bulge = 2000·3000 / (2·8 494 666.7) = 0.353163 m
    ///   chord = 35 + (1.5 − 35)·2000/5000 = 21.6 m
    ///   h = 60 + 0.353163 − 21.6 = 38.753163 m
    ///   ν = 38.753163·√(2/0.1665514·(1/2000 + 1/3000)) = 38.753163·0.1000346 = 3.876657
    ///   J = 6.9 + 20·log10(√(3.776657² + 1) + 3.776657) = 6.9 + 20·log10(7.683463) = 24.6111 dB
    /// Receiver at 3 km (d1 = 2000, d2 = 1000): bulge 0.117721 m, chord 35 − 33.5·2/3 = 12.666667 m,
    ///   h = 47.451054 m, ν = 47.451054·√(12.008306·0.0015) = 47.451054·0.1342134 = 6.368566,
    ///   J = 6.9 + 20·log10(√(6.268566² + 1) + 6.268566) = 6.9 + 20·log10(12.616397) = 28.9188 dB
    /// No second edge adds anything: on both sub-paths every sample lies well below the chord
    /// (the largest ν, next to the mobile, is −1.21 < −0.78). Tolerance 0.01 dB (rounding of the hand figures).
    @Test func knifeEdgeBehindARidgeIsJOfNu() {
        var z = [Double](repeating: 0, count: 61)
        z[20] = 60
        var losses: [Double] = []
        KnifeEdge.radialDeygoutLossesDB(elevationsMeters: z, spacingMeters: 100, hTxMeters: 35, hRxMeters: 1.5,
                                        frequencyMHz: 1800, effectiveEarthRadiusFactor: 4.0 / 3.0, maxEdges: 3, lossesDB: &losses)
        #expect(abs(losses[50] - 24.6111) < 0.01)
        #expect(abs(losses[30] - 28.9188) < 0.01)
        // Before the ridge the path is clear: on the 1.5 km path the ridge is not yet on it, and the
        // ground stays more than 0.78 in ν below the chord.
        #expect(losses[15] == 0)
        // The same numbers from the formula, written out independently of KnifeEdge.
        let lambda = 299_792_458.0 / 1.8e9, kR = 4.0 / 3.0 * 6_371_000
        func handJ(_ d: Double) -> Double {
            let d1 = 2000.0, d2 = d - d1
            let h = 60 + d1 * d2 / (2 * kR) - (35 + (1.5 - 35) * d1 / d)
            let nu = h * (2 / lambda * (1 / d1 + 1 / d2)).squareRoot()
            return 6.9 + 20 * log10(((nu - 0.1) * (nu - 0.1) + 1).squareRoot() + nu - 0.1)
        }
        #expect(abs(losses[50] - handJ(5000)) < 1e-9)
        #expect(abs(losses[30] - handJ(3000)) < 1e-9)
    }

    /// A cone 400 m high and 4 km in radius. On its summit the site sees over everything: with ITM its
    /// footprint is larger than on the flat plain (same budget: 119.2 dB allowed, which over the
    /// plain ITM reaches at ≈ 6.8 km and from the summit beyond the 10 km cap), round (every cardinal
    /// radius within 3 samples of the others), and the deygout-correction model warns that the
    /// effective height (435 m above a plain that averages ≈ 0–130 m over 3–15 km) exceeds
    /// COST-231's 200 m. At the cone's west foot, the cone shadows the east: the east radius is the
    /// shortest.
    @Test func coneSummitAndFoot() async throws {
        let cone = S.grid(halfWidthDegrees: 0.2) { east, north in max(0, 400 * (1 - (east * east + north * north).squareRoot() / 4000)) }
        let flat = S.grid { _, _ in 0 }
        let radio = S.radio(thresholdDBm: -90, model: .cost231Hata(.openArea))
        let summit = try S.site()
        let ctx = GEOSContext()
        let onCone = try await RadioCoverage.footprints(sites: [summit], environments: [.rural], settings: radio,
                                                        terrain: S.terrain([cone], model: .itm, radialStepDegrees: 4), workers: 1)
        let onFlat = try await RadioCoverage.footprints(sites: [summit], environments: [.rural], settings: radio,
                                                        terrain: S.terrain([flat], model: .itm, radialStepDegrees: 4), workers: 1)
        #expect(try onCone.footprints[0].geometry(in: ctx).area() > onFlat.footprints[0].geometry(in: ctx).area())
        let radii = [0, 22, 45, 67].map { onCone.footprints[0].radiiMeters[$0] }  // 0°, 88°, 180°, 268°
        #expect(radii.max()! - radii.min()! < 3 * 92.6, "\(radii)")

        let corrected = try await RadioCoverage.footprints(sites: [summit], environments: [.rural], settings: radio,
                                                           terrain: S.terrain([cone], model: .deygoutCorrection, radialStepDegrees: 4), workers: 1)
        #expect(corrected.warnings.contains { $0.contains("site T1") && $0.contains("beyond cost231-hata:open's 30–200 m range") })

        let foot = try S.site(id: "F1", lon: S.siteLon - 4500 / (S.metresPerDegree * cos(17 * Double.pi / 180)))
        let r = try await RadioCoverage.footprints(sites: [foot], environments: [.rural], settings: radio,
                                                   terrain: S.terrain([cone], model: .itm, radialStepDegrees: 4), workers: 1)
        let f = r.footprints[0]
        let east = f.radiiMeters[22], west = f.radiiMeters[67], north = f.radiiMeters[0], south = f.radiiMeters[45]
        #expect(east < west && east < north && east < south, "E \(east) W \(west) N \(north) S \(south)")
        // Behind the cone (on the plain 6 km east of the summit) there is no coverage.
        #expect(try !GEOSPrepared(f.geometry(in: ctx)).covers(S.point(from: foot, bearingDegrees: 90, distance: 10_000)))
    }

    /// A valley running north–south: floor at 50 m, walls rising to 350 m within 2 km east and west
    /// (z = 50 + 300·min(1, (east/2000)²)). From a site on the floor, coverage runs along the valley:
    /// the north and south radii exceed the east and west ones.
    @Test func valleyChannelsCoverage() async throws {
        let valley = S.grid { east, _ in 50 + 300 * min(1, pow(east / 2000, 2)) }
        let site = try S.site()
        for model in [TerrainModel.itm, .deygoutCorrection] {
            let r = try await RadioCoverage.footprints(sites: [site], environments: [.rural], settings: S.radio(thresholdDBm: -100, model: .cost231Hata(.openArea)),
                                                       terrain: S.terrain([valley], model: model, radialStepDegrees: 4), workers: 1)
            let f = r.footprints[0]
            let north = f.radiiMeters[0], east = f.radiiMeters[22], south = f.radiiMeters[45], west = f.radiiMeters[67]
            #expect(min(north, south) > max(east, west), "\(model): N \(north) S \(south) E \(east) W \(west)")
        }
    }

    /// Covered intervals by hand: losses at samples 1…6 (10 m apart) of 100, 110, 130, 125, 140, 115 dB
    /// against 120 dB allowed. Samples 0–2 are covered; the run ends where the loss crosses 120 between
    /// sample 2 (110) and 3 (130): 2 + (120 − 110)/(130 − 110) = 2.5 → 25 m. Samples 3–5 are not; sample
    /// 6 is, from the crossing between 5 (140) and 6 (115): 5 + (120 − 140)/(115 − 140) = 5.8 → 58 m,
    /// to the end of the radial, 60 m.
    @Test func coveredIntervalsByHand() {
        let i = TerrainFootprint.coveredIntervals(lossesDB: [.nan, 100, 110, 130, 125, 140, 115], allowedDB: 120, spacingMeters: 10)
        #expect(i.count == 2)
        #expect(i[0].start == 0 && abs(i[0].end - 25) < 1e-12)
        #expect(abs(i[1].start - 58) < 1e-12 && i[1].end == 60)
        #expect(TerrainFootprint.coveredIntervals(lossesDB: [.nan, 130, 140], allowedDB: 120, spacingMeters: 10).isEmpty)
    }

    /// Running median by hand, half-window 1 (three samples), losses at samples 1…7:
    /// 10, 50, 12, 13, 60, 14, 15 → sample 2: median(10, 50, 12) = 12; 3: (50, 12, 13) → 13;
    /// 4: (12, 13, 60) → 13; 5: (13, 60, 14) → 14; 6: (60, 14, 15) → 15; the end samples 1 and 7
    /// keep their values. The one-sample spikes go; a monotone radial is unchanged.
    @Test func runningMedianByHand() {
        var scratch: [Double] = []
        var losses: [Double] = [.nan, 10, 50, 12, 13, 60, 14, 15]
        TerrainFootprint.runningMedian(&losses, halfWindow: 1, scratch: &scratch)
        #expect(Array(losses.dropFirst()) == [10, 12, 13, 13, 14, 15, 15])
        var monotone: [Double] = [.nan] + (1...20).map { 70 + 10 * log10(Double($0)) }
        let before = monotone
        TerrainFootprint.runningMedian(&monotone, halfWindow: 3, scratch: &scratch)
        #expect(Array(monotone.dropFirst()) == Array(before.dropFirst()))
    }

    /// The sliding window against each window sorted on its own (Swift's sort), half-windows 1…6, on
    /// losses with many ties (whole decibels) and without, and with a NaN (every window sorted afresh).
    @Test func runningMedianSlidesAsItSorts() {
        var rng = SeededGenerator(seed: 17)
        var scratch: [Double] = []
        for trial in 0..<60 {
            let n = 3 + trial * 7 % 90
            var losses: [Double] = [.nan] + (1...n).map { _ in trial % 2 == 0 ? Double(Int(100 + 20 * rng.unit())) : 100 + 20 * rng.unit() }
            if trial % 10 == 9 { losses[1 + trial % n] = .nan }
            let halfWindow = 1 + trial % 6
            var expected = losses  // NaN where the window holds a NaN (no median to expect)
            for i in 2..<max(n, 2) {
                let h = min(halfWindow, i - 1, n - i)
                let window = losses[(i - h)...(i + h)]
                expected[i] = window.contains(where: \.isNaN) ? .nan : window.sorted()[h]
            }
            TerrainFootprint.runningMedian(&losses, halfWindow: halfWindow, scratch: &scratch)
            for i in 1...n where !expected[i].isNaN {
                #expect(losses[i] == expected[i], "trial \(trial), sample \(i)")
            }
        }
    }

    /// With the running median, a ridge's shadow (hundreds of metres) stays; the footprint of the
    /// ridge DEM with a 200 m window still shadows 3.5–7 km east and covers the lit slope at 9 km.
    @Test func medianKeepsTheRidgeShadow() async throws {
        let dem = S.grid { east, north in
            let ridge = 100 * exp(-pow((east - 3000) / 150, 2)) * (abs(north) < 2500 ? 1 : 0)
            return 20 + ridge + (east > 6000 ? (east - 6000) * 0.1 : 0)
        }
        let site = try S.site()
        let r = try await RadioCoverage.footprints(sites: [site], environments: [.rural], settings: S.radio(model: .cost231Hata(.openArea)),
                                                   terrain: S.terrain([dem], model: .itm, sampleSpacingMeters: 30, medianWindowMeters: 200), workers: 1)
        let covers = try GEOSPrepared(try r.footprints[0].geometry(in: GEOSContext()))
        for (d, expected) in [(2_500.0, true), (3_500, false), (5_000, false), (7_000, false), (9_000, true)] {
            #expect(try covers.covers(S.point(from: site, bearingDegrees: 90, distance: d)) == expected, "\(d) m")
        }
    }

    @Test func sameFootprintsWithOneOrTwoWorkers() async throws {
        let dem = S.grid { east, north in 30 + 80 * sin(east / 900) * cos(north / 1300) + 60 * exp(-pow((east - 2000) / 300, 2)) }
        let sites = [try S.site(id: "A"), try S.site(id: "B", lon: 105.02, lat: 17.01), try S.site(id: "C", lon: 104.97, lat: 16.99)]
        var results: [[Footprint]] = []
        for workers in [1, 2] {
            let r = try await RadioCoverage.footprints(sites: sites, environments: [.rural, .rural, .rural], settings: S.radio(thresholdDBm: -100, maxRadiusMeters: 6000),
                                                       terrain: S.terrain([dem], model: .itm, radialStepDegrees: 4), workers: workers)
            results.append(r.footprints)
        }
        #expect(results[0].map(\.polygons) == results[1].map(\.polygons))
        #expect(results[0].map(\.radiiMeters) == results[1].map(\.radiiMeters))
    }
}

/// Bad elevation data: the error or warning names the tile and the site.
@Suite("Terrain footprints: bad elevation data")
struct TerrainBadInputTests {
    typealias S = TerrainTestSupport

    @Test func footprintRunningOffTheDEMNamesTheMissingTile() async throws {
        // ±0.05° (≈ 5 km) of data for a 10 km footprint: the first radial (north) leaves the grid at
        // 17.05° N on 105° E, in SRTM tile N17E105.
        let small = S.grid(halfWidthDegrees: 0.05) { _, _ in 10 }
        let site = try S.site()
        await #expect { try await RadioCoverage.footprints(sites: [site], environments: [.rural], settings: S.radio(),
                                                           terrain: S.terrain([small], model: .itm, radialStepDegrees: 4), workers: 1) } throws: { e in
            let m = "\(e)"
            return m.contains("site T1") && m.contains("N17E105.hgt") && m.contains("runs off")
        }
    }

    /// A grid whose samples within the box (east, north) ∈ `box` (metres from the site) are no-data.
    static func withVoid(_ box: (ClosedRange<Double>, ClosedRange<Double>)) -> ElevationGrid {
        var g = S.grid(name: "voids.asc") { _, _ in 10 }
        let cosLat = cos(S.siteLat * Double.pi / 180)
        if case .float(var values, let noData) = g.storage {
            for r in 0..<g.rows {
                let north = (g.firstLatitude - Double(r) * g.latitudeStepDegrees - S.siteLat) * S.metresPerDegree
                for c in 0..<g.columns {
                    let east = (g.firstLongitude + Double(c) * g.longitudeStepDegrees - S.siteLon) * S.metresPerDegree * cosLat
                    if box.0.contains(east), box.1.contains(north) { values[r * g.columns + c] = noData! }
                }
            }
            g.storage = .float(values, noData: noData)
        }
        return g
    }

    @Test func shortVoidsAreFilledWithAWarningNamingTheTile() async throws {
        // A void 150 m wide (east 3000…3150 m), crossing the eastern radials: shorter than the 500 m allowed.
        let g = Self.withVoid((3000...3150, -2000...2000))
        let r = try await RadioCoverage.footprints(sites: [try S.site()], environments: [.rural], settings: S.radio(),
                                                   terrain: S.terrain([g], model: .itm, radialStepDegrees: 4), workers: 1)
        #expect(r.warnings.contains { $0.contains("site T1") && $0.contains("void elevation samples") && $0.contains("voids.asc") })
        #expect(DEM(grids: [g]).warnings.contains { $0.contains("voids.asc") && $0.contains("void samples") })
    }

    @Test func longVoidsStopWithAnErrorNamingTileAndSite() async throws {
        let g = Self.withVoid((2000...4000, -2000...2000))
        await #expect { try await RadioCoverage.footprints(sites: [try S.site()], environments: [.rural], settings: S.radio(),
                                                           terrain: S.terrain([g], model: .itm, radialStepDegrees: 4), workers: 1) } throws: { e in
            let m = "\(e)"
            return m.contains("site T1") && m.contains("voids.asc") && m.contains("void_fill_max_m")
        }
    }

    @Test func siteOnAVoidIsAnError() async throws {
        let g = Self.withVoid((-200...200, -200...200))
        await #expect { try await RadioCoverage.footprints(sites: [try S.site()], environments: [.rural], settings: S.radio(),
                                                           terrain: S.terrain([g], model: .itm, radialStepDegrees: 4), workers: 1) } throws: { e in
            "\(e)".contains("site T1") && "\(e)".contains("voids.asc") && "\(e)".contains("stands on a void")
        }
    }

    @Test func allVoidTileIsReported() {
        var g = S.grid(name: "empty.asc") { _, _ in -9999 }
        if case .float(let v, _) = g.storage { g.storage = .float(v, noData: -9999) }
        #expect(DEM(grids: [g]).warnings.contains { $0.contains("empty.asc") && $0.contains("holds no data") })
    }

    @Test func siteBelowTheTerrainIsWarnedAbout() async throws {
        // A bank 70 m high from 60 m north of a 35 m mast on 10 m ground. The 3″ grid has nodes at
        // 0 and 92.6 m north, so 60 m north the bilinear ground is 10 + 60·60/92.6 = 48.9 m, above the
        // antenna's top at 45 m, within the 100 m the check looks at.
        let g = S.grid(name: "wall.asc") { _, north in (60...300).contains(north) ? 70 : 10 }
        let r = try await RadioCoverage.footprints(sites: [try S.site()], environments: [.rural], settings: S.radio(),
                                                   terrain: S.terrain([g], model: .itm, radialStepDegrees: 4, sampleSpacingMeters: 30), workers: 1)
        #expect(r.warnings.contains { $0.contains("site T1") && $0.contains("below the terrain") && $0.contains("wall.asc") })
    }

    @Test func modelInvalidForTheSiteNamesTheSite() async throws {
        let flat = S.grid { _, _ in 10 }
        // ITM's hard limit is 20 000 MHz.
        await #expect { try await RadioCoverage.footprints(sites: [try S.site(id: "HF", bandMHz: 26_000)], environments: [.rural], settings: S.radio(),
                                                           terrain: S.terrain([flat], model: .itm, radialStepDegrees: 4), workers: 1) } throws: { e in
            "\(e)".contains("site HF") && "\(e)".contains("frequency_mhz")
        }
        // COST-231 Hata stops at 2000 MHz, as over flat earth.
        await #expect { try await RadioCoverage.footprints(sites: [try S.site(id: "B7", bandMHz: 2600)], environments: [.rural], settings: S.radio(),
                                                           terrain: S.terrain([flat], model: .deygoutCorrection, radialStepDegrees: 4), workers: 1) } throws: { e in
            "\(e)".contains("site B7") && "\(e)".contains("frequency_mhz")
        }
    }
}

/// The footprint polygons from covered intervals: the boundary method (shared edges cancelled, faces
/// by GEOS polygonize) must give the same region as GEOS's own unary union of the cells, on random
/// interval sets with holes, islands, cells touching only at corners and intervals shorter than the
/// chord's sagitta. Compared by symmetric difference, tolerance 1e-6 of the area.
@Suite("Footprint polygons from covered intervals")
struct CellUnionTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func boundaryMethodEqualsGEOSUnion(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let radials = 72
        var intervals: [TerrainFootprint.Intervals] = []
        for k in 0..<radials {
            var r = rng.unit() < 0.7 ? 0.0 : 200 * rng.unit()
            var list: TerrainFootprint.Intervals = []
            while r < 9_000 {
                let length = rng.unit() < 0.1 ? 0.05 : 50 + 3_000 * rng.unit()  // some 5 cm intervals
                list.append((r, min(r + length, 10_000)))
                r += length + 20 + 2_000 * rng.unit()
            }
            // Every fifth radial is empty, and radial 10 repeats radial 9 (identical edges).
            intervals.append(k % 5 == 4 ? [] : (k == 10 ? intervals[9] : list))
        }
        let ctx = GEOSContext()
        let center = Point2(500_000, 1_850_000)
        let (cells, cellArea) = TerrainFootprint.polarCells(center: center, intervals: intervals, stepDegrees: 5)
        let fast = try #require(try TerrainFootprint.boundaryUnion(cells: cells, center: center, intervals: intervals, stepDegrees: 5, context: ctx))
        let overlay = try ctx.multiPolygon(TerrainFootprint.cellUnion(center: center, intervals: intervals, stepDegrees: 5, context: ctx, overlay: true))
        #expect(abs(try fast.area() - cellArea) <= 1e-9 * cellArea, "the boundary method keeps every cell")
        #expect(try fast.isValid())
        let area = try overlay.area()
        #expect(try fast.difference(overlay).area() <= 1e-6 * area)
        #expect(try overlay.difference(fast).area() <= 1e-6 * area)
        #expect(abs(try fast.area() - area) <= 1e-6 * area)
    }
}

/// The footprint polygons assembled from the intervals (``TerrainFootprint/polarUnion(center:intervals:stepDegrees:)``,
/// valid by construction, no GEOS) against GEOS's unary union of the cells: the same region (symmetric
/// difference ≤ 1e-9 of the area), the same number of polygons and holes, and GEOS finds every result valid.
@Suite("Footprint polygons assembled from the intervals")
struct PolarUnionTests {
    let center = Point2(500_000, 1_850_000)

    /// Twice the signed area of a ring, about the site (the shoelace on 10⁶ m coordinates loses 10⁻⁴ m²).
    func area2(_ ring: [Point2]) -> Double {
        Rings.signedArea2(ring.map { Point2($0.x - center.x, $0.y - center.y) })
    }

    /// Whether q lies in a covered interval: in the wedge of radial k (bearings (k ± ½)·step) the
    /// chords at distance r stand perpendicular to the wedge's middle, r·cos(step/2) from the site.
    func covered(_ q: Point2, _ intervals: [TerrainFootprint.Intervals], step: Double) -> Bool {
        let dx = q.x - center.x, dy = q.y - center.y
        var bearing = atan2(dx, dy) * 180 / Double.pi
        if bearing < 0 { bearing += 360 }
        let k = Int((bearing / step).rounded()) % intervals.count
        let theta = Double(k) * step * Double.pi / 180
        let r = (dx * sin(theta) + dy * cos(theta)) / cos(step / 2 * Double.pi / 180)
        return intervals[k].contains { $0.start < r && r < $0.end }
    }

    /// The assembly checked four ways: GEOS finds it valid; its area is the cells' (1e-9); 4,000
    /// random points lie in it exactly when they lie in a covered interval (the definition, no
    /// geometry library); and it covers the same region as GEOS's union of the cells, with as many
    /// polygons and holes. That union is floating-point where GEOS finds it valid, else on a 1 mm grid;
    /// either way GEOS's overlay moves edges by up to a millimetre here (measured: up to 10.6 m² on a
    /// 27.5 km² footprint where 20,000 sampled points all agree with the definition), so the regions are
    /// compared to 1 mm × the perimeter.
    @discardableResult
    func compare(_ intervals: [TerrainFootprint.Intervals], step: Double, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Polygon2] {
        let ctx = GEOSContext()
        let assembled = try #require(TerrainFootprint.polarUnion(center: center, intervals: intervals, stepDegrees: step),
                                     sourceLocation: sourceLocation)
        let (cells, _) = TerrainFootprint.polarCells(center: center, intervals: intervals, stepDegrees: step)
        let cellArea = cells.reduce(0) { $0 + area2($1) } / 2
        let mine = try ctx.multiPolygon(assembled.polygons)
        #expect(try mine.isValid(), sourceLocation: sourceLocation)
        #expect(abs(assembled.area - cellArea) <= 1e-9 * cellArea, sourceLocation: sourceLocation)
        for p in assembled.polygons {
            #expect(area2(p.exterior) > 0, sourceLocation: sourceLocation)
            #expect(p.holes.allSatisfy { area2($0) < 0 }, sourceLocation: sourceLocation)
        }

        let reach = intervals.flatMap { $0.map(\.end) }.max() ?? 0
        var rng = SeededGenerator(seed: 99)
        var disagree = 0
        for _ in 0..<4_000 {
            let q = Point2(center.x + (2 * rng.unit() - 1) * reach, center.y + (2 * rng.unit() - 1) * reach)
            let inside = assembled.polygons.contains { Rings.contains($0.exterior, q) && !$0.holes.contains { Rings.contains($0, q) } }
            if inside != covered(q, intervals, step: step) { disagree += 1 }
        }
        #expect(disagree == 0, sourceLocation: sourceLocation)

        let floating = try ctx.collection(.geometryCollection, try cells.map { try ctx.polygon(Polygon2(exterior: $0)) }).unaryUnion()
        let reference = try floating.isValid() ? floating
            : try ctx.multiPolygon(TerrainFootprint.cellUnion(center: center, intervals: intervals, stepDegrees: step, context: ctx, overlay: true))
        let tolerance = 1e-3 * (try mine.length())
        #expect(try mine.difference(reference).area() <= tolerance, sourceLocation: sourceLocation)
        #expect(try reference.difference(mine).area() <= tolerance, sourceLocation: sourceLocation)
        let theirs = try reference.polygons()
        #expect(assembled.polygons.count == theirs.count, sourceLocation: sourceLocation)
        let holes = assembled.polygons.reduce(0) { $0 + $1.holes.count }, theirHoles = theirs.reduce(0) { $0 + $1.holes.count }
        #expect(holes == theirHoles, sourceLocation: sourceLocation)
        return assembled.polygons
    }

    @Test("cells touching at a corner are two polygons; a full disc is one")
    func cornersAndDisc() throws {
        // 8 radials of 45°: radial 0 out to 100 m, radial 1 from 100 to 200 m: they meet only at (ray 1, 100 m).
        var intervals = [TerrainFootprint.Intervals](repeating: [], count: 8)
        intervals[0] = [(0, 100)]
        intervals[1] = [(100, 200)]
        #expect(try compare(intervals, step: 45).count == 2)
        let disc = try compare([TerrainFootprint.Intervals](repeating: [(0, 300)], count: 8), step: 45)
        #expect(disc.count == 1 && disc[0].holes.isEmpty && disc[0].exterior.count == 9)
    }

    @Test("a hole touching its shell at a vertex, and a part closing a notch at two corners")
    func pinches() throws {
        // A hole in radial 2 (100…200 m) whose corner (ray 3, 200 m) is also the corner of a notch cut
        // into radial 3 from outside (200…300 m): one polygon, its hole touching the shell there.
        var intervals = [TerrainFootprint.Intervals](repeating: [(0, 300)], count: 8)
        intervals[2] = [(0, 100), (200, 300)]
        intervals[3] = [(0, 200)]
        let touching = try compare(intervals, step: 45)
        #expect(touching.count == 1 && touching[0].holes.count == 1)
        // Radial 2 covered to 100 m and again 200…300 m, radials 1 and 3 to 200 m, the rest to 200 m:
        // the outer part of radial 2 meets the body only at its two inner corners: two polygons, no hole.
        intervals = [TerrainFootprint.Intervals](repeating: [(0, 200)], count: 8)
        intervals[2] = [(0, 100), (200, 300)]
        let notch = try compare(intervals, step: 45)
        #expect(notch.count == 2 && notch.allSatisfy { $0.holes.isEmpty })
    }

    @Test("a ring's edges filed in height bands answer point tests as the whole ring does")
    func ringBands() {
        var rng = SeededGenerator(seed: 5)
        // A jagged star of 1,200 vertices around the site, some edges horizontal, and points on its vertices' heights.
        var ring = (0..<1_200).map { i -> Point2 in
            let a = Double(i) / 1_200 * 2 * Double.pi, r = 1_000 + 800 * rng.unit()
            return Point2(center.x + r * sin(a), center.y + (i % 50 == 0 ? 0 : r * cos(a)))
        }
        ring.append(ring[0])
        let bands = RingBands(ring, box: BoundingBox(points: ring)!)
        #expect(bands.count > 1)
        for k in 0..<5_000 {
            let q = k % 5 == 0 ? Point2(center.x + 2_000 * (2 * rng.unit() - 1), ring[k % ring.count].y)
                : Point2(center.x + 2_000 * (2 * rng.unit() - 1), center.y + 2_000 * (2 * rng.unit() - 1))
            #expect(bands.contains(ring, q) == Rings.contains(ring, q), "point \(k)")
        }
    }

    @Test("ends closer than a millimetre on one ray are left to GEOS")
    func closeEnds() {
        var intervals = [TerrainFootprint.Intervals](repeating: [(0, 300)], count: 8)
        intervals[2] = [(0, 100)]
        intervals[3] = [(0, 100.0005)]
        #expect(TerrainFootprint.polarUnion(center: center, intervals: intervals, stepDegrees: 45) == nil)
        intervals[3] = [(0, 100.002)]
        #expect(TerrainFootprint.polarUnion(center: center, intervals: intervals, stepDegrees: 45) != nil)
    }

    /// 40 random interval sets: half the ends on a 250 m lattice, so that neighbouring radials share
    /// ends (corners that touch, holes that touch shells and each other), some 5 cm intervals, empty
    /// radials, islands and holes.
    @Test(arguments: 1...40)
    func randomIntervals(seed: UInt64) throws {
        var rng = SeededGenerator(seed: 1000 + seed)
        let radials = [12, 36, 72, 360][Int(seed) % 4]
        let step = 360 / Double(radials)
        var intervals: [TerrainFootprint.Intervals] = []
        for k in 0..<radials {
            var list: TerrainFootprint.Intervals = []
            var r = rng.unit() < 0.6 ? 0.0 : 250 * Double(1 + Int(3 * rng.unit()))
            while r < 4_000 {
                let lattice = rng.unit() < 0.5
                let length = lattice ? 250 * Double(1 + Int(4 * rng.unit())) : (rng.unit() < 0.1 ? 0.05 : 30 + 1_000 * rng.unit())
                list.append((r, min(r + length, 4_500)))
                let gap = lattice ? 250 * Double(1 + Int(3 * rng.unit())) : 5 + 700 * rng.unit()
                r += length + gap
                if lattice { r = 250 * (r / 250).rounded(.up) }
            }
            intervals.append(k % 7 == 6 ? [] : list)
        }
        // Where a random end falls within a millimetre of another on the same ray the assembly
        // declines (tested above); the draw keeps those sets out rather than asserting on them.
        guard TerrainFootprint.polarUnion(center: center, intervals: intervals, stepDegrees: step) != nil || nearEnds(intervals) else {
            Issue.record("the assembly declined a set with no ends within 1 mm")
            return
        }
        if !nearEnds(intervals) { try compare(intervals, step: step) }
    }

    func nearEnds(_ intervals: [TerrainFootprint.Intervals]) -> Bool {
        let n = intervals.count
        for b in 0..<n {
            let ends = (intervals[(b + n - 1) % n] + intervals[b]).flatMap { [$0.start, $0.end] }.sorted()
            if zip(ends, ends.dropFirst()).contains(where: { $1 != $0 && $1 - $0 < 1e-3 }) { return true }
        }
        return false
    }
}
