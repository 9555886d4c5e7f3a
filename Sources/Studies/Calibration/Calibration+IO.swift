import Coverage
import Foundation

extension Calibration {
    /// The columns every measurement table needs; the serving cell is `cell_id`, or `pci` and `earfcn` together
    /// (resolved against the scenario's cells); `route` is optional (and `time`, or any other column, is ignored).
    package static let measurementColumns = ["lon", "lat", "rsrp_dbm", "cell_id"]

    /// Reads a measurement file and projects it: a table — a CSV (UTF-8, `#` lines are comments) or an Excel
    /// workbook's first sheet — with the columns `lon,lat,rsrp_dbm,cell_id[,route]` (WGS 84 degrees, dBm), or any
    /// GIS point layer GDAL or the GeoJSON reader opens (GeoPackage, GeoJSON, Shapefile, …, through
    /// ``Inputs/layer(_:_:)``: the Point gives lon/lat, fields `rsrp_dbm`, `cell_id`, `route`). Instead of
    /// `cell_id` a row may name its serving cell by `pci` (0…503) and `earfcn` (a downlink EARFCN of TS 36.101).
    /// - Throws: `SimError.input`, one line naming the file and the line (row, feature) and column (field) of the
    ///   first bad row: a missing column, a number that is not one, lon/lat outside −180…180 / −90…90, RSRP outside
    ///   −150…−30 dBm, a row with neither a cell id nor both PCI and EARFCN, a PCI or EARFCN out of range, a row
    ///   repeated exactly (same position, serving cell and RSRP), or a file without rows.
    package static func readMeasurements(_ path: String, projector: Projector) throws -> [Measurement] {
        let expected = "rows of \(measurementColumns.joined(separator: ","))[,route] (or pci,earfcn instead of cell_id)"
        var records: [(record: Inputs.SiteRecord, line: Int)] = []
        var hasColumn: (String) -> Bool
        var whole = path
        if try Inputs.isTable(path, LayerOptions()) {
            let t = try CSVTable(path: path, required: ["lon", "lat", "rsrp_dbm"])
            whole = t.sheet.map { "\(path), sheet '\($0)'" } ?? path
            hasColumn = { t.header.contains($0) }
            records = t.rows.map { r in
                (Inputs.SiteRecord(place: t.place(r.line), ref: t.ref(r.line), noun: "column", value: { t.string(r, $0) },
                                   position: { (try t.double(r, "lon", range: -180...180), try t.double(r, "lat", range: -90...90)) }), r.line)
            }
        } else {
            let (place, feats) = try Inputs.layer(path)
            whole = place
            var keys = Set<String>()
            for f in feats { if case .object(let kv) = f.properties { kv.forEach { keys.insert($0.0) } } }
            hasColumn = { keys.contains($0) }
            for name in ["rsrp_dbm"] where !feats.isEmpty && !keys.contains(name) {
                throw SimError.input("\(place): no field '\(name)'; the layer's points need the fields rsrp_dbm and cell_id (or pci and earfcn)[, route]")
            }
            records = feats.map { f in
                (Inputs.SiteRecord(place: "\(place): feature \(f.index)", ref: "feature \(f.index)", noun: "field",
                                   value: { Inputs.fieldText(f, $0) },
                                   position: {
                                       switch f.geometry {
                                       case .point(let p): return (p.x, p.y)
                                       case .multiPoint(let ps) where ps.count == 1: return (ps[0].x, ps[0].y)
                                       default: throw SimError.input("\(place): feature \(f.index): measurements must be Points (the point gives lon/lat)")
                                       }
                                   }), f.index)
            }
        }
        guard !records.isEmpty else { throw SimError.input("\(whole): no measurements; expected \(expected)") }
        let byPCI = hasColumn("pci") && hasColumn("earfcn")
        guard hasColumn("cell_id") || byPCI else {
            let noun = records[0].record.noun
            throw SimError.input("\(whole): no \(noun) 'cell_id' (nor both 'pci' and 'earfcn'); name the serving cell by its id as in the scenario, or by its PCI and EARFCN")
        }
        var out: [Measurement] = []
        var seen: [String: String] = [:]
        for (r, line) in records {
            let (lon, lat) = try r.position()
            guard (-180...180).contains(lon), (-90...90).contains(lat) else {
                throw SimError.input("\(r.place): position lon \(JSONValue.format(lon)), lat \(JSONValue.format(lat)) is out of range; give WGS 84 degrees")
            }
            let rsrp = try r.double("rsrp_dbm", range: -150 ... -30, hint: " (RSRP in dBm)")
            var pci: Int? = nil, earfcn: Int? = nil
            if byPCI, r.value("pci") != nil || r.value("earfcn") != nil {
                let p = try r.double("pci", range: 0...503, hint: " (LTE physical cell id, TS 36.211 §6.11)")
                let e = try r.double("earfcn", range: 0...262_143, hint: " (downlink EARFCN)")
                guard p == p.rounded(), e == e.rounded() else {
                    throw SimError.input("\(r.place): \(r.noun)s 'pci' = \(r.value("pci")!) and 'earfcn' = \(r.value("earfcn")!) must be whole numbers")
                }
                guard let c = ChannelNumber.lte(earfcn: Int(e)), c.isDownlink else {
                    throw SimError.input("\(r.place): \(r.noun) 'earfcn' = \(r.value("earfcn")!) is not a downlink EARFCN of the E-UTRA bands known here (TS 36.101 Table 5.7.3-1)")
                }
                pci = Int(p); earfcn = Int(e)
            }
            let cell = r.value("cell_id")
            if let cell, Inputs.hasControlCharacter(cell) {
                throw SimError.input("\(r.place): \(r.noun) 'cell_id' holds a line break or another control character; write the id on one line")
            }
            guard cell != nil || pci != nil else {
                throw SimError.input("\(r.place): \(r.noun) 'cell_id' is empty; give the serving cell's id as in the scenario's sites or cells\(byPCI ? ", or its pci and earfcn" : "")")
            }
            let key = "\(lon),\(lat),\(cell ?? ""),\(pci.map(String.init) ?? ""),\(earfcn.map(String.init) ?? ""),\(rsrp)"
            if let first = seen[key] { throw SimError.input("\(r.place): repeats \(first) (same lon, lat, \(cell != nil ? "cell_id" : "pci, earfcn") and rsrp_dbm); remove the duplicate row") }
            seen[key] = r.ref
            out.append(Measurement(lon: lon, lat: lat, position: try projector.forward(Point2(lon, lat)), rsrpDBm: rsrp, cellID: cell ?? "",
                                   route: r.value("route"), line: line, place: r.place, pci: pci, earfcn: earfcn))
        }
        return out
    }

