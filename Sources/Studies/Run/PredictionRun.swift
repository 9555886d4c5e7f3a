import Coverage
import Foundation

/// The prediction rasters of a run (scenario `predictions:`) and the per-district figures read off them.
package struct PredictionRun: Sendable {
    var scenario: PredictionScenario
    package var prediction: Prediction
    package var districts: [DistrictPrediction]

    /// Predicts the run's sites over the districts' extent.
    /// - Throws: `SimError.input` for a scenario the rasters cannot follow (quick-study disks; over terrain,
    ///   deygout-correction with a clutter map, or radial losses beyond 4 GiB) or a model input out of range (naming the site).
    static func execute(_ study: Study, _ p: PredictionScenario, environments: [Environment], workers: Int) async throws -> PredictionRun {
        let s = study.scenario
        if s.diskRadiusMeters != nil {
            throw SimError.input("\(s.file): predictions need the link budget; remove radio.disk_radius_m or set predictions.enabled: false")
        }
        // The elevation data come with the loaded inputs; the terrain settings from this run's scenario (as the footprints).
        var terrain = study.terrain
        if let t = s.terrain { terrain?.settings = t.settings }
        let bounds = study.districts.map(\.bounds).reduce(study.districts[0].bounds) { $0.union($1) }
        let grid = RasterGrid(covering: bounds, marginMeters: p.settings.marginMeters, cellSizeMeters: p.settings.cellSizeMeters,
                              epsg: study.projection.epsg)
        // The whole grid is held in memory, about 23 bytes a pixel (five layers, flags, district index): 50 million
        // pixels is about 1.2 GB. Quảng Trị at 50 m is 3.9 million.
        let limit = 50_000_000
        guard grid.pixelCount <= limit else {
            throw SimError.input("\(s.file): predictions.resolution_m = \(JSONValue.format(p.settings.cellSizeMeters)) gives \(grid.width) × \(grid.height) pixels, more than \(limit) (about 1.2 GB); choose a coarser resolution")
        }
        if let terrain {
            // Over terrain each site's path loss is held on its radials until the pixels are read (TerrainLossField):
            // about 1.4 values per (pixel side × sample spacing) of its disk, 4 bytes each (8 with a 3D pattern).
            let sites = study.sites.filter { $0.technology == s.radio.technology }
            let bytes = sites.reduce(0.0) { total, site in
                let spacing = terrain.settings.sampleSpacingMeters ?? terrain.dem.resolutionMeters(atLatitude: site.lat)
                let per = Double(TerrainLossField.storedSamples(reachMeters: s.radio.maxRadiusMeters, pixelMeters: p.settings.cellSizeMeters,
                                                                sampleSpacingMeters: spacing))
                return total + per * (site.cells.contains(where: \.isThreeDimensional) ? 8 : 4) * Double(Set(site.cells.map { [$0.heightMeters, $0.bandMHz] }).count)
            }
            let gib = 4.0
            guard bytes <= gib * 1_073_741_824 else {
                throw SimError.input("\(s.file): prediction rasters over terrain would hold \(JSONValue.fixed(bytes / 1_073_741_824, digits: 1)) GiB of radial path losses (\(sites.count) sites, radio.max_radius_m = \(JSONValue.format(s.radio.maxRadiusMeters)) m, predictions.resolution_m = \(JSONValue.format(p.settings.cellSizeMeters)) m), more than \(JSONValue.format(gib)) GiB; choose a coarser resolution or a smaller radio.max_radius_m")
            }
        }
        do {
            let mask = try Prediction.extentMask(districts: study.districts, grid: grid, marginMeters: p.settings.marginMeters)
            let prediction = try await Prediction.compute(sites: study.sites, environments: environments, radio: s.radio, settings: p.settings,
                                                          grid: grid, inExtent: mask, clutter: study.clutter, terrain: terrain, workers: workers)
            let districtOfPixel = try Rasterize.polygonIndex(study.districts.map(\.polygons), grid: grid)
            let districts = prediction.districtStatistics(districtCount: study.districts.count, districtOfPixel: districtOfPixel,
                                                          population: study.population, settings: p.settings)
            return PredictionRun(scenario: p, prediction: prediction, districts: districts)
        } catch let e as CoverageError {
            throw SimError.input("\(s.inputs.sites ?? s.inputs.cells ?? s.file): \(e)")
        }
    }

    /// District statistics under the prediction's coverage rule (RSRP and SINR): covered area as the district's
    /// polygon area times the share of its pixels covered, covered people and population points from the raster.
    /// The covered polygons are dropped: with SINR the covered area is a raster, not a union of footprints.
    func coverageStatistics(replacing stats: DistrictStatistics.Result, population: PopulationSurface) -> DistrictStatistics.Result {
        var out = stats
        for i in out.districts.indices {
            out.districts[i].coveredAreaKm2 = out.districts[i].areaKm2 * districts[i].coveredAreaPercent / 100
            out.districts[i].coveredPopulation = districts[i].coveredPopulation
            out.districts[i].coverage = []
        }
        let grid = prediction.grid
        out.cellCovered = (0..<population.count).map { c in
            guard let (col, row) = grid.pixel(of: population.positions[c]) else { return false }
            return prediction.covered[row * grid.width + col]
        }
        return out
    }
}
