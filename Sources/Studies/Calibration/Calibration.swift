import Coverage
import Foundation

/// One drive-test sample as read from a measurement file.
package struct Measurement: Sendable, Equatable {
    package var lon: Double, lat: Double
    /// Position in the scenario's projected CRS, metres.
    package var position: Point2
    package var rsrpDBm: Double
    /// The serving cell's id as the scenario names it; empty when the row gives the cell by ``pci`` and ``earfcn``
    /// (``Calibration/run(_:sites:environments:radio:settings:clutter:districts:)`` fills it in when the pair names one cell).
    package var cellID: String
    /// The route (drive) the sample belongs to; nil when the file has no `route` column.
    package var route: String?
    /// The file line (a table) or feature index (a GIS layer) the sample came from (for messages; 0 for samples made in memory).
    package var line: Int
    /// Where the row is, for messages: "dt.csv:12", "dt.xlsx, sheet 'dt', row 12" or "dt.gpkg: feature 11"; empty for samples made in memory.
    package var place: String
    /// The serving cell's LTE physical cell id (0…503, TS 36.211 §6.11) when the row gives one.
    package var pci: Int?
    /// The serving cell's downlink EARFCN (TS 36.101 Table 5.7.3-1) when the row gives one.
    package var earfcn: Int?

    package init(lon: Double, lat: Double, position: Point2, rsrpDBm: Double, cellID: String, route: String?, line: Int,
                 place: String = "", pci: Int? = nil, earfcn: Int? = nil) {
        self.lon = lon; self.lat = lat; self.position = position; self.rsrpDBm = rsrpDBm; self.cellID = cellID; self.route = route; self.line = line
        self.place = place; self.pci = pci; self.earfcn = earfcn
    }
}

/// The filters and fitting rules of `sim calibrate`: the scenario's `calibration:` section (defaults in
/// data/scenarios/defaults.yaml), each overridden by its command-line flag.
package struct CalibrationSettings: Sendable, Equatable {
    /// Samples nearer their serving cell than this are dropped (antenna near field, the vertical pattern's nulls,
    /// and the 1 km lower limit of the Hata family), metres.
    package var minDistanceMeters = 100.0
    /// Samples farther than this are dropped, metres.
    package var maxDistanceMeters = 20_000.0
    /// Samples whose measured RSRP is below this are dropped (close to a UE's noise floor the reading is biased
    /// upward: only what could still be decoded is logged), dBm.
    package var minRSRPDBm = -130.0
    /// Samples whose *predicted* median RSRP is less than this above `minRSRPDBm` are dropped ("near_floor"), dB.
    /// A drive test logs only what it decodes: where the median lies near the floor only the samples that happen to
    /// be strong survive, and a fit on them is biased toward less loss at long range (censoring on the response).
    /// Selecting on the prediction (a function of position, not of the shadowing) leaves the fit unbiased; 0 = off.
    package var floorMarginDB = 0.0
    /// Side of the square bins, metres: samples of the same route and cell in one bin are averaged in dB, which
    /// removes fast fading and reduces the spatial autocorrelation between fitted points (the local-mean practice
    /// of W. C. Y. Lee, "Estimate of local average power of a mobile radio signal", IEEE Trans. Veh. Technol.
    /// VT-34(1), 1985, 22–27: average over 20–40 wavelengths; 40 λ is 6.7 m at 1800 MHz — 50 m also spans
    /// the 50 m decorrelation distance Gudmundson measured in suburban areas).
    package var binMeters = 50.0
    /// A class (model rule) with fewer kept bins is left untuned.
    package var minBinsPerClass = 30
    /// Below this spread (standard deviation) of log10(d / 1 km) only the offset is fitted, decades.
    package var minLogDistanceSpread = 0.1
    /// Folds of the cross-validation (by route, else by contiguous blocks of the file).
    package var folds = 5
    /// Samples toward which the serving cell's horizontal pattern attenuates more than this are dropped
    /// ("behind_antenna"), dB: behind a sector the prediction rests on the front-to-back floor of the pattern and on
    /// whatever the scattering does, which is not what the model's distance law describes. 20 dB with the default
    /// 3GPP pattern (θ3dB = 65°, 12·(θ/θ3dB)²) drops points more than 65·√(20/12) = 83.9° off boresight.
    package var maxBackAttenuationDB = 20.0
    /// Cells with at least this many kept bins get their own statistics (``CalibrationResult/cells``).
    package var minBinsPerCell = 10

    package init() {}
}

