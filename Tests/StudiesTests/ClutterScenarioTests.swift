import Coverage
import Foundation
import Testing
import TestSupport
@testable import Studies

/// `clutter:` end to end on the real Quảng Trị districts: the density map of the default run, a generated
/// land-cover raster (no land cover ships), and the refusals.
@Suite struct ClutterScenarioTests {
    /// With one class everywhere, the per-place machinery must give what one environment per district gives:
    /// the figures of `clutter.source: districts` with every district in that environment. The two take
    /// different paths — radials sampled every 10 m with the edge interpolated, against the model inverted per
    /// bearing — so they agree to the sampling, not bit for bit (measured: within 0.02 points per district).
    static func agree(_ a: CoverageRun, _ b: CoverageRun) {
        for (x, y) in zip(a.stats.districts, b.stats.districts) {
            #expect(abs(x.coveredPopulationPercent - y.coveredPopulationPercent) < 0.1, "district \(x.districtIndex): \(x.coveredPopulationPercent) vs \(y.coveredPopulationPercent)")
            #expect(abs(x.coveredAreaPercent - y.coveredAreaPercent) < 0.1, "district \(x.districtIndex) area: \(x.coveredAreaPercent) vs \(y.coveredAreaPercent)")
        }
    }

    @Test func densityEverywhereRuralEqualsRuralDistricts() async throws {
        let everywhere = try lightScenario { s in
            s.clutter.thresholds = ClutterMap.DensityThresholds(urbanPerKm2: 999_999, suburbanPerKm2: 999_998)
        }
        let districts = try lightScenario { s in s.clutter.source = .districts }
        Self.agree(try await execute(everywhere), try await execute(districts))
    }

    /// The default density map: 1 km pixels (the light scenario's population cell), sites placed in their pixel's class.
    @Test func defaultMapIsByDensity() async throws {
        let study = try await Study.load(try lightScenario(), workers: 2)
        let map = try #require(study.clutter)
        #expect(map.grid.cellSizeMeters == 1000 && map.classes.map(\.environment) == [.rural, .suburban, .urban])
        // Pixel by pixel, the class follows the people in it.
        var persons = [Double](repeating: 0, count: map.grid.pixelCount)
        for (i, p) in study.population.positions.enumerated() {
            if let (c, r) = map.grid.pixel(of: p) { persons[r * map.grid.width + c] += study.population.population[i] }
        }
        for (i, n) in persons.enumerated() {
            let expected: Environment = n >= 1500 ? .urban : n >= 300 ? .suburban : .rural   // 1 km² pixels
            #expect(map.classes[Int(map.slots[i])].environment == expected)
        }
        #expect(map.slots.contains(2) && map.slots.contains(0))   // Đông Hà has urban pixels; the mountains are rural
        #expect(study.siteEnvironments == study.sites.map { map.class(at: $0.position).environment })
        let p = Provenance(study)
        #expect(abs(p.environmentShares.map(\.share).reduce(0, +) - 1) < 1e-9 && p.environmentShares.first?.environment == .rural)
    }