    /// calibration.csv: one row per sample.
    package static func pointsCSV(_ r: CalibrationResult) -> String {
        var s = CSVTable.row(["line", "lon", "lat", "route", "cell_id", "distance_m", "class", "measured_dbm", "predicted_dbm", "predicted_after_dbm",
                              "residual_before_db", "residual_after_db", "kept", "dropped_why", "bin", "pci", "earfcn"]) + "\n"
        func f(_ d: Double?, _ digits: Int = 2) -> String { d.map { JSONValue.format(($0 * pow(10, Double(digits))).rounded() / pow(10, Double(digits))) } ?? "" }
        for p in r.points {
            let m = p.measurement
            s += CSVTable.row([String(m.line), f(m.lon, 6), f(m.lat, 6), m.route ?? "", m.cellID, f(p.distanceMeters, 1),
                               p.classIndex.map { r.classes[$0].label } ?? "", f(m.rsrpDBm), f(p.predictedDBm), f(p.predictedAfterDBm),
                               f(p.predictedDBm.map { m.rsrpDBm - $0 }), f(p.predictedAfterDBm.map { m.rsrpDBm - $0 }),
                               p.dropped == nil ? "true" : "false", p.dropped ?? "", p.bin.map { String($0 + 1) } ?? "",
                               m.pci.map(String.init) ?? "", m.earfcn.map(String.init) ?? ""]) + "\n"
        }
        return s
    }

    static func json(_ e: ErrorStatistics) -> JSONValue {
        func n(_ d: Double) -> JSONValue { d.isFinite ? .rounded(d, 3) : .null }
        return .object([("count", .number(Double(e.count))), ("mean_error_db", n(e.meanDB)), ("std_db", n(e.stdDB)),
                        ("rmse_db", n(e.rmseDB)), ("correlation", n(e.correlation))])
    }

