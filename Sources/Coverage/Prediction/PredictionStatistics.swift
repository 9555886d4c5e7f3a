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

    /// The prediction's figures per district.
    /// - Parameters:
    ///   - districtOfPixel: per pixel, the index of the district holding its centre (−1: none), from
    ///     ``Rasterize/polygonIndex(_:grid:)`` over the districts' polygons.
    public func districtStatistics(districtCount: Int, districtOfPixel: [Int32], population: PopulationSurface,
                                   settings p: PredictionSettings) -> [DistrictPrediction] {
        let bands = p.rsrpBandsDBm
        var out = (0..<districtCount).map {
            DistrictPrediction(districtIndex: $0, areaKm2: 0, population: 0, rsrpAreaKm2: bands.map { _ in 0 }, rsrpPopulation: bands.map { _ in 0 },
                               sinrAreaKm2: 0, sinrPopulation: 0, coveredAreaKm2: 0, coveredPopulation: 0)
        }
        let km2 = grid.pixelAreaM2 / 1e6
        // Pixel counts first (exact integers), areas at the end: the sum does not depend on the order.
        var pixels = [Int](repeating: 0, count: districtCount), coveredPixels = pixels, sinrPixels = pixels
        var bandPixels = [[Int]](repeating: [Int](repeating: 0, count: bands.count), count: districtCount)
        for (i, d) in districtOfPixel.enumerated() where d >= 0 && Int(d) < districtCount {
            let di = Int(d)
            pixels[di] += 1
            if covered[i] { coveredPixels[di] += 1 }
            if sinrCovered(i, p) { sinrPixels[di] += 1 }
            let level = rsrpDBm[i]
            if !level.isNaN { for (k, b) in bands.enumerated() where Double(level) >= b { bandPixels[di][k] += 1 } }
        }
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
            guard let (col, row) = grid.pixel(of: population.positions[c]) else { continue }
            let i = row * grid.width + col
            if covered[i] { out[d].coveredPopulation += persons }
            if sinrCovered(i, p) { out[d].sinrPopulation += persons }
            let level = rsrpDBm[i]
            if !level.isNaN { for (k, b) in bands.enumerated() where Double(level) >= b { out[d].rsrpPopulation[k] += persons } }
        }
        return out
    }

    /// RSRP covered (with the shadow margin) and SINR ≥ the threshold.
    func sinrCovered(_ i: Int, _ p: PredictionSettings) -> Bool {
        covered[i] && Double(sinrDB[i]) >= p.sinrThresholdDB
    }
}