/// One sample after matching, filtering and binning.
package struct CalibrationPoint: Sendable {
    package var measurement: Measurement
    /// Index into ``CalibrationResult/classes`` (the serving cell's model rule); nil for an unknown cell.
    package var classIndex: Int?
    package var distanceMeters: Double?
    /// Predicted median RSRP of the measured cell with the scenario as given, dBm.
    package var predictedDBm: Double?
    /// With the fitted correction of its class (the same as before for an untuned class), dBm.
    package var predictedAfterDBm: Double?
    /// nil when kept; else why it was dropped: "outside_districts", "unknown_cell", "ambiguous_cell", "beyond_reach", "too_near",
    /// "too_far", "behind_antenna", "below_floor", "near_floor".
    package var dropped: String?
    /// Index into ``CalibrationResult/bins`` for a kept sample.
    package var bin: Int?
}

/// The mean of the kept samples of one route and cell in one square.
package struct CalibrationBin: Sendable {
    package var classIndex: Int
    /// Index into the prediction's cells (``CellStatistics/cellIndex``).
    package var cell: Int
    package var group: String
    package var measuredDBm: Double
    package var predictedDBm: Double
    /// Mean of log10(d / 1 km) over the samples.
    package var logDistance: Double
    package var samples: Int
}

/// One model rule's fit.
package struct ClassFit: Sendable {
    package var ruleIndex: Int
    /// e.g. "rural 1500–2000 MHz cost231-hata:open".
    package var label: String
    package var bins: Int
    package var samples: Int
    package var tuned: Bool
    /// Why the class is untuned, or a note on the fit (offset only); nil otherwise.
    package var note: String?
    /// The correction fitted on top of the rule's present one.
    package var delta: ModelCorrection
    /// The rule's correction after calibration (present + delta): what calibrated.yaml writes.
    package var total: ModelCorrection
    package var huber: HuberFit?
    package var before: ErrorStatistics
    package var after: ErrorStatistics
}

/// The statistics of one serving cell's kept bins, before and after calibration.
package struct CellStatistics: Sendable {
    /// Index into the prediction's cells (the scenario's sites and cells in input order).
    package var cellIndex: Int
    package var siteID: String
    package var cellID: String
    /// The model rule (class) of most of its bins.
    package var classIndex: Int
    package var bins: Int
    package var before: ErrorStatistics
    package var after: ErrorStatistics
}

/// Everything `sim calibrate` computes.
package struct CalibrationResult: Sendable {
    package var settings: CalibrationSettings
    package var points: [CalibrationPoint]
    package var bins: [CalibrationBin]
    /// One per model rule of the scenario, in rule order.
    package var classes: [ClassFit]
    package var before: ErrorStatistics
    package var after: ErrorStatistics
    /// Per serving cell with at least ``CalibrationSettings/minBinsPerCell`` kept bins, in the scenario's cell order.
    package var cells: [CellStatistics] = []
    /// How the cross-validation grouped the bins: "route" or "block"; nil when it could not run.
    package var crossValidationBy: String?
    package var crossValidationFolds: Int
    /// RMSE of every kept bin predicted by corrections fitted without its fold, dB.
    package var crossValidatedRMSEDB: Double?
    package var crossValidatedStatistics: ErrorStatistics?
    /// The scenario's radio.shadow_sigma_db, for comparison with ``after``'s standard deviation.
    package var shadowSigmaDB: Double
}