    /// calibration.json: settings, fits per class, statistics before/after and cross-validated.
    package static func summaryJSON(_ r: CalibrationResult, scenario: String, measurements: String) -> String {
        let s = r.settings
        var dropped: [String: Int] = [:]
        for p in r.points { if let w = p.dropped { dropped[w, default: 0] += 1 } }
        let classes: [JSONValue] = r.classes.map { c in
            var o: [(String, JSONValue)] = []
            o.append(("rule", .number(Double(c.ruleIndex + 1))))
            o.append(("class", .string(c.label)))
            o.append(("bins", .number(Double(c.bins))))
            o.append(("samples", .number(Double(c.samples))))
            o.append(("tuned", .bool(c.tuned)))
            o.append(("note", c.note.map { JSONValue.string($0) } ?? .null))
            o.append(("fitted_offset_db", .rounded(c.delta.offsetDB, 3)))
            o.append(("fitted_slope_db_per_decade", .rounded(c.delta.slopeDBPerDecade, 3)))
            o.append(("offset_db", .rounded(c.total.offsetDB, 3)))
            o.append(("distance_slope_db_per_decade", .rounded(c.total.slopeDBPerDecade, 3)))
            o.append(("huber_k_db", c.huber.map { JSONValue.rounded($0.k, 3) } ?? .null))
            o.append(("huber_iterations", c.huber.map { JSONValue.number(Double($0.iterations)) } ?? .null))
            o.append(("before", json(c.before)))
            o.append(("after", json(c.after)))
            return .object(o)
        }
        let kept = Double(r.points.filter { $0.dropped == nil }.count)
        let droppedJSON: JSONValue = .object(dropped.keys.sorted().map { ($0, JSONValue.number(Double(dropped[$0]!))) })
        var settingsKV: [(String, JSONValue)] = []
        settingsKV.append(("min_distance_m", .number(s.minDistanceMeters)))
        settingsKV.append(("max_distance_m", .number(s.maxDistanceMeters)))
        settingsKV.append(("min_rsrp_dbm", .number(s.minRSRPDBm)))
        settingsKV.append(("floor_margin_db", .number(s.floorMarginDB)))
        settingsKV.append(("bin_m", .number(s.binMeters)))
        settingsKV.append(("min_bins_per_class", .number(Double(s.minBinsPerClass))))
        settingsKV.append(("min_log_distance_spread", .number(s.minLogDistanceSpread)))
        settingsKV.append(("folds", .number(Double(s.folds))))
        settingsKV.append(("max_back_attenuation_db", .number(s.maxBackAttenuationDB)))
        settingsKV.append(("min_cell_bins", .number(Double(s.minBinsPerCell))))
        settingsKV.append(("fit", .string("Huber M-estimate (IRLS), k = 1.345·σ̂, σ̂ = 1.4826·MAD")))
        var cv: [(String, JSONValue)] = []
        cv.append(("by", r.crossValidationBy.map { JSONValue.string($0) } ?? .null))
        cv.append(("folds", .number(Double(r.crossValidationFolds))))
        cv.append(("statistics", r.crossValidatedStatistics.map(json) ?? .null))
        var kv: [(String, JSONValue)] = []
        kv.append(("scenario", .string(scenario)))
        kv.append(("measurements", .string(measurements)))
        kv.append(("samples", .number(Double(r.points.count))))
        kv.append(("kept", .number(kept)))
        kv.append(("dropped", droppedJSON))
        kv.append(("bins", .number(Double(r.bins.count))))
        kv.append(("settings", .object(settingsKV)))
        kv.append(("classes", .array(classes)))
        kv.append(("overall", .object([("before", json(r.before)), ("after", json(r.after))])))
        kv.append(("cells", .array(r.cells.map { c in
            .object([("site_id", .string(c.siteID)), ("cell_id", .string(c.cellID)), ("class", .string(r.classes[c.classIndex].label)),
                     ("bins", .number(Double(c.bins))), ("before", json(c.before)), ("after", json(c.after))])
        })))
        kv.append(("cross_validation", .object(cv)))
        kv.append(("remaining_sigma_db", r.after.stdDB.isFinite ? JSONValue.rounded(r.after.stdDB, 3) : .null))
        kv.append(("radio_shadow_sigma_db", .number(r.shadowSigmaDB)))
        kv.append(("shadow_sigma_advice", .string("use remaining_sigma_db as radio.shadow_sigma_db in the calibrated scenario")))
        let obj: JSONValue = .object(kv)
        return obj.serialized() + "\n"
    }

