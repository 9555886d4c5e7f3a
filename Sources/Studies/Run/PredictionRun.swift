import Coverage
import Foundation

/// The prediction rasters of a run (scenario `predictions:`) and the per-district figures read off them.
///
/// The grid is computed and written a block of tile rows at a time (``Prediction/stream(sites:environments:radio:settings:grid:extent:clutter:terrain:blockRows:workers:consume:)``):
/// each block's extent mask and district index are rasterised for the block alone, its rows go straight into the
/// GeoTIFFs (``GeoTIFFWriter``, in a staging folder until the run's outputs are written), its pixels into the
/// district counts (``PredictionTally``) and its sampled pixels into the report's images. Memory: two blocks of
/// 256 rows over the grid's width, the cells' tables and GDAL's block cache, never the whole grid.
package struct PredictionRun: Sendable {
    var scenario: PredictionScenario
    package var grid: RasterGrid
    package var cells: [PredictedCell]
    package var districts: [DistrictPrediction]
    /// Per population point, whether the prediction covers it (RSRP, and SINR when required).
    var pointCovered: [Bool]
    /// The RSRP and SINR layers sampled for the report's images.
    var preview: PredictionPreview
    /// The GeoTIFFs, one per layer of the scenario, until ``PredictionOutputs`` links them into the output folder.
    package var files: PredictionFiles

    /// Grids above this many pixels are refused: about 8 times the national grid at 100 m (14,910 × 17,120 with the
    /// islands); the time, not the memory, would be the problem.
    static let pixelLimit = 2_000_000_000

    /// Grid rows per block: one row of tiles (tests force many blocks on a small grid with fewer).
    static let blockRows = Prediction.tilePixels

    /// Predicts the run's sites over the districts' extent.
    /// - Throws: `SimError.input` for a scenario the rasters cannot follow (quick-study disks; a grid over ``pixelLimit``;
    ///   over terrain, deygout-correction with a clutter map, or radial losses beyond 4 GiB) or a model input out of range
    ///   (naming the site); `SimError.output` when a GeoTIFF cannot be written.
    static func execute(_ study: Study, _ p: PredictionScenario, environments: [Environment], workers: Int,
                        blockRows: Int = blockRows) async throws -> PredictionRun {
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
        guard grid.pixelCount <= pixelLimit, grid.width < Int(Int32.max), grid.height < Int(Int32.max) else {
            throw SimError.input("\(s.file): predictions.resolution_m = \(JSONValue.format(p.settings.cellSizeMeters)) gives \(grid.width) × \(grid.height) pixels, more than \(pixelLimit) (the whole country at 100 m is 255 million); choose a coarser resolution")
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
        let files = try PredictionFiles()
        do {
            // The districts grown by the margin, once; each block rasterises them (and the districts) on its own rows.
            let ctx = GEOSContext()
            let grown = try study.districts.map { d -> [Polygon2] in
                let g = try ctx.multiPolygon(d.polygons)
                return p.settings.marginMeters > 0 ? try g.buffer(p.settings.marginMeters).polygons() : d.polygons
            }
            let regions = study.districts.map(\.polygons)
            var writers: [(PredictionScenario.Layer, GeoTIFFWriter)] = []
            for layer in p.layers {
                let name = "prediction_\(layer.rawValue).tif"
                do { writers.append((layer, try GeoTIFFWriter(path: files.path(name), grid: grid, like: PredictionOutputs.band(layer, [], [], [], [], []),
                                                              description: PredictionOutputs.description(layer)))) }
                catch { throw SimError.output("\(files.path(name)): \(error)") }
            }
            var tally = PredictionTally(districtCount: study.districts.count, grid: grid, population: study.population, settings: p.settings)
            var preview = PredictionPreview(grid: grid, maxWidth: PredictionOutputs.previewWidth)
            let cells = try await Prediction.stream(sites: study.sites, environments: environments, radio: s.radio, settings: p.settings, grid: grid,
                                                    extent: { window in try Rasterize.polygonIndex(grown, grid: window).map { $0 >= 0 } },
                                                    clutter: study.clutter, terrain: terrain, blockRows: blockRows, workers: workers) { b in
                let districtOfPixel = try Rasterize.polygonIndex(regions, grid: b.window)
                tally.add(row0: b.row0, rows: b.rows, districtOfPixel: districtOfPixel, rsrpDBm: b.rsrpDBm, sinrDB: b.sinrDB, covered: b.covered)
                preview.add(row0: b.row0, rows: b.rows, rsrpDBm: b.rsrpDBm, sinrDB: b.sinrDB)
                for (layer, w) in writers {
                    do { try w.write(row0: b.row0, PredictionOutputs.band(layer, b.rsrpDBm, b.bestServer, b.overlap, b.pathLossDB, b.sinrDB)) }
                    catch { throw SimError.output("\(w.path): \(error)") }
                }
            }
            for (_, w) in writers {
                do { try w.finish() } catch { throw SimError.output("\(w.path): \(error)") }
            }
            return PredictionRun(scenario: p, grid: grid, cells: cells, districts: tally.result(population: study.population),
                                 pointCovered: tally.pointCovered, preview: preview, files: files)
        } catch let e as CoverageError {
            throw SimError.input("\(s.inputs.sites ?? s.inputs.cells ?? s.file): \(e)")
        }
    }

    /// The rasters of `study`'s scenario when its `predictions:` are enabled, nil otherwise (as `sim run` computes them).
    package static func execute(_ study: Study, workers: Int) async throws -> PredictionRun? {
        guard let p = study.scenario.predictions else { return nil }
        return try await execute(study, p, environments: study.siteEnvironments, workers: workers)
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
        out.cellCovered = pointCovered
        return out
    }
}

/// A private staging folder for a run's prediction GeoTIFFs (in the system's temporary folder), removed with its
/// last reference.
package final class PredictionFiles: Sendable {
    package let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sim-prediction-\(getpid())-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        catch { throw SimError.output("\(folder.path): cannot create the staging folder for the prediction rasters (\(error.localizedDescription)); set TMPDIR to a writable folder") }
    }

    package func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

/// The RSRP and SINR layers sampled for the report's images: every k-th pixel (nearest neighbour, k the smallest
/// whole factor that makes the image at most `maxWidth` wide), gathered block by block.
struct PredictionPreview: Sendable {
    let k: Int, width: Int, height: Int
    let grid: RasterGrid
    var rsrpDBm: [Float], sinrDB: [Float]

    init(grid: RasterGrid, maxWidth: Int) {
        self.grid = grid
        k = max(1, (grid.width + maxWidth - 1) / maxWidth)
        width = (grid.width + k - 1) / k; height = (grid.height + k - 1) / k
        rsrpDBm = [Float](repeating: .nan, count: width * height); sinrDB = rsrpDBm
    }

    /// Grid row and column of image pixel (r, c).
    func source(_ r: Int, _ c: Int) -> (row: Int, col: Int) { (min(grid.height - 1, r * k + k / 2), min(grid.width - 1, c * k + k / 2)) }

    /// Takes the sampled pixels of grid rows `row0 ..< row0 + rows` (whole rows, row by row).
    mutating func add(row0: Int, rows: Int, rsrpDBm rsrp: [Float], sinrDB sinr: [Float]) {
        for r in 0..<height {
            let row = source(r, 0).row
            guard row >= row0, row < row0 + rows else { continue }
            for c in 0..<width {
                let i = (row - row0) * grid.width + source(r, c).col
                rsrpDBm[r * width + c] = rsrp[i]; sinrDB[r * width + c] = sinr[i]
            }
        }
    }
}
