import Foundation
import Testing
@testable import Coverage

@Suite struct FootprintTests {
    /// An omni site, COST-231 Hata medium city, 1800 MHz, hb = 35 m, hm = 1.5 m, 43 dBm over 20 MHz,
    /// 17 dBi, no losses, σ = 0 (p = 0.75 gives no margin when σ = 0), threshold −110 dBm.
    /// Hand calculation (COST 231 final report §4.4.1):
    ///   a(hm) = (1.1·log10 1800 − 0.7)·1.5 − (1.56·log10 1800 − 0.8) = 0.04297 dB
    ///   A = 46.3 + 33.9·log10 1800 − 13.82·log10 35 − a(hm) = 135.27174 dB (loss at 1 km)
    ///   B = 44.9 − 6.55·log10 35 = 34.78635 dB/decade
    ///   P_RS = 43 − 10·log10(12·100) = 12.20819 dBm; allowed loss = 12.20819 + 17 + 110 = 139.20819 dB
    ///   d = 10^((139.20819 − 135.27174)/34.78635) km = 1.29766 km
    /// Tolerance 1 m (the solver interpolates a 512-point table in log-distance, exact for A + B·log d).
    @Test func omniRadiusMatchesHandCalculation() async throws {
        let settings = RadioSettings(technology: .lte, thresholdDBm: -110, bandwidthMHz: 20, antennaGainDBi: 17, beamwidthDegrees: 65,
                                     frontToBackDB: 25, cableLossDB: 0, shadowSigmaDB: 0, cellEdgeProbability: 0.75, bodyLossDB: 0,
                                     indoorLossDB: 0, rxHeightMeters: 1.5, rxGainDBi: 0, bearingStepDegrees: 1, maxRadiusMeters: 30000,
                                     modelRules: [ModelRule(environment: nil, model: .cost231Hata(.mediumCity))])
        let site = Site(id: "A", lon: 0, lat: 0, position: Point2(0, 0), heightMeters: 35, technology: .lte, bandMHz: 1800, powerDBm: 43, azimuthsDegrees: [])
        let r = try await RadioCoverage.footprints(sites: [site], environments: [.urban], settings: settings, workers: 1)
        #expect(r.footprints.count == 1)
        for radius in r.footprints[0].radiiMeters { #expect(abs(radius - 1297.66) < 1.0) }
        // Area of the 360-gon inscribed in that circle: ½·n·r²·sin(2π/n) (GEOS area vs formula, 1e-6 relative).
        let ctx = GEOSContext()
        let area = try r.footprints[0].geometry(in: ctx).area()
        let expected = 0.5 * 360 * pow(r.footprints[0].radiiMeters[0], 2) * sin(2 * Double.pi / 360)
        #expect(abs(area - expected) / expected < 1e-6)
    }

    /// Three sectors: the boresight radius equals the omni case; 60° off boresight (between two sectors)
    /// the pattern loses 12·(60/65)² = 10.225 dB, so d = 10^((139.20819 − 10.22485 − 135.27174)/34.78635) km = 0.65922 km.
    @Test func sectorPatternShrinksRadiusBetweenSectors() async throws {
        let settings = RadioSettings(technology: .lte, thresholdDBm: -110, bandwidthMHz: 20, antennaGainDBi: 17, beamwidthDegrees: 65,
                                     frontToBackDB: 25, cableLossDB: 0, shadowSigmaDB: 0, cellEdgeProbability: 0.75, bodyLossDB: 0,
                                     indoorLossDB: 0, rxHeightMeters: 1.5, rxGainDBi: 0, bearingStepDegrees: 1, maxRadiusMeters: 30000,
                                     modelRules: [ModelRule(environment: nil, model: .cost231Hata(.mediumCity))])
        let site = Site(id: "A", lon: 0, lat: 0, position: Point2(0, 0), heightMeters: 35, technology: .lte, bandMHz: 1800, powerDBm: 43, azimuthsDegrees: [0, 120, 240])
        let r = try await RadioCoverage.footprints(sites: [site], environments: [.urban], settings: settings, workers: 1)
        let radii = r.footprints[0].radiiMeters
        #expect(abs(radii[0] - 1297.66) < 1.0)
        #expect(abs(radii[60] - 659.22) < 1.0)
        #expect(abs(radii[120] - 1297.66) < 1.0)
    }

    @Test func sitesOfOtherTechnologyGetNoFootprint() async throws {
        let settings = RadioSettings(technology: .lte, thresholdDBm: -110, bandwidthMHz: 20, antennaGainDBi: 17, beamwidthDegrees: 65,
                                     frontToBackDB: 25, cableLossDB: 0, shadowSigmaDB: 8, cellEdgeProbability: 0.75, bodyLossDB: 0,
                                     indoorLossDB: 0, rxHeightMeters: 1.5, rxGainDBi: 0, bearingStepDegrees: 1, maxRadiusMeters: 30000,
                                     modelRules: [ModelRule(environment: nil, model: .okumuraHata(.openArea))])
        let site = Site(id: "B", lon: 0, lat: 0, position: Point2(0, 0), heightMeters: 40, technology: .umts, bandMHz: 900, powerDBm: 43, azimuthsDegrees: [0])
        let r = try await RadioCoverage.footprints(sites: [site], environments: [.rural], settings: settings, workers: 1)
        #expect(r.footprints.isEmpty)
    }

    @Test func bandOutsideEveryModelIsAnErrorNamingTheSite() async throws {
        let settings = RadioSettings(technology: .lte, thresholdDBm: -110, bandwidthMHz: 20, antennaGainDBi: 17, beamwidthDegrees: 65,
                                     frontToBackDB: 25, cableLossDB: 0, shadowSigmaDB: 8, cellEdgeProbability: 0.75, bodyLossDB: 0,
                                     indoorLossDB: 0, rxHeightMeters: 1.5, rxGainDBi: 0, bearingStepDegrees: 1, maxRadiusMeters: 30000,
                                     modelRules: [ModelRule(environment: nil, model: .okumuraHata(.openArea))])
        let site = Site(id: "X9", lon: 0, lat: 0, position: Point2(0, 0), heightMeters: 40, technology: .lte, bandMHz: 2600, powerDBm: 43, azimuthsDegrees: [0])
        await #expect { try await RadioCoverage.footprints(sites: [site], environments: [.rural], settings: settings, workers: 1) } throws: { e in
            "\(e)".contains("X9") && "\(e)".contains("frequency")
        }
    }
}