    /// A YAML double-quoted scalar (JSON string syntax is valid YAML).
    static func yamlQuoted(_ s: String) -> String { JSONValue.string(s).serialized() }

    /// calibrated.yaml: a scenario that `extends:` the calibrated one and repeats its `radio.models` list (lists
    /// replace in a merge) with the fitted `offset_db` / `distance_slope_db_per_decade` on the tuned rules.
    /// - Parameter extendsPath: the calibrated scenario's path as the fragment should name it (relative to the fragment's folder).
    package static func calibratedYAML(_ r: CalibrationResult, rules: [ModelRule], extendsPath: String, measurements: String) -> String {
        var y = "# Model calibration made by `sim calibrate` from \(measurements.replacingOccurrences(of: "\n", with: " ")):\n"
        y += "# \(r.bins.count) bins; RMSE \(JSONValue.format((r.before.rmseDB * 100).rounded() / 100)) dB before, \(JSONValue.format((r.after.rmseDB * 100).rounded() / 100)) dB after"
        if let cv = r.crossValidatedRMSEDB { y += ", \(JSONValue.format((cv * 100).rounded() / 100)) dB cross-validated" }
        y += ". Remaining σ \(JSONValue.format(((r.after.stdDB.isFinite ? r.after.stdDB : 0) * 100).rounded() / 100)) dB (radio.shadow_sigma_db is \(JSONValue.format(r.shadowSigmaDB))).\n"
        y += "extends: \(yamlQuoted(extendsPath))\n"
        if let rec = record(r, measurements: measurements) {
            func g(_ d: Double) -> String { JSONValue.format((d * 100).rounded() / 100 + 0) }
            y += "calibration_result:          # what the corrections below were fitted on (the run report and summary.json show it)\n"
            y += "  measurements: \(yamlQuoted(rec.measurements))\n  bins: \(rec.bins)\n"
            y += "  rmse_before_db: \(g(rec.rmseBeforeDB))\n  rmse_after_db: \(g(rec.rmseAfterDB))\n"
            if let cv = rec.rmseCrossValidatedDB { y += "  rmse_cv_db: \(g(cv))\n" }
            y += "  std_after_db: \(g(rec.stdAfterDB))   # the shadowing left: use it as radio.shadow_sigma_db\n"
        }
        y += "radio:\n  models:\n"
        for (i, rule) in rules.enumerated() {
            let c = r.classes.indices.contains(i) ? r.classes[i] : nil
            y += "    - "
            var first = true
            func key(_ k: String, _ v: String) { y += (first ? "" : "      ") + "\(k): \(v)\n"; first = false }
            if let e = rule.environment { key("environment", e.rawValue) }
            if let lo = rule.minBandMHz { key("min_band_mhz", JSONValue.format(lo)) }
            if let hi = rule.maxBandMHz { key("max_band_mhz", JSONValue.format(hi)) }
            key("model", yamlQuoted(rule.model.description))
            let total = c?.total ?? rule.correction
            if total.offsetDB != 0 || total.slopeDBPerDecade != 0 {
                key(ModelCorrection.offsetKey, JSONValue.format((total.offsetDB * 100).rounded() / 100 + 0))
                key(ModelCorrection.slopeKey, JSONValue.format((total.slopeDBPerDecade * 100).rounded() / 100 + 0))
            }
            if let c, !c.tuned { y += "      # untuned: \(c.note ?? "")\n" }
        }
        return y
    }

    /// The `calibration_result:` record of a fit: the measurement file's name, bins and RMSE before, after and
    /// cross-validated, and the remaining standard deviation; nil when no bin was kept (nothing was fitted).
    package static func record(_ r: CalibrationResult, measurements: String) -> CalibrationRecord? {
        guard !r.bins.isEmpty, r.before.rmseDB.isFinite, r.after.rmseDB.isFinite else { return nil }
        return CalibrationRecord(measurements: URL(fileURLWithPath: measurements).lastPathComponent, bins: r.bins.count,
                                 rmseBeforeDB: r.before.rmseDB, rmseAfterDB: r.after.rmseDB,
                                 rmseCrossValidatedDB: r.crossValidatedRMSEDB.flatMap { $0.isFinite ? $0 : nil },
                                 stdAfterDB: r.after.stdDB.isFinite ? r.after.stdDB : 0)
    }

