import Foundation

/// Per-district figures read off a ``Prediction``: a pixel counts for the district holding its centre
/// (``Rasterize/polygonIndex(_:grid:)``), a population point for the pixel holding it.
public struct DistrictPrediction: Sendable, Hashable {
    public var districtIndex: Int
    /// Area of the pixels whose centre lies in the district (km²).
    public var areaKm2: Double
    /// Population on the district's points (persons).
    public var population: Double
    /// Per level of ``PredictionSettings/rsrpBandsDBm`` (same order): area (km²) and people with best-server
    /// median RSRP ≥ the level.
    public var rsrpAreaKm2: [Double]
    public var rsrpPopulation: [Double]
    /// Area and people with SINR ≥ ``PredictionSettings/sinrThresholdDB`` and RSRP covered.
    public var sinrAreaKm2: Double
    public var sinrPopulation: Double
    /// Area and people covered by the prediction's rule (``Prediction/covered``).
    public var coveredAreaKm2: Double
    public var coveredPopulation: Double

    static func percent(_ part: Double, _ whole: Double) -> Double { whole > 0 ? 100 * part / whole : 0 }
    public var coveredAreaPercent: Double { Self.percent(coveredAreaKm2, areaKm2) }
    public var coveredPopulationPercent: Double { Self.percent(coveredPopulation, population) }
    public var sinrAreaPercent: Double { Self.percent(sinrAreaKm2, areaKm2) }
    public var sinrPopulationPercent: Double { Self.percent(sinrPopulation, population) }
    public func rsrpAreaPercent(_ k: Int) -> Double { Self.percent(rsrpAreaKm2[k], areaKm2) }
    public func rsrpPopulationPercent(_ k: Int) -> Double { Self.percent(rsrpPopulation[k], population) }
}

extension Prediction {
    /// Pixels whose centre lies within `marginMeters` of a district (GEOS buffer of each district, then
    /// GDAL's rasterisation by pixel centre).
    public static func extentMask(districts: [District], grid: RasterGrid, marginMeters: Double) throws -> [Bool] {
        let ctx = GEOSContext()
        let grown = try districts.map { d -> [Polygon2] in
            let g = try ctx.multiPolygon(d.polygons)
            return marginMeters > 0 ? try g.buffer(marginMeters).polygons() : d.polygons
        }
        return try Rasterize.polygonIndex(grown, grid: grid).map { $0 >= 0 }
    }

    /// The prediction's figures per district (``PredictionTally`` over the whole grid as one block).
    /// - Parameters:
    ///   - districtOfPixel: per pixel, the index of the district holding its centre (−1: none), from
    ///     ``Rasterize/polygonIndex(_:grid:)`` over the districts' polygons.
    public func districtStatistics(districtCount: Int, districtOfPixel: [Int32], population: PopulationSurface,
                                   settings p: PredictionSettings) -> [DistrictPrediction] {
        var tally = PredictionTally(districtCount: districtCount, grid: grid, population: population, settings: p)
        tally.add(row0: 0, rows: grid.height, districtOfPixel: districtOfPixel, rsrpDBm: rsrpDBm, sinrDB: sinrDB, covered: covered)
        return tally.result(population: population)
    }
}

/// The per-district figures of a prediction gathered block by block (``Prediction/stream(sites:environments:radio:settings:grid:extent:clutter:terrain:blockRows:workers:consume:)``):
/// pixel counts per district (exact integers, so the order of the blocks does not matter) and, per population point,
/// the values at its pixel; the people are summed at the end in the points' order. The same figures as a whole grid.
public struct PredictionTally: Sendable {
    let districtCount: Int
    let grid: RasterGrid
    let settings: PredictionSettings
    var pixels: [Int], coveredPixels: [Int], sinrPixels: [Int]
    var bandPixels: [[Int]]
    /// Per population point: its pixel (row·width + col; −1 outside the grid), and once its row has been added,
    /// whether it is covered, covered with SINR ≥ the threshold, and the RSRP there (NaN: none).
    let pointPixel: [Int]
    /// Per population point, whether it is covered (RSRP, and SINR when required) — ``PredictionRun``'s `cellCovered`.
    public private(set) var pointCovered: [Bool]
    var pointSINR: [Bool], pointRSRP: [Float]