@Suite struct DistrictStatisticsTests {
    /// A 10 km × 10 km district; one square "footprint" covering its west half (0…5 km) and spilling
    /// 5 km outside; population cells: 100 at (2.5, 5) km (covered), 300 at (7.5, 5) km (not covered).
    /// Hand calculation: covered area 50 km² of 100 → 50 %; covered population 100 of 400 → 25 %.
    @Test func halfCoveredSquare() async throws {
        let square = BoundingBox(minX: 0, minY: 0, maxX: 10_000, maxY: 10_000).polygon
        let d = District(id: "1", name: "Test", nameASCII: "Test", population: 400, polygons: [square], polygonsLonLat: [square], environment: .rural)
        let fp = BoundingBox(minX: -5_000, minY: -1_000, maxX: 5_000, maxY: 11_000).polygon
        let pop = PopulationSurface(positions: [Point2(2_500, 5_000), Point2(7_500, 5_000)], lonLat: [Point2(0, 0), Point2(0, 0)],
                                    district: [0, 0], population: [100, 300], cellSizeMeters: nil)
        for workers in [1, 2] {
            let r = try await DistrictStatistics.compute(districts: [d], footprints: [fp, fp], population: pop, workers: workers)
            #expect(abs(r.districts[0].coveredAreaKm2 - 50) < 1e-9)
            #expect(abs(r.districts[0].coveredAreaPercent - 50) < 1e-9)
            #expect(r.districts[0].coveredPopulation == 100)
            #expect(abs(r.districts[0].coveredPopulationPercent - 25) < 1e-9)
            #expect(r.cellCovered == [true, false])
        }
    }