    /// `path` relative to the folder `base` (both made absolute and standardised), with `..` steps as needed; the
    /// absolute path when the two share nothing below the root.
    package static func relativePath(_ path: String, from base: String) -> String {
        let p = URL(fileURLWithPath: path).standardizedFileURL.pathComponents, b = URL(fileURLWithPath: base).standardizedFileURL.pathComponents
        var i = 0
        while i < p.count, i < b.count, p[i] == b[i] { i += 1 }
        if i <= 1 { return p.joined(separator: "/").replacingOccurrences(of: "//", with: "/") }   // nothing in common but the root: absolute
        return (Array(repeating: "..", count: b.count - i) + p[i...]).joined(separator: "/")
    }
}

extension Calibration {
    /// Writes calibration.csv, calibration.json, residuals.geojson, calibration.html and calibrated.yaml into the folder `out`, through
    /// ``OutputFolder/produce(_:inputs:_:)``: all three or none, and only over a folder sim wrote.
    /// - Parameters:
    ///   - scenarioPath: the calibrated scenario as the user named it (calibrated.yaml extends it by a path relative to `out`).
    ///   - inputs: every file the run read (the output folder may hold none of them).
    package static func writeOutputs(_ r: CalibrationResult, to out: String, scenarioPath: String, measurementsPath: String,
                                     rules: [ModelRule], inputs: [String]) throws {
        let outDir = URL(fileURLWithPath: out).standardizedFileURL.path
        let extendsPath = relativePath(URL(fileURLWithPath: scenarioPath).standardizedFileURL.path, from: outDir)
        try OutputFolder.produce(out, inputs: inputs) { folder in
            try folder.write("calibration.csv", pointsCSV(r))
            try folder.write("calibration.json", summaryJSON(r, scenario: scenarioPath, measurements: measurementsPath))
            try folder.write("residuals.geojson", residualsGeoJSON(r))
            try folder.write("calibration.html", reportHTML(r, scenario: scenarioPath, measurements: measurementsPath))
            try folder.write("calibrated.yaml", calibratedYAML(r, rules: rules, extendsPath: extendsPath, measurements: measurementsPath))
        }
    }
}

extension Calibration {
    /// The colour of a residual (measured − predicted after calibration, dB) in residuals.geojson: a diverging
    /// scale, blue where the model predicts too much signal, red where too little, grey within ±3 dB.
    static func residualColour(_ e: Double) -> String {
        switch e {
        case ..<(-10): return "#2166ac"
        case ..<(-6): return "#67a9cf"
        case ..<(-3): return "#d1e5f0"
        case ...3: return "#f7f7f7"
        case ...6: return "#fddbc7"
        case ...10: return "#ef8a62"
        default: return "#b2182b"
        }
    }

    /// residuals.geojson: every sample with a prediction as a WGS 84 point, with its residuals before and after and a
    /// `marker-color` (simplestyle-spec 1.1.0) from ``residualColour(_:)`` of the after-residual.
    package static func residualsGeoJSON(_ r: CalibrationResult) -> String {
        var features: [(geometry: Geometry2, properties: [(String, JSONValue)])] = []
        for p in r.points {
            guard let before = p.predictedDBm, let after = p.predictedAfterDBm else { continue }
            let m = p.measurement
            let eb = m.rsrpDBm - before, ea = m.rsrpDBm - after
            features.append((.point(Point2(m.lon, m.lat)), [
                ("line", .number(Double(m.line))), ("cell_id", .string(m.cellID)), ("route", m.route.map { JSONValue.string($0) } ?? .null),
                ("class", .string(p.classIndex.map { r.classes[$0].label } ?? "")), ("measured_dbm", .rounded(m.rsrpDBm, 2)),
                ("residual_before_db", .rounded(eb, 2)), ("residual_after_db", .rounded(ea, 2)),
                ("kept", .bool(p.dropped == nil)), ("dropped_why", p.dropped.map { JSONValue.string($0) } ?? .null),
                ("marker-color", .string(residualColour(ea))),
            ]))
        }
        return GeoJSON.featureCollection(features, extra: [])
    }
}