    public init(districtCount: Int, grid: RasterGrid, population: PopulationSurface, settings: PredictionSettings) {
        self.districtCount = districtCount; self.grid = grid; self.settings = settings
        pixels = [Int](repeating: 0, count: districtCount); coveredPixels = pixels; sinrPixels = pixels
        bandPixels = [[Int]](repeating: [Int](repeating: 0, count: settings.rsrpBandsDBm.count), count: districtCount)
        pointPixel = (0..<population.count).map { c in grid.pixel(of: population.positions[c]).map { $0.row * grid.width + $0.col } ?? -1 }
        pointCovered = [Bool](repeating: false, count: population.count); pointSINR = pointCovered
        pointRSRP = [Float](repeating: .nan, count: population.count)
    }

    /// Adds grid rows `row0 ..< row0 + rows`: each array holds their pixels row by row over the grid's width.
    public mutating func add(row0: Int, rows: Int, districtOfPixel: [Int32], rsrpDBm: [Float], sinrDB: [Float], covered: [Bool]) {
        let bands = settings.rsrpBandsDBm, threshold = settings.sinrThresholdDB
        func sinrOK(_ i: Int) -> Bool { covered[i] && Double(sinrDB[i]) >= threshold }
        for (i, d) in districtOfPixel.enumerated() where d >= 0 && Int(d) < districtCount {
            let di = Int(d)
            pixels[di] += 1
            if covered[i] { coveredPixels[di] += 1 }
            if sinrOK(i) { sinrPixels[di] += 1 }
            let level = rsrpDBm[i]
            if !level.isNaN { for (k, b) in bands.enumerated() where Double(level) >= b { bandPixels[di][k] += 1 } }
        }
        let first = row0 * grid.width, end = (row0 + rows) * grid.width
        for c in pointPixel.indices where pointPixel[c] >= first && pointPixel[c] < end {
            let i = pointPixel[c] - first
            pointCovered[c] = covered[i]; pointSINR[c] = sinrOK(i); pointRSRP[c] = rsrpDBm[i]
        }
    }

    /// The figures per district, once every row has been added.
    public func result(population: PopulationSurface) -> [DistrictPrediction] {
        let bands = settings.rsrpBandsDBm
        var out = (0..<districtCount).map {
            DistrictPrediction(districtIndex: $0, areaKm2: 0, population: 0, rsrpAreaKm2: bands.map { _ in 0 }, rsrpPopulation: bands.map { _ in 0 },
                               sinrAreaKm2: 0, sinrPopulation: 0, coveredAreaKm2: 0, coveredPopulation: 0)
        }
        let km2 = grid.pixelAreaM2 / 1e6
        for di in 0..<districtCount {
            out[di].areaKm2 = Double(pixels[di]) * km2
            out[di].coveredAreaKm2 = Double(coveredPixels[di]) * km2
            out[di].sinrAreaKm2 = Double(sinrPixels[di]) * km2
            out[di].rsrpAreaKm2 = bandPixels[di].map { Double($0) * km2 }
        }
        for c in 0..<population.count {
            let d = Int(population.district[c])
            guard d >= 0, d < districtCount else { continue }
            let persons = population.population[c]
            out[d].population += persons
            guard pointPixel[c] >= 0 else { continue }
            if pointCovered[c] { out[d].coveredPopulation += persons }
            if pointSINR[c] { out[d].sinrPopulation += persons }
            let level = pointRSRP[c]
            if !level.isNaN { for (k, b) in bands.enumerated() where Double(level) >= b { out[d].rsrpPopulation[k] += persons } }
        }
        return out
    }
}