    /// Exactly repeated footprints (many sites at one place) are skipped before the union; the
    /// result equals that of the list without repeats. Hand calculation in a 10 km × 10 km district:
    /// A = x −5…5 km, y −1…11 km → 5 × 10 = 50 km² inside; B = x 3…8 km, y 2…4 km → 5 × 2 = 10 km²,
    /// of which x 3…5, y 2…4 = 4 km² lies in A; union 50 + 10 − 4 = 56 km². Cells: 100 at (2.5, 5)
    /// in A, 50 at (7.5, 3) in B, 300 at (7.5, 5) in neither → 150 of 450 covered.
    @Test func repeatedFootprintsCountOnce() async throws {
        let square = BoundingBox(minX: 0, minY: 0, maxX: 10_000, maxY: 10_000).polygon
        let d = District(id: "1", name: "Test", nameASCII: "Test", population: 450, polygons: [square], polygonsLonLat: [square], environment: .rural)
        let a = BoundingBox(minX: -5_000, minY: -1_000, maxX: 5_000, maxY: 11_000).polygon
        let b = BoundingBox(minX: 3_000, minY: 2_000, maxX: 8_000, maxY: 4_000).polygon
        let pop = PopulationSurface(positions: [Point2(2_500, 5_000), Point2(7_500, 3_000), Point2(7_500, 5_000)],
                                    lonLat: [Point2(0, 0), Point2(0, 0), Point2(0, 0)], district: [0, 0, 0],
                                    population: [100, 50, 300], cellSizeMeters: nil)
        let once = try await DistrictStatistics.compute(districts: [d], footprints: [a, b], population: pop, workers: 1)
        #expect(abs(once.districts[0].coveredAreaKm2 - 56) < 1e-9)
        #expect(once.districts[0].coveredPopulation == 150)
        #expect(once.cellCovered == [true, true, false])
        for workers in [1, 2] {
            let repeated = try await DistrictStatistics.compute(districts: [d], footprints: [a, b, a, a, b, b, a], population: pop, workers: workers)
            #expect(repeated.districts[0].coveredAreaKm2 == once.districts[0].coveredAreaKm2)
            #expect(repeated.districts[0].coverage == once.districts[0].coverage)
            #expect(repeated.districts[0].coveredPopulation == once.districts[0].coveredPopulation)
            #expect(repeated.cellCovered == once.cellCovered)
        }
    }

    /// The STRtree a worker caches in its GEOS context refers back to the context; after
    /// `Parallel.map` returns, both must be freed (found as a leak by LeakSanitizer on `sim run`).
    @Test func workerContextsAreFreedAfterTheMap() async throws {
        final class Weak: @unchecked Sendable { weak var context: GEOSContext? }
        let seen = Weak()
        let boxes = [BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1)]
        _ = try await Parallel.map(count: 3, workers: 1) { i, ctx in
            seen.context = ctx
            return try TreeCache.tree(ctx, boxes).query(try ctx.polygon(boxes[0].polygon)).count
        }
        #expect(seen.context == nil)
    }

    @Test func noFootprintsMeansNoCoverage() async throws {
        let square = BoundingBox(minX: 0, minY: 0, maxX: 1_000, maxY: 1_000).polygon
        let d = District(id: "1", name: "T", nameASCII: "T", population: 1, polygons: [square], polygonsLonLat: [square], environment: .rural)
        let pop = PopulationSurface(positions: [Point2(500, 500)], lonLat: [Point2(0, 0)], district: [0], population: [1], cellSizeMeters: nil)
        let r = try await DistrictStatistics.compute(districts: [d], footprints: [], population: pop, workers: 1)
        #expect(r.districts[0].coveredAreaKm2 == 0)
        #expect(r.districts[0].coveredPopulation == 0)
        #expect(abs(r.districts[0].areaKm2 - 1) < 1e-12)
    }
}

@Suite struct PopulationTests {
    /// Hamilton's method by hand: total 10 over weights 1, 1, 1 → quotas 3.333 each; floors 3, 3, 3;
    /// one seat left goes to the largest remainder, tie → lowest index: [4, 3, 3].
    @Test func largestRemainderKeepsTotal() {
        #expect(PopulationSurface.largestRemainder(total: 10, weights: [1, 1, 1]) == [4, 3, 3])
        // quotas 7·(0.5, 0.3, 0.2) = 3.5, 2.1, 1.4 → floors 3, 2, 1 (6); remainders .5, .1, .4 → [4, 2, 1]
        #expect(PopulationSurface.largestRemainder(total: 7, weights: [0.5, 0.3, 0.2]) == [4, 2, 1])
        #expect(PopulationSurface.largestRemainder(total: 0, weights: [1, 2]) == [0, 0])
    }

