import Coverage
import Foundation

/// The prediction files of `sim run` (README "Prediction rasters"): one Cloud-Optimized GeoTIFF per layer
/// with a QGIS style beside it, the best-server lookup table, and the per-district columns.
package enum PredictionOutputs {
    /// No-data of the float layers in the files (NaN in memory): a value no layer can take, which
    /// spreadsheets and every GIS read as a number.
    static let floatNoData: Float = -9999
    static let serverNoData: Int32 = -1

    /// RSRP classes of the style: the coverage bands planners use (dBm), strongest last.
    static let rsrpClasses: [(upper: Double, color: String, label: String)] = [
        (-115, "#d7191c", "< −115 dBm"), (-105, "#fdae61", "−115 … −105 dBm"), (-95, "#ffffbf", "−105 … −95 dBm"),
        (-85, "#a6d96a", "−95 … −85 dBm"), (.infinity, "#1a9641", "≥ −85 dBm")]

    /// The SINR ramp (dB → colour), interpolated between stops.
    static let sinrStops: [(value: Double, color: String)] = [(-10, "#d7191c"), (-3, "#fdae61"), (5, "#ffffbf"), (15, "#a6d96a"), (25, "#1a9641")]

    /// RGB of a "#rrggbb" colour.
    static func rgb(_ hex: String) -> (UInt8, UInt8, UInt8) {
        let v = UInt32(hex.dropFirst(), radix: 16)!
        return (UInt8(v >> 16), UInt8((v >> 8) & 255), UInt8(v & 255))
    }

    /// The colour of an RSRP value in the style's classes.
    static func rsrpColor(_ v: Double) -> (UInt8, UInt8, UInt8) { rgb(rsrpClasses.first { v < $0.upper }?.color ?? rsrpClasses.last!.color) }

    /// The colour of a SINR value on the ramp (clamped at its ends).
    static func sinrColor(_ v: Double) -> (UInt8, UInt8, UInt8) {
        let s = sinrStops
        guard v > s[0].value else { return rgb(s[0].color) }
        guard let k = s.firstIndex(where: { v <= $0.value }) else { return rgb(s.last!.color) }
        let a = rgb(s[k - 1].color), b = rgb(s[k].color), w = (v - s[k - 1].value) / (s[k].value - s[k - 1].value)
        func mix(_ x: UInt8, _ y: UInt8) -> UInt8 { UInt8((Double(x) + w * (Double(y) - Double(x))).rounded()) }
        return (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// Width limit of the report's images (pixels).
    static let previewWidth = 400

    /// One sampled layer of `preview` (``PredictionPreview``) as a PNG, no-data transparent.
    static func image(_ values: [Float], preview: PredictionPreview, color: (Double) -> (UInt8, UInt8, UInt8)) throws -> [UInt8] {
        let w = preview.width, h = preview.height
        var rgba = [UInt8](repeating: 0, count: w * h * 4)
        for (i, v) in values.enumerated() where !v.isNaN {
            let (R, G, B) = color(Double(v)), o = i * 4
            rgba[o] = R; rgba[o + 1] = G; rgba[o + 2] = B; rgba[o + 3] = 255
        }
        return try RasterImage.png(rgba: rgba, width: w, height: h)
    }

    /// The values of `layer` as the file stores them (NaN → ``floatNoData``); the arrays not of `layer` may be empty.
    static func band(_ layer: PredictionScenario.Layer, _ rsrp: [Float], _ best: [Int32], _ overlap: [UInt8], _ pathLoss: [Float],
                     _ sinr: [Float]) -> RasterBand {
        func float(_ values: [Float]) -> RasterBand { .float32(values.map { $0.isNaN ? floatNoData : $0 }, noData: floatNoData) }
        switch layer {
        case .rsrp: return float(rsrp)
        case .bestServer: return .int32(best, noData: serverNoData)
        case .overlap: return .uint8(overlap, noData: Prediction.overlapNoData)
        case .pathLoss: return float(pathLoss)
        case .sinr: return float(sinr)
        }
    }

    /// The band description of `layer`'s GeoTIFF.
    static func description(_ layer: PredictionScenario.Layer) -> String {
        switch layer {
        case .rsrp: return "best-server median RSRP (dBm)"
        case .bestServer: return "best server: row of prediction_cells.csv"
        case .overlap: return "cells within overlap_margin_db of the best server, covered"
        case .pathLoss: return "path loss to the best server (dB)"
        case .sinr: return "downlink SINR of the best server (dB)"
        }
    }

    /// The QGIS style of `layer`.
    static func style(_ layer: PredictionScenario.Layer, cells: [PredictedCell]) -> String {
        switch layer {
        case .rsrp: return RasterStyle.discrete(classes: rsrpClasses.map { (upperBound: $0.upper, color: $0.color, label: $0.label) })
        case .bestServer: return RasterStyle.paletted(entries: cells.indices.map { (value: $0, color: RasterStyle.categoricalColor($0), label: cells[$0].cellID) })
        case .overlap: return RasterStyle.discrete(classes: [(0, "#f7f7f7", "0"), (1, "#d9f0d3", "1"), (2, "#a6dba0", "2"), (3, "#5aae61", "3"),
                                                             (.infinity, "#1b7837", "≥ 4")])
        case .pathLoss: return RasterStyle.interpolated(stops: [(80, "#1a9641", "80 dB"), (120, "#ffffbf", "120 dB"), (160, "#d7191c", "160 dB")])
        case .sinr: return RasterStyle.interpolated(stops: sinrStops.map { (value: $0.value, color: $0.color, label: "\(JSONValue.format($0.value)) dB") })
        }
    }

    /// The GeoTIFFs (written while the grid was computed, ``PredictionRun``) linked into the folder — copied where the
    /// staging folder is on another file system — with their styles, and the best-server lookup table.
    static func write(_ p: PredictionRun, study: Study, into out: OutputFolder) throws {
        for layer in p.scenario.layers {
            let name = "prediction_\(layer.rawValue)"
            let source = p.files.path("\(name).tif"), target = out.path("\(name).tif")
            unlink(target)
            if link(source, target) != 0 {
                do { try FileManager.default.copyItem(atPath: source, toPath: target) }
                catch { throw SimError.output("\(out.final.path)/\(name).tif: \(error.localizedDescription)") }
            }
            try out.write("\(name).qml", style(layer, cells: p.cells))
        }
        var csv = "value,site_id,cell_id,band_mhz,model,reach_m\n"
        for (i, c) in p.cells.enumerated() {
            csv += "\(i),\(CSVTable.field(c.siteID)),\(CSVTable.field(c.cellID)),\(JSONValue.format(c.bandMHz)),\(c.terrainModel.map(\.description) ?? c.model.description),\(JSONValue.fixed(c.reachMeters, digits: 1))\n"
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

    /// The terminal's line on the rasters: size, files, and the province's people per RSRP level and with good SINR.
    package static func terminalLine(_ run: CoverageRun) -> String? {
        guard let p = run.prediction else { return nil }
        let g = p.grid, s = p.scenario.settings, t = province(p)
        let levels = s.rsrpBandsDBm.indices.map { String(format: "≥ %.0f dBm %.1f %%", s.rsrpBandsDBm[$0], t.rsrpPopulationPercent($0)) }
        return "prediction rasters \(g.width) × \(g.height) at \(JSONValue.format(g.cellSizeMeters)) m (prediction_*.tif): people with RSRP "
            + levels.joined(separator: ", ") + String(format: "; with SINR ≥ %@ dB %.1f %%", JSONValue.format(s.sinrThresholdDB), t.sinrPopulationPercent)
    }

    /// summary.json's "prediction": the grid, the files and the province's figures.
    static func summary(_ p: PredictionRun) -> JSONValue {
        let g = p.grid
        return .object([("crs_epsg", .number(Double(g.epsg))), ("resolution_m", .number(g.cellSizeMeters)),
                        ("width", .number(Double(g.width))), ("height", .number(Double(g.height))),
                        ("origin", .array([.number(g.originX), .number(g.originY)])), ("cells", .number(Double(p.cells.count))),
                        ("noise_per_re_dbm", .rounded(p.scenario.settings.noisePerResourceElementDBm, 2)),
                        ("files", .array(p.scenario.layers.map { .string("prediction_\($0.rawValue).tif") })),
                        ("province", .object(fields(province(p), p.scenario.settings)))])
    }
}