    /// A generated GeoTIFF (EPSG:4326, 0.005° pixels over the province, every pixel ESA WorldCover 10 = tree cover)
    /// gives the figures of every district `forest`.
    @Test func landCoverRasterEverywhereForestEqualsForestDistricts() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let grid = RasterGrid(originX: 106.3, originY: 17.3, cellSizeMeters: 0.005, width: 260, height: 240, epsg: 4326)
        let path = dir.appendingPathComponent("landcover.tif").path
        try GeoTIFF.write(path: path, grid: grid, band: .uint8([UInt8](repeating: 10, count: grid.pixelCount), noData: 0),
                          description: "SYNTHETIC land cover (test): tree cover everywhere")
        let raster = try lightScenario { s in
            s.inputs.clutter = path
            s.clutter.source = .raster
            s.clutter.resolutionMeters = 200
        }
        let forest = try lightScenario { s in s.clutter.source = .districts; s.defaultEnvironment = .forest }
        let a = try await execute(raster), b = try await execute(forest)
        #expect(a.study.clutter?.classes.count == ClutterMap.worldCoverClasses.count + 1)
        Self.agree(a, b)
        // Forest (Hata's urban correction) covers far less than the default rural land.
        let rural = try await execute(try lightScenario { s in s.clutter.source = .districts })
        let covered = { (r: CoverageRun) in r.stats.districts.map(\.coveredPopulation).reduce(0, +) }
        #expect(covered(a) < 0.8 * covered(rural))
    }

    @Test func refusals() async throws {
        let base = "extends: \(repoPath("data/scenarios/quang-tri-2017.yaml"))\n"
        func message(_ yaml: String) async -> String {
            await errorMessage { _ = try Scenario.load(path: tempFile("c.yaml", base + yaml)) }
        }
        #expect(await message("environments:\n  \"461\": urban\n").contains("environments.461 sets a district's environment, which applies only with clutter.source: districts"))
        #expect(await message("inputs:\n  clutter: lc.tif\nclutter:\n  source: density\n").contains("inputs.clutter is given but clutter.source is density"))
        #expect(await message("clutter:\n  source: raster\n").contains("clutter.source is raster but inputs.clutter (a land-cover GeoTIFF) is missing"))
        #expect(await message("clutter:\n  source: landcover\n").contains("clutter.source 'landcover' must be one of density, raster, districts"))
        #expect(await message("clutter:\n  urban_density_per_km2: 200\n").contains("must exceed clutter.suburban_density_per_km2"))
        #expect(await message("inputs:\n  clutter: lc.tif\nclutter:\n  classes:\n    - {code: 10, environment: jungle}\n").contains("environment 'jungle' must be one of urban, suburban, rural, open, forest"))
        #expect(await message("inputs:\n  clutter: lc.tif\nclutter:\n  classes:\n    - {code: 10, environment: forest}\n    - {code: 10, environment: open}\n").contains("lists code 10 twice"))
        let noRule = "radio:\n  models:\n    - { environment: rural, model: \"okumura-hata:open\" }\n"
        #expect(await message(noRule).contains("clutter uses environment suburban, but radio.models has no rule for it"))
    }
}

/// `radio.cell_footprints`: one footprint per cell, whose union is the site's footprint.
@Suite struct CellFootprintOutputTests {
    /// On the default data (light: 1 km population cells, 5° bearings, density clutter) every 4G site's cells are
    /// written, and per site the union of its cells' polygons has the site footprint's area. Not to the last bit:
    /// a star polygon joins the best cell's edge points of neighbouring bearings by straight lines, while the union
    /// of the cells' stars takes each cell's own lines, a little inside where the best cell changes; and a footprint with
    /// gaps is drawn as polar cells spanning each bearing's whole ±2.5° wedge, a little outside a star's chords. Measured
    /// on this data (first 40 sites, deterministic): largest relative area difference 0.35 %, largest share of a
    /// union outside its site's footprint 1.16 %; bounds 0.5 % and 1.5 %.
    @Test func cellFootprintsUniteToTheSiteFootprint() async throws {
        let s = try lightScenario { $0.cellFootprints = true }
        let run = try await execute(s)
        let pc = try #require(run.cellFootprints)
        let lte = run.study.sites.filter { $0.technology == s.radio.technology }
        #expect(pc.cells.count == lte.reduce(0) { $0 + $1.cells.count } && pc.radio.footprints.count == pc.cells.count)
        let ctx = GEOSContext()
        var worst = 0.0, outside = 0.0
        for f in run.radio.footprints.prefix(40) {
            let mine = pc.radio.footprints.enumerated().filter { pc.cells[$0.offset].site == f.siteIndex }.map(\.element)
            #expect(mine.count == run.study.sites[f.siteIndex].cells.count)
            let site = try ctx.multiPolygon(f.polygons)
            let union = try ctx.collection(.geometryCollection, try mine.map { try ctx.multiPolygon($0.polygons) }).unaryUnion()
            let a = try site.area(), b = try union.area()
            worst = max(worst, abs(a - b) / a)
            outside = max(outside, try union.difference(site).area() / b)
        }
        #expect(worst < 0.005, "largest relative area difference \(worst)")
        #expect(outside < 0.015, "largest share of a union outside its site footprint \(outside)")
        // The layer is written with the cell ids.
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try OutputFolder(dir.appendingPathComponent("o").path)
        try CoverageOutputs.write(run, into: folder)
        try folder.commit()
        let text = try String(contentsOf: dir.appendingPathComponent("o/cell_footprints.geojson"), encoding: .utf8)
        #expect(text.contains("\"cell_id\":\"\(pc.cells[0].cell.id)\"") && text.components(separatedBy: "\"cell_id\"").count - 1 == pc.cells.count)
    }
}
