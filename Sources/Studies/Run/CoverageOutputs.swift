import Coverage
import Foundation

/// Writes the files of `sim run` (see README "Output files").
package enum CoverageOutputs {
    static let toolVersion = "0.1.0"

    static func pct(_ x: Double) -> JSONValue { .rounded(x, 2) }
    static func km2(_ x: Double) -> JSONValue { .rounded(x, 3) }

    /// The per-district properties shared by districts.geojson, districts.csv and summary.json.
    static func districtProperties(_ run: CoverageRun, _ i: Int) -> [(String, JSONValue)] {
        let d = run.study.districts[i], c = run.stats.districts[i]
        return [("id", .string(d.id)), ("name", .string(d.name)), ("name_ascii", .string(d.nameASCII)),
                ("environment", .string(d.environment.rawValue)),
                ("population", .number(c.population.rounded())), ("area_km2", km2(c.areaKm2)),
                ("lte_area_km2", km2(c.coveredAreaKm2)), ("lte_area_pct", pct(c.coveredAreaPercent)),
                ("lte_pop", .number(c.coveredPopulation.rounded())), ("lte_pop_pct", pct(c.coveredPopulationPercent))]
            + fixedProperties(run, i)
            + (run.prediction.map { PredictionOutputs.fields($0.districts[i], $0.scenario.settings) } ?? [])
    }

    /// The plan's per-year fields of district i (none without a plan).
    static func planFields(_ plan: PlanRun?, _ i: Int) -> [(String, JSONValue)] {
        guard let plan else { return [] }
        return PlanOutputs.districtFields(plan, i)
    }

    /// Fixed-broadband fields of a district (none when the scenario does not enable it).
    static func fixedProperties(_ run: CoverageRun, _ i: Int) -> [(String, JSONValue)] {
        guard let f = run.fixed?.districts[i] else { return [] }
        // Households are whole numbers (FixedReach.wholeHouseholds); the percentage is of those.
        return [("fbb_area_km2", km2(f.reachAreaKm2)), ("fbb_households", .number(f.households)),
                ("fbb_households_reached", .number(f.householdsReached)), ("fbb_households_pct", pct(f.householdsPercent)),
                ("cable_aerial_km", km2(f.cableAerialKm)), ("cable_underground_km", km2(f.cableUndergroundKm))]
    }

    package static func provinceProperties(_ run: CoverageRun) -> [(String, JSONValue)] {
        let s = run.stats.districts
        let area = s.reduce(0) { $0 + $1.areaKm2 }, cov = s.reduce(0) { $0 + $1.coveredAreaKm2 }
        let pop = s.reduce(0) { $0 + $1.population }, cpop = s.reduce(0) { $0 + $1.coveredPopulation }
        var out: [(String, JSONValue)] = [("population", .number(pop.rounded())), ("area_km2", km2(area)), ("lte_area_km2", km2(cov)),
                ("lte_area_pct", pct(area > 0 ? 100 * cov / area : 0)), ("lte_pop", .number(cpop.rounded())),
                ("lte_pop_pct", pct(pop > 0 ? 100 * cpop / pop : 0))]
        if let f = run.fixed {
            let hh = f.districts.reduce(0) { $0 + $1.households }, reached = f.districts.reduce(0) { $0 + $1.householdsReached }
            out += [("fbb_area_km2", km2(f.districts.reduce(0) { $0 + $1.reachAreaKm2 })), ("fbb_households", .number(hh)),
                    ("fbb_households_reached", .number(reached)), ("fbb_households_pct", pct(hh > 0 ? 100 * reached / hh : 0)),
                    ("cable_aerial_km", km2(f.districts.reduce(0) { $0 + $1.cableAerialKm })),
                    ("cable_underground_km", km2(f.districts.reduce(0) { $0 + $1.cableUndergroundKm })),
                    ("cable_disconnected_pieces", .number(Double(f.disconnectedPieces))), ("cable_disconnected_km", km2(f.disconnectedKm))]
        }
        if let p = run.prediction { out += PredictionOutputs.fields(PredictionOutputs.province(p), p.scenario.settings) }
        return out
    }

    /// simplestyle-spec fill for a coverage percentage (red → green).
    static func fill(_ p: Double) -> String {
        let t = max(0, min(1, p / 100))
        let r = Int(215 * (1 - t) + 26 * t), g = Int(48 * (1 - t) + 150 * t), b = Int(39 * (1 - t) + 65 * t)
        return String(format: "#%02x%02x%02x", r, g, b)
    }

    /// Writes every coverage output; with a plan, districts.* gain the plan's per-year fields
    /// (``PlanOutputs/districtFields(_:_:)``) and summary.json its summary under "plan". Vector layers go
    /// through `layers` (GeoJSON now; GeoPackage/KML when the caller calls `layers.finish`).
    static func write(_ run: CoverageRun, plan: PlanRun? = nil, into out: OutputFolder,
                      layers: LayerOutputs = LayerOutputs(formats: [.geojson])) throws {
        let extra: [(String, JSONValue)] = plan.map { [("plan", PlanOutputs.summary($0, standalone: false))] } ?? []
        let study = run.study
        let projector = try Projector(study.projection)

        // districts.geojson / districts.csv
        var feats: [(geometry: Geometry2, properties: [(String, JSONValue)])] = []
        // Unprojected and snapped to 10⁻⁶° on the layers' threads (the same polygons on any number of them).
        let districtsLL = try study.projection.lonLatPolygons(study.districts.map(\.polygons), workers: layers.workers)
        for (i, _) in study.districts.enumerated() {
            let props = districtProperties(run, i) + planFields(plan, i)
            let p = run.stats.districts[i].coveredPopulationPercent
            let ll = districtsLL[i]
            feats.append((.multiPolygon(ll), props + [("fill", .string(fill(p))), ("fill-opacity", 0.6), ("stroke", "#333333"), ("stroke-width", 1)]))
        }
        try layers.add("districts", feats, into: out)

        var csv = (districtProperties(run, 0) + planFields(plan, 0)).map(\.0).joined(separator: ",") + "\n"
        for i in study.districts.indices {
            csv += (districtProperties(run, i) + planFields(plan, i)).map { csvField($0.1) }.joined(separator: ",") + "\n"
        }
        try out.write("districts.csv", csv)
        // districts.xlsx: the same columns and values as districts.csv, cells typed, one sheet.
        try out.writeWorkbook("districts.xlsx", [GDALTable.Table(name: "districts", records: study.districts.indices.map { districtProperties(run, $0) + planFields(plan, $0) })])

        // Each large layer in a scope of its own: its lon/lat polygons and features go as soon as it is written.
        do {
            // coverage.geojson: the covered part of each district.
            var cov: [(geometry: Geometry2, properties: [(String, JSONValue)])] = []
            let coverageLL = try study.projection.lonLatPolygons(run.stats.districts.map(\.coverage), workers: layers.workers)
            for (i, c) in run.stats.districts.enumerated() where !c.coverage.isEmpty {
                let ll = coverageLL[i]
                if ll.isEmpty { continue }
                cov.append((.multiPolygon(ll), [("district_id", .string(study.districts[i].id)), ("lte_area_km2", km2(c.coveredAreaKm2)),
                                                ("fill", "#1a9641"), ("fill-opacity", 0.35), ("stroke", "#1a9641"), ("stroke-width", 0.5)]))
            }
            try layers.add("coverage", cov, into: out)
        }

        do {
            // footprints.geojson: one polygon per site.
            var fps: [(geometry: Geometry2, properties: [(String, JSONValue)])] = []
            let footprintsLL = try study.projection.lonLatPolygons(run.radio.footprints.map(\.polygons), workers: layers.workers)
            for (k, f) in run.radio.footprints.enumerated() {
                let site = study.sites[f.siteIndex]
                let ll = footprintsLL[k]
                let cellIDs: [(String, JSONValue)] = site.listedCells.map { [("cell_ids", .string($0.map(\.id).joined(separator: ";")))] } ?? []
                fps.append((.multiPolygon(ll), [("site_id", .string(site.id))] + cellIDs + [("model", .string(run.modelNames[k])),
                                                ("max_radius_m", .rounded(f.maxRadiusMeters, 1)),
                                                ("fill", "#2b83ba"), ("fill-opacity", 0.15), ("stroke", "#2b83ba"), ("stroke-width", 0.5)]))
            }
            try layers.add("footprints", fps, into: out)
        }

        // cell_footprints.geojson (radio.cell_footprints): one polygon per cell.
        if let pc = run.cellFootprints {
            var cfs: [(geometry: Geometry2, properties: [(String, JSONValue)])] = []
            for (k, f) in pc.radio.footprints.enumerated() {
                let (si, c) = pc.cells[f.siteIndex]
                cfs.append((.multiPolygon(try projector.lonLatPolygons(f.polygons)), [
                    ("site_id", .string(study.sites[si].id)), ("cell_id", .string(c.id)), ("band_mhz", .number(c.bandMHz)),
                    ("azimuth_deg", c.azimuthDegrees.map { .number($0) } ?? .null), ("height_m", .number(c.heightMeters)),
                    ("power_dbm", .number(c.powerDBm)), ("model", .string(pc.modelNames[k])), ("max_radius_m", .rounded(f.maxRadiusMeters, 1)),
                    ("fill", "#abdda4"), ("fill-opacity", 0.15), ("stroke", "#2b83ba"), ("stroke-width", 0.5)]))
            }
            try layers.add("cell_footprints", cfs, into: out)
        }

        // sites.geojson
        let sitesFeats: [(geometry: Geometry2, properties: [(String, JSONValue)])] = study.sites.enumerated().map { i, s in
            let di = study.siteDistrict[i]
            return (.point(Point2(s.lon, s.lat)), [("site_id", .string(s.id)), ("technology", .string(s.technology.rawValue)),
                     ("district_id", di >= 0 ? .string(study.districts[di].id) : .null), ("height_m", .number(s.heightMeters)),
                     ("band_mhz", .number(s.bandMHz)), ("power_dbm", .number(s.powerDBm)),
                     ("azimuths_deg", .string(s.azimuthsDegrees.map { JSONValue.format($0) }.joined(separator: ";"))),
                     ("year", s.year.map { .number(Double($0)) } ?? .null),
                     ("marker-color", .string(s.technology == .lte ? "#d7191c" : s.technology == .nr ? "#2c7bb6" : "#7b7b7b")), ("marker-size", "small")])
        }
        try layers.add("sites", sitesFeats, into: out)

        // cells.geojson: with a cell list, one point per modelled cell (at its site) with its radio parameters.
        if study.scenario.inputs.cells != nil {
            var cellFeats: [(geometry: Geometry2, properties: [(String, JSONValue)])] = []
            for s in study.sites {
                guard let cells = s.listedCells else { continue }
                for c in cells {
                    cellFeats.append((.point(Point2(s.lon, s.lat)), [
                        ("site_id", .string(s.id)), ("cell_id", .string(c.id)), ("technology", .string((c.technology ?? s.technology).rawValue)),
                        ("azimuth_deg", c.azimuthDegrees.map { .number($0) } ?? .null), ("height_m", .number(c.heightMeters)),
                        ("band_mhz", .rounded(c.bandMHz, 3)), ("power_dbm", .rounded(c.powerDBm, 3)),
                        ("mechanical_tilt_deg", .number(c.mechanicalTiltDegrees)), ("electrical_tilt_deg", .number(c.electricalTiltDegrees)),
                        ("antenna", c.antenna.map { .string($0.name) } ?? .null), ("bandwidth_mhz", c.bandwidthMHz.map { .number($0) } ?? .null)]))
                }
            }
            try layers.add("cells", cellFeats, into: out)
        }

        // population.csv
        try out.write("population.csv", populationCSV(study.population, districtIDs: study.districts.map(\.id),
                                                      covered: run.stats.cellCovered), workers: layers.workers)

        if let fixed = run.fixed { try writeFixed(run, fixed, into: out, layers: layers, projector: projector) }
        if let p = run.prediction { try PredictionOutputs.write(p, study: study, into: out) }

        try out.write("summary.json", summary(run, extra: extra).serialized() + "\n")
    }

    /// population.csv's text (header first): one row per population cell — cell_id, lon, lat (6 decimals),
    /// district_id (empty outside every district), population, covered (0/1), in chunks of 65,536 rows (about 2.6 MB).
    package static func populationCSV(_ population: PopulationSurface, districtIDs: [String], covered: [Bool]) -> ChunkedText {
        // District ids as one byte array (a shared object per id would have its reference count bumped by both threads).
        let idTexts = districtIDs.map { Array(CSVTable.field($0).utf8) }
        let idBytes = idTexts.flatMap { $0 }, idStart = idTexts.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let lonLat = population.lonLat, district = population.district, people = population.population
        return ChunkedText(head: "cell_id,lon,lat,district_id,population,covered\n", count: lonLat.count, chunkItems: 65_536) { range, s in
            s.reserveCapacity(range.count * 48)
            idBytes.withUnsafeBufferPointer { ids in
                for i in range {
                    let ll = lonLat[i], d = Int(district[i])
                    s.append(i); s.append(byte: UInt8(ascii: ","))
                    s.append(fixed: ll.x, digits: 6); s.append(byte: UInt8(ascii: ","))
                    s.append(fixed: ll.y, digits: 6); s.append(byte: UInt8(ascii: ","))
                    if d >= 0 { s.append(UnsafeBufferPointer(rebasing: ids[idStart[d]..<idStart[d + 1]])) }
                    s.append(byte: UInt8(ascii: ",")); s.append(json: people[i])
                    s.append(covered[i] ? ",1\n" as StaticString : ",0\n")
                }
            }
        }
    }

    static func writeFixed(_ run: CoverageRun, _ fixed: FixedReach.Result, into out: OutputFolder, layers: LayerOutputs, projector: Projector) throws {
        let study = run.study
        var reach: [(geometry: Geometry2, properties: [(String, JSONValue)])] = []
        for d in fixed.districts where !d.reach.isEmpty {
            let ll = try projector.lonLatPolygons(d.reach)
            if ll.isEmpty { continue }
            reach.append((.multiPolygon(ll), [("district_id", .string(d.districtID)), ("fbb_area_km2", km2(d.reachAreaKm2)),
                                              ("fbb_households_pct", pct(d.householdsPercent)),
                                              ("fill", "#7b3294"), ("fill-opacity", 0.3), ("stroke", "#7b3294"), ("stroke-width", 0.5)]))
        }
        try layers.add("reach", reach, into: out)
        let placement = Dictionary(study.cables.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var segs: [(geometry: Geometry2, properties: [(String, JSONValue)])] = []
        for (k, sgm) in fixed.segments.enumerated() {
            let c = placement[sgm.cableID]
            let ll = LineString2(try projector.inverse(sgm.line.points))
            segs.append((.lineString(ll), [("segment", .number(Double(k))), ("cable_id", .string(sgm.cableID)),
                                           ("kind", .string(c?.kind.rawValue ?? "")), ("placement", .string(c?.placement.rawValue ?? "")),
                                           ("length_m", .rounded(sgm.lengthMeters, 1)),
                                           ("network_distance_start_m", sgm.startDistanceMeters.map { .rounded($0, 1) } ?? .null),
                                           ("network_distance_end_m", sgm.endDistanceMeters.map { .rounded($0, 1) } ?? .null),
                                           ("served_m", .rounded(sgm.servedLengthMeters, 1)), ("served", .bool(sgm.isServed)),
                                           ("stroke", .string(sgm.isServed ? "#7b3294" : "#999999")),
                                           ("stroke-width", .number(c?.kind == .backbone ? 3 : 1.5))]))
        }
        try layers.add("cables", segs, into: out)
        let olts: [(geometry: Geometry2, properties: [(String, JSONValue)])] = try study.olts.map { o in
            (.point(try projector.inverse(o.position)), [("olt_id", .string(o.id)), ("technology", .string(o.technology.rawValue)),
                                                          ("reach_km", .rounded(o.reachMeters / 1000, 3)), ("marker-color", "#7b3294")])
        }
        try layers.add("olts", olts, into: out)
    }

    static func summary(_ run: CoverageRun, extra: [(String, JSONValue)]) -> JSONValue {
        let s = run.study.scenario
        var top: [(String, JSONValue)] = [
            ("scenario", .string(s.name)),
            ("scenario_file", .string(URL(fileURLWithPath: s.file).lastPathComponent)),
            ("crs_epsg", .number(Double(run.study.projection.epsg))),
            ("versions", .object([("sim", .string(toolVersion)), ("geos", .string(LibraryVersions.geos)), ("proj", .string(LibraryVersions.proj)), ("gdal", .string(LibraryVersions.gdal))])),
            ("parameters", s.resolved.json),
            ("population_cells", .number(Double(run.study.population.count))),
            ("sites", .number(Double(run.study.sites.count))),
            ("sites_with_footprint", .number(Double(run.radio.footprints.count))),
            ("province", .object(provinceProperties(run))),
            ("districts", .array(run.study.districts.indices.map { .object(districtProperties(run, $0)) })),
        ]
        if let p = run.prediction { top.append(("prediction", PredictionOutputs.summary(p))) }
        top.append(("clutter", clutterSummary(run.study)))
        top += extra
        top.append(("warnings", .array((run.study.warnings + run.radio.warnings).map { .string($0) })))
        return .object(top)
    }

    /// summary.json's "clutter": where the phone's environment came from and, with a map, each class's share of
    /// the districts' area (percent of the clutter pixels whose centre is in a district).
    static func clutterSummary(_ study: Study) -> JSONValue {
        var out: [(String, JSONValue)] = [("source", .string(study.scenario.clutter.source.rawValue))]
        guard let map = study.clutter else { return .object(out) }
        let shares = study.clutterShares
        out.append(("resolution_m", .number(map.grid.cellSizeMeters)))
        out.append(("classes", .array(map.classes.enumerated().map { i, c in
            var o: [(String, JSONValue)] = [("code", .number(Double(c.code))), ("name", .string(c.name)),
                                            ("environment", .string(c.environment.rawValue)), ("loss_db", .number(c.lossDB))]
            if let shares { o.append(("area_pct", .rounded(100 * shares[i], 2))) }
            return .object(o)
        })))
        return .object(out)
    }

    static func csvField(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return CSVTable.field(s)
        case .null: return ""
        default: return v.serialized()
        }
    }
}
