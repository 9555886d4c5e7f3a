import Foundation
import Testing
@testable import Coverage
@testable import Studies
import TestSupport

/// Issue 17's remaining pieces of `sim calibrate`: measurement layers in any format, the serving cell by PCI and
/// EARFCN, the bad-row filters (outside the districts, behind the antenna), the `calibration:` scenario section,
/// per-cell statistics and the `calibration_result:` record.
@Suite struct CalibrationInputTests {
    // MARK: the reader

    /// The same three rows as a CSV, a GeoJSON layer and a GeoPackage (written by the project's GDAL writer) read
    /// to the same measurements; a bad field of a layer is named by file, feature and field.
    @Test func geoPackageAndGeoJSONTwinsOfACSV() throws {
        let projector = try Projector(try Projection(epsg: 32648))
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows: [(Double, Double, Double, String, String)] = [(107.1, 16.8, -95.5, "QT0001-1", "r1"), (107.2, 16.75, -99, "QT0001-2", "r1"),
                                                                  (107.25, 16.7, -101.25, "QT0002-1", "r2")]
        let csv = dir.appendingPathComponent("m.csv").path
        try ("lon,lat,rsrp_dbm,cell_id,route\n" + rows.map { "\($0.0),\($0.1),\($0.2),\($0.3),\($0.4)\n" }.joined())
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let features: [(geometry: Geometry2, properties: [(String, JSONValue)])] = rows.map {
            (.point(Point2($0.0, $0.1)), [("rsrp_dbm", .number($0.2)), ("cell_id", .string($0.3)), ("route", .string($0.4))])
        }
        let geojson = dir.appendingPathComponent("m.geojson").path
        try GeoJSON.featureCollection(features, extra: []).write(toFile: geojson, atomically: true, encoding: .utf8)
        let gpkg = dir.appendingPathComponent("m.gpkg").path
        try GDALVector.write([.init(name: "m", features: features)], to: gpkg, format: .geoPackage)
        let a = try Calibration.readMeasurements(csv, projector: projector)
        for other in [geojson, gpkg] {
            let b = try Calibration.readMeasurements(other, projector: projector)
            #expect(b.count == 3)
            for (x, y) in zip(a, b) {
                #expect(x.lon == y.lon && x.lat == y.lat && x.position == y.position && x.rsrpDBm == y.rsrpDBm && x.cellID == y.cellID && x.route == y.route)
            }
        }
        // A bad value in a layer: file, feature and field.
        var bad = features
        bad[1].properties[0] = ("rsrp_dbm", .number(-12))
        let badPath = dir.appendingPathComponent("bad.geojson").path
        try GeoJSON.featureCollection(bad, extra: []).write(toFile: badPath, atomically: true, encoding: .utf8)
        #expect(throws: SimError.input("\(badPath): feature 1: field 'rsrp_dbm' = -12 is outside -150…-30 (RSRP in dBm)")) {
            try Calibration.readMeasurements(badPath, projector: projector)
        }
        // Neither a cell id nor PCI + EARFCN.
        let noCell = tempFile("m.csv", "lon,lat,rsrp_dbm,pci\n107.1,16.8,-95.5,7\n")
        #expect(throws: SimError.input("\(noCell): no column 'cell_id' (nor both 'pci' and 'earfcn'); name the serving cell by its id as in the scenario, or by its PCI and EARFCN")) {
            try Calibration.readMeasurements(noCell, projector: projector)
        }
        // An uplink EARFCN (band 3 uplink 19200…19949) is refused.
        let uplink = tempFile("m.csv", "lon,lat,rsrp_dbm,pci,earfcn\n107.1,16.8,-95.5,7,19500\n")
        #expect(throws: SimError.self) { try Calibration.readMeasurements(uplink, projector: projector) }
    }

    // MARK: PCI + EARFCN, outside the districts, behind the antenna

    /// Three 1815 MHz cells: A1 (PCI 7, omni, at the origin), B1 (PCI 8) and B2 (PCI 7) of a site at (5 km, 0) with
    /// boresights 0° and 180°. EARFCN 1300 is band 3's downlink 1805 + 0.1·(1300 − 1200) = 1815 MHz (TS 36.101
    /// Table 5.7.3-1), EARFCN 1575 is 1842.5 MHz. So (8, 1300) is B1; (7, 1300) is both A1 and B2 (ambiguous);
    /// (9, 1300) and (8, 1575) name no cell. The district is the square ±20 km: (30 km, 0) lies outside.
    /// Behind the antenna, by hand with the 3GPP pattern (θ3dB 65°, A_m 25 dB): B1 (boresight north) toward
    /// (5 km + 1 km·sin 80°, 1 km·cos 80°) is 80° off boresight, 12·(80/65)² = 18.18 dB ≤ 20: kept; toward
    /// (6 km, 0), 90° off, 12·(90/65)² = 23.01 dB > 20: "behind_antenna" (with a 25 dB limit: kept).
    static func pciCase(maxBack: Double = 20) throws -> CalibrationResult {
        let a = Site(id: "A", lon: 0, lat: 0, position: Point2(0, 0), technology: .lte,
                     cells: [Cell(id: "A1", azimuthDegrees: nil, heightMeters: 30, bandMHz: 1815, powerDBm: 46, pci: 7)])
        let b = Site(id: "B", lon: 0, lat: 0, position: Point2(5000, 0), technology: .lte,
                     cells: [Cell(id: "B1", azimuthDegrees: 0, heightMeters: 30, bandMHz: 1815, powerDBm: 46, pci: 8),
                             Cell(id: "B2", azimuthDegrees: 180, heightMeters: 30, bandMHz: 1815, powerDBm: 46, pci: 7)])
        let rad80 = 80.0 * .pi / 180
        let rows: [(Point2, String, Int?, Int?)] = [
            (Point2(5000, 2000), "", 8, 1300), (Point2(1000, 0), "", 7, 1300), (Point2(1000, 0), "", 9, 1300),
            (Point2(5000, 2000), "", 8, 1575), (Point2(30_000, 0), "A1", nil, nil),
            (Point2(5000 + 1000 * sin(rad80), 1000 * cos(rad80)), "B1", nil, nil), (Point2(6000, 0), "B1", nil, nil),
        ]
        let ms = rows.enumerated().map { i, r in
            Measurement(lon: 0, lat: 0, position: r.0, rsrpDBm: -90, cellID: r.1, route: nil, line: i + 2, pci: r.2, earfcn: r.3)
        }
        var settings = CalibrationSettings()
        settings.maxBackAttenuationDB = maxBack
        let square = Polygon2(exterior: [Point2(-20_000, -20_000), Point2(20_000, -20_000), Point2(20_000, 20_000), Point2(-20_000, 20_000), Point2(-20_000, -20_000)])
        return try Calibration.run(ms, sites: [a, b], environments: [.rural, .rural], radio: CalibrationTests.radio(model: .freeSpace),
                                   settings: settings, districts: [[square]])
    }

    @Test func pciEarfcnDistrictsAndBackOfTheAntenna() throws {
        let r = try Self.pciCase()
        #expect(r.points.map(\.dropped) == [nil, "ambiguous_cell", "unknown_cell", "unknown_cell", "outside_districts", nil, "behind_antenna"])
        #expect(r.points[0].measurement.cellID == "B1", "resolved cell \(r.points[0].measurement.cellID)")
        let loose = try Self.pciCase(maxBack: 25)
        #expect(loose.points[6].dropped == nil)
    }

    /// A cell list's PCI column under its vendor spellings; a PCI beyond 503 is refused naming the row.
    @Test func cellListCarriesPCI() throws {
        let head = "Site,Cell,Longitude,Latitude,Height (m),Technology,EARFCN,Power (dBm),"
        for spelling in ["PCI", "PhyCellId", "Physical Cell ID"] {
            let path = tempFile("cells.csv", head + spelling + "\nS1,S1-1,107.1,16.8,30,LTE,1300,43,17\n")
            let (cells, ignored) = try Inputs.cells(path)
            #expect(cells[0].pci == 17 && ignored.isEmpty, "\(spelling)")
        }
        let bad = tempFile("cells.csv", head + "PCI\nS1,S1-1,107.1,16.8,30,LTE,1300,43,504\n")
        #expect(throws: SimError.input("\(bad):2: column 'PCI' = '504' is not an LTE physical cell id (TS 36.211 §6.11) (a whole number in 0…503)")) {
            try Inputs.cells(bad)
        }
    }

    // MARK: per-cell statistics

    /// The three hand points of CalibrationTests (one omni cell) with min_cell_bins 3: one cell row whose statistics
    /// are the overall ones (mean residual before = (0.092951 − 2.001428 − 5.004919)/3 = −2.304465 dB).
    @Test func perCellStatistics() throws {
        let site = Site(id: "A", lon: 0, lat: 0, position: Point2(0, 0), heightMeters: 30, technology: .lte, bandMHz: 1800, powerDBm: 46, azimuthsDegrees: [])
        let ms = CalibrationTests.handMeasured.enumerated().map { i, m in
            Measurement(lon: 0, lat: 0, position: Point2(m.0, 0), rsrpDBm: m.1, cellID: "A", route: nil, line: i + 2)
        }
        var settings = CalibrationSettings()
        settings.minBinsPerClass = 3; settings.minBinsPerCell = 3
        let r = try Calibration.run(ms, sites: [site], environments: [.rural], radio: CalibrationTests.radio(model: .freeSpace), settings: settings)
        #expect(r.cells.count == 1 && r.cells[0].cellID == "A" && r.cells[0].bins == 3)
        #expect(abs(r.cells[0].before.meanDB - -2.304465) < 1e-5 && r.cells[0].after.rmseDB < 0.01)
        settings.minBinsPerCell = 4
        #expect(try Calibration.run(ms, sites: [site], environments: [.rural], radio: CalibrationTests.radio(model: .freeSpace), settings: settings).cells.isEmpty)
        let json = Calibration.summaryJSON(r, scenario: "s.yaml", measurements: "m.csv")
        #expect(json.contains("\"cells\":[{\"site_id\":\"A\",\"cell_id\":\"A\",\"class\":\"any free-space\",\"bins\":3,"))
        #expect(Calibration.reportHTML(r, scenario: "s.yaml", measurements: "m.csv").contains("<table id=\"cells\">"))
    }

    // MARK: scenario keys

    @Test func calibrationSectionAndItsErrors() throws {
        let s = try Scenario.load(path: defaultScenario)
        #expect(s.calibration == CalibrationSettings(), "defaults.yaml's calibration: equals CalibrationSettings()")
        #expect(s.resolved.lookup(["calibration"]) == nil, "the section is not recorded among a run's parameters")
        let dir = tempDir()
        let path = dir.appendingPathComponent("s.yaml").path
        try "extends: \"\(defaultScenario)\"\ncalibration:\n  min_rsrp_dbm: -140\n  max_back_attenuation_db: 15\n".write(toFile: path, atomically: true, encoding: .utf8)
        let t = try Scenario.load(path: path)
        #expect(t.calibration.minRSRPDBm == -140 && t.calibration.maxBackAttenuationDB == 15 && t.calibration.binMeters == 50)
        try "extends: \"\(defaultScenario)\"\ncalibration:\n  bin_m: 0\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SimError.self) { try Scenario.load(path: path) }
        try "extends: \"\(defaultScenario)\"\ncalibration:\n  min_distance_m: 500\n  max_distance_m: 400\n".write(toFile: path, atomically: true, encoding: .utf8)
        let m = (try? Scenario.load(path: path)).map { _ in "" } ?? { do { _ = try Scenario.load(path: path); return "" } catch { return "\(error)" } }()
        #expect(m.contains("s.yaml:3") && m.contains("calibration.min_distance_m 500 must be below calibration.max_distance_m 400"), "\(m)")
    }

    /// calibrated.yaml's `calibration_result:` reads back, and the provenance box says "yes" with its RMSE.
    @Test func calibrationResultReachesTheReportBox() throws {
        var r = try CalibrationTests.handCase(minBins: 3)
        let s = try Scenario.load(path: defaultScenario)
        let fit = r.classes[0]
        r.classes = s.radio.modelRules.indices.map { i in var c = fit; c.ruleIndex = i; c.tuned = false; c.total = .zero; return c }
        let dir = tempDir()
        let yaml = Calibration.calibratedYAML(r, rules: s.radio.modelRules, extendsPath: Calibration.relativePath(defaultScenario, from: dir.path),
                                              measurements: "/some/where/dt.csv")
        let path = dir.appendingPathComponent("calibrated.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try Scenario.load(path: path)
        let rec = try #require(loaded.calibrationResult)
        #expect(rec.measurements == "dt.csv" && rec.bins == 3)
        // The three hand residuals after the fit are within the 0.005 dB rounding of the line: RMSE rounds to 0.
        #expect(rec.rmseAfterDB == (r.after.rmseDB * 100).rounded() / 100)
        #expect(loaded.resolved.lookup(["calibration_result", "bins"]) != nil, "recorded among the parameters (summary.json)")
        let p = Provenance(scenario: loaded, districts: [])
        #expect(p.calibrated)
        let en = p.calibrationLimitHTML(Messages(.en))
        #expect(en.hasPrefix("Calibrated against drive tests: yes — RMSE ") && en.contains("over 3 bins (<code>dt.csv</code>)"), "\(en)")
        #expect(!Provenance(scenario: s, districts: []).calibrated)
        #expect(Provenance(scenario: s, districts: []).calibrationLimitHTML(Messages(.en)) == "Calibrated against drive tests: no")
    }
}