    /// A 2 km × 2 km square with 200 m cells holds 10 × 10 = 100 cell centres; a town at the centre
    /// concentrates people there; the district total is kept exactly.
    @Test func synthesisedSurfaceKeepsTotals() async throws {
        let sq = BoundingBox(minX: 500_000, minY: 1_800_000, maxX: 502_000, maxY: 1_802_000).polygon
        let d = District(id: "1", name: "T", nameASCII: "T", population: 12_345, polygons: [sq], polygonsLonLat: [sq], environment: .rural)
        let s = try await PopulationSurface.synthesize(districts: [d], towns: [Point2(501_000, 1_801_000)], roads: [],
                                                       cellSizeMeters: 200, weights: AncillaryWeights(), projection: try Projection(epsg: 32648), workers: 2)
        #expect(s.count == 100)
        #expect(s.population.reduce(0, +) == 12_345)
        let nearest = s.positions.indices.min { hypot(s.positions[$0].x - 501_000, s.positions[$0].y - 1_801_000) < hypot(s.positions[$1].x - 501_000, s.positions[$1].y - 1_801_000) }!
        let corner = s.positions.indices.min { s.positions[$0].x + s.positions[$0].y < s.positions[$1].x + s.positions[$1].y }!
        #expect(s.population[nearest] > s.population[corner])
    }

    /// The grid origin (population.grid_origin), by hand. A 2,080 m × 1,000 m rectangle from (500,050, 1,800,020)
    /// with 200 m cells:
    /// - origin (0, 0): centres at x = 100 + 200·i → 500,100 … 502,100 (≤ 502,130): 11 columns; y = 1,800,100 …
    ///   1,800,900 (≤ 1,801,020): 5 rows → 55 cells, the first at (500,100, 1,800,100);
    /// - origin at the corner (500,050, 1,800,020): x = 500,150 … 501,950 (502,150 > 502,130): 10 columns; y =
    ///   1,800,120 … 1,800,920 (1,801,120 > 1,801,020): 5 rows → 50 cells, the first at (500,150, 1,800,120).
    /// A uniform census of 1,000 (base weight only) is 18.18… persons a cell on the first grid (largest remainder:
    /// 10 cells of 19, 45 of 18) and exactly 20 on the second.
    @Test func gridOriginShiftsCells() async throws {
        let r = BoundingBox(minX: 500_050, minY: 1_800_020, maxX: 502_130, maxY: 1_801_020).polygon
        let far = BoundingBox(minX: 510_000, minY: 1_805_000, maxX: 511_000, maxY: 1_806_000).polygon
        let d = District(id: "1", name: "R", nameASCII: "R", population: 1_000, polygons: [r], polygonsLonLat: [r], environment: .rural)
        let e = District(id: "2", name: "F", nameASCII: "F", population: 0, polygons: [far], polygonsLonLat: [far], environment: .rural)
        let origin = PopulationSurface.gridOrigin(districtsBounds: [e, d])
        #expect(origin.x == 500_050 && origin.y == 1_800_020)
        let uniform = AncillaryWeights(base: 1, road: 0, town: 0)
        let p = try Projection(epsg: 32648)
        let aligned = try await PopulationSurface.synthesize(districts: [d], towns: [], roads: [], cellSizeMeters: 200, weights: uniform,
                                                             projection: p, workers: 2)
        #expect(aligned.count == 55)
        #expect(aligned.positions.first == Point2(500_100, 1_800_100))
        #expect(aligned.population.filter { $0 == 19 }.count == 10 && aligned.population.filter { $0 == 18 }.count == 45)
        let cornered = try await PopulationSurface.synthesize(districts: [d], towns: [], roads: [], cellSizeMeters: 200, weights: uniform,
                                                              origin: origin, projection: p, workers: 2)
        #expect(cornered.count == 50)
        #expect(cornered.positions.first == Point2(500_150, 1_800_120))
        #expect(cornered.positions.last == Point2(501_950, 1_800_920))
        #expect(cornered.population.allSatisfy { $0 == 20 })
    }
}
