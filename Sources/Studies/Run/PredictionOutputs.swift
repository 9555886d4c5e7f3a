import Coverage
import Foundation

/// The prediction files of `sim run` (README "Prediction rasters"): one Cloud-Optimized GeoTIFF per layer
/// with a QGIS style beside it, the best-server lookup table, and the per-district columns.
enum PredictionOutputs {
    /// No-data of the float layers in the files (NaN in memory): a value no layer can take, which
    /// spreadsheets and every GIS read as a number.
    static let floatNoData: Float = -9999
    static let serverNoData: Int32 = -1

    /// RSRP classes of the style: the coverage bands planners use (dBm), strongest last.
    static let rsrpClasses: [(upper: Double, color: String, label: String)] = [
        (-115, "#d7191c", "< −115 dBm"), (-105, "#fdae61", "−115 … −105 dBm"), (-95, "#ffffbf", "−105 … −95 dBm"),
        (-85, "#a6d96a", "−95 … −85 dBm"), (.infinity, "#1a9641", "≥ −85 dBm")]

    static func write(_ p: PredictionRun, study: Study, into out: OutputFolder) throws {
        let x = p.prediction, grid = x.grid
        func float(_ values: [Float]) -> RasterBand { .float32(values.map { $0.isNaN ? floatNoData : $0 }, noData: floatNoData) }
        for layer in p.scenario.layers {
            let (band, style, description): (RasterBand, String, String)
            switch layer {
            case .rsrp:
                band = float(x.rsrpDBm); description = "best-server median RSRP (dBm)"
                style = RasterStyle.discrete(classes: rsrpClasses.map { (upperBound: $0.upper, color: $0.color, label: $0.label) })
            case .bestServer:
                band = .int32(x.bestServer, noData: serverNoData); description = "best server: row of prediction_cells.csv"
                style = RasterStyle.paletted(entries: x.cells.indices.map { (value: $0, color: RasterStyle.categoricalColor($0), label: x.cells[$0].cellID) })
            case .overlap:
                band = .uint8(x.overlap, noData: Prediction.overlapNoData); description = "cells within overlap_margin_db of the best server, covered"
                style = RasterStyle.discrete(classes: [(0, "#f7f7f7", "0"), (1, "#d9f0d3", "1"), (2, "#a6dba0", "2"), (3, "#5aae61", "3"),
                                                       (.infinity, "#1b7837", "≥ 4")])
            case .pathLoss:
                band = float(x.pathLossDB); description = "path loss to the best server (dB)"
                style = RasterStyle.interpolated(stops: [(80, "#1a9641", "80 dB"), (120, "#ffffbf", "120 dB"), (160, "#d7191c", "160 dB")])
            case .sinr:
                band = float(x.sinrDB); description = "downlink SINR of the best server (dB)"
                style = RasterStyle.interpolated(stops: [(-10, "#d7191c", "−10 dB"), (-3, "#fdae61", "−3 dB"), (5, "#ffffbf", "5 dB"),
                                                          (15, "#a6d96a", "15 dB"), (25, "#1a9641", "25 dB")])
            }
            let name = "prediction_\(layer.rawValue)"
            do { try GeoTIFF.write(path: out.path("\(name).tif"), grid: grid, band: band, description: description) }
            catch { throw SimError.output("\(out.final.path)/\(name).tif: \(error)") }
            try out.write("\(name).qml", style)
        }
        var csv = "value,site_id,cell_id,band_mhz,model,reach_m\n"
        for (i, c) in x.cells.enumerated() {
            csv += "\(i),\(CSVTable.field(c.siteID)),\(CSVTable.field(c.cellID)),\(JSONValue.format(c.bandMHz)),\(c.model),\(JSONValue.fixed(c.reachMeters, digits: 1))\n"
        }
        try out.write("prediction_cells.csv", csv)
    }

    /// Column name of an RSRP level: −85 dBm → "rsrp_m85" ("m" for minus; GIS field names keep to letters, digits and _).
    static func bandName(_ level: Double) -> String {
        "rsrp_" + (level < 0 ? "m" : "") + JSONValue.format(abs(level)).replacingOccurrences(of: ".", with: "_")
    }

    /// Per-district (or province) fields.
    static func fields(_ d: DistrictPrediction, _ s: PredictionSettings) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        for (k, level) in s.rsrpBandsDBm.enumerated() {
            out += [("\(bandName(level))_area_pct", CoverageOutputs.pct(d.rsrpAreaPercent(k))), ("\(bandName(level))_pop_pct", CoverageOutputs.pct(d.rsrpPopulationPercent(k)))]
        }
        return out + [("sinr_ok_area_pct", CoverageOutputs.pct(d.sinrAreaPercent)), ("sinr_ok_pop_pct", CoverageOutputs.pct(d.sinrPopulationPercent)),
                      ("pred_covered_area_pct", CoverageOutputs.pct(d.coveredAreaPercent)), ("pred_covered_pop_pct", CoverageOutputs.pct(d.coveredPopulationPercent))]
    }

    /// The province: the districts' figures summed.
    static func province(_ p: PredictionRun) -> DistrictPrediction {
        var t = p.districts[0]
        for d in p.districts.dropFirst() {
            t.areaKm2 += d.areaKm2; t.population += d.population; t.sinrAreaKm2 += d.sinrAreaKm2; t.sinrPopulation += d.sinrPopulation
            t.coveredAreaKm2 += d.coveredAreaKm2; t.coveredPopulation += d.coveredPopulation
            for k in t.rsrpAreaKm2.indices { t.rsrpAreaKm2[k] += d.rsrpAreaKm2[k]; t.rsrpPopulation[k] += d.rsrpPopulation[k] }
        }
        t.districtIndex = -1
        return t
    }

    /// summary.json's "prediction": the grid, the files and the province's figures.
    static func summary(_ p: PredictionRun) -> JSONValue {
        let g = p.prediction.grid
        return .object([("crs_epsg", .number(Double(g.epsg))), ("resolution_m", .number(g.cellSizeMeters)),
                        ("width", .number(Double(g.width))), ("height", .number(Double(g.height))),
                        ("origin", .array([.number(g.originX), .number(g.originY)])), ("cells", .number(Double(p.prediction.cells.count))),
                        ("noise_per_re_dbm", .rounded(p.scenario.settings.noisePerResourceElementDBm, 2)),
                        ("files", .array(p.scenario.layers.map { .string("prediction_\($0.rawValue).tif") })),
                        ("province", .object(fields(province(p), p.scenario.settings)))])
    }
}