/// Model calibration against drive-test measurements: match each sample to the scenario's prediction of its
/// serving cell, filter, bin, fit per model rule an offset and a distance slope (``ModelCorrection``) by a
/// Huber M-estimate (``HuberFit``) and cross-validate by route. The fitted line is on the residual
/// e = measured − predicted against x = log10(d / 1 km): e ≈ a + b·x, and since more loss means less RSRP the
/// correction is offset = −a, slope = −b.
package enum Calibration {
    /// With a clutter map, a sample belongs to the rule of the environment where it lies (the rule that predicted it).
    /// - Parameters:
    ///   - districts: the scenario's district polygons (projected metres); a sample in none is dropped
    ///     ("outside_districts"). nil: no such check.
    package static func run(_ measurements: [Measurement], sites: [Site], environments: [Environment], radio: RadioSettings,
                            settings: CalibrationSettings, clutter: ClutterMap? = nil, districts: [[Polygon2]]? = nil) throws -> CalibrationResult {
        let levels = try Prediction.levels(at: measurements.map(\.position), sites: sites, environments: environments, radio: radio, floorDBm: -400,
                                           clutter: clutter)
        let district = try districts.map { try RegionIndex($0).locate(measurements.map(\.position)) }
        var cellByID: [String: Int] = [:]
        for (i, c) in levels.cells.enumerated() where cellByID[c.cellID] == nil { cellByID[c.cellID] = i }
        // The scenario's cell behind each predicted cell (its PCI and antenna).
        let cellModels: [Cell?] = levels.cells.map { c in sites[c.siteIndex].cells.first { $0.id == c.cellID } }
        var cellByPCI: [Int: [Int]] = [:]
        for (i, c) in cellModels.enumerated() { if let p = c?.pci { cellByPCI[p, default: []].append(i) } }
        /// The predicted cells a (PCI, EARFCN) names: same PCI, carrier within 0.05 MHz of the EARFCN's downlink frequency.
        func cells(pci: Int, earfcn: Int) -> [Int] {
            guard let f = ChannelNumber.lte(earfcn: earfcn)?.frequencyMHz else { return [] }
            return (cellByPCI[pci] ?? []).filter { abs(levels.cells[$0].bandMHz - f) <= 0.05 }
        }
        /// The horizontal pattern's attenuation (dB ≥ 0) of cell `ci` toward `p`: 0 for an omni cell.
        func backAttenuation(_ ci: Int, _ p: Point2) -> Double {
            guard let cell = cellModels[ci], let az = cell.azimuthDegrees else { return 0 }
            let o = sites[levels.cells[ci].siteIndex].position
            let bearing = atan2(p.x - o.x, p.y - o.y) * 180 / .pi
            if let a = cell.antenna { return a.horizontalAttenuation(azimuthOffBoresightDegrees: bearing - az) }
            return -SectorAntenna(azimuthDegrees: az, beamwidthDegrees: radio.beamwidthDegrees, maxAttenuationDB: radio.frontToBackDB, gainDBi: 0)
                .horizontalGainOffsetDB(bearingDegrees: bearing)
        }
        let cellClass = try levels.cells.map { try radio.ruleIndex(environment: environments[$0.siteIndex], bandMHz: $0.bandMHz) }
        let routed = measurements.contains { $0.route != nil }
        let folds = max(1, settings.folds)
        let blockSize = max(1, (measurements.count + folds - 1) / folds)

        var points: [CalibrationPoint] = []
        var bins: [CalibrationBin] = []
        var binIndex: [String: Int] = [:]
        var binSums: [(m: Double, p: Double, x: Double)] = []
        for (i, m) in measurements.enumerated() {
            var pt = CalibrationPoint(measurement: m)
            if let district, district[i] < 0 { pt.dropped = "outside_districts"; points.append(pt); continue }
            var found = cellByID[m.cellID]
            if m.cellID.isEmpty, let pci = m.pci, let earfcn = m.earfcn {
                let named = cells(pci: pci, earfcn: earfcn)
                if named.count > 1 { pt.dropped = "ambiguous_cell"; points.append(pt); continue }
                found = named.first
                if let ci = found { pt.measurement.cellID = levels.cells[ci].cellID }
            }
            guard let ci = found else { pt.dropped = "unknown_cell"; points.append(pt); continue }
            pt.classIndex = try clutter.map { try radio.ruleIndex(environment: $0.class(at: m.position).environment, bandMHz: levels.cells[ci].bandMHz) } ?? cellClass[ci]
            guard let level = levels.levels[i].first(where: { $0.cell == ci }) else { pt.dropped = "beyond_reach"; points.append(pt); continue }
            pt.distanceMeters = level.distanceMeters
            pt.predictedDBm = level.rsrpDBm
            pt.predictedAfterDBm = level.rsrpDBm
            if level.distanceMeters < settings.minDistanceMeters { pt.dropped = "too_near" }
            else if level.distanceMeters > settings.maxDistanceMeters { pt.dropped = "too_far" }
            else if backAttenuation(ci, m.position) > settings.maxBackAttenuationDB { pt.dropped = "behind_antenna" }
            else if m.rsrpDBm < settings.minRSRPDBm { pt.dropped = "below_floor" }
            else if settings.floorMarginDB > 0, level.rsrpDBm < settings.minRSRPDBm + settings.floorMarginDB { pt.dropped = "near_floor" }
            if pt.dropped == nil {
                let group = routed ? (m.route ?? "") : "block \(i / blockSize + 1)"
                let ix = Int((m.position.x / settings.binMeters).rounded(.down)), iy = Int((m.position.y / settings.binMeters).rounded(.down))
                // A bin holds one rule's samples: with a clutter map, a bin astride two classes splits.
                let key = "\(group)\u{0}\(ci)\u{0}\(pt.classIndex!)\u{0}\(ix)\u{0}\(iy)"
                let x = log10(max(level.distanceMeters, 1) / 1000)
                if let b = binIndex[key] {
                    bins[b].samples += 1
                    binSums[b].m += m.rsrpDBm; binSums[b].p += level.rsrpDBm; binSums[b].x += x
                    pt.bin = b
                } else {
                    binIndex[key] = bins.count
                    pt.bin = bins.count
                    bins.append(CalibrationBin(classIndex: pt.classIndex!, cell: ci, group: group, measuredDBm: 0, predictedDBm: 0, logDistance: 0, samples: 1))
                    binSums.append((m.rsrpDBm, level.rsrpDBm, x))
                }
            }
            points.append(pt)
        }
        for b in bins.indices {
            let n = Double(bins[b].samples)
            bins[b].measuredDBm = binSums[b].m / n; bins[b].predictedDBm = binSums[b].p / n; bins[b].logDistance = binSums[b].x / n
        }

        // Fit per class.
        var classes: [ClassFit] = []
        var deltas: [ModelCorrection] = []
        for (r, rule) in radio.modelRules.enumerated() {
            let mine = bins.filter { $0.classIndex == r }
            let (delta, huber, note) = fitClass(mine, settings: settings)
            deltas.append(delta ?? .zero)
            let after = mine.map { $0.predictedDBm - correction(delta ?? .zero, $0.logDistance) }
            classes.append(ClassFit(ruleIndex: r, label: label(rule), bins: mine.count, samples: mine.reduce(0) { $0 + $1.samples },
                                    tuned: delta != nil, note: note, delta: delta ?? .zero,
                                    total: ModelCorrection(offsetDB: rule.correction.offsetDB + (delta?.offsetDB ?? 0),
                                                           slopeDBPerDecade: rule.correction.slopeDBPerDecade + (delta?.slopeDBPerDecade ?? 0)),
                                    huber: huber,
                                    before: ErrorStatistics(measured: mine.map(\.measuredDBm), predicted: mine.map(\.predictedDBm)),
                                    after: ErrorStatistics(measured: mine.map(\.measuredDBm), predicted: after)))
        }
        for i in points.indices {
            guard let c = points[i].classIndex, let p = points[i].predictedDBm, let d = points[i].distanceMeters else { continue }
            points[i].predictedAfterDBm = p - correction(deltas[c], log10(max(d, 1) / 1000))
        }
        let before = ErrorStatistics(measured: bins.map(\.measuredDBm), predicted: bins.map(\.predictedDBm))
        let after = ErrorStatistics(measured: bins.map(\.measuredDBm), predicted: bins.map { $0.predictedDBm - correction(deltas[$0.classIndex], $0.logDistance) })
        // Per serving cell, in the prediction's cell order.
        var binsOfCell: [Int: [CalibrationBin]] = [:]
        for b in bins { binsOfCell[b.cell, default: []].append(b) }
        let cellStats: [CellStatistics] = binsOfCell.keys.sorted().compactMap { ci in
            let mine = binsOfCell[ci]!
            guard mine.count >= settings.minBinsPerCell else { return nil }
            var perClass: [Int: Int] = [:]
            for b in mine { perClass[b.classIndex, default: 0] += 1 }
            let main = perClass.keys.sorted().max { perClass[$0]! < perClass[$1]! }!
            return CellStatistics(cellIndex: ci, siteID: levels.cells[ci].siteID, cellID: levels.cells[ci].cellID, classIndex: main, bins: mine.count,
                                  before: ErrorStatistics(measured: mine.map(\.measuredDBm), predicted: mine.map(\.predictedDBm)),
                                  after: ErrorStatistics(measured: mine.map(\.measuredDBm),
                                                         predicted: mine.map { $0.predictedDBm - correction(deltas[$0.classIndex], $0.logDistance) }))
        }

        // Cross-validation: groups (routes, or blocks of the file) dealt round-robin into folds in order of first appearance.
        var groupOrder: [String] = []
        for b in bins where !groupOrder.contains(b.group) { groupOrder.append(b.group) }
        let k = min(folds, groupOrder.count)
        var cvStats: ErrorStatistics? = nil
        if k >= 2 {
            let foldOf = Dictionary(uniqueKeysWithValues: groupOrder.enumerated().map { ($1, $0 % k) })
            var measured: [Double] = [], predicted: [Double] = []
            for f in 0..<k {
                let train = bins.filter { foldOf[$0.group] != f }, test = bins.filter { foldOf[$0.group] == f }
                var foldDelta: [ModelCorrection] = []
                for r in radio.modelRules.indices { foldDelta.append(fitClass(train.filter { $0.classIndex == r }, settings: settings).0 ?? .zero) }
                for b in test {
                    measured.append(b.measuredDBm)
                    predicted.append(b.predictedDBm - correction(foldDelta[b.classIndex], b.logDistance))
                }
            }
            cvStats = ErrorStatistics(measured: measured, predicted: predicted)
        }
        return CalibrationResult(settings: settings, points: points, bins: bins, classes: classes, before: before, after: after, cells: cellStats,
                                 crossValidationBy: k >= 2 ? (routed ? "route" : "block") : nil, crossValidationFolds: k >= 2 ? k : 0,
                                 crossValidatedRMSEDB: cvStats?.rmseDB, crossValidatedStatistics: cvStats, shadowSigmaDB: radio.shadowSigmaDB)
    }

    /// The correction's change of the loss at log10(d / 1 km) = x, dB.
    static func correction(_ c: ModelCorrection, _ x: Double) -> Double { c.offsetDB + c.slopeDBPerDecade * x }

    /// The fit of one class's bins: (correction, Huber fit, note); the correction is nil when the class is untuned.
    static func fitClass(_ bins: [CalibrationBin], settings: CalibrationSettings) -> (ModelCorrection?, HuberFit?, String?) {
        guard !bins.isEmpty else { return (nil, nil, "no kept measurements") }
        guard bins.count >= settings.minBinsPerClass else {
            return (nil, nil, "\(bins.count) bins, fewer than the \(settings.minBinsPerClass) a fit needs; left untuned")
        }
        let x = bins.map(\.logDistance), y = bins.map { $0.measuredDBm - $0.predictedDBm }
        let mx = x.reduce(0, +) / Double(x.count)
        let spread = (x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) } / Double(x.count)).squareRoot()
        let withSlope = spread >= settings.minLogDistanceSpread
        let h = HuberFit.fit(x: x, y: y, fitSlope: withSlope)
        let note = withSlope ? nil : "distances span \(JSONValue.format((spread * 1000).rounded() / 1000)) decades (< \(JSONValue.format(settings.minLogDistanceSpread))): offset only"
        // Residual e = a + b·x means the loss is a too small by −a: offset = −a, slope = −b (+0 avoids −0).
        return (ModelCorrection(offsetDB: -h.intercept + 0, slopeDBPerDecade: -h.slope + 0), h, note)
    }

    /// "rural 1500–2000 MHz cost231-hata:open" for a rule.
    package static func label(_ r: ModelRule) -> String {
        var s = r.environment?.rawValue ?? "any"
        switch (r.minBandMHz, r.maxBandMHz) {
        case (nil, nil): break
        case (let lo?, nil): s += " ≥ \(JSONValue.format(lo)) MHz"
        case (nil, let hi?): s += " ≤ \(JSONValue.format(hi)) MHz"
        case (let lo?, let hi?): s += " \(JSONValue.format(lo))–\(JSONValue.format(hi)) MHz"
        }
        return s + " " + r.model.description
    }
}
