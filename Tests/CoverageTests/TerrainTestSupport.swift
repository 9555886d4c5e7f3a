import Foundation
@testable import Coverage

/// Synthetic DEMs and settings for the terrain-footprint tests. The DEMs are 3″ grids (1/1200°,
/// ≈ 92.6 m north–south) centred on a site at 105° E, 17° N — on the central meridian of UTM zone
/// 48N (EPSG:32648), where grid north is true north — with terrain given as a function of the
/// distances east and north of the site in metres (on the sphere: 111 195 m per degree of latitude,
/// times cos 17° per degree of longitude).
enum TerrainTestSupport {
    static let siteLon = 105.0, siteLat = 17.0
    static let metresPerDegree = DEM.earthRadiusMeters * Double.pi / 180

    /// A 3″ grid of ±`halfWidthDegrees` around the site with elevation `z(east, north)`.
    static func grid(name: String = "synthetic.asc", halfWidthDegrees: Double = 0.12, step: Double = 1.0 / 1200,
                     _ z: (Double, Double) -> Double) -> ElevationGrid {
        let n = Int((2 * halfWidthDegrees / step).rounded()) + 1
        let west = siteLon - Double(n - 1) / 2 * step, north = siteLat + Double(n - 1) / 2 * step
        var values = [Float](repeating: 0, count: n * n)
        let cosLat = cos(siteLat * Double.pi / 180)
        for r in 0..<n {
            let lat = north - Double(r) * step
            for c in 0..<n {
                let lon = west + Double(c) * step
                values[r * n + c] = Float(z((lon - siteLon) * metresPerDegree * cosLat, (lat - siteLat) * metresPerDegree))
            }
        }
        return ElevationGrid(name: name, columns: n, rows: n, firstLongitude: west, firstLatitude: north,
                             longitudeStepDegrees: step, latitudeStepDegrees: step, marginDegrees: step / 2,
                             storage: .float(values, noData: -9999))
    }

    static let projection = try! Projection(epsg: 32648)

    static func site(id: String = "T1", heightMeters: Double = 35, bandMHz: Double = 1800, azimuths: [Double] = [],
                     lon: Double = siteLon, lat: Double = siteLat) throws -> Site {
        let p = try Projector(projection).forward(Point2(lon, lat))
        return Site(id: id, lon: lon, lat: lat, position: p, heightMeters: heightMeters, technology: .lte, bandMHz: bandMHz,
                    powerDBm: 43, azimuthsDegrees: azimuths)
    }

    /// The budget of FootprintTests (43 dBm over 20 MHz, 17 dBi, no losses, σ = 0): allowed loss
    /// 12.20819 + 17 − threshold dB for an omni site.
    static func radio(thresholdDBm: Double = -110, maxRadiusMeters: Double = 10_000, model: PropagationModel = .cost231Hata(.mediumCity)) -> RadioSettings {
        RadioSettings(technology: .lte, thresholdDBm: thresholdDBm, bandwidthMHz: 20, antennaGainDBi: 17, beamwidthDegrees: 65,
                      frontToBackDB: 25, cableLossDB: 0, shadowSigmaDB: 0, cellEdgeProbability: 0.75, bodyLossDB: 0,
                      indoorLossDB: 0, rxHeightMeters: 1.5, rxGainDBi: 0, bearingStepDegrees: 1, maxRadiusMeters: maxRadiusMeters,
                      modelRules: [ModelRule(environment: nil, model: model)])
    }

    static let itmParameters = ITM.Parameters(
        climate: .maritimeSubtropical, seaLevelRefractivityNUnits: 301, polarization: .vertical, epsilon: 15, sigma: 0.005,
        mdvar: try! ITM.ModeOfVariability(mdvar: 12), timePercent: 50, locationPercent: 50, situationPercent: 50)

    static func terrain(_ grids: [ElevationGrid], model: TerrainModel, radialStepDegrees: Double = 2,
                        sampleSpacingMeters: Double? = nil, voidFillMaxMeters: Double = 500,
                        medianWindowMeters: Double = 0) -> TerrainCoverage {
        TerrainCoverage(dem: DEM(grids: grids), projection: projection,
                        settings: TerrainSettings(modelRules: [TerrainModelRule(environment: nil, model: model)],
                                                  radialStepDegrees: radialStepDegrees, sampleSpacingMeters: sampleSpacingMeters,
                                                  effectiveEarthRadiusFactor: 4.0 / 3.0, maxEdges: 3,
                                                  voidFillMaxMeters: voidFillMaxMeters, medianWindowMeters: medianWindowMeters,
                                                  itm: itmParameters))
    }

    /// The point `distance` metres from the site along a grid bearing.
    static func point(from site: Site, bearingDegrees: Double, distance: Double) -> Point2 {
        let t = bearingDegrees * Double.pi / 180
        return Point2(site.position.x + distance * sin(t), site.position.y + distance * cos(t))
    }
}
